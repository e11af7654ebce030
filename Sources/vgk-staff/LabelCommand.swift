import ArgumentParser
import Foundation
import StaffDomain
import StaffLabels
import StaffScan
import StaffServices
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

extension Printer {
  static func paper(_ text: String?, source: String) throws -> ESCPOS.Paper {
    switch text ?? "58" {
    case "58": return .mm58
    case "80": return .mm80
    default: throw ValidationError("\(source): '\(text ?? "")' is not 58 or 80 (millimetres)")
    }
  }
}

/// `vgk-staff label order|product|transfer`: a label to the terminal, a file, or the print queue.
struct LabelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "label",
    abstract: "A pickup slip, a shelf label or a transfer slip: previewed, written to a file, or printed.",
    discussion: """
      The terminal preview (utf8, the default) shows the code and the text; -o FILE writes png, \
      escpos or text, as its extension says (.png, .bin or .escpos, .txt) unless --format does; --print puts it in the print queue and prints it (see PRINTING in vgk-staff(1)). \
      A pickup slip holds the order's pickup code, which the database does not keep: give it on \
      standard input (never on the command line, where other accounts could read it); it is checked \
      like a scan (wrong codes count towards the order's lock).
      """,
    subcommands: [Order.self, Product.self, TransferSlip.self])

  enum Format: String, ExpressibleByArgument, CaseIterable { case utf8, png, escpos, text }

  struct Output: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(
      help: ArgumentHelp(
        "utf8 (a terminal preview), png, escpos or text (default: by the -o file's extension, else utf8).", valueName: "format"))
    var format: Format?
    @Option(help: ArgumentHelp("58 or 80 (millimetres; default: config printer_paper, else 58).", valueName: "mm")) var paper: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the label to this file.", valueName: "file")) var output: String?
    @Flag(help: "Put the label in the print queue and print it on the configured printer.") var print = false
    @Option(help: ArgumentHelp("How many copies to print (1 to 20).", valueName: "n")) var copies = 1
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?
    @Flag(help: "With --print: the job as one JSON object.") var json = false

    func validate() throws {
      guard (1...20).contains(copies) else { throw ValidationError("--copies is 1 to 20") }
      if print && output != nil { throw ValidationError("give --print or -o FILE, not both") }
      if let paper { _ = try Printer.paper(paper, source: "--paper") }
      _ = try chosenFormat()
    }

    /// The extensions that name a format, for `-o FILE` without `--format`.
    static let extensions: [String: Format] = ["png": .png, "txt": .text, "bin": .escpos, "escpos": .escpos]

    /// `--format`, else what the `-o` file's extension says (an extension that says nothing is
    /// bad usage: a PNG written as `slip.jpg`, or a preview as `slip.png`, helps nobody), else
    /// the terminal preview.
    func chosenFormat() throws -> Format {
      if let format { return format }
      guard let output else { return .utf8 }
      let ext = (output as NSString).pathExtension.lowercased()
      guard let format = Self.extensions[ext] else {
        throw ValidationError(
          "-o \(Visible.text(output, limit: 200)): the format follows the file's extension (.png, .txt, .bin or .escpos); give --format png, escpos, text or utf8 for another name")
      }
      return format
    }

    /// Shows, writes or queues and prints the label.
    func emit(_ label: Label, ref: Int64, queue: PrintQueue, env: Environment, login: String, terminal: String, now: Timestamp) throws {
      let printer = try env.config.printer()
      let paper = try paper.map { try Printer.paper($0, source: "--paper") } ?? printer.paper
      let format = try chosenFormat()
      // Characters the font lacks print as U+FFFD: say which, so the title can be corrected.
      let missing = label.missingCharacters
      if !missing.isEmpty {
        let list = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
        printError("vgk-staff: " + Message(.labelMissingGlyphs, .count(Int64(missing.count)), .text(list)).text(label.language))
      }
      // A pickup slip holds the customer's code: every way it leaves the program is audited.
      if label.kind == .pickup && !print {
        try queue.recordExport(.pickup, ref: ref, format: output == nil ? format.rawValue : "\(format.rawValue) to a file", by: login, terminal: terminal, now: now)
      }
      if print {
        let id = try queue.enqueue(label.kind, ref: ref, payload: label.kind == .pickup ? label.payload : nil, copies: copies, by: login, terminal: terminal, now: now)
        try PrintCommand.run(queue, only: id, printer: printer, paper: paper, login: login, terminal: terminal, now: now, json: json)
        return
      }
      if let output {
        let bytes: [UInt8]
        switch format {
        case .utf8: bytes = Array((try label.preview().joined(separator: "\n") + "\n").utf8)
        case .png: bytes = try Printer.render(label, format: .png, paper: paper)
        case .escpos: bytes = try Printer.render(label, format: .escpos, paper: paper)
        case .text: bytes = try Printer.render(label, format: .text, paper: paper)
        }
        try LabelCommand.write(bytes, to: output, mode: 0o600)
        printError("Wrote \(output) (\(bytes.count) bytes).")
        return
      }
      switch format {
      case .utf8: for line in try label.preview() { vgk_staff.print(line) }
      case .text: vgk_staff.print(label.plainText(), terminator: label.plainText().hasSuffix("\n") ? "" : "\n")
      case .png, .escpos:
        guard isatty(1) == 0 else { throw ValidationError("\(format.rawValue) is binary: give -o FILE (or redirect standard output)") }
        FileHandle.standardOutput.write(Data(try Printer.render(label, format: format == .png ? .png : .escpos, paper: paper)))
      }
    }
  }

  /// Writes a label file whole or not at all: beside it under a temporary name, synced, renamed.
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
    let temporary = path + ".partial-\(getpid())"
    let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
    guard fd >= 0 else { throw StoreError.invalid(.cannotWrite, .text(path), .text(String(cString: strerror(errno)))) }
    let written = FileOutput.writeAll(fd, bytes) && fsync(fd) == 0
    close(fd)
    guard written, rename(temporary, path) == 0 else {
      let why = String(cString: strerror(errno))
      unlink(temporary)
      throw StoreError.invalid(.cannotWrite, .text(path), .text(why))
    }
  }

  static func id(_ text: String, _ what: String) throws -> Int64 {
    switch Identifier.marketplaceID(text) {
    case .success(let v): return v
    case .failure(let e): throw ValidationError("the \(what) id \(e.reason)")
    }
  }

  /// The database, the queue (with the personal-data key when there is one), who and when: what
  /// every label and print command opens.
  static func open(_ global: GlobalOptions, staff: String?) throws -> (Environment, AppDatabase, PrintQueue, String, String, Timestamp) {
    let env = try Environment.resolve(global)
    let database = try env.open()
    let login = try env.require(.printLabels, staff: staff, database)
    let key = try? PersonalData.key(env.keys, database, create: false)
    let queue = PrintQueue(database: database, key: key, language: try env.config.labelLanguage())
    return (env, database, queue, login, try Environment.terminalName(), try currentTime(database))
  }

  struct Order: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A pickup slip: the ORDER code, the order, its shelf, the masked customer, the date, the point.",
      discussion: "The order's pickup code is read from standard input (the first line), and checked like a scan.")
    @OptionGroup var output: Output
    @Argument(help: ArgumentHelp("The order id.", valueName: "id")) var id: String

    func run() throws {
      let order = try LabelCommand.id(id, "order")
      // Who acts first: an admin's password is the first line of standard input, the code the next.
      let (env, database, queue, login, terminal, now) = try LabelCommand.open(output.global, staff: output.staff)
      let code = try Staff.readSecret(prompt: "Pickup code of order \(order): ")
      guard case .success(let checked) = Identifier.pickupCode(code) else {
        throw ValidationError("the pickup code on standard input is not 6 to 10 of 0-9 and A-Z")
      }
      let counter = try Counter(database: database, key: try env.keys.pickupCodeKey(create: false))
      if let refusal = try counter.checkForSlip(orderID: order, code: checked, staff: login, terminal: terminal, now: now) {
        throw StoreError.refused(.noSlipFor, .text("\(refusal)"))
      }
      let payload = ScanPayload.order(id: order, pickupCode: checked).text
      try output.emit(try queue.pickup(order, payload: payload, now: now), ref: order, queue: queue, env: env, login: login, terminal: terminal, now: now)
    }
  }

  struct Product: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A shelf label: the PRODUCT code, the title, the price in FCFA.")
    @OptionGroup var output: Output
    @Argument(help: ArgumentHelp("The product id.", valueName: "id")) var id: String

    func run() throws {
      let product = try LabelCommand.id(id, "product")
      let (env, _, queue, login, terminal, now) = try LabelCommand.open(output.global, staff: output.staff)
      try output.emit(try queue.shelf(product), ref: product, queue: queue, env: env, login: login, terminal: terminal, now: now)
    }
  }

  struct TransferSlip: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "A transfer slip: the INVENTORY code, the points, the items.")
    @OptionGroup var output: Output
    @Argument(help: ArgumentHelp("The transfer id.", valueName: "id")) var id: String

    func run() throws {
      let transfer = try LabelCommand.id(id, "transfer")
      let (env, _, queue, login, terminal, now) = try LabelCommand.open(output.global, staff: output.staff)
      try output.emit(try queue.transfer(transfer), ref: transfer, queue: queue, env: env, login: login, terminal: terminal, now: now)
    }
  }
}

/// `vgk-staff print`: the print queue.
struct PrintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "print", abstract: "The print queue: what waits, print it, try a job again, cancel one.",
    subcommands: [Queue.self, Run.self, Retry.self, Cancel.self])

  struct Common: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON, one object per line.") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?
  }

  static func json(_ j: PrintJob) -> [(String, JSON)] {
    [
      ("id", .int(j.id)), ("kind", .string(j.kind.rawValue)), ("ref", .int(j.ref)), ("copies", .int(Int64(j.copies))),
      ("status", .string(j.status.rawValue)), ("attempts", .int(Int64(j.attempts))), ("error", .str(j.lastError)),
      ("reprint_of", j.reprintOf.map { .int($0) } ?? .null), ("by", .str(j.createdBy)), ("created_at", .string(j.createdAt.iso8601)),
      ("printed_at", .str(j.printedAt?.iso8601)),
    ]
  }

  static func line(_ j: PrintJob) -> String {
    let state = j.status == .printed ? "printed \(j.printedAt?.douala ?? "")" : j.status.rawValue
    let error = j.lastError.map { " — \($0)" } ?? ""
    return "\(j.id)  \(j.kind.rawValue) \(j.ref) x\(j.copies)  \(state)  tries \(j.attempts)\(error)"
  }

  /// Prints what waits (or job `only`) and says what came of it; exit 1 when something stays.
  static func run(
    _ queue: PrintQueue, only: Int64?, printer: Printer, paper: ESCPOS.Paper, login: String, terminal: String, now: Timestamp, json: Bool
  ) throws {
    let outcome = try printer.print(
      queue, only: only, paper: paper, by: login, terminal: terminal, now: now, clock: { (try? currentTime(queue.database)) ?? now })
    if let only, outcome.printed.isEmpty && outcome.failed.isEmpty {
      throw StoreError.refused(.jobNotPrinted, .id(only))
    }
    for id in outcome.printed {
      if json, let j = try queue.job(id) { printJSON(Self.json(j)) } else { print("Printed job \(id).") }
    }
    for (id, reason) in outcome.failed {
      if json, let j = try queue.job(id) { printJSON(Self.json(j)) } else { printError("vgk-staff: job \(id) stays in the queue: \(reason)") }
    }
    if !outcome.failed.isEmpty { throw ExitCode(1) }
  }

  struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The jobs still to print (oldest first), then the last ones printed or cancelled.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("How many of the done ones (default 20).", valueName: "n")) var limit = 20
    func validate() throws { guard (0...10_000).contains(limit) else { throw ValidationError("--limit is 0 to 10000") } }
    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open(readOnly: true)
      let jobs = try PrintQueue(database: database, key: nil).jobs(limit: limit)
      for j in jobs { if common.json { printJSON(PrintCommand.json(j)) } else { print(PrintCommand.line(j)) } }
      if !jobs.contains(where: { $0.status == .pending || $0.status == .printing }) { throw ExitCode(1) }
    }
  }

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the jobs that wait, oldest first (after the printer is back; or from a timer).",
      discussion: "Stops at the first job the printer refuses: it stays pending with the reason. Exit status 1 then.")
    @OptionGroup var common: Common
    func run() throws {
      let (env, _, queue, login, terminal, now) = try LabelCommand.open(common.global, staff: common.staff)
      let printer = try env.config.printer()
      try PrintCommand.run(queue, only: nil, printer: printer, paper: printer.paper, login: login, terminal: terminal, now: now, json: common.json)
    }
  }

  struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a job again: a pending one now, a printed or cancelled one as a reprint (audited).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The job.", valueName: "id")) var id: Int64
    func validate() throws { guard id >= 1 else { throw ValidationError("a job id is a whole number from 1") } }
    func run() throws {
      let (env, _, queue, login, terminal, now) = try LabelCommand.open(common.global, staff: common.staff)
      let printer = try env.config.printer()
      let job = try queue.retry(id, by: login, terminal: terminal, now: now)
      try PrintCommand.run(queue, only: job, printer: printer, paper: printer.paper, login: login, terminal: terminal, now: now, json: common.json)
    }
  }

  struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a job that has not printed.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The job.", valueName: "id")) var id: Int64
    func validate() throws { guard id >= 1 else { throw ValidationError("a job id is a whole number from 1") } }
    func run() throws {
      let (_, _, queue, login, terminal, now) = try LabelCommand.open(common.global, staff: common.staff)
      try queue.cancel(id, by: login, terminal: terminal, now: now)
      if common.json, let j = try queue.job(id) { printJSON(PrintCommand.json(j)) } else { print("Job \(id) cancelled.") }
    }
  }
}
