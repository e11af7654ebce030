import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

@Suite struct LinkOutboxTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func outboxRowsLeaveFirstThenTheLedgerAsStockMovements() throws {
    let x = try FeedFixture()
    let scan = try x.f.scan("ORDER:5001:ABC123")
    let h = try x.f.counter.confirmHandover(orderID: 5001, scanID: scan.scanID, staff: "amina.n", now: testNow).get()
    let movements = try #require(try x.f.int("SELECT count(*) FROM movements"))
    let events = try x.link.unsent(limit: 500)
    #expect(events.count == 1 + Int(movements))
    #expect(events[0].source == .outbox(h.outboxID))
    #expect(events[0].type == "order.picked_up")
    #expect(events[0].dedupKey == "order.picked_up:5001")
    let stock = Array(events.dropFirst())
    #expect(stock.allSatisfy { $0.type == "stock.movement" })
    #expect(stock.map(\.source) == (1...movements).map { .movement($0) })
    #expect(stock.map(\.dedupKey) == (1...movements).map { "stock.movement:DLA-TEST:\($0)" })
    // A PICK of the handover: what moved, from where, for which order, by whom; no reason text.
    let pickID = try #require(h.movementIDs.first)
    let pick = try #require(stock.first { $0.source == .movement(pickID) })
    let payload = try json(pick.payload)
    #expect(payload["movement"] as? Int == Int(pickID))
    #expect(payload["type"] as? String == "PICK")
    #expect(payload["product"] as? Int == 100001)
    #expect(payload["quantity"] as? Int == 1)
    #expect(payload["from"] as? String == "A-01-1")
    #expect(payload["to"] is NSNull)
    #expect(payload["order"] as? Int == 5001)
    #expect(payload["transfer"] is NSNull)
    #expect(payload["reverses"] is NSNull)
    #expect(payload["staff"] as? String == "amina.n")
    #expect(payload["at"] as? String == testNow.iso8601)
    #expect(Set(payload.keys) == ["movement", "type", "product", "quantity", "from", "to", "order", "transfer", "reverses", "at", "staff"])
    #expect(pick.occurredAt == testNow)
    // The damage's reason ("lost") is not sent.
    #expect(!stock.contains { $0.payload.contains("lost") })
    // A limit cuts across both.
    #expect(try x.link.unsent(limit: 3).map(\.source) == [.outbox(h.outboxID), .movement(1), .movement(2)])
    #expect(try x.link.unsent(limit: 0).isEmpty)
  }

  @Test func markSentMovesOnlyAsFarAsTheLedgerHasNoHole() throws {
    let x = try FeedFixture()
    let all = try x.link.unsent(limit: 500)
    #expect(all.count >= 4)
    #expect(all.first?.source == .movement(1))  // the point's outbox is empty
    // Movements 1, 2 and 4 confirmed, 3 not: the movements sent stop at 2.
    try x.link.markSent([all[0], all[1], all[3]], at: testNow)
    #expect(try x.link.unsent(limit: 500).first?.source == .movement(3))
    #expect(try x.link.status(configured: true).waiting == all.count - 2)
    try x.link.markSent(all, at: testNow + 5)
    #expect(try x.link.unsent(limit: 500).isEmpty)
    // Marking again, or older ones, moves nothing back.
    try x.link.markSent(Array(all.prefix(2)), at: testNow + 10)
    #expect(try x.link.unsent(limit: 500).isEmpty)
    // A new movement and a new outbox row wait; the outbox row leaves first.
    let scan = try x.f.scan("ORDER:5008:LCK001")
    let h = try x.f.counter.confirmHandover(orderID: 5008, scanID: scan.scanID, staff: "amina.n", now: testNow + 20).get()
    let waiting = try x.link.unsent(limit: 500)
    #expect(waiting.map(\.source) == [.outbox(h.outboxID)] + h.movementIDs.map { .movement($0) })
    try x.link.markSent(waiting, at: testNow + 30)
    #expect(try x.f.int("SELECT sent_at FROM outbox WHERE id = \(h.outboxID)") == (testNow + 30).seconds)
    #expect(try x.link.status(configured: true).waiting == 0)
  }

  @Test func statusCountsWhatWaitsAndTellsUpFromDown() throws {
    let x = try FeedFixture()
    let movements = try #require(try x.f.int("SELECT count(*) FROM movements"))
    let oldestMovement = try #require(try x.f.int("SELECT min(created_at) FROM movements"))
    var status = try x.link.status(configured: true)
    #expect(status == LinkStatus(configured: true, waiting: Int(movements), oldestWaiting: Timestamp(seconds: oldestMovement), cursor: 0))
    #expect(!status.isUp)
    // An outbox row older than every movement is the oldest waiting.
    _ = try x.f.database.write { db in
      try Outbox.append(type: "test.event", json: "{}", dedupKey: "test.event:1", now: Timestamp(seconds: oldestMovement - 100), db)
    }
    status = try x.link.status(configured: true)
    #expect(status.waiting == Int(movements) + 1)
    #expect(status.oldestWaiting == Timestamp(seconds: oldestMovement - 100))
    // Down from the first failure on, until the centre answers.
    try x.link.recordFailure("could not connect to server: Connection refused\n\u{1B}[2Jforged line", at: testNow)
    try x.link.recordFailure("timeout", at: testNow + 60)
    status = try x.link.status(configured: true)
    #expect(status.downSince == testNow)
    #expect(status.lastError == "timeout")
    #expect(!status.isUp)
    try x.link.recordContact(at: testNow + 120)
    status = try x.link.status(configured: true)
    #expect(status.downSince == nil)
    #expect(status.lastContact == testNow + 120)
    #expect(status.isUp)
    #expect(!(try x.link.status(configured: false)).isUp)
    // An error line is kept as one visible line, cut to its limit.
    try x.link.recordFailure("bad\n\u{1B}[2J" + String(repeating: "x", count: 10_000), at: testNow + 180)
    status = try x.link.status(configured: true)
    #expect(status.lastError?.hasPrefix("bad<U+000A><U+001B>[2J") == true)
    #expect((status.lastError?.count ?? 0) <= LinkStore.errorLimit + 1)
    #expect(status.downSince == testNow + 180)
    // The cursor follows the feed; sending everything empties the queue.
    try x.apply([feed(1, "order.cancelled", cancelJSON(5002))])
    try x.link.markSent(try x.link.unsent(limit: 500), at: testNow)
    status = try x.link.status(configured: true)
    #expect(status.cursor == 1)
    #expect(status.waiting == 0)
    #expect(status.oldestWaiting == nil)
  }
}
