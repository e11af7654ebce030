import Foundation
import Testing

/// `VGK_STAFF_NOW` on a real point's database, and the host's login journal that no option,
/// variable or configuration moves.
@Suite struct ClockTests {
  let pinned = ["VGK_STAFF_NOW": "2026-01-01T09:00:00+01:00", "VGK_STAFF_USER": "paul.ngue"]

  func realPoint(_ s: Sandbox) throws -> String {
    let db = s.file("vgk.sqlite")
    var r = try s.run(["--db", db, "init", "--point", "DLA-REAL", "--name", "Real point"])
    #expect(r.status == 0, "\(r.err)")
    for kind in ["products", "staff", "orders"] {
      r = try s.run(["--db", db, "import", kind, packageRoot + "/Fixtures/import/\(kind).csv"])
      #expect(r.status == 0, "\(r.err)")
    }
    return db
  }

  func refusal(_ db: String) -> String {
    "vgk-staff: VGK_STAFF_NOW is set, but \(db) is a real point's database: its clock cannot be pinned "
      + "(only a training database, made with init --training, takes VGK_STAFF_NOW)\n"
  }

  /// A pinned clock would backdate a handover and its audit row, hand over an order past its
  /// hold and skip the lock of wrong codes: a real point's database refuses it, whatever the
  /// command, before anything is written.
  @Test func aRealPointRefusesAPinnedClock() throws {
    let s = Sandbox()
    let made = s.file("made.sqlite")
    var r = try s.run(["--db", made, "init", "--point", "DLA-REAL", "--name", "Real point"], env: pinned)
    #expect(r.status == 2 && r.err == refusal(made), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: made))
    let db = try realPoint(s)
    let audit = try shell("sqlite3", [db, "SELECT count(*) FROM audit_log"]).out
    let commands: [[String]] = [
      ["scan", "--confirm", "--payload", "ORDER:2050001:K7M2Q9TX"],
      ["scan", "--payload", "ORDER:2050001:WRONG001"],
      ["orders", "expire"],
      ["tasks", "add", "--type", "CLEANING", "--title", "Balayer"],
      ["stock", "move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "BACK"],
      ["console"],
    ]
    for args in commands {
      r = try s.run(["--db", db] + args, env: pinned)
      #expect(r.status == 2 && r.err == refusal(db), "\(args): \(r.status) \(r.err)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log"]).out == audit, "nothing was written")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM scans"]).out == "0\n")
    #expect(try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = 2050001"]).out == "ready\n")
    // The mark is the database's own: the shell cannot turn it into a training one.
    let sql = try shell("sqlite3", [db, "UPDATE settings SET value = 'training' WHERE key = 'point_kind'"])
    #expect(sql.status != 0, "\(sql.out)")
    r = try s.run(["--db", db, "db", "check", "--json"])
    #expect(r.status == 0 && r.out == "{\"database\":\"\(db)\",\"kind\":\"real\",\"violations\":0,\"ok\":true}\n", "\(r.out)")
    // Without a pinned clock the point works as ever.
    r = try s.run(["--db", db, "scan", "--payload", "PRODUCT:700004"], env: ["VGK_STAFF_USER": "paul.ngue"])
    #expect(r.status == 0, "\(r.out)\(r.err)")
  }

  /// A training database takes the pinned clock and says what it is.
  @Test func aTrainingDatabaseTakesAPinnedClockAndSaysSo() throws {
    let s = Sandbox()
    let db = s.file("training.sqlite")
    var r = try s.run(["--db", db, "init", "--training", "--point", "DLA-TRAIN", "--name", "Training"], env: pinned)
    #expect(r.status == 0 && r.out.contains("A training database"), "\(r.out)\(r.err)")
    for kind in ["products", "staff"] {
      #expect(try s.run(["--db", db, "import", kind, packageRoot + "/Fixtures/import/\(kind).csv"], env: pinned).status == 0)
    }
    r = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--title", "Balayer", "--json"], env: pinned)
    #expect(r.status == 0, "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT created_at FROM tasks"]).out == "1767254400\n", "the pinned time")
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 0 && r.out.hasSuffix("; a training database (its clock may be pinned with VGK_STAFF_NOW)\n"), "\(r.out)")
    r = try s.run(["--db", db, "db", "check", "--json"])
    #expect(r.out.contains("\"kind\":\"training\""), "\(r.out)")
  }
}

/// The host's login journal: always beside the database; its loss or replacement is noticed.
@Suite struct LoginJournalCommandTests {
  func locked(_ s: Sandbox, _ db: String) throws {
    for _ in 0..<5 { _ = try s.run(["--db", db, "staff", "login", "amina.n"], input: "0000\n") }
    let r = try s.run(["--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 1 && r.err.contains("locked until"), "\(r.err)")
  }

  /// A locked account stays locked whatever configuration, variable or path to the database a
  /// command is given: none of them can point the throttle at another journal.
  @Test func noConfigurationMovesTheJournal() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    try locked(s, db)
    let alt = s.write("alt.conf", "login_state = \(s.file("elsewhere.sqlite"))\n")
    var r = try s.run(["--config", alt, "--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 2 && r.err.contains("alt.conf:1: 'login_state' is not a setting any more"), "\(r.err)")
    r = try s.run(["--db", db, "staff", "login", "amina.n"], env: ["VGK_STAFF_CONFIG": alt], input: "2468\n")
    #expect(r.status == 2 && r.err.contains("'login_state' is not a setting any more"), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: s.file("elsewhere.sqlite")))
    // Nor does a path to the database through a symbolic link from elsewhere.
    try FileManager.default.createDirectory(atPath: s.file("other"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: s.file("other/vgk.sqlite"), withDestinationPath: db)
    r = try s.run(["--db", s.file("other/vgk.sqlite"), "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 1 && r.err.contains("locked until"), "\(r.err)")
    // The lock is amina.n's alone.
    r = try s.run(["--db", db, "staff", "login", "solange.e"], input: "solange-pass\n")
    #expect(r.status == 0, "\(r.err)")
  }

  /// Deleting the journal does not reset the counts silently: it is said, audited, and every
  /// login is locked for the hour.
  @Test func aDeletedJournalIsNoticedAndLocksEveryLogin() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    try locked(s, db)
    for file in try FileManager.default.contentsOfDirectory(atPath: s.file("vgk-staff-logins")) {
      try FileManager.default.removeItem(atPath: s.file("vgk-staff-logins/" + file))
    }
    var r = try s.run(["--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 1 && r.err.contains("was lost or replaced") && r.err.contains("locked until"), "\(r.err)")
    r = try s.run(["--db", db, "staff", "login", "solange.e"], input: "solange-pass\n")
    #expect(r.status == 1 && r.err.contains("locked until") && !r.err.contains("was lost"), "everyone, and said once: \(r.err)")
    let audited = try shell("sqlite3", [db, "SELECT action FROM audit_log WHERE entity = 'logins' ORDER BY id"]).out
    #expect(audited == "logins.journal_made\nlogins.journal_replaced\n", "\(audited)")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }
}
