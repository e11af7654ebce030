import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

@Suite struct SchemaTests {
  static let tables = [
    "audit_log", "customers", "handovers", "link_feed_log", "link_state", "locations", "low_stock_thresholds", "movements", "order_items", "orders",
    "outbox", "points", "print_jobs", "products", "ratings", "record_chain", "scan_decisions", "scans", "settings", "staff", "stock", "stock_count_lines",
    "stock_count_locations", "stock_counts", "tasks", "ticket_messages", "tickets", "transfer_lines", "transfers",
  ]

  @Test func migrationsCreateTheWholeDataModelOnAnEmptyDatabase() throws {
    // Given an empty in-memory database
    let queue = try DatabaseQueue()
    // When the migrations run
    try Migrations.migrator.migrate(queue)
    // Then every table of the data model exists, and the migrations are recorded
    let tables = try queue.read {
      try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }
    #expect(tables == Self.tables)
    #expect(try queue.read { try Migrations.migrator.appliedIdentifiers($0) } == Set(Migrations.known))
    // and migrating again changes nothing
    try Migrations.migrator.migrate(queue)
    #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") } == Migrations.known.count)
  }

  /// v9 counts the breaches escalated before it as finished: upgrading does not send them again.
  @Test func breachesEscalatedBeforeV9AreFinished() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue, upTo: "v8-print-queue")
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      for (id, notified) in [(1, 500 as Int64?), (2, nil)] {
        try db.execute(
          sql: """
            INSERT INTO tasks (id, point_id, type, priority, status, title, created_at, sla_seconds, breach_notified_at)
            VALUES (?, 1, 'CLEANING', 'URGENT', 'open', 'T', 0, 7200, ?)
            """, arguments: [id, notified])
      }
    }
    try Migrations.migrator.migrate(queue)
    let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT id, breach_escalated_at FROM tasks ORDER BY id") }
    #expect(rows.map { $0["breach_escalated_at"] as Int64? } == [500, nil])
  }

  @Test func theLedgerAndTheAuditLogRefuseUpdateAndDelete() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue)
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      try db.execute(sql: "INSERT INTO locations (id, point_id, code, kind) VALUES (1, 1, 'A-01', 'shelf')")
      try db.execute(sql: "INSERT INTO products (id, title, category, price_fcfa, created_at, updated_at) VALUES (7, 'T', 'C', 5, 0, 0)")
      try db.execute(sql: "INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at) VALUES (1, 'RECEIVE', 7, 1, 1, 0)")
      try Audit.append(at: testNow, action: "test", db)
    }
    let refusals: [(String, String)] = [
      ("UPDATE movements SET quantity = 2", "movements are append-only: correct a movement with a reversing movement, never by editing it"),
      ("DELETE FROM movements", "movements are append-only: correct a movement with a reversing movement, never by deleting it"),
      ("UPDATE audit_log SET action = 'x'", "the audit log is append-only: its rows cannot be changed"),
      ("DELETE FROM audit_log", "the audit log is append-only: its rows cannot be deleted"),
    ]
    for (sql, message) in refusals {
      let error = #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
      #expect(error?.message == message)
    }
    #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM movements") } == 1)
  }

  @Test func constraintsGuardTheRulesEvenAgainstRawSQL() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue)
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      try db.execute(sql: "INSERT INTO products (id, title, category, price_fcfa, created_at, updated_at) VALUES (7, 'T', 'C', 5, 0, 0)")
      try db.execute(sql: "INSERT INTO locations (id, point_id, code, kind) VALUES (1, 1, 'A-01', 'shelf')")
    }
    let refused = [
      "INSERT INTO products (id, title, category, price_fcfa, created_at, updated_at) VALUES (8, 'T', 'C', -1, 0, 0)",
      "INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at) VALUES (1, 'DAMAGE', 7, 1, 1, 0)",
      "INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at) VALUES (1, 'RECEIVE', 7, 0, 1, 0)",
      "INSERT INTO movements (point_id, type, product_id, quantity, created_at) VALUES (1, 'RECEIVE', 7, 1, 0)",
      "INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at) VALUES (1, 'RECEIVE', 99, 1, 1, 0)",
      "INSERT INTO orders (id, point_id, customer_id, status, pickup_code_hmac, created_at, updated_at) VALUES (1, 1, 1, 'ready', zeroblob(32), 0, 0)",
      "INSERT INTO tasks (point_id, type, priority, status, title, created_at, sla_seconds) VALUES (1, 'CLEANING', 'LOW', 'cancelled', 't', 0, 10)",
    ]
    for sql in refused {
      #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
    }
  }
}

@Suite struct OpeningTests {
  @Test func safetySettingsAreAssertedAfterOpening() throws {
    let dir = TempDir()
    let (db, _) = try makeDatabase(dir)
    let s = try db.safetySettings()
    #expect(s.synchronous == 2)  // FULL, although GRDB's pool sets NORMAL
    #expect(s.journalMode == "wal")
    #expect(s.busyTimeoutMilliseconds >= 5000)
    #expect(s.foreignKeys)
    #expect(s.mmapSize == 0)
    // Reopening keeps them.
    try db.close()
    #expect(try AppDatabase.open(path: dir.file("vgk.sqlite")).safetySettings() == s)
  }

  @Test func aDatabaseFromANewerVersionIsRefused() throws {
    let dir = TempDir()
    let (db, _) = try makeDatabase(dir)
    try db.close()
    try behindTheProgramsBack(dir.file("vgk.sqlite"), "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')")
    #expect(throws: StoreError.newerVersion(path: dir.file("vgk.sqlite"), unknown: ["v9-from-the-future"])) {
      try AppDatabase.open(path: dir.file("vgk.sqlite"))
    }
    #expect(StoreError.newerVersion(path: "p", unknown: ["v9"]).description.contains("newer version"))
  }

  @Test func filesThatAreNotOursAreRefused() throws {
    let dir = TempDir()
    let text = dir.write("notes.txt", "bonjour, ceci n'est pas une base de données\n")
    #expect(throws: StoreError.notOurs(path: text, reason: "not an SQLite file")) { try AppDatabase.open(path: text) }
    let other = dir.file("other.sqlite")
    try behindTheProgramsBack(other, "CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    #expect(throws: StoreError.notOurs(path: other, reason: "it holds tables of another program")) {
      try AppDatabase.open(path: other)
    }
    try behindTheProgramsBack(other, "PRAGMA application_id = 42")
    #expect(throws: StoreError.notOurs(path: other, reason: "its application id is 42")) { try AppDatabase.open(path: other) }
    #expect(throws: StoreError.notOurs(path: dir.path, reason: "it is a directory")) { try AppDatabase.open(path: dir.path) }
  }

  @Test func missingAndUnwritablePathsGetClearErrors() throws {
    let dir = TempDir()
    #expect(throws: StoreError.missing(path: dir.file("none.sqlite"))) { try AppDatabase.open(path: dir.file("none.sqlite")) }
    #expect(throws: StoreError.noDirectory(path: dir.file("no/such"))) {
      try AppDatabase.open(path: dir.file("no/such/vgk.sqlite"), create: true)
    }
    let plain = dir.write("plain", "x")
    #expect(throws: StoreError.notWritable(path: plain + "/vgk.sqlite", reason: "\(plain) is a file, not a directory")) {
      try AppDatabase.open(path: plain + "/vgk.sqlite", create: true)
    }
    // A read-only directory: chmod for ordinary accounts; root ignores modes, so make it immutable.
    let locked = dir.file("locked")
    try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
    try makeReadOnly(locked)
    defer { undoReadOnly(locked) }
    let error = #expect(throws: StoreError.self) { try AppDatabase.open(path: locked + "/vgk.sqlite", create: true) }
    guard case .notWritable = error else {
      Issue.record("expected notWritable, got \(String(describing: error))")
      return
    }
    #expect(!FileManager.default.fileExists(atPath: locked + "/vgk.sqlite"))
  }

  @Test func theKeyMustBeTheDatabasesOwnAndPrivate() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    let keyFile = dir.file("keys/pickup-code.key")
    var st = stat()
    #expect(stat(keyFile, &st) == 0 && st.st_mode & 0o777 == 0o600)
    // Another key directory: its key is not this database's.
    let other = KeyStore(directory: dir.file("other-keys"))
    let order = dir.write("orders.csv", OrderFixtures.oneOrder)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    _ = try other.pickupCodeKey(create: true)
    let e = #expect(throws: StoreError.self) { try Importer.importFile(.orders, path: order, into: db, keys: other, now: testNow) }
    #expect(e?.description.contains("does not belong to this database") == true)
    // A key readable by others is refused.
    chmod(keyFile, 0o644)
    let open = #expect(throws: StoreError.self) { try keys.pickupCodeKey(create: false) }
    #expect(open?.description.contains("chmod 600") == true)
    // A damaged key is refused.
    chmod(keyFile, 0o600)
    try Data("not hex\n".utf8).write(to: URL(fileURLWithPath: keyFile))
    #expect(throws: StoreError.self) { try keys.pickupCodeKey(create: false) }
    #expect(throws: StoreError.self) { try KeyStore(directory: dir.file("none")).pickupCodeKey(create: false) }
  }
}

func makeReadOnly(_ path: String) throws {
  if geteuid() == 0 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    p.arguments = ["+i", path]
    try p.run()
    p.waitUntilExit()
    // Root ignores modes; without an immutable flag (overlay and tmp filesystems have none) this
    // part cannot be tried here.
    guard p.terminationStatus == 0 else {
      try Test.cancel("as root a read-only directory needs `chattr +i`, which the filesystem of \(path) refuses")
    }
  } else {
    chmod(path, 0o555)
  }
}

func undoReadOnly(_ path: String) {
  if geteuid() == 0 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    p.arguments = ["-i", path]
    try? p.run()
    p.waitUntilExit()
  }
  chmod(path, 0o755)
}
