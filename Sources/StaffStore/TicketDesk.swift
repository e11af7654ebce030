import Foundation
import GRDB
import StaffDomain

/// A ticket with its conversation, as the desk shows it: the customer masked, every message's
/// body opened.
public struct TicketView: Sendable, Equatable {
  public var id: Int64
  public var subject: String
  public var category: TicketCategory
  public var priority: Priority
  public var state: TicketState
  public var customerID: Int64
  /// `M*** N***` and `••••••••89`: the counter's view.
  public var customer: String
  public var phone: String?
  public var orderID: Int64?
  public var assignee: String?
  public var reveals: Int
  public var messages: [TicketMessage]
}

/// A ticket to open.
public struct NewTicket: Sendable, Equatable {
  /// A known customer (the marketplace's id), or one found by phone, or a new one by phone and name.
  public var customerID: Int64?
  public var phone: String?
  public var name: String?
  public var orderID: Int64?
  public var category: TicketCategory
  public var priority: Priority
  public var subject: String
  /// What the customer said, if anything yet.
  public var message: String?
  public var channel: Channel

  public init(
    customerID: Int64? = nil, phone: String? = nil, name: String? = nil, orderID: Int64? = nil, category: TicketCategory,
    priority: Priority, subject: String, message: String? = nil, channel: Channel = .counter
  ) {
    self.customerID = customerID
    self.phone = phone
    self.name = name
    self.orderID = orderID
    self.category = category
    self.priority = priority
    self.subject = subject
    self.message = message
    self.channel = channel
  }
}

/// The customer-service desk on the database: tickets, their conversation (sealed), their life
/// and the service figures. Every write is one transaction with an audit row.
public struct TicketDesk: Sendable {
  public let database: AppDatabase
  public let key: PersonalDataKey
  public let targets: TicketTargets

  /// Refuses a key that is not the database's own; seals what is still in clear (rows from
  /// before this version).
  public init(database: AppDatabase, key: PersonalDataKey, targets: TicketTargets = .standard, now: Timestamp) throws {
    try database.write { db in
      try PersonalData.checkKey(key, db)
      _ = try PersonalData.sealRemaining(key: key, now: now, db)
      try Self.sealMessages(key, db)
    }
    self.database = database
    self.key = key
    self.targets = targets
  }

  /// Customers created here (walk-ins, not from the marketplace) take ids from here up.
  static let localCustomers: Int64 = 900_000_000_000

  // MARK: Writing

  public func open(_ t: NewTicket, by login: String, terminal: String? = nil, now: Timestamp) throws -> TicketView {
    let subject: String
    switch Identifier.text(t.subject, max: 120) {
    case .success(let s): subject = s
    case .failure(let e): throw StoreError.invalid(.theSubject, .message(e.reason))
    }
    let id = try database.write { db -> Int64 in
      try Self.stillTheKey(key, db)
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.workTicket, by: login)
      let customer = try self.customer(for: t, now: now, db)
      if let order = t.orderID, try Int64.fetchOne(db, sql: "SELECT id FROM orders WHERE id = ?", arguments: [order]) == nil {
        throw StoreError.refused(.noOrder, .id(order))
      }
      try db.execute(
        sql: """
          INSERT INTO tickets (point_id, customer_id, order_id, category, priority, status, assignee_id, subject, created_at)
          VALUES (?, ?, ?, ?, ?, 'new', ?, ?, ?)
          """, arguments: [point.id, customer, t.orderID, t.category.rawValue, t.priority.rawValue, member.id, subject, now.seconds])
      let id = db.lastInsertedRowID
      if let m = t.message {
        try Self.insertMessage(ticket: id, direction: .inbound, channel: t.channel, staffID: nil, body: try Self.body(m), at: now, key: key, db)
      }
      let audit = try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "ticket.opened", entity: "ticket", entityID: String(id),
        after: "\(t.category.rawValue) \(t.priority.rawValue) customer=\(customer)", db)
      try Self.statusChanged(id, point: point.code, from: nil, to: .new, rating: nil, audit: audit, now: now, db)
      return id
    }
    return try ticket(id)
  }

  /// The customer of a new ticket: by id, by phone (the blind index), or new from phone and name.
  func customer(for t: NewTicket, now: Timestamp, _ db: Database) throws -> Int64 {
    if let id = t.customerID {
      guard try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE id = ?", arguments: [id]) != nil else {
        throw StoreError.refused(.noCustomer, .id(id))
      }
      return id
    }
    guard let phone = t.phone else { throw StoreError.invalid(.sayCustomer) }
    let number: String
    switch Identifier.phone(phone) {
    case .success(let n): number = n
    case .failure(let e): throw StoreError.invalid(.thePhone, .message(e.reason))
    }
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE phone_index = ?", arguments: [key.index(phone: phone)]) {
      return id
    }
    guard let name = t.name else {
      throw StoreError.refused(.noCustomerPhone, .text(PhoneMask.masked(number)))
    }
    let clean: String
    switch Identifier.text(name, max: 80) {
    case .success(let n): clean = n
    case .failure(let e): throw StoreError.invalid(.theName, .message(e.reason))
    }
    let id = max(Self.localCustomers, try Int64.fetchOne(db, sql: "SELECT max(id) FROM customers") ?? 0) + 1
    try PersonalData.saveCustomer(id: id, name: clean, phone: number, key: key, now: now, db)
    return id
  }

  /// A desk kept open across a `keys rotate` (a console) must not seal under the old key.
  static func stillTheKey(_ key: PersonalDataKey, _ db: Database) throws {
    let stored = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'personal_key_fingerprint'")
    guard stored == key.fingerprint else {
      throw StoreError.key("the personal-data key was replaced (keys rotate) since this was opened: start it again")
    }
  }

  static func body(_ text: String) throws -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw StoreError.invalid(.messageEmpty) }
    guard trimmed.count <= 4000 else { throw StoreError.invalid(.messageTooLong) }
    guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
      throw StoreError.invalid(.messageControl)
    }
    return trimmed
  }

  /// A message, its body sealed with the message's own id as authenticated data (the clear
  /// column stays empty).
  static func insertMessage(
    ticket: Int64, direction: MessageDirection, channel: Channel, staffID: Int64?, body: String, at: Timestamp, key: PersonalDataKey,
    _ db: Database
  ) throws {
    try db.execute(
      sql: "INSERT INTO ticket_messages (ticket_id, direction, channel, staff_id, body, created_at) VALUES (?, ?, ?, ?, '', ?)",
      arguments: [ticket, direction.rawValue, channel.rawValue, staffID, at.seconds])
    let id = db.lastInsertedRowID
    try db.execute(
      sql: "UPDATE ticket_messages SET body_sealed = ? WHERE id = ?",
      arguments: [try key.seal(body, context: PersonalData.context("ticket_messages", id, "body")), id])
  }

  /// Seals message bodies still in clear (written before this version).
  static func sealMessages(_ key: PersonalDataKey, _ db: Database) throws {
    for row in try Row.fetchAll(db, sql: "SELECT id, body FROM ticket_messages WHERE body_sealed IS NULL") {
      let id: Int64 = row["id"]
      try db.execute(
        sql: "UPDATE ticket_messages SET body = '', body_sealed = ? WHERE id = ?",
        arguments: [try key.seal(row["body"], context: PersonalData.context("ticket_messages", id, "body")), id])
    }
  }

  /// A message on a ticket: to the customer (`.outbound`; `waiting` when it waits for their
  /// answer), from them (`.inbound`), or a note.
  public func write(
    _ direction: MessageDirection, on id: Int64, body: String, channel: Channel = .counter, waiting: Bool = false, by login: String,
    terminal: String? = nil, now: Timestamp
  ) throws -> TicketView {
    let text = try Self.body(body)
    let event: TicketEvent
    switch direction {
    case .outbound: event = .replied(waiting: waiting)
    case .inbound: event = .customerWrote
    case .note: event = .noted
    }
    try change(
      id, event, direction == .note ? .noteTicket : .workTicket, by: login, terminal: terminal, now: now,
      action: "ticket.\(direction == .note ? "note" : direction == .inbound ? "message_in" : "reply")") {
      member, db in
      try Self.insertMessage(
        ticket: id, direction: direction, channel: channel, staffID: direction == .inbound ? nil : member, body: text, at: now, key: key, db)
    }
    return try ticket(id)
  }

  /// Resolves, closes (with a rating), reopens, rates, or sets the status.
  public func apply(_ event: TicketEvent, to id: Int64, by login: String, terminal: String? = nil, now: Timestamp) throws -> TicketView {
    let name: String
    switch event {
    case .resolved: name = "resolved"
    case .closed: name = "closed"
    case .reopened: name = "reopened"
    case .rated: name = "rated"
    case .set: name = "status"
    case .replied, .customerWrote, .noted: name = "message"
    }
    try change(id, event, .workTicket, by: login, terminal: terminal, now: now, action: "ticket.\(name)") { member, db in
      let rating: Int? = {
        switch event {
        case .closed(let r?), .rated(let r): return r
        default: return nil
        }
      }()
      if let rating {
        // One rating per ticket: a new one (after a reopening) replaces the last.
        try db.execute(sql: "DELETE FROM ratings WHERE ticket_id = ?", arguments: [id])
        try db.execute(
          sql: "INSERT INTO ratings (score, staff_id, ticket_id, created_at) VALUES (?, (SELECT assignee_id FROM tickets WHERE id = ?), ?, ?)",
          arguments: [rating, id, id, now.seconds])
      }
    }
    return try ticket(id)
  }

  public func assign(_ id: Int64, to assignee: String?, by login: String, terminal: String? = nil, now: Timestamp) throws -> TicketView {
    try database.write { db in
      let member = try db.require(.assignTicket, by: login)
      let to = try assignee.map { try StaffMember.find($0, db).id }
      guard try Int64.fetchOne(db, sql: "SELECT id FROM tickets WHERE id = ?", arguments: [id]) != nil else {
        throw StoreError.refused(.noTicket, .id(id))
      }
      try db.execute(sql: "UPDATE tickets SET assignee_id = ? WHERE id = ?", arguments: [to, id])
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "ticket.assigned", entity: "ticket", entityID: String(id),
        after: assignee ?? "nobody", db)
    }
    return try ticket(id)
  }

  /// Applies `event` to the stored state in one transaction, with `also` (a message, a rating),
  /// an audit row, and a `ticket.status_changed` event when the status changed or a rating was
  /// given; refused with the domain's reason, or when `login`'s role may not do `permission`.
  func change(
    _ id: Int64, _ event: TicketEvent, _ permission: Permission, by login: String, terminal: String?, now: Timestamp, action: String,
    also: (Int64, Database) throws -> Void
  ) throws {
    try database.write { db in
      try Self.stillTheKey(key, db)
      let member = try db.require(permission, by: login)
      guard let before = try Self.state(id, db) else { throw StoreError.refused(.noTicket, .id(id)) }
      let after: TicketState
      switch before.applying(event, now: now) {
      case .success(let s): after = s
      case .failure(let r): throw StoreError.refused(r.reason)
      }
      try db.execute(
        sql: """
          UPDATE tickets SET status = ?, first_response_at = ?, resolved_at = ?, closed_at = ?, reopen_count = ?,
                             paused_seconds = ?, waiting_since = ?, rating = ?
           WHERE id = ?
          """,
        arguments: [
          after.status.rawValue, after.firstResponseAt?.seconds, after.resolvedAt?.seconds, after.closedAt?.seconds, after.reopenCount,
          after.pausedSeconds, after.waitingSince?.seconds, after.rating, id,
        ])
      try also(member.id, db)
      let audit = try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: action, entity: "ticket", entityID: String(id),
        before: before.status.rawValue, after: after.status.rawValue, db)
      let rating: Int? =
        switch event {
        case .closed(let r): r
        case .rated(let r): r
        default: nil
        }
      if before.status != after.status || rating != nil {
        try Self.statusChanged(
          id, point: try PointSetup.currentPoint(db).code, from: before.status, to: after.status, rating: rating, audit: audit, now: now, db)
      }
    }
  }

  /// The `ticket.status_changed` event of one change, named by the change's audit row (unique,
  /// and never reused: the trail is append-only).
  static func statusChanged(
    _ id: Int64, point: String, from: TicketStatus?, to: TicketStatus, rating: Int?, audit: Int64, now: Timestamp, _ db: Database
  ) throws {
    guard let row = try Row.fetchOne(db, sql: "SELECT order_id, category, priority FROM tickets WHERE id = ?", arguments: [id]) else {
      throw StoreError.internal("ticket \(id) vanished")
    }
    try Outbox.append(
      type: "ticket.status_changed",
      payload: TicketStatusChangedEvent(
        ticket_id: id, order_id: row["order_id"], point: point, category: row["category"], priority: row["priority"],
        from: from?.rawValue, to: to.rawValue, rating: rating, changed_at: now.iso8601),
      dedupKey: "ticket.status_changed:\(point):\(id):\(audit)", now: now, db)
  }

  /// The customer's phone number in clear, for a call: audited, and counted on the ticket.
  public func revealPhone(_ id: Int64, by login: String, terminal: String? = nil, now: Timestamp) throws -> String {
    try database.write { db in
      let member = try db.require(.revealPhone, by: login)
      guard let customer = try Int64.fetchOne(db, sql: "SELECT customer_id FROM tickets WHERE id = ?", arguments: [id]) else {
        throw StoreError.refused(.noTicket, .id(id))
      }
      guard let phone = try PersonalData.customer(customer, key: key, db)?.phone else {
        throw StoreError.refused(.ticketNoPhone, .id(id))
      }
      try db.execute(sql: "UPDATE tickets SET reveals = reveals + 1 WHERE id = ?", arguments: [id])
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "ticket.phone_revealed", entity: "ticket", entityID: String(id),
        after: "customer \(customer)", db)
      return phone
    }
  }

  // MARK: Reading

  static func state(_ id: Int64, _ db: Database) throws -> TicketState? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT status, priority, created_at, first_response_at, resolved_at, closed_at, reopen_count, paused_seconds, waiting_since,
                 rating FROM tickets WHERE id = ?
          """, arguments: [id]),
      let status = TicketStatus(rawValue: row["status"]), let priority = Priority(rawValue: row["priority"])
    else { return nil }
    func time(_ c: String) -> Timestamp? { (row[c] as Int64?).map { Timestamp(seconds: $0) } }
    return TicketState(
      id: id, status: status, priority: priority, createdAt: Timestamp(seconds: row["created_at"]),
      firstResponseAt: time("first_response_at"), resolvedAt: time("resolved_at"), closedAt: time("closed_at"),
      reopenCount: row["reopen_count"], pausedSeconds: row["paused_seconds"], waitingSince: time("waiting_since"), rating: row["rating"])
  }

  /// A ticket with its conversation, bodies opened (a body that does not open is refused).
  public func ticket(_ id: Int64) throws -> TicketView {
    try database.read { db in
      guard let state = try Self.state(id, db),
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT t.subject, t.category, t.customer_id, c.name_masked, c.phone_masked, t.order_id, s.login, t.reveals
              FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN staff s ON s.id = t.assignee_id WHERE t.id = ?
            """, arguments: [id]),
        let category = TicketCategory(rawValue: row["category"])
      else { throw StoreError.refused(.noTicket, .id(id)) }
      let messages = try Row.fetchAll(
        db,
        sql: """
          SELECT m.id, m.direction, m.channel, s.login, m.body_sealed, m.created_at FROM ticket_messages m
            LEFT JOIN staff s ON s.id = m.staff_id WHERE m.ticket_id = ? ORDER BY m.created_at, m.id
          """, arguments: [id]
      ).map { m -> TicketMessage in
        let mid: Int64 = m["id"]
        let sealed: Data = m["body_sealed"] ?? Data()
        return TicketMessage(
          id: mid, direction: MessageDirection(rawValue: m["direction"]) ?? .note, channel: Channel(rawValue: m["channel"]) ?? .counter,
          staff: m["login"], body: try key.open(sealed, context: PersonalData.context("ticket_messages", mid, "body")),
          at: Timestamp(seconds: m["created_at"]))
      }
      return TicketView(
        id: id, subject: row["subject"], category: category, priority: state.priority, state: state, customerID: row["customer_id"],
        customer: row["name_masked"] ?? "?", phone: row["phone_masked"], orderID: row["order_id"], assignee: row["login"],
        reveals: row["reveals"], messages: messages)
    }
  }

  /// Tickets not closed first (the least time left to resolve first), then the closed ones, newest first.
  public func list(open onlyOpen: Bool = true, assignee: String? = nil, now: Timestamp, limit: Int = 200) throws -> [TicketView] {
    let ids = try database.read { db in
      try Int64.fetchAll(
        db,
        sql: """
          SELECT t.id FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id
           WHERE (? = 0 OR t.status IN ('new', 'open', 'waiting_customer')) AND (? IS NULL OR s.login = ?)
           ORDER BY t.status IN ('resolved', 'closed'), CASE WHEN t.status IN ('new', 'open', 'waiting_customer') THEN t.created_at END,
                    t.id DESC LIMIT ?
          """, arguments: [onlyOpen ? 1 : 0, assignee, assignee, limit])
    }
    let views = try ids.map { try ticket($0) }
    return views.sorted { a, b in
      let la = a.state.resolutionLeft(at: now, targets: targets) ?? Int64.max
      let lb = b.state.resolutionLeft(at: now, targets: targets) ?? Int64.max
      return la != lb ? la < lb : a.id > b.id
    }
  }

  /// Service figures for a period: the point's, or one staff member's (their assigned tickets).
  public func metrics(from: Timestamp, to: Timestamp, staff: String? = nil) throws -> ServiceMetrics {
    let states = try database.read { db in
      try Int64.fetchAll(
        db,
        sql: "SELECT t.id FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id WHERE ? IS NULL OR s.login = ?",
        arguments: [staff, staff]
      ).compactMap { try Self.state($0, db) }
    }
    return ServiceMetrics.compute(states, from: from, to: to, targets: targets)
  }
}
