import Foundation
import Testing
import TestSupport

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The real binary: $VGK_STAFF_BIN (set by `make test`), else the debug build in this checkout.
let binary: String = {
  if let b = ProcessInfo.processInfo.environment["VGK_STAFF_BIN"], !b.isEmpty { return b }
  return packageRoot + "/.build/debug/vgk-staff"
}()

final class Sandbox: @unchecked Sendable {
  let directory = TemporaryDirectory("e2e")
  var path: String { directory.path }
  init() {
    try? FileManager.default.createDirectory(atPath: path + "/home", withIntermediateDirectories: true)
  }
  func file(_ name: String) -> String { directory.file(name) }
  @discardableResult
  func write(_ name: String, _ text: String) -> String { directory.write(name, text) }

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

/// Runs any command (tmux, sqlite3) to its end; its status and output, errors included. The
/// child starts with the signals in `blocking` blocked and no other.
@discardableResult
func shell(_ command: String, _ args: [String], blocking: [Int32] = []) throws -> (status: Int32, out: String) {
  try ChildProcess.run([command] + args, blocking: blocking)
}
