import StaffDomain

/// The task board, read-only until the task issue: open tasks by time left (late ones first,
/// with a countdown that goes negative), then those closed in the last day.
public enum TasksPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TaskRecord>()
    public init() {}
  }

  /// Below this share of the SLA left, a task is at risk.
  public static let atRiskShare = 0.25

  static func text(_ t: TaskRecord) -> String {
    [t.title, t.type.rawValue, t.priority.rawValue, t.status.rawValue, t.assignee ?? ""].joined(separator: " ")
  }

  public enum Urgency: Sendable, Equatable { case late, atRisk, onTime, paused, closed }

  public static func urgency(_ t: TaskRecord, now: Timestamp) -> Urgency {
    guard t.isOpen else { return .closed }
    if t.status == .waiting { return .paused }
    let left = t.secondsLeft(at: now)
    if left < 0 { return .late }
    return Double(left) < Double(t.slaSeconds) * atRiskShare ? .atRisk : .onTime
  }

  static func role(_ u: Urgency) -> StyleRole {
    switch u {
    case .late: .overdue
    case .atRisk: .warning
    case .onTime: .normal
    case .paused, .closed: .muted
    }
  }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    state.pane.navigate(action, page: c.page, text) ? PaneOutcome() : .unhandled
  }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    let columns = Columns(columns: [
      .init(title: s[.colLeft], width: 12, right: true), .init(title: s[.colPriority], width: 8),
      .init(title: s[.colType], width: 15), .init(title: s[.colTask], width: nil), .init(title: s[.colAssignee], width: 10),
    ])
    if !state.pane.zoomed {
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s,
        empty: s[.emptyList],
        cells: { t in
          let u = urgency(t, now: c.now)
          let left = t.isOpen ? s.countdown(t.secondsLeft(at: c.now)) : s.name(t.status)
          return [(left, role(u)), (s.name(t.priority), t.priority == .urgent ? .warning : .normal), (s.name(t.type), .normal),
                  (t.title, u == .closed ? .muted : .normal), (t.assignee ?? "-", .muted)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let t = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    let u = urgency(t, now: c.now)
    w.line("#\(t.id)  \(t.title)", .title, screen: &screen)
    w.field(s[.colType], s.name(t.type), screen: &screen)
    w.field(s[.colPriority], s.name(t.priority), screen: &screen)
    var state = s.name(t.status)
    if t.status == .waiting, let reason = t.waitingReason { state += " (" + s(.waitingFor, s.name(reason)) + ")" }
    w.field(s[.colState], state, screen: &screen)
    if t.isOpen {
      let left = s.countdown(t.secondsLeft(at: c.now))
      let tag = u == .late ? s[.late] : u == .atRisk ? s[.atRisk] : ""
      w.field(s[.colLeft], tag.isEmpty ? left : left + "  " + tag, role(u), screen: &screen)
      w.field(s[.due], s.dateTime(t.due(at: c.now)), screen: &screen)
    }
    w.field(s[.colAssignee], t.assignee ?? s[.unassigned], screen: &screen)
    if let order = t.orderID { w.field(s[.orderLabel], String(order), screen: &screen) }
    w.field(s[.created], s.dateTime(t.createdAt), .muted, screen: &screen)
    w.skip()
    w.line(s[.readOnly], .muted, screen: &screen)
  }
}
