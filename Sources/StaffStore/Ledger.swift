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
  public var at: Timestamp

  public init(
    type: MovementType, productID: Int64, quantity: Int64, from: Int64? = nil, to: Int64? = nil,
    staffID: Int64? = nil, reason: String? = nil, orderID: Int64? = nil, at: Timestamp
  ) {
    self.type = type
    self.productID = productID
    self.quantity = quantity
    self.fromLocationID = from
    self.toLocationID = to
    self.staffID = staffID
    self.reason = reason
    self.orderID = orderID
    self.at = at
  }
}

public enum Ledger {
  /// Posts a movement inside the caller's transaction: refuses what the rules refuse (with the
  /// reason), inserts the ledger row, and moves the stock. Stock never goes below zero except
  /// through an ADJUSTMENT with a reason.
  @discardableResult
  public static func post(_ m: NewMovement, pointID: Int64, _ db: Database) throws -> Int64 {
    guard m.quantity >= 1 else { throw StoreError.refused("a movement moves at least 1 unit") }
    guard m.fromLocationID != nil || m.toLocationID != nil else {
      throw StoreError.refused("a movement needs a location to take from or to put to")
    }
    let reason = m.reason?.trimmingSpaces
    if m.type.needsReason && (reason ?? "").isEmpty {
      throw StoreError.refused("a \(m.type.rawValue) movement needs a reason")
    }
    if let from = m.fromLocationID {
      let have = try Int64.fetchOne(
        db, sql: "SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?",
        arguments: [m.productID, from]) ?? 0
      if have < m.quantity && m.type != .adjustment {
        let code = try String.fetchOne(db, sql: "SELECT code FROM locations WHERE id = ?", arguments: [from]) ?? "?"
        throw StoreError.refused(
          "only \(have) of product \(m.productID) at \(code): cannot take \(m.quantity) (stock never goes below zero)")
      }
    }
    try db.execute(
      sql: """
        INSERT INTO movements (point_id, type, product_id, quantity, from_location_id, to_location_id, staff_id,
                               reason, order_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        pointID, m.type.rawValue, m.productID, m.quantity, m.fromLocationID, m.toLocationID, m.staffID, reason,
        m.orderID, m.at.seconds,
      ])
    let id = db.lastInsertedRowID
    for (location, delta) in [(m.fromLocationID, -m.quantity), (m.toLocationID, m.quantity)] {
      guard let location else { continue }
      try db.execute(
        sql: """
          INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity,
                                                             updated_at = excluded.updated_at
          """,
        arguments: [m.productID, location, delta, m.at.seconds])
    }
    return id
  }
}
