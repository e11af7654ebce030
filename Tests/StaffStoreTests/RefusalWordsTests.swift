import Foundation
import StaffDomain
import Testing

@testable import StaffStore

/// A refusal reaches a screen or a terminal in the reader's language: the store and the domain
/// refuse with messages only (a source check), every message has words in both languages with
/// the same placeholders, and real refusals made against a database read as French in French.
@Suite struct RefusalWordsTests {
  /// Words that mark a French text as English left over. Commands in backquotes, options
  /// (`--from`), names with `-`, `_`, `/`, `=` or digits (`vgk-staff`, `VGK_STAFF_USER`), codes in
  /// capitals and what fills the placeholders are not looked at.
  static let englishWords: Set<String> = [
    "the", "is", "not", "cannot", "and", "only", "there", "of", "with", "must", "has", "was", "be", "by", "or",
    "it", "this", "needs", "already", "give", "to", "from", "at", "refused", "order", "product", "task",
    "movement", "transfer", "count", "staff", "login", "account", "please", "first", "instead", "missing", "wrong",
  ]

  /// The words of a French text that read as English, placeholders and backquoted commands left out.
  static func english(in french: String) -> [String] {
    var text = french
    while let open = text.firstIndex(of: "`"), let close = text[text.index(after: open)...].firstIndex(of: "`") {
      text.removeSubrange(open...close)
    }
    while let open = text.firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}") {
      text.removeSubrange(open...close)
    }
    var words: [String] = []
    for token in text.split(whereSeparator: \.isWhitespace) {
      let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "()[],;:.!?«»\"'"))
      if word.isEmpty || word.contains(where: { "-_/=@.".contains($0) || $0.isNumber }) || word == word.uppercased() { continue }
      // `l'emplacement`, `d'abord`: the word after the elision.
      words.append(String(word.split(separator: "'").last ?? Substring(word)).lowercased())
    }
    return words.filter { englishWords.contains($0) }
  }

  /// The placeholders a template uses: `{0}`, `{1|one|other}` counts as argument 1.
  static func placeholders(_ template: String) -> Set<String> {
    var found: Set<String> = []
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let inside = rest[rest.index(after: open)..<close]
      found.insert(String(inside.prefix { $0 != "|" }))
      rest = rest[rest.index(after: close)...]
    }
    return found
  }

  /// Where a line of the sources makes a refusal out of an English string literal.
  static let literalRefusals: [String] = [
    #"\.(refused|invalid)\(\s*""#, #"(FieldError|TaskRefusal|TicketRefusal)\(\s*""#,
    #"TaskRefusal\(task:[^)]*,\s*""#, #"StoreError\.(refused|invalid)\(\s*$"#,
  ]

  @Test func theStoreAndTheDomainNeverRefuseWithAnEnglishString() throws {
    var problems: [String] = []
    let regexes = try Self.literalRefusals.map { try NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
    for folder in ["Sources/StaffStore", "Sources/StaffDomain", "Sources/StaffLink", "Sources/vgk-staff"] {
      let dir = packageRoot + "/" + folder
      let files = try #require(FileManager.default.enumerator(atPath: dir)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
      #expect(!files.isEmpty, "no sources in \(folder)")
      for file in files.sorted() {
        let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let l = String(line)
          // LinkError and the scan's refusals are not the store's (they are said in English to logs).
          if l.contains("LinkError.") || l.contains("ScanRefusal") { continue }
          let range = NSRange(l.startIndex..., in: l)
          if regexes.contains(where: { $0.firstMatch(in: l, range: range) != nil }) {
            problems.append("\(folder)/\(file):\(n + 1): a refusal made of an English string: \(l.trimmingSpaces)")
          }
        }
      }
    }
    #expect(
      problems.isEmpty,
      Comment(rawValue: "Refuse with a Message (a code in a MessageCatalog+Area.swift and its arguments), never a string:\n" + problems.joined(separator: "\n")))
  }

  @Test func everyMessageHasWordsInBothLanguagesWithTheSamePlaceholders() {
    var problems: [String] = []
    var seen: [MessageCode: Int] = [:]
    for area in MessageCatalog.areas { for code in area.keys { seen[code, default: 0] += 1 } }
    for (code, n) in seen where n > 1 { problems.append("\(code): in \(n) areas") }
    for (code, texts) in MessageCatalog.texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      if texts.en.trimmingSpaces.isEmpty || texts.fr.trimmingSpaces.isEmpty { problems.append("\(code): a text is empty") }
      if Self.placeholders(texts.en) != Self.placeholders(texts.fr) {
        problems.append("\(code): placeholders \(Self.placeholders(texts.en).sorted()) in English, \(Self.placeholders(texts.fr).sorted()) in French")
      }
      let english = Self.english(in: texts.fr)
      if !english.isEmpty { problems.append("\(code): English in French: \(english.joined(separator: ", ")) in \"\(texts.fr)\"") }
      if texts.fr.contains(" :") || texts.fr.contains(" ;") || texts.fr.contains(" ?") || texts.fr.contains(" !") {
        // Written with ordinary spaces, which Message.text(.fr) makes no-break: checked below once rendered.
        let shown = Message(code, args: (0..<10).map { _ in .text("x") }).text(.fr)
        if shown.contains(" :") || shown.contains(" ;") { problems.append("\(code): an ordinary space before a sign: \(shown)") }
      }
    }
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
  }

  @Test func theCheckItselfFindsEnglishAndMismatchedPlaceholders() {
    #expect(Self.english(in: "il n'y a pas de produit {0} : the stock is empty") == ["the", "is"])
    #expect(Self.english(in: "fixez VGK_STAFF_USER ou passez --staff, voir vgk-staff(1)").isEmpty)
    #expect(Self.english(in: "lancez `vgk-staff init --point CODE` d'abord").isEmpty)
    #expect(Self.placeholders("{0} {0|ligne|lignes} de {1}") == ["0", "1"])
    #expect(Self.placeholders("{0} lignes") != Self.placeholders("{0} lignes de {1}"))
  }

  /// A point with products, staff, stock on a shelf, a task and a ticket.
  struct Point {
    let dir = TempDir()
    let database: AppDatabase
    let inventory: Inventory
    let board: TaskBoard
    let desk: TicketDesk

    init() throws {
      let (db, keys) = try makeDatabase(dir)
      _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
      _ = try Importer.importFile(
        .staff, path: dir.write("staff.csv", "login,full_name,role,active\namina.n,Amina Njoya,clerk,true\nsolange.e,Solange Ekambi,supervisor,true\n"),
        into: db, keys: keys, now: testNow)
      database = db
      inventory = Inventory(database: db)
      board = TaskBoard(database: db)
      desk = try TicketDesk(database: db, key: try PersonalData.key(keys, db), now: testNow)
    }
  }

  /// The refusal `body` throws, as a message.
  static func refusal(_ body: () throws -> Void) -> Message? {
    do {
      try body()
      return nil
    } catch let e as StoreError {
      return e.message
    } catch let e as TaskRefusal {
      return e.reason
    } catch {
      return Message(.internalError, .text("\(error)"))
    }
  }

  @Test func realRefusalsReadAsFrenchInFrench() throws {
    let p = try Point()
    let moved = try p.inventory.move(
      MovementRequest(type: .receive, productID: 700004, quantity: 12, to: "C-04-2"), newLocations: ["C-04-2"], by: "amina.n", now: testNow)
    _ = try p.inventory.reverse(moved.id, reason: "mauvaise étagère", by: "amina.n", now: testNow + 60)
    _ = try p.inventory.move(
      MovementRequest(type: .receive, productID: 700004, quantity: 12, to: "C-04-2"), newLocations: [], by: "amina.n", now: testNow + 120)
    let task = try p.board.add(NewTask(type: .cleaning, priority: .low, title: "Nettoyer le comptoir"), by: "amina.n", now: testNow)
    _ = try p.board.apply(.done, to: task.id, by: "amina.n", now: testNow + 60)
    let refusals: [(String, Message?)] = [
      ("stock below zero", Self.refusal {
        _ = try p.inventory.move(
          MovementRequest(type: .pick, productID: 700004, quantity: 999, from: "C-04-2"), newLocations: [], by: "amina.n", now: testNow + 180)
      }),
      ("reversed twice", Self.refusal { _ = try p.inventory.reverse(moved.id, reason: "encore", by: "amina.n", now: testNow + 240) }),
      ("unknown product", Self.refusal {
        _ = try p.inventory.move(
          MovementRequest(type: .receive, productID: 999_999, quantity: 1, to: "C-04-2"), newLocations: [], by: "amina.n", now: testNow)
      }),
      ("role refused", Self.refusal {
        _ = try p.inventory.move(
          MovementRequest(type: .receive, productID: 700004, quantity: 1, to: "C-04-2"), newLocations: [], by: "solange.e", now: testNow)
      }),
      ("unknown login", Self.refusal {
        _ = try p.inventory.move(
          MovementRequest(type: .receive, productID: 700004, quantity: 1, to: "C-04-2"), newLocations: [], by: "nobody.x", now: testNow)
      }),
      ("unknown location", Self.refusal { _ = try p.inventory.stock(at: "Z-09-9") }),
      ("a reversal without a reason", Self.refusal { _ = try p.inventory.reverse(moved.id, reason: "  ", by: "amina.n", now: testNow) }),
      ("a closed task", Self.refusal { _ = try p.board.apply(.start, to: task.id, by: "amina.n", now: testNow + 120) }),
      ("no such task", Self.refusal { _ = try p.board.apply(.start, to: 4242, by: "amina.n", now: testNow) }),
      ("a title with a control character", Self.refusal {
        _ = try p.board.add(NewTask(type: .cleaning, priority: .low, title: "a\u{1B}[2J"), by: "amina.n", now: testNow)
      }),
      ("no such ticket", Self.refusal { _ = try p.desk.apply(.resolved, to: 4242, by: "amina.n", now: testNow) }),
      ("an empty ticket message", Self.refusal {
        _ = try p.desk.open(NewTicket(phone: "677581904", name: "Awa Bello", category: .late, priority: .high, subject: "  "), by: "amina.n", now: testNow)
      }),
      ("a threshold out of range", Self.refusal { try p.inventory.setThreshold(product: 700004, to: 100_001, by: "amina.n", now: testNow) }),
    ]
    for (what, message) in refusals {
      let m = try #require(message, "\(what): not refused")
      #expect(m.code != .internalError, "\(what): \(m)")
      #expect(m.isTranslated, "\(what): no words for \(m.code)")
      let french = m.text(.fr)
      #expect(Self.english(in: french).isEmpty, "\(what): English in \"\(french)\"")
      #expect(!french.contains(" :") && !french.contains(" ;"), "\(what): an ordinary space before a sign in \"\(french)\"")
      #expect(m.text(.en) == m.description)
    }
    #expect(
      refusals[0].1?.text(.fr)
        == "il n'y a que 12 du produit 700004 en C-04-2\u{00A0}: impossible d'en retirer 999 (le stock ne descend jamais sous zéro)")
    #expect(refusals[0].1?.text(.en) == "only 12 of product 700004 at C-04-2: cannot take 999 (stock never goes below zero)")
    #expect(refusals[1].1?.text(.fr).hasPrefix("le mouvement \(moved.id) a déjà été annulé par le mouvement ") == true)
    #expect(refusals[3].1?.text(.fr) == "solange.e\u{00A0}: un superviseur ne peut pas modifier le stock (voir ROLES dans vgk-staff(1))")
    #expect(refusals[7].1?.text(.fr) == "la tâche \(task.id) est faite\u{00A0}: une tâche fermée ne change plus")
  }
}
