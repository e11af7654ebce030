import Foundation
import GRDB
import StaffDomain

/// What one pass of the task rules did.
public struct TaskSync: Sendable, Equatable {
  /// Tasks the rules made (events, schedules, and the return tasks of `returned`).
  public var created: [TaskRecord] = []
  /// Tasks the rules closed or moved because what they were for happened (an order received,
  /// handed over or cancelled, a ticket resolved, a transfer received) — id and new status.
  public var changed: [TaskChange] = []
  /// Orders returned because their hold ended (each with its return task).
  public var returned: [ExpiredHold] = []
  /// Breaches to escalate now: each is marked, so no other pass escalates it again.
  public var escalate: [TaskRecord] = []
  public init() {}
}

public struct TaskChange: Sendable, Equatable {
  public var id: Int64
  public var status: TaskStatus
}

/// The events that make tasks, each once (the task's `source_key` names its event; a second
/// pass over the same event finds the key and does nothing). An order, ticket or transfer that
/// already has a task of the rule's type (made by hand or imported) gets none from the rule.
///
/// | event | task | key |
/// |---|---|---|
/// | an order announced (`expected`) | STOCK_RECEIVE, done when it arrives | `order-receive:{order}` |
/// | an incoming transfer (`sent` to this point) | STOCK_RECEIVE, done when received | `transfer-receive:{transfer}` |
/// | an order arrived (`received` or `ready`) | ORDER_PICKUP, waiting for the customer once ready, done by the handover | `order-pickup:{order}` |
/// | an order past its hold | the return task (`Counter.expireHolds`) | `order-return:{order}` |
/// | a product under its low-stock threshold | INVENTORY_COUNT, unless one is open for it | `low-stock:{product}:{last movement}` |
/// | a ticket not resolved | CUSTOMER_SERVICE at the ticket's priority, done when resolved | `ticket:{ticket}` (`:reopened:{n}` after a reopening) |
/// | a schedule's occurrence (config `schedule.NAME`) | its type, priority and title | `schedule:{name}:{time}` |
extension TaskBoard {
  /// Runs every rule once at `now`, in one write transaction: several processes may run it at
  /// the same moment (the console, `watch`, a timer) and each event still makes one task. With
  /// `escalate`, breached tasks not yet escalated are claimed (`breach_notified_at`) and returned,
  /// so that exactly one caller runs the escalation command for each breach; the caller then
  /// records `escalationDone` or `escalationFailed`. A claim older than `reclaimAfter` seconds
  /// that was never finished (the process running the command died) is handed out again, once
  /// per such pass: then the message may go twice, never not at all.
  ///
  /// The open states as the two partial indexes hold them: a query run once with each reads only
  /// the open tasks, however many closed ones history holds.
  static let openStates = ["t.status IN ('open', 'in_progress')", "t.status = 'waiting'"]

  /// The rows of `sql` (with `{open}` for the open-state condition) over both index parts.
  static func openRows(_ db: Database, _ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
    try openStates.flatMap { try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "{open}", with: $0), arguments: arguments) }
  }

  public func sync(
    now: Timestamp, schedules: [TaskSchedule] = [], escalate: Bool = false, reclaimAfter: Int64 = 600, terminal: String? = nil
  ) throws -> TaskSync {
    try database.write { db in
      var out = TaskSync()
      let point = try PointSetup.currentPoint(db)
      func make(_ t: NewTask) throws {
        if let id = try insert(t, createdBy: nil, terminal: terminal, now: now, db) { out.created.append(try Self.fetch(id, db)) }
      }
      func change(_ id: Int64, _ command: TaskCommand, why: String) throws {
        let before = try Self.fetch(id, db)
        guard case .success(let after) = before.applying(command, by: nil, now: now, policy: policy) else { return }
        try Self.save(after, assigneeID: try after.assignee.flatMap { try Self.staffID($0, db) }, db)
        try Audit.append(
          at: now, terminal: terminal, action: "task.\(command.name)", entity: "task", entityID: String(id),
          before: Self.auditText(before), after: Self.auditText(after) + " (\(why))", db)
        out.changed.append(TaskChange(id: id, status: after.status))
      }

      /// A receive task whose order or transfer (`status`) is no longer on its way: done, or
      /// cancelled with it.
      func closeReceive(_ row: Row, what: String) throws {
        let status: String = row["status"]
        if status == "cancelled" {
          try change(row["id"], .cancel(reason: "the \(what) was cancelled"), why: "\(what) cancelled")
        } else {
          try change(row["id"], .done, why: "\(what) \(status)")
        }
      }

      // Orders past their hold first: their pickup tasks are cancelled before the pickup rule looks.
      out.returned = try Counter.expireHolds(pointID: point.id, now: now, member: nil, terminal: terminal, db)
      out.created += try out.returned.map { try Self.fetch($0.returnTaskID, db) }

      // Announced orders: receive them.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT o.id, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) AS items FROM orders o
           WHERE o.point_id = ? AND o.status = 'expected'
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.order_id = o.id AND t.type = 'STOCK_RECEIVE')
           ORDER BY o.id
          """, arguments: [point.id])
      {
        let id: Int64 = row["id"]
        let items: Int64 = row["items"]
        try make(
          NewTask(
            type: .stockReceive, priority: .medium, title: TaskTitle.receiveOrder(id, items: items),
            details: Message(.taskDetailsReceiveOrder), orderID: id, sourceKey: "order-receive:\(id)"))
      }
      // …done when it has arrived, cancelled with the order.
      for row in try Self.openRows(
        db,
        """
          SELECT t.id, o.status FROM tasks t JOIN orders o ON o.id = t.order_id
           WHERE t.type = 'STOCK_RECEIVE' AND {open} AND o.status <> 'expected'
             AND t.source_key = 'order-receive:' || o.id
          """)
      {
        try closeReceive(row, what: "order")
      }

      // Incoming transfers.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT tr.id, p.code, (SELECT coalesce(sum(quantity_sent), 0) FROM transfer_lines l WHERE l.transfer_id = tr.id) AS qty
            FROM transfers tr JOIN points p ON p.id = tr.from_point_id
           WHERE tr.to_point_id = ? AND tr.status = 'sent'
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.transfer_id = tr.id AND t.type = 'STOCK_RECEIVE')
           ORDER BY tr.id
          """, arguments: [point.id])
      {
        let id: Int64 = row["id"]
        let from: String = row["code"]
        let qty: Int64 = row["qty"]
        try make(
          NewTask(
            type: .stockReceive, priority: .medium, title: TaskTitle.receiveTransfer(id, from: from, items: qty),
            details: Message(.taskDetailsReceiveTransfer), transferID: id, sourceKey: "transfer-receive:\(id)"))
      }
      for row in try Self.openRows(
        db,
        """
          SELECT t.id, tr.status FROM tasks t JOIN transfers tr ON tr.id = t.transfer_id
           WHERE t.type = 'STOCK_RECEIVE' AND {open} AND tr.status <> 'sent'
          """)
      {
        try closeReceive(row, what: "transfer")
      }

      // Orders at the point: hand them over. Preparing a received order runs on the SLA; once it
      // is ready on its shelf the task waits for the customer (the clock stops: a customer who
      // takes five days is no clerk's breach); the handover closes it.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT o.id, o.status, l.code FROM orders o LEFT JOIN locations l ON l.id = o.location_id
           WHERE o.point_id = ? AND o.status IN ('received', 'ready')
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.order_id = o.id AND t.type = 'ORDER_PICKUP')
           ORDER BY o.id
          """, arguments: [point.id])
      {
        let id: Int64 = row["id"]
        let ready = (row["status"] as String) == OrderStatus.ready.rawValue
        let shelf: String? = row["code"]
        var task = NewTask(
          type: .orderPickup, priority: .medium, title: TaskTitle.handOver(id, shelf: shelf), details: Message(.taskDetailsHandOver),
          orderID: id, sourceKey: "order-pickup:\(id)")
        if ready {
          task.status = .waiting
          task.waitingReason = .customer
        }
        try make(task)
      }
      for row in try Self.openRows(
        db,
        """
          SELECT t.id, t.status AS task_status, o.status FROM tasks t JOIN orders o ON o.id = t.order_id
           WHERE t.type = 'ORDER_PICKUP' AND {open}
             AND t.source_key = 'order-pickup:' || o.id AND o.status IN ('ready', 'picked_up', 'returned', 'cancelled')
          """)
      {
        let status: String = row["status"]
        let taskStatus: String = row["task_status"]
        switch status {
        case OrderStatus.ready.rawValue:
          if taskStatus != TaskStatus.waiting.rawValue { try change(row["id"], .wait(.customer), why: "order ready") }
        case OrderStatus.pickedUp.rawValue: try change(row["id"], .done, why: "order picked up")
        default: try change(row["id"], .cancel(reason: "the order was \(status)"), why: "order \(status)")
        }
      }

      // Products under their low-stock threshold: count them (one open count per product).
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT low.id, low.threshold, low.total, p.title,
                 (SELECT coalesce(max(m.id), 0) FROM movements m WHERE m.product_id = low.id) AS last
            FROM (\(ConsoleQueries.lowStockSQL)) low JOIN products p ON p.id = low.id
           WHERE low.total < low.threshold
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.product_id = low.id AND t.type = 'INVENTORY_COUNT'
                                AND t.status IN ('open', 'in_progress', 'waiting'))
           ORDER BY low.id
          """)
      {
        let id: Int64 = row["id"]
        let last: Int64 = row["last"]
        let total: Int64 = row["total"]
        let threshold: Int64 = row["threshold"]
        let title: String = row["title"]
        try make(
          NewTask(
            type: .inventoryCount, priority: .medium, title: TaskTitle.count(title, left: total, threshold: threshold),
            details: Message(.taskDetailsCount), productID: id, sourceKey: "low-stock:\(id):\(last)"))
      }

      // Tickets: answer them.
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT k.id, k.subject, k.priority, k.status, k.reopen_count FROM tickets k
           WHERE k.point_id = ? AND k.status IN ('new', 'open', 'waiting_customer')
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.ticket_id = k.id AND t.type = 'CUSTOMER_SERVICE'
                               AND (k.reopen_count = 0 OR t.status IN ('open', 'in_progress', 'waiting')
                                    OR t.source_key = 'ticket:' || k.id || ':reopened:' || k.reopen_count))
           ORDER BY k.id
          """, arguments: [point.id])
      {
        let id: Int64 = row["id"]
        let subject: String = row["subject"]
        var task = NewTask(
          type: .customerService, priority: Priority(rawValue: row["priority"]) ?? .medium,
          title: TaskTitle.ticket(id, subject: subject), ticketID: id,
          sourceKey: (row["reopen_count"] as Int) == 0 ? "ticket:\(id)" : "ticket:\(id):reopened:\(row["reopen_count"] as Int)")
        if (row["status"] as String) == TicketStatus.waitingCustomer.rawValue {
          task.status = .waiting
          task.waitingReason = .customer
        }
        try make(task)
      }
      for row in try Self.openRows(
        db,
        """
          SELECT t.id, t.status AS task_status, k.status FROM tasks t JOIN tickets k ON k.id = t.ticket_id
           WHERE t.type = 'CUSTOMER_SERVICE' AND {open}
             AND (t.source_key = 'ticket:' || k.id OR t.source_key LIKE 'ticket:' || k.id || ':reopened:%')
          """)
      {
        let status: String = row["status"]
        let waiting = (row["task_status"] as String) == TaskStatus.waiting.rawValue
        switch status {
        case TicketStatus.resolved.rawValue, TicketStatus.closed.rawValue: try change(row["id"], .done, why: "ticket \(status)")
        case TicketStatus.waitingCustomer.rawValue where !waiting: try change(row["id"], .wait(.customer), why: "ticket waiting")
        case TicketStatus.new.rawValue, TicketStatus.open.rawValue:
          if waiting, (try Self.fetch(row["id"], db)).waitingReason == .customer {
            try change(row["id"], .resume, why: "customer answered")
          }
        default: break
        }
      }

      // Schedules: the latest occurrence within the last day, once.
      for s in schedules {
        guard let at = s.cron.latest(atOrBefore: now, within: 86400) else { continue }
        try make(NewTask(type: s.type, priority: s.priority, title: s.title, sourceKey: s.sourceKey(for: at), createdAt: at))
      }

      // Breaches, once each: new ones, and claims never finished.
      if escalate {
        let unclaimed = "t.breach_notified_at IS NULL"
        let abandoned = """
          (t.breach_notified_at <= ? AND (t.breach_escalated_at IS NULL OR t.breach_escalated_at < t.breach_notified_at))
          """
        let stale = now.seconds - max(1, reclaimAfter)
        let due = try Row.fetchAll(
          db,
          sql: """
            SELECT \(Self.columns), t.breach_notified_at IS NOT NULL AS again FROM tasks t LEFT JOIN staff s ON s.id = t.assignee_id
             WHERE t.status IN ('open', 'in_progress') AND t.created_at + t.sla_seconds + t.paused_seconds < ?
               AND (\(unclaimed) OR \(abandoned))
             ORDER BY t.created_at + t.sla_seconds + t.paused_seconds, t.id
            """, arguments: [now.seconds, stale]
        ).compactMap { row in Self.record(row).map { ($0, row["again"] as Bool) } }
        for (var t, again) in due {
          try db.execute(
            sql: "UPDATE tasks AS t SET breach_notified_at = ? WHERE t.id = ? AND (\(unclaimed) OR \(abandoned))",
            arguments: [now.seconds, t.id, stale])
          guard db.changesCount == 1 else { continue }
          t.breachNotifiedAt = now
          try Audit.append(
            at: now, terminal: terminal, action: again ? "task.escalation_retried" : "task.escalated", entity: "task",
            entityID: String(t.id),
            after: "late \(-t.secondsLeft(at: now)) s" + (again ? "; the pass that claimed it did not finish" : ""), db)
          out.escalate.append(t)
        }
      }
      return out
    }
  }

  /// Records that the escalation command of a breach answered: it is not run again.
  public func escalationDone(_ id: Int64, now: Timestamp) throws {
    try database.write { db in
      try db.execute(sql: "UPDATE tasks SET breach_escalated_at = ? WHERE id = ? AND breach_notified_at IS NOT NULL", arguments: [now.seconds, id])
    }
  }

  /// Records that the escalation command failed for a breach (it is not run again: a command
  /// that failed after sending its message must not send it twice).
  public func escalationFailed(_ id: Int64, detail: String, now: Timestamp, terminal: String? = nil) throws {
    try database.write { db in
      try db.execute(sql: "UPDATE tasks SET breach_escalated_at = ? WHERE id = ? AND breach_notified_at IS NOT NULL", arguments: [now.seconds, id])
      try Audit.append(
        at: now, terminal: terminal, action: "task.escalation_failed", entity: "task", entityID: String(id),
        after: String(detail.prefix(200)), db)
    }
  }
}
