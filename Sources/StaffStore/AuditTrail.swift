import Foundation
import GRDB
import StaffDomain

/// The audit trail as supervisors read it (`vgk-staff audit`, the Team tab's audit view): rows
/// filtered by who, what, on what, when and where, newest first, a page at a time. Reads only.
public enum AuditTrail {
  /// Rows newest first (by time, then by id), each with its staff member's login. One query
  /// that walks `audit_log_staff` (staff_id, at) when a login is given, else `audit_log_at`,
  /// from the newest end, so a page costs its own rows however long the trail is.
  public static func list(_ database: AppDatabase, _ filter: AuditFilter) throws -> [AuditRecord] {
    guard (1...AuditFilter.maxLimit).contains(filter.limit) else {
      throw StoreError.invalid(.auditLimit, .count(Int64(AuditFilter.maxLimit)))
    }
    if filter.entityID != nil && filter.entity == nil {
      throw StoreError.invalid(.auditEntityNeeded)
    }
    return try database.read { db in
      var staffID: Int64?
      if let login = filter.staff {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM staff WHERE login = ?", arguments: [login]) else {
          let shown = login.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } ? login : "(unprintable)"
          throw StoreError.invalid(.notStaffLogin, .text(shown))
        }
        staffID = id
      }
      var beforeAt: Int64?
      if let before = filter.before {
        guard let at = try Int64.fetchOne(db, sql: "SELECT at FROM audit_log WHERE id = ?", arguments: [before]) else {
          throw StoreError.invalid(.auditNoRow, .id(before))
        }
        beforeAt = at
      }
      let (sql, arguments) = statement(filter, staffID: staffID, beforeAt: beforeAt)
      return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
        AuditRecord(
          id: row["id"], at: Timestamp(seconds: row["at"]), staff: row["login"], terminal: row["terminal"], action: row["action"],
          entity: row["entity"], entityID: row["entity_id"], before: row["before"], after: row["after"])
      }
    }
  }

  /// The query for a filter, its login already turned into the staff id and its `before` row
  /// into that row's time.
  static func statement(_ filter: AuditFilter, staffID: Int64?, beforeAt: Int64?) -> (String, StatementArguments) {
    var conditions: [String] = []
    var arguments: [(any DatabaseValueConvertible)?] = []
    if let staffID {
      conditions.append("a.staff_id = ?")
      arguments.append(staffID)
    }
    if !filter.actions.isEmpty {
      var alternatives: [String] = []
      for action in filter.actions {
        if action.hasSuffix(".") {
          // substr rather than LIKE: action names hold `_`, which LIKE takes as a wildcard.
          alternatives.append("substr(a.action, 1, ?) = ?")
          arguments.append(action.count)
        } else {
          alternatives.append("a.action = ?")
        }
        arguments.append(action)
      }
      conditions.append("(" + alternatives.joined(separator: " OR ") + ")")
    }
    let equalities: [(String, String?)] = [("a.entity", filter.entity), ("a.entity_id", filter.entityID), ("a.terminal", filter.terminal)]
    for (column, value) in equalities {
      guard let value else { continue }
      conditions.append("\(column) = ?")
      arguments.append(value)
    }
    if let from = filter.from {
      conditions.append("a.at >= ?")
      arguments.append(from.seconds)
    }
    if let to = filter.to {
      conditions.append("a.at <= ?")
      arguments.append(to.seconds)
    }
    if let beforeAt, let before = filter.before {
      conditions.append("(a.at, a.id) < (?, ?)")
      arguments += [beforeAt, before]
    }
    arguments.append(filter.limit)
    let sql = """
      SELECT a.id, a.at, s.login, a.terminal, a.action, a.entity, a.entity_id, a.before, a.after
        FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
      \(conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
       ORDER BY a.at DESC, a.id DESC
       LIMIT ?
      """
    return (sql, StatementArguments(arguments))
  }
}
