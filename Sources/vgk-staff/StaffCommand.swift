import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// `vgk-staff staff`: accounts, roles, secrets, unlocks and sessions.
struct Staff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Staff accounts: add, roles, passwords and PINs, unlocks, sessions.",
    discussion: """
      Secrets are read from standard input, a line each, never from the command line: first the \
      acting admin's password (or your current secret, to change your own), then the new one. \
      While the point has no admin who can log in, the first admin can be added and given a \
      password without --staff. See STAFF AND LOGIN and ROLES in vgk-staff(1).
      """,
    subcommands: [List.self, Add.self, Passwd.self, Role.self, Disable.self, Enable.self, Unlock.self, Login.self, Sessions.self])

  struct Common: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as JSON (one object per line).") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?
  }

  static func login(_ text: String) throws -> String {
    switch Identifier.login(text) {
    case .success(let l): return l
    case .failure(let e): throw ValidationError("a staff login \(e.reason)")
    }
  }

  static func json(_ a: StaffAccount) -> [(String, JSON)] {
    [
      ("login", .string(a.login)), ("name", .string(a.fullName)), ("role", .string(a.role.rawValue)), ("active", .bool(a.active)),
      ("secret", .str(a.secret?.rawValue)),
    ]
  }

  static func line(_ a: StaffAccount) -> String {
    [
      a.login.padding(toLength: 14, withPad: " ", startingAt: 0), a.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0),
      (a.active ? "active" : "disabled").padding(toLength: 9, withPad: " ", startingAt: 0),
      (a.secret?.rawValue ?? "no secret").padding(toLength: 10, withPad: " ", startingAt: 0), a.fullName,
    ].joined(separator: " ")
  }

  /// The first line of standard input (a terminal's echo turned off while it is typed): at most
  /// 1 KiB; an empty or missing line is bad input.
  static func readSecret(prompt: String) throws -> String {
    let tty = isatty(0) == 1
    var saved = termios()
    if tty {
      FileHandle.standardError.write(Data(prompt.utf8))
      tcgetattr(0, &saved)
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(0, TCSANOW, &quiet)
    }
    defer {
      if tty {
        tcsetattr(0, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
      }
    }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(0, &byte, 1) == 1 {
      if byte == 0x0A { break }
      bytes.append(byte)
      guard bytes.count <= 1024 else { throw ValidationError("the secret on standard input is longer than 1 KiB") }
    }
    if bytes.last == 0x0D { bytes.removeLast() }
    guard !bytes.isEmpty else { throw ValidationError("no secret on standard input (give it as the first line)") }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw ValidationError("the secret on standard input is not UTF-8") }
    return text
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The point's staff: login, role, active or not, password or PIN.")
    @OptionGroup var common: Common

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open(readOnly: true)
      let all = try Accounts.list(database)
      for a in all { if common.json { printJSON(Staff.json(a)) } else { print(Staff.line(a)) } }
      if all.isEmpty { throw ExitCode(1) }
    }
  }

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a staff account (admins; the point's first admin without --staff).",
      discussion: "Give it a secret next with `vgk-staff staff passwd LOGIN`.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The new login (letters, digits, . _ -).", valueName: "login")) var login: String
    @Option(help: ArgumentHelp("The person's full name.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("clerk, supervisor or admin.", valueName: "role")) var role: String

    func validate() throws {
      _ = try Staff.login(login)
      guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role: '\(role)' is not clerk, supervisor or admin") }
      if case .failure(let e) = Identifier.text(name, max: 120) { throw ValidationError("--name \(e.reason)") }
    }

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open()
      // While no admin can log in, the point's first admin is added by whoever sets the point up.
      let by = try Accounts.settingUp(database) ? try Environment.staffLogin(common.staff) : try env.require(.manageStaff, staff: common.staff, database)
      let made = try Accounts.add(
        database, login: try Staff.login(login), fullName: name.trimmingCharacters(in: .whitespaces), role: StaffRole(rawValue: role) ?? .clerk,
        by: by, terminal: try Environment.terminalName(), now: try currentTime(database))
      if common.json { printJSON(Staff.json(made)) } else { print("Added \(made.login), \(made.role.rawValue): \(made.fullName).") }
    }
  }

  struct Passwd: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Set a password (or a clerk's PIN with --pin) from standard input.",
      discussion: """
        Standard input: your current secret then the new one (your own), or the acting admin's \
        password then the new one (anyone's); at most 3 changes of one account per hour. \
        Passwords have at least 8 characters; a PIN (clerks only) is 4 to 8 digits and works \
        only on a terminal that holds its terminal key (terminal.key in the key directory, made \
        by `init` or the first PIN).
        """)
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("Whose secret.", valueName: "login")) var login: String
    @Flag(help: "Set a PIN instead of a password (clerks, on a counter terminal).") var pin = false

    func validate() throws { _ = try Staff.login(login) }

    /// Who sets the secret, proven by the first line of standard input: your current secret for
    /// your own, the acting admin's password for someone else's; nothing while the point sets up
    /// its first admin (the store then allows an admin's secret only).
    func proven(_ subject: String, env: Environment, _ database: AppDatabase) throws -> String? {
      let by = try Environment.staffLogin(common.staff)
      if try Accounts.settingUp(database) { return by }
      guard let by else { throw ValidationError("setting a secret needs --staff LOGIN (yours, or an admin's), or VGK_STAFF_USER.") }
      guard by == subject else { return try env.require(.manageStaff, staff: by, database) }
      guard try Accounts.account(database, login: by)?.secret != nil else {
        throw StoreError.refused(.noSecretYet, .text(by))
      }
      try env.prove(by, database, prompt: "Current secret of \(by): ")
      return by
    }

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open()
      let subject = try Staff.login(login)
      let kind: SecretKind = pin ? .pin : .password
      let by = try proven(subject, env: env, database)
      let secret = try Staff.readSecret(prompt: "New \(pin ? "PIN" : "password") for \(subject): ")
      // The pepper is made with the first secret of a database that has none; the terminal key with the first PIN.
      let anySecret = try Accounts.list(database).contains { $0.secret != nil }
      let keys = env.keys
      if pin { _ = try keys.terminalKey(create: true) }
      let hasher = SecretHasher(pepper: try keys.pepper(create: !anySecret), terminalKey: try keys.terminalKey(create: false))
      try Accounts.setSecret(
        database, login: subject, secret: secret, kind: kind, hasher: hasher, by: by, terminal: try Environment.terminalName(),
        now: try currentTime(database))
      if common.json {
        printJSON([("login", .string(subject)), ("secret", .string(kind.rawValue))])
      } else {
        print("\(subject)'s \(pin ? "PIN" : "password") is set.")
      }
    }
  }

  /// What `role`, `disable` and `enable` share.
  static func update(_ common: Common, _ login: String, role: StaffRole? = nil, active: Bool? = nil) throws {
    let env = try Environment.resolve(common.global)
    let database = try env.open()
    let me = try env.require(.manageStaff, staff: common.staff, database)
    let after = try Accounts.update(
      database, login: try Staff.login(login), role: role, active: active, by: me, terminal: try Environment.terminalName(),
      now: try currentTime(database))
    if common.json { printJSON(Staff.json(after)) } else { print(Staff.line(after)) }
  }

  struct Role: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Change an account's role (admins).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("Whose role.", valueName: "login")) var login: String
    @Argument(help: ArgumentHelp("clerk, supervisor or admin.", valueName: "role")) var role: String

    func validate() throws {
      _ = try Staff.login(login)
      guard StaffRole(rawValue: role) != nil else { throw ValidationError("'\(role)' is not clerk, supervisor or admin") }
    }

    func run() throws { try Staff.update(common, login, role: StaffRole(rawValue: role)) }
  }

  struct Disable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer log in or act (admins).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("Whose account.", valueName: "login")) var login: String
    func validate() throws { _ = try Staff.login(login) }
    func run() throws { try Staff.update(common, login, active: false) }
  }

  struct Enable: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Enable a disabled account again (admins).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("Whose account.", valueName: "login")) var login: String
    func validate() throws { _ = try Staff.login(login) }
    func run() throws { try Staff.update(common, login, active: true) }
  }

  struct Unlock: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Lift the lock failed logins put on an account (supervisors and admins).",
      discussion: "Five failed logins within an hour lock an account on every terminal of the host until the hour has passed.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("Whose account.", valueName: "login")) var login: String
    func validate() throws { _ = try Staff.login(login) }

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open()
      let me = try env.require(.unlockAccount, staff: common.staff, database)
      let journal = try env.loginState(database)
      defer { try? journal.close() }
      let subject = try Staff.login(login)
      let cleared = try Accounts.unlock(
        database, journal: journal, login: subject, by: me, terminal: try Environment.terminalName(), now: try currentTime(database))
      if common.json {
        printJSON([("login", .string(subject)), ("failed_logins_cleared", .int(Int64(cleared)))])
      } else {
        print("\(subject) unlocked (\(cleared) failed \(cleared == 1 ? "login" : "logins") forgotten).")
      }
    }
  }

  struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a login and its secret (from standard input) as the console's login screen does.",
      discussion: """
        Counts towards the same throttle as the console (5 failures per account per hour, on \
        every terminal of the host). Exit status 0 when accepted (a session is recorded and \
        closed at once), 1 when refused, with the reason.
        """)
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The login.", valueName: "login")) var login: String
    func validate() throws { _ = try Staff.login(login) }

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open(readOnly: true)
      let journal = try env.loginState(database)
      defer { try? journal.close() }
      let subject = try Staff.login(login)
      let secret = try Staff.readSecret(prompt: "Password or PIN for \(subject): ")
      let now = realTime()
      switch try Accounts.logIn(
        database, journal: journal, hasher: try env.hasher(), login: subject, secret: secret, terminal: try Environment.terminalName(), now: now)
      {
      case .success(let (account, session)):
        try journal.endSession(session, reason: "check", now: now)
        if common.json {
          printJSON([("login", .string(account.login)), ("role", .string(account.role.rawValue)), ("accepted", .bool(true))])
        } else {
          print("\(account.login) (\(account.role.rawValue)): accepted.")
        }
      case .failure(let refusal):
        if common.json {
          printJSON([
            ("login", .string(subject)), ("accepted", .bool(false)), ("reason", .string(refusal.description)),
            ("code", .string(refusal.message.code.rawValue)),
          ])
        } else {
          printError("vgk-staff: " + refusal.message.text(Output.language))
        }
        throw ExitCode(1)
      }
    }
  }

  struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The newest console sessions on this host: who, which terminal, when, how they ended (supervisors and admins).")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("How many (default 20, at most 10000).", valueName: "n")) var limit = 20

    func validate() throws { guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be 1 to 10000") } }

    func run() throws {
      let env = try Environment.resolve(common.global)
      let database = try env.open(readOnly: true)
      _ = try env.require(.readAudit, staff: common.staff, database)
      let journal = try env.loginState(database)
      defer { try? journal.close() }
      let rows = try journal.sessions(limit: limit)
      for s in rows {
        if common.json {
          printJSON([
            ("id", .int(s.id)), ("login", .string(s.login)), ("role", .string(s.role)), ("terminal", .string(s.terminal)), ("pid", .int(s.pid)),
            ("started_at", .string(s.startedAt.iso8601)), ("ended_at", .str(s.endedAt?.iso8601)), ("end", .str(s.endReason)),
          ])
        } else {
          let end = s.endedAt.map { "\($0.douala) (\(s.endReason ?? "?"))" } ?? "open"
          print("\(s.startedAt.douala)  \(s.login)  \(s.role)  \(s.terminal)  until \(end)")
        }
      }
      if rows.isEmpty { throw ExitCode(1) }
    }
  }
}
