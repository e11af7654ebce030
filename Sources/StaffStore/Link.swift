import Foundation
import GRDB
import StaffDomain

/// What one batch of the feed did.
public struct FeedApplied: Sendable, Equatable {
  /// Records applied (including those that changed nothing: the point already had them).
  public var applied = 0
  /// Records refused as data (another point's, an unknown kind, a payload the import refuses).
  public var refused = 0
  /// Orders cancelled by the marketplace after their handover here: the handover stands.
  public var conflicts = 0
  /// Records at or before the cursor, applied by an earlier batch and left alone.
  public var skipped = 0
  /// The last record applied here, after the batch.
  public var cursor: Int64

  public init(applied: Int = 0, refused: Int = 0, conflicts: Int = 0, skipped: Int = 0, cursor: Int64) {
    self.applied = applied
    self.refused = refused
    self.conflicts = conflicts
    self.skipped = skipped
    self.cursor = cursor
  }
}

/// The point's side of the marketplace link, on its own database: what waits to leave (outbox
/// rows, then ledger movements), the feed applied with its cursor in one transaction, and the
/// link's health. Carrying events and records over the network is StaffLink's; nothing here
/// knows PostgreSQL.
public struct LinkStore: Sendable {
  public let database: AppDatabase

  public init(_ database: AppDatabase) {
    self.database = database
  }

  /// At most this many events are handed out by one `unsent` call.
  public static let maximumBatch = 500

  // MARK: Out

  /// What waits to leave, oldest first: outbox rows not yet sent (by id), then the ledger's
  /// movements after the last one sent, as `stock.movement` events. The ledger is its own
  /// outbox: posting a movement writes nothing more, and the centre's unique dedup key makes a
  /// movement sent twice (a crash between the centre's commit and `markSent`) harmless.
  /// `afterOutbox`: only outbox rows after this id (a pass goes on past rows the centre refused).
  public func unsent(limit: Int = maximumBatch, afterOutbox: Int64 = 0) throws -> [OutboundEvent] {
    let limit = max(0, min(limit, Self.maximumBatch))
    guard limit > 0 else { return [] }
    return try database.read { db in
      var out: [OutboundEvent] = try Row.fetchAll(
        db,
        sql: "SELECT id, event_type, payload, dedup_key, created_at FROM outbox WHERE sent_at IS NULL AND id > ? ORDER BY id LIMIT ?",
        arguments: [afterOutbox, limit]
      ).map {
        OutboundEvent(
          source: .outbox($0["id"]), dedupKey: $0["dedup_key"], type: $0["event_type"], payload: $0["payload"],
          occurredAt: Timestamp(seconds: $0["created_at"]))
      }
      guard out.count < limit else { return out }
      let point = try PointSetup.currentPoint(db)
      let sent = try Self.state(db).movementsSent
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT m.id, m.type, m.product_id, m.quantity, lf.code AS from_code, lt.code AS to_code, m.order_id, m.transfer_id,
                 m.reverses_id, m.created_at, s.login
            FROM movements m LEFT JOIN locations lf ON lf.id = m.from_location_id
            LEFT JOIN locations lt ON lt.id = m.to_location_id LEFT JOIN staff s ON s.id = m.staff_id
           WHERE m.id > ? ORDER BY m.id LIMIT ?
          """, arguments: [sent, limit - out.count])
      for row in rows {
        let id: Int64 = row["id"]
        let at = Timestamp(seconds: row["created_at"])
        let event = StockMovementEvent(
          movement: id, type: row["type"], product: row["product_id"], quantity: row["quantity"], from: row["from_code"],
          to: row["to_code"], order: row["order_id"], transfer: row["transfer_id"], reverses: row["reverses_id"], at: at.iso8601,
          staff: row["login"])
        out.append(
          OutboundEvent(
            source: .movement(id), dedupKey: "stock.movement:\(point.code):\(id)", type: "stock.movement",
            payload: try Inventory.json(event), occurredAt: at))
      }
      return out
    }
  }

  /// Marks events the centre has committed as sent: outbox rows get their `sent_at`; the
  /// movements sent move forward over the ledger as far as the given ones reach without a hole
  /// (a movement not in the list stops it there, so none is ever skipped).
  public func markSent(_ events: [OutboundEvent], at now: Timestamp) throws {
    guard !events.isEmpty else { return }
    try database.write { db in
      var movements = Set<Int64>()
      for event in events {
        switch event.source {
        case .outbox(let id):
          try db.execute(sql: "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", arguments: [now.seconds, id])
        case .movement(let id):
          movements.insert(id)
        }
      }
      guard !movements.isEmpty else { return }
      var sent = try Self.state(db).movementsSent
      let next = try Int64.fetchAll(
        db, sql: "SELECT id FROM movements WHERE id > ? ORDER BY id LIMIT ?", arguments: [sent, movements.count])
      for id in next {
        guard movements.contains(id) else { break }
        sent = id
      }
      try db.execute(sql: "UPDATE link_state SET movements_sent = ? WHERE id = 1 AND movements_sent < ?", arguments: [sent, sent])
    }
  }

  // MARK: Health

  /// The centre answered: the link is up from `now`. A link that stays up is written down at
  /// most every `contactResolution` seconds: every write wakes the consoles' reloads.
  public func recordContact(at now: Timestamp) throws {
    let changed = try database.read { db in
      try Bool.fetchOne(
        db,
        sql: "SELECT down_since IS NOT NULL OR last_contact IS NULL OR last_contact <= ? FROM link_state WHERE id = 1",
        arguments: [now.seconds - Self.contactResolution]) ?? true
    }
    guard changed else { return }
    try database.write { db in
      try db.execute(
        sql: "UPDATE link_state SET last_contact = ?, down_since = NULL WHERE id = 1", arguments: [now.seconds])
    }
  }

  /// How stale the last contact written may be while the link stays up (the screens show minutes).
  public static let contactResolution: Int64 = 30

  /// The centre refused one event (a constraint, a permission): kept unsent with the reason, tried
  /// again at the next pass; the others go on without it.
  public func recordRefusal(_ event: OutboundEvent, reason: String, at now: Timestamp) throws {
    let shown = Visible.text(reason.prefix(Self.errorLimit * 2), limit: Self.errorLimit)
    try database.write { db in
      if case .outbox(let id) = event.source {
        try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", arguments: [shown, id])
      }
      try db.execute(
        sql: "UPDATE link_state SET last_error = ?, last_error_at = ? WHERE id = 1",
        arguments: ["the centre refused \(event.dedupKey): \(shown)", now.seconds])
    }
  }

  /// This point's code (the feed's channel is named after it).
  public func pointCode() throws -> String {
    try database.read { try PointSetup.currentPoint($0).code }
  }

  /// The centre did not answer (or refused): the link is down since the first such failure.
  /// `line` is kept as one visible line of at most `errorLimit` characters; it must hold no
  /// secret (the caller masks the connection string's password).
  public func recordFailure(_ line: String, at now: Timestamp) throws {
    let shown = Visible.text(line.prefix(Self.errorLimit * 2), limit: Self.errorLimit)
    try database.write { db in
      try db.execute(
        sql: "UPDATE link_state SET last_error = ?, last_error_at = ?, down_since = coalesce(down_since, ?) WHERE id = 1",
        arguments: [shown, now.seconds, now.seconds])
    }
  }

  /// The longest error line kept.
  public static let errorLimit = 300

  /// The last feed record applied here (0 before the first).
  public func cursor() throws -> Int64 {
    try database.read { try Self.state($0).cursor }
  }

  /// The link as the point knows it: how many events wait (outbox rows and movements not sent)
  /// and since when, the last contact, since when it is down, the last error, the cursor.
  public func status(configured: Bool) throws -> LinkStatus {
    try database.read { db in
      let state = try Self.state(db)
      let outbox = try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE sent_at IS NULL")
      let movements = try Row.fetchOne(
        db, sql: "SELECT count(*) AS n, min(created_at) AS oldest FROM movements WHERE id > ?", arguments: [state.movementsSent])
      let oldest = [outbox?["oldest"] as Int64?, movements?["oldest"] as Int64?].compactMap { $0 }.min()
      return LinkStatus(
        configured: configured, waiting: (outbox?["n"] as Int? ?? 0) + (movements?["n"] as Int? ?? 0),
        oldestWaiting: oldest.map { Timestamp(seconds: $0) }, lastContact: state.lastContact, downSince: state.downSince,
        lastError: state.lastError, cursor: state.cursor)
    }
  }

  // MARK: Pieces

  /// What `db check` finds wrong with the link's records: the cursor is the last record the
  /// feed log holds (both are written in the batch's transaction), and no movement is counted
  /// as sent that the ledger does not have.
  static func violations(_ db: Database) throws -> [String] {
    let state = try Self.state(db)
    var out: [String] = []
    let logged = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM link_feed_log") ?? 0
    if logged != state.cursor {
      out.append(
        "the feed cursor is at record \(state.cursor) but the feed log ends at record \(logged): one of them was changed outside the program")
    }
    let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM movements") ?? 0
    if state.movementsSent > last {
      out.append(
        "movements up to \(state.movementsSent) are counted as sent, but the ledger ends at movement \(last): it was changed outside the program")
    }
    return out
  }

  struct State {
    var cursor: Int64
    var movementsSent: Int64
    var lastContact: Timestamp?
    var downSince: Timestamp?
    var lastError: String?
  }

  static func state(_ db: Database) throws -> State {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT cursor, movements_sent, last_contact, down_since, last_error FROM link_state WHERE id = 1")
    else { throw StoreError.internal("the link state row is missing") }
    return State(
      cursor: row["cursor"], movementsSent: row["movements_sent"],
      lastContact: (row["last_contact"] as Int64?).map { Timestamp(seconds: $0) },
      downSince: (row["down_since"] as Int64?).map { Timestamp(seconds: $0) }, lastError: row["last_error"])
  }
}

/// A ledger movement as the marketplace receives it: what moved, where (location codes), why
/// (order, transfer, the movement it reverses) and who (a staff login). No reason text: it is
/// typed freely at the counter and may name a customer.
struct StockMovementEvent: Encodable {
  var movement: Int64
  var type: String
  var product: Int64
  var quantity: Int64
  @KeepsNull var from: String?
  @KeepsNull var to: String?
  @KeepsNull var order: Int64?
  @KeepsNull var transfer: Int64?
  @KeepsNull var reverses: Int64?
  var at: String
  @KeepsNull var staff: String?
}
