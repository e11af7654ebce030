import Foundation
import GRDB
import StaffDomain

#if canImport(Glibc)
  import Glibc
#endif

/// The host's login journal: failed attempts (for throttling) and sessions, in a small SQLite
/// file of its own (rollback journal, FULL sync) that every process and every account on the host
/// shares — also supervisors over SSH, who may not write the database itself. It survives
/// restarts; an attempt is counted and checked in one IMMEDIATE transaction, so two processes
/// guessing at once share the same five attempts.
public final class LoginState: @unchecked Sendable {
  public let path: String
  let queue: DatabaseQueue
  /// This journal's identity, made with it: the database records it, so that a journal lost or
  /// replaced is noticed (`open(for:)`).
  public let identity: String
  /// When set, every login is refused as locked until then, whoever it is: the journal that
  /// counted the failed logins was lost or replaced, so nobody knows how many there were.
  public private(set) var everyoneLockedUntil: Timestamp?
  /// Said once on standard error or in the console when the journal was found lost or replaced.
  public private(set) var notice: String?

  private init(path: String, queue: DatabaseQueue, identity: String) {
    self.path = path
    self.queue = queue
    self.identity = identity
  }

  /// Opens (creating, 0660) the journal at `path`.
  public static func open(path: String) throws -> LoginState {
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
      throw StoreError.noDirectory(path: directory)
    }
    if !FileManager.default.fileExists(atPath: path) {
      let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o660)
      guard fd >= 0 else {
        throw StoreError.notWritable(path: path, reason: "the login journal cannot be created: \(String(cString: strerror(errno)))")
      }
      // Group-writable whatever the umask: every account of the group shares the journal.
      _ = fchmod(fd, 0o660)
      Glibc.close(fd)
    }
    guard FileManager.default.isWritableFile(atPath: path) else {
      throw StoreError.notWritable(
        path: path, reason: "the login journal must be writable by every account that logs in (see SUPERVISORS OVER SSH in vgk-staff(1))")
    }
    var config = Configuration()
    config.busyMode = .timeout(AppDatabase.busyTimeout)
    config.label = "vgk-staff logins"
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      try db.execute(sql: "PRAGMA mmap_size = 0")
    }
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
      try queue.inDatabase { db in
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        guard appID == Self.applicationID || (appID == 0 && tables == 0) else {
          throw StoreError.notOurs(path: path, reason: "not a vgk-staff login journal")
        }
        try db.execute(
          sql: """
            PRAGMA application_id = \(Self.applicationID);
            CREATE TABLE IF NOT EXISTS failures (
              login TEXT NOT NULL, at INTEGER NOT NULL, terminal TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS failures_login ON failures(login, at);
            CREATE TABLE IF NOT EXISTS sessions (
              id INTEGER PRIMARY KEY, login TEXT NOT NULL, role TEXT NOT NULL, terminal TEXT NOT NULL,
              pid INTEGER NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, end_reason TEXT);
            CREATE INDEX IF NOT EXISTS sessions_started ON sessions(started_at);
            CREATE TABLE IF NOT EXISTS identity (id TEXT NOT NULL);
            """)
        if try String.fetchOne(db, sql: "SELECT id FROM identity LIMIT 1") == nil {
          try db.execute(sql: "INSERT INTO identity (id) VALUES (?)", arguments: [UUID().uuidString.lowercased()])
        }
      }
    } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
      throw StoreError.notOurs(path: path, reason: "not an SQLite file")
    } catch let e as DatabaseError {
      throw StoreError.notWritable(path: path, reason: e.message ?? "\(e)")
    }
    let identity = try queue.read { try String.fetchOne($0, sql: "SELECT id FROM identity LIMIT 1") } ?? ""
    return LoginState(path: path, queue: queue, identity: identity)
  }

  /// The journal's place for the database at `databasePath`: fixed, in the directory
  /// `vgk-staff-logins` beside the database's real file (symbolic links followed), so that no
  /// option, variable or configuration moves it away from the counts it keeps.
  public static func path(forDatabase databasePath: String) -> String {
    let real = URL(fileURLWithPath: databasePath).resolvingSymlinksInPath().path
    let directory = (real as NSString).deletingLastPathComponent
    return ((directory as NSString).appendingPathComponent(directoryName) as NSString).appendingPathComponent("logins.sqlite")
  }

  public static let directoryName = "vgk-staff-logins"

  /// The `settings` key where the database records its journal: `IDENTITY SINCE`, SINCE the
  /// time (seconds) it replaced a lost one, 0 for the first.
  static let settingKey = "login_journal"

  /// Opens the journal of `database` at its fixed place (making its directory, 2770, when
  /// missing) and compares it with the one the database recorded. The first journal is
  /// recorded (audited). A journal that is not the recorded one means the old one was lost or
  /// replaced with its counts of failed logins: the new one is recorded (audited), said in
  /// `notice`, and every login is refused as locked for one throttle window from then. A
  /// database this account cannot write (a supervisor over SSH) cannot record it: logins stay
  /// locked until the counter's account has opened the new journal and its window is over.
  /// `now` is the real time (the throttle's); the audit row is dated `auditedAt` (the time of
  /// the rest of the command's rows), else `now`.
  public static func open(
    for database: AppDatabase, terminal: String, now: Timestamp, auditedAt: Timestamp? = nil, throttle: Throttle = .logins
  ) throws -> LoginState {
    let path = path(forDatabase: database.path)
    let directory = (path as NSString).deletingLastPathComponent
    if !FileManager.default.fileExists(atPath: directory) && !database.isReadOnly {
      guard Glibc.mkdir(directory, 0o2770) == 0 || errno == EEXIST else {
        throw StoreError.notWritable(path: directory, reason: "the login journal's directory cannot be made: \(String(cString: strerror(errno)))")
      }
      // Group-writable whatever the umask: every account of the group shares the journal.
      _ = chmod(directory, 0o2770)
    }
    let journal = try open(path: path)
    let recorded = try database.read { try String.fetchOne($0, sql: "SELECT value FROM settings WHERE key = ?", arguments: [settingKey]) }
    let fields = recorded?.split(separator: " ").map(String.init) ?? []
    let since = fields.count == 2 ? Int64(fields[1]) : nil
    if fields.count == 2, fields[0] == journal.identity, let since {
      // The recorded journal: locked only while a replacement's window lasts.
      if since > 0, now.seconds < since + throttle.window { journal.everyoneLockedUntil = Timestamp(seconds: since + throttle.window) }
      return journal
    }
    let first = recorded == nil
    if database.isReadOnly {
      if !first {
        journal.everyoneLockedUntil = now + throttle.window
        journal.notice = "the login journal \(path) is not the one this database recorded (lost or replaced?): logins are locked until the counter's account has opened it and an hour has passed"
      }
      return journal
    }
    let stamp = first ? 0 : now.seconds
    try database.write { db in
      try db.execute(
        sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        arguments: [settingKey, "\(journal.identity) \(stamp)"])
      try Audit.append(
        at: auditedAt ?? now, terminal: terminal, action: first ? "logins.journal_made" : "logins.journal_replaced", entity: "logins",
        entityID: "journal", before: first ? nil : fields.first, after: journal.identity, db)
    }
    if !first {
      let until = now + throttle.window
      journal.everyoneLockedUntil = until
      journal.notice =
        "the login journal \(path) was lost or replaced (its failed logins with it): every login is locked until \(until.localTimeOfDay)"
    }
    return journal
  }

  /// "VGKL".
  static let applicationID: Int32 = 0x5647_4B4C

  /// Failed attempts of `login` the window still holds (also any after `now`: another
  /// process's clock a little ahead, or this one's set back, never frees an account).
  func failures(_ db: Database, login: String, now: Timestamp, throttle: Throttle) throws -> [Timestamp] {
    try Int64.fetchAll(
      db, sql: "SELECT at FROM failures WHERE login = ? AND at > ? ORDER BY at",
      arguments: [login, now.seconds - throttle.window]
    ).map { Timestamp(seconds: $0) }
  }

  public enum Outcome: Sendable, Equatable {
    case accepted
    /// Wrong, with how many tries are left in the window.
    case rejected(left: Int)
    case locked(until: Timestamp)
  }

  /// One login attempt: refused without checking while the account is locked; otherwise `check`
  /// runs (it verifies the secret) and a failure is recorded, a success clears the failures. One
  /// transaction holds the journal for the whole attempt, so attempts on the host take turns.
  public func attempt(
    login: String, terminal: String, now: Timestamp, throttle: Throttle = .logins, check: () throws -> Bool
  ) throws -> Outcome {
    try queue.writeWithoutTransaction { db in
      var outcome = Outcome.accepted
      try db.inTransaction(.immediate) {
        // What has left every window is of no use: the journal does not grow with old guesses.
        try db.execute(sql: "DELETE FROM failures WHERE at <= ?", arguments: [now.seconds - throttle.window])
        if let until = everyoneLockedUntil, now < until {
          outcome = .locked(until: until)
          return .commit
        }
        let before = try failures(db, login: login, now: now, throttle: throttle)
        if let until = throttle.lockedUntil(before, now: now) {
          outcome = .locked(until: until)
          return .commit
        }
        if try check() {
          try db.execute(sql: "DELETE FROM failures WHERE login = ?", arguments: [login])
          outcome = .accepted
          return .commit
        }
        try db.execute(sql: "INSERT INTO failures (login, at, terminal) VALUES (?, ?, ?)", arguments: [login, now.seconds, terminal])
        let after = before + [now]
        if let until = throttle.lockedUntil(after, now: now) {
          outcome = .locked(until: until)
        } else {
          outcome = .rejected(left: throttle.limit - after.count)
        }
        return .commit
      }
      return outcome
    }
  }

  /// When the account's next attempt may be made; nil if now.
  public func lockedUntil(_ login: String, now: Timestamp, throttle: Throttle = .logins) throws -> Timestamp? {
    if let until = everyoneLockedUntil, now < until { return until }
    return try queue.read { try throttle.lockedUntil(failures($0, login: login, now: now, throttle: throttle), now: now) }
  }

  /// How many failed attempts the journal holds for the account.
  public func failureCount(_ login: String) throws -> Int {
    try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM failures WHERE login = ?", arguments: [login]) ?? 0 }
  }

  /// Forgets the account's failed attempts (a supervisor's unlock); how many there were.
  @discardableResult
  public func unlock(_ login: String) throws -> Int {
    try queue.write { db in
      try db.execute(sql: "DELETE FROM failures WHERE login = ?", arguments: [login])
      return db.changesCount
    }
  }

  public func startSession(login: String, role: StaffRole, terminal: String, now: Timestamp) throws -> Int64 {
    try queue.write { db in
      try db.execute(
        sql: "INSERT INTO sessions (login, role, terminal, pid, started_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [login, role.rawValue, terminal, Int64(getpid()), now.seconds])
      return db.lastInsertedRowID
    }
  }

  /// Why a session ended: `logout`, `idle`, `quit`, `hangup`.
  public func endSession(_ id: Int64, reason: String, now: Timestamp) throws {
    try queue.write { db in
      try db.execute(
        sql: "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL", arguments: [now.seconds, reason, id])
    }
  }

  public struct Session: Sendable, Equatable {
    public var id: Int64
    public var login: String
    public var role: String
    public var terminal: String
    public var pid: Int64
    public var startedAt: Timestamp
    public var endedAt: Timestamp?
    public var endReason: String?
  }

  /// The newest sessions first.
  public func sessions(limit: Int) throws -> [Session] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY id DESC LIMIT ?", arguments: [limit]).map { r in
        Session(
          id: r["id"], login: r["login"], role: r["role"], terminal: r["terminal"], pid: r["pid"],
          startedAt: Timestamp(seconds: r["started_at"]), endedAt: (r["ended_at"] as Int64?).map { Timestamp(seconds: $0) },
          endReason: r["end_reason"])
      }
    }
  }

  public func close() throws { try queue.close() }
}
