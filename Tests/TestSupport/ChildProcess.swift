import Foundation

/// A child process spawned with posix_spawn and reaped with waitpid. Foundation's Process is not
/// used: with Swift 6.3.1 on Linux, Process.waitUntilExit may never return for a child that
/// leaves a daemon behind (tmux, pg_ctl), as the daemon keeps what it inherited. For the same
/// reason output goes to a file, never a pipe.
public final class ChildProcess: @unchecked Sendable {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
  }

  public let pid: pid_t
  /// Whether releasing this object stops the process (SIGTERM, then SIGKILL) and reaps it.
  public var stopsWhenReleased = true
  private let lock = NSLock()
  private var raw: Int32?

  /// Starts `argv` (`argv[0]` is looked up in PATH unless it holds a slash).
  /// - environment: the child's whole environment; nil passes this process's own.
  /// - stdin: a file read as standard input.
  /// - output: the file receiving standard output and standard error, truncated unless `append`.
  /// - directory: the child's working directory; nil keeps this process's.
  /// - closesOtherDescriptors: closes every descriptor above 2 in the child, so a daemon it leaves
  ///   running holds none of the test runner's.
  /// - blocking: the signals the child starts with blocked; no other is (a test thread's own mask,
  ///   often everything blocked by libdispatch, would otherwise be inherited).
  /// - defaults: signals set back to their default action in the child.
  /// - newSession: the child leads a new session (no controlling terminal, its own process group).
  public init(
    _ argv: [String], environment: [String: String]? = nil, stdin: String = "/dev/null", output: String,
    append: Bool = false, directory: String? = nil, closesOtherDescriptors: Bool = false, blocking: [Int32] = [],
    defaults: [Int32] = [], newSession: Bool = false
  ) throws {
    guard let program = argv.first else { throw Failure("nothing to run") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    if let directory {
      // glibc's GNU extensions, which Swift's Glibc module does not show (no _GNU_SOURCE).
      typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
      guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
        throw Failure("this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or later has)")
      }
      _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, directory)
    }
    if closesOtherDescriptors {
      typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
      guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
        throw Failure("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later has)")
      }
      _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var mask = sigset_t()
    sigemptyset(&mask)
    for signal in blocking { sigaddset(&mask, signal) }
    posix_spawnattr_setsigmask(&attributes, &mask)
    var flags = Int32(POSIX_SPAWN_SETSIGMASK)
    if !defaults.isEmpty {
      var set = sigset_t()
      sigemptyset(&set)
      for signal in defaults { sigaddset(&set, signal) }
      posix_spawnattr_setsigdefault(&attributes, &set)
      flags |= Int32(POSIX_SPAWN_SETSIGDEF)
    }
    if newSession { flags |= 0x80 }  // POSIX_SPAWN_SETSID, which Glibc's module does not show.
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let cEnv = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { cEnv?.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned =
      if let cEnv { posix_spawnp(&pid, program, &actions, &attributes, cArgs, cEnv) } else {
        posix_spawnp(&pid, program, &actions, &attributes, cArgs, environ)
      }
    guard spawned == 0 else { throw Failure("cannot start \(program): \(String(cString: strerror(spawned)))") }
    self.pid = pid
  }

  deinit { if stopsWhenReleased { stop() } }

  /// Runs `argv` to its end (see `init` for the options) and returns its status and output; a
  /// child still running after `timeout` seconds is killed and reported as a failure.
  public static func run(
    _ argv: [String], environment: [String: String]? = nil, stdin: String = "/dev/null", directory: String? = nil,
    closesOtherDescriptors: Bool = false, blocking: [Int32] = [], timeout: Double = 120
  ) throws -> (status: Int32, out: String) {
    let output = NSTemporaryDirectory() + "vgk-run-\(UUID().uuidString)"
    defer { unlink(output) }
    let child = try ChildProcess(
      argv, environment: environment, stdin: stdin, output: output, directory: directory,
      closesOtherDescriptors: closesOtherDescriptors, blocking: blocking)
    guard let status = child.wait(timeout: timeout) else {
      child.stop()
      throw Failure("\(argv.joined(separator: " ")) still ran after \(timeout) s: killed")
    }
    return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
  }

  /// True until the process has ended (it is reaped here when it has).
  public var isAlive: Bool {
    lock.withLock {
      if raw != nil { return false }
      var status: Int32 = 0
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid || (r == -1 && errno == ECHILD) {
        raw = r == pid ? status : -1
        return false
      }
      return true
    }
  }

  /// The exit status, or 128 + the signal that ended it; nil while it runs.
  public var status: Int32? {
    guard !isAlive, let raw = lock.withLock({ raw }) else { return nil }
    return Self.decode(raw)
  }

  /// Waits for the end; the exit status, or 128 + the signal.
  @discardableResult
  public func wait() -> Int32 {
    lock.withLock {
      if raw == nil {
        var status: Int32 = 0
        var r: pid_t
        repeat { r = waitpid(pid, &status, 0) } while r == -1 && errno == EINTR
        raw = r == pid ? status : -1
      }
    }
    return status ?? -1
  }

  /// Waits at most `timeout` seconds; the status, or nil if the process still runs.
  public func wait(timeout: Double) -> Int32? {
    _ = holds(within: timeout) { !isAlive }
    return status
  }

  /// Sends `signal` to the process (a no-op once it has been reaped).
  public func signal(_ signal: Int32) {
    if isAlive { kill(pid, signal) }
  }

  /// SIGTERM, then SIGKILL after `grace` seconds, and reaped.
  public func stop(grace: Double = 2) {
    guard isAlive else { return }
    kill(pid, SIGTERM)
    if wait(timeout: grace) == nil { kill(pid, SIGKILL) }
    wait()
  }

  private static func decode(_ raw: Int32) -> Int32 {
    if raw == -1 { return -1 }
    return (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
  }
}
