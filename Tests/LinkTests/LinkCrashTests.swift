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

/// `link sync` killed with SIGKILL at random moments while there is work both ways: feed
/// batches added at the centre between kills (pulls in progress), movements, refused scans and
/// handovers at the point (pushes in progress). After one clean sync the two sides must agree:
/// every event the point made is at the centre once, every feed record applied at the point
/// once. `make test` kills 100 times ($VGK_LINK_KILLS for more, `make link-crash` 1000);
/// $VGK_LINK_SEED replays a round (its seed is in every failure's message).
@Suite struct LinkCrashTests {
  static var kills: Int { Int(ProcessInfo.processInfo.environment["VGK_LINK_KILLS"] ?? "") ?? 100 }

  @Test func syncKilledAtRandomMomentsLosesAndDoublesNothing() throws {
    let kills = Self.kills
    let seed = UInt64(ProcessInfo.processInfo.environment["VGK_LINK_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(1 << 40))
    var rng = SplitMix(state: seed)
    let started = Date()
    let central = try CentralDB.make()
    let point = try PointRig(central)
    let admin = try central.admin()
    try LinkEndToEndTests.stocked(central, point)

    var nextOrder: Int64 = 5_000_000
    var fedOrders: [Int64] = []
    var readyItems = 0
    var badRecords = 0
    /// Feeds `count` orders (a few bad records among them, refused at the point as data).
    func feed(_ count: Int) throws {
      var records: [String] = []
      for _ in 0..<count {
        if Int.random(in: 0..<20, using: &rng) == 0 {
          records.append(#"{"order_id": "not a number", "pickup_code": "AAAAAA"}"#)
          badRecords += 1
          continue
        }
        nextOrder += 1
        let items = Int.random(in: 1...2, using: &rng)
        records.append(Records.order(nextOrder, code: Records.code(nextOrder), items: items))
        fedOrders.append(nextOrder)
        readyItems += items
      }
      try central.feed(point.code, .order, records)
    }
    try feed(40)
    let first = try point.sync()
    #expect(first.run.status == 0, "seed \(seed): \(first.run.err)")

    let database = try AppDatabase.open(path: point.db)
    point.open = database
    defer {
      point.open = nil
      try? database.close()
    }
    let counter = try Counter(database: database, key: try KeyStore(directory: point.keys).pickupCodeKey(create: false))
    let inventory = Inventory(database: database)
    let now = try Timestamp.parse(linkNow).get()
    var handedOver: Set<Int64> = []
    var killed = 0
    var completed = 0
    var runs = 0
    // How long the last sync that ran to its end lasted, in seconds.
    var lasting = 0.3
    while killed < kills && runs < kills * 4 + 20 {
      runs += 1
      // Work both ways, before the sync or while it runs (the point's writes then wait for its
      // transactions and it for theirs; the centre's batch lands before or after its pull).
      func work() throws {
        if Bool.random(using: &rng) { try feed(Int.random(in: 1...30, using: &rng)) }
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
          _ = try inventory.move(
            MovementRequest(type: .receive, productID: 100_002, quantity: Int64.random(in: 1...5, using: &rng), to: "BACK"), by: "amina.n",
            now: now)
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
          // A code for an order no one has: refused, an order.handover_refused event.
          _ = try counter.process(text: "ORDER:\(Int.random(in: 9_000_000...9_999_999, using: &rng)):ZZZZZZ", source: .cli, staff: "amina.n", now: now)
        }
        // One ready order handed over, picked by the seed (so a round replays).
        let ready = try point.read { try Int64.fetchAll($0, sql: "SELECT id FROM orders WHERE status = 'ready' ORDER BY id") }
        for id in ready.randomElement(using: &rng).map({ [$0] }) ?? [] {
          let scan = try counter.process(text: "ORDER:\(id):\(Records.code(id))", source: .cli, staff: "amina.n", now: now)
          if case .success = try counter.confirmHandover(orderID: id, scanID: scan.scanID, staff: "amina.n", now: now) { handedOver.insert(id) }
        }
      }
      let during = Bool.random(using: &rng)
      if !during { try work() }
      // About one sync in four runs to its end (which keeps the backlog bounded and measures how
      // long a sync lasts); the others are killed anywhere in that length and a little beyond.
      let toTheEnd = Int.random(in: 0..<4, using: &rng) == 0
      let delay = toTheEnd ? 120.0 : lasting * Double(Int.random(in: 0...1200, using: &rng)) / 1000
      let sync = try point.start(["link", "sync"])
      let began = Date()
      let end = began.addingTimeInterval(delay)
      if during { try work() }
      _ = holds(within: end.timeIntervalSinceNow, interval: .milliseconds(1)) { !sync.process.isRunning }
      if !during && !sync.process.isRunning { lasting = Date().timeIntervalSince(began) }
      if sync.process.isRunning {
        kill(sync.process.processIdentifier, SIGKILL)
        let r = sync.wait()
        if r.status != 0 && sync.process.terminationReason == .uncaughtSignal { killed += 1 }
      } else {
        let r = sync.wait()
        #expect(r.status == 0, "seed \(seed), run \(runs): \(r.out)\(r.err)")
        completed += 1
      }
    }
    #expect(killed == kills, "seed \(seed): \(killed) kills in \(runs) runs")

    // One clean sync brings both sides level.
    let clean = try point.sync()
    #expect(clean.run.status == 0, "seed \(seed): \(clean.run.out)\(clean.run.err)")
    let status = try point.run(["link", "status", "--json"])
    #expect(status.object["waiting"] as? Int == 0 && status.object["up"] as? Bool == true, "seed \(seed): \(status.out)")

    // Out: the centre's events are the point's outbox rows and movements, each once.
    let centreKeys = try admin.execute("SELECT dedup_key FROM vgk_link.events WHERE point = $1", [point.code]).rows.compactMap { $0[0] }
    let pointKeys = try point.eventKeys()
    #expect(centreKeys.count == Set(centreKeys).count, "seed \(seed): an event twice at the centre")
    let missing = pointKeys.subtracting(centreKeys)
    let extra = Set(centreKeys).subtracting(pointKeys)
    #expect(missing.isEmpty && extra.isEmpty, "seed \(seed): \(missing.count) events lost (\(missing.sorted().prefix(5))), \(extra.count) unknown")
    #expect(try point.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0, "seed \(seed)")
    #expect(
      try point.count("SELECT count(*) FROM link_state WHERE movements_sent = (SELECT max(id) FROM movements)") == 1, "seed \(seed)")
    #expect(
      try centralCount(admin, "SELECT count(*) FROM vgk_link.events WHERE point = $1 AND event_type = 'order.picked_up'", point.code)
        == handedOver.count, "seed \(seed)")

    // In: every feed record applied once.
    let head = Int(try admin.execute("SELECT feed_head FROM vgk_link.points WHERE code = $1", [point.code]).scalar ?? "") ?? -1
    // Two products and two staff, then the orders and the bad records.
    #expect(head == 4 + fedOrders.count + badRecords, "seed \(seed)")
    #expect(try point.count("SELECT count(*) FROM link_feed_log") == head, "seed \(seed)")
    #expect(try point.count("SELECT count(DISTINCT seq) FROM link_feed_log") == head, "seed \(seed)")
    #expect(try point.count("SELECT max(seq) FROM link_feed_log") == head, "seed \(seed)")
    #expect(try point.count("SELECT cursor FROM link_state") == head, "seed \(seed)")
    #expect(try point.count("SELECT count(*) FROM link_feed_log WHERE outcome = 'refused'") == badRecords, "seed \(seed)")
    #expect(try point.count("SELECT count(*) FROM orders") == fedOrders.count, "seed \(seed)")
    #expect(try point.count("SELECT count(*) FROM movements WHERE type = 'RECEIVE' AND order_id IS NOT NULL") == readyItems, "seed \(seed)")
    #expect(try point.count("SELECT count(*) FROM handovers") == handedOver.count, "seed \(seed)")
    // The centre forgot the codes the point has.
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed WHERE payload ? 'pickup_code'").scalar == "0", "seed \(seed)")
    let check = try point.run(["db", "check"])
    #expect(check.status == 0, "seed \(seed): \(check.out)\(check.err)")
    print(
      "link crash round: \(runs) syncs, \(killed) killed with SIGKILL, \(completed) completed; \(centreKeys.count) events at the centre, "
        + "\(head) feed records, \(fedOrders.count) orders, \(handedOver.count) handovers; \(String(format: "%.1f", Date().timeIntervalSince(started))) s; seed \(seed)")
  }

  func centralCount(_ admin: PGConnection, _ sql: String, _ parameter: String) throws -> Int {
    Int(try admin.execute(sql, [parameter]).scalar ?? "") ?? -1
  }
}
