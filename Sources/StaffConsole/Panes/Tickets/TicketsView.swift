import StaffDomain

extension TicketsPane {
  /// The width the editor wraps at (the detail area's).
  static func editorWidth(_ size: Size) -> Int { max(10, Layout.panes(size).detail.width) }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    if !state.pane.zoomed {
      let columns = Columns(columns: [
        .init(title: s[.colNumber], width: 4, right: true), .init(title: s[.colLeft], width: 12, right: true),
        .init(title: s[.colState], width: 14), .init(title: s[.colPriority], width: 8), .init(title: s[.colSubject], width: nil),
        .init(title: s[.colCustomer], width: 10),
      ])
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s, empty: s[.emptyList],
        cells: { t in
          let r = role(t, now: c.now, targets: state.targets)
          return [
            (String(t.id), .muted), (left(t, strings: s, now: c.now, targets: state.targets), r), (s.name(t.status), r == .overdue ? .normal : r),
            (s.name(t.priority), t.priority == .urgent && t.state.isOpen ? .warning : .normal), (t.subject, t.state.isOpen ? .normal : .muted),
            (t.customer, .normal),
          ]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    // A new ticket's picker or question needs no selected ticket: it has the detail to itself.
    switch state.prompt {
    case .newCategory?, .confirmNew?:
      var w = DetailWriter(detail)
      for row in detail.row..<(detail.row + detail.height) { screen.fill(row: row, role: .normal, from: detail.column, width: detail.width) }
      opening(state, writer: &w, screen: &screen, context: c)
      return
    default:
      break
    }
    guard let t = state.pane.selectedItem else { return }
    // The question or the editor takes the bottom of the detail; the ticket and its conversation
    // what is left above it.
    let bottom = min(questionHeight(state, width: detail.width), max(0, detail.height - 2))
    var w = DetailWriter(Area(row: detail.row, column: detail.column, width: detail.width, height: detail.height - bottom))
    w.line("#\(t.id)  \(t.subject)", .title, screen: &screen)
    var head = s.name(t.status) + " · " + s.name(t.category) + " · " + s.name(t.priority)
    if t.state.reopenCount > 0 { head += " · " + s(.reopenedTimes, .count(Int64(t.state.reopenCount))) }
    w.line(head, role(t, now: c.now, targets: state.targets), screen: &screen)
    var who = t.customer
    if let reveal = state.revealed, reveal.ticket == t.id { who += "  " + reveal.phone } else if let phone = t.phone { who += "  " + phone }
    if let order = t.orderID { who += "  " + s(.order, String(order)) }
    w.field(s[.colCustomer], who, screen: &screen)
    w.field(s[.colAssignee], t.assignee ?? s[.unassigned], screen: &screen)
    if let r = t.state.responseLeft(at: c.now, targets: state.targets) { w.field(s[.answerWithin], s.countdown(r), r < 0 ? .overdue : .normal, screen: &screen) }
    if let r = t.state.resolutionLeft(at: c.now, targets: state.targets) {
      w.field(s[.resolveWithin], s.countdown(r) + (t.state.status == .waitingCustomer ? "  " + s[.clockStopped] : ""), r < 0 ? .overdue : .normal, screen: &screen)
    }
    if let rating = t.state.rating { w.field(s[.ratingLabel], String(repeating: "★", count: rating) + String(repeating: "☆", count: 5 - rating), screen: &screen) }
    let last = w.area.row + w.area.height
    w.skip()
    if let messages = state.conversations[t.id] {
      var lines: [(String, StyleRole)] = []
      for m in messages {
        let mark = m.direction == .inbound ? "← " : m.direction == .outbound ? "→ " : "✎ "
        let whoSaid = m.direction == .inbound ? s[.theCustomer] : m.staff ?? "-"
        lines.append((mark + s.when(m.at, now: c.now) + "  " + whoSaid + " · " + s.name(m.channel), .muted))
        for paragraph in m.body.split(separator: "\n", omittingEmptySubsequences: false) {
          for l in DetailWriter.wrap(String(paragraph), width: max(1, w.area.width - 2)) {
            lines.append(("  " + l, m.direction == .note ? .muted : .normal))
          }
        }
      }
      // The newest messages are the ones that must show: the last that fit.
      let room = max(0, last - w.row)
      for (text, role) in lines.suffix(room) { w.line(text, role, screen: &screen) }
    } else {
      w.line(s[.detailLoading], .muted, screen: &screen)
    }
    guard bottom > 0 else { return }
    var q = DetailWriter(Area(row: detail.row + detail.height - bottom, column: detail.column, width: detail.width, height: bottom))
    question(t, state: state, writer: &q, screen: &screen, context: c)
  }

  /// `-0 h 05 min`, the first answer's countdown until it is given, then the resolution's.
  static func left(_ t: TicketRecord, strings s: Strings, now: Timestamp, targets: TicketTargets) -> String {
    guard t.state.isOpen else { return t.state.closedAt.map { s.shortWhen($0, now: now) } ?? "" }
    let seconds = t.state.responseLeft(at: now, targets: targets) ?? t.state.resolutionLeft(at: now, targets: targets) ?? 0
    return s.countdown(seconds)
  }

  static func questionHeight(_ state: State, width: Int) -> Int {
    switch state.prompt {
    case .editor(_, _, _, let area)?: min(8, max(2, area.rows(width: width).count + 1))
    case .rating?: 8
    case .assignee?: min(10, state.staff.count + 3)
    case .confirm?: 2
    case .discard?: 3
    case .newPhone?, .newName?, .newSubject?, .newCategory?, .confirmNew?, nil: 0
    }
  }

  static func question(_ t: TicketRecord, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    func key(_ a: Action) -> String { c.key(a, in: .tickets) }
    switch state.prompt {
    case .editor(_, let direction, let waiting, let area)?:
      let title = direction == .note ? s[.writingNote] : direction == .inbound ? s[.writingIn] : waiting ? s[.writingAsk] : s[.writingReply]
      w.line(title + "   " + s[.editorKeys], .warning, screen: &screen)
      let a = Area(row: w.row, column: w.area.column, width: w.area.width, height: max(1, w.area.row + w.area.height - w.row))
      area.draw(in: a, screen: &screen)
    case .rating(_, let index)?:
      w.line(s(.chooseRating, String(t.id)), .warning, screen: &screen)
      for i in 0...5 { w.line("  \(i)  " + (i == 0 ? s[.noRating] : String(repeating: "★", count: i)), i == index ? .selected : .normal, screen: &screen) }
    case .assignee(_, let index)?:
      w.line(s(.chooseTicketAssignee, String(t.id)), .warning, screen: &screen)
      for (i, name) in ([s[.nobody]] + state.staff).enumerated() { w.line("  \(i + 1)  \(name)", i == index ? .selected : .normal, screen: &screen) }
    case .confirm(let ticket, let command)?:
      let q: String
      switch command {
      case .resolve: q = s(.confirmResolve, String(ticket))
      case .reopen: q = s(.confirmReopen, String(ticket))
      case .reveal: q = s(.confirmReveal, String(ticket))
      case .close(let r): q = s(.confirmCloseTicket, String(ticket)) + (r.map { " (" + String(repeating: "★", count: $0) + ")" } ?? "")
      default: q = ""
      }
      w.ask(q, keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .discard(let ticket, let draft)?:
      let lines = if case .editor(_, _, _, let area) = draft { area.lines.count } else { 1 }
      w.ask(s(.discardQuestion, .id(ticket), .count(Int64(lines))), keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .newPhone?, .newName?, .newSubject?, .newCategory?, .confirmNew?, nil:
      break
    }
  }

  /// A new ticket's category picker, or its last question.
  static func opening(_ state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    func key(_ a: Action) -> String { c.key(a, in: .tickets) }
    switch state.prompt {
    case .newCategory(let phone, let name, let index)?:
      w.line(s(.chooseTicketCategory, name ?? phone), .warning, screen: &screen)
      for (i, category) in TicketCategory.allCases.enumerated() {
        w.line("  \(i + 1)  \(s.name(category))", i == index ? .selected : .normal, screen: &screen)
      }
      w.line(s(.chooseHint, String(TicketCategory.allCases.count)), .muted, screen: &screen)
    case .confirmNew(let o)?:
      w.ask(
        s(.confirmNewTicket, o.name.map { $0 + " " + o.phone } ?? o.phone, s.name(o.category), o.subject),
        keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    default:
      break
    }
  }
}
