import Foundation
import StaffLink
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A throwaway PostgreSQL server for the link's tests: `initdb` in a fresh directory under /tmp,
/// its own socket directory and a free TCP port on 127.0.0.1 where every role authenticates with
/// scram-sha-256 (so a point's role and password are really checked). One server serves every
/// suite of the test process; it starts on first use and is stopped and removed when the process
/// exits (`atexit`), or, should the process die without exiting, by a reaper that watches it.
///
/// PostgreSQL refuses to run as root: as root the server runs as the system account `vgk-pgtest`
/// (created with `useradd --system` when missing); otherwise as the current user. Its directory
/// is under /tmp, not under the checkout, which may sit in a home that account cannot enter.
final class PostgresServer: Sendable {
  /// The server, started on first use; every test that needs one fails with the same reason
  /// when it cannot start (binaries missing, say).
  static let shared: Result<PostgresServer, ServerError> = {
    do {
      let server = try PostgresServer.start()
      atexit { if case .success(let s) = PostgresServer.shared { s.stop() } }
      return .success(server)
    } catch let error as ServerError {
      return .failure(error)
    } catch {
      return .failure(ServerError("cannot start PostgreSQL: \(error)"))
    }
  }()

  /// The shared server, or the reason it could not start (as a thrown error, failing the test).
  static func get() throws -> PostgresServer { try shared.get() }

  struct ServerError: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// The superuser the cluster was made with, and its password.
  static let adminRole = "vgk_admin"
  let adminPassword: String
  let port: Int
  let directory: String
  let socketDirectory: String
  let binDirectory: String
  /// The account the server runs as (nil: the current user).
  let account: Account?

  struct Account: Sendable {
    var name: String
    var uid: uid_t
    var gid: gid_t
  }

  private init(adminPassword: String, port: Int, directory: String, binDirectory: String, account: Account?) {
    self.adminPassword = adminPassword
    self.port = port
    self.directory = directory
    self.socketDirectory = directory + "/sock"
    self.binDirectory = binDirectory
    self.account = account
  }

  /// The superuser's connection string for `database`, over TCP with its password.
  func adminURL(database: String = "postgres") -> String {
    "postgresql://\(Self.adminRole):\(adminPassword)@127.0.0.1:\(port)/\(database)"
  }

  /// A connection string on this server for `role` with `password` (over TCP, so checked).
  func url(role: String, password: String, database: String) -> String {
    "postgresql://\(role):\(password)@127.0.0.1:\(port)/\(database)"
  }

  // MARK: Starting

  /// Where Debian puts the server's programs: version 15, else the newest version 15 or later.
  static func binaries(given: String? = ProcessInfo.processInfo.environment["VGK_PG_BINDIR"]) throws -> String {
    if let given, !given.isEmpty { return given }
    let preferred = "/usr/lib/postgresql/15/bin"
    if FileManager.default.isExecutableFile(atPath: preferred + "/initdb") { return preferred }
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
      .compactMap { Int($0) }.filter { $0 >= 15 }.sorted(by: >)
    for v in versions where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(v)/bin/initdb") {
      return "/usr/lib/postgresql/\(v)/bin"
    }
    throw ServerError(
      "the link's tests need a PostgreSQL 15 server: \(preferred)/initdb is missing; install the Debian package "
        + "postgresql (`make deps` does), or set VGK_PG_BINDIR to a directory holding initdb, pg_ctl and postgres")
  }

  static func start(binaries given: String? = nil) throws -> PostgresServer {
    let bin = try given ?? binaries()
    for tool in ["initdb", "pg_ctl", "postgres", "pg_isready"] where !FileManager.default.isExecutableFile(atPath: bin + "/" + tool) {
      throw ServerError("\(bin)/\(tool) is missing: install the Debian package postgresql (`make deps` does)")
    }
    let account = geteuid() == 0 ? try systemAccount("vgk-pgtest") : nil
    var template = Array("/tmp/vgk-pg-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw ServerError("cannot make a directory under /tmp: \(errorText())") }
    let dir = String(cString: made)
    do {
      let password = randomText(32)
      try FileManager.default.createDirectory(atPath: dir + "/sock", withIntermediateDirectories: false)
      guard FileManager.default.createFile(atPath: dir + "/pwfile", contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
      else { throw ServerError("cannot write \(dir)/pwfile") }
      if let account {
        for path in [dir, dir + "/sock", dir + "/pwfile"] where chown(path, account.uid, account.gid) != 0 {
          throw ServerError("cannot give \(path) to \(account.name): \(errorText())")
        }
      }
      chmod(dir, 0o700)
      let initdb = try run(
        [bin + "/initdb", "-D", dir + "/data", "-U", adminRole, "--pwfile=" + dir + "/pwfile", "-A", "scram-sha-256",
         "--no-locale", "-E", "UTF8", "--no-sync"], as: account, directory: dir)
      guard initdb.status == 0 else { throw ServerError("initdb failed (\(initdb.status)): \(initdb.output)") }
      unlink(dir + "/pwfile")
      var lastFailure = ""
      // A port found free may be taken before the server binds it: then try another.
      for _ in 0..<5 {
        let port = try freePort()
        let options = [
          "-k", dir + "/sock", "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200",
          "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ].joined(separator: " ")
        let started = try run(
          [bin + "/pg_ctl", "-D", dir + "/data", "-l", dir + "/server.log", "-w", "-t", "60", "-o", options, "start"],
          as: account, directory: dir)
        if started.status == 0 {
          let server = PostgresServer(adminPassword: password, port: port, directory: dir, binDirectory: bin, account: account)
          try server.startReaper()
          try server.waitUntilReady(deadline: Date().addingTimeInterval(60))
          return server
        }
        lastFailure = started.output + (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8)).map { "\n" + String($0.suffix(2000)) }.orEmpty
      }
      throw ServerError("pg_ctl could not start the server: \(lastFailure)")
    } catch {
      _ = try? run(["/bin/rm", "-rf", dir], as: nil, directory: "/")
      throw error
    }
  }

  /// Polls `pg_isready` on the server's socket until it accepts connections or `deadline` passes.
  func waitUntilReady(deadline: Date) throws {
    var last = ""
    let ready = try holds(within: deadline.timeIntervalSinceNow, interval: .milliseconds(50)) {
      let r = try Self.run(
        [binDirectory + "/pg_isready", "-q", "-h", socketDirectory, "-p", String(port), "-t", "5"], as: account, directory: directory)
      last = r.output
      return r.status == 0
    }
    if ready { return }
    throw ServerError("PostgreSQL did not accept connections in time: \(last)")
  }

  /// Stops the server at once and removes its directory.
  func stop() {
    _ = try? Self.run(
      [binDirectory + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "-t", "30", "stop"], as: account,
      directory: directory)
    _ = try? Self.run(["/bin/rm", "-rf", directory], as: nil, directory: "/")
  }

  /// A process of its own session that waits for this one to end, then stops the server and
  /// removes its directory: what a crash or a killed test run leaves is cleaned up all the same.
  private func startReaper() throws {
    let stop = Self.commandLine(
      [binDirectory + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "-t", "30", "stop"], as: account)
    let script =
      "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
      + stop.map(Self.shellQuote).joined(separator: " ") + " >/dev/null 2>&1; rm -rf " + Self.shellQuote(directory)
    _ = try Self.spawn(["/bin/sh", "-c", script], output: "/dev/null", wait: false, newSession: true)
  }

  // MARK: Databases

  /// A fresh, empty database for one test (`t_` and random letters): tests share no state.
  /// Returns its name.
  func makeDatabase() throws -> String {
    let name = "t_" + Self.randomText(12)
    let admin = try PGConnection(adminURL(), connectTimeout: 30)
    try admin.run("CREATE DATABASE \(name)")
    return name
  }

  /// A point code no other test uses (roles belong to the whole server, not to a database):
  /// `prefix`, a dash and six random letters and digits.
  static func pointCode(_ prefix: String = "P") -> String { prefix + "-" + randomText(6).uppercased() }

  // MARK: Helpers

  /// The system account the server runs as when the tests run as root, created if missing.
  static func systemAccount(_ name: String) throws -> Account {
    if getpwnam(name) == nil {
      // Another test process may create it at the same moment: only the account's absence
      // afterwards is a failure.
      let made = try run(
        ["/usr/sbin/useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name],
        as: nil, directory: "/")
      if getpwnam(name) == nil { throw ServerError("cannot create the system account \(name) for PostgreSQL: \(made.output)") }
    }
    guard let entry = getpwnam(name) else { throw ServerError("no account \(name)") }
    return Account(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
  }

  /// A TCP port on 127.0.0.1 nobody listens on now.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServerError("socket: \(errorText())") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw ServerError("bind: \(errorText())") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw ServerError("getsockname: \(errorText())") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// `count` characters of [a-z0-9] from /dev/urandom.
  static func randomText(_ count: Int) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var out = ""
    guard let file = fopen("/dev/urandom", "rb") else { fatalError("cannot open /dev/urandom") }
    defer { fclose(file) }
    while out.count < count {
      var byte: UInt8 = 0
      guard fread(&byte, 1, 1, file) == 1 else { fatalError("cannot read /dev/urandom") }
      if byte < 252 { out.append(alphabet[Int(byte) % alphabet.count]) }
    }
    return out
  }

  static func errorText() -> String { String(cString: strerror(errno)) }

  static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// The command line that runs `argv` as `account` (root drops to it with setpriv).
  static func commandLine(_ argv: [String], as account: Account?) -> [String] {
    guard let account else { return argv }
    return ["/usr/bin/setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--clear-groups", "--"] + argv
  }

  /// Runs `argv` (as `account`) to its end in `directory`; its output and errors together.
  static func run(_ argv: [String], as account: Account?, directory: String) throws -> (status: Int32, output: String) {
    let log = NSTemporaryDirectory() + "vgk-pg-run-\(UUID().uuidString)"
    defer { unlink(log) }
    let status = try spawn(commandLine(argv, as: account), output: log, directory: directory, wait: true, newSession: false)
    return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
  }

  /// A child with a clean environment, standard input from /dev/null, output to `output`, and
  /// every other descriptor closed: the server pg_ctl leaves running must hold none of the test
  /// runner's pipes, or the runner would wait for it.
  @discardableResult
  static func spawn(_ argv: [String], output: String, directory: String = "/", wait: Bool, newSession: Bool) throws -> Int32 {
    let child = try ChildProcess(
      argv, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"], output: output,
      directory: directory, closesOtherDescriptors: true, newSession: newSession)
    guard wait else {
      child.stopsWhenReleased = false
      return 0
    }
    return child.wait()
  }
}

extension Optional where Wrapped == String {
  fileprivate var orEmpty: String { self ?? "" }
}
