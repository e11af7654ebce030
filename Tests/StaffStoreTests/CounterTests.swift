import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// A point with staff, products, orders in every state and stock on the ready orders' shelves.
struct CounterFixture {
  let dir = TempDir()
  let database: AppDatabase
  let keys: KeyStore
  let counter: Counter

  /// Ready at 2026-11-25 10:00, so held until 2026-12-02 10:00 (testNow is 2026-11-26 09:30).
  static let readyAt = "2026-11-25T10:00:00+01:00"

  init() throws {
    (database, keys) = try makeDatabase(dir)
    let products = dir.write(
      "products.csv",
      """
      id,title,category,price_fcfa,unique_item
      100001,Radio Tecno,Maison,8000,true
      100002,Câble USB-C 1 m,Accessoires,1500,false
      100003,Fer à repasser,Maison,9500,true
      100004,Sac à main cuir,Mode,15000,true
      100005,Lampe solaire,Maison,6000,true

      """)
    let staff = dir.write(
      "staff.csv",
      """
      login,full_name,role,active
      amina.n,Amina Njoya,clerk,true
      brice.k,Brice Kamga,clerk,true
      solange.e,Solange Ekambi,supervisor,true
      herve.n,Hervé Nkeng,admin,true
      old.k,Old Kamdem,clerk,false

      """)
    let r = Self.readyAt
    let orders = dir.write(
      "orders.csv",
      """
      order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,updated_at,handed_over_by,product_id,title,quantity,unit_price_fcfa
      5001,30001,Marie Ngono,ABC123,ready,A-01-1,2026-11-20T09:00:00+01:00,\(r),,100001,Radio Tecno,1,8000
      5001,30001,Marie Ngono,ABC123,ready,A-01-1,2026-11-20T09:00:00+01:00,\(r),,100002,Câble USB-C 1 m,2,1500
      5001,30001,Marie Ngono,ABC123,ready,A-01-1,2026-11-20T09:00:00+01:00,\(r),,,Emballage cadeau,1,500
      5002,30002,Paul Etoa,EXP001,expected,,2026-11-24T09:00:00+01:00,,,,Colis,1,1000
      5003,30003,Joël Manga,REC001,received,,2026-11-24T09:00:00+01:00,2026-11-25T09:00:00+01:00,,,Colis,1,1000
      5004,30004,Aïcha Bello,PCK001,picked_up,,2026-11-20T09:00:00+01:00,2026-11-24T16:45:00+01:00,brice.k,,Colis,1,1000
      5005,30005,Samuel Eto,RET001,returned,,2026-11-01T09:00:00+01:00,2026-11-12T09:00:00+01:00,,,Colis,1,1000
      5006,30006,Rose Biya,CAN001,cancelled,,2026-11-20T09:00:00+01:00,2026-11-21T09:00:00+01:00,,,Colis,1,1000
      5007,30007,Yves Kono,OLD001,ready,A-01-2,2026-11-10T09:00:00+01:00,2026-11-15T09:00:00+01:00,,100003,Fer à repasser,1,9500
      5008,30008,Léa Fotso,LCK001,ready,A-01-3,2026-11-20T09:00:00+01:00,\(r),,100004,Sac à main cuir,1,15000
      5009,30009,Eric Ndi,NOS001,ready,A-01-4,2026-11-20T09:00:00+01:00,\(r),,100005,Lampe solaire,1,6000

      """)
    for (kind, file) in [(ImportKind.products, products), (.staff, staff), (.orders, orders)] {
      _ = try Importer.importFile(kind, path: file, into: database, keys: keys, now: testNow - 86400)
    }
    try database.write { db in
      let point = try PointSetup.currentPoint(db).id
      // The import brought the ready orders' items onto their shelves; three more cables came in
      // beside 5001's two, and 5009's lamp went missing (its handover finds no stock).
      try Ledger.post(
        NewMovement(type: .receive, productID: 100002, quantity: 3, to: try PointSetup.location("A-01-1", pointID: point, db), at: testNow - 86400),
        pointID: point, db)
      try Ledger.post(
        NewMovement(
          type: .damage, productID: 100005, quantity: 1, from: try PointSetup.location("A-01-4", pointID: point, db), reason: "lost",
          at: testNow - 86400), pointID: point, db)
      // 5001: a pickup task waiting for the customer; 5007: an open reminder; 5008: none.
      try db.execute(
        sql: """
          INSERT INTO tasks (point_id, type, priority, status, title, created_at, sla_seconds, waiting_since, waiting_reason, order_id)
          VALUES (?, 'ORDER_PICKUP', 'HIGH', 'waiting', 'Call Marie about 5001', ?, 28800, ?, 'customer', 5001),
                 (?, 'ORDER_PICKUP', 'LOW', 'open', 'SMS reminder 5007', ?, 172800, NULL, NULL, 5007)
          """,
        arguments: [point, testNow.seconds - 7200, testNow.seconds - 3600, point, testNow.seconds - 7200])
    }
    counter = try Counter(database: database, key: try keys.pickupCodeKey(create: false))
  }

  func scan(_ text: String, at now: Timestamp = testNow, staff: String? = "amina.n", expecting: PayloadKind? = nil) throws -> ScanResult {
    try counter.process(text: text, source: .scanner, expecting: expecting, staff: staff, terminal: "counter-1", now: now)
  }

  /// Row counts of every table that a scan must not touch (but `except`), plus the orders' counters.
  func untouched(except: Set<String> = []) throws -> [String] {
    try database.read { db in
      var out: [String] = []
      for table in ["orders", "handovers", "movements", "stock", "tasks", "audit_log", "outbox", "customers"] where !except.contains(table) {
        out.append("\(table)=\(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)")
      }
      out += try String.fetchAll(
        db,
        sql: """
          SELECT id || ':' || status || ':' || failed_attempts || ':' || lifetime_failed_attempts || ':'
                 || coalesce(locked_until, '-') || ':' || locked_for_supervisor || ':' || updated_at FROM orders ORDER BY id
          """)
      out += try String.fetchAll(db, sql: "SELECT product_id || '@' || location_id || '=' || quantity FROM stock ORDER BY 1")
      return out
    }
  }

  func scans() throws -> Int { try count(database, "SELECT count(*) FROM scans") ?? -1 }
  func int(_ sql: String, _ args: StatementArguments = []) throws -> Int64? {
    try database.read { try Int64.fetchOne($0, sql: sql, arguments: args) }
  }
  func string(_ sql: String, _ args: StatementArguments = []) throws -> String? {
    try database.read { try String.fetchOne($0, sql: sql, arguments: args) }
  }
}

private func - (t: Timestamp, s: Int64) -> Timestamp { t + -s }

extension Row {
  func text(_ column: String) -> String? { self[column] }
  func number(_ column: String) -> Int64? { self[column] }
}

extension ScanResult {
  var pickupReason: PickupRefusal.Reason? {
    if case .pickup(let r)? = refusal { return r.reason }
    return nil
  }
  var order: OrderView? {
    if case .order(let o) = outcome { return o }
    return nil
  }
}

@Suite struct CounterTests {
  @Test func theRightCodeShowsTheOrderAndWritesOnlyTheScan() throws {
    let f = try CounterFixture()
    let before = try f.untouched()
    let r = try f.scan("ORDER:5001:ABC123\r\n")
    let order = try #require(r.order)
    #expect(order.id == 5001 && order.status == .ready)
    #expect(order.customer == "M*** N***")
    #expect(order.shelf == "A-01-1")
    #expect(order.holdUntil?.iso8601 == "2026-12-02T10:00:00+01:00")
    #expect(order.items.map(\.title) == ["Radio Tecno", "Câble USB-C 1 m", "Emballage cadeau"])
    #expect(order.items.map(\.quantity) == [1, 2, 1])
    #expect(order.items.map(\.unitPrice) == [FCFA(8000), FCFA(1500), FCFA(500)])
    #expect(order.total.description == "11\u{202F}500\u{00A0}FCFA")
    #expect(r.outcomeWord == "verified" && r.kind == .order && r.payload == "ORDER:5001:***")
    #expect(try f.untouched() == before)
    let row = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM scans WHERE id = ?", arguments: [r.scanID]) })
    #expect(row.text("source") == "scanner" && row.text("kind") == "order" && row.text("outcome") == "verified")
    #expect(row.number("order_id") == 5001 && row.text("terminal") == "counter-1" && row.number("created_at") == testNow.seconds)
    #expect((row["reason"] as String?) == nil)
    #expect(row.number("staff_id") == (try f.int("SELECT id FROM staff WHERE login = 'amina.n'")))
  }

  @Test func confirmationWritesExactlyTheHandoverOnce() throws {
    let f = try CounterFixture()
    let verified = try f.scan("ORDER:5001:ABC123")
    let later = testNow + 90
    let audit = try f.int("SELECT count(*) FROM audit_log") ?? 0
    let movements = try f.int("SELECT count(*) FROM movements") ?? 0
    let h = try f.counter.confirmHandover(orderID: 5001, scanID: verified.scanID, staff: "amina.n", terminal: "counter-1", now: later).get()
    #expect(h.staffLogin == "amina.n" && h.staffName == "Amina Njoya" && h.at == later && h.scanID == verified.scanID)
    #expect(try f.string("SELECT status FROM orders WHERE id = 5001") == "picked_up")
    #expect(try f.int("SELECT updated_at FROM orders WHERE id = 5001") == later.seconds)
    let handover = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM handovers WHERE order_id = 5001") })
    #expect(handover.number("scan_id") == verified.scanID && handover.text("terminal") == "counter-1" && handover.number("handed_over_at") == later.seconds)
    // One PICK per catalogue item, from the order's shelf; the gift wrap has no product and no movement.
    let picks = try f.database.read {
      try Row.fetchAll($0, sql: "SELECT m.* , l.code FROM movements m JOIN locations l ON l.id = m.from_location_id WHERE m.type = 'PICK' ORDER BY m.id")
    }
    #expect(picks.map { $0["product_id"] as Int64 } == [100001, 100002])
    #expect(picks.map { $0["quantity"] as Int64 } == [1, 2])
    #expect(picks.allSatisfy { $0.text("code") == "A-01-1" && $0.number("order_id") == 5001 && ($0["to_location_id"] as Int64?) == nil })
    #expect(h.movementIDs == picks.map { $0["id"] as Int64 })
    #expect(try f.int("SELECT count(*) FROM movements") == movements + 2)
    #expect(try f.int("SELECT quantity FROM stock WHERE product_id = 100001") == 0)
    #expect(try f.int("SELECT quantity FROM stock WHERE product_id = 100002") == 3)
    // The waiting pickup task is done; its hour of waiting counts as paused time.
    let task = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM tasks WHERE order_id = 5001") })
    #expect(task.text("status") == "done" && task.number("closed_at") == later.seconds && task.number("paused_seconds") == 3690)
    #expect((task["waiting_since"] as Int64?) == nil && h.taskIDs == [task["id"] as Int64])
    // One audit row, chained; one outbox event.
    #expect(try f.int("SELECT count(*) FROM audit_log") == audit + 1)
    #expect(try f.string("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "order.handed_over")
    #expect(try DatabaseCheck.run(f.database) == [])
    let outbox = try f.database.read { try Row.fetchAll($0, sql: "SELECT * FROM outbox") }
    #expect(outbox.count == 1)
    #expect(outbox.first?.text("event_type") == "order.picked_up" && outbox.first?.text("dedup_key") == "order.picked_up:5001")
    let payload = try #require((outbox.first?["payload"] as String?).map { Data($0.utf8) })
    let event = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
    #expect(event["order_id"] as? Int == 5001 && event["point"] as? String == "DLA-TEST")
    #expect(event["handed_over_at"] as? String == "2026-11-26T09:31:30+01:00" && event["staff"] as? String == "amina.n")
    #expect(event.count == 4)

    // A second confirmation, from another clerk: refused, naming who and when; nothing written.
    let snapshot = try f.untouched()
    let second = try f.counter.confirmHandover(orderID: 5001, scanID: verified.scanID, staff: "brice.k", terminal: "counter-2", now: later + 5)
    let facts = HandoverFacts(staffLogin: "amina.n", staffName: "Amina Njoya", terminal: "counter-1", at: later)
    #expect(second == .failure(PickupRefusal(orderID: 5001, .alreadyPickedUp(facts))))
    #expect(try f.untouched() == snapshot)
    #expect(try f.int("SELECT count(*) FROM outbox") == 1)
    // Scanning it again says the same.
    #expect(try f.scan("ORDER:5001:ABC123", at: later + 10, staff: "brice.k").pickupReason == .alreadyPickedUp(facts))
  }

  @Test func aHandoverWithoutAnOpenTaskIsCountedAsADoneTask() throws {
    let f = try CounterFixture()
    let r = try f.scan("ORDER:5008:LCK001")
    let h = try f.counter.confirmHandover(orderID: 5008, scanID: r.scanID, staff: "herve.n", now: testNow).get()
    let task = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM tasks WHERE order_id = 5008") })
    #expect(task.text("source_key") == "order-pickup:5008" && task.text("status") == "done" && task.text("type") == "ORDER_PICKUP")
    #expect(task.number("assignee_id") == (try f.int("SELECT id FROM staff WHERE login = 'herve.n'")))
    #expect(h.taskIDs == [task["id"] as Int64])
    #expect(try DatabaseCheck.run(f.database) == [])
  }

  @Test func confirmationNeedsAFreshVerificationAClerkAndStock() throws {
    let f = try CounterFixture()
    let r = try f.scan("ORDER:5001:ABC123")
    let other = try f.scan("ORDER:5008:LCK001")
    let wrong = try f.scan("ORDER:5001:ZZZ999")
    let before = try f.untouched()
    func confirm(_ scan: Int64, _ staff: String = "amina.n", order: Int64 = 5001, at: Timestamp = testNow) throws -> PickupRefusal.Reason? {
      if case .failure(let e) = try f.counter.confirmHandover(orderID: order, scanID: scan, staff: staff, now: at) { return e.reason }
      return nil
    }
    /// What a refusal that carries a reason says, in English.
    func said(_ reason: PickupRefusal.Reason?) -> String? {
      switch reason {
      case .notAllowed(let m)?, .notVerified(let m)?, .stock(let m)?: m.text(.en)
      default: nil
      }
    }
    #expect(said(try confirm(r.scanID, "solange.e")) == "solange.e: a supervisor may not hand orders over or refuse them (see ROLES in vgk-staff(1))")
    #expect(try confirm(r.scanID, "solange.e") == .notAllowed(Message(.prefixed, .text("solange.e"), .message(Access.refusal(.supervisor, .handOver)))))
    #expect(said(try confirm(other.scanID)) == "scan \(other.scanID) is not a verified code of order 5001")
    #expect(said(try confirm(wrong.scanID)) == "scan \(wrong.scanID) is not a verified code of order 5001")
    #expect(said(try confirm(99999)) == "scan 99999 is not a verified code of order 5001")
    #expect(said(try confirm(r.scanID, at: testNow + 15 * 60 + 1)) == "the code was checked at 2026-11-26 09:30, not within the last 15 minutes")
    expectSaid(.invalid("'nobody' is not a staff login of this point (import staff first)")) { try confirm(r.scanID, "nobody") }
    expectSaid(.refused("the staff account old.k is not active")) { try confirm(r.scanID, "old.k") }
    expectSaid(.refused("there is no order 4242")) { try confirm(r.scanID, order: 4242) }
    #expect(try f.untouched() == before)
    // 5009's shelf holds no stock: the PICK is refused, and the whole handover with it.
    let s = try f.scan("ORDER:5009:NOS001")
    #expect(said(try confirm(s.scanID, order: 5009)) == "only 0 of product 100005 at A-01-4: cannot take 1 (stock never goes below zero)")
    #expect(try f.untouched() == before)
    #expect(try f.int("SELECT count(*) FROM handovers WHERE order_id = 5009") == 0)
  }

  @Test func fiveWrongCodesLockThirtyMinutesAndTenLockForASupervisor() throws {
    let f = try CounterFixture()
    let t = testNow
    let verified = try f.scan("ORDER:5008:LCK001", at: t)
    for n in 1...4 {
      let r = try f.scan("ORDER:5008:WRONG\(n)", at: t + Int64(n))
      #expect(r.pickupReason == .codeNotAccepted(tries: 5 - n, next: .timed(1800), lockedNow: nil))
    }
    let fifth = try f.scan("ORDER:5008:WRONG5", at: t + 5)
    #expect(fifth.pickupReason == .codeNotAccepted(tries: 0, next: .timed(1800), lockedNow: .until(t + 1805)))
    #expect(try f.string("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "order.locked")
    // Locked: even the right code is refused, and does not count; a confirmation is refused too.
    let during = try f.scan("ORDER:5008:LCK001", at: t + 1804)
    #expect(during.pickupReason == .locked(.until(t + 1805)))
    #expect(
      try f.counter.confirmHandover(orderID: 5008, scanID: verified.scanID, staff: "amina.n", now: t + 60)
        == .failure(PickupRefusal(orderID: 5008, .locked(.until(t + 1805)))))
    #expect(try f.int("SELECT lifetime_failed_attempts FROM orders WHERE id = 5008") == 5)
    // Thirty minutes later the right code goes through and the run is cleared.
    let after = try f.scan("ORDER:5008:LCK001", at: t + 1805)
    #expect(after.order?.id == 5008)
    #expect(try f.string("SELECT failed_attempts || '/' || lifetime_failed_attempts || '/' || coalesce(locked_until, '-') FROM orders WHERE id = 5008") == "0/5/-")
    // Five more wrong codes: the tenth in all locks until a supervisor unlocks, whatever the time.
    for n in 1...4 { _ = try f.scan("ORDER:5008:AGAIN\(n)", at: t + 2000 + Int64(n)) }
    let tenth = try f.scan("ORDER:5008:AGAIN5", at: t + 2005)
    #expect(tenth.pickupReason == .codeNotAccepted(tries: 0, next: .supervisor, lockedNow: .supervisor))
    #expect(try f.scan("ORDER:5008:LCK001", at: t + 86400 * 30).pickupReason == .locked(.supervisor))
    // A clerk cannot unlock; a supervisor can, once; the right code then works.
    expectSaid(.refused("amina.n: a clerk may not unlock orders (see ROLES in vgk-staff(1))")) {
      try f.counter.unlock(orderID: 5008, staff: "amina.n", now: t + 3000)
    }
    let auditBefore = try f.int("SELECT count(*) FROM audit_log") ?? 0
    let report = try f.counter.unlock(orderID: 5008, staff: "solange.e", terminal: "office", now: t + 3000)
    #expect(report == UnlockReport(orderID: 5008, lifted: .supervisor, attempts: CodeAttempts(failed: 0, lifetimeFailed: 10)))
    #expect(try f.int("SELECT count(*) FROM audit_log") == auditBefore + 1)
    let row = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1") })
    #expect(row.text("action") == "order.unlocked" && row.text("entity_id") == "5008" && row.text("terminal") == "office")
    #expect(row.text("before") == "failed=5 lifetime=10 locked_for_supervisor" && row.text("after") == "failed=0 lifetime=10")
    expectSaid(.refused("order 5008 is not locked; nothing changed")) {
      try f.counter.unlock(orderID: 5008, staff: "solange.e", now: t + 3001)
    }
    expectSaid(.refused("order 777 is not locked; nothing changed"), "an unknown order reads like an unlocked one") {
      try f.counter.unlock(orderID: 777, staff: "herve.n", now: t)
    }
    #expect(try f.scan("ORDER:5008:LCK001", at: t + 3002).order?.id == 5008)
    #expect(try DatabaseCheck.run(f.database) == [])
  }

  @Test func aWrongCodeAndAnUnknownOrderAreAnsweredAlikeUpToTheLock() throws {
    let f = try CounterFixture()
    // 5001 exists (ready), 5004 exists (picked up: its state must not show), 88888 does not.
    var answers: [String] = []
    for n in 1...7 {
      let at = testNow + Int64(n) * 10
      let texts = try [5001, 5004, 88888].map { id in
        let r = try f.scan("ORDER:\(id):BADBAD", at: at)
        return "\(r.outcomeWord)|\(r.refusal?.description.replacingOccurrences(of: String(id), with: "#") ?? "-")"
      }
      #expect(Set(texts).count == 1, "attempt \(n): \(texts)")
      answers.append(texts[0])
    }
    #expect(answers[0].hasPrefix("code_refused|Code not accepted: wrong pickup code or unknown order number."))
    #expect(answers[4].contains("is now locked until 2026-11-26 10:00"))
    #expect(answers[5].hasPrefix("locked|Order number # is locked"))
    // The unknown number's attempts are in the scan log (with no code in clear), not on any order.
    #expect(try f.int("SELECT count(*) FROM scans WHERE payload = 'ORDER:88888:***' AND order_id IS NULL") == 7)
    #expect(try f.int("SELECT count(*) FROM scans WHERE payload LIKE '%BADBAD%'") == 0)
    #expect(try f.int("SELECT lifetime_failed_attempts FROM orders WHERE id = 5004") == 5)
    // After the lock the unknown number counts again from zero, like a real order.
    let later = testNow + 70 + 1800
    let a = try f.scan("ORDER:5001:BADBAD", at: later)
    let b = try f.scan("ORDER:88888:BADBAD", at: later)
    // (Four more would make ten in all: the lock they bring is the supervisor's.)
    #expect(a.pickupReason == .codeNotAccepted(tries: 4, next: .supervisor, lockedNow: nil))
    #expect(b.pickupReason == a.pickupReason)
  }

  @Test func theRightCodeTellsWhyAnOrderCannotBeHandedOver() throws {
    let f = try CounterFixture()
    let before = try f.untouched(except: ["outbox"])
    let pickedUpAt = try #require(try f.int("SELECT handed_over_at FROM handovers WHERE order_id = 5004"))
    let cases: [(String, PickupRefusal.Reason)] = [
      ("ORDER:5002:EXP001", .notReady(.expected)),
      ("ORDER:5003:REC001", .notReady(.received)),
      ("ORDER:5004:PCK001", .alreadyPickedUp(HandoverFacts(staffLogin: "brice.k", staffName: "Brice Kamga", terminal: "import", at: Timestamp(seconds: pickedUpAt)))),
      ("ORDER:5005:RET001", .returned(at: try Timestamp.parse("2026-11-12T09:00:00+01:00").get())),
      ("ORDER:5006:CAN001", .cancelled(at: try Timestamp.parse("2026-11-21T09:00:00+01:00").get())),
      ("ORDER:5007:OLD001", .holdExpired(holdUntil: try Timestamp.parse("2026-11-22T09:00:00+01:00").get())),
    ]
    for (payload, reason) in cases {
      let r = try f.scan(payload)
      #expect(r.pickupReason == reason, "\(payload)")
      #expect(try f.string("SELECT outcome FROM scans WHERE id = ?", [r.scanID]) == PickupRefusal(orderID: 1, reason).outcome)
    }
    #expect(try f.untouched(except: ["outbox"]) == before)
    #expect(try f.scans() == cases.count)
    // Each refusal leaves the scan row and its order.handover_refused event (OutboxEventTests), nothing else.
    #expect(try f.int("SELECT count(*) FROM outbox WHERE event_type = 'order.handover_refused'") == Int64(cases.count))
    #expect(try f.int("SELECT count(*) FROM outbox") == Int64(cases.count))
  }

  @Test func productAndInventoryCodesShowStockAndMovements() throws {
    let f = try CounterFixture()
    let p = try f.scan("PRODUCT:100002")
    guard case .product(let product) = p.outcome else { Issue.record("\(p.outcome)"); return }
    #expect(product.title == "Câble USB-C 1 m" && product.price == FCFA(1500) && product.category == "Accessoires")
    #expect(product.stock == [StockLine(location: "A-01-1", kind: .shelf, quantity: 5)])
    #expect(p.outcomeWord == "shown" && p.kind == .product)
    let id = try #require(try f.int("SELECT id FROM movements WHERE product_id = 100003"))
    let m = try f.scan("INVENTORY:\(id)")
    guard case .movement(let movement) = m.outcome else { Issue.record("\(m.outcome)"); return }
    #expect(movement.type == .receive && movement.productID == 100003 && movement.to == "A-01-2" && movement.from == nil)
    #expect(movement.productTitle == "Fer à repasser" && movement.quantity == 1)
    #expect(try f.scan("PRODUCT:424242").refusal == .notFound(Message(.scanNoProduct, .id(424242))))
    #expect(try f.scan("PRODUCT:424242").refusal?.description == "Not found: no product 424242 in the catalogue.")
    #expect(
      try f.scan("INVENTORY:424242").refusal?.description
        == "Not found: no stock movement 424242 (nor a transfer slip announced to this point).")
    #expect(try f.scan("INVENTORY:424242").outcomeWord == "not_found")
    // At the pickup prompt, a product code is answered as such.
    let wrongKind = try f.scan("PRODUCT:100002", expecting: .order)
    #expect(wrongKind.refusal?.description == "Wrong kind of code: this is a product code, not an order code.")
    #expect(wrongKind.kind == .product && wrongKind.outcomeWord == "wrong_kind")
    #expect(try f.scan("INVENTORY:\(id)", expecting: .order).refusal?.description == "Wrong kind of code: this is an inventory code, not an order code.")
  }

  @Test func hostilePayloadsAreRefusedWithReasonsAndOnlyTheScanIsWritten() throws {
    let f = try CounterFixture()
    let before = try f.untouched()
    let cases: [([UInt8], String)] = [
      ([], "empty code"),
      (Array(repeating: UInt8(ascii: "A"), count: 65), "code is 65 bytes, longer than the 64 a VGK code can be"),
      (Array("ORDER:5001:ABC12É".utf8), "not plain ASCII (byte 0xC3 at position 17)"),
      (Array("ORDER:5001:ABC123".utf8) + [0], "control character 0x00 (NUL) at position 18"),
      (Array("ORDER:05001:ABC123".utf8), "order id has a leading zero or is zero"),
      (Array("ORDER:5001:abc123".utf8), "pickup code may hold only digits and capital letters A-Z"),
      (Array("ORDER:5001:ABC123'OR'1'='1".utf8), "pickup code must be 6 to 10 characters, got 15"),
      (Array("PRODUCT:1;DROP_TABLE_orders".utf8), "product id has more than 12 digits"),
      (Array("PRODUCT:1;DROP".utf8), "product id is not a decimal number"),
      (Array("ORDER:5001:ABC123\n".utf8), "control character 0x0A (line feed) at position 18"),
    ]
    for (n, (bytes, reason)) in cases.enumerated() {
      let r = try f.counter.process(bytes, source: .cli, staff: "amina.n", now: testNow)
      guard case .malformed(let error)? = r.refusal else { Issue.record("case \(n): \(String(describing: r.refusal))"); continue }
      #expect(error.reason == reason, "case \(n)")
      #expect(r.refusal?.isBadInput == true && r.outcomeWord == "rejected")
      let row = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM scans WHERE id = ?", arguments: [r.scanID]) })
      #expect(row.text("outcome") == "rejected" && row.text("reason") == "Not a VGK code: \(reason).")
      #expect((row["kind"] as String?) == nil && (row["order_id"] as Int64?) == nil)
    }
    #expect(try f.scans() == cases.count)
    #expect(try f.untouched() == before)
    // No code in clear in the log, not even a near miss in lower case.
    #expect(try f.int("SELECT count(*) FROM scans WHERE upper(payload) LIKE '%ABC12%'") == 0)
    #expect(try f.string("SELECT payload FROM scans WHERE reason LIKE '%NUL%'") == "ORDER:5001 ***")
    #expect(try f.int("SELECT count(*) FROM orders") == 9)
    // A typed scan's one Enter is dropped; from the command line the same bytes are refused above.
    #expect(try f.scan("ORDER:5001:ABC123\n").order?.id == 5001)
  }

  @Test func imageFailuresAreRecordedWithTheFileAndItsDigest() throws {
    let f = try CounterFixture()
    let sha = ScanLog.sha256(Array("not a photo".utf8))
    let r = try f.counter.recordImageFailure(
      .noCode(Message(.scanNoQRInPhoto)), source: .camera, fileName: "IMG_1.jpg", contentSHA256: sha, now: testNow)
    #expect(r.outcomeWord == "no_code" && r.payload == nil && r.refusal?.isBadInput == false)
    let row = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM scans WHERE id = ?", arguments: [r.scanID]) })
    #expect(row.text("file_name") == "IMG_1.jpg" && (row["content_sha256"] as Data?) == sha && row.text("source") == "camera")
    #expect(sha.count == 32)
    expectSaid(.invalid("a content SHA-256 is 32 bytes, not 3")) {
      try f.counter.process(Array("PRODUCT:1".utf8), source: .camera, contentSHA256: Data([1, 2, 3]), now: testNow)
    }
    #expect(try f.scans() == 1)
  }

  @Test func expiryReturnsOrdersPastTheirHoldOnceWithAReturnTask() throws {
    let f = try CounterFixture()
    // 5007 was ready on 2026-11-15 09:00: held until 2026-11-22 09:00.
    let holdEnd = try Timestamp.parse("2026-11-22T09:00:00+01:00").get()
    #expect(try f.counter.expireHolds(now: holdEnd) == [])
    let audit = try f.int("SELECT count(*) FROM audit_log") ?? 0
    let expired = try f.counter.expireHolds(now: testNow, staff: "solange.e", terminal: "cron")
    let reminder = try #require(try f.int("SELECT id FROM tasks WHERE title = 'SMS reminder 5007'"))
    let task = try #require(try f.database.read { try Row.fetchOne($0, sql: "SELECT * FROM tasks WHERE source_key = 'order-return:5007'") })
    #expect(expired == [ExpiredHold(orderID: 5007, holdUntil: holdEnd, shelf: "A-01-2", returnTaskID: task["id"], cancelledTaskIDs: [reminder])])
    #expect(task.text("status") == "open" && task.number("order_id") == 5007 && task.text("type") == "ORDER_PICKUP")
    #expect(task.text("title") == "Return order 5007 to the seller: not collected by 2026-11-22 09:00 (shelf A-01-2)")
    #expect(try f.string("SELECT status || ':' || cancel_reason FROM tasks WHERE id = ?", [reminder]) == "cancelled:order returned: not collected by 2026-11-22 09:00")
    #expect(try f.string("SELECT status FROM orders WHERE id = 5007") == "returned")
    #expect(try f.int("SELECT count(*) FROM audit_log") == audit + 2, "the reminder's cancelling and the return")
    #expect(try f.string("SELECT action || ' ' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1") == "order.returned 5007")
    #expect(try f.string("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET 1") == "task.cancel")
    // Again, even much later: nothing more.
    let snapshot = try f.untouched()
    #expect(try f.counter.expireHolds(now: testNow) == [])
    #expect(try f.counter.expireHolds(now: testNow + 3600) == [])
    #expect(try f.untouched() == snapshot)
    #expect(try f.int("SELECT count(*) FROM tasks WHERE source_key = 'order-return:5007'") == 1)
    // The other ready orders are still ready; 5007 now answers as returned.
    #expect(try f.string("SELECT group_concat(id) FROM orders WHERE status = 'ready'") == "5001,5008,5009")
    #expect(try f.scan("ORDER:5007:OLD001").pickupReason == .returned(at: testNow))
    #expect(try DatabaseCheck.run(f.database) == [])
  }

  @Test func twoTerminalsConfirmingAtOnceHandOverExactlyOnce() async throws {
    let f = try CounterFixture()
    let second = try Counter(database: try AppDatabase.open(path: f.dir.file("vgk.sqlite")), key: try f.keys.pickupCodeKey(create: false))
    let a = try f.scan("ORDER:5001:ABC123", staff: "amina.n")
    let b = try second.process(Array("ORDER:5001:ABC123".utf8), source: .scanner, staff: "brice.k", terminal: "counter-2", now: testNow)
    let counters = [(f.counter, a.scanID, "amina.n"), (second, b.scanID, "brice.k")]
    let results = try await withThrowingTaskGroup(of: Result<Handover, PickupRefusal>.self) { group in
      for (counter, scan, staff) in counters {
        group.addTask { try counter.confirmHandover(orderID: 5001, scanID: scan, staff: staff, now: testNow + 1) }
      }
      var all: [Result<Handover, PickupRefusal>] = []
      for try await r in group { all.append(r) }
      return all
    }
    let winners = results.compactMap { try? $0.get() }
    #expect(winners.count == 1)
    let winner = try #require(winners.first)
    let losers = results.compactMap { r -> PickupRefusal? in if case .failure(let e) = r { return e } else { return nil } }
    #expect(losers == [PickupRefusal(orderID: 5001, .alreadyPickedUp(winner.facts))])
    #expect(try f.int("SELECT count(*) FROM handovers WHERE order_id = 5001") == 1)
    #expect(try f.int("SELECT count(*) FROM outbox") == 1)
    #expect(try f.int("SELECT count(*) FROM movements WHERE type = 'PICK'") == 2)
    #expect(try DatabaseCheck.run(f.database) == [])
  }

  @Test func unknownOrderNumbersAreLookedUpThroughTheirIndex() throws {
    let f = try CounterFixture()
    let plan = try f.database.read {
      try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN " + Counter.unknownFailuresSQL, arguments: ["ORDER:1:***"]).map { $0["detail"] as String }
    }
    #expect(plan.contains { $0.contains("USING INDEX scans_unknown_order_failures (payload=?)") }, "\(plan)")
    #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    #expect(try f.database.appliedMigrations() == Migrations.known)
  }

  @Test func aCounterRefusesAKeyThatIsNotTheDatabases() throws {
    let f = try CounterFixture()
    let other = try KeyStore(directory: f.dir.file("other-keys")).pickupCodeKey(create: true)
    #expect(throws: StoreError.self) { try Counter(database: f.database, key: other) }
    // The comparison is HMAC's own constant-time one; a digest of the wrong length never matches.
    let key = try f.keys.pickupCodeKey(create: false)
    let digest = key.digest(orderID: 5001, code: "ABC123")
    #expect(key.matches(orderID: 5001, code: "ABC123", digest: digest))
    #expect(!key.matches(orderID: 5001, code: "ABC124", digest: digest))
    #expect(!key.matches(orderID: 5002, code: "ABC123", digest: digest))
    #expect(!key.matches(orderID: 5001, code: "ABC123", digest: digest.prefix(16)))
    #expect(!key.matches(orderID: 5001, code: "ABC123", digest: Counter.noDigest))
  }
}
