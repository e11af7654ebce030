import Testing
import TestSupport

@testable import StaffDomain

/// The scan log's rule (`ScanPayload.logged`) and the grammar's reasons, against pickup codes
/// hidden in every shape a scanner, a keyboard or a person makes of an order code.
@Suite struct CodeMaskTests {

  static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
  static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

  /// A pickup code with at least one letter: an all-digit code glued to its order id, or typed
  /// where the id goes, cannot be told from an id (the rule keeps ids).
  static func code(_ rng: inout SplitMix) -> String {
    var chars = (0..<Int.random(in: 6...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "A" }
    chars[Int.random(in: 0..<chars.count, using: &rng)] = letters.randomElement(using: &rng) ?? "A"
    return String(chars)
  }

  /// Latin capitals and the Cyrillic or Greek letters drawn the same.
  static let homoglyphs: [Character: Character] = [
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х",
    "Y": "У", "I": "Ι", "N": "Ν", "Z": "Ζ",
  ]

  /// What a US-layout scanner types on AZERTY for `text` (KeyboardLayout reads it back).
  static func azerty(_ text: String) -> String {
    let typed = Dictionary(KeyboardLayout.usOnAzerty.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    return String(text.map { typed[$0] ?? $0 })
  }

  /// Every malformed shape of `ORDER:id:code`, with the forms of the code it may show.
  static func shapes(id: Int64, code: String) -> [(text: String, forms: [String])] {
    let plain = [code, code.lowercased()]
    var glyphed = code
    if let i = code.firstIndex(where: { homoglyphs[$0] != nil }), let g = homoglyphs[code[i]] {
      glyphed.replaceSubrange(i...i, with: String(g))
    }
    let garbled = azerty("ORDER:\(id):\(code)")
    let half = code.index(code.startIndex, offsetBy: code.count / 2)
    var out: [(String, [String])] = [
      "ORDER;\(id);\(code)", "ORDER:\(id);\(code)", " ORDER:\(id):\(code)", "ORDER:\(id):\(code) ", "ORDER.\(id).\(code)",
      "ORDER \(id) \(code)", "ORDER  \(id)  \(code)", "ORDER\t\(id)\t\(code)", "ORDER-\(id)-\(code)", "ORDER/\(id)/\(code)",
      "ORDER,\(id),\(code)", "ORDER：\(id)：\(code)", "ORDER:\(id):\(code):", "ORDER:\(id):\(code):X", "ORDER:\(id)::\(code)",
      "ORDER::\(id):\(code)", "ORDER:\(id)\(code)", "ORDER\(id)\(code)", "ORDER:\(id):\(code.lowercased())",
      "order:\(id):\(code)", "Order \(id) \(code)", "ORDER:\(id):\(code)\n\n", "\r\nORDER:\(id):\(code)",
      "ORDER:\(id):\u{200B}\(code)", "ORDER:\(id):\(code)\u{202E}", "\u{1B}[31mORDER:\(id):\(code)",
      "ORDER:\(id):\(code.prefix(upTo: half)) \(code.suffix(from: half))", "ORDER:\(id) CODE \(code)", "ORDER \(id) \(code) \(code)",
      "PRODUCT:\(id):\(code)", "INVENTORY:\(code)", "PRODUCT \(code)", "\(code)", "\(code):\(id)", "CODE:\(code)",
      "ORDER:\(code)", "ORDER:\(code):\(id)", "ORDERS:\(id):\(code)", "ORDER:\(id):\(code)\u{0}",
      "ORDER:\(id):\(String(repeating: "X", count: 60))\(code)", "\(String(repeating: "ORDER:", count: 12))\(id):\(code)",
    ].map { ($0, plain) }
    out.append(("ORDER:\(id):\(glyphed)", plain + [glyphed]))
    out.append(("\u{041E}RDER:\(id):\(code)", plain))
    out.append(("ORDER:\(id):\(glyphed.lowercased())", plain + [glyphed.lowercased()]))
    out.append((garbled, plain + [azerty(code)]))
    out.append((garbled + "\n", plain + [azerty(code)]))
    out.append((azerty("ORDER ") + azerty("\(id) \(code)"), plain + [azerty(code)]))
    return out
  }

  @Test func noPickupCodeSurvivesTheScanLogOrAReasonInAnyShape() {
    var rng = SplitMix(state: 20_261_207)
    var checked = 0
    for _ in 0..<400 {
      let id = Int64.random(in: 1...999_999_999_999, using: &rng)
      let code = Self.code(&rng)
      for (text, forms) in Self.shapes(id: id, code: code) {
        let bytes = Array(text.utf8)
        let logged = ScanPayload.logged(bytes)
        var said = [logged]
        if case .failure(let e) = ScanPayload.parse(bytes) { said.append(e.reason) }
        if case .failure(let e) = ScanPayload.parseTyped(text) { said.append(e.reason) }
        for line in said {
          for form in forms {
            #expect(!line.contains(form), "code \(form) shown for \(text.debugDescription): \(line)")
          }
        }
        #expect(logged.unicodeScalars.allSatisfy { !Visible.isHidden($0) }, "\(logged.debugDescription)")
        checked += 1
      }
    }
    #expect(checked > 10_000)
  }

  @Test func theScanLogKeepsWhatCannotBeACode() {
    let cases: [(String, String)] = [
      ("ORDER:1040006:G3Z50BPD", "ORDER:1040006:***"),
      ("ORDER;3000030;CODE0030XY", "ORDER;3000030 ***"),
      ("ORDER 1040050 EVQAFPBF", "ORDER 1040050 ***"),
      (" ORDER:1040050:EVQAFPBF", "ORDER:1040050 ***"),
      ("ORDER.1040050.EVQAFPBF", "ORDER.1040050 ***"),
      ("\u{041E}RDER:1040050:EVQAFPBF", "***"),
      ("ORDERM&à'ààà&MK7A2?X9Q", "ORDER ***"),
      ("order:1040006:g3z50bpd", "ORDER:1040006 ***"),
      ("ORDER:1040006", "ORDER:1040006"),
      ("ORDER:1040006:", "ORDER:1040006 ***"),
      ("ORDER:1040050EVQAFPBF", "ORDER ***"),
      ("ORDER:1234567890123:ABCDEF", "ORDER ***"),
      ("PRODUCT:100001", "PRODUCT:100001"),
      ("INVENTORY:88", "INVENTORY:88"),
      ("PRODUCT:1'; DROP TABLE scans;--", "PRODUCT:1 ***"),
      ("PRODUCT 100001", "PRODUCT 100001"),
      ("hello", "***"),
      ("", ""),
    ]
    for (input, logged) in cases {
      #expect(ScanPayload.logged(Array(input.utf8)) == logged, "\(input)")
    }
    #expect(ScanPayload.logged(.order(id: 12, pickupCode: "ABCDEF")) == "ORDER:12:***")
  }

  @Test func theSanitiserShowsEveryHiddenCharacter() {
    let hostile = "d\u{1B}]0;PWN\u{07}\u{1B}[31m.png"
    #expect(Visible.field(hostile) == "d<U+001B>]0;PWN<U+0007><U+001B>[31m.png")
    for scalar: Unicode.Scalar in [
      "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
      "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{2028}", "\u{2029}", "\n", "\t",
    ] {
      let shown = Visible.field("a" + String(scalar) + "b")
      #expect(shown.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(shown.debugDescription)")
    }
    // A program's own lines and columns stay; everything else hidden is written visibly.
    #expect(Visible.output("a\tb\nc\u{1B}d\u{202E}e") == "a\tb\nc<U+001B>d<U+202E>e")
    #expect(Visible.output("Douala, Akwa — 50 000 FCFA, é") == "Douala, Akwa — 50 000 FCFA, é")
  }
}
