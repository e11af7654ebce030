import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Argon2id secrets with the pepper and the terminal key.
@Suite struct SecretTests {
  static let pepper = [UInt8](repeating: 7, count: 32)
  static let terminal = [UInt8](repeating: 9, count: 32)

  @Test func aPasswordHashesWithTheIssuesParametersAndVerifies() throws {
    let h = SecretHasher(pepper: Self.pepper, terminalKey: nil)
    let stored = try h.hash("correct horse", kind: .password)
    #expect(stored.hasPrefix("password:$argon2id$v=19$m=19456,t=2,p=1$"), "\(stored)")
    #expect(try h.verify("correct horse", stored: stored) == .match)
    #expect(try h.verify("correct horsE", stored: stored) == .mismatch)
    #expect(try h.hash("correct horse", kind: .password) != stored, "a new salt each time")
  }

  @Test func thePepperIsPartOfTheSecret() throws {
    let stored = try SecretHasher(pepper: Self.pepper, terminalKey: nil).hash("correct horse", kind: .password)
    let otherPepper = SecretHasher(pepper: [UInt8](repeating: 8, count: 32), terminalKey: nil)
    #expect(try otherPepper.verify("correct horse", stored: stored) == .mismatch, "the database and the secret alone are not enough")
  }

  @Test func aPINIsBoundToTheTerminalKey() throws {
    let counter = SecretHasher(pepper: Self.pepper, terminalKey: Self.terminal)
    let stored = try counter.hash("2468", kind: .pin)
    #expect(stored.hasPrefix("pin:$argon2id$"))
    #expect(try counter.verify("2468", stored: stored) == .match)
    #expect(try SecretHasher(pepper: Self.pepper, terminalKey: nil).verify("2468", stored: stored) == .needsTerminalKey)
    let other = SecretHasher(pepper: Self.pepper, terminalKey: [UInt8](repeating: 1, count: 32))
    #expect(try other.verify("2468", stored: stored) == .mismatch, "another terminal's key")
    #expect(throws: StoreError.self) { try SecretHasher(pepper: Self.pepper, terminalKey: nil).hash("2468", kind: .pin) }
  }

  @Test func storedValuesThatAreNotOursAreRefused() {
    let h = SecretHasher(pepper: Self.pepper, terminalKey: nil)
    for bad in ["", "password", "password:$argon2i$v=19$m=19456,t=2,p=1$x$y", "pin:", "nonsense:$argon2id$", "password:$argon2id$garbage"] {
      #expect(throws: StoreError.self, "\(bad)") { try h.verify("x", stored: bad) }
    }
  }

  @Test(arguments: [
    ("2468", SecretKind.pin, StaffRole.clerk, nil), ("24", .pin, .clerk, "a PIN is 4 to 8 digits"),
    ("123456789", .pin, .clerk, "a PIN is 4 to 8 digits"), ("12a4", .pin, .clerk, "a PIN is 4 to 8 digits"),
    ("1111", .pin, .clerk, "a PIN of one repeated digit is too easy to guess"),
    ("2468", .pin, .supervisor, "only clerks may use a PIN; a supervisor needs a password of at least 8 characters"),
    ("short", .password, .admin, "a password is at least 8 characters"), ("        ", .password, .clerk, "a password of spaces only is refused"),
    ("tab\there1", .password, .clerk, "a secret may not hold control characters"), ("long enough", .password, .admin, nil),
  ] as [(String, SecretKind, StaffRole, String?)])
  func thePolicy(_ secret: String, _ kind: SecretKind, _ role: StaffRole, _ problem: String?) {
    #expect(SecretPolicy.check(secret, kind: kind, role: role)?.description == problem)
  }
}

/// The host's login journal, with an injected clock.
@Suite struct LoginThrottleTests {
  @Test func fiveFailuresLockTheAccountForTheRestOfTheHour() throws {
    let dir = TempDir()
    let journal = try LoginState.open(path: dir.file("logins.sqlite"))
    let t0 = testNow
    for i in 0..<4 {
      #expect(try journal.attempt(login: "amina.n", terminal: "t", now: t0 + Int64(i * 60)) { false } == .rejected(left: 4 - i))
    }
    #expect(try journal.attempt(login: "amina.n", terminal: "t", now: t0 + 240) { false } == .locked(until: t0 + 3600))
    var checked = false
    #expect(try journal.attempt(login: "amina.n", terminal: "t", now: t0 + 3599) { checked = true; return true } == .locked(until: t0 + 3600))
    #expect(!checked, "a locked account's secret is not even checked")
    #expect(try journal.attempt(login: "other", terminal: "t", now: t0 + 300) { true } == .accepted, "per account")
    // The oldest failure leaves the window at t0 + 3600: one more try, then locked again.
    #expect(try journal.attempt(login: "amina.n", terminal: "t", now: t0 + 3600) { false } == .locked(until: t0 + 3660))
    #expect(try journal.attempt(login: "amina.n", terminal: "t", now: t0 + 3660) { true } == .accepted)
    #expect(try journal.lockedUntil("amina.n", now: t0 + 3661) == nil, "a success clears the failures")
    for i in 0..<3 { _ = try journal.attempt(login: "guess\(i)", terminal: "t", now: t0 + 4000) { false } }
    _ = try journal.attempt(login: "other", terminal: "t", now: t0 + 4000 + 3600) { false }
    #expect(try journal.failureCount("guess0") == 0 && journal.failureCount("other") == 1, "old guesses are trimmed")
  }

  @Test func theCountSurvivesARestartAndIsSharedByTwoOpeners() throws {
    let dir = TempDir()
    let path = dir.file("logins.sqlite")
    var first: LoginState? = try LoginState.open(path: path)
    let second = try LoginState.open(path: path)
    for i in 0..<3 { _ = try first?.attempt(login: "brice.k", terminal: "counter-1", now: testNow + Int64(i)) { false } }
    try first?.close()
    first = nil
    #expect(try second.attempt(login: "brice.k", terminal: "counter-2", now: testNow + 10) { false } == .rejected(left: 1))
    let reopened = try LoginState.open(path: path)
    #expect(try reopened.attempt(login: "brice.k", terminal: "counter-1", now: testNow + 20) { false } == .locked(until: testNow + 3600))
    #expect(try reopened.unlock("brice.k") == 5)
    #expect(try second.lockedUntil("brice.k", now: testNow + 30) == nil)
  }

  @Test func eightThreadsGuessingAtOnceShareFiveTries() throws {
    let dir = TempDir()
    let path = dir.file("logins.sqlite")
    _ = try LoginState.open(path: path)
    let checks = Counter()
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      do {
        let journal = try LoginState.open(path: path)
        for j in 0..<3 {
          _ = try journal.attempt(login: "solange.e", terminal: "t\(i)", now: testNow + Int64(j)) {
            checks.add()
            return false
          }
        }
      } catch {
        Issue.record("\(error)")
      }
    }
    #expect(checks.value == 5, "only five guesses were checked, whoever made them")
  }

  @Test func hostileJournalFilesAreRefused() throws {
    let dir = TempDir()
    let text = dir.write("text.sqlite", "not a database at all, just text")
    #expect(throws: StoreError.self) { try LoginState.open(path: text) }
    let theirs = dir.file("theirs.sqlite")
    try DatabaseQueue(path: theirs).write { try $0.execute(sql: "CREATE TABLE t(x)") }
    #expect(throws: StoreError.notOurs(path: theirs, reason: "not a vgk-staff login journal")) { try LoginState.open(path: theirs) }
    #expect(throws: StoreError.noDirectory(path: dir.file("missing"))) { try LoginState.open(path: dir.file("missing/x.sqlite")) }
    let made = dir.file("new.sqlite")
    _ = try LoginState.open(path: made)
    let mode = (try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int) ?? 0
    #expect(mode == 0o660, "group-writable whatever the umask")
  }

  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
  }
}

/// Accounts: who may add, change and set secrets; login end to end in the store.
@Suite struct AccountTests {
  let hasher = SecretHasher(pepper: SecretTests.pepper, terminalKey: SecretTests.terminal)

  func setUp(_ dir: TempDir) throws -> (AppDatabase, LoginState) {
    let (db, _) = try makeDatabase(dir)
    _ = try Accounts.add(db, login: "boss", fullName: "Big Boss", role: .admin, by: nil, terminal: "t", now: testNow)
    try Accounts.setSecret(db, login: "boss", secret: "admin-pass", kind: .password, hasher: hasher, by: nil, terminal: "t", now: testNow)
    _ = try Accounts.add(db, login: "ami", fullName: "Ami", role: .clerk, by: "boss", terminal: "t", now: testNow)
    _ = try Accounts.add(db, login: "sol", fullName: "Sol", role: .supervisor, by: "boss", terminal: "t", now: testNow)
    return (db, try LoginState.open(path: dir.file("logins.sqlite")))
  }

  @Test func theFirstAdminNeedsNobodyThenEverythingNeedsAnAdmin() throws {
    let dir = TempDir()
    let (db, _) = try setUp(dir)
    expectSaid(.refused("this needs an admin: pass --staff ADMIN (an admin with a password)")) {
      try Accounts.add(db, login: "x", fullName: "X", role: .admin, by: nil, terminal: "t", now: testNow)
    }
    expectSaid(.refused("sol: a supervisor may not manage staff accounts (see ROLES in vgk-staff(1))")) {
      try Accounts.add(db, login: "x", fullName: "X", role: .clerk, by: "sol", terminal: "t", now: testNow)
    }
    expectSaid(.refused("ami: a clerk may not manage staff accounts (see ROLES in vgk-staff(1))")) {
      try Accounts.setSecret(db, login: "sol", secret: "new-pass-1", kind: .password, hasher: hasher, by: "ami", terminal: "t", now: testNow)
    }
    // Anyone sets their own secret.
    try Accounts.setSecret(db, login: "ami", secret: "2468", kind: .pin, hasher: hasher, by: "ami", terminal: "t", now: testNow)
    expectSaid(.refused("admins do not change their own role or disable themselves: ask another admin")) {
      try Accounts.update(db, login: "boss", active: false, by: "boss", terminal: "t", now: testNow)
    }
    let changed = try Accounts.update(db, login: "ami", role: .supervisor, by: "boss", terminal: "t", now: testNow)
    #expect(changed.role == .supervisor)
    let actions = try db.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log WHERE entity = 'staff' ORDER BY id") }
    #expect(actions == ["staff.added", "staff.secret_set", "staff.added", "staff.added", "staff.secret_set", "staff.changed"])
    #expect(try DatabaseCheck.run(db) == [])
  }

  @Test func atMostThreeResetsOfOneAccountAnHour() throws {
    let dir = TempDir()
    let (db, _) = try setUp(dir)
    for i in 1...3 {
      try Accounts.setSecret(db, login: "sol", secret: "pass-\(i)-long", kind: .password, hasher: hasher, by: "boss", terminal: "t", now: testNow + Int64(i))
    }
    #expect(throws: StoreError.self) {
      try Accounts.setSecret(db, login: "sol", secret: "pass-4-long", kind: .password, hasher: hasher, by: "boss", terminal: "t", now: testNow + 60)
    }
    try Accounts.setSecret(db, login: "sol", secret: "pass-5-long", kind: .password, hasher: hasher, by: "boss", terminal: "t", now: testNow + 3601)
  }

  @Test func loggingInOpensASessionAndIsThrottled() throws {
    let dir = TempDir()
    let (db, journal) = try setUp(dir)
    try Accounts.setSecret(db, login: "ami", secret: "2468", kind: .pin, hasher: hasher, by: "boss", terminal: "t", now: testNow)
    func login(_ who: String, _ secret: String, _ at: Int64, hasher: SecretHasher? = nil) throws -> Result<String, LoginRefusal> {
      try Accounts.logIn(db, journal: journal, hasher: hasher ?? self.hasher, login: who, secret: secret, terminal: "counter-1", now: testNow + at)
        .map { "\($0.0.login) \($0.0.role.rawValue)" }
    }
    #expect(try login("ami", "2468", 0) == .success("ami clerk"))
    #expect(try login("nobody", "2468", 1) == .failure(.wrong(left: 4)), "an unknown login reads like a wrong secret")
    #expect(try login("sol", "whatever1", 2) == .failure(.wrong(left: 4)), "an account without a secret reads like a wrong one")
    #expect(try login("ami", "2468", 3, hasher: SecretHasher(pepper: SecretTests.pepper, terminalKey: nil)) == .failure(.pinNeedsTerminal))
    #expect(try journal.failureCount("ami") == 0, "nothing was checked, so nothing is counted")
    for i in 0..<5 { _ = try login("ami", "0000", 10 + Int64(i)) }
    #expect(try login("ami", "2468", 20) == .failure(.locked(until: testNow + 10 + 3600)), "the right PIN is refused while locked")
    #expect(try Accounts.unlock(db, journal: journal, login: "ami", by: "sol", terminal: "office", now: testNow + 30) == 5)
    #expect(try login("ami", "2468", 40) == .success("ami clerk"))
    _ = try Accounts.update(db, login: "ami", active: false, by: "boss", terminal: "t", now: testNow + 50)
    #expect(try login("ami", "2468", 60) == .failure(.disabled))
    let sessions = try journal.sessions(limit: 10)
    #expect(sessions.map(\.login) == ["ami", "ami"] && sessions.allSatisfy { $0.terminal == "counter-1" && $0.endedAt == nil })
    let audited = try db.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log WHERE action IN ('staff.login', 'staff.unlocked') ORDER BY id") }
    #expect(audited == ["staff.login", "staff.unlocked", "staff.login"])
  }

  /// A guesser cannot tell which logins exist by the time a refusal takes: an unknown login, an
  /// account without a secret, a disabled one and a known one with a wrong secret each cost one
  /// Argon2id check with the real parameters and nothing else (no hashing, not even for the
  /// first unknown login of a process). Counted through the hasher, not timed.
  @Test func everyRefusedLoginDoesTheSameArgon2Work() throws {
    let dir = TempDir()
    let (db, journal) = try setUp(dir)
    try Accounts.setSecret(db, login: "ami", secret: "2468", kind: .pin, hasher: hasher, by: "boss", terminal: "t", now: testNow)
    _ = try Accounts.add(db, login: "gone", fullName: "Gone", role: .clerk, by: "boss", terminal: "t", now: testNow)
    try Accounts.setSecret(db, login: "gone", secret: "gone-password", kind: .password, hasher: hasher, by: "boss", terminal: "t", now: testNow)
    _ = try Accounts.update(db, login: "gone", active: false, by: "boss", terminal: "t", now: testNow)
    let real = Argon2Work(
      operation: .verify, memoryKiB: SecretHasher.memoryKiB, iterations: SecretHasher.iterations, parallelism: SecretHasher.parallelism)
    let unknown = "nobody-" + String(UInt32.random(in: 0...UInt32.max))
    for (i, (who, secret)) in [(unknown, "1357"), ("ami", "1357"), ("sol", "wrong-password"), ("gone", "wrong-password"), ("gone", "gone-password"), ("boss", "wrong-password")].enumerated() {
      let seen = WorkLog()
      let result = try Argon2Work.$watcher.withValue({ seen.add($0) }) {
        try Accounts.logIn(db, journal: journal, hasher: hasher, login: who, secret: secret, terminal: "counter-1", now: testNow + Int64(i))
      }
      #expect(seen.value == [real], "\(who): \(seen.value)")
      #expect((try? result.get()) == nil, "\(who) is refused")
    }
  }

  @Test func theUnmatchableHashHasTheRealParametersAndMatchesNothing() throws {
    #expect(SecretHasher.unmatchable.hasPrefix("password:$argon2id$v=19$m=19456,t=2,p=1$"))
    for secret in ["", "vgk-staff: no such account", "2468"] {
      #expect(try hasher.verify(secret, stored: SecretHasher.unmatchable) == .mismatch)
    }
  }

  final class WorkLog: @unchecked Sendable {
    private let lock = NSLock()
    private var work: [Argon2Work] = []
    func add(_ w: Argon2Work) { lock.withLock { work.append(w) } }
    var value: [Argon2Work] { lock.withLock { work } }
  }

  @Test func aReadOnlyDatabaseLogsInButWritesNothing() throws {
    let dir = TempDir()
    let (db, journal) = try setUp(dir)
    try Accounts.setSecret(db, login: "sol", secret: "supervise-me", kind: .password, hasher: hasher, by: "boss", terminal: "t", now: testNow)
    try db.close()
    // The program keeps -wal and -shm (persistent WAL), so a reader without write access can open it.
    #expect(FileManager.default.fileExists(atPath: dir.file("vgk.sqlite-wal")) && FileManager.default.fileExists(atPath: dir.file("vgk.sqlite-shm")))
    let ro = try AppDatabase.openReadOnly(dir.file("vgk.sqlite"))
    #expect(ro.isReadOnly)
    let result = try Accounts.logIn(ro, journal: journal, hasher: hasher, login: "sol", secret: "supervise-me", terminal: "ssh", now: testNow)
    #expect((try? result.get())?.0.role == .supervisor)
    #expect(throws: StoreError.readOnly(path: dir.file("vgk.sqlite"))) {
      try Accounts.add(ro, login: "x", fullName: "X", role: .clerk, by: "boss", terminal: "t", now: testNow)
    }
  }
}
