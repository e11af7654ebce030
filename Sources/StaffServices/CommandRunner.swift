import CProcess
import Foundation
import StaffScan

#if canImport(Glibc)
  import Glibc
#endif

/// Seconds on a clock that only goes forward (deadlines must not move with the wall clock).
public enum Monotonic {
  public static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}

/// A configured command run to its end or to a deadline (the escalation, a printer's `lp -d NAME`).
public enum CommandRunner {
  /// How a run ended.
  public enum Ending: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// Still running at the deadline: its process group was killed.
    case timedOut
    case couldNotStart(String)
  }

  public struct Outcome: Sendable, Equatable {
    public var ending: Ending
    /// The first `keep` bytes of standard output (the rest is read and dropped).
    public var output: [UInt8]
    /// The first `keep` bytes of standard error.
    public var errors: [UInt8]
  }

  /// Runs `argv` (an absolute path first) with `input` on standard input, `environment` as its
  /// whole environment, no other descriptor of ours, in a process group of its own; waits for
  /// the process itself to end (not for its output to close) until `timeout` seconds have
  /// passed, then kills the whole group. Output past `keep` bytes is drained and dropped, so a
  /// chatty command neither blocks on a full pipe nor fills memory.
  public static func run(
    _ argv: [String], input: [UInt8], environment: [String: String], timeout: Double, keep: Int = 4096
  ) -> Outcome {
    func failed(_ what: String) -> Outcome {
      Outcome(ending: .couldNotStart("\(what) (\(String(cString: strerror(errno))))"), output: [], errors: [])
    }
    guard let path = argv.first else { return Outcome(ending: .couldNotStart("no program"), output: [], errors: []) }
    // The input is a memory file: the child reads it at its pace, we never block writing it.
    let stdin = vgk_memfd("vgk-command-in")
    guard stdin >= 0 else { return failed("cannot make the command's input") }
    defer { close(stdin) }
    guard FileOutput.writeAll(stdin, input), lseek(stdin, 0, SEEK_SET) == 0 else { return failed("cannot write the command's input") }
    var out: [Int32] = [-1, -1]
    var err: [Int32] = [-1, -1]
    guard vgk_pipe_cloexec(&out) == 0 else { return failed("cannot make a pipe") }
    guard vgk_pipe_cloexec(&err) == 0 else {
      close(out[0])
      close(out[1])
      return failed("cannot make a pipe")
    }
    let envp = environment.map { "\($0.key)=\($0.value)" }
    var limits = vgk_limits(cpu_seconds: 0, address_space: 0, file_size: UInt64.max >> 1, open_files: 256)
    let pid = withCStrings(argv) { a in withCStrings(envp) { e in vgk_spawn_group(path, a, e, stdin, out[1], err[1], &limits) } }
    let spawnErrno = errno
    close(out[1])
    close(err[1])
    defer {
      close(out[0])
      close(err[0])
    }
    guard pid > 0 else {
      errno = spawnErrno
      return failed("cannot start \(path)")
    }
    let exited = vgk_pidfd_open(pid)
    defer { if exited >= 0 { close(exited) } }
    let deadline = Monotonic.now() + timeout
    var kept: [[UInt8]] = [[], []]
    var open = [true, true]
    var buffer = [UInt8](repeating: 0, count: 65536)
    var timedOut = false
    var status: Int32 = 0

    /// Reads what pipe `i` has; false at its end.
    func drain(_ i: Int) -> Bool {
      let fd = i == 0 ? out[0] : err[0]
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { return true }
      guard n > 0 else { return false }
      if kept[i].count < keep { kept[i] += buffer.prefix(min(n, keep - kept[i].count)) }
      return true
    }

    while true {
      if waitpid(pid, &status, WNOHANG) == pid { break }
      let left = deadline - Monotonic.now()
      if left <= 0 {
        timedOut = true
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        break
      }
      var fds: [pollfd] = []
      // Without a pidfd (an old kernel) the wait wakes every 50 ms to ask waitpid.
      if exited >= 0 { fds.append(pollfd(fd: exited, events: Int16(POLLIN), revents: 0)) }
      if open[0] { fds.append(pollfd(fd: out[0], events: Int16(POLLIN), revents: 0)) }
      if open[1] { fds.append(pollfd(fd: err[0], events: Int16(POLLIN), revents: 0)) }
      let wait = exited >= 0 ? min(left, 60) : min(left, 0.05)
      let r = poll(&fds, nfds_t(fds.count), Int32((wait * 1000).rounded(.up)))
      if r < 0 && errno != EINTR {
        let e = errno
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        errno = e
        return failed("lost the command")
      }
      for p in fds where p.revents != 0 {
        if p.fd == out[0] { open[0] = drain(0) }
        if p.fd == err[0] { open[1] = drain(1) }
      }
    }
    // What the pipes already hold (a descendant may keep them open: no waiting for their end).
    for i in 0..<2 where open[i] {
      let fd = i == 0 ? out[0] : err[0]
      let flags = fcntl(fd, F_GETFL)
      _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
      var rounds = 0
      while rounds < 64 && drain(i) { rounds += 1 }
    }
    let ending: Ending
    if timedOut {
      ending = .timedOut
    } else if status & 0x7F == 0 {
      ending = .exited((status >> 8) & 0xFF)
    } else {
      ending = .signalled(status & 0x7F)
    }
    return Outcome(ending: ending, output: kept[0], errors: kept[1])
  }

  /// `/bin/sh -c COMMAND` with `input` on standard input and `environment` added to ours; nil
  /// when it exited 0, else the error, naming the exit status and the first line it wrote on
  /// standard error, or that it was stopped at `timeout` seconds.
  public static func shell(_ command: String, input: [UInt8], environment extra: [String: String] = [:], timeout: Double) -> String? {
    let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    let outcome = run(["/bin/sh", "-c", command], input: input, environment: environment, timeout: timeout, keep: 512)
    let what: String
    switch outcome.ending {
    case .exited(0): return nil
    case .exited(let code): what = "exit status \(code)"
    case .signalled(let signal): what = "stopped by signal \(signal)"
    case .timedOut: return "did not finish within \(Int(timeout)) s (stopped)"
    case .couldNotStart(let why): return why
    }
    let said = String(decoding: outcome.errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    return said.isEmpty ? what : "\(what): \(said)"
  }
}
