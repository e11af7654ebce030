import Foundation
import GRDB
import StaffDomain

/// The feed: the marketplace's records for this point, applied in the order of their `seq`.
///
/// A batch is ONE write transaction that applies every record and moves the cursor, so a crash
/// leaves either all of it or none of it, and a record at or before the cursor is skipped:
/// applying a batch twice changes nothing. Each record is applied inside a savepoint: a record
/// the rules refuse leaves nothing of itself, is recorded as refused (`link_feed_log`, an audit
/// row, a `feed.refused` event for the centre) and the cursor moves past it, so one bad record
/// never blocks the feed. A failure of the store itself (SQLite, a key) refuses the whole batch
/// and leaves the cursor where it was: the next pass tries again.
///
/// | kind | rule |
/// |---|---|
/// | `order`, new | added as `import orders` adds it (the code kept as its HMAC, a ready order's items received onto its shelf) |
/// | `order`, known | status forward (expected → received → ready → returned or cancelled), shelf while not ready, pickup code (the old one stops handing over at once); its buyer and items stay as first added |
/// | `order` cancelled, or `order.cancelled` | not handed over: cancelled (a parcel at the point gets a return task); handed over here: the handover stands, a REPORTING task and an `order.conflict` event |
/// | `product`, `staff` | as `import products` and `import staff` |
/// | `transfer` | a `transfer.sent` event to this point, as `import transfers` announces it |
/// | another point's, an unknown kind, a payload that is not one JSON object or that the import refuses | refused as data |
extension LinkStore {
  /// A record's payload longer than this is refused unread (the largest real order is a few KB).
  public static let maximumPayload = 1 << 20

  /// Applies a batch of the feed (see above) and moves the cursor past it. Throws, applying
  /// nothing, when the batch skips a record (its first new record is not the one after the
  /// cursor, or two new records are not consecutive): the centre's feed has no gaps by
  /// construction, so a gap is a fault to report, never records to step over.
  public func apply(feed records: [FeedRecord], key: PickupCodeKey, personal: PersonalDataKey, now: Timestamp) throws
    -> FeedApplied
  {
    // An empty pull (the usual poll) writes nothing.
    if records.isEmpty { return FeedApplied(cursor: try cursor()) }
    let sorted = records.sorted { $0.seq < $1.seq }
    return try database.write { db in
      let start = try Self.state(db).cursor
      var out = FeedApplied(cursor: start)
      var next = start + 1
      for record in sorted where record.seq >= next {
        guard record.seq == next else {
          throw StoreError.internal(
            "the feed jumps from record \(next - 1) to \(record.seq): records \(next) to \(record.seq - 1) are missing, "
              + "and the centre's feed has no gaps, so nothing of this batch was applied")
        }
        next += 1
      }
      guard next > start + 1 else {
        out.skipped = sorted.count
        return out
      }
      try PointSetup.checkKey(key, db)
      try PersonalData.checkKey(personal, db)
      let feed = FeedContext(
        point: try PointSetup.currentPoint(db), key: key, personal: personal, board: TaskBoard(database: database), now: now)
      for record in sorted {
        guard record.seq > out.cursor else {
          out.skipped += 1
          continue
        }
        let outcome = try Self.attempt(db) { try feed.apply(record, db) }
        let kind = Visible.text(record.kind.prefix(FeedContext.kindLimit), limit: FeedContext.kindLimit)
        try db.execute(
          sql: "INSERT INTO link_feed_log (seq, kind, applied_at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
          arguments: [record.seq, kind, now.seconds, outcome.word, outcome.detail])
        switch outcome {
        case .applied: out.applied += 1
        case .conflict: out.conflicts += 1
        case .refused(let reason):
          out.refused += 1
          try feed.refused(seq: record.seq, kind: kind, reason: reason, db)
        }
        out.cursor = record.seq
      }
      try db.execute(sql: "UPDATE link_state SET cursor = ? WHERE id = 1", arguments: [out.cursor])
      try Audit.append(
        at: now, action: "link.feed", entity: "feed", entityID: "\(start + 1)-\(out.cursor)",
        after: "applied=\(out.applied) refused=\(out.refused) conflicts=\(out.conflicts)", db)
      return out
    }
  }

  /// Runs `body` in a savepoint: kept when it applies the record, undone when the rules refuse
  /// it (then the refusal is the outcome). Any other error goes up and the whole batch is rolled
  /// back. After a refusal, the record chain's tail kept for the transaction is read again: rows
  /// it counted may have been undone.
  static func attempt(_ db: Database, _ body: () throws -> FeedOutcome) throws -> FeedOutcome {
    var outcome: FeedOutcome?
    try db.inSavepoint {
      do {
        outcome = try body()
        return .commit
      } catch let refusal as FeedRefusal {
        outcome = .refused(refusal.reason)
      } catch let failure as ImportFailure {
        outcome = .refused(FeedRefusal.reason(failure.issues))
      } catch let failure as ImportFileError {
        outcome = .refused(FeedRefusal.reason(failure.issues))
      } catch StoreError.refused(let why) {
        outcome = .refused(why.description)
      } catch StoreError.invalid(let why) {
        outcome = .refused(why.description)
      }
      return .rollback
    }
    guard let outcome else { throw StoreError.internal("a feed record produced no outcome") }
    if case .refused = outcome { RecordChain.Tails.shared[db] = try RecordChain.tail(db) }
    return outcome
  }
}

/// What one feed record did, as `link_feed_log` keeps it.
enum FeedOutcome: Equatable {
  case applied(String)
  case refused(String)
  case conflict(String)

  var word: String {
    switch self {
    case .applied: "applied"
    case .refused: "refused"
    case .conflict: "conflict"
    }
  }

  var detail: String {
    switch self {
    case .applied(let s), .refused(let s), .conflict(let s): s
    }
  }
}

/// A record the rules refuse, with the reason (kept in the feed log and sent to the centre).
struct FeedRefusal: Error {
  var reason: String
  init(_ reason: String) { self.reason = Visible.text(reason, limit: Self.limit) }

  static let limit = 500

  /// The import's problems with a record, as one reason (their lines mean nothing here).
  static func reason(_ issues: [ImportIssue]) -> String {
    Visible.text(
      issues.prefix(5).map(\.message).joined(separator: "; ") + (issues.count > 5 ? " (and \(issues.count - 5) more)" : ""),
      limit: limit)
  }
}

/// What applying one record needs, for the length of a batch.
struct FeedContext {
  var point: (id: Int64, code: String)
  var key: PickupCodeKey
  var personal: PersonalDataKey
  var board: TaskBoard
  var now: Timestamp

  /// A record's kind is kept (in the log, the audit row, the event) to at most this many characters.
  static let kindLimit = 40

  func apply(_ record: FeedRecord, _ db: Database) throws -> FeedOutcome {
    guard record.point == point.code else {
      throw FeedRefusal(
        "the record is for point '\(Visible.text(record.point.prefix(40), limit: 40))', not for this point (\(point.code))")
    }
    guard let kind = FeedKind(rawValue: record.kind) else {
      throw FeedRefusal(
        "unknown kind '\(Visible.text(record.kind.prefix(Self.kindLimit), limit: Self.kindLimit))' (known: "
          + FeedKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
    }
    let row = try Self.object(record.payload)
    switch kind {
    case .product:
      try Importers.checkKind(.products, [row], header: nil)
      let records = try Importers.products([row])
      var report = ImportReport(kind: .products, file: "feed")
      try Importer.applyProducts(records, now: now, report: &report, db)
      return .applied("product \(records.first?.id ?? 0) \(report.word)")
    case .staff:
      try Importers.checkKind(.staff, [row], header: nil)
      let records = try Importers.staff([row])
      var report = ImportReport(kind: .staff, file: "feed")
      try Importer.applyStaff(records, pointID: point.id, now: now, report: &report, db)
      return .applied("staff \(records.first?.login ?? "") \(report.word)")
    case .order:
      let (row, sealed) = try Self.unsealing(row)
      try Importers.checkKind(.orders, [row], header: nil)
      guard var order = try Importers.orders([row], format: .json).first else { throw FeedRefusal("the record holds no order") }
      order.pickupDigest = sealed
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM orders WHERE id = ?", arguments: [order.id]) == true {
        return try update(order, seq: record.seq, db)
      }
      var report = ImportReport(kind: .orders, file: "feed")
      var issues: [ImportIssue] = []
      try Importer.applyOrders(
        [order], pointID: point.id, key: key, personal: personal, receive: true, now: now, report: &report, issues: &issues, db)
      guard issues.isEmpty else { throw FeedRefusal(FeedRefusal.reason(issues)) }
      return .applied("order \(order.id) added (\(order.status.rawValue))")
    case .orderCancelled:
      var r = RowReader(row, known: ["order_id", "reason", "cancelled_at"])
      let id = r.id("order_id")
      let reason = r.text("reason", required: false, max: 200)
      let at = r.time("cancelled_at")
      guard let id, let at, r.problems.isEmpty else { throw FeedRefusal(FeedRefusal.reason(r.issues)) }
      return try cancel(id, at: at, reason: reason, seq: record.seq, db)
    case .transfer:
      var r = RowReader(row, known: ["event", "transfer", "slip", "from", "from_name", "to", "sent_at", "lines"])
      let event = r.text("event", max: 40)
      let transfer = r.id("transfer")
      let slip = r.id("slip")
      let from = r.code("from", Identifier.pointCode)
      let to = r.code("to", Identifier.pointCode)
      guard let event, let transfer, let slip, let from, let to, r.problems.isEmpty else {
        throw FeedRefusal(FeedRefusal.reason(r.issues))
      }
      guard event == "transfer.sent" else { throw FeedRefusal("a transfer record is a transfer.sent event, not \(event)") }
      guard to == point.code else { throw FeedRefusal("transfer \(transfer) from \(from) goes to \(to), not to this point") }
      guard let announced = try Inventory.announce(&r, transfer: transfer, slip: slip, from: from, to: to, point: point, now: now, db)
      else { throw FeedRefusal(FeedRefusal.reason(r.issues)) }
      return .applied("transfer \(transfer) from \(from) " + (announced ? "announced" : "known already"))
    }
  }

  /// An order whose code the centre sealed (`pickup_code_hmac`, 64 hexadecimal digits) is read
  /// as the import reads one with a clear code, a placeholder standing in for the code; the
  /// digest goes with it and is what is stored.
  static func unsealing(_ row: ImportRow) throws -> (ImportRow, [UInt8]?) {
    var row = row
    guard let value = row.fields.removeValue(forKey: "pickup_code_hmac") else { return (row, nil) }
    guard case .text(let hex) = value, hex.utf8.count == 64, hex == hex.lowercased(), let digest = Hex.decode(hex), digest.count == 32
    else { throw FeedRefusal("pickup_code_hmac must be 64 lower-case hexadecimal digits") }
    guard row.fields["pickup_code"] == nil else {
      throw FeedRefusal("an order gives its pickup code in clear or sealed (pickup_code_hmac), not both")
    }
    row.fields["pickup_code"] = .text(sealedPlaceholder)
    return (row, digest)
  }

  /// Stands for a sealed code while the import's checks read the order (never stored: the digest is).
  static let sealedPlaceholder = "SEALED"

  /// The record's payload as one row: one JSON object, read by the imports' strict reader.
  static func object(_ payload: String) throws -> ImportRow {
    let bytes = Array(payload.utf8)
    guard bytes.count <= LinkStore.maximumPayload else {
      throw FeedRefusal("the payload is \(bytes.count) bytes; a record is limited to \(LinkStore.maximumPayload)")
    }
    guard bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") else {
      throw FeedRefusal("the payload is not a JSON object")
    }
    // One line for the reader, which takes an object that does not start with '[' as JSON lines:
    // line breaks become tabs, white space to JSON as they are, and as refused as they are
    // inside a string (RFC 8259 allows no raw control character there).
    let line = bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x09 : $0 }
    let rows = try ImportReader.rows(line, format: .json)
    guard rows.count == 1, let row = rows.first else { throw FeedRefusal("the payload is not one JSON object") }
    return row
  }

  // MARK: Orders

  /// A known order brought up to the marketplace's word: its pickup code, its status (forward
  /// only), its shelf while it is not on one. An order handed over here keeps everything; its
  /// cancellation is a conflict.
  func update(_ o: OrderRecord, seq: Int64, _ db: Database) throws -> FeedOutcome {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT o.status, o.updated_at, o.pickup_code_hmac, l.code AS shelf, h.order_id AS handed
            FROM orders o LEFT JOIN locations l ON l.id = o.location_id LEFT JOIN handovers h ON h.order_id = o.id
           WHERE o.id = ?
          """, arguments: [o.id]),
      let old = OrderStatus(rawValue: row["status"])
    else { throw StoreError.internal("order \(o.id) vanished") }
    if (row["handed"] as Int64?) != nil || old == .pickedUp {
      if o.status == .cancelled { return try conflict(o.id, cancelledAt: o.updatedAt, seq: seq, db) }
      return .applied("order \(o.id) was handed over here: kept as it is")
    }
    var changes: [String] = []
    let digest: Data = row["pickup_code_hmac"]
    let same = o.pickupDigest.map { Data($0) == digest } ?? key.matches(orderID: o.id, code: o.pickupCode, digest: digest)
    if !same {
      let lastScan = try Int64.fetchOne(db, sql: "SELECT max(id) FROM scans") ?? 0
      try db.execute(
        sql: "UPDATE orders SET pickup_code_hmac = ?, code_replaced_after_scan = ? WHERE id = ?",
        arguments: [key.digest(of: o), lastScan, o.id])
      try Audit.append(
        at: now, action: "order.code_replaced", entity: "order", entityID: String(o.id),
        after: "by the marketplace (feed record \(seq)): codes checked by scan \(lastScan) or before no longer hand over", db)
      changes.append("pickup code replaced")
    }
    let shelf: String? = row["shelf"]
    let updatedAt = max(o.updatedAt, Timestamp(seconds: row["updated_at"]))
    if o.status != old {
      switch (old, o.status) {
      case (.returned, .cancelled):
        changes.append("already returned here: kept")
      case (.returned, _), (.cancelled, _):
        throw FeedRefusal("order \(o.id) is \(old.rawValue) here: the marketplace cannot make it \(o.status.rawValue)")
      case (_, .pickedUp):
        throw FeedRefusal("order \(o.id) was not handed over here: only a handover at this counter makes it picked_up")
      case (_, .returned), (_, .cancelled):
        try end(o.id, as: o.status, from: old, shelf: shelf, at: o.updatedAt, reason: nil, seq: seq, db)
        changes.append("\(old.rawValue) -> \(o.status.rawValue)")
      case (.ready, _), (.received, .expected):
        throw FeedRefusal("order \(o.id) is \(old.rawValue) here: it cannot go back to \(o.status.rawValue)")
      case (_, .received):
        try db.execute(
          sql: "UPDATE orders SET status = 'received', received_at = coalesce(received_at, ?), updated_at = ? WHERE id = ?",
          arguments: [o.updatedAt.seconds, updatedAt.seconds, o.id])
        try audit(o.id, from: old, to: .received, seq: seq, db)
        changes.append("\(old.rawValue) -> received")
      case (_, .ready):
        guard let target = o.shelf ?? shelf else { throw FeedRefusal("a ready order needs a shelf") }
        let holdDays = Int64(try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'hold_days'") ?? "") ?? 7
        let location = try PointSetup.location(target, pointID: point.id, db)
        try db.execute(
          sql: """
            UPDATE orders SET status = 'ready', location_id = ?, received_at = coalesce(received_at, ?), ready_at = ?,
                              hold_until = ?, updated_at = ? WHERE id = ?
            """,
          arguments: [location, o.updatedAt.seconds, o.updatedAt.seconds, o.updatedAt.seconds + holdDays * 86400, updatedAt.seconds, o.id])
        var report = ImportReport(kind: .orders, file: "feed")
        var issues: [ImportIssue] = []
        try Importer.receiveItems(o, shelf: target, locationID: location, pointID: point.id, now: now, report: &report, issues: &issues, db)
        guard issues.isEmpty else { throw FeedRefusal(FeedRefusal.reason(issues)) }
        try audit(o.id, from: old, to: .ready, seq: seq, db)
        changes.append("\(old.rawValue) -> ready at \(target)")
      default:
        throw StoreError.internal("order \(o.id): no rule from \(old.rawValue) to \(o.status.rawValue)")
      }
    } else if let target = o.shelf, target != shelf {
      switch old {
      case .expected, .received:
        try db.execute(
          sql: "UPDATE orders SET location_id = ? WHERE id = ?", arguments: [try PointSetup.location(target, pointID: point.id, db), o.id])
        changes.append("shelf \(target)")
      case .ready:
        // The parcel is on the shelf the point put it on: the counter's word, not the marketplace's.
        changes.append("shelf \(target) not taken: the parcel is on \(shelf ?? "its shelf") here")
      default: break
      }
    }
    return .applied("order \(o.id) " + (changes.isEmpty ? "unchanged" : changes.joined(separator: ", ")))
  }

  /// The marketplace cancelled an order (`order.cancelled`).
  func cancel(_ id: Int64, at: Timestamp, reason: String?, seq: Int64, _ db: Database) throws -> FeedOutcome {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT o.status, l.code AS shelf, h.order_id AS handed FROM orders o LEFT JOIN locations l ON l.id = o.location_id
            LEFT JOIN handovers h ON h.order_id = o.id WHERE o.id = ?
          """, arguments: [id]),
      let old = OrderStatus(rawValue: row["status"])
    else { throw FeedRefusal("order \(id) is not known here") }
    if (row["handed"] as Int64?) != nil || old == .pickedUp { return try conflict(id, cancelledAt: at, seq: seq, db) }
    switch old {
    case .cancelled: return .applied("order \(id) already cancelled")
    case .returned: return .applied("order \(id) already returned here: kept")
    default:
      try end(id, as: .cancelled, from: old, shelf: row["shelf"], at: at, reason: reason, seq: seq, db)
      return .applied("order \(id) \(old.rawValue) -> cancelled")
    }
  }

  /// An order not handed over ends (cancelled or returned by the marketplace). A parcel already
  /// at the point (received or ready) must go back: it gets the return task that the end of a
  /// hold gives (`order-return:{id}`); its pickup tasks are closed by the task rules.
  func end(
    _ id: Int64, as status: OrderStatus, from old: OrderStatus, shelf: String?, at: Timestamp, reason: String?, seq: Int64,
    _ db: Database
  ) throws {
    try db.execute(
      sql: "UPDATE orders SET status = ?, updated_at = max(updated_at, ?) WHERE id = ?", arguments: [status.rawValue, at.seconds, id])
    var task: Int64?
    if old == .received || old == .ready {
      task = try board.insert(
        NewTask(
          type: .orderPickup, priority: .medium, title: TaskTitle.returnToSeller(id, cancelled: status == .cancelled, shelf: shelf),
          details: Message(.taskDetailsReturn), orderID: id, sourceKey: "order-return:\(id)"), createdBy: nil, terminal: nil, now: now, db)
    }
    try Audit.append(
      at: now, action: "order.\(status.rawValue)", entity: "order", entityID: String(id), before: old.rawValue,
      after: "\(status.rawValue) by the marketplace (feed record \(seq))" + (reason.map { ": \($0)" } ?? "")
        + (task.map { " return_task=\($0)" } ?? ""), db)
  }

  func audit(_ id: Int64, from old: OrderStatus, to new: OrderStatus, seq: Int64, _ db: Database) throws {
    try Audit.append(
      at: now, action: "order.\(new.rawValue)", entity: "order", entityID: String(id), before: old.rawValue,
      after: "\(new.rawValue) by the marketplace (feed record \(seq))", db)
  }

  /// The marketplace cancelled an order handed over here: the handover stands (it is recorded
  /// for good, the buyer has the parcel); a supervisor settles it with the marketplace, told by
  /// a REPORTING task, and the centre by an `order.conflict` event.
  func conflict(_ id: Int64, cancelledAt: Timestamp, seq: Int64, _ db: Database) throws -> FeedOutcome {
    let handover = try Row.fetchOne(
      db,
      sql: "SELECT h.handed_over_at, s.login FROM handovers h LEFT JOIN staff s ON s.id = h.staff_id WHERE h.order_id = ?",
      arguments: [id])
    let handedAt = (handover?["handed_over_at"] as Int64?).map { Timestamp(seconds: $0) }
    let login: String? = handover?["login"]
    let handed = (handedAt.map { " on \($0.douala)" } ?? "") + (login.map { " by \($0)" } ?? "")
    let task = try board.insert(
      NewTask(
        type: .reporting, priority: .high, title: TaskTitle.orderConflict(id),
        details: TaskTitle.conflictDetails(handedAt: handedAt, by: login, cancelledAt: cancelledAt), orderID: id, sourceKey: "order-conflict:\(id):\(seq)"), createdBy: nil, terminal: nil, now: now, db)
    let event = try Inventory.json(
      OrderConflictEvent(
        order_id: id, point: point.code, seq: seq, handed_over_at: handedAt?.iso8601, staff: login, cancelled_at: cancelledAt.iso8601))
    _ = try Outbox.append(type: "order.conflict", json: event, dedupKey: "order.conflict:\(point.code):\(id):\(seq)", now: now, db)
    try Audit.append(
      at: now, action: "order.conflict", entity: "order", entityID: String(id), before: OrderStatus.pickedUp.rawValue,
      after: "cancelled by the marketplace (feed record \(seq)) after its handover: the handover stands"
        + (task.map { " task=\($0)" } ?? ""), db)
    return .conflict(
      "order \(id) was handed over here\(handed); cancelled by the marketplace on \(cancelledAt.douala): the handover stands")
  }

  /// A refused record: an audit row and a `feed.refused` event, so the centre learns of it.
  func refused(seq: Int64, kind: String, reason: String, _ db: Database) throws {
    try Audit.append(
      at: now, action: "link.feed_refused", entity: "feed", entityID: String(seq), after: "\(kind): \(reason)", db)
    _ = try Outbox.append(
      type: "feed.refused", payload: FeedRefusedEvent(seq: seq, kind: kind, reason: reason), dedupKey: "feed.refused:\(point.code):\(seq)",
      now: now, db)
  }
}

struct OrderConflictEvent: Encodable {
  var order_id: Int64
  var point: String
  var seq: Int64
  var handed_over_at: String?
  var staff: String?
  var cancelled_at: String
}

struct FeedRefusedEvent: Encodable {
  var seq: Int64
  var kind: String
  var reason: String
}

extension ImportReport {
  /// What the import did with its one record.
  var word: String { added > 0 ? "added" : updated > 0 ? "updated" : "unchanged" }
}
