import StaffDomain
import StaffStore

/// What one pass did.
public struct PassReport: Sendable, Equatable {
  /// Events the centre took in this pass (new or already there: both are now known to be there).
  public var pushed = 0
  /// Events the centre refused (kept here, unsent, with the reason; tried again next pass).
  public var refused = 0
  /// Feed records applied, refused as data, or found in conflict.
  public var pulled = 0
  public var conflicts = 0
  public var cursor: Int64 = 0

  public init() {}
}

/// One pass of the link over one connection: push the outbox, pull the feed, push what it made.
///
/// Exactly once, at both ends, whatever breaks when:
/// - out: each batch is one PostgreSQL transaction of INSERT … ON CONFLICT (point, dedup_key) DO
///   NOTHING, and the rows are marked sent here only after its COMMIT answered. A crash or a lost
///   answer between the two sends the batch again, which the centre's unique key absorbs.
/// - in: each batch of feed records is applied in one SQLite transaction together with the cursor
///   (LinkStore.apply), so a record is applied with the cursor that says so, or not at all. Only
///   then is the centre told (acknowledge), which lets it forget the records' pickup codes.
public struct LinkSync: Sendable {
  public static let batchSize = 500

  public let store: LinkStore
  public let pickupKey: PickupCodeKey
  public let personalKey: PersonalDataKey
  public let clock: @Sendable () throws -> Timestamp

  public init(
    store: LinkStore, pickupKey: PickupCodeKey, personalKey: PersonalDataKey, clock: @escaping @Sendable () throws -> Timestamp
  ) {
    self.store = store
    self.pickupKey = pickupKey
    self.personalKey = personalKey
    self.clock = clock
  }

  /// The NOTIFY channel of a point's feed (the central schema's trigger names it the same way).
  public static func feedChannel(point: String) -> String {
    "vgk_feed_" + point.lowercased().replacingDashes
  }

  /// Push, then pull and acknowledge, then push what the pull made; records the contact (or the
  /// failure) in the store.
  public func pass(_ connection: PGConnection) throws -> PassReport {
    var report = PassReport()
    do {
      // The centre seals this point's pickup codes with its key before they are stored there.
      try connection.execute("SELECT vgk_link.register_pickup_key(decode($1, 'hex'))", [pickupKey.hexForCentre])
      var pushing = Pushing()
      report.pushed = try push(connection, &pushing)
      let pulled = try pull(connection)
      report.pulled = pulled.count
      report.conflicts = pulled.conflicts
      report.cursor = pulled.cursor
      // The records just applied made events of their own (a ready order's receipts, a
      // conflict, a refusal): they leave in this pass, so a pass that ends well leaves none waiting.
      // (An event refused in this pass is not tried again in it.)
      if pulled.count > 0 { report.pushed += try push(connection, &pushing) }
      report.refused = pushing.refused
      try store.recordContact(at: try clock())
      return report
    } catch let error as LinkError {
      try? store.recordFailure(error.description, at: try clock())
      throw error
    }
  }

  /// Sends every unsent event, in batches. Returns how many the centre took and how many it refused.
  public func push(_ connection: PGConnection) throws -> (pushed: Int, refused: Int) {
    var pushing = Pushing()
    let pushed = try push(connection, &pushing)
    return (pushed, pushing.refused)
  }

  /// Where a pass's pushing stands: outbox rows up to `afterOutbox` were tried in it (those the
  /// centre refused stay unsent, and are not tried again until the next pass).
  struct Pushing {
    var afterOutbox: Int64 = 0
    var refused = 0
  }

  /// `push`, going on from where `pushing` stands.
  func push(_ connection: PGConnection, _ pushing: inout Pushing) throws -> Int {
    var pushed = 0
    while true {
      let batch = try store.unsent(limit: Self.batchSize, afterOutbox: pushing.afterOutbox)
      if batch.isEmpty { break }
      let lastOutbox = batch.compactMap { if case .outbox(let id) = $0.source { id } else { nil } }.max()
      do {
        try connection.transaction { try insert(batch, connection) }
        try store.markSent(batch, at: try clock())
        pushed += batch.count
      } catch let error as LinkError {
        guard case .refused = error else { throw error }
        // One event the centre will not take must not hold up the others: each alone, in order.
        var accepted: [OutboundEvent] = []
        var movementRefused = false
        for event in batch {
          do {
            try connection.transaction { try insert([event], connection) }
            accepted.append(event)
          } catch let single as LinkError {
            guard case .refused(let reason, _) = single else { throw single }
            pushing.refused += 1
            try store.recordRefusal(event, reason: reason, at: try clock())
            // The ledger's movements leave in order (its cursor is one number): nothing after a
            // refused movement is sent in this pass.
            if case .movement = event.source {
              movementRefused = true
              break
            }
          }
        }
        try store.markSent(accepted, at: try clock())
        pushed += accepted.count
        if movementRefused { break }
      }
      if let lastOutbox { pushing.afterOutbox = max(pushing.afterOutbox, lastOutbox) }
    }
    return pushed
  }

  /// One multi-row INSERT, the rows passed as four arrays (no statement text made from data).
  private func insert(_ batch: [OutboundEvent], _ connection: PGConnection) throws {
    try connection.execute(
      """
      INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at)
      SELECT k, t, p::jsonb, to_timestamp(a) FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS u(k, t, p, a)
      ON CONFLICT (point, dedup_key) DO NOTHING
      """,
      [
        PGArray.text(batch.map(\.dedupKey)), PGArray.text(batch.map(\.type)), PGArray.text(batch.map(\.payload)),
        PGArray.text(batch.map { String($0.occurredAt.seconds) }),
      ])
  }

  /// Applies the feed after the cursor, batch by batch, then tells the centre how far it got.
  public func pull(_ connection: PGConnection) throws -> (count: Int, conflicts: Int, cursor: Int64) {
    var cursor = try store.cursor()
    var count = 0
    var conflicts = 0
    while true {
      let result = try connection.execute(
        """
        SELECT point, seq, kind, payload::text AS payload, extract(epoch FROM created_at)::bigint AS created
          FROM vgk_link.feed WHERE point = vgk_link.current_point() AND seq > $1 ORDER BY seq LIMIT $2
        """, [String(cursor), String(Self.batchSize)])
      let records = try result.rows.map { row -> FeedRecord in
        guard row.count == 5, let point = row[0], let seq = row[1].flatMap({ Int64($0) }), let kind = row[2], let payload = row[3],
          let created = row[4].flatMap({ Int64($0) })
        else { throw LinkError.refused("the centre's feed answered in an unexpected shape", sqlState: nil) }
        return FeedRecord(seq: seq, point: point, kind: kind, payload: payload, createdAt: Timestamp(seconds: created))
      }
      if records.isEmpty { break }
      let applied = try store.apply(feed: records, key: pickupKey, personal: personalKey, now: try clock())
      count += records.count
      conflicts += applied.conflicts
      cursor = applied.cursor
      if records.count < Self.batchSize { break }
    }
    try connection.execute("SELECT vgk_link.acknowledge($1)", [String(cursor)])
    return (count, conflicts, cursor)
  }
}

/// PostgreSQL's array literal for text elements: each element double-quoted, with `\` and `"`
/// escaped, so any text (commas, braces, quotes, line feeds) arrives as it was.
enum PGArray {
  static func text(_ elements: [String]) -> String {
    var out = "{"
    for (i, element) in elements.enumerated() {
      if i > 0 { out += "," }
      out += "\""
      for scalar in element.unicodeScalars {
        if scalar == "\\" || scalar == "\"" { out += "\\" }
        out.unicodeScalars.append(scalar)
      }
      out += "\""
    }
    return out + "}"
  }
}

extension String {
  var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}
