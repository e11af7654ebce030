import StaffDomain

/// Customer-service tickets, read-only until the ticket issue: open ones newest first, then the
/// closed ones.
public enum TicketsPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TicketRecord>()
    public init() {}
  }

  static func text(_ t: TicketRecord) -> String {
    [String(t.id), t.subject, t.category.rawValue, t.status.rawValue, t.customer, t.assignee ?? ""].joined(separator: " ")
  }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    state.pane.navigate(action, page: c.page, text) ? PaneOutcome() : .unhandled
  }

  static func role(_ t: TicketRecord) -> StyleRole {
    switch t.status {
    case .new: t.priority == .urgent || t.priority == .high ? .warning : .normal
    case .open, .waitingCustomer: .normal
    case .resolved, .closed: .muted
    }
  }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    let columns = Columns(columns: [
      .init(title: s[.colNumber], width: 5, right: true), .init(title: s[.colState], width: 14),
      .init(title: s[.colPriority], width: 8), .init(title: s[.colSubject], width: nil),
      .init(title: s[.colCustomer], width: 12), .init(title: s[.colAge], width: 6, right: true),
    ])
    if !state.pane.zoomed {
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s,
        empty: s[.emptyList],
        cells: { t in
          return [(String(t.id), .muted), (s.name(t.status), role(t)), (s.name(t.priority), t.priority == .urgent ? .warning : .normal),
                  (t.subject, role(t) == .muted ? .muted : .normal), (t.customer, .normal), (s.age(t.createdAt, now: c.now), .muted)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let t = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    w.line("#\(t.id)  \(t.subject)", .title, screen: &screen)
    w.field(s[.colState], s.name(t.status), role(t), screen: &screen)
    w.field(s[.colCategory], s.name(t.category), screen: &screen)
    w.field(s[.colPriority], s.name(t.priority), screen: &screen)
    w.field(s[.colCustomer], t.customer, screen: &screen)
    if let order = t.orderID { w.field(s[.orderLabel], String(order), screen: &screen) }
    w.field(s[.colAssignee], t.assignee ?? s[.unassigned], screen: &screen)
    w.field(s[.colMessages], String(t.messages), screen: &screen)
    w.field(s[.created], s.dateTime(t.createdAt), .muted, screen: &screen)
    w.skip()
    w.line(s[.readOnly], .muted, screen: &screen)
  }
}
