import StaffDomain
import Testing

/// Columns by grapheme cluster: what a person sees as one character takes the room a terminal
/// gives it, and nothing from the data reaches the terminal as a control.
@Suite struct TextWidthTests {
  static let zwjFamily = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
  static let thumbsUpMedium = "\u{1F44D}\u{1F3FD}"

  @Test(arguments: [
    ("a", 1), ("é", 1), ("e\u{301}", 1), ("œ", 1), ("\u{A0}", 1), ("\u{202F}", 1), ("€", 1),
    ("漢", 2), ("か", 2), ("한", 2), ("\u{1100}\u{1161}\u{11A8}", 2), ("ｆ", 2), ("\u{3000}", 2),
    ("\u{1F44D}", 2), (thumbsUpMedium, 2), (zwjFamily, 2), ("\u{1F469}\u{1F3FE}\u{200D}\u{1F4BB}", 2),
    ("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", 2), ("\u{1F1E8}\u{1F1F2}", 2), ("\u{1F1EB}\u{1F1F7}", 2),
    ("\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2),
    ("\u{2764}", 1), ("\u{2764}\u{FE0F}", 2), ("\u{A9}", 1), ("\u{263A}\u{FE0F}", 2), ("1\u{FE0F}\u{20E3}", 2),
    ("\u{231A}", 2), ("\u{1F600}\u{FE0E}", 2),
  ])
  func aClusterTakesTheRoomATerminalGivesIt(_ text: String, _ columns: Int) throws {
    let c = try #require(text.count == 1 ? text.first : nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) }) is one cluster")
    #expect(TextWidth.columns(c) == columns, "\(text)")
    #expect(c.cellWidth == columns)
    #expect(TextWidth.shown(c) == c, "a cluster that needs no change is shown as it is")
  }

  @Test func textIsMeasuredClusterByCluster() {
    let text = Self.thumbsUpMedium + " Merci, très bien " + Self.zwjFamily + " Café"
    #expect(text.cellWidth == 2 + 18 + 2 + 5)
    #expect("élève".decomposedStringWithCanonicalMappingForTest.cellWidth == 5)
    #expect("50\u{202F}000\u{A0}FCFA".cellWidth == 11)
    #expect("".cellWidth == 0)
  }

  @Test func whatWouldDriveTheTerminalBecomesASpace() {
    for hostile in ["\u{1B}", "\u{7}", "\u{7F}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{200B}", "\u{2028}", "\r\n", "\t", "\u{FEFF}", "\u{E000}"] {
      let c = hostile.first ?? " "
      #expect(TextWidth.shown(c) == " ", "\(hostile.unicodeScalars.map(\.value))")
      #expect(TextWidth.columns(c) == 1)
    }
  }

  @Test func aJoinerShowsOnlyInsideAnEmojiSequence() throws {
    // Between letters it would make two words look alike: dropped, the letter kept.
    let letters = Array("a\u{200D}b")
    #expect(letters.count == 2)
    #expect(TextWidth.shown(letters[0]) == "a")
    let family = try #require(Self.zwjFamily.first)
    #expect(TextWidth.shown(family).unicodeScalars.count == 5)
    // Tags belong to a subdivision flag only.
    let tagged = try #require("a\u{E0067}".first)
    #expect(TextWidth.shown(tagged) == "a")
  }

  @Test func marksWithoutALetterSitOnADottedCircle() throws {
    let lone = try #require("\u{301}".first)
    #expect(TextWidth.width(lone) == 0)
    #expect(TextWidth.shown(lone) == "\u{25CC}\u{301}")
    #expect(TextWidth.columns(lone) == 1)
  }

  @Test func aClusterOfTooManyCodePointsIsOneReplacementCharacter() throws {
    let zalgo = "Z" + String(repeating: "\u{301}\u{316}\u{34F}", count: 10)
    #expect(zalgo.count == 1)
    let c = try #require(zalgo.first)
    #expect(TextWidth.shown(c) == "\u{FFFD}")
    #expect(c.cellWidth == 1)
    // Sixteen is still a cluster people write (a letter and stacked tone marks).
    let sixteen = try #require(("e" + String(repeating: "\u{301}", count: 15)).first)
    #expect(TextWidth.shown(sixteen) == sixteen)
  }

  /// Every code point, alone: 1 or 2 columns once shown, never a control left in.
  @Test func everyCodePointIsMeasuredAndShownSafely() {
    var wide = 0
    var wrong: [UInt32] = []
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let c = Character(scalar)
      let columns = TextWidth.columns(c)
      let hidden = TextWidth.shown(c).unicodeScalars.contains { s in
        switch s.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
      }
      if hidden || !(1...2).contains(columns) { wrong.append(value) }
      if columns == 2 { wide += 1 }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(10).map { String($0, radix: 16) })")
    // The CJK ideographs alone are some 97 000 wide code points (unassigned ones show as spaces).
    #expect(wide > 97_000)
  }
}

extension String {
  /// The text with accents as combining marks (e + U+0301), without Foundation.
  fileprivate var decomposedStringWithCanonicalMappingForTest: String {
    var out = String.UnicodeScalarView()
    for s in unicodeScalars {
      switch s {
      case "é": out.append(contentsOf: ["e", "\u{301}"])
      case "è": out.append(contentsOf: ["e", "\u{300}"])
      default: out.append(s)
      }
    }
    return String(out)
  }
}
