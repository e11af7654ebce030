import Foundation
import StaffDomain

/// The team: who is on the roll, today's handovers, and each one's figures over the last 14 days
/// (efficiency, punctuality, inventory accuracy, rating) with efficiency day by day as a sparkline.
/// Its second view (`audit-view`) is the audit trail's newest rows, by whom and by family of
/// actions.
public enum TeamPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TeamMember>()
    /// The audit trail's newest rows, as the filters below read them.
    public var audit = PaneList<AuditRecord>()
    public var showingAudit = false
    /// Whose rows the audit view shows (nil: everyone's) and which family of actions (nil: all).
    public var auditBy: String?
    public var auditFamily: AuditFamily?
    /// The active staff, as the audit read brings them: whom `audit-by` cycles through.
    public var staff: [String] = []
    /// A login's lock being lifted: whose, and the secret of whoever is on duty as it is typed.
    public var unlocking: Unlocking?
    /// An unlock sent and not answered yet.
    public var pending = false
    public init() {}
  }

  public struct Unlocking: Sendable, Equatable {
    public var login: String
    public var secret = TextField()
  }

  /// How many audit rows the view reads.
  public static let auditLimit = 500

  static func text(_ m: TeamMember) -> String { [m.fullName, m.login, m.role.rawValue].joined(separator: " ") }

  /// What the audit view's text filter searches: the row as stored (the action's code, its
  /// texts) and as each language shows it.
  static func auditText(_ r: AuditRecord) -> String {
    var parts = [String(r.id), r.at.douala, r.staff ?? "", r.terminal ?? "", r.action, r.entity ?? "", r.entityID ?? "", r.before ?? "", r.after ?? ""]
    for language in Language.allCases {
      parts += [AuditWords.action(r.action, language), AuditWords.subject(entity: r.entity, id: r.entityID, language), change(r, language)]
    }
    return parts.joined(separator: " ")
  }

  /// The read the audit view's filters stand for.
  static func auditFilter(_ state: State) -> AuditFilter {
    AuditFilter(staff: state.auditBy, actions: state.auditFamily?.prefixes ?? [], limit: auditLimit)
  }

  /// What the pane reads: the team, and the audit trail when it shows.
  static func loads(_ state: State) -> [ConsoleEffect] { state.showingAudit ? [.team(.load), .team(.loadAudit(auditFilter(state)))] : [.team(.load)] }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    switch action {
    case .staffUnlock:
      guard !state.showingAudit, let member = state.pane.selectedItem else {
        return PaneOutcome(message: Message(c.strings[.nothingSelected], .warning))
      }
      guard !state.pending else { return PaneOutcome() }
      state.unlocking = Unlocking(login: member.login)
      return PaneOutcome()
    case .auditView:
      state.showingAudit.toggle()
      return PaneOutcome(effects: state.showingAudit ? [.team(.loadAudit(auditFilter(state)))] : [])
    case .auditBy where state.showingAudit:
      state.auditBy = next(state.auditBy, in: state.staff)
      return PaneOutcome(effects: [.team(.loadAudit(auditFilter(state)))])
    case .auditAction where state.showingAudit:
      state.auditFamily = next(state.auditFamily, in: AuditFamily.allCases)
      return PaneOutcome(effects: [.team(.loadAudit(auditFilter(state)))])
    case .back where state.showingAudit && !state.audit.zoomed:
      // Esc clears the view's filters, the text filter with them.
      let reread = state.auditBy != nil || state.auditFamily != nil
      guard reread || !state.audit.list.filter.isEmpty else { return .unhandled }
      state.auditBy = nil
      state.auditFamily = nil
      state.audit.setFilter("", auditText)
      return PaneOutcome(effects: reread ? [.team(.loadAudit(auditFilter(state)))] : [])
    default:
      let moved = state.showingAudit ? state.audit.navigate(action, page: c.page, auditText) : state.pane.navigate(action, page: c.page, text)
      return moved ? PaneOutcome() : .unhandled
    }
  }

  /// A key while the secret is typed: Enter sends it, Esc drops the question; nothing else acts.
  static func typing(_ state: inout State, _ key: Key, context c: PaneContext) -> PaneOutcome {
    guard var unlocking = state.unlocking else { return PaneOutcome() }
    switch key {
    case .named(.escape):
      state.unlocking = nil
    case .named(.enter):
      guard !unlocking.secret.text.isEmpty else { return PaneOutcome(message: Message(c.strings[.needYourSecret], .warning)) }
      state.unlocking = nil
      state.pending = true
      return PaneOutcome(effects: [.team(.unlockLogin(unlocking.login, secret: unlocking.secret.string))])
    default:
      if unlocking.secret.edit(key) { state.unlocking = unlocking }
    }
    return PaneOutcome()
  }

  /// The value after `current` in `values`, then nil (all), then the first again.
  static func next<T: Equatable>(_ current: T?, in values: [T]) -> T? {
    guard let current else { return values.first }
    guard let i = values.firstIndex(of: current) else { return values.first }
    return i + 1 < values.count ? values[i + 1] : nil
  }

  /// The audit rows read; the staff to cycle through.
  static func loadedAudit(_ rows: [AuditRecord], staff: [String], state: inout State) {
    state.audit.replace(rows, auditText)
    state.staff = staff
  }

  /// `85 %`, or `-`.
  static func percent(_ x: Double?, _ s: Strings) -> String { x.map(s.percent) ?? "-" }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    if state.showingAudit { return renderAudit(state, into: &screen, context: c, size: size) }
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
            (m.fullName, m.active ? .normal : .muted), (s.number(m.handoversToday), .normal),
            (p?.efficiency.map { s.decimal($0, places: 2) } ?? "-", .normal), (percent(p?.punctuality, s), .normal),
            (percent(p?.inventoryAccuracy, s), .normal), (p?.rating.map { s.decimal($0, places: 1) } ?? "-", .normal),
            (Sparkline.draw(m.trend), .ok),
          ]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let m = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    if let u = state.unlocking {
      w.ask(c.strings(.unlockLoginQuestion, u.login), .warning, screen: &screen)
      w.skip()
    }
    w.line(m.fullName + "   " + m.login, .title, screen: &screen)
    w.field(s[.colRole], s.name(m.role) + (m.active ? "" : ", " + s[.inactive]), screen: &screen)
    w.line(s[.last14Days], .muted, screen: &screen)
    let p = m.performance
    w.field(s[.colEfficiency], (p?.efficiency.map { s.decimal($0, places: 2) } ?? "-")
      + (p.map { "  (" + s(.workOverWorked, .decimal($0.workMinutes, places: 0), .decimal($0.workedMinutes, places: 0)) + ")" } ?? ""),
      screen: &screen)
    w.field(s[.colPunctuality], percent(p?.punctuality, s), screen: &screen)
    w.field(s[.colAccuracy], percent(p?.inventoryAccuracy, s), screen: &screen)
    w.field(s[.colRating], p?.rating.map { s(.ratingOutOfFive, .decimal($0, places: 1)) } ?? "-", screen: &screen)
    w.field(
      s[.handoversLabel],
      s.number(p?.handovers ?? 0) + (p?.medianScanToHandover.map { "  (" + s(.medianScanToHandover, .count($0)) + ")" } ?? ""),
      screen: &screen)
    w.field(s[.colTrend], Sparkline.draw(m.trend), .ok, screen: &screen)
    w.skip()
    w.field(s[.colToday], s.number(m.handoversToday), screen: &screen)
    w.field(s[.colOpenTasks], s.number(m.openTasks), screen: &screen)
    w.field(s[.colLastHandover], m.lastActivity.map { s.dateTime($0) } ?? s[.none], screen: &screen)
  }
}

extension TeamPane {
  /// The family's name on screen.
  static func name(_ f: AuditFamily, _ s: Strings) -> String { s.word(f.rawValue, Words.auditFamilies) }

  /// The audit view: a title with its filters, the rows newest first, and the selected row in full.
  static func renderAudit(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.audit.zoomed)
    let filtered = state.auditBy != nil || state.auditFamily != nil
    if !state.audit.zoomed && list.height > 1 {
      let head = s[.auditTitle] + "   " + s(.auditFilters, state.auditBy ?? s[.everyone], state.auditFamily.map { name($0, s) } ?? s[.auditAllActions])
      screen.put(head.clipped(to: list.width - 1), row: list.row, column: list.column + 1, role: filtered ? .warning : .muted)
      let table = Area(row: list.row + 1, column: list.column, width: list.width, height: list.height - 1)
      let columns = Columns(columns: [
        .init(title: s[.colTime], width: 11), .init(title: s[.detailBy], width: 10), .init(title: s[.colAction], width: 22),
        .init(title: s[.colOn], width: 16), .init(title: s[.colChange], width: nil),
      ])
      PaneDrawing.list(
        state.audit, columns: columns, rows: state.audit.visible(auditText), area: table, screen: &screen, strings: s,
        empty: filtered ? s[.emptyAudit] : s[.emptyList],
        cells: { r in
          [(s.when(r.at, now: c.now), .muted), (printable(r.staff ?? "-"), r.staff == nil ? .muted : .normal),
           (printable(AuditWords.action(r.action, s.language)), .normal), (on(r, s.language), .normal), (change(r, s.language), .muted)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let r = state.audit.selectedItem else { return }
    var w = DetailWriter(detail)
    w.line(s(.auditRow, String(r.id)) + "   " + printable(AuditWords.action(r.action, s.language)), .title, screen: &screen)
    w.field(s[.colTime], s.dateTime(r.at), screen: &screen)
    w.field(s[.detailBy], r.staff ?? s[.auditProgram], r.staff == nil ? .muted : .normal, screen: &screen)
    w.field(s[.detailTerminal], printable(r.terminal ?? "-"), screen: &screen)
    let subject = on(r, s.language)
    w.field(s[.colOn], subject.isEmpty ? "-" : subject, screen: &screen)
    for (label, value) in [(s[.auditBefore], r.before), (s[.auditAfter], r.after)] {
      guard let value else { continue }
      w.field(label, "", screen: &screen)
      w.wrapped(printable(AuditWords.change(value, action: r.action, s.language)), .normal, indent: 2, screen: &screen)
    }
  }

  /// What the row is about: `commande 1040005`.
  static func on(_ r: AuditRecord, _ language: Language) -> String {
    printable(AuditWords.subject(entity: r.entity, id: r.entityID, language))
  }

  /// `prête → retirée`: the texts before and after in words.
  static func change(_ r: AuditRecord, _ language: Language) -> String {
    guard r.before != nil || r.after != nil else { return "" }
    let before = r.before.map { AuditWords.change($0, action: r.action, language) + " → " } ?? ""
    return printable(before + (r.after.map { AuditWords.change($0, action: r.action, language) } ?? "-"))
  }

  /// Control characters as `?`: what a row holds must never drive the terminal.
  static func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { u in u.value < 0x20 || (0x7F...0x9F).contains(u.value) ? "?" : u }))
  }
}

extension TeamPane: Pane {
  public enum Event: Sendable, Equatable {
    case loaded([TeamMember])
    /// The audit trail's rows for the audit view, and the active staff (whom it filters by).
    case audit([AuditRecord], staff: [String])
    /// A login's lock lifted, with how many failed logins were forgotten.
    case loginUnlocked(String, forgotten: Int)
    /// The unlock was refused: the secret of whoever is on duty did not check.
    case loginUnlockRefused(String, LoginRefusal)
  }

  public enum Effect: Sendable, Equatable {
    /// Reads the team.
    case load
    /// Reads the audit trail's rows for the audit view.
    case loadAudit(AuditFilter)
    /// Lifts the lock failed logins put on `login`, once the secret of whoever is on duty checks
    /// (throttled like a login); answered by `.loginUnlocked` or `.failed`.
    case unlockLogin(String, secret: String)
  }

  static var tab: Tab { .team }
  static var state: WritableKeyPath<AppState, State> { \.team }
  static func event(_ event: Event) -> ConsoleEvent { .team(event) }
  static func event(in event: ConsoleEvent) -> Event? { if case .team(let e) = event { e } else { nil } }
  static func effect(_ effect: Effect) -> ConsoleEffect { .team(effect) }
  static func effect(in effect: ConsoleEffect) -> Effect? { if case .team(let e) = effect { e } else { nil } }

  static func blank(keeping state: State) -> State { State() }

  /// The secret of whoever is on duty, while a login's lock is being lifted.
  static func typed(_ state: State) -> Typed? { state.unlocking.map { .line($0.secret) } }

  /// The secret is never drawn: a dot per character.
  static func typingPrompt(_ state: State, context c: PaneContext) -> (String, TextField)? {
    guard let u = state.unlocking else { return nil }
    return (c.strings(.unlockLoginPrompt, c.staff?.login ?? "?"), TextField(String(repeating: "•", count: u.secret.text.count)))
  }

  static func asking(_ state: State, context: PaneContext) -> Bool { state.unlocking != nil || state.pending }

  static func hints(_ state: State, context: PaneContext) -> [Action] {
    state.showingAudit
      ? [.help, .auditView, .auditBy, .auditAction, .filter, .open, .back, .quit]
      : [.help, .auditView, .staffUnlock, .open, .filter, .nextTab, .quit]
  }

  static func filter(_ state: State) -> String { state.showingAudit ? state.audit.list.filter : state.pane.list.filter }

  static func setFilter(_ state: inout State, _ text: String) {
    if state.showingAudit { state.audit.setFilter(text, auditText) } else { state.pane.setFilter(text, Self.text) }
  }

  static func counts(_ state: State) -> (shown: Int, all: Int) {
    state.showingAudit
      ? (state.audit.visible(auditText).count, state.audit.items.count)
      : (state.pane.visible(text).count, state.pane.items.count)
  }

  static func detailLoads(_ state: State) -> [ConsoleEffect] { [] }
  static func failed(_ state: inout State) { state.pending = false }

  static func arrival(_ event: Event) -> String? {
    switch event {
    case .loaded: "team"
    case .audit: "audit"
    default: nil
    }
  }

  static func apply(_ event: Event, to state: inout State, context c: PaneContext) -> PaneOutcome {
    switch event {
    case .loaded(let rows):
      state.pane.replace(rows, text)
      return PaneOutcome()
    case .audit(let rows, let staff):
      loadedAudit(rows, staff: staff, state: &state)
      return PaneOutcome()
    case .loginUnlocked(let login, let forgotten):
      state.pending = false
      return PaneOutcome(effects: [.team(.load)], message: Message(c.strings(.loginUnlocked, .text(login), .count(Int64(forgotten))), .ok))
    case .loginUnlockRefused(let login, let refusal):
      state.pending = false
      return PaneOutcome(message: Message(c.strings(.loginUnlockRefused, login, c.strings.explain(refusal)), .error))
    }
  }
}
