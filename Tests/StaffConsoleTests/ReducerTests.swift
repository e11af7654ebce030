import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// `update` driven with values: every action, every event.
@Suite struct ReducerTests {
  func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
    var effects: [Effect] = []
    for k in keys { effects += Console.update(&state, .key(k)) }
    return effects
  }

  func type(_ state: inout AppState, _ text: String) {
    for c in text { _ = Console.update(&state, .key(c == " " ? .named(.space) : .character(c))) }
  }

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
    case .help:
      #expect(state.help == 0 && effects.isEmpty)
    case .tabScans, .tabStock, .tabTickets, .tabTeam:
      let tab = Tab.allCases.first { $0.action == action }
      #expect(state.tab == tab && effects == [.load(state.tab)])
    case .tabTasks, .nextTab:
      #expect(state.tab == .tasks && effects == [.loadTasks(TaskFilter())], "the board is read with its filters")
    case .previousTab:
      #expect(state.tab == .team && effects == [.load(.team)])
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
      #expect(effects == [.handOver(order: 1_040_001, scan: 12)])
      #expect(state.scans.pending == 12)
    case .decline:
      #expect(effects.isEmpty && state.scans.declined == [12])
      #expect(state.message?.text == "Not handed over. Scan the code again to hand it over later.")
    case .reject:
      #expect(state.scans.refusal == .choosing(scan: 12, order: 1_040_001, index: 0))
    case .taskAdd, .taskStart, .taskWait, .taskResume, .taskDone, .taskCancel, .taskTake, .taskAssign, .taskPriority, .filterType,
      .filterAssignee, .filterState:
      #expect(effects.isEmpty && state == Morning.state(), "the task board's actions do nothing on the scan queue")
      taskActionOnTheBoard(action)
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
    case .taskStart: #expect(effects == [.task(31, .start)] && t.pending)
    case .taskWait: #expect(t.prompt == .waitReason(task: 31, index: 0) && effects.isEmpty)
    case .taskResume: #expect(effects.isEmpty && state.message == Message("Task 31 is not waiting.", .error))
    case .taskDone: #expect(t.prompt == .confirm(task: 31, .done) && effects.isEmpty)
    case .taskCancel: #expect(t.prompt == .cancelReason(task: 31, TextField()) && effects.isEmpty)
    case .taskTake: #expect(effects.isEmpty && state.message == Message("Task 31 is already amina.n's.", .error))
    case .taskAssign: #expect(t.prompt == .assignee(task: 31, index: 1), "on its assignee, after nobody")
    case .taskPriority: #expect(t.prompt == .priority(task: 31, index: 0), "on its priority, urgent")
    case .filterType: #expect(effects == [.loadTasks(TaskFilter(type: .stockReceive))])
    case .filterAssignee: #expect(effects == [.loadTasks(TaskFilter(assignee: .login("amina.n")))])
    case .filterState: #expect(effects == [.loadTasks(TaskFilter(state: .active))])
    default: Issue.record("\(action) is not a task board action")
    }
  }

  @Test func keysReachTheirActionsThroughTheKeymap() {
    var state = Morning.state()
    #expect(press(&state, .character("y")) == [.handOver(order: 1_040_001, scan: 12)])
    #expect(press(&state, .character("y")).isEmpty, "a second y while the first is under way does nothing")
    #expect(press(&state, .character("3")) == [.load(.stock)])
    #expect(press(&state, .named(.tab)) == [.load(.tickets)])
    #expect(press(&state, .named(.backTab), .named(.backTab)) == [.load(.stock), .loadTasks(TaskFilter())])
    #expect(press(&state, .character("y")).isEmpty, "y means nothing on the task board")
    #expect(press(&state, .character("é")).isEmpty, "an unbound key does nothing")
    #expect(state.tab == .tasks)
    #expect(press(&state, .function(10)) == [.quit])
  }

  @Test func aHandoverNeedsSomeoneOnDutyWhoMayHandOver() {
    var state = Morning.state()
    state.staff = nil
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.role == .error && state.message?.text.contains("--staff") == true)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "solange.e is a supervisor: only clerks and admins hand orders over.")
    #expect(press(&state, .character("r")).isEmpty && state.scans.refusal == nil, "nor refuse them")
    state.staff = Morning.amina
    // Fifteen minutes after the check, the code must be scanned again.
    _ = Console.update(&state, .tick(Morning.at(1) + 16 * 60))
    #expect(press(&state, .character("y")).isEmpty)
    #expect(state.message?.text == "The check is over 15 minutes old: scan the code again to hand it over.")
    // Only a right code awaits a handover: not a product, not a code already handed over.
    _ = Console.update(&state, .tick(Morning.now))
    func handsOver(_ effects: [Effect]) -> Bool { effects.contains { if case .handOver = $0 { true } else { false } } }
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
    #expect(press(&state, .character("y")) == [.refuseHandover(scan: 12, reason: .parcelNotFound)])
    #expect(state.scans.refusal == nil && state.scans.pending == 12)

    state = Morning.state()
    #expect(press(&state, .character("r"), .character("3"), .character("y")) == [.refuseHandover(scan: 12, reason: .parcelDamaged)])
    state = Morning.state()
    // On AZERTY the digit row without Shift: & is 1.
    #expect(press(&state, .character("r"), .character("&"), .character("y")) == [.refuseHandover(scan: 12, reason: .wrongPerson)])
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
    #expect(press(&state, .named(.enter)) == [.processScan("ORDER:19", repaired: false)])
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
    #expect(Console.update(&state, .scanned("ORDER:1040001:K7Q2MX9A")) == [.processScan("ORDER:1040001:K7Q2MX9A", repaired: false)])
    #expect(state.tab == .scans && state.input == nil)
    #expect(Console.update(&state, .scanned("ORDERM&à'ààà&MK7A2?X9Q")) == [.processScan("ORDER:1040001:K7Q2MX9A", repaired: true)])
    #expect(Console.update(&state, .scanned("WIFI:S:x")) == [.processScan("WIFI:S:x", repaired: false)])
  }

  @Test func dataChangesReloadWhatIsShown() {
    var state = Morning.state(tab: .team)
    #expect(Console.update(&state, .dataChanged) == [.loadAlerts, .load(.scans), .load(.team)])
    state.tab = .scans
    #expect(Console.update(&state, .dataChanged) == [.loadAlerts, .load(.scans)])
  }

  /// The selection follows new scans while it is on the newest; otherwise it stays on its scan
  /// however the list moves.
  @Test func theSelectionFollowsNewScansOrStaysOnItsOwn() {
    var state = Morning.state()
    let newer = Morning.scan(13, 0, .camera, "PRODUCT:100002", .product, "shown", file: "IMG_0413.jpg")
    #expect(Console.update(&state, .scans([newer] + Morning.scans)) == [.loadDetail(scan: 13)])
    #expect(state.scans.pane.list.selected == 13)
    _ = press(&state, .named(.down), .named(.down))
    #expect(state.scans.pane.list.selected == 11)
    let newest = Morning.scan(14, 0, .camera, "PRODUCT:100003", .product, "shown", file: "IMG_0414.jpg")
    _ = Console.update(&state, .scans([newest, newer] + Morning.scans))
    #expect(state.scans.pane.list.selected == 11)
    // The selected scan gone (an older list): the row now at its place.
    _ = Console.update(&state, .scans(Morning.scans.filter { $0.id != 11 }))
    #expect(state.scans.pane.list.selected == 8)
    var tasks = Morning.state(tab: .tasks)
    _ = press(&tasks, .named(.down))
    #expect(tasks.tasks.pane.list.selected == 32)
    _ = Console.update(&tasks, .tasks(TaskPage(tasks: Morning.tasks.reversed(), total: 5), staff: Morning.staffLogins))
    #expect(tasks.tasks.pane.list.selected == 32)
  }

  @Test func resultsOfEffectsAreShown() {
    var state = Morning.state()
    let result = ScanResult(scanID: 20, payload: "ORDER:1040002:***", kind: .order, outcome: .order(Morning.order))
    #expect(Console.update(&state, .scanProcessed(result, repaired: true)) == [.load(.scans)])
    #expect(state.scans.pane.list.selected == 20 && state.scans.details[20] == .order(Morning.order))
    #expect(state.message?.text.hasPrefix("The scanner types as on a US keyboard") == true)

    _ = press(&state, .character("y"))
    #expect(Console.update(&state, .handedOver(order: 1_040_001, scan: 12)) == [.load(.scans), .loadAlerts])
    #expect(state.message == Message("Order 1040001 handed over. Give the parcel from P-01.", .ok))
    #expect(state.scans.pending == nil)

    let gone = PickupRefusal(orderID: 1_040_001, .alreadyPickedUp(HandoverFacts(staffLogin: "brice.k", staffName: "Brice Kamga", terminal: "counter-2", at: Morning.at(1))))
    _ = Console.update(&state, .handOverRefused(scan: 12, gone))
    #expect(state.message == Message("Not handed over: Handed over by Brice Kamga (brice.k) on 2026-11-20 09:29. Do not hand anything over.", .error))

    let decision = ScanDecision(kind: .refused, reason: "parcel_damaged", staff: "amina.n", at: Morning.now)
    _ = Console.update(&state, .refusalRecorded(scan: 12, order: 1_040_001, decision))
    #expect(state.message == Message("Order 1040001 not handed over: parcel damaged. Recorded.", .warning))
    _ = Console.update(&state, .refusalFailed(scan: 12, .alreadyDecided(decision)))
    #expect(state.message?.text == "Not recorded: Refused by amina.n on 2026-11-20 09:30: parcel damaged.")
    _ = Console.update(&state, .failed("disk I/O error"))
    #expect(state.message == Message("Failed: disk I/O error", .error))

    _ = Console.update(&state, .tick(Morning.now + 60))
    #expect(state.now == Morning.now + 60)
    _ = Console.update(&state, .resize(Size(columns: 100, rows: 30)))
    #expect(state.size == Size(columns: 100, rows: 30))
    _ = Console.update(&state, .camera(CameraStatus(taken: 4, quarantined: 1)))
    #expect(state.camera == CameraStatus(taken: 4, quarantined: 1))
  }

  @Test func frenchMessagesComeInFrench() {
    var state = Morning.state(.fr)
    _ = press(&state, .character("n"))
    #expect(state.message?.text == "Pas remise. Scannez le code à nouveau pour la remettre plus tard.")
    let refusal = PickupRefusal(orderID: 1_040_001, .codeNotAccepted(tries: 3, next: .timed(1800), lockedNow: nil))
    _ = Console.update(&state, .handOverRefused(scan: 12, refusal))
    #expect(state.message?.text == "Pas remise : Mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client.")
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
