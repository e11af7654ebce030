import ArgumentParser
import Foundation
import StaffConsole
import StaffCurses
import StaffDomain
import StaffLabels
import StaffScan
import StaffServices
import StaffStore

struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Database file (default: $VGK_STAFF_DB, else the XDG data directory).", valueName: "path"))
  var db: String?

  @Option(name: .long, help: ArgumentHelp("Configuration file (default: $XDG_CONFIG_HOME/vgk-staff/config).", valueName: "path"))
  var config: String?
}

struct VGKStaff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vgk-staff",
    abstract: "The VGK pickup point's staff console.",
    discussion: "Run without a subcommand to open the console. See vgk-staff(1).",
    version: Versions.line,
    subcommands: [
      ConsoleCommand.self, Demo.self, Init.self, Import.self, Staff.self, Scan.self, Orders.self, Tasks.self, Stock.self, Transfer.self, Tickets.self, Keys.self, Report.self, LabelCommand.self, PrintCommand.self, Audit.self, Watch.self, LinkGroup.self, CentralGroup.self, DB.self, Decode.self,
    ],
    defaultSubcommand: ConsoleCommand.self)
}

extension VGKStaff {
  /// The subcommands `args` name (`["stock", "move"]`), and the first word that names none where
  /// one was expected: ArgumentParser would hand that word to the default subcommand (the
  /// console) and call it an unexpected argument, which says nothing of a mistyped subcommand.
  static func subcommandPath(_ args: [String]) -> (names: [String], unknown: String?, group: ParsableCommand.Type) {
    var command: ParsableCommand.Type = VGKStaff.self
    var names: [String] = []
    for arg in args {
      let subcommands = command.configuration.subcommands
      guard !subcommands.isEmpty, !arg.hasPrefix("-") else { break }
      if names.isEmpty && arg == "help" { break }
      guard let next = subcommands.first(where: { $0._commandName == arg || $0.configuration.aliases.contains(arg) }) else {
        return (names, arg, command)
      }
      command = next
      names.append(arg)
    }
    return (names, nil, command)
  }

  /// The usage error for a word that names no subcommand, with the ones there are.
  static func unknownSubcommand(_ args: [String]) -> String? {
    let path = subcommandPath(args)
    guard let word = path.unknown else { return nil }
    let group = (["vgk-staff"] + path.names).joined(separator: " ")
    let known = path.group.configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
    return "vgk-staff: unknown subcommand '\(Visible.text(word, limit: 40))' (\(group) has: \(known)); see '\(group) --help'"
  }
}

enum Versions {
  static let program = "0.1.0"
  static var line: String {
    var parts = ["SQLite \(StoreInfo.sqliteVersion)", "ncurses \(Terminal.libraryVersion)"]
    parts += QRDecoder.libraryVersions.map { "\($0.name) \($0.version)" }
    parts.append("libqrencode \(QRMatrix.libraryVersion)")
    return "vgk-staff \(program) (\(parts.joined(separator: ", ")))"
  }
}

// MARK: - init

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create the database for a pickup point.",
    discussion: """
      Creates the database file, the point with its standard locations (BACK, TRANSIT, COUNTER), \
      and the key files (0600) in the key directory if it has none: the pickup-code key, the \
      pepper of staff secrets and this terminal's key (PINs work only where it is). With \
      --training, the database is a training one for good: its clock may be pinned with \
      VGK_STAFF_NOW (a real point's refuses it); never use one at a real counter.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("Pickup point code, e.g. DLA-AKWA.", valueName: "code")) var point: String
  @Option(help: ArgumentHelp("Pickup point name.", valueName: "name")) var name: String
  @Flag(help: "Make a training (or test) database, whose clock VGK_STAFF_NOW may pin.") var training = false
  @Flag(help: "Print the result as one JSON object.") var json = false

  func run() throws {
    let env = try Environment.resolve(global)
    let now = try currentTime(training: training, path: env.databasePath)
    let kind: PointKind = training ? .training : .real
    _ = try PointSetup.validated(pointCode: point, name: name)
    let key = try env.keys.pickupCodeKey(create: true)
    // Staff secrets are peppered; a clerk's PIN is bound to this terminal's key.
    _ = try env.keys.pepper(create: true)
    _ = try env.keys.terminalKey(create: true)
    let database = try env.open(create: true)
    _ = try PointSetup.initialise(database, pointCode: point, name: name, key: key, kind: kind, now: now)
    // The host's login journal, made now and recorded in the database, so that its loss is noticed.
    try env.loginState(database).close()
    // The personal-data key: customers' names, phones and messages are sealed under it.
    let personal = try PersonalData.key(env.keys, database)
    _ = try TicketDesk(database: database, key: personal, now: now)
    if json {
      printJSON([
        ("database", .string(env.databasePath)), ("point", .string(point)),
        ("keys", .string(env.keysDirectory)), ("key_fingerprint", .string(key.fingerprint)),
        ("personal_key_fingerprint", .string(personal.fingerprint)), ("kind", .string(kind.rawValue)),
      ])
    } else {
      print("Created \(env.databasePath) for pickup point \(point) (\(name)).")
      if training { print("A training database: its clock may be pinned with VGK_STAFF_NOW. Never use it at a real counter.") }
      print("Pickup-code key: \(env.keysDirectory)/\(KeyStore.pickupCodeFile) — back it up apart from the database.")
      print("Personal-data key: \(env.keysDirectory)/\(KeyStore.personalDataFile) — back it up too, apart from both.")
    }
  }
}

// MARK: - import

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import the marketplace's products, orders or staff from a CSV or JSON file.",
    discussion: """
      The whole file is imported in one transaction, or nothing is: every problem is printed as \
      FILE:LINE: reason. Formats are described in vgk-staff(1).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("What the file holds: products, orders or staff.", valueName: "kind"))
  var kind: ImportKind
  @Argument(help: ArgumentHelp("The file (.csv, .json or .jsonl).", valueName: "file")) var file: String
  @Flag(help: "Print the result as one JSON object.") var json = false
  @Option(
    help: ArgumentHelp(
      "For staff: an admin's login, the password on standard input (not needed before the point has an admin who can log in).",
      valueName: "login"))
  var staff: String?

  func run() throws {
    let env = try Environment.resolve(global)
    let database = try env.open()
    // A staff file sets roles and disables accounts: an admin's work, proven, once there is one.
    var by: String?
    if kind == .staff, try !Accounts.settingUp(database) { by = try env.require(.manageStaff, staff: staff, database) }
    let report = try Importer.importFile(kind, path: file, into: database, keys: env.keys, by: by, now: try currentTime(database))
    if json {
      var pairs: [(String, JSON)] = [
        ("file", .string(file)), ("kind", .string(kind.rawValue)), ("added", .int(Int64(report.added))),
        ("updated", .int(Int64(report.updated))), ("unchanged", .int(Int64(report.unchanged))),
      ]
      if kind == .orders { pairs.append(("received", .int(Int64(report.received)))) }
      printJSON(pairs)
    } else {
      let summary = "\(file): \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged \(kind.rawValue)"
      if kind == .orders {
        print(summary + "; \(report.received) item\(report.received == 1 ? "" : "s") received into stock.")
      } else {
        print(summary + ".")
      }
    }
  }
}

extension ImportKind: ExpressibleByArgument {}

// MARK: - db

struct DB: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: "Check or back up the database.", subcommands: [Check.self, Backup.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the schema with the migrations, run SQLite's integrity and foreign-key checks and the program's own invariants.",
      discussion: "Exit status 0 when everything holds, 1 when something does not (each violation is printed).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per violation, then one summary object.") var json = false

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let violations = try DatabaseCheck.run(database)
      let kind = try PointSetup.kind(database)
      for v in violations {
        if json { printJSON([("check", .string(v.check)), ("detail", .string(v.detail))]) } else { print("\(v.check): \(v.detail)") }
      }
      if json {
        printJSON([
          ("database", .string(env.databasePath)), ("kind", .string(kind.rawValue)), ("violations", .int(Int64(violations.count))),
          ("ok", .bool(violations.isEmpty)),
        ])
      } else if violations.isEmpty {
        let training = kind == .training ? "; a training database (its clock may be pinned with VGK_STAFF_NOW)" : ""
        print("\(env.databasePath): ok (schema, integrity, foreign keys, stock = ledger, handovers, record chain, audit chain, kind)\(training)")
      }
      if !violations.isEmpty { throw ExitCode(1) }
    }
  }

  struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a consistent copy of the database to FILE while others go on working.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "file")) var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false
    @Flag(help: "Print the result as one JSON object.") var json = false

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let bytes = try database.backup(to: file, overwrite: force)
      if json {
        printJSON([("database", .string(env.databasePath)), ("backup", .string(file)), ("bytes", .int(Int64(bytes)))])
      } else {
        print("Backed up \(env.databasePath) to \(file) (\(bytes) bytes, integrity checked).")
      }
    }
  }
}

// MARK: - console and demo

struct ConsoleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "console",
    abstract: "Open the console (the default).",
    discussion: """
      The scan queue, the task board, the stock, the tickets and the team, kept up to date with \
      what other terminals and the watcher do. With camera_dir in the config, the console also \
      takes photos from the camera folder, as watch does. See vgk-staff(1) and vgk-staff-keymap(5).
      """)
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: ConsoleOptions

  func run() throws {
    let env = try Environment.resolve(global)
    // A database this account may only read (a supervisor over SSH) opens read-only, and says so.
    let database = try env.open(readOnly: true)
    let (state, problems) = try ConsoleRunner.prepare(options, env: env, database: database)
    for line in problems { printError(line) }
    let counter = database.isReadOnly ? nil : try? Counter(database: database, key: try env.keys.pickupCodeKey(create: false))
    var ingest: CameraIngest?
    if let dir = env.config.cameraDirectory, !database.isReadOnly {
      ingest = try CameraIngest.start(directory: dir, env: env, database: database)
    }
    defer { ingest?.stop() }
    // With link_url, the link runs beside the console (a read-only console only shows its state).
    let link = try env.startLink(database)
    defer { link?.stop() }
    try ConsoleRunner(
      database: database, counter: counter, state: state, camera: ingest, terminalName: state.terminalName ?? "",
      tasks: try TaskSettings(env.config), desk: ConsoleSetup.desk(keys: env.keys, settings: env.config, database: database, now: try? currentTime(database)),
      logins: LoginDesk(env, database),
      printer: try? env.config.printer(), labelLanguage: (try? env.config.labelLanguage()) ?? .en,
      link: try env.config.link() == nil ? nil : ConsoleLink(database: database)
    ).run()
  }
}

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open the console on a demo database built from Fixtures/ (a pickup point in Douala).",
    discussion: """
      The demo database lives apart from the real one ($XDG_DATA_HOME/vgk-staff/demo/, or --db); \
      it is built on first use and kept; --reset builds it anew. Its camera folder is camera/ \
      beside it: drop a photo of a QR code there and watch the scan queue take it. Its login \
      screen lists the demo's accounts and their secrets (e.g. amina.n, a clerk, PIN 2468) and a \
      pickup code that works now. Each opening moves the holds of its ready orders on by the time \
      since the last one, so its parcels still wait days later (audited as demo.renew).
      """)
  @Option(name: .long, help: ArgumentHelp("Demo database file.", valueName: "path")) var db: String?
  @Flag(help: "Delete the demo database and build it again.") var reset = false
  @OptionGroup var options: ConsoleOptions

  func run() throws {
    let dir = Environment.dataHome() + "/vgk-staff/demo"
    let path = db ?? dir + "/demo.sqlite"
    let home = (path as NSString).deletingLastPathComponent
    let keyDir = (home as NSString).appendingPathComponent("demo-keys")
    let camera = (home as NSString).appendingPathComponent("camera")
    if db == nil { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    if reset {
      DemoBuilder.remove(path: path)
      try? FileManager.default.removeItem(atPath: keyDir)
    }
    let database: AppDatabase
    let now: Timestamp
    let keys = KeyStore(directory: keyDir)
    let built: Bool
    if FileManager.default.fileExists(atPath: path) {
      database = try AppDatabase.open(path: path)
      now = try currentTime(database)
      try DemoBuilder.giveSecrets(database, keys: keys, now: now)
      built = false
    } else {
      printError("Building the demo database at \(path)…")
      // The demo is a training database: its clock may be pinned.
      now = try currentTime(training: true, path: path)
      database = try DemoBuilder.build(path: path, keys: keys, fixtures: try Environment.fixturesDirectory() + "/demo", now: now)
      built = true
    }
    // However long after its building the demo is opened, its parcels still wait on their shelves.
    try DemoBuilder.renewHolds(database, now: now)
    // The fixtures hold the pickup codes in clear; without them the hint lists only the accounts.
    let sample = (try? Environment.fixturesDirectory()).flatMap {
      DemoBuilder.samplePayload(fixtures: $0 + "/demo", database: database, key: try? keys.pickupCodeKey(create: false), now: now)
    }
    if built, let sample {
      printError("Try a pickup: VGK_STAFF_KEYS=\(keyDir) vgk-staff --db \(path) scan --staff amina.n --payload \(sample)")
    }
    try FileManager.default.createDirectory(atPath: camera, withIntermediateDirectories: true)
    printError("Camera folder: \(camera) (drop a photo of a QR code there)")
    var env = try Environment.resolve(db: path, config: nil)
    env.databasePath = path
    env.keysDirectory = keyDir
    env.config.set("camera_dir", camera)
    // The demo is a point of its own: never linked to a marketplace, whatever the config says.
    env.config.set("link_url", nil)
    let (prepared, problems) = try ConsoleRunner.prepare(options, env: env, database: database)
    var state = prepared
    state.loginHint = DemoBuilder.loginHint(sample: sample)
    for line in problems { printError(line) }
    let counter = try Counter(database: database, key: try env.keys.pickupCodeKey(create: false))
    let ingest = try CameraIngest.start(directory: camera, env: env, database: database)
    defer { ingest.stop() }
    try ConsoleRunner(
      database: database, counter: counter, state: state, camera: ingest, terminalName: state.terminalName ?? "",
      tasks: try TaskSettings(env.config), desk: ConsoleSetup.desk(keys: env.keys, settings: env.config, database: database, now: try? currentTime(database)),
      logins: LoginDesk(env, database),
      printer: try? env.config.printer(), labelLanguage: (try? env.config.labelLanguage()) ?? .en
    ).run()
  }
}

