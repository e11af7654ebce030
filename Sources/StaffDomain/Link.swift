/// The marketplace link's values: what a point's feed brings in, what leaves from the outbox, and
/// what the status line shows. The store reads and writes them; StaffLink carries them over libpq.

/// A kind of record in a point's feed (`vgk_link.feed.kind`), each a JSON object.
public enum FeedKind: String, Sendable, CaseIterable, Codable {
  /// An order with its items and pickup code: one object of `import orders`' JSON format.
  /// A known order is updated from it (status, shelf, pickup code); a new one is added.
  case order
  /// `{"order_id": N, "reason": TEXT, "cancelled_at": TIME}`: the marketplace cancelled the order.
  case orderCancelled = "order.cancelled"
  /// One object of `import products`' JSON format.
  case product
  /// One object of `import staff`' JSON format.
  case staff
  /// A transfer sent to this point: a `transfer.sent` event, as `import transfers` reads it.
  case transfer
}

/// One record of a point's feed, as pulled: `kind` is kept raw so that a kind this program does
/// not know is refused as data (recorded, never dropped in silence).
public struct FeedRecord: Sendable, Equatable {
  /// The record's place in its point's feed: 1, 2, 3… in commit order, without gaps.
  public var seq: Int64
  /// The point the record is for (the pulling point's own code, unless the centre is wrong).
  public var point: String
  public var kind: String
  /// The record, a JSON object as text.
  public var payload: String
  public var createdAt: Timestamp

  public init(seq: Int64, point: String, kind: String, payload: String, createdAt: Timestamp) {
    self.seq = seq
    self.point = point
    self.kind = kind
    self.payload = payload
    self.createdAt = createdAt
  }
}

/// One event waiting to leave (an outbox row, or a stock movement the ledger holds), as the centre
/// receives it in `vgk_link.events`: unique on the point and `dedupKey`, so sending it again is harmless.
public struct OutboundEvent: Sendable, Equatable {
  public enum Source: Sendable, Equatable {
    /// A row of the `outbox` table, by its id.
    case outbox(Int64)
    /// A stock movement, by its id in the append-only ledger.
    case movement(Int64)
  }

  public var source: Source
  public var dedupKey: String
  public var type: String
  /// A JSON object as text.
  public var payload: String
  public var occurredAt: Timestamp

  public init(source: Source, dedupKey: String, type: String, payload: String, occurredAt: Timestamp) {
    self.source = source
    self.dedupKey = dedupKey
    self.type = type
    self.payload = payload
    self.occurredAt = occurredAt
  }
}

/// The link as the point knows it, for `link status` and the console's top line.
public struct LinkStatus: Sendable, Equatable {
  /// Whether `link_url` is set (a point without it shows no link at all).
  public var configured: Bool
  /// Events not yet acknowledged by the centre.
  public var waiting: Int
  /// When the oldest of them happened.
  public var oldestWaiting: Timestamp?
  /// The last time the centre answered.
  public var lastContact: Timestamp?
  /// Since when the centre has not answered (nil while up).
  public var downSince: Timestamp?
  /// The last failure, one line, without secrets.
  public var lastError: String?
  /// The last feed record applied here.
  public var cursor: Int64

  public init(
    configured: Bool, waiting: Int = 0, oldestWaiting: Timestamp? = nil, lastContact: Timestamp? = nil,
    downSince: Timestamp? = nil, lastError: String? = nil, cursor: Int64 = 0
  ) {
    self.configured = configured
    self.waiting = waiting
    self.oldestWaiting = oldestWaiting
    self.lastContact = lastContact
    self.downSince = downSince
    self.lastError = lastError
    self.cursor = cursor
  }

  /// Up: the centre answered and has not failed since.
  public var isUp: Bool { configured && lastContact != nil && downSince == nil }
}
