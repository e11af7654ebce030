import GRDB
import StaffDomain

/// What a database holds, at a glance: the figures the console's top bar and the demo show.
public struct DatabaseSummary: Sendable, Equatable {
  public var pointCode: String
  public var pointName: String
  public var staff: Int
  public var products: Int
  public var stockUnits: Int64
  public var stockLocations: Int
  public var ordersByStatus: [OrderStatus: Int]
  public var tasksByStatus: [TaskStatus: Int]
  /// Open tasks past their due time (created + SLA + paused time) at `now`.
  public var tasksBreached: Int
  public var ticketsByStatus: [TicketStatus: Int]
  public var movements: Int
  public var auditRows: Int
  /// Ready orders kept past their hold period at `now`.
  public var ordersPastHold: Int
  /// Scans recorded (camera, scanner and command line).
  public var scans: Int
  /// The most recent scan, if any.
  public var latestScan: LatestScan?

  public struct LatestScan: Sendable, Equatable {
    public var at: Timestamp
    public var source: String
    public var fileName: String?
    /// As the scan log holds it: pickup codes masked.
    public var payload: String?
    public var outcome: String
  }

  public static func load(_ database: AppDatabase, now: Timestamp) throws -> DatabaseSummary {
    try database.read { db in
      let point = try PointSetup.currentPoint(db)
      func count(_ sql: String, _ args: StatementArguments = []) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: args) ?? 0
      }
      func grouped<T: RawRepresentable & CaseIterable & Hashable>(_ table: String, _: T.Type) throws -> [T: Int]
      where T.RawValue == String {
        var out: [T: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM \(table) GROUP BY status") {
          if let s = T(rawValue: row[0]) { out[s] = row[1] }
        }
        return out
      }
      return DatabaseSummary(
        pointCode: point.code,
        pointName: try String.fetchOne(db, sql: "SELECT name FROM points WHERE id = ?", arguments: [point.id]) ?? "",
        staff: try count("SELECT count(*) FROM staff WHERE active = 1"),
        products: try count("SELECT count(*) FROM products"),
        stockUnits: try Int64.fetchOne(db, sql: "SELECT coalesce(sum(quantity), 0) FROM stock") ?? 0,
        stockLocations: try count("SELECT count(DISTINCT location_id) FROM stock WHERE quantity > 0"),
        ordersByStatus: try grouped("orders", OrderStatus.self),
        tasksByStatus: try grouped("tasks", TaskStatus.self),
        tasksBreached: try count(
          """
          SELECT count(*) FROM tasks WHERE status IN ('open', 'in_progress')
             AND created_at + sla_seconds + paused_seconds < ?
          """, [now.seconds]),
        ticketsByStatus: try grouped("tickets", TicketStatus.self),
        movements: try count("SELECT count(*) FROM movements"),
        auditRows: try count("SELECT count(*) FROM audit_log"),
        ordersPastHold: try count(
          "SELECT count(*) FROM orders WHERE status = 'ready' AND hold_until < ?", [now.seconds]),
        scans: try count("SELECT count(*) FROM scans"),
        latestScan: try Row.fetchOne(
          db, sql: "SELECT created_at, source, file_name, payload, outcome FROM scans ORDER BY id DESC LIMIT 1"
        ).map {
          LatestScan(
            at: Timestamp(seconds: $0["created_at"]), source: $0["source"], fileName: $0["file_name"],
            payload: $0["payload"], outcome: $0["outcome"])
        })
    }
  }
}
