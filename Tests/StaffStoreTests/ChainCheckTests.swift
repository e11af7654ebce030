import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// What `db check` and the program see of someone with the sqlite3 shell on the database file:
/// the schema's triggers dropped or changed, movements and handovers inserted, edited or deleted
/// (with the triggers dropped for the time of it and put back as they were).
@Suite struct ChainCheckTests {
  /// The counter fixture with order 5001 handed over by the program (5004 came in picked up).
  func handedOver() throws -> CounterFixture {
    let f = try CounterFixture()
    let scan = try f.scan("ORDER:5001:ABC123")
    guard case .success = try f.counter.confirmHandover(orderID: 5001, scanID: scan.scanID, staff: "amina.n", now: testNow) else {
      throw StoreError.internal("the fixture's handover was refused")
    }
    return f
  }

  func details(_ f: CounterFixture) throws -> [String] { try DatabaseCheck.run(f.database).map { "\($0.check): \($0.detail)" } }

  @Test func aCleanDatabaseWithHandoversAndMovementsChecksClean() throws {
    let f = try handedOver()
    #expect(try details(f) == [])
    // Every movement and handover is chained, and the head is the last row.
    #expect(try f.int("SELECT count(*) FROM record_chain") == (try f.int("SELECT (SELECT count(*) FROM movements) + (SELECT count(*) FROM handovers)")))
    #expect(try f.int("SELECT count(*) FROM record_chain WHERE entity = 'handover' AND entity_id IN (5001, 5004)") == 2)
  }

  /// A movement is chained from the values it was posted with, quoted as SQLite's `quote()`
  /// quotes them (which `db check` reads back): every shape of text a reason may hold.
  @Test func aMovementIsChainedAsSQLiteQuotesIt() throws {
    let f = try handedOver()
    let texts = ["", "l'étagère", "''", "a'b'c", "Écouteurs « noirs »", "👨‍👩‍👧 🇨🇲", "x\u{301}", "NULL", "'NULL'", "12"]
    for text in texts {
      var ours = ""
      SQLQuote.text(text, into: &ours)
      #expect(ours == (try f.string("SELECT quote(?)", [text])), "\(text)")
    }
    for number: Int64 in [0, -1, 42, .max, .min] {
      var ours = ""
      SQLQuote.integer(number, into: &ours)
      #expect(ours == (try f.string("SELECT quote(?)", [number])))
    }
    var none = ""
    SQLQuote.text(nil, into: &none)
    #expect(none == (try f.string("SELECT quote(NULL)")))
    let product = try #require(try f.int("SELECT id FROM products WHERE unique_item = 0 ORDER BY id LIMIT 1"))
    let back = try #require(try f.int("SELECT id FROM locations WHERE code = 'BACK'"))
    let point = try #require(try f.int("SELECT id FROM points"))
    try f.database.write { db in
      for text in texts.filter({ !$0.isEmpty }) {
        try Ledger.post(NewMovement(type: .receive, productID: product, quantity: 1, to: back, reason: text, at: testNow), pointID: point, db)
      }
      try Ledger.post(NewMovement(type: .receive, productID: product, quantity: 2, to: back, at: testNow), pointID: point, db)
    }
    #expect(try details(f) == [])
  }

  @Test func droppedChangedAndAddedTriggersAreReportedAndStopEveryWrite() throws {
    let f = try handedOver()
    let path = f.database.path
    func definition(_ name: String) throws -> String {
      try #require(try f.string("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]))
    }
    let (original, auditNoDelete) = (try definition("movements_no_update"), try definition("audit_log_no_delete"))
    try behindTheProgramsBack(path, "DROP TRIGGER movements_no_update; DROP TRIGGER audit_log_no_delete")
    #expect(try details(f) == [
      "schema: trigger audit_log_no_delete is missing (the migrations create it): it was dropped outside the program",
      "schema: trigger movements_no_update is missing (the migrations create it): it was dropped outside the program",
    ])
    // The open database notices at its next write, and writes nothing.
    let refused = #expect(throws: StoreError.self) {
      try f.database.write { db in try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('x', 'y')") }
    }
    #expect(refused?.description.contains("trigger audit_log_no_delete is missing") == true)
    #expect(refused?.description.contains("(and 1 more); run `vgk-staff db check`") == true)
    #expect(refused?.exitCode == 1)
    #expect(try f.int("SELECT count(*) FROM settings WHERE key = 'x'") == 0)
    // So does a new opening, and the counter's own writes are refused the same way.
    let reopened = try AppDatabase.open(path: path)
    defer { try? reopened.close() }
    #expect(throws: StoreError.self) {
      try Counter(database: reopened, key: try f.keys.pickupCodeKey(create: false))
        .process(text: "ORDER:5008:LCK001", source: .scanner, staff: "amina.n", now: testNow)
    }
    // A trigger put back with another body, and one added, are named too.
    try behindTheProgramsBack(
      path,
      """
      CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements BEGIN SELECT 1; END;
      \(auditNoDelete);
      CREATE TRIGGER quietly AFTER INSERT ON scans BEGIN SELECT 1; END;
      CREATE INDEX extra ON orders(updated_at);
      """)
    #expect(try details(f) == [
      "schema: trigger movements_no_update is not as the migrations create it: it was changed outside the program",
      "schema: index extra is not one the migrations create: it was added outside the program",
      "schema: trigger quietly is not one the migrations create: it was added outside the program",
    ])
    // Put back as the migrations make it, the database takes writes again.
    try behindTheProgramsBack(path, "DROP TRIGGER movements_no_update; DROP TRIGGER quietly; DROP INDEX extra; \(original)")
    #expect(try details(f) == [])
    try f.database.write { db in try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('x', 'y')") }
  }

  @Test func aMovementInsertedWithItsStockIsNamed() throws {
    let f = try handedOver()
    let next = try #require(try f.int("SELECT max(id) + 1 FROM movements"))
    // Five more cables on A-01-1, the stock made to match: stock = ledger still holds.
    try behindTheProgramsBack(
      f.database.path,
      """
      INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, created_at)
        VALUES (1, 'RECEIVE', 100002, 5, (SELECT id FROM locations WHERE code = 'A-01-1'), \(testNow.seconds));
      UPDATE stock SET quantity = quantity + 5 WHERE product_id = 100002 AND location_id = (SELECT id FROM locations WHERE code = 'A-01-1')
      """)
    #expect(try details(f) == ["chain: movement \(next) is not in the record chain: it was added outside the program"])
  }

  @Test func aMovementEditedOrDeletedBehindDroppedTriggersIsNamed() throws {
    let f = try handedOver()
    let cable = "product_id = 100002 AND location_id = (SELECT id FROM locations WHERE code = 'A-01-1')"
    let received = try #require(try f.int("SELECT min(id) FROM movements WHERE type = 'RECEIVE' AND quantity = 3"))
    try behindTheProgramsBack(f.database.path, droppingTriggers: ["movements_no_update"], "UPDATE movements SET quantity = 1 WHERE id = \(received); UPDATE stock SET quantity = quantity - 2 WHERE \(cable)")
    #expect(try details(f).contains { $0.hasPrefix("chain: movement \(received) was changed outside the program (it does not match its hash in record chain row") })
    let damaged = try #require(try f.int("SELECT id FROM movements WHERE type = 'DAMAGE'"))
    try behindTheProgramsBack(f.database.path, droppingTriggers: ["movements_no_delete"],
      "DELETE FROM movements WHERE id = \(damaged); UPDATE stock SET quantity = quantity + 1 WHERE product_id = 100005")
    let found = try details(f)
    #expect(found.contains { $0.hasPrefix("chain: movement \(damaged) was deleted outside the program (record chain row") })
    #expect(!found.contains { $0.hasPrefix("stock:") })
  }

  @Test func aHandoverDeletedOrEditedAndItsOrderMadeReadyAgainIsNamed() throws {
    let f = try handedOver()
    let seq = try #require(try f.int("SELECT seq FROM record_chain WHERE entity = 'handover' AND entity_id = 5001"))
    // A collected parcel made collectable again: the handover gone, the order ready on its shelf.
    try behindTheProgramsBack(f.database.path, droppingTriggers: ["handovers_no_delete", "orders_picked_up_stays"],
      "DELETE FROM handovers WHERE order_id = 5001; UPDATE orders SET status = 'ready' WHERE id = 5001")
    #expect(try details(f) == [
      "chain: the handover of order 5001 was deleted outside the program (record chain row \(seq) holds it)"
    ])
    // Another handover's clerk rewritten.
    try behindTheProgramsBack(f.database.path, droppingTriggers: ["handovers_no_update"], "UPDATE handovers SET staff_id = (SELECT id FROM staff WHERE login = 'amina.n') WHERE order_id = 5004")
    #expect(try details(f).contains { $0.hasPrefix("chain: the handover of order 5004 was changed outside the program") })
  }

  @Test func theRecordsRefuseUpdateAndDeleteAndAPickedUpOrderStaysPickedUp() throws {
    let f = try handedOver()
    let refusals: [(String, String)] = [
      ("UPDATE handovers SET terminal = 'x' WHERE order_id = 5001", "handovers are append-only: a handover cannot be changed"),
      ("DELETE FROM handovers WHERE order_id = 5001", "handovers are append-only: a handover cannot be deleted"),
      ("UPDATE scans SET outcome = 'verified'", "scans are append-only: a recorded scan cannot be changed"),
      ("UPDATE scans SET payload = NULL", "scans are append-only: a recorded scan cannot be changed"),
      ("DELETE FROM scans", "scans are append-only: a recorded scan cannot be deleted"),
      ("UPDATE record_chain SET hash = zeroblob(32)", "the record chain is append-only: its rows cannot be changed"),
      ("DELETE FROM record_chain", "the record chain is append-only: its rows cannot be deleted"),
      ("UPDATE orders SET status = 'ready' WHERE id = 5001", "an order with a handover stays picked up: its handover is recorded for good"),
      ("UPDATE orders SET status = 'returned' WHERE id = 5004", "an order with a handover stays picked up: its handover is recorded for good"),
      ("UPDATE orders SET id = 6001 WHERE id = 5004", "an order with a handover stays picked up: its handover is recorded for good"),
    ]
    for (sql, message) in refusals {
      let error = #expect(throws: DatabaseError.self, "\(sql)") { try behindTheProgramsBack(f.database.path, sql) }
      #expect(error?.message == message, "\(sql)")
    }
    // What the program itself changes on those tables still goes through.
    try behindTheProgramsBack(f.database.path, "UPDATE orders SET updated_at = updated_at + 1 WHERE id = 5001")
    #expect(try details(f) == [])
  }

  @Test func theChainsTailRemovedOrExtendedIsNamed() throws {
    let f = try handedOver()
    let last = try #require(try f.int("SELECT max(seq) FROM record_chain"))
    // A row with a hash of its own making, after the head.
    try behindTheProgramsBack(
      f.database.path, "INSERT INTO record_chain (entity, entity_id, hash) VALUES ('movement', 999999, zeroblob(32))")
    let found = try details(f)
    #expect(found.contains("chain: movement 999999 was deleted outside the program (record chain row \(last + 1) holds it)"))
    #expect(found.contains("chain: record chain rows after row \(last) were added outside the program (the chain now ends at row \(last + 1))"))
  }

  /// What stays unseen, said by a test so that nobody believes otherwise: the newest movement
  /// removed with its chain row, its stock and the head set back to the row before (no hash to
  /// compute, only rows to copy).
  @Test func theNewestRecordRemovedWithItsChainRowAndHeadIsNotSeen() throws {
    let f = try handedOver()
    try f.database.write { db in
      let point = try PointSetup.currentPoint(db).id
      try Ledger.post(
        NewMovement(type: .receive, productID: 100002, quantity: 4, to: try PointSetup.location("BACK", pointID: point, db), at: testNow),
        pointID: point, db)
    }
    let last = try #require(try f.int("SELECT max(id) FROM movements"))
    try behindTheProgramsBack(
      f.database.path, droppingTriggers: ["movements_no_delete", "record_chain_no_delete"],
      """
      DELETE FROM movements WHERE id = \(last);
      DELETE FROM record_chain WHERE seq = (SELECT max(seq) FROM record_chain);
      UPDATE stock SET quantity = quantity - 4 WHERE product_id = 100002 AND location_id = (SELECT id FROM locations WHERE code = 'BACK');
      UPDATE settings SET value = (SELECT seq || ' ' || lower(hex(hash)) FROM record_chain ORDER BY seq DESC LIMIT 1)
       WHERE key = 'record_chain_head'
      """)
    // (A command's movement also has an audit row: removed with `audit_head` set back, it is
    // not seen either; see AuditTrailTests.)
    #expect(try details(f) == [])
  }

  /// v10 chains what an older database holds, so it checks clean, and what is changed after it is found.
  @Test func migratingAnOlderDatabaseChainsItsRecords() throws {
    let dir = TempDir()
    let path = dir.file("old.sqlite")
    let queue = try DatabaseQueue(path: path)
    try Migrations.migrator.migrate(queue, upTo: "v9-escalation-done")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO points (id, code, name, created_at) VALUES (1, 'DLA-X', 'X', 0);
          INSERT INTO locations (id, point_id, code, kind) VALUES (1, 1, 'A-01', 'shelf');
          INSERT INTO products (id, title, category, price_fcfa, unique_item, created_at, updated_at) VALUES (7, 'T', 'C', 5, 0, 0, 0);
          INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, '', 0, 0);
          INSERT INTO orders (id, point_id, customer_id, status, pickup_code_hmac, created_at, updated_at) VALUES (9, 1, 1, 'picked_up', zeroblob(32), 0, 0);
          INSERT INTO handovers (order_id, terminal, handed_over_at) VALUES (9, 'import', 0);
          INSERT INTO movements (point_id, type, product_id, quantity, to_location_id, reason, created_at) VALUES (1, 'RECEIVE', 7, 4, 1, 'it''s here', 0);
          INSERT INTO movements (point_id, type, product_id, quantity, from_location_id, created_at) VALUES (1, 'PICK', 7, 1, 1, 1);
          INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (7, 1, 3, 1);
          PRAGMA application_id = \(AppDatabase.applicationID);
          """)
    }
    try queue.close()
    let database = try AppDatabase.open(path: path)
    let chained = try database.read { try String.fetchAll($0, sql: "SELECT entity || ' ' || entity_id FROM record_chain ORDER BY seq") }
    #expect(chained == ["movement 1", "movement 2", "handover 9"])
    #expect(try DatabaseCheck.run(database) == [])
    try behindTheProgramsBack(path, "DROP TRIGGER movements_no_update; UPDATE movements SET reason = 'elsewhere' WHERE id = 1")
    #expect(try DatabaseCheck.run(database).map(\.detail).contains {
      $0.hasPrefix("movement 1 was changed outside the program")
    })
  }
}
