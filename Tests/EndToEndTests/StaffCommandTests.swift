import Foundation
import Testing

/// Gives counterSandbox's staff their secrets through the CLI: an admin (the point's first, so
/// without --staff), amina.n's PIN 2468, brice.k's and solange.e's passwords.
func giveSecrets(_ s: Sandbox, _ db: String, env given: [String: String] = [:]) throws {
  var env = given
  env["VGK_STAFF_USER"] = ""  // each step says who acts
  let admin = "admin-e2e-pass\n"
  let steps: [([String], String)] = [
    (["staff", "add", "admin.e2e", "--name", "Admin E2E", "--role", "admin"], ""),
    (["staff", "passwd", "admin.e2e"], admin),
    (["staff", "passwd", "amina.n", "--pin", "--staff", "admin.e2e"], admin + "2468\n"),
    (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], admin + "brice-pass-1\n"),
    (["staff", "passwd", "solange.e", "--staff", "admin.e2e"], admin + "solange-pass\n"),
  ]
  for (args, input) in steps {
    let r = try s.run(["--db", db] + args, env: env, input: input)
    guard r.status == 0 else { throw E2EError("\(args): \(r.status) \(r.err)") }
  }
}

struct E2EError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}

@Suite struct StaffCommandTests {
  @Test func accountsSecretsAndRolesFromTheCommandLine() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    var r = try s.run(["--db", db, "staff", "list", "--json"])
    #expect(r.status == 0)
    #expect(r.out.contains(#"{"login":"amina.n","name":"Amina Njoya","role":"clerk","active":true,"secret":"pin"}"#), "\(r.out)")
    #expect(!r.out.contains("argon2"), "hashes never leave the database")
    let hash = try shell("sqlite3", [db, "SELECT secret_hash FROM staff WHERE login = 'solange.e'"]).out
    #expect(hash.hasPrefix("password:$argon2id$v=19$m=19456,t=2,p=1$"), "\(hash)")
    let mode = try FileManager.default.attributesOfItem(atPath: s.file("keys/pepper.key"))[.posixPermissions] as? Int
    #expect(mode == 0o600)
    // Who may do what.
    r = try s.run(["--db", db, "staff", "add", "x.y", "--name", "X", "--role", "clerk", "--staff", "solange.e"])
    #expect(r.status == 1 && r.err.contains("a supervisor may not manage staff accounts"), "\(r.err)")
    // Staff management is proven by the admin's password, the first line of standard input.
    r = try s.run(["--db", db, "staff", "role", "brice.k", "supervisor", "--staff", "admin.e2e"], input: "not-the-password\n")
    #expect(r.status == 1 && r.err.contains("admin.e2e: wrong login or secret"), "\(r.err)")
    r = try s.run(["--db", db, "staff", "role", "brice.k", "supervisor", "--staff", "admin.e2e"], input: "admin-e2e-pass\n")
    #expect(r.status == 0 && r.out.contains("supervisor"))
    r = try s.run(["--db", db, "staff", "disable", "admin.e2e", "--staff", "admin.e2e"], input: "admin-e2e-pass\n")
    #expect(r.status == 1 && r.err.contains("do not change their own role"))
    // Your own secret with your current one; someone else's: admins only.
    r = try s.run(["--db", db, "staff", "passwd", "amina.n", "--pin", "--staff", "amina.n"], input: "1111\n1357\n")
    #expect(r.status == 1 && r.err.contains("amina.n: wrong login or secret"), "the current PIN is checked: \(r.err)")
    r = try s.run(["--db", db, "staff", "passwd", "amina.n", "--pin", "--staff", "amina.n"], input: "2468\n1357\n")
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(["--db", db, "staff", "passwd", "admin.e2e", "--staff", "admin.e2e"], input: "hijacked-1\n")
    #expect(r.status == 2 || r.status == 1, "taking over an account needs its current secret: \(r.err)")
    #expect(try s.run(["--db", db, "staff", "login", "admin.e2e"], input: "hijacked-1\n").status == 1)
    r = try s.run(["--db", db, "staff", "passwd", "amina.n", "--staff", "solange.e"], input: "whatever-long\n")
    #expect(r.status == 1 && r.err.contains("may not manage staff accounts"))
    // Every change is in the audit trail, and the chain holds.
    let actions = try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE entity = 'staff'"]).out
    #expect(actions == "7\n", "5 set-up steps, a role, a PIN (checking a password writes no audit row)")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func malformedAndHostileInputIsRefusedAndChangesNothing() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let before = try shell("sqlite3", [db, "SELECT count(*) FROM audit_log; SELECT group_concat(secret_hash) FROM staff"]).out
    let cases: [([String], String?, Int32, String)] = [
      (["staff", "add", "a b", "--name", "X", "--role", "clerk", "--staff", "admin.e2e"], nil, 2, "a staff login"),
      (["staff", "add", "new.one", "--name", "X", "--role", "boss", "--staff", "admin.e2e"], nil, 2, "not clerk, supervisor or admin"),
      (["staff", "add", "new.one", "--name", "", "--role", "clerk", "--staff", "admin.e2e"], nil, 2, "--name"),
      (["staff", "add", "amina.n", "--name", "Again", "--role", "clerk", "--staff", "admin.e2e"], "admin-e2e-pass\n", 1, "already a staff login"),
      (["staff", "add", "new.one", "--name", "New", "--role", "clerk", "--staff", "admin.e2e"], "guess\n", 1, "admin.e2e: wrong login or secret"),
      (["staff", "add", "new.one", "--name", "New", "--role", "clerk", "--staff", "admin.e2e"], nil, 2, "no secret on standard input"),
      (["staff", "passwd", "nobody.x", "--staff", "admin.e2e"], "admin-e2e-pass\nlong-enough-1\n", 2, "not a staff login"),
      (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], "", 2, "no secret on standard input"),
      (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], "admin-e2e-pass\n", 2, "no secret on standard input"),
      (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], "admin-e2e-pass\nshort\n", 2, "at least 8 characters"),
      (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], "admin-e2e-pass\n" + String(repeating: "x", count: 5000) + "\n", 2, "longer than 1 KiB"),
      (["staff", "passwd", "brice.k", "--staff", "admin.e2e"], "admin-e2e-pass\nbad\u{1B}[2Jsecret\n", 2, "a secret may not hold control characters"),
      (["staff", "passwd", "solange.e", "--pin", "--staff", "admin.e2e"], "admin-e2e-pass\n2468\n", 2, "only clerks may use a PIN"),
      (["staff", "passwd", "amina.n", "--pin", "--staff", "admin.e2e"], "admin-e2e-pass\n12\n", 2, "a PIN is 4 to 8 digits"),
      (["staff", "role", "amina.n", "god", "--staff", "admin.e2e"], nil, 2, "not clerk, supervisor or admin"),
      (["staff", "unlock", "amina.n", "--staff", "amina.n"], nil, 1, "a clerk may not unlock staff accounts"),
      (["staff", "sessions", "--limit", "0", "--staff", "admin.e2e"], nil, 2, "--limit"),
      (["staff", "login", "amina.n"], "", 2, "no secret on standard input"),
    ]
    for (args, input, status, message) in cases {
      let r = try s.run(["--db", db] + args, input: input)
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log; SELECT group_concat(secret_hash) FROM staff"]).out == before, "nothing written")
  }

  /// Eight processes guessing amina.n's PIN at the same moment share five tries; a new process
  /// (a restart) still finds the account locked, even with the right PIN and even with the clock
  /// pinned an hour later (the throttle counts on the real clock); a supervisor's unlock works at
  /// once. (The hour passing is tested on an injected clock in LoginThrottleTests.)
  @Test func throttlingAcrossProcessesAndRestarts() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let guesses = try (0..<8).map { _ in try s.start(["--db", db, "staff", "login", "amina.n"], input: "0000\n") }
    for g in guesses { g.process.waitUntilExit() }
    let errors = guesses.map { (try? String(contentsOfFile: $0.err, encoding: .utf8)) ?? "" }
    #expect(guesses.allSatisfy { $0.process.terminationStatus == 1 })
    #expect(errors.filter { $0.contains("wrong login or secret") }.count == 4, "\(errors)")
    #expect(errors.filter { $0.contains("locked until") }.count == 4, "the fifth wrong guess locks, and the rest wait: \(errors)")
    var r = try s.run(["--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 1 && r.err.contains("locked until"), "the right PIN in a new process, still locked: \(r.err)")
    let later = ["VGK_STAFF_NOW": String(Int(Date().timeIntervalSince1970) + 7200)]
    r = try s.run(["--db", db, "staff", "login", "amina.n"], env: later, input: "2468\n")
    #expect(r.status == 1 && r.err.contains("locked until"), "a pinned clock does not move the lock: \(r.err)")
    r = try s.run(["--db", db, "staff", "unlock", "amina.n", "--staff", "solange.e", "--json"], input: "solange-pass\n")
    #expect(r.out == #"{"login":"amina.n","failed_logins_cleared":5}"# + "\n", "\(r.err)")
    r = try s.run(["--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 0 && r.out.contains("amina.n (clerk): accepted."), "\(r.err)")
    r = try s.run(["--db", db, "staff", "sessions", "--staff", "solange.e", "--json"], input: "solange-pass\n")
    let sessions = r.out.split(separator: "\n")
    #expect(sessions.count == 6, "the admin's three proofs in giveSecrets, the unlock's, amina.n's login, this command's: \(r.out)")
    #expect(sessions.filter { $0.contains(#""end":"cli""#) }.count == 5, "each proven command is a session of its own")
    #expect(sessions.contains { $0.contains(#""login":"amina.n""#) && $0.contains(#""end":"check""#) }, "\(r.out)")
    // The journal is beside the database, group-writable, and ours.
    let mode = try FileManager.default.attributesOfItem(atPath: s.file("vgk-staff-logins/logins.sqlite"))[.posixPermissions] as? Int
    #expect(mode == 0o660)
  }

  /// A PIN needs the terminal's key: with another key directory (another terminal, or an SSH
  /// account holding only the pepper), the PIN is refused and says why.
  @Test func aPINWorksOnlyWhereTheTerminalKeyIs() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let elsewhere = s.file("ssh-keys")
    try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try FileManager.default.copyItem(atPath: s.file("keys/pepper.key"), toPath: elsewhere + "/pepper.key")
    var r = try s.run(["--db", db, "staff", "login", "amina.n"], env: ["VGK_STAFF_KEYS": elsewhere], input: "2468\n")
    #expect(r.status == 1 && r.err.contains("a PIN works only on a counter terminal"), "\(r.err)")
    r = try s.run(["--db", db, "staff", "login", "solange.e"], env: ["VGK_STAFF_KEYS": elsewhere], input: "solange-pass\n")
    #expect(r.status == 0, "a password works with the pepper alone: \(r.err)")
    try FileManager.default.removeItem(atPath: elsewhere + "/pepper.key")
    r = try s.run(["--db", db, "staff", "login", "solange.e"], env: ["VGK_STAFF_KEYS": elsewhere], input: "solange-pass\n")
    #expect(r.status == 2 && r.err.contains("the pepper") && r.err.contains("is missing"), "\(r.err)")
  }

  /// The role table on the command line: each command as a clerk and as a supervisor, refused
  /// exactly when ROLES says so (an allowed command may still fail for its own reasons).
  /// Naming a supervisor (`--staff solange.e`) is not enough to act, and have the audit trail
  /// name, as them: whatever a supervisor or an admin does on the command line needs their
  /// password, and a wrong one counts towards their login's lock.
  @Test func whateverASupervisorOrAnAdminDoesNeedsTheirPassword() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let env = ["VGK_STAFF_NOW": "2026-11-20T12:00:00+01:00"]
    let commands: [[String]] = [
      ["tasks", "add", "--type", "CLEANING", "--priority", "LOW", "--title", "Balayer", "--staff", "solange.e"],
      ["stock", "threshold", "--product", "100001", "2", "--staff", "solange.e"],
      ["orders", "expire", "--staff", "solange.e"],
      ["scan", "--confirm", "--payload", "ORDER:6000001:CODE01", "--staff", "admin.e2e"],
    ]
    let audit = try shell("sqlite3", [db, "SELECT count(*) FROM audit_log"]).out
    for args in commands {
      var r = try s.run(["--db", db] + args, env: env)
      #expect(r.status == 2 && r.err.contains("no secret on standard input"), "\(args): \(r.err)")
      r = try s.run(["--db", db] + args, env: env, input: "wrong-password\n")
      #expect(r.status == 1 && r.err.contains("wrong login or secret"), "\(args): \(r.err)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log"]).out == audit, "nothing was done")
    #expect(try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = 6000001"]).out == "ready\n")
    // solange.e's three wrong passwords count with the login screen's: two more lock her out.
    for _ in 0..<2 {
      _ = try s.run(["--db", db, "staff", "login", "solange.e"], input: "wrong-password\n")
    }
    var r = try s.run(["--db", db] + commands[0], env: env, input: "solange-pass\n")
    #expect(r.status == 1 && r.err.contains("locked until"), "\(r.err)")
    // With the right password, each acts, named in the audit trail.
    r = try s.run(["--db", db] + commands[3], env: env, input: "admin-e2e-pass\n")
    #expect(r.status == 0 && r.out.contains("HANDED OVER"), "\(r.out)\(r.err)")
    // A clerk's counter work reads no password.
    r = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--priority", "LOW", "--title", "Mop", "--staff", "amina.n"], env: env)
    #expect(r.status == 0, "\(r.err)")
  }

  @Test func everyCommandChecksTheRole() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    _ = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--priority", "LOW", "--title", "Sweep", "--staff", "amina.n"])
    let commands: [(args: [String], clerk: Bool, supervisor: Bool)] = [
      (["scan", "--payload", "PRODUCT:100001"], true, false),
      (["scan", "--confirm", "--payload", "ORDER:6000001:CODE01"], true, false),
      (["orders", "unlock", "1040001"], false, true),
      (["tasks", "start", "1"], true, false),
      (["tasks", "priority", "1", "HIGH"], true, true),
      (["tasks", "add", "--type", "CLEANING", "--priority", "LOW", "--title", "Mop"], true, true),
      (["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "1", "--to", "BACK"], true, false),
      (["stock", "threshold", "--product", "100001", "3"], true, true),
      (["stock", "count", "open", "--location", "BACK"], true, false),
      (["transfer", "send", "--to", "DLA-BALI", "100001:1"], true, false),
      (["report", "performance"], false, true),
      (["staff", "sessions"], false, true),
      (["staff", "unlock", "brice.k"], false, true),
      (["staff", "role", "brice.k", "clerk"], false, false),
    ]
    for (args, clerk, supervisor) in commands {
      for (login, allowed, password) in [("brice.k", clerk, "brice-pass-1\n"), ("solange.e", supervisor, "solange-pass\n")] {
        let r = try s.run(["--db", db] + args + ["--staff", login], input: password)
        let refused = r.err.contains("may not")
        #expect(refused == !allowed, "\(login) \(args): \(r.status) \(r.err)")
        if refused { #expect(r.status == 1) } else { #expect(!r.err.contains("wrong login or secret"), "\(login) \(args): \(r.err)") }
      }
    }
  }
}
