import Foundation
import GRDB
import StaffDomain
import StaffLink
import StaffStore
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The link end to end: the real binary at a point (`link sync|run|status`, `scan`, `transfer`)
/// against the test server's `vgk_link`, set up by `central …`.
@Suite struct LinkEndToEndTests {
  /// Feeds products and staff to `point` and syncs once: a point ready for orders.
  static func stocked(_ central: CentralDB, _ point: PointRig) throws {
    try central.feed(point.code, .product, Records.products)
    try central.feed(point.code, .staff, Records.staff)
  }

  func centralCount(_ central: CentralDB, _ sql: String, _ parameters: [String?]) throws -> Int {
    Int(try central.admin().execute(sql, parameters).scalar ?? "") ?? -1
  }

  @Test func aFedOrderReachesThePointAndItsHandoverReachesTheCentreExactlyOnce() throws {
    let central = try CentralDB.make(setUp: false)
    let setup = try PointRig.runBinary(["central", "setup", "--url", central.adminURL], env: [:], directory: NSTemporaryDirectory())
    #expect(setup.status == 0, "\(setup.err)")
    let point = try PointRig(central, prefix: "DLA", viaBinary: true)
    let admin = try central.admin()
    let files = point.directory
    let products = files + "/products.csv"
    let staff = files + "/staff.csv"
    let orders = files + "/orders.csv"
    try "id,title,category,price_fcfa,unique_item\n100001,Radio Tecno,Maison,8000,false\n100002,Piles AA,Maison,500,false\n"
      .write(toFile: products, atomically: true, encoding: .utf8)
    try "login,full_name,role\namina.n,Amina Njoya,clerk\n".write(toFile: staff, atomically: true, encoding: .utf8)
    try """
      order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,updated_at,product_id,title,quantity,unit_price_fcfa
      3100001,7,Awa Mbarga,QZ7XK2PW,ready,A-01,2026-11-18T09:00:00+01:00,2026-11-19T10:00:00+01:00,100001,Radio Tecno,1,8000
      3100001,7,Awa Mbarga,QZ7XK2PW,ready,A-01,2026-11-18T09:00:00+01:00,2026-11-19T10:00:00+01:00,100002,Piles AA,4,500
      3100002,8,Jean Fotso,MB3RT9LV,ready,A-02,2026-11-18T09:00:00+01:00,2026-11-19T10:00:00+01:00,100001,Radio Tecno,2,8000

      """.write(toFile: orders, atomically: true, encoding: .utf8)
    for (kind, file) in [("products", products), ("staff", staff), ("orders", orders)] {
      let fed = try PointRig.runBinary(
        ["central", "feed", "--url", central.adminURL, "--point", point.code, kind, file], env: [:], directory: files)
      #expect(fed.status == 0, "\(kind): \(fed.err)")
    }

    let first = try point.sync()
    #expect(first.run.status == 0, "\(first.run.err)")
    #expect(first.report["pulled"] as? Int == 5 && first.report["cursor"] as? Int == 5, "\(first.run.out)")
    #expect(try point.count("SELECT count(*) FROM orders WHERE status = 'ready'") == 2)
    // One RECEIVE per ready order item, onto its shelf.
    #expect(try point.count("SELECT count(*) FROM movements WHERE type = 'RECEIVE' AND order_id IS NOT NULL") == 3)
    // The clear codes are nowhere in the point's file, and the centre forgot them once acknowledged.
    let bytes = point.fileBytes()
    for code in ["QZ7XK2PW", "MB3RT9LV"] {
      #expect(bytes.range(of: Data(code.utf8)) == nil, "\(code) is in the SQLite file")
    }
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed WHERE payload ? 'pickup_code'").scalar == "0")
    #expect(try admin.execute("SELECT acked FROM vgk_link.points WHERE code = $1", [point.code]).scalar == "5")

    let handed = try point.handOver(3_100_001, code: "QZ7XK2PW")
    #expect(handed.status == 0 && handed.out.contains("handed_over"), "\(handed.out)\(handed.err)")
    let second = try point.sync()
    #expect(second.run.status == 0 && second.report["pulled"] as? Int == 0, "\(second.run.out)\(second.run.err)")
    let picked = try admin.execute(
      "SELECT dedup_key, payload ->> 'order_id', payload ->> 'point', payload ->> 'staff', payload ->> 'handed_over_at', occurred_at = '2026-11-20T12:00:00+01:00' FROM vgk_link.events WHERE event_type = 'order.picked_up'"
    ).rows
    #expect(picked.count == 1)
    #expect(picked.first?[1] == "3100001" && picked.first?[2] == point.code && picked.first?[3] == "amina.n", "\(picked)")
    #expect(picked.first?[4] == linkNow && picked.first?[5] == "t", "\(picked)")
    let third = try point.sync()
    #expect(third.run.status == 0 && third.report["pushed"] as? Int == 0 && third.report["pulled"] as? Int == 0, "\(third.run.out)")
    #expect(try centralCount(central, "SELECT count(*) FROM vgk_link.events WHERE event_type = 'order.picked_up'", []) == 1)
    // The ledger reached the centre, one event per movement (the receipts and the handover's picks).
    let movements = try point.count("SELECT count(*) FROM movements")
    #expect(movements == 5)
    #expect(try centralCount(central, "SELECT count(*) FROM vgk_link.events WHERE event_type = 'stock.movement'", []) == movements)
    #expect(try central.admin().execute("SELECT dedup_key FROM vgk_link.events").rows.compactMap { $0[0] }.count == movements + 1)
    #expect(Set(try central.admin().execute("SELECT dedup_key FROM vgk_link.events").rows.compactMap { $0[0] }) == (try point.eventKeys()))
    let status = try point.run(["link", "status", "--json"])
    #expect(status.status == 0 && status.object["up"] as? Bool == true && status.object["waiting"] as? Int == 0, "\(status.out)")
  }

  @Test func whileTheCentreIsDownHandoversGoOnAndTheirEventsArriveOnceWhenItIsBack() throws {
    let server = try PostgresServer.get()
    let central = try CentralDB.make()
    let proxy = try TCPProxy(target: server.port)
    defer { proxy.stop() }
    let point = try PointRig(central, port: proxy.port, extraConfig: "link_poll_seconds = 1\n")
    try Self.stocked(central, point)
    let ids: [Int64] = (1...4).map { 3_200_000 + $0 }
    try central.feed(point.code, .order, ids.map { Records.order($0, code: Records.code($0)) })
    let runner = try point.start(["link", "run"])
    defer {
      if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) }
    }
    let picked = "SELECT count(*) FROM vgk_link.events WHERE event_type = 'order.picked_up'"
    #expect(try holds(within: 20) { try point.count("SELECT count(*) FROM orders WHERE status = 'ready'") == 4 })
    #expect(try point.handOver(ids[0], code: Records.code(ids[0])).status == 0)
    #expect(try holds(within: 20) { try centralCount(central, picked, []) == 1 }, "the handover did not reach the centre")

    proxy.cut()
    #expect(
      try holds(within: 20) {
        let s = try point.run(["link", "status", "--json"])
        return s.status == 1 && s.object["up"] as? Bool == false && s.object["down_since"] is String
      }, "the runner did not notice the centre going away")
    let down = try point.run(["link", "status"])
    #expect(down.status == 1 && down.out.contains("State:         down since "), "\(down.out)")
    #expect(!down.out.contains(point.password) && !down.err.contains(point.password))
    for id in ids[1...2] {
      let r = try point.handOver(id, code: Records.code(id))
      #expect(r.status == 0 && r.out.contains("handed_over"), "\(r.out)\(r.err)")
    }
    let waiting = try point.run(["link", "status", "--json"])
    // Two handovers: their order.picked_up events and one PICK movement each.
    #expect(waiting.object["waiting"] as? Int == 4 && waiting.object["oldest_waiting"] is String, "\(waiting.out)")
    #expect(try centralCount(central, picked, []) == 1)

    proxy.restore()
    #expect(try holds(within: 30) { try centralCount(central, picked, []) == 3 }, "the waiting events did not arrive")
    #expect(
      try holds(within: 20) {
        let s = try point.run(["link", "status", "--json"])
        return s.status == 0 && s.object["up"] as? Bool == true && s.object["waiting"] as? Int == 0
      })
    let keys = try central.admin().execute("SELECT dedup_key FROM vgk_link.events WHERE point = $1", [point.code]).rows.compactMap { $0[0] }
    #expect(keys.count == Set(keys).count)
    #expect(Set(keys) == (try point.eventKeys()))
    // link run stops on SIGTERM, in time.
    kill(runner.process.processIdentifier, SIGTERM)
    #expect(holds(within: 10) { !runner.process.isRunning })
    let ended = runner.wait()
    #expect(ended.status == 0, "\(ended.err)")
    #expect(ended.err.contains("link: up") && ended.err.contains("link: down"), "\(ended.err)")
    #expect(!ended.err.contains(point.password))
  }

  /// A listening runner does not wait for its next poll (an hour here): a feed record arrives at
  /// once, what it made at the point (a ready order's receipts) leaves at once, and so does a
  /// handover made meanwhile by another process.
  @Test func aListeningRunnerMovesBothWaysWithoutWaitingForItsPoll() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central, extraConfig: "link_poll_seconds = 3600\n")
    try Self.stocked(central, point)
    let runner = try point.start(["link", "run"])
    defer {
      if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) }
    }
    #expect(try holds(within: 20) { (try point.run(["link", "status", "--json"]).object["up"] as? Bool) == true })
    let id: Int64 = 3_250_001
    try central.feed(point.code, .order, [Records.order(id, code: Records.code(id), items: 2)])
    #expect(try holds(within: 10) { try point.count("SELECT count(*) FROM orders WHERE id = ?", [id]) == 1 })
    let receipts = "SELECT count(*) FROM vgk_link.events WHERE point = $1 AND event_type = 'stock.movement'"
    #expect(try holds(within: 10) { try centralCount(central, receipts, [point.code]) == 2 }, "the receipts waited")
    #expect(try point.handOver(id, code: Records.code(id)).status == 0)
    let picked = "SELECT count(*) FROM vgk_link.events WHERE point = $1 AND event_type = 'order.picked_up'"
    #expect(try holds(within: 10) { try centralCount(central, picked, [point.code]) == 1 }, "the handover waited")
    kill(runner.process.processIdentifier, SIGTERM)
    #expect(holds(within: 10) { !runner.process.isRunning })
  }

  @Test func aCancellationAfterTheHandoverIsAConflictAndTheHandoverStands() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central)
    try Self.stocked(central, point)
    let id: Int64 = 3_300_001
    try central.feed(point.code, .order, [Records.order(id, code: "CNCL2345")])
    #expect(try point.sync().run.status == 0)
    #expect(try point.handOver(id, code: "CNCL2345").status == 0)
    try central.feed(
      point.code, .orderCancelled, [#"{"order_id": \#(id), "reason": "buyer asked", "cancelled_at": "2026-11-20T12:30:00+01:00"}"#])
    let sync = try point.sync()
    #expect(sync.run.status == 0 && sync.report["conflicts"] as? Int == 1, "\(sync.run.out)\(sync.run.err)")
    #expect(try point.count("SELECT count(*) FROM orders WHERE id = ? AND status = 'picked_up'", [id]) == 1)
    #expect(try point.count("SELECT count(*) FROM handovers WHERE order_id = ?", [id]) == 1)
    #expect(try point.count("SELECT count(*) FROM tasks WHERE type = 'REPORTING' AND order_id = ?", [id]) == 1)
    #expect(try point.count("SELECT count(*) FROM link_feed_log WHERE outcome = 'conflict'") == 1)
    let conflict = "SELECT count(*) FROM vgk_link.events WHERE event_type = 'order.conflict' AND payload ->> 'order_id' = $1"
    // The pull made the event; the same pass sent it.
    #expect(try centralCount(central, conflict, [String(id)]) == 1)
    #expect(try point.sync().run.status == 0)
    #expect(try centralCount(central, conflict, [String(id)]) == 1)
  }

  @Test func aPickupCodeChangedCentrallyRefusesTheOldCodeAtTheNextScan() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central)
    try Self.stocked(central, point)
    let id: Int64 = 3_400_001
    try central.feed(point.code, .order, [Records.order(id, code: "OLDC0DE1")])
    #expect(try point.sync().run.status == 0)
    try central.feed(point.code, .order, [Records.order(id, code: "NEWC0DE2")])
    #expect(try point.sync().run.status == 0)
    let old = try point.handOver(id, code: "OLDC0DE1")
    #expect(old.status == 1 && !old.out.contains("\"handed_over\""), "\(old.out)\(old.err)")
    #expect(try point.count("SELECT count(*) FROM handovers") == 0)
    let new = try point.handOver(id, code: "NEWC0DE2")
    #expect(new.status == 0 && new.out.contains("handed_over"), "\(new.out)\(new.err)")
    #expect(point.fileBytes().range(of: Data("NEWC0DE2".utf8)) == nil)
  }

  @Test func aTransferFromOnePointReachesAnotherThroughTheCentre() throws {
    let central = try CentralDB.make()
    let a = try PointRig(central, prefix: "A")
    let b = try PointRig(central, prefix: "B")
    for p in [a, b] { try Self.stocked(central, p) }
    #expect(try a.sync().run.status == 0)
    #expect(try b.sync().run.status == 0)
    let stocked = try a.run(["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "3", "--to", "BACK", "--staff", "amina.n"])
    #expect(stocked.status == 0, "\(stocked.err)")
    let sent = try a.run(["transfer", "send", "--to", b.code, "100001:2@BACK", "--staff", "amina.n", "--json"])
    #expect(sent.status == 0, "\(sent.err)")
    let slip = try #require(sent.object["slip"] as? String)
    let transfer = try #require(sent.object["id"] as? Int)
    #expect(try a.sync().run.status == 0)
    // The centre routed the sent event to b's feed.
    #expect(try centralCount(central, "SELECT count(*) FROM vgk_link.feed WHERE point = $1 AND kind = 'transfer'", [b.code]) == 1)
    let pulled = try b.sync()
    #expect(pulled.run.status == 0 && pulled.report["pulled"] as? Int == 1, "\(pulled.run.out)")
    #expect(try b.count("SELECT count(*) FROM link_feed_log WHERE kind = 'transfer' AND outcome = 'applied'") == 1)
    let received = try b.run(["transfer", "receive", slip, "--from", a.code, "--staff", "amina.n", "--json"])
    #expect(received.status == 0, "\(received.out)\(received.err)")
    #expect(try b.sync().run.status == 0)
    let events = try central.admin().execute(
      "SELECT point, payload ->> 'transfer' FROM vgk_link.events WHERE event_type = 'transfer.received'").rows
    #expect(events == [[b.code, String(transfer)]], "\(events)")
    #expect(try b.count("SELECT coalesce(sum(quantity), 0) FROM stock WHERE product_id = 100001") == 2)
  }

  @Test func hostileFeedRecordsAreRefusedAsDataAndTheCentreLearnsWhyInTheSamePass() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central)
    try Self.stocked(central, point)
    let hostile = [
      #"{"order_id": 99999999999999999999, "customer_id": 7, "customer_name": "A", "pickup_code": "ABCDEF12", "status": "ready", "created_at": "2026-11-18T09:00:00+01:00", "items": []}"#,
      #"{"order_id": 3500001, "customer_id": 7, "customer_name": "\u001b[2J\u001b]0;pwned\u0007", "pickup_code": "ABCDEF12", "status": "ready", "shelf": "S-1", "created_at": "2026-11-18T09:00:00+01:00", "items": [{"title": "x", "quantity": 1, "unit_price_fcfa": 1}]}"#,
      #"{"order_id": "3500002", "status": ["ready"], "items": "none"}"#,
      #"{"order_id": 3500003, "customer_id": 7, "customer_name": "\#(String(repeating: "x", count: 1_100_000))", "pickup_code": "ABCDEF12", "status": "ready", "created_at": "2026-11-18T09:00:00+01:00", "items": []}"#,
      #"{"order_id": 3500004, "surprise": true}"#,
    ]
    try central.feed(point.code, .order, hostile)
    try central.feed(point.code, .product, [#"{"id": 100003, "title": "Lampe", "category": "Maison", "price_fcfa": -3}"#])
    let sync = try point.sync()
    #expect(sync.run.status == 0 && sync.report["pulled"] as? Int == 10 && sync.report["cursor"] as? Int == 10, "\(sync.run.out)\(sync.run.err)")
    #expect(try point.count("SELECT count(*) FROM link_feed_log WHERE outcome = 'refused'") == 6)
    #expect(try point.count("SELECT count(*) FROM orders") == 0)
    #expect(try point.count("SELECT count(*) FROM link_feed_log WHERE detail GLOB ('*' || char(27) || '*')") == 0)
    // Each refusal reached the centre in the same pass, without the hostile bytes.
    let refused = try central.admin().execute(
      "SELECT payload ->> 'seq', payload ->> 'reason' FROM vgk_link.events WHERE event_type = 'feed.refused' ORDER BY (payload ->> 'seq')::int").rows
    #expect(refused.map { $0[0] } == (5...10).map { String($0) }, "\(refused)")
    for row in refused {
      let reason = row[1] ?? ""
      #expect(!reason.isEmpty && reason.count <= 500 && !reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(reason)")
    }
    let status = try point.run(["link", "status"])
    #expect(status.status == 0 && !status.out.unicodeScalars.contains("\u{1B}"), "\(status.out)")
    #expect(try point.run(["db", "check"]).status == 0)
  }

  // MARK: The command's contract

  @Test func syncAndStatusExitCodesAndTheirOutput() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central)
    try Self.stocked(central, point)
    let first = try point.run(["link", "sync"])
    #expect(first.status == 0 && first.out.hasPrefix("Sent ") && first.out.contains("applied 4 feed records"), "\(first.out)\(first.err)")
    let again = try point.run(["link", "sync"])
    #expect(again.status == 0 && again.out == "Sent 0 events, applied 0 feed records; feed at 4.\n", "\(again.out)")
    let up = try point.run(["link", "status", "--json"])
    #expect(up.status == 0 && up.lines.count == 1)
    let fields = up.object
    #expect(Set(fields.keys) == ["configured", "url", "up", "waiting", "oldest_waiting", "last_contact", "down_since", "cursor", "last_error"])
    #expect(fields["configured"] as? Bool == true && fields["up"] as? Bool == true && fields["cursor"] as? Int == 4)
    #expect(fields["url"] as? String == LinkURL.masked(point.url) && fields["last_contact"] is String && fields["down_since"] is NSNull)
    #expect(!up.out.contains(point.password))

    // Unreachable: one line, no password anywhere, status down with the reason.
    let closed = try PostgresServer.freePort()
    point.writeConfig("link_url = \(PointRig.replacingPort(point.url, with: closed))\n")
    let unreachable = try point.run(["link", "sync"])
    #expect(unreachable.status == 1 && unreachable.out.isEmpty, "\(unreachable.out)")
    #expect(unreachable.err.split(separator: "\n").count == 1 && unreachable.err.contains("could not be reached"), "\(unreachable.err)")
    let down = try point.run(["link", "status"])
    let downJSON = try point.run(["link", "status", "--json"])
    #expect(down.status == 1 && downJSON.status == 1 && downJSON.object["last_error"] is String && downJSON.object["down_since"] is String)
    for r in [unreachable, down, downJSON] {
      #expect(!r.out.contains(point.password) && !r.err.contains(point.password), "the password shows: \(r.out)\(r.err)")
    }
    #expect(!(try point.read { try String.fetchOne($0, sql: "SELECT last_error FROM link_state") } ?? "").contains(point.password))

    // Bad configuration: exit 2, the centre not contacted, nothing written.
    let bad: [(config: String, status: [Int32])] = [
      ("", [2, 0]),
      ("link_url =\n", [2, 2]),
      ("link_url = \"\"\n", [2, 2]),
      ("link_url = bogus==x\n", [2, 2]),
      ("link_url = \(point.url)\nlink_listen = maybe\n", [2, 2]),
      ("link_url = \(point.url)\nlink_poll_seconds = 0\n", [2, 2]),
      ("link_url = \(point.url)\nlink_poll_seconds = 99999999999999999999\n", [2, 2]),
    ]
    for (config, expected) in bad {
      point.writeConfig(config)
      let sync = try point.run(["link", "sync"])
      let status = try point.run(["link", "status", "--json"])
      #expect(sync.status == expected[0] && status.status == expected[1], "\(config): \(sync.status) \(sync.err) / \(status.status) \(status.err)")
      #expect(sync.out.isEmpty && sync.err.split(separator: "\n").count == 1, "\(config): \(sync.err)")
      #expect(!sync.err.contains(point.password) && !status.err.contains(point.password) && !status.out.contains(point.password))
    }
    point.writeConfig("")
    let off = try point.run(["link", "status", "--json"])
    #expect(off.status == 0 && off.object["configured"] as? Bool == false && off.object["url"] is NSNull, "\(off.out)")
  }
}

@Suite struct LinkRefusalTests {
  /// Events the centre will not take (here a payload PostgreSQL's jsonb refuses: a NUL escape)
  /// stay unsent with their reason, and do not hold up those behind them, even more than a batch
  /// of them.
  @Test func eventsTheCentreRefusesStayWaitingAndTheOthersGoOn() throws {
    let central = try CentralDB.make()
    let point = try PointRig(central)
    let database = try AppDatabase.open(path: point.db)
    try database.write { db in
      for i in 1...600 {
        try db.execute(
          sql: "INSERT INTO outbox (event_type, payload, dedup_key, created_at) VALUES ('test.poison', ?, ?, 1700000000)",
          arguments: [#"{"x":"\u0000"}"#, "test.poison:\(point.code):\(i)"])
      }
      for i in 1...3 {
        try db.execute(
          sql: "INSERT INTO outbox (event_type, payload, dedup_key, created_at) VALUES ('test.good', '{\"n\":1}', ?, 1700000001)",
          arguments: ["test.good:\(point.code):\(i)"])
      }
    }
    try database.close()
    for round in 1...2 {
      let sync = try point.sync()
      #expect(sync.run.status == 1, "round \(round): \(sync.run.err)")
      #expect(sync.report["refused"] as? Int == 600, "round \(round): \(sync.run.out)")
      #expect(sync.report["pushed"] as? Int == (round == 1 ? 3 : 0), "round \(round): \(sync.run.out)")
      #expect(sync.run.err.split(separator: "\n").count == 1, "\(sync.run.err)")
    }
    let keys = try central.admin().execute("SELECT dedup_key FROM vgk_link.events ORDER BY dedup_key").rows.compactMap { $0[0] }
    #expect(keys == (1...3).map { "test.good:\(point.code):\($0)" })
    #expect(try point.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 2 AND last_error IS NOT NULL") == 600)
    let status = try point.run(["link", "status", "--json"]).object
    #expect(status["waiting"] as? Int == 600)
    #expect((status["last_error"] as? String)?.contains("the centre refused test.poison:") == true, "\(status)")
  }
}
