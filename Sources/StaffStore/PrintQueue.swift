import Foundation
import GRDB
import StaffDomain

/// One print job as the queue shows it (never its sealed code).
public struct PrintJob: Sendable, Equatable {
  /// `interrupted`: a process died while printing it; it may have printed, so it is not sent again
  /// unless someone asks (`retry`).
  public enum Status: String, Sendable { case pending, printing, interrupted, printed, cancelled }
  public var id: Int64
  public var kind: Label.Kind
  public var ref: Int64
  public var copies: Int
  public var status: Status
  public var attempts: Int
  public var lastError: String?
  public var reprintOf: Int64?
  public var createdBy: String?
  public var createdAt: Timestamp
  public var printedAt: Timestamp?
}

/// The print queue: labels wait here until a printer takes them. Printing claims a job
/// (`printing`), sends it outside any transaction (a printer may take seconds), then marks it
/// printed, or puts it back as pending with the reason; so a job is printed once, and a printer
/// out of paper or unplugged loses nothing. A claim older than `stale` seconds belongs to a process
/// that died while printing: the job may have printed, so it becomes `interrupted` and waits for
/// someone to retry or cancel it. A pickup slip's sealed code is dropped once it printed or was
/// cancelled. Every queueing, print, failure, interruption, reprint and cancel is audited.
public struct PrintQueue: Sendable {
  public let database: AppDatabase
  /// Seals a pickup slip's ORDER code (it holds the pickup code); nil where there is no
  /// personal-data key (then pickup slips cannot be queued or printed).
  let key: PersonalDataKey?
  /// The language of the labels' words: the point's (`lang` in its configuration).
  public let language: Language
  /// Longer than any printer may take (printer_timeout_seconds is at most 60).
  public static let stale: Int64 = 180

  public init(database: AppDatabase, key: PersonalDataKey?, language: Language = .en) {
    self.database = database
    self.key = key
    self.language = language
  }

  // MARK: Facts

  /// A shelf label: the product's title, its number and category, its condition and price.
  public func shelf(_ product: Int64) throws -> Label {
    try database.read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT title, category, condition, price_fcfa FROM products WHERE id = ?", arguments: [product])
      else {
        throw StoreError.refused(.noProduct, .id(product))
      }
      return Label(
        kind: .shelf, payload: ScanPayload.product(id: product).text, title: row["title"],
        lines: [
          words(.labelProduct, .id(product), .text(row["category"])), written(.word(.itemCondition, row["condition"])),
          written(.money(row["price_fcfa"])),
        ], language: language)
    }
  }

  /// A transfer slip: its INVENTORY code, the points, when it was sent and the items.
  public func transfer(_ id: Int64) throws -> Label {
    try database.read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT t.slip_movement_id, t.status, f.code AS from_code, d.code AS to_code, t.sent_at
              FROM transfers t JOIN points f ON f.id = t.from_point_id JOIN points d ON d.id = t.to_point_id WHERE t.id = ?
            """, arguments: [id])
      else { throw StoreError.refused(.noTransfer, .id(id)) }
      guard let slip = row["slip_movement_id"] as Int64? else { throw StoreError.refused(.transferNoSlip, .id(id)) }
      var lines = [
        words(.labelRoute, .text(row["from_code"]), .text(row["to_code"])), written(.time(Timestamp(seconds: row["sent_at"]))),
      ]
      for item in try Row.fetchAll(
        db,
        sql: """
          SELECT l.product_id, l.quantity_sent, p.title FROM transfer_lines l JOIN products p ON p.id = l.product_id
           WHERE l.transfer_id = ? ORDER BY l.product_id
          """, arguments: [id])
      {
        lines.append(words(.labelItem, .count(item["quantity_sent"]), .id(item["product_id"]), .text(item["title"])))
      }
      return Label(
        kind: .transfer, payload: ScanPayload.inventory(movementID: slip).text, title: words(.labelTransfer, .id(id)), lines: lines,
        language: language)
    }
  }

  /// A pickup slip for an order whose ORDER code `payload` was just verified: the order, its
  /// shelf, the masked customer, the date, the point, and until when the point keeps it.
  public func pickup(_ order: Int64, payload: String, now: Timestamp) throws -> Label {
    try database.read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT o.status, o.hold_until, l.code AS shelf, c.name_masked, p.code AS point FROM orders o
              JOIN points p ON p.id = o.point_id LEFT JOIN locations l ON l.id = o.location_id
              LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ?
            """, arguments: [order])
      else { throw StoreError.refused(.noOrder, .id(order)) }
      var lines = [
        (row["shelf"] as String?).map { words(.labelShelf, .text($0)) } ?? words(.labelNoShelf), row["name_masked"] as String? ?? "***",
        written(.time(now)), row["point"],
      ]
      if let hold = row["hold_until"] as Int64? { lines.append(words(.labelHoldUntil, .time(Timestamp(seconds: hold)))) }
      return Label(kind: .pickup, payload: payload, title: words(.labelOrder, .id(order)), lines: lines, language: language)
    }
  }

  /// A label's words in the point's language.
  private func words(_ code: MessageCode, _ args: MessageArg...) -> String { Message(code, args: args).text(language) }
  private func written(_ arg: MessageArg) -> String { arg.text(language) }

  // MARK: Queue

  /// Queues a label: `ref` the order, product or transfer; a pickup slip with its verified ORDER
  /// code, which is sealed.
  public func enqueue(
    _ kind: Label.Kind, ref: Int64, payload: String? = nil, copies: Int = 1, reprintOf: Int64? = nil, by login: String?,
    terminal: String?, now: Timestamp
  ) throws -> Int64 {
    guard (1...20).contains(copies) else { throw StoreError.invalid(.copiesRange, .count(Int64(copies))) }
    if kind == .pickup {
      guard key != nil else { throw StoreError.key("no personal-data key: a pickup slip (it holds the pickup code) cannot be queued") }
      guard payload != nil else { throw StoreError.internal("a pickup slip without its code") }
    }
    return try database.write { db in
      let staff = try login.map { try db.require(.printLabels, by: $0).id }
      try db.execute(
        sql: """
          INSERT INTO print_jobs (kind, ref, copies, reprint_of, created_by, created_at, updated_at, payload_sealed)
          VALUES (?, ?, ?, ?, ?, ?, ?, zeroblob(0))
          """, arguments: [kind.rawValue, ref, copies, reprintOf, staff, now.seconds, now.seconds])
      let id = db.lastInsertedRowID
      if kind == .pickup, let key, let payload {
        try db.execute(
          sql: "UPDATE print_jobs SET payload_sealed = ? WHERE id = ?",
          arguments: [try key.seal(payload, context: PersonalData.context("print_jobs", id, "payload")), id])
      } else {
        try db.execute(sql: "UPDATE print_jobs SET payload_sealed = NULL WHERE id = ?", arguments: [id])
      }
      try Audit.append(
        at: now, staffID: staff, terminal: terminal, action: reprintOf == nil ? "print.queued" : "print.reprinted", entity: "print_job",
        entityID: String(id), after: "\(kind.rawValue) \(ref) x\(copies)" + (reprintOf.map { " (again of job \($0))" } ?? ""), db)
      return id
    }
  }

  static func job(_ row: Row) -> PrintJob? {
    guard let kind = Label.Kind(rawValue: row["kind"]), let status = PrintJob.Status(rawValue: row["status"]) else { return nil }
    return PrintJob(
      id: row["id"], kind: kind, ref: row["ref"], copies: row["copies"], status: status, attempts: row["attempts"], lastError: row["last_error"],
      reprintOf: row["reprint_of"], createdBy: row["login"], createdAt: Timestamp(seconds: row["created_at"]),
      printedAt: (row["printed_at"] as Int64?).map { Timestamp(seconds: $0) })
  }

  static let select = """
    SELECT j.*, s.login FROM print_jobs j LEFT JOIN staff s ON s.id = j.created_by
    """

  /// The jobs still to print first (oldest first), then the newest others.
  public func jobs(limit: Int = 50) throws -> [PrintJob] {
    try database.read { db in
      let open = try Row.fetchAll(db, sql: Self.select + " WHERE j.status IN ('pending', 'printing', 'interrupted') ORDER BY j.id")
      let done = try Row.fetchAll(db, sql: Self.select + " WHERE j.status IN ('printed', 'cancelled') ORDER BY j.id DESC LIMIT ?", arguments: [limit])
      return (open + done).compactMap(Self.job)
    }
  }

  public func job(_ id: Int64) throws -> PrintJob? {
    try database.read { db in try Row.fetchOne(db, sql: Self.select + " WHERE j.id = ?", arguments: [id]).flatMap(Self.job) }
  }

  /// How many jobs wait (the console's top bar).
  public static func waiting(_ db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT count(*) FROM print_jobs WHERE status IN ('pending', 'printing', 'interrupted')") ?? 0
  }

  /// The facts of a job as they are now.
  public func facts(_ job: PrintJob, now: Timestamp) throws -> Label {
    switch job.kind {
    case .shelf: return try shelf(job.ref)
    case .transfer: return try transfer(job.ref)
    case .pickup:
      guard let key else { throw StoreError.key("no personal-data key: the pickup slip's code cannot be opened") }
      let sealed = try database.read { try Data.fetchOne($0, sql: "SELECT payload_sealed FROM print_jobs WHERE id = ?", arguments: [job.id]) }
      guard let sealed else { throw StoreError.internal("print job \(job.id) lost its code") }
      let payload = try key.open(sealed, context: PersonalData.context("print_jobs", job.id, "payload"))
      return try pickup(job.ref, payload: payload, now: now)
    }
  }

  public struct Outcome: Sendable, Equatable {
    public var printed: [Int64] = []
    /// Jobs the printer refused, with why; they stay pending.
    public var failed: [(id: Int64, reason: String)] = []
    public static func == (a: Outcome, b: Outcome) -> Bool {
      a.printed == b.printed && a.failed.map(\.id) == b.failed.map(\.id) && a.failed.map(\.reason) == b.failed.map(\.reason)
    }
  }

  /// Prints the waiting jobs (only `only`, when given: also an interrupted one), oldest first:
  /// each is claimed (stamped by `clock`), drawn, sent with `send` (the bytes of all its copies),
  /// then marked. A job that cannot be drawn (its order gone, no key) is left pending with why and
  /// the run goes on; a printer that refuses leaves the job pending and stops the run (it is
  /// unlikely to take the next one). Claims gone stale are marked interrupted first.
  public func run(
    only: Int64? = nil, by login: String?, terminal: String?, now: Timestamp, clock: (() -> Timestamp)? = nil,
    render: (Label) throws -> [UInt8], send: ([UInt8]) throws -> Void
  ) throws -> Outcome {
    var outcome = Outcome()
    try interruptStale(by: login, terminal: terminal, now: clock?() ?? now)
    var skipped: Set<Int64> = []
    while let job = try claim(only: only, skipping: skipped, now: clock?() ?? now) {
      let bytes: [UInt8]
      do {
        bytes = Array(repeating: try render(try facts(job, now: now)), count: job.copies).flatMap { $0 }
      } catch {
        try finish(job, printed: false, reason: "\(error)", by: login, terminal: terminal, now: clock?() ?? now)
        outcome.failed.append((job.id, "\(error)"))
        skipped.insert(job.id)
        if only != nil { break }
        continue
      }
      do {
        try send(bytes)
      } catch {
        try finish(job, printed: false, reason: "\(error)", by: login, terminal: terminal, now: clock?() ?? now)
        outcome.failed.append((job.id, "\(error)"))
        break
      }
      // Sent: a failure to record it now must not put it back in the queue (it would print twice).
      try finish(job, printed: true, reason: nil, by: login, terminal: terminal, now: clock?() ?? now)
      outcome.printed.append(job.id)
      if only != nil { break }
    }
    return outcome
  }

  /// Claims older than `stale` were left by a process that died while printing.
  func interruptStale(by login: String?, terminal: String?, now: Timestamp) throws {
    try database.write { db in
      let ids = try Int64.fetchAll(
        db, sql: "SELECT id FROM print_jobs WHERE status = 'printing' AND claimed_at <= ? ORDER BY id", arguments: [now.seconds - Self.stale])
      let staff = try login.map { try db.require(.printLabels, by: $0).id }
      for id in ids {
        try db.execute(
          sql: "UPDATE print_jobs SET status = 'interrupted', last_error = ?, claimed_at = NULL, updated_at = ? WHERE id = ?",
          arguments: ["interrupted while printing: it may have printed; retry or cancel it", now.seconds, id])
        try Audit.append(
          at: now, staffID: staff, terminal: terminal, action: "print.interrupted", entity: "print_job", entityID: String(id), db)
      }
    }
  }

  /// Takes the oldest pending job (or `only`, pending or interrupted) for this process.
  func claim(only: Int64?, skipping: Set<Int64> = [], now: Timestamp) throws -> PrintJob? {
    try database.write { db in
      var sql = Self.select
      var arguments: StatementArguments = []
      if let only {
        sql += " WHERE j.status IN ('pending', 'interrupted') AND j.id = ?"
        arguments += [only]
      } else {
        sql += " WHERE j.status = 'pending'"
      }
      if !skipping.isEmpty { sql += " AND j.id NOT IN (\(skipping.sorted().map(String.init).joined(separator: ",")))" }
      guard let row = try Row.fetchOne(db, sql: sql + " ORDER BY j.id LIMIT 1", arguments: arguments), let job = Self.job(row) else { return nil }
      try db.execute(
        sql: "UPDATE print_jobs SET status = 'printing', claimed_at = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
        arguments: [now.seconds, now.seconds, job.id])
      return job
    }
  }

  func finish(_ job: PrintJob, printed: Bool, reason: String?, by login: String?, terminal: String?, now: Timestamp) throws {
    try database.write { db in
      let staff = try login.map { try db.require(.printLabels, by: $0).id }
      if printed {
        // A printed pickup slip's code is not kept: a reprint needs the code again.
        try db.execute(
          sql: """
            UPDATE print_jobs SET status = 'printed', printed_at = ?, last_error = NULL, claimed_at = NULL, updated_at = ?,
                   payload_sealed = NULL WHERE id = ?
            """,
          arguments: [now.seconds, now.seconds, job.id])
      } else {
        try db.execute(
          sql: "UPDATE print_jobs SET status = 'pending', last_error = ?, claimed_at = NULL, updated_at = ? WHERE id = ?",
          arguments: [String((reason ?? "").prefix(300)), now.seconds, job.id])
      }
      try Audit.append(
        at: now, staffID: staff, terminal: terminal, action: printed ? "print.printed" : "print.failed", entity: "print_job",
        entityID: String(job.id), after: printed ? "\(job.kind.rawValue) \(job.ref) x\(job.copies)" : String((reason ?? "").prefix(200)), db)
    }
  }

  /// Cancels a job not printed yet.
  public func cancel(_ id: Int64, by login: String?, terminal: String?, now: Timestamp) throws {
    try database.write { db in
      guard let status = try String.fetchOne(db, sql: "SELECT status FROM print_jobs WHERE id = ?", arguments: [id]) else {
        throw StoreError.refused(.noPrintJob, .id(id))
      }
      guard status == "pending" || status == "interrupted" else {
        throw StoreError.refused(.printJobNotWaiting, .id(id), .state("print", status))
      }
      let staff = try login.map { try db.require(.printLabels, by: $0).id }
      try db.execute(
        sql: "UPDATE print_jobs SET status = 'cancelled', payload_sealed = NULL, updated_at = ? WHERE id = ?",
        arguments: [now.seconds, id])
      try Audit.append(
        at: now, staffID: staff, terminal: terminal, action: "print.cancelled", entity: "print_job", entityID: String(id), db)
    }
  }

  /// Retry: a pending or interrupted job is tried again now; a printed or cancelled shelf label or
  /// transfer slip is queued again as a reprint (its own job, audited as `print.reprinted`); a
  /// pickup slip is made again only from its code. The job that will print.
  public func retry(_ id: Int64, by login: String?, terminal: String?, now: Timestamp) throws -> Int64 {
    guard let job = try job(id) else { throw StoreError.refused(.noPrintJob, .id(id)) }
    switch job.status {
    case .pending, .interrupted: return id
    case .printing: throw StoreError.refused(.printJobPrinting, .id(id))
    case .printed, .cancelled:
      guard job.kind != .pickup else {
        throw StoreError.refused(.slipReprint, .id(job.ref))
      }
      return try enqueue(job.kind, ref: job.ref, copies: job.copies, reprintOf: id, by: login, terminal: terminal, now: now)
    }
  }

  /// A label written to a file or shown, not printed: audited (a pickup slip holds a code).
  public func recordExport(_ kind: Label.Kind, ref: Int64, format: String, by login: String?, terminal: String?, now: Timestamp) throws {
    try database.write { db in
      let staff = try login.map { try db.require(.printLabels, by: $0).id }
      try Audit.append(
        at: now, staffID: staff, terminal: terminal, action: "print.exported", entity: kind.rawValue, entityID: String(ref), after: format, db)
    }
  }
}
