import Foundation
import GRDB
import StaffDomain

/// One staff member's figures for a period, with a trend.
public struct StaffPerformance: Sendable, Equatable {
  public var login: String
  public var name: String
  public var role: StaffRole
  public var active: Bool
  public var performance: Performance
  /// Efficiency day by day over the trend's days (nil: nothing recorded that day).
  public var trend: [Double?]
}

/// Team performance from what the database recorded: tasks done (with their SLA), tickets resolved
/// (with their target), stock-count lines, ratings, handovers and the audit log's times (see
/// `Performance.compute` for the formulas).
public enum TeamReport {
  public static func compute(
    _ database: AppDatabase, from: Timestamp, to: Timestamp, standards: StandardTimes = .standard, targets: TicketTargets = .standard,
    staff: String? = nil, trendDays: Int = 14
  ) throws -> [StaffPerformance] {
    let accuracy = try Inventory(database: database).accuracy(from: from, to: to)
    return try database.read { db in
      let members = try Row.fetchAll(
        db,
        sql: "SELECT id, login, full_name, role, active FROM staff WHERE ? IS NULL OR login = ? ORDER BY active DESC, full_name, id",
        arguments: [staff, staff])
      if let staff, members.isEmpty { throw StoreError.invalid(.notStaffLogin, .text(staff)) }
      return try members.compactMap { row -> StaffPerformance? in
        guard let role = StaffRole(rawValue: row["role"]) else { return nil }
        let id: Int64 = row["id"]
        let login: String = row["login"]
        // One read of each kind of fact over the period and the trend's days; then windows of it.
        let dayEnd = Timestamp(seconds: to.seconds - (to.seconds + Timestamp.doualaOffset) % 86400 + 86400 - 1)
        let trendStart = dayEnd + Int64(-trendDays * 86400 + 1)
        let all = try Self.facts(id, from: min(from, trendStart), to: max(to, dayEnd), targets: targets, db)
        var facts = all.window(from: from, to: to)
        facts.countedLines = accuracy[login] ?? Accuracy(lines: 0, confirmed: 0)
        let trend: [Double?] = (0..<trendDays).map { d in
          let start = trendStart + Int64(d * 86400)
          return Performance.compute(all.window(from: start, to: start + 86399), standards: standards).efficiency
        }
        return StaffPerformance(
          login: login, name: row["full_name"], role: role, active: row["active"],
          performance: Performance.compute(facts, standards: standards), trend: trend)
      }
    }
  }

  /// Each fact with its time, to cut windows from.
  struct TimedFacts {
    var tasks: [(at: Int64, type: TaskType, withinSLA: Bool)]
    var tickets: [(at: Int64, withinTarget: Bool)]
    var ratings: [(at: Int64, score: Int)]
    var handovers: [(at: Int64, seconds: Int64?)]
    var activity: [Int64]

    func window(from: Timestamp, to: Timestamp) -> WorkFacts {
      let r = from.seconds...to.seconds
      return WorkFacts(
        tasksDone: tasks.filter { r.contains($0.at) }.map { ($0.type, $0.withinSLA) },
        ticketsResolved: tickets.filter { r.contains($0.at) }.map(\.withinTarget), ratings: ratings.filter { r.contains($0.at) }.map(\.score),
        handovers: handovers.filter { r.contains($0.at) }.count,
        scanToHandover: handovers.filter { r.contains($0.at) }.compactMap(\.seconds),
        activity: activity.filter { r.contains($0) }.map { Timestamp(seconds: $0) })
    }
  }

  static func facts(_ staff: Int64, from: Timestamp, to: Timestamp, targets: TicketTargets, _ db: Database) throws -> TimedFacts {
    let period: StatementArguments = [staff, from.seconds, to.seconds]
    let tasks = try Row.fetchAll(
      db,
      sql: """
        SELECT closed_at, type, closed_at <= created_at + sla_seconds + paused_seconds AS on_time FROM tasks
         WHERE assignee_id = ? AND status = 'done' AND closed_at BETWEEN ? AND ?
        """, arguments: period
    ).compactMap { r -> (at: Int64, type: TaskType, withinSLA: Bool)? in
      TaskType(rawValue: r["type"]).map { (r["closed_at"], $0, r["on_time"]) }
    }
    let tickets = try Row.fetchAll(
      db,
      sql: """
        SELECT resolved_at, priority, resolved_at - created_at - paused_seconds AS took FROM tickets
         WHERE assignee_id = ? AND resolved_at BETWEEN ? AND ?
        """, arguments: period
    ).map { r -> (at: Int64, withinTarget: Bool) in
      (r["resolved_at"], (r["took"] as Int64) <= targets.resolution(Priority(rawValue: r["priority"]) ?? .medium))
    }
    let ratings = try Row.fetchAll(
      db, sql: "SELECT created_at, score FROM ratings WHERE staff_id = ? AND created_at BETWEEN ? AND ?", arguments: period
    ).map { (at: $0["created_at"] as Int64, score: $0["score"] as Int) }
    let handovers = try Row.fetchAll(
      db,
      sql: """
        SELECT h.handed_over_at, h.handed_over_at - s.created_at AS took FROM handovers h LEFT JOIN scans s ON s.id = h.scan_id
         WHERE h.staff_id = ? AND h.handed_over_at BETWEEN ? AND ?
        """, arguments: period
    ).map { (at: $0["handed_over_at"] as Int64, seconds: $0["took"] as Int64?) }
    let activity = try Int64.fetchAll(db, sql: "SELECT at FROM audit_log WHERE staff_id = ? AND at BETWEEN ? AND ?", arguments: period)
    return TimedFacts(tasks: tasks, tickets: tickets, ratings: ratings, handovers: handovers, activity: activity)
  }
}
