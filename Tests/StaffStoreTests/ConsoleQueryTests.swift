import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// What the console reads, and the clerk's refusal, on the counter fixture's point.
@Suite struct ConsoleQueryTests {
  @Test func theScanQueueSaysWhatBecameOfEachScan() throws {
    let f = try CounterFixture()
    let right = try f.scan("ORDER:5001:ABC123")
    _ = try f.scan("ORDER:5001:WRONG1")
    let product = try f.scan("PRODUCT:100001")
    let refused = try f.scan("ORDER:5008:LCK001")
    _ = try f.counter.confirmHandover(orderID: 5001, scanID: right.scanID, staff: "amina.n", terminal: "counter-1", now: testNow + 60)
    let decision = try f.counter.refuseHandover(scanID: refused.scanID, reason: .wrongPerson, staff: "brice.k", terminal: "counter-2", now: testNow + 90)
    #expect(try decision.get() == ScanDecision(kind: .refused, reason: "wrong_person", staff: "brice.k", at: testNow + 90))

    let rows = try ConsoleQueries.scans(f.database)
    #expect(rows.map(\.id) == [refused.scanID, product.scanID, right.scanID + 1, right.scanID])
    #expect(rows[0].decision?.reason == "wrong_person" && rows[0].handover == nil)
    #expect(rows[1].outcome == "shown" && rows[1].kind == .product && rows[1].staff == "amina.n" && rows[1].terminal == "counter-1", "\(rows[1])")
    #expect(rows[2].outcome == "code_refused" && rows[2].handover == nil, "a wrong code shows nothing of the order's fate")
    #expect(rows[3].handover?.staffLogin == "amina.n" && rows[3].payload == "ORDER:5001:***")
    #expect(try ConsoleQueries.scans(f.database, limit: 2).count == 2)

    // Details: the order only for the right code, the product for its scan, nothing else.
    guard case .order(let order) = try ConsoleQueries.scanDetail(f.database, scanID: right.scanID) else {
      Issue.record("no order for the right code")
      return
    }
    #expect(order.id == 5001 && order.shelf == "A-01-1" && order.customer == "M*** N***")
    #expect(try ConsoleQueries.scanDetail(f.database, scanID: right.scanID + 1) == .none)
    guard case .product(let p) = try ConsoleQueries.scanDetail(f.database, scanID: product.scanID) else {
      Issue.record("no product")
      return
    }
    #expect(p.id == 100001)
    #expect(try ConsoleQueries.scanDetail(f.database, scanID: 99_999) == .none)
    #expect(try ConsoleQueries.scanOrder(f.database, scanID: refused.scanID) == 5008)
  }

  @Test func aRefusalIsRecordedOnceAuditedAndNeverRewritten() throws {
    let f = try CounterFixture()
    let right = try f.scan("ORDER:5008:LCK001")
    let audits = try f.int("SELECT count(*) FROM audit_log") ?? 0
    #expect(try f.counter.refuseHandover(scanID: right.scanID, reason: .parcelNotFound, staff: "amina.n", now: testNow).get().reason == "parcel_not_found")
    #expect(try f.int("SELECT count(*) FROM audit_log WHERE action = 'order.handover_refused'") == 1)
    #expect(try f.int("SELECT count(*) FROM audit_log") == audits + 1)
    #expect(try f.string("SELECT status FROM orders WHERE id = 5008") == "ready", "the order stays ready")
    guard case .failure(.alreadyDecided(let d)) = try f.counter.refuseHandover(scanID: right.scanID, reason: .other, staff: "brice.k", now: testNow) else {
      Issue.record("a second refusal of one scan was accepted")
      return
    }
    #expect(d.staff == "amina.n")
    // A wrong code, a product, an unknown scan: nothing to refuse.
    let wrong = try f.scan("ORDER:5008:WRONG1")
    #expect(try f.counter.refuseHandover(scanID: wrong.scanID, reason: .other, staff: "amina.n", now: testNow) == .failure(.notVerified(scanID: wrong.scanID)))
    #expect(try f.counter.refuseHandover(scanID: 12345, reason: .other, staff: "amina.n", now: testNow) == .failure(.notVerified(scanID: 12345)))
    // Handed over after another scan: refusing the old one says who took it.
    let first = try f.scan("ORDER:5001:ABC123")
    let second = try f.scan("ORDER:5001:ABC123")
    _ = try f.counter.confirmHandover(orderID: 5001, scanID: second.scanID, staff: "brice.k", now: testNow)
    guard case .failure(.alreadyHandedOver(let h)) = try f.counter.refuseHandover(scanID: first.scanID, reason: .other, staff: "amina.n", now: testNow) else {
      Issue.record("a refusal after the handover was accepted")
      return
    }
    #expect(h.staffLogin == "brice.k")
    #expect(throws: StoreError.self) { try f.counter.refuseHandover(scanID: first.scanID, reason: .other, staff: "nobody", now: testNow) }
    // Append-only, like the ledger.
    for sql in ["UPDATE scan_decisions SET reason = 'other'", "DELETE FROM scan_decisions"] {
      #expect(throws: DatabaseError.self) { try behindTheProgramsBack(f.database.path, sql) }
    }
  }

  @Test func theTopBarCountsBreachesLowStockAndLocks() throws {
    let f = try CounterFixture()
    #expect(try ConsoleQueries.alerts(f.database, now: testNow) == AlertCounts(slaBreaches: 0, lowStock: 0, lockedOrders: 0))
    for code in ["BAD001", "BAD002", "BAD003", "BAD004", "BAD005"] { _ = try f.scan("ORDER:5008:\(code)") }
    try f.database.write { db in
      try db.execute(sql: "UPDATE products SET low_stock_threshold = 3 WHERE id = 100002")  // 5 on the shelf: fine
      try db.execute(sql: "UPDATE products SET low_stock_threshold = 2 WHERE id = 100001")  // 1: low
      let point = try PointSetup.currentPoint(db).id
      try db.execute(sql: "INSERT INTO low_stock_thresholds (point_id, category, threshold) VALUES (?, 'Mode', 5)", arguments: [point])
    }
    let alerts = try ConsoleQueries.alerts(f.database, now: testNow)
    #expect(alerts.lockedOrders == 1)
    #expect(alerts.lowStock == 2, "Radio Tecno (its own threshold) and the handbag (its category's)")
    // The reminder for 5007 (LOW, 48 h) is breached two days later; 5001's waits (its clock stopped).
    #expect(try ConsoleQueries.alerts(f.database, now: testNow + 3 * 86400).slaBreaches == 1)
    // Put on hold once late, it stays late: a wait stops the clock, it does not hide a breach.
    let late = testNow + 3 * 86400
    try f.database.write { db in
      try db.execute(
        sql: """
          UPDATE tasks SET status = 'waiting', waiting_reason = 'customer', waiting_since = ?
           WHERE status IN ('open', 'in_progress') AND created_at + sla_seconds + paused_seconds < ?
          """, arguments: [late.seconds, late.seconds])
    }
    #expect(try ConsoleQueries.alerts(f.database, now: late + 86400).slaBreaches == 1)
    var filter = TaskFilter()
    filter.state = .overdue
    let overdue = try f.database.read { try TaskBoard.list(filter, now: late + 86400, limit: 100, $0) }
    #expect(overdue.total == 1 && overdue.tasks.first?.status == .waiting)
    // The lock lapses after 30 minutes.
    #expect(try ConsoleQueries.alerts(f.database, now: testNow + 31 * 60).lockedOrders == 0)
    let plan = try f.database.read {
      try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN SELECT count(*) FROM orders WHERE (locked_until IS NOT NULL OR locked_for_supervisor = 1) AND (locked_for_supervisor = 1 OR locked_until > 0)").map { $0["detail"] as String }
    }
    #expect(plan.joined().contains("orders_locked"), "\(plan)")

    let stock = try ConsoleQueries.stock(f.database)
    #expect(stock.prefix(2).map(\.productID).sorted() == [100001, 100004], "the low ones first")
    #expect(stock.first { $0.productID == 100002 }?.locations == [StockLine(location: "A-01-1", kind: .shelf, quantity: 5)])
    #expect(stock.first { $0.productID == 100004 }?.threshold == 5)
  }

  @Test func tasksTicketsAndTeam() throws {
    let f = try CounterFixture()
    let tasks = try ConsoleQueries.tasks(f.database, now: testNow).page.tasks
    #expect(tasks.map(\.title) == ["Call Marie about 5001", "SMS reminder 5007"])
    #expect(tasks[0].status == .waiting && tasks[0].waitingReason == .customer)
    // Waiting stops the clock: an hour of waiting is an hour more.
    #expect(tasks[0].due(at: testNow) == testNow + (28800 - 7200 + 3600))
    #expect(try ConsoleQueries.tasks(f.database, now: testNow, limit: 1).page.tasks.count == 1)
    let right = try f.scan("ORDER:5001:ABC123")
    _ = try f.counter.confirmHandover(orderID: 5001, scanID: right.scanID, staff: "amina.n", now: testNow)
    let after = try ConsoleQueries.tasks(f.database, now: testNow).page.tasks
    #expect(after.map(\.status) == [.open, .done], "open first, then closed in the last day")

    let team = try ConsoleQueries.team(f.database, now: testNow + 60)
    #expect(team.first { $0.login == "amina.n" }?.handoversToday == 1)
    #expect(team.last?.login == "old.k" && team.last?.active == false, "inactive staff last")
    #expect(try ConsoleQueries.staffMember(f.database, login: "solange.e")?.role == .supervisor)
    #expect(try ConsoleQueries.staffMember(f.database, login: "nobody") == nil)

    try f.database.write { db in
      let point = try PointSetup.currentPoint(db).id
      try db.execute(
        sql: """
          INSERT INTO tickets (id, point_id, customer_id, order_id, category, priority, status, subject, created_at)
          VALUES (1, ?, 30001, 5001, 'missing_item', 'HIGH', 'new', 'Il manque le câble', ?),
                 (2, ?, 30002, NULL, 'late', 'LOW', 'closed', 'En retard', ?)
          """, arguments: [point, testNow.seconds, point, testNow.seconds - 86400])
      try db.execute(sql: "UPDATE tickets SET closed_at = created_at WHERE id = 2")
      try db.execute(
        sql: "INSERT INTO ticket_messages (ticket_id, direction, channel, body, created_at) VALUES (1, 'in', 'counter', 'Bonjour', ?)",
        arguments: [testNow.seconds])
    }
    let tickets = try ConsoleQueries.tickets(f.database)
    #expect(tickets.map(\.id) == [1, 2] && tickets[0].customer == "M*** N***" && tickets[0].messages == 1)
    #expect(try ConsoleQueries.header(f.database) == PointHeader(code: "DLA-TEST", name: "Test point"))
  }

  /// Another connection's commit, and this process's own, are seen; a quiet database is not.
  @Test func theChangeWatcherSeesCommitsFromAnywhere() throws {
    let f = try CounterFixture()
    let watcher = try ChangeWatcher(f.database)
    defer { try? watcher.close() }
    #expect(try watcher.changed(), "the first look counts as a change")
    #expect(try !watcher.changed())
    _ = try f.scan("PRODUCT:100001")
    #expect(try watcher.changed())
    #expect(try !watcher.changed())
    try behindTheProgramsBack(f.database.path, "INSERT INTO settings VALUES ('x', 'y')")
    #expect(try watcher.changed())
    _ = try ConsoleQueries.scans(f.database)
    #expect(try !watcher.changed(), "reading changes nothing")
  }
}
