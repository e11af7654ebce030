import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// The counter's point (orders in every state, staff, products) with its link.
struct FeedFixture {
  let f: CounterFixture
  let link: LinkStore
  let key: PickupCodeKey
  let personal: PersonalDataKey

  init() throws {
    f = try CounterFixture()
    link = LinkStore(f.database)
    key = try f.keys.pickupCodeKey(create: false)
    personal = try PersonalData.key(f.keys, f.database)
  }

  @discardableResult
  func apply(_ records: [FeedRecord], at now: Timestamp = testNow) throws -> FeedApplied {
    try link.apply(feed: records, key: key, personal: personal, now: now)
  }

  func log() throws -> [FeedLogRow] {
    try f.database.read { db in
      try Row.fetchAll(db, sql: "SELECT seq, kind, outcome, detail FROM link_feed_log ORDER BY seq").map {
        FeedLogRow(seq: $0["seq"], kind: $0["kind"], outcome: $0["outcome"], detail: $0["detail"])
      }
    }
  }

  func outbox(_ type: String) throws -> [Row] {
    try f.database.read { try Row.fetchAll($0, sql: "SELECT payload, dedup_key FROM outbox WHERE event_type = ? ORDER BY id", arguments: [type]) }
  }

  /// Row counts of every table a feed record may write, and the orders' states.
  func snapshot() throws -> [String] {
    try f.database.read { db in
      var out: [String] = []
      for table in [
        "orders", "order_items", "customers", "products", "staff", "handovers", "movements", "stock", "tasks", "audit_log", "outbox",
        "transfers", "link_feed_log", "record_chain",
      ] {
        out.append("\(table)=\(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)")
      }
      out += try String.fetchAll(
        db, sql: "SELECT id || ':' || status || ':' || coalesce(location_id, '-') || ':' || hex(pickup_code_hmac) FROM orders ORDER BY id")
      out += try String.fetchAll(db, sql: "SELECT product_id || '@' || location_id || '=' || quantity FROM stock ORDER BY 1")
      out.append("cursor=\(try Int.fetchOne(db, sql: "SELECT cursor FROM link_state") ?? -1)")
      return out
    }
  }
}

struct FeedLogRow: Equatable {
  var seq: Int64
  var kind: String
  var outcome: String
  var detail: String?
}

func feed(_ seq: Int64, _ kind: String, _ payload: String, point: String = "DLA-TEST") -> FeedRecord {
  FeedRecord(seq: seq, point: point, kind: kind, payload: payload, createdAt: testNow)
}

/// An order in `import orders`' JSON shape.
func orderJSON(
  _ id: Int64, status: String = "ready", code: String = "NEW6001", shelf: String? = "B-01", customer: Int64 = 40001,
  product: Int64? = 100002, updatedAt: String = "2026-11-26T08:00:00+01:00"
) -> String {
  let shelfPart = shelf.map { #","shelf":"\#($0)""# } ?? ""
  let productPart = product.map { #""product_id":\#($0),"# } ?? ""
  return #"""
    {"order_id":\#(id),"customer_id":\#(customer),"customer_name":"Nadine Ewane","customer_phone":"+237699000111","pickup_code":"\#(code)","status":"\#(status)"\#(shelfPart),"created_at":"2026-11-25T08:00:00+01:00","updated_at":"\#(updatedAt)","items":[{\#(productPart)"title":"Câble USB-C 1 m","quantity":1,"unit_price_fcfa":1500}]}
    """#
}

func cancelJSON(_ id: Int64, at: String = "2026-11-26T09:00:00+01:00") -> String {
  #"{"order_id":\#(id),"reason":"buyer asked","cancelled_at":"\#(at)"}"#
}

@Suite struct LinkFeedTests {
  // MARK: Orders

  @Test func aNewOrderIsAddedAsTheImportAddsItAndItsCodeIsNeverKeptInClear() throws {
    let x = try FeedFixture()
    let applied = try x.apply([feed(1, "order", orderJSON(6001))])
    #expect(applied == FeedApplied(applied: 1, cursor: 1))
    let row = try #require(try x.f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM orders WHERE id = 6001") })
    #expect(row["status"] as String == "ready")
    #expect(row["pickup_code_hmac"] as Data == x.key.digest(orderID: 6001, code: "NEW6001"))
    #expect(try x.f.string("SELECT name FROM customers WHERE id = 40001") == "")
    // Its item came onto its shelf, as `import orders` brings a ready order's items.
    #expect(
      try x.f.int("SELECT s.quantity FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = 'B-01' AND s.product_id = 100002")
        == 1)
    #expect(try x.log() == [FeedLogRow(seq: 1, kind: "order", outcome: "applied", detail: "order 6001 added (ready)")])
    #expect(try x.link.cursor() == 1)
    // Neither the code nor the buyer's name is anywhere in clear.
    for sql in [
      "SELECT count(*) FROM audit_log WHERE coalesce(after, '') || coalesce(before, '') LIKE '%NEW6001%' OR after LIKE '%Nadine%'",
      "SELECT count(*) FROM outbox WHERE payload LIKE '%NEW6001%' OR payload LIKE '%Nadine%'",
      "SELECT count(*) FROM link_feed_log WHERE detail LIKE '%NEW6001%' OR detail LIKE '%Nadine%'",
    ] {
      #expect(try x.f.int(sql) == 0, "\(sql)")
    }
    // The counter hands it over with its code.
    let scan = try x.f.scan("ORDER:6001:NEW6001")
    #expect(scan.order != nil)
    #expect(throws: Never.self) { try x.f.counter.confirmHandover(orderID: 6001, scanID: scan.scanID, staff: "amina.n", now: testNow).get() }
  }

  @Test func aBatchAppliedTwiceChangesNothing() throws {
    let x = try FeedFixture()
    let batch = [
      feed(1, "order", orderJSON(6001)), feed(2, "order.cancelled", cancelJSON(5002)), feed(3, "nonsense", "{}"),
      feed(4, "order.cancelled", cancelJSON(5004)),
    ]
    let first = try x.apply(batch)
    #expect(first == FeedApplied(applied: 2, refused: 1, conflicts: 1, cursor: 4))
    let after = try x.snapshot()
    #expect(try x.apply([]) == FeedApplied(cursor: 4))
    let second = try x.apply(batch, at: testNow + 60)
    #expect(second == FeedApplied(skipped: 4, cursor: 4))
    #expect(try x.snapshot() == after)
    // Records already applied beside new ones: only the new ones count.
    let third = try x.apply(Array(batch.suffix(2)) + [feed(5, "order.cancelled", cancelJSON(5003))], at: testNow + 120)
    #expect(third == FeedApplied(applied: 1, skipped: 2, cursor: 5))
    // Given out of order, a batch is applied in the feed's order.
    let fourth = try x.apply([feed(7, "order.cancelled", cancelJSON(5008)), feed(6, "order", orderJSON(5008, code: "LCK001", shelf: "A-01-3"))])
    #expect(fourth == FeedApplied(applied: 2, cursor: 7))
    #expect(try x.log().suffix(2).map(\.detail) == ["order 5008 unchanged", "order 5008 ready -> cancelled"])
  }

  @Test func aKnownOrderMovesForwardWithItsShelfAndCode() throws {
    let x = try FeedFixture()
    // 5002 is expected: announced shelf, then received, then ready on another shelf with a new code.
    try x.apply([
      feed(1, "order", orderJSON(5002, status: "expected", code: "EXP001", shelf: "C-01", customer: 30002)),
      feed(2, "order", orderJSON(5002, status: "received", code: "EXP001", shelf: nil, customer: 30002)),
      feed(3, "order", orderJSON(5002, status: "ready", code: "EXP777", shelf: "C-02", customer: 30002)),
    ])
    #expect(
      try x.log().map(\.detail) == [
        "order 5002 shelf C-01", "order 5002 expected -> received", "order 5002 pickup code replaced, received -> ready at C-02",
      ])
    let row = try #require(
      try x.f.database.read {
        try Row.fetchOne(
          $0, sql: "SELECT o.status, l.code, o.received_at, o.ready_at, o.hold_until FROM orders o JOIN locations l ON l.id = o.location_id WHERE o.id = 5002")
      })
    let ready = try Timestamp.parse("2026-11-26T08:00:00+01:00").get()
    #expect(row["status"] as String == "ready")
    #expect(row["code"] as String == "C-02")
    #expect(row["ready_at"] as Int64 == ready.seconds)
    #expect(row["hold_until"] as Int64 == ready.seconds + 7 * 86400)
    #expect(
      try x.f.int("SELECT s.quantity FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = 'C-02' AND s.product_id = 100002")
        == 1)
    // Ready on its shelf, the marketplace's other shelf is not taken: the parcel is where the point put it.
    try x.apply([feed(4, "order", orderJSON(5002, status: "ready", code: "EXP777", shelf: "C-09", customer: 30002))])
    #expect(try x.log().last?.detail == "order 5002 shelf C-09 not taken: the parcel is on C-02 here")
    #expect(try x.f.string("SELECT l.code FROM orders o JOIN locations l ON l.id = o.location_id WHERE o.id = 5002") == "C-02")
  }

  @Test func anOrderNeverGoesBackNorBecomesPickedUpWithoutAHandover() throws {
    let x = try FeedFixture()
    let before = try x.snapshot()
    let applied = try x.apply([
      feed(1, "order", orderJSON(5001, status: "received", code: "ABC123", shelf: "A-01-1", customer: 30001)),
      feed(2, "order", orderJSON(5006, status: "ready", code: "CAN001", shelf: "A-01-1", customer: 30006)),
      feed(3, "order", orderJSON(5001, status: "picked_up", code: "ABC123", shelf: "A-01-1", customer: 30001)),
    ])
    #expect(applied == FeedApplied(refused: 3, cursor: 3))
    #expect(
      try x.log().map(\.detail) == [
        "order 5001 is ready here: it cannot go back to received",
        "order 5006 is cancelled here: the marketplace cannot make it ready",
        "order 5001 was not handed over here: only a handover at this counter makes it picked_up",
      ])
    #expect(try x.snapshot().filter { $0.hasPrefix("50") } == before.filter { $0.hasPrefix("50") })
  }

  /// The old code stops handing over at once: a new scan of it is refused, and a question already
  /// on screen (a scan verified with it) is refused at `y`; the new code hands over.
  @Test func aReplacedCodeNoLongerHandsOver() throws {
    let x = try FeedFixture()
    let pending = try x.f.scan("ORDER:5001:ABC123")
    #expect(pending.order != nil)
    try x.apply([feed(1, "order", orderJSON(5001, code: "NEW5001", shelf: "A-01-1", customer: 30001, product: nil))])
    #expect(try x.log().last?.detail == "order 5001 pickup code replaced")
    let atY = try x.f.counter.confirmHandover(orderID: 5001, scanID: pending.scanID, staff: "amina.n", now: testNow + 10)
    guard case .failure(let refusal) = atY, case .notVerified(let why) = refusal.reason else {
      Issue.record("the handover was not refused: \(atY)")
      return
    }
    #expect(why.code == .pickupCodeReplaced && why.text(.en).contains("replaced"))
    #expect(try x.f.int("SELECT count(*) FROM handovers WHERE order_id = 5001") == 0)
    let old = try x.f.scan("ORDER:5001:ABC123", at: testNow + 20)
    #expect(old.order == nil)
    #expect(old.outcomeWord == "code_refused")
    let new = try x.f.scan("ORDER:5001:NEW5001", at: testNow + 30)
    #expect(new.order != nil)
    let h = try x.f.counter.confirmHandover(orderID: 5001, scanID: new.scanID, staff: "amina.n", now: testNow + 40).get()
    #expect(h.orderID == 5001)
    // The audit says the code changed, never what it is.
    #expect(try x.f.int("SELECT count(*) FROM audit_log WHERE action = 'order.code_replaced' AND entity_id = '5001'") == 1)
    #expect(try x.f.int("SELECT count(*) FROM audit_log WHERE after LIKE '%NEW5001%' OR after LIKE '%ABC123%'") == 0)
  }

  // MARK: Cancellations

  /// A cancellation applied between the question and `y`: the store refuses the handover.
  @Test func aCancellationBetweenTheQuestionAndYesRefusesTheHandover() throws {
    let x = try FeedFixture()
    let question = try x.f.scan("ORDER:5001:ABC123")
    #expect(question.order != nil)
    let applied = try x.apply([feed(1, "order.cancelled", cancelJSON(5001))])
    #expect(applied == FeedApplied(applied: 1, cursor: 1))
    let atY = try x.f.counter.confirmHandover(orderID: 5001, scanID: question.scanID, staff: "amina.n", now: testNow + 5)
    guard case .failure(let refusal) = atY, case .cancelled = refusal.reason else {
      Issue.record("the handover was not refused as cancelled: \(atY)")
      return
    }
    #expect(try x.f.int("SELECT count(*) FROM handovers WHERE order_id = 5001") == 0)
    #expect(try x.f.int("SELECT count(*) FROM movements WHERE order_id = 5001 AND type = 'PICK'") == 0)
    #expect(try x.f.string("SELECT status FROM orders WHERE id = 5001") == "cancelled")
    // A new scan says why, and the parcel on its shelf has a return task.
    #expect(try x.f.scan("ORDER:5001:ABC123", at: testNow + 10).pickupReason.map { if case .cancelled = $0 { true } else { false } } == true)
    #expect(
      try x.f.string("SELECT title FROM tasks WHERE source_key = 'order-return:5001'")
        == "Return order 5001 to the seller: cancelled by the marketplace (shelf A-01-1)")
    #expect(try x.f.int("SELECT count(*) FROM audit_log WHERE action = 'order.cancelled' AND entity_id = '5001'") == 1)
    // An order still on its way has no parcel here: no task.
    try x.apply([feed(2, "order.cancelled", cancelJSON(5002))])
    #expect(try x.f.string("SELECT status FROM orders WHERE id = 5002") == "cancelled")
    #expect(try x.f.int("SELECT count(*) FROM tasks WHERE source_key = 'order-return:5002'") == 0)
    // Cancelled or returned already: nothing changes.
    try x.apply([feed(3, "order.cancelled", cancelJSON(5005)), feed(4, "order.cancelled", cancelJSON(5006))])
    #expect(try x.log().suffix(2).map(\.detail) == ["order 5005 already returned here: kept", "order 5006 already cancelled"])
    #expect(try x.f.string("SELECT status FROM orders WHERE id = 5005") == "returned")
  }

  @Test func aCancellationAfterTheHandoverIsAConflictAndTheHandoverStands() throws {
    let x = try FeedFixture()
    let scan = try x.f.scan("ORDER:5001:ABC123")
    _ = try x.f.counter.confirmHandover(orderID: 5001, scanID: scan.scanID, staff: "amina.n", now: testNow).get()
    let applied = try x.apply([
      feed(1, "order.cancelled", cancelJSON(5001)),
      // The same through an order record: the imported handover of 5004 stands too.
      feed(2, "order", orderJSON(5004, status: "cancelled", code: "PCK001", shelf: nil, customer: 30004, product: nil)),
    ])
    #expect(applied == FeedApplied(conflicts: 2, cursor: 2))
    for id in [5001, 5004] {
      #expect(try x.f.string("SELECT status FROM orders WHERE id = \(id)") == "picked_up")
      #expect(try x.f.int("SELECT count(*) FROM handovers WHERE order_id = \(id)") == 1)
    }
    let task = try #require(try x.f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM tasks WHERE source_key = 'order-conflict:5001:1'") })
    #expect(task["type"] as String == "REPORTING")
    #expect(task["priority"] as String == "HIGH")
    #expect(task["order_id"] as Int64 == 5001)
    #expect((task["details"] as String).contains("by amina.n"))
    let events = try x.outbox("order.conflict")
    #expect(events.map { $0["dedup_key"] as String } == ["order.conflict:DLA-TEST:5001:1", "order.conflict:DLA-TEST:5004:2"])
    let payload = try #require(JSONSerialization.jsonObject(with: Data((events[0]["payload"] as String).utf8)) as? [String: Any])
    #expect(payload["order_id"] as? Int == 5001)
    #expect(payload["seq"] as? Int == 1)
    #expect(payload["staff"] as? String == "amina.n")
    #expect(payload["point"] as? String == "DLA-TEST")
    #expect(try x.log().map(\.outcome) == ["conflict", "conflict"])
  }

  // MARK: Refused as data

  @Test func recordsTheRulesRefuseAreKeptAsDataAndTheCursorMovesPastThem() throws {
    let x = try FeedFixture()
    let applied = try x.apply([
      feed(1, "order", orderJSON(6001), point: "DLA-OTHER"),
      feed(2, "order.shipped", orderJSON(6001)),
      feed(3, "order", #"{"order_id": 6001,"#),
      feed(4, "order", orderJSON(6001, product: 999_999)),
      feed(5, "order.cancelled", cancelJSON(424_242)),
      feed(6, "product", #"{"id":100001,"title":"Radio Tecno","category":"Maison","price_fcfa":-5}"#),
      // Its first item comes into stock, its second cannot (a single item already on a shelf):
      // the first one's movement is undone with the record.
      feed(
        7, "order",
        orderJSON(6003, code: "NEW6003", shelf: "B-05").replacingOccurrences(
          of: "]}", with: #",{"product_id":100003,"title":"Fer à repasser","quantity":1,"unit_price_fcfa":9500}]}"#)),
      feed(8, "order", orderJSON(6002, code: "NEW6002")),
    ])
    #expect(applied == FeedApplied(applied: 1, refused: 7, cursor: 8))
    let log = try x.log()
    #expect(log.map(\.outcome) == ["refused", "refused", "refused", "refused", "refused", "refused", "refused", "applied"])
    #expect(
      log[6].detail
        == "order 6003: cannot bring product 100003 into stock at B-05: product 100003 is a single item and is already in stock at A-01-2")
    #expect(log[0].detail == "the record is for point 'DLA-OTHER', not for this point (DLA-TEST)")
    #expect(log[1].detail == "unknown kind 'order.shipped' (known: order, order.cancelled, product, staff, transfer)")
    #expect(log[2].detail?.hasPrefix("is not valid JSON") == true)
    #expect(log[3].detail == "order 6001: product 999999 is not in the catalogue (import products first)")
    #expect(log[4].detail == "order 424242 is not known here")
    #expect(log[5].detail == "column 'price_fcfa': -5 is negative")
    // Nothing of a refused record stays; the good one after them is in.
    #expect(try x.f.int("SELECT count(*) FROM orders WHERE id = 6001") == 0)
    #expect(try x.f.int("SELECT count(*) FROM customers WHERE id = 40001") == 1)  // 6002's buyer
    #expect(try x.f.int("SELECT price_fcfa FROM products WHERE id = 100001") == 8000)
    // Each refusal: an audit row and an event for the centre, with the kind and the reason.
    #expect(try x.f.int("SELECT count(*) FROM audit_log WHERE action = 'link.feed_refused'") == 7)
    let events = try x.outbox("feed.refused")
    #expect(events.map { $0["dedup_key"] as String } == (1...7).map { "feed.refused:DLA-TEST:\($0)" })
    #expect(try x.f.int("SELECT count(*) FROM movements WHERE order_id = 6003") == 0)
    let second = try #require(JSONSerialization.jsonObject(with: Data((events[1]["payload"] as String).utf8)) as? [String: Any])
    #expect(second["seq"] as? Int == 2)
    #expect(second["kind"] as? String == "order.shipped")
    #expect((second["reason"] as? String)?.hasPrefix("unknown kind") == true)
    // The record chain and the audit trail are whole after the undone records.
    #expect(try DatabaseCheck.run(x.f.database) == [])
  }

  @Test func hostilePayloadsAreRefusedAsData() throws {
    let x = try FeedFixture()
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    let mega = String(repeating: "A", count: 1_000_000)
    let payloads: [(String, String)] = [
      ("order", #"{"order_id":6001,"deep":\#(deep)}"#),
      ("product", #"{"id":100010,"title":"\#(mega)","category":"Maison","price_fcfa":100}"#),
      ("product", #"{"id":100010,"title":"x","category":"Maison","price_fcfa":100,"pad":"\#(mega)\#(mega)"}"#),
      ("product", "{\"id\":100010,\"title\":\"Ra\u{0}dio\",\"category\":\"Maison\",\"price_fcfa\":100}"),
      ("product", #"{"id":100010,"title":"Ra\u0000dio","category":"Maison","price_fcfa":100}"#),
      ("product", #"{"id":100010,"title":"Radio","category":"Maison","price_fcfa":100.0}"#),
      ("product", "{\"id\":100010,\"title\":\"Ra\ndio\",\"category\":\"Maison\",\"price_fcfa\":100}"),
      ("product", #"{"id":1.0001e5,"title":"Radio","category":"Maison","price_fcfa":100}"#),
      ("product", #"{"id":true,"title":["Radio"],"category":{"a":1},"price_fcfa":"cent"}"#),
      ("product", #"{"title":"Radio","category":"Maison"}"#),
      ("staff", #"{"login":"eve","full_name":"Eve","role":"root"}"#),
      ("order", #"[{"order_id":6001}]"#),
      ("order", #"{"order_id":6001},{"order_id":6002}"#),
      ("order", #"{}"#),
      ("order", ""),
      ("order", "null"),
      ("order", #"{"order_id":6001} trailing"#),
      ("order.cancelled", #"{"order_id":5001,"cancelled_at":"yesterday"}"#),
      ("order.cancelled", #"{"order_id":"5001; DROP TABLE orders","cancelled_at":"2026-11-26T09:00:00+01:00"}"#),
      ("transfer", #"{"event":"transfer.sent","transfer":1,"slip":1,"from":"DLA-B","to":"DLA-TEST","sent_at":"2026-11-26T09:00:00+01:00","lines":[]}"#),
      ("transfer", #"{"event":"transfer.received","transfer":1,"slip":1,"from":"DLA-B","to":"DLA-TEST"}"#),
      ("\u{1B}[31mred\u{7}" + String(repeating: "k", count: 5000), "{}"),
    ]
    let before = try x.snapshot()
    let applied = try x.apply(payloads.enumerated().map { feed(Int64($0.offset + 1), $0.element.0, $0.element.1) })
    #expect(applied == FeedApplied(refused: payloads.count, cursor: Int64(payloads.count)))
    let log = try x.log()
    #expect(log.allSatisfy { $0.outcome == "refused" && !($0.detail ?? "").isEmpty })
    for row in log {
      #expect(row.kind.count <= 41 && (row.detail ?? "").count <= 501, "record \(row.seq)")
      #expect(!row.kind.unicodeScalars.contains { $0.value < 0x20 }, "record \(row.seq)")
      #expect(!(row.detail ?? "").unicodeScalars.contains { $0.value < 0x20 }, "record \(row.seq)")
    }
    #expect(log[0].detail?.contains("nested") == true || log[0].detail?.contains("deep") == true)
    #expect(log[2].detail == "the payload is 2000071 bytes; a record is limited to 1048576")
    #expect(log[3].detail?.contains("NUL") == true)
    #expect(log[4].detail == "column 'title' contains a control character")
    #expect(log[6].detail?.hasPrefix("is not valid JSON") == true)  // a raw line break inside a string
    // Nothing but the log, the refusals' audit rows and events, and the cursor changed.
    let after = try x.snapshot()
    let changed: [String] = zip(before, after).filter { $0.0 != $0.1 }.map { $0.1 }
    let audit = try x.f.int("SELECT count(*) FROM audit_log") ?? 0
    let outbox = try x.f.int("SELECT count(*) FROM outbox") ?? 0
    #expect(changed == ["audit_log=\(audit)", "outbox=\(outbox)", "link_feed_log=\(payloads.count)", "cursor=\(payloads.count)"])
  }

  // MARK: The batch

  @Test func aGapRefusesTheBatchAndAppliesNothing() throws {
    let x = try FeedFixture()
    let before = try x.snapshot()
    for batch in [[feed(2, "order", orderJSON(6001))], [feed(1, "order", orderJSON(6001)), feed(3, "order.cancelled", cancelJSON(5002))]] {
      let error = #expect(throws: StoreError.self) { try x.apply(batch) }
      #expect(error?.description.contains("records 2 to 2 are missing") == true || error?.description.contains("records 1 to 1 are missing") == true)
    }
    #expect(try x.snapshot() == before)
    #expect(try x.link.cursor() == 0)
  }

  /// A failure of the store itself on the batch's last record: nothing of the batch stays and the
  /// cursor does not move (the next pass tries again).
  @Test func aStoreFailureOnTheLastRecordAppliesNothingAndLeavesTheCursor() throws {
    let x = try FeedFixture()
    // An item row left behind the program's back for an order the point does not have: adding
    // that order then breaks a UNIQUE constraint, an error of the store, not of the record.
    try behindTheProgramsBack(
      x.f.dir.file("vgk.sqlite"),
      """
      PRAGMA foreign_keys = OFF;
      INSERT INTO order_items (order_id, product_id, title, quantity, unit_price_fcfa) VALUES (6002, 100002, 'stray', 1, 1);
      """)
    let before = try x.snapshot()
    let batch = [
      feed(1, "product", #"{"id":100020,"title":"Ventilateur","category":"Maison","price_fcfa":12000}"#),
      feed(2, "order", orderJSON(6001)),
      feed(3, "nonsense", "{}"),
      feed(4, "order", orderJSON(6002, code: "NEW6002")),
    ]
    #expect(throws: DatabaseError.self) { try x.apply(batch) }
    #expect(try x.snapshot() == before)
    #expect(try x.link.cursor() == 0)
    #expect(try x.log().isEmpty)
    // Once put right, the same batch applies whole.
    try behindTheProgramsBack(x.f.dir.file("vgk.sqlite"), "DELETE FROM order_items WHERE order_id = 6002")
    #expect(try x.apply(batch) == FeedApplied(applied: 3, refused: 1, cursor: 4))
    #expect(try DatabaseCheck.run(x.f.database) == [])
  }

  @Test func fiveHundredOrdersApplyInOneTransaction() throws {
    let x = try FeedFixture()
    var batch: [FeedRecord] = []
    for n in Int64(1)...500 {
      let order = orderJSON(700_000 + n, status: "expected", code: "C\(100_000 + n)", shelf: nil, customer: 80_000 + n)
      batch.append(feed(n, "order", order))
    }
    let applied = try x.apply(batch)
    #expect(applied == FeedApplied(applied: 500, cursor: 500))
    #expect(try x.f.int("SELECT count(*) FROM orders WHERE id > 700000") == 500)
    #expect(try x.f.int("SELECT count(*) FROM audit_log WHERE action = 'link.feed'") == 1)
    #expect(try x.f.string("SELECT entity_id FROM audit_log WHERE action = 'link.feed'") == "1-500")
  }

  // MARK: Products, staff, transfers

  @Test func productsStaffAndTransfersAreAppliedAsTheirImports() throws {
    let x = try FeedFixture()
    let sent = #"{"event":"transfer.sent","transfer":41,"slip":900,"from":"DLA-BONA","from_name":"Bonaberi","to":"DLA-TEST","sent_at":"2026-11-26T08:00:00+01:00","lines":[{"product":100002,"title":"Câble USB-C 1 m","quantity":4}]}"#
    let applied = try x.apply([
      feed(1, "product", #"{"id":100020,"title":"Ventilateur","category":"Maison","price_fcfa":12000}"#),
      feed(2, "product", #"{"id":100020,"title":"Ventilateur","category":"Maison","price_fcfa":11000}"#),
      feed(3, "product", "{\n  \"id\": 100020,\r\n  \"title\": \"Ventilateur\",\n  \"category\": \"Maison\",\n  \"price_fcfa\": 11000\n}\n"),
      feed(4, "staff", #"{"login":"nadia.t","full_name":"Nadia Tchoua","role":"clerk"}"#),
      feed(5, "staff", #"{"login":"brice.k","full_name":"Brice Kamga","role":"clerk","active":false}"#),
      feed(6, "transfer", sent),
      feed(7, "transfer", sent),
      feed(8, "transfer", sent.replacingOccurrences(of: #""to":"DLA-TEST""#, with: #""to":"DLA-DEIDO""#)),
    ])
    #expect(applied == FeedApplied(applied: 7, refused: 1, cursor: 8))
    #expect(
      try x.log().map(\.detail) == [
        "product 100020 added", "product 100020 updated", "product 100020 unchanged", "staff nadia.t added", "staff brice.k updated",
        "transfer 41 from DLA-BONA announced", "transfer 41 from DLA-BONA known already",
        "transfer 41 from DLA-BONA goes to DLA-DEIDO, not to this point",
      ])
    #expect(try x.f.int("SELECT price_fcfa FROM products WHERE id = 100020") == 11000)
    #expect(try x.f.int("SELECT active FROM staff WHERE login = 'brice.k'") == 0)
    // The announced transfer is received by scanning its slip, as an imported one is.
    let scan = try x.f.scan("INVENTORY:900")
    guard case .transfer(let incoming) = scan.outcome else {
      Issue.record("the slip was not taken for the incoming transfer: \(scan.outcome)")
      return
    }
    #expect(incoming.from == "DLA-BONA")
  }

  /// The cursor and the feed log are written together, so `db check` names one changed without the other.
  @Test func dbCheckFindsTheCursorAndTheLogApart() throws {
    let x = try FeedFixture()
    try x.apply([feed(1, "order.cancelled", cancelJSON(5002)), feed(2, "nonsense", "{}")])
    #expect(try DatabaseCheck.run(x.f.database) == [])
    try behindTheProgramsBack(x.f.dir.file("vgk.sqlite"), droppingTriggers: ["link_feed_log_no_delete"], "DELETE FROM link_feed_log WHERE seq = 2")
    try behindTheProgramsBack(x.f.dir.file("vgk.sqlite"), "UPDATE link_state SET movements_sent = 1000000")
    #expect(
      try DatabaseCheck.run(x.f.database).filter { $0.check == "link" }.map(\.detail) == [
        "the feed cursor is at record 2 but the feed log ends at record 1: one of them was changed outside the program",
        "movements up to 1000000 are counted as sent, but the ledger ends at movement \(try x.f.int("SELECT max(id) FROM movements") ?? 0): it was changed outside the program",
      ])
  }

  // MARK: The migration

  @Test func anExistingDatabaseStartsWithTheWholeLedgerToSend() throws {
    let queue = try DatabaseQueue()
    try Migrations.migrator.migrate(queue, upTo: "v12-record-chain")
    try queue.write { db in
      try db.execute(sql: "INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0)")
      try db.execute(sql: "INSERT INTO locations (id, point_id, code, kind) VALUES (1, 1, 'A-01', 'shelf')")
      try db.execute(sql: "INSERT INTO products (id, title, category, price_fcfa, created_at, updated_at) VALUES (7, 'T', 'C', 5, 0, 0)")
      try db.execute(sql: "INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at) VALUES (1, 'RECEIVE', 7, 1, 1, 0)")
    }
    try Migrations.migrator.migrate(queue)
    let state = try queue.read { try LinkStore.state($0) }
    #expect(state.cursor == 0)
    #expect(state.movementsSent == 0)
    #expect(state.lastContact == nil)
    // One row, kept; both numbers only go forward; the log is append-only.
    try queue.write { db in
      try db.execute(sql: "UPDATE link_state SET cursor = 5, movements_sent = 1")
      try db.execute(sql: "INSERT INTO link_feed_log (seq, kind, applied_at, outcome, detail) VALUES (1, 'order', 0, 'applied', 'x')")
    }
    let refusals: [(String, String)] = [
      ("DELETE FROM link_state", "the link state is one row, kept for good"),
      ("UPDATE link_state SET cursor = 4", "the feed cursor and the movements sent only move forward"),
      ("UPDATE link_state SET movements_sent = 0", "the feed cursor and the movements sent only move forward"),
      ("UPDATE link_feed_log SET outcome = 'refused'", "the feed log is append-only: its rows cannot be changed"),
      ("DELETE FROM link_feed_log", "the feed log is append-only: its rows cannot be deleted"),
    ]
    for (sql, message) in refusals {
      let error = #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
      #expect(error?.message == message)
    }
    #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "INSERT INTO link_state (id) VALUES (2)") } }
  }
}
