import StaffDomain

/// The team: who is on the roll, today's handovers, and each one's figures over the last 14 days
/// (efficiency, punctuality, inventory accuracy, rating) with efficiency day by day as a sparkline.
public enum TeamPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TeamMember>()
    public init() {}
  }

  static func text(_ m: TeamMember) -> String { [m.fullName, m.login, m.role.rawValue].joined(separator: " ") }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    state.pane.navigate(action, page: c.page, text) ? PaneOutcome() : .unhandled
  }

  /// `85 %`, or `-`.
  static func percent(_ x: Double?) -> String { x.map { "\(Int(($0 * 100).rounded())) %" } ?? "-" }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    let columns = Columns(columns: [
      .init(title: s[.colName], width: nil), .init(title: s[.colToday], width: 5, right: true),
      .init(title: s[.colEfficiency], width: 5, right: true), .init(title: s[.colPunctuality], width: 7, right: true),
      .init(title: s[.colAccuracy], width: 7, right: true), .init(title: s[.colRating], width: 4, right: true),
      .init(title: s[.colTrend], width: 14),
    ])
    if !state.pane.zoomed {
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s,
        empty: s[.emptyList],
        cells: { m in
          let p = m.performance
          return [
            (m.fullName, m.active ? .normal : .muted), (String(m.handoversToday), .normal),
            (p?.efficiency.map { String(format: "%.2f", $0) } ?? "-", .normal), (percent(p?.punctuality), .normal),
            (percent(p?.inventoryAccuracy), .normal), (p?.rating.map { String(format: "%.1f", $0) } ?? "-", .normal),
            (Sparkline.draw(m.trend), .ok),
          ]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let m = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    w.line(m.fullName + "   " + m.login, .title, screen: &screen)
    w.field(s[.colRole], s.name(m.role) + (m.active ? "" : ", " + s[.inactive]), screen: &screen)
    w.line(s[.last14Days], .muted, screen: &screen)
    let p = m.performance
    w.field(s[.colEfficiency], (p?.efficiency.map { String(format: "%.2f", $0) } ?? "-")
      + (p.map { "  (" + s(.workOverWorked, String(Int($0.workMinutes.rounded())), String(Int($0.workedMinutes.rounded()))) + ")" } ?? ""), screen: &screen)
    w.field(s[.colPunctuality], percent(p?.punctuality), screen: &screen)
    w.field(s[.colAccuracy], percent(p?.inventoryAccuracy), screen: &screen)
    w.field(s[.colRating], p?.rating.map { String(format: "%.1f / 5", $0) } ?? "-", screen: &screen)
    w.field(s[.handoversLabel], String(p?.handovers ?? 0) + (p?.medianScanToHandover.map { "  (" + s(.medianScanToHandover, String($0)) + ")" } ?? ""), screen: &screen)
    w.field(s[.colTrend], Sparkline.draw(m.trend), .ok, screen: &screen)
    w.skip()
    w.field(s[.colToday], String(m.handoversToday), screen: &screen)
    w.field(s[.colOpenTasks], String(m.openTasks), screen: &screen)
    w.field(s[.colLastHandover], m.lastActivity.map { s.dateTime($0) } ?? s[.none], screen: &screen)
  }
}
