import Foundation
import GRDB
import StaffDomain

/// Setting up a database for one pickup point, and finding the point and its locations.
public enum PointSetup {
  /// The locations every point has besides its shelves.
  static let standardLocations: [(code: String, kind: LocationKind)] = [
    ("BACK", .backRoom), ("TRANSIT", .inTransit), ("COUNTER", .counter),
  ]

  /// Creates the point, its standard locations and settings, inside one transaction.
  public static func initialise(
    _ database: AppDatabase, pointCode: String, name rawName: String, key: PickupCodeKey, now: Timestamp
  ) throws -> Int64 {
    let (code, name) = try validated(pointCode: pointCode, name: rawName)
    return try database.write { db in
      if let existing = try String.fetchOne(db, sql: "SELECT code FROM points ORDER BY id LIMIT 1") {
        throw StoreError.alreadyInitialised(path: database.path, point: existing)
      }
      try db.execute(
        sql: "INSERT INTO points (code, name, created_at) VALUES (?, ?, ?)", arguments: [code, name, now.seconds])
      let pointID = db.lastInsertedRowID
      for l in standardLocations {
        try db.execute(
          sql: "INSERT INTO locations (point_id, code, kind) VALUES (?, ?, ?)",
          arguments: [pointID, l.code, l.kind.rawValue])
      }
      let settings: [(String, String)] = [
        ("point_code", code), ("pickup_key_fingerprint", key.fingerprint), ("hold_days", "7"),
        ("created_at", now.iso8601),
      ]
      for (k, v) in settings {
        try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?)", arguments: [k, v])
      }
      try Audit.append(
        AuditEntry(at: now, action: "point.init", entity: "point", entityID: code, after: name), db)
      return pointID
    }
  }

  /// The point code and name, checked (before anything is created).
  public static func validated(pointCode: String, name: String) throws -> (code: String, name: String) {
    let code: String
    switch Identifier.pointCode(pointCode) {
    case .success(let c): code = c
    case .failure(let e): throw StoreError.invalid("--point \(e.reason) (e.g. DLA-AKWA)")
    }
    switch Identifier.text(name, max: 80) {
    case .success(let n): return (code, n)
    case .failure(let e): throw StoreError.invalid("--name \(e.reason)")
    }
  }

  /// The point this database serves.
  static func currentPoint(_ db: Database) throws -> (id: Int64, code: String) {
    guard let code = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'point_code'"),
      let id = try Int64.fetchOne(db, sql: "SELECT id FROM points WHERE code = ?", arguments: [code])
    else {
      throw StoreError.refused("this database has no pickup point yet: run `vgk-staff init --point CODE --name NAME`")
    }
    return (id, code)
  }

  /// Refuses a key that is not the one the database was made with.
  static func checkKey(_ key: PickupCodeKey, _ db: Database) throws {
    let stored = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'pickup_key_fingerprint'")
    guard stored == key.fingerprint else {
      throw StoreError.key(
        "the pickup-code key does not belong to this database (fingerprint \(key.fingerprint), expected \(stored ?? "none")): "
          + "point VGK_STAFF_KEYS or keys_dir at this database's key directory")
    }
  }

  /// The id of a location of the point, creating a shelf if the code is new.
  static func location(_ code: String, pointID: Int64, _ db: Database) throws -> Int64 {
    if let id = try Int64.fetchOne(
      db, sql: "SELECT id FROM locations WHERE point_id = ? AND code = ?", arguments: [pointID, code])
    {
      return id
    }
    try db.execute(
      sql: "INSERT INTO locations (point_id, code, kind) VALUES (?, ?, 'shelf')", arguments: [pointID, code])
    return db.lastInsertedRowID
  }
}
