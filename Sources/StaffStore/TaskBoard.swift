import Foundation
import GRDB
import StaffDomain

/// The task board on the database: tasks made by hand, the commands people give them (start,
/// wait, resume, done, cancel, assign, priority), the board's lists, and the rules that make tasks
/// from events (see `sync`). Each call is one write transaction with an audit row per change.
public struct TaskBoard: Sendable {
  public let database: AppDatabase
  public let policy: SLAPolicy

  public init(database: AppDatabase, policy: SLAPolicy = .standard) {
    self.database = database
    self.policy = policy
  }

  // MARK: Writing

  /// Creates a task by hand (`by` is the login of who creates it, whose role must run the
  /// board). Its SLA is its priority's
  /// under the policy, from now.
  public func add(_ new: NewTask, by login: String, terminal: String? = nil, now: Timestamp) throws -> TaskRecord {
    let title: String
    switch NewTask.title(new.title) {
    case .success(let t): title = t
    case .failure(let e): throw StoreError.invalid(e.reason)
    }
    return try database.write { db in
      let member = try db.require(.manageTask, by: login)
      var task = new
      task.title = title
      guard let id = try insert(task, createdBy: member.id, terminal: terminal, now: now, db) else {
        throw StoreError.internal("the task was not written")
      }
      return try Self.fetch(id, db)
    }
  }

  /// Gives `command` to task `id` on behalf of `login`, whose role must allow the command's
  /// permission (working a task, or running the board). Throws the domain's `TaskRefusal` when it
  /// does not apply (no such task, a closed task, a task already in that state…).
  public func apply(_ command: TaskCommand, to id: Int64, by login: String, terminal: String? = nil, now: Timestamp) throws -> TaskRecord {
    try database.write { db in
      let member = try db.require(command.permission, by: login)
      guard try Int64.fetchOne(db, sql: "SELECT id FROM tasks WHERE id = ?", arguments: [id]) != nil else {
        throw TaskRefusal(task: id, .noSuchTask, Message(.taskMissing, .id(id)))
      }
      let before = try Self.fetch(id, db)
      var assigneeID: Int64?
      if case .assign(let to?) = command { assigneeID = try StaffMember.find(to, db).id }
      let after: TaskRecord
      switch before.applying(command, by: member.login, now: now, policy: policy) {
      case .success(let t): after = t
      case .failure(let r): throw r
      }
      if assigneeID == nil, let login = after.assignee { assigneeID = try Self.staffID(login, db) }
      try Self.save(after, assigneeID: assigneeID, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "task.\(command.name)", entity: "task",
        entityID: String(id), before: Self.auditText(before), after: Self.auditText(after), db)
      return try Self.fetch(id, db)
    }
  }

  /// Writes a task (rules pass a source key: a second insert with the same key does nothing and
  /// returns nil). An audit row for each task written.
  func insert(_ t: NewTask, createdBy: Int64?, terminal: String?, now: Timestamp, _ db: Database) throws -> Int64? {
    let point = try PointSetup.currentPoint(db)
    let assignee = try t.assignee.map { try StaffMember.find($0, db).id }
    let created = t.createdAt ?? now
    let waiting = t.status == .waiting
    try db.execute(
      sql: """
        INSERT INTO tasks (point_id, type, priority, status, title, details, assignee_id, created_by, created_at, sla_seconds,
                           waiting_since, waiting_reason, order_id, product_id, ticket_id, transfer_id, source_key,
                           title_message, details_message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (source_key) DO NOTHING
        """,
      arguments: [
        point.id, t.type.rawValue, t.priority.rawValue, t.status.rawValue, t.title, t.details, assignee, createdBy, created.seconds,
        policy.seconds(t.priority), waiting ? now.seconds : nil, waiting ? (t.waitingReason ?? .customer).rawValue : nil,
        t.orderID, t.productID, t.ticketID, t.transferID, t.sourceKey, try Self.json(t.titleMessage), try Self.json(t.detailsMessage),
      ])
    guard db.changesCount > 0 else { return nil }
    let id = db.lastInsertedRowID
    try Audit.append(
      at: now, staffID: createdBy, terminal: terminal, action: "task.created", entity: "task", entityID: String(id),
      after: "\(t.type.rawValue) \(t.priority.rawValue) \(t.status.rawValue)" + (t.sourceKey.map { " source=\($0)" } ?? ""), db)
    return id
  }

  static func save(_ t: TaskRecord, assigneeID: Int64?, _ db: Database) throws {
    try db.execute(
      sql: """
        UPDATE tasks SET status = ?, priority = ?, sla_seconds = ?, paused_seconds = ?, waiting_since = ?, waiting_reason = ?,
                         started_at = ?, closed_at = ?, cancel_reason = ?, assignee_id = ?, breach_notified_at = ?
         WHERE id = ?
        """,
      arguments: [
        t.status.rawValue, t.priority.rawValue, t.slaSeconds, t.pausedSeconds, t.waitingSince?.seconds, t.waitingReason?.rawValue,
        t.startedAt?.seconds, t.closedAt?.seconds, t.cancelReason, assigneeID, t.breachNotifiedAt?.seconds, t.id,
      ])
  }

  static func staffID(_ login: String, _ db: Database) throws -> Int64? {
    try Int64.fetchOne(db, sql: "SELECT id FROM staff WHERE login = ?", arguments: [login])
  }

  /// A short before/after for the audit log.
  static func auditText(_ t: TaskRecord) -> String {
    var parts = [t.status.rawValue, t.priority.rawValue, "sla=\(t.slaSeconds)", "paused=\(t.pausedSeconds)"]
    if let a = t.assignee { parts.append("assignee=\(a)") }
    if let r = t.waitingReason { parts.append("waiting=\(r.rawValue)") }
    if let r = t.cancelReason { parts.append("reason=\(r)") }
    return parts.joined(separator: " ")
  }

  // MARK: Reading

  /// What `record` reads, in this order.
  static let columns = """
    t.id, t.type, t.priority, t.status, t.title, t.details, s.login, t.created_at, t.sla_seconds, t.paused_seconds,
    t.waiting_since, t.waiting_reason, t.started_at, t.closed_at, t.cancel_reason, t.order_id, t.product_id, t.ticket_id,
    t.transfer_id, t.source_key, t.breach_notified_at, t.title_message, t.details_message
    """

  /// A row of `columns`, read by position (the board reads hundreds of them per frame).
  static func record(_ row: Row) -> TaskRecord? {
    guard let type = TaskType(rawValue: row[1]), let priority = Priority(rawValue: row[2]), let status = TaskStatus(rawValue: row[3])
    else { return nil }
    func time(_ i: Int) -> Timestamp? { (row[i] as Int64?).map { Timestamp(seconds: $0) } }
    return TaskRecord(
      id: row[0], type: type, priority: priority, status: status, title: row[4], details: row[5], assignee: row[6],
      createdAt: Timestamp(seconds: row[7]), slaSeconds: row[8], pausedSeconds: row[9], waitingSince: time(10),
      waitingReason: (row[11] as String?).flatMap(WaitingReason.init(rawValue:)), startedAt: time(12), closedAt: time(13),
      cancelReason: row[14], orderID: row[15], productID: row[16], ticketID: row[17], transferID: row[18], sourceKey: row[19],
      breachNotifiedAt: time(20), titleMessage: message(row[21]), detailsMessage: message(row[22]))
  }

  /// A message as the `*_message` columns hold it.
  static func json(_ m: Message?) throws -> String? {
    guard let m else { return nil }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(m), as: UTF8.self)
  }

  /// A `*_message` column read back; nil when it is empty or not a message this build reads
  /// (the task then shows its stored text).
  static func message(_ text: String?) -> Message? {
    guard let text, text.utf8.count <= 16_384 else { return nil }
    return try? JSONDecoder().decode(Message.self, from: Data(text.utf8))
  }

  static func fetch(_ id: Int64, _ db: Database) throws -> TaskRecord {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT \(columns) FROM tasks t LEFT JOIN staff s ON s.id = t.assignee_id WHERE t.id = ?", arguments: [id]),
      let task = record(row)
    else { throw TaskRefusal(task: id, .noSuchTask, Message(.taskMissing, .id(id))) }
    return task
  }

  /// One task.
  public func task(_ id: Int64) throws -> TaskRecord { try database.read { try Self.fetch(id, $0) } }

  /// The tasks `filter` lets through: open ones by time left (the least first; a waiting task by
  /// what it had left when it began to wait), then closed ones, the most recently closed first; at
  /// most `limit`, with how many match in all. Each part reads one index in order and stops at
  /// `limit`, so a page costs the same with 50 tasks or 50 000.
  public func list(_ filter: TaskFilter, now: Timestamp, limit: Int = ConsoleQueries.listLimit) throws -> TaskPage {
    try database.read { db in try Self.list(filter, now: now, limit: limit, db) }
  }

  static func list(_ filter: TaskFilter, now: Timestamp, limit: Int, _ db: Database) throws -> TaskPage {
    var conditions: [String] = []
    var arguments: [any DatabaseValueConvertible] = []
    if let type = filter.type {
      conditions.append("t.type = ?")
      arguments.append(type.rawValue)
    }
    switch filter.assignee {
    case .anyone: break
    case .nobody: conditions.append("t.assignee_id IS NULL")
    case .login(let login):
      conditions.append("t.assignee_id = (SELECT id FROM staff WHERE login = ?)")
      arguments.append(login)
    }
    let extra = conditions.map { " AND " + $0 }.joined()
    let from = "FROM tasks t LEFT JOIN staff s ON s.id = t.assignee_id"
    let due = "t.created_at + t.sla_seconds + t.paused_seconds"
    func rows(_ sql: String, _ args: [any DatabaseValueConvertible]) throws -> [TaskRecord] {
      try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args + [limit])).compactMap(record)
    }
    // Open tasks are counted from the two due-order indexes, which hold the type and the assignee.
    func count(_ condition: String, _ args: [any DatabaseValueConvertible] = []) throws -> Int {
      try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks t WHERE \(condition)\(extra)", arguments: StatementArguments(args + arguments)) ?? 0
    }
    func openCount() throws -> Int { try count("t.status IN ('open', 'in_progress')") + count("t.status = 'waiting'") }
    let activeSQL = "SELECT \(columns) \(from) WHERE t.status IN ('open', 'in_progress')\(extra) ORDER BY \(due), t.id LIMIT ?"
    let waitingSQL =
      "SELECT \(columns) \(from) WHERE t.status = 'waiting'\(extra) ORDER BY \(due) - t.waiting_since, t.id LIMIT ?"
    let waitingWithin =
      "SELECT \(columns) \(from) WHERE t.status = 'waiting' AND \(due) - t.waiting_since <= ?\(extra) ORDER BY \(due) - t.waiting_since, t.id LIMIT ?"
    func openTasks(active: Bool = true, waiting: Bool = true) throws -> [TaskRecord] {
      let a = active ? try rows(activeSQL, arguments) : []
      guard waiting else { return a }
      // A full page of running tasks: only the waiting ones with no more time left than its last
      // can be on the page.
      let w: [TaskRecord]
      if a.count == limit, let last = a.last {
        w = try rows(waitingWithin, [last.secondsLeft(at: now)] + arguments)
      } else {
        w = try rows(waitingSQL, arguments)
      }
      return Array(merge(a, w, now: now).prefix(limit))
    }
    func closed(_ statuses: String, since: Timestamp?, limit: Int) throws -> [TaskRecord] {
      guard limit > 0 else { return [] }
      let window = since.map { " AND t.closed_at >= \($0.seconds)" } ?? ""
      // Always the partial index's own states, narrowed when one is asked for.
      let which = statuses == "'done', 'cancelled'" ? "" : " AND t.status IN (\(statuses))"
      return try Row.fetchAll(
        db,
        sql: """
          SELECT \(columns) \(from) WHERE t.status IN ('done', 'cancelled')\(which)\(window)\(extra)
           ORDER BY t.closed_at DESC, t.id DESC LIMIT ?
          """,
        arguments: StatementArguments(arguments + [limit])
      ).compactMap(record)
    }
    switch filter.state {
    case .board:
      let open = try openTasks()
      let since = now + -86400
      let recent = try closed("'done', 'cancelled'", since: since, limit: limit - open.count)
      let total = try openCount() + count("t.status IN ('done', 'cancelled') AND t.closed_at >= ?", [since.seconds])
      return TaskPage(tasks: open + recent, total: total)
    case .active:
      return TaskPage(tasks: try openTasks(), total: try openCount())
    case .status(let s):
      switch s {
      case .open, .inProgress:
        // The IN names the partial index's own states, so that the index is used.
        let sql = "SELECT \(columns) \(from) WHERE t.status IN ('open', 'in_progress') AND t.status = ?\(extra) ORDER BY \(due), t.id LIMIT ?"
        return TaskPage(
          tasks: try rows(sql, [s.rawValue] + arguments), total: try count("t.status IN ('open', 'in_progress') AND t.status = ?", [s.rawValue]))
      case .waiting:
        return TaskPage(tasks: try openTasks(active: false), total: try count("t.status = 'waiting'"))
      case .done, .cancelled:
        return TaskPage(
          tasks: try closed("'\(s.rawValue)'", since: nil, limit: limit), total: try count("t.status = ?", [s.rawValue]))
      }
    case .overdue:
      let late = "((t.status IN ('open', 'in_progress') AND \(due) < ?) OR (t.status = 'waiting' AND \(due) < t.waiting_since))"
      let sql = "SELECT \(columns) \(from) WHERE \(late)\(extra) ORDER BY \(due), t.id LIMIT ?"
      return TaskPage(tasks: try rows(sql, [now.seconds] + arguments), total: try count(late, [now.seconds]))
    }
  }

  /// Two lists each sorted by time left, as one.
  static func merge(_ a: [TaskRecord], _ b: [TaskRecord], now: Timestamp) -> [TaskRecord] {
    var out: [TaskRecord] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count || j < b.count {
      if j >= b.count || (i < a.count && (a[i].secondsLeft(at: now), a[i].id) <= (b[j].secondsLeft(at: now), b[j].id)) {
        out.append(a[i])
        i += 1
      } else {
        out.append(b[j])
        j += 1
      }
    }
    return out
  }

  /// Open tasks past due (the top bar's counter; waiting ones are paused and not counted).
  /// Late tasks: open ones past their due time, and waiting ones that were already late when they
  /// began to wait (a wait stops the clock; it does not hide a breach).
  static func breachCount(now: Timestamp, _ db: Database) throws -> Int {
    try Int.fetchOne(
      db,
      sql: """
        SELECT count(*) FROM tasks
         WHERE (status IN ('open', 'in_progress') AND created_at + sla_seconds + paused_seconds < ?)
            OR (status = 'waiting' AND created_at + sla_seconds + paused_seconds < waiting_since)
        """, arguments: [now.seconds]) ?? 0
  }
}
