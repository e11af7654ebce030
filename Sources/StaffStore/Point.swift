import Foundation
import GRDB
import StaffDomain

/// A real point's database, or a training (or test) one: fixed when the database is made.
public enum PointKind: String, Sendable, Equatable {
  case real
  case training
}

/// Setting up a database for one pickup point, and finding the point and its locations.
public enum PointSetup {
  /// The locations every point has besides its shelves.
  static let standardLocations: [(code: String, kind: LocationKind)] = [
    ("BACK", .backRoom), ("TRANSIT", .inTransit), ("COUNTER", .counter),
  ]

  /// Creates the point, its standard locations and settings, inside one transaction. `kind`
  /// marks the database for good: a real point's, or a training (or test) one, the only kind
  /// whose clock may be pinned (`VGK_STAFF_NOW`).
  public static func initialise(
    _ database: AppDatabase, pointCode: String, name rawName: String, key: PickupCodeKey, kind: PointKind = .real, now: Timestamp
  ) throws -> Int64 {
    let (code, name) = try validated(pointCode: pointCode, name: rawName)
    return try database.write { db in
      if let existing = try String.fetchOne(db, sql: "SELECT code FROM points ORDER BY id LIMIT 1") {
        throw StoreError.alreadyInitialised(path: database.path, point: existing)
      }
      // The mark first: once the point exists, a trigger refuses to add, change or remove it.
      try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?)", arguments: [Self.kindSetting, kind.rawValue])
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
        at: now, action: "point.init", entity: "point", entityID: code, after: name, db)
      // The mark in the chained audit trail too, so that `db check` tells a changed one.
      try Audit.append(
        at: now, action: Self.kindAction, entity: "point", entityID: code, after: kind.rawValue, db)
      return pointID
    }
  }

  /// The setting and the audit action that hold a database's kind.
  static let kindSetting = "point_kind"
  static let kindAction = "point.kind"

  /// The kind of this database: training only when its setting and its audit row both say so
  /// (one without the other, or a database made before the mark existed, is a real point's).
  public static func kind(_ database: AppDatabase) throws -> PointKind {
    try database.read { try kind($0) }
  }

  static func kind(_ db: Database) throws -> PointKind {
    let setting = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [kindSetting])
    let audited = try audited(db)
    return setting == PointKind.training.rawValue && audited == PointKind.training.rawValue ? .training : .real
  }

  /// The kind the audit trail gives: the row written with the point, right after `point.init`
  /// (a row appended later does not count).
  static func audited(_ db: Database) throws -> String? {
    try String.fetchOne(
      db,
      sql: """
        SELECT k.after FROM audit_log i JOIN audit_log k ON k.id = i.id + 1
         WHERE i.action = 'point.init' AND k.action = ? ORDER BY i.id LIMIT 1
        """, arguments: [kindAction])
  }

  /// What `db check` finds wrong with the mark: a setting that disagrees with its audit row, or
  /// one of the two without the other (a trigger that keeps it dropped is the schema check's).
  static func kindViolations(_ db: Database) throws -> [String] {
    let setting = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [kindSetting])
    let first = try audited(db)
    let marks = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE action = ?", arguments: [kindAction]) ?? 0
    var out: [String] = []
    if setting != first {
      out.append(
        "the database says it is \(setting.map { "a \($0) point's" } ?? "unmarked"), its audit trail says "
          + (first.map { "a \($0) point's" } ?? "nothing") + " (changed outside the program?)")
    }
    if marks != (first == nil ? 0 : 1) {
      out.append("the audit trail marks the database's kind \(marks) times (only once, with the point)")
    }
    return out
  }

  /// The point code and name, checked (before anything is created).
  public static func validated(pointCode: String, name: String) throws -> (code: String, name: String) {
    let code: String
    switch Identifier.pointCode(pointCode) {
    case .success(let c): code = c
    case .failure(let e): throw StoreError.invalid(.pointCode, .message(e.reason))
    }
    switch Identifier.text(name, max: 80) {
    case .success(let n): return (code, n)
    case .failure(let e): throw StoreError.invalid(.pointName, .message(e.reason))
    }
  }

  /// The point this database serves.
  static func currentPoint(_ db: Database) throws -> (id: Int64, code: String) {
    guard let code = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'point_code'"),
      let id = try Int64.fetchOne(db, sql: "SELECT id FROM points WHERE code = ?", arguments: [code])
    else {
      throw StoreError.refused(.noPoint)
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
