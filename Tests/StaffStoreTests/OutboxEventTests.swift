import Foundation
import GRDB
import PropertyBased
import StaffDomain
import Testing

@testable import StaffStore

/// One outbox row as the tests read it.
struct OutboxRow: Equatable, CustomStringConvertible {
  var type: String
  var key: String
  var payload: String
  var createdAt: Int64
  var description: String { "\(type) \(key) \(payload)" }
}

extension AppDatabase {
  func outbox(_ type: String? = nil) throws -> [OutboxRow] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT event_type, dedup_key, payload, created_at FROM outbox WHERE ? IS NULL OR event_type = ? ORDER BY id",
        arguments: [type, type]
      ).map { OutboxRow(type: $0[0], key: $0[1], payload: $0[2], createdAt: $0[3]) }
    }
  }
}

/// The desk of a counter fixture, for the clerk amina.n.
private func desk(_ f: CounterFixture) throws -> TicketDesk {
  try TicketDesk(database: f.database, key: try PersonalData.key(f.keys, f.database), now: testNow)
}

/// A temporary trigger on the program's own writing connection that aborts every insert into
/// `table`: the write transaction that reaches it fails there, after whatever it wrote before.
/// (A trigger in the file itself would be refused as a schema changed outside the program.)
private func failingInserts(into table: String, _ f: CounterFixture) throws {
  try f.database.write { db in
    try db.execute(
      sql: "CREATE TEMP TRIGGER test_fail_\(table) BEFORE INSERT ON main.\(table) BEGIN SELECT RAISE(ABORT, 'test: \(table) refuses rows'); END")
  }
}

private func removeFailingInserts(into table: String, _ f: CounterFixture) throws {
  try f.database.write { db in try db.execute(sql: "DROP TRIGGER temp.test_fail_\(table)") }
}

@Suite struct OutboxEventTests {
  // MARK: order.handover_refused

  @Test func everyRefusedOrderScanWritesOneHandoverRefusedEvent() throws {
    let f = try CounterFixture()
    let wrong = try f.scan("ORDER:5001:ZZZ999")
    let rows = try f.database.outbox()
    #expect(rows == [
      OutboxRow(
        type: "order.handover_refused", key: "order.handover_refused:DLA-TEST:\(wrong.scanID)",
        payload: #"{"order_id":5001,"point":"DLA-TEST","reason":"code_refused","refused_at":"2026-11-26T09:30:00+01:00","refused_by":"check","scan_id":\#(wrong.scanID),"source":"scanner"}"#,
        createdAt: testNow.seconds)
    ])
    // Each refusal of the counter's rules, under its outcome word; an unknown order number too.
    let cases: [(String, String)] = [
      ("ORDER:5002:EXP001", "not_ready"), ("ORDER:5003:REC001", "not_ready"), ("ORDER:5004:PCK001", "already_picked_up"),
      ("ORDER:5005:RET001", "returned"), ("ORDER:5006:CAN001", "cancelled"), ("ORDER:5007:OLD001", "hold_expired"),
      ("ORDER:88888:ABC123", "code_refused"),
    ]
    for (n, (text, reason)) in cases.enumerated() {
      let at = testNow + Int64(n + 1)
      let r = try f.counter.process(text: text, source: .camera, staff: nil, now: at)
      #expect(r.refusal?.outcome == reason, "\(text)")
      let last = try #require(try f.database.outbox().last)
      let id = try #require(Int64(text.split(separator: ":")[1]))
      #expect(last.key == "order.handover_refused:DLA-TEST:\(r.scanID)")
      #expect(
        last.payload
          == #"{"order_id":\#(id),"point":"DLA-TEST","reason":"\#(reason)","refused_at":"\#(at.iso8601)","refused_by":"check","scan_id":\#(r.scanID),"source":"camera"}"#)
    }
    #expect(try f.database.outbox().count == 1 + cases.count)
    // A lock: the fifth wrong code and the scans it then refuses.
    for n in 1...5 { _ = try f.scan("ORDER:5008:WRONG\(n)") }
    let locked = try f.scan("ORDER:5008:LCK001")
    #expect(locked.refusal?.outcome == "locked")
    #expect(try f.database.outbox().last?.payload.contains(#""reason":"locked""#) == true)
    #expect(try f.database.outbox().count == 1 + cases.count + 6)
  }

  @Test func scansThatRefuseNoHandoverWriteNoEvent() throws {
    let f = try CounterFixture()
    let productID = try #require(try f.int("SELECT id FROM movements ORDER BY id LIMIT 1"))
    let texts = [
      "ORDER:5001:ABC123",  // right: shown, waiting for the clerk
      "ORDER:05001:ABC123", "ORDER:5001", "ORDER:5001:abc123", "ORDER:5001:ABC123'--", "\u{1B}[2J", "",
      String(repeating: "9", count: 70),
      "PRODUCT:100002", "PRODUCT:424242", "INVENTORY:\(productID)", "INVENTORY:424242",
    ]
    for text in texts { _ = try f.counter.process(text: text, source: .cli, staff: "amina.n", now: testNow) }
    // A valid order code where a product was expected is a wrong kind of code, not a handover refused.
    #expect(try f.scan("ORDER:5001:ZZZ999", expecting: .product).outcomeWord == "wrong_kind")
    _ = try f.counter.recordImageFailure(.noCode(Message(.scanNoQRInPhoto)), source: .camera, fileName: "x.jpg", now: testNow)
    #expect(try f.scans() == texts.count + 2)
    #expect(try f.database.outbox() == [])
  }

  @Test func aClerksRefusalWritesItsEventOnce() throws {
    let f = try CounterFixture()
    let r = try f.counter.process(text: "ORDER:5001:ABC123", source: .scanner, staff: "amina.n", now: testNow)
    let at = testNow + 40
    let decided = try f.counter.refuseHandover(scanID: r.scanID, reason: .parcelDamaged, staff: "amina.n", now: at)
    #expect((try? decided.get())?.reason == "parcel_damaged")
    #expect(try f.database.outbox() == [
      OutboxRow(
        type: "order.handover_refused", key: "order.handover_refused:DLA-TEST:\(r.scanID)",
        payload: #"{"order_id":5001,"point":"DLA-TEST","reason":"parcel_damaged","refused_at":"2026-11-26T09:30:40+01:00","refused_by":"clerk","scan_id":\#(r.scanID),"source":"scanner"}"#,
        createdAt: at.seconds)
    ])
    // Decided already, or not a verified scan: refused, and no second event.
    guard case .failure(.alreadyDecided) = try f.counter.refuseHandover(scanID: r.scanID, reason: .other, staff: "brice.k", now: at + 1) else {
      Issue.record("a second decision was accepted")
      return
    }
    #expect(try f.counter.refuseHandover(scanID: 4242, reason: .other, staff: "brice.k", now: at) == .failure(.notVerified(scanID: 4242)))
    #expect(try f.database.outbox().count == 1)
  }

  // MARK: order.returned

  @Test func aHoldThatEndsWritesOneReturnedEvent() throws {
    let f = try CounterFixture()
    let later = testNow + 3600
    _ = try f.counter.expireHolds(now: later, staff: "solange.e")
    #expect(try f.database.outbox() == [
      OutboxRow(
        type: "order.returned", key: "order.returned:DLA-TEST:5007",
        payload: #"{"hold_until":"2026-11-22T09:00:00+01:00","order_id":5007,"point":"DLA-TEST","returned_at":"2026-11-26T10:30:00+01:00","shelf":"A-01-2"}"#,
        createdAt: later.seconds)
    ])
    _ = try f.counter.expireHolds(now: later + 86400)
    #expect(try f.database.outbox().count == 1)
    // The task rules return orders too, through the same call: 5001, 5008 and 5009 are held until
    // 2026-12-02 10:00; the rules run after it return them, one event each.
    let end = try Timestamp.parse("2026-12-02T10:00:01+01:00").get()
    let sync = try TaskBoard(database: f.database).sync(now: end)
    #expect(sync.returned.map(\.orderID) == [5001, 5008, 5009])
    #expect(try f.database.outbox("order.returned").map(\.key) == ["order.returned:DLA-TEST:5007"] + [5001, 5008, 5009].map { "order.returned:DLA-TEST:\($0)" })
    #expect(try f.database.outbox().last?.payload.contains(#""shelf":"A-01-4""#) == true)
  }

  // MARK: ticket.status_changed

  @Test func everyTicketStatusChangeAndEveryRatingWritesOneEvent() throws {
    let f = try CounterFixture()
    let d = try desk(f)
    var t = testNow
    func next() -> Timestamp {
      t = t + 60
      return t
    }
    let opened = try d.open(
      NewTicket(
        phone: "+237 677 58 19 04", name: "Marie Ngono", orderID: 5001, category: .damaged, priority: .high,
        subject: "Radio cassée, Marie Ngono 677581904", message: "Appelez-moi au 677 58 19 04"),
      by: "amina.n", now: next())
    _ = try d.write(.note, on: opened.id, body: "Checked the shelf", by: "amina.n", now: next())  // no change
    _ = try d.write(.outbound, on: opened.id, body: "Nous regardons, Marie.", by: "amina.n", now: next())  // new -> open
    _ = try d.write(.outbound, on: opened.id, body: "Pouvez-vous passer ?", waiting: true, by: "amina.n", now: next())  // -> waiting
    _ = try d.write(.outbound, on: opened.id, body: "Nous attendons.", waiting: true, by: "amina.n", now: next())  // no change
    _ = try d.write(.inbound, on: opened.id, body: "Oui demain", by: "amina.n", now: next())  // waiting -> open
    _ = try d.apply(.resolved, to: opened.id, by: "amina.n", now: next())
    _ = try d.apply(.rated(4), to: opened.id, by: "amina.n", now: next())  // resolved -> resolved, rated
    _ = try d.apply(.reopened, to: opened.id, by: "amina.n", now: next())
    _ = try d.apply(.set(.waitingCustomer), to: opened.id, by: "amina.n", now: next())
    _ = try d.apply(.closed(rating: 5), to: opened.id, by: "amina.n", now: next())
    _ = try d.assign(opened.id, to: "brice.k", by: "amina.n", now: next())  // not a status change
    // Refused changes write nothing.
    #expect(throws: StoreError.self) { try d.apply(.closed(rating: nil), to: opened.id, by: "amina.n", now: t) }
    #expect(throws: StoreError.self) { try d.apply(.rated(9), to: opened.id, by: "amina.n", now: t) }
    #expect(throws: StoreError.self) { try d.apply(.resolved, to: 4242, by: "amina.n", now: t) }

    let changes: [(String?, String, Int?, Int64)] = [
      (nil, "new", nil, 1), ("new", "open", nil, 3), ("open", "waiting_customer", nil, 4), ("waiting_customer", "open", nil, 6),
      ("open", "resolved", nil, 7), ("resolved", "resolved", 4, 8), ("resolved", "open", nil, 9), ("open", "waiting_customer", nil, 10),
      ("waiting_customer", "closed", 5, 11),
    ]
    let rows = try f.database.outbox()
    #expect(rows.count == changes.count, "\(rows)")
    let audits = try f.database.read { db in
      try Row.fetchAll(db, sql: "SELECT id, at FROM audit_log WHERE entity = 'ticket' AND entity_id = ? ORDER BY id", arguments: [String(opened.id)])
        .map { (id: $0["id"] as Int64, at: $0["at"] as Int64) }
    }
    for (row, change) in zip(rows, changes) {
      let at = testNow + change.3 * 60
      let audit = try #require(audits.first { $0.at == at.seconds }, "an audit row at \(at)")
      let from = change.0.map { "\"\($0)\"" } ?? "null"
      let rating = change.2.map(String.init) ?? "null"
      #expect(row.type == "ticket.status_changed" && row.createdAt == at.seconds)
      #expect(row.key == "ticket.status_changed:DLA-TEST:\(opened.id):\(audit.id)")
      #expect(
        row.payload
          == #"{"category":"damaged","changed_at":"\#(at.iso8601)","from":\#(from),"order_id":5001,"point":"DLA-TEST","priority":"HIGH","rating":\#(rating),"ticket_id":\#(opened.id),"to":"\#(change.1)"}"#)
    }
    #expect(Set(rows.map(\.key)).count == rows.count)
    // A ticket about no order says so with null.
    let other = try d.open(NewTicket(phone: "+237 677 58 19 04", category: .other, priority: .low, subject: "Question"), by: "brice.k", now: next())
    #expect(try f.database.outbox().last?.payload.contains(#""order_id":null"#) == true)
    #expect(try f.database.outbox().last?.key.hasPrefix("ticket.status_changed:DLA-TEST:\(other.id):") == true)
  }

  // MARK: All or nothing

  @Test func whenTheEventCannotBeWrittenTheFactIsNotWrittenEither() throws {
    let f = try CounterFixture()
    let d = try desk(f)
    let ticket = try d.open(NewTicket(phone: "+237 677 58 19 04", name: "Marie Ngono", category: .late, priority: .low, subject: "Late"), by: "amina.n", now: testNow)
    let verified = try f.scan("ORDER:5008:LCK001")
    try failingInserts(into: "outbox", f)
    let before = try f.untouched()
    let scans = try f.scans()
    let decisions = try f.int("SELECT count(*) FROM scan_decisions")
    // A wrong code: its scan row, its audit row and the order's counters go with the event.
    #expect(throws: DatabaseError.self) { try f.scan("ORDER:5001:ZZZ999") }
    #expect(throws: DatabaseError.self) { try f.scan("ORDER:5002:EXP001") }
    #expect(throws: DatabaseError.self) { try f.counter.refuseHandover(scanID: verified.scanID, reason: .wrongPerson, staff: "amina.n", now: testNow) }
    #expect(throws: DatabaseError.self) { try f.counter.expireHolds(now: testNow) }
    #expect(throws: DatabaseError.self) { try TaskBoard(database: f.database).sync(now: testNow) }
    #expect(throws: DatabaseError.self) { try d.apply(.resolved, to: ticket.id, by: "amina.n", now: testNow + 60) }
    #expect(throws: DatabaseError.self) {
      try d.open(NewTicket(phone: "+237 677 58 19 04", category: .late, priority: .low, subject: "Again"), by: "amina.n", now: testNow)
    }
    #expect(try f.untouched() == before)
    #expect(try f.scans() == scans)
    #expect(try f.int("SELECT count(*) FROM scan_decisions") == decisions)
    #expect(try f.string("SELECT status FROM orders WHERE id = 5007") == "ready")
    #expect(try d.ticket(ticket.id).state.status == .new)
    #expect(try f.int("SELECT count(*) FROM tickets") == 1)
    // And the other way round: a fact that fails leaves no event.
    try removeFailingInserts(into: "outbox", f)
    let events = try f.database.outbox().count
    try failingInserts(into: "scans", f)
    #expect(throws: DatabaseError.self) { try f.scan("ORDER:5001:ZZZ999") }
    try removeFailingInserts(into: "scans", f)
    try failingInserts(into: "tasks", f)
    #expect(throws: DatabaseError.self) { try f.counter.expireHolds(now: testNow) }
    try removeFailingInserts(into: "tasks", f)
    try failingInserts(into: "ticket_messages", f)
    #expect(throws: DatabaseError.self) { try d.write(.outbound, on: ticket.id, body: "Hello", by: "amina.n", now: testNow + 60) }
    try removeFailingInserts(into: "ticket_messages", f)
    #expect(try f.database.outbox().count == events)
    // With nothing in the way, each goes through with its event.
    _ = try f.scan("ORDER:5001:ZZZ999")
    _ = try f.counter.expireHolds(now: testNow)
    _ = try d.write(.outbound, on: ticket.id, body: "Hello", by: "amina.n", now: testNow + 60)
    #expect(try f.database.outbox().map(\.type) == ["ticket.status_changed", "order.handover_refused", "order.returned", "ticket.status_changed"])
    #expect(try DatabaseCheck.run(f.database) == [])
  }

  // MARK: The one helper

  @Test func theHelperWritesAFactsEventOnceAndRefusesAKeyThatDoesNotNameItsType() throws {
    let f = try CounterFixture()
    struct P: Encodable {
      var order_id: Int64
      var note: String
    }
    let (first, again, other) = try f.database.write { db in
      (
        try Outbox.append(type: "order.returned", payload: P(order_id: 1, note: "a/b"), dedupKey: "order.returned:DLA-TEST:1", now: testNow, db),
        try Outbox.append(type: "order.returned", payload: P(order_id: 1, note: "changed"), dedupKey: "order.returned:DLA-TEST:1", now: testNow + 5, db),
        try Outbox.append(type: "order.returned", json: #"{"order_id":2}"#, dedupKey: "order.returned:DLA-TEST:2", now: testNow, db)
      )
    }
    #expect(first == again && other != first)
    #expect(try f.database.outbox().map(\.payload) == [#"{"note":"a/b","order_id":1}"#, #"{"order_id":2}"#], "the first is kept, as written")
    let bad: [(String, String, String)] = [
      ("order.returned", "order.picked_up:1", "{}"), ("order.returned", "order.returned", "{}"), ("order.returned", "order.returned:", "{}"),
      ("", ":1", "{}"), ("order.returned", "order.returnedX:1", "{}"), ("order.returned", "order.returned:3", "[1]"),
      ("order.returned", "order.returned:3", "\"x\""),
    ]
    for (type, key, json) in bad {
      #expect(throws: StoreError.self, "\(type) \(key) \(json)") {
        try f.database.write { db in try Outbox.append(type: type, json: json, dedupKey: key, now: testNow, db) }
      }
    }
    // Not JSON at all: the table's own check refuses it.
    #expect(throws: DatabaseError.self) {
      try f.database.write { db in try Outbox.append(type: "order.returned", json: "{not json}", dedupKey: "order.returned:4", now: testNow, db) }
    }
    #expect(try f.database.outbox().count == 2)
  }

  // MARK: No personal data

  /// A busy demo point: every order scanned with wrong codes (other customers' codes, codes
  /// spelling names), right codes refused by the clerk or handed over, holds run out, tickets
  /// opened by name and phone with names, phones and codes in their subjects and messages, and
  /// moved through their states. No payload holds a customer's name, phone number, pickup code,
  /// or a ticket's subject or message; each event type has exactly its keys.
  @Test func noPayloadHoldsPersonalDataOnABusyDemoPoint() throws {
    let dir = TempDir()
    let keys = KeyStore(directory: dir.file("keys"))
    let now = DemoBuilder.reference
    let database = try DemoBuilder.build(path: dir.file("demo.sqlite"), keys: keys, fixtures: fixture("demo"), now: now)
    let counter = try Counter(database: database, key: try keys.pickupCodeKey(create: false))
    let d = try TicketDesk(database: database, key: try PersonalData.key(keys, database), now: now)
    let orders = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture("demo/orders.json")))) as? [[String: Any]])
    let demoTickets = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture("demo/tickets.json")))) as? [[String: Any]])
    let ids = orders.compactMap { $0["order_id"] as? Int }
    let codes = orders.compactMap { $0["pickup_code"] as? String }
    var names = orders.compactMap { $0["customer_name"] as? String }
    var phones = orders.compactMap { $0["customer_phone"] as? String }
    var texts = demoTickets.compactMap { $0["subject"] as? String }
      + demoTickets.flatMap { (($0["messages"] as? [[String: Any]]) ?? []).compactMap { $0["body"] as? String } }
    #expect(ids.count == codes.count && ids.count == names.count && ids.count >= 40)

    let logins = ["amina.n", "jp.mbarga", "brice.k"]
    let madeUp = ["Bernadette Tchoumi", "Zacharie Owona", "Félicité Abega", "Honoré Mvogo"]
    let madeUpPhones = ["+237 699 41 27 83", "+237 655 30 72 16", "+237 691 84 55 02", "+237 677 12 34 56"]
    names += madeUp
    phones += madeUpPhones
    // Wrong codes that are other customers' codes, or spell the customers' names.
    let nameCodes = names.map { String($0.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) }.prefix(10).map(Character.init)) }
      .filter { $0.count >= 6 }
    let wrongCodes = codes + nameCodes
    var rng = Xoshiro(seed: (0x5EED_0001, 0x5EED_0002, 0x5EED_0003, 0x5EED_0004))
    func draw(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    var at = now
    var opened: [Int64] = []
    var tally: [String: Int] = [:]
    for step in 0..<400 {
      at = at + Int64(1 + draw(120))
      let login = logins[draw(logins.count)]
      let i = draw(ids.count)
      switch draw(10) {
      case 0, 1, 2:
        let r = try counter.process(text: "ORDER:\(ids[i]):\(wrongCodes[draw(wrongCodes.count)])", source: .scanner, staff: login, now: at)
        tally[r.outcomeWord, default: 0] += 1
      case 3, 4:
        let r = try counter.process(text: "ORDER:\(ids[i]):\(codes[i])", source: .camera, staff: nil, now: at)
        tally[r.outcomeWord, default: 0] += 1
        if r.order != nil {
          if draw(2) == 0 {
            _ = try counter.refuseHandover(scanID: r.scanID, reason: RefusalReason.allCases[draw(RefusalReason.allCases.count)], staff: login, now: at)
          } else {
            _ = try counter.confirmHandover(orderID: Int64(ids[i]), scanID: r.scanID, staff: login, now: at)
          }
        }
      case 5:
        let n = draw(madeUp.count)
        let subject = "\(madeUp[n]) \(madeUpPhones[n]) code \(codes[i])"
        let body = "Je suis \(names[draw(names.count)]), mon numéro \(phones[draw(phones.count)]), code \(codes[i])"
        texts += [subject, body]
        let t = try d.open(
          NewTicket(
            phone: madeUpPhones[n], name: madeUp[n], orderID: draw(2) == 0 ? Int64(ids[i]) : nil, category: TicketCategory.allCases[draw(6)],
            priority: Priority.allCases[draw(4)], subject: subject, message: body),
          by: login, now: at)
        opened.append(t.id)
      case 6, 7:
        let all = opened + [1, 2, 3, 4, 5]
        let id = all[draw(all.count)]
        let events: [TicketEvent] = [
          .replied(waiting: false), .replied(waiting: true), .customerWrote, .noted, .resolved, .closed(rating: 1 + draw(5)),
          .closed(rating: nil), .reopened, .rated(1 + draw(5)), .set(.open),
        ]
        let event = events[draw(events.count)]
        switch event {
        case .replied, .customerWrote, .noted:
          let body = "Bonjour \(names[draw(names.count)]), rappelez le \(phones[draw(phones.count)]) step \(step)"
          texts.append(body)
          let direction: MessageDirection = event == .customerWrote ? .inbound : event == .noted ? .note : .outbound
          _ = try? d.write(direction, on: id, body: body, waiting: event == .replied(waiting: true), by: login, now: at)
        default:
          _ = try? d.apply(event, to: id, by: login, now: at)
        }
      case 8:
        at = at + 3600 * Int64(draw(12))
        _ = try counter.expireHolds(now: at)
      default:
        _ = try counter.process(text: "ORDER:\(draw(2) == 0 ? ids[i] : 9_000_000 + draw(50)):\(codes[i].lowercased())", source: .cli, staff: login, now: at)
      }
    }
    let rows = try database.outbox()
    let types = Dictionary(grouping: rows, by: \.type).mapValues(\.count)
    #expect(types["order.handover_refused", default: 0] > 100, "\(types)")
    #expect(types["order.returned", default: 0] > 0 && types["order.picked_up", default: 0] > 0, "\(types)")
    #expect(types["ticket.status_changed", default: 0] > 30, "\(types)")
    #expect(tally["code_refused", default: 0] > 50 && tally["verified", default: 0] > 0, "\(tally)")

    let expectedKeys: [String: Set<String>] = [
      "order.handover_refused": ["order_id", "point", "reason", "refused_by", "scan_id", "source", "refused_at"],
      "order.returned": ["order_id", "point", "shelf", "hold_until", "returned_at"],
      "order.picked_up": ["order_id", "point", "handed_over_at", "staff"],
      "ticket.status_changed": ["ticket_id", "order_id", "point", "category", "priority", "from", "to", "rating", "changed_at"],
    ]
    // Phones as stored and as typed: the national number and its last eight digits.
    let phoneForms = phones.flatMap { p -> [String] in
      let digits = String(p.filter(\.isNumber))
      return [p, String(digits.suffix(9)), String(digits.suffix(8)), "+" + digits]
    }
    let nameWords = Set(names.flatMap { $0.split(separator: " ").map(String.init) }.filter { $0.count >= 4 })
    let secrets = names + phoneForms + codes + nameCodes + texts
    func leaks(_ payload: String) -> [String] {
      let lower = payload.lowercased()
      return secrets.filter { payload.contains($0) } + nameWords.filter { lower.contains($0.lowercased()) }
    }
    // The search finds what it looks for (a name in another case, a phone without its prefix, a code).
    #expect(leaks(#"{"a":"\#(names[0].uppercased())"}"#).count >= 1)
    #expect(leaks(#"{"a":"\#(String(phones[0].filter(\.isNumber).suffix(9)))","b":"\#(codes[3])"}"#).count >= 2)
    #expect(leaks(#"{"a":"\#(texts.last ?? "?")"}"#).count >= 1)
    var problems: [String] = []
    for row in rows {
      for leak in leaks(row.payload) { problems.append("\(row.key) holds '\(leak)'") }
      guard let object = try JSONSerialization.jsonObject(with: Data(row.payload.utf8)) as? [String: Any] else {
        problems.append("\(row.key): not a JSON object")
        continue
      }
      if Set(object.keys) != expectedKeys[row.type] { problems.append("\(row.key) has the keys \(object.keys.sorted())") }
      if !row.key.hasPrefix(row.type + ":") { problems.append("\(row.key) does not name its type") }
    }
    #expect(problems.isEmpty, "\(problems.prefix(10))")
    #expect(Set(rows.map(\.key)).count == rows.count)
    #expect(try DatabaseCheck.run(database) == [])
  }
}
