import GRDB
import StaffDomain

/// A movement to post: the ledger row and its stock change commit together.
public struct NewMovement: Sendable, Equatable {
  public var type: MovementType
  public var productID: Int64
  public var quantity: Int64
  public var fromLocationID: Int64?
  public var toLocationID: Int64?
  public var staffID: Int64?
  public var reason: String?
  public var orderID: Int64?
  /// The transfer between points it is a leg of.
  public var transferID: Int64?
  /// The movement it reverses.
  public var reversesID: Int64?
  public var at: Timestamp

  public init(
    type: MovementType, productID: Int64, quantity: Int64, from: Int64? = nil, to: Int64? = nil,
    staffID: Int64? = nil, reason: String? = nil, orderID: Int64? = nil, transferID: Int64? = nil, reverses: Int64? = nil,
    at: Timestamp
  ) {
    self.type = type
    self.productID = productID
    self.quantity = quantity
    self.fromLocationID = from
    self.toLocationID = to
    self.staffID = staffID
    self.reason = reason
    self.orderID = orderID
    self.transferID = transferID
    self.reversesID = reverses
    self.at = at
  }
}

public enum Ledger {
  /// The most a single movement moves (a typo of a few extra digits is refused, not posted).
  public static let maximumQuantity: Int64 = 100_000

  /// Posts a movement inside the caller's transaction: refuses what the rules refuse (with the
  /// reason), inserts the ledger row and chains it (`RecordChain`), and moves the stock. Stock
  /// never goes below zero except through an ADJUSTMENT with a reason; a single item
  /// (`unique_item`) moves one at a time and is never in stock twice (nothing brings one in while it is somewhere, not even an ADJUSTMENT).
  @discardableResult
  public static func post(_ m: NewMovement, pointID: Int64, _ db: Database) throws -> Int64 {
    guard m.quantity >= 1 else { throw StoreError.refused(.moveAtLeastOne) }
    guard m.quantity <= maximumQuantity else {
      throw StoreError.refused(.moveAtMost, .count(maximumQuantity), .count(m.quantity))
    }
    let shape = MovementShape(
      type: m.type, from: m.fromLocationID != nil, to: m.toLocationID != nil, crossesPoints: m.transferID != nil,
      reverses: m.reversesID != nil)
    if case .failure(let e) = shape.check() { throw StoreError.refused(e.reason) }
    guard m.fromLocationID != m.toLocationID else { throw StoreError.refused(.moveToItself) }
    let reason = m.reason?.trimmingSpaces
    if m.type.needsReason && (reason ?? "").isEmpty {
      throw m.type == .adjustment ? StoreError.refused(.adjustmentNeedsReason) : StoreError.refused(.moveNeedsReason, .text(m.type.rawValue))
    }
    guard
      let unique = try Bool.fetchOne(
        db.cachedStatement(sql: "SELECT unique_item FROM products WHERE id = ?"), arguments: [m.productID])
    else { throw StoreError.refused(.notInCatalogue, .id(m.productID)) }
    if unique {
      guard m.quantity == 1 else {
        throw StoreError.refused(.singleItemOne, .id(m.productID), .count(m.quantity))
      }
      if m.fromLocationID == nil,
        let place = try String.fetchOne(
          db.cachedStatement(
            sql: """
              SELECT l.code FROM stock s JOIN locations l ON l.id = s.location_id
               WHERE s.product_id = ? AND s.quantity > 0 LIMIT 1
              """), arguments: [m.productID])
      {
        throw StoreError.refused(.singleItemInStock, .id(m.productID), .text(place))
      }
    }
    if let from = m.fromLocationID {
      let have =
        try Int64.fetchOne(
          db.cachedStatement(sql: "SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?"),
          arguments: [m.productID, from]) ?? 0
      if have < m.quantity && m.type != .adjustment {
        let code = try String.fetchOne(db.cachedStatement(sql: "SELECT code FROM locations WHERE id = ?"), arguments: [from]) ?? "?"
        throw StoreError.refused(.stockBelowZero, .count(have), .id(m.productID), .text(code), .count(m.quantity))
      }
    }
    try db.cachedStatement(
      sql: """
        INSERT INTO movements (point_id, type, product_id, quantity, from_location_id, to_location_id, staff_id,
                               reason, order_id, transfer_id, reverses_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      pointID, m.type.rawValue, m.productID, m.quantity, m.fromLocationID, m.toLocationID, m.staffID, reason,
      m.orderID, m.transferID, m.reversesID, m.at.seconds,
    ])
    let id = db.lastInsertedRowID
    try RecordChain.appendMovement(
      id: id, pointID: pointID, type: m.type.rawValue, productID: m.productID, quantity: m.quantity, from: m.fromLocationID,
      to: m.toLocationID, staffID: m.staffID, reason: reason, orderID: m.orderID, transferID: m.transferID, reversesID: m.reversesID,
      createdAt: m.at.seconds, db)
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity,
                                                           updated_at = excluded.updated_at
        """)
    for (location, delta) in [(m.fromLocationID, -m.quantity), (m.toLocationID, m.quantity)] {
      guard let location else { continue }
      try upsert.execute(arguments: [m.productID, location, delta, m.at.seconds])
    }
    return id
  }
}
