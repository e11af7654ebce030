import StaffDomain

extension TasksPane {
  /// The filters and the count on the first line, the board below, and the selected task's
  /// detail (or the question under way).
  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    if !state.pane.zoomed && list.height > 1 {
      let shown = state.pane.visible(text).count
      let line = filterLine(state, strings: s) + "   " + s(.filterShowing, .count(Int64(shown)), .count(Int64(state.total)))
      screen.put(line.clipped(to: list.width - 1), row: list.row, column: list.column + 1, role: .muted)
      let table = Area(row: list.row + 1, column: list.column, width: list.width, height: list.height - 1)
      let columns = Columns(columns: [
        .init(title: s[.colLeft], width: 12, right: true), .init(title: s[.colState], width: 11),
        .init(title: s[.colPriority], width: 8), .init(title: s[.colType], width: 13), .init(title: s[.colTask], width: nil),
        .init(title: s[.colAssignee], width: 10),
      ])
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: table, screen: &screen, strings: s,
        empty: state.filter == TaskFilter() ? s[.emptyList] : s(.noMatchFilters, escKey(c)),
        cells: { t in
          let sla = t.slaState(at: c.now, atRiskShare: state.policy.atRiskShare)
          let left = t.isOpen ? s.countdown(t.secondsLeft(at: c.now)) : t.closedAt.map { s.shortWhen($0, now: c.now) } ?? ""
          return [
            (left, role(sla)), (s.name(t.status), t.status == .inProgress ? .normal : .muted),
            (s.name(t.priority), t.priority == .urgent && t.isOpen ? .warning : .normal), (s.name(t.type), .normal),
            (t.title(s.language), t.isOpen ? .normal : .muted), (t.assignee ?? "-", .muted),
          ]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    var w = DetailWriter(detail)
    switch state.prompt {
    case .newType(let index)?:
      picker(s[.chooseType], TaskType.allCases.map(s.name), index, writer: &w, screen: &screen, strings: s)
      return
    case .newPriority(let type, let index)?:
      w.line(s.name(type), .title, screen: &screen)
      picker(s[.chooseNewTaskPriority], priorities(s, state), index, writer: &w, screen: &screen, strings: s)
      return
    case .newTitle(let type, let priority, _)?:
      w.line(s.name(type) + " · " + s.name(priority), .title, screen: &screen)
      return
    default:
      break
    }
    guard let t = state.pane.selectedItem else { return }
    detailView(t, state: state, writer: &w, screen: &screen, context: c)
  }

  /// `all types · everyone · open + closed today`.
  static func filterLine(_ state: State, strings s: Strings) -> String {
    let type = state.filter.type.map(s.name) ?? s[.allTypes]
    let who: String
    switch state.filter.assignee {
    case .anyone: who = s[.everyone]
    case .nobody: who = s[.nobodys]
    case .login(let l): who = s[.mine] + " (" + l + ")"
    }
    let what: String
    switch state.filter.state {
    case .board: what = s[.stateBoard]
    case .active: what = s[.stateActive]
    case .status(let st): what = s.name(st)
    case .overdue: what = s[.stateOverdue]
    }
    return s(.taskFilters, type, who, what)
  }

  /// Each priority with its SLA under the point's policy: `urgent (2 h)`.
  static func priorities(_ s: Strings, _ state: State) -> [String] {
    Priority.allCases.map { s.name($0) + " (" + span(state.policy.seconds($0)) + ")" }
  }

  /// An SLA's length: `2 h`, `1 h 30 min`, `45 min`.
  static func span(_ seconds: Int64) -> String { Durations.span(seconds) }

  static func picker(_ question: String, _ options: [String], _ index: Int, writer w: inout DetailWriter, screen: inout Screen, strings s: Strings) {
    w.line(question, .warning, screen: &screen)
    for (i, option) in options.enumerated() {
      w.line("  \(i + 1)  \(option)", i == index ? .selected : .normal, screen: &screen)
    }
    w.line(s(.chooseHint, String(options.count)), .muted, screen: &screen)
  }

  static func detailView(_ t: TaskRecord, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    let sla = t.slaState(at: c.now, atRiskShare: state.policy.atRiskShare)
    w.line("#\(t.id)  \(t.title(s.language))", .title, screen: &screen)
    // A question comes first, under the title: the detail may be short (80 x 24).
    if let p = state.prompt, p.task == t.id, TasksPane.field(state) == nil {
      prompt(t, state: state, writer: &w, screen: &screen, context: c)
      w.skip()
    }
    w.field(s[.colType], s.name(t.type), screen: &screen)
    w.field(s[.colPriority], s.name(t.priority) + "  (" + s[.slaLabel] + " " + span(t.slaSeconds) + ")", screen: &screen)
    var status = s.name(t.status)
    if t.status == .waiting, let reason = t.waitingReason {
      status += " (" + s(.waitingFor, s.name(reason)) + ", " + s(.pausedSince, t.waitingSince.map { s.when($0, now: c.now) } ?? "?") + ")"
    }
    if t.status == .cancelled, let why = t.cancelReason { status += s.language == .fr ? "\u{00A0}: " : ": "; status += TaskTitle.reason(why, s.language) }
    w.field(s[.colState], status, t.status == .cancelled ? .warning : .normal, screen: &screen)
    let left = s.countdown(t.secondsLeft(at: c.now))
    switch sla {
    case .breached: w.field(s[.colLeft], left + "  " + s[.late], .overdue, screen: &screen)
    case .atRisk: w.field(s[.colLeft], left + "  " + s[.atRisk], .warning, screen: &screen)
    case .onTime: w.field(s[.colLeft], left + "  " + s[.onTime], .ok, screen: &screen)
    case .paused: w.field(s[.colLeft], left, .muted, screen: &screen)
    case .closed:
      if let onTime = t.doneWithinSLA {
        w.field(s[.colLeft], onTime ? s[.doneOnTime] : s(.doneLate, s.countdown(-t.secondsLeft(at: c.now))), onTime ? .ok : .overdue, screen: &screen)
      }
    }
    if t.isOpen { w.field(s[.due], s.dateTime(t.due(at: c.now)), screen: &screen) }
    w.field(s[.colAssignee], t.assignee ?? s[.unassigned], screen: &screen)
    if let order = t.orderID { w.field(s[.orderLabel], String(order), screen: &screen) }
    if let product = t.productID { w.field(s[.productLabel], String(product), screen: &screen) }
    if let ticket = t.ticketID { w.field(s[.ticketLabel], String(ticket), screen: &screen) }
    if let transfer = t.transferID { w.field(s[.transferLabel], String(transfer), screen: &screen) }
    w.field(s[.created], s.dateTime(t.createdAt), .muted, screen: &screen)
    if let started = t.startedAt { w.field(s[.started], s.dateTime(started), .muted, screen: &screen) }
    if let closed = t.closedAt { w.field(s[.closed], s.dateTime(closed), .muted, screen: &screen) }
    let paused = t.paused(at: c.now)
    if paused > 0 { w.field(s[.pausedLabel], s.countdown(paused), .muted, screen: &screen) }
    w.field(s[.madeBy], t.sourceKey.map { TaskTitle.source($0)?.text(s.language) ?? $0 } ?? s[.byHand], .muted, screen: &screen)
    if let details = t.details(s.language) {
      w.skip()
      w.wrapped(details, .normal, screen: &screen)
    }
  }

  /// The question about the selected task, under its title.
  static func prompt(_ t: TaskRecord, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    guard let prompt = state.prompt, prompt.task == t.id else { return }
    func key(_ a: Action) -> String { c.key(a, in: .tasks) }
    switch prompt {
    case .waitReason(_, let index):
      picker(s(.chooseWaitReason, String(t.id)), WaitingReason.allCases.map(s.name), index, writer: &w, screen: &screen, strings: s)
    case .priority(_, let index):
      picker(s(.choosePriority, String(t.id)), priorities(s, state), index, writer: &w, screen: &screen, strings: s)
    case .assignee(_, let index):
      picker(s(.chooseAssignee, String(t.id)), [s[.nobody]] + state.staff, index, writer: &w, screen: &screen, strings: s)
    case .confirm(_, let command):
      let q = if case .cancel(let reason) = command { s(.confirmCancel, String(t.id), reason) } else { s(.confirmDone, String(t.id)) }
      w.ask(q, keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .cancelReason, .newType, .newPriority, .newTitle:
      break
    }
  }

  /// The prompt of the text being typed, for the message line.
  static func typingPrompt(_ state: State, strings s: Strings) -> (String, TextField)? {
    switch state.prompt {
    case .cancelReason(let id, let f)?: (s(.cancelReasonPrompt, String(id)), f)
    case .newTitle(let type, let priority, let f)?: (s(.taskTitlePrompt, s.name(type), s.name(priority)), f)
    default: nil
    }
  }
}

extension TasksPane {
  /// The key that clears the filters (Esc in every shipped keymap).
  static func escKey(_ c: PaneContext) -> String {
    c.keymap.keys(for: .back, in: .tasks).first.map(c.strings.keyName) ?? "Esc"
  }
}
