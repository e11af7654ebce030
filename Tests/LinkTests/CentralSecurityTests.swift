import Foundation
import StaffDomain
import StaffLink
import Testing
import TestSupport

/// Two points, A and B, on one centre: B's role, reaching for A's rows every way it can.
@Suite struct CentralSecurityTests {
  let db: CentralDB
  let a: String
  let b: String
  let aConnection: PGConnection
  let bConnection: PGConnection

  init() throws {
    db = try CentralDB.make()
    let pa = try db.point("A", name: "Point A")
    let pb = try db.point("B", name: "Point B")
    (a, b, aConnection, bConnection) = (pa.code, pb.code, pa.connection, pb.connection)
    try db.feed(a, .order, [CentralDB.order(1), CentralDB.order(2)])
    try db.feed(b, .order, [CentralDB.order(3)])
    try aConnection.execute(
      "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ('a:1', 'order.picked_up', '{\"order_id\": 1}', now())")
  }

  @Test func aPointIsItsRoleAndNoOther() throws {
    #expect(try bConnection.execute("SELECT vgk_link.current_point()").scalar == b)
    #expect(try bConnection.execute("SELECT current_user").scalar == Central.roleName(for: b))
    // No SET ROLE to another point, and SET ROLE to the group does not change who the point is.
    #expect(sqlState { try bConnection.run("SET ROLE \(Central.roleName(for: a))") } == "42501")
    try bConnection.run("SET ROLE vgk_link_point")
    #expect(try bConnection.execute("SELECT vgk_link.current_point()").scalar == b)
    #expect(try bConnection.execute("SELECT seq FROM vgk_link.feed ORDER BY seq").rows == [["1"]])
    try bConnection.run("RESET ROLE")
    // The administrator is no point.
    #expect(try db.admin().execute("SELECT vgk_link.current_point()").scalar == nil)
  }

  @Test func everyRelationOfTheSchemaShowsBNothingOfA() throws {
    let relations = try db.admin().execute(
      "SELECT relname FROM pg_class WHERE relnamespace = 'vgk_link'::regnamespace AND relkind IN ('r', 'v', 'm', 'S', 'p', 'f') ORDER BY 1"
    ).rows.compactMap { $0[0] }
    #expect(relations.contains("feed") && relations.contains("events") && relations.contains("points"))
    for relation in relations {
      var rows: [[String?]] = []
      let state = sqlState { rows = try bConnection.execute("SELECT * FROM vgk_link.\(relation)").rows }
      if relation == "feed" {
        #expect(state == nil)
        #expect(rows.count == 1 && rows.allSatisfy { $0[0] == b }, "B's feed: \(rows)")
      } else {
        #expect(state == "42501", "\(relation): \(state ?? "read \(rows.count) rows")")
      }
      #expect(!rows.flatMap { $0 }.contains { $0?.contains(a) == true }, "\(relation) shows A to B")
    }
    // Filtering for A by name finds nothing either.
    #expect(try bConnection.execute("SELECT count(*) FROM vgk_link.feed WHERE point = $1", [a]).scalar == "0")
  }

  @Test func everyFunctionOfTheSchemaIsRefusedOrKeepsToB() throws {
    let functions = try db.admin().execute(
      "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'vgk_link'::regnamespace ORDER BY 1"
    ).rows.compactMap { $0[0] }
    #expect(functions.count >= 7, "\(functions)")
    for function in functions {
      switch function {
      case "vgk_link.current_point()":
        #expect(try bConnection.execute("SELECT vgk_link.current_point()").scalar == b)
      case "vgk_link.acknowledge(bigint)":
        try bConnection.execute("SELECT vgk_link.acknowledge(1)")
      case "vgk_link.register_pickup_key(bytea)":
        try bConnection.execute("SELECT vgk_link.register_pickup_key(decode(repeat('ab', 32), 'hex'))")
      case "vgk_link.hmac_sha256(bytea,bytea)", "vgk_link.sealed_order(jsonb,bytea)":
        // Helpers of the sealing: the owner's alone.
        let call = "SELECT " + function.replacingOccurrences(of: "(bytea,bytea)", with: "('\\x00'::bytea, '\\x00'::bytea)")
          .replacingOccurrences(of: "(jsonb,bytea)", with: "('{}'::jsonb, '\\x00'::bytea)")
        #expect(sqlState { try bConnection.execute(call) } == "42501", "\(function)")
      default:
        // Trigger functions: no EXECUTE for anyone but the owner.
        let call = "SELECT " + function.replacingOccurrences(of: "()", with: "") + "()"
        #expect(sqlState { try bConnection.execute(call) } == "42501", "\(function)")
      }
    }
    let admin = try db.admin()
    #expect(try admin.execute("SELECT code, acked FROM vgk_link.points ORDER BY code").rows.sorted { ($0[0] ?? "") < ($1[0] ?? "") } ==
      [[a, "0"], [b, "1"]].sorted { ($0[0] ?? "") < ($1[0] ?? "") })
    // B's key is B's: A's stays unset.
    #expect(try admin.execute("SELECT code FROM vgk_link.points WHERE pickup_key IS NOT NULL").rows == [[b]])
  }

  @Test func bCannotInsertAnEventForA() throws {
    let insert = "INSERT INTO vgk_link.events (point, dedup_key, event_type, payload, occurred_at) VALUES ($1, $2, 'order.picked_up', '{}', now())"
    #expect(sqlState { try bConnection.execute(insert, [a, "b:forged"]) } == "42501")
    // Without a point, the event is B's.
    try bConnection.execute(
      "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ('b:1', 'order.picked_up', '{}', now())")
    #expect(try db.admin().execute("SELECT point FROM vgk_link.events WHERE dedup_key = 'b:1'").rows == [[b]])
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.events WHERE dedup_key = 'b:forged'").scalar == "0")
  }

  @Test func sendingAnEventTwiceKeepsOne() throws {
    let insert = """
      INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ($1, 'order.picked_up', '{}', now())
      ON CONFLICT (point, dedup_key) DO NOTHING
      """
    #expect(try bConnection.execute(insert, ["b:same"]).affected == 1)
    #expect(try bConnection.execute(insert, ["b:same"]).affected == 0)
    // A's key is A's: the same key from B is B's own event.
    #expect(try bConnection.execute(insert, ["a:1"]).affected == 1)
    // Without a conflict target too.
    let bare = "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ($1, 'order.picked_up', '{}', now()) ON CONFLICT DO NOTHING"
    #expect(try bConnection.execute(bare, ["b:same"]).affected == 0)
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.events WHERE point = $1", [b]).scalar == "2")
  }

  @Test func bCannotReadEventsNorChangeAnything() throws {
    // Only the two columns ON CONFLICT needs may be named, and only B's own keys show through them.
    for column in ["*", "id", "payload", "event_type", "occurred_at", "received_at"] {
      #expect(sqlState { try bConnection.execute("SELECT \(column) FROM vgk_link.events") } == "42501", "\(column)")
    }
    try bConnection.execute(
      "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ('b:own', 'order.picked_up', '{}', now())")
    #expect(try bConnection.execute("SELECT point, dedup_key FROM vgk_link.events").rows == [[b, "b:own"]])
    #expect(try bConnection.execute("SELECT count(*) FROM vgk_link.events WHERE dedup_key = 'a:1'").scalar == "0")
    // The centre numbers and dates what it receives.
    #expect(
      sqlState {
        try bConnection.execute(
          "INSERT INTO vgk_link.events (id, dedup_key, event_type, payload, occurred_at) VALUES (999, 'b:id', 'order.picked_up', '{}', now())")
      } == "42501")
    #expect(
      sqlState {
        try bConnection.execute(
          "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at, received_at) VALUES ('b:at', 'x.y', '{}', now(), now())")
      } == "42501")
    let writes = [
      "UPDATE vgk_link.feed SET payload = '{}'", "DELETE FROM vgk_link.feed", "TRUNCATE vgk_link.feed",
      "INSERT INTO vgk_link.feed (point, kind, payload) VALUES ('\(b)', 'order', '{}')",
      "INSERT INTO vgk_link.feed (point, kind, payload) VALUES ('\(a)', 'order', '{}')",
      "UPDATE vgk_link.events SET dedup_key = 'x'", "DELETE FROM vgk_link.events", "TRUNCATE vgk_link.events",
      "UPDATE vgk_link.points SET acked = 0", "DELETE FROM vgk_link.points", "INSERT INTO vgk_link.points (code, name, role_name) VALUES ('ZZ', 'z', 'vgk_point_zz')",
      "UPDATE vgk_link.schema_migrations SET name = 'x'", "DELETE FROM vgk_link.schema_migrations",
      "SELECT setval('vgk_link.events_id_seq', 1)",
      "CREATE TABLE vgk_link.mine (i int)", "CREATE TABLE public.mine (i int)",
      "ALTER TABLE vgk_link.feed DISABLE ROW LEVEL SECURITY", "DROP POLICY feed_own ON vgk_link.feed",
      "CREATE FUNCTION vgk_link.current_point(x int) RETURNS text LANGUAGE sql AS 'SELECT ''x'''",
    ]
    for sql in writes {
      #expect(sqlState { try bConnection.execute(sql) } == "42501", "\(sql)")
    }
    let admin = try db.admin()
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed").scalar == "3")
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.events").scalar == "2")
  }

  @Test func bCannotSetUpTheSchema() throws {
    let error = #expect(throws: LinkError.self) { try CentralSchema.setup(bConnection) }
    #expect(error?.sqlState == "42501")
    #expect(throws: (any Error).self) { try Central(url: db.adminURL.replacingOccurrences(of: "vgk_admin:", with: "x:")).setup() }
  }

  @Test func aWrongPasswordDoesNotConnect() throws {
    let role = Central.roleName(for: b)
    let error = #expect(throws: LinkError.self) {
      try PGConnection(db.server.url(role: role, password: "not-the-password", database: db.name))
    }
    #expect(error?.description.contains("password authentication failed") == true)
  }

  @Test func acknowledgeStripsPickupCodesUpToTheCursorOnlyForItsPoint() throws {
    try db.feed(a, .order, [CentralDB.order(4)])
    try aConnection.execute("SELECT vgk_link.acknowledge(2)")
    let admin = try db.admin()
    let codes = try admin.execute("SELECT point, seq, payload ? 'pickup_code' FROM vgk_link.feed ORDER BY point, seq").rows
    #expect(codes.filter { $0[0] == a }.map { [$0[1], $0[2]] } == [["1", "f"], ["2", "f"], ["3", "t"]])
    #expect(codes.filter { $0[0] == b }.map { [$0[1], $0[2]] } == [["1", "t"]])
    let state = try admin.execute("SELECT acked, last_seen IS NOT NULL FROM vgk_link.points WHERE code = $1", [a]).rows
    #expect(state == [["2", "t"]])
    // The rest of the record stays.
    #expect(try admin.execute("SELECT payload ->> 'order_id' FROM vgk_link.feed WHERE point = $1 AND seq = 1", [a]).scalar == "1")
    // An older cursor does not move it back; a cursor past the feed or below zero is refused.
    try aConnection.execute("SELECT vgk_link.acknowledge(1)")
    #expect(try admin.execute("SELECT acked FROM vgk_link.points WHERE code = $1", [a]).scalar == "2")
    #expect(sqlState { try aConnection.execute("SELECT vgk_link.acknowledge(4)") } == "22023")
    #expect(sqlState { try aConnection.execute("SELECT vgk_link.acknowledge(-1)") } == "22023")
    #expect(sqlState { try aConnection.execute("SELECT vgk_link.acknowledge(NULL)") } == "22023")
    // B acknowledging its own feed strips nothing of A's.
    try bConnection.execute("SELECT vgk_link.acknowledge(1)")
    #expect(try admin.execute("SELECT payload ? 'pickup_code' FROM vgk_link.feed WHERE point = $1 AND seq = 3", [a]).scalar == "t")
    // The administrator is no point: acknowledge is refused.
    #expect(sqlState { try admin.execute("SELECT vgk_link.acknowledge(1)") } == "42501")
  }

  static func transfer(to destination: String, claimedFrom: String) -> String {
    """
    {"transfer": 9, "slip": 4100009, "from": "\(claimedFrom)", "from_name": "Forged", "to": "\(destination)", \
    "sent_at": "2026-11-20T10:00:00+01:00", "lines": [{"product": 800001, "title": "Radio", "quantity": 2}]}
    """
  }

  @Test func aTransferSentFromAReachesBsFeedFromA() throws {
    let insert = """
      INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ($1, 'transfer.sent', $2::jsonb, now())
      ON CONFLICT (point, dedup_key) DO NOTHING
      """
    // The sender claims to be someone else: the centre says who it is.
    try aConnection.execute(insert, ["transfer.sent:\(a):9", Self.transfer(to: b, claimedFrom: "ZZ-OTHER")])
    try aConnection.execute(insert, ["transfer.sent:\(a):9", Self.transfer(to: b, claimedFrom: "ZZ-OTHER")])
    let rows = try bConnection.execute(
      "SELECT seq, kind, payload ->> 'from', payload ->> 'from_name', payload ->> 'to', payload -> 'lines' -> 0 ->> 'quantity' FROM vgk_link.feed WHERE kind = 'transfer'"
    ).rows
    #expect(rows == [["2", "transfer", a, "Point A", b, "2"]])
    #expect(try aConnection.execute("SELECT count(*) FROM vgk_link.feed WHERE kind = 'transfer'").scalar == "0")
    // To a point that does not exist, or to itself: kept as an event, fed to nobody.
    try aConnection.execute(insert, ["transfer.sent:\(a):10", Self.transfer(to: "NO-SUCH", claimedFrom: a)])
    try aConnection.execute(insert, ["transfer.sent:\(a):11", Self.transfer(to: a, claimedFrom: a)])
    let admin = try db.admin()
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed WHERE kind = 'transfer'").scalar == "1")
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.events WHERE event_type = 'transfer.sent'").scalar == "3")
  }

  @Test func notificationsSayThatSomethingCameAndNothingOfIt() throws {
    let listener = try db.admin()
    try listener.listen("vgk_events")
    try bConnection.listen(LinkSync.feedChannel(point: b))
    try db.feed(b, .product, ["{\"id\": 5}"])
    var feedChannels: [String] = []
    #expect(try holds(within: 10) { feedChannels += try bConnection.waitForNotifications(timeout: 0.2); return !feedChannels.isEmpty })
    #expect(feedChannels.allSatisfy { $0 == LinkSync.feedChannel(point: b) })
    try aConnection.execute(
      "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ('a:2', 'order.picked_up', '{}', now())")
    var eventChannels: [String] = []
    #expect(try holds(within: 10) { eventChannels += try listener.waitForNotifications(timeout: 0.2); return !eventChannels.isEmpty })
    #expect(eventChannels == ["vgk_events"])
  }
}
