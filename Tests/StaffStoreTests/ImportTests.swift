import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

enum OrderFixtures {
  static let oneOrder = """
    order_id,customer_id,customer_name,customer_phone,pickup_code,status,shelf,created_at,product_id,title,quantity,unit_price_fcfa
    3050001,30001,Ngo Bassa,677123456,K7Q2MX9A,ready,Z-09-9,2026-11-19T10:00:00+01:00,700001,Article,1,5000

    """
}

@Suite struct ImportTests {
  @Test func everyExampleFixtureImportsAndReadsBack() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    func run(_ kind: ImportKind, _ file: String) throws -> ImportReport {
      try Importer.importFile(kind, path: fixture("import/" + file), into: db, keys: keys, now: testNow)
    }
    #expect(try run(.products, "products.csv").added == 8)
    #expect(try run(.products, "products.json").added == 5)
    #expect(try run(.staff, "staff.csv").added == 3)
    #expect(try run(.staff, "staff.json").added == 2)
    #expect(try run(.orders, "orders.csv").added == 3)
    #expect(try run(.orders, "orders.json").added == 2)
    // Read back what the files say, row for row.
    #expect(try count(db, "SELECT count(*) FROM products") == 13)
    let quoted = try db.read { try String.fetchOne($0, sql: "SELECT title FROM products WHERE title LIKE '%,%'") }
    #expect(quoted?.contains(",") == true)
    #expect(try count(db, "SELECT count(*) FROM staff") == 5)
    #expect(try count(db, "SELECT count(*) FROM orders") == 5)
    let ready = try db.read {
      try Row.fetchOne(
        $0, sql: "SELECT o.status, l.code, o.hold_until - o.ready_at AS hold FROM orders o JOIN locations l ON l.id = o.location_id WHERE o.id = 2050001")
    }
    #expect(ready?["status"] == "ready")
    #expect(ready?["code"] == "A-02-1")
    #expect(ready?["hold"] == 7 * 86400)
    #expect(try count(db, "SELECT count(*) FROM order_items WHERE order_id = 2050001") == 2)
    // Importing the same files again changes nothing.
    #expect(try run(.products, "products.csv") == ImportReport(kind: .products, file: fixture("import/products.csv"), unchanged: 8))
    #expect(try run(.orders, "orders.json").unchanged == 2)
    #expect(try DatabaseCheck.run(db).isEmpty)
  }

  @Test func codesAreStoredOnlyAsKeyedDigests() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    _ = try Importer.importFile(.orders, path: dir.write("o.csv", OrderFixtures.oneOrder), into: db, keys: keys, now: testNow)
    let digest = try db.read { try Data.fetchOne($0, sql: "SELECT pickup_code_hmac FROM orders WHERE id = 3050001") }
    let key = try keys.pickupCodeKey(create: false)
    #expect(digest.map { key.matches(orderID: 3050001, code: "K7Q2MX9A", digest: $0) } == true)
    #expect(digest.map { key.matches(orderID: 3050001, code: "K7Q2MX9B", digest: $0) } == false)
    #expect(digest.map { key.matches(orderID: 3050002, code: "K7Q2MX9A", digest: $0) } == false)
    try db.close()
    for file in ["vgk.sqlite", "vgk.sqlite-wal"] {
      let bytes = FileManager.default.contents(atPath: dir.file(file)) ?? Data()
      #expect(bytes.range(of: Data("K7Q2MX9A".utf8)) == nil, "\(file) holds the pickup code in clear")
    }
  }

  @Test func aBadRowImportsNothingFromItsFile() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    let file = dir.write(
      "p.csv",
      "id,title,category,price_fcfa\n100001,Radio,Électroménager,8000\n100002,Fer à repasser,Électroménager,-1\n100003,Ok,Maison,1\n")
    let error = #expect(throws: ImportFileError.self) {
      try Importer.importFile(.products, path: file, into: db, keys: keys, now: testNow)
    }
    #expect(error?.lines == ["\(file):3: column 'price_fcfa': -1 is negative"])
    #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM products") } == 0)
  }

  @Test func problemsFoundInsideTheTransactionRollItAllBack() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    // The first order is fine (and would create shelf Z-09-9); the second names an unknown product.
    let file = dir.write(
      "o.csv",
      OrderFixtures.oneOrder.replacingOccurrences(of: ",700001,", with: ",,")
        + "3050002,30002,Fotso,,AB12CD34,expected,,2026-11-19T11:00:00+01:00,999999,Sac,1,5000\n")
    let error = #expect(throws: ImportFileError.self) {
      try Importer.importFile(.orders, path: file, into: db, keys: keys, now: testNow)
    }
    #expect(error?.lines == ["\(file):3: order 3050002: product 999999 is not in the catalogue (import products first)"])
    #expect(try count(db, "SELECT count(*) FROM orders") == 0)
    #expect(try count(db, "SELECT count(*) FROM customers") == 0)
    #expect(try count(db, "SELECT count(*) FROM locations WHERE code = 'Z-09-9'") == 0)
    #expect(try count(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'") == 0)
    // Unknown staff for a handover is reported the same way.
    let handed = dir.write(
      "h.json",
      #"[{"order_id": 3050009, "customer_id": 30009, "customer_name": "A", "pickup_code": "K7Q2MX9A", "status": "picked_up", "created_at": "2026-11-19T10:00:00+01:00", "handed_over_by": "nobody", "items": [{"title": "x", "quantity": 1, "unit_price_fcfa": 1}]}]"#)
    let e2 = #expect(throws: ImportFileError.self) { try Importer.importFile(.orders, path: handed, into: db, keys: keys, now: testNow) }
    #expect(e2?.lines == ["\(handed):1: order 3050009: handed_over_by 'nobody' is not a known staff login"])
  }

  @Test func unreadableInputsAreRefusedBeforeParsing() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    expectSaid(.invalid("cannot read \(dir.file("none.csv")): No such file or directory")) {
      try Importer.importFile(.products, path: dir.file("none.csv"), into: db, keys: keys, now: testNow)
    }
    expectSaid(.invalid("\(dir.path) is not a regular file")) {
      try Importer.importFile(.products, path: dir.path, into: db, keys: keys, now: testNow)
    }
    #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
    expectSaid(.invalid("\(dir.file("fifo")) is not a regular file")) {
      try Importer.importFile(.products, path: dir.file("fifo"), into: db, keys: keys, now: testNow)
    }
    // A sparse file larger than the limit is refused without reading it.
    let big = dir.file("big.csv")
    #expect(FileManager.default.createFile(atPath: big, contents: nil))
    #expect(truncate(big, off_t(Importer.maximumFileSize + 1)) == 0)
    let e = #expect(throws: StoreError.self) { try Importer.importFile(.products, path: big, into: db, keys: keys, now: testNow) }
    #expect(e?.description.contains("limited to") == true)
    // Random bytes.
    var rng = SystemRandomNumberGenerator()
    let junk = dir.file("junk.csv")
    #expect(FileManager.default.createFile(atPath: junk, contents: Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) })))
    #expect(throws: ImportFileError.self) { try Importer.importFile(.products, path: junk, into: db, keys: keys, now: testNow) }
    #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM products") } == 0)
  }

  /// A ready order waits on its shelf: importing it brings its catalogue items into stock there,
  /// so a fresh point can hand it over at once; a second import receives nothing again.
  @Test func aReadyOrderBringsItsItemsOntoItsShelfOnce() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    func run(_ kind: ImportKind, _ file: String) throws -> ImportReport {
      try Importer.importFile(kind, path: fixture("import/" + file), into: db, keys: keys, now: testNow)
    }
    _ = try run(.products, "products.csv")
    _ = try run(.staff, "staff.csv")
    let csv = try run(.orders, "orders.csv")
    #expect(csv.added == 3 && csv.received == 2, "2050001's phone and two chargers; 2050002 (received) and 2050003 (expected) none")
    #expect(try run(.orders, "orders.json").received == 2, "2050005's two items; 2050004 (expected) none")
    let moves = try db.read {
      try Row.fetchAll(
        $0,
        sql: """
          SELECT m.type, m.product_id, m.quantity, l.code, m.order_id, m.created_at, m.staff_id FROM movements m
            JOIN locations l ON l.id = m.to_location_id ORDER BY m.id
          """)
    }
    #expect(moves.map { "\($0["type"] as String) \($0["product_id"] as Int64) x\($0["quantity"] as Int64) \($0["code"] as String) \($0["order_id"] as Int64)" } == [
      "RECEIVE 700001 x1 A-02-1 2050001", "RECEIVE 700004 x2 A-02-1 2050001", "RECEIVE 700007 x1 A-03-2 2050005",
      "RECEIVE 700008 x1 A-03-2 2050005",
    ])
    // At the time the order was shelved, by the import (no staff), each with its audit row.
    let shelved = try Timestamp.parse("2026-11-18T10:05:00+01:00").get()
    #expect(moves.first.map { ($0["created_at"] as Int64) == shelved.seconds && ($0["staff_id"] as Int64?) == nil } == true)
    #expect(try count(db, "SELECT count(*) FROM audit_log WHERE action = 'stock.move' AND after LIKE 'RECEIVE % (ready order % imported)'") == 4)
    #expect(try count(db, "SELECT count(*) FROM audit_log WHERE action = 'import.orders' AND after LIKE '% received=2'") == 2)
    #expect(try count(db, "SELECT count(*) FROM stock WHERE product_id IN (700002, 700005, 700006)") == 0)
    // Importing the same files again: the orders are known, nothing is received twice.
    #expect(try run(.orders, "orders.csv").received == 0)
    #expect(try run(.orders, "orders.json").received == 0)
    #expect(try count(db, "SELECT count(*) FROM movements") == 4)
    #expect(try DatabaseCheck.run(db) == [])
    // The counter hands the order over from that stock.
    let counter = try Counter(database: db, key: try keys.pickupCodeKey(create: false))
    let now = shelved + 3600
    let scan = try counter.process(text: "ORDER:2050001:K7M2Q9TX", source: .scanner, staff: "paul.ngue", terminal: "t", now: now)
    let handover = try counter.confirmHandover(orderID: 2050001, scanID: scan.scanID, staff: "paul.ngue", terminal: "t", now: now + 10)
    #expect(try handover.get().movementIDs.count == 2)
    #expect(try count(db, "SELECT coalesce(sum(quantity), 0) FROM stock WHERE product_id IN (700001, 700004)") == 0)
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// Orders in any other state bring nothing into stock: not on a shelf yet, or gone.
  @Test func ordersNotReadyBringNoStock() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    _ = try Importer.importFile(.staff, path: fixture("import/staff.csv"), into: db, keys: keys, now: testNow)
    var text = "order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,handed_over_by,product_id,title,quantity,unit_price_fcfa\n"
    for (n, (status, shelf, by)) in [("expected", "", ""), ("received", "", ""), ("picked_up", "", "paul.ngue"), ("returned", "", ""), ("cancelled", "A-01-1", "")].enumerated() {
      text += "\(3060001 + n),\(31000 + n),Client \(n),CODE0\(n)A,\(status),\(shelf),2026-11-19T10:00:00+01:00,\(by),70000\(n + 1),Article,1,1000\n"
    }
    let report = try Importer.importFile(.orders, path: dir.write("o.csv", text), into: db, keys: keys, now: testNow)
    #expect(report.added == 5 && report.received == 0)
    #expect(try count(db, "SELECT count(*) FROM movements") == 0)
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// A single item already on the order's shelf is there; one in stock elsewhere refuses the
  /// file, naming where it is, and nothing of the file is imported.
  @Test func aSingleItemIsNeverReceivedTwice() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    try db.write { d in
      let point = try PointSetup.currentPoint(d).id
      try Ledger.post(NewMovement(type: .receive, productID: 700001, quantity: 1, to: try PointSetup.location("C-01", pointID: point, d), at: testNow), pointID: point, d)
    }
    let file = fixture("import/orders.csv")
    let error = #expect(throws: ImportFileError.self) { try Importer.importFile(.orders, path: file, into: db, keys: keys, now: testNow) }
    #expect(error?.lines == ["\(file):2: order 2050001: cannot bring product 700001 into stock at A-02-1: product 700001 is a single item and is already in stock at C-01"])
    #expect(try count(db, "SELECT count(*) FROM orders") == 0)
    #expect(try count(db, "SELECT count(*) FROM movements") == 1)
    // Moved to the order's shelf first, it is not received again; the chargers are.
    try db.write { d in
      let point = try PointSetup.currentPoint(d).id
      try Ledger.post(
        NewMovement(
          type: .transfer, productID: 700001, quantity: 1, from: try PointSetup.location("C-01", pointID: point, d),
          to: try PointSetup.location("A-02-1", pointID: point, d), at: testNow), pointID: point, d)
    }
    #expect(try Importer.importFile(.orders, path: file, into: db, keys: keys, now: testNow).received == 1)
    #expect(try count(db, "SELECT quantity FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = 'A-02-1' AND product_id = 700001") == 1)
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// A file of another kind gets one error naming the columns expected, not one per row.
  @Test func aFileOfAnotherKindGetsOneHeaderError() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    func refusal(_ kind: ImportKind, _ file: String) -> [String]? {
      let e = #expect(throws: ImportFileError.self) { try Importer.importFile(kind, path: file, into: db, keys: keys, now: testNow) }
      return e?.lines
    }
    let products = fixture("import/products.csv")
    let lines = refusal(.orders, products)
    #expect(lines?.count == 1)
    #expect(lines?.first?.hasPrefix("\(products):1: is not an orders file: it has no column 'order_id' (an orders file has order_id, customer_id") == true, "\(lines ?? [])")
    #expect(lines?.first?.contains("this one has id, title, category, price_fcfa, condition, unique_item, low_stock_threshold") == true)
    #expect(lines?.first?.hasSuffix("it looks like a products file: vgk-staff import products FILE") == true)
    let staff = fixture("import/staff.json")
    #expect(refusal(.products, staff) == [
      "\(staff):1: is not a products file: it has no column 'id' (a products file has id, title, category, price_fcfa (required), "
        + "condition, unique_item, low_stock_threshold); this one has active, full_name, login, role; it looks like a staff file: vgk-staff import staff FILE"
    ])
    // The header's own line, after blank lines; a header of nothing known says so without a guess.
    let odd = dir.write("odd.csv", "\n\ncolour,size\nred,4\nblue,5\n")
    #expect(refusal(.staff, odd) == [
      "\(odd):3: is not a staff file: it has no column 'login' (a staff file has login, full_name, role (required), active); this one has colour, size"
    ])
    // Hostile column names are shown, not obeyed.
    let hostile = dir.write("h.jsonl", "{\"\\u001b[2J\": 1}\n{\"x\": 2}\n")
    let shown = refusal(.products, hostile)
    #expect(shown?.count == 1 && shown?.first?.contains("this one has <U+001B>[2j, x") == true, "\(shown ?? [])")
    // A CSV header alone tells its kind.
    let empty = dir.write("empty.csv", "login,full_name,role\n")
    #expect(refusal(.products, empty)?.first?.hasSuffix("; it looks like a staff file: vgk-staff import staff FILE") == true)
    #expect(try Importer.importFile(.staff, path: empty, into: db, keys: keys, now: testNow).added == 0)
    // A header with the key column but a row without a value: that row's problem, as before.
    let blank = dir.write("blank.csv", "id,title,category,price_fcfa\n,Lampe,Maison,6000\n")
    #expect(refusal(.products, blank) == ["\(blank):2: column 'id' is missing"])
    // One row without its id is that row's problem, as before.
    let one = dir.write("one.csv", "id,title,category,price_fcfa\n100001,Radio,Maison,8000\n,Lampe,Maison,6000\n")
    #expect(refusal(.products, one) == ["\(one):3: column 'id' is missing"])
    #expect(try count(db, "SELECT count(*) FROM products") == 0)
  }
}
