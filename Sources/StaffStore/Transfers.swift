import Foundation
import GRDB
import StaffDomain

/// A line of a transfer to send: a product, how many, from where (default: the one location
/// that holds it).
public struct TransferLineRequest: Sendable, Equatable {
  public var productID: Int64
  public var quantity: Int64
  public var from: String?

  public init(productID: Int64, quantity: Int64, from: String? = nil) {
    self.productID = productID
    self.quantity = quantity
    self.from = from
  }
}

public struct TransferLineView: Sendable, Equatable {
  public var productID: Int64
  public var title: String
  public var sent: Int64
  public var received: Int64?
}

/// A transfer as either point sees it.
public struct TransferView: Sendable, Equatable {
  public var id: Int64
  /// The movement number its slip carries: `INVENTORY:{slip}`.
  public var slip: Int64
  public var from: String
  public var to: String
  public var status: String
  public var sentAt: Timestamp
  public var receivedAt: Timestamp?
  public var reason: String?
  public var lines: [TransferLineView]
  /// What to hand to the other point (the marketplace relays it; a file does when the link is down).
  public var event: String

  public var payload: String { "INVENTORY:\(slip)" }
}

/// The two events transfers travel by, as JSON lines (`vgk-staff import transfers`).
struct TransferSentEvent: Codable {
  var event = "transfer.sent"
  var transfer: Int64
  var slip: Int64
  var from: String
  var from_name: String
  var to: String
  var sent_at: String
  var lines: [Line]

  struct Line: Codable {
    var product: Int64
    var title: String
    var quantity: Int64
  }
}

struct TransferCancelledEvent: Codable {
  var event = "transfer.cancelled"
  var transfer: Int64
  var slip: Int64
  var from: String
  var to: String
  var cancelled_at: String
  var reason: String
}

struct TransferReceivedEvent: Codable {
  var event = "transfer.received"
  var transfer: Int64
  var slip: Int64
  var from: String
  var to: String
  var received_at: String
  var reason: String?
  var lines: [Line]

  struct Line: Codable {
    var product: Int64
    var sent: Int64
    var received: Int64
  }
}

/// Transfers between points, in two legs. Sending moves the goods to TRANSIT (a TRANSFER movement
/// per product, the first one's number printed on the slip) and writes a `transfer.sent` event.
/// At the destination, the event is imported and the slip scanned: the goods come in through
/// TRANSIT to their location, and a quantity that differs leaves TRANSIT as an ADJUSTMENT with
/// the reason; a `transfer.received` event goes back. Imported at the origin, it takes the goods
/// out of its TRANSIT. So each point's ledger explains every unit, and TRANSIT ends at zero.
extension Inventory {
  public func send(to pointCode: String, lines: [TransferLineRequest], by login: String, terminal: String? = nil, now: Timestamp)
    throws -> TransferView
  {
    let code: String
    switch Identifier.pointCode(pointCode.uppercased()) {
    case .success(let c): code = c
    case .failure(let e): throw StoreError.invalid(.theDestination, .message(e.reason))
    }
    guard !lines.isEmpty else { throw StoreError.invalid(.transferNeedsProduct) }
    guard Set(lines.map(\.productID)).count == lines.count else { throw StoreError.invalid(.eachProductOnce) }
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      guard code != point.code else { throw StoreError.refused(.transferToSelf, .text(code)) }
      let to = try Self.point(code, name: code, now: now, db)
      let transit = try Self.existingLocation("TRANSIT", pointID: point.id, db)
      try db.execute(
        sql: "INSERT INTO transfers (from_point_id, to_point_id, status, sent_by, sent_at) VALUES (?, ?, 'sent', ?, ?)",
        arguments: [point.id, to, member.id, now.seconds])
      let transfer = db.lastInsertedRowID
      var first: Int64?
      for line in lines {
        let from: Int64
        if let f = line.from {
          from = try Self.existingLocation(f, pointID: point.id, db)
        } else {
          let held = try Int64.fetchAll(
            db,
            sql: """
              SELECT s.location_id FROM stock s JOIN locations l ON l.id = s.location_id
               WHERE s.product_id = ? AND s.quantity > 0 AND l.kind <> 'in_transit' ORDER BY l.code
              """, arguments: [line.productID])
          guard held.count == 1 else {
            throw held.isEmpty
              ? StoreError.refused(.notInStockHere, .id(line.productID))
              : StoreError.refused(.inSeveralPlaces, .id(line.productID), .count(Int64(held.count)))
          }
          from = held[0]
        }
        let id = try Ledger.post(
          NewMovement(
            type: .transfer, productID: line.productID, quantity: line.quantity, from: from, to: transit, staffID: member.id,
            transferID: transfer, at: now), pointID: point.id, db)
        first = first ?? id
        try db.execute(
          sql: "INSERT INTO transfer_lines (transfer_id, product_id, quantity_sent) VALUES (?, ?, ?)",
          arguments: [transfer, line.productID, line.quantity])
      }
      try db.execute(sql: "UPDATE transfers SET slip_movement_id = ? WHERE id = ?", arguments: [first, transfer])
      let view = try Self.transfer(transfer, db)
      let name = try String.fetchOne(db, sql: "SELECT name FROM points WHERE id = ?", arguments: [point.id]) ?? point.code
      let event = try Self.json(
        TransferSentEvent(
          transfer: transfer, slip: view.slip, from: point.code, from_name: name, to: code, sent_at: now.iso8601,
          lines: view.lines.map { .init(product: $0.productID, title: $0.title, quantity: $0.sent) }))
      try Outbox.append(type: "transfer.sent", json: event, dedupKey: "transfer.sent:\(point.code):\(transfer)", now: now, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "transfer.sent", entity: "transfer", entityID: String(transfer),
        after: "to \(code): " + view.lines.map { "\($0.productID) x\($0.sent)" }.joined(separator: ", "), db)
      var out = view
      out.event = event
      return out
    }
  }

  /// Receives a transfer at this point by its slip (`INVENTORY:{slip}`): the goods into `into`
  /// (default BACK), `received` per product where it differs from what was sent (then a reason
  /// is needed). Refused for a slip this point does not know, a transfer for another point, one
  /// sent from here, or one received already; `into` a location the point has never used only
  /// when it is in `newLocations`.
  public func receive(
    slip: Int64, from origin: String? = nil, into: String = "BACK", received: [Int64: Int64] = [:], reason: String? = nil,
    newLocations: Set<String> = [], by login: String, terminal: String? = nil, now: Timestamp
  ) throws -> TransferView {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      var candidates = try Row.fetchAll(
        db,
        sql: """
          SELECT t.id, f.code AS from_code, d.code AS to_code, t.status, t.received_at, s.login
            FROM transfers t JOIN points f ON f.id = t.from_point_id JOIN points d ON d.id = t.to_point_id
            LEFT JOIN staff s ON s.id = t.received_by
           WHERE t.slip_movement_id = ? ORDER BY t.id
          """, arguments: [slip])
      if let origin { candidates = candidates.filter { ($0["from_code"] as String) == origin.uppercased() } }
      guard !candidates.isEmpty else {
        throw origin.map { StoreError.refused(.noSlipFrom, .id(slip), .text($0)) } ?? StoreError.refused(.noSlip, .id(slip))
      }
      guard candidates.count == 1, let row = candidates.first else {
        let from = candidates.map { $0["from_code"] as String }.joined(separator: ", ")
        throw StoreError.refused(.slipAmbiguous, .id(slip), .text(from))
      }
      let id: Int64 = row["id"]
      let fromCode: String = row["from_code"]
      let toCode: String = row["to_code"]
      guard fromCode != point.code else {
        throw StoreError.refused(.transferSentFromHere, .id(id), .text(toCode))
      }
      guard toCode == point.code else {
        throw StoreError.refused(.transferElsewhere, .id(id), .text(fromCode), .text(toCode), .text(point.code))
      }
      let status: String = row["status"]
      guard status == "sent" else {
        if status == "received", let at: Int64 = row["received_at"] {
          throw (row["login"] as String?).map { StoreError.refused(.transferReceivedBy, .id(id), .time(Timestamp(seconds: at)), .text($0)) }
            ?? StoreError.refused(.transferReceived, .id(id), .time(Timestamp(seconds: at)))
        }
        throw StoreError.refused(.transferIs, .id(id), .state("transfer", status))
      }
      let lines = try Self.lines(id, db)
      let unknown = Set(received.keys).subtracting(lines.map(\.productID))
      guard unknown.isEmpty else {
        throw StoreError.invalid(.transferNoProduct, .id(id), .text(unknown.sorted().map(String.init).joined(separator: ", ")))
      }
      let differs = lines.contains { line in received[line.productID].map { $0 != line.sent } ?? false }
      let why = reason?.trimmingSpaces
      if differs && (why ?? "").isEmpty {
        throw StoreError.refused(.receivedDiffers)
      }
      let transit = try Self.existingLocation("TRANSIT", pointID: point.id, db)
      let target = try Self.location(into, pointID: point.id, new: newLocations, db)
      for line in lines {
        let got = received[line.productID] ?? line.sent
        guard got >= 0 else { throw StoreError.invalid(.receivedNegative) }
        try Ledger.post(
          NewMovement(
            type: .transfer, productID: line.productID, quantity: line.sent, to: transit, staffID: member.id,
            reason: "transfer \(id) from \(fromCode)", transferID: id, at: now), pointID: point.id, db)
        if got > line.sent {
          try Ledger.post(
            NewMovement(
              type: .adjustment, productID: line.productID, quantity: got - line.sent, to: transit, staffID: member.id,
              reason: "transfer \(id): \(got - line.sent) more than sent: \(why ?? "")", transferID: id, at: now), pointID: point.id, db)
        }
        if got > 0 {
          try Ledger.post(
            NewMovement(
              type: .transfer, productID: line.productID, quantity: got, from: transit, to: target, staffID: member.id,
              transferID: id, at: now), pointID: point.id, db)
        }
        if got < line.sent {
          try Ledger.post(
            NewMovement(
              type: .adjustment, productID: line.productID, quantity: line.sent - got, from: transit, staffID: member.id,
              reason: "transfer \(id): \(line.sent - got) missing: \(why ?? "")", transferID: id, at: now), pointID: point.id, db)
        }
        try db.execute(
          sql: "UPDATE transfer_lines SET quantity_received = ? WHERE transfer_id = ? AND product_id = ?",
          arguments: [got, id, line.productID])
      }
      try db.execute(
        sql: "UPDATE transfers SET status = 'received', received_by = ?, received_at = ?, reason = ? WHERE id = ?",
        arguments: [member.id, now.seconds, why, id])
      let view = try Self.transfer(id, db)
      let origin = try Int64.fetchOne(db, sql: "SELECT origin_id FROM transfers WHERE id = ?", arguments: [id]) ?? id
      let event = try Self.json(
        TransferReceivedEvent(
          transfer: origin, slip: slip, from: fromCode, to: point.code, received_at: now.iso8601, reason: why,
          lines: view.lines.map { .init(product: $0.productID, sent: $0.sent, received: $0.received ?? $0.sent) }))
      try Outbox.append(type: "transfer.received", json: event, dedupKey: "transfer.received:\(fromCode):\(origin)", now: now, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "transfer.received", entity: "transfer", entityID: String(id),
        after: view.lines.map { "\($0.productID) \($0.received ?? 0)/\($0.sent)" }.joined(separator: ", ") + (why.map { " (\($0))" } ?? ""),
        db)
      var out = view
      out.event = event
      return out
    }
  }

  /// Cancels a transfer sent from here that has not been received: each product goes back from
  /// TRANSIT to where it was taken from (a TRANSFER that reverses its leg), and a
  /// `transfer.cancelled` event tells the destination.
  public func cancelTransfer(_ id: Int64, reason: String, by login: String, terminal: String? = nil, now: Timestamp) throws -> TransferView {
    let why: String
    switch Identifier.text(reason, max: 200) {
    case .success(let t): why = t
    case .failure(let e):
      if e.reason.code == .fieldEmpty { throw StoreError.refused(.cancelTransferNeedsReason) }
      throw StoreError.invalid(.theReason, .message(e.reason))
    }
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      let t = try Self.transfer(id, db)
      guard t.from == point.code else { throw StoreError.refused(.transferSentBy, .id(id), .text(t.from)) }
      guard t.status == "sent" else { throw StoreError.refused(.transferNotOnWay, .id(id), .state("transfer", t.status)) }
      let transit = try Self.existingLocation("TRANSIT", pointID: point.id, db)
      for leg in try Row.fetchAll(
        db,
        sql: """
          SELECT id, product_id, quantity, from_location_id FROM movements
           WHERE transfer_id = ? AND type = 'TRANSFER' AND to_location_id = ? AND reverses_id IS NULL ORDER BY id
          """, arguments: [id, transit])
      {
        try Ledger.post(
          NewMovement(
            type: .transfer, productID: leg["product_id"], quantity: leg["quantity"], from: transit, to: leg["from_location_id"],
            staffID: member.id, reason: "transfer \(id) cancelled: \(why)", transferID: id, reverses: leg["id"], at: now),
          pointID: point.id, db)
      }
      try db.execute(sql: "UPDATE transfers SET status = 'cancelled', reason = ? WHERE id = ?", arguments: [why, id])
      let event = try Self.json(
        TransferCancelledEvent(transfer: id, slip: t.slip, from: point.code, to: t.to, cancelled_at: now.iso8601, reason: why))
      try Outbox.append(type: "transfer.cancelled", json: event, dedupKey: "transfer.cancelled:\(point.code):\(id)", now: now, db)
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "transfer.cancelled", entity: "transfer", entityID: String(id),
        after: why, db)
      var out = try Self.transfer(id, db)
      out.event = event
      return out
    }
  }

  /// What an import of transfer events did.
  public struct TransferImport: Sendable, Equatable {
    public var announced = 0
    public var received = 0
    public var cancelled = 0
    public var unchanged = 0
  }

  /// Reads `transfer.sent` events (another point's transfers, to be received here or to know a
  /// slip that is not ours) and `transfer.received` events (this point's transfers, received
  /// there: their goods leave TRANSIT). All or nothing; importing a file again changes nothing.
  public func importTransfers(path: String, now: Timestamp) throws -> TransferImport {
    let input = try Importer.rows(path)
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      var out = TransferImport()
      let known: Set<String> = [
        "event", "transfer", "slip", "from", "from_name", "to", "sent_at", "received_at", "cancelled_at", "reason", "lines",
      ]
      try Importer.each(input, known: known) { r in
        let event = r.text("event", max: 40)
        let transfer = r.id("transfer")
        let slip = r.id("slip")
        let from = r.code("from", Identifier.pointCode)
        let to = r.code("to", Identifier.pointCode)
        guard let event, let transfer, let slip, let from, let to else { return }
        switch event {
        case "transfer.sent":
          switch try Self.announce(&r, transfer: transfer, slip: slip, from: from, to: to, point: point, now: now, db) {
          case true?: out.announced += 1
          case false?: out.unchanged += 1
          case nil: return
          }
        case "transfer.received":
          let receivedAt = r.time("received_at")
          guard let receivedAt, let lines = r.rows("lines"), r.problems.isEmpty else { return }
          guard from == point.code else {
            out.unchanged += 1  // someone else's transfer
            return
          }
          guard
            let row = try Row.fetchOne(
              db,
              sql: """
                SELECT t.status, t.slip_movement_id, d.code FROM transfers t JOIN points d ON d.id = t.to_point_id
                 WHERE t.id = ? AND t.from_point_id = ?
                """, arguments: [transfer, point.id])
          else {
            r.fail("this point sent no transfer \(transfer)")
            return
          }
          guard (row["code"] as String) == to else {
            r.fail("transfer \(transfer) went to \(row["code"] as String), not to \(to)")
            return
          }
          guard (row["slip_movement_id"] as Int64?) == slip else {
            r.fail("transfer \(transfer) has the slip INVENTORY:\(row["slip_movement_id"] as Int64? ?? 0), not \(slip)")
            return
          }
          switch row["status"] as String {
          case "sent": break
          case "cancelled":
            r.fail("transfer \(transfer) was cancelled here (its goods came back) but \(to) received it: settle it with \(to)")
            return
          default:
            out.unchanged += 1
            return
          }
          var got: [Int64: Int64] = [:]
          for l in lines {
            var lr = RowReader(l, known: ["product", "sent", "received"])
            if let p = lr.id("product"), let q = lr.integer("received", min: 0, max: Ledger.maximumQuantity) { got[p] = q }
            lr.problems.forEach { r.fail("a line: \($0)") }
          }
          let ours = Set(try Self.lines(transfer, db).map(\.productID))
          guard Set(got.keys) == ours else {
            r.fail("the receipt's products (\(got.keys.sorted().map(String.init).joined(separator: ", "))) are not transfer \(transfer)'s (\(ours.sorted().map(String.init).joined(separator: ", ")))")
            return
          }
          let transit = try Self.existingLocation("TRANSIT", pointID: point.id, db)
          for line in try Self.lines(transfer, db) {
            try Ledger.post(
              NewMovement(
                type: .transfer, productID: line.productID, quantity: line.sent, from: transit, reason: "received at \(to)",
                transferID: transfer, at: receivedAt), pointID: point.id, db)
            try db.execute(
              sql: "UPDATE transfer_lines SET quantity_received = ? WHERE transfer_id = ? AND product_id = ?",
              arguments: [got[line.productID], transfer, line.productID])
          }
          try db.execute(
            sql: "UPDATE transfers SET status = 'received', received_at = ?, reason = ? WHERE id = ?",
            arguments: [receivedAt.seconds, r.text("reason", required: false, max: 200), transfer])
          try Audit.append(
            at: now, action: "transfer.confirmed", entity: "transfer", entityID: String(transfer), after: "received at \(to)", db)
          out.received += 1
        case "transfer.cancelled":
          guard r.time("cancelled_at") != nil, r.problems.isEmpty else { return }
          guard let fromID = try Int64.fetchOne(db, sql: "SELECT id FROM points WHERE code = ?", arguments: [from]),
            let row = try Row.fetchOne(
              db, sql: "SELECT id, status FROM transfers WHERE from_point_id = ? AND origin_id = ?", arguments: [fromID, transfer])
          else {
            out.unchanged += 1  // never announced here
            return
          }
          let status: String = row["status"]
          if status == "received" {
            r.fail("transfer \(transfer) from \(from) was cancelled there but already received here (our transfer \(row["id"] as Int64)): settle it with \(from)")
            return
          }
          guard status == "sent" else {
            out.unchanged += 1
            return
          }
          try db.execute(
            sql: "UPDATE transfers SET status = 'cancelled', reason = ? WHERE id = ?",
            arguments: [r.text("reason", required: false, max: 200), row["id"] as Int64])
          try Audit.append(
            at: now, action: "transfer.cancelled", entity: "transfer", entityID: String(row["id"] as Int64), after: "by \(from)", db)
          out.cancelled += 1
        default:
          r.fail("'\(event)' is not transfer.sent, transfer.received or transfer.cancelled")
        }
      }
      return out
    }
  }

  /// Applies one `transfer.sent` event inside the caller's transaction (`import transfers` and the
  /// link's feed alike): another point's transfer, announced here to be received, or known so
  /// that its slip is not taken for ours. Its problems go to `r`. Returns true when it announced
  /// the transfer, false when it was known already or is this point's own, nil on a problem.
  static func announce(
    _ r: inout RowReader, transfer: Int64, slip: Int64, from: String, to: String, point: (id: Int64, code: String),
    now: Timestamp, _ db: Database
  ) throws -> Bool? {
    let sentAt = r.time("sent_at")
    let name = r.text("from_name", required: false, max: 80) ?? from
    guard let sentAt, let lines = r.rows("lines") else { return nil }
    var parsed: [(Int64, Int64)] = []
    for l in lines {
      var lr = RowReader(l, known: ["product", "title", "quantity"])
      guard let p = lr.id("product"), let q = lr.integer("quantity", min: 1, max: Ledger.maximumQuantity) else {
        lr.problems.forEach { r.fail("a line: \($0)") }
        continue
      }
      lr.problems.forEach { r.fail("a line: \($0)") }
      if try Int64.fetchOne(db, sql: "SELECT id FROM products WHERE id = ?", arguments: [p]) == nil {
        r.fail("product \(p) is not in the catalogue here (import products first)")
      }
      parsed.append((p, q))
    }
    guard r.problems.isEmpty, !parsed.isEmpty else {
      if parsed.isEmpty && r.problems.isEmpty { r.fail("a transfer needs at least one line") }
      return nil
    }
    if from == point.code { return false }  // our own announcement
    guard from != to else {
      r.fail("a transfer from \(from) to itself")
      return nil
    }
    let fromID = try Self.point(from, name: name, now: now, db)
    let toID = try Self.point(to, name: to, now: now, db)
    if try Int64.fetchOne(
      db, sql: "SELECT id FROM transfers WHERE from_point_id = ? AND origin_id = ?", arguments: [fromID, transfer]) != nil
    {
      return false
    }
    try db.execute(
      sql: """
        INSERT INTO transfers (from_point_id, to_point_id, status, sent_at, origin_id, slip_movement_id)
        VALUES (?, ?, 'sent', ?, ?, ?)
        """, arguments: [fromID, toID, sentAt.seconds, transfer, slip])
    let id = db.lastInsertedRowID
    for (p, q) in parsed {
      try db.execute(
        sql: "INSERT INTO transfer_lines (transfer_id, product_id, quantity_sent) VALUES (?, ?, ?)", arguments: [id, p, q])
    }
    try Audit.append(
      at: now, action: "transfer.announced", entity: "transfer", entityID: String(id),
      after: "from \(from) (its transfer \(transfer), slip \(slip)) to \(to)", db)
    return true
  }

  /// A transfer by id, with its lines.
  public func transfer(_ id: Int64) throws -> TransferView { try database.read { try Self.transfer(id, $0) } }

  static func transfer(_ id: Int64, _ db: Database) throws -> TransferView {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT t.id, t.slip_movement_id, f.code AS from_code, d.code AS to_code, t.status, t.sent_at, t.received_at, t.reason
            FROM transfers t JOIN points f ON f.id = t.from_point_id JOIN points d ON d.id = t.to_point_id WHERE t.id = ?
          """, arguments: [id])
    else { throw StoreError.refused(.noTransfer, .id(id)) }
    return TransferView(
      id: id, slip: row["slip_movement_id"] ?? 0, from: row["from_code"], to: row["to_code"], status: row["status"],
      sentAt: Timestamp(seconds: row["sent_at"]), receivedAt: (row["received_at"] as Int64?).map { Timestamp(seconds: $0) },
      reason: row["reason"], lines: try lines(id, db), event: "")
  }

  static func lines(_ transfer: Int64, _ db: Database) throws -> [TransferLineView] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT l.product_id, p.title, l.quantity_sent, l.quantity_received FROM transfer_lines l JOIN products p ON p.id = l.product_id
         WHERE l.transfer_id = ? ORDER BY l.id
        """, arguments: [transfer]
    ).map { TransferLineView(productID: $0["product_id"], title: $0["title"], sent: $0["quantity_sent"], received: $0["quantity_received"]) }
  }

  /// The id of a point by its code, recorded (with `name`) when this database has not met it yet.
  static func point(_ code: String, name: String, now: Timestamp, _ db: Database) throws -> Int64 {
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM points WHERE code = ?", arguments: [code]) { return id }
    try db.execute(sql: "INSERT INTO points (code, name, created_at) VALUES (?, ?, ?)", arguments: [code, name, now.seconds])
    return db.lastInsertedRowID
  }

  static func json<T: Encodable>(_ value: T) throws -> String { try Outbox.json(value) }
}
