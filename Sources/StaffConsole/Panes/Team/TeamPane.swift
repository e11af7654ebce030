import StaffDomain

/// The team, read-only until the staff issue: who is on the roll, their role, today's handovers
/// and their open tasks.
public enum TeamPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TeamMember>()
    public init() {}
  }

  static func text(_ m: TeamMember) -> String { [m.fullName, m.login, m.role.rawValue].joined(separator: " ") }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    state.pane.navigate(action, page: c.page, text) ? PaneOutcome() : .unhandled
  }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    let columns = Columns(columns: [
      .init(title: s[.colName], width: nil), .init(title: s[.colLogin], width: 12), .init(title: s[.colRole], width: 14),
      .init(title: s[.colToday], width: 6, right: true), .init(title: s[.colOpenTasks], width: 15, right: true),
    ])
    if !state.pane.zoomed {
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s,
        empty: s[.emptyList],
        cells: { m in
          [(m.fullName, m.active ? .normal : .muted), (m.login, .muted), (s.name(m.role) + (m.active ? "" : ", " + s[.inactive]), .normal),
           (String(m.handoversToday), .normal), (String(m.openTasks), .normal)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let m = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    w.line(m.fullName + "   " + m.login, .title, screen: &screen)
    w.field(s[.colRole], s.name(m.role) + (m.active ? "" : ", " + s[.inactive]), screen: &screen)
    w.field(s[.colToday], String(m.handoversToday), screen: &screen)
    w.field(s[.colOpenTasks], String(m.openTasks), screen: &screen)
    w.field(s[.colLastHandover], m.lastActivity.map { s.dateTime($0) } ?? s[.none], screen: &screen)
    w.skip()
    w.line(s[.readOnly], .muted, screen: &screen)
  }
}
