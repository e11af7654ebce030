import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Tasks the program makes keep their title and details as messages (`title_message`,
/// `details_message`), read in each reader's language; titles typed by a person, and rows written
/// before the columns existed, show as stored.
@Suite struct TaskTitleStoreTests {
  func task(_ f: CounterFixture, key: String) throws -> TaskRecord {
    let id = try #require(try f.int("SELECT id FROM tasks WHERE source_key = ?", [key]))
    return try TaskBoard(database: f.database).task(id)
  }

  @Test func everyRuleMadeTaskHasItsTitleAsAMessageAndEnglishInTheTitleColumn() throws {
    let f = try CounterFixture()
    try f.database.write { db in
      try db.execute(
        sql: """
          INSERT INTO tickets (id, point_id, customer_id, category, priority, status, subject, created_at)
          VALUES (77, (SELECT id FROM points), 30001, 'damaged', 'HIGH', 'new', 'Écran fissuré', ?);
          INSERT INTO points (code, name, created_at) VALUES ('DLA-BALI', 'VGK Bali', 0);
          INSERT INTO transfers (id, from_point_id, to_point_id, status, sent_at) VALUES
            (9, (SELECT id FROM points WHERE code = 'DLA-BALI'), (SELECT id FROM points WHERE code = 'DLA-TEST'), 'sent', 0);
          INSERT INTO transfer_lines (transfer_id, product_id, quantity_sent) VALUES (9, 100001, 1);
          UPDATE products SET low_stock_threshold = 10 WHERE id = 100002;
          """, arguments: [testNow.seconds])
    }
    let made = try TaskBoard(database: f.database).sync(now: testNow).created
    #expect(made.count >= 8)
    for t in made {
      let m = try #require(t.titleMessage, "\(t.sourceKey ?? "?") has its title as a message")
      #expect(m.isTranslated && t.title == m.text(.en), "the title column keeps the English words")
      #expect(t.title(.fr) != t.title(.en) || t.sourceKey?.hasPrefix("ticket:") == true)
      #expect(t.detailsMessage == nil || t.details == t.detailsMessage?.text(.en))
      #expect(try f.int("SELECT count(*) FROM tasks WHERE id = ? AND json_valid(title_message)", [t.id]) == 1)
    }
    let pickup = try task(f, key: "order-pickup:5008")
    #expect(pickup.title == "Hand over order 5008 (shelf A-01-3)")
    #expect(pickup.title(.fr) == "Remettre la commande 5008 (étagère A-01-3)")
    #expect(pickup.details(.fr)?.hasPrefix("Rangez le colis sur son étagère\u{202F};") == true)
    let transfer = try task(f, key: "transfer-receive:9")
    #expect(transfer.title == "Receive transfer 9 from DLA-BALI (1 item)")
    #expect(transfer.title(.fr) == "Réceptionner le transfert 9 venant de DLA-BALI (1 article)")
    let ticket = try task(f, key: "ticket:77")
    #expect(ticket.title(.fr) == "Ticket 77\u{00A0}: Écran fissuré", "the customer's subject as written")
    let back = try task(f, key: "order-return:5007")
    #expect(back.title.hasPrefix("Return order 5007 to the seller: not collected by 2026-"))
    #expect(back.title(.fr).hasPrefix("Renvoyer la commande 5007 au vendeur\u{00A0}: non retirée avant le "))
    let receive = try task(f, key: "order-receive:5002")
    #expect(receive.title(.fr).hasPrefix("Réceptionner la commande 5002 ("))
    let low = try #require(made.first { $0.type == .inventoryCount })
    #expect(low.title(.fr).hasPrefix("Compter Câble USB-C 1 m\u{00A0}: "))
  }

  @Test func theMarketplacesReturnsAndConflictsAreMessagesToo() throws {
    let x = try FeedFixture()
    _ = try TaskBoard(database: x.f.database).sync(now: testNow)
    let scan = try x.f.scan("ORDER:5001:ABC123")
    _ = try x.f.counter.confirmHandover(orderID: 5001, scanID: scan.scanID, staff: "amina.n", now: testNow).get()
    try x.apply([feed(1, "order.cancelled", cancelJSON(5008)), feed(2, "order.cancelled", cancelJSON(5001))])
    let back = try task(x.f, key: "order-return:5008")
    #expect(back.title == "Return order 5008 to the seller: cancelled by the marketplace (shelf A-01-3)")
    #expect(back.title(.fr) == "Renvoyer la commande 5008 au vendeur\u{00A0}: annulée par la place de marché (étagère A-01-3)")
    let conflict = try task(x.f, key: "order-conflict:5001:2")
    #expect(conflict.title == "Order 5001 was cancelled by the marketplace after its handover here")
    #expect(conflict.title(.fr) == "Commande 5001 annulée par la place de marché après sa remise ici")
    #expect(conflict.details(.fr)?.contains("annulée par la place de marché le 26/11/2026 09:00.") == true)
    #expect(conflict.details?.hasPrefix("Handed over on 2026-") == true && conflict.details?.contains("cancelled by the marketplace on 2026-11-26 09:00.") == true)
  }

  @Test func aTitleTypedByAPersonStaysAsTyped() throws {
    let f = try CounterFixture()
    let t = try TaskBoard(database: f.database).add(
      NewTask(type: .cleaning, priority: .low, title: "Nettoyer la vitrine"), by: "amina.n", now: testNow)
    #expect(t.titleMessage == nil && t.title(.fr) == "Nettoyer la vitrine" && t.title(.en) == "Nettoyer la vitrine")
    #expect(try f.int("SELECT count(*) FROM tasks WHERE id = ? AND title_message IS NULL AND details_message IS NULL", [t.id]) == 1)
  }

  /// Rows from before the columns, messages of a newer build, and rows someone wrote by hand all
  /// show their stored text; what is not JSON is refused by the schema.
  @Test func aMessageThatCannotBeReadShowsTheStoredTitle() throws {
    let f = try CounterFixture()
    _ = try TaskBoard(database: f.database).sync(now: testNow)
    let id = try #require(try f.int("SELECT id FROM tasks WHERE source_key = 'order-pickup:5008'"))
    let hostile = [
      #"{"code": "task.from_a_newer_build", "args": []}"#,
      #"{"x": 1}"#, "[]", "null", "42", #""text""#,
      #"{"code": "task.hand_over", "args": [{"id": {"_0": "not a number"}}]}"#,
      #"{"code": "task.hand_over", "args": [{"unknown_kind": {"_0": 1}}]}"#,
      "{\"code\": \"task.hand_over\", \"args\": " + String(repeating: "[", count: 900) + String(repeating: "]", count: 900) + "}",
      #"{"code": "\u001b[2J", "args": []}"#,
    ]
    for text in hostile {
      try f.database.write { try $0.execute(sql: "UPDATE tasks SET title_message = ? WHERE id = ?", arguments: [text, id]) }
      let t = try TaskBoard(database: f.database).task(id)
      #expect(t.title(.fr) == "Hand over order 5008 (shelf A-01-3)", "\(text.prefix(60))")
    }
    for bad in ["not json", "{", "{\"code\": \"x\", \"args\": " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}"] {
      #expect(throws: DatabaseError.self) {
        try f.database.write { try $0.execute(sql: "UPDATE tasks SET title_message = ? WHERE id = ?", arguments: [bad, id]) }
      }
    }
    // A row as an older build wrote it.
    try f.database.write { try $0.execute(sql: "UPDATE tasks SET title_message = NULL, details_message = NULL WHERE id = ?", arguments: [id]) }
    let old = try TaskBoard(database: f.database).task(id)
    #expect(old.title(.fr) == "Hand over order 5008 (shelf A-01-3)" && old.details(.fr) == old.details)
  }

  /// The migration adds the columns to a database that holds tasks, and leaves those rows as they are.
  @Test func theMigrationKeepsExistingTasks() throws {
    let f = try CounterFixture()
    _ = try TaskBoard(database: f.database).sync(now: testNow)
    let columns = try f.database.read { db in try db.columns(in: "tasks").map(\.name) }
    #expect(columns.contains("title_message") && columns.contains("details_message"))
    #expect(Migrations.known.last == "v15-task-titles")
  }
}

/// Every audit action the store writes has words in both languages in the audit view.
@Suite struct AuditActionWordsTests {
  /// The action names in the store's sources: literals such as `"order.handed_over"`, and the
  /// names an interpolation such as `"task.\(command.name)"` stands for.
  static func actionsWritten() throws -> (found: Set<String>, unknown: [String]) {
    let dir = packageRoot + "/Sources/StaffStore"
    let families = ["order", "task", "stock", "count", "transfer", "ticket", "staff", "logins", "import", "print", "point", "keys",
      "personal_data", "camera", "link", "demo"]
    let literal = try NSRegularExpression(pattern: #""((?:"# + families.joined(separator: "|") + #")\.[a-z_]+)""#)
    let interpolated = try NSRegularExpression(pattern: #""([a-z_]+)\.\\\("#)
    let expansions: [String: [String]] = [
      "task": TaskCommand.allNames, "order": OrderStatus.allCases.map(\.rawValue), "import": ImportKind.allCases.map(\.rawValue),
      "ticket": ["note", "message_in", "reply", "resolved", "closed", "reopened", "rated", "status", "message"],
    ]
    var found: Set<String> = []
    var unknown: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".swift") {
      let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
      let range = NSRange(text.startIndex..., in: text)
      for m in literal.matches(in: text, range: range) {
        guard let r = Range(m.range(at: 1), in: text) else { continue }
        // An Outbox event's type (`type: "order.returned"`) is not an audit action.
        let start: String.Index = text.index(r.lowerBound, offsetBy: -10, limitedBy: text.startIndex) ?? text.startIndex
        let before = text[start..<r.lowerBound]
        if before.contains("type:") || before.contains("Key:") { continue }
        // A file name (`staff.csv`, `logins.sqlite`) is not an action.
        if ["csv", "sqlite", "json", "txt", "lock"].contains(where: { text[r].hasSuffix("." + $0) }) { continue }
        found.insert(String(text[r]))
      }
      for m in interpolated.matches(in: text, range: range) {
        guard let r = Range(m.range(at: 1), in: text) else { continue }
        let prefix = String(text[r])
        guard families.contains(prefix) else { continue }
        guard let names = expansions[prefix] else {
          unknown.append("\(name): \"\(prefix).\\(…)\"")
          continue
        }
        for n in names { found.insert(prefix + "." + n) }
      }
    }
    return (found, unknown)
  }

  @Test func everyActionTheStoreWritesHasWordsInBothLanguages() throws {
    let (actions, unknown) = try Self.actionsWritten()
    #expect(unknown.isEmpty, "an interpolated action this test cannot list: \(unknown)")
    #expect(actions.count >= 60, "the scan finds the store's actions (\(actions.count))")
    for a in ["order.handed_over", "order.locked", "order.locked_for_supervisor", "task.created", "task.start", "stock.move", "point.kind"] {
      #expect(actions.contains(a), "\(a) is found")
    }
    for action in actions.sorted() {
      let words = Words.auditActions[action]
      #expect(words != nil, "\(action) has no words")
      guard let words else { continue }
      #expect(!words.en.isEmpty && !words.fr.isEmpty && words.fr != words.en && !words.fr.contains("_"), "\(action): \(words)")
      #expect(AuditWords.action(action, .fr) == words.fr)
    }
  }

  /// What the store actually writes, read back through the words: a morning's work in French.
  @Test func theRowsOfAMorningReadInFrench() throws {
    let f = try CounterFixture()
    _ = try TaskBoard(database: f.database).sync(now: testNow)
    let rows = try AuditTrail.list(f.database, AuditFilter(limit: 500))
    #expect(!rows.isEmpty)
    for r in rows {
      #expect(Words.auditActions[r.action] != nil, "\(r.action)")
      for text in [r.before, r.after].compactMap({ $0 }) {
        let fr = AuditWords.change(text, action: r.action, .fr)
        for english in ["open ", "MEDIUM", "ORDER_PICKUP", "STOCK_RECEIVE", "source=", "sla=", "returned", "waiting "] {
          #expect(!(fr + " ").contains(english), "\(r.action): \(text) → \(fr)")
        }
      }
    }
  }
}

extension TaskCommand {
  /// Every command's audit name.
  static let allNames = [TaskCommand.start, .wait(.customer), .resume, .done, .cancel(reason: ""), .assign(nil), .priority(.low)].map(\.name)
}
