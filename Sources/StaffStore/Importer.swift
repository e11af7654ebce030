import Foundation
import GRDB
import StaffDomain

/// What one import did.
public struct ImportReport: Sendable, Equatable {
  public var kind: ImportKind
  public var file: String
  public var added = 0
  public var updated = 0
  public var unchanged = 0
  /// Orders: the items of new ready orders brought into stock on their shelf (one RECEIVE each).
  public var received = 0
}

/// Problems found in one file, each printed as `FILE:LINE: reason`. Nothing was imported.
public struct ImportFileError: Error, Sendable, Equatable {
  public var file: String
  public var issues: [ImportIssue]
  public var lines: [String] { issues.map { "\(file):\($0.line): \($0.message)" } }
}

public enum Importer {
  /// A file's rows (CSV, JSON or JSON lines, by its name and bytes), for importers that read
  /// them with `RowReader` themselves.
  static func rows(_ path: String) throws -> (file: String, rows: [ImportRow], header: ImportHeader?) {
    let bytes = try readFile(path)
    do {
      let (header, rows) = try ImportReader.table(bytes, format: ImportFormat.guess(fileName: path, bytes: bytes))
      return (path, rows, header)
    } catch {
      throw ImportFileError(file: path, issues: error.issues)
    }
  }

  /// Checks a CSV file's header against `known`, then runs `body` on each row; collects every
  /// row's problems and refuses the file if there are any.
  static func each(
    _ input: (file: String, rows: [ImportRow], header: ImportHeader?), known: Set<String>,
    _ body: (inout RowReader) throws -> Void
  ) throws {
    do {
      try Importers.checkColumns(input.header, known: known)
    } catch {
      throw ImportFileError(file: input.file, issues: error.issues)
    }
    var issues: [ImportIssue] = []
    for row in input.rows {
      var r = RowReader(row, known: known)
      try body(&r)
      issues += r.issues
    }
    if !issues.isEmpty { throw ImportFileError(file: input.file, issues: Array(issues.prefix(ImportFailure.limit))) }
  }

  /// Import files larger than this are refused before reading (the biggest real export is a few MB).
  public static let maximumFileSize = 64 * 1024 * 1024

  /// Reads a file's bytes, refusing what is not a readable regular file of sane size.
  public static func readFile(_ path: String) throws -> [UInt8] {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw StoreError.invalid(.cannotRead, .text(path), .text(String(cString: strerror(errno))))
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw StoreError.invalid(.notRegularFile, .text(path)) }
    guard st.st_size <= maximumFileSize else {
      throw StoreError.invalid(.importTooBig, .text(path), .count(Int64(st.st_size)), .count(Int64(maximumFileSize)))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw StoreError.invalid(.cannotReadDenied, .text(path))
    }
    return [UInt8](data)
  }

  /// Parses and checks `bytes` as `kind`; `file` names it in messages.
  public static func parse(_ kind: ImportKind, bytes: [UInt8], file: String) throws -> ParsedImport {
    let format = ImportFormat.guess(fileName: file, bytes: bytes)
    do {
      let (header, rows) = try ImportReader.table(bytes, format: format)
      try Importers.checkKind(kind, rows, header: header)
      try Importers.checkColumns(header, known: Importers.knownColumns(kind, format: format))
      switch kind {
      case .products: return .products(try Importers.products(rows))
      case .staff: return .staff(try Importers.staff(rows))
      case .orders: return .orders(try Importers.orders(rows, format: format))
      }
    } catch {
      throw ImportFileError(file: file, issues: error.issues)
    }
  }

  /// Reads, checks and applies one file in one transaction: all of it or none of it. `login`:
  /// who imports (see `apply`).
  public static func importFile(
    _ kind: ImportKind, path: String, into database: AppDatabase, keys: KeyStore, by login: String? = nil, now: Timestamp
  ) throws -> ImportReport {
    let parsed = try parse(kind, bytes: try readFile(path), file: path)
    let key = kind == .orders ? try keys.pickupCodeKey(create: false) : nil
    let personal = kind == .orders ? try PersonalData.key(keys, database) : nil
    return try apply(parsed, file: path, to: database, key: key, personal: personal, by: login, now: now)
  }

  public enum ParsedImport: Sendable {
    case products([ProductRecord])
    case staff([StaffRecord])
    case orders([OrderRecord])
  }

  /// `receiveReadyStock`: whether a new ready order's items are received onto its shelf (the
  /// demo's stock file records those arrivals itself, with their own times). `source`: what the
  /// audit row names the file by (default `file`; the demo gives file names, not paths).
  /// `login`: who imports. A staff file sets roles and disables accounts, so it needs someone who
  /// manages staff, except while the point has no admin who can log in (setting up). Products
  /// and orders are the marketplace's feed, which the host imports with no login; a login given
  /// must be allowed to import data.
  public static func apply(
    _ parsed: ParsedImport, file: String, source: String? = nil, to database: AppDatabase, key: PickupCodeKey?,
    personal: PersonalDataKey? = nil, receiveReadyStock: Bool = true, by login: String? = nil, now: Timestamp
  ) throws -> ImportReport {
    try database.write { db in
      let actor: Int64?
      if case .staff = parsed {
        actor = try Accounts.actor(login, db, for: .manageStaff, subjectRole: .admin)?.id
      } else {
        actor = try login.map { try db.require(.importData, by: $0).id }
      }
      let point = try PointSetup.currentPoint(db)
      var report: ImportReport
      var issues: [ImportIssue] = []
      switch parsed {
      case .products(let records):
        report = ImportReport(kind: .products, file: file)
        try applyProducts(records, now: now, report: &report, db)
      case .staff(let records):
        report = ImportReport(kind: .staff, file: file)
        try applyStaff(records, pointID: point.id, now: now, report: &report, db)
      case .orders(let records):
        report = ImportReport(kind: .orders, file: file)
        guard let key, let personal else { throw StoreError.internal("orders import without its keys") }
        try PointSetup.checkKey(key, db)
        try PersonalData.checkKey(personal, db)
        _ = try PersonalData.sealRemaining(key: personal, now: now, db)
        try applyOrders(
          records, pointID: point.id, key: key, personal: personal, receive: receiveReadyStock, now: now, report: &report,
          issues: &issues, db)
      }
      if !issues.isEmpty {
        throw ImportFileError(file: file, issues: Array(issues.prefix(ImportFailure.limit)))
      }
      try Audit.append(
        at: now, staffID: actor, terminal: nil, action: "import.\(report.kind.rawValue)", entity: "file", entityID: source ?? file,
        after: "added=\(report.added) updated=\(report.updated) unchanged=\(report.unchanged)"
          + (report.kind == .orders ? " received=\(report.received)" : ""), db)
      return report
    }
  }

  static func applyProducts(_ records: [ProductRecord], now: Timestamp, report: inout ImportReport, _ db: Database)
    throws
  {
    for p in records {
      let values: [DatabaseValueConvertible?] = [
        p.title, p.category, p.price.amount, p.condition.rawValue, p.uniqueItem, p.lowStockThreshold,
      ]
      if let row = try Row.fetchOne(
        db, sql: "SELECT title, category, price_fcfa, condition, unique_item, low_stock_threshold FROM products WHERE id = ?",
        arguments: [p.id])
      {
        let same =
          row["title"] == p.title && row["category"] == p.category && row["price_fcfa"] == p.price.amount
          && row["condition"] == p.condition.rawValue && row["unique_item"] == p.uniqueItem
          && (row["low_stock_threshold"] as Int64?) == p.lowStockThreshold
        if same {
          report.unchanged += 1
          continue
        }
        try db.execute(
          sql: """
            UPDATE products SET title = ?, category = ?, price_fcfa = ?, condition = ?, unique_item = ?,
                                low_stock_threshold = ?, updated_at = ? WHERE id = ?
            """,
          arguments: StatementArguments(values + [now.seconds, p.id]))
        report.updated += 1
      } else {
        try db.execute(
          sql: """
            INSERT INTO products (title, category, price_fcfa, condition, unique_item, low_stock_threshold,
                                  created_at, updated_at, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: StatementArguments(values + [now.seconds, now.seconds, p.id]))
        report.added += 1
      }
    }
  }

  static func applyStaff(
    _ records: [StaffRecord], pointID: Int64, now: Timestamp, report: inout ImportReport, _ db: Database
  ) throws {
    for s in records {
      if let row = try Row.fetchOne(db, sql: "SELECT full_name, role, active FROM staff WHERE login = ?", arguments: [s.login]) {
        if row["full_name"] == s.fullName && row["role"] == s.role.rawValue && row["active"] == s.active {
          report.unchanged += 1
          continue
        }
        try db.execute(
          sql: "UPDATE staff SET full_name = ?, role = ?, active = ?, updated_at = ? WHERE login = ?",
          arguments: [s.fullName, s.role.rawValue, s.active, now.seconds, s.login])
        report.updated += 1
      } else {
        try db.execute(
          sql: """
            INSERT INTO staff (login, full_name, role, point_id, active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [s.login, s.fullName, s.role.rawValue, pointID, s.active, now.seconds, now.seconds])
        report.added += 1
      }
    }
  }

  static func applyOrders(
    _ records: [OrderRecord], pointID: Int64, key: PickupCodeKey, personal: PersonalDataKey, receive: Bool, now: Timestamp,
    report: inout ImportReport, issues: inout [ImportIssue], _ db: Database
  ) throws {
    let holdDays = Int64(try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'hold_days'") ?? "") ?? 7
    for o in records {
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM orders WHERE id = ?", arguments: [o.id]) == true {
        report.unchanged += 1
        continue
      }
      for item in o.items {
        if let p = item.productID,
          try Bool.fetchOne(db, sql: "SELECT 1 FROM products WHERE id = ?", arguments: [p]) != true
        {
          issues.append(
            ImportIssue(line: o.line, "order \(o.id): product \(p) is not in the catalogue (import products first)"))
        }
      }
      var handoverStaff: Int64? = nil
      if let login = o.handedOverBy {
        handoverStaff = try Int64.fetchOne(db, sql: "SELECT id FROM staff WHERE login = ?", arguments: [login])
        if handoverStaff == nil {
          issues.append(ImportIssue(line: o.line, "order \(o.id): handed_over_by '\(login)' is not a known staff login"))
        }
      }
      if !issues.isEmpty { continue }

      // The customer's name and phone are sealed: the database never holds them in clear.
      try PersonalData.saveCustomer(id: o.customerID, name: o.customerName, phone: o.customerPhone, key: personal, now: now, db)
      let locationID = try o.shelf.map { try PointSetup.location($0, pointID: pointID, db) }
      let reached: Set<OrderStatus> = [.received, .ready, .pickedUp, .returned]
      let receivedAt = reached.contains(o.status) ? o.updatedAt.seconds : nil
      let readyAt = o.status == .ready ? o.updatedAt.seconds : nil
      try db.execute(
        sql: """
          INSERT INTO orders (id, point_id, customer_id, status, pickup_code_hmac, location_id, created_at, updated_at,
                              received_at, ready_at, hold_until)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          o.id, pointID, o.customerID, o.status.rawValue, key.digest(of: o), locationID,
          o.createdAt.seconds, o.updatedAt.seconds, receivedAt, readyAt, readyAt.map { $0 + holdDays * 86400 },
        ])
      for item in o.items {
        try db.execute(
          sql: "INSERT INTO order_items (order_id, product_id, title, quantity, unit_price_fcfa) VALUES (?, ?, ?, ?, ?)",
          arguments: [o.id, item.productID, item.title, item.quantity, item.unitPrice.amount])
      }
      if o.status == .pickedUp {
        try db.execute(
          sql: "INSERT INTO handovers (order_id, staff_id, terminal, handed_over_at) VALUES (?, ?, 'import', ?)",
          arguments: [o.id, handoverStaff, o.updatedAt.seconds])
        try RecordChain.append(.handover, id: o.id, db)
      }
      if receive, o.status == .ready, let locationID, let shelf = o.shelf {
        try receiveItems(o, shelf: shelf, locationID: locationID, pointID: pointID, now: now, report: &report, issues: &issues, db)
      }
      report.added += 1
    }
  }

  /// A new ready order waits on its shelf, so its catalogue items are there: each comes into stock
  /// with a RECEIVE into the shelf (the order's id on the movement, an audit row like any
  /// movement's), at the time the order became ready. Only a new order is received, so importing
  /// a file again receives nothing twice. A single item already on that shelf is there already;
  /// one in stock elsewhere refuses the file (the ledger never holds it twice). Orders in any
  /// other state bring nothing in: expected and received ones are not on a shelf yet, picked-up,
  /// returned and cancelled ones are no longer here.
  static func receiveItems(
    _ o: OrderRecord, shelf: String, locationID: Int64, pointID: Int64, now: Timestamp, report: inout ImportReport,
    issues: inout [ImportIssue], _ db: Database
  ) throws {
    for item in o.items {
      guard let product = item.productID else { continue }
      let unique = try Bool.fetchOne(db, sql: "SELECT unique_item FROM products WHERE id = ?", arguments: [product]) ?? false
      if unique,
        try Int64.fetchOne(
          db, sql: "SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?", arguments: [product, locationID]) ?? 0 > 0
      {
        continue
      }
      let reason = "ready order \(o.id) imported"
      let id: Int64
      do {
        id = try Ledger.post(
          NewMovement(
            type: .receive, productID: product, quantity: item.quantity, to: locationID, reason: reason, orderID: o.id, at: o.updatedAt),
          pointID: pointID, db)
      } catch StoreError.refused(let why) {
        issues.append(ImportIssue(line: o.line, "order \(o.id): cannot bring product \(product) into stock at \(shelf): \(why.description)"))
        continue
      }
      try Audit.append(
        at: now, terminal: nil, action: "stock.move", entity: "movement", entityID: String(id),
        after: "RECEIVE \(product) x\(item.quantity) ->\(shelf) (\(reason))", db)
      report.received += 1
    }
  }
}
