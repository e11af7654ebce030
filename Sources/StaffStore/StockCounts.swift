import Foundation
import GRDB
import StaffDomain

/// An open or closed count, as the clerk sees it: blind (what was counted so far, never what
/// the ledger expects) until it is closed.
public struct CountView: Sendable, Equatable {
  public var id: Int64
  public var status: String
  public var locations: [String]
  public var taskID: Int64?
  public var openedBy: String?
  public var openedAt: Timestamp
  public var closedAt: Timestamp?
  /// What has been counted: product, location, quantity, by whom.
  public var counted: [CountedItem]
  /// Once closed: every product and location, expected and counted, and the adjustment posted.
  public var results: [CountOutcome]
}

public struct CountedItem: Sendable, Equatable {
  public var productID: Int64
  public var title: String
  public var location: String
  public var quantity: Int64
  public var by: String?
}

public struct CountOutcome: Sendable, Equatable {
  public var productID: Int64
  public var title: String
  public var location: String
  public var expected: Int64
  public var counted: Int64
  public var by: String?
  public var adjustment: Int64?
  public var variance: Int64 { counted - expected }
}

/// A close refused because what it would post is no longer what its preview showed: `preview`
/// is what it would post now (show it, and ask again).
public struct CountChanged: Error, Equatable, Sendable, CustomStringConvertible {
  public var preview: CountPreview
  public init(preview: CountPreview) { self.preview = preview }
  public var description: String {
    "count \(preview.countID) changed since its differences were shown (stock moved or more was counted): nothing was posted; see them again"
  }
}

/// Stock counts (the INVENTORY_COUNT task): open one for some locations, count products there
/// (a scan adds one, a typed quantity sets it), close it to see the variance and post the
/// adjustments in the same transaction. Counting is blind: the expected quantity is never shown
/// before closing.
extension Inventory {
  /// Opens a count of some locations (a location the point has never used only when it is in
  /// `newLocations`; never TRANSIT, whose goods are on their way, not on a shelf).
  public func openCount(
    locations codes: [String], task: Int64? = nil, newLocations: Set<String> = [], by login: String, terminal: String? = nil,
    now: Timestamp
  ) throws -> CountView {
    guard !codes.isEmpty else { throw StoreError.invalid(.countNeedsLocation) }
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      let ids = try codes.map { try Self.location($0, pointID: point.id, new: newLocations, db) }
      guard Set(ids).count == ids.count else { throw StoreError.invalid(.eachLocationOnce) }
      if let transit = try String.fetchOne(
        db, sql: "SELECT code FROM locations WHERE kind = 'in_transit' AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
        arguments: StatementArguments(ids))
      {
        throw StoreError.refused(.transitNotCounted, .text(transit))
      }
      if let busy = try Row.fetchOne(
        db,
        sql: """
          SELECT c.id, l.code FROM stock_counts c JOIN stock_count_locations cl ON cl.count_id = c.id JOIN locations l ON l.id = cl.location_id
           WHERE c.status = 'open' AND cl.location_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
          """, arguments: StatementArguments(ids))
      {
        throw StoreError.refused(.alreadyCounted, .text(busy["code"] as String), .id(busy["id"] as Int64))
      }
      if let task {
        let t = try TaskBoard.fetch(task, db)
        guard t.type == .inventoryCount else { throw StoreError.refused(.taskNotCount, .id(task), .text(t.type.rawValue)) }
        guard t.isOpen else { throw StoreError.refused(.taskIs, .id(task), .word(.taskStatus, t.status.rawValue)) }
      }
      try db.execute(
        sql: "INSERT INTO stock_counts (point_id, status, task_id, opened_by, opened_at) VALUES (?, 'open', ?, ?, ?)",
        arguments: [point.id, task, member.id, now.seconds])
      let id = db.lastInsertedRowID
      for l in ids {
        try db.execute(sql: "INSERT INTO stock_count_locations (count_id, location_id) VALUES (?, ?)", arguments: [id, l])
      }
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "count.opened", entity: "count", entityID: String(id),
        after: codes.map { $0.uppercased() }.joined(separator: ",") + (task.map { " task=\($0)" } ?? ""), db)
      return try Self.count(id, db)
    }
  }

  /// Counts a product in an open count: `quantity` sets what is there (typed), nil adds one (a
  /// scan). The location may be left out when the count has one, or when the product is held in
  /// only one of its locations. Answers what has been counted of it there, and nothing of what
  /// the ledger expects.
  public func count(
    _ countID: Int64, product: Int64, at code: String? = nil, quantity: Int64? = nil, by login: String, terminal: String? = nil,
    now: Timestamp
  ) throws -> CountedItem {
    if let q = quantity, !(0...Ledger.maximumQuantity).contains(q) {
      throw StoreError.invalid(.countedRange, .count(Ledger.maximumQuantity), .count(Int64(q)))
    }
    return try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      guard let status = try String.fetchOne(db, sql: "SELECT status FROM stock_counts WHERE id = ?", arguments: [countID]) else {
        throw StoreError.refused(.noCount, .id(countID))
      }
      guard status == "open" else { throw StoreError.refused(.countIs, .id(countID), .state("count", status)) }
      guard let item = try Row.fetchOne(db, sql: "SELECT title, unique_item FROM products WHERE id = ?", arguments: [product]) else {
        throw StoreError.refused(.noProduct, .id(product))
      }
      let title: String = item["title"]
      let places = try Row.fetchAll(
        db,
        sql: "SELECT l.id, l.code FROM stock_count_locations cl JOIN locations l ON l.id = cl.location_id WHERE cl.count_id = ? ORDER BY l.code",
        arguments: [countID])
      let location: Int64
      if let code {
        let id = try Self.existingLocation(code, pointID: point.id, db)
        guard places.contains(where: { ($0["id"] as Int64) == id }) else {
          throw StoreError.refused(.countCovers, .id(countID), .text(places.map { $0["code"] as String }.joined(separator: ", ")), .text(code.uppercased()))
        }
        location = id
      } else if places.count == 1, let only = places.first {
        location = only["id"]
      } else {
        let held = try Int64.fetchAll(
          db,
          sql: """
            SELECT location_id FROM stock WHERE product_id = ? AND quantity > 0
               AND location_id IN (SELECT location_id FROM stock_count_locations WHERE count_id = ?)
            """, arguments: [product, countID])
        guard held.count == 1 else {
          throw StoreError.refused(.sayWhereCounted, .id(product), .text(places.map { $0["code"] as String }.joined(separator: ", ")))
        }
        location = held[0]
      }
      if item["unique_item"] == true {
        let before = try Int64.fetchOne(
          db, sql: "SELECT counted_quantity FROM stock_count_lines WHERE count_id = ? AND product_id = ? AND location_id = ?",
          arguments: [countID, product, location]) ?? 0
        if (quantity ?? before + 1) > 1 {
          throw StoreError.refused(.singleItemCount, .id(product), .count(Int64(quantity ?? before + 1)))
        }
      }
      try db.execute(
        sql: """
          INSERT INTO stock_count_lines (count_id, product_id, location_id, counted_quantity, counted_by, counted_at)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (count_id, product_id, location_id) DO UPDATE SET
            counted_quantity = CASE WHEN ? IS NULL THEN counted_quantity + 1 ELSE excluded.counted_quantity END,
            counted_by = excluded.counted_by, counted_at = excluded.counted_at
          """, arguments: [countID, product, location, quantity ?? 1, member.id, now.seconds, quantity])
      let counted = try Int64.fetchOne(
        db, sql: "SELECT counted_quantity FROM stock_count_lines WHERE count_id = ? AND product_id = ? AND location_id = ?",
        arguments: [countID, product, location]) ?? 0
      let code = try String.fetchOne(db, sql: "SELECT code FROM locations WHERE id = ?", arguments: [location]) ?? "?"
      // What was counted, never what the ledger expects (the count stays blind).
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "count.counted", entity: "count", entityID: String(countID),
        after: "product \(product) at \(code): \(counted)", db)
      return CountedItem(productID: product, title: title, location: code, quantity: counted, by: member.login)
    }
  }

  /// What closing count `countID` would post, read without writing: the lines `closeCount`
  /// posts, computed by the same code, with the fingerprint `closeCount` expects.
  public func closingPreview(_ countID: Int64) throws -> CountPreview {
    try database.read { db in
      _ = try Self.openCountRow(countID, db)
      return try Self.closingPlan(countID, db).preview
    }
  }

  /// Closes a count: compares what was counted with the ledger at every counted location (what
  /// nobody counted there is taken as none), posts an ADJUSTMENT for each difference (reason
  /// `stock count N`), records the expected quantities, and marks its task done. One transaction.
  /// It posts what its preview showed or nothing: `fingerprint` is the preview's, and when the
  /// lines are no longer those (stock moved, someone counted since) it throws `CountChanged`
  /// with the new preview. A count where nothing was counted writes off everything at its
  /// locations only when `nothingCounted` says that is meant.
  public func closeCount(
    _ countID: Int64, expecting fingerprint: String, nothingCounted: Bool = false, by login: String, terminal: String? = nil,
    now: Timestamp
  ) throws -> CountView {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.changeStock, by: login)
      let row = try Self.openCountRow(countID, db)
      let plan = try Self.closingPlan(countID, db)
      guard plan.preview.fingerprint == fingerprint else { throw CountChanged(preview: plan.preview) }
      let off = plan.preview.writeOff
      if plan.preview.nothingCounted && off.units > 0 && !nothingCounted {
        throw StoreError.refused(.nothingCounted, .id(countID), .count(Int64(off.units)), .count(Int64(off.products)))
      }
      for line in plan.lines {
        let r = line.result
        var adjustment: Int64?
        if let elsewhere = line.elsewhere {
          adjustment = try Ledger.post(
            NewMovement(
              type: .transfer, productID: r.productID, quantity: 1, from: elsewhere, to: r.locationID, staffID: member.id,
              reason: "stock count \(countID): found here", at: now), pointID: point.id, db)
        } else if r.variance != 0 {
          adjustment = try Ledger.post(
            NewMovement(
              type: .adjustment, productID: r.productID, quantity: abs(r.variance), from: r.variance < 0 ? r.locationID : nil,
              to: r.variance > 0 ? r.locationID : nil, staffID: member.id, reason: "stock count \(countID)", at: now),
            pointID: point.id, db)
        }
        try db.execute(
          sql: """
            INSERT INTO stock_count_lines (count_id, product_id, location_id, counted_quantity, expected_quantity, counted_by,
                                           counted_at, adjustment_movement_id)
            VALUES (?, ?, ?, 0, ?, NULL, ?, ?)
            ON CONFLICT (count_id, product_id, location_id) DO UPDATE SET
              expected_quantity = excluded.expected_quantity, adjustment_movement_id = excluded.adjustment_movement_id
            """, arguments: [countID, r.productID, r.locationID, r.expected, now.seconds, adjustment])
      }
      try db.execute(
        sql: "UPDATE stock_counts SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ?",
        arguments: [member.id, now.seconds, countID])
      if let task: Int64 = row["task_id"] {
        let before = try TaskBoard.fetch(task, db)
        if case .success(let done) = before.applying(.done, by: member.login, now: now, policy: .standard) {
          try TaskBoard.save(done, assigneeID: try done.assignee.flatMap { try TaskBoard.staffID($0, db) }, db)
          try Audit.append(
            at: now, staffID: member.id, terminal: terminal, action: "task.done", entity: "task", entityID: String(task),
            before: TaskBoard.auditText(before), after: TaskBoard.auditText(done) + " (count \(countID) closed)", db)
        }
      }
      let view = try Self.count(countID, db)
      let variances = view.results.filter { $0.variance != 0 }
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "count.closed", entity: "count", entityID: String(countID),
        after: "\(view.results.count) lines, \(variances.count) adjusted"
          + variances.prefix(10).map { " \($0.productID)@\($0.location) \($0.variance > 0 ? "+" : "")\($0.variance)" }.joined(),
        db)
      return view
    }
  }

  /// The count's row when it is open (refused when there is none, or it is closed).
  static func openCountRow(_ countID: Int64, _ db: Database) throws -> Row {
    guard let row = try Row.fetchOne(db, sql: "SELECT status, task_id FROM stock_counts WHERE id = ?", arguments: [countID]) else {
      throw StoreError.refused(.noCount, .id(countID))
    }
    guard (row["status"] as String) == "open" else { throw StoreError.refused(.countIs, .id(countID), .state("count", row["status"] as String)) }
    return row
  }

  /// One line of a closing count: what was expected and counted, and, for a single item counted
  /// here that the ledger holds at a location outside the count, that location (the close
  /// moves it here instead of adjusting).
  struct ClosingLine {
    var result: CountResult
    var elsewhere: Int64?
  }

  /// What a close posts, in the order it posts it, and the preview that shows it: the one
  /// computation behind `closingPreview` and `closeCount`, so the two cannot disagree.
  static func closingPlan(_ countID: Int64, _ db: Database) throws -> (lines: [ClosingLine], preview: CountPreview) {
    var expected: [Int64: [Int64: Int64]] = [:]
    for s in try Row.fetchAll(
      db,
      sql: """
        SELECT product_id, location_id, quantity FROM stock
         WHERE location_id IN (SELECT location_id FROM stock_count_locations WHERE count_id = ?) AND quantity <> 0
        """, arguments: [countID])
    {
      expected[s["product_id"], default: [:]][s["location_id"]] = s["quantity"]
    }
    var counted: [Int64: [Int64: (quantity: Int64, by: Int64?)]] = [:]
    for c in try Row.fetchAll(
      db,
      sql: "SELECT product_id, location_id, counted_quantity, counted_by, counted_at FROM stock_count_lines WHERE count_id = ?",
      arguments: [countID])
    {
      let product: Int64 = c["product_id"]
      let location: Int64 = c["location_id"]
      counted[product, default: [:]][location] = (c["counted_quantity"], c["counted_by"])
      // What moved there after it was counted (a handover, a receipt) is not the count's to
      // undo: the ledger is compared as it stood when the line was counted.
      let since =
        try Int64.fetchOne(
          db,
          sql: """
            SELECT coalesce(sum(CASE WHEN to_location_id = ? THEN quantity ELSE -quantity END), 0) FROM movements
             WHERE product_id = ? AND (to_location_id = ? OR from_location_id = ?) AND created_at > ?
            """, arguments: [location, product, location, location, c["counted_at"] as Int64]) ?? 0
      if since != 0 { expected[product, default: [:]][location] = (expected[product]?[location] ?? 0) - since }
    }
    // Differences that take goods out first: a single item moved between two counted locations
    // leaves one before it comes into the other.
    let results = StockCount.results(expected: expected, counted: counted).sorted { ($0.variance < 0 ? 0 : 1) < ($1.variance < 0 ? 0 : 1) }
    var lines: [ClosingLine] = []
    var claimed = Set<[Int64]>()
    for r in results {
      var line = ClosingLine(result: r)
      // A single item found here that the ledger has elsewhere moved: it is brought here.
      if r.variance > 0, try Bool.fetchOne(db, sql: "SELECT unique_item FROM products WHERE id = ?", arguments: [r.productID]) == true,
        let elsewhere = try Int64.fetchOne(
          db,
          sql: """
            SELECT s.location_id FROM stock s JOIN locations l ON l.id = s.location_id
             WHERE s.product_id = ? AND s.quantity > 0 AND l.kind <> 'in_transit'
               AND s.location_id NOT IN (SELECT location_id FROM stock_count_locations WHERE count_id = ?)
             LIMIT 1
            """, arguments: [r.productID, countID]),
        !claimed.contains([r.productID, elsewhere])
      {
        claimed.insert([r.productID, elsewhere])
        line.elsewhere = elsewhere
      }
      lines.append(line)
    }
    var codes: [Int64: String] = [:]
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT id, code FROM locations WHERE id IN (SELECT location_id FROM stock_count_locations WHERE count_id = ?)
        UNION SELECT id, code FROM locations WHERE id IN (\(lines.compactMap(\.elsewhere).map(String.init).joined(separator: ",")))
        """, arguments: [countID])
    {
      codes[row["id"]] = row["code"]
    }
    var titles: [Int64: String] = [:]
    for product in Set(results.map(\.productID)) {
      titles[product] = try String.fetchOne(db, sql: "SELECT title FROM products WHERE id = ?", arguments: [product]) ?? ""
    }
    let shown = lines.map { l in
      (
        line: CountPreview.Line(
          productID: l.result.productID, title: titles[l.result.productID] ?? "", location: codes[l.result.locationID] ?? "?",
          expected: l.result.expected, counted: l.result.counted, from: l.elsewhere.map { codes[$0] ?? "?" }),
        wasCounted: counted[l.result.productID]?[l.result.locationID] != nil
      )
    }.sorted { ($0.line.location, $0.line.title, $0.line.productID) < ($1.line.location, $1.line.title, $1.line.productID) }
    let locations = Array(Set(try Int64.fetchAll(db, sql: "SELECT location_id FROM stock_count_locations WHERE count_id = ?", arguments: [countID])).map { codes[$0] ?? "?" }).sorted()
    return (
      lines,
      CountPreview(
        countID: countID, locations: locations, counted: shown.filter(\.wasCounted).map(\.line),
        uncounted: shown.filter { !$0.wasCounted }.map(\.line))
    )
  }

  /// A count: blind while open (what was counted only), with every line's outcome once closed.
  public func countView(_ id: Int64) throws -> CountView { try database.read { try Self.count(id, $0) } }

  /// The open count of this point that covers every one of `codes`, if there is one: what a
  /// console picks up again when a count was left open (a console locked, a clerk gone home).
  public func openCount(covering codes: [String]) throws -> CountView? {
    let wanted = Set(codes.map { $0.uppercased() })
    guard !wanted.isEmpty else { return nil }
    return try database.read { db in
      let point = try PointSetup.currentPoint(db)
      let ids = try Int64.fetchAll(
        db, sql: "SELECT id FROM stock_counts WHERE status = 'open' AND point_id = ? ORDER BY id", arguments: [point.id])
      return try ids.lazy.map { try Self.count($0, db) }.first { wanted.isSubset(of: Set($0.locations)) }
    }
  }

  /// The open counts, then the last closed ones.
  public func counts(limit: Int = 20) throws -> [CountView] {
    try database.read { db in
      try Int64.fetchAll(db, sql: "SELECT id FROM stock_counts ORDER BY status <> 'open', id DESC LIMIT ?", arguments: [limit])
        .map { try Self.count($0, db) }
    }
  }

  static func count(_ id: Int64, _ db: Database) throws -> CountView {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT c.status, c.task_id, s.login, c.opened_at, c.closed_at FROM stock_counts c LEFT JOIN staff s ON s.id = c.opened_by
           WHERE c.id = ?
          """, arguments: [id])
    else { throw StoreError.refused(.noCount, .id(id)) }
    let status: String = row["status"]
    let locations = try String.fetchAll(
      db,
      sql: "SELECT l.code FROM stock_count_locations cl JOIN locations l ON l.id = cl.location_id WHERE cl.count_id = ? ORDER BY l.code",
      arguments: [id])
    let lines = try Row.fetchAll(
      db,
      sql: """
        SELECT k.product_id, p.title, l.code, k.counted_quantity, k.expected_quantity, s.login, k.adjustment_movement_id
          FROM stock_count_lines k JOIN products p ON p.id = k.product_id JOIN locations l ON l.id = k.location_id
          LEFT JOIN staff s ON s.id = k.counted_by
         WHERE k.count_id = ? ORDER BY l.code, p.title, k.product_id
        """, arguments: [id])
    let counted = lines.filter { ($0["login"] as String?) != nil }.map {
      CountedItem(productID: $0["product_id"], title: $0["title"], location: $0["code"], quantity: $0["counted_quantity"], by: $0["login"])
    }
    let results =
      status == "closed"
      ? lines.map {
        CountOutcome(
          productID: $0["product_id"], title: $0["title"], location: $0["code"], expected: $0["expected_quantity"] ?? 0,
          counted: $0["counted_quantity"], by: $0["login"], adjustment: $0["adjustment_movement_id"])
      } : []
    return CountView(
      id: id, status: status, locations: locations, taskID: row["task_id"], openedBy: row["login"],
      openedAt: Timestamp(seconds: row["opened_at"]), closedAt: (row["closed_at"] as Int64?).map { Timestamp(seconds: $0) },
      counted: counted, results: results)
  }

  /// Inventory accuracy per staff login over counts closed from `from` to `to` (see
  /// `StockCount.accuracy`; later counts, even after `to`, may confirm a line).
  public func accuracy(from: Timestamp, to: Timestamp) throws -> [String: Accuracy] {
    try database.read { db in
      let lines = try Row.fetchAll(
        db,
        sql: """
          SELECT k.count_id, k.counted_by, k.product_id, k.location_id, coalesce(k.expected_quantity, 0) AS expected,
                 k.counted_quantity, c.closed_at
            FROM stock_count_lines k JOIN stock_counts c ON c.id = k.count_id WHERE c.status = 'closed'
          """
      ).map {
        CountedLine(
          countID: $0["count_id"], staffID: $0["counted_by"], productID: $0["product_id"], locationID: $0["location_id"],
          expected: $0["expected"], counted: $0["counted_quantity"], closedAt: Timestamp(seconds: $0["closed_at"]))
      }
      let inPeriod = Set(lines.filter { $0.closedAt >= from && $0.closedAt <= to }.map { [$0.countID, $0.productID, $0.locationID] })
      // The period's lines are scored; any later line may be their recount.
      var out: [String: Accuracy] = [:]
      let logins = Dictionary(
        uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, login FROM staff").map { ($0["id"] as Int64, $0["login"] as String) })
      let period = lines.filter { inPeriod.contains([$0.countID, $0.productID, $0.locationID]) }
      for (staff, a) in StockCount.accuracy(period, recounts: lines) {
        out[logins[staff] ?? String(staff)] = a
      }
      return out
    }
  }
}
