import Foundation
import Testing
import TestSupport

/// Supervisors over SSH (vgk-staff(1), SUPERVISORS OVER SSH), as a box is set up: a real
/// OpenSSH server on 127.0.0.1 with its own host key, configuration and port; a Unix account for
/// the supervisors whose only command is the console and which may read the database but not
/// write it; a supervisor's staff login and password; a terminal (tmux, on its own socket) in
/// which `ssh -tt` logs in.
@Suite(.serialized) struct SSHTests {
  /// The supervisors' Unix account, made on the first run and kept for the next ones.
  static let account = "vgk-sup-e2e"
  static let login = "solange.e"
  static let password = "Akwa-Super-2026"
  static let pinned = "2026-11-20T09:00:00+01:00"

  /// Not the socket TmuxTests uses: its tests end with `kill-server`, and suites run side by side.
  let socket = "vgk-ssh-e2e-\(getpid())"
  let session = "supervisor"

  @discardableResult
  func tmux(_ args: [String]) throws -> (status: Int32, out: String) { try shell("tmux", ["-L", socket] + args) }
  func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", session]).out) ?? "" }
  /// For failure messages: the screen with what scrolled off it (an error printed before the
  /// console cleared the screen, or after), without the blank rows at the end.
  func lastScreen() -> String {
    var lines = ((try? tmux(["capture-pane", "-p", "-S", "-", "-t", session]).out) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
    while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
    return lines.suffix(60).joined(separator: "\n")
  }

  /// Polls the terminal until `test` holds for what it shows, for up to `seconds`.
  func waitFor(_ seconds: Double, _ test: (String) -> Bool) -> Bool {
    holds(within: seconds, interval: .milliseconds(50)) { test(screen()) }
  }

  /// The box: a pickup point's database, written by the counter's account (root here), and the
  /// supervisors' view of it (their own config and keys dir, and the login journal beside the database writable by them).
  struct Box {
    let sandbox: Sandbox
    let database: String
    let config: String
    let keys: String
    let environment: [String: String]
    /// The build, installed where the supervisors' account can run it.
    let program: String
  }

  func prepareBox(_ user: UnixAccount) throws -> Box {
    let s = Sandbox()
    // Every directory on the way to the database, the config and the state must be searchable
    // by the supervisors' account.
    chmod(s.path, 0o755)
    var env = ["VGK_STAFF_NOW": Self.pinned, "VGK_STAFF_USER": "amina.n"]
    let dbDirectory = s.file("db")
    try FileManager.default.createDirectory(atPath: dbDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let db = dbDirectory + "/vgk.sqlite"
    func cli(_ args: [String], stdin: String? = nil) throws {
      let r: Sandbox.Result
      if let stdin {
        // Sandbox.run gives the binary /dev/null for input; the secret comes on standard input.
        let input = s.write("stdin-\(UUID().uuidString)", stdin)
        defer { unlink(input) }
        let output = s.file("out-\(UUID().uuidString)")
        let p = try ChildProcess.spawned([binary, "--db", db] + args, environment: s.environment.merging(env) { $1 }, stdin: input, output: output)
        r = Sandbox.Result(status: p.wait(), out: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "", err: "")
      } else {
        r = try s.run(["--db", db] + args, env: env)
      }
      guard r.status == 0 else {
        throw SetupFailure("vgk-staff \(args.joined(separator: " ")): status \(r.status)\n\(r.out)\(r.err)")
      }
    }
    try cli(["init", "--training", "--point", "DLA-E2E", "--name", "E2E point"])
    let products = s.write("products.csv", "id,title,category,price_fcfa,unique_item\n100001,Radio Tecno,Maison,8000,false\n")
    let staff = s.write(
      "staff.csv", "login,full_name,role\namina.n,Amina Njoya,clerk\nbrice.k,Brice Kamga,clerk\nroot.admin,Admin E2E,admin\n")
    var orders = "order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,updated_at,product_id,title,quantity,unit_price_fcfa\n"
    orders += "6000001,40001,Client Test,CODE01AB,ready,S-1,2026-11-18T09:00:00+01:00,2026-11-19T10:00:00+01:00,100001,Radio Tecno,1,8000\n"
    try cli(["import", "products", products])
    try cli(["import", "staff", staff])
    try cli(["import", "orders", s.write("orders.csv", orders)])
    // The supervisor, as an admin adds one, with a password set from standard input.
    try cli(["staff", "add", Self.login, "--name", "Solange Ekambi", "--role", "supervisor", "--staff", "root.admin"])
    try cli(["staff", "passwd", Self.login, "--staff", "root.admin"], stdin: Self.password + "\n")
    // The parcel on its shelf, and its code scanned at the counter: the supervisor's scan
    // queue shows the order ready to hand over.
    try cli(["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "1", "--to", "S-1"])
    try cli(["scan", "--payload", "ORDER:6000001:CODE01AB"])
    env["VGK_STAFF_USER"] = nil

    // The database: the counter's, readable by everyone here (0644 in a 0755 directory; on a
    // real box 0640 with a group), the WAL's files kept beside it and readable as well.
    chmod(db, 0o644)
    var missing: [String] = []
    for suffix in ["-wal", "-shm"] {
      if FileManager.default.fileExists(atPath: db + suffix) { chmod(db + suffix, 0o644) } else { missing.append(db + suffix) }
    }
    if !missing.isEmpty {
      let gone = missing.joined(separator: " and ")
      let why = "a read-only account cannot open a WAL database without its -wal and -shm files (the program should keep them: persistent WAL)"
      Issue.record("after the CLI closed the database, \(gone) is gone: \(why)")
    }
    guard try user.can("test -r \(shellQuote(db)) && ! test -w \(shellQuote(db)) && ! test -w \(shellQuote(dbDirectory))") else {
      throw SetupFailure("the account \(user.name) must read \(db) and write neither it nor its directory:\n" + (try shell("ls", ["-la", dbDirectory]).out))
    }
    let program = try installForOtherAccounts(prefix: s.file("prefix"))
    guard try user.can("test -x \(shellQuote(program)) && \(shellQuote(program)) --version >/dev/null") else {
      throw SetupFailure("the account \(user.name) cannot run \(program) (each directory on its way needs o+x): "
        + (try asUser(user.name, "\(shellQuote(program)) --version").out))
    }

    // The supervisors' keys: only a copy of the pepper, theirs, 0600.
    let supervisor = s.file("supervisor")
    try FileManager.default.createDirectory(atPath: supervisor, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let keys = supervisor + "/keys"
    try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
    let pepper = s.file("keys/pepper.key")
    guard FileManager.default.fileExists(atPath: pepper) else {
      let held = (try? FileManager.default.contentsOfDirectory(atPath: s.file("keys")).sorted().joined(separator: " ")) ?? "nothing"
      throw SetupFailure(
        "init made no \(pepper): the console's login checks passwords with the pepper, and the supervisors' account needs "
          + "its own copy of it. The key directory holds: \(held)")
    }
    // Copied before the directory is theirs: a test run without root cannot write into it after.
    try FileManager.default.copyItem(atPath: pepper, toPath: keys + "/pepper.key")
    try user.own(keys + "/pepper.key", mode: "0600")
    try user.own(keys, mode: "0700")
    // The host's login journal (failed attempts, sessions: an SQLite file with a rollback
    // journal, so its directory must be writable too), made by init in its fixed place beside
    // the database and recorded there; written by whoever logs in, so the supervisors' too (on
    // a real box: the vgk group's, 2770 and 0660; here: theirs, root writes anyway).
    let state = dbDirectory + "/vgk-staff-logins"
    guard FileManager.default.fileExists(atPath: state + "/logins.sqlite") else {
      throw SetupFailure("init made no login journal at \(state)/logins.sqlite")
    }
    try user.own(state, mode: "2770")
    try user.own(state + "/logins.sqlite", mode: "0660")
    let config = supervisor + "/config"
    s.write("supervisor/config", "lang = en\n")
    chmod(config, 0o644)
    guard try user.can("test -r \(shellQuote(keys))/pepper.key && test -w \(shellQuote(state)) && test -r \(shellQuote(config))") else {
      throw SetupFailure("the account \(user.name) cannot read its pepper copy and config, or write \(state)")
    }
    return Box(sandbox: s, database: db, config: config, keys: keys, environment: s.environment.merging(env) { $1 }, program: program)
  }

  /// A supervisor's walk-through: log in over SSH as a supervisor, see the Team, be refused a
  /// handover; then the SSH client is killed mid-session and the console must be gone within
  /// 2 s, without spinning, leaving a database that passes `db check`.
  @Test func aSupervisorOverSSHSeesTheTeamIsRefusedAHandoverAndADroppedLinkEndsTheConsole() throws {
    let began = Date()
    try requireRoot(for: "create the supervisors' Unix account and start an OpenSSH server")
    let user = try UnixAccount.ensure(Self.account)
    let box = try prepareBox(user)
    let s = box.sandbox
    // The supervisors' files are theirs: only root removes them (the sandbox's own removal cannot).
    defer { _ = try? privileged("/bin/rm", ["-rf", s.file("supervisor")]) }
    let console =
      ["exec", "env"] + [
        "VGK_STAFF_DB=" + box.database, "VGK_STAFF_CONFIG=" + box.config, "VGK_STAFF_KEYS=" + box.keys,
        "VGK_STAFF_NOW=" + Self.pinned, "LANG=C.UTF-8", box.program, "console",
      ].map(shellQuote)
    let server = try SSHServer(directory: s.file("ssh"), user: user.name, forceCommand: console.joined(separator: " "))
    defer { server.stop() }
    let ready = Date()

    let ssh = [
      "exec", "ssh", "-F", "/dev/null", "-tt", "-i", server.clientKey, "-p", String(server.port),
      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
      "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "\(user.name)@127.0.0.1",
    ].map(shellQuote).joined(separator: " ")
    // remain-on-exit: a pane whose ssh ends early keeps its last words for the failure message.
    let started = try tmux([
      "-f", "/dev/null", "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
      "new-session", "-d", "-s", session, "-x", "132", "-y", "43", ssh,
    ])
    defer { _ = try? tmux(["kill-server"]) }
    try #require(started.status == 0, "tmux: \(started.out)")
    func seen() -> String { "\n--- screen ---\n\(lastScreen())\n--- sshd log ---\n\(server.log)" }

    // The login screen, the login and the password.
    try #require(waitFor(10) { $0.contains("Login") }, "no login screen within 10 s\(seen())")
    let loginShown = Date()
    try tmux(["send-keys", "-t", session, "-l", Self.login])
    try tmux(["send-keys", "-t", session, "Enter"])
    pause(.milliseconds(200))  // Time must pass: keys closer together read as one scanner burst.
    try tmux(["send-keys", "-t", session, "-l", Self.password])
    try tmux(["send-keys", "-t", session, "Enter"])
    try #require(
      waitFor(10) { $0.contains(Self.login) && $0.lowercased().contains("read-only") && $0.contains("1 Scans") },
      "after the login: the staff login in the header, read-only, the tabs\(seen())")
    #expect(!screen().contains(Self.password), "the password never shows\(seen())")

    // The Team tab: its columns and the team.
    try tmux(["send-keys", "-t", session, "5"])
    #expect(waitFor(5) { $0.contains("Eff.") && $0.contains("On time") && $0.contains("Amina Njoya") }, "the Team tab\(seen())")

    // The scan queue: the counter's scan of order 6000001 is there; y (hand over) is refused.
    try tmux(["send-keys", "-t", session, "1"])
    #expect(waitFor(5) { $0.contains("ORDER:6000001:***") }, "the counter's scan in the queue\(seen())")
    #expect(!screen().contains("supervisor"), "no refusal before the key\(seen())")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(5) { $0.contains("supervisor") && !$0.contains("handed over.") }, "y must be refused to a supervisor\(seen())")
    #expect(try shell("sqlite3", [box.database, "SELECT status FROM orders WHERE id = 6000001"]).out == "ready\n")
    #expect(try shell("sqlite3", [box.database, "SELECT count(*) FROM handovers"]).out == "0\n")

    // The console: the supervisors' account's vgk-staff under this server's sshd.
    let sessions = server.sessionProcesses
    let candidates = try shell("pgrep", ["-u", user.name, "-f", "vgk-staff"]).out.split(separator: "\n").compactMap { pid_t($0) }
    let consoles = candidates.filter { sessions.contains($0) && processName($0) == "vgk-staff" }
    try #require(consoles.count == 1, "one console under sshd: \(sessions.map { "\($0) \(commandLineOf($0))" })\(seen())")
    let consolePID = consoles[0]
    let client = pid_t(try tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    try #require(client > 0 && processName(client) == "ssh", "the pane runs the ssh client: \(client) \(processName(client))")

    // The link drops: the client is killed; the console must follow within 2 s.
    let ticksBefore = cpuTicks(consolePID) ?? 0
    let killed = Date()
    #expect(kill(client, SIGKILL) == 0)
    var spin: String?
    _ = holds(within: 2, interval: .milliseconds(20)) {
      if spin == nil && Date().timeIntervalSince(killed) >= 1, let ticks = cpuTicks(consolePID) {
        spin = "\(ticks - ticksBefore) CPU ticks (of \(sysconf(Int32(_SC_CLK_TCK))) a second) in its first second after the drop"
      }
      return !isRunning(consolePID)
    }
    let gone = Date().timeIntervalSince(killed)
    if isRunning(consolePID) {
      let ticks = cpuTicks(consolePID) ?? ticksBefore
      pause(.seconds(1))  // Time is what is measured: the CPU the console uses in one second.
      let used = (cpuTicks(consolePID) ?? ticks) - ticks
      let verdict = used > 50 ? "it spins" : "it waits"
      Issue.record("the console (pid \(consolePID)) outlived the dropped link by 2 s; \(spin ?? "-"); \(used) ticks in the next second (\(verdict))\(seen())")
      kill(consolePID, SIGKILL)
    } else {
      print("SSHTests: the console was gone \(String(format: "%.2f", gone)) s after the ssh client was killed")
    }
    // Nothing of the session is left: neither sshd's session processes nor anything of the account.
    var left = server.sessionProcesses
    _ = holds(within: 3 - Date().timeIntervalSince(killed), interval: .milliseconds(50)) {
      left = server.sessionProcesses
      return left.isEmpty
    }
    #expect(left.isEmpty, "left under sshd 3 s after the drop: \(left.map { "\($0) \(processName($0)) cpu \(cpuTicks($0) ?? 0)" })\(seen())")
    // pgrep lists zombies too: those must have been reaped as well.
    func ours() throws -> [pid_t] {
      try shell("pgrep", ["-u", user.name]).out.split(separator: "\n").compactMap { pid_t($0) }.filter { sessions.contains($0) }
    }
    var remaining = try ours()
    _ = try holds(within: 3 - Date().timeIntervalSince(killed), interval: .milliseconds(50)) {
      remaining = try ours()
      return remaining.isEmpty
    }
    #expect(remaining.isEmpty, "processes of \(user.name) from this session 3 s after the drop: \(remaining.map { "\($0) \(processName($0))" })")

    let check = try s.run(["--db", box.database, "db", "check"], env: box.environment)
    #expect(check.status == 0, "db check after the drop: \(check.out)\(check.err)")
    print(
      "SSHTests: set-up \(String(format: "%.1f", ready.timeIntervalSince(began))) s, login screen after "
        + "\(String(format: "%.1f", loginShown.timeIntervalSince(ready))) s, all \(String(format: "%.1f", Date().timeIntervalSince(began))) s")
  }
}
