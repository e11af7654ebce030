import StaffDomain
import StaffServices
import StaffStore

/// Tasks as text for the terminal.
enum TaskText {
  static func countdown(_ seconds: Int64) -> String { Durations.countdown(seconds, .en) }

  static func span(_ seconds: Int64) -> String { Durations.span(seconds) }

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
