import Crypto
import Foundation
import GRDB
import StaffDomain

/// Who did what, read back as `AuditRecord`s (`AuditTrail`). Rows are chained:
/// `hash = SHA-256(prev_hash ‖ fields)`, so a row edited or removed outside the program breaks
/// the chain and `db check` says where.
enum Audit {
  /// Appends one row inside the caller's write transaction; its row id. `staffID` is who did it
  /// (nil for what the program did by itself: rules, imports, init).
  @discardableResult
  static func append(
    at: Timestamp, staffID: Int64? = nil, terminal: String? = nil, action: String, entity: String? = nil,
    entityID: String? = nil, before: String? = nil, after: String? = nil, _ db: Database
  ) throws -> Int64 {
    let prev = try Data.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
    let hash = chainHash(
      prev: prev,
      fields(
        at: at, staffID: staffID, terminal: terminal, action: action, entity: entity, entityID: entityID, before: before,
        after: after))
    try db.execute(
      sql: """
        INSERT INTO audit_log (at, staff_id, terminal, action, entity, entity_id, before, after, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [at.seconds, staffID, terminal, action, entity, entityID, before, after, prev, hash])
    let id = db.lastInsertedRowID
    // The chain's head, kept apart from the trail: rows removed from the end of the chain leave
    // no gap in it, but they leave the head pointing past the last row (see `verify`).
    try db.execute(
      sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      arguments: [headKey, "\(id) \(Hex.encode(hash))"])
    return id
  }

  /// The `settings` key holding the id and hash (hex) of the last row the program appended.
  static let headKey = "audit_head"

  /// A row's hashed fields, in the order the chain hashes them.
  static func fields(
    at: Timestamp, staffID: Int64?, terminal: String?, action: String, entity: String?, entityID: String?, before: String?,
    after: String?
  ) -> [String] {
    [
      String(at.seconds), staffID.map(String.init) ?? "", terminal ?? "", action, entity ?? "", entityID ?? "", before ?? "",
      after ?? "",
    ]
  }

  static func chainHash(prev: Data?, _ fields: [String]) -> Data {
    var h = SHA256()
    h.update(data: prev ?? Data())
    // Length-prefixed, so no choice of field contents can make two different rows hash alike.
    for f in fields {
      let bytes = Data(f.utf8)
      h.update(data: Data(String(bytes.count).utf8) + Data([0x3A]) + bytes)
    }
    return Data(h.finalize())
  }

  /// Walks the chain; returns one message per break.
  static func verify(_ db: Database) throws -> [String] {
    var problems: [String] = []
    var prev: Data? = nil
    var first = true
    let rows = try Row.fetchCursor(
      db, sql: "SELECT id, at, staff_id, terminal, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log ORDER BY id")
    while let row = try rows.next() {
      let id: Int64 = row["id"]
      let hashed = fields(
        at: Timestamp(seconds: row["at"]), staffID: row["staff_id"], terminal: row["terminal"], action: row["action"],
        entity: row["entity"], entityID: row["entity_id"], before: row["before"], after: row["after"])
      let storedPrev: Data? = row["prev_hash"]
      let stored: Data? = row["hash"]
      if first && storedPrev != nil {
        problems.append("audit rows before row \(id) were removed outside the program (the trail's first row has a predecessor)")
      } else if !first && storedPrev != prev {
        problems.append("audit row \(id) does not follow the row before it: a row was removed or inserted outside the program")
      }
      if stored != chainHash(prev: storedPrev, hashed) {
        problems.append("audit row \(id) was changed outside the program (its hash does not match its contents)")
      }
      prev = stored
      first = false
    }
    return problems + (try head(db))
  }

  /// The last row against the head recorded when it was written: the chain alone cannot see
  /// its newest rows removed (what is left is still a chain), nor rows added after it by
  /// someone who computes the hashes. A database that never had a row appended since the head
  /// was first recorded has no head, and nothing is said.
  static func head(_ db: Database) throws -> [String] {
    guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [headKey]) else { return [] }
    let parts = text.split(separator: " ")
    guard parts.count == 2, let headID = Int64(parts[0]), let headHash = Hex.decode(parts[1]) else {
      return ["the audit trail's recorded head (settings \(headKey)) is unreadable: it was changed outside the program"]
    }
    guard let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1") else {
      return ["the audit trail is empty, but the program wrote rows up to row \(headID): they were removed outside the program"]
    }
    let lastID: Int64 = last["id"]
    let lastHash: Data? = last["hash"]
    if lastID < headID {
      return [
        "audit rows after row \(lastID) were removed outside the program (the last row the program wrote is row \(headID))"
      ]
    }
    if lastID > headID {
      return ["audit rows after row \(headID) were added outside the program (the trail now ends at row \(lastID))"]
    }
    if lastHash != Data(headHash) {
      return ["audit row \(lastID) is not the row the program wrote last (its hash is not the recorded head's)"]
    }
    return []
  }
}
