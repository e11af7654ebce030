import Foundation
import GRDB
import StaffDomain

/// What the console reads: bounded lists (the newest or most urgent rows, never whole tables)
/// and the top bar's counters, each one indexed query.
public enum ConsoleQueries {
  /// How many rows a list holds at most.
  public static let listLimit = 500

  public static func header(_ database: AppDatabase) throws -> PointHeader {
    try database.read { db in
      let point = try PointSetup.currentPoint(db)
      let name = try String.fetchOne(db, sql: "SELECT name FROM points WHERE id = ?", arguments: [point.id]) ?? ""
      return PointHeader(code: point.code, name: name, training: try PointSetup.kind(db) == .training)
    }
  }

  public static func alerts(_ database: AppDatabase, now: Timestamp) throws -> AlertCounts {
    try database.read { db in
      let breaches = try TaskBoard.breachCount(now: now, db)
      let locked =
        try Int.fetchOne(
          db,
          sql: """
            SELECT count(*) FROM orders WHERE (locked_until IS NOT NULL OR locked_for_supervisor = 1)
               AND (locked_for_supervisor = 1 OR locked_until > ?)
            """, arguments: [now.seconds]) ?? 0
      let low = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(lowStockSQL)) WHERE total < threshold") ?? 0
      let counting = try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT l.code FROM stock_counts c JOIN stock_count_locations cl ON cl.count_id = c.id
            JOIN locations l ON l.id = cl.location_id WHERE c.status = 'open'
          """)
      return AlertCounts(
        slaBreaches: breaches, lowStock: low, lockedOrders: locked, printsWaiting: try PrintQueue.waiting(db), counting: Set(counting))
    }
  }

  /// Every product with a low-stock threshold, with its stock outside transit: the point's own
  /// threshold for the product, else the marketplace's (`products.low_stock_threshold`), else the
  /// point's for its category.
  static let lowStockSQL = """
    SELECT p.id, p.threshold, p.source,
           (SELECT coalesce(sum(s.quantity), 0) FROM stock s JOIN locations l ON l.id = s.location_id
             WHERE s.product_id = p.id AND l.kind <> 'in_transit') AS total
      FROM (SELECT product_id AS id, threshold, 'point' AS source FROM low_stock_thresholds WHERE product_id IS NOT NULL
            UNION ALL
            SELECT id, low_stock_threshold, 'marketplace' FROM products WHERE low_stock_threshold IS NOT NULL
               AND id NOT IN (SELECT product_id FROM low_stock_thresholds WHERE product_id IS NOT NULL)
            UNION ALL
            SELECT p.id, t.threshold, 'category' FROM low_stock_thresholds t JOIN products p ON p.category = t.category
             WHERE t.category IS NOT NULL AND p.low_stock_threshold IS NULL
               AND p.id NOT IN (SELECT product_id FROM low_stock_thresholds WHERE product_id IS NOT NULL)) p
    """

  /// A staff member by login (nil when there is none).
  public static func staffMember(_ database: AppDatabase, login: String) throws -> TeamMember? {
    try database.read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT id, full_name, role, active FROM staff WHERE login = ?", arguments: [login]),
        let role = StaffRole(rawValue: row["role"])
      else { return nil }
      return TeamMember(
        id: row["id"], login: login, fullName: row["full_name"], role: role, active: row["active"], handoversToday: 0, openTasks: 0,
        lastActivity: nil)
    }
  }

  /// The order a scan was for, if any.
  public static func scanOrder(_ database: AppDatabase, scanID: Int64) throws -> Int64? {
    try database.read { try Int64.fetchOne($0, sql: "SELECT order_id FROM scans WHERE id = ?", arguments: [scanID]) }
  }

  // MARK: Scans

  /// The newest scans first, each with the handover it led to (or its order's, when the order
  /// was handed over after another scan) and the clerk's refusal, if any.
  public static func scans(_ database: AppDatabase, limit: Int = listLimit) throws -> [ScanRecord] {
    try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT sc.id, sc.created_at, sc.source, sc.file_name, sc.payload, sc.kind, sc.outcome, sc.reason, sc.message, sc.order_id,
                 sc.terminal, st.login AS scanner,
                 h.handed_over_at, h.terminal AS h_terminal, hs.login AS h_login, hs.full_name AS h_name,
                 d.reason AS d_reason, d.decided_at, ds.login AS d_login
            FROM (SELECT * FROM scans ORDER BY id DESC LIMIT ?) sc
            LEFT JOIN staff st ON st.id = sc.staff_id
            LEFT JOIN handovers h ON h.order_id = sc.order_id AND sc.outcome IN ('verified', 'already_picked_up')
            LEFT JOIN staff hs ON hs.id = h.staff_id
            LEFT JOIN scan_decisions d ON d.scan_id = sc.id
            LEFT JOIN staff ds ON ds.id = d.staff_id
           ORDER BY sc.id DESC
          """, arguments: [limit]
      ).map(scanRecord)
    }
  }

  static func scanRecord(_ row: Row) -> ScanRecord {
    let handover = (row["handed_over_at"] as Int64?).map {
      HandoverFacts(staffLogin: row["h_login"], staffName: row["h_name"], terminal: row["h_terminal"], at: Timestamp(seconds: $0))
    }
    let decision = (row["decided_at"] as Int64?).map {
      ScanDecision(kind: .refused, reason: row["d_reason"] ?? "other", staff: row["d_login"], at: Timestamp(seconds: $0))
    }
    return ScanRecord(
      id: row["id"], at: Timestamp(seconds: row["created_at"]), source: ScanSource(rawValue: row["source"]) ?? .cli,
      fileName: row["file_name"], payload: row["payload"], kind: payloadKind(row["kind"]),
      outcome: row["outcome"], reason: row["reason"], message: ScanFacts.message(row["message"]), orderID: row["order_id"], staff: row["scanner"], terminal: row["terminal"],
      handover: handover, decision: decision)
  }

  /// What the detail view shows for a scan. An order only for a scan whose code was right
  /// (verified, or already handed over): a wrong code shows nothing of the order.
  public static func scanDetail(_ database: AppDatabase, scanID: Int64) throws -> ScanDetail {
    try database.read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT payload, kind, outcome, order_id FROM scans WHERE id = ?", arguments: [scanID])
      else { return .none }
      let outcome: String = row["outcome"]
      switch payloadKind(row["kind"]) {
      case .order?:
        guard outcome == "verified" || outcome == "already_picked_up", let id: Int64 = row["order_id"],
          let view = try Counter.orderView(id, db)
        else { return .none }
        return .order(view)
      case .product?:
        guard outcome == "shown", let id = id(in: row["payload"]), let view = try Counter.product(id, db) else { return .none }
        return .product(view)
      case .inventory?:
        guard outcome == "shown", let id = id(in: row["payload"]) else { return .none }
        let point = try PointSetup.currentPoint(db)
        if let t = try Counter.incomingTransfer(slip: id, pointID: point.id, db) { return .transfer(t) }
        guard let view = try Counter.movement(id, db) else { return .none }
        return .movement(view)
      case nil:
        return .none
      }
    }
  }

  /// `scans.kind` holds the kind in lower case.
  static func payloadKind(_ text: String?) -> PayloadKind? { text.flatMap { PayloadKind(rawValue: $0.uppercased()) } }

  /// The number in `PRODUCT:123` or `INVENTORY:123`.
  static func id(in payload: String?) -> Int64? {
    guard let payload, let colon = payload.lastIndex(of: ":") else { return nil }
    return Int64(payload[payload.index(after: colon)...])
  }

  // MARK: Tasks, stock, tickets, team

  /// The task board's page (see `TaskBoard.list`) and the active staff, whom a task can be
  /// assigned to.
  public static func tasks(_ database: AppDatabase, filter: TaskFilter = TaskFilter(), now: Timestamp, limit: Int = listLimit) throws
    -> (page: TaskPage, staff: [String])
  {
    try database.read { db in
      (try TaskBoard.list(filter, now: now, limit: limit, db), try activeStaff(db))
    }
  }

  /// The logins of the active staff, whom tasks and tickets can be given to.
  public static func activeStaff(_ database: AppDatabase) throws -> [String] { try database.read { try activeStaff($0) } }

  static func activeStaff(_ db: Database) throws -> [String] {
    try String.fetchAll(db, sql: "SELECT login FROM staff WHERE active = 1 ORDER BY login")
  }

  /// Products in stock, those under their threshold first, then by title; each with where it is.
  public static func stock(_ database: AppDatabase, limit: Int = listLimit) throws -> [StockRecord] {
    try database.read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          WITH low AS (\(lowStockSQL)),
               held AS (SELECT product_id, sum(quantity) AS total FROM stock GROUP BY product_id HAVING sum(quantity) <> 0)
          SELECT p.id, p.title, p.category, p.price_fcfa, coalesce(held.total, low.total, 0) AS total, low.threshold
            FROM products p LEFT JOIN held ON held.product_id = p.id LEFT JOIN low ON low.id = p.id
           WHERE held.product_id IS NOT NULL OR low.id IS NOT NULL
           ORDER BY (low.threshold IS NOT NULL AND coalesce(held.total, 0) < low.threshold) DESC, p.title, p.id
           LIMIT ?
          """, arguments: [limit])
      let ids = rows.map { $0["id"] as Int64 }
      var lines: [Int64: [StockLine]] = [:]
      if !ids.isEmpty {
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT s.product_id, l.code, l.kind, s.quantity FROM stock s JOIN locations l ON l.id = s.location_id
             WHERE s.quantity <> 0 AND s.product_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
             ORDER BY l.code
            """, arguments: StatementArguments(ids))
        {
          lines[row["product_id"], default: []].append(
            StockLine(location: row["code"], kind: LocationKind(rawValue: row["kind"]) ?? .shelf, quantity: row["quantity"]))
        }
      }
      return rows.map { row in
        let id: Int64 = row["id"]
        return StockRecord(
          productID: id, title: row["title"], category: row["category"], price: FCFA(row["price_fcfa"]), total: row["total"],
          locations: lines[id] ?? [], threshold: row["threshold"])
      }
    }
  }

  /// Tickets not closed, newest first, then the closed ones; customers masked.
  public static func tickets(_ database: AppDatabase, limit: Int = listLimit) throws -> [TicketRecord] {
    try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT t.id, t.subject, t.category, t.priority, t.status, c.name_masked, c.name, c.phone_masked, t.order_id, s.login,
                 t.created_at, t.first_response_at, t.resolved_at, t.closed_at, t.reopen_count, t.paused_seconds, t.waiting_since,
                 t.rating, (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id) AS messages
            FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id
           ORDER BY t.status = 'closed', t.id DESC LIMIT ?
          """, arguments: [limit]
      ).compactMap { row in
        guard let category = TicketCategory(rawValue: row["category"]), let priority = Priority(rawValue: row["priority"]),
          let status = TicketStatus(rawValue: row["status"])
        else { return nil }
        func time(_ c: String) -> Timestamp? { (row[c] as Int64?).map { Timestamp(seconds: $0) } }
        let id: Int64 = row["id"]
        let created = Timestamp(seconds: row["created_at"])
        let state = TicketState(
          id: id, status: status, priority: priority, createdAt: created, firstResponseAt: time("first_response_at"),
          resolvedAt: time("resolved_at"), closedAt: time("closed_at"), reopenCount: row["reopen_count"],
          pausedSeconds: row["paused_seconds"], waitingSince: time("waiting_since"), rating: row["rating"])
        return TicketRecord(
          id: id, subject: row["subject"], category: category, priority: priority, status: status,
          customer: (row["name_masked"] as String?) ?? Pickup.maskedName(row["name"]), orderID: row["order_id"], assignee: row["login"],
          createdAt: created, firstResponseAt: time("first_response_at"), messages: row["messages"], state: state,
          phone: row["phone_masked"])
      }
    }
  }

  /// The staff, active first, with today's handovers (Douala's day), their open tasks, and their
  /// figures over the last 14 days with each day's efficiency.
  public static func team(
    _ database: AppDatabase, now: Timestamp, standards: StandardTimes = .standard, targets: TicketTargets = .standard
  ) throws -> [TeamMember] {
    let dayStart = Timestamp(seconds: now.seconds - (now.seconds + Timestamp.doualaOffset) % 86400)
    let figures = Dictionary(
      uniqueKeysWithValues: try TeamReport.compute(database, from: dayStart + -13 * 86400, to: now, standards: standards, targets: targets)
        .map { ($0.login, $0) })
    return try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT s.id, s.login, s.full_name, s.role, s.active,
                 (SELECT count(*) FROM handovers h WHERE h.staff_id = s.id AND h.handed_over_at >= ?) AS today,
                 (SELECT count(*) FROM tasks t WHERE t.assignee_id = s.id AND t.status IN ('open', 'in_progress', 'waiting'))
                   AS open_tasks,
                 (SELECT max(h.handed_over_at) FROM handovers h WHERE h.staff_id = s.id) AS last_handover
            FROM staff s ORDER BY s.active DESC, s.full_name, s.id
          """, arguments: [dayStart.seconds]
      ).compactMap { row in
        guard let role = StaffRole(rawValue: row["role"]) else { return nil }
        return TeamMember(
          id: row["id"], login: row["login"], fullName: row["full_name"], role: role, active: row["active"],
          handoversToday: row["today"], openTasks: row["open_tasks"],
          lastActivity: (row["last_handover"] as Int64?).map { Timestamp(seconds: $0) },
          performance: figures[row["login"] as String]?.performance, trend: figures[row["login"] as String]?.trend ?? [])
      }
    }
  }
}

/// Tells whether any connection (another terminal, the watcher, a command) has committed since
/// the last look: `PRAGMA data_version` on a connection of its own, which costs next to nothing,
/// so the console can look several times a second and re-read only when something changed.
public final class ChangeWatcher: @unchecked Sendable {
  private let queue: DatabaseQueue
  private var last: Int?

  public init(_ database: AppDatabase) throws {
    var config = Configuration()
    config.readonly = true
    config.label = "vgk-staff change watcher"
    config.busyMode = .timeout(AppDatabase.busyTimeout)
    queue = try DatabaseQueue(path: database.path, configuration: config)
  }

  /// True the first time, and whenever something was committed since the previous call.
  public func changed() throws -> Bool {
    let version = try queue.inDatabase { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    defer { last = version }
    return last != version
  }

  public func close() throws { try queue.close() }
}
