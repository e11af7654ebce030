import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

extension Morning {
  static func row(
    _ id: Int64, _ minutesAgo: Int64, _ staff: String?, _ terminal: String?, _ action: String, _ entity: String?, _ entityID: String?,
    before: String? = nil, after: String? = nil
  ) -> AuditRecord {
    AuditRecord(id: id, at: at(minutesAgo), staff: staff, terminal: terminal, action: action, entity: entity, entityID: entityID, before: before, after: after)
  }

  /// The audit trail of the same morning, newest first, its texts as the store writes them.
  static let audit: [AuditRecord] = [
    row(60, 2, "amina.n", "counter-1", "order.handed_over", "order", "1040005", before: "ready", after: "picked_up"),
    row(59, 3, "amina.n", "counter-1", "order.code_accepted", "order", "1040005", before: "failed=0 lifetime=0", after: "failed=0 lifetime=0"),
    row(58, 9, "amina.n", "counter-1", "order.code_refused", "order", "1040009", before: "failed=0 lifetime=0", after: "failed=1 lifetime=1"),
    row(57, 12, "brice.k", "counter-2", "task.start", "task", "32", before: "open", after: "in_progress"),
    row(56, 15, nil, nil, "task.created", "task", "35", after: "ORDER_PICKUP HIGH Préparer le retrait 1040012"),
    row(55, 20, "amina.n", "counter-1", "stock.move", "movement", "903", after: "RECEIVE 100001 x2 → A-01-1"),
    row(54, 40, "amina.n", "counter-1", "order.handover_refused", "order", "1040003", after: "wrong_person"),
    row(53, 60, "solange.e", "office", "order.unlocked", "order", "1040011", before: "failed=5 lifetime=5 locked_until=2026-11-20T09:00:00+01:00", after: "failed=0 lifetime=5"),
    row(52, 90, "brice.k", "counter-2", "ticket.assigned", "ticket", "7", after: "brice.k"),
    row(51, 120, "solange.e", "office", "ticket.phone_revealed", "ticket", "6"),
    row(50, 200, nil, nil, "import.orders", "file", "orders.csv", after: "added=3 updated=1 unchanged=0"),
    row(49, 300, "amina.n", "counter-1", "transfer.sent", "transfer", "4", after: "DLA-BALI 100002 x1"),
    row(48, 600, nil, nil, "task.escalated", "task", "30", after: "exit status 0\u{1B}[2J"),
  ]

  /// What the store would answer to `filter` on this morning.
  static func audit(_ filter: AuditFilter) -> [AuditRecord] {
    audit.filter { (filter.staff == nil || $0.staff == filter.staff) && filter.admits(action: $0.action) }
  }

  /// Reading the audit trail is a supervisor's (or an admin's) work.
  static let solange = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)

  /// The team tab with a supervisor on duty.
  static func supervisorState(_ language: Language = .en, size: Size = Size(columns: 80, rows: 24)) -> AppState {
    var s = state(language, size: size, tab: .team)
    s.staff = solange
    return s
  }

  /// The team tab showing the audit view, its rows read.
  static func auditState(_ language: Language = .en, size: Size = Size(columns: 80, rows: 24)) -> AppState {
    var s = supervisorState(language, size: size)
    _ = Console.update(&s, .key(.character("v")))
    _ = Console.update(&s, .team(.audit(audit, staff: staffLogins)))
    return s
  }
}

extension ReducerTests {
  /// The audit view's actions on the team tab (the team list showing).
  func auditActionOnTheTeam(_ action: Action) {
    var state = Morning.supervisorState()
    let effects = Console.perform(&state, action)
    switch action {
    case .auditView: #expect(state.team.showingAudit && effects == [.team(.loadAudit(AuditFilter(limit: 500)))])
    case .auditBy, .auditAction: #expect(effects.isEmpty && state == Morning.supervisorState(), "only in the audit view")
    default: Issue.record("\(action) is not an audit view action")
    }
  }
}

@Suite struct AuditViewTests {
  /// The runner's part: each read answered as the store would.
  func answer(_ state: inout AppState, _ effects: [Effect]) {
    for case .team(.loadAudit(let f)) in effects { _ = Console.update(&state, .team(.audit(Morning.audit(f), staff: Morning.staffLogins))) }
  }

  @Test func vShowsTheAuditTrailAndTheTeamAgain() {
    var state = Morning.supervisorState()
    #expect(press(&state, .character("v")) == [.team(.loadAudit(AuditFilter(limit: 500)))])
    #expect(state.team.showingAudit && !state.team.audit.loaded)
    _ = Console.update(&state, .team(.audit(Morning.audit, staff: Morning.staffLogins)))
    #expect(state.team.audit.list.selected == 60 && state.team.staff == Morning.staffLogins)
    #expect(press(&state, .named(.down), .named(.down)).isEmpty)
    #expect(state.team.audit.list.selected == 58)
    #expect(state.team.pane.list.selected == 1, "the team list keeps its own selection")
    #expect(press(&state, .character("v")).isEmpty && !state.team.showingAudit)
    // Coming back to the tab, or anything written anywhere, reads the view again with its filters.
    _ = press(&state, .character("v"), .character("b"))
    #expect(Console.initialLoads(state) == [.loadAlerts, .scans(.load), .team(.load), .team(.loadAudit(AuditFilter(staff: "amina.n", limit: 500)))])
    _ = press(&state, .character("1"))
    #expect(press(&state, .character("5")) == [.team(.load), .team(.loadAudit(AuditFilter(staff: "amina.n", limit: 500)))])
  }

  @Test func bCyclesThroughTheActiveStaffThenEveryone() {
    var state = Morning.auditState()
    var seen: [String?] = []
    for _ in 0..<4 {
      let effects = press(&state, .character("b"))
      #expect(effects == [.team(.loadAudit(AuditFilter(staff: state.team.auditBy, limit: 500)))])
      answer(&state, effects)
      seen.append(state.team.auditBy)
    }
    #expect(seen == ["amina.n", "brice.k", "solange.e", nil])
    _ = press(&state, .character("b"))
    answer(&state, [.team(.loadAudit(TeamPane.auditFilter(state.team)))])
    #expect(state.team.audit.items.allSatisfy { $0.staff == "amina.n" } && state.team.audit.items.count == 6)
    // Someone no longer active: the next press starts again from the first.
    _ = Console.update(&state, .team(.audit([], staff: ["brice.k"])))
    #expect(TeamPane.next("amina.n", in: state.team.staff) == "brice.k")
  }

  @Test func aCyclesThroughTheFamiliesThenAll() {
    var state = Morning.auditState()
    var seen: [AuditFamily?] = []
    for _ in 0...AuditFamily.allCases.count {
      let effects = press(&state, .character("a"))
      #expect(effects == [.team(.loadAudit(AuditFilter(actions: state.team.auditFamily?.prefixes ?? [], limit: 500)))])
      seen.append(state.team.auditFamily)
    }
    #expect(seen == AuditFamily.allCases.map { Optional($0) } + [nil])
    answer(&state, press(&state, .character("a")))
    #expect(state.team.auditFamily == .order && state.team.audit.items.map(\.id) == [60, 59, 58, 54, 53])
  }

  @Test func escClearsTheFiltersThenNothingMore() {
    var state = Morning.auditState()
    answer(&state, press(&state, .character("b"), .character("a")))
    _ = press(&state, .character("/"))
    for c in "1040005" { _ = Console.update(&state, .key(.character(c))) }
    _ = press(&state, .named(.enter))
    #expect(state.team.audit.visible(TeamPane.auditText).map(\.id) == [60, 59])
    let effects = press(&state, .named(.escape))
    #expect(effects == [.team(.loadAudit(AuditFilter(limit: 500)))])
    #expect(state.team.auditBy == nil && state.team.auditFamily == nil && state.team.audit.list.filter.isEmpty && state.team.showingAudit)
    #expect(press(&state, .named(.escape)).isEmpty && state.team.showingAudit, "Esc with nothing to clear leaves the view as it is")
    // The detail: Enter zooms, Esc comes back before it clears anything.
    _ = press(&state, .character("b"), .named(.enter))
    #expect(state.team.audit.zoomed)
    #expect(press(&state, .named(.escape)).isEmpty && !state.team.audit.zoomed && state.team.auditBy == "amina.n")
  }

  @Test func theTextFilterWorksOnTheAuditRows() {
    var state = Morning.auditState()
    _ = press(&state, .character("/"))
    for c in "ticket" { _ = Console.update(&state, .key(.character(c))) }
    #expect(state.team.audit.visible(TeamPane.auditText).map(\.id) == [52, 51])
    #expect(state.team.pane.list.filter.isEmpty, "the team list's filter is its own")
    _ = press(&state, .named(.enter))
    let screen = Console.render(state, size: state.size).text
    #expect(screen.contains("Filter: ticket   2 of 13") || screen.contains("ticket"), "\(screen)")
  }

  /// A value in a row never reaches the terminal as a control sequence.
  @Test func controlCharactersInARowAreShownAsQuestionMarks() {
    var state = Morning.auditState(size: Size(columns: 132, rows: 43))
    _ = press(&state, .named(.end))
    let screen = Console.render(state, size: state.size).text
    #expect(!screen.contains("\u{1B}") && screen.contains("exit status 0?[2J"))
  }

  @Test func everyFamilyHasItsNameInBothLanguages() {
    for f in AuditFamily.allCases {
      #expect(Words.auditFamilies[f.rawValue].map { !$0.en.isEmpty && !$0.fr.isEmpty } == true, "\(f)")
    }
    #expect(Words.auditFamilies.count == AuditFamily.allCases.count)
  }
}
