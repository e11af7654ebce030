import Foundation
import GRDB
import StaffDomain

/// A staff account as the login and `staff list` see it (never its hash).
public struct StaffAccount: Sendable, Equatable {
  public var id: Int64
  public var login: String
  public var fullName: String
  public var role: StaffRole
  public var active: Bool
  public var secret: SecretKind?
}

/// Staff accounts: add, role, enable/disable, secrets, login. Every change is audited; who may
/// do it is checked here too (an admin, or anyone for their own secret; nobody needed while the
/// point has no admin who can log in, so the first admin can be made).
public enum Accounts {
  static func account(_ db: Database, login: String) throws -> StaffAccount? {
    try accountAndHash(db, login: login)?.account
  }

  /// The account and its stored secret hash, in one query.
  static func accountAndHash(_ db: Database, login: String) throws -> (account: StaffAccount, hash: String?)? {
    guard let row = try Row.fetchOne(db, sql: "SELECT id, full_name, role, active, secret_hash FROM staff WHERE login = ?", arguments: [login]),
      let role = StaffRole(rawValue: row["role"])
    else { return nil }
    let hash: String? = row["secret_hash"]
    let account = StaffAccount(
      id: row["id"], login: login, fullName: row["full_name"], role: role, active: row["active"], secret: hash.flatMap(SecretHasher.kind(of:)))
    return (account, hash)
  }

  public static func account(_ database: AppDatabase, login: String) throws -> StaffAccount? {
    try database.read { try account($0, login: login) }
  }

  public static func list(_ database: AppDatabase) throws -> [StaffAccount] {
    try database.read { db in
      try String.fetchAll(db, sql: "SELECT login FROM staff ORDER BY active DESC, login").compactMap { try account(db, login: $0) }
    }
  }

  /// True while no active admin can log in: the first admin is being set up.
  static func settingUp(_ db: Database) throws -> Bool {
    try Int.fetchOne(db, sql: "SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1 AND secret_hash IS NOT NULL") == 0
  }

  public static func settingUp(_ database: AppDatabase) throws -> Bool { try database.read { try settingUp($0) } }

  /// The acting admin, checked; nil while setting up (then `subject` must be an admin account).
  static func actor(_ by: String?, _ db: Database, for permission: Permission, subjectRole: StaffRole?) throws -> StaffAccount? {
    if let by {
      guard let me = try account(db, login: by) else { throw StoreError.invalid(.notStaffLogin, .text(by)) }
      guard me.active else { throw StoreError.refused(.accountDisabled, .text(by)) }
      guard Access.allows(me.role, permission) else { throw Access.refused(by, me.role, permission) }
      return me
    }
    guard try settingUp(db), subjectRole == .admin else {
      throw StoreError.refused(.needsAdmin)
    }
    return nil
  }

  public static func add(
    _ database: AppDatabase, login: String, fullName: String, role: StaffRole, by: String?, terminal: String, now: Timestamp
  ) throws -> StaffAccount {
    try database.write { db in
      let me = try actor(by, db, for: .manageStaff, subjectRole: role)
      guard try account(db, login: login) == nil else { throw StoreError.refused(.loginExists, .text(login)) }
      let point = try PointSetup.currentPoint(db)
      try db.execute(
        sql: "INSERT INTO staff (login, full_name, role, point_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
        arguments: [login, fullName, role.rawValue, point.id, now.seconds, now.seconds])
      try Audit.append(
        at: now, staffID: me?.id, terminal: terminal, action: "staff.added", entity: "staff", entityID: login,
        after: "\(role.rawValue) \(fullName)", db)
      guard let made = try account(db, login: login) else { throw StoreError.internal("the new account cannot be read back") }
      return made
    }
  }

  /// Changes a role, or disables/enables an account (admins; never one's own, so a point always
  /// keeps the admin who does it).
  public static func update(
    _ database: AppDatabase, login: String, role: StaffRole? = nil, active: Bool? = nil, by: String, terminal: String, now: Timestamp
  ) throws -> StaffAccount {
    try database.write { db in
      let me = try actor(by, db, for: .manageStaff, subjectRole: nil)
      guard let before = try account(db, login: login) else { throw StoreError.invalid(.notStaffLogin, .text(login)) }
      if login == by { throw StoreError.refused(.adminSelf) }
      var after = before
      if let role { after.role = role }
      if let active { after.active = active }
      guard after != before else { return before }
      try db.execute(
        sql: "UPDATE staff SET role = ?, active = ?, updated_at = ? WHERE id = ?",
        arguments: [after.role.rawValue, after.active, now.seconds, before.id])
      func text(_ a: StaffAccount) -> String { "\(a.role.rawValue) \(a.active ? "active" : "disabled")" }
      try Audit.append(
        at: now, staffID: me?.id, terminal: terminal, action: "staff.changed", entity: "staff", entityID: login, before: text(before),
        after: text(after), db)
      return after
    }
  }

  /// Sets the secret of `login`: by an admin, by the account itself, or (setting up) the first
  /// admin's. At most 3 changes of one account's secret per hour.
  public static func setSecret(
    _ database: AppDatabase, login: String, secret: String, kind: SecretKind, hasher: SecretHasher, by: String?, terminal: String,
    now: Timestamp, throttle: Throttle = .resets
  ) throws {
    // The slow hash is made before the write lock is taken; the policy is checked first.
    let subject = try database.read { try account($0, login: login) }
    guard let subject else { throw StoreError.invalid(.notStaffLogin, .text(login)) }
    if let problem = SecretPolicy.check(secret, kind: kind, role: subject.role) { throw StoreError.invalid(problem) }
    let stored = try hasher.hash(secret, kind: kind)
    try database.write { db in
      let me: StaffAccount?
      if let by, by == login {
        guard let own = try account(db, login: by), own.active else { throw StoreError.refused(.accountDisabled, .text(by)) }
        me = own
      } else {
        me = try actor(by, db, for: .manageStaff, subjectRole: subject.role)
      }
      let recent = try Int64.fetchAll(
        db, sql: "SELECT at FROM audit_log WHERE action = 'staff.secret_set' AND entity = 'staff' AND entity_id = ? AND at > ?",
        arguments: [login, now.seconds - throttle.window]
      ).map { Timestamp(seconds: $0) }
      if let until = throttle.lockedUntil(recent, now: now) {
        throw StoreError.refused(.secretThrottled, .text(login), .count(Int64(recent.count)), .count(Int64(throttle.limit)), .clock(until))
      }
      try db.execute(sql: "UPDATE staff SET secret_hash = ?, updated_at = ? WHERE id = ?", arguments: [stored, now.seconds, subject.id])
      try Audit.append(
        at: now, staffID: me?.id, terminal: terminal, action: "staff.secret_set", entity: "staff", entityID: login,
        before: subject.secret?.rawValue, after: kind.rawValue, db)
    }
  }

  /// A login attempt on this terminal: throttled through the host's journal (a locked account's
  /// secret is not even checked), the secret verified with Argon2id (also for an unknown login,
  /// so both take as long), and a session opened on success.
  public static func logIn(
    _ database: AppDatabase, journal: LoginState, hasher: SecretHasher, login: String, secret: String, terminal: String, now: Timestamp,
    audited: Bool = true
  ) throws -> Result<(StaffAccount, session: Int64), LoginRefusal> {
    // One query whether the login exists or not.
    let found = try database.read { try accountAndHash($0, login: login) }
    var refusal: LoginRefusal?
    let outcome: LoginState.Outcome
    do {
      outcome = try journal.attempt(login: login, terminal: terminal, now: now) {
        guard let (account, stored) = found, let stored else {
          // The same work (one Argon2id check with the same parameters), and the same answer, for
          // a login that does not exist or has no secret yet: the screen does not tell a guesser
          // which logins exist.
          try hasher.verifyNothing(secret)
          return false
        }
        switch try hasher.verify(secret, stored: stored) {
        case .match:
          if !account.active { refusal = .disabled }
          return account.active
        case .mismatch: return false
        case .needsTerminalKey:
          // Nothing was checked: not a failure (else anyone over SSH could lock every PIN clerk).
          throw LoginRefusal.pinNeedsTerminal
        }
      }
    } catch let r as LoginRefusal {
      return .failure(r)
    }
    switch outcome {
    case .locked(let until): return .failure(refusal == .disabled ? .disabled : .locked(until: until))
    case .rejected(let left): return .failure(refusal ?? .wrong(left: left))
    case .accepted:
      guard let (account, _) = found else { throw StoreError.internal("a login was accepted without an account") }
      let session = try journal.startSession(login: account.login, role: account.role, terminal: terminal, now: now)
      // Also in the audit trail when this account may write the database.
      if audited && !database.isReadOnly {
        _ = try database.write { db in
          try Audit.append(
            at: now, staffID: account.id, terminal: terminal, action: "staff.login", entity: "staff", entityID: account.login,
            after: "session \(session)", db)
        }
      }
      return .success((account, session))
    }
  }

  /// A supervisor's unlock of an account locked by failed logins: the journal forgets them, and
  /// the audit trail says who did it.
  public static func unlock(
    _ database: AppDatabase, journal: LoginState, login: String, by: String, terminal: String, now: Timestamp
  ) throws -> Int {
    try database.write { db in
      let me = try actor(by, db, for: .unlockAccount, subjectRole: nil)
      guard try account(db, login: login) != nil else { throw StoreError.invalid(.notStaffLogin, .text(login)) }
      // The row first: if the journal cannot be cleared, the transaction (and the row) roll back.
      let pending = try journal.failureCount(login)
      try Audit.append(
        at: now, staffID: me?.id, terminal: terminal, action: "staff.unlocked", entity: "staff", entityID: login,
        before: "\(pending) failed logins", db)
      return try journal.unlock(login)
    }
  }
}
