import Testing

@testable import StaffConsole

@Suite struct TextAreaTests {
  /// The keys that type `text`: a space is the Space key, a newline Enter.
  static func keys(_ text: String) -> [Key] {
    text.map { $0 == " " ? .named(.space) : $0 == "\n" ? .named(.enter) : .character($0) }
  }

  static func type(_ text: String, into area: inout TextArea) {
    for key in keys(text) {
      let used = area.edit(key)
      #expect(used, "\(key)")
    }
  }

  static func press(_ key: Key, _ times: Int = 1, _ area: inout TextArea, width: Int? = nil) {
    for _ in 0..<times {
      let used = if let width { area.edit(key, width: width) } else { area.edit(key) }
      #expect(used, "\(key)")
    }
  }

  static func rows(_ area: TextArea, _ width: Int) -> [String] { area.rows(width: width).map(\.text) }

  @Test func typingFrenchCountsCharactersNotBytes() {
    var area = TextArea()
    Self.type("Ça coûte 12 €, l’œuf « frais »\nMerci 🙏", into: &area)
    #expect(area.string == "Ça coûte 12 €, l’œuf « frais »\nMerci 🙏")
    #expect(area.lines.map(\.count) == [30, 7])
    #expect(area.count == 38)
    #expect(area.line == 1 && area.column == 7)
    // A combining accent typed after its letter joins it: one character, decomposed as typed.
    Self.type(" cafe", into: &area)
    let accent = area.edit(.character("\u{301}"))
    #expect(accent)
    #expect(area.lines[1].count == 12)
    #expect(area.column == 12)
    #expect(area.lines[1].last.map { Array($0.unicodeScalars) } == ["e", "\u{301}"])
    #expect(area.string.unicodeScalars.suffix(6).map(\.value) == [0x20, 0x63, 0x61, 0x66, 0x65, 0x301])
  }

  @Test func leftAndRightMoveOverCharactersAndWrapAcrossLines() {
    var area = TextArea("l’été\ncafe\u{301}")
    #expect(area.line == 1 && area.column == 4)
    Self.press(.named(.left), 1, &area)
    #expect(area.column == 3)
    Self.press(.named(.delete), 1, &area)
    #expect(area.string == "l’été\ncaf")
    Self.press(.named(.left), 3, &area)
    #expect(area.line == 1 && area.column == 0)
    Self.press(.named(.left), 1, &area)
    #expect(area.line == 0 && area.column == 5)
    Self.press(.named(.left), 2, &area)
    Self.press(.named(.backspace), 1, &area)
    #expect(area.string == "l’té\ncaf")
    #expect(area.column == 2)
    Self.press(.named(.right), 2, &area)
    #expect(area.line == 0 && area.column == 4)
    Self.press(.named(.right), 1, &area)
    #expect(area.line == 1 && area.column == 0)
    // At the very ends, nothing moves.
    Self.press(.named(.right), 4, &area)
    #expect(area.line == 1 && area.column == 3)
    Self.press(.named(.delete), 1, &area)
    #expect(area.string == "l’té\ncaf")
  }

  @Test func backspaceAndDeleteJoinLines() {
    var area = TextArea("Bonjour\nMadame")
    Self.press(.named(.home), 1, &area)
    Self.press(.named(.backspace), 1, &area)
    #expect(area.string == "BonjourMadame")
    #expect(area.line == 0 && area.column == 7)
    Self.press(.named(.enter), 1, &area)
    #expect(area.string == "Bonjour\nMadame")
    Self.press(.named(.left), 1, &area)
    #expect(area.line == 0 && area.column == 7)
    Self.press(.named(.delete), 1, &area)
    #expect(area.string == "BonjourMadame")
    #expect(area.lines.count == 1 && area.column == 7)
    Self.press(.named(.home), 1, &area)
    Self.press(.named(.backspace), 1, &area)
    #expect(area.string == "BonjourMadame" && area.column == 0)

    // A line that starts with a lone accent joins the letter before it into one character.
    var accent = TextArea("e\n\u{301}x")
    #expect(accent.lines.map(\.count) == [1, 2])
    Self.press(.named(.home), 1, &accent)
    Self.press(.named(.backspace), 1, &accent)
    #expect(accent.lines.count == 1)
    #expect(accent.lines[0].count == 2)
    #expect(accent.column == 1)
    #expect(accent.string == "\u{E9}x")
  }

  @Test func enterSplitsALineAtTheCursor() {
    var area = TextArea("Votre colis est prêt")
    Self.press(.named(.home), 1, &area)
    Self.press(.named(.right), 11, &area)
    Self.press(.named(.enter), 1, &area)
    #expect(area.lines.map { String($0) } == ["Votre colis", " est prêt"])
    #expect(area.line == 1 && area.column == 0)
    Self.press(.named(.delete), 1, &area)
    Self.type("— il ", into: &area)
    #expect(area.string == "Votre colis\n— il est prêt")
    #expect(area.column == 5)
  }

  @Test func upAndDownMoveByWrappedRowAndKeepTheColumn() {
    var area = TextArea("Bonjour Mme Ekambi, votre colis")
    #expect(Self.rows(area, 10) == ["Bonjour ", "Mme ", "Ekambi, ", "votre ", "colis"])
    #expect(area.cursorPosition(width: 10) == (4, 5))
    Self.press(.named(.up), 1, &area, width: 10)
    // On a wrapped row, the last place is its breaking space (past it is the next row).
    #expect(area.column == 25)
    #expect(area.cursorPosition(width: 10) == (3, 5))
    Self.press(.named(.up), 1, &area, width: 10)
    #expect(area.column == 17)
    Self.press(.named(.up), 1, &area, width: 10)
    #expect(area.column == 11)
    #expect(area.cursorPosition(width: 10) == (1, 3))
    // Past the short row, the column comes back.
    Self.press(.named(.up), 1, &area, width: 10)
    #expect(area.column == 5)
    #expect(area.cursorPosition(width: 10) == (0, 5))
    Self.press(.named(.up), 1, &area, width: 10)
    #expect(area.column == 5)
    Self.press(.named(.down), 2, &area, width: 10)
    #expect(area.column == 17)
    // Any other key forgets the column aimed for.
    Self.press(.named(.left), 1, &area)
    Self.press(.named(.up), 1, &area, width: 10)
    #expect(area.column == 11)
    Self.press(.named(.down), 1, &area, width: 10)
    #expect(area.column == 16)
  }

  @Test func upAndDownWithoutAWidthMoveByLine() {
    var area = TextArea("Bonjour\nà\ndemain")
    Self.press(.named(.up), 1, &area)
    #expect(area.line == 1 && area.column == 1)
    Self.press(.named(.up), 1, &area)
    #expect(area.line == 0 && area.column == 6)
    Self.press(.named(.down), 2, &area)
    #expect(area.line == 2 && area.column == 6)
    Self.press(.named(.down), 1, &area)
    #expect(area.line == 2 && area.column == 6)
  }

  @Test func homeEndAndTheirControlKeysStayOnTheLine() {
    var area = TextArea("Merci\nÀ bientôt")
    Self.press(.named(.home), 1, &area)
    #expect(area.line == 1 && area.column == 0)
    Self.press(.named(.end), 1, &area)
    #expect(area.line == 1 && area.column == 9)
    Self.press(.control("a"), 1, &area)
    #expect(area.line == 1 && area.column == 0)
    Self.press(.control("e"), 1, &area)
    #expect(area.line == 1 && area.column == 9)
  }

  @Test func controlUKAndWDelete() {
    var u = TextArea("Bonjour\nà bientôt")
    Self.press(.control("u"), 1, &u)
    #expect(u.string == "Bonjour\n")
    #expect(u.line == 1 && u.column == 0)

    var k = TextArea("Bonjour Madame\nMerci")
    Self.press(.named(.up), 1, &k)
    Self.press(.named(.home), 1, &k)
    Self.press(.named(.right), 7, &k)
    Self.press(.control("k"), 1, &k)
    #expect(k.string == "Bonjour\nMerci")
    #expect(k.column == 7)
    Self.press(.control("k"), 1, &k)
    #expect(k.string == "BonjourMerci")

    var w = TextArea("Je vous  rappelle l’après-midi")
    Self.press(.control("w"), 1, &w)
    #expect(w.string == "Je vous  rappelle ")
    Self.press(.control("w"), 1, &w)
    #expect(w.string == "Je vous  ")
    #expect(w.column == 9)
    Self.press(.control("w"), 1, &w)
    #expect(w.string == "Je ")
    var join = TextArea("Oui\nmerci")
    Self.press(.named(.home), 1, &join)
    Self.press(.control("w"), 1, &join)
    #expect(join.string == "Ouimerci" && join.column == 3)
  }

  @Test func capacityAndLineLimit() {
    var area = TextArea(capacity: 5)
    Self.type("abcdefg", into: &area)
    #expect(area.string == "abcde")
    let enter = area.edit(.named(.enter))
    #expect(enter)
    let space = area.edit(.named(.space))
    #expect(space)
    #expect(area.string == "abcde")
    // An accent that joins the last letter takes no room.
    let accent = area.edit(.character("\u{301}"))
    #expect(accent)
    #expect(area.string.unicodeScalars.map(\.value) == [0x61, 0x62, 0x63, 0x64, 0x65, 0x301])
    Self.press(.named(.backspace), 1, &area)
    Self.press(.named(.enter), 1, &area)
    #expect(area.string == "abcd\n")
    Self.type("xy", into: &area)
    #expect(area.string == "abcd\n")

    #expect(TextArea("abc\ndef", capacity: 5).string == "abc\nd")
    #expect(TextArea().capacity == 2000)
    #expect(TextArea(String(repeating: "é", count: 2500)).count == 2000)

    var many = TextArea(String(repeating: "ligne\n", count: 60))
    #expect(many.lines.count == 50)
    #expect(many.line == 49)
    let fiftyFirst = many.edit(.named(.enter))
    #expect(fiftyFirst)
    #expect(many.lines.count == 50)
    var typed = TextArea()
    Self.press(.named(.enter), 55, &typed)
    #expect(typed.lines.count == TextArea.maxLines)
  }

  @Test func initStripsControlCharacters() {
    let area = TextArea("\u{1B}[2JBonjour\u{7}\r\nMerci\r\u{202E}.\tFin\u{0}")
    #expect(area.string == "[2JBonjour\nMerci. Fin")
    #expect(area.lines.count == 2)
    #expect(area.line == 1 && area.column == 10)
    var typed = TextArea()
    let bell = typed.edit(.character("\u{7}"))
    #expect(!bell)
    let newline = typed.edit(.character("\n"))
    #expect(!newline)
    #expect(typed.string == "")
  }

  @Test func keysItDoesNotUseAreLeft() {
    var area = TextArea("Bonjour")
    for key: Key in [.named(.escape), .named(.tab), .named(.backTab), .named(.pageUp), .function(1), .control("f")] {
      let used = area.edit(key)
      #expect(!used, "\(key)")
    }
    #expect(area.string == "Bonjour" && area.column == 7)
  }

  @Test func blankIsOnlySpacesAndNewlines() {
    #expect(TextArea().isBlank)
    #expect(TextArea("  \n \n").isBlank)
    #expect(!TextArea(" \n .").isBlank)
  }

  @Test func wrapsAtSpacesCutsLongWordsAndCountsWideCharactersTwice() {
    let cut = TextArea("Remboursement effectué")
    #expect(Self.rows(cut, 6) == ["Rembo", "ursem", "ent ", "effec", "tué"])
    #expect(cut.rows(width: 6).map(\.start) == [0, 5, 10, 14, 19])

    let emoji = TextArea("Merci 🙏 à bientôt")
    #expect(Self.rows(emoji, 8) == ["Merci ", "🙏 à ", "bientôt"])
    #expect(emoji.cursorPosition(width: 8) == (2, 7))

    let lines = TextArea("Oui\n\nNon")
    #expect(
      lines.rows(width: 10) == [
        TextArea.Row(line: 0, start: 0, characters: ["O", "u", "i"]), TextArea.Row(line: 1, start: 0, characters: []),
        TextArea.Row(line: 2, start: 0, characters: ["N", "o", "n"]),
      ])
    // The last cell is kept for the cursor: four letters in five cells, then the fifth.
    #expect(Self.rows(TextArea("abcde"), 5) == ["abcd", "e"])
  }

  @Test func cursorPositionAfterWrapCountsCells() {
    var area = TextArea("Merci 🙏 à bientôt")
    Self.press(.named(.home), 1, &area)
    #expect(area.cursorPosition(width: 8) == (0, 0))
    Self.press(.named(.right), 6, &area)
    // At the start of a wrapped row, not past the end of the row before.
    #expect(area.cursorPosition(width: 8) == (1, 0))
    Self.press(.named(.right), 1, &area)
    #expect(area.cursorPosition(width: 8) == (1, 2))
    #expect(area.cursorPosition(width: 80) == (0, 8))
  }

  @Test func drawsTheRowsUpToTheCursorWithTheCursorReversed() {
    var area = TextArea("Bonjour Madame\nMerci")
    var screen = Screen(Size(columns: 12, rows: 4))
    screen.put("############", row: 1, column: 0)
    let box = Area(row: 1, column: 2, width: 8, height: 2)
    area.draw(in: box, screen: &screen)
    #expect(screen.text == "\n##Madame  ##\n  Merci\n")
    #expect(screen.roles == "\n\n.......s\n")

    Self.press(.named(.up), 2, &area, width: 8)
    Self.press(.named(.left), 1, &area)
    screen = Screen(Size(columns: 12, rows: 4))
    area.draw(in: box, screen: &screen)
    #expect(screen.text == "\n  Bonjour\n  Madame\n")
    #expect(screen.roles == "\n......s\n\n")
  }

  @Test func drawsAWideCharacterUnderTheCursorAndTheGivenRole() {
    var area = TextArea("ab 🙏")
    Self.press(.named(.left), 1, &area)
    var screen = Screen(Size(columns: 6, rows: 2))
    area.draw(in: Area(row: 0, column: 0, width: 6, height: 2), screen: &screen, role: .muted)
    #expect(screen.text == "ab 🙏\n")
    #expect(screen.roles == "mmmssm\nmmmmmm")
  }
}
