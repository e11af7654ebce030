import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// What the scan log, its reasons and the audit trail keep of malformed order codes, file names
/// and the modes of the files the store creates.
@Suite struct ScanLogPrivacyTests {
  /// Every text column of the scan log and the audit trail, and the console's scan list.
  func everythingStored(_ f: CounterFixture) throws -> [String] {
    var out = try f.database.read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT coalesce(payload, '') || '|' || coalesce(reason, '') || '|' || coalesce(file_name, '') FROM scans
          UNION ALL
          SELECT action || '|' || coalesce(entity_id, '') || '|' || coalesce(before, '') || '|' || coalesce(after, '')
            FROM audit_log
          """)
    }
    out += try ConsoleQueries.scans(f.database, limit: 500).map {
      [$0.payload ?? "", $0.reason ?? "", $0.fileName ?? ""].joined(separator: "|")
    }
    return out
  }

  @Test func aMalformedOrderCodeIsStoredAndListedWithoutItsCode() throws {
    let f = try CounterFixture()
    // 5001's right code, ABC123, in the shapes a scanner, a keyboard or a person makes of it.
    let shapes = [
      "ORDER;5001;ABC123", " ORDER:5001:ABC123", "ORDER.5001.ABC123", "ORDER 5001 ABC123", "\u{041E}RDER:5001:ABC123",
      "ORDER:5001:ABC12З", "ORDERM(àà&MQBC&é\"", "ORDER:5001:abc123", "ORDER:5001ABC123", "ABC123", "ABC123:5001",
      "ORDERS:5001:ABC123", "ORDER:5001:ABC123:", "ORDER:5001:ABC 123",
    ]
    for text in shapes {
      let result = try f.scan(text)
      #expect(result.refusal != nil, "\(text)")
      #expect(!(result.payload ?? "").contains("ABC"), "\(text): \(result.payload ?? "")")
      let reason = result.refusal.map { "\($0)" } ?? ""
      #expect(!reason.contains("ABC"), "\(text): \(reason)")
    }
    // The well-formed ones, right and wrong, keep their order's number.
    #expect(try f.scan("ORDER:5001:ABC124").payload == "ORDER:5001:***")
    #expect(try f.scan("ORDER:5001:ABC123").payload == "ORDER:5001:***")
    let stored = try everythingStored(f)
    #expect(stored.count >= shapes.count + 2)
    for line in stored {
      #expect(!line.contains("ABC") && !line.contains("abc") && !line.contains("QBC"), "\(line)")
    }
    #expect(try f.int("SELECT count(*) FROM scans WHERE payload = 'ORDER 5001 ***'") == 1)
  }

  @Test func aFileNameIsStoredWithItsControlAndBidiCharactersWrittenVisibly() throws {
    let f = try CounterFixture()
    let hostile = "d\u{1B}]0;PWN\u{07}\u{1B}[31m\u{202E}gnp.\u{9B}2J\n.png"
    _ = try f.counter.process(Array("PRODUCT:100001".utf8), source: .cli, fileName: hostile, now: testNow)
    _ = try f.counter.recordImageFailure(.noCode(Message(.scanNoQRInPhoto)), source: .camera, fileName: hostile, now: testNow)
    let names = try f.database.read { try String.fetchAll($0, sql: "SELECT file_name FROM scans") }
    #expect(names.count == 2)
    for name in names {
      #expect(name == "d<U+001B>]0;PWN<U+0007><U+001B>[31m<U+202E>gnp.<U+009B>2J<U+000A>.png")
    }
  }

  /// A database upgraded from before the rule keeps no code it logged then.
  @Test func codesLoggedBeforeTheRuleAreMaskedOnUpgrade() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue, upTo: "v9-escalation-done")
    let rows: [(payload: String?, kind: String?, reason: String?, after: String?)] = [
      ("ORDER;3000030;CODE0030XY", nil, "Not a VGK code: no ':' separator, not a VGK code.", "ORDER ***"),
      ("\\x20ORDER:1040050:EVQAFPBF", nil, "Not a VGK code: space at position 1 (a VGK code has no spaces).", "ORDER ***"),
      ("\\xD0\\x9ERDER:1040050:EVQAFPBF", nil, "Not a VGK code: not plain ASCII (byte 0xD0 at position 1).", "***"),
      ("EVQAFPBF:1040050", nil, "Not a VGK code: unknown kind 'EVQAFPBF' (expected ORDER, PRODUCT or INVENTORY).", "***"),
      ("PRODUCT:1;EVQAFPBF", nil, "Not a VGK code: product id is not a decimal number.", "PRODUCT ***"),
      ("ORDER:1040050:***", "order", "Wrong pickup code.", "ORDER:1040050:***"),
      ("ORDER:1040050***", nil, "Not a VGK code: order id is not a decimal number.", "ORDER:1040050***"),
      ("PRODUCT:100001", "product", nil, "PRODUCT:100001"),
      (nil, nil, "No code: none.", nil),
    ]
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      for r in rows {
        try db.execute(
          sql: "INSERT INTO scans (point_id, source, payload, kind, outcome, reason, created_at) VALUES (1, 'cli', ?, ?, 'rejected', ?, 0)",
          arguments: [r.payload, r.kind, r.reason])
      }
    }
    try Migrations.migrator.migrate(queue)
    let after = try queue.read { try Row.fetchAll($0, sql: "SELECT payload, reason FROM scans ORDER BY id") }
    #expect(after.map { $0["payload"] as String? } == rows.map(\.after))
    #expect(after[3]["reason"] == "Not a VGK code: unknown kind (expected ORDER, PRODUCT or INVENTORY).")
    #expect(after.allSatisfy { !(($0["payload"] as String?) ?? "").contains("EVQ") && !(($0["reason"] as String?) ?? "").contains("EVQ") })
  }

  func mode(_ path: String) -> mode_t {
    var st = stat()
    return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o7777
  }

  @Test func theDatabaseIsItsAccountsAloneUnlessItsDirectoryIsSharedWithAGroup() throws {
    let dir = TempDir()
    // Whatever the umask: the test runner's is usually 022.
    for (sub, dirMode, expected) in [("open", mode_t(0o755), mode_t(0o600)), ("private", 0o700, 0o600), ("group", 0o750, 0o640)] {
      try FileManager.default.createDirectory(atPath: dir.file(sub), withIntermediateDirectories: false)
      chmod(dir.file(sub), dirMode)
      let path = dir.file(sub + "/vgk.sqlite")
      let db = try AppDatabase.open(path: path, create: true)
      try db.write { try $0.execute(sql: "CREATE TABLE IF NOT EXISTS t (x)") }
      for file in [path, path + "-wal", path + "-shm"] {
        #expect(mode(file) == expected, "\(sub): \(file) is \(String(mode(file), radix: 8))")
      }
      #expect(mode(path + ".lock") == 0o600)
      let backup = dir.file(sub + "/backup.sqlite")
      _ = try db.backup(to: backup, overwrite: false)
      #expect(mode(backup) == 0o600, "\(sub): the backup is \(String(mode(backup), radix: 8))")
      try db.close()
    }
  }
}
