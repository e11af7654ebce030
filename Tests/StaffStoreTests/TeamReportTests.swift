import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Team performance from what the database recorded.
@Suite struct TeamReportTests {
  @Test func theFiguresComeFromTheRecordedWork() throws {
    let f = try CounterFixture()
    let t = testNow
    let board = TaskBoard(database: f.database)
    let clean = try board.add(NewTask(type: .cleaning, priority: .low, title: "Vitrine"), by: "amina.n", now: t)
    _ = try board.apply(.start, to: clean.id, by: "amina.n", now: t + 60)
    _ = try board.apply(.done, to: clean.id, by: "amina.n", now: t + 1200)
    // A handover 30 s after its scan.
    let scan = try f.scan("ORDER:5008:LCK001", at: t + 1800)
    guard case .success = try f.counter.confirmHandover(orderID: 5008, scanID: scan.scanID, staff: "amina.n", now: t + 1830) else {
      Issue.record("the handover was refused")
      return
    }
    // A count that the ledger confirms, and a rating.
    let inventory = Inventory(database: f.database)
    let count = try inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: t + 2400)
    _ = try inventory.count(count.id, product: 100001, quantity: 1, by: "amina.n", now: t + 2460)
    _ = try inventory.count(count.id, product: 100002, quantity: 5, by: "amina.n", now: t + 2470)
    _ = try inventory.closeCount(count.id, by: "amina.n", now: t + 3000)
    try f.database.write { db in
      try db.execute(sql: "INSERT INTO ratings (score, staff_id, order_id, created_at) VALUES (4, (SELECT id FROM staff WHERE login = 'amina.n'), 5008, ?)", arguments: [t.seconds + 3100])
    }
    let rows = try TeamReport.compute(f.database, from: t + -3600, to: t + 86000)
    let amina = try #require(rows.first { $0.login == "amina.n" })
    let p = amina.performance
    #expect(p.handovers == 1 && p.medianScanToHandover == 30)
    #expect(p.punctuality == 1, "the cleaning and the handover's pickup task, both within their SLA")
    #expect(p.workMinutes == 30 + 5)
    #expect(p.inventoryAccuracy == 1 && p.rating == 4)
    let firstToLast = try f.database.read {
      try Int64.fetchOne($0, sql: "SELECT max(at) - min(at) FROM audit_log WHERE staff_id = (SELECT id FROM staff WHERE login = 'amina.n')")
    } ?? 0
    #expect(p.workedMinutes == Double(firstToLast + 900) / 60)
    #expect(p.efficiency == 35 / p.workedMinutes)
    #expect(amina.trend.count == 14 && amina.trend.compactMap { $0 } == [p.efficiency ?? -1], "one day of work, the day before the last")
    #expect(amina.trend[12] != nil && amina.trend[13] == nil)
    let brice = try #require(rows.first { $0.login == "brice.k" })
    #expect(brice.performance.handovers == 0 && brice.performance.efficiency == nil)
    expectSaid(.invalid("'nobody.x' is not a staff login of this point")) {
      try TeamReport.compute(f.database, from: t, to: t, staff: "nobody.x")
    }
    // The Team pane's read carries the same figures.
    let team = try ConsoleQueries.team(f.database, now: t + 3600)
    #expect(team.first { $0.login == "amina.n" }?.performance?.handovers == 1)
  }
}
