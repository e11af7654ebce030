/// The point's own work: tasks with a service-level time (SLA) that runs from creation, stops
/// while the task waits on someone else, and is reached at the due time
/// `created + SLA + paused time`. Pure: every answer takes `now` as a parameter.

/// How long each priority may take, and when a task counts as at risk. Points set their own in
/// the config (`sla_urgent` … `sla_low`, `sla_at_risk_percent`); the standard is 2 h, 8 h, 24 h, 48 h
/// and 25 %.
public struct SLAPolicy: Sendable, Equatable {
  /// Seconds per priority.
  public var urgent: Int64, high: Int64, medium: Int64, low: Int64
  /// Below this share of its SLA left, an open task is at risk (0 to 1).
  public var atRiskShare: Double

  public init(urgent: Int64, high: Int64, medium: Int64, low: Int64, atRiskShare: Double) {
    self.urgent = urgent
    self.high = high
    self.medium = medium
    self.low = low
    self.atRiskShare = atRiskShare
  }

  public static let standard = SLAPolicy(
    urgent: Priority.urgent.defaultSLA, high: Priority.high.defaultSLA, medium: Priority.medium.defaultSLA,
    low: Priority.low.defaultSLA, atRiskShare: 0.25)

  public func seconds(_ p: Priority) -> Int64 {
    switch p {
    case .urgent: urgent
    case .high: high
    case .medium: medium
    case .low: low
    }
  }

  public mutating func set(_ p: Priority, _ seconds: Int64) {
    switch p {
    case .urgent: urgent = seconds
    case .high: high = seconds
    case .medium: medium = seconds
    case .low: low = seconds
    }
  }

  /// A duration as the config spells it: `90m`, `2h`, `1h30m`, `2d`, or whole minutes (`120`);
  /// from one minute to 90 days.
  public static func duration(_ text: String) -> Result<Int64, FieldError> {
    let t = text.trimmingSpaces.lowercased()
    guard !t.isEmpty, t.utf8.count <= 16 else { return .failure(.init(.durationInvalid, .text(String(text.prefix(20))))) }
    var total: Int64 = 0
    var number: Int64? = nil
    var sawUnit = false
    for c in t {
      if let d = c.wholeNumberValue, c.isASCII {
        number = (number ?? 0) * 10 + Int64(d)
        if (number ?? 0) > 1_000_000 { return .failure(.init(.durationTooBig, .text(t))) }
        continue
      }
      guard let n = number else { return .failure(.init(.durationInvalid, .text(t))) }
      switch c {
      case "d": total += n * 86400
      case "h": total += n * 3600
      case "m": total += n * 60
      default: return .failure(.init(.durationInvalid, .text(t)))
      }
      number = nil
      sawUnit = true
    }
    if let n = number {
      guard !sawUnit else { return .failure(.init(.durationNoUnit, .text(t))) }
      total += n * 60
    }
    guard total >= 60 else { return .failure(.init(.durationUnderMinute, .text(t))) }
    guard total <= 90 * 86400 else { return .failure(.init(.durationOver90Days, .text(t))) }
    return .success(total)
  }
}

/// Where a task stands against its SLA at a moment.
public enum SLAState: String, Sendable, Equatable, CaseIterable {
  /// Open, with at least the at-risk share of its SLA left.
  case onTime = "on_time"
  /// Open, less than the at-risk share left (still due, up to the due second itself).
  case atRisk = "at_risk"
  /// Open and past its due time.
  case breached
  /// Waiting: the clock is stopped.
  case paused
  /// Done or cancelled.
  case closed
}

/// One task as the board, the command line and the rules see it.
public struct TaskRecord: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var type: TaskType
  public var priority: Priority
  public var status: TaskStatus
  public var title: String
  public var details: String?
  /// The assignee's login.
  public var assignee: String?
  public var createdAt: Timestamp
  public var slaSeconds: Int64
  /// Time spent waiting before the current wait (the SLA clock stops while waiting).
  public var pausedSeconds: Int64
  public var waitingSince: Timestamp?
  public var waitingReason: WaitingReason?
  public var startedAt: Timestamp?
  public var closedAt: Timestamp?
  public var cancelReason: String?
  public var orderID: Int64?
  public var productID: Int64?
  public var ticketID: Int64?
  public var transferID: Int64?
  /// The event or schedule that made it (`order-pickup:1042`), nil for a task made by hand.
  public var sourceKey: String?
  /// When its breach was escalated (once per breach).
  public var breachNotifiedAt: Timestamp?
  /// The title and details of a task the program made, as messages put into words in the
  /// reader's language; nil for a task typed by a person (its title stays as typed).
  public var titleMessage: Message?
  public var detailsMessage: Message?

  public init(
    id: Int64, type: TaskType, priority: Priority, status: TaskStatus, title: String, details: String? = nil,
    assignee: String?, createdAt: Timestamp, slaSeconds: Int64, pausedSeconds: Int64 = 0, waitingSince: Timestamp? = nil,
    waitingReason: WaitingReason? = nil, startedAt: Timestamp? = nil, closedAt: Timestamp? = nil, cancelReason: String? = nil,
    orderID: Int64? = nil, productID: Int64? = nil, ticketID: Int64? = nil, transferID: Int64? = nil, sourceKey: String? = nil,
    breachNotifiedAt: Timestamp? = nil, titleMessage: Message? = nil, detailsMessage: Message? = nil
  ) {
    self.titleMessage = titleMessage
    self.detailsMessage = detailsMessage
    self.id = id
    self.type = type
    self.priority = priority
    self.status = status
    self.title = title
    self.details = details
    self.assignee = assignee
    self.createdAt = createdAt
    self.slaSeconds = slaSeconds
    self.pausedSeconds = pausedSeconds
    self.waitingSince = waitingSince
    self.waitingReason = waitingReason
    self.startedAt = startedAt
    self.closedAt = closedAt
    self.cancelReason = cancelReason
    self.orderID = orderID
    self.productID = productID
    self.ticketID = ticketID
    self.transferID = transferID
    self.sourceKey = sourceKey
    self.breachNotifiedAt = breachNotifiedAt
  }

  public var isOpen: Bool { status == .open || status == .inProgress || status == .waiting }

  /// The title as `language` reads it: the message of a task the program made, else the title as
  /// typed (or as stored by a version that kept no message, or one whose code this build does not
  /// know: its English words are better than a code).
  public func title(_ language: Language) -> String { Self.words(titleMessage, language) ?? title }

  /// The details as `language` reads them, the same way.
  public func details(_ language: Language) -> String? { Self.words(detailsMessage, language) ?? details }

  static func words(_ m: Message?, _ language: Language) -> String? {
    guard let m, m.isTranslated else { return nil }
    return m.text(language)
  }

  /// Time paused by `now`: the finished waits and the current one.
  public func paused(at now: Timestamp) -> Int64 {
    let current = status == .waiting ? max(0, now - (waitingSince ?? now)) : 0
    return pausedSeconds + current
  }

  /// When the SLA runs out, seen at `now`: created + SLA + paused time (a waiting task's due time
  /// moves on with the clock, since its clock is stopped). A closed task's due time is the one it
  /// had when it closed.
  public func due(at now: Timestamp) -> Timestamp { createdAt + slaSeconds + paused(at: now) }

  /// Seconds left on the SLA at `now`; negative when late. A waiting task's stays as it was when
  /// it began to wait; a closed task's is what was left when it closed.
  public func secondsLeft(at now: Timestamp) -> Int64 {
    let at = isOpen ? now : (closedAt ?? now)
    return due(at: at) - at
  }

  /// On time, at risk (less than `atRiskShare` of the SLA left, up to the due second itself),
  /// breached (past due, waiting or not), paused (waiting, not late) or closed.
  public func slaState(at now: Timestamp, atRiskShare: Double) -> SLAState {
    guard isOpen else { return .closed }
    // A wait stops the clock, but a task already late when it began to wait stays late.
    if status == .waiting { return secondsLeft(at: now) < 0 ? .breached : .paused }
    let left = secondsLeft(at: now)
    if left < 0 { return .breached }
    return Double(left) < Double(slaSeconds) * atRiskShare ? .atRisk : .onTime
  }

  /// For a closed task: whether it was done within its SLA (nil while open or when cancelled).
  public var doneWithinSLA: Bool? {
    guard status == .done, let closedAt else { return nil }
    return closedAt <= due(at: closedAt)
  }

  /// Its breach should be escalated: open (not waiting), past due, not escalated yet.
  public func needsEscalation(at now: Timestamp) -> Bool {
    (status == .open || status == .inProgress) && breachNotifiedAt == nil && secondsLeft(at: now) < 0
  }
}

/// What a person does to a task.
public enum TaskCommand: Sendable, Equatable {
  case start
  case wait(WaitingReason)
  case resume
  case done
  case cancel(reason: String)
  /// To a login, or nobody.
  case assign(String?)
  case priority(Priority)

  /// The name the audit log and the command line use.
  public var name: String {
    switch self {
    case .start: "start"
    case .wait: "wait"
    case .resume: "resume"
    case .done: "done"
    case .cancel: "cancel"
    case .assign: "assign"
    case .priority: "priority"
    }
  }
}

/// Why a command does not apply to a task: what the console translates, and the reason in
/// English for the command line.
public struct TaskRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    case noSuchTask
    case closed(TaskStatus)
    case alreadyInProgress
    case waitingResumeFirst
    case alreadyWaiting(WaitingReason?)
    case notWaiting
    case reasonMissing
    case reasonInvalid
    case alreadyAssigned(String?)
    case samePriority(Priority)
  }

  public var task: Int64
  public var kind: Kind
  public var reason: Message

  public init(task: Int64, _ kind: Kind, _ reason: Message) {
    self.task = task
    self.kind = kind
    self.reason = reason
  }

  public var description: String { reason.description }
}

extension TaskRecord {
  /// The task after `command` by `actor` (a login) at `now`, or why not. Starting a task nobody
  /// has gives it to the one who starts it; waiting stops the SLA clock and resuming adds the wait
  /// to the paused time (and returns the task to where it was: in progress if it had been
  /// started); a new priority takes that priority's SLA under `policy`, counted from creation as
  /// before, and a task it brings back within its SLA may be escalated again when it breaches anew.
  public func applying(_ command: TaskCommand, by actor: String?, now: Timestamp, policy: SLAPolicy) -> Result<TaskRecord, TaskRefusal> {
    let task = MessageArg.id(id)
    guard isOpen else {
      return .failure(TaskRefusal(task: id, .closed(status), Message(.taskClosed, task, .word(.taskStatus, status.rawValue))))
    }
    var t = self
    switch command {
    case .start:
      switch status {
      case .inProgress: return .failure(TaskRefusal(task: id, .alreadyInProgress, Message(.taskAlreadyInProgress, task)))
      case .waiting: return .failure(TaskRefusal(task: id, .waitingResumeFirst, Message(.taskWaitingResume, task)))
      default: break
      }
      t.status = .inProgress
      t.startedAt = startedAt ?? now
      t.assignee = assignee ?? actor
    case .wait(let reason):
      guard status != .waiting else {
        return .failure(
          TaskRefusal(task: id, .alreadyWaiting(waitingReason), waitingReason.map { Message(.taskAlreadyWaiting, task, .word(.waitingReason, $0.rawValue)) } ?? Message(.taskAlreadyWaitingNoReason, task)))
      }
      t.status = .waiting
      t.waitingSince = now
      t.waitingReason = reason
    case .resume:
      guard status == .waiting else { return .failure(TaskRefusal(task: id, .notWaiting, Message(.taskNotWaiting, task))) }
      t.pausedSeconds = paused(at: now)
      t.waitingSince = nil
      t.waitingReason = nil
      t.status = startedAt == nil ? .open : .inProgress
    case .done:
      t.pausedSeconds = paused(at: now)
      t.waitingSince = nil
      t.waitingReason = nil
      t.status = .done
      t.startedAt = startedAt ?? now
      t.closedAt = now
      t.assignee = assignee ?? actor
    case .cancel(let reason):
      let why: String
      switch Identifier.text(reason, max: 200) {
      case .success(let r): why = r
      case .failure(let e):
        return e.reason.code == .fieldEmpty
          ? .failure(TaskRefusal(task: id, .reasonMissing, Message(.taskCancelNeedsReason, task)))
          : .failure(TaskRefusal(task: id, .reasonInvalid, Message(.taskCancelReasonBad, task, .message(e.reason))))
      }
      t.pausedSeconds = paused(at: now)
      t.waitingSince = nil
      t.waitingReason = nil
      t.status = .cancelled
      t.closedAt = now
      t.cancelReason = why
    case .assign(let login):
      guard login != assignee else {
        return .failure(
          TaskRefusal(task: id, .alreadyAssigned(login), login.map { Message(.taskAlreadyAssigned, task, .text($0)) } ?? Message(.taskNoAssignee, task)))
      }
      t.assignee = login
    case .priority(let p):
      guard p != priority else { return .failure(TaskRefusal(task: id, .samePriority(p), Message(.taskSamePriority, task, .word(.priority, p.rawValue)))) }
      t.priority = p
      t.slaSeconds = policy.seconds(p)
      if t.secondsLeft(at: now) >= 0 { t.breachNotifiedAt = nil }
    }
    return .success(t)
  }
}

/// A task to create, by hand or by a rule.
public struct NewTask: Sendable, Equatable {
  public var type: TaskType
  public var priority: Priority
  public var title: String
  public var details: String?
  public var assignee: String?
  public var status: TaskStatus = .open
  public var waitingReason: WaitingReason?
  public var orderID: Int64?
  public var productID: Int64?
  public var ticketID: Int64?
  public var transferID: Int64?
  public var sourceKey: String?
  /// When the SLA clock starts (default: when it is written).
  public var createdAt: Timestamp?
  /// The title and details as messages, for a task the program makes (`title` and `details` then
  /// hold their English words, for readers that keep to the text).
  public var titleMessage: Message?
  public var detailsMessage: Message?

  public init(
    type: TaskType, priority: Priority, title: String, details: String? = nil, assignee: String? = nil, orderID: Int64? = nil,
    productID: Int64? = nil, ticketID: Int64? = nil, transferID: Int64? = nil, sourceKey: String? = nil, createdAt: Timestamp? = nil
  ) {
    self.type = type
    self.priority = priority
    self.title = title
    self.details = details
    self.assignee = assignee
    self.orderID = orderID
    self.productID = productID
    self.ticketID = ticketID
    self.transferID = transferID
    self.sourceKey = sourceKey
    self.createdAt = createdAt
  }

  /// A task the program makes: its title and details as messages, and their English words in
  /// `title` and `details`.
  public init(
    type: TaskType, priority: Priority, title: Message, details: Message? = nil, orderID: Int64? = nil, productID: Int64? = nil,
    ticketID: Int64? = nil, transferID: Int64? = nil, sourceKey: String? = nil, createdAt: Timestamp? = nil
  ) {
    self.init(
      type: type, priority: priority, title: title.text(.en), details: details?.text(.en), orderID: orderID, productID: productID,
      ticketID: ticketID, transferID: transferID, sourceKey: sourceKey, createdAt: createdAt)
    self.titleMessage = title
    self.detailsMessage = details
  }

  /// The title checked: 1 to 120 characters, no control characters.
  public static func title(_ text: String) -> Result<String, FieldError> {
    Identifier.text(text, max: 120).mapError { FieldError(.titleProblem, .message($0.reason)) }
  }
}

/// Which tasks a list shows.
public struct TaskFilter: Sendable, Equatable {
  public enum State: Sendable, Equatable {
    /// Open, in progress and waiting, then those closed in the last 24 hours (the console's board).
    case board
    /// Open, in progress and waiting.
    case active
    case status(TaskStatus)
    /// Open or in progress and past due.
    case overdue
  }

  public enum Assignee: Sendable, Equatable {
    case anyone
    case nobody
    case login(String)
  }

  public var state: State
  public var type: TaskType?
  public var assignee: Assignee

  public init(state: State = .board, type: TaskType? = nil, assignee: Assignee = .anyone) {
    self.state = state
    self.type = type
    self.assignee = assignee
  }

  /// Whether the filter lets `task` through at `now` (the store's query says the same in SQL).
  public func admits(_ task: TaskRecord, now: Timestamp) -> Bool {
    if let type, task.type != type { return false }
    switch assignee {
    case .anyone: break
    case .nobody: if task.assignee != nil { return false }
    case .login(let l): if task.assignee != l { return false }
    }
    switch state {
    case .board: return task.isOpen || (task.closedAt.map { now - $0 <= 86400 } ?? false)
    case .active: return task.isOpen
    case .status(let s): return task.status == s
    case .overdue: return (task.status == .open || task.status == .inProgress) && task.secondsLeft(at: now) < 0
    }
  }
}

/// A page of the board: the rows and how many the filter matches in all.
public struct TaskPage: Sendable, Equatable {
  public var tasks: [TaskRecord]
  public var total: Int
  public init(tasks: [TaskRecord], total: Int) {
    self.tasks = tasks
    self.total = total
  }
}
