import StaffDomain
import Testing

@testable import StaffConsole

/// The role table as the product states it, written out apart from `Access.table`.
@Suite struct RoleTableTests {
  @Test(arguments: Permission.allCases)
  func everyPermissionAgainstEveryRole(_ permission: Permission) {
    let expected: [Permission: Set<StaffRole>] = [
      .read: [.clerk, .supervisor, .admin], .scan: [.clerk, .admin], .handOver: [.clerk, .admin], .unlockOrder: [.supervisor, .admin],
      .workTask: [.clerk, .admin], .manageTask: [.clerk, .supervisor, .admin], .changeStock: [.clerk, .admin],
      .setThreshold: [.clerk, .supervisor, .admin], .workTicket: [.clerk, .admin], .noteTicket: [.clerk, .supervisor, .admin],
      .assignTicket: [.clerk, .supervisor, .admin], .revealPhone: [.clerk, .admin], .readTeam: [.supervisor, .admin],
      .readAudit: [.supervisor, .admin], .manageStaff: [.admin], .unlockAccount: [.supervisor, .admin], .importData: [.admin],
      .printLabels: [.clerk, .admin],
    ]
    for role in StaffRole.allCases {
      #expect(Access.allows(role, permission) == expected[permission]?.contains(role), "\(role) \(permission)")
    }
    // What the roles promise in so many words.
    #expect(!Access.allows(.supervisor, .handOver) && !Access.allows(.supervisor, .changeStock))
    #expect(Permission.allCases.allSatisfy { Access.allows(.admin, $0) }, "admins may do everything")
  }

  static let cases: [(Action, Tab)] = Action.allCases.flatMap { action in Tab.allCases.map { (action, $0) } }

  /// Every action on every tab, by every role: refused exactly when the table says so, and a
  /// refusal changes nothing but the message line.
  @Test(arguments: StaffRole.allCases)
  func everyConsoleActionChecksTheRole(_ role: StaffRole) {
    for (action, tab) in Self.cases {
      var state = Morning.state(tab: tab)
      state.staff = StaffOnDuty(login: "who", name: "Who", role: role)
      let before = state
      let effects = Console.perform(&state, action)
      let permission = action.permission(on: tab)
      let refused = permission.map { !Access.allows(role, $0) } ?? false
      let said = state.message?.text.contains("who is a \(role.rawValue): may not") ?? false
      #expect(said == refused, "\(role) \(action) on \(tab)")
      if refused {
        var unchanged = state
        unchanged.message = before.message
        #expect(effects.isEmpty && unchanged == before, "\(role) \(action) on \(tab): a refusal does nothing")
      }
    }
  }

  @Test func aSupervisorsHandoverKeyIsRefusedInBothLanguages() {
    for (language, text) in [(Language.en, "solange.e is a supervisor: may not hand orders over or refuse them."),
                             (.fr, "solange.e est superviseur\u{00A0}: ne peut pas remettre ou refuser des commandes.")] {
      var state = Morning.state(language)
      state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
      #expect(Console.update(&state, .key(.character("y"))).isEmpty)
      #expect(state.message == Message(text, .error))
    }
  }

  /// A supervisor at the counter unlocks the order of a locked scan: u, a question, y.
  @Test func aSupervisorUnlocksALockedOrderFromTheScanQueue() {
    var state = Morning.state(.fr)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(Console.update(&state, .key(.character("u"))).isEmpty, "scan 12 is a right code, not a locked one")
    #expect(state.message?.text == "Choisissez le scan d'une commande bloquée par de mauvais codes pour la débloquer.")
    while state.scans.pane.list.selected != 4 { _ = Console.update(&state, .key(.named(.down))) }
    #expect(Console.update(&state, .key(.character("u"))).isEmpty)
    let question = Console.render(state, size: state.size).question
    #expect(question?.hasPrefix("Débloquer la commande 1040011\u{202F}?") == true, "\(String(describing: question))")
    #expect(Console.update(&state, .key(.character("y"))) == [.scans(.unlockOrder(1_040_011))], "her y answers the question: no handover")
    #expect(Console.update(&state, .scans(.orderUnlocked(1_040_011))) == [.loadAlerts])
    #expect(state.message == Message("Commande 1040011 débloquée\u{00A0}: le client peut redonner le code.", .ok))
    _ = Console.update(&state, .key(.character("u")))
    #expect(Console.update(&state, .key(.character("n"))).isEmpty && state.scans.unlocking == nil, "n drops it")
    #expect(Console.update(&state, .key(.character("y"))).isEmpty && state.message?.text.contains("may not") == false)
    #expect(state.message?.role == .error, "and y is her refused handover key again")
  }

  /// A scanner's burst is a scan too: refused to a supervisor and on a read-only console.
  @Test func aBurstFromTheScannerChecksTheRoleToo() {
    var state = Morning.state()
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(Console.update(&state, .scanned("ORDER:1040001:K7Q2MX9A")).isEmpty)
    #expect(state.message == Message("solange.e is a supervisor: may not process scans.", .error))
    state = Morning.state()
    state.readOnly = true
    #expect(Console.update(&state, .scanned("PRODUCT:100001")).isEmpty)
    #expect(state.message == Message("Read-only console: nothing can be changed from here.", .error))
    state = Morning.state()
    #expect(Console.update(&state, .scanned("PRODUCT:100001")) == [.scans(.process("PRODUCT:100001", repaired: false))], "a clerk's scan")
  }

  /// Labels the printer has not taken are shown on the top line until they print.
  @Test func labelsWaitingForThePrinterAreShown() {
    for (language, text) in [(Language.en, "2 to print"), (.fr, "2 à imprimer")] {
      var state = Morning.state(language)
      _ = Console.update(&state, .alerts(AlertCounts(printsWaiting: 2)))
      #expect(Console.render(state, size: state.size).text.split(separator: "\n").first?.contains(text) == true)
    }
  }

  @Test func aReadOnlyConsoleReadsButChangesNothing() {
    var state = Morning.state(tab: .tasks)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    state.readOnly = true
    #expect(Console.update(&state, .key(.character("a"))).isEmpty, "adding a task writes")
    #expect(state.message == Message("Read-only console: nothing can be changed from here.", .error))
    #expect(Console.update(&state, .key(.character("5"))) == [.team(.load)], "reading the team is fine")
    #expect(Console.render(state, size: state.size).text.split(separator: "\n").first?.contains("read-only") == true)
  }
}

@Suite struct LoginScreenTests {
  func locked(_ language: Language = .en) -> AppState {
    var state = Morning.state(language)
    _ = Console.lock(&state, reason: "test", notice: nil)
    return state
  }

  func type(_ state: inout AppState, _ text: String) -> [Effect] {
    text.flatMap { Console.update(&state, .key(.character($0))) }
  }

  @Test func theLoginAndTheSecretAreTypedThenChecked() {
    var state = locked()
    #expect(state.staff == nil && state.scans.pane.items.isEmpty, "nothing of the last session is kept")
    #expect(type(&state, "solange.e").isEmpty)
    #expect(Console.update(&state, .key(.named(.enter))).isEmpty)
    #expect(type(&state, "hunter22").isEmpty)
    let screen = Console.render(state, size: state.size).text
    #expect(screen.contains("Login") && screen.contains("solange.e") && screen.contains("••••••••"))
    #expect(!screen.contains("hunter22"), "the secret is never drawn")
    #expect(Console.update(&state, .key(.named(.enter))) == [.logIn(login: "solange.e", secret: "hunter22")])
    #expect(state.login?.checking == true && state.login?.secret.text.isEmpty == true, "the typed secret is not kept")
    #expect(type(&state, "x").isEmpty && state.login?.secret.text.isEmpty == true, "keys wait while it is checked")
    let solange = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(Console.update(&state, .loggedIn(solange, session: 9)) == [.loadAlerts, .scans(.load)])
    #expect(state.login == nil && state.staff == solange && state.session == 9)
  }

  @Test func aRefusalIsShownAndTheSecretTypedAgain() {
    var state = locked(.fr)
    _ = type(&state, "amina.n")
    _ = Console.update(&state, .key(.named(.enter)))
    _ = type(&state, "1111")
    _ = Console.update(&state, .key(.named(.enter)))
    _ = Console.update(&state, .loginRefused(.wrong(left: 4)))
    #expect(state.login?.notice == Message("Identifiant ou secret incorrect (4 essais restants cette heure).", .error))
    #expect(state.login?.onSecret == true && state.login?.checking == false && state.login?.login.string == "amina.n")
    #expect(Console.render(state, size: state.size).text.contains("Identifiant"))
  }

  @Test func escClearsThenLeaves() {
    var state = locked()
    _ = type(&state, "ami")
    #expect(Console.update(&state, .key(.named(.escape))).isEmpty && state.login?.login.text.isEmpty == true)
    #expect(Console.update(&state, .key(.named(.escape))) == [.quit] && state.quitting)
  }

  @Test func nothingIsScannedOrReadWhileNobodyIsLoggedIn() {
    var state = locked()
    _ = Console.update(&state, .alerts(AlertCounts(slaBreaches: 3, lowStock: 2, lockedOrders: 1)))
    #expect(state.alerts == AlertCounts(), "a late answer is not shown on the login screen")
    #expect(Console.update(&state, .scanned("ORDER:1040001:KL0CBWFF")).isEmpty)
    #expect(state.login?.notice == Message("Log in first: nothing is scanned while nobody is logged in.", .warning))
    #expect(Console.update(&state, .dataChanged).isEmpty)
    #expect(Console.update(&state, .tick(Morning.now + 3600)).isEmpty)
    #expect(Console.update(&state, .key(.character("q"))).isEmpty && state.login?.login.string == "q", "q is a letter of a login here")
  }

  @Test func aLoginThatIsNotOneIsRefusedBeforeAnyCheck() {
    var state = locked()
    _ = type(&state, "a b")
    _ = Console.update(&state, .key(.named(.enter)))
    _ = type(&state, "secret99")
    #expect(Console.update(&state, .key(.named(.enter))).isEmpty)
    #expect(state.login?.notice?.role == .error && state.login?.checking == false)
  }
}

@Suite struct IdleLockTests {
  @Test func fifteenMinutesWithoutAKeyLockTheConsole() {
    var state = Morning.state()
    state.session = 4
    let start = state.now
    #expect(Console.update(&state, .tick(start + 14 * 60 + 59)) == [.loadAlerts], "not yet: the minute's counters only")
    #expect(state.login == nil)
    _ = Console.update(&state, .key(.named(.down)))
    #expect(!Console.update(&state, .tick(start + 15 * 60)).contains(.endSession(4, reason: "idle")), "a key restarted the wait")
    #expect(state.login == nil)
    let effects = Console.update(&state, .tick(start + 14 * 60 + 59 + 15 * 60))
    #expect(effects == [.endSession(4, reason: "idle")])
    #expect(state.login?.notice == Message("Locked after 15 min without a key: log in again.", .warning))
    #expect(state.staff == nil && state.session == nil && state.scans.pane.items.isEmpty && state.tickets.conversations.isEmpty)
    #expect(Console.render(state, size: state.size).text.contains("log in"))
  }

  /// An admin changes the role of whoever is logged in, or disables them, elsewhere: the next
  /// change the console sees ends the session.
  @Test func aRoleChangedElsewhereEndsTheSession() {
    var state = Morning.state()
    state.session = 2
    #expect(Console.update(&state, .dataChanged).contains(.checkAccount("amina.n")))
    #expect(Console.update(&state, .account(login: "amina.n", role: .clerk, active: true)).isEmpty && state.login == nil, "unchanged")
    #expect(Console.update(&state, .account(login: "amina.n", role: .supervisor, active: true)) == [.endSession(2, reason: "account changed")])
    #expect(state.staff == nil && state.login?.notice == Message("Your account was changed (role or access): log in again.", .warning))
    state = Morning.state()
    _ = Console.update(&state, .account(login: "amina.n", role: .clerk, active: false))
    #expect(state.login != nil, "disabled")
    state = Morning.state()
    _ = Console.update(&state, .account(login: "amina.n", role: nil, active: false))
    #expect(state.login != nil, "gone")
  }

  @Test func theWaitIsConfigurableAndAScanCountsAsActivity() {
    var state = Morning.state()
    state.idleLock = IdleLock(seconds: 120)
    _ = Console.update(&state, .tick(Morning.now + 100))
    _ = Console.update(&state, .scanned("PRODUCT:100001"))
    #expect(Console.update(&state, .tick(Morning.now + 219)).allSatisfy { if case .endSession = $0 { false } else { true } })
    #expect(state.login == nil)
    _ = Console.update(&state, .tick(Morning.now + 220))
    #expect(state.login != nil, "two minutes after the scan")
  }

  @Test func aHalfTypedLoginIsForgottenAfterTheSameWait() {
    var state = Morning.state()
    _ = Console.lock(&state, reason: "logout", notice: nil)
    for c in "amina.n" { _ = Console.update(&state, .key(.character(c))) }
    _ = Console.update(&state, .key(.named(.enter)))
    _ = Console.update(&state, .key(.character("2")))
    _ = Console.update(&state, .tick(Morning.now + 14 * 60))
    #expect(state.login?.secret.text.count == 1, "not yet")
    _ = Console.update(&state, .tick(Morning.now + 15 * 60))
    #expect(state.login?.login.text.isEmpty == true && state.login?.secret.text.isEmpty == true)
  }

  @Test func nobodyOnDutyNeverLocksAgain() {
    var state = Morning.state()
    _ = Console.lock(&state, reason: "logout", notice: nil)
    #expect(Console.update(&state, .tick(Morning.now + 86400)).isEmpty)
  }

  @Test func theIdleRuleItself() {
    let lock = IdleLock.standard
    #expect(lock.seconds == 900)
    #expect(!lock.isDue(lastInput: Timestamp(seconds: 0), now: Timestamp(seconds: 899)))
    #expect(lock.isDue(lastInput: Timestamp(seconds: 0), now: Timestamp(seconds: 900)))
  }
}

/// The login screen as it is seen: empty with the demo's hint, a refusal, the idle lock over a
/// read-only database, at both sizes and in both languages.
@Suite struct LoginGoldenTests {
  @Test(arguments: Language.allCases)
  func theLoginScreens(_ language: Language) {
    for size in GoldenScreenTests.sizes {
      var state = Morning.state(language, size: size)
      state.loginHint = LoginHint(lines: [
        [.init(login: "amina.n", secret: "2468", kind: .pin, role: .clerk), .init(login: "solange.e", secret: "superviseur", kind: .password, role: .supervisor)],
        [.init(login: "herve.n", secret: "admin-demo", kind: .password, role: .admin)],
      ])
      _ = Console.lock(&state, reason: "start", notice: nil)
      Golden.check(Console.render(state, size: size), "login-\(size.columns)x\(size.rows)-\(language)")
      for c in "amina.n" { _ = Console.update(&state, .key(.character(c))) }
      _ = Console.update(&state, .key(.named(.enter)))
      for c in "13" { _ = Console.update(&state, .key(.character(c))) }
      _ = Console.update(&state, .loginRefused(.locked(until: Morning.now + 4320)))
      for c in "24" { _ = Console.update(&state, .key(.character(c))) }
      Golden.check(Console.render(state, size: size), "login-refused-\(size.columns)x\(size.rows)-\(language)")
    }
    var state = Morning.state(language)
    state.readOnly = true
    _ = Console.update(&state, .tick(Morning.now + 15 * 60))
    Golden.check(Console.render(state, size: state.size), "login-idle-read-only-\(language)")
  }
}

/// A shelf label from the stock tab: `l` asks for its preview, the preview is shown over the
/// pane, `y` prints it, anything else closes it.
@Suite struct LabelPreviewTests {
  static let preview = ["█▀▀▀▀▀█ ▀▄ █▀▀▀▀▀█", "█ ███ █ ▄▀ █ ███ █", "▀▀▀▀▀▀▀ ▀ ▀▀▀▀▀▀▀", "", "Radio Tecno", "PRODUCT 100001 - Maison", "8 000 FCFA"]

  @Test func lPreviewsYPrintsNCloses() {
    var state = Morning.state(tab: .stock)
    let product = try? #require(state.stock.pane.selectedItem?.productID)
    #expect(Console.update(&state, .key(.character("l"))) == [.previewLabel(.shelf(product: product ?? 0))])
    _ = Console.update(&state, .labelPreview(.shelf(product: product ?? 0), lines: Self.preview))
    let screen = Console.render(state, size: state.size).text
    #expect(screen.contains("Radio Tecno") && screen.contains("Print this label?  y print   n close"), "\(screen)")
    #expect(Console.update(&state, .key(.character("y"))) == [.printLabel(.shelf(product: product ?? 0))])
    #expect(state.labelPreview == nil)
    #expect(Console.update(&state, .labelPending(job: 3, reason: "no paper")) == [.loadAlerts])
    #expect(state.message == Message("Job 3 waits in the print queue: no paper", .error))
    _ = Console.update(&state, .labelPreview(.shelf(product: 1), lines: Self.preview))
    #expect(Console.update(&state, .key(.character("n"))).isEmpty && state.labelPreview == nil, "n closes it")
    _ = Console.update(&state, .labelPreview(.shelf(product: 1), lines: Self.preview))
    #expect(Console.update(&state, .key(.character("m"))).isEmpty && state.labelPreview == nil, "any other key closes it, and does nothing else")
    #expect(state.stock.prompt == nil)
  }

  @Test func aTransferSentBringsUpItsSlip() {
    var state = Morning.state(tab: .stock)
    let effects = Console.update(&state, .stock(.done(.sent(transfer: 4, slip: 903, to: "DLA-BALI"))))
    #expect(effects.contains(.previewLabel(.transfer(4))), "\(effects)")
  }

  @Test func aSupervisorMayNotPrintAndTheFeedHasNoProduct() {
    var state = Morning.state(tab: .stock)
    state.staff = StaffOnDuty(login: "solange.e", name: "Solange Ekambi", role: .supervisor)
    #expect(Console.update(&state, .key(.character("l"))).isEmpty)
    #expect(state.message == Message("solange.e is a supervisor: may not print labels.", .error))
    state = Morning.state(.fr, tab: .stock)
    state.stock.showingFeed = true
    #expect(Console.update(&state, .key(.character("l"))).isEmpty)
    #expect(state.message?.text == "Choisissez un produit pour imprimer son étiquette de rayon.")
  }

  @Test(arguments: Language.allCases)
  func theGoldenPreview(_ language: Language) {
    for size in GoldenScreenTests.sizes {
      var state = Morning.state(language, size: size, tab: .stock)
      _ = Console.update(&state, .labelPreview(.shelf(product: 100_001), lines: Self.preview))
      Golden.check(Console.render(state, size: size), "label-preview-\(size.columns)x\(size.rows)-\(language)")
    }
  }
}
