import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// Every phrase of the console and every message of the catalog, rendered with sample numbers in
/// both languages, follows the rules of `Typography`: no placeholder left, French spacing before
/// `: ; ? !` and inside `« »`, a decimal comma in French, words that agree with their number.
/// Entries added later by any area are covered as they come.
@Suite struct TypographyRulesTests {
  static let samples: [Int64] = [0, 1, 2, 1000]

  /// Words ending in `s` that may follow a number without being a plural ("1 is", "1 sur 2").
  static let notPlurals: [Language: Set<String>] = [
    .en: ["is", "was", "has", "does", "yes", "its", "this", "as", "us", "waits", "lists", "clears", "sends", "drops", "closes", "needs", "stays", "belongs", "covers", "exists", "goes", "holds", "matches", "runs"],
    .fr: ["sur", "sous", "dans", "depuis", "vers", "sans", "plus", "pas", "est", "jours", "clos", "les", "hors", "fois", "après"],
  ]

  /// What breaks a rule in `text`, rendered in `language` with the number `n` in every argument.
  static func problems(_ text: String, _ language: Language, _ n: Int64) -> [String] {
    var out: [String] = []
    let chars = Array(text)
    if text.range(of: #"\{[0-9]+(\|[^}]*)?\}"#, options: .regularExpression) != nil { out.append("a placeholder is left") }
    if text.contains("(s)") { out.append("(s) instead of a plural") }
    if language == .fr {
      if text.range(of: #"[0-9]\.[0-9]"#, options: .regularExpression) != nil { out.append("a decimal point") }
      for (i, c) in chars.enumerated() where ":;?!".contains(c) && i > 0 {
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        let endsPhrase = next.map { " )]»\"'.,\n\u{00A0}\u{202F}".contains($0) || ":;?!".contains($0) } ?? true
        let before = chars[i - 1]
        guard endsPhrase, !":;?!(\n".contains(before) else { continue }
        if before != "\u{00A0}" && before != "\u{202F}" { out.append("no no-break space before '\(c)' at \(i)") }
      }
      if text.contains("« ") || text.contains(" »") { out.append("an ordinary space inside « »") }
    }
    // A singular number followed by a word in `s`: "1 lignes", "1 ajustées", "1 photos".
    if language == .fr ? n < 2 : n == 1 {
      let pattern = #"(^|[^0-9\u202F])"# + String(n) + #" (\p{L}+s)\b"#
      let regex = try? NSRegularExpression(pattern: pattern)
      let range = NSRange(text.startIndex..., in: text)
      for m in regex?.matches(in: text, range: range) ?? [] {
        guard let r = Range(m.range(at: 2), in: text) else { continue }
        let word = String(text[r]).lowercased()
        if !(notPlurals[language] ?? []).contains(word) { out.append("'\(n) \(word)'") }
      }
    }
    return out
  }

  @Test(arguments: Language.allCases)
  func everyPhraseWithEverySample(_ language: Language) {
    let s = Strings(language)
    for phrase in Phrase.allCases {
      for n in Self.samples {
        let text = s.fill(phrase, Array(repeating: .count(n), count: 10))
        let found = Self.problems(text, language, n)
        #expect(found.isEmpty, "\(phrase) (\(language), \(n)): \(found) in «\(text)»")
      }
      let decimal = s.fill(phrase, Array(repeating: .decimal(0.95, places: 2), count: 10))
      #expect(Self.problems(decimal, language, 2).isEmpty, "\(phrase) (\(language), 0.95): «\(decimal)»")
      #expect(Self.problems(s[phrase], language, 2).filter { !$0.contains("placeholder") }.isEmpty, "\(phrase) without arguments")
    }
  }

  @Test(arguments: Language.allCases)
  func everyMessageOfTheCatalogWithEverySample(_ language: Language) {
    #expect(!MessageCatalog.texts.isEmpty)
    for code in MessageCatalog.texts.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
      for n in Self.samples {
        let text = StaffDomain.Message(code, args: Array(repeating: .count(n), count: 10)).text(language)
        let found = Self.problems(text, language, n)
        #expect(found.isEmpty, "\(code) (\(language), \(n)): \(found) in «\(text)»")
      }
      let decimal = StaffDomain.Message(code, args: Array(repeating: .decimal(0.95, places: 2), count: 10)).text(language)
      #expect(Self.problems(decimal, language, 2).isEmpty, "\(code) (\(language), 0.95): «\(decimal)»")
    }
  }

  /// The actions' French descriptions (the help screen) are spaced too.
  @Test func theHelpScreensWordsAreSpaced() {
    let s = Strings(.fr)
    for action in Action.allCases {
      let found = Self.problems(s.name(action), .fr, 2)
      #expect(found.isEmpty, "\(action): \(found)")
    }
  }

  /// The vocabularies' French words are spaced as they are shown.
  @Test func theVocabulariesWordsAreSpaced() {
    for vocabulary in Vocabulary.allCases {
      for key in Words.table(vocabulary).keys {
        let word = Words.word(vocabulary, key, .fr)
        #expect(Self.problems(word, .fr, 2).isEmpty, "\(vocabulary).\(key): «\(word)»")
      }
    }
    for key in Words.outcomes.keys {
      let word = Words.word(key, Words.outcomes, .fr)
      #expect(Self.problems(word, .fr, 2).isEmpty, "outcome \(key): «\(word)»")
    }
  }

  /// The rules catch what they are for.
  @Test func theRulesCatchTheMistakes() {
    #expect(!Self.problems("Commande 1040026: Bon code", .fr, 2).isEmpty)
    #expect(!Self.problems("Commande 1040026 : Bon code", .fr, 2).isEmpty)
    #expect(Self.problems("Commande 1040026\u{00A0}: Bon code", .fr, 2).isEmpty)
    #expect(!Self.problems("Note 5.0 / 5", .fr, 2).isEmpty)
    #expect(!Self.problems("1 lignes, 1 ajustées", .fr, 1).isEmpty)
    #expect(!Self.problems("0 photos prises", .fr, 0).isEmpty)
    #expect(!Self.problems("1 lines", .en, 1).isEmpty)
    #expect(!Self.problems("3 photo(s)", .en, 3).isEmpty)
    #expect(!Self.problems("Task {0} done", .en, 1).isEmpty)
    #expect(Self.problems("ORDER:1040026:K7M2QX à 09:30", .fr, 1).isEmpty)
    #expect(Self.problems("1\u{202F}000 lignes", .fr, 1000).isEmpty)
  }

  /// The French screens have no decimal point and no ordinary space before a double sign that
  /// the console wrote (the goldens hold every pane).
  @Test func frenchGoldensHaveFrenchNumbers() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Golden.directory).filter { $0.hasSuffix("-fr.screen") }
    #expect(files.count > 10)
    for file in files {
      let text = try String(contentsOfFile: Golden.directory + "/" + file, encoding: .utf8)
      let screen = text.components(separatedBy: "\n--- roles ---\n").first ?? text
      #expect(screen.range(of: #"[0-9]\.[0-9]"#, options: .regularExpression) == nil, "\(file): a decimal point")
      for line in screen.split(separator: "\n") {
        // A ticket's words are shown as the person typed them; the bottom line starts with the `?` key.
        if line.contains("Vérifier avec le vendeur") { continue }
        let text = line.hasPrefix(" ? ") ? String(line.dropFirst(3)) : String(line)
        for sign in [" : ", " ; ", " ? ", " ! "] { #expect(!text.contains(sign), "\(file): '\(sign)' in «\(line)»") }
      }
    }
  }

  @Test func noBreakSpacesTakeOneCellAndShow() {
    let text = "50\u{202F}000\u{00A0}FCFA"
    #expect(text.cellWidth == 11)
    var screen = Screen(Size(columns: 20, rows: 1))
    screen.put(text, row: 0, column: 0)
    #expect(screen.text == text, "drawn as they are, not as blanks or replacements")
    #expect(screen[0, 2].character == "\u{202F}" && screen[0, 6].character == "\u{00A0}")
    #expect("Commande\u{00A0}:".clipped(to: 9) == "Commande…" && "Commande\u{00A0}:".padded(to: 11).cellWidth == 11)
  }

  @Test func numbersOnTheScreensAreGroupedAndDecimalsLocal() {
    let en = Strings(.en), fr = Strings(.fr)
    #expect(fr.number(1_250) == "1\u{202F}250" && en.number(Int64(12)) == "12")
    #expect(fr.decimal(0.95, places: 2) == "0,95" && en.decimal(0.95, places: 2) == "0.95")
    #expect(fr.percent(0.85) == "85\u{202F}%" && en.percent(0.851) == "85 %")
    #expect(fr(.ratingOutOfFive, .decimal(5, places: 1)) == "5,0 / 5" && en(.ratingOutOfFive, .decimal(4.5, places: 1)) == "4.5 / 5")
    #expect(fr(.countClosedMessage, .id(7), .count(1), .count(1)) == "Inventaire 7 clos\u{00A0}: 1 ligne, 1 ajustée.")
    #expect(fr(.countClosedMessage, .id(7), .count(2), .count(0)) == "Inventaire 7 clos\u{00A0}: 2 lignes, 0 ajustée.")
    #expect(en(.countClosedMessage, .id(7), .count(1), .count(2)) == "Count 7 closed: 1 line, 2 adjusted.")
    #expect(fr(.headlineDetail, "Commande 1040026", "Bon code") == "Commande 1040026\u{00A0}: Bon code")
    #expect(en.explain(.wrong(left: 1)) == "Wrong login or secret (1 try left this hour).")
    #expect(fr.explain(.wrong(left: 4)) == "Identifiant ou secret incorrect (4 essais restants cette heure).")
    #expect(fr(.filterShowing, .count(3), .count(12_000)) == "3 sur 12\u{202F}000")
  }

  @Test func anArgumentIsPutInOnce() {
    let en = Strings(.en)
    #expect(en(.handedOverMessage, "{1}", "B-02") == "Order {1} handed over. Give the parcel from B-02.")
    #expect(en(.handedOverMessage, "1040001") == "Order 1040001 handed over. Give the parcel from {1}.")
  }
}
