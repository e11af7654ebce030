import StaffDomain
import Testing

/// The SLA arithmetic and the task's life, with the clock as a value.
@Suite struct TaskTests {
  static let t0 = Timestamp(seconds: 1_795_680_000)  // 2026-11-26T09:00:00+01:00
  let policy = SLAPolicy.standard

  func task(_ priority: Priority = .urgent, status: TaskStatus = .open, at created: Timestamp = t0) -> TaskRecord {
    TaskRecord(
      id: 7, type: .stockReceive, priority: priority, status: status, title: "Receive", assignee: nil, createdAt: created,
      slaSeconds: SLAPolicy.standard.seconds(priority))
  }

  func apply(_ t: TaskRecord, _ c: TaskCommand, at offset: Int64, by who: String? = "amina.n") -> TaskRecord {
    switch t.applying(c, by: who, now: Self.t0 + offset, policy: policy) {
    case .success(let next): return next
    case .failure(let r):
      Issue.record("\(c) refused: \(r.reason)")
      return t
    }
  }

  func refusal(_ t: TaskRecord, _ c: TaskCommand, at offset: Int64 = 0) -> TaskRefusal.Kind? {
    if case .failure(let r) = t.applying(c, by: "amina.n", now: Self.t0 + offset, policy: policy) { return r.kind }
    return nil
  }

  @Test func theStandardSLAs() {
    #expect(Priority.allCases.map(policy.seconds) == [7200, 28800, 86400, 172_800])
    #expect(policy.atRiskShare == 0.25)
  }

  /// URGENT: 2 h. At risk below 30 min left; due at 11:00:00; late one second after.
  @Test(arguments: [
    (Int64(0), SLAState.onTime, Int64(7200)),
    (5399, .onTime, 1801), (5400, .onTime, 1800), (5401, .atRisk, 1799),
    (7199, .atRisk, 1), (7200, .atRisk, 0), (7201, .breached, -1), (9000, .breached, -1800),
  ])
  func theBoundaries(_ offset: Int64, _ state: SLAState, _ left: Int64) {
    let t = task()
    let now = Self.t0 + offset
    #expect(t.secondsLeft(at: now) == left)
    #expect(t.slaState(at: now, atRiskShare: 0.25) == state)
    #expect(t.due(at: now) == Self.t0 + 7200)
    #expect(t.needsEscalation(at: now) == (state == .breached))
  }

  @Test func theAtRiskShareIsThePointsOwn() {
    let t = task(.high)  // 8 h
    #expect(t.slaState(at: Self.t0 + 6 * 3600, atRiskShare: 0.25) == .onTime, "2 h left is exactly a quarter: not under it")
    #expect(t.slaState(at: Self.t0 + 6 * 3600 + 1, atRiskShare: 0.25) == .atRisk)
    #expect(t.slaState(at: Self.t0 + 4 * 3600 + 1, atRiskShare: 0.5) == .atRisk)
    #expect(t.slaState(at: Self.t0 + 4 * 3600, atRiskShare: 0.5) == .onTime)
  }

  /// A task already late when it begins to wait stays late while it waits.
  @Test func aWaitDoesNotHideABreach() {
    var t = task()
    t = apply(t, .wait(.customer), at: SLAPolicy.standard.seconds(.urgent) + 60)
    #expect(t.slaState(at: Self.t0 + 86400, atRiskShare: 0.25) == .breached)
    #expect(t.secondsLeft(at: Self.t0 + 86400) == -60)
  }

  /// Several waits: each stops the clock for as long as it lasts; the due time moves by the sum.
  @Test func pausesAndResumes() {
    var t = task()
    t = apply(t, .start, at: 600)
    #expect(t.status == .inProgress && t.startedAt == Self.t0 + 600 && t.assignee == "amina.n")
    t = apply(t, .wait(.supplier), at: 1800)
    #expect(t.status == .waiting && t.waitingReason == .supplier)
    // While waiting, the time left stays where it was: 5400 s.
    for offset: Int64 in [1800, 3600, 20_000] {
      #expect(t.secondsLeft(at: Self.t0 + offset) == 5400)
      #expect(t.slaState(at: Self.t0 + offset, atRiskShare: 0.25) == .paused)
      #expect(!t.needsEscalation(at: Self.t0 + offset))
    }
    #expect(t.due(at: Self.t0 + 20_000) == Self.t0 + 20_000 + 5400)
    t = apply(t, .resume, at: 5400)  // one hour waited
    #expect(t.status == .inProgress && t.pausedSeconds == 3600 && t.waitingSince == nil && t.waitingReason == nil)
    #expect(t.due(at: Self.t0 + 5400) == Self.t0 + 7200 + 3600)
    t = apply(t, .wait(.customer), at: 6000)
    t = apply(t, .resume, at: 6900)  // 15 minutes more
    #expect(t.pausedSeconds == 4500)
    #expect(t.due(at: Self.t0 + 7000) == Self.t0 + 7200 + 4500)
    #expect(t.secondsLeft(at: Self.t0 + 11_700) == 0 && t.slaState(at: Self.t0 + 11_700, atRiskShare: 0.25) == .atRisk)
    #expect(t.slaState(at: Self.t0 + 11_701, atRiskShare: 0.25) == .breached)
    // Done while waiting: the last wait counts too.
    t = apply(t, .wait(.otherStaff), at: 11_000)
    t = apply(t, .done, at: 12_000)
    #expect(t.status == .done && t.pausedSeconds == 5500 && t.closedAt == Self.t0 + 12_000)
    #expect(t.doneWithinSLA == true, "due at 7200 + 5500 = 12 700")
    #expect(t.secondsLeft(at: Self.t0 + 99_999) == 700, "a closed task's time left is what it had when it closed")
  }

  /// A task never started goes back to open when resumed.
  @Test func resumingReturnsToWhereItWas() {
    var t = apply(task(), .wait(.customer), at: 60)
    t = apply(t, .resume, at: 120)
    #expect(t.status == .open && t.startedAt == nil)
  }

  /// The SLA becomes the new priority's, counted from the creation; pauses still count.
  @Test func priorityChangesMidway() {
    var t = task(.urgent)
    t = apply(t, .wait(.customer), at: 600)
    t = apply(t, .resume, at: 1200)
    t = apply(t, .priority(.low), at: 3 * 3600)
    #expect(t.slaSeconds == 172_800 && t.priority == .low)
    #expect(t.secondsLeft(at: Self.t0 + 3 * 3600) == 172_800 + 600 - 3 * 3600, "45 h 10 min left")
    #expect(t.slaState(at: Self.t0 + 3 * 3600, atRiskShare: 0.25) == .onTime)
    // Back to URGENT at 3 h: already late.
    t = apply(t, .priority(.urgent), at: 3 * 3600)
    #expect(t.secondsLeft(at: Self.t0 + 3 * 3600) == 7200 + 600 - 3 * 3600)
    #expect(t.slaState(at: Self.t0 + 3 * 3600, atRiskShare: 0.25) == .breached)
    // The point's own SLAs apply.
    var custom = SLAPolicy.standard
    custom.set(.high, 3600)
    if case .success(let high) = t.applying(.priority(.high), by: nil, now: Self.t0, policy: custom) {
      #expect(high.slaSeconds == 3600)
    } else {
      Issue.record("refused")
    }
  }

  /// A breach escalated stays escalated; a priority that gives it time again clears the mark, so
  /// a new breach is escalated anew.
  @Test func theEscalationMark() {
    var t = task(.urgent)
    t.breachNotifiedAt = Self.t0 + 7300
    #expect(!t.needsEscalation(at: Self.t0 + 8000))
    let still = apply(t, .priority(.high), at: 7400)
    #expect(still.breachNotifiedAt == nil && still.secondsLeft(at: Self.t0 + 7400) > 0)
    #expect(still.needsEscalation(at: Self.t0 + 28_801))
    let late = apply(t, .assign("brice.k"), at: 7400)
    #expect(late.breachNotifiedAt == Self.t0 + 7300, "other commands keep the mark")
    var urgent = task(.low)
    urgent.breachNotifiedAt = Self.t0
    #expect(apply(urgent, .priority(.urgent), at: 8000).breachNotifiedAt == Self.t0, "still late: the mark stays")
  }

  @Test func refusals() {
    let open = task()
    #expect(refusal(open, .resume) == .notWaiting)
    #expect(refusal(open, .cancel(reason: "  ")) == .reasonMissing)
    #expect(refusal(open, .cancel(reason: String(repeating: "x", count: 201))) == .reasonInvalid)
    #expect(refusal(open, .cancel(reason: "bad\u{7}")) == .reasonInvalid)
    #expect(refusal(open, .assign(nil)) == .alreadyAssigned(nil))
    #expect(refusal(open, .priority(.urgent)) == .samePriority(.urgent))
    let started = apply(open, .start, at: 0)
    #expect(refusal(started, .start) == .alreadyInProgress)
    #expect(refusal(started, .assign("amina.n")) == .alreadyAssigned("amina.n"))
    let waiting = apply(started, .wait(.customer), at: 10)
    #expect(refusal(waiting, .start) == .waitingResumeFirst)
    #expect(refusal(waiting, .wait(.supplier)) == .alreadyWaiting(.customer))
    let done = apply(open, .done, at: 20)
    let cancelled = apply(open, .cancel(reason: "Rain all day"), at: 20)
    #expect(cancelled.cancelReason == "Rain all day" && cancelled.closedAt == Self.t0 + 20)
    for c: TaskCommand in [.start, .wait(.customer), .resume, .done, .cancel(reason: "x"), .assign("x"), .priority(.low)] {
      #expect(refusal(done, c) == .closed(.done))
      #expect(refusal(cancelled, c) == .closed(.cancelled))
    }
    if case .failure(let r) = done.applying(.start, by: nil, now: Self.t0, policy: policy) {
      #expect(r.description == "task 7 is done: a closed task cannot be changed")
    }
  }

  @Test func doneLate() {
    let t = apply(task(.urgent), .done, at: 7201)
    #expect(t.doneWithinSLA == false && t.secondsLeft(at: Self.t0 + 99_999) == -1)
    #expect(apply(task(.urgent), .done, at: 7200).doneWithinSLA == true)
    #expect(apply(task(), .cancel(reason: "x"), at: 1).doneWithinSLA == nil)
  }

  @Test(arguments: [
    ("2h", Int64(7200)), ("90m", 5400), ("1h30m", 5400), ("2d", 172_800), ("120", 7200), (" 45M ", 2700), ("1d2h3m", 93_780),
  ])
  func durations(_ text: String, _ seconds: Int64) {
    #expect(SLAPolicy.duration(text) == .success(seconds))
  }

  @Test(arguments: [
    ("", "is not a duration"), ("h", "is not a duration"), ("2x", "is not a duration"), ("1h30", "ends in a number without a unit"),
    ("0m", "shorter than one minute"), ("91d", "longer than 90 days"), ("99999999999999999999", "is not a duration"),
    ("2 h", "is not a duration"), ("-2h", "is not a duration"), ("٢h", "is not a duration"),
  ])
  func badDurations(_ text: String, _ why: String) {
    guard case .failure(let e) = SLAPolicy.duration(text) else {
      Issue.record("'\(text)' was taken")
      return
    }
    #expect(e.description.contains(why), "\(e)")
  }

  @Test func theFilterSaysWhatTheQuerySays() {
    let now = Self.t0 + 7300
    let late = task()
    let waiting = apply(task(), .wait(.customer), at: 10)
    let done = apply(task(), .done, at: 100)
    var old = apply(task(), .done, at: 100)
    old.closedAt = now + -90_000
    #expect(TaskFilter().admits(done, now: now) && !TaskFilter().admits(old, now: now))
    #expect(TaskFilter(state: .overdue).admits(late, now: now) && !TaskFilter(state: .overdue).admits(waiting, now: now))
    #expect(!TaskFilter(state: .active).admits(done, now: now))
    #expect(TaskFilter(assignee: .nobody).admits(late, now: now))
    #expect(!TaskFilter(assignee: .login("amina.n")).admits(late, now: now) && TaskFilter(assignee: .login("amina.n")).admits(done, now: now))
    #expect(!TaskFilter(type: .cleaning).admits(late, now: now))
  }
}
