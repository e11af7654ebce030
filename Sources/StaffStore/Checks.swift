import GRDB
import StaffDomain

/// One thing `db check` found wrong.
public struct Violation: Sendable, Equatable {
  /// Which check: schema, integrity, foreign_key, stock, handover, chain, audit, clock, link.
  public var check: String
  public var detail: String
}

public enum DatabaseCheck {
  /// The schema against the migrations', SQLite's own checks, then ours: stock equals the
  /// ledger, handovers match order states, the record chain proves every movement and handover,
  /// and the audit chain is unbroken. Reads one consistent snapshot; writes nothing.
  public static func run(_ database: AppDatabase) throws -> [Violation] {
    let expected = try Schema.expected()
    return try database.read { db in
      var out = try Schema.differences(db, expected: expected).map { Violation(check: "schema", detail: $0) }
      for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
        out.append(Violation(check: "integrity", detail: line))
      }
      for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
        let table: String = row[0]
        let rowid: Int64? = row[1]
        let parent: String = row[2]
        out.append(
          Violation(
            check: "foreign_key",
            detail: "\(table) row \(rowid.map(String.init) ?? "?") points to a missing \(parent) row"))
      }
      out += try stockAgainstLedger(db)
      out += try handovers(db)
      out += try RecordChain.verify(db).map { Violation(check: "chain", detail: $0) }
      out += try Audit.verify(db).map { Violation(check: "audit", detail: $0) }
      out += try PointSetup.kindViolations(db).map { Violation(check: "clock", detail: $0) }
      out += try LinkStore.violations(db).map { Violation(check: "link", detail: $0) }
      return out
    }
  }

  /// Every stock row must equal the sum of the movements into its location minus those out of it;
  /// and every location the ledger says holds goods must have its stock row.
  static func stockAgainstLedger(_ db: Database) throws -> [Violation] {
    let sql = """
      WITH ledger(product_id, location_id, quantity) AS (
        SELECT product_id, to_location_id, quantity FROM movements WHERE to_location_id IS NOT NULL
        UNION ALL
        SELECT product_id, from_location_id, -quantity FROM movements WHERE from_location_id IS NOT NULL
      ),
      sums AS (SELECT product_id, location_id, sum(quantity) AS quantity FROM ledger GROUP BY 1, 2)
      SELECT s.product_id, s.location_id, s.quantity AS stock, coalesce(l.quantity, 0) AS ledger
        FROM stock s LEFT JOIN sums l USING (product_id, location_id)
       WHERE s.quantity <> coalesce(l.quantity, 0)
      UNION ALL
      SELECT l.product_id, l.location_id, NULL, l.quantity
        FROM sums l LEFT JOIN stock s USING (product_id, location_id)
       WHERE s.product_id IS NULL AND l.quantity <> 0
      ORDER BY 1, 2
      """
    return try Row.fetchAll(db, sql: sql).map { row in
      let product: Int64 = row["product_id"]
      let location: Int64 = row["location_id"]
      let code = try String.fetchOne(db, sql: "SELECT code FROM locations WHERE id = ?", arguments: [location]) ?? "#\(location)"
      let ledger: Int64 = row["ledger"]
      let stock: Int64? = row["stock"]
      let said = stock.map { "stock says \($0)" } ?? "there is no stock row"
      return Violation(
        check: "stock",
        detail: "product \(product) at \(code): \(said), the ledger says \(ledger) (changed outside the program?)")
    }
  }

  /// An order is picked up exactly when it has a handover.
  static func handovers(_ db: Database) throws -> [Violation] {
    var out: [Violation] = []
    for id in try Int64.fetchAll(
      db,
      sql: "SELECT id FROM orders WHERE status = 'picked_up' AND id NOT IN (SELECT order_id FROM handovers) ORDER BY id")
    {
      out.append(Violation(check: "handover", detail: "order \(id) is picked up but has no handover record"))
    }
    for id in try Int64.fetchAll(
      db,
      sql: """
        SELECT h.order_id FROM handovers h JOIN orders o ON o.id = h.order_id
         WHERE o.status <> 'picked_up' ORDER BY 1
        """)
    {
      out.append(Violation(check: "handover", detail: "order \(id) has a handover record but is not marked picked up"))
    }
    return out
  }
}

/// The schema objects (tables, indexes, triggers, views) the migrations make, compared by name
/// and by their SQL text with a database's own: a trigger dropped, an index altered or an object
/// added behind the program's back is named. The expected set is what the migrations make on an
/// empty database, so every migration is in it without being listed anywhere else.
enum Schema {
  struct Object: Hashable, Sendable {
    var type: String
    var name: String
  }

  /// Made once per process: migrating an empty in-memory database takes a few milliseconds.
  private static let made: Result<[Object: String], StoreError> = {
    do {
      let queue = try DatabaseQueue()
      try Migrations.migrator.migrate(queue)
      return .success(try queue.read(objects))
    } catch {
      return .failure(.internal("cannot build the expected schema: \(error)"))
    }
  }()

  static func expected() throws -> [Object: String] { try made.get() }

  /// Every object but SQLite's statistics tables (ANALYZE makes them, and they hold no rules),
  /// with its SQL text (empty for the indexes SQLite makes for UNIQUE and PRIMARY KEY constraints).
  static func objects(_ db: Database) throws -> [Object: String] {
    var out: [Object: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'") {
      out[Object(type: row["type"], name: row["name"])] = row["sql"] ?? ""
    }
    return out
  }

  /// One line per difference, in a stable order: missing, then altered, then added.
  static func differences(_ db: Database, expected: [Object: String]) throws -> [String] {
    let found = try objects(db)
    let order: (Object, Object) -> Bool = { ($0.type, $0.name) < ($1.type, $1.name) }
    var out: [String] = []
    for object in expected.keys.sorted(by: order) {
      guard let sql = found[object] else {
        out.append("\(object.type) \(object.name) is missing (the migrations create it): it was dropped outside the program")
        continue
      }
      if sql != expected[object] {
        out.append("\(object.type) \(object.name) is not as the migrations create it: it was changed outside the program")
      }
    }
    for object in found.keys.sorted(by: order) where expected[object] == nil {
      out.append("\(object.type) \(object.name) is not one the migrations create: it was added outside the program")
    }
    return out
  }
}
