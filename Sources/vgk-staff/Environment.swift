import ArgumentParser
import Foundation
import StaffCamera
import StaffDomain
import StaffScan
import StaffStore

/// Where things are: the database, the key directory, the config file, the fixtures. Resolved
/// once per run from the command line, the environment, the config file and XDG defaults.
struct Environment {
  var databasePath: String
  /// True when the path came from the XDG default (its directory may be created for the user).
  var databaseIsDefault: Bool
  var keysDirectory: String
  var config: [String: String]

  static let env = ProcessInfo.processInfo.environment

  static func home() -> String { env["HOME"] ?? NSHomeDirectory() }
  static func dataHome() -> String { nonEmpty(env["XDG_DATA_HOME"]) ?? home() + "/.local/share" }
  static func configHome() -> String { nonEmpty(env["XDG_CONFIG_HOME"]) ?? home() + "/.config" }
  static func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }

  /// `--db` > `$VGK_STAFF_DB` > config `db` > `$XDG_DATA_HOME/vgk-staff/vgk-staff.sqlite`.
  /// Keys: `$VGK_STAFF_KEYS` > config `keys_dir` > `$XDG_CONFIG_HOME/vgk-staff/keys`.
  static func resolve(_ global: GlobalOptions) throws -> Environment {
    try resolve(db: global.db, config: global.config)
  }

  static func resolve(db: String?, config configPath: String?) throws -> Environment {
    let config = try loadConfig(configPath)
    Output.take(config: config)
    let explicit = nonEmpty(db) ?? nonEmpty(env["VGK_STAFF_DB"]) ?? config["db"]
    let path = explicit ?? dataHome() + "/vgk-staff/vgk-staff.sqlite"
    let keys = nonEmpty(env["VGK_STAFF_KEYS"]) ?? config["keys_dir"] ?? configHome() + "/vgk-staff/keys"
    return Environment(databasePath: path, databaseIsDefault: explicit == nil, keysDirectory: keys, config: config)
  }

  /// `--config PATH` must exist; otherwise `$VGK_STAFF_CONFIG`, then the XDG file if present.
  static func loadConfig(_ option: String?) throws -> [String: String] {
    let path: String
    if let option = nonEmpty(option) ?? nonEmpty(env["VGK_STAFF_CONFIG"]) {
      path = option
    } else {
      path = configHome() + "/vgk-staff/config"
      if !FileManager.default.fileExists(atPath: path) { return [:] }
    }
    let bytes = try Importer.readFile(path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw StoreError.invalid(.notUTF8, .text(path))
    }
    switch ConfigFile.parse(text) {
    case .success(let values): return values
    case .failure(let issue): throw StoreError.invalid(.configLine, .text(path), .text(String(issue.line)), .text(issue.message))
    }
  }

  var keys: KeyStore { KeyStore(directory: keysDirectory) }

  /// Checks staff secrets: the pepper (created with `create`) and this terminal's key, if any.
  func hasher(create: Bool = false) throws -> SecretHasher {
    SecretHasher(pepper: try keys.pepper(create: create), terminalKey: try keys.terminalKey(create: false))
  }

  /// The host's login journal of `database`, at its fixed place (`LoginState.open(for:)`); when
  /// it was found lost or replaced, standard error says so (every login is then locked a while).
  func loginState(_ database: AppDatabase) throws -> LoginState {
    let journal = try LoginState.open(
      for: database, terminal: try Environment.terminalName(), now: realTime(), auditedAt: try? currentTime(database))
    if let notice = journal.notice { printError("vgk-staff: " + notice) }
    return journal
  }

  /// config `idle_lock_minutes` (default 15): an untouched console goes back to the login screen.
  func idleLock() throws -> IdleLock {
    IdleLock(seconds: Int64(try configInt("idle_lock_minutes", 1...1440) ?? 15) * 60)
  }

  /// Opens the database; the default location's directory is created for the user on `create`.
  func open(create: Bool = false, readOnly: Bool = false) throws -> AppDatabase {
    if create && databaseIsDefault {
      try? FileManager.default.createDirectory(
        atPath: (databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    }
    return try AppDatabase.open(path: databasePath, create: create, readOnly: readOnly)
  }

  /// The demo's fixtures: `$VGK_STAFF_FIXTURES`, else installed beside the binary
  /// (`PREFIX/share/vgk-staff/Fixtures`), else found walking up from the binary (a build tree).
  static func fixturesDirectory() throws -> String {
    guard let dir = shared("Fixtures", variable: "VGK_STAFF_FIXTURES", marker: "demo/products.csv") else {
      throw StoreError.invalid(.noFixtures)
    }
    return dir
  }

  /// A directory the program ships (`Fixtures`, `Keymaps`): `$variable`, else installed beside
  /// the binary (`PREFIX/share/vgk-staff/NAME`), else found walking up from the binary (a build
  /// tree); the one holding `marker`.
  static func shared(_ name: String, variable: String, marker: String) -> String? {
    if let dir = nonEmpty(env[variable]) { return dir }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let bin = exe.deletingLastPathComponent()
    let installed = bin.deletingLastPathComponent().appendingPathComponent("share/vgk-staff/" + name).path
    if FileManager.default.fileExists(atPath: installed + "/" + marker) { return installed }
    var dir = bin
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent(name).path
      if FileManager.default.fileExists(atPath: candidate + "/" + marker) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }
}

extension Environment {
  /// The labels' language: the point's `lang` (fr or en), English when the config has none.
  /// Labels follow the point, not the reader: `--lang` and the locale change only the screens.
  func labelLanguage() throws -> Language {
    guard let text = Environment.nonEmpty(config["lang"]) else { return .en }
    guard let language = Language(rawValue: text.lowercased()) else { throw StoreError.invalid(.notLanguage, .text("config lang"), .text(text)) }
    return language
  }

  /// A whole number from the config, within `range`; nil when the key is absent.
  func configInt(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
    guard let text = config[key] else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw StoreError.invalid(.configWhole, .text(key), .text(text), .text(String(range.lowerBound)), .text(String(range.upperBound)))
    }
    return value
  }

  /// The decoding worker and its limits: decode_cpu_seconds (default 5), decode_memory_mib
  /// (default 256), max_pixels (default 40000000), decode_worker_images (default 200).
  func sandboxedDecoder(pixelCap: Int? = nil) throws -> SandboxedDecoder {
    guard let worker = SandboxedDecoder.locateWorker(environment: Environment.env) else {
      throw StoreError.internal("the decoding worker vgk-scan-worker is not installed beside vgk-staff (or set VGK_STAFF_WORKER)")
    }
    var limits = SandboxedDecoder.Limits.standard
    limits.cpuSeconds = try configInt("decode_cpu_seconds", 1...600) ?? limits.cpuSeconds
    limits.memoryBytes = (try configInt("decode_memory_mib", 64...65536)).map { $0 << 20 } ?? limits.memoryBytes
    limits.wallSeconds = Double(limits.cpuSeconds) * 2
    limits.pixelCap = try pixelCap ?? configInt("max_pixels", 1...1_000_000_000) ?? limits.pixelCap
    limits.imagesPerWorker = try configInt("decode_worker_images", 1...100_000) ?? limits.imagesPerWorker
    return SandboxedDecoder(workerPath: worker, limits: limits)
  }

  /// camera_settle_ms (default 250), camera_rescan_seconds (default 2) and processed_days (default 7).
  func cameraSettings(settleMs: Int?) throws -> CameraFolder.Settings {
    let settle = try settleMs ?? configInt("camera_settle_ms", 0...60_000) ?? 250
    let rescan = try configInt("camera_rescan_seconds", 1...3600) ?? 2
    let days = try configInt("processed_days", 0...3650) ?? 7
    return CameraFolder.Settings(settleSeconds: Double(settle) / 1000, rescanSeconds: Double(rescan), processedDays: days)
  }
}

/// The logins whose password this run has checked: a command that checks its staff twice asks
/// once.
final class ProvenLogins: @unchecked Sendable {
  static let shared = ProvenLogins()
  private let lock = NSLock()
  private var logins: Set<String> = []
  func contains(_ login: String) -> Bool { lock.withLock { logins.contains(login) } }
  func insert(_ login: String) { _ = lock.withLock { logins.insert(login) } }
}

/// Now from the system clock, whatever `VGK_STAFF_NOW` says: the login throttle and the reset
/// limit count on it, so a pinned clock cannot move an account out of its lock.
func realTime() -> Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

/// The time `VGK_STAFF_NOW` pins (an ISO 8601 time with an offset, or whole seconds since 1970),
/// or nil when it is not set.
func pinnedTime() throws -> Timestamp? {
  guard let pinned = Environment.nonEmpty(Environment.env["VGK_STAFF_NOW"]) else { return nil }
  if pinned.utf8.count <= 12, pinned.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int64(pinned) {
    return Timestamp(seconds: seconds)
  }
  switch Timestamp.parse(pinned) {
  case .success(let t): return t
  case .failure(let e): throw StoreError.invalid(.pinnedNow, .message(e.reason))
  }
}

/// Now, for what is done to `database`: the system clock (the one place the program reads it,
/// with `realTime`). `VGK_STAFF_NOW` pins it for tests and training, on a training database
/// only (`init --training`, the demo): a real point's database refuses it (exit 2), so that
/// nobody backdates a handover, hands over an order past its hold or skips a code lock.
func currentTime(_ database: AppDatabase) throws -> Timestamp {
  guard let pinned = try pinnedTime() else { return realTime() }
  guard try PointSetup.kind(database) == .training else { throw realPointPinned(database.path) }
  return pinned
}

/// Now, for a database being made: pinned only when it is made as a training one.
func currentTime(training: Bool, path: String) throws -> Timestamp {
  guard let pinned = try pinnedTime() else { return realTime() }
  guard training else { throw realPointPinned(path) }
  return pinned
}

/// The one-line refusal of a pinned clock on a real point's database.
func realPointPinned(_ path: String) -> StoreError {
  StoreError.invalid(.realPointPinned, .text(path))
}

extension Environment {
  /// The login given with `--staff`, else `$VGK_STAFF_USER`, else nobody. The command line trusts
  /// the Unix account that runs it (it holds the keys); the login names who acts, and its role is
  /// checked against ROLES in vgk-staff(1) by `check`.
  static func staffLogin(_ option: String?) throws -> String? {
    let (given, source) = nonEmpty(option).map { ($0, "--staff") } ?? (nonEmpty(env["VGK_STAFF_USER"]), "VGK_STAFF_USER")
    guard let given else { return nil }
    switch Identifier.login(given) {
    case .success(let login): return login
    case .failure(let e): throw StoreError.invalid(.staffLoginBad, .text(source), .message(e.reason))
    }
  }

  /// The login of whoever does what the command records (`--staff`, else `$VGK_STAFF_USER`);
  /// refused as bad usage when there is none.
  static func requiredStaffLogin(_ option: String?) throws -> String {
    guard let login = try staffLogin(option) else { throw missingStaff() }
    return login
  }

  /// Bad usage (exit 2) for a command run without `--staff` or `$VGK_STAFF_USER`: what is
  /// missing, which command (`what`, else the subcommands on the command line) needs it, and how
  /// to give it.
  static func missingStaff(_ what: String? = nil) -> StoreError {
    let names = VGKStaff.subcommandPath(hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))).names
    let command: MessageArg = what.map(MessageArg.text) ?? (names.isEmpty ? .message(Message(.thisCommand)) : .text(names.joined(separator: " ")))
    return StoreError.invalid(.staffMissing, command)
  }

  /// The acting staff member for a command that needs `permission`: given (else exit 2), known
  /// (an unknown login is bad input, exit 2), active and of a role the table allows (else
  /// refused, exit 1), and proven by a password when a supervisor or an admin acts (`check`),
  /// before anything is done.
  func actingStaff(_ option: String?, for permission: Permission, _ database: AppDatabase) throws -> String {
    let login = try Environment.requiredStaffLogin(option)
    try check(login, permission, database)
    return login
  }

  /// Checks `login`'s secret, read from the next line of standard input, as the login screen
  /// does; refused (exit 1) when it is wrong or the account is locked.
  func prove(_ login: String, _ database: AppDatabase, prompt: String) throws {
    let secret = try Staff.readSecret(prompt: prompt)
    let journal = try loginState(database)
    defer { try? journal.close() }
    let now = realTime()
    switch try Accounts.logIn(
      database, journal: journal, hasher: try hasher(), login: login, secret: secret, terminal: try Environment.terminalName(), now: now,
      audited: false)
    {
    case .success(let (_, session)):
      try journal.endSession(session, reason: "cli", now: now)
    case .failure(let refusal):
      throw StoreError.refused(.prefixed, .text(login), .message(refusal.message))
    }
  }

  /// The one check of who acts on the command line: refuses (exit 1) a login that is unknown,
  /// disabled, or whose role may not do `permission`; then, when the account is a supervisor's
  /// or an admin's, asks for its password (the first line of standard input, checked and
  /// throttled as the login screen does, once per run). The command line trusts the Unix
  /// account for counter work, but what a supervisor or an admin does (and the audit trail
  /// puts under their name) needs their password, whatever the command.
  func check(_ login: String, _ permission: Permission, _ database: AppDatabase) throws {
    guard let account = try Accounts.account(database, login: login) else {
      throw StoreError.invalid(.notStaffLogin, .text(login))
    }
    guard account.active else { throw StoreError.refused(.accountDisabled, .text(login)) }
    guard Access.allows(account.role, permission) else { throw StoreError.refused(.prefixed, .text(login), .message(Access.refusal(account.role, permission))) }
    if Access.provesOnCommandLine(account.role) && !ProvenLogins.shared.contains(login) {
      try prove(login, database, prompt: "Password of \(login): ")
      ProvenLogins.shared.insert(login)
    }
  }

  /// Which terminal this is, for the scan log, handovers and the audit log:
  /// `$VGK_STAFF_TERMINAL`, else the host name and the controlling terminal (`counter/pts/1`).
  static func terminalName() throws -> String {
    if let given = nonEmpty(env["VGK_STAFF_TERMINAL"]) {
      switch Identifier.text(given, max: 64) {
      case .success(let t): return t
      case .failure(let e): throw StoreError.invalid(.terminalBad, .message(e.reason))
      }
    }
    var buffer = [CChar](repeating: 0, count: 256)
    let host =
      gethostname(&buffer, buffer.count - 1) == 0
      ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
    if isatty(0) == 1, let tty = ttyname(0) {
      let name = String(cString: tty)
      return host + "/" + (name.hasPrefix("/dev/") ? String(name.dropFirst(5)) : name)
    }
    return host
  }
}
