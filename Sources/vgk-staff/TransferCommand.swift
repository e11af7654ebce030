import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

extension Stock {
  /// `vgk-staff stock count`: blind stock counts.
  struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stock counts: open one for some locations, count (blind), close it to post the differences.",
      discussion: """
        While a count is open nobody sees what the ledger expects. Closing compares each product at \
        each counted location with the ledger (what nobody counted is taken as none), shows the \
        differences, and with --yes posts an ADJUSTMENT for each and marks its INVENTORY_COUNT task done.
        """,
      subcommands: [Open.self, Add.self, Close.self, Show.self, List.self, Accuracy.self])

    struct Open: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Open a count for one or more locations.")
      @OptionGroup var writer: Stock.Writer
      @Option(name: .customLong("location"), help: ArgumentHelp("A location to count (repeat for more).", valueName: "code"))
      var locations: [String] = []
      @Option(help: ArgumentHelp("The INVENTORY_COUNT task it answers.", valueName: "id")) var task: String?
      @Flag(help: "A --location this point has never used is meant: create it (without this, it is refused).") var newLocation = false

      func run() throws {
        guard !locations.isEmpty else { throw ValidationError("give at least one --location CODE") }
        let t = try task.map { try Stock.id($0, "task") }
        let (inventory, database, now, terminal) = try writer.open()
        let login = try writer.require(.changeStock, database)
        let new = try Stock.newLocations(locations, allowed: newLocation, inventory)
        let c = try inventory.openCount(locations: locations, task: t, newLocations: new, by: login, terminal: terminal, now: now)
        if writer.json { printJSON(CountJSON.view(c)) } else { print("Count \(c.id) open for \(c.locations.joined(separator: ", ")).") }
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Count a product: --qty sets how many are there; without it, one more (a scan).")
      @OptionGroup var writer: Stock.Writer
      @Argument(help: ArgumentHelp("The count.", valueName: "count")) var count: String
      @Argument(help: ArgumentHelp("The product id, or a scanned PRODUCT:id.", valueName: "product")) var product: String
      @Option(help: ArgumentHelp("How many are there.", valueName: "n")) var qty: Int64?
      @Option(help: ArgumentHelp("Where (needed when the count has several locations).", valueName: "code")) var location: String?

      func run() throws {
        let c = try Stock.id(count, "count")
        let p = try Stock.product(product)
        let (inventory, database, now, terminal) = try writer.open()
        let login = try writer.require(.changeStock, database)
        let item = try inventory.count(c, product: p, at: location, quantity: qty, by: login, terminal: terminal, now: now)
        if writer.json {
          printJSON([("count", .int(c)), ("product_id", .int(item.productID)), ("location", .string(item.location)), ("counted", .int(item.quantity))])
        } else {
          print("Count \(c): \(item.quantity) x \(item.productID) \(item.title) at \(item.location).")
        }
      }
    }

    struct Close: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Close a count: its differences are shown, then posted, each as an ADJUSTMENT (with --yes).",
        discussion: """
          Without --yes a count with differences is only shown (exit 1, nothing posted); the \
          fingerprint printed with them, given to --expect, posts them only if they are still those. \
          A count where nothing was counted writes off everything at its locations only with \
          --nothing-counted as well.
          """)
      @OptionGroup var writer: Stock.Writer
      @Argument(help: ArgumentHelp("The count.", valueName: "count")) var count: String
      @Flag(help: "Post the differences shown.") var yes = false
      @Flag(help: "Nothing was counted because nothing is there: write off everything at the count's locations.")
      var nothingCounted = false
      @Option(help: ArgumentHelp("Post only if the differences are still those shown with this fingerprint.", valueName: "fingerprint"))
      var expect: String?

      func run() throws {
        let c = try Stock.id(count, "count")
        let (inventory, database, now, terminal) = try writer.open()
        let login = try writer.require(.changeStock, database)
        let preview = try inventory.closingPreview(c)
        if !writer.json { print(CountJSON.table(preview)) }
        /// Nothing is posted: the differences (as JSON when asked) and why, exit 1.
        func stop(_ why: String, _ shown: CountPreview) throws -> Never {
          if writer.json { printJSON(CountJSON.preview(shown)) }
          printError("vgk-staff: \(why)")
          throw ExitCode(1)
        }
        if let expect, expect.lowercased() != preview.fingerprint {
          try stop("count \(c)'s differences are no longer those of fingerprint \(expect): nothing was posted; see them again", preview)
        }
        if preview.differences > 0 && !yes {
          try stop(
            "nothing was posted: add --yes to post these \(preview.differences) difference\(preview.differences == 1 ? "" : "s") "
              + "(--expect \(preview.fingerprint) posts them only if they are still these)", preview)
        }
        let off = preview.writeOff
        if preview.nothingCounted && off.units > 0 && !nothingCounted {
          try stop(
            "nothing was counted in count \(c): closing it writes off \(off.units) unit\(off.units == 1 ? "" : "s") of "
              + "\(off.products) product\(off.products == 1 ? "" : "s"); if nothing is there, add --nothing-counted", preview)
        }
        let view: CountView
        do {
          view = try inventory.closeCount(
            c, expecting: preview.fingerprint, nothingCounted: nothingCounted, by: login, terminal: terminal, now: now)
        } catch let e as CountChanged {
          if !writer.json { print(CountJSON.table(e.preview)) }
          try stop(e.description, e.preview)
        }
        if writer.json {
          printJSON(CountJSON.view(view))
        } else {
          let off = view.results.filter { $0.variance != 0 }
          print("Count \(c) closed: \(view.results.count) \(Typography.plural(Int64(view.results.count), .en, one: "line", other: "lines")), \(off.count) adjusted.")
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "A count: what was counted (and, once closed, what was expected).")
      @OptionGroup var global: GlobalOptions
      @Flag(help: "Print the count as one JSON object.") var json = false
      @Argument(help: ArgumentHelp("The count.", valueName: "count")) var count: String

      func run() throws {
        let c = try Stock.id(count, "count")
        let env = try Environment.resolve(global)
        let database = try env.open()
        let view = try Inventory(database: database).countView(c)
        if json { printJSON(CountJSON.view(view)) } else { print(CountJSON.table(view)) }
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "The open counts, then the last closed ones.")
      @OptionGroup var global: GlobalOptions
      @Flag(help: "One JSON object per count.") var json = false

      func run() throws {
        let env = try Environment.resolve(global)
        let database = try env.open()
        let counts = try Inventory(database: database).counts()
        for c in counts {
          if json {
            printJSON(CountJSON.view(c))
          } else {
            print("\(c.id)\t\(c.status)\t\(c.locations.joined(separator: ","))\t\(c.openedAt.douala)\t\(c.openedBy ?? "-")")
          }
        }
        if counts.isEmpty { throw ExitCode(1) }
      }
    }

    struct Accuracy: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Inventory accuracy per staff member: the share of their counted lines that were confirmed.",
        discussion: "A line is confirmed when the ledger agreed at closing, or when the next count there found the ledger right. See vgk-staff(1).")
      @OptionGroup var global: GlobalOptions
      @Flag(help: "One JSON object per staff member.") var json = false
      @Option(help: ArgumentHelp("Counts closed from (ISO 8601; default 30 days ago).", valueName: "time")) var from: String?
      @Option(help: ArgumentHelp("Counts closed until (ISO 8601; default now).", valueName: "time")) var to: String?

      func run() throws {
        let env = try Environment.resolve(global)
        let database = try env.open()
        let now = try currentTime(database)
        func time(_ s: String?, _ name: String, _ fallback: Timestamp) throws -> Timestamp {
          guard let s else { return fallback }
          switch Timestamp.parse(s) {
          case .success(let t): return t
          case .failure(let e): throw ValidationError("--\(name): \(e.reason)")
          }
        }
        let start = try time(from, "from", now + -30 * 86400)
        let end = try time(to, "to", now)
        let scores = try Inventory(database: database).accuracy(from: start, to: end)
        for (login, a) in scores.sorted(by: { $0.key < $1.key }) {
          let share = a.share.map { String(format: "%.1f", $0 * 100) } ?? "-"
          if json {
            printJSON([("staff", .string(login)), ("lines", .int(Int64(a.lines))), ("confirmed", .int(Int64(a.confirmed)))])
          } else {
            print("\(login)\t\(a.confirmed)/\(a.lines)\t\(share) %")
          }
        }
        if scores.isEmpty { throw ExitCode(1) }
      }
    }
  }
}

enum CountJSON {
  static func view(_ c: CountView) -> [(String, JSON)] {
    [
      ("id", .int(c.id)), ("status", .string(c.status)), ("locations", .array(c.locations.map { .string($0) })),
      ("task_id", c.taskID.map { .int($0) } ?? .null), ("opened_by", .str(c.openedBy)), ("opened_at", .string(c.openedAt.iso8601)),
      ("closed_at", .str(c.closedAt?.iso8601)),
      (
        "counted",
        .array(
          c.counted.map {
            .object([("product_id", .int($0.productID)), ("location", .string($0.location)), ("quantity", .int($0.quantity)), ("by", .str($0.by))])
          })
      ),
      (
        "results",
        .array(
          c.results.map {
            .object([
              ("product_id", .int($0.productID)), ("location", .string($0.location)), ("expected", .int($0.expected)),
              ("counted", .int($0.counted)), ("variance", .int($0.variance)), ("by", .str($0.by)),
              ("adjustment", $0.adjustment.map { .int($0) } ?? .null),
            ])
          })
      ),
    ]
  }

  /// What closing a count would post, with the fingerprint that posts exactly it.
  static func preview(_ p: CountPreview) -> [(String, JSON)] {
    func line(_ l: CountPreview.Line, counted: Bool) -> JSON {
      .object([
        ("product_id", .int(l.productID)), ("title", .string(l.title)), ("location", .string(l.location)),
        ("counted", counted ? .int(l.counted) : .null), ("expected", .int(l.expected)), ("difference", .int(l.difference)),
        ("from", .str(l.from)),
      ])
    }
    return [
      ("count", .int(p.countID)), ("locations", .array(p.locations.map { .string($0) })), ("fingerprint", .string(p.fingerprint)),
      ("differences", .int(Int64(p.differences))), ("counted", .array(p.counted.map { line($0, counted: true) })),
      ("uncounted", .array(p.uncounted.map { line($0, counted: false) })),
    ]
  }

  /// The differences a close would post: counted / expected / difference per product and
  /// location, then what nobody counted (written off), then the fingerprint.
  static func table(_ p: CountPreview) -> String {
    func difference(_ l: CountPreview.Line) -> String { l.difference == 0 ? "ok" : (l.difference > 0 ? "+\(l.difference)" : "\(l.difference)") }
    var lines = ["Count \(p.countID) of \(p.locations.joined(separator: ", ")): what closing it posts"]
    for l in p.counted {
      lines.append(
        "  \(l.location)\t\(l.productID)\tcounted \(l.counted)\texpected \(l.expected)\t\(difference(l))\t\(l.title)"
          + (l.from.map { " (moved here from \($0))" } ?? ""))
    }
    if !p.uncounted.isEmpty {
      lines.append("Not counted, written off (expected -> 0):")
      for l in p.uncounted { lines.append("  \(l.location)\t\(l.productID)\tnot counted\texpected \(l.expected)\t\(difference(l))\t\(l.title)") }
    }
    if p.counted.isEmpty && p.uncounted.isEmpty { lines.append("  Nothing to post: nothing was counted and the ledger holds nothing there.") }
    lines.append("\(p.differences) difference\(p.differences == 1 ? "" : "s"); fingerprint \(p.fingerprint)")
    return lines.joined(separator: "\n")
  }

  static func table(_ c: CountView) -> String {
    var lines = ["Count \(c.id) (\(c.status)) of \(c.locations.joined(separator: ", ")), opened \(c.openedAt.douala) by \(c.openedBy ?? "-")"]
    if c.status == "closed" {
      for r in c.results {
        let v = r.variance == 0 ? "ok" : (r.variance > 0 ? "+\(r.variance)" : "\(r.variance)")
        lines.append("  \(r.location)\t\(r.productID)\texpected \(r.expected)\tcounted \(r.counted)\t\(v)\t\(r.title)")
      }
    } else {
      for i in c.counted { lines.append("  \(i.location)\t\(i.productID)\tcounted \(i.quantity)\t\(i.by ?? "-")\t\(i.title)") }
    }
    return lines.joined(separator: "\n")
  }
}

/// `vgk-staff transfer`: goods between pickup points.
struct Transfer: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Send goods to another pickup point, receive them there, and carry the news between the two.",
    discussion: """
      Sending moves the goods to TRANSIT and prints the slip's code (INVENTORY:n) and the transfer's \
      announcement (a JSON line; the marketplace relays it, or carry it with -o FILE). The \
      destination imports it (vgk-staff transfer import) and receives by the slip; its receipt goes \
      back the same way and, imported at the origin, empties its TRANSIT. See vgk-staff(1).
      """,
    subcommands: [Send.self, Receive.self, Cancel.self, ImportEvents.self, Show.self])

  /// `path` opened for appending, created if missing.
  static func appending(_ path: String) throws -> FileHandle {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else { throw StoreError.invalid(.cannotCreate, .text(path)) }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else { throw StoreError.invalid(.cannotWriteFile, .text(path)) }
    return handle
  }

  /// Checks that `path` can be appended to before anything is committed: a transfer must not be
  /// sent, received or cancelled and then fail on its file.
  static func checkWritable(_ path: String?) throws {
    guard let path else { return }
    let handle = try appending(path)
    try? handle.close()
  }

  /// Writes an event line to `-o FILE` (appended) as well as to the outbox.
  static func write(_ event: String, to path: String?) throws {
    guard let path else { return }
    let handle = try appending(path)
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((event + "\n").utf8))
  }

  /// The grammar's answer, or its problem as bad usage (exit 2).
  static func said<T>(_ result: Result<T, TransferGrammar.Problem>) throws -> T {
    switch result {
    case .success(let value): return value
    case .failure(.quantity(let item)): throw ValidationError("'\(item)': the quantity after ':' must be 1 to \(Ledger.maximumQuantity)")
    case .failure(.received(let q)): throw ValidationError("--qty '\(q)': give PRODUCT=N with N from 0 to \(Ledger.maximumQuantity)")
    case .failure(.notProductCode(let text)): throw ValidationError("'\(text)' is not a PRODUCT code")
    case .failure(.badCode(let text, let reason)): throw ValidationError("'\(text)': \(reason)")
    case .failure(.id(let what, let e)): throw ValidationError("the \(what) id \(e.reason)")
    }
  }

  static func describe(_ t: TransferView) {
    print("Transfer \(t.id) \(t.from) -> \(t.to) (\(t.status)), slip \(t.payload), sent \(t.sentAt.douala)")
    for l in t.lines {
      print("  \(l.productID)\t\(l.sent) sent" + (l.received.map { "\t\($0) received" } ?? "") + "\t\(l.title)")
    }
    if let r = t.reason { print("  Reason: \(r)") }
  }

  static func json(_ t: TransferView) -> [(String, JSON)] {
    [
      ("id", .int(t.id)), ("slip", .string(t.payload)), ("from", .string(t.from)), ("to", .string(t.to)), ("status", .string(t.status)),
      ("sent_at", .string(t.sentAt.iso8601)), ("received_at", .str(t.receivedAt?.iso8601)), ("reason", .str(t.reason)),
      (
        "lines",
        .array(
          t.lines.map {
            .object([
              ("product_id", .int($0.productID)), ("title", .string($0.title)), ("sent", .int($0.sent)),
              ("received", $0.received.map { .int($0) } ?? .null),
            ])
          })
      ),
    ]
  }

  struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Send goods to another point: PRODUCT[:QTY][@LOCATION]... (quantity 1 and the product's only location by default).")
    @OptionGroup var writer: Stock.Writer
    @Option(help: ArgumentHelp("The destination point's code.", valueName: "point")) var to: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Also append the announcement to this file.", valueName: "file")) var output: String?
    @Argument(help: ArgumentHelp("What to send.", valueName: "product[:qty][@location]")) var items: [String]

    func lines() throws -> [TransferLineRequest] {
      try items.map { item in
        let i = try Transfer.said(TransferGrammar.item(item, maximum: Ledger.maximumQuantity))
        return TransferLineRequest(productID: i.productID, quantity: i.quantity, from: i.location)
      }
    }

    func run() throws {
      guard !items.isEmpty else { throw ValidationError("give what to send: PRODUCT[:QTY][@LOCATION]") }
      let requests = try lines()
      try Transfer.checkWritable(output)
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let t = try inventory.send(to: to, lines: requests, by: login, terminal: terminal, now: now)
      try Transfer.write(t.event, to: output)
      if writer.json {
        printJSON(Transfer.json(t) + [("event", .string(t.event))])
      } else {
        Transfer.describe(t)
        print("Print the slip with its code \(t.payload); the goods are in TRANSIT until \(t.to) receives them.")
        if output == nil { print("Announcement (for vgk-staff transfer import at \(t.to)):\n\(t.event)") }
      }
    }
  }

  struct Receive: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Receive a transfer by its slip (INVENTORY:n): the goods come in to --into (default BACK).")
    @OptionGroup var writer: Stock.Writer
    @Argument(help: ArgumentHelp("The slip: INVENTORY:n or n.", valueName: "slip")) var slip: String
    @Option(help: ArgumentHelp("The sending point, when two points' slips share a number.", valueName: "point")) var from: String?
    @Option(help: ArgumentHelp("Where the goods go (default BACK).", valueName: "code")) var into = "BACK"
    @Option(name: .customLong("qty"), help: ArgumentHelp("What arrived of a product when it is not what was sent: PRODUCT=N (repeatable).", valueName: "product=n"))
    var quantities: [String] = []
    @Option(help: ArgumentHelp("Why what arrived differs.", valueName: "text")) var reason: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Also append the receipt to this file.", valueName: "file")) var output: String?
    @Flag(help: "--into is a location this point has never used, and it is meant: create it (without this, it is refused).")
    var newLocation = false

    func run() throws {
      let number = try Transfer.said(TransferGrammar.slip(slip))
      var received: [Int64: Int64] = [:]
      for q in quantities {
        let r = try Transfer.said(TransferGrammar.received(q, maximum: Ledger.maximumQuantity))
        received[r.productID] = r.quantity
      }
      if let reason, case .failure(let e) = Identifier.text(reason, max: 200) { throw ValidationError("--reason \(e.reason)") }
      try Transfer.checkWritable(output)
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let new = try Stock.newLocations([into], allowed: newLocation, inventory)
      let t = try inventory.receive(
        slip: number, from: from, into: into, received: received, reason: reason, newLocations: new, by: login, terminal: terminal,
        now: now)
      try Transfer.write(t.event, to: output)
      if writer.json {
        printJSON(Transfer.json(t) + [("event", .string(t.event))])
      } else {
        Transfer.describe(t)
        if output == nil { print("Receipt (for vgk-staff transfer import at \(t.from)):\n\(t.event)") }
      }
    }
  }

  struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Cancel a transfer sent from here and not received: its goods go back from TRANSIT.")
    @OptionGroup var writer: Stock.Writer
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Also append the news to this file.", valueName: "file")) var output: String?
    @Argument(help: ArgumentHelp("The transfer id.", valueName: "id")) var id: String

    func run() throws {
      let n = try Stock.id(id, "transfer")
      try Transfer.checkWritable(output)
      let (inventory, database, now, terminal) = try writer.open()
      let login = try writer.require(.changeStock, database)
      let t = try inventory.cancelTransfer(n, reason: reason, by: login, terminal: terminal, now: now)
      try Transfer.write(t.event, to: output)
      if writer.json { printJSON(Transfer.json(t) + [("event", .string(t.event))]) } else { Transfer.describe(t) }
    }
  }

  struct ImportEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Read transfer announcements and receipts (JSON lines), all or nothing; again changes nothing.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as one JSON object.") var json = false
    @Argument(help: ArgumentHelp("The file.", valueName: "file")) var file: String

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let r = try Inventory(database: database).importTransfers(path: file, now: try currentTime(database))
      if json {
        printJSON([
          ("file", .string(file)), ("announced", .int(Int64(r.announced))), ("received", .int(Int64(r.received))),
          ("cancelled", .int(Int64(r.cancelled))), ("unchanged", .int(Int64(r.unchanged))),
        ])
      } else {
        print(
          "\(file): \(r.announced) transfer(s) to expect, \(r.received) of ours received, \(r.cancelled) cancelled, \(r.unchanged) unchanged.")
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A transfer with its lines.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the transfer as one JSON object.") var json = false
    @Argument(help: ArgumentHelp("The transfer id.", valueName: "id")) var id: String

    func run() throws {
      let n = try Stock.id(id, "transfer")
      let env = try Environment.resolve(global)
      let database = try env.open()
      let t = try Inventory(database: database).transfer(n)
      if json { printJSON(Transfer.json(t)) } else { Transfer.describe(t) }
    }
  }
}
