import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The real binary: $VGK_STAFF_BIN (set by `make test`), else the debug build in this checkout.
let binary: String = {
  if let b = ProcessInfo.processInfo.environment["VGK_STAFF_BIN"], !b.isEmpty { return b }
  return packageRoot + "/.build/debug/vgk-staff"
}()

final class Sandbox: @unchecked Sendable {
  let path: String
  init() {
    path = NSTemporaryDirectory() + "vgk-e2e-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path + "/home", withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
  func file(_ name: String) -> String { path + "/" + name }
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    precondition(FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8)), "cannot create a file in the test sandbox")
    return file(name)
  }

  /// The environment every run gets: its own HOME and XDG dirs, its own key directory, and an
  /// English UTF-8 locale (a test that wants French says so).
  var environment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    for k in ["VGK_STAFF_DB", "VGK_STAFF_CONFIG", "VGK_STAFF_NOW", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "LC_ALL", "LC_MESSAGES"] { env[k] = nil }
    env["LANG"] = "C.UTF-8"
    env["HOME"] = path + "/home"
    env["VGK_STAFF_KEYS"] = path + "/keys"
    env["VGK_STAFF_FIXTURES"] = packageRoot + "/Fixtures"
    return env
  }

  struct Result {
    var status: Int32
    var out: String
    var err: String
  }

  /// Runs the binary to completion; output goes through files, so a chatty child can never block.
  func run(_ args: [String], env extra: [String: String] = [:], input: String? = nil) throws -> Result {
    let p = try start(args, env: extra, input: input)
    p.process.waitUntilExit()
    return Result(
      status: p.process.terminationStatus,
      out: (try? String(contentsOfFile: p.out, encoding: .utf8)) ?? "",
      err: (try? String(contentsOfFile: p.err, encoding: .utf8)) ?? "")
  }

  /// `input`, when given, is the child's standard input (through a file, like its output).
  func start(_ args: [String], env extra: [String: String] = [:], input: String? = nil) throws -> (process: Process, out: String, err: String) {
    let id = UUID().uuidString
    let out = file("out-\(id)")
    let err = file("err-\(id)")
    precondition(FileManager.default.createFile(atPath: out, contents: nil), "cannot create a file in the test sandbox")
    precondition(FileManager.default.createFile(atPath: err, contents: nil), "cannot create a file in the test sandbox")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = args
    p.environment = environment.merging(extra) { $1 }
    p.currentDirectoryURL = URL(fileURLWithPath: path)
    if let input {
      let file = write("in-\(id)", input)
      p.standardInput = FileHandle(forReadingAtPath: file)
    } else {
      p.standardInput = FileHandle.nullDevice
    }
    p.standardOutput = FileHandle(forWritingAtPath: out)
    p.standardError = FileHandle(forWritingAtPath: err)
    try p.run()
    return (p, out, err)
  }
}

/// Runs any command (tmux, sqlite3) and returns its status and output. It is spawned and reaped
/// with posix_spawn and waitpid rather than Foundation's Process: with Swift 6.3.1 on Linux,
/// Process.waitUntilExit never returned for a `tmux new-session -d` whose client had exited (a
/// zombie), as the daemonised server kept what it inherited. Output goes through a file, as a
/// pipe would be held open by the server the same way.
@discardableResult
///
/// The child starts with the signals in `blocking` blocked and no other (a test thread's own
/// mask, often everything blocked by libdispatch, would otherwise be inherited).
func shell(_ command: String, _ args: [String], blocking: [Int32] = []) throws -> (status: Int32, out: String) {
  let path = NSTemporaryDirectory() + "vgk-shell-\(UUID().uuidString)"
  defer { try? FileManager.default.removeItem(atPath: path) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_adddup2(&actions, 1, 2)
  let argv = (["/usr/bin/env", command] + args).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var mask = sigset_t()
  sigemptyset(&mask)
  for signal in blocking { sigaddset(&mask, signal) }
  posix_spawnattr_setsigmask(&attributes, &mask)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, environ)
  guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
  let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  return (exit, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
}
