import Foundation
import StaffDomain

/// The records of a checked import file as the JSON objects of the import's JSON format (one
/// object per order with its `items`, per product, per staff member): what the centre puts in a
/// point's feed, and what the point reads back with the same import rules. Only what the file
/// gave is written (an absent phone or shelf stays absent), so reading an object back gives
/// the record it came from.
public enum FeedPayloads {
  /// The feed kind of a parsed file's records.
  public static func kind(of parsed: Importer.ParsedImport) -> FeedKind {
    switch parsed {
    case .products: .product
    case .staff: .staff
    case .orders: .order
    }
  }

  /// One JSON object (as text, keys sorted) per record, in the file's order.
  public static func objects(_ parsed: Importer.ParsedImport) throws -> [String] {
    switch parsed {
    case .products(let records): return try records.map { try encode(Product($0)) }
    case .staff(let records): return try records.map { try encode(Staff($0)) }
    case .orders(let records): return try records.map { try encode(Order($0)) }
    }
  }

  private static func encode(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let text = String(data: try encoder.encode(value), encoding: .utf8) else {
      throw StoreError.internal("cannot encode a feed record as UTF-8 JSON")
    }
    return text
  }

  // Optional properties are left out when nil (synthesised `encodeIfPresent`).

  private struct Product: Encodable {
    var id: Int64
    var title: String
    var category: String
    var price_fcfa: Int64
    var condition: String
    var unique_item: Bool
    var low_stock_threshold: Int64?
    init(_ p: ProductRecord) {
      id = p.id
      title = p.title
      category = p.category
      price_fcfa = p.price.amount
      condition = p.condition.rawValue
      unique_item = p.uniqueItem
      low_stock_threshold = p.lowStockThreshold
    }
  }

  private struct Staff: Encodable {
    var login: String
    var full_name: String
    var role: String
    var active: Bool
    init(_ s: StaffRecord) {
      login = s.login
      full_name = s.fullName
      role = s.role.rawValue
      active = s.active
    }
  }

  private struct Item: Encodable {
    var product_id: Int64?
    var title: String
    var quantity: Int64
    var unit_price_fcfa: Int64
    init(_ i: OrderItemRecord) {
      product_id = i.productID
      title = i.title
      quantity = i.quantity
      unit_price_fcfa = i.unitPrice.amount
    }
  }

  private struct Order: Encodable {
    var order_id: Int64
    var customer_id: Int64
    var customer_name: String
    var customer_phone: String?
    var pickup_code: String
    var status: String
    var shelf: String?
    var created_at: String
    var updated_at: String
    var handed_over_by: String?
    var items: [Item]
    init(_ o: OrderRecord) {
      order_id = o.id
      customer_id = o.customerID
      customer_name = o.customerName
      customer_phone = o.customerPhone
      pickup_code = o.pickupCode
      status = o.status.rawValue
      shelf = o.shelf
      created_at = o.createdAt.iso8601
      updated_at = o.updatedAt.iso8601
      handed_over_by = o.handedOverBy
      items = o.items.map(Item.init)
    }
  }
}
