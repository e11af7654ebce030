import Crypto
import Foundation
import GRDB
import StaffDomain

/// A handover that was just made.
public struct Handover: Sendable, Equatable {
  public var orderID: Int64
  public var staffLogin: String
  public var staffName: String
  public var terminal: String?
  public var at: Timestamp
  public var scanID: Int64
  /// The PICK movements, one per item with a catalogue product.
  public var movementIDs: [Int64]
  /// The ORDER_PICKUP tasks now done (closed, or the one created for the handover).
  public var taskIDs: [Int64]
  public var outboxID: Int64

  public var facts: HandoverFacts {
    HandoverFacts(staffLogin: staffLogin, staffName: staffName, terminal: terminal, at: at)
  }
}

/// What a supervisor's unlock lifted.
public struct UnlockReport: Sendable, Equatable {
  public var orderID: Int64
  public var lifted: OrderLock
  public var attempts: CodeAttempts
}

/// An order that `expireHolds` returned.
public struct ExpiredHold: Sendable, Equatable {
  public var orderID: Int64
  public var holdUntil: Timestamp
  public var shelf: String?
  /// The return task (source key `order-return:{id}`).
  public var returnTaskID: Int64
  /// Open ORDER_PICKUP tasks of the order, cancelled because it will not be collected.
  public var cancelledTaskIDs: [Int64]
}

// MARK: - The counter

/// The counter's work on the database: scans (order codes, product and movement codes), the
/// handover, the supervisor's unlock, and the end of hold periods. The command line uses it now;
/// the console and the camera-folder watcher use the same calls.
///
/// Every call is one write transaction (`AppDatabase.write`: the cross-process lock and BEGIN
/// IMMEDIATE), so two terminals never interleave inside one; each scan leaves exactly one row in
/// `scans`, and every change of state leaves an audit row.
public struct Counter: Sendable {
  public let database: AppDatabase
  public let policy: PickupPolicy
  let key: PickupCodeKey

  /// Refuses a key that is not the database's own (every code would otherwise look wrong).
  public init(database: AppDatabase, key: PickupCodeKey, policy: PickupPolicy = .standard) throws {
    try database.read { try PointSetup.checkKey(key, $0) }
    self.database = database
    self.key = key
    self.policy = policy
  }

  /// A scan typed by a keyboard-wedge scanner (one trailing Enter is dropped) or given as text.
  public func process(
    text: String, source: ScanSource, expecting: PayloadKind? = nil, staff: String? = nil, terminal: String? = nil,
    now: Timestamp
  ) throws -> ScanResult {
    var bytes = Array(text.utf8)
    if source == .scanner {
      if bytes.last == UInt8(ascii: "\n") {
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
      } else if bytes.last == UInt8(ascii: "\r") {
        bytes.removeLast()
      }
    }
    return try process(bytes, source: source, expecting: expecting, staff: staff, terminal: terminal, now: now)
  }

  /// Processes one scanned payload (the bytes a QR code held): parses it by the strict grammar,
  /// answers it, and records it in `scans` with its outcome and reason.
  ///
  /// - An order code with the right code for an order that may be handed over returns
  ///   `.order(view)`: show it and wait for the clerk's confirmation (`confirmHandover`).
  /// - A product code returns the product and its stock by location; an inventory code the movement.
  /// - Anything else returns `.refused` with the reason. With `expecting`, a valid code of another
  ///   kind is refused as such.
  ///
  /// `staff` is a login (optional: the camera watcher has none). Throws only for bad arguments
  /// (an unknown staff login) or storage failures, and then records nothing.
  public func process(
    _ bytes: [UInt8], source: ScanSource, fileName: String? = nil, contentSHA256: Data? = nil,
    expecting: PayloadKind? = nil, staff: String? = nil, terminal: String? = nil, now: Timestamp
  ) throws -> ScanResult {
    let plain = ScanPayload.parse(bytes)
    let logged = ScanPayload.logged(bytes)
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try staff.map { try db.require(.scan, by: $0) }
      var scan = ScanRow(
        pointID: point.id, source: source, fileName: fileName, contentSHA256: contentSHA256, payload: logged,
        staffID: member?.id, terminal: terminal, at: now)
      let payload: ScanPayload
      switch plain {
      case .failure(let e):
        return try scan.record(.refused(.malformed(e)), db)
      case .success(let p):
        scan.kind = p.kind
        if let expecting, case .failure(let e) = p.expecting(expecting) {
          return try scan.record(.refused(.wrongKind(e)), db)
        }
        payload = p
      }
      switch payload {
      case .order(let id, let code):
        return try scanOrder(id: id, code: code, scan: &scan, point: point.code, member: member, now: now, db)
      case .product(let id):
        guard let view = try Self.product(id, db) else {
          return try scan.record(.refused(.notFound(Message(.scanNoProduct, .id(id)))), db)
        }
        return try scan.record(.product(view), db)
      case .inventory(let id):
        // A transfer slip of another point, on its way here, first: scanning it is how it is received.
        if let incoming = try Self.incomingTransfer(slip: id, pointID: point.id, db) { return try scan.record(.transfer(incoming), db) }
        guard let view = try Self.movement(id, db) else {
          return try scan.record(.refused(.notFound(Message(.scanNoMovement, .id(id)))), db)
        }
        return try scan.record(.movement(view), db)
      }
    }
  }

  /// Records a scan that yielded no payload: an image that could not be read (`.unreadable`) or
  /// held no code (`.noCode`). The watcher and `vgk-staff scan FILE` call this so every photo
  /// leaves its row.
  public func recordImageFailure(
    _ refusal: ScanRefusal, source: ScanSource, fileName: String?, contentSHA256: Data? = nil, staff: String? = nil,
    terminal: String? = nil, now: Timestamp
  ) throws -> ScanResult {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try staff.map { try db.require(.scan, by: $0) }
      var scan = ScanRow(
        pointID: point.id, source: source, fileName: fileName, contentSHA256: contentSHA256, payload: nil,
        staffID: member?.id, terminal: terminal, at: now)
      return try scan.record(.refused(refusal), db)
    }
  }

  /// The order part of `process`, inside its transaction. The HMAC is computed for every order
  /// number, known or not (against a zero digest for unknown ones), and compared in constant
  /// time (`PickupCodeKey.matches`). A refusal leaves an `order.handover_refused` event beside
  /// its scan row.
  private func scanOrder(
    id: Int64, code: String, scan: inout ScanRow, point: String, member: StaffMember?, now: Timestamp, _ db: Database
  ) throws -> ScanResult {
    let facts = try Self.pickupFacts(id, db)
    let matches = key.matches(orderID: id, code: code, digest: facts?.digest ?? Self.noDigest)
    let unknown = facts == nil ? try unknownAttempts(id, db) : .none
    let verdict = Pickup.verify(
      orderID: id, order: facts?.facts, unknownAttempts: unknown, codeMatches: facts != nil && matches, now: now,
      policy: policy)
    if let facts {
      scan.orderID = id
      if verdict.attempts != facts.facts.attempts {
        try Self.saveAttempts(id, verdict.attempts, now: now, db)
        let action =
          switch (verdict.countedFailure, verdict.attempts.lock(at: now)) {
          case (true, .supervisor?): "order.locked_for_supervisor"
          case (true, .until?): "order.locked"
          case (true, nil): "order.code_refused"
          case (false, _): "order.code_accepted"
          }
        try Audit.append(
          at: now, staffID: member?.id, terminal: scan.terminal, action: action, entity: "order",
          entityID: String(id), before: facts.facts.attempts.auditText, after: verdict.attempts.auditText, db)
      }
    }
    if let refusal = verdict.refusal {
      let result = try scan.record(.refused(.pickup(refusal)), db)
      try Outbox.append(
        type: "order.handover_refused",
        payload: OrderHandoverRefusedEvent(
          order_id: id, point: point, reason: refusal.outcome, refused_by: "check", scan_id: result.scanID,
          source: scan.source.rawValue, refused_at: now.iso8601),
        dedupKey: "order.handover_refused:\(point):\(result.scanID)", now: now, db)
      return result
    }
    guard let view = try Self.orderView(id, db) else { throw StoreError.internal("order \(id) vanished") }
    return try scan.record(.order(view), db)
  }

  /// The counters of an order number no order has, from the scan log: its counted wrong codes
  /// replayed through the same rules, so it locks exactly as a real order would.
  private func unknownAttempts(_ id: Int64, _ db: Database) throws -> CodeAttempts {
    let times = try Int64.fetchAll(db, sql: Self.unknownFailuresSQL, arguments: [ScanPayload.logged(.order(id: id, pickupCode: ""))])
    return CodeAttempts.replaying(failures: times.map { Timestamp(seconds: $0) }, policy: policy)
  }

  /// Served by the partial index `scans_unknown_order_failures` (migration v2).
  static let unknownFailuresSQL = """
    SELECT created_at FROM scans
     WHERE order_id IS NULL AND outcome = 'code_refused' AND payload = ? AND kind = 'order'
     ORDER BY id
    """

  static let noDigest = Data(repeating: 0, count: 32)

  // MARK: Handover

  /// Hands the order over, as the clerk confirmed after `process` showed it (`scanID` is that
  /// scan). One write transaction: the state and the lock are checked again inside it, then the
  /// order is marked picked up, its handover recorded, a PICK movement posted per item from its
  /// shelf, its ORDER_PICKUP tasks marked done (one is created, done, when it had none open), an
  /// audit row appended and an `order.picked_up` event put in the outbox, all or nothing.
  ///
  /// Of two terminals confirming one order at the same moment, exactly one wins; the other gets
  /// `.alreadyPickedUp` naming who handed it over and when. Throws for an unknown or inactive
  /// staff login, an unknown order, or a storage failure.
  public func confirmHandover(
    orderID: Int64, scanID: Int64, staff: String, terminal: String? = nil, now: Timestamp
  ) throws -> Result<Handover, PickupRefusal> {
    do {
      return try database.write { db in
        try handOver(orderID: orderID, scanID: scanID, staff: staff, terminal: terminal, now: now, db)
      }
    } catch let rollback as Rollback {
      return .failure(rollback.refusal)
    }
  }

  /// A refusal found after writes began: thrown to roll the transaction back, then returned.
  private struct Rollback: Error {
    var refusal: PickupRefusal
  }

  private func handOver(
    orderID: Int64, scanID: Int64, staff login: String, terminal: String?, now: Timestamp, _ db: Database
  ) throws -> Result<Handover, PickupRefusal> {
    let point = try PointSetup.currentPoint(db)
    let member = try StaffMember.find(login, db)
    func refuse(_ reason: PickupRefusal.Reason) -> Result<Handover, PickupRefusal> {
      .failure(PickupRefusal(orderID: orderID, reason))
    }
    guard Access.allows(member.role, .handOver) else {
      return refuse(.notAllowed(Access.refused(member.login, member.role, .handOver).message))
    }
    guard let order = try Self.pickupFacts(orderID, db) else { throw StoreError.refused(.noOrder, .id(orderID)) }
    if let lock = order.facts.attempts.lock(at: now) { return refuse(.locked(lock)) }
    if let reason = Pickup.handOverRefusal(order.facts, now: now) { return refuse(reason) }
    let scan = try Row.fetchOne(
      db, sql: "SELECT order_id, outcome, created_at FROM scans WHERE id = ?", arguments: [scanID])
    guard let scan, (scan["order_id"] as Int64?) == orderID, (scan["outcome"] as String?) == "verified" else {
      return refuse(.notVerified(Message(.pickupScanNotVerified, .id(scanID), .id(orderID))))
    }
    // A code the marketplace has replaced since this scan checked it no longer hands over.
    if let replaced = try Int64.fetchOne(
      db, sql: "SELECT code_replaced_after_scan FROM orders WHERE id = ?", arguments: [orderID]), scanID <= replaced
    {
      return refuse(.notVerified(Message(.pickupCodeReplaced, .id(orderID), .id(scanID))))
    }
    let checkedAt = Timestamp(seconds: scan["created_at"])
    guard now - checkedAt >= -60, now - checkedAt <= policy.verificationSeconds else {
      return refuse(
        .notVerified(Message(.pickupCheckTooOld, .time(checkedAt), .count(policy.verificationSeconds / 60))))
    }
    guard let locationID = try Int64.fetchOne(db, sql: "SELECT location_id FROM orders WHERE id = ?", arguments: [orderID])
    else { throw StoreError.internal("ready order \(orderID) has no location") }

    try db.execute(
      sql: "UPDATE orders SET status = 'picked_up', updated_at = ? WHERE id = ? AND status = 'ready'",
      arguments: [now.seconds, orderID])
    guard db.changesCount == 1 else { throw StoreError.internal("order \(orderID) changed under the write lock") }
    try db.execute(
      sql: "INSERT INTO handovers (order_id, staff_id, terminal, scan_id, handed_over_at) VALUES (?, ?, ?, ?, ?)",
      arguments: [orderID, member.id, terminal, scanID, now.seconds])
    try RecordChain.append(.handover, id: orderID, db)

    var movements: [Int64] = []
    let items = try Row.fetchAll(
      db, sql: "SELECT product_id, quantity FROM order_items WHERE order_id = ? AND product_id IS NOT NULL ORDER BY id",
      arguments: [orderID])
    for item in items {
      do {
        movements.append(
          try Ledger.post(
            NewMovement(
              type: .pick, productID: item["product_id"], quantity: item["quantity"], from: locationID,
              staffID: member.id, orderID: orderID, at: now), pointID: point.id, db))
      } catch StoreError.refused(let why) {
        throw Rollback(refusal: PickupRefusal(orderID: orderID, .stock(why)))
      }
    }

    let tasks = try closePickupTasks(orderID: orderID, member: member, now: now, db)
    try Audit.append(
      at: now, staffID: member.id, terminal: terminal, action: "order.handed_over", entity: "order",
      entityID: String(orderID), before: OrderStatus.ready.rawValue,
      after: "\(OrderStatus.pickedUp.rawValue) scan=\(scanID) movements=\(movements.map(String.init).joined(separator: ","))",
      db)
    let outboxID = try Outbox.append(
      type: "order.picked_up",
      payload: OrderPickedUpEvent(order_id: orderID, point: point.code, handed_over_at: now.iso8601, staff: member.login),
      dedupKey: "order.picked_up:\(orderID)", now: now, db)
    return .success(
      Handover(
        orderID: orderID, staffLogin: member.login, staffName: member.fullName, terminal: terminal, at: now,
        scanID: scanID, movementIDs: movements, taskIDs: tasks, outboxID: outboxID))
  }

  /// Marks the order's open ORDER_PICKUP tasks done (time spent waiting is added to their paused
  /// time); when it had none open, records the handover as a task of its own, done at once, so
  /// the work is counted for the clerk who did it (source key `order-pickup:{id}`).
  private func closePickupTasks(orderID: Int64, member: StaffMember, now: Timestamp, _ db: Database) throws -> [Int64] {
    let open = try Int64.fetchAll(
      db,
      sql: """
        SELECT id FROM tasks WHERE order_id = ? AND type = 'ORDER_PICKUP' AND status IN ('open', 'in_progress', 'waiting')
         ORDER BY id
        """, arguments: [orderID])
    if !open.isEmpty {
      for task in open {
        try db.execute(
          sql: """
            UPDATE tasks SET status = 'done', closed_at = ?, started_at = coalesce(started_at, ?),
                   paused_seconds = paused_seconds
                     + CASE WHEN status = 'waiting' THEN max(0, ? - coalesce(waiting_since, ?)) ELSE 0 END,
                   waiting_since = NULL, waiting_reason = NULL
             WHERE id = ?
            """, arguments: [now.seconds, now.seconds, now.seconds, now.seconds, task])
      }
      return open
    }
    try db.execute(
      sql: """
        INSERT INTO tasks (point_id, type, priority, status, title, assignee_id, created_by, created_at, sla_seconds,
                           started_at, closed_at, order_id, source_key)
        SELECT point_id, 'ORDER_PICKUP', 'MEDIUM', 'done', ?, ?, ?, ?, ?, ?, ?, id, ? FROM orders WHERE id = ?
        ON CONFLICT (source_key) DO NOTHING
        """,
      arguments: [
        "Hand over order \(orderID)", member.id, member.id, now.seconds, Priority.medium.defaultSLA, now.seconds,
        now.seconds, "order-pickup:\(orderID)", orderID,
      ])
    return try Int64.fetchAll(db, sql: "SELECT id FROM tasks WHERE source_key = ?", arguments: ["order-pickup:\(orderID)"])
  }

  // MARK: Unlock and expiry

  /// A supervisor (or an admin) lifts the lock wrong codes put on an order: the run of wrong
  /// codes starts again from zero (the lifetime count stays, see `CodeAttempts`). Audited.
  /// Refused (`StoreError.refused`) for another role, an unknown order, or an order not locked.
  /// Checks a pickup code for a slip (`vgk-staff label order`): a right code for an order that
  /// is neither locked nor over leaves no scan behind (a slip printed in the back room is not a
  /// customer at the counter); anything else is processed as a command-line scan, so a wrong code
  /// counts towards the order's lock exactly like a scanned one. The refusal, or nil.
  public func checkForSlip(orderID: Int64, code: String, staff: String?, terminal: String?, now: Timestamp) throws -> String? {
    let fine: Bool = try database.read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT status, pickup_code_hmac, locked_until, locked_for_supervisor FROM orders WHERE id = ?", arguments: [orderID]),
        ["expected", "received", "ready"].contains(row["status"] as String)
      else { return false }
      let locked = (row["locked_for_supervisor"] as Bool) || ((row["locked_until"] as Int64?).map { $0 > now.seconds } ?? false)
      return !locked && key.matches(orderID: orderID, code: code, digest: row["pickup_code_hmac"])
    }
    if fine { return nil }
    let result = try process(
      text: ScanPayload.order(id: orderID, pickupCode: code).text, source: .cli, expecting: .order, staff: staff, terminal: terminal, now: now)
    if case .refused(let r) = result.outcome { return r.description }
    return "the code was accepted but the order cannot have a slip now"
  }

  public func unlock(orderID: Int64, staff login: String, terminal: String? = nil, now: Timestamp) throws -> UnlockReport {
    try database.write { db in
      let member = try db.require(.unlockOrder, by: login)
      // One answer for an order that does not exist and one that is not locked, so that unlocking
      // does not tell which order numbers exist.
      let notLocked = StoreError.refused(.orderNotLocked, .id(orderID))
      guard let order = try Self.pickupFacts(orderID, db) else { throw notLocked }
      let before = order.facts.attempts
      guard let lock = before.lock(at: now) else { throw notLocked }
      let after = before.unlocked()
      try Self.saveAttempts(orderID, after, now: now, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "order.unlocked", entity: "order",
        entityID: String(orderID), before: before.auditText, after: after.auditText, db)
      return UnlockReport(orderID: orderID, lifted: lock, attempts: after)
    }
  }

  /// Returns every ready order whose hold ended before `now`: status returned, its open
  /// ORDER_PICKUP tasks cancelled, a return task opened (once: its source key is
  /// `order-return:{id}`), an audit row and an `order.returned` event each. One transaction;
  /// running it again changes nothing. The point's rule does the work (the host runs it with no
  /// login); a login given only names who asked, so reading is all it needs.
  public func expireHolds(now: Timestamp, staff login: String? = nil, terminal: String? = nil) throws -> [ExpiredHold] {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try login.map { try db.require(.read, by: $0) }
      return try Self.expireHolds(pointID: point.id, now: now, member: member, terminal: terminal, db)
    }
  }

  /// `expireHolds` inside the caller's transaction (the task rules run it too).
  static func expireHolds(pointID: Int64, now: Timestamp, member: StaffMember?, terminal: String?, _ db: Database) throws -> [ExpiredHold] {
      let due = try Row.fetchAll(
        db,
        sql: """
          SELECT o.id, o.hold_until, l.code FROM orders o LEFT JOIN locations l ON l.id = o.location_id
           WHERE o.point_id = ? AND o.status = 'ready' AND o.hold_until IS NOT NULL AND o.hold_until < ?
           ORDER BY o.id
          """, arguments: [pointID, now.seconds])
      var out: [ExpiredHold] = []
      guard let point = try String.fetchOne(db, sql: "SELECT code FROM points WHERE id = ?", arguments: [pointID]) else {
        throw StoreError.internal("there is no point \(pointID)")
      }
      for row in due {
        let id: Int64 = row[0]
        let holdUntil = Timestamp(seconds: row[1])
        let shelf: String? = row[2]
        try db.execute(
          sql: "UPDATE orders SET status = 'returned', updated_at = ? WHERE id = ? AND status = 'ready'",
          arguments: [now.seconds, id])
        let reason = "order returned: not collected by \(holdUntil.douala)"
        let cancelled = try Int64.fetchAll(
          db,
          sql: """
            SELECT id FROM tasks WHERE order_id = ? AND type = 'ORDER_PICKUP'
               AND status IN ('open', 'in_progress', 'waiting') AND coalesce(source_key, '') <> ?
             ORDER BY id
            """, arguments: [id, "order-return:\(id)"])
        for task in cancelled {
          let before = try TaskBoard.fetch(task, db)
          guard case .success(let after) = before.applying(.cancel(reason: reason), by: nil, now: now, policy: .standard) else { continue }
          try TaskBoard.save(after, assigneeID: try after.assignee.flatMap { try TaskBoard.staffID($0, db) }, db)
          try Audit.append(
            at: now, staffID: member?.id, terminal: terminal, action: "task.cancel", entity: "task", entityID: String(task),
            before: TaskBoard.auditText(before), after: TaskBoard.auditText(after), db)
        }
        let title = TaskTitle.returnExpired(id, holdUntil: holdUntil, shelf: shelf)
        let details = Message(.taskDetailsReturn)
        try db.execute(
          sql: """
            INSERT INTO tasks (point_id, type, priority, status, title, details, created_by, created_at, sla_seconds,
                               order_id, source_key, title_message, details_message)
            VALUES (?, 'ORDER_PICKUP', 'MEDIUM', 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_key) DO NOTHING
            """,
          arguments: [
            pointID, title.text(.en), details.text(.en), member?.id, now.seconds, Priority.medium.defaultSLA, id, "order-return:\(id)",
            try TaskBoard.json(title), try TaskBoard.json(details),
          ])
        guard
          let task = try Int64.fetchOne(db, sql: "SELECT id FROM tasks WHERE source_key = ?", arguments: ["order-return:\(id)"])
        else { throw StoreError.internal("the return task of order \(id) was not written") }
        try Audit.append(
          at: now, staffID: member?.id, terminal: terminal, action: "order.returned", entity: "order",
          entityID: String(id), before: OrderStatus.ready.rawValue,
          after: "\(OrderStatus.returned.rawValue) hold_until=\(holdUntil.iso8601) return_task=\(task)", db)
        try Outbox.append(
          type: "order.returned",
          payload: OrderReturnedEvent(order_id: id, point: point, shelf: shelf, hold_until: holdUntil.iso8601, returned_at: now.iso8601),
          dedupKey: "order.returned:\(point):\(id)", now: now, db)
        out.append(ExpiredHold(orderID: id, holdUntil: holdUntil, shelf: shelf, returnTaskID: task, cancelledTaskIDs: cancelled))
      }
      return out
  }

  // MARK: Reading

  struct StoredFacts {
    var facts: PickupFacts
    var digest: Data
  }

  static func pickupFacts(_ id: Int64, _ db: Database) throws -> StoredFacts? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT o.status, o.hold_until, o.updated_at, o.failed_attempts, o.lifetime_failed_attempts, o.locked_until,
                 o.locked_for_supervisor, o.pickup_code_hmac, h.handed_over_at, h.terminal, s.login, s.full_name
            FROM orders o LEFT JOIN handovers h ON h.order_id = o.id LEFT JOIN staff s ON s.id = h.staff_id
           WHERE o.id = ?
          """, arguments: [id])
    else { return nil }
    guard let status = OrderStatus(rawValue: row["status"]) else {
      throw StoreError.internal("order \(id) has an unknown status")
    }
    let attempts = CodeAttempts(
      failed: row["failed_attempts"], lifetimeFailed: row["lifetime_failed_attempts"],
      lockedUntil: (row["locked_until"] as Int64?).map { Timestamp(seconds: $0) },
      lockedForSupervisor: row["locked_for_supervisor"])
    let handover = (row["handed_over_at"] as Int64?).map {
      HandoverFacts(staffLogin: row["login"], staffName: row["full_name"], terminal: row["terminal"], at: Timestamp(seconds: $0))
    }
    return StoredFacts(
      facts: PickupFacts(
        orderID: id, status: status, holdUntil: (row["hold_until"] as Int64?).map { Timestamp(seconds: $0) },
        updatedAt: Timestamp(seconds: row["updated_at"]), attempts: attempts, handover: handover),
      digest: row["pickup_code_hmac"])
  }

  static func saveAttempts(_ id: Int64, _ a: CodeAttempts, now: Timestamp, _ db: Database) throws {
    try db.execute(
      sql: """
        UPDATE orders SET failed_attempts = ?, lifetime_failed_attempts = ?, locked_until = ?, locked_for_supervisor = ?
         WHERE id = ?
        """, arguments: [a.failed, a.lifetimeFailed, a.lockedUntil?.seconds, a.lockedForSupervisor, id])
  }

  static func orderView(_ id: Int64, _ db: Database) throws -> OrderView? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT o.status, o.hold_until, c.name_masked, c.name, l.code FROM orders o JOIN customers c ON c.id = o.customer_id
            LEFT JOIN locations l ON l.id = o.location_id WHERE o.id = ?
          """, arguments: [id]),
      let status = OrderStatus(rawValue: row["status"])
    else { return nil }
    let items = try Row.fetchAll(
      db, sql: "SELECT product_id, title, quantity, unit_price_fcfa FROM order_items WHERE order_id = ? ORDER BY id",
      arguments: [id]
    ).map {
      OrderItemView(productID: $0["product_id"], title: $0["title"], quantity: $0["quantity"], unitPrice: FCFA($0["unit_price_fcfa"]))
    }
    return OrderView(
      id: id, status: status, customer: (row["name_masked"] as String?) ?? Pickup.maskedName(row["name"]), shelf: row["code"],
      holdUntil: (row["hold_until"] as Int64?).map { Timestamp(seconds: $0) }, items: items)
  }

  static func product(_ id: Int64, _ db: Database) throws -> ProductView? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT title, category, price_fcfa, condition FROM products WHERE id = ?", arguments: [id])
    else { return nil }
    let stock = try Row.fetchAll(
      db,
      sql: """
        SELECT l.code, l.kind, s.quantity FROM stock s JOIN locations l ON l.id = s.location_id
         WHERE s.product_id = ? AND s.quantity <> 0 ORDER BY l.code
        """, arguments: [id]
    ).map { StockLine(location: $0["code"], kind: LocationKind(rawValue: $0["kind"]) ?? .shelf, quantity: $0["quantity"]) }
    return ProductView(
      id: id, title: row["title"], category: row["category"], price: FCFA(row["price_fcfa"]),
      condition: ItemCondition(rawValue: row["condition"]) ?? .good, stock: stock)
  }

  /// The transfer on its way from another point to this one whose slip is `slip`, if one was
  /// announced (once received, the number is the local movement's again).
  static func incomingTransfer(slip: Int64, pointID: Int64, _ db: Database) throws -> IncomingTransfer? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT t.id, f.code, t.status, t.sent_at FROM transfers t JOIN points f ON f.id = t.from_point_id
           WHERE t.slip_movement_id = ? AND t.to_point_id = ? AND t.from_point_id <> ? AND t.status = 'sent'
           ORDER BY t.id DESC LIMIT 1
          """, arguments: [slip, pointID, pointID])
    else { return nil }
    let id: Int64 = row["id"]
    let lines = try Row.fetchAll(
      db,
      sql: """
        SELECT l.product_id, p.title, l.quantity_sent FROM transfer_lines l JOIN products p ON p.id = l.product_id
         WHERE l.transfer_id = ? ORDER BY l.id
        """, arguments: [id]
    ).map { IncomingTransfer.Line(productID: $0["product_id"], title: $0["title"], quantity: $0["quantity_sent"]) }
    return IncomingTransfer(
      id: id, slip: slip, from: row["code"], status: row["status"], sentAt: Timestamp(seconds: row["sent_at"]), lines: lines)
  }

  /// One movement; the statement is kept prepared (history pages read fifty in a row).
  static func movement(_ id: Int64, _ db: Database) throws -> MovementView? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: """
          SELECT m.type, m.product_id, p.title, m.quantity, lf.code AS from_code, lt.code AS to_code, s.login,
                 m.order_id, m.reason, m.reverses_id, m.created_at
            FROM movements m JOIN products p ON p.id = m.product_id
            LEFT JOIN locations lf ON lf.id = m.from_location_id LEFT JOIN locations lt ON lt.id = m.to_location_id
            LEFT JOIN staff s ON s.id = m.staff_id
           WHERE m.id = ?
          """), arguments: [id]),
      let type = MovementType(rawValue: row["type"])
    else { return nil }
    return MovementView(
      id: id, type: type, productID: row["product_id"], productTitle: row["title"], quantity: row["quantity"],
      from: row["from_code"], to: row["to_code"], staff: row["login"], orderID: row["order_id"], reason: row["reason"],
      reverses: row["reverses_id"], at: Timestamp(seconds: row["created_at"]))
  }
}

// MARK: - Pieces

public enum ScanLog {
  /// Audits one sweep of the camera folder's `processed/`: `count` photos older than `keptDays`
  /// days removed (they may show live pickup codes; the scan log keeps what was read in them).
  public static func recordPhotosRemoved(
    _ count: Int, keptDays: Int, folder: String, terminal: String?, now: Timestamp, _ database: AppDatabase
  ) throws {
    _ = try database.write { db in
      try Audit.append(
        at: now, staffID: nil, terminal: terminal, action: "camera.processed_removed", entity: "camera_folder",
        entityID: Visible.field(folder), before: nil, after: "removed=\(count) processed_days=\(keptDays)", db)
    }
  }

  /// The SHA-256 of a photo's bytes, as `scans.content_sha256` holds it (the same photo counts once).
  public static func sha256(_ bytes: [UInt8]) -> Data { Data(SHA256.hash(data: bytes)) }

  /// Where an earlier camera photo with these bytes went (`processed/NAME`), unless it could not
  /// be read: the camera folder counts the same photo once.
  public static func previousPhoto(sha256: Data, _ database: AppDatabase) throws -> String? {
    try database.read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT coalesce(file_name, '(unnamed)') FROM scans
          WHERE content_sha256 = ? AND source = 'camera' AND outcome <> 'unreadable'
          ORDER BY id LIMIT 1
          """,
        arguments: [sha256])
    }
  }
}

/// A staff account as the counter needs it.
struct StaffMember {
  var id: Int64
  var login: String
  var fullName: String
  var role: StaffRole

  /// The active account with this login; an unknown login is bad input, an inactive one refused.
  static func find(_ login: String, _ db: Database) throws -> StaffMember {
    guard
      let row = try Row.fetchOne(db, sql: "SELECT id, full_name, role, active FROM staff WHERE login = ?", arguments: [login])
    else {
      let shown = login.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } ? login : "(unprintable)"
      throw StoreError.invalid(.notStaffLoginImport, .text(shown))
    }
    guard row["active"] == true else { throw StoreError.refused(.accountNotActive, .text(login)) }
    guard let role = StaffRole(rawValue: row["role"]) else { throw StoreError.internal("staff \(login) has an unknown role") }
    return StaffMember(id: row["id"], login: login, fullName: row["full_name"], role: role)
  }
}

/// One row of `scans`, filled in as the scan is judged and written once, with its outcome.
struct ScanRow {
  var pointID: Int64
  var source: ScanSource
  var fileName: String?
  var contentSHA256: Data?
  var payload: String?
  var kind: PayloadKind?
  var orderID: Int64?
  var staffID: Int64?
  var terminal: String?
  var at: Timestamp

  init(
    pointID: Int64, source: ScanSource, fileName: String?, contentSHA256: Data?, payload: String?, staffID: Int64?,
    terminal: String?, at: Timestamp
  ) {
    self.pointID = pointID
    self.source = source
    // Stored as people will read it: a name's control and bidirectional characters written
    // visibly, so no reader of the log (a console, a report, the sqlite3 shell) gets them raw.
    self.fileName = fileName.map { Visible.field($0) }
    self.contentSHA256 = contentSHA256
    self.payload = payload
    self.staffID = staffID
    self.terminal = terminal
    self.at = at
  }

  mutating func record(_ outcome: ScanResult.Outcome, _ db: Database) throws -> ScanResult {
    if let sha = contentSHA256, sha.count != 32 {
      throw StoreError.invalid(.shaLength, .count(Int64(sha.count)))
    }
    var result = ScanResult(scanID: 0, payload: payload, kind: kind, outcome: outcome)
    try db.execute(
      sql: """
        INSERT INTO scans (point_id, source, file_name, content_sha256, payload, kind, outcome, reason, order_id,
                           staff_id, terminal, created_at, message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        pointID, source.rawValue, fileName, contentSHA256, payload, kind?.rawValue.lowercased(), result.outcomeWord,
        result.refusal?.description, orderID, staffID, terminal, at.seconds, try result.refusal.map { try ScanFacts.json($0.message) },
      ])
    result.scanID = db.lastInsertedRowID
    return result
  }
}

extension CodeAttempts {
  /// The counters as the audit log writes them.
  var auditText: String {
    var s = "failed=\(failed) lifetime=\(lifetimeFailed)"
    if let lockedUntil { s += " locked_until=\(lockedUntil.iso8601)" }
    if lockedForSupervisor { s += " locked_for_supervisor" }
    return s
  }
}

/// How the scan log keeps a refusal's facts (`scans.message`): the message as JSON, its code and
/// typed arguments, so any language can say it later.
public enum ScanFacts {
  /// The message as the column holds it.
  public static func json(_ message: Message) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(message), as: UTF8.self)
  }

  /// The message a column holds; nil for none, for JSON that is not a message, or for a code
  /// this build has no words for (a row written by something else, or by a newer build, shows
  /// its `reason`, as a row from before the column does).
  public static func message(_ json: String?) -> Message? {
    guard let json, let message = try? JSONDecoder().decode(Message.self, from: Data(json.utf8)), message.isTranslated
    else { return nil }
    return message
  }
}
