import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// The scan log keeps each refusal's facts (`scans.message`, migration v14-scan-facts): the
/// screens say them in any language from the arguments, never by reading the English sentence.
@Suite struct ScanFactsTests {
  func record(_ f: CounterFixture, _ scanID: Int64) throws -> ScanRecord {
    try #require(try ConsoleQueries.scans(f.database).first { $0.id == scanID })
  }

  @Test func aWrongCodeKeepsTheTriesLeftAndTheLockItsEnd() throws {
    let f = try CounterFixture()
    let first = try f.scan("ORDER:5001:ZZZ999")
    let stored = try record(f, first.scanID)
    // The facts as they were judged, and the English sentence beside them as before.
    #expect(stored.message == first.refusal?.message)
    #expect(stored.message == Message(.pickupCodeTriesTimed, .count(4), .id(5001), .count(30)))
    #expect(stored.reason == first.refusal?.description)
    #expect(
      stored.message?.text(.fr)
        == "Code refusé\u{00A0}: mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client\u{00A0}: "
        + "encore 4 codes faux bloquent la commande 5001 pendant 30 minutes.")
    // Four more: the fifth locks; the lock's end is an argument, the time the store wrote.
    var last = first
    for i in 1...4 { last = try f.scan("ORDER:5001:ZZZ99\(i)", at: testNow + Int64(i)) }
    let until = try #require(try f.int("SELECT locked_until FROM orders WHERE id = 5001"))
    #expect(try record(f, last.scanID).message == Message(.pickupCodeLockedUntil, .id(5001), .time(Timestamp(seconds: until))))
    let refused = try f.scan("ORDER:5001:ABC123", at: testNow + 60)
    let locked = try record(f, refused.scanID)
    #expect(locked.outcome == "locked")
    guard let message = locked.message, case .time(let end)? = message.args.last else {
      Issue.record("no lock end in \(String(describing: locked.message))")
      return
    }
    #expect(end.seconds == until && message.code == .pickupLockedUntil)
    #expect(message.text(.fr).contains("jusqu'au " + MessageArg.time(end).text(.fr)))
  }

  @Test func everyKindOfRefusalIsKeptAndReadBack() throws {
    let f = try CounterFixture()
    let results = [
      try f.scan("ORDER:5001:ZZZ999"), try f.scan("PRODUCT:424242"), try f.scan("INVENTORY:424242"),
      try f.scan("PRODUCT:100002", expecting: .order), try f.scan("ORDER:05001:ABC123"), try f.scan("order:1:ABCDEF"),
      try f.counter.recordImageFailure(.noCode(Message(.scanNoQRInPhoto)), source: .camera, fileName: "IMG_1.jpg", now: testNow),
      try f.counter.recordImageFailure(
        .duplicate(Message(.scanSamePhotoAs, .text("processed/IMG_1.jpg"))), source: .camera, fileName: "IMG_2.jpg", now: testNow),
      try f.counter.recordImageFailure(.unreadable("an empty file (0 bytes)"), source: .camera, fileName: "IMG_3.jpg", now: testNow),
    ]
    for r in results {
      let refusal = try #require(r.refusal)
      let stored = try record(f, r.scanID)
      #expect(stored.message == refusal.message, "\(refusal)")
      #expect(stored.message?.isTranslated == true)
      #expect(stored.reason == refusal.description)
    }
    // A scan that was answered has no refusal to keep.
    let shown = try f.scan("PRODUCT:100002")
    #expect(try record(f, shown.scanID).message == nil)
    #expect(try f.int("SELECT count(*) FROM scans WHERE id = ? AND message IS NULL", [shown.scanID]) == 1)
  }

  @Test func theFactsAreAppendOnlyLikeTheRestOfTheScan() throws {
    let f = try CounterFixture()
    let r = try f.scan("ORDER:5001:ZZZ999")
    #expect(throws: DatabaseError.self) {
      try f.database.write { try $0.execute(sql: "UPDATE scans SET message = NULL WHERE id = ?", arguments: [r.scanID]) }
    }
    #expect(throws: DatabaseError.self) {
      try f.database.write { try $0.execute(sql: "UPDATE scans SET message = '{\"code\":\"x\",\"args\":[]}' WHERE id = ?", arguments: [r.scanID]) }
    }
    #expect(try record(f, r.scanID).message == r.refusal?.message)
  }

  /// A database from before v14 keeps its scans as they were: no facts, the English reason.
  @Test func scansRecordedBeforeTheMigrationKeepTheirReasonAndHaveNoFacts() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue, upTo: "v13-link")
    let reason = "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: 4 more wrong codes lock order number 7 for 30 minutes."
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      try db.execute(
        sql: "INSERT INTO scans (point_id, source, payload, kind, outcome, reason, created_at) VALUES (1, 'cli', 'ORDER:7:***', 'order', 'code_refused', ?, 5)",
        arguments: [reason])
    }
    try Migrations.migrator.migrate(queue)
    let row = try #require(try queue.read { try Row.fetchOne($0, sql: "SELECT * FROM scans") })
    #expect((row["message"] as String?) == nil && (row["reason"] as String?) == reason)
    let record = ConsoleQueries.scanRecord(row)
    #expect(record.message == nil && record.reason == reason)
    // The trigger names the new column: the old row cannot be given facts afterwards.
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "UPDATE scans SET message = '{\"code\":\"pickup.locked_for_supervisor\",\"args\":[]}'") }
    }
  }

  /// What the column holds is read defensively: JSON that is not a message is no message.
  @Test func columnTextThatIsNotAMessageReadsAsNone() throws {
    #expect(ScanFacts.message(nil) == nil)
    for hostile in [
      "{}", "[]", "null", "1", "\"x\"", "{\"code\":1,\"args\":[]}", "{\"code\":\"x\"}", "{\"code\":\"x\",\"args\":[{\"nope\":{}}]}",
      "{\"code\":\"x\",\"args\":[{\"count\":{\"_0\":\"12\"}}]}", String(repeating: "[", count: 100_000), "\u{1B}[2J", "",
      // A newer build's code, and a known code holding one this build does not know.
      "{\"code\":\"pickup.from_the_future\",\"args\":[]}",
      "{\"code\":\"scan.no_code\",\"args\":[{\"message\":{\"_0\":{\"code\":\"x.y\",\"args\":[]}}}]}",
    ] {
      #expect(ScanFacts.message(hostile) == nil, "\(hostile.prefix(40))")
    }
    // A database column refuses text that is not JSON at all.
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue)
    #expect(throws: DatabaseError.self) {
      try queue.write { db in
        try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
        try db.execute(sql: "INSERT INTO scans (point_id, source, outcome, created_at, message) VALUES (1, 'cli', 'rejected', 5, 'not json')")
      }
    }
  }

  /// Every argument type, control characters and huge numbers included, comes back as it went in.
  @Test func messagesRoundTripThroughTheColumn() throws {
    let samples = [
      Message(.pickupCodeTriesTimed, .count(Int64.max), .id(Int64.min), .count(0)),
      Message(.scanSamePhotoAs, .text("processed/\u{1B}[31m\u{202E}x\u{0}.jpg")),
      Message(.pickupNotConfirmed, .message(Message(.pickupCheckTooOld, .time(Timestamp(seconds: -1)), .minutes(90)))),
      Message(.prefixed, .text("a"), .message(Message(.accessRefused, .word(.role, "no_such_role"), .message(Message(.permission(.handOver)))))),
      Message(.scanNoCode, .decimal(0.95, places: 2), .money(50_000), .clock(Timestamp(seconds: 0))),
    ]
    for m in samples {
      #expect(ScanFacts.message(try ScanFacts.json(m)) == m)
    }
    // A code without words here is stored as it is but read as none (the row shows its reason).
    let unknown = Message(MessageCode("unknown.code"), .count(1))
    #expect(try ScanFacts.json(unknown).contains("unknown.code") && ScanFacts.message(try ScanFacts.json(unknown)) == nil)
  }
}
