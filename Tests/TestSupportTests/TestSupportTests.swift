import Foundation
import Testing
import TestSupport

@Suite struct WaitingTests {
  @Test func aConditionThatHoldsIsSeenAtOnce() {
    let start = ContinuousClock.now
    #expect(waitUntil("a true condition") { true })
    #expect(ContinuousClock.now - start < .seconds(1))
  }

  @Test func aConditionThatComesLaterIsSeenWhenItComes() {
    let start = ContinuousClock.now
    var calls = 0
    #expect(
      waitUntil("the fifth look") {
        calls += 1
        return calls == 5
      })
    #expect(calls == 5)
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test func aConditionThatNeverComesEndsAtTheDeadlineAndSaysWhatWasAwaited() {
    let start = ContinuousClock.now
    withKnownIssue {
      #expect(!waitUntil("the flag that is never set", timeout: 0.2) { false })
    } matching: { issue in
      issue.comments.contains { $0.rawValue.contains("the flag that is never set") }
    }
    let waited = ContinuousClock.now - start
    #expect(waited >= .milliseconds(200) && waited < .seconds(5))
  }

  @Test(arguments: [Double.infinity, .greatestFiniteMagnitude, -1, -.infinity, .nan])
  func anyTimeoutIsTakenWithoutATrap(_ timeout: Double) {
    #expect(holds(within: timeout) { true })
  }

  @Test(arguments: [-1, -Double.infinity, .nan])
  func aTimeoutBelowZeroLooksOnce(_ timeout: Double) {
    var looks = 0
    #expect(
      !holds(within: timeout) {
        looks += 1
        return false
      })
    #expect(looks == 1)
  }

  @Test func holdsRecordsNothingAndRethrows() {
    #expect(!holds(within: 0.05) { false })
    struct Boom: Error {}
    #expect(throws: Boom.self) { try holds(within: 1) { throw Boom() } }
  }
}

@Suite struct ChildProcessTests {
  @Test func statusOutputAndErrorsAreCaptured() throws {
    let r = try ChildProcess.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
    #expect(r.status == 3)
    #expect(r.out == "out\nerr\n")
  }

  @Test func theProgramIsFoundInPathAndGetsItsArgumentsAsGiven() throws {
    let r = try ChildProcess.run(["printf", "%s|", "a b", "", "é\u{1}\t"])
    #expect(r.status == 0)
    #expect(r.out == "a b||é\u{1}\t|")
  }

  @Test func environmentAndStandardInputAreTheGivenOnes() throws {
    let dir = TemporaryDirectory("child")
    let input = dir.write("in", "line one\nline two\n")
    let r = try ChildProcess.run(["/bin/sh", "-c", "echo \"$ONLY:$HOME\"; cat"], environment: ["ONLY": "x"], stdin: input)
    #expect(r.out == "x:\nline one\nline two\n")
  }

  @Test func aChildStillRunningAtTheDeadlineIsKilledAndReported() throws {
    let start = ContinuousClock.now
    #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run(["/bin/sleep", "30"], timeout: 0.2) }
    #expect(ContinuousClock.now - start < .seconds(10))
  }

  @Test func aMissingProgramIsAnError() {
    #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run(["/nonexistent/program"]) }
    #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run([]) }
  }

  @Test func aSignalEndsItWith128PlusTheSignal() throws {
    let dir = TemporaryDirectory("child")
    let child = try ChildProcess(["/bin/sleep", "30"], output: dir.file("out"))
    #expect(child.isAlive && child.status == nil)
    child.signal(SIGKILL)
    #expect(child.wait(timeout: 10) == 128 + SIGKILL)
    #expect(!child.isAlive)
  }

  @Test func hugeOutputNeverBlocksTheChild() throws {
    let r = try ChildProcess.run(["/bin/sh", "-c", "head -c 5000000 /dev/zero | tr '\\000' a"], timeout: 60)
    #expect(r.status == 0)
    #expect(r.out.utf8.count == 5_000_000)
  }

  @Test func releasingARunningChildStopsAndReapsIt() throws {
    let dir = TemporaryDirectory("child")
    var child: ChildProcess? = try ChildProcess(["/bin/sleep", "30"], output: dir.file("out"))
    let pid = try #require(child?.pid)
    child = nil
    // Reaped: no such process is left, not even a zombie.
    #expect(kill(pid, 0) == -1 && errno == ESRCH)
  }
}

@Suite struct GoldenFilesTests {
  @Test func equalTextsHaveNoDifference() {
    #expect(GoldenFiles.difference(expected: "a\nb\n", actual: "a\nb\n") == nil)
  }

  @Test func theFirstDifferingLineIsNamed() {
    #expect(
      GoldenFiles.difference(expected: "a\nb\nc\n", actual: "a\nB\nc\n") == "from line 2:\nexpected: b\nactual:   B")
    #expect(GoldenFiles.difference(expected: "a\n", actual: "a\nmore\n") == "from line 2:\nexpected: \nactual:   more")
    #expect(GoldenFiles.difference(expected: "a", actual: "") == "from line 1:\nexpected: a\nactual:   ")
  }

  @Test func aGoldenIsCheckedAndAMissingOrDifferentOneIsAnIssue() throws {
    let dir = TemporaryDirectory("golden")
    let files = GoldenFiles("goldens", besides: dir.file("Here.swift"), fileExtension: "txt", suite: "GoldenFilesTests")
    #expect(files.path("one") == dir.path + "/goldens/one.txt")
    try FileManager.default.createDirectory(atPath: dir.file("goldens"), withIntermediateDirectories: true)
    dir.write("goldens/one.txt", "same\u{1B}[0m\n")
    if !GoldenFiles.recording {
      files.check("same\u{1B}[0m\n", "one")
      withKnownIssue {
        files.check("other\n", "one")
      } matching: { $0.comments.contains { $0.rawValue.contains("one.txt differs from line 1") } }
      withKnownIssue {
        files.check("x", "missing")
      } matching: { $0.comments.contains { $0.rawValue.contains("RECORD_SNAPSHOTS=1") } }
    }
  }
}

@Suite struct SplitMixTests {
  @Test func itGivesSplitMix64sSequence() {
    var rng = SplitMix(state: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func oneSeedGivesOneSequence() {
    var a = SplitMix(state: 20_261_208)
    var b = SplitMix(state: 20_261_208)
    #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
  }
}

@Suite struct TemporaryDirectoryTests {
  @Test func itExistsWhileHeldAndGoesWithEverythingInItWhenReleased() throws {
    var dir: TemporaryDirectory? = TemporaryDirectory("scratch")
    let path = try #require(dir?.path)
    dir?.write("a", "text")
    try FileManager.default.createDirectory(atPath: path + "/sub", withIntermediateDirectories: true)
    #expect(dir?.read("a") == "text")
    #expect(dir?.read("nothing") == "")
    dir = nil
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
