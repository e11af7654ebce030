import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

@Suite struct CheckTests {
  /// A point with a product received on a shelf and moved to the back room.
  func stocked(_ dir: TempDir) throws -> AppDatabase {
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    try db.write { d in
      let point = try PointSetup.currentPoint(d)
      let shelf = try PointSetup.location("A-01-1", pointID: point.id, d)
      let back = try PointSetup.location("BACK", pointID: point.id, d)
      try Ledger.post(NewMovement(type: .receive, productID: 700004, quantity: 5, to: shelf, at: testNow), pointID: point.id, d)
      try Ledger.post(NewMovement(type: .transfer, productID: 700004, quantity: 2, from: shelf, to: back, at: testNow), pointID: point.id, d)
    }
    return db
  }

  @Test func aCleanDatabasePasses() throws {
    let dir = TempDir()
    #expect(try DatabaseCheck.run(try stocked(dir)) == [])
  }

  @Test func aStockRowEditedBehindTheProgramsBackIsReported() throws {
    let dir = TempDir()
    let db = try stocked(dir)
    try behindTheProgramsBack(
      dir.file("vgk.sqlite"),
      "UPDATE stock SET quantity = 9 WHERE product_id = 700004 AND location_id = (SELECT id FROM locations WHERE code = 'A-01-1')")
    #expect(try DatabaseCheck.run(db) == [
      Violation(check: "stock", detail: "product 700004 at A-01-1: stock says 9, the ledger says 3 (changed outside the program?)")
    ])
    try behindTheProgramsBack(dir.file("vgk.sqlite"), "DELETE FROM stock WHERE location_id = (SELECT id FROM locations WHERE code = 'BACK')")
    #expect(try DatabaseCheck.run(db).map(\.detail).contains(
      "product 700004 at BACK: there is no stock row, the ledger says 2 (changed outside the program?)"))
  }

  @Test func anAuditRowEditedOrRemovedOutsideTheProgramIsReported() throws {
    let dir = TempDir()
    let db = try stocked(dir)
    let path = dir.file("vgk.sqlite")
    // The triggers stop plain edits; someone determined drops them first.
    try behindTheProgramsBack(path, droppingTriggers: ["audit_log_no_update"], "UPDATE audit_log SET after = 'tampered' WHERE id = 1")
    #expect(try DatabaseCheck.run(db).map(\.detail) == ["audit row 1 was changed outside the program (its hash does not match its contents)"])
    try behindTheProgramsBack(
      path, droppingTriggers: ["audit_log_no_update", "audit_log_no_delete"],
      "UPDATE audit_log SET after = 'Test point' WHERE id = 1; DELETE FROM audit_log WHERE id = 1")
    // (The database's kind, audited right after row 1, is reported too: see PointKindTests.)
    #expect(try DatabaseCheck.run(db).filter { $0.check == "audit" }.map(\.detail) == [
      "audit rows before row 2 were removed outside the program (the trail's first row has a predecessor)"
    ])
    try behindTheProgramsBack(path, "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES (0, 'forged', NULL, zeroblob(32))")
    let found = try DatabaseCheck.run(db).map(\.detail)
    #expect(found.contains { $0.contains("does not follow the row before it") })
  }

  @Test func handoverAndForeignKeyViolationsAreReported() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    _ = try Importer.importFile(.orders, path: fixture("import/orders.csv"), into: db, keys: keys, now: testNow)
    try behindTheProgramsBack(dir.file("vgk.sqlite"), "UPDATE orders SET status = 'picked_up' WHERE id = 2050001")
    try behindTheProgramsBack(dir.file("vgk.sqlite"), "PRAGMA foreign_keys = OFF; UPDATE order_items SET product_id = 1 WHERE order_id = 2050001 AND product_id = 700001")
    let found = try DatabaseCheck.run(db)
    #expect(found.contains(Violation(check: "handover", detail: "order 2050001 is picked up but has no handover record")))
    #expect(found.contains(Violation(check: "foreign_key", detail: "order_items row 1 points to a missing products row")))
  }
}

@Suite struct LedgerTests {
  @Test func stockNeverGoesBelowZeroExceptThroughAReasonedAdjustment() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    try db.write { d in
      let p = try PointSetup.currentPoint(d).id
      let shelf = try PointSetup.location("A-01-1", pointID: p, d)
      try Ledger.post(NewMovement(type: .receive, productID: 700004, quantity: 1, to: shelf, at: testNow), pointID: p, d)
      expectSaid(.refused("only 1 of product 700004 at A-01-1: cannot take 2 (stock never goes below zero)")) {
        try Ledger.post(NewMovement(type: .pick, productID: 700004, quantity: 2, from: shelf, at: testNow), pointID: p, d)
      }
      expectSaid(.refused("a DAMAGE movement needs a reason")) {
        try Ledger.post(NewMovement(type: .damage, productID: 700004, quantity: 1, from: shelf, reason: "  ", at: testNow), pointID: p, d)
      }
      try Ledger.post(
        NewMovement(type: .adjustment, productID: 700004, quantity: 3, from: shelf, reason: "recount: 2 were sold off-system", at: testNow),
        pointID: p, d)
      #expect(try Int.fetchOne(d, sql: "SELECT quantity FROM stock WHERE product_id = 700004") == -2)
    }
    #expect(try DatabaseCheck.run(db) == [])
  }
}
