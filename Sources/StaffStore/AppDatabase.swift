import Foundation
import GRDB
// For sqlite3_file_control (SQLITE_FCNTL_PERSIST_WAL), which GRDB does not wrap.
import GRDBSQLite

#if canImport(Glibc)
  import Glibc
#endif

/// The one way into the database: a GRDB `DatabasePool` in WAL mode, with the settings that keep
/// data safe across power cuts and several terminals, and the migrations applied.
///
/// Every write goes through `write(_:)`, which holds the cross-process lock (see `FileLock`) and
/// runs one IMMEDIATE transaction. Readers never wait for writers.
public final class AppDatabase: @unchecked Sendable {
  public let path: String
  let pool: DatabasePool
  /// The cross-process write lock; nil when the file is opened read-only.
  let lock: FileLock?
  /// True when this account may read the file but not write it (a supervisor over SSH): every
  /// write is refused with `StoreError.readOnly`.
  public var isReadOnly: Bool { lock == nil }
  private var closed = false
  /// The `schema_version` whose schema was last found to be the migrations' own (see `write`).
  private let verifiedSchema = VerifiedSchema()

  /// `application_id` marks our files: "VGK1".
  static let applicationID: Int32 = 0x5647_4B31
  /// Writers wait this long for one another before giving up (seconds).
  public static let busyTimeout: TimeInterval = 10

  private init(path: String, pool: DatabasePool, lock: FileLock?) {
    self.path = path
    self.pool = pool
    self.lock = lock
  }

  deinit { try? close() }

  /// Opens the database at `path`. With `create`, a missing file is created (for `init` and the
  /// demo); without it, a missing file is an error that says how to make one. With `readOnly`, a
  /// file this account may read but not write is opened for reading only (the console of a
  /// supervisor over SSH); without it, such a file is an error.
  public static func open(path: String, create: Bool = false, readOnly: Bool = false) throws -> AppDatabase {
    let fm = FileManager.default
    let dir = (path as NSString).deletingLastPathComponent
    let directory = dir.isEmpty ? "." : dir
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: directory, isDirectory: &isDir) else { throw StoreError.noDirectory(path: directory) }
    guard isDir.boolValue else { throw StoreError.notWritable(path: path, reason: "\(directory) is a file, not a directory") }
    if fm.fileExists(atPath: path, isDirectory: &isDir) {
      if isDir.boolValue { throw StoreError.notOurs(path: path, reason: "it is a directory") }
      guard fm.isWritableFile(atPath: path) else {
        if readOnly && fm.isReadableFile(atPath: path) { return try openReadOnly(path) }
        throw StoreError.notWritable(path: path, reason: "the file is read-only for this account")
      }
    } else {
      guard create else { throw StoreError.missing(path: path) }
      guard fm.isWritableFile(atPath: directory) else {
        throw StoreError.notWritable(path: path, reason: "the directory \(directory) is read-only for this account")
      }
      // Created here with its mode, before SQLite makes it (and its -wal and -shm, which take it).
      FileModes.create(path, mode: FileModes.database(inDirectory: directory))
    }
    try checkHeader(path)

    let lock = try FileLock(path: path + ".lock")
    var config = Configuration()
    config.busyMode = .timeout(busyTimeout)
    config.foreignKeysEnabled = true
    config.label = "vgk-staff"
    config.prepareDatabase { db in
      // No memory-mapped I/O: a torn page seen through mmap is worse than a slower read.
      try db.execute(sql: "PRAGMA mmap_size = 0")
      // Deleted and overwritten content is zeroed, so clear text replaced by sealed text leaves no copy behind.
      try db.execute(sql: "PRAGMA secure_delete = ON")
      // The -wal and -shm files stay when the last connection closes, so an account that may only
      // read the database (a supervisor over SSH) can still open it: SQLite needs them to exist.
      var persist: Int32 = 1
      _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
    }
    return try lock.withExclusive {
      try preflight(path)
      let pool: DatabasePool
      do {
        pool = try DatabasePool(path: path, configuration: config)
      } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
        throw StoreError.notOurs(path: path, reason: "not an SQLite file")
      }
      let database = AppDatabase(path: path, pool: pool, lock: lock)
      let migrator = Migrations.migrator
      try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
      }
      try migrator.migrate(pool)
      try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      }
      try database.assertSafetySettings()
      return database
    }
  }

  /// A file this account can read but not write: a read-only pool, no lock, no migrations (a
  /// database that needs them is refused: the counter's own account upgrades it).
  static func openReadOnly(_ path: String) throws -> AppDatabase {
    try checkHeader(path)
    for side in ["-wal", "-shm"] where !FileManager.default.isReadableFile(atPath: path + side) {
      throw StoreError.notWritable(
        path: path,
        reason: "the file is read-only for this account and its \(side) file is missing or unreadable "
          + "(SQLite needs it to read a database it cannot write; open the database once from the counter's account)")
    }
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(busyTimeout)
    config.label = "vgk-staff read-only"
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 0") }
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: config)
    } catch let e as DatabaseError {
      throw StoreError.notWritable(path: path, reason: "cannot be read: \(e.message ?? "\(e)")")
    }
    try pool.read { db in
      try checkOwnership(db, path: path)
      let applied = try Migrations.migrator.appliedIdentifiers(db)
      let unknown = applied.subtracting(Migrations.known)
      if !unknown.isEmpty { throw StoreError.newerVersion(path: path, unknown: unknown.sorted()) }
      guard applied.isSuperset(of: Migrations.known) else {
        throw StoreError.notWritable(
          path: path, reason: "it needs an upgrade this account cannot write: run any vgk-staff command from the counter's account once")
      }
    }
    return AppDatabase(path: path, pool: pool, lock: nil)
  }

  /// Refuses files that are plainly not SQLite before SQLite itself is asked (it would otherwise
  /// report "file is not a database" only on the first query, after creating a -wal file).
  static func checkHeader(_ path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else { return }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 16)) ?? Data()
    if head.isEmpty { return }  // a zero-byte file is a new database
    if head != Data("SQLite format 3\u{0}".utf8) {
      throw StoreError.notOurs(path: path, reason: "not an SQLite file")
    }
  }

  /// Checks an existing file is ours and not from a newer version before the pool opens it: the
  /// pool switches a file to WAL and writes to it on open (GRDB creates and drops a table to make
  /// the -wal file), so a file we refuse must only ever be read, through a plain connection.
  static func preflight(_ path: String) throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else { return }
    var config = Configuration()
    config.label = "vgk-staff preflight"
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
    } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
      throw StoreError.notOurs(path: path, reason: "not an SQLite file")
    }
    defer { try? queue.close() }
    do {
      try queue.inDatabase { db in
        try checkOwnership(db, path: path)
        let unknown = try Migrations.migrator.appliedIdentifiers(db).subtracting(Migrations.known)
        if !unknown.isEmpty { throw StoreError.newerVersion(path: path, unknown: unknown.sorted()) }
      }
    } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
      throw StoreError.notOurs(path: path, reason: "not an SQLite file")
    }
  }

  /// An SQLite file with tables but neither our application id nor our migrations is someone
  /// else's: refuse it rather than add our tables to it.
  static func checkOwnership(_ db: Database, path: String) throws {
    let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    if appID == applicationID { return }
    if appID != 0 { throw StoreError.notOurs(path: path, reason: "its application id is \(appID)") }
    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
    let migrated = try db.tableExists("grdb_migrations")
    if tables > 0 && !migrated {
      throw StoreError.notOurs(path: path, reason: "it holds tables of another program")
    }
  }

  /// The settings our durability promises rest on, read back from the writer connection.
  public struct SafetySettings: Equatable, Sendable {
    public var synchronous: Int
    public var journalMode: String
    public var busyTimeoutMilliseconds: Int
    public var foreignKeys: Bool
    public var mmapSize: Int
  }

  public func safetySettings() throws -> SafetySettings {
    try pool.writeWithoutTransaction { db in
      SafetySettings(
        synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
        journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
        busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0,
        foreignKeys: try (Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? 0) == 1,
        mmapSize: try Int.fetchOne(db, sql: "PRAGMA mmap_size") ?? -1)
    }
  }

  func assertSafetySettings() throws {
    let s = try safetySettings()
    guard s.synchronous == 2 else { throw StoreError.unsafeSetting("synchronous is \(s.synchronous), not FULL (2)") }
    guard s.journalMode == "wal" else { throw StoreError.unsafeSetting("journal_mode is \(s.journalMode), not wal") }
    guard s.busyTimeoutMilliseconds >= 5000 else {
      throw StoreError.unsafeSetting("busy timeout is \(s.busyTimeoutMilliseconds) ms, under 5000")
    }
    guard s.foreignKeys else { throw StoreError.unsafeSetting("foreign keys are off") }
    guard s.mmapSize == 0 else { throw StoreError.unsafeSetting("mmap is on (\(s.mmapSize) bytes)") }
  }

  // MARK: - Access

  /// One write transaction (BEGIN IMMEDIATE), under the cross-process write lock. Everything
  /// done in `body` commits together or not at all. Nothing is written to a database whose
  /// schema is not the migrations' own (a trigger dropped, an index changed): the append-only
  /// rules live in that schema (`StoreError.schemaChanged`).
  public func write<T>(_ body: (Database) throws -> T) throws -> T {
    guard let lock else { throw StoreError.readOnly(path: path) }
    return try pool.writeWithoutTransaction { db in
      try lock.withExclusive {
        var result: T?
        try db.inTransaction(.immediate) {
          try verifiedSchema.check(db, path: path)
          let chained = try RecordChain.tail(db)
          RecordChain.Tails.shared[db] = chained
          defer { RecordChain.Tails.shared[db] = nil }
          result = try body(db)
          try RecordChain.recordHead(db, appendedAfter: chained.seq)
          return .commit
        }
        guard let result else { throw StoreError.internal("write transaction produced no result") }
        return result
      }
    }
  }

  /// A read from a consistent snapshot; never waits for writers.
  public func read<T>(_ body: (Database) throws -> T) throws -> T {
    try pool.read(body)
  }

  /// The applied migrations, oldest first.
  public func appliedMigrations() throws -> [String] {
    try pool.read { db in
      // In the order they were registered: sorting the names would put v10 before v2.
      let applied = try Migrations.migrator.appliedIdentifiers(db)
      return Migrations.known.filter(applied.contains) + applied.subtracting(Migrations.known).sorted()
    }
  }

  /// Closes every connection under the write lock: closing the last connection checkpoints the
  /// WAL, which must not race another process's checkpoint. The last reference going closes it
  /// too (`deinit`), so a caller closes it only to close it sooner or to see the error.
  public func close() throws {
    guard !closed else { return }
    closed = true
    guard let lock else { return try pool.close() }
    try lock.withExclusive { try pool.close() }
  }

  // MARK: - Backup

  /// A consistent copy of the database while others go on writing: SQLite's online backup from a
  /// read snapshot into `destination`, written beside it under a temporary name, checked, synced
  /// and renamed into place, so a failed backup never leaves a half file under the real name.
  public func backup(to destination: String, overwrite: Bool) throws -> Int {
    let fm = FileManager.default
    let dir = (destination as NSString).deletingLastPathComponent
    let directory = dir.isEmpty ? "." : dir
    var isDir: ObjCBool = false
    // Errors name the backup's path: the database's own (--db) is not what went wrong.
    guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
      throw StoreError.invalid(.backupNoDirectory, .text(destination), .text(directory))
    }
    if fm.fileExists(atPath: destination) && !overwrite {
      throw StoreError.refused(.backupExists, .text(destination))
    }
    if (destination as NSString).standardizingPath == (path as NSString).standardizingPath {
      throw StoreError.refused(.backupOverDatabase)
    }
    let temporary = destination + ".partial-\(getpid())"
    // Created here first, so a place this account may not write is named with the system's reason.
    // A backup is the counter's account's alone (0600), wherever it is written.
    let created = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, FileModes.privateFile)
    guard created >= 0 else {
      throw StoreError.invalid(.backupCannotWrite, .text(destination), .text(String(cString: strerror(errno))))
    }
    _ = fchmod(created, FileModes.privateFile)
    Glibc.close(created)
    defer { try? fm.removeItem(atPath: temporary) }
    do {
      let copy = try DatabaseQueue(path: temporary)
      try pool.backup(to: copy)
      let check = try copy.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
      guard check == ["ok"] else { throw StoreError.internal("the copy failed its integrity check: \(check)") }
      try copy.close()
    } catch let e as DatabaseError {
      throw StoreError.invalid(.backupCannotWrite, .text(destination), .text(e.message ?? "\(e)"))
    }
    let fd = Glibc.open(temporary, O_RDONLY)
    if fd >= 0 {
      fsync(fd)
      Glibc.close(fd)
    }
    guard rename(temporary, destination) == 0 else {
      throw StoreError.invalid(.backupCannotWrite, .text(destination), .text(String(cString: strerror(errno))))
    }
    return ((try? fm.attributesOfItem(atPath: destination))?[.size] as? Int) ?? 0
  }
}

/// Whether the schema was found to be the migrations' own, and at which `PRAGMA schema_version`.
/// SQLite bumps that number on every change to the schema, so reading it (a field of the file's
/// header) in each write transaction notices a trigger dropped by another process, even while
/// this one runs, and the schema is compared in full only when the number moved: once per
/// process on a database nobody touched.
final class VerifiedSchema: @unchecked Sendable {
  private let lock = NSLock()
  private var version: Int?

  func check(_ db: Database, path: String) throws {
    let now = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? -1
    if lock.withLock({ version == now }) { return }
    let problems = try Schema.differences(db, expected: try Schema.expected())
    guard problems.isEmpty else { throw StoreError.schemaChanged(path: path, problems: problems) }
    lock.withLock { version = now }
  }
}

/// Facts about the storage engine, for `--version` and bug reports.
public enum StoreInfo {
  public static var sqliteVersion: String {
    (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "unknown"
  }
}
