import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// The audit trail's supervisor view (`AuditTrail.list`) and what `db check` sees of the trail.
@Suite struct AuditTrailTests {
  /// Hand-built rows on top of what the fixture wrote: (minutes after testNow, login, terminal,
  /// action, entity, entity id).
  static let rows: [(Int64, String?, String?, String, String?, String?)] = [
    (1, "amina.n", "counter-1", "order.handed_over", "order", "5001"),
    (2, "amina.n", "counter-1", "task.start", "task", "7"),
    (3, "brice.k", "counter-2", "task.done", "task", "7"),
    (4, "brice.k", "counter-2", "stock.move", "movement", "12"),
    (5, nil, nil, "task.created", "task", "8"),
    (6, "solange.e", "office", "order.unlocked", "order", "5001"),
    (7, "amina.n", "counter-2", "ticket.assigned", "ticket", "3"),
    (8, "amina.n", "counter-1", "personal_data.sealed", nil, nil),
    (8, "brice.k", "counter-2", "personalXdata.other", nil, nil),
    (9, "amina.n", "counter-1", "task.start", "task", "9"),
  ]

  /// A fixture whose trail ends with `rows`; the ids of those rows, in order.
  func fixture() throws -> (CounterFixture, [Int64]) {
    let f = try CounterFixture()
    var ids: [Int64] = []
    try f.database.write { db in
      for (minutes, login, terminal, action, entity, entityID) in Self.rows {
        let staff = try login.map { try StaffMember.find($0, db).id }
        try Audit.append(
          at: testNow + 86400 + minutes * 60, staffID: staff, terminal: terminal, action: action, entity: entity, entityID: entityID,
          before: "b\(ids.count)", after: "a\(ids.count)", db)
        ids.append(db.lastInsertedRowID)
      }
    }
    return (f, ids)
  }

  /// The hand-built rows only (the fixture's own are older than `from`).
  func list(_ f: CounterFixture, _ filter: AuditFilter) throws -> [String] {
    var filter = filter
    filter.from = filter.from ?? testNow + 86400
    return try AuditTrail.list(f.database, filter).map { "\($0.action) \($0.entityID ?? "-")" }
  }

  @Test func eachFilterAloneAndCombined() throws {
    let (f, ids) = try fixture()
    let everything = try list(f, AuditFilter())
    #expect(everything.count == Self.rows.count)
    #expect(everything.first == "task.start 9" && everything.last == "order.handed_over 5001", "newest first")
    #expect(try list(f, AuditFilter(staff: "brice.k")) == ["personalXdata.other -", "stock.move 12", "task.done 7"])
    #expect(try list(f, AuditFilter(actions: ["task."])) == ["task.start 9", "task.created 8", "task.done 7", "task.start 7"])
    #expect(try list(f, AuditFilter(actions: ["task.start"])) == ["task.start 9", "task.start 7"])
    #expect(try list(f, AuditFilter(actions: ["task"])) == [], "an exact action: task is not task.start")
    #expect(try list(f, AuditFilter(actions: ["personal_data."])) == ["personal_data.sealed -"], "_ is not a wildcard")
    #expect(try list(f, AuditFilter(actions: ["order.", "ticket."])) == ["ticket.assigned 3", "order.unlocked 5001", "order.handed_over 5001"])
    #expect(try list(f, AuditFilter(entity: "order")) == ["order.unlocked 5001", "order.handed_over 5001"])
    #expect(try list(f, AuditFilter(entity: "task", entityID: "7")) == ["task.done 7", "task.start 7"])
    #expect(try list(f, AuditFilter(terminal: "office")) == ["order.unlocked 5001"])
    let start = testNow + 86400
    #expect(try list(f, AuditFilter(from: start + 180, to: start + 300)) == ["task.created 8", "stock.move 12", "task.done 7"])
    #expect(try list(f, AuditFilter(limit: 2)) == ["task.start 9", "personalXdata.other -"])
    // Combined: every filter narrows.
    #expect(try list(f, AuditFilter(staff: "amina.n", actions: ["task."], entity: "task", terminal: "counter-1")) == ["task.start 9", "task.start 7"])
    #expect(try list(f, AuditFilter(staff: "amina.n", actions: ["task."], from: start + 121)) == ["task.start 9"])
    #expect(try list(f, AuditFilter(staff: "solange.e", actions: ["task."])) == [])
    // The row's fields, the login joined from staff.
    let row = try #require(try AuditTrail.list(f.database, AuditFilter(entity: "order", entityID: "5001", terminal: "office")).first)
    #expect(row == AuditRecord(
      id: ids[5], at: start + 360, staff: "solange.e", terminal: "office", action: "order.unlocked", entity: "order", entityID: "5001",
      before: "b5", after: "a5"))
    #expect(try AuditTrail.list(f.database, AuditFilter(actions: ["task.created"])).first?.staff == nil, "what the program did by itself")
  }

  /// Pages follow each other without a gap or a repeat, rows of the same second included.
  @Test func pagingWithBefore() throws {
    let (f, _) = try fixture()
    let all = try AuditTrail.list(f.database, AuditFilter(limit: 10_000))
    var paged: [AuditRecord] = []
    var before: Int64?
    while true {
      let page = try AuditTrail.list(f.database, AuditFilter(limit: 3, before: before))
      paged += page
      guard page.count == 3, let last = page.last else { break }
      before = last.id
    }
    #expect(paged == all && Set(paged.map(\.id)).count == all.count)
    let sameSecond = all.filter { $0.at == testNow + 86400 + 480 }
    #expect(sameSecond.count == 2 && sameSecond[0].id > sameSecond[1].id)
    #expect(try AuditTrail.list(f.database, AuditFilter(limit: 1, before: sameSecond[0].id)) == [sameSecond[1]])
    expectSaid(.invalid("there is no audit row 999999 to page before")) {
      try AuditTrail.list(f.database, AuditFilter(before: 999_999))
    }
  }

  @Test func badFiltersAreRefusedWithAReason() throws {
    let (f, _) = try fixture()
    expectSaid(.invalid("'ghost.x' is not a staff login of this point")) {
      try AuditTrail.list(f.database, AuditFilter(staff: "ghost.x"))
    }
    expectSaid(.invalid("the limit must be from 1 to 10\u{202F}000")) { try AuditTrail.list(f.database, AuditFilter(limit: 0)) }
    expectSaid(.invalid("the limit must be from 1 to 10\u{202F}000")) { try AuditTrail.list(f.database, AuditFilter(limit: 10_001)) }
    expectSaid(.invalid("an entity id needs its entity (such as order, task, ticket)")) {
      try AuditTrail.list(f.database, AuditFilter(entityID: "7"))
    }
    #expect(try AuditTrail.list(f.database, AuditFilter(staff: "old.k")) == [], "an inactive member's rows can be read: none here")
  }

  /// The list reads the time index (or the staff one) from its newest end: no sort of its own.
  @Test func theListReadsItsIndexes() throws {
    let (f, _) = try fixture()
    func plan(_ filter: AuditFilter, staffID: Int64? = nil, beforeAt: Int64? = nil) throws -> String {
      let (sql, arguments) = AuditTrail.statement(filter, staffID: staffID, beforeAt: beforeAt)
      return try f.database.read {
        try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "; ")
      }
    }
    let all = try plan(AuditFilter(actions: ["task."], before: 5), beforeAt: 0)
    #expect(all.contains("audit_log_at") && !all.contains("TEMP B-TREE"), "\(all)")
    let mine = try plan(AuditFilter(from: testNow), staffID: 1)
    #expect(mine.contains("audit_log_staff") && !mine.contains("TEMP B-TREE"), "\(mine)")
  }

  /// The families cover every action the store writes (`action: "family.…"` in Sources/StaffStore).
  @Test func everyActionTheStoreWritesHasAFamily() throws {
    let dir = packageRoot + "/Sources/StaffStore"
    let prefixes = Set(AuditFamily.allCases.flatMap(\.prefixes))
    var found: Set<String> = []
    for file in try FileManager.default.contentsOfDirectory(atPath: dir) where file.hasSuffix(".swift") {
      let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
      let regex = try NSRegularExpression(pattern: #"(?:action: |case [^:]*: )"([a-z_]+)\."#)
      for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        if let r = Range(m.range(at: 1), in: text) { found.insert(String(text[r]) + ".") }
      }
    }
    #expect(found.isSuperset(of: ["order.", "task.", "stock.", "transfer.", "ticket.", "import.", "count."]), "\(found.sorted())")
    #expect(found.subtracting(prefixes).isEmpty, "actions without a family: \(found.subtracting(prefixes).sorted())")
  }

  // MARK: What db check sees

  /// The newest rows removed: what is left is still a chain, but the head recorded when the last
  /// row was written points past it.
  @Test func tailTruncationIsReported() throws {
    let (f, ids) = try fixture()
    let path = f.dir.file("vgk.sqlite")
    #expect(try DatabaseCheck.run(f.database) == [])
    let last = try #require(ids.last)
    try behindTheProgramsBack(path, droppingTriggers: ["audit_log_no_delete"], "DELETE FROM audit_log WHERE id >= \(last - 1)")
    #expect(try DatabaseCheck.run(f.database).map(\.detail) == [
      "audit rows after row \(last - 2) were removed outside the program (the last row the program wrote is row \(last))"
    ])
    // Rows added after the head by someone who computes the hashes are seen too.
    try behindTheProgramsBack(path, droppingTriggers: ["audit_log_no_delete"], "DELETE FROM audit_log WHERE id >= \(last - 3)")
    try f.database.write { db in
      try Audit.append(at: testNow, action: "forged.one", db)
      try Audit.append(at: testNow, action: "forged.two", db)
    }
    let head = try #require(try f.database.read { try String.fetchOne($0, sql: "SELECT value FROM settings WHERE key = 'audit_head'") })
    try behindTheProgramsBack(path, "UPDATE settings SET value = '\(last - 3) \(head.split(separator: " ")[1])' WHERE key = 'audit_head'")
    #expect(try DatabaseCheck.run(f.database).map(\.detail).contains(
      "audit rows after row \(last - 3) were added outside the program (the trail now ends at row \(last - 2))"))
  }

  @Test func theHeadItselfEditedIsReported() throws {
    let (f, ids) = try fixture()
    let path = f.dir.file("vgk.sqlite")
    let last = try #require(ids.last)
    try behindTheProgramsBack(path, "UPDATE settings SET value = '\(last) 00' WHERE key = 'audit_head'")
    #expect(try DatabaseCheck.run(f.database).map(\.detail) == [
      "audit row \(last) is not the row the program wrote last (its hash is not the recorded head's)"
    ])
    try behindTheProgramsBack(path, "UPDATE settings SET value = 'garbage' WHERE key = 'audit_head'")
    #expect(try DatabaseCheck.run(f.database).map(\.detail) == [
      "the audit trail's recorded head (settings audit_head) is unreadable: it was changed outside the program"
    ])
    try behindTheProgramsBack(
      path, droppingTriggers: ["audit_log_no_delete"], "UPDATE settings SET value = '\(last) 00' WHERE key = 'audit_head'; DELETE FROM audit_log")
    #expect(try DatabaseCheck.run(f.database).filter { $0.check == "audit" }.map(\.detail) == [
      "the audit trail is empty, but the program wrote rows up to row \(last): they were removed outside the program"
    ])
  }

  /// What stays undetectable, said by a test so that nobody believes otherwise: the newest rows
  /// and the head removed together (or a database from before the head was recorded).
  @Test func theTailAndTheHeadRemovedTogetherAreNotSeen() throws {
    let (f, ids) = try fixture()
    let last = try #require(ids.last)
    try behindTheProgramsBack(
      f.dir.file("vgk.sqlite"), droppingTriggers: ["audit_log_no_delete"],
      "DELETE FROM audit_log WHERE id = \(last); DELETE FROM settings WHERE key = 'audit_head'")
    #expect(try DatabaseCheck.run(f.database) == [])
  }
}
