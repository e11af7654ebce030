/// The typed records an import produces. Validation is all here, free of any database: a
/// record that exists is well-formed; references to what the database holds are checked by
/// the store inside its transaction.

public struct ProductRecord: Equatable, Sendable {
  public var line: Int
  public var id: Int64
  public var title: String
  public var category: String
  public var price: FCFA
  public var condition: ItemCondition
  public var uniqueItem: Bool
  public var lowStockThreshold: Int64?
}

public struct StaffRecord: Equatable, Sendable {
  public var line: Int
  public var login: String
  public var fullName: String
  public var role: StaffRole
  public var active: Bool
}

public struct OrderItemRecord: Equatable, Sendable {
  public var productID: Int64?
  public var title: String
  public var quantity: Int64
  public var unitPrice: FCFA
}

public struct OrderRecord: Equatable, Sendable {
  public var line: Int
  public var id: Int64
  public var customerID: Int64
  public var customerName: String
  public var customerPhone: String?
  public var pickupCode: String
  public var status: OrderStatus
  public var shelf: String?
  public var createdAt: Timestamp
  public var updatedAt: Timestamp
  public var handedOverBy: String?
  public var items: [OrderItemRecord]
  /// The code's HMAC as the centre sealed it (`pickup_code_hmac` in the feed); then `pickupCode`
  /// is only a placeholder that is never stored.
  public var pickupDigest: [UInt8]? = nil
}

public enum ImportKind: String, CaseIterable, Sendable {
  case products, orders, staff
}

public enum Importers {
  // MARK: Products

  public static let productColumns: Set<String> = [
    "id", "title", "category", "price_fcfa", "condition", "unique_item", "low_stock_threshold",
  ]

  public static func products(_ rows: [ImportRow]) throws(ImportFailure) -> [ProductRecord] {
    var out: [ProductRecord] = []
    var issues: [ImportIssue] = []
    var firstLine: [Int64: Int] = [:]
    for row in rows {
      var r = RowReader(row, known: productColumns)
      let id = r.id("id")
      let title = r.text("title")
      let category = r.text("category", max: 40)
      let price = r.integer("price_fcfa", min: 0, max: 100_000_000)
      let condition: ItemCondition? = r.has("condition") ? r.value("condition") : .good
      let unique = r.bool("unique_item", default: true)
      let threshold = r.integer("low_stock_threshold", required: false, min: 0, max: 1_000_000)
      if let id, let first = firstLine[id] { r.fail("duplicate product id \(id) (first on line \(first))") }
      if let id, firstLine[id] == nil { firstLine[id] = row.line }
      if let id, let title, let category, let price, let condition, r.problems.isEmpty {
        out.append(
          ProductRecord(
            line: row.line, id: id, title: title, category: category, price: FCFA(price),
            condition: condition, uniqueItem: unique, lowStockThreshold: threshold))
      }
      issues += r.issues
    }
    try finish(issues)
    return out
  }

  // MARK: Staff

  public static let staffColumns: Set<String> = ["login", "full_name", "role", "active"]

  public static func staff(_ rows: [ImportRow]) throws(ImportFailure) -> [StaffRecord] {
    var out: [StaffRecord] = []
    var issues: [ImportIssue] = []
    var firstLine: [String: Int] = [:]
    for row in rows {
      var r = RowReader(row, known: staffColumns)
      let login = r.code("login", Identifier.login)
      let name = r.text("full_name", max: 80)
      let role: StaffRole? = r.value("role")
      let active = r.bool("active", default: true)
      if let login, let first = firstLine[login] { r.fail("duplicate login '\(login)' (first on line \(first))") }
      if let login, firstLine[login] == nil { firstLine[login] = row.line }
      if let login, let name, let role, r.problems.isEmpty {
        out.append(StaffRecord(line: row.line, login: login, fullName: name, role: role, active: active))
      }
      issues += r.issues
    }
    try finish(issues)
    return out
  }

  // MARK: Orders

  public static let orderColumns: Set<String> = [
    "order_id", "customer_id", "customer_name", "customer_phone", "pickup_code", "status", "shelf",
    "created_at", "updated_at", "handed_over_by",
  ]
  public static let itemColumns: Set<String> = ["product_id", "title", "quantity", "unit_price_fcfa"]

  /// CSV rows are one item each (order-level columns repeated); JSON rows are one order each with
  /// an `items` array. Both end as the same records, checked by the same rules.
  public static func orders(_ rows: [ImportRow], format: ImportFormat) throws(ImportFailure) -> [OrderRecord] {
    var issues: [ImportIssue] = []
    var orders: [OrderRecord] = []
    var index: [Int64: Int] = [:]
    for row in rows {
      var r = RowReader(row, known: format == .csv ? orderColumns.union(itemColumns) : orderColumns.union(["items"]))
      guard var order = orderHeader(&r) else {
        issues += r.issues
        continue
      }
      var items: [OrderItemRecord] = []
      if format == .csv {
        if let item = orderItem(&r) { items.append(item) }
      } else if let itemRows = r.rows("items") {
        if itemRows.isEmpty { r.fail("order \(order.id) has no items") }
        for (n, itemRow) in itemRows.enumerated() {
          var ir = RowReader(itemRow, known: itemColumns)
          if let item = orderItem(&ir) { items.append(item) }
          for p in ir.problems { r.fail("item \(n + 1): \(p)") }
        }
      }
      guard r.problems.isEmpty else {
        issues += r.issues
        continue
      }
      if let at = index[order.id] {
        if format == .json {
          issues.append(ImportIssue(line: row.line, "duplicate order id \(order.id) (first on line \(orders[at].line))"))
          continue
        }
        var first = orders[at]
        let diff = differingColumn(first, order)
        if let diff {
          issues.append(
            ImportIssue(line: row.line, "order \(order.id): column '\(diff)' differs from its first row (line \(first.line))"))
          continue
        }
        first.items += items
        orders[at] = first
      } else {
        order.items = items
        index[order.id] = orders.count
        orders.append(order)
      }
    }
    var customers: [Int64: OrderRecord] = [:]
    for order in orders {
      if let other = customers[order.customerID],
        other.customerName != order.customerName || other.customerPhone != order.customerPhone
      {
        issues.append(
          ImportIssue(
            line: order.line,
            "customer \(order.customerID) has a different name or phone than on line \(other.line)"))
      } else if customers[order.customerID] == nil {
        customers[order.customerID] = order
      }
      var seen: Set<Int64> = []
      for item in order.items {
        if let p = item.productID, !seen.insert(p).inserted {
          issues.append(ImportIssue(line: order.line, "order \(order.id) lists product \(p) twice"))
        }
      }
    }
    try finish(issues)
    return orders
  }

  static func orderHeader(_ r: inout RowReader) -> OrderRecord? {
    let id = r.id("order_id")
    let customer = r.id("customer_id")
    let name = r.text("customer_name", max: 80)
    let phone = r.code("customer_phone", required: false, Identifier.phone)
    let code = r.code("pickup_code", Identifier.pickupCode)
    let status: OrderStatus? = r.value("status")
    let shelf = r.code("shelf", required: false, Identifier.locationCode)
    let created = r.time("created_at")
    let updated = r.time("updated_at", required: false)
    let by = r.code("handed_over_by", required: false, Identifier.login)
    if status == .ready && shelf == nil && !r.has("shelf") { r.fail("a ready order needs a shelf") }
    if by != nil && status != nil && status != .pickedUp { r.fail("handed_over_by is only for picked_up orders") }
    if let created, let updated, updated < created { r.fail("updated_at is before created_at") }
    guard let id, let customer, let name, let code, let status, let created else { return nil }
    return OrderRecord(
      line: r.line, id: id, customerID: customer, customerName: name, customerPhone: phone, pickupCode: code,
      status: status, shelf: shelf, createdAt: created, updatedAt: updated ?? created, handedOverBy: by, items: [])
  }

  static func orderItem(_ r: inout RowReader) -> OrderItemRecord? {
    let product = r.id("product_id", required: false)
    let title = r.text("title")
    let quantity = r.integer("quantity", min: 1, max: 10_000)
    let price = r.integer("unit_price_fcfa", min: 0, max: 100_000_000)
    guard let title, let quantity, let price else { return nil }
    return OrderItemRecord(productID: product, title: title, quantity: quantity, unitPrice: FCFA(price))
  }

  static func differingColumn(_ a: OrderRecord, _ b: OrderRecord) -> String? {
    if a.customerID != b.customerID { return "customer_id" }
    if a.customerName != b.customerName { return "customer_name" }
    if a.customerPhone != b.customerPhone { return "customer_phone" }
    if a.pickupCode != b.pickupCode { return "pickup_code" }
    if a.status != b.status { return "status" }
    if a.shelf != b.shelf { return "shelf" }
    if a.createdAt != b.createdAt { return "created_at" }
    if a.updatedAt != b.updatedAt { return "updated_at" }
    if a.handedOverBy != b.handedOverBy { return "handed_over_by" }
    return nil
  }

  // MARK: The kind of a file

  /// The column every record of a kind has: a file without it is another kind of file (or has a
  /// header from elsewhere), refused with one error for the whole file.
  public static func keyColumn(_ kind: ImportKind) -> String {
    switch kind {
    case .products: "id"
    case .staff: "login"
    case .orders: "order_id"
    }
  }

  /// A kind's columns as a person reads them: the required ones, then the optional ones.
  static func columnsText(_ kind: ImportKind) -> String {
    switch kind {
    case .products: "id, title, category, price_fcfa (required), condition, unique_item, low_stock_threshold"
    case .staff: "login, full_name, role (required), active"
    case .orders:
      "order_id, customer_id, customer_name, pickup_code, status, created_at, and per item title, quantity, unit_price_fcfa "
        + "(required), customer_phone, shelf, updated_at, handed_over_by, product_id"
    }
  }

  /// Refuses a file of another kind with one error naming the columns expected, the ones found
  /// and the kind the file looks like, instead of the same problems on every row: a CSV file
  /// whose header lacks the kind's key column (at the header's line), or a JSON file in which no
  /// record has it (at the first record's line).
  public static func checkKind(_ kind: ImportKind, _ rows: [ImportRow], header: ImportHeader?) throws(ImportFailure) {
    let key = keyColumn(kind)
    var found: [String] = []
    let line: Int
    if let header {
      guard !header.columns.contains(key) else { return }
      found = header.columns
      line = header.line
    } else {
      guard let first = rows.first, !rows.contains(where: { $0.fields[key] != nil }) else { return }
      for row in rows {
        for name in row.fields.keys.sorted() where !found.contains(name) { found.append(name) }
        if found.count > 12 { break }
      }
      line = first.line
    }
    let has: (ImportKind) -> Bool = { k in header.map { $0.columns.contains(keyColumn(k)) } ?? rows.contains { $0.fields[keyColumn(k)] != nil } }
    let shown = found.prefix(12).joined(separator: ", ") + (found.count > 12 ? ", …" : "")
    let other = ImportKind.allCases.first { $0 != kind && has($0) }
    func a(_ k: ImportKind) -> String { (k == .orders ? "an " : "a ") + k.rawValue + " file" }
    var message = "is not \(a(kind)): it has no column '\(key)' (\(a(kind)) has \(columnsText(kind)))"
    message += found.isEmpty ? "" : "; this one has \(shown)"
    if let other { message += "; it looks like \(a(other)): vgk-staff import \(other.rawValue) FILE" }
    throw ImportFailure([ImportIssue(line: line, message)])
  }

  /// The columns a kind's file may have (orders: CSV rows are items, JSON orders hold `items`).
  public static func knownColumns(_ kind: ImportKind, format: ImportFormat) -> Set<String> {
    switch kind {
    case .products: productColumns
    case .staff: staffColumns
    case .orders: format == .csv ? orderColumns.union(itemColumns) : orderColumns.union(["items"])
    }
  }

  /// Refuses a CSV header with a column not in `known`, at the header's line, whether or not
  /// rows follow: a header-only file is checked like one with rows. (JSON has no header: each
  /// record's keys are checked with the record, by `RowReader`.)
  public static func checkColumns(_ header: ImportHeader?, known: Set<String>) throws(ImportFailure) {
    guard let header else { return }
    let unknown = header.columns.filter { !known.contains($0) }
    guard !unknown.isEmpty else { return }
    let list = known.sorted().joined(separator: ", ")
    throw ImportFailure(unknown.prefix(ImportFailure.limit).map { ImportIssue(line: header.line, "unknown column '\($0)' (known: \(list))") })
  }

  static func finish(_ issues: [ImportIssue]) throws(ImportFailure) {
    guard !issues.isEmpty else { return }
    throw ImportFailure(Array(issues.sorted { $0.line < $1.line }.prefix(ImportFailure.limit)))
  }
}
