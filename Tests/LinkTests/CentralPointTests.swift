import Foundation
import StaffDomain
import StaffLink
import StaffStore
import Testing

@Suite struct CentralPointTests {
  @Test func addPointPrintsAURLThatConnectsAsThePoint() throws {
    let db = try CentralDB.make()
    let code = PostgresServer.pointCode("DLA")
    let made = try db.central().addPoint(code: code, name: "Douala Akwa")
    #expect(made.role == "vgk_point_" + code.lowercased().replacingOccurrences(of: "-", with: "_"))
    #expect(made.password.count == 32 && made.password.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    #expect(made.url == db.server.url(role: made.role, password: made.password, database: db.name))
    let point = try PGConnection(made.url)
    #expect(try point.execute("SELECT current_user, vgk_link.current_point()").rows == [[made.role, code]])
    let row = try db.admin().execute("SELECT name, role_name, feed_head, acked, last_seen FROM vgk_link.points").rows
    #expect(row == [["Douala Akwa", made.role, "0", "0", nil]])
    // The role is a plain login in the group, with limits of its own.
    let role = try db.admin().execute(
      """
      SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolconnlimit, pg_has_role(rolname, 'vgk_link_point', 'MEMBER'),
             array_to_string(rolconfig, ',')
        FROM pg_roles WHERE rolname = $1
      """, [made.role]
    ).rows
    #expect(role == [["f", "f", "f", "f", "8", "t", "statement_timeout=60s,idle_in_transaction_session_timeout=60s"]])
  }

  @Test func thePasswordReachesTheServerOnlyAsAVerifier() throws {
    let db = try CentralDB.make()
    let made = try db.central().addPoint(code: PostgresServer.pointCode(), name: "P")
    let stored = try db.admin().execute("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [made.role]).scalar ?? ""
    #expect(stored.hasPrefix("SCRAM-SHA-256$"))
    #expect(!stored.contains(made.password))
  }

  @Test func anExistingPointIsRefusedUnlessRotated() throws {
    let db = try CentralDB.make()
    let central = try db.central()
    let code = PostgresServer.pointCode()
    let first = try central.addPoint(code: code, name: "First")
    let error = #expect(throws: StoreError.self) { try central.addPoint(code: code, name: "Second") }
    #expect(error.map { "\($0)".contains("exists already") && "\($0)".contains("--rotate") } == true)
    #expect(try db.admin().execute("SELECT name FROM vgk_link.points").rows == [["First"]])
    _ = try PGConnection(first.url)
    let second = try central.addPoint(code: code, name: "ignored", rotate: true)
    #expect(second.rotated && second.password != first.password)
    #expect(throws: LinkError.self) { try PGConnection(first.url) }
    #expect(try PGConnection(second.url).execute("SELECT vgk_link.current_point()").scalar == code)
    #expect(try db.admin().execute("SELECT name FROM vgk_link.points").rows == [["First"]])
    // Rotating a point that does not exist is refused.
    #expect(throws: StoreError.refused(.centralNoPointRotate, .text("ZZ-NONE"))) {
      try central.addPoint(code: "ZZ-NONE", name: "x", rotate: true)
    }
  }

  @Test func aRoleOfThatNameThatIsNoPointHereIsNotTakenOver() throws {
    let db = try CentralDB.make()
    let code = PostgresServer.pointCode()
    let role = Central.roleName(for: code)
    try db.admin().run("CREATE ROLE \(role) LOGIN PASSWORD 'theirs'")
    let error = #expect(throws: StoreError.self) { try db.central().addPoint(code: code, name: "x") }
    #expect(error.map { "\($0)".contains("not taken over") } == true)
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.points").scalar == "0")
    #expect(try db.admin().execute("SELECT pg_has_role($1, 'vgk_link_point', 'MEMBER')", [role]).scalar == "f")
  }

  @Test(arguments: [
    "", "D", "dla-akwa", "DLA_AKWA", "1DLA", "-DLA", "DLA AKWA", "DLA-AKWA-TOO-LONG-X", "'; DROP SCHEMA vgk_link CASCADE; --",
    "DLA\"; DROP ROLE x", "DLA\u{0}", "DLÀ", "ＤＬＡ",
  ])
  func aBadPointCodeIsRefusedBeforeAnythingIsDone(code: String) throws {
    let db = try CentralDB.make()
    let error = #expect(throws: StoreError.self) { try db.central().addPoint(code: code, name: "Somewhere") }
    #expect(error?.exitCode == 2)
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.points").scalar == "0")
    #expect(throws: StoreError.self) { try db.central().feed(point: code, kind: .order, records: [CentralDB.order(1)]) }
    #expect(throws: StoreError.self) { try db.central().events(point: code) }
  }

  @Test(arguments: ["", "   ", "tab\there", "new\nline", "bidi \u{202E}txet", String(repeating: "n", count: 81)])
  func aBadNameIsRefused(name: String) throws {
    let db = try CentralDB.make()
    #expect(throws: StoreError.self) { try db.central().addPoint(code: PostgresServer.pointCode(), name: name) }
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.points").scalar == "0")
  }

  @Test func anSQLishNameIsKeptAsText() throws {
    let db = try CentralDB.make()
    let name = "Akwa'); DROP SCHEMA vgk_link CASCADE; --"
    let (code, _, point) = try db.point(name: name)
    #expect(try db.admin().execute("SELECT name FROM vgk_link.points WHERE code = $1", [code]).scalar == name)
    #expect(try point.execute("SELECT vgk_link.current_point()").scalar == code)
  }

  @Test func addPointBeforeSetupSaysSo() throws {
    let db = try CentralDB.make(setUp: false)
    let error = #expect(throws: StoreError.self) { try db.central().addPoint(code: PostgresServer.pointCode(), name: "x") }
    #expect(error.map { "\($0)".contains("central setup") } == true)
  }

  @Test func eventsAreListedByIdForOnePointOrAll() throws {
    let db = try CentralDB.make()
    let (a, _, ac) = try db.point("A")
    let (b, _, bc) = try db.point("B")
    let insert = "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ($1, 'order.picked_up', $2::jsonb, '2026-11-20T09:30:00+01:00')"
    try ac.execute(insert, ["a:1", "{\"order_id\": 1, \"note\": \"é\\u202e\"}"])
    try bc.execute(insert, ["b:1", "{}"])
    try ac.execute(insert, ["a:2", "{}"])
    let central = try db.central()
    let all = try central.events()
    #expect(all.map(\.dedupKey) == ["a:1", "b:1", "a:2"])
    #expect(all[0].occurredAt == "2026-11-20T08:30:00Z" && all[0].point == a && all[0].type == "order.picked_up")
    #expect(try central.events(point: b).map(\.dedupKey) == ["b:1"])
    #expect(try central.events(after: all[0].id, limit: 1).map(\.dedupKey) == ["b:1"])
  }

  @Test(arguments: [
    ("postgresql://admin:s3cret@db.example:5432/market?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem&sslcert=/a.crt&sslkey=/a.key",
     "postgresql://vgk_point_x:PW@db.example:5432/market?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fca.pem"),
    ("host=db.example port=6432 user=admin password=s3cret dbname=other sslmode=require",
     "postgresql://vgk_point_x:PW@db.example:6432/market?sslmode=require"),
    ("postgresql://admin@/market?host=/run/postgresql", "postgresql://vgk_point_x:PW@/market?host=%2Frun%2Fpostgresql"),
    ("postgresql://admin@[::1]:5433/market", "postgresql://vgk_point_x:PW@[::1]:5433/market"),
    ("postgresql://h1:5432,h2:5433/market?target_session_attrs=read-write",
     "postgresql://vgk_point_x:PW@h1:5432,h2:5433/market?target_session_attrs=read-write"),
    ("postgresql:///market", "postgresql://vgk_point_x:PW@/market"),
  ])
  func aPointsURLKeepsWhereAndHowButNotWho(admin: String, expected: String) throws {
    #expect(try Central.pointURL(adminURL: admin, role: "vgk_point_x", password: "PW", database: "market") == expected)
  }

  @Test func aURLThatCannotWorkIsBadConfiguration() {
    #expect(throws: LinkError.self) { try Central.pointURL(adminURL: "host='unterminated", role: "r", password: "p", database: "d") }
    #expect(throws: LinkError.self) { try Central(url: "postgresql://u@h/d?nonsense=1") }
  }

  @Test func passwordsAreThirtyTwoLettersAndDigitsAndDiffer() throws {
    let passwords = try (0..<200).map { _ in try Central.generatePassword() }
    #expect(Set(passwords).count == 200)
    #expect(passwords.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) } })
    // Every one of the 62 characters turns up.
    #expect(Set(passwords.joined()).count == 62)
  }
}
