import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// A database's kind (a real point's, or a training one whose clock may be pinned): set with the
/// point, never after, and checked by `db check`.
@Suite struct PointKindTests {
  func make(_ dir: TempDir, _ kind: PointKind) throws -> AppDatabase {
    let key = try KeyStore(directory: dir.file("keys")).pickupCodeKey(create: true)
    let db = try AppDatabase.open(path: dir.file("vgk.sqlite"), create: true)
    _ = try PointSetup.initialise(db, pointCode: "DLA-TEST", name: "Test point", key: key, kind: kind, now: testNow)
    return db
  }

  @Test func theKindIsSetWithThePointAndAudited() throws {
    for kind in [PointKind.real, .training] {
      let dir = TempDir()
      let db = try make(dir, kind)
      #expect(try PointSetup.kind(db) == kind)
      let rows = try db.read { try String.fetchAll($0, sql: "SELECT action || ' ' || coalesce(after, '') FROM audit_log ORDER BY id") }
      #expect(rows == ["point.init Test point", "point.kind \(kind.rawValue)"])
      #expect(try DatabaseCheck.run(db) == [])
    }
    // The default is a real point's: nothing is a training database by accident.
    let dir = TempDir()
    let (db, _) = try makeDatabase(dir)
    #expect(try PointSetup.kind(db) == .real)
  }

  /// The sqlite3 shell cannot make a real point's database a training one, nor the reverse.
  @Test func theMarkCannotBeChangedAddedOrRemoved() throws {
    let dir = TempDir()
    let db = try make(dir, .real)
    let path = dir.file("vgk.sqlite")
    for sql in [
      "UPDATE settings SET value = 'training' WHERE key = 'point_kind'",
      "DELETE FROM settings WHERE key = 'point_kind'",
      "INSERT OR REPLACE INTO settings (key, value) VALUES ('point_kind', 'training')",
      "UPDATE settings SET key = 'point_kind_old' WHERE key = 'point_kind'",
    ] {
      #expect(throws: DatabaseError.self, "\(sql)") { try behindTheProgramsBack(path, sql) }
    }
    #expect(try PointSetup.kind(db) == .real)
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// With its triggers dropped, a changed mark is still a real point's (the audit trail's row,
  /// written with the point, says so), and `db check` names both changes.
  @Test func aMarkChangedBehindTheProgramsBackIsFoundAndIgnored() throws {
    let dir = TempDir()
    let db = try make(dir, .real)
    try behindTheProgramsBack(
      dir.file("vgk.sqlite"),
      """
      DROP TRIGGER settings_point_kind_no_update;
      UPDATE settings SET value = 'training' WHERE key = 'point_kind';
      """)
    #expect(try PointSetup.kind(db) == .real)
    let found = try DatabaseCheck.run(db).filter { $0.check == "clock" || $0.check == "schema" }.map(\.detail)
    #expect(
      found == [
        "trigger settings_point_kind_no_update is missing (the migrations create it): it was dropped outside the program",
        "the database says it is a training point's, its audit trail says a real point's (changed outside the program?)",
      ], "\(found)")
  }

  /// A mark removed behind the program's back: a real point's, and `db check` says so.
  @Test func aRemovedMarkIsARealPoints() throws {
    let dir = TempDir()
    let db = try make(dir, .real)
    try behindTheProgramsBack(
      dir.file("vgk.sqlite"),
      "DROP TRIGGER settings_point_kind_no_delete; DELETE FROM settings WHERE key = 'point_kind'")
    #expect(try PointSetup.kind(db) == .real)
    #expect(try DatabaseCheck.run(db).contains { $0.check == "clock" }, "the mark's audit row without its setting")
  }
}

/// The login journal's place is fixed beside the database, and the database records which
/// journal it is: a lost or replaced one locks every login for one throttle window.
@Suite struct LoginJournalTests {
  let hasher = SecretHasher(pepper: SecretTests.pepper, terminalKey: SecretTests.terminal)

  func setUp(_ dir: TempDir) throws -> AppDatabase {
    let (db, _) = try makeDatabase(dir)
    _ = try Accounts.add(db, login: "boss", fullName: "Big Boss", role: .admin, by: nil, terminal: "t", now: testNow)
    try Accounts.setSecret(db, login: "boss", secret: "admin-pass", kind: .password, hasher: hasher, by: nil, terminal: "t", now: testNow)
    return db
  }

  func login(_ db: AppDatabase, _ journal: LoginState, _ secret: String, at: Timestamp) throws -> Result<String, LoginRefusal> {
    try Accounts.logIn(db, journal: journal, hasher: hasher, login: "boss", secret: secret, terminal: "counter-1", now: at)
      .map { $0.0.login }
  }

  @Test func theJournalIsBesideTheDatabasesRealFile() throws {
    let dir = TempDir()
    let db = try setUp(dir)
    let journal = try LoginState.open(for: db, terminal: "t", now: testNow)
    #expect(journal.path == dir.file("vgk-staff-logins/logins.sqlite"))
    #expect(journal.everyoneLockedUntil == nil && journal.notice == nil)
    try journal.close()
    // Through a symbolic link from elsewhere: the same journal.
    try FileManager.default.createDirectory(atPath: dir.file("elsewhere"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: dir.file("elsewhere/link.sqlite"), withDestinationPath: dir.file("vgk.sqlite"))
    #expect(LoginState.path(forDatabase: dir.file("elsewhere/link.sqlite")) == dir.file("vgk-staff-logins/logins.sqlite"))
    let mode = (try FileManager.default.attributesOfItem(atPath: dir.file("vgk-staff-logins"))[.posixPermissions] as? Int) ?? 0
    #expect(mode == 0o2770, "group-writable, its files the directory's group: \(String(mode, radix: 8))")
    let audited = try db.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log WHERE entity = 'logins'") }
    #expect(audited == ["logins.journal_made"])
  }

  @Test func aLostJournalLocksEveryLoginForAnHourAndIsAudited() throws {
    let dir = TempDir()
    let db = try setUp(dir)
    var journal = try LoginState.open(for: db, terminal: "t", now: testNow)
    for i in 0..<5 { _ = try login(db, journal, "wrong-guess", at: testNow + Int64(i)) }
    #expect(try login(db, journal, "admin-pass", at: testNow + 10) == .failure(.locked(until: testNow + 3600)))
    try journal.close()
    // The journal deleted, as a clerk with a shell could: its counts are gone, so is everyone's freedom.
    try FileManager.default.removeItem(atPath: dir.file("vgk-staff-logins/logins.sqlite"))
    let lost = testNow + 20
    journal = try LoginState.open(for: db, terminal: "t", now: lost)
    #expect(journal.everyoneLockedUntil == lost + 3600)
    #expect(journal.notice?.contains("was lost or replaced") == true)
    #expect(try login(db, journal, "admin-pass", at: lost + 1) == .failure(.locked(until: lost + 3600)), "the right password, still locked")
    #expect(try journal.lockedUntil("anyone", now: lost + 1) == lost + 3600)
    try journal.close()
    // Opened again: the same journal, recorded; still locked until the window is over.
    journal = try LoginState.open(for: db, terminal: "t", now: lost + 60)
    #expect(journal.everyoneLockedUntil == lost + 3600 && journal.notice == nil)
    #expect(try login(db, journal, "admin-pass", at: lost + 3601) == .success("boss"))
    try journal.close()
    journal = try LoginState.open(for: db, terminal: "t", now: lost + 3700)
    #expect(journal.everyoneLockedUntil == nil)
    try journal.close()
    let audited = try db.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log WHERE entity = 'logins' ORDER BY id") }
    #expect(audited == ["logins.journal_made", "logins.journal_replaced"])
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// Another journal put in its place (a copy from elsewhere, an empty one): not the recorded
  /// one, so the same as a lost one.
  @Test func aReplacedJournalIsNoticedToo() throws {
    let dir = TempDir()
    let db = try setUp(dir)
    try LoginState.open(for: db, terminal: "t", now: testNow).close()
    let other = try LoginState.open(path: dir.file("other.sqlite"))
    try other.close()
    let place = dir.file("vgk-staff-logins/logins.sqlite")
    try FileManager.default.removeItem(atPath: place)
    try FileManager.default.moveItem(atPath: dir.file("other.sqlite"), toPath: place)
    let journal = try LoginState.open(for: db, terminal: "t", now: testNow + 5)
    #expect(journal.everyoneLockedUntil == testNow + 5 + 3600)
    try journal.close()
  }
}
