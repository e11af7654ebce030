import Foundation
import StaffDomain
import StaffStore

/// The task settings of the config: the SLAs, the at-risk share, the schedules and the
/// escalation command.
public struct TaskSettings: Sendable {
  public var policy: SLAPolicy
  public var schedules: [TaskSchedule]
  /// Run by `/bin/sh -c` with the breached task as JSON on standard input.
  public var escalationCommand: String?
  public var escalationTimeout: Double
  /// Each task type's standard time, for efficiency (config `standard_minutes`).
  public var standards: StandardTimes

  public init(_ settings: Settings) throws {
    policy = try settings.slaPolicy()
    standards = try settings.standardTimes()
    schedules = try settings.schedules()
    (escalationCommand, escalationTimeout) = try settings.escalation()
  }
}

/// The rules and the escalations, as the console, `watch` and `tasks sync` run them.
public enum TaskRules {
  public struct Report {
    public var sync: TaskSync
    public var escalations: [Escalation.Outcome]
  }

  public static func run(_ settings: TaskSettings, database: AppDatabase, now: Timestamp, terminal: String?) throws -> Report {
    let board = TaskBoard(database: database, policy: settings.policy)
    // A claim is taken up again only once the command that took it is surely over (it is
    // stopped after its timeout): a minute more than that.
    let sync = try board.sync(
      now: now, schedules: settings.schedules, escalate: settings.escalationCommand != nil,
      reclaimAfter: Int64(settings.escalationTimeout.rounded(.up)) + 60, terminal: terminal)
    var outcomes: [Escalation.Outcome] = []
    if let command = settings.escalationCommand, !sync.escalate.isEmpty {
      let point = try ConsoleQueries.header(database).code
      for task in sync.escalate {
        var fields = TaskJSON.fields(task, now: now, policy: settings.policy)
        fields.insert(("point", .string(point)), at: 0)
        fields.insert(("event", .string("task.breached")), at: 0)
        let outcome = Escalation.run(command, input: JSON.object(fields).encoded + "\n", task: task, timeout: settings.escalationTimeout)
        if let error = outcome.error {
          try board.escalationFailed(task.id, detail: error, now: now, terminal: terminal)
        } else {
          try board.escalationDone(task.id, now: now)
        }
        outcomes.append(outcome)
      }
    }
    return Report(sync: sync, escalations: outcomes)
  }
}

/// The task rules and escalations in the background, once a minute, for the console and
/// `watch`: apart from their other work, so that an escalation command may take its time
/// without holding up the screen or the camera folder. One pass at a time.
public final class BackgroundRules: @unchecked Sendable {
  private let settings: TaskSettings
  private let database: AppDatabase
  private let terminal: String?
  private let clock: @Sendable () throws -> Timestamp
  private let queue = DispatchQueue(label: "vgk-staff task rules")
  private let lock = NSCondition()
  private var running = false
  private var last = -Double.infinity
  private var problems: [Message] = []

  /// `clock` says what time it is for the database (the program may pin it for training).
  public init(_ settings: TaskSettings, database: AppDatabase, terminal: String?, clock: @escaping @Sendable () throws -> Timestamp) {
    self.clock = clock
    self.settings = settings
    self.database = database
    self.terminal = terminal
  }

  /// A pass now, unless one is running.
  public func run() {
    let start = lock.withLock { () -> Bool in
      guard !running else { return false }
      running = true
      last = ProcessInfo.processInfo.systemUptime
      return true
    }
    guard start else { return }
    queue.async { [self] in
      var found: [Message] = []
      do {
        let report = try TaskRules.run(settings, database: database, now: try clock(), terminal: terminal)
        found = report.escalations.compactMap { e in e.error.map { Message(.escalationFailed, .id(e.task.id), .text($0)) } }
      } catch {
        found = [Message(.taskRulesFailed, .message(said(error)))]
      }
      lock.withLock {
        problems += found
        running = false
        lock.broadcast()
      }
    }
  }

  /// What the passes since the last call reported (an escalation command that failed, the rules
  /// themselves failing), once.
  public func takeProblems() -> [Message] {
    lock.withLock {
      defer { problems.removeAll() }
      return problems
    }
  }

  /// A pass when the last began a minute ago or more.
  public func everyMinute() {
    if ProcessInfo.processInfo.systemUptime - lock.withLock({ last }) >= 60 { run() }
  }

  /// Waits for a pass under way, as long as its escalation command may take.
  public func finish() { wait(seconds: settings.escalationTimeout + 5) }

  /// Waits until no pass is running, at most `seconds`.
  public func wait(seconds: Double) {
    let end = Date().addingTimeInterval(seconds)
    lock.lock()
    defer { lock.unlock() }
    while running && lock.wait(until: end) {}
  }
}

/// Runs the escalation command for one breach.
public enum Escalation {
  public struct Outcome: Sendable {
    public var task: TaskRecord
    /// nil when the command exited 0.
    public var error: String?
  }

  /// `/bin/sh -c COMMAND` with the task as `input`, `VGK_TASK_ID` in its environment (see
  /// `CommandRunner.shell`).
  public static func run(_ command: String, input: String, task: TaskRecord, timeout: Double) -> Outcome {
    Outcome(task: task, error: CommandRunner.shell(command, input: Array(input.utf8), environment: ["VGK_TASK_ID": String(task.id)], timeout: timeout))
  }
}

/// A task as `--json` and the escalation command see it.
public enum TaskJSON {
  public static func fields(_ t: TaskRecord, now: Timestamp, policy: SLAPolicy) -> [(String, JSON)] {
    func time(_ x: Timestamp?) -> JSON { x.map { .string($0.iso8601) } ?? .null }
    func id(_ x: Int64?) -> JSON { x.map { .int($0) } ?? .null }
    return [
      ("id", .int(t.id)), ("type", .string(t.type.rawValue)), ("priority", .string(t.priority.rawValue)),
      ("status", .string(t.status.rawValue)), ("title", .string(t.title)), ("details", .str(t.details)),
      ("assignee", .str(t.assignee)), ("created_at", .string(t.createdAt.iso8601)), ("sla_seconds", .int(t.slaSeconds)),
      ("paused_seconds", .int(t.paused(at: now))), ("due_at", .string(t.due(at: now).iso8601)),
      ("seconds_left", .int(t.secondsLeft(at: now))), ("sla_state", .string(t.slaState(at: now, atRiskShare: policy.atRiskShare).rawValue)),
      ("waiting_reason", .str(t.waitingReason?.rawValue)), ("waiting_since", time(t.waitingSince)),
      ("started_at", time(t.startedAt)), ("closed_at", time(t.closedAt)), ("cancel_reason", .str(t.cancelReason)),
      ("done_within_sla", t.doneWithinSLA.map { .bool($0) } ?? .null),
      ("order_id", id(t.orderID)), ("product_id", id(t.productID)), ("ticket_id", id(t.ticketID)),
      ("transfer_id", id(t.transferID)), ("source", .str(t.sourceKey)), ("breach_notified_at", time(t.breachNotifiedAt)),
    ]
  }
}

