import Foundation
import GRDB
import StaffDomain

/// Builds the demo database from `Fixtures/demo/`: a believable pickup point in Douala. The files
/// are written as of `reference`; every time in them is shifted so that `reference` becomes `now`,
/// so the demo always looks like a working day in progress.
public enum DemoBuilder {
  public static let reference: Timestamp = {
    guard case .success(let t) = Timestamp.parse("2026-11-20T12:00:00+01:00") else { preconditionFailure() }
    return t
  }()
  public static let pointCode = "DLA-AKWA"
  public static let pointName = "VGK Akwa, Douala"

  /// Creates the demo at `path` (which must not exist) from `fixtures`. On any failure the
  /// half-made files are removed, so a later run starts clean.
  public static func build(path: String, keys: KeyStore, fixtures: String, now: Timestamp) throws -> AppDatabase {
    do {
      let database = try buildUnchecked(path: path, keys: keys, fixtures: fixtures, now: now)
      try giveSecrets(database, keys: keys, now: now)
      return database
    } catch {
      remove(path: path)
      throw error
    }
  }

  /// The demo's secrets (printed on its login screen): the admin first, who then sets the others'.
  public static let secrets: [(login: String, secret: String, kind: SecretKind)] = [
    ("herve.n", "admin-demo", .password), ("solange.e", "superviseur", .password), ("amina.n", "2468", .pin),
    ("jp.mbarga", "1357", .pin), ("brice.k", "brice-demo", .password),
  ]

  /// What the demo's login screen says: its accounts with their secrets and roles and, when one
  /// is given, a pickup code that works now (`sample`, from `samplePayload`); the screen puts it
  /// into words in its reader's language.
  public static func loginHint(sample: String? = nil) -> LoginHint {
    func account(_ login: String, _ role: StaffRole?) -> LoginHint.Account {
      let (secret, kind) = secrets.first { $0.login == login }.map { ($0.secret, $0.kind) } ?? ("", .password)
      return LoginHint.Account(login: login, secret: secret, kind: kind, role: role)
    }
    return LoginHint(
      lines: [
        [account("amina.n", .clerk), account("solange.e", .supervisor)],
        [account("herve.n", .admin), account("jp.mbarga", nil), account("brice.k", nil)],
      ], sample: sample)
  }

  /// Gives the demo's accounts that have none their secrets (a demo built before logins existed
  /// would otherwise open on a login nobody can pass).
  public static func giveSecrets(_ database: AppDatabase, keys: KeyStore, now: Timestamp) throws {
    let hasher = SecretHasher(pepper: try keys.pepper(create: true), terminalKey: try keys.terminalKey(create: true))
    let without = Set(try Accounts.list(database).filter { $0.secret == nil }.map(\.login))
    for (login, secret, kind) in secrets where without.contains(login) {
      try Accounts.setSecret(
        database, login: login, secret: secret, kind: kind, hasher: hasher, by: login == "herve.n" ? nil : "herve.n", terminal: "demo",
        now: now)
    }
  }

  /// A pickup code that works in the demo now, `ORDER:{id}:{code}`: the most recently shelved of
  /// the fixtures' ready orders that is still ready, within its hold and not locked in the
  /// database, and whose code the database confirms (the fixtures hold the codes in clear, the
  /// database only their keyed hash). Nil when none is left (all handed over: `demo --reset`).
  public static func samplePayload(fixtures: String, database: AppDatabase, key: PickupCodeKey?, now: Timestamp) -> String? {
    let file = (fixtures as NSString).appendingPathComponent("orders.json")
    guard let key, let bytes = try? Importer.readFile(file),
      case .orders(let orders)? = try? Importer.parse(.orders, bytes: bytes, file: file)
    else { return nil }
    let ready = orders.filter { $0.status == .ready }.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
    return try? database.read { db in
      for order in ready {
        guard
          let row = try Row.fetchOne(
            db, sql: "SELECT status, hold_until, locked_until, pickup_code_hmac FROM orders WHERE id = ?", arguments: [order.id]),
          (row["status"] as String?) == OrderStatus.ready.rawValue, ((row["hold_until"] as Int64?) ?? 0) > now.seconds,
          ((row["locked_until"] as Int64?) ?? 0) <= now.seconds,
          let digest = row["pickup_code_hmac"] as Data?, key.matches(orderID: order.id, code: order.pickupCode, digest: digest)
        else { continue }
        return ScanPayload.order(id: order.id, pickupCode: order.pickupCode).text
      }
      return nil
    }
  }

  /// The `settings` key holding the time up to which the demo's holds have been moved on.
  static let asOfKey = "demo_as_of"

  /// Keeps the demo's parcels waiting however long after its building it is opened: the orders
  /// still ready have their time on the shelf (ready_at, updated_at, hold_until) moved on by the
  /// time since the demo was last opened, so each keeps the hold it had left then (those already
  /// past it stay past it, and `orders expire` returns them). One audited write (`demo.renew`).
  /// Nothing else moves: the ledger and the audit trail are append-only, and the tasks and
  /// tickets simply age. Returns how many orders were moved on.
  @discardableResult
  public static func renewHolds(_ database: AppDatabase, now: Timestamp) throws -> Int {
    try database.write { db in
      let asOf =
        try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?", arguments: [asOfKey])
        ?? Int64.fetchOne(db, sql: "SELECT max(at) FROM audit_log WHERE action = 'demo.build'")
      guard let asOf, now.seconds > asOf else { return 0 }
      let shift = now.seconds - asOf
      try db.execute(
        sql: """
          UPDATE orders SET ready_at = ready_at + ?1, updated_at = updated_at + ?1, hold_until = hold_until + ?1
           WHERE status = 'ready' AND hold_until IS NOT NULL
          """, arguments: [shift])
      let moved = db.changesCount
      try setAsOf(now, db)
      try Audit.append(
        at: now, terminal: "demo", action: "demo.renew", entity: "orders", after: "\(moved) ready orders' holds moved on by \(shift) s", db)
      return moved
    }
  }

  static func setAsOf(_ t: Timestamp, _ db: Database) throws {
    try db.execute(
      sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      arguments: [asOfKey, String(t.seconds)])
  }

  /// Deletes a database and its side files.
  public static func remove(path: String) {
    for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  }

  static func buildUnchecked(path: String, keys: KeyStore, fixtures: String, now: Timestamp) throws -> AppDatabase {
    let shift = (now - reference) / 60 * 60
    func file(_ name: String) -> String { (fixtures as NSString).appendingPathComponent(name) }
    func parse(_ kind: ImportKind, _ name: String) throws -> Importer.ParsedImport {
      try Importer.parse(kind, bytes: try Importer.readFile(file(name)), file: file(name))
    }
    let products = try parse(.products, "products.csv")
    let staff = try parse(.staff, "staff.csv")
    guard case .orders(let orders) = try parse(.orders, "orders.json") else { throw StoreError.internal("orders") }
    let shiftedOrders = orders.map { o in
      var o = o
      o.createdAt = o.createdAt + shift
      o.updatedAt = o.updatedAt + shift
      return o
    }
    let stock = try Importer.rows(file("stock.csv"))
    let tasks = try Importer.rows(file("tasks.csv"))
    let tickets = try Importer.rows(file("tickets.json"))

    let key = try keys.pickupCodeKey(create: true)
    let database = try AppDatabase.open(path: path, create: true)
    _ = try PointSetup.initialise(database, pointCode: pointCode, name: pointName, key: key, kind: .training, now: reference + shift)
    _ = try Importer.apply(products, file: file("products.csv"), source: "products.csv", to: database, key: nil, now: reference + shift)
    _ = try Importer.apply(staff, file: file("staff.csv"), source: "staff.csv", to: database, key: nil, now: reference + shift)
    let personal = try keys.personalDataKey(create: true)
    // stock.csv records the ready orders' items arriving (before they were shelved), so the
    // orders come in without the import's own receiving.
    _ = try Importer.apply(
      .orders(shiftedOrders), file: file("orders.json"), source: "orders.json", to: database, key: key, personal: personal, receiveReadyStock: false,
      now: reference + shift)
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      try postStock(stock, file: file("stock.csv"), pointID: point.id, shift: shift, db)
      try insertTasks(tasks, file: file("tasks.csv"), pointID: point.id, shift: shift, db)
      try insertTickets(tickets, file: file("tickets.json"), pointID: point.id, shift: shift, personal: personal, db)
      // The audit trail and the tasks name the fixtures by file name, not by a path of this machine.
      try Audit.append(at: now, action: "demo.build", entity: "fixtures", entityID: "demo", db)
      try setAsOf(now, db)
    }
    return database
  }

  static func staffID(_ login: String?, _ r: inout RowReader, _ db: Database) throws -> Int64? {
    guard let login else { return nil }
    guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM staff WHERE login = ?", arguments: [login]) else {
      r.fail("'\(login)' is not a known staff login")
      return nil
    }
    return id
  }

  static func postStock(_ input: (file: String, rows: [ImportRow], header: ImportHeader?), file: String, pointID: Int64, shift: Int64, _ db: Database) throws {
    try Importer.each(input, known: ["product_id", "location", "quantity", "received_at"]) { r in
      let product = r.id("product_id")
      let location = r.code("location", Identifier.locationCode)
      let quantity = r.integer("quantity", min: 1, max: 100_000)
      let at = r.time("received_at")
      guard let product, let location, let quantity, let at, r.problems.isEmpty else { return }
      let locationID = try PointSetup.location(location, pointID: pointID, db)
      do {
        try Ledger.post(
          NewMovement(type: .receive, productID: product, quantity: quantity, to: locationID, at: at + shift),
          pointID: pointID, db)
      } catch let e as DatabaseError where e.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
        r.fail("product \(product) is not in the catalogue")
      }
    }
  }

  static func insertTasks(_ input: (file: String, rows: [ImportRow], header: ImportHeader?), file: String, pointID: Int64, shift: Int64, _ db: Database) throws {
    let known: Set<String> = [
      "type", "priority", "status", "title", "created_at", "assignee", "order_id", "product_id", "waiting_reason",
      "closed_at", "cancel_reason",
    ]
    try Importer.each(input, known: known) { r in
      let type: TaskType? = r.value("type")
      let priority: Priority? = r.value("priority")
      let status: TaskStatus? = r.value("status")
      let title = r.text("title")
      let created = r.time("created_at")
      let assignee = try staffID(r.code("assignee", required: false, Identifier.login), &r, db)
      let order = r.id("order_id", required: false)
      let product = r.id("product_id", required: false)
      let waiting: WaitingReason? = r.value("waiting_reason", required: status == .waiting)
      let closed = r.time("closed_at", required: status == .done || status == .cancelled)
      let cancel = r.text("cancel_reason", required: status == .cancelled)
      guard let type, let priority, let status, let title, let created, r.problems.isEmpty else { return }
      let started: Int64? = status == .open ? nil : created.seconds + shift + 300
      try db.execute(
        sql: """
          INSERT INTO tasks (point_id, type, priority, status, title, assignee_id, created_at, sla_seconds,
                             waiting_since, waiting_reason, started_at, closed_at, cancel_reason, order_id,
                             product_id, source_key)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          pointID, type.rawValue, priority.rawValue, status.rawValue, title, assignee, created.seconds + shift,
          priority.defaultSLA, status == .waiting ? (created.seconds + shift + 600) : nil, waiting?.rawValue, started,
          closed.map { $0.seconds + shift }, cancel, order, product, "demo:\((file as NSString).lastPathComponent):\(r.line)",
        ])
    }
  }

  static func insertTickets(
    _ input: (file: String, rows: [ImportRow], header: ImportHeader?), file: String, pointID: Int64, shift: Int64, personal: PersonalDataKey, _ db: Database
  ) throws {
    let known: Set<String> = [
      "customer_id", "order_id", "category", "priority", "status", "assignee", "subject", "created_at", "rating",
      "messages",
    ]
    try Importer.each(input, known: known) { r in
      let customer = r.id("customer_id")
      let order = r.id("order_id", required: false)
      let category: TicketCategory? = r.value("category")
      let priority: Priority? = r.value("priority")
      let status: TicketStatus? = r.value("status")
      let assignee = try staffID(r.code("assignee", required: false, Identifier.login), &r, db)
      let subject = r.text("subject")
      let created = r.time("created_at")
      let rating = r.integer("rating", required: false, min: 1, max: 5)
      let messages = r.rows("messages") ?? []
      guard let customer, let category, let priority, let status, let subject, let created, r.problems.isEmpty
      else { return }
      var parsed: [(MessageDirection, Channel, Int64?, Timestamp, String)] = []
      for (n, m) in messages.enumerated() {
        var mr = RowReader(m, known: ["direction", "channel", "staff", "at", "body"])
        let direction: MessageDirection? = mr.value("direction")
        let channel: Channel? = mr.value("channel")
        let staff = try staffID(mr.code("staff", required: false, Identifier.login), &mr, db)
        let at = mr.time("at")
        let body = mr.text("body", max: 4000)
        for p in mr.problems { r.fail("message \(n + 1): \(p)") }
        if let direction, let channel, let at, let body { parsed.append((direction, channel, staff, at, body)) }
      }
      guard r.problems.isEmpty else { return }
      let firstResponse = parsed.first { $0.0 == .outbound }?.3.seconds
      let lastAt = (parsed.last?.3 ?? created).seconds + shift
      let resolved: Int64? = status == .resolved || status == .closed ? lastAt : nil
      try db.execute(
        sql: """
          INSERT INTO tickets (point_id, customer_id, order_id, category, priority, status, assignee_id, subject,
                               created_at, first_response_at, resolved_at, closed_at, waiting_since, rating)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          pointID, customer, order, category.rawValue, priority.rawValue, status.rawValue, assignee, subject,
          created.seconds + shift, firstResponse.map { $0 + shift }, resolved, status == .closed ? lastAt : nil,
          status == .waitingCustomer ? lastAt : nil, status == .closed ? rating : nil,
        ])
      let ticketID = db.lastInsertedRowID
      for (direction, channel, staff, at, body) in parsed {
        try TicketDesk.insertMessage(
          ticket: ticketID, direction: direction, channel: channel, staffID: staff, body: body, at: at + shift, key: personal, db)
      }
      if let rating, status == .closed {
        try db.execute(
          sql: "INSERT INTO ratings (score, staff_id, ticket_id, created_at) VALUES (?, ?, ?, ?)",
          arguments: [rating, assignee, ticketID, lastAt])
      }
    }
  }
}
