import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff stock`: the ledger from the command line.
struct Stock: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Stock per location, movements and their history, reversals, thresholds, counts.",
    discussion: """
      Every change is a movement in the append-only ledger, posted with its stock change in one \
      transaction; a wrong one is undone by a reversing movement with a reason. See THE STOCK \
      LEDGER in vgk-staff(1).
      """,
    subcommands: [
      Show.self, Where.self, History.self, Alerts.self, Move.self, Reverse.self, Threshold.self, ImportMovements.self,
      Count.self,
    ])

  /// Options of the commands that write: the database, who, and JSON output.
  struct Writer: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as JSON (one object per line).") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?

    /// Who acts, checked for `permission` (`Environment.require`). The login.
    func require(_ permission: Permission, _ database: AppDatabase) throws -> String {
      try Environment.resolve(global).require(permission, staff: staff, database)
    }

    /// The inventory on the database, with the clock and the terminal.
    func open() throws -> (Inventory, AppDatabase, Timestamp, String) {
      let env = try Environment.resolve(global)
      let database = try env.open()
      return (Inventory(database: database), database, try currentTime(database), try Environment.terminalName())
    }
  }

  static func id(_ text: String, _ what: String) throws -> Int64 {
    switch Identifier.marketplaceID(text) {
    case .success(let v): return v
    case .failure(let e): throw ValidationError("the \(what) id \(e.reason)")
    }
  }

  /// The location codes a command may create: those of `codes` the point has never used, when
  /// `--new-location` says they are meant; without it they are refused, named (exit 2): a typo
  /// must not become a shelf nobody will find.
  static func newLocations(_ codes: [String], allowed: Bool, _ inventory: Inventory) throws -> Set<String> {
    let new = try inventory.newLocations(codes)
    guard !new.isEmpty else { return [] }
    guard allowed else {
      let list = new.joined(separator: ", ")
      throw StoreError.invalid(.notLocations, .text(list), .count(Int64(new.count)))
    }
    return Set(new)
  }

  /// A product id, or a scanned `PRODUCT:{id}`.
  static func product(_ text: String) throws -> Int64 {
    if text.uppercased().hasPrefix("PRODUCT:") {
      switch ScanPayload.parse(Array(text.utf8)) {
      case .success(.product(let id)): return id
      case .success: throw ValidationError("'\(text)' is not a PRODUCT code")
      case .failure(let e): throw ValidationError("'\(text.prefix(40))': \(e)")
      }
    }
    return try id(text, "product")
  }

  // MARK: reading

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A product with its stock per location and its last movements, or what a location holds.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as JSON.") var json = false
    @Option(help: ArgumentHelp("Show what this location holds instead.", valueName: "code")) var location: String?
    @Argument(help: ArgumentHelp("The product id (or PRODUCT:id).", valueName: "product")) var product: String?

    func validate() throws {
      if (product == nil) == (location == nil) { throw ValidationError("give a product, or --location CODE") }
    }

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let inventory = Inventory(database: database)
      if let location {
        let rows = try inventory.stock(at: location)
        if json {
          for r in rows {
            printJSON([("location", .string(r.location)), ("product_id", .int(r.productID)), ("title", .string(r.title)), ("quantity", .int(r.quantity))])
          }
        } else {
          for r in rows { print("\(r.location)\t\(r.quantity)\t\(r.productID)\t\(r.title)") }
          print("\(location.uppercased()): \(rows.count) product\(rows.count == 1 ? "" : "s"), \(rows.reduce(0) { $0 + $1.quantity }) units.")
        }
        if rows.isEmpty { throw ExitCode(1) }
        return
      }
      let id = try Stock.product(product ?? "")
      let view = try inventory.whereIs(id)
      let history = try inventory.history(product: id, limit: 10)
      if json {
        printJSON(StockJSON.product(view) + [("history", .array(history.map { .object(StockJSON.movement($0)) }))])
      } else {
        print("Product \(view.id): \(view.title) (\(view.category), \(view.price), \(view.condition.rawValue))")
        print(view.stock.isEmpty ? "Not in stock." : "Stock: " + view.stock.map { "\($0.location) \($0.quantity)" }.joined(separator: ", ") + " (\(view.totalStock) in all)")
        for m in history { print("  " + StockText.movement(m)) }
      }
    }
  }

  struct Where: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Where a product is: each location and how many (exit 1: nowhere).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per location.") var json = false
    @Argument(help: ArgumentHelp("The product id (or PRODUCT:id).", valueName: "product")) var product: String

    func run() throws {
      let id = try Stock.product(product)
      let env = try Environment.resolve(global)
      let database = try env.open()
      let view = try Inventory(database: database).whereIs(id)
      for line in view.stock {
        if json {
          printJSON([("location", .string(line.location)), ("kind", .string(line.kind.rawValue)), ("quantity", .int(line.quantity))])
        } else {
          print("\(line.location)\t\(line.quantity)")
        }
      }
      if view.stock.isEmpty {
        if !json { print("Product \(id) (\(view.title)) is not in stock.") }
        throw ExitCode(1)
      }
    }
  }

  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Movements, the newest first, a page at a time: of a product, of a location, or all.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per movement.") var json = false
    @Option(help: ArgumentHelp("A product's movements.", valueName: "id")) var product: String?
    @Option(help: ArgumentHelp("A location's movements (in and out).", valueName: "code")) var location: String?
    @Option(help: ArgumentHelp("The page after this movement id (the last one shown).", valueName: "id")) var before: String?
    @Option(help: ArgumentHelp("Movements per page (default 50).", valueName: "n")) var limit = 50

    func validate() throws {
      if product != nil && location != nil { throw ValidationError("--product or --location, not both") }
      guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000") }
    }

    func run() throws {
      let p = try product.map { try Stock.product($0) }
      let b = try before.map { try Stock.id($0, "movement") }
      let env = try Environment.resolve(global)
      let database = try env.open()
      let page = try Inventory(database: database).history(product: p, location: location, before: b, limit: limit)
      for m in page {
        if json { printJSON(StockJSON.movement(m)) } else { print(StockText.movement(m)) }
      }
      if page.isEmpty { throw ExitCode(1) }
      if !json, page.count == limit, let last = page.last { print("More: --before \(last.id)") }
    }
  }

  struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Products under their low-stock threshold (exit status 1 when there are none).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per product.") var json = false

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let low = try Inventory(database: database).alerts()
      for a in low {
        if json {
          printJSON([
            ("product_id", .int(a.productID)), ("title", .string(a.title)), ("category", .string(a.category)),
            ("stock", .int(a.total)), ("threshold", .int(a.threshold)), ("threshold_from", .string(a.source)),
          ])
        } else {
          print("\(a.productID)\t\(a.total) of \(a.threshold)\t\(a.title) (\(a.category); threshold: \(a.source))")
        }
      }
      if low.isEmpty {
        if !json { print("No product is under its threshold.") }
        throw ExitCode(1)
      }
    }
  }

  // MARK: writing

  struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record a movement: RECEIVE, PICK, RETURN, DAMAGE, ADJUSTMENT or TRANSFER.",
      discussion: """
        RECEIVE puts goods somewhere (--to), PICK and DAMAGE take them from somewhere (--from), RETURN \
        and ADJUSTMENT go one way or the other, TRANSFER moves them between two locations. DAMAGE and \
        ADJUSTMENT need --reason. Stock never goes below zero, except through an ADJUSTMENT. A --to \
        the point has never used is refused unless --new-location says it is meant (it becomes a new shelf).
        """)
    @OptionGroup var writer: Writer
    @Option(help: ArgumentHelp("The movement type.", valueName: "type")) var type: String
    @Option(help: ArgumentHelp("The product id (or PRODUCT:id).", valueName: "id")) var product: String
    @Option(help: ArgumentHelp("How many (1 to 100000).", valueName: "n")) var qty: Int64
    @Option(help: ArgumentHelp("Where from (a location code).", valueName: "code")) var from: String?
    @Option(help: ArgumentHelp("Where to (a location code).", valueName: "code")) var to: String?
    @Option(help: ArgumentHelp("Why (needed for DAMAGE and ADJUSTMENT).", valueName: "text")) var reason: String?
    @Flag(help: "--to is a location this point has never used, and it is meant: create it (without this, it is refused).")
    var newLocation = false

    func run() throws {
      let t: MovementType
      switch MovementType.parse(type) {
      case .success(let v): t = v
      case .failure(let e): throw ValidationError("--type: \(e.reason)")
      }
      let p = try Stock.product(product)
      if let reason, case .failure(let e) = Identifier.text(reason, max: 200) { throw ValidationError("--reason \(e.reason)") }
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let new = try Stock.newLocations(to.map { [$0] } ?? [], allowed: newLocation, inventory)
      let m = try inventory.move(
        MovementRequest(type: t, productID: p, quantity: qty, from: from, to: to, reason: reason), newLocations: new, by: login,
        terminal: terminal, now: now)
      if writer.json { printJSON(StockJSON.movement(m)) } else { print("Recorded: " + StockText.movement(m)) }
    }
  }

  struct Reverse: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Undo a movement with a reversing one (the same, the other way), saying why.")
    @OptionGroup var writer: Writer
    @Option(help: ArgumentHelp("Why (1 to 200 characters).", valueName: "text")) var reason: String
    @Argument(help: ArgumentHelp("The movement id (or INVENTORY:id).", valueName: "movement")) var movement: String

    func run() throws {
      let text = movement.uppercased().hasPrefix("INVENTORY:") ? String(movement.dropFirst(10)) : movement
      let id = try Stock.id(text, "movement")
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let m = try inventory.reverse(id, reason: reason, by: login, terminal: terminal, now: now)
      if writer.json { printJSON(StockJSON.movement(m)) } else { print("Reversed \(id): " + StockText.movement(m)) }
    }
  }

  struct Threshold: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Set this point's low-stock threshold for a product or a category (or clear it).")
    @OptionGroup var writer: Writer
    @Option(help: ArgumentHelp("For this product.", valueName: "id")) var product: String?
    @Option(help: ArgumentHelp("For every product of this category without a threshold of its own.", valueName: "name"))
    var category: String?
    @Flag(help: "Remove the threshold.") var clear = false
    @Argument(help: ArgumentHelp("The threshold: under it, the product is low.", valueName: "n")) var threshold: Int64?

    func validate() throws {
      if (product == nil) == (category == nil) { throw ValidationError("give --product ID or --category NAME") }
      if clear == (threshold != nil) { throw ValidationError("give a threshold, or --clear") }
    }

    func run() throws {
      let p = try product.map { try Stock.product($0) }
      let (inventory, database, now, _) = try writer.open()
      let login = try writer.require(.setThreshold, database)
      try inventory.setThreshold(product: p, category: category, to: threshold, by: login, now: now)
      if writer.json {
        printJSON([
          ("product_id", p.map { .int($0) } ?? .null), ("category", .str(category)), ("threshold", threshold.map { .int($0) } ?? .null),
        ])
      } else {
        let what = p.map { "product \($0)" } ?? "category \(category ?? "")"
        print(threshold.map { "Low-stock threshold of \(what): \($0)." } ?? "Low-stock threshold of \(what) cleared.")
      }
    }
  }

  struct ImportMovements: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Post every movement of a CSV or JSON file, all or nothing.",
      discussion: "Columns: type, product_id, quantity, from, to, reason, at (ISO 8601; default now). Each problem is printed as FILE:LINE: reason.")
    @OptionGroup var writer: Writer
    @Argument(help: ArgumentHelp("The file.", valueName: "file")) var file: String

    func run() throws {
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let n = try inventory.importMovements(path: file, by: login, terminal: terminal, now: now)
      if writer.json { printJSON([("file", .string(file)), ("movements", .int(Int64(n)))]) } else { print("\(file): \(n) movements posted.") }
    }
  }
}

/// Movements and products as JSON (the scan command's too).
enum StockJSON {
  static func movement(_ m: MovementView) -> [(String, JSON)] {
    [
      ("id", .int(m.id)), ("type", .string(m.type.rawValue)), ("product_id", .int(m.productID)),
      ("product_title", .string(m.productTitle)), ("quantity", .int(m.quantity)), ("from", .str(m.from)), ("to", .str(m.to)),
      ("staff", .str(m.staff)), ("order_id", m.orderID.map { .int($0) } ?? .null), ("reason", .str(m.reason)),
      ("reverses", m.reverses.map { .int($0) } ?? .null), ("at", .string(m.at.iso8601)),
    ]
  }

  static func product(_ p: ProductView) -> [(String, JSON)] {
    [
      ("id", .int(p.id)), ("title", .string(p.title)), ("category", .string(p.category)), ("price_fcfa", .int(p.price.amount)),
      ("condition", .string(p.condition.rawValue)),
      ("stock", .array(p.stock.map { .object([("location", .string($0.location)), ("quantity", .int($0.quantity))]) })),
    ]
  }
}

enum StockText {
  /// `#812 2026-11-20 09:30 TRANSFER 2 x 700004 Chargeur Tecno 18 W  A-01-1 -> BACK  by amina.n`.
  static func movement(_ m: MovementView) -> String {
    var line = "#\(m.id) \(m.at.douala) \(m.type.rawValue) \(m.quantity) x \(m.productID) \(m.productTitle)"
    line += "  \(m.from ?? "outside") -> \(m.to ?? "outside")"
    if let staff = m.staff { line += "  by \(staff)" }
    if let order = m.orderID { line += "  order \(order)" }
    if let r = m.reverses { line += "  reverses #\(r)" }
    if let reason = m.reason { line += "  (\(reason))" }
    return line
  }
}
