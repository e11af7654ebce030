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
    #expect(throws: StoreError.invalid("cannot read \(dir.file("none.csv")): No such file or directory")) {
      try Importer.importFile(.products, path: dir.file("none.csv"), into: db, keys: keys, now: testNow)
    }
    #expect(throws: StoreError.invalid("\(dir.path) is not a regular file")) {
      try Importer.importFile(.products, path: dir.path, into: db, keys: keys, now: testNow)
    }
    #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
    #expect(throws: StoreError.invalid("\(dir.file("fifo")) is not a regular file")) {
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
}
