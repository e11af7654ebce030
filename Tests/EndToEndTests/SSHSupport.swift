import Foundation
import Testing
import TestSupport

/// What the SSH test needs besides Support.swift: a Unix account, root's hand, a process left
/// running in the background, a free port, and a real OpenSSH server of the test's own.

/// A set-up step that could not be done, with what was seen and what to do about it.
struct SetupFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Goes on when this test may act as root (it runs as root, or `sudo -n` works); otherwise the
/// test is cancelled with what it needs and why, rather than failing for a reason the user did
/// not cause.
func requireRoot(for purpose: String) throws {
  if geteuid() == 0 { return }
  if let r = try? shell("/usr/bin/sudo", ["-n", "/bin/true"]), r.status == 0 { return }
  try Test.cancel(
    "needs root to \(purpose): run the tests as root (as CI does) or as a user for whom `sudo -n` works")
}

/// Installs this build as `make install` lays it out (PREFIX/bin/vgk-staff and vgk-scan-worker,
/// PREFIX/share/vgk-staff/Keymaps), every file readable and every directory searchable by all:
/// another account cannot reach the checkout's build when the checkout lies under a directory it
/// cannot enter (a clone in /root, or in a home made 0700). Returns the installed vgk-staff.
func installForOtherAccounts(prefix: String) throws -> String {
  let worker = (binary as NSString).deletingLastPathComponent + "/vgk-scan-worker"
  let files = [(binary, "bin/vgk-staff", 0o755), (worker, "bin/vgk-scan-worker", 0o755)]
    + ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/Keymaps")) ?? []).sorted().map {
      (packageRoot + "/Keymaps/" + $0, "share/vgk-staff/Keymaps/" + $0, 0o644)
    }
  for directory in [prefix, prefix + "/bin", prefix + "/share", prefix + "/share/vgk-staff", prefix + "/share/vgk-staff/Keymaps"] {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    chmod(directory, 0o755)
  }
  for (source, target, mode) in files {
    do {
      try FileManager.default.copyItem(atPath: source, toPath: prefix + "/" + target)
    } catch {
      throw SetupFailure("cannot install \(source) as \(prefix)/\(target) for the supervisors' account: \(error)")
    }
    chmod(prefix + "/" + target, mode_t(mode))
  }
  return prefix + "/bin/vgk-staff"
}

/// Runs a command as root: directly when the tests run as root (as on CI), else through
/// `sudo -n` (which fails at once, rather than asking for a password, when it may not).
@discardableResult
func privileged(_ command: String, _ args: [String]) throws -> (status: Int32, out: String) {
  if geteuid() == 0 { return try shell(command, args) }
  return try shell("/usr/bin/sudo", ["-n", command] + args)
}

/// Runs a `/bin/sh` script as another Unix account: `runuser` as root, else `sudo -n -u`.
@discardableResult
func asUser(_ user: String, _ script: String) throws -> (status: Int32, out: String) {
  if geteuid() == 0 { return try shell("/usr/sbin/runuser", ["-u", user, "--", "/bin/sh", "-c", script]) }
  return try shell("/usr/bin/sudo", ["-n", "-u", user, "/bin/sh", "-c", script])
}

/// A Unix account for the test, created on the first run and reused by the next ones.
struct UnixAccount {
  let name: String
  let uid: uid_t
  let gid: gid_t

  /// The account `name`, created when missing (a system account with `/bin/sh` as its shell:
  /// sshd runs ForceCommand through the account's shell, so `nologin` would refuse it).
  static func ensure(_ name: String) throws -> UnixAccount {
    var entry = try shell("getent", ["passwd", name])
    if entry.status != 0 {
      let home = "/var/lib/" + name
      let made = try privileged("/usr/sbin/useradd", ["--system", "--user-group", "--create-home", "--home-dir", home, "--shell", "/bin/sh", name])
      guard made.status == 0 else {
        throw SetupFailure(
          "cannot create the Unix account \(name) for the supervisors' SSH test: "
            + (geteuid() == 0 ? "useradd" : "not root, and `sudo -n useradd`") + " failed (status \(made.status)): \(made.out)"
            + "Run the tests as root, as CI does, or create it: useradd --system --user-group --create-home --home-dir \(home) --shell /bin/sh \(name)")
      }
      entry = try shell("getent", ["passwd", name])
    }
    let fields = entry.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
    guard fields.count >= 7, let uid = uid_t(fields[2]), let gid = gid_t(fields[3]) else {
      throw SetupFailure("getent passwd \(name) gave no account: \(entry.out)")
    }
    if fields[6] != "/bin/sh" {
      let changed = try privileged("/usr/sbin/usermod", ["--shell", "/bin/sh", name])
      guard changed.status == 0 else { throw SetupFailure("cannot give \(name) the shell /bin/sh: \(changed.out)") }
    }
    // useradd leaves the password field `!` (locked); without PAM, sshd refuses a locked account
    // even for a key. `*` is no password at all, and not locked.
    let unlocked = try privileged("/usr/sbin/usermod", ["--password", "*", name])
    guard unlocked.status == 0 else { throw SetupFailure("cannot clear the locked password of \(name): \(unlocked.out)") }
    return UnixAccount(name: name, uid: uid, gid: gid)
  }

  /// Gives `path` to this account with `mode`.
  func own(_ path: String, mode: String) throws {
    for (command, args) in [("/bin/chown", ["\(uid):\(gid)", path]), ("/bin/chmod", [mode, path])] {
      let r = try privileged(command, args)
      guard r.status == 0 else { throw SetupFailure("\(command) \(args.joined(separator: " ")): \(r.out)") }
    }
  }

  /// True when the shell test `condition` holds for this account.
  func can(_ condition: String) throws -> Bool { try asUser(name, condition).status == 0 }
}

extension ChildProcess {
  /// A process left running: its output appended to `output`, its signal mask empty and the
  /// usual signals at their defaults.
  static func spawned(_ argv: [String], environment: [String: String]? = nil, stdin: String = "/dev/null", output: String) throws
    -> ChildProcess
  {
    try ChildProcess(
      argv, environment: environment, stdin: stdin, output: output, append: true, defaults: [SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGCHLD])
  }
}

/// The socket address of 127.0.0.1:`port`.
private func loopback(_ port: UInt16) -> sockaddr_in {
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = port.bigEndian
  address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
  return address
}

/// A TCP port on 127.0.0.1 that nobody listens on: the kernel's choice for port 0, let go again.
func freeLoopbackPort() throws -> UInt16 {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { throw SetupFailure("socket: \(String(cString: strerror(errno)))") }
  defer { close(fd) }
  var address = loopback(0)
  let size = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
  guard bound == 0 else { throw SetupFailure("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
  var length = size
  let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
  guard named == 0 else { throw SetupFailure("getsockname: \(String(cString: strerror(errno)))") }
  return UInt16(bigEndian: address.sin_port)
}

/// True when something accepts a TCP connection on 127.0.0.1:`port`.
func loopbackAccepts(_ port: UInt16) -> Bool {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { return false }
  defer { close(fd) }
  var address = loopback(port)
  let size = socklen_t(MemoryLayout<sockaddr_in>.size)
  return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } } == 0
}

/// A process's CPU time so far (user + system), in clock ticks, from /proc; nil once it is gone.
func cpuTicks(_ pid: pid_t) -> Int? {
  guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
  // After the name: state (field 3) ... utime (14) and stime (15).
  let fields = stat[stat.index(after: close)...].split(separator: " ")
  guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
  return user + system
}

/// Every process below `root` (children, their children...), from /proc.
func descendants(of root: pid_t) -> [pid_t] {
  var parents: [pid_t: pid_t] = [:]
  for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
    guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { continue }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
  }
  var found: [pid_t] = []
  var frontier: Set<pid_t> = [root]
  while !frontier.isEmpty {
    let next = parents.filter { frontier.contains($0.value) }.map(\.key).filter { !found.contains($0) }
    found += next
    frontier = Set(next)
  }
  return found.filter(isRunning).sorted()
}

/// The process's command line, for messages.
func commandLineOf(_ pid: pid_t) -> String {
  ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").replacingOccurrences(of: "\u{0}", with: " ")
}

/// A real OpenSSH server on 127.0.0.1 with everything of its own in `directory`: host key,
/// configuration, authorized keys (the client key made beside them), pid file and log. It
/// admits `user` only, with that key only, and runs `forceCommand` for every session.
final class SSHServer {
  let directory: String
  let port: UInt16
  let clientKey: String
  let configFile: String
  let logFile: String
  private var process: ChildProcess?

  init(directory: String, user: String, forceCommand: String) throws {
    self.directory = directory
    clientKey = directory + "/client_key"
    configFile = directory + "/sshd_config"
    logFile = directory + "/sshd.log"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    for (key, comment) in [(directory + "/host_key", "vgk-e2e host"), (clientKey, "vgk-e2e supervisor")] {
      let made = try shell("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key])
      guard made.status == 0 else { throw SetupFailure("ssh-keygen -f \(key): \(made.out)") }
    }
    // sshd reads the authorized keys as the user (StrictModes no: a sandbox path is fine).
    let authorized = directory + "/authorized_keys"
    try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorized)
    chmod(authorized, 0o644)
    port = try freeLoopbackPort()
    let config = """
      # The supervisors' SSH test's own server (Tests/EndToEndTests/SSHTests.swift).
      ListenAddress 127.0.0.1
      Port \(port)
      HostKey \(directory)/host_key
      PidFile \(directory)/sshd.pid
      AuthorizedKeysFile \(authorized)
      AllowUsers \(user)
      PermitRootLogin no
      PubkeyAuthentication yes
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      UsePAM no
      StrictModes no
      PermitUserEnvironment no
      PrintMotd no
      PrintLastLog no
      Match User \(user)
        ForceCommand \(forceCommand)
        AllowTcpForwarding no
        X11Forwarding no
        AllowAgentForwarding no
        PermitTunnel no
        PermitTTY yes

      """
    guard FileManager.default.createFile(atPath: configFile, contents: Data(config.utf8)) else {
      throw SetupFailure("cannot write \(configFile)")
    }
    // The privilege-separation directory: Debian's service unit makes it; here nobody has.
    if !FileManager.default.fileExists(atPath: "/run/sshd") {
      let made = try privileged("/bin/mkdir", ["-p", "-m", "0755", "/run/sshd"])
      guard made.status == 0 else { throw SetupFailure("sshd needs /run/sshd: mkdir: \(made.out)") }
    }
    let checked = try privileged("/usr/sbin/sshd", ["-t", "-f", configFile])
    guard checked.status == 0 else { throw SetupFailure("sshd -t -f \(configFile) refused the configuration:\n\(checked.out)\n\(config)") }
    // sshd insists on being started by its absolute path (it re-executes itself per connection).
    let argv = ["/usr/sbin/sshd", "-D", "-e", "-f", configFile]
    let process = try ChildProcess.spawned(geteuid() == 0 ? argv : ["/usr/bin/sudo", "-n"] + argv, output: logFile)
    self.process = process
    let accepting = holds(within: 10) { [port] in !process.isAlive || loopbackAccepts(port) }
    guard process.isAlive else { throw SetupFailure("sshd ended at once:\n\(log)") }
    guard accepting else { throw SetupFailure("sshd does not accept on 127.0.0.1:\(port) after 10 s:\n\(log)") }
  }

  deinit { stop() }

  /// The listening sshd's pid (from its pid file; the spawned one under sudo).
  var listener: pid_t? {
    let text = (try? String(contentsOfFile: directory + "/sshd.pid", encoding: .utf8)) ?? ""
    return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? process?.pid
  }

  /// The processes sshd runs for sessions: everything below the listener.
  var sessionProcesses: [pid_t] { listener.map { descendants(of: $0) } ?? [] }

  var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "(no sshd log)" }

  func stop() {
    process?.stop()
    process = nil
  }
}
