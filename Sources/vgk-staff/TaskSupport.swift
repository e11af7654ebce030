import CProcess
import Foundation
import StaffDomain
import StaffScan
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// The task settings of the config: the SLAs, the at-risk share, the schedules and the
/// escalation command.
struct TaskSettings {
  var policy: SLAPolicy
  var schedules: [TaskSchedule]
  /// Run by `/bin/sh -c` with the breached task as JSON on standard input.
  var escalationCommand: String?
  var escalationTimeout: Double
  /// Each task type's standard time, for efficiency (config `standard_minutes`).
  var standards: StandardTimes

  init(_ env: Environment) throws {
    policy = try env.slaPolicy()
    standards = try env.standardTimes()
    switch ConfigFile.schedules(env.config) {
    case .success(let s): schedules = s
    case .failure(let e): throw StoreError.invalid(.configProblem, .message(e.reason))
    }
    escalationCommand = env.config["escalation_command"]
    escalationTimeout = Double(try env.configInt("escalation_timeout_seconds", 1...600) ?? 30)
  }
}

extension Environment {
  /// `standard_minutes`: `TYPE=MINUTES` pairs (the others keep their standard).
  func standardTimes() throws -> StandardTimes {
    guard let text = config["standard_minutes"] else { return .standard }
    switch StandardTimes.parse(text) {
    case .success(let s): return s
    case .failure(let e): throw StoreError.invalid(.configProblem, .message(Message(.prefixed, .text("standard_minutes"), .message(e.reason))))
    }
  }

  /// `sla_urgent`, `sla_high`, `sla_medium`, `sla_low` (durations such as `2h`, `90m`, `1d`) and
  /// `sla_at_risk_percent` (1 to 99, default 25).
  func slaPolicy() throws -> SLAPolicy {
    var policy = SLAPolicy.standard
    for p in Priority.allCases {
      let key = "sla_" + p.rawValue.lowercased()
      guard let text = config[key] else { continue }
      switch SLAPolicy.duration(text) {
      case .success(let seconds): policy.set(p, seconds)
      case .failure(let e): throw StoreError.invalid(.configProblem, .message(Message(.prefixed, .text(key), .message(e.reason))))
      }
    }
    if let percent = try configInt("sla_at_risk_percent", 1...99) { policy.atRiskShare = Double(percent) / 100 }
    return policy
  }
}

/// The rules and the escalations, as the console, `watch` and `tasks sync` run them.
enum TaskRules {
  struct Report {
    var sync: TaskSync
    var escalations: [Escalation.Outcome]
  }

  static func run(_ settings: TaskSettings, database: AppDatabase, now: Timestamp, terminal: String?) throws -> Report {
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
final class BackgroundRules: @unchecked Sendable {
  private let settings: TaskSettings
  private let database: AppDatabase
  private let terminal: String?
  private let queue = DispatchQueue(label: "vgk-staff task rules")
  private let lock = NSLock()
  private var running = false
  private var last = -Double.infinity
  private var problems: [Message] = []

  init(_ settings: TaskSettings, database: AppDatabase, terminal: String?) {
    self.settings = settings
    self.database = database
    self.terminal = terminal
  }

  /// A pass now, unless one is running.
  func run() {
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
        let report = try TaskRules.run(settings, database: database, now: try currentTime(database), terminal: terminal)
        found = report.escalations.compactMap { e in e.error.map { Message(.escalationFailed, .id(e.task.id), .text($0)) } }
      } catch {
        found = [Message(.taskRulesFailed, .message(said(error)))]
      }
      lock.withLock {
        problems += found
        running = false
      }
    }
  }

  /// What the passes since the last call reported (an escalation command that failed, the rules
  /// themselves failing), once.
  func takeProblems() -> [Message] {
    lock.withLock {
      defer { problems.removeAll() }
      return problems
    }
  }

  /// A pass when the last began a minute ago or more.
  func everyMinute() {
    if ProcessInfo.processInfo.systemUptime - lock.withLock({ last }) >= 60 { run() }
  }

  /// Waits for a pass under way, as long as its escalation command may take.
  func finish() { wait(seconds: settings.escalationTimeout + 5) }

  /// Waits until no pass is running, at most `seconds`.
  func wait(seconds: Double) {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end && lock.withLock({ running }) { usleep(5_000) }
  }
}

/// Runs the escalation command for one breach.
enum Escalation {
  struct Outcome {
    var task: TaskRecord
    /// nil when the command exited 0.
    var error: String?
  }

  /// `/bin/sh -c COMMAND` with the task as `input`, `VGK_TASK_ID` in its environment (see
  /// `ShellCommand.run`).
  static func run(_ command: String, input: String, task: TaskRecord, timeout: Double) -> Outcome {
    Outcome(task: task, error: ShellCommand.run(command, input: Array(input.utf8), environment: ["VGK_TASK_ID": String(task.id)], timeout: timeout))
  }
}

/// A configured command (the escalation, a printer's `lp -d NAME`).
enum ShellCommand {
  /// `/bin/sh -c COMMAND` with `input` on standard input, `environment` added to ours, no other
  /// descriptor of ours (the database, the terminal), standard output discarded; stopped after
  /// `timeout` seconds. Nil when it exited 0; else the error, naming the exit status and the
  /// first line it wrote on standard error.
  static func run(_ command: String, input: [UInt8], environment extra: [String: String] = [:], timeout: Double) -> String? {
    let stdin = vgk_memfd("vgk-command-in")
    let stderr = vgk_memfd("vgk-command-err")
    guard stdin >= 0, stderr >= 0 else { return "cannot make the command's input (\(String(cString: strerror(errno))))" }
    defer {
      close(stdin)
      close(stderr)
    }
    guard FileOutput.writeAll(stdin, input), lseek(stdin, 0, SEEK_SET) == 0 else {
      return "cannot write the command's input (\(String(cString: strerror(errno))))"
    }
    let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    let argv = ["/bin/sh", "-c", command]
    let envp = environment.map { "\($0.key)=\($0.value)" }
    var limits = vgk_limits(cpu_seconds: 0, address_space: 0, file_size: UInt64.max >> 1, open_files: 256)
    let pid = withCStrings(argv) { a in withCStrings(envp) { e in vgk_spawn_limited("/bin/sh", a, e, stdin, -1, stderr, &limits) } }
    guard pid > 0 else { return "cannot start /bin/sh (\(String(cString: strerror(errno))))" }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while true {
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid { break }
      if r < 0 && errno == EINTR { continue }
      if r < 0 { return "lost the command (\(String(cString: strerror(errno))))" }
      if Date() >= deadline {
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return "did not finish within \(Int(timeout)) s (stopped)"
      }
      usleep(5_000)
    }
    let signal = status & 0x7F
    let code = (status >> 8) & 0xFF
    if signal == 0 && code == 0 { return nil }
    lseek(stderr, 0, SEEK_SET)
    var buffer = [UInt8](repeating: 0, count: 512)
    let n = read(stderr, &buffer, buffer.count)
    let said = n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "" : ""
    let what = signal == 0 ? "exit status \(code)" : "stopped by signal \(signal)"
    return said.isEmpty ? what : "\(what): \(said)"
  }
}

/// A task as `--json` and the escalation command see it.
enum TaskJSON {
  static func fields(_ t: TaskRecord, now: Timestamp, policy: SLAPolicy) -> [(String, JSON)] {
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

/// Tasks as text for the terminal.
enum TaskText {
  /// `1 h 12 min`, `-0 h 05 min` when late, `2 d 4 h` beyond a day (as the console shows it).
  static func countdown(_ seconds: Int64) -> String {
    let late = seconds < 0
    let minutes = late ? (-seconds + 59) / 60 : seconds / 60
    let sign = late ? "-" : ""
    if minutes >= 24 * 60 { return "\(sign)\(minutes / 1440) d \(minutes % 1440 / 60) h" }
    let m = minutes % 60
    return "\(sign)\(minutes / 60) h \(m < 10 ? "0" : "")\(m) min"
  }

  /// `2 h`, `1 h 30 min`, `45 min`.
  static func span(_ seconds: Int64) -> String {
    let minutes = seconds / 60
    let h = minutes / 60, m = minutes % 60
    return m == 0 ? "\(h) h" : h == 0 ? "\(m) min" : "\(h) h \(m) min"
  }

  static func left(_ t: TaskRecord, now: Timestamp, policy: SLAPolicy) -> String {
    switch t.slaState(at: now, atRiskShare: policy.atRiskShare) {
    case .breached: countdown(t.secondsLeft(at: now)) + " late"
    case .atRisk: countdown(t.secondsLeft(at: now)) + " at risk"
    case .onTime: countdown(t.secondsLeft(at: now))
    case .paused: countdown(t.secondsLeft(at: now)) + " paused"
    case .closed: t.doneWithinSLA.map { $0 ? "within SLA" : "late by " + span(-t.secondsLeft(at: now)) } ?? "-"
    }
  }

  static func table(_ tasks: [TaskRecord], now: Timestamp, policy: SLAPolicy, language: Language = .en) -> String {
    var rows = [["ID", "LEFT", "STATE", "PRIORITY", "TYPE", "ASSIGNEE", "TITLE"]]
    for t in tasks {
      rows.append([
        String(t.id), left(t, now: now, policy: policy), t.status.rawValue, t.priority.rawValue, t.type.rawValue, t.assignee ?? "-",
        t.title(language),
      ])
    }
    var widths = [Int](repeating: 0, count: 6)
    for r in rows { for i in 0..<6 { widths[i] = max(widths[i], r[i].count) } }
    return rows.map { r in
      (0..<6).map { i in r[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + r[6]
    }.joined(separator: "\n")
  }

  static func detail(_ t: TaskRecord, now: Timestamp, policy: SLAPolicy, language: Language = .en) -> String {
    var lines = ["Task \(t.id): \(t.title(language))"]
    func add(_ label: String, _ value: String?) {
      if let value { lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
    }
    add("Type", t.type.rawValue)
    add("Priority", "\(t.priority.rawValue) (SLA \(span(t.slaSeconds)))")
    add("State", t.status.rawValue + (t.waitingReason.map { " (waiting for \($0.rawValue) since \(t.waitingSince?.douala ?? "?"))" } ?? ""))
    add("Left", left(t, now: now, policy: policy))
    add("Due", t.isOpen ? t.due(at: now).douala : nil)
    add("Assignee", t.assignee ?? "nobody")
    add("Order", t.orderID.map(String.init))
    add("Product", t.productID.map(String.init))
    add("Ticket", t.ticketID.map(String.init))
    add("Transfer", t.transferID.map(String.init))
    add("Created", t.createdAt.douala)
    add("Started", t.startedAt?.douala)
    add("Closed", t.closedAt?.douala)
    add("Reason", t.cancelReason)
    add("Paused", t.paused(at: now) > 0 ? span(t.paused(at: now)) : nil)
    add("Made by", t.sourceKey ?? "hand")
    add("Escalated", t.breachNotifiedAt?.douala)
    if let d = t.details(language) { lines.append(""); lines.append(d) }
    return lines.joined(separator: "\n")
  }

  static func changed(_ t: TaskRecord, _ command: TaskCommand, now: Timestamp, policy: SLAPolicy) -> String {
    let id = "Task \(t.id)"
    switch command {
    case .start: return "\(id) started by \(t.assignee ?? "-"); \(left(t, now: now, policy: policy)) left."
    case .wait(let r): return "\(id) waits for the \(r.rawValue.replacingOccurrences(of: "_", with: " ")): its SLA clock has stopped."
    case .resume: return "\(id) resumed: due \(t.due(at: now).douala) (\(span(t.pausedSeconds)) paused in all)."
    case .done: return "\(id) done" + (t.doneWithinSLA == false ? ", late by \(span(-t.secondsLeft(at: now)))." : ", within its SLA.")
    case .cancel(let reason): return "\(id) cancelled: \(reason)"
    case .assign(let who?): return "\(id) is now \(who)'s."
    case .assign(nil): return "\(id) is nobody's now."
    case .priority(let p): return "\(id) is now \(p.rawValue): SLA \(span(t.slaSeconds)), due \(t.due(at: now).douala)."
    }
  }
}
