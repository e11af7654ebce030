import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// A key that cannot act says why on the message line; filters and their detail behave as the
/// screen says.
@Suite struct EveryKeyAnswersTests {
  @Test func yAfterNotNowSaysWhy() {
    var state = Morning.state()
    _ = press(&state, .character("n"))
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "You answered \"not now\" for order 1040001: scan its code again to hand it over.")
    #expect(press(&state, .character("r")).isEmpty && state.scans.refusal == nil)
    var fr = Morning.state(.fr)
    _ = press(&fr, .character("n"), .character("y"))
    #expect(fr.message?.text == "Vous avez répondu «\u{202F}pas maintenant\u{202F}» pour la commande 1040001\u{00A0}: scannez son code à nouveau pour la remettre.")
  }

  @Test func yOnAScanThatAsksNothingSaysWhat() {
    var state = Morning.state()
    _ = press(&state, .named(.down), .named(.down))  // a wrong code
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "No question here: this scan is \"Code not accepted\".", "\(String(describing: state.message))")
    _ = press(&state, .named(.down))  // handed over at another terminal
    #expect(press(&state, .character("y")).isEmpty && state.message?.text.hasPrefix("Handed over by Brice Kamga") == true)
    // While the order's detail is still loading, y waits for it rather than acting unseen.
    var loading = Morning.state()
    loading.scans.details[12] = nil
    #expect(press(&loading, .character("y")).isEmpty)
    #expect(loading.message?.text == "The order is still loading: wait until it shows, then answer.")
    // A second y while the first answer is on its way says so.
    var twice = Morning.state()
    #expect(press(&twice, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
    #expect(press(&twice, .character("y")).isEmpty && twice.message?.text == "Order 1040001: the answer is on its way, wait for it.")
  }

  @Test func aKeyBoundToNothingSaysSo() {
    var state = Morning.state()
    #expect(press(&state, .character("z")).isEmpty)
    #expect(state.message == Message("z does nothing here: ? lists the keys.", .muted))
    var fr = Morning.state(.fr, tab: .tasks)
    _ = press(&fr, .character("z"))
    #expect(fr.message?.text == "z ne fait rien ici\u{00A0}: ? liste les touches.")
  }

  @Test func aReversedMovementIsRefusedBeforeAReasonIsAsked() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("v"))
    let reversal = MovementView(
      id: 904, type: .transfer, productID: 100_001, productTitle: "Radio Tecno", quantity: 1, from: "BACK", to: "A-01-1",
      staff: "amina.n", orderID: nil, reason: "erreur", reverses: 903, at: Morning.at(5))
    _ = Console.update(&state, .stock(.movements([reversal] + Morning.movements)))
    #expect(press(&state, .character("R")).isEmpty && state.stock.prompt == nil)
    #expect(state.message?.text == "Movement 904 is itself a reversal: record a new movement instead.")
    _ = press(&state, .named(.down))
    #expect(press(&state, .character("R")).isEmpty && state.stock.prompt == nil)
    #expect(state.message?.text == "Movement 903 was already reversed by movement 904: nothing to reverse.")
    _ = press(&state, .named(.down))
    _ = press(&state, .character("R"))
    #expect(state.stock.prompt != nil, "902 can be reversed: its reason is asked")
    // An empty reason is refused with a word, the question stays.
    #expect(press(&state, .named(.enter)).isEmpty && state.stock.prompt != nil)
    #expect(state.message?.text == "This needs a reason.", "\(String(describing: state.message))")
  }

  @Test func aFilterLoadsTheDetailOfTheRowItLandsOn() {
    var state = Morning.state()
    _ = press(&state, .character("n"), .character("/"))
    var effects: [Effect] = []
    for c in "1040005" { effects += press(&state, .character(c)) }
    #expect(state.scans.pane.list.selected == 9)
    #expect(effects.contains(.scans(.loadDetail(scan: 9))), "not left on Loading…: \(effects)")
    _ = press(&state, .named(.enter), .named(.escape))
    #expect(state.scans.pane.list.filter.isEmpty)
  }

  @Test func escClearsTheBoardsFiltersAndAnEmptyBoardSaysWhy() {
    var state = Morning.state(tab: .tasks)
    #expect(press(&state, .character("t")) == [.tasks(.load(TaskFilter(type: .stockReceive)))])
    _ = press(&state, .character("f"))
    _ = Console.update(&state, .tasks(.loaded(TaskPage(tasks: [], total: 0), staff: Morning.staffLogins)))
    #expect(Console.render(state, size: state.size).text.contains("Nothing matches these filters (Esc clears them)."))
    #expect(press(&state, .named(.escape)) == [.tasks(.load(TaskFilter()))])
    #expect(state.tasks.filter == TaskFilter() && state.message?.text == "Filters cleared: the whole board.")
    _ = Console.update(&state, .tasks(.loaded(TaskPage(tasks: [], total: 0), staff: Morning.staffLogins)))
    #expect(Console.render(state, size: state.size).text.contains("Nothing here yet."))
  }
}

/// The key bar and `?` offer what the role on duty may do, and the keys of the question on screen.
@Suite struct KeysFollowTheRoleTests {
  func bar(_ state: AppState) -> String {
    let screen = Console.render(state, size: state.size)
    return String(screen.text.split(separator: "\n", omittingEmptySubsequences: false)[Layout.hintRow(state.size)])
  }

  @Test func aSupervisorIsNotOfferedTheHandover() {
    var state = Morning.state()
    #expect(bar(state).contains("y hand over") && bar(state).contains("r refuse"))
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(!bar(state).contains("hand over") && !bar(state).contains("type a code"), "\(bar(state))")
    #expect(Console.render(state, size: state.size).question == nil, "no question she may not answer")
    _ = Console.update(&state, .key(.character("?")))
    let help = Console.render(state, size: state.size).text
    let lines = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(!lines.contains { $0.hasPrefix("y ") } && lines.contains { $0.hasPrefix("u ") }, "\(help)")
  }

  @Test func aLockedScanShowsUnlockToWhoMayUnlock() {
    var state = Morning.state()
    while state.scans.pane.list.selected != 4 { _ = Console.update(&state, .key(.named(.down))) }
    #expect(!bar(state).contains("u "), "a clerk may not unlock: \(bar(state))")
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(bar(state).contains("u unlock"), "\(bar(state))")
    state.readOnly = true
    #expect(!bar(state).contains("u unlock"), "over SSH the console only reads: \(bar(state))")
  }
}

/// A supervisor at the counter lifts a clerk's login lock from the Team tab with her own
/// password; over SSH the console only reads.
@Suite struct UnlockALoginFromTheTeamTests {
  func supervisor(_ language: Language = .en) -> AppState {
    var state = Morning.state(language, tab: .team)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    return state
  }

  @Test func herPasswordUnlocksTheSelectedLogin() {
    var state = supervisor()
    #expect(Console.update(&state, .key(.character("U"))).isEmpty)
    #expect(Console.render(state, size: state.size).question == "Unlock the login of amina.n? Type your own password or PIN, then Enter (Esc: no).")
    #expect(Console.update(&state, .key(.named(.enter))).isEmpty && state.message?.text == "Type your password or PIN first.")
    for c in "superviseur" { _ = Console.update(&state, .key(.character(c))) }
    let screen = Console.render(state, size: state.size).text
    #expect(!screen.contains("superviseur") && screen.contains("Your password or PIN (solange.e): •••••••••••"), "\(screen)")
    // What arrives meanwhile waits: the selection stays on amina.n.
    _ = Console.update(&state, .team(.loaded(Array(Morning.team.reversed()))))
    #expect(state.team.pane.list.selected == 1 && state.team.unlocking?.login == "amina.n")
    #expect(Console.update(&state, .key(.named(.enter))) == [.team(.unlockLogin("amina.n", secret: "superviseur"))])
    #expect(state.team.unlocking == nil && state.team.pending)
    #expect(Console.update(&state, .team(.loginUnlocked("amina.n", forgotten: 5))) == [.team(.load)])
    #expect(state.message == Message("amina.n unlocked: 5 failed logins forgotten.", .ok))
    _ = Console.update(&state, .key(.character("U")))
    _ = Console.update(&state, .key(.character("x")))
    _ = Console.update(&state, .key(.named(.enter)))
    _ = Console.update(&state, .team(.loginUnlockRefused("amina.n", .wrong(left: 4))))
    #expect(state.message?.role == .error && state.message?.text.hasPrefix("amina.n not unlocked: ") == true)
    _ = Console.update(&state, .key(.character("U")))
    _ = Console.update(&state, .key(.named(.escape)))
    #expect(state.team.unlocking == nil)
  }

  @Test func aClerkOrAConsoleOverSSHCannot() {
    var clerk = Morning.state(tab: .team)
    _ = Console.update(&clerk, .key(.character("U")))
    #expect(clerk.team.unlocking == nil && clerk.message?.text.contains("may not") == true)
    var ssh = supervisor(.fr)
    ssh.readOnly = true
    _ = Console.update(&ssh, .key(.character("U")))
    #expect(ssh.team.unlocking == nil && ssh.message?.role == .error)
  }
}

/// Below 80 x 24 the screen says what it needs within the space it has.
@Suite struct TooSmallTests {
  @Test(arguments: [(40, 10), (20, 5), (12, 3), (6, 2), (5, 1)])
  func theNeededSizeShowsWhateverTheSpace(_ columns: Int, _ rows: Int) {
    for language in [Language.en, .fr] {
      let size = Size(columns: columns, rows: rows)
      let text = Console.render(Morning.state(language, size: size), size: size).text
      #expect(text.contains("80x24") || columns < 5, "\(columns)x\(rows): \(text)")
      #expect(!text.contains("…"), "nothing cut: \(text)")
    }
    let wide = Console.render(Morning.state(size: Size(columns: 40, rows: 10)), size: Size(columns: 40, rows: 10)).text
    #expect(wide.contains("Terminal too small: 40x10.") && wide.contains("80x24."), "\(wide)")
  }
}

/// Tickets are opened at the counter from the console; a draft is not thrown away by one key.
@Suite struct TicketsFromTheConsoleTests {
  @Test func aTicketIsOpenedFieldByField() {
    var state = Morning.state(tab: .tickets)
    _ = press(&state, .character("a"))
    #expect(Console.render(state, size: state.size).text.contains("New ticket: the customer's phone:"))
    type(&state, "67712x")
    _ = press(&state, .named(.enter))
    #expect(state.message?.role == .error && state.tickets.prompt == .newPhone(TextField("67712x")), "a bad phone is said, kept")
    _ = press(&state, .named(.backspace))
    type(&state, "3456")
    _ = press(&state, .named(.enter))
    #expect(state.tickets.prompt == .newName(phone: "+237677123456", TextField()))
    type(&state, String(repeating: "x", count: 81))
    #expect(state.tickets.prompt == .newName(phone: "+237677123456", TextField(String(repeating: "x", count: 80))), "the field stops at 80")
    _ = press(&state, .control("u"))
    type(&state, "Marie Ngono")
    _ = press(&state, .named(.enter), .named(.down))
    _ = press(&state, .character("4"))
    #expect(state.tickets.prompt == .newSubject(phone: "+237677123456", name: "Marie Ngono", .late, TextField()))
    _ = press(&state, .named(.enter))
    #expect(state.message?.text == "Say what it is about (1 to 120 characters).")
    type(&state, "Colis en retard")
    _ = press(&state, .named(.enter))
    let question = Console.render(state, size: state.size).question
    #expect(question?.hasPrefix("Open a ticket for Marie Ngono +237677123456: late, \"Colis en retard\"?") == true, "\(String(describing: question))")
    // What arrives meanwhile waits: the list does not move under the question.
    _ = Console.update(&state, .tickets(.loaded(Array(Morning.tickets.reversed()), staff: Morning.staffLogins)))
    #expect(state.tickets.pane.list.selected == 7)
    let opening = TicketsPane.Opening(phone: "+237677123456", name: "Marie Ngono", category: .late, subject: "Colis en retard")
    #expect(press(&state, .character("y")) == [.tickets(.open(opening))])
    #expect(Console.update(&state, .tickets(.opened(8))).starts(with: [.tickets(.load), .tickets(.loadConversation(ticket: 8))]))
    #expect(state.message?.text == "Ticket 8 opened.")
    var rows = Morning.tickets
    rows.insert(TicketRecord(
      id: 8, subject: "Colis en retard", category: .late, priority: .medium, status: .new, customer: "M*** N***", orderID: nil,
      assignee: "amina.n", createdAt: Morning.now, firstResponseAt: nil, messages: 0), at: 0)
    _ = Console.update(&state, .tickets(.loaded(rows, staff: Morning.staffLogins)))
    #expect(state.tickets.pane.list.selected == 8, "the new ticket is selected once read")
    var fr = Morning.state(.fr, tab: .tickets)
    _ = press(&fr, .character("a"))
    _ = press(&fr, .named(.escape))
    #expect(fr.tickets.prompt == nil)
  }

  @Test func escOnADraftAsksBeforeThrowingItAway() {
    var state = Morning.state(tab: .tickets)
    _ = press(&state, .character("r"))
    _ = press(&state, .named(.escape))
    #expect(state.tickets.prompt == nil, "an empty draft goes at once")
    _ = press(&state, .character("r"))
    type(&state, "Bonjour Madame,")
    _ = press(&state, .named(.enter))
    type(&state, "votre colis est arrivé.")
    _ = press(&state, .named(.escape))
    #expect(Console.render(state, size: state.size).question == "Throw away your text for ticket 7 (2 lines)? y yes   n no")
    _ = press(&state, .character("n"))
    guard case .editor(_, _, _, let area)? = state.tickets.prompt else {
      Issue.record("the draft was not given back")
      return
    }
    #expect(area.string == "Bonjour Madame,\nvotre colis est arrivé.")
    _ = press(&state, .named(.escape), .character("y"))
    #expect(state.tickets.prompt == nil && state.message?.text == "Draft thrown away.")
  }
}

/// A count open on this console keeps it blind at the counted locations on the scan queue too.
@Suite struct BlindOnTheScanQueueTests {
  @Test func aProductScanHidesTheCountedLocationsQuantity() {
    var state = Morning.state()
    _ = Console.update(&state, .stock(.done(.countOpened(id: 41, locations: ["A-01-1"]))))
    while state.scans.pane.list.selected != 11 { _ = Console.update(&state, .key(.named(.down))) }
    let text = Console.render(state, size: Size(columns: 132, rows: 43)).text
    #expect(text.contains("A-01-1         counting…  (shelf)") && text.contains("BACK           1  (back room)"), "\(text)")
    #expect(!text.contains("3 in all"), "the total would give the counted shelf away")
  }

  /// A count opened at another terminal (the counters say which locations): blind here too.
  @Test func aCountOpenedElsewhereIsBlindHereToo() {
    var state = Morning.state(tab: .stock)
    _ = Console.update(&state, .alerts(AlertCounts(counting: ["P-01"])))
    let text = Console.render(state, size: Size(columns: 132, rows: 43)).text
    #expect(text.contains("counting…") && !text.contains("P-01           1"), "\(text)")
  }
}

/// The demo's hint (its accounts, a pickup code that works) is in `?` too, while the console runs.
@Suite struct DemoHintInHelpTests {
  @Test func theHelpEndsWithTheDemosHint() {
    var state = Morning.state(size: Size(columns: 132, rows: 43))
    state.loginHint = LoginHint(lines: [[.init(login: "amina.n", secret: "2468", kind: .pin, role: .clerk)]], sample: "ORDER:1040054:KL0CBWFF")
    _ = press(&state, .character("?"), .named(.end), .named(.pageDown), .named(.pageDown))
    let text = Console.render(state, size: state.size).text
    #expect(text.contains("The demo") && text.contains("Try a pickup: ORDER:1040054:KL0CBWFF"), "\(text)")
    var plain = Morning.state(size: Size(columns: 132, rows: 43))
    _ = press(&plain, .character("?"), .named(.pageDown), .named(.pageDown))
    #expect(!Console.render(plain, size: plain.size).text.contains("The demo"), "a real point has no hint")
  }
}
