import Foundation
import StaffServices
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Commands run to their end or to a deadline, whatever they do with their output.
@Suite struct CommandRunnerTests {
  static let environment = ["PATH": "/usr/bin:/bin"]

  static func sh(_ script: String, input: [UInt8] = [], timeout: Double = 10, keep: Int = 4096) -> CommandRunner.Outcome {
    CommandRunner.run(["/bin/sh", "-c", script], input: input, environment: environment, timeout: timeout, keep: keep)
  }

  static func alive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 }

  @Test func theInputGoesInAndTheOutputComesBack() {
    let text = Array("ORDER:1042:ABC123\n".utf8)
    let outcome = Self.sh("cat; echo done >&2", input: text)
    #expect(outcome.ending == .exited(0))
    #expect(outcome.output == text && outcome.errors == Array("done\n".utf8))
  }

  @Test func aLargeInputIsReadAtTheCommandsPace() {
    let outcome = Self.sh("wc -c", input: [UInt8](repeating: 0x41, count: 3_000_000))
    #expect(outcome.ending == .exited(0))
    #expect(String(decoding: outcome.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "3000000")
  }

  @Test func theExitStatusAndTheSignalAreTold() {
    #expect(Self.sh("exit 3").ending == .exited(3))
    #expect(Self.sh("kill -TERM $$").ending == .signalled(SIGTERM))
  }

  @Test func aCommandPastItsDeadlineIsKilledWithWhatItStarted() throws {
    let start = Monotonic.now()
    // The shell starts a sleeper of its own and says its pid, then waits.
    let outcome = Self.sh("sleep 30 & echo $! >&2; wait", timeout: 1)
    #expect(outcome.ending == .timedOut)
    #expect(Monotonic.now() - start < 5)
    let pid = try #require(pid_t(String(decoding: outcome.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(holds(within: 5) { !Self.alive(pid) }, "the sleeper went with the group")
  }

  @Test func aCommandThatClosesItsOutputIsStillWaitedFor() {
    let start = Monotonic.now()
    let outcome = Self.sh("exec >&- 2>&-; sleep 1; exit 4")
    #expect(outcome.ending == .exited(4))
    #expect(Monotonic.now() - start >= 0.9, "its end is the process's, not its output's")
  }

  @Test func aCommandThatLeavesAChildHoldingItsOutputIsDoneWhenItExits() throws {
    let start = Monotonic.now()
    let outcome = Self.sh("sleep 30 & echo $! >&2; exit 0", timeout: 20)
    #expect(outcome.ending == .exited(0))
    #expect(Monotonic.now() - start < 5, "not held until the child closes the pipe")
    let pid = try #require(pid_t(String(decoding: outcome.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    kill(pid, SIGKILL)
  }

  @Test func hugeOutputIsDrainedAndCut() {
    let outcome = Self.sh("head -c 50000000 /dev/zero; head -c 50000000 /dev/zero >&2; exit 0", timeout: 60, keep: 1000)
    #expect(outcome.ending == .exited(0), "a full pipe never blocks the command")
    #expect(outcome.output.count == 1000 && outcome.errors.count == 1000)
  }

  @Test func aMissingProgramIsSaid() {
    let outcome = CommandRunner.run(["/nonexistent/vgk-printer"], input: [], environment: [:], timeout: 5)
    guard case .couldNotStart(let why) = outcome.ending else {
      Issue.record("\(outcome.ending)")
      return
    }
    #expect(why.hasPrefix("cannot start /nonexistent/vgk-printer ("))
    #expect(CommandRunner.run([], input: [], environment: [:], timeout: 5).ending == .couldNotStart("no program"))
  }

  @Test func theShellFormNamesTheStatusAndTheFirstLineOfErrors() {
    #expect(CommandRunner.shell("exit 0", input: [], timeout: 5) == nil)
    #expect(CommandRunner.shell("printf '%s\\nsecond\\n' \"$VGK_TASK_ID\" >&2; exit 2", input: [], environment: ["VGK_TASK_ID": "17"], timeout: 5)
      == "exit status 2: 17")
    #expect(CommandRunner.shell("/nonexistent/lp -d counter", input: [], timeout: 5)?.hasPrefix("exit status 127: ") == true)
    #expect(CommandRunner.shell("sleep 30", input: [], timeout: 1) == "did not finish within 1 s (stopped)")
  }
}
