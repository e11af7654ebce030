import Foundation
import Testing

private let noon: Int64 = 1_795_172_400  // 2026-11-20T12:00:00+01:00

private func objects(_ out: String) -> [[String: Any]] {
  out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

/// The audit trail end to end: every write command leaves its row, `db check` finds rows
/// edited, removed or forged with the sqlite3 shell, and `vgk-staff audit` reads the trail.
@Suite struct AuditCommandTests {
  func at(_ offset: Int64, _ staff: String = "amina.n") -> [String: String] {
    ["VGK_STAFF_NOW": String(noon + offset), "VGK_STAFF_USER": staff, "VGK_STAFF_TERMINAL": "counter-1"]
  }

  func sql(_ db: String, _ query: String) throws -> String {
    try shell("sqlite3", [db, query]).out.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A write command, the action its audit row must have (a prefix ending in a dot, or exact),
  /// and the entity.
  struct Write {
    var args: [String]
    var action: String
    var entity: String?
    var staff = "amina.n"
    var status: Int32 = 0
  }

  @Test func everyWritePathLeavesARow() throws {
    let (s, db) = try counterSandbox(readyOrders: 3)
    try giveSecrets(s, db, env: ["VGK_STAFF_NOW": String(noon - 3600)])
    let products = s.write("more-products.csv", "id,title,category,price_fcfa,unique_item\n100009,Fer à repasser,Maison,9500,true\n")
    var offset: Int64 = 0
    /// Runs `w`; the new audit rows must include one that names it.
    func check(_ w: Write, sourceLocation: SourceLocation = #_sourceLocation) throws {
      offset += 60
      let before = Int(try sql(db, "SELECT coalesce(max(id), 0) FROM audit_log")) ?? 0
      // A supervisor acts with their password (the first line of standard input).
      let r = try s.run(["--db", db] + w.args, env: at(offset, w.staff), input: w.staff == "solange.e" ? "solange-pass\n" : nil)
      #expect(r.status == w.status, "\(w.args): \(r.err)", sourceLocation: sourceLocation)
      let rows = try sql(db, "SELECT action || ' ' || coalesce(entity, '') FROM audit_log WHERE id > \(before)").split(separator: "\n")
      let matches = rows.contains { row in
        let parts = row.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let actionOK = w.action.hasSuffix(".") ? parts[0].hasPrefix(w.action) : parts[0] == w.action
        return actionOK && (w.entity == nil || parts.last == w.entity)
      }
      #expect(matches, "\(w.args) left no \(w.action) row: \(rows)", sourceLocation: sourceLocation)
    }
    try check(Write(args: ["scan", "--payload", "ORDER:6000001:CODE01", "--confirm"], action: "order.handed_over", entity: "order"))
    try check(Write(args: ["scan", "--payload", "ORDER:6000003:BAD001"], action: "order.code_refused", entity: "order", status: 1))
    for n in 2...5 { _ = try s.run(["--db", db, "scan", "--payload", "ORDER:6000003:BAD00\(n)"], env: at(offset)) }
    try check(Write(args: ["orders", "unlock", "6000003"], action: "order.unlocked", entity: "order", staff: "solange.e"))
    try check(Write(args: ["tasks", "add", "--type", "CLEANING", "--title", "Balayer"], action: "task.created", entity: "task"))
    let task = try sql(db, "SELECT max(id) FROM tasks")
    try check(Write(args: ["tasks", "start", task], action: "task.start", entity: "task"))
    try check(Write(args: ["tasks", "done", task], action: "task.done", entity: "task"))
    try check(Write(args: ["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "5", "--to", "BACK"], action: "stock.move"))
    let movement = try sql(db, "SELECT max(id) FROM movements")
    try check(Write(args: ["stock", "reverse", "--reason", "saisie en double", movement], action: "stock.reverse"))
    try check(Write(args: ["stock", "threshold", "--product", "100001", "2"], action: "stock.threshold", staff: "solange.e"))
    _ = try s.run(["--db", db, "stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "3", "--to", "BACK"], env: at(offset))
    try check(Write(args: ["transfer", "send", "--to", "DLA-BALI", "100001:1@BACK"], action: "transfer.sent", entity: "transfer"))
    let transfer = try sql(db, "SELECT max(id) FROM transfers")
    try check(Write(args: ["transfer", "cancel", transfer, "--reason", "mauvais point"], action: "transfer.cancelled", entity: "transfer"))
    try check(Write(args: ["stock", "count", "open", "--location", "BACK"], action: "count.opened", entity: "count"))
    let count = try sql(db, "SELECT max(id) FROM stock_counts")
    try check(Write(args: ["stock", "count", "add", count, "100001", "--qty", "2"], action: "count.counted", entity: "count"))
    try check(Write(args: ["stock", "count", "close", count, "--yes"], action: "count.closed", entity: "count"))
    try check(Write(args: ["tickets", "open", "--phone", "690112233", "--name", "Awa Diallo", "--category", "late", "--subject", "Retard"], action: "ticket.opened", entity: "ticket"))
    try check(Write(args: ["tickets", "reply", "1", "Nous regardons."], action: "ticket.", entity: "ticket"))
    try check(Write(args: ["tickets", "note", "1", "Vendeur appelé"], action: "ticket.", entity: "ticket"))
    try check(Write(args: ["tickets", "reveal", "1"], action: "ticket.phone_revealed", entity: "ticket"))
    try check(Write(args: ["import", "products", products], action: "import.products"))
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
    // Who did each is the login given.
    let r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--by", "solange.e", "--json"], input: "solange-pass\n")
    #expect(Set(objects(r.out).compactMap { $0["action"] as? String }) == ["order.unlocked", "stock.threshold"], "\(r.out)")
    #expect(objects(r.out).allSatisfy { $0["staff"] as? String == "solange.e" })
    #expect(objects(r.out).contains { $0["terminal"] as? String == "counter-1" }, "\(r.out)")
  }

  /// The trail edited with the sqlite3 shell, as someone with the file could: each way is found.
  @Test func dbCheckFindsRowsEditedRemovedOrForged() throws {
    let (s, db) = try counterSandbox(readyOrders: 3)
    for n in 1...6 { _ = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--title", "Tâche \(n)"], env: at(Int64(n) * 60)) }
    let last = Int(try sql(db, "SELECT max(id) FROM audit_log")) ?? 0
    #expect(last >= 8)
    var r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 0, "\(r.out)")
    // Plain edits: the triggers refuse them.
    #expect(try shell("sqlite3", [db, "UPDATE audit_log SET after = 'x' WHERE id = 3"]).status != 0)
    #expect(try shell("sqlite3", [db, "DELETE FROM audit_log WHERE id = 3"]).status != 0)
    // Someone determined drops the trigger first: the schema says so, and the program writes nothing more.
    let noUpdate = try sql(db, "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")
    try shell("sqlite3", [db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = 'x' WHERE id = 3"])
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 1 && r.out.hasPrefix("schema: trigger audit_log_no_update is missing (the migrations create it)"), "\(r.out)")
    r = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--title", "Après"], env: at(600))
    #expect(r.status == 1 && r.err.contains("trigger audit_log_no_update is missing") && r.err.contains("run `vgk-staff db check`"), "\(r.err)")
    // ...and someone careful puts it back as it was: the edit is still found.
    try shell("sqlite3", [db, noUpdate + ";"])
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 1 && r.out == "audit: audit row 3 was changed outside the program (its hash does not match its contents)\n", "\(r.out)")
    r = try s.run(["--db", db, "db", "check", "--json"])
    let found = objects(r.out)
    #expect(r.status == 1 && found.count == 2, "\(r.out)")
    #expect(found.first?["check"] as? String == "audit" && (found.first?["detail"] as? String)?.contains("audit row 3 ") == true)
    #expect(found.last?["violations"] as? Int == 1 && found.last?["ok"] as? Bool == false && found.last?["database"] as? String == db)
    // A middle row removed.
    try shell("sqlite3", [db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 5"])
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 1 && r.out.contains("audit row 6 does not follow the row before it"), "\(r.out)")
    // The newest row removed: the chain that is left is whole, the recorded head is not there.
    try shell("sqlite3", [db, "DELETE FROM audit_log WHERE id = \(last)"])
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.out.contains("audit rows after row \(last - 1) were removed outside the program (the last row the program wrote is row \(last))"), "\(r.out)")
    // A forged row at the end.
    try shell("sqlite3", [db, "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES (0, 'forged', NULL, zeroblob(32))"])
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 1 && r.out.contains("audit row \(last) does not follow the row before it"), "\(r.out)")
    #expect(r.out.contains("audit row \(last) was changed outside the program") && r.out.contains("is not the row the program wrote last"), "\(r.out)")
  }

  @Test func auditFiltersAndExitCodes() throws {
    let (s, db) = try counterSandbox(readyOrders: 3)
    try giveSecrets(s, db, env: ["VGK_STAFF_NOW": String(noon - 3600)])
    _ = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--title", "Balayer"], env: at(60))
    _ = try s.run(["--db", db, "tasks", "start", "1"], env: at(120, "brice.k"))
    _ = try s.run(["--db", db, "scan", "--payload", "ORDER:6000001:CODE01", "--confirm"], env: at(86400 + 180))
    var r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--limit", "3"], input: "solange-pass\n")
    #expect(r.status == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 3 && r.err.contains("older ones: --before"), "\(r.out)\(r.err)")
    #expect(lines.first == "2026-11-21 12:03  amina.n  counter-1  order.handed_over  order 6000001  ready → picked_up scan=1 movements=5", "\(r.out)")
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--by", "brice.k"], input: "solange-pass\n")
    #expect(r.status == 0 && r.out.split(separator: "\n").count == 1 && r.out.hasPrefix("2026-11-20 12:02  brice.k  counter-1  task.start  task 1  "), "\(r.out)")
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--action", "task.", "--json"], input: "solange-pass\n")
    let tasks = objects(r.out)
    #expect(tasks.map { $0["action"] as? String } == ["task.start", "task.created"], "\(r.out)")
    #expect(Set(tasks.first?.keys.map { $0 } ?? []) == ["id", "at", "staff", "terminal", "action", "entity", "entity_id", "before", "after"])
    #expect(tasks.first?["at"] as? String == "2026-11-20T12:02:00+01:00" && tasks.first?["entity_id"] as? String == "1")
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--entity", "task", "--id", "1", "--from", "2026-11-20", "--to", "2026-11-20"], input: "solange-pass\n")
    #expect(r.status == 0 && r.out.split(separator: "\n").count == 2, "\(r.out)")
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--from", "2026-11-21", "--action", "order.handed_over", "--terminal", "counter-1"], input: "solange-pass\n")
    #expect(r.status == 0 && r.out.split(separator: "\n").count == 1, "\(r.out)")
    // Paging: the page before the newest row starts with the row after it.
    let all = objects(try s.run(["--db", db, "audit", "--staff", "solange.e", "--json", "--limit", "10000"], input: "solange-pass\n").out)
    let newest = try #require(all.first?["id"] as? Int)
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--json", "--limit", "1", "--before", String(newest)], input: "solange-pass\n")
    #expect(objects(r.out).first?["id"] as? Int == all[1]["id"] as? Int)
    // Nothing matched: exit 1, said on standard error.
    r = try s.run(["--db", db, "audit", "--staff", "solange.e", "--by", "solange.e"], input: "solange-pass\n")
    #expect(r.status == 1 && r.out.isEmpty && r.err == "vgk-staff: no audit row matches\n", "\(r.err)")
    let rowsBefore = try sql(db, "SELECT count(*) FROM audit_log")
    let bad: [([String], Int32, String)] = [
      (["--from", "yesterday"], 2, "--from: 'yesterday' is not a time like"),
      (["--to", "2026-13-01"], 2, "--to:"),
      (["--from", "2026-11-21", "--to", "2026-11-20"], 2, "--from is after --to"),
      (["--limit", "0"], 2, "--limit must be from 1 to 10000"),
      (["--limit", "10001"], 2, "--limit must be from 1 to 10000"),
      (["--limit", "abc"], 2, "--limit"),
      (["--id", "1"], 2, "--id needs --entity"),
      (["--by", "ghost.x"], 2, "'ghost.x' is not a staff login of this point"),
      (["--by", "Ghost"], 2, "--by: a staff login must start with a lower-case letter"),
      (["--before", "0"], 2, "--before: an audit row id is a whole number from 1"),
      (["--before", "999999"], 2, "there is no audit row 999999"),
      (["--action", "task.\u{7}"], 2, "--action contains a control character"),
    ]
    for (args, status, message) in bad {
      r = try s.run(["--db", db, "audit", "--staff", "solange.e"] + args, input: "solange-pass\n")
      #expect(r.status == status && r.err.contains(message) && r.out.isEmpty, "\(args): \(r.status) \(r.err)")
    }
    // The trail is for supervisors and admins.
    r = try s.run(["--db", db, "audit", "--staff", "amina.n"])
    #expect(r.status == 1 && r.err.contains("amina.n: a clerk may not read the audit trail") && r.out.isEmpty, "\(r.err)")
    r = try s.run(["--db", db, "audit"])
    #expect(r.status == 2 && r.err.contains("pass --staff LOGIN or set VGK_STAFF_USER"), "\(r.err)")
    #expect(try sql(db, "SELECT count(*) FROM audit_log") == rowsBefore, "reading writes nothing")
  }
}
