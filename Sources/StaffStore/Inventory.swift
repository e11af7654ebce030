import Foundation
import GRDB
import StaffDomain

/// A movement someone records: locations by their codes.
public struct MovementRequest: Sendable, Equatable {
  public var type: MovementType
  public var productID: Int64
  public var quantity: Int64
  public var from: String?
  public var to: String?
  public var reason: String?

  public init(type: MovementType, productID: Int64, quantity: Int64, from: String? = nil, to: String? = nil, reason: String? = nil) {
    self.type = type
    self.productID = productID
    self.quantity = quantity
    self.from = from
    self.to = to
    self.reason = reason
  }
}

/// Stock at one location: what is there and how much.
public struct LocationStock: Sendable, Equatable {
  public var location: String
  public var kind: LocationKind
  public var productID: Int64
  public var title: String
  public var quantity: Int64

  public init(location: String, kind: LocationKind, productID: Int64, title: String, quantity: Int64) {
    self.location = location
    self.kind = kind
    self.productID = productID
    self.title = title
    self.quantity = quantity
  }
}

/// A product under its low-stock threshold.
public struct LowStock: Sendable, Equatable {
  public var productID: Int64
  public var title: String
  public var category: String
  public var total: Int64
  public var threshold: Int64
  /// Where the threshold comes from: the point's own for the product, the marketplace's, or the
  /// point's for the category.
  public var source: String
}

/// The stock ledger at work: movements recorded by people (each with its audit row), reversals,
/// where things are, history, low-stock thresholds and alerts. Every write is one transaction in
/// which the movement and its stock change commit together (`Ledger.post`).
public struct Inventory: Sendable {
  public let database: AppDatabase

  public init(database: AppDatabase) { self.database = database }

  // MARK: Movements

  /// Records a movement on behalf of `login`. Location codes are the point's; a `to` code the
  /// point has never used becomes a new shelf only when it is in `newLocations` (someone said it
  /// is new): a typo must not make a shelf nobody will find.
  public func move(
    _ r: MovementRequest, newLocations: Set<String> = [], by login: String, terminal: String? = nil, now: Timestamp
  ) throws -> MovementView {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      let from = try r.from.map { try Self.existingLocation($0, pointID: point.id, db) }
      let to = try r.to.map { try Self.location($0, pointID: point.id, new: newLocations, db) }
      // TRANSIT holds transfers on their way; only their legs move goods in and out of it.
      for l in [from, to].compactMap({ $0 }) where try String.fetchOne(db, sql: "SELECT kind FROM locations WHERE id = ?", arguments: [l]) == "in_transit" {
        throw StoreError.refused(.transitNotMoved)
      }
      let id = try Ledger.post(
        NewMovement(
          type: r.type, productID: r.productID, quantity: r.quantity, from: from, to: to, staffID: member.id, reason: r.reason,
          at: now), pointID: point.id, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "stock.move", entity: "movement", entityID: String(id),
        after: "\(r.type.rawValue) \(r.productID) x\(r.quantity) \(r.from ?? "-")>\(r.to ?? "-")" + (r.reason.map { " (\($0))" } ?? ""),
        db)
      guard let view = try Counter.movement(id, db) else { throw StoreError.internal("movement \(id) was not written") }
      return view
    }
  }

  /// Reverses movement `id` with a reason: the same type, product and quantity the other way,
  /// pointing to it. Refused for a movement already reversed, a reversal, a transfer leg, and
  /// when the stock it would take back is no longer there (unless it is an ADJUSTMENT).
  public func reverse(_ id: Int64, reason: String, by login: String, terminal: String? = nil, now: Timestamp) throws -> MovementView {
    let why: String
    switch Identifier.text(reason, max: 200) {
    case .success(let t): why = t
    case .failure(let e):
      if e.reason.code == .fieldEmpty { throw StoreError.refused(.reversalNeedsReason) }
      throw StoreError.invalid(.theReason, .message(e.reason))
    }
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      guard let entry = try Self.entry(id, db) else { throw StoreError.refused(.noMovement, .id(id)) }
      let way: (from: Int64?, to: Int64?)
      switch entry.reversal() {
      case .success(let w): way = w
      case .failure(let e): throw StoreError.refused(e.reason)
      }
      let reversal = try Ledger.post(
        NewMovement(
          type: entry.type, productID: entry.productID, quantity: entry.quantity, from: way.from, to: way.to, staffID: member.id,
          reason: why, reverses: id, at: now), pointID: point.id, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "stock.reverse", entity: "movement", entityID: String(id),
        after: "reversed by \(reversal) (\(why))", db)
      guard let view = try Counter.movement(reversal, db) else { throw StoreError.internal("movement \(reversal) was not written") }
      return view
    }
  }

  static func entry(_ id: Int64, _ db: Database) throws -> LedgerEntry? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT m.type, m.product_id, m.quantity, m.from_location_id, m.to_location_id, m.reverses_id, m.transfer_id,
                 (SELECT r.id FROM movements r WHERE r.reverses_id = m.id) AS reversed_by
            FROM movements m WHERE m.id = ?
          """, arguments: [id]),
      let type = MovementType(rawValue: row["type"])
    else { return nil }
    return LedgerEntry(
      id: id, type: type, productID: row["product_id"], quantity: row["quantity"], fromLocation: row["from_location_id"],
      toLocation: row["to_location_id"], reverses: row["reverses_id"], reversedBy: row["reversed_by"], transferID: row["transfer_id"])
  }

  /// A location of the point by its code (refused when it has none).
  static func existingLocation(_ code: String, pointID: Int64, _ db: Database) throws -> Int64 {
    try location(code, pointID: pointID, create: false, db)
  }

  static func location(_ code: String, pointID: Int64, create: Bool, _ db: Database) throws -> Int64 {
    let c: String
    switch Identifier.locationCode(code.uppercased()) {
    case .success(let v): c = v
    case .failure(let e): throw StoreError.invalid(.theLocation, .text(String(code.prefix(20))), .message(e.reason))
    }
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM locations WHERE point_id = ? AND code = ?", arguments: [pointID, c]) {
      return id
    }
    guard create else { throw StoreError.refused(.noLocation, .text(c)) }
    return try PointSetup.location(c, pointID: pointID, db)
  }

  /// A location of the point by its code; a code the point has never used (no location row,
  /// hence no stock and no movement there) is created only when it is among `new`, and refused
  /// otherwise, naming it.
  static func location(_ code: String, pointID: Int64, new: Set<String>, _ db: Database) throws -> Int64 {
    let c = try canonicalLocation(code)
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM locations WHERE point_id = ? AND code = ?", arguments: [pointID, c]) {
      return id
    }
    guard new.contains(where: { $0.uppercased() == c }) else {
      throw StoreError.invalid(.newLocation, .text(c))
    }
    return try PointSetup.location(c, pointID: pointID, db)
  }

  /// A location code as the point stores it: capitals (a code typed in lower case is the same
  /// shelf), and refused with the reason when it breaks the grammar (`A-03-2`: A-Z, 0-9, '-').
  static func canonicalLocation(_ code: String) throws -> String {
    switch Identifier.locationCode(code.uppercased()) {
    case .success(let v): return v
    case .failure(let e): throw StoreError.invalid(.theLocation, .text(String(code.prefix(20))), .message(e.reason))
    }
  }

  /// Of `codes`, those this point has never used (as it stores them, each once, in order): what
  /// a movement, a receipt or a count would create. A code that breaks the grammar is refused.
  public func newLocations(_ codes: [String]) throws -> [String] {
    let canonical = try codes.map(Self.canonicalLocation)
    return try database.read { db in
      let point = try PointSetup.currentPoint(db)
      var seen = Set<String>()
      return try canonical.filter { c in
        guard seen.insert(c).inserted else { return false }
        return try Int64.fetchOne(db, sql: "SELECT id FROM locations WHERE point_id = ? AND code = ?", arguments: [point.id, c]) == nil
      }
    }
  }

  // MARK: Reading

  /// Where a product is: every location holding some of it.
  public func whereIs(_ productID: Int64) throws -> ProductView {
    try database.read { db in
      guard let view = try Counter.product(productID, db) else { throw StoreError.refused(.noProduct, .id(productID)) }
      return view
    }
  }

  /// What a location holds (refused for a location the point does not have).
  public func stock(at code: String) throws -> [LocationStock] {
    try database.read { db in
      let point = try PointSetup.currentPoint(db)
      let id = try Self.existingLocation(code, pointID: point.id, db)
      return try Row.fetchAll(
        db,
        sql: """
          SELECT l.code, l.kind, s.product_id, p.title, s.quantity FROM stock s JOIN locations l ON l.id = s.location_id
            JOIN products p ON p.id = s.product_id
           WHERE s.location_id = ? AND s.quantity <> 0 ORDER BY p.title, p.id
          """, arguments: [id]
      ).map {
        LocationStock(
          location: $0["code"], kind: LocationKind(rawValue: $0["kind"]) ?? .shelf, productID: $0["product_id"], title: $0["title"],
          quantity: $0["quantity"])
      }
    }
  }

  /// Movements of a product or of a location, the newest first, a page at a time: `before` a
  /// movement id (the last of the previous page).
  public func history(product: Int64? = nil, location: String? = nil, before: Int64? = nil, limit: Int = 50) throws -> [MovementView] {
    try database.read { db in
      let point = try PointSetup.currentPoint(db)
      let cursor = before ?? Int64.max
      let ids: [Int64]
      if let product {
        ids = try Int64.fetchAll(
          db, sql: "SELECT id FROM movements WHERE product_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
          arguments: [product, cursor, limit])
      } else if let location {
        let l = try Self.existingLocation(location, pointID: point.id, db)
        ids = try Int64.fetchAll(
          db,
          sql: """
            SELECT id FROM (SELECT id FROM movements WHERE from_location_id = ? AND id < ? ORDER BY id DESC LIMIT ?)
            UNION SELECT id FROM (SELECT id FROM movements WHERE to_location_id = ? AND id < ? ORDER BY id DESC LIMIT ?)
            ORDER BY id DESC LIMIT ?
            """, arguments: [l, cursor, limit, l, cursor, limit, limit])
      } else {
        ids = try Int64.fetchAll(db, sql: "SELECT id FROM movements WHERE id < ? ORDER BY id DESC LIMIT ?", arguments: [cursor, limit])
      }
      return try ids.compactMap { try Counter.movement($0, db) }
    }
  }

  /// Products under their threshold, the furthest under first.
  public func alerts() throws -> [LowStock] {
    try database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT low.id, low.threshold, low.total, low.source, p.title, p.category
            FROM (\(ConsoleQueries.lowStockSQL)) low JOIN products p ON p.id = low.id
           WHERE low.total < low.threshold
           ORDER BY low.total - low.threshold, p.title, p.id
          """
      ).map {
        LowStock(
          productID: $0["id"], title: $0["title"], category: $0["category"], total: $0["total"], threshold: $0["threshold"],
          source: $0["source"])
      }
    }
  }

  /// Sets this point's low-stock threshold for a product or a category (nil clears it). The
  /// point's own threshold for a product wins over the marketplace's; a product without either
  /// takes its category's.
  public func setThreshold(product: Int64? = nil, category: String? = nil, to threshold: Int64?, by login: String, now: Timestamp) throws {
    guard (product == nil) != (category == nil) else { throw StoreError.invalid(.productOrCategory) }
    if let t = threshold, !(0...100_000).contains(t) { throw StoreError.invalid(.thresholdRange, .count(Int64(t))) }
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.setThreshold, by: login)
      if let product, try Int64.fetchOne(db, sql: "SELECT id FROM products WHERE id = ?", arguments: [product]) == nil {
        throw StoreError.refused(.noProduct, .id(product))
      }
      if let category, try Int64.fetchOne(db, sql: "SELECT id FROM products WHERE category = ? LIMIT 1", arguments: [category]) == nil {
        throw StoreError.refused(.emptyCategory, .text(category))
      }
      try db.execute(
        sql: "DELETE FROM low_stock_thresholds WHERE point_id = ? AND product_id IS ? AND category IS ?",
        arguments: [point.id, product, category])
      if let threshold {
        try db.execute(
          sql: "INSERT INTO low_stock_thresholds (point_id, product_id, category, threshold) VALUES (?, ?, ?, ?)",
          arguments: [point.id, product, category, threshold])
      }
      try Audit.append(
        at: now, staffID: member.id, action: "stock.threshold", entity: product == nil ? "category" : "product",
        entityID: product.map(String.init) ?? category, after: threshold.map(String.init) ?? "cleared", db)
    }
  }

  /// Posts every movement of a CSV or JSON file (`type,product_id,quantity,from,to,reason,at`;
  /// `at` defaults to now) in one transaction, each through the ledger's rules: a file with any
  /// movement the rules refuse posts nothing, and each refusal is reported with its line.
  public func importMovements(path: String, by login: String, terminal: String? = nil, now: Timestamp) throws -> Int {
    let input = try Importer.rows(path)
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      var locations: [String: Int64] = [:]
      func place(_ code: String, create: Bool) throws -> Int64 {
        if let id = locations[code] { return id }
        let id = try Self.location(code, pointID: point.id, create: create, db)
        locations[code] = id
        return id
      }
      var posted = 0
      try Importer.each(input, known: ["type", "product_id", "quantity", "from", "to", "reason", "at"]) { r in
        let type: MovementType? = r.value("type")
        let product = r.id("product_id")
        let quantity = r.integer("quantity", min: 1, max: Ledger.maximumQuantity)
        let from = r.code("from", required: false) { Identifier.locationCode($0.uppercased()) }
        let to = r.code("to", required: false) { Identifier.locationCode($0.uppercased()) }
        let reason = r.text("reason", required: false, max: 200)
        let at = r.has("at") ? r.time("at") : now
        guard let type, let product, let quantity, let at, r.problems.isEmpty else { return }
        do {
          try Ledger.post(
            NewMovement(
              type: type, productID: product, quantity: quantity, from: try from.map { try place($0, create: false) },
              to: try to.map { try place($0, create: true) }, staffID: member.id, reason: reason, at: at), pointID: point.id, db)
          posted += 1
        } catch let e as StoreError {
          r.fail(e.description)
        }
      }
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "import.movements", entity: "file",
        entityID: (path as NSString).lastPathComponent, after: "\(posted) movements", db)
      return posted
    }
  }
}
