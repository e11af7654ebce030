import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// `update` driven with values: every action, every event.
@Suite struct ReducerTests {
  /// Every action of the keymap vocabulary, performed on the scan queue of a busy morning. The
  /// switch has no default: a new action does not compile until it has its test here.
  @Test(arguments: Action.allCases)
  func everyActionDoesWhatItSays(_ action: Action) {
    var state = Morning.state()
    let effects = Console.perform(&state, action)
    let selected = state.scans.pane.list.selected
    switch action {
    case .quit:
      #expect(effects == [.quit] && state.quitting)
    case .labelPrint:
      #expect(effects.isEmpty && state.labelPreview == nil, "a shelf label is printed from the stock tab")
    case .orderUnlock:
      #expect(effects.isEmpty && state.message == Message("amina.n is a clerk: may not unlock orders.", .error))
    case .logout:
      #expect(state.login == LoginPane.State(notice: Message("Logged out.", .muted)) && state.staff == nil, "back to the login screen")
      #expect(state.scans.pane.items.isEmpty, "nothing of the session is left on screen")
    case .help:
      #expect(state.help == 0 && effects.isEmpty)
    case .tabScans, .tabStock, .tabTickets:
      let tab = Tab.allCases.first { $0.action == action }
      let reads: [Tab: Effect] = [.scans: .scans(.load), .stock: .stock(.load), .tickets: .tickets(.load)]
      #expect(state.tab == tab && effects == reads[state.tab].map { [$0] })
    case .tabTeam:
      #expect(state.tab == .scans && effects.isEmpty, "the team's figures are for supervisors and admins")
      #expect(state.message == Message("amina.n is a clerk: may not see the team's figures.", .error))
    case .tabTasks, .nextTab:
      #expect(state.tab == .tasks && effects == [.tasks(.load(TaskFilter()))], "the board is read with its filters")
    case .previousTab:
      #expect(state.tab == .tickets && effects == [.tickets(.load)], "a clerk's tabs skip the team")
    case .moveUp, .first:
      #expect(selected == 12, "already on the first row")
    case .moveDown:
      #expect(selected == 11 && effects.isEmpty, "the product's detail is there already")
    case .pageUp:
      #expect(selected == 12)
    case .pageDown:
      #expect(selected == Morning.scans[Layout.pageRows(state.size)].id)
    case .last:
      #expect(selected == 3)
    case .open:
      #expect(state.scans.pane.zoomed)
    case .back:
      #expect(!state.scans.pane.zoomed && state.message == nil)
    case .filter:
      #expect(state.input == .filter(TextField()))
    case .scanInput:
      #expect(state.input == .scanner(TextField()))
    case .confirm:
      #expect(effects == [.scans(.handOver(order: 1_040_001, scan: 12))])
      #expect(state.scans.pending == 12)
    case .decline:
      #expect(effects.isEmpty && state.scans.declined == [12])
      #expect(state.message?.text == "Order 1040001 not handed over. Scan the code again to hand it over later.")
    case .reject:
      #expect(state.scans.refusal == .choosing(scan: 12, order: 1_040_001, index: 0))
    case .taskAdd, .taskStart, .taskWait, .taskResume, .taskDone, .taskCancel, .taskTake, .taskAssign, .taskPriority, .filterType,
      .filterAssignee, .filterState:
      #expect(effects.isEmpty && state == Morning.state(), "the task board's actions do nothing on the scan queue")
      taskActionOnTheBoard(action)
    case .stockView, .stockMove, .stockReverse, .transferSend, .transferReceive, .countOpen, .countAdd, .countClose:
      #expect(effects.isEmpty && state == Morning.state(), "the stock's actions do nothing on the scan queue")
      stockActionOnTheStock(action)
    case .ticketReply, .ticketAsk, .ticketIn, .ticketNote, .ticketResolve, .ticketClose, .ticketReopen, .ticketTake, .ticketAssign, .ticketOpen,
      .ticketReveal:
      #expect(effects.isEmpty && state == Morning.state(), "the tickets' actions do nothing on the scan queue")
      ticketActionOnTheTickets(action)
    case .auditView, .auditBy, .auditAction:
      #expect(effects.isEmpty && state == Morning.state(), "the audit view's actions do nothing on the scan queue")
      auditActionOnTheTeam(action)
    case .staffUnlock:
      #expect(effects.isEmpty && state.team.unlocking == nil, "a login is unlocked from the team")
    }
  }

  /// The tickets' actions on ticket 7 (new, high, nobody's).
  func ticketActionOnTheTickets(_ action: Action) {
    var state = Morning.state(tab: .tickets)
    #expect(state.tickets.pane.list.selected == 7)
    let effects = Console.perform(&state, action)
    let t = state.tickets
    switch action {
    case .ticketReply: #expect(t.prompt == .editor(ticket: 7, .outbound, waiting: false, TextArea()))
    case .ticketAsk: #expect(t.prompt == .editor(ticket: 7, .outbound, waiting: true, TextArea()))
    case .ticketIn: #expect(t.prompt == .editor(ticket: 7, .inbound, waiting: false, TextArea()))
    case .ticketNote: #expect(t.prompt == .editor(ticket: 7, .note, waiting: false, TextArea()))
    case .ticketResolve: #expect(t.prompt == .confirm(ticket: 7, .resolve))
    case .ticketClose: #expect(t.prompt == .rating(ticket: 7, index: 0))
    case .ticketReopen: #expect(effects.isEmpty && state.message?.text == "Ticket 7 is not resolved.")
    case .ticketTake: #expect(effects == [.tickets(.command(7, .assign("amina.n")))] && t.pending)
    case .ticketAssign: #expect(t.prompt == .assignee(ticket: 7, index: 0))
    case .ticketReveal: #expect(effects.isEmpty && t.prompt == .confirm(ticket: 7, .reveal))
    case .ticketOpen: #expect(effects.isEmpty && t.prompt == .newPhone(TextField()))
    default: Issue.record("\(action) is not a ticket action")
    }
  }

  /// The stock's actions on the stock of the same morning, product 100002 (on P-01) selected.
  func stockActionOnTheStock(_ action: Action) {
    var state = Morning.state(tab: .stock)
    #expect(state.stock.pane.list.selected == 100_002)
    let effects = Console.perform(&state, action)
    let st = state.stock
    switch action {
    case .stockView: #expect(st.showingFeed && effects == [.stock(.loadMovements)])
    case .stockMove: #expect(st.prompt == .moveType(product: 100_002, index: 0) && effects.isEmpty)
    case .stockReverse: #expect(st.prompt == nil && state.message?.text == "Reverse from the movements (v), on the movement to undo.")
    case .transferSend: #expect(st.prompt == .text(.destination(product: 100_002), TextField()))
    case .transferReceive: #expect(st.prompt == .text(.slip, TextField()))
    case .countOpen: #expect(st.prompt == .text(.countLocations, TextField(prefill: "P-01")), "the selected product's shelf to start with")
    case .countAdd, .countClose: #expect(effects.isEmpty && state.message?.text == "No count is open: c opens one.")
    default: Issue.record("\(action) is not a stock action")
    }
  }

  /// The board's actions on the task board of the same morning, task 31 (urgent, late, Amina's)
  /// selected.
  func taskActionOnTheBoard(_ action: Action) {
    var state = Morning.state(tab: .tasks)
    #expect(state.tasks.pane.list.selected == 31)
    let effects = Console.perform(&state, action)
    let t = state.tasks
    switch action {
    case .taskAdd: #expect(t.prompt == .newType(index: 0) && effects.isEmpty)
    case .taskStart: #expect(effects == [.tasks(.command(31, .start))] && t.pending)
    case .taskWait: #expect(t.prompt == .waitReason(task: 31, index: 0) && effects.isEmpty)
    case .taskResume: #expect(effects.isEmpty && state.message == Message("Task 31 is not waiting.", .error))
    case .taskDone: #expect(t.prompt == .confirm(task: 31, .done) && effects.isEmpty)
    case .taskCancel: #expect(t.prompt == .cancelReason(task: 31, TextField()) && effects.isEmpty)
    case .taskTake: #expect(effects.isEmpty && state.message == Message("Task 31 is already amina.n's.", .error))
    case .taskAssign: #expect(t.prompt == .assignee(task: 31, index: 1), "on its assignee, after nobody")
    case .taskPriority: #expect(t.prompt == .priority(task: 31, index: 0), "on its priority, urgent")
    case .filterType: #expect(effects == [.tasks(.load(TaskFilter(type: .stockReceive)))])
    case .filterAssignee: #expect(effects == [.tasks(.load(TaskFilter(assignee: .login("amina.n"))))])
    case .filterState: #expect(effects == [.tasks(.load(TaskFilter(state: .active)))])
    default: Issue.record("\(action) is not a task board action")
    }
  }

  @Test func keysReachTheirActionsThroughTheKeymap() {
    var state = Morning.state()
    #expect(press(&state, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
    #expect(press(&state, .character("y")).isEmpty, "a second y while the first is under way does nothing")
    #expect(press(&state, .character("3")) == [.stock(.load)])
    #expect(press(&state, .named(.tab)) == [.tickets(.load)])
    #expect(press(&state, .named(.backTab), .named(.backTab)) == [.stock(.load), .tasks(.load(TaskFilter()))])
    #expect(press(&state, .character("y")).isEmpty, "y means nothing on the task board")
    #expect(press(&state, .character("é")).isEmpty, "an unbound key does nothing")
    #expect(state.tab == .tasks)
    #expect(press(&state, .function(10)) == [.quit])
  }

  /// Review finding: the list came in ticket-id order. Open tickets now come by the nearest
  /// deadline (an unanswered URGENT one before an older LOW one), then those waiting for the
  /// customer, then the closed ones.
  @Test func ticketsComeByTheTimeLeft() {
    var state = Morning.state()
    func ticket(_ id: Int64, _ priority: Priority, _ status: TicketStatus, minutesAgo: Int64) -> TicketRecord {
      TicketRecord(
        id: id, subject: "t\(id)", category: .late, priority: priority, status: status, customer: "C***", orderID: nil, assignee: nil,
        createdAt: Morning.at(minutesAgo), firstResponseAt: nil, messages: 1)
    }
    let rows = [
      ticket(9, .low, .new, minutesAgo: 30), ticket(8, .urgent, .new, minutesAgo: 10), ticket(7, .low, .closed, minutesAgo: 5),
      ticket(6, .medium, .waitingCustomer, minutesAgo: 600), ticket(5, .low, .new, minutesAgo: 3000), ticket(4, .low, .closed, minutesAgo: 9000),
    ]
    _ = Console.update(&state, .tickets(.loaded(rows, staff: [])))
    #expect(state.tickets.pane.items.map(\.id) == [5, 8, 9, 6, 7, 4])
  }

  /// Review finding: a paste into the reply editor that begins like a code ("Oui, ...") comes as
  /// fast as a scanner and was taken for a scan. What is no VGK code goes to the text being
  /// typed; a real code is still a scan.
  @Test func aPasteThatIsNoCodeGoesToTheTextBeingTyped() {
    var state = Morning.state(.fr, tab: .tickets)
    _ = press(&state, .character("r"))
    #expect(Console.update(&state, .scanned("Oui, votre colis est bien arrivé")).isEmpty)
    guard case .editor(_, _, _, let area)? = state.tickets.prompt else {
      Issue.record("the editor closed")
      return
    }
    #expect(area.lines.map { String($0) } == ["Oui, votre colis est bien arrivé", ""] && state.tab == .tickets)
    #expect(Console.update(&state, .scanned("PRODUCT:100002")) == [.scans(.process("PRODUCT:100002", repaired: false))])
    #expect(state.tab == .tickets, "a code is a scan, taken into the queue; the reply stays on screen")
    if case .editor? = state.tickets.prompt {} else { Issue.record("the reply was dropped") }
    // The filter takes it too; with nothing being typed, a burst is a scan, whatever it holds.
    state = Morning.state(.fr)
    _ = press(&state, .character("n"))
    _ = press(&state, .character("/"))
    _ = Console.update(&state, .scanned("Pointe-Noire"))
    #expect(state.input == nil && state.scans.pane.list.filter == "pointe-noire")
    #expect(Console.update(&state, .scanned("Pointe-Noire")) == [.scans(.process("Pointe-Noire", repaired: false))])
  }

  /// A failure ends the wait of the tab whose effect failed, not the handover under way on
  /// another: a second `y` must still do nothing until the handover's own answer comes.
  @Test func aFailureElsewhereKeepsTheHandoverWaiting() {
    var state = Morning.state()
    #expect(press(&state, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
    state.tasks.pending = true
    _ = Console.update(&state, .failed(StaffDomain.Message(.internalError, .text("disk I/O error")), pane: Effect.tasks(.command(31, .start)).pane))
    #expect(!state.tasks.pending && state.scans.pending == 12)
    #expect(state.message == Message("Failed: internal error: disk I/O error", .error))
    #expect(press(&state, .character("y")).isEmpty, "the first y's handover is still under way")
    _ = Console.update(&state, .failed(StaffDomain.Message(.internalError, .text("disk I/O error")), pane: Effect.scans(.handOver(order: 1_040_001, scan: 12)).pane))
    #expect(state.scans.pending == nil)
    #expect(press(&state, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))], "its own failure ends it")
    // A failure no tab owns ends every wait, as before.
    state.stock.pending = true
    _ = Console.update(&state, .failed(StaffDomain.Message(.noOneOnDuty)))
    #expect(state.scans.pending == nil && !state.stock.pending)
    #expect(Effect.stock(.loadMovements).pane == .stock && Effect.tickets(.loadConversation(ticket: 7)).pane == .tickets)
    #expect(Effect.loadAlerts.pane == nil && Effect.team(.load).pane == .team)
  }

  @Test func aHandoverNeedsSomeoneOnDutyWhoMayHandOver() {
    var state = Morning.state()
    state.idleLock = IdleLock(seconds: 86400)
    state.staff = nil
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.role == .error && state.message?.text.contains("--staff") == true)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "solange.e is a supervisor: may not hand orders over or refuse them.")
    #expect(press(&state, .character("r")).isEmpty && state.scans.refusal == nil, "nor refuse them")
    state.staff = Morning.amina
    // Fifteen minutes after the check, the code must be scanned again.
    _ = Console.update(&state, .tick(Morning.at(1) + 16 * 60))
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "The check is over 15 minutes old: scan the code again to hand it over.")
    // Only a right code awaits a handover: not a product, not a code already handed over.
    _ = Console.update(&state, .tick(Morning.now))
    func handsOver(_ effects: [Effect]) -> Bool { effects.contains { if case .scans(.handOver) = $0 { true } else { false } } }
    #expect(!handsOver(press(&state, .named(.down), .character("y"))))
    #expect(!handsOver(press(&state, .named(.down), .named(.down), .character("y"))))
  }

  @Test func aRefusalIsChosenConfirmedAndSent() {
    var state = Morning.state()
    #expect(press(&state, .character("r"), .named(.down), .named(.down), .named(.up)).isEmpty)
    #expect(state.scans.refusal == .choosing(scan: 12, order: 1_040_001, index: 1))
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.scans.refusal == .confirming(scan: 12, order: 1_040_001, .parcelNotFound))
    #expect(press(&state, .character("2")).isEmpty, "tabs do not switch during a refusal")
    #expect(state.tab == .scans)
    #expect(press(&state, .character("y")) == [.scans(.refuseHandover(scan: 12, order: 1_040_001, reason: .parcelNotFound))])
    #expect(state.scans.refusal == nil && state.scans.pending == 12)

    state = Morning.state()
    #expect(press(&state, .character("r"), .character("3"), .character("y")) == [.scans(.refuseHandover(scan: 12, order: 1_040_001, reason: .parcelDamaged))])
    state = Morning.state()
    // On AZERTY the digit row without Shift: & is 1.
    #expect(press(&state, .character("r"), .character("&"), .character("y")) == [.scans(.refuseHandover(scan: 12, order: 1_040_001, reason: .wrongPerson))])
    state = Morning.state()
    #expect(press(&state, .character("r"), .named(.escape), .character("r"), .named(.enter), .character("n")).isEmpty)
    #expect(state.scans.refusal == nil)
    #expect(state.scans.declined.isEmpty, "n cancels the refusal, it does not decline the order")
  }

  @Test func theScannerLineTakesACodeAndTheFilterNarrowsTheList() {
    var state = Morning.state(tab: .stock)
    #expect(press(&state, .character("s")).isEmpty && state.input == nil, "s is the scan queue's key")
    _ = press(&state, .character("1"), .character("s"))
    type(&state, "ORDER:104")
    #expect(state.input == .scanner(TextField("ORDER:104")))
    _ = press(&state, .named(.backspace), .named(.left), .named(.delete), .character("9"))
    if case .scanner(let field)? = state.input { #expect(field.string == "ORDER:19") } else { Issue.record("the scanner line closed") }
    #expect(press(&state, .named(.enter)) == [.scans(.process("ORDER:19", repaired: false, typed: true))])
    #expect(state.input == nil)
    _ = press(&state, .character("s"))
    #expect(press(&state, .named(.enter)).isEmpty, "nothing typed, nothing sent")
    _ = press(&state, .character("s"))
    type(&state, "ORDER:1")
    #expect(press(&state, .named(.escape)).isEmpty && state.input == nil)

    _ = press(&state, .character("/"))
    type(&state, "LOCKED")
    #expect(state.scans.pane.ids(ScansPane.text) == [4])
    #expect(state.scans.pane.list.selected == 4)
    _ = press(&state, .named(.enter))
    #expect(state.input == nil && state.scans.pane.list.filter == "locked")
    _ = press(&state, .named(.escape))
    #expect(state.scans.pane.list.filter.isEmpty && state.scans.pane.ids(ScansPane.text).count == 10)
    #expect(state.scans.pane.list.selected == 4, "the selection stays where the filter left it")
  }

  @Test func helpOpensScrollsClosesAndQuits() {
    var state = Morning.state()
    _ = press(&state, .character("?"), .named(.down), .named(.down))
    #expect(state.help == 2)
    _ = press(&state, .character("q"))
    #expect(state.help == nil && !state.quitting, "q in the help closes it (bind help q back)")
    _ = press(&state, .function(1), .function(10))
    #expect(state.quitting)
  }

  /// A wedge scanner's burst is a scan wherever the console is; one set to a US layout on an
  /// AZERTY machine is read back.
  @Test func scannerBurstsAreScansAndWrongLayoutsAreRepaired() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("/"))
    #expect(Console.update(&state, .scanned("ORDER:1040001:K7Q2MX9A")) == [.scans(.process("ORDER:1040001:K7Q2MX9A", repaired: false))])
    #expect(state.tab == .scans && state.input == nil)
    #expect(Console.update(&state, .scanned("ORDERM&à'ààà&MK7A2?X9Q")) == [.scans(.process("ORDER:1040001:K7Q2MX9A", repaired: true))])
    #expect(Console.update(&state, .scanned("WIFI:S:x")) == [.scans(.process("WIFI:S:x", repaired: false))])
  }

  @Test func dataChangesReloadWhatIsShown() {
    var state = Morning.state(tab: .team)
    let check = Effect.checkAccount("amina.n")
    #expect(Console.update(&state, .dataChanged) == [.loadAlerts, .scans(.load), .team(.load), check])
    state.tab = .scans
    #expect(Console.update(&state, .dataChanged) == [.loadAlerts, .scans(.load), check])
  }

  /// The selection follows new scans while it is on the newest; otherwise it stays on its scan
  /// however the list moves.
  @Test func theSelectionFollowsNewScansOrStaysOnItsOwn() {
    var state = Morning.state()
    // "Not now" for the right code on screen: no question is open, new scans show at once.
    _ = press(&state, .character("n"))
    let newer = Morning.scan(13, 0, .camera, "PRODUCT:100002", .product, "shown", file: "IMG_0413.jpg")
    #expect(Console.update(&state, .scans(.loaded([newer] + Morning.scans))) == [.scans(.loadDetail(scan: 13))])
    #expect(state.scans.pane.list.selected == 13)
    _ = press(&state, .named(.down), .named(.down))
    #expect(state.scans.pane.list.selected == 11)
    let newest = Morning.scan(14, 0, .camera, "PRODUCT:100003", .product, "shown", file: "IMG_0414.jpg")
    _ = Console.update(&state, .scans(.loaded([newest, newer] + Morning.scans)))
    #expect(state.scans.pane.list.selected == 11)
    // The selected scan gone (an older list): the row now at its place.
    _ = Console.update(&state, .scans(.loaded(Morning.scans.filter { $0.id != 11 })))
    #expect(state.scans.pane.list.selected == 8)
    var tasks = Morning.state(tab: .tasks)
    _ = press(&tasks, .named(.down))
    #expect(tasks.tasks.pane.list.selected == 32)
    _ = Console.update(&tasks, .tasks(.loaded(TaskPage(tasks: Morning.tasks.reversed(), total: 5), staff: Morning.staffLogins)))
    #expect(tasks.tasks.pane.list.selected == 32)
  }

  @Test func resultsOfEffectsAreShown() {
    var state = Morning.state()
    // On a product's scan no question is open: a scan's result is shown at once.
    _ = press(&state, .named(.down))
    let result = ScanResult(scanID: 20, payload: "ORDER:1040002:***", kind: .order, outcome: .order(Morning.order))
    #expect(Console.update(&state, .scans(.processed(result, repaired: true))) == [.scans(.load)])
    #expect(state.scans.pane.list.selected == 20 && state.scans.details[20] == .order(Morning.order))
    #expect(state.message?.text.hasPrefix("The scanner types as on a US keyboard") == true)

    _ = press(&state, .character("y"))
    #expect(Console.update(&state, .scans(.handedOver(order: 1_040_001, scan: 12))) == [.scans(.load), .loadAlerts])
    #expect(state.message == Message("Order 1040001 handed over. Give the parcel from P-01.", .ok))
    #expect(state.scans.pending == nil)

    let gone = PickupRefusal(orderID: 1_040_001, .alreadyPickedUp(HandoverFacts(staffLogin: "brice.k", staffName: "Brice Kamga", terminal: "counter-2", at: Morning.at(1))))
    _ = Console.update(&state, .scans(.handOverRefused(scan: 12, gone)))
    #expect(state.message == Message("Not handed over: Handed over by Brice Kamga (brice.k) on 2026-11-20 09:29. Do not hand anything over.", .error))

    let decision = ScanDecision(kind: .refused, reason: "parcel_damaged", staff: "amina.n", at: Morning.now)
    _ = Console.update(&state, .scans(.refusalRecorded(scan: 12, order: 1_040_001, decision)))
    #expect(state.message == Message("Order 1040001 not handed over: parcel damaged. Recorded.", .warning))
    _ = Console.update(&state, .scans(.refusalFailed(scan: 12, .alreadyDecided(decision))))
    #expect(state.message?.text == "Not recorded: Refused by amina.n on 2026-11-20 09:30: parcel damaged.")
    _ = Console.update(&state, .failed(StaffDomain.Message(.internalError, .text("disk I/O error"))))
    #expect(state.message == Message("Failed: internal error: disk I/O error", .error))

    _ = Console.update(&state, .tick(Morning.now + 60))
    #expect(state.now == Morning.now + 60)
    _ = Console.update(&state, .resize(Size(columns: 100, rows: 30)))
    #expect(state.size == Size(columns: 100, rows: 30))
    _ = Console.update(&state, .camera(CameraStatus(taken: 4, quarantined: 1)))
    #expect(state.camera == CameraStatus(taken: 4, quarantined: 1))
  }

  // MARK: The task board

  @Test func theBoardsQuestionsAreAnsweredWithKeysAndDigits() {
    var state = Morning.state(tab: .tasks)
    // Wait: the reason by Down and Enter, or by its digit (AZERTY's too).
    #expect(press(&state, .character("w"), .named(.down), .named(.enter)) == [.tasks(.command(31, .wait(.supplier)))])
    #expect(state.tasks.prompt == nil && state.tasks.pending)
    #expect(press(&state, .character("s")).isEmpty, "one command at a time")
    _ = Console.update(&state, .tasks(.changed(Morning.tasks[0], .wait(.supplier))))
    #expect(!state.tasks.pending)
    #expect(press(&state, .character("w"), .character("3")) == [.tasks(.command(31, .wait(.otherStaff)))])
    state.tasks.pending = false
    #expect(press(&state, .character("w"), .character("é")) == [.tasks(.command(31, .wait(.supplier)))], "é is 2 on AZERTY")
    state.tasks.pending = false
    #expect(press(&state, .character("w"), .character("9")).isEmpty && state.tasks.prompt == .waitReason(task: 31, index: 0), "no 9th reason")
    #expect(state.tab == .tasks, "digits pick, they do not switch tabs")
    _ = press(&state, .named(.escape))
    #expect(state.tasks.prompt == nil)
    // Priority and assignee pickers.
    #expect(press(&state, .character("p"), .character("4")) == [.tasks(.command(31, .priority(.low)))])
    state.tasks.pending = false
    #expect(press(&state, .character("A"), .named(.down), .named(.enter)) == [.tasks(.command(31, .assign("brice.k")))])
    state.tasks.pending = false
    #expect(press(&state, .character("A"), .character("1")) == [.tasks(.command(31, .assign(nil)))], "1 is nobody")
    state.tasks.pending = false
    #expect(press(&state, .character("p"), .character("1")).isEmpty, "already urgent")
    #expect(state.message == Message("Task 31 is already urgent.", .error))
    // Done asks y/n; n leaves it.
    #expect(press(&state, .character("d"), .character("n")).isEmpty && state.tasks.prompt == nil)
    #expect(press(&state, .character("d"), .character("y")) == [.tasks(.command(31, .done))])
  }

  @Test func aCancelNeedsAReasonThenAYes() {
    var state = Morning.state(.fr, tab: .tasks)
    _ = press(&state, .character("x"))
    #expect(state.tasks.prompt == .cancelReason(task: 31, TextField()))
    // Every key types while the reason is open: q, digits, y.
    type(&state, "q1y")
    #expect(state.tasks.prompt == .cancelReason(task: 31, TextField("q1y")) && !state.quitting && state.tab == .tasks)
    _ = press(&state, .control("u"))
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.message == Message("Annuler la tâche 31 demande un motif.", .error))
    type(&state, "Client injoignable")
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.tasks.prompt == .confirm(task: 31, .cancel(reason: "Client injoignable")))
    #expect(press(&state, .character("y")) == [.tasks(.command(31, .cancel(reason: "Client injoignable")))])
    _ = press(&state, .character("x"), .character("a"), .named(.escape))
    #expect(state.tasks.prompt == nil, "Esc drops the reason")
  }

  @Test func aNewTaskIsATypeAPriorityAndATitle() {
    var state = Morning.state(tab: .tasks)
    _ = press(&state, .character("a"))
    #expect(state.tasks.prompt == .newType(index: 0))
    _ = press(&state, .named(.down), .named(.down), .named(.enter))
    #expect(state.tasks.prompt == .newPriority(.orderPickup, index: 2), "medium first")
    _ = press(&state, .character("2"))
    #expect(state.tasks.prompt == .newTitle(.orderPickup, .high, TextField()))
    #expect(press(&state, .named(.enter)).isEmpty && state.message?.text == "A task needs a title.")
    type(&state, "Préparer 1040009")
    #expect(press(&state, .named(.enter)) == [.tasks(.add(NewTask(type: .orderPickup, priority: .high, title: "Préparer 1040009")))])
    #expect(state.tasks.prompt == nil && state.tasks.pending)
    var added = Morning.tasks[0]
    added.id = 40
    #expect(Console.update(&state, .tasks(.added(added))) == [.tasks(.load(TaskFilter()))])
    #expect(state.tasks.pane.list.selected == 40 && state.message == Message("Task 40 added.", .ok) && !state.tasks.pending)
  }

  @Test func theBoardNeedsSomeoneOnDutyAndRefusesWhatTheTaskRefuses() {
    var state = Morning.state(tab: .tasks)
    state.staff = nil
    for key in ["s", "w", "d", "x", "m", "A", "p", "a"] {
      #expect(press(&state, .character(Character(key))).isEmpty, "\(key)")
      #expect(state.message?.role == .error && state.message?.text.contains("--staff") == true, "\(key)")
      #expect(state.tasks.prompt == nil)
    }
    state = Morning.state(.fr, tab: .tasks)
    _ = press(&state, .named(.end))  // task 30, done
    #expect(state.tasks.pane.list.selected == 30)
    for key in ["s", "w", "r", "d", "x", "m", "A", "p"] {
      #expect(press(&state, .character(Character(key))).isEmpty, "\(key)")
      #expect(state.message == Message("La tâche 30 est faite\u{00A0}: une tâche fermée ne change plus.", .error), "\(key)")
      #expect(state.tasks.prompt == nil)
    }
    _ = press(&state, .named(.up), .named(.up))  // task 33, waiting
    #expect(press(&state, .character("s")).isEmpty && state.message?.text == "La tâche 33 est en attente\u{00A0}: reprenez-la plutôt.")
    #expect(press(&state, .character("w")).isEmpty && state.message?.text == "La tâche 33 est déjà en attente (client).")
    #expect(press(&state, .character("r")) == [.tasks(.command(33, .resume))])
  }

  @Test func theStoresAnswersAreShown() {
    var state = Morning.state(.fr, tab: .tasks)
    var started = Morning.tasks[3]
    started.status = .inProgress
    #expect(Console.update(&state, .tasks(.changed(started, .start))) == [.tasks(.load(TaskFilter()))])
    #expect(state.message == Message("Tâche 34 commencée.", .ok))
    #expect(state.tasks.pane.items.first { $0.id == 34 }?.status == .inProgress, "shown at once, before the board is read again")
    _ = Console.update(&state, .tasks(.changed(Morning.tasks[0], .priority(.urgent))))
    #expect(state.message?.text == "La tâche 31 est maintenant urgente\u{00A0}: échéance 20/11/2026 09:25.")
    _ = Console.update(&state, .tasks(.changed(Morning.tasks[0], .wait(.otherStaff))))
    #expect(state.message?.text == "La tâche 31 attend\u{00A0}: collègue. Son horloge est arrêtée.")
    // Another terminal closed it meanwhile: the store's refusal, in French, and the board read again.
    state.tasks.pending = true
    let refusal = TaskRefusal(task: 31, .closed(.cancelled), StaffDomain.Message(.taskClosed, .id(31), .word(.taskStatus, "cancelled")))
    #expect(Console.update(&state, .tasks(.refused(refusal))) == [.tasks(.load(TaskFilter()))])
    #expect(state.message == Message("La tâche 31 est annulée\u{00A0}: une tâche fermée ne change plus.", .error) && !state.tasks.pending)
  }

  @Test func filtersCycleAndAreReadByTheStore() {
    var state = Morning.state(tab: .tasks)
    var types: [TaskType?] = []
    for _ in 0..<7 {
      _ = press(&state, .character("t"))
      types.append(state.tasks.filter.type)
    }
    #expect(types == TaskType.allCases.map { $0 } + [nil])
    #expect(press(&state, .character("u")) == [.tasks(.load(TaskFilter(assignee: .login("amina.n"))))])
    #expect(press(&state, .character("u")) == [.tasks(.load(TaskFilter(assignee: .nobody)))])
    #expect(press(&state, .character("u")) == [.tasks(.load(TaskFilter()))])
    var states: [TaskFilter.State] = []
    for _ in 0..<9 {
      _ = press(&state, .character("f"))
      states.append(state.tasks.filter.state)
    }
    #expect(states == [.active, .status(.open), .status(.inProgress), .status(.waiting), .overdue, .status(.done), .status(.cancelled), .board, .active])
    // The board is read again on the minute (countdowns make tasks late), and with its filter.
    #expect(Console.update(&state, .tick(Morning.now + 20)).isEmpty)
    #expect(Console.update(&state, .tick(Morning.now + 60)) == [.loadAlerts, .tasks(.load(TaskFilter(state: .active)))])
    state.tab = .stock
    #expect(Console.update(&state, .tick(Morning.now + 120)) == [.loadAlerts])
    #expect(Console.update(&state, .dataChanged) == [.loadAlerts, .scans(.load), .stock(.load), .checkAccount("amina.n")])
    state.tab = .tasks
    #expect(
      Console.update(&state, .dataChanged) == [.loadAlerts, .scans(.load), .tasks(.load(TaskFilter(state: .active))), .checkAccount("amina.n")])
  }

  // MARK: The stock

  @Test func aMovementIsDraftedFieldByFieldThenConfirmed() {
    var state = Morning.state(tab: .stock)
    // m, 2 (PICK), the quantity 1 as offered, from its only shelf as offered, y.
    _ = press(&state, .character("m"), .character("2"))
    #expect(state.stock.prompt == .text(.quantity(StockPane.Draft(type: .pick, product: 100_002)), TextField(prefill: "1")))
    _ = press(&state, .named(.enter))
    #expect(state.stock.prompt == .text(.from(StockPane.Draft(type: .pick, product: 100_002)), TextField(prefill: "P-01")))
    _ = press(&state, .named(.enter))
    #expect(state.stock.prompt == .confirm(.move(type: .pick, product: 100_002, quantity: 1, from: "P-01", to: nil, reason: nil)))
    #expect(press(&state, .character("y")) == [.stock(.command(.move(type: .pick, product: 100_002, quantity: 1, from: "P-01", to: nil, reason: nil)))])
    #expect(state.stock.pending && state.stock.prompt == nil)
    // A DAMAGE asks the reason and will not go without one; a bad quantity is said.
    state.stock.pending = false
    _ = press(&state, .character("m"), .named(.down), .named(.down), .named(.down), .named(.enter))
    _ = press(&state, .control("u"))
    type(&state, "0")
    #expect(press(&state, .named(.enter)).isEmpty && state.message?.text == "A quantity is a whole number from 1 to 100 000.")
    _ = press(&state, .control("u"))
    type(&state, "1")
    _ = press(&state, .named(.enter), .named(.enter), .named(.enter))
    #expect(state.message?.text == "This needs a reason.")
    type(&state, "écran fêlé")
    _ = press(&state, .named(.enter))
    #expect(press(&state, .character("y")) == [.stock(.command(.move(type: .damage, product: 100_002, quantity: 1, from: "P-01", to: nil, reason: "écran fêlé")))])
    // A RECEIVE goes to BACK unless told otherwise.
    state.stock.pending = false
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    #expect(state.stock.prompt == .text(.to(StockPane.Draft(type: .receive, product: 100_002)), TextField(prefill: "BACK")))
    _ = press(&state, .named(.enter), .character("n"))
    #expect(state.stock.prompt == nil, "n drops it")
  }

  /// A count left open (the console was locked mid-count) is taken up again when `c` asks for
  /// its locations: the runner answers `.countResumed`, and scans count in it once more.
  @Test func aCountLeftOpenIsTakenUpAgain() {
    var state = Morning.state(tab: .stock)
    #expect(press(&state, .character("C")).isEmpty && state.message?.text == "No count is open: c opens one.")
    _ = press(&state, .character("c"))
    #expect(press(&state, .named(.enter)) == [.stock(.command(.openCount(locations: ["P-01"])))])
    _ = Console.update(&state, .stock(.done(.countResumed(id: 7, locations: ["P-01"], lines: 4))))
    #expect(state.stock.count == StockPane.OpenCount(id: 7, locations: ["P-01"], entries: 4))
    #expect(state.message?.text == "Count 7 of P-01 was open: taken up again (4 lines counted so far); scan the products there.")
    #expect(Console.update(&state, .scanned("PRODUCT:100002")) == [.stock(.command(.count(count: 7, product: 100_002, quantity: nil)))])
  }

  /// Review finding: an ADJUSTMENT (or a RETURN) went out of the location offered unless the
  /// clerk cleared it. Its quantity now says the way: +N into a location, -N out of one.
  @Test func anAdjustmentSaysWhichWayItGoes() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("m"), .character("5"))
    #expect(state.stock.prompt == .text(.quantity(StockPane.Draft(type: .adjustment, product: 100_002)), TextField("")))
    type(&state, "2")
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.message?.text == "Say which way: +3 puts 3 into a location, -3 takes 3 out of one.")
    for bad in ["+0", "-x", "+", "++2", "+100001", "2+"] {
      _ = press(&state, .control("u"))
      type(&state, bad)
      #expect(press(&state, .named(.enter)).isEmpty, "\(bad)")
      #expect(state.message?.text.hasPrefix(bad == "2+" ? "Say which way" : "A quantity is a whole number") == true, "\(bad)")
    }
    _ = press(&state, .control("u"))
    type(&state, "−1")
    _ = press(&state, .named(.enter))
    #expect(state.stock.prompt == .text(.from(StockPane.Draft(type: .adjustment, product: 100_002, quantity: 1)), TextField(prefill: "P-01")),
      "a typographic minus is a minus")
    _ = press(&state, .named(.escape), .character("m"), .character("5"))
    type(&state, "+2")
    _ = press(&state, .named(.enter))
    #expect(state.stock.prompt == .text(.to(StockPane.Draft(type: .adjustment, product: 100_002, quantity: 2)), TextField(prefill: "P-01")))
    _ = press(&state, .named(.enter))
    type(&state, "found behind the shelf")
    _ = press(&state, .named(.enter))
    #expect(press(&state, .character("y")) == [
      .stock(.command(.move(type: .adjustment, product: 100_002, quantity: 2, from: nil, to: "P-01", reason: "found behind the shelf")))
    ])
    state.stock.pending = false
    // -1 out of the shelf; a RETURN asks the way too, in French as well.
    _ = press(&state, .character("m"), .character("5"))
    type(&state, "-1")
    _ = press(&state, .named(.enter))
    #expect(state.stock.prompt == .text(.from(StockPane.Draft(type: .adjustment, product: 100_002, quantity: 1)), TextField(prefill: "P-01")))
    _ = press(&state, .named(.escape))
    state.language = .fr
    _ = press(&state, .character("m"), .character("3"))
    #expect(StockPane.typingPrompt(state.stock, strings: state.strings)?.0 == "retour de 100002, +N dans un emplacement ou -N hors d'un\u{00A0}:")
    type(&state, "3")
    _ = press(&state, .named(.enter))
    #expect(state.message?.text == "Dans quel sens\u{00A0}: +3 met 3 dans un emplacement, -3 en retire 3.")
  }

  @Test func aSupervisorReviewsTheStockWithoutChangingIt() {
    var state = Morning.state(tab: .stock)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    for key in ["m", "T", "V", "c"] {
      #expect(press(&state, .character(Character(key))).isEmpty && state.stock.prompt == nil, "\(key)")
      #expect(state.message?.text == "solange.e is a supervisor: may not change stock.")
    }
    #expect(press(&state, .character("v")) == [.stock(.loadMovements)], "she reads the feed")
  }

  @Test func aCountTakesTheScansUntilItIsClosed() {
    var state = Morning.state(tab: .stock)
    #expect(press(&state, .character("c"), .named(.enter)) == [.stock(.command(.openCount(locations: ["P-01"])))])
    #expect(Console.update(&state, .stock(.done(.countOpened(id: 7, locations: ["P-01"])))) == [.stock(.load), .stock(.loadHistory(product: 100_002))])
    #expect(state.stock.count == StockPane.OpenCount(id: 7, locations: ["P-01"], entries: 0))
    #expect(state.message?.text == "Count 7 open for P-01: scan the products there.")
    // A scanned product counts; any other scan goes to the queue as always.
    #expect(Console.update(&state, .scanned("PRODUCT:100002")) == [.stock(.command(.count(count: 7, product: 100_002, quantity: nil)))])
    _ = Console.update(&state, .stock(.done(.counted(product: 100_002, location: "P-01", quantity: 1))))
    #expect(state.stock.count?.entries == 1 && state.tab == .stock)
    #expect(Console.update(&state, .scanned("ORDER:1040001:K7Q2MX9A")) == [.scans(.process("ORDER:1040001:K7Q2MX9A", repaired: false))])
    state.tab = .stock
    // Typed: how many are there.
    _ = press(&state, .character("+"))
    type(&state, "3")
    #expect(press(&state, .named(.enter)) == [.stock(.command(.count(count: 7, product: 100_002, quantity: 3)))])
    state.stock.pending = false
    #expect(press(&state, .character("c")).isEmpty && state.message?.text == "Count 7 is already open here: close it first (C).")
    #expect(press(&state, .character("C")) == [.stock(.query(.closeCount(7)))])
    let preview = CountPreview(
      countID: 7, locations: ["P-01"], counted: [.init(productID: 100_002, title: "Lampe solaire", location: "P-01", expected: 1, counted: 3)],
      uncounted: [])
    _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
    #expect(press(&state, .character("y")) == [.stock(.command(.closeCount(7, expecting: preview.fingerprint)))])
    _ = Console.update(&state, .stock(.done(.countClosed(id: 7, lines: 2, adjusted: 1))))
    #expect(state.stock.count == nil && state.message?.text == "Count 7 closed: 2 lines, 1 adjusted.")
    _ = Console.update(&state, .stock(.refused(StaffDomain.Message(.countIs, .id(7), .state("count", "closed")))))
    #expect(state.message == Message("Refused: count 7 is closed", .error))
  }

  @Test func transfersAndReversalsFromTheStock() {
    var state = Morning.state(.fr, tab: .stock)
    _ = press(&state, .character("T"))
    type(&state, "dla-bali")
    _ = press(&state, .named(.enter), .control("u"))
    type(&state, "2")
    _ = press(&state, .named(.enter))
    // From the product's only shelf, as offered; another can be typed (the store checks it).
    #expect(state.stock.prompt == .text(.sendFrom(product: 100_002, to: "DLA-BALI", quantity: 2), TextField(prefill: "P-01")))
    _ = press(&state, .control("u"))
    #expect(press(&state, .named(.enter)).isEmpty && state.message?.text == "Donnez un emplacement (comme A-03-2 ou BACK).")
    type(&state, "back")
    _ = press(&state, .named(.enter))
    if case .confirm(let command)? = state.stock.prompt {
      #expect(StockPane.describe(command, strings: state.strings) == "Envoyer 2 x 100002 depuis BACK vers DLA-BALI\u{202F}?")
    }
    #expect(press(&state, .character("y")) == [.stock(.command(.send(to: "DLA-BALI", product: 100_002, quantity: 2, from: "BACK")))])
    _ = Console.update(&state, .stock(.done(.sent(transfer: 4, slip: 812, to: "DLA-BALI"))))
    #expect(state.message?.text == "Transfert 4 vers DLA-BALI envoyé\u{00A0}: imprimez son bordereau INVENTORY:812.")
    _ = press(&state, .character("V"))
    type(&state, "INVENTORY:812")
    _ = press(&state, .named(.enter), .named(.enter))
    #expect(press(&state, .character("y")) == [.stock(.command(.receive(slip: 812, into: "BACK")))])
    state.stock.pending = false
    // Reverse: from the feed, on the movement.
    #expect(press(&state, .character("v")) == [.stock(.loadMovements)])
    _ = Console.update(&state, .stock(.movements(Morning.movements)))
    _ = press(&state, .character("R"))
    type(&state, "erreur de saisie")
    _ = press(&state, .named(.enter))
    #expect(press(&state, .character("y")) == [.stock(.command(.reverse(movement: 903, reason: "erreur de saisie")))])
  }

  @Test func aTransferSlipScannedHereIsReceivedWithY() {
    var state = Morning.state()
    let incoming = IncomingTransfer(
      id: 4, slip: 812, from: "DLA-BALI", status: "sent", sentAt: Morning.at(120),
      lines: [IncomingTransfer.Line(productID: 100_001, title: "Radio Tecno", quantity: 2)])
    let result = ScanResult(scanID: 20, payload: "INVENTORY:812", kind: .inventory, outcome: .transfer(incoming))
    _ = press(&state, .named(.down))
    #expect(Console.update(&state, .scans(.processed(result, repaired: false))) == [.scans(.load)])
    #expect(state.message == Message("Transfer 4 from DLA-BALI: to receive", .ok) && state.scans.details[20] == .transfer(incoming))
    var rows = Morning.scans
    rows.insert(Morning.scan(20, 0, .scanner, "INVENTORY:812", .inventory, "shown"), at: 0)
    _ = Console.update(&state, .scans(.loaded(rows)))
    #expect(press(&state, .character("y")) == [.stock(.command(.receive(slip: 812, into: "BACK")))])
    // Received: the queue reads the slip's detail again (it now says so).
    #expect(Console.update(&state, .stock(.done(.received(transfer: 4, from: "DLA-BALI", units: 2)))).contains(.scans(.loadDetail(scan: 20))))
    #expect(state.message?.text == "Transfer 4 from DLA-BALI received: 2 units in.")
  }

  // MARK: Counts show what they post; new locations are asked about

  static let lamp = CountPreview.Line(productID: 100_002, title: "Lampe solaire", location: "P-01", expected: 1, counted: 3)
  static let dress = CountPreview.Line(productID: 100_168, title: "Robe wax maxi taille L", location: "P-01", expected: 2, counted: 0)

  /// A state on the stock tab with count 7 of P-01 open.
  func counting(_ language: Language = .en) -> AppState {
    var state = Morning.state(language, tab: .stock)
    _ = Console.update(&state, .stock(.done(.countOpened(id: 7, locations: ["P-01"]))))
    return state
  }

  /// C reads what the close would post; the list shows counted / expected / difference, then
  /// what nobody counted (written off); y posts exactly it (its fingerprint); a close refused
  /// because the stock changed shows the new differences, to be confirmed again.
  @Test func aCountCloseShowsItsDifferencesThenPostsThem() {
    var state = counting()
    #expect(press(&state, .character("C")) == [.stock(.query(.closeCount(7)))])
    #expect(state.stock.prompt == .previewingClose(count: 7))
    #expect(press(&state, .character("y")).isEmpty, "nothing to say yes to yet")
    #expect(Console.render(state, size: Size(columns: 80, rows: 24)).text.contains("Reading what closing count 7 would post…"))
    let preview = CountPreview(countID: 7, locations: ["P-01"], counted: [Self.lamp], uncounted: [Self.dress])
    // An answer for another count, or not asked for, is dropped.
    _ = Console.update(&state, .stock(.answer(.closeCount(CountPreview(countID: 8, locations: ["B"], counted: [], uncounted: []), changed: false))))
    #expect(state.stock.prompt == .previewingClose(count: 7))
    _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
    #expect(state.stock.prompt == .closePreview(preview, changed: false, top: 0))
    let text = Console.render(state, size: Size(columns: 80, rows: 24)).text
    for part in [
      "Close count 7 (P-01): what will be posted", "Location     Product", "Counted Expected   Diff.",
      "P-01         100002 Lampe solaire                           3        1      +2",
      "Not counted: written off (expected → 0)", "P-01         100168 Robe wax maxi taille L                  -        2      -2",
      "Differences to post: 2.", "y post   n not now",
    ] {
      #expect(text.contains(part), "\(part)\n\(text)")
    }
    #expect(press(&state, .character("y")) == [.stock(.command(.closeCount(7, expecting: preview.fingerprint)))])
    #expect(state.stock.pending && state.stock.prompt == nil)
    // Another terminal moved stock: refused, the new differences are shown.
    var moved = preview
    moved.uncounted[0].expected = 3
    moved = CountPreview(countID: 7, locations: ["P-01"], counted: moved.counted, uncounted: moved.uncounted)
    #expect(moved.fingerprint != preview.fingerprint)
    _ = Console.update(&state, .stock(.answer(.closeCount(moved, changed: true))))
    #expect(state.stock.prompt == .closePreview(moved, changed: true, top: 0) && !state.stock.pending)
    #expect(Console.render(state, size: Size(columns: 100, rows: 30)).text.contains(
      "The stock changed since the differences were shown: nothing was posted; here they are now."))
    #expect(press(&state, .character("y")) == [.stock(.command(.closeCount(7, expecting: moved.fingerprint)))])
    // n: not now, nothing posted; Esc too.
    state.stock.pending = false
    _ = press(&state, .character("C"))
    _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
    #expect(press(&state, .character("n")).isEmpty && state.stock.prompt == nil)
    _ = press(&state, .character("C"), .named(.escape))
    #expect(state.stock.prompt == nil)
    #expect(Console.update(&state, .stock(.answer(.closeCount(preview, changed: false)))).isEmpty && state.stock.prompt == nil, "too late")
    // A long list scrolls, within its lines.
    let many = CountPreview(
      countID: 7, locations: ["P-01"],
      counted: (0..<40).map { .init(productID: 200_000 + Int64($0), title: "Article \($0)", location: "P-01", expected: 1, counted: 2) },
      uncounted: [Self.dress])
    _ = press(&state, .character("C"))
    _ = Console.update(&state, .stock(.answer(.closeCount(many, changed: false))))
    _ = press(&state, .named(.down), .named(.down))
    #expect(state.stock.prompt == .closePreview(many, changed: false, top: 2))
    _ = press(&state, .named(.pageDown), .named(.pageDown), .named(.pageDown), .named(.pageDown), .named(.pageDown))
    #expect(state.stock.prompt == .closePreview(many, changed: false, top: 41))
    let bottom = Console.render(state, size: Size(columns: 80, rows: 24)).text
    #expect(bottom.contains("100168 Robe") && bottom.contains("Differences to post: 41.") && bottom.contains("y post"), "\(bottom)")
    _ = press(&state, .named(.up))
    for _ in 0..<6 { _ = press(&state, .named(.pageUp)) }
    #expect(state.stock.prompt == .closePreview(many, changed: false, top: 0))
    // The store refused the preview (the count was closed elsewhere): said, no question left.
    _ = press(&state, .character("n"), .character("C"))
    _ = Console.update(&state, .stock(.refused(StaffDomain.Message(.countIs, .id(7), .state("count", "closed")))))
    #expect(state.stock.prompt == nil && state.message == Message("Refused: count 7 is closed", .error))
  }

  /// A count where nothing was counted asks a second time, naming what would be written off.
  @Test func aCountWithNothingCountedAsksTwice() {
    for language in Language.allCases {
      var state = counting(language)
      let preview = CountPreview(
        countID: 7, locations: ["P-01"], counted: [],
        uncounted: [Self.dress, .init(productID: 100_002, title: "Lampe solaire", location: "P-01", expected: 1, counted: 0)])
      _ = press(&state, .character("C"))
      _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
      #expect(press(&state, .character("y")).isEmpty && state.stock.prompt == .confirmNothingCounted(preview))
      let text = Console.render(state, size: Size(columns: 80, rows: 24)).text.replacingOccurrences(of: "\n", with: " ")
      let question = language == .en
        ? "Nothing was counted in count 7: closing it writes off all the ledger has there (units: 3, products: 2). Is nothing there?"
        : "Rien n'a été compté dans l'inventaire 7\u{00A0}: le clore sort tout ce que le stock a là (unités\u{00A0}: 3, produits\u{00A0}: 2). N'y a-t-il vraiment rien\u{202F}?"
      #expect(text.contains(question), "\(text)")
      #expect(press(&state, .character("n")).isEmpty && state.stock.prompt == nil)
      _ = press(&state, .character("C"))
      _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
      #expect(press(&state, .character("y"), .character("y")) == [.stock(.command(.closeCount(7, expecting: preview.fingerprint, nothingCounted: true)))])
    }
    // Nothing counted and nothing there: nothing to write off, one y.
    var state = counting()
    let nothing = CountPreview(countID: 7, locations: ["P-01"], counted: [], uncounted: [])
    _ = press(&state, .character("C"))
    _ = Console.update(&state, .stock(.answer(.closeCount(nothing, changed: false))))
    #expect(Console.render(state, size: Size(columns: 80, rows: 24)).text.contains("Nothing to post: nothing was counted"))
    #expect(press(&state, .character("y")) == [.stock(.command(.closeCount(7, expecting: nothing.fingerprint)))])
  }

  /// A code the point has never used asks "New location ZZZ-9?" before a movement creates it:
  /// y goes on (the command may create it, and says so), n goes back to the field. A code on
  /// the list is known; a code against the grammar is refused with the reason.
  @Test func aNewLocationIsAskedAboutBeforeAMovementCreatesIt() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    let draft = StockPane.Draft(type: .receive, product: 100_002)
    #expect(state.stock.prompt == .text(.to(draft), TextField(prefill: "BACK")))
    type(&state, "ZZZ-9")
    #expect(state.stock.prompt == .text(.to(draft), TextField("ZZZ-9")), "typed over BACK, not after it")
    #expect(press(&state, .named(.enter)) == [.stock(.query(.newLocations(["ZZZ-9"])))])
    #expect(state.stock.prompt == .checkingLocations(.to(draft), typed: "ZZZ-9", codes: ["ZZZ-9"]))
    #expect(press(&state, .character("y")).isEmpty, "no question yet")
    // An answer to another question is dropped.
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["Q-1"], new: ["Q-1"]))))
    #expect(state.stock.prompt == .checkingLocations(.to(draft), typed: "ZZZ-9", codes: ["ZZZ-9"]))
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["ZZZ-9"], new: ["ZZZ-9"]))))
    #expect(state.stock.prompt == .newLocations(.to(draft), typed: "ZZZ-9", codes: ["ZZZ-9"], new: ["ZZZ-9"]))
    let text = Console.render(state, size: Size(columns: 80, rows: 24)).text
    #expect(text.contains("New location ZZZ-9? This point has never used it.") && text.contains("y yes, create it   n no, correct the code"))
    // n: back to the field, the code as typed, to correct it.
    _ = press(&state, .character("n"))
    #expect(state.stock.prompt == .text(.to(draft), TextField("ZZZ-9")))
    _ = press(&state, .named(.backspace))
    type(&state, "8")
    _ = press(&state, .named(.enter))
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["ZZZ-8"], new: ["ZZZ-8"]))))
    _ = press(&state, .character("y"))
    var confirmed = draft
    confirmed.to = "ZZZ-8"
    let move = StockCommand.creating(locations: ["ZZZ-8"], .move(type: .receive, product: 100_002, quantity: 1, from: nil, to: "ZZZ-8", reason: nil))
    #expect(state.stock.prompt == .confirm(move))
    #expect(StockPane.describe(move, strings: state.strings) == "RECEIVE 1 x 100002 from · to ZZZ-8? (new location ZZZ-8)"
      || StockPane.describe(move, strings: state.strings).hasSuffix("(new location ZZZ-8)"))
    #expect(press(&state, .character("y")) == [.stock(.command(move))])
    state.stock.pending = false
    // The store said it is known after all (another terminal used it): straight on.
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    type(&state, "zzz-8")
    _ = press(&state, .named(.enter))
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["ZZZ-8"], new: []))))
    #expect(state.stock.prompt == .confirm(.move(type: .receive, product: 100_002, quantity: 1, from: nil, to: "ZZZ-8", reason: nil)))
    _ = press(&state, .character("n"))
    // A code on the list (stock is there) is known: no question to the store.
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.stock.prompt == .confirm(.move(type: .receive, product: 100_002, quantity: 1, from: nil, to: "BACK", reason: nil)))
    _ = press(&state, .character("n"))
    // Codes against the grammar are refused with the reason, in both languages; Esc drops a check.
    for (bad, shown) in [("a b", "A B"), ("ZZZ-9\u{202E}", "ZZZ-9\u{202E}"), (String(repeating: "A", count: 17), String(repeating: "A", count: 17)), ("É-1", "É-1"), ("9A", "9A")] {
      _ = press(&state, .character("m"), .character("1"), .named(.enter))
      type(&state, bad)
      #expect(press(&state, .named(.enter)).isEmpty, "\(bad)")
      #expect(state.message == Message("\(shown) is not a location code: 1 to 16 of A-Z, 0-9 and '-', starting with a letter (like A-03-2).", .error))
      #expect(state.stock.prompt == .text(.to(draft), TextField(bad)), "the field stays, to correct")
      _ = press(&state, .named(.escape))
    }
    state.language = .fr
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    type(&state, "a_1")
    _ = press(&state, .named(.enter))
    #expect(state.message?.text == "A_1 n'est pas un code d'emplacement\u{00A0}: 1 à 16 caractères parmi A-Z, 0-9 et '-', en commençant par une lettre (comme A-03-2).")
    _ = press(&state, .control("u"))
    type(&state, "Q-1")
    _ = press(&state, .named(.enter))
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["Q-1"], new: ["Q-1"]))))
    #expect(Console.render(state, size: Size(columns: 80, rows: 24)).text.contains("Nouvel emplacement Q-1\u{202F}? Ce point ne l'a jamais utilisé."))
    _ = press(&state, .named(.escape))
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    type(&state, "Q-1")
    _ = press(&state, .named(.enter), .named(.escape))
    #expect(state.stock.prompt == nil)
    #expect(Console.update(&state, .stock(.answer(.newLocations(asked: ["Q-1"], new: ["Q-1"])))).isEmpty && state.stock.prompt == nil, "too late")
    // The store refused the check (a storage problem said as a refusal): back to the field.
    _ = press(&state, .character("m"), .character("1"), .named(.enter))
    type(&state, "Q-1")
    _ = press(&state, .named(.enter))
    _ = Console.update(&state, .stock(.refused(StaffDomain.Message(.internalError, .text("database is locked")))))
    #expect(state.stock.prompt == .text(.to(draft), TextField("Q-1")))
  }

  /// A movement that asks a reason after its new location (an ADJUSTMENT +N) still may create it.
  @Test func aNewLocationSaidBeforeTheReasonStaysSaid() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("m"), .character("5"))
    type(&state, "+2")
    _ = press(&state, .named(.enter))
    type(&state, "Q-7")
    #expect(press(&state, .named(.enter)) == [.stock(.query(.newLocations(["Q-7"])))])
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["Q-7"], new: ["Q-7"]))))
    _ = press(&state, .character("y"))
    type(&state, "trouvé derrière")
    _ = press(&state, .named(.enter))
    #expect(press(&state, .character("y")) == [
      .stock(.command(.creating(locations: ["Q-7"], .move(type: .adjustment, product: 100_002, quantity: 2, from: nil, to: "Q-7", reason: "trouvé derrière"))))
    ])
  }

  /// A transfer received into a new location, and a count opened over one, ask too.
  @Test func aReceiptAndACountAskAboutNewLocations() {
    var state = Morning.state(tab: .stock)
    _ = press(&state, .character("V"))
    type(&state, "INVENTORY:812")
    _ = press(&state, .named(.enter))
    type(&state, "R-9")
    #expect(press(&state, .named(.enter)) == [.stock(.query(.newLocations(["R-9"])))])
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["R-9"], new: ["R-9"]))))
    _ = press(&state, .character("y"))
    #expect(press(&state, .character("y")) == [.stock(.command(.creating(locations: ["R-9"], .receive(slip: 812, into: "R-9"))))])
    state.stock.pending = false
    // Two new locations in one question; P-01 is known.
    _ = press(&state, .character("c"))
    type(&state, "p-01 q-1,q-2")
    #expect(press(&state, .named(.enter)) == [.stock(.query(.newLocations(["P-01", "Q-1", "Q-2"])))])
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["P-01", "Q-1", "Q-2"], new: ["Q-1", "Q-2"]))))
    #expect(Console.render(state, size: Size(columns: 80, rows: 24)).text.contains("New locations Q-1, Q-2? This point has never used them."))
    #expect(press(&state, .character("y")) == [.stock(.command(.creating(locations: ["Q-1", "Q-2"], .openCount(locations: ["P-01", "Q-1", "Q-2"]))))])
  }

  /// While a count is open the console is blind at its locations: the list, the detail, the
  /// history and the feed show "counting…" (or `…`) where a quantity there would be; other
  /// locations still show. The count's prefill never offers TRANSIT.
  @Test func whileCountingTheCountedLocationsShowNoQuantity() {
    var state = Morning.state(tab: .stock)
    let size = Size(columns: 132, rows: 43)
    _ = press(&state, .named(.down))
    #expect(state.stock.pane.selectedItem?.productID == 100_001)
    _ = Console.update(&state, .stock(.history(product: 100_001, [
      MovementView(
        id: 950, type: .receive, productID: 100_001, productTitle: "Radio Tecno", quantity: 2, from: nil, to: "A-01-1", staff: "amina.n",
        orderID: nil, reason: nil, reverses: nil, at: Morning.at(30)),
      MovementView(
        id: 951, type: .receive, productID: 100_001, productTitle: "Radio Tecno", quantity: 1, from: nil, to: "BACK", staff: "amina.n",
        orderID: nil, reason: nil, reverses: nil, at: Morning.at(20)),
    ])))
    var text = Console.render(state, size: size).text
    #expect(text.contains("  A-01-1         2  (shelf)") && text.contains("3 in all"))
    _ = Console.update(&state, .stock(.done(.countOpened(id: 7, locations: ["A-01-1"]))))
    _ = Console.update(&state, .stock(.history(product: 100_001, state.stock.history[100_001] ?? [])))
    text = Console.render(state, size: size).text
    #expect(!text.contains("  A-01-1         2") && text.contains("  A-01-1         counting…  (shelf)"), "\(text)")
    #expect(text.contains("  BACK           1  (back room)") && text.contains("1 outside the count"), "\(text)")
    #expect(text.contains("Radio Tecno") && text.contains(" 1+… A-01-1 BACK"), "\(text)")
    #expect(!text.contains("3 in all"))
    state.language = .fr
    text = Console.render(state, size: size).text
    #expect(text.contains("comptage…") && text.contains("1 hors inventaire"), "\(text)")
    // The count's prefill: the first shelf, never TRANSIT.
    var rows = Morning.stock
    rows[1].locations = [StockLine(location: "TRANSIT", kind: .inTransit, quantity: 2)] + rows[1].locations
    state = Morning.state(tab: .stock)
    _ = Console.update(&state, .stock(.loaded(rows)))
    _ = press(&state, .named(.down), .character("c"))
    #expect(state.stock.prompt == .text(.countLocations, TextField(prefill: "A-01-1")))
    rows[1].locations = [StockLine(location: "TRANSIT", kind: .inTransit, quantity: 2)]
    _ = Console.update(&state, .stock(.loaded(rows)))
    _ = press(&state, .named(.escape), .character("c"))
    #expect(state.stock.prompt == .text(.countLocations, TextField()))
  }

  // MARK: Tickets

  @Test func aReplyIsWrittenOverSeveralLinesAndSentWithCtrlD() {
    var state = Morning.state(.fr, tab: .tickets)
    _ = press(&state, .character("w"))
    type(&state, "Bonjour Madame,")
    _ = press(&state, .named(.enter))
    type(&state, "pouvez-vous envoyer une photo du colis ? Merci, à bientôt.")
    // Every key types: q and digits are letters here.
    type(&state, " q1")
    _ = press(&state, .named(.backspace), .named(.backspace), .named(.backspace))
    #expect(state.tab == .tickets && !state.quitting)
    let body = "Bonjour Madame,\npouvez-vous envoyer une photo du colis ? Merci, à bientôt."
    #expect(press(&state, .control("d")) == [.tickets(.command(7, .write(.outbound, body: body, waiting: true)))])
    #expect(state.tickets.prompt == nil && state.tickets.pending)
    #expect(Console.update(&state, .tickets(.done(ticket: 7, .write(.outbound, body: body, waiting: true), phone: nil)))
      == [.tickets(.load), .tickets(.loadConversation(ticket: 7))])
    #expect(state.message?.text == "Question posée sur le ticket 7\u{00A0}: il attend le client, son horloge est arrêtée.")
    // A message the store refuses comes back to the editor, text and all.
    _ = press(&state, .character("r"))
    type(&state, "Reçu, merci.")
    let draft = state.tickets.prompt
    #expect(press(&state, .control("d")) == [.tickets(.command(7, .write(.outbound, body: "Reçu, merci.", waiting: false)))])
    _ = Console.update(&state, .tickets(.refused(StaffDomain.Message(.ticketReopenToWrite, .id(7), .word(.ticketStatus, "closed")))))
    #expect(state.tickets.prompt == draft && !state.tickets.pending && state.message?.role == .error)
    _ = press(&state, .named(.escape), .character("y"))
    // An empty message is not sent; Esc drops a draft.
    _ = press(&state, .character("r"), .named(.enter), .named(.space))
    #expect(press(&state, .control("d")).isEmpty && state.message?.text == "Le message est vide.")
    _ = press(&state, .named(.escape))
    #expect(state.tickets.prompt == nil)
  }

  @Test func closingAsksTheRatingAndRevealingShowsThePhoneUntilTheSelectionMoves() {
    var state = Morning.state(tab: .tickets)
    _ = press(&state, .character("c"), .character("4"))
    #expect(state.tickets.prompt == .confirm(ticket: 7, .close(rating: 4)))
    #expect(press(&state, .character("y")) == [.tickets(.command(7, .close(rating: 4)))])
    state.tickets.pending = false
    _ = press(&state, .character("c"), .character("0"))
    #expect(state.tickets.prompt == .confirm(ticket: 7, .close(rating: nil)))
    _ = press(&state, .character("n"), .character("A"), .character("3"))
    #expect(state.tickets.pending, "3: the second of the staff, brice.k")
    state.tickets.pending = false
    #expect(press(&state, .character("P")).isEmpty && state.tickets.prompt == .confirm(ticket: 7, .reveal), "asked first")
    #expect(press(&state, .character("y")) == [.tickets(.command(7, .reveal))])
    state.tickets.pending = false
    _ = Console.update(&state, .tickets(.done(ticket: 7, .reveal, phone: "+237690112233")))
    #expect(state.tickets.revealed?.phone == "+237690112233" && state.message?.text == "Ticket 7: +237690112233 (recorded in the audit log).")
    _ = press(&state, .named(.down))
    #expect(state.tickets.revealed == nil, "hidden again once another ticket is selected")
    _ = Console.update(&state, .tickets(.refused(StaffDomain.Message(.ticketReopenToWrite, .id(6), .word(.ticketStatus, "closed")))))
    #expect(state.message?.role == .error)
  }

  @Test func anAssigneePickerOutlivingAShorterStaffListDoesNotCrash() {
    var state = Morning.state(tab: .tickets)
    _ = press(&state, .character("A"), .named(.down), .named(.down))
    #expect(state.tickets.prompt == .assignee(ticket: 7, index: 2))
    state.tickets.staff = []  // the list was reloaded while the picker was open
    #expect(press(&state, .named(.enter)).isEmpty)
    #expect(state.tickets.prompt == .assignee(ticket: 7, index: 0), "back on the last choice left: nobody")
    #expect(press(&state, .named(.enter)) == [.tickets(.command(7, .assign(nil)))])
  }

  @Test func frenchMessagesComeInFrench() {
    var state = Morning.state(.fr)
    _ = press(&state, .character("n"))
    #expect(state.message?.text == "Commande 1040001 pas remise. Scannez le code à nouveau pour la remettre plus tard.")
    let refusal = PickupRefusal(orderID: 1_040_001, .codeNotAccepted(tries: 3, next: .timed(1800), lockedNow: nil))
    _ = Console.update(&state, .scans(.handOverRefused(scan: 12, refusal)))
    #expect(state.message?.text == "Pas remise\u{00A0}: Mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client.")
  }
}

@Suite struct PartsTests {
  @Test func aTextFieldEditsCharactersNotBytes() {
    var f = TextField("élève")
    #expect(f.cursor == 5)
    _ = f.edit(.named(.left))
    _ = f.edit(.named(.backspace))
    #expect(f.string == "élèe")
    _ = f.edit(.named(.home))
    _ = f.edit(.named(.delete))
    _ = f.edit(.character("œ"))
    #expect(f.string == "œlèe" && f.cursor == 1)
    let edited = f.edit(.named(.enter))
    #expect(!edited)
    _ = f.edit(.control("u"))
    #expect(f.string.isEmpty)
    var long = TextField(String(repeating: "A", count: 200))
    #expect(long.text.count == TextField.capacity)
    _ = long.edit(.character("B"))
    #expect(long.text.count == TextField.capacity)
  }

  /// A value offered in a field is selected, as in a GUI text box: typing replaces it (no more
  /// `BACKZZZ-9`), Backspace and Delete clear it, arrows, Home and End keep it and end the
  /// selection, Enter takes it as it is.
  @Test func aPrefilledValueIsReplacedByTypingNotAppendedTo() {
    var f = TextField(prefill: "BACK")
    #expect(f.selected && f.string == "BACK" && f.cursor == 4)
    for c in "ZZZ-9" { _ = f.edit(.character(c)) }
    #expect(f.string == "ZZZ-9" && !f.selected && f.cursor == 5)
    // A space typed first replaces it too.
    f = TextField(prefill: "P-01")
    _ = f.edit(.named(.space))
    #expect(f.string == " " && !f.selected)
    for key in [Key.named(.backspace), .named(.delete), .control("u")] {
      f = TextField(prefill: "P-01")
      let edited = f.edit(key)
      #expect(edited && f.string.isEmpty && !f.selected && f.cursor == 0, "\(key) deletes the whole offer")
    }
    // Moving the cursor keeps the text: Left and Home to its start, Right and End to its end.
    for (key, cursor) in [(Key.named(.left), 0), (.named(.home), 0), (.control("a"), 0), (.named(.right), 4), (.named(.end), 4), (.control("e"), 4)] {
      f = TextField(prefill: "P-01")
      let edited = f.edit(key)
      #expect(edited && f.string == "P-01" && !f.selected && f.cursor == cursor, "\(key)")
    }
    // …after which a character is inserted, and Backspace deletes one character.
    f = TextField(prefill: "P-01")
    _ = f.edit(.named(.end))
    _ = f.edit(.named(.backspace))
    _ = f.edit(.character("2"))
    #expect(f.string == "P-02")
    f = TextField(prefill: "P-01")
    _ = f.edit(.named(.home))
    _ = f.edit(.character("X"))
    #expect(f.string == "XP-01")
    // Keys that do not edit leave the offer selected; Enter takes it.
    f = TextField(prefill: "BACK")
    let edits = [f.edit(.named(.enter)), f.edit(.named(.escape)), f.edit(.named(.up)), f.edit(.control("x"))]
    #expect(edits == [false, false, false, false])
    #expect(f.selected && f.string == "BACK")
    // Nothing offered: nothing selected; a long offer is cut to the capacity and still replaced whole.
    #expect(!TextField(prefill: "").selected && !TextField("BACK").selected)
    f = TextField(prefill: String(repeating: "A", count: 500))
    #expect(f.text.count == TextField.capacity)
    _ = f.edit(.character("é"))
    #expect(f.string == "é")
  }

  /// The selected offer is drawn in reverse as a whole (no cursor cell after it); once edited,
  /// only the cursor is.
  @Test func aSelectedOfferShowsOnScreen() {
    var screen = Screen(Size(columns: 30, rows: 1))
    TextField(prefill: "BACK").draw(prompt: "To:", row: 0, width: 30, screen: &screen)
    #expect(screen.text.hasPrefix("To: BACK") && screen.roles == "ttttssss")
    var f = TextField(prefill: "BACK")
    _ = f.edit(.named(.end))
    screen = Screen(Size(columns: 30, rows: 1))
    f.draw(prompt: "To:", row: 0, width: 30, screen: &screen)
    #expect(screen.roles == "tttt....s")
  }

  @Test func listsScrollToShowTheSelection() {
    var l = ListState(selected: 15)
    let ids = Array(Int64(1)...30)
    l.scroll(ids, height: 10)
    #expect(l.top == 5)
    l.move(-20, in: ids)
    l.scroll(ids, height: 10)
    #expect(l.selected == 1 && l.top == 0)
    l.reconcile([], previous: ids)
    #expect(l.selected == nil)
  }

  @Test func screensKeepWideCharactersAndDropControlsAndOverrides() {
    var s = Screen(Size(columns: 12, rows: 3))
    s.put("漢字 ok", row: 0, column: 0)
    s.put("a\u{202E}evil\u{0007}", row: 1, column: 0, role: .warning)
    s.put("123456789012漢", row: 2, column: 0)
    #expect(s.text == "漢字 ok\na evil\n123456789012")
    #expect(s[0, 1].continuation && !s[0, 2].continuation)
    #expect("漢字".cellWidth == 4 && "é".cellWidth == 1)
    #expect("Réception".clipped(to: 5) == "Réce…" && "ok".padded(to: 4) == "ok  " && "7".rightAligned(in: 3) == "  7")
  }
}
