import Foundation
import GRDB
import StaffDomain

/// The events that leave the point for the marketplace, written into `outbox` inside the
/// transaction of the fact they report: the fact and its event commit together or not at all.
///
/// Rules every event keeps:
/// - its dedup key starts with its type and a colon, and names the fact by its own stable id
///   (`order.returned:{POINT}:{order}`), so writing the same fact twice leaves one row, and the
///   centre, which keeps one event per point and key, receives it once;
/// - its payload is one JSON object with sorted keys, and holds no personal data in clear: no
///   customer name or phone, no pickup code, no ticket subject or message.
enum Outbox {
  /// Appends one event; the id of the row that holds `dedupKey` (the one just written, or the
  /// one written before for the same fact, which is left as it was).
  @discardableResult
  static func append<Payload: Encodable>(
    type: String, payload: Payload, dedupKey: String, now: Timestamp, _ db: Database
  ) throws -> Int64 {
    try append(type: type, json: try json(payload), dedupKey: dedupKey, now: now, db)
  }

  /// `append` with the payload already encoded (it must be a JSON object).
  @discardableResult
  static func append(type: String, json: String, dedupKey: String, now: Timestamp, _ db: Database) throws -> Int64 {
    guard !type.isEmpty, dedupKey.hasPrefix(type + ":"), dedupKey.count > type.count + 1 else {
      throw StoreError.internal("the dedup key '\(dedupKey)' does not name the event type \(type)")
    }
    guard json.first == "{", json.last == "}" else { throw StoreError.internal("the payload of a \(type) event is not a JSON object") }
    try db.execute(
      sql: """
        INSERT INTO outbox (event_type, payload, dedup_key, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (dedup_key) DO NOTHING
        """,
      arguments: [type, json, dedupKey, now.seconds])
    if db.changesCount == 1 { return db.lastInsertedRowID }
    guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM outbox WHERE dedup_key = ?", arguments: [dedupKey]) else {
      throw StoreError.internal("the \(type) event was not written")
    }
    return id
  }

  /// A payload as the outbox holds it: sorted keys, slashes as they are.
  static func json<Payload: Encodable>(_ payload: Payload) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let text = String(data: try encoder.encode(payload), encoding: .utf8) else {
      throw StoreError.internal("cannot encode an event")
    }
    return text
  }
}

// MARK: - Payloads

/// An optional field written as `null` when empty rather than left out (the synthesised encoding
/// leaves nil out), so the centre reads one shape per event: every key always present.
@propertyWrapper
struct KeepsNull<Value: Encodable>: Encodable {
  var wrappedValue: Value?

  init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
  }
}

/// `order.picked_up`: the order left the point with its buyer (it releases the seller's escrow).
struct OrderPickedUpEvent: Encodable {
  var order_id: Int64
  var point: String
  var handed_over_at: String
  var staff: String
}

/// `order.handover_refused`: the counter did not hand an order over. `refused_by` is `check`
/// when the counter's rules refused the scanned code (`reason` is then the scan's outcome word:
/// `code_refused`, `locked`, `not_ready`, `already_picked_up`, `returned`, `cancelled`,
/// `hold_expired`), `clerk` when the clerk refused after a right code (`reason` is then
/// `wrong_person`, `parcel_not_found`, `parcel_damaged`, `customer_declined` or `other`).
/// `order_id` is the number scanned, which no order here may have.
struct OrderHandoverRefusedEvent: Encodable {
  var order_id: Int64
  var point: String
  var reason: String
  var refused_by: String
  var scan_id: Int64
  var source: String
  var refused_at: String
}

/// `order.returned`: the order's hold ended uncollected; it goes back to the seller.
struct OrderReturnedEvent: Encodable {
  var order_id: Int64
  var point: String
  @KeepsNull var shelf: String?
  var hold_until: String
  var returned_at: String
}

/// `ticket.status_changed`: a ticket was opened (`from` null), changed status, or was rated
/// (`rating` is the score given by this change, null otherwise). Every key is present; the
/// subject and the conversation never are.
struct TicketStatusChangedEvent: Encodable {
  var ticket_id: Int64
  @KeepsNull var order_id: Int64?
  var point: String
  var category: String
  var priority: String
  @KeepsNull var from: String?
  var to: String
  @KeepsNull var rating: Int?
  var changed_at: String
}
