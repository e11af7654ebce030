import Foundation
import StaffDomain
import StaffLink
import Testing

@Suite struct CentralSchemaTests {
  /// Everything `setup` makes, as text: relations with their RLS flags and privileges,
  /// functions with theirs, policies, triggers and constraints.
  static func catalog(_ c: PGConnection) throws -> [String] {
    try c.execute(
      """
      SELECT 'rel ' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity || ' ' || coalesce(c.relacl::text, '')
        FROM pg_class c WHERE c.relnamespace = 'vgk_link'::regnamespace
      UNION ALL
      SELECT 'fn ' || p.proname || ' ' || p.prosecdef || ' ' || coalesce(p.proacl::text, '') || ' ' || md5(p.prosrc)
        FROM pg_proc p WHERE p.pronamespace = 'vgk_link'::regnamespace
      UNION ALL
      SELECT 'pol ' || c.relname || ' ' || p.polname || ' ' || p.polcmd::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
             || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'vgk_link'::regnamespace
      UNION ALL
      SELECT 'trg ' || c.relname || ' ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = 'vgk_link'::regnamespace AND NOT t.tgisinternal
      UNION ALL
      SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'vgk_link'::regnamespace
      UNION ALL
      SELECT 'schema ' || coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = 'vgk_link'
      ORDER BY 1
      """
    ).rows.map { $0[0] ?? "" }
  }

  static func migrationRows(_ c: PGConnection) throws -> [[String?]] {
    try c.execute("SELECT name, applied_at::text FROM vgk_link.schema_migrations ORDER BY name").rows
  }

  @Test func withoutTheServerProgramsTheTestsSayWhichPackageToInstall() {
    let error = #expect(throws: PostgresServer.ServerError.self) { try PostgresServer.start(binaries: "/nonexistent/postgresql/15/bin") }
    #expect(error?.description.contains("install the Debian package postgresql") == true, "\(String(describing: error))")
  }

  @Test func setupTwiceLeavesTheSameSchemaAndMigrationRows() throws {
    let db = try CentralDB.make(setUp: false)
    let central = try db.central()
    #expect(try central.setup() == CentralSchema.migrations.map(\.name))
    let admin = try db.admin()
    let before = try Self.catalog(admin)
    let rows = try Self.migrationRows(admin)
    #expect(rows.map { $0[0] } == CentralSchema.migrations.map(\.name))
    #expect(try central.setup() == [])
    #expect(try Self.catalog(admin) == before)
    #expect(try Self.migrationRows(admin) == rows)
    // What the contract names is there: RLS enabled and forced on the three tables.
    for table in ["points", "feed", "events"] {
      #expect(before.contains { $0.hasPrefix("rel \(table) r true true") }, "\(table): \(before)")
    }
  }

  @Test func concurrentSetupsApplyEachMigrationOnce() throws {
    let db = try CentralDB.make(setUp: false)
    let results = Locked<[Result<[String], any Error>]>([])
    let done = DispatchGroup()
    for _ in 0..<3 {
      done.enter()
      let url = db.adminURL
      Thread {
        let r = Result { try Central(url: url).setup() }
        results.with { $0.append(r) }
        done.leave()
      }.start()
    }
    #expect(done.wait(timeout: .now() + 60) == .success)
    let all = results.with { $0 }
    let applied = try all.flatMap { try $0.get() }
    #expect(applied.sorted() == CentralSchema.migrations.map(\.name).sorted())
    #expect(try Self.migrationRows(try db.admin()).count == CentralSchema.migrations.count)
  }

  @Test func theFeedsKindCheckListsExactlyTheFeedKinds() throws {
    let db = try CentralDB.make()
    let definition = try db.admin().execute(
      "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'vgk_link.feed'::regclass AND conname = 'feed_kind_check'"
    ).scalar ?? ""
    let listed = Set(definition.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
    #expect(listed == Set(FeedKind.allCases.map(\.rawValue)), "\(definition)")
  }

  @Test(arguments: ["order.refunded", "ORDER", "", "order; DROP TABLE vgk_link.feed"])
  func anUnknownKindIsRefusedByTheCheck(kind: String) throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    let admin = try db.admin()
    #expect(
      sqlState {
        try admin.execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, $2, '{}')", [code, kind])
      } == "23514")
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed").scalar == "0")
    // The refused insert took no seq: the next record is 1.
    #expect(try db.feed(code, .product, ["{\"id\": 1}"]).firstSeq == 1)
  }

  @Test(arguments: ["[]", "1", "\"text\"", "null"])
  func aFeedPayloadIsAnObject(payload: String) throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    #expect(
      sqlState {
        try db.admin().execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, 'order', $2::jsonb)", [code, payload])
      } == "23514")
  }

  @Test func feedForAnUnknownPointIsRefused() throws {
    let db = try CentralDB.make()
    #expect(sqlState { try db.admin().execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ('NOPE', 'order', '{}')") } == "23503")
    #expect(throws: (any Error).self) { try db.feed("NOPE", .order, [CentralDB.order(1)]) }
  }

  @Test func aFeedRecordKeepsItsPlace() throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    try db.feed(code, .order, [CentralDB.order(1)])
    let admin = try db.admin()
    #expect(sqlState { try admin.execute("UPDATE vgk_link.feed SET seq = 5") } == "23000")
    #expect(sqlState { try admin.execute("UPDATE vgk_link.feed SET kind = 'product'") } == "23000")
    // A user-supplied seq is ignored: the trigger assigns it.
    try admin.execute("INSERT INTO vgk_link.feed (point, seq, kind, payload) VALUES ($1, 99, 'order', '{}')", [code])
    #expect(try admin.execute("SELECT max(seq) FROM vgk_link.feed").scalar == "2")
  }

  @Test func aSchemaFromANewerProgramIsRefused() throws {
    let db = try CentralDB.make()
    try db.admin().execute("INSERT INTO vgk_link.schema_migrations (name) VALUES ('c99-from-the-future')")
    let error = #expect(throws: LinkError.self) { try db.central().setup() }
    #expect(error?.description.contains("c99-from-the-future") == true)
  }

  @Test func eventsRefuseWhatIsNotAnEvent() throws {
    let db = try CentralDB.make()
    let (code, _, point) = try db.point()
    let insert = "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ($1, $2, $3::jsonb, now())"
    #expect(sqlState { try point.execute(insert, ["", "order.picked_up", "{}"]) } == "23514")
    #expect(sqlState { try point.execute(insert, [String(repeating: "k", count: 201), "order.picked_up", "{}"]) } == "23514")
    #expect(sqlState { try point.execute(insert, ["k1", "Order Picked", "{}"]) } == "23514")
    #expect(sqlState { try point.execute(insert, ["k2", "order.picked_up", "[1]"]) } == "23514")
    #expect(sqlState { try point.execute(insert, ["k3", "order.picked_up", "{\"a\": 1"]) } == "22P02")
    let huge = "{\"x\": \"" + String(repeating: "a", count: 300_000) + "\"}"
    #expect(sqlState { try point.execute(insert, ["k4", "order.picked_up", huge]) } == "23514")
    #expect(sqlState { try point.execute(insert, ["k5", "order.picked_up", "{\"ok\": true}"]) } == nil)
    #expect(try db.admin().execute("SELECT point, dedup_key FROM vgk_link.events").rows == [[code, "k5"]])
  }
}

/// A value shared between threads under a lock.
final class Locked<T>: @unchecked Sendable {
  private var value: T
  private let lock = NSLock()
  init(_ value: T) { self.value = value }
  func with<R>(_ body: (inout T) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
