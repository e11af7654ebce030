// The peer: the sqlite3 command-line shell on the same file, run as a child process with a
// script on its standard input.
//
// How the shell is timed (fairly, without counting its start-up as query time):
// - per query (median, p95, p99): one sqlite3 process runs every sample's statements with
//   `.timer on`; each statement's `user + sys` CPU seconds (getrusage, microseconds) are summed
//   per sample. Its `real` figure has only millisecond resolution, too coarse here; a read from
//   a warm cache does not wait, so its CPU time is its time.
// - mean (wall clock): the same script without the timer is run eleven times, and so is a
//   baseline script with the same start, settings and warm-up but no timed statements; the
//   difference of the fastest of each, divided by the samples, is the mean wall time of a query
//   with the process start-up, the open and the warm-up subtracted.
// Children are started with posix_spawn and reaped with waitpid (Foundation's Process polls its
// run loop, which blurs short runs).
import BenchSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct SQLiteShell {
  let executable: String
  /// Where scripts and outputs are written.
  let scratch: String

  /// `sqlite3` on the PATH.
  static func find() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/sqlite3"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  var version: String {
    (try? run(":memory:", script: "SELECT sqlite_version();\n", name: "version", capture: true).output)?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
  }

  /// Runs `script` on `database` in one sqlite3 process. Returns the milliseconds from spawn to
  /// exit and, with `capture`, what it printed on standard output.
  func run(_ database: String, script: String, name: String, capture: Bool) throws -> (ms: Double, output: String) {
    let scriptPath = "\(scratch)/\(name).sql"
    let outPath = capture ? "\(scratch)/\(name).out" : "/dev/null"
    let errPath = "\(scratch)/\(name).err"
    guard FileManager.default.createFile(atPath: scriptPath, contents: Data(script.utf8)) else {
      throw BenchError("cannot write \(scriptPath)")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, scriptPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let arguments = [executable, "-batch", "-bail", "-init", "/dev/null", database]
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
      ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let start = milliseconds()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw BenchError("waitpid: \(String(cString: strerror(errno)))") }
    }
    let ms = milliseconds() - start
    // Exited normally (low 7 bits 0) with status 0 (the next 8).
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
      let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      throw BenchError("sqlite3 failed on \(name).sql (wait status \(status)): \(err.prefix(800))")
    }
    let output = capture ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
    return (ms, output)
  }

  /// The `.timer` lines' user + sys, in milliseconds, in order.
  static func cpuTimes(_ output: String) -> [Double] {
    output.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("Run Time:") else { return nil }
      let parts = line.split(separator: " ")
      guard let u = parts.firstIndex(of: "user"), let s = parts.firstIndex(of: "sys"), u + 1 < parts.count, s + 1 < parts.count,
        let user = Double(parts[u + 1]), let sys = Double(parts[s + 1])
      else { return nil }
      return (user + sys) * 1000
    }
  }

  /// Times one kind of query: `warmUp` statements (untimed), then each sample's statements.
  /// Returns per-sample CPU milliseconds (from `.timer`) and the mean wall milliseconds per
  /// sample (the subtraction described at the top of this file).
  func measure(_ database: String, name: String, warmUp: [String], samples: [[String]]) throws -> ShellFigures {
    let start = ".output /dev/null\n" + warmUp.joined(separator: "\n") + "\n"
    let timed = samples.map { $0.joined(separator: "\n") }.joined(separator: "\n") + "\n"
    let timerRun = try run(database, script: start + ".timer on\n" + timed, name: "\(name)-timer", capture: true)
    let lines = Self.cpuTimes(timerRun.output)
    let statements = samples.reduce(0) { $0 + $1.count }
    guard lines.count == statements else {
      throw BenchError("\(name): \(lines.count) timer lines for \(statements) statements")
    }
    var cpu: [Double] = []
    var next = 0
    for sample in samples {
      cpu.append(lines[next..<(next + sample.count)].reduce(0, +))
      next += sample.count
    }
    var full: [Double] = []
    var base: [Double] = []
    for _ in 0..<11 {
      base.append(try run(database, script: start, name: "\(name)-base", capture: false).ms)
      full.append(try run(database, script: start + timed, name: "\(name)-wall", capture: false).ms)
    }
    let mean = ((full.min() ?? 0) - (base.min() ?? 0)) / Double(samples.count)
    return ShellFigures(cpu: cpu, meanWall: mean, startUp: base.min() ?? 0)
  }
}

struct ShellFigures {
  /// Per sample, CPU milliseconds of its statements.
  var cpu: [Double]
  /// Mean wall milliseconds per sample, start-up subtracted.
  var meanWall: Double
  /// The baseline process (start, open, warm-up), milliseconds.
  var startUp: Double
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}
