import StaffDomain
import Testing

@testable import StaffConsole

/// The console knows its panes by one interface: each tab's pane answers for that tab, a pane's
/// effect is its tab's, and a list read while its pane asks is held (the newest of each kind)
/// and applied once the question is answered, whichever pane asks.
@Suite struct PaneProtocolTests {
  @Test func everyTabShowsItsOwnPane() {
    for tab in Tab.allCases { #expect(tab.pane.tab == tab, "\(tab)") }
  }

  @Test func aPanesEffectIsItsTabsAndTheConsolesAreNoTabs() {
    let owned: [(Effect, Tab?)] = [
      (.scans(.load), .scans), (.scans(.process("ORDER:1", repaired: false)), .scans), (.scans(.unlockOrder(1)), .scans),
      (.tasks(.load(TaskFilter())), .tasks), (.tasks(.command(31, .start)), .tasks),
      (.stock(.loadMovements), .stock), (.stock(.query(.closeCount(7))), .stock), (.stock(.command(.receive(slip: 1, into: "BACK"))), .stock),
      (.tickets(.load), .tickets), (.tickets(.command(7, .reveal)), .tickets),
      (.team(.loadAudit(AuditFilter())), .team), (.team(.unlockLogin("brice.k", secret: "x")), .team),
      (.loadAlerts, nil), (.previewLabel(.shelf(product: 1)), nil), (.checkAccount("amina.n"), nil), (.quit, nil),
    ]
    for (effect, tab) in owned { #expect(effect.pane == tab, "\(effect)") }
  }

  @Test func aTaskPickerHoldsTheBoardUntilItIsAnswered() {
    var state = Morning.state(tab: .tasks)
    press(&state, .character("w"))
    #expect(state.tasks.prompt != nil)
    let before = state.tasks.pane.items
    let older = TaskPage(tasks: Array(Morning.tasks.prefix(1)), total: 1)
    let newer = TaskPage(tasks: Array(Morning.tasks.prefix(2)), total: 2)
    #expect(Console.update(&state, .tasks(.loaded(older, staff: Morning.staffLogins))).isEmpty)
    #expect(Console.update(&state, .tasks(.loaded(newer, staff: Morning.staffLogins))).isEmpty)
    #expect(state.held == [.tasks(.loaded(newer, staff: Morning.staffLogins))], "the newest board only")
    #expect(state.tasks.pane.items == before, "the picker's subject stays put")
    press(&state, .named(.escape))
    #expect(state.tasks.prompt == nil && state.held.isEmpty)
    #expect(state.tasks.pane.items == newer.tasks && state.tasks.total == 2)
  }

  @Test func aStockQuestionHoldsTheListAndTheFeedApart() {
    var state = Morning.state(tab: .stock)
    press(&state, .character("m"))
    #expect(state.stock.prompt != nil)
    let feed = Array(Morning.movements.prefix(1))
    let rows = Array(Morning.stock.prefix(1))
    _ = Console.update(&state, .stock(.loaded(Array(Morning.stock.prefix(2)))))
    _ = Console.update(&state, .stock(.movements(feed)))
    _ = Console.update(&state, .stock(.loaded(rows)))
    #expect(state.held == [.stock(.movements(feed)), .stock(.loaded(rows))], "one of each kind, the newest")
    #expect(state.stock.pane.items == Morning.stock)
    press(&state, .named(.escape))
    #expect(state.held.isEmpty && state.stock.pane.items == rows && state.stock.feed.items == feed)
  }

  @Test func aMessageBeingWrittenHoldsTheTicketsAndTakesEveryKey() {
    var state = Morning.state(tab: .tickets)
    press(&state, .character("r"))
    #expect(Console.typed(state) != nil && Console.typingText(state), "the editor is the text being typed")
    let rows = Array(Morning.tickets.prefix(1))
    #expect(Console.update(&state, .tickets(.loaded(rows, staff: []))).isEmpty)
    // Digits, letters and the tab keys are the message's, not a picker's or the keymap's.
    press(&state, .character("2"), .character("q"), .character("1"))
    #expect(state.tab == .tickets && !state.quitting)
    #expect(state.tickets.pane.items == Morning.tickets && state.held == [.tickets(.loaded(rows, staff: []))])
    if case .text(let area)? = Console.typed(state) { #expect(area.string == "2q1") } else { Issue.record("no editor") }
    // A draft is asked about before it is dropped; an empty one closes at once.
    press(&state, .control("u"), .named(.escape))
    #expect(Console.typed(state) == nil && state.held.isEmpty && state.tickets.pane.items == rows, "answered: the list read comes in")
  }
}
