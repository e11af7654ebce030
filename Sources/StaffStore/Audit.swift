import Crypto
import Foundation
import GRDB
import StaffDomain

/// Who did what. Rows are chained: `hash = SHA-256(prev_hash ‖ fields)`, so a row edited or
/// removed outside the program breaks the chain and `db check` says where.
public struct AuditEntry: Sendable, Equatable {
  public var at: Timestamp
  public var staffID: Int64?
  public var terminal: String?
  public var action: String
  public var entity: String?
  public var entityID: String?
  public var before: String?
  public var after: String?

  public init(
    at: Timestamp, staffID: Int64? = nil, terminal: String? = nil, action: String, entity: String? = nil,
    entityID: String? = nil, before: String? = nil, after: String? = nil
  ) {
    self.at = at
    self.staffID = staffID
    self.terminal = terminal
    self.action = action
    self.entity = entity
    self.entityID = entityID
    self.before = before
    self.after = after
  }
}

enum Audit {
  /// Appends one entry inside the caller's write transaction.
  static func append(_ e: AuditEntry, _ db: Database) throws {
    let prev = try Data.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
    let hash = chainHash(prev: prev, e)
    try db.execute(
      sql: """
        INSERT INTO audit_log (at, staff_id, terminal, action, entity, entity_id, before, after, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [e.at.seconds, e.staffID, e.terminal, e.action, e.entity, e.entityID, e.before, e.after, prev, hash])
  }

  static func chainHash(prev: Data?, _ e: AuditEntry) -> Data {
    var h = SHA256()
    h.update(data: prev ?? Data())
    let fields: [String] = [
      String(e.at.seconds), e.staffID.map(String.init) ?? "", e.terminal ?? "", e.action, e.entity ?? "",
      e.entityID ?? "", e.before ?? "", e.after ?? "",
    ]
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
      let e = AuditEntry(
        at: Timestamp(seconds: row["at"]), staffID: row["staff_id"], terminal: row["terminal"], action: row["action"],
        entity: row["entity"], entityID: row["entity_id"], before: row["before"], after: row["after"])
      let storedPrev: Data? = row["prev_hash"]
      let stored: Data? = row["hash"]
      if first && storedPrev != nil {
        problems.append("audit rows before row \(id) were removed outside the program (the trail's first row has a predecessor)")
      } else if !first && storedPrev != prev {
        problems.append("audit row \(id) does not follow the row before it: a row was removed or inserted outside the program")
      }
      if stored != chainHash(prev: storedPrev, e) {
        problems.append("audit row \(id) was changed outside the program (its hash does not match its contents)")
      }
      prev = stored
      first = false
    }
    return problems
  }
}
