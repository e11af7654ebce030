import StaffDomain

/// The console's brain: `update` takes an event and the state, changes the state and returns the
/// effects the runner must perform; `render` draws a state. Neither reads a clock, a file or the
/// terminal, so tests drive them with values.
public enum Console {
  public static func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    // A question owns its subject: a list read while its pane asks one waits until it is answered.
    if let pane = arrival(event), asking(state, pane) {
      hold(&state, event, pane: pane)
      return []
    }
    var effects = step(&state, event)
    var i = 0
    while i < state.held.count {
      let waiting = state.held[i]
      if let pane = arrival(waiting), !asking(state, pane) {
        state.held.remove(at: i)
        effects += step(&state, waiting)
      } else {
        i += 1
      }
    }
    return effects
  }

  /// The pane whose list an event brings, when it is one that can arrive on its own.
  static func arrival(_ event: Event) -> Tab? {
    switch event {
    case .scans: .scans
    case .tasks: .tasks
    case .stock, .movements: .stock
    case .tickets: .tickets
    case .team, .audit: .team
    default: nil
    }
  }

  /// Whether a pane has a question open (or its answer on the way): what it shows stays put.
  static func asking(_ state: AppState, _ pane: Tab) -> Bool {
    guard state.login == nil else { return false }
    switch pane {
    case .scans: return ScansPane.asking(state.scans, now: state.now, permissions: permissions(state))
    case .tasks: return state.tasks.prompt != nil || state.tasks.pending
    case .stock: return state.stock.prompt != nil || state.stock.pending || (state.tab == .stock && state.labelPreview != nil)
    case .tickets: return state.tickets.prompt != nil || state.tickets.pending
    case .team: return state.team.unlocking != nil || state.team.pending
    }
  }

  /// The tab on screen asks a question (or shows a label waiting for y).
  static func askingOnScreen(_ state: AppState) -> Bool {
    state.help == nil && (asking(state, state.tab) || state.labelPreview != nil)
  }

  /// Keeps an event for later, the newest of its kind; new scans are named on the message line.
  static func hold(_ state: inout AppState, _ event: Event, pane: Tab) {
    if case .scans(let rows) = event, let m = ScansPane.held(rows, state: &state.scans, strings: state.strings) {
      state.message = m
    }
    state.held.removeAll { sameKind($0, event) }
    state.held.append(event)
  }

  static func sameKind(_ a: Event, _ b: Event) -> Bool {
    switch (a, b) {
    case (.scans, .scans), (.tasks, .tasks), (.stock, .stock), (.movements, .movements), (.tickets, .tickets), (.team, .team),
      (.audit, .audit):
      true
    default: false
    }
  }

  /// After an answer: the scans that came meanwhile are named after its message, with the key
  /// that shows the newest.
  static func noteWaiting(_ state: inout AppState, _ effects: [Effect]) -> [Effect] {
    let s = state.strings
    guard !state.scans.waiting.isEmpty, let text = state.message?.text else { return effects }
    let key = state.keymap.keys(for: .first, in: .scans).first.map(s.keyName) ?? "Home"
    state.message?.text = text + "  " + s(.scansWaitingKey, .count(Int64(state.scans.waiting.count)), .text(key))
    return effects
  }

  static func step(_ state: inout AppState, _ event: Event) -> [Effect] {
    switch event {
    case .key(let key):
      state.lastInput = state.now
      if state.login != nil { return loginKey(&state, key) }
      return handleKey(&state, key)
    case .scanned(let text):
      state.lastInput = state.now
      // Nobody logged in: no scan is taken (it would be nobody's).
      if state.login != nil {
        let notice = Message(state.strings[.loginFirst], .warning)
        state.login?.notice = notice
        return []
      }
      // A paste into a text being typed (a reply beginning "Oui, ..." or "Pour ...") arrives as
      // fast as a scanner: a burst that is no VGK code goes, key by key with its Enter, to the
      // text being typed, if one is.
      if case .failure = ScanPayload.parse(text), typingText(state) {
        var effects: [Effect] = []
        for c in text { effects += update(&state, .key(c == " " ? .named(.space) : .character(c))) }
        return effects + update(&state, .key(.named(.enter)))
      }
      // A scan is the scan permission's, like the scanner line (a supervisor's scan is refused).
      if let refusal = refusal(state, .scan) {
        state.message = refusal
        return []
      }
      // Scanned into the scanner line the clerk opened: theirs, shown at once like a typed code.
      let onScannerLine = if case .scanner? = state.input { true } else { false }
      let fixed = KeyboardLayout.repairedPayload(text)
      // A question on screen keeps the screen: the scan is taken into the queue and waits there.
      if askingOnScreen(state) && !onScannerLine { return [.processScan(fixed ?? text, repaired: fixed != nil)] }
      state.help = nil
      state.input = nil
      state.labelPreview = nil
      // A count open on the stock tab takes the PRODUCT codes scanned there.
      if state.tab == .stock, let effects = StockPane.scanned(text, state: &state.stock) { return effects }
      state.tab = .scans
      return [.processScan(fixed ?? text, repaired: fixed != nil, typed: onScannerLine)]
    case .tick(let now):
      let minute = state.now.seconds / 60
      state.now = now
      if state.login == nil, state.staff != nil, state.idleLock.isDue(lastInput: state.lastInput, now: now) {
        let minutes = String(state.idleLock.seconds / 60)
        return lock(&state, reason: "idle", notice: Message(state.strings(.lockedIdle, minutes), .warning))
      }
      // A login left half-typed is forgotten after the same wait.
      if let l = state.login, !l.checking, !(l.login.text.isEmpty && l.secret.text.isEmpty),
        state.idleLock.isDue(lastInput: state.lastInput, now: now)
      {
        state.login = LoginPane.State(notice: l.notice)
      }
      guard state.login == nil else { return [] }
      // Time alone makes tasks late: the counters and the board are read again each minute.
      guard now.seconds / 60 != minute else { return [] }
      return state.tab == .tasks ? [.loadAlerts, TasksPane.load(state.tasks)] : [.loadAlerts]
    case .resize(let size):
      state.size = size
      return []
    case .dataChanged:
      guard state.login == nil else { return [] }
      return initialLoads(state) + (state.staff.map { [.checkAccount($0.login)] } ?? [])
    case .account(let login, let role, let active):
      // A role changed or the account disabled by an admin elsewhere ends this session: the
      // console does not go on with rights its user no longer has.
      guard let staff = state.staff, staff.login == login, role != staff.role || !active else { return [] }
      return lock(&state, reason: "account changed", notice: Message(state.strings[.accountChanged], .warning))
    case .alerts(let a):
      // A late answer after a lock is not shown to whoever logs in next.
      if state.login == nil { state.alerts = a }
      return []
    case .scans(let rows):
      return ScansPane.apply(rows, to: &state.scans)
    case .tasks(let page, let staff):
      TasksPane.loaded(page, staff: staff, state: &state.tasks)
      return []
    case .stock(let rows):
      state.stock.pane.replace(rows, StockPane.text)
      // What moved may be anyone's: the detail's history is read again.
      state.stock.history.removeAll()
      return StockPane.detail(state.stock)
    case .movements(let rows):
      state.stock.feed.replace(rows, StockPane.feedText)
      return []
    case .history(let product, let rows):
      state.stock.history[product] = rows
      return []
    case .stockDone(let news):
      // A received transfer's slip in the scan queue shows its new state when read again.
      if case .received = news { state.scans.details = state.scans.details.filter { if case .transfer = $0.value { false } else { true } } }
      var effects = ScansPane.detailEffect(state.scans)
      // A transfer goes with its slip: its preview comes up, y prints it.
      if case .sent(let transfer, _, _) = news, refusal(state, .printLabels) == nil { effects.append(.previewLabel(.transfer(transfer))) }
      return apply(StockPane.done(news, state: &state.stock, context: context(state)), to: &state) + effects
    case .stockRefused(let reason):
      return apply(StockPane.refused(reason, state: &state.stock, context: context(state)), to: &state)
    case .stockAnswer(let answer):
      return apply(StockPane.answered(answer, state: &state.stock, context: context(state)), to: &state)
    case .tickets(let rows, let staff):
      TicketsPane.loaded(rows, staff: staff, now: state.now, state: &state.tickets)
      return TicketsPane.detail(state.tickets)
    case .conversation(let ticket, let messages):
      state.tickets.conversations[ticket] = messages
      return []
    case .ticketDone(let ticket, let command, let phone):
      return apply(TicketsPane.done(ticket, command, phone: phone, state: &state.tickets, context: context(state)), to: &state)
    case .ticketOpened(let ticket):
      return apply(TicketsPane.opened(ticket, state: &state.tickets, context: context(state)), to: &state)
    case .ticketRefused(let reason):
      return apply(TicketsPane.refused(reason, state: &state.tickets, context: context(state)), to: &state)
    case .team(let rows):
      state.team.pane.replace(rows, TeamPane.text)
      return []
    case .audit(let rows, let staff):
      TeamPane.loadedAudit(rows, staff: staff, state: &state.team)
      return []
    case .detail(let scan, let detail):
      state.scans.details[scan] = detail
      return []
    case .scanProcessed(let result, let repaired, let typed):
      // A scan waits in the queue, named, while a question is open. One the clerk typed is shown at
      // once over the handover question it replaces, but not over a question opened since (a
      // refusal, an unlock, another tab's): that one owns the screen now.
      let opened = state.scans.refusal != nil || state.scans.unlocking != nil || (state.tab != .scans && askingOnScreen(state))
      if typed ? opened : askingOnScreen(state) || asking(state, .scans) {
        state.message = ScansPane.heldResult(result, state: &state.scans, strings: state.strings)
        return [.load(.scans)]
      }
      state.tab = .scans
      state.labelPreview = nil
      return apply(ScansPane.processed(result, repaired: repaired, state: &state.scans, context: context(state)), to: &state)
    case .handedOver(let order, let scan):
      return noteWaiting(&state, apply(ScansPane.handedOver(order: order, scan: scan, state: &state.scans, context: context(state)), to: &state))
    case .handOverRefused(let scan, let refusal):
      return noteWaiting(&state, apply(ScansPane.handOverRefused(scan: scan, refusal, state: &state.scans, context: context(state)), to: &state))
    case .refusalRecorded(let scan, let order, let decision):
      return noteWaiting(
        &state, apply(ScansPane.refusalRecorded(scan: scan, order: order, decision, state: &state.scans, context: context(state)), to: &state))
    case .refusalFailed(let scan, let refusal):
      return noteWaiting(&state, apply(ScansPane.refusalFailed(scan: scan, refusal, state: &state.scans, context: context(state)), to: &state))
    case .taskChanged(let task, let command):
      return apply(TasksPane.changed(task, command, state: &state.tasks, context: context(state)), to: &state)
    case .taskAdded(let task):
      return apply(TasksPane.added(task, state: &state.tasks, context: context(state)), to: &state)
    case .taskRefused(let refusal):
      return apply(TasksPane.refused(refusal, state: &state.tasks, context: context(state)), to: &state)
    case .camera(let line):
      state.camera = line
      return []
    case .link(let status):
      state.link = status
      return []
    case .warning(let text):
      state.message = Message(text.text(state.language), .warning)
      return []
    case .labelPreview(let request, let lines):
      // A preview that comes after the clerk moved on (another tab, a scan, a logout) is not shown:
      // its y would answer something else.
      guard state.login == nil, state.tab == .stock, state.input == nil, state.help == nil, state.stock.prompt == nil else { return [] }
      state.labelPreview = LabelPreview(request: request, lines: lines)
      let keys = [Action.confirm, .decline].map { Answer.key($0, in: .stock, keymap: state.keymap, strings: state.strings) }
      state.message = Message(state.strings(.labelPreviewKeys, keys[0], keys[1]), .warning)
      return []
    case .labelPrinted(let job):
      state.message = Message(state.strings(.labelPrinted, String(job)), .ok)
      return [.loadAlerts]
    case .labelPending(let job, let reason):
      state.message = Message(state.strings(.labelPending, String(job), reason), .error)
      return [.loadAlerts]
    case .orderUnlocked(let order):
      state.message = Message(state.strings(.unlockedMessage, String(order)), .ok)
      return noteWaiting(&state, [.loadAlerts])
    case .loggedIn(let staff, let session):
      resetPanes(&state)
      state.staff = staff
      state.session = session
      state.login = nil
      state.lastInput = state.now
      state.tab = .scans
      state.message = state.readOnly ? Message(state.strings[.readOnlyConsole], .warning) : nil
      return initialLoads(state)
    case .loginUnlocked(let login, let forgotten):
      state.team.pending = false
      state.message = Message(state.strings(.loginUnlocked, .text(login), .count(Int64(forgotten))), .ok)
      return [.load(.team)]
    case .loginUnlockRefused(let login, let refusal):
      state.team.pending = false
      state.message = Message(state.strings(.loginUnlockRefused, login, state.strings.explain(refusal)), .error)
      return []
    case .loginRefused(let refusal):
      let notice = Message(state.strings.explain(refusal), .error)
      state.login?.checking = false
      state.login?.onSecret = true
      state.login?.notice = notice
      return []
    case .failed(let why, let pane):
      if state.login != nil {
        state.login?.checking = false
        let notice = Message(state.strings(.failed, why.text(state.language)), .error)
        state.login?.notice = notice
        return []
      }
      if pane == nil || pane == .scans { state.scans.pending = nil }
      if pane == nil || pane == .tasks { state.tasks.pending = false }
      if pane == nil || pane == .stock { state.stock.pending = false }
      if pane == nil || pane == .tickets { state.tickets.pending = false }
      if pane == nil || pane == .team { state.team.pending = false }
      state.message = Message(state.strings(.failed, why.text(state.language)), .error)
      return []
    }
  }

  /// Whether the keys go to a text being typed: the filter, a task's title or reason, a stock
  /// field, a ticket's message.
  static func typingText(_ state: AppState) -> Bool {
    if case .filter? = state.input { return true }
    guard state.input == nil, state.help == nil else { return false }
    switch state.tab {
    case .tasks:
      switch state.tasks.prompt {
      case .cancelReason?, .newTitle?: return true
      default: return false
      }
    case .stock:
      if case .text? = state.stock.prompt { return true }
      return false
    case .tickets:
      if case .editor? = state.tickets.prompt { return true }
      return TicketsPane.field(state.tickets) != nil
    case .team: return state.team.unlocking != nil
    case .scans: return false
    }
  }

  /// The number row of an AZERTY keyboard without Shift: the reason picker takes them as digits.
  static let azertyDigits: [Character: Int] = ["&": 1, "é": 2, "\"": 3, "'": 4, "(": 5, "-": 6, "è": 7, "_": 8, "ç": 9]

  /// Why whoever is on duty may not do `permission` here (the role table, then a read-only
  /// database); nil when they may.
  static func refusal(_ state: AppState, _ permission: Permission) -> Message? {
    let s = state.strings
    if let staff = state.staff, !Access.allows(staff.role, permission) {
      return Message(s(.notAllowed, staff.login, s.name(staff.role), s.name(permission)), .error)
    }
    if state.readOnly && !permission.isReading { return Message(s[.readOnlyRefused], .error) }
    return nil
  }

  /// What whoever is on duty may do now: their role's permissions, only the reading ones on a
  /// read-only console.
  static func permissions(_ state: AppState) -> Set<Permission> {
    Set(Permission.allCases.filter { refusal(state, $0) == nil })
  }

  /// Whether the key bar and the help offer `action` on `tab` to whoever is on duty.
  static func offers(_ state: AppState, _ action: Action, on tab: Tab) -> Bool {
    action.permission(on: tab).map { refusal(state, $0) == nil } ?? true
  }

  /// A key on the login screen.
  static func loginKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var login = state.login else { return [] }
    let (effects, quit) = LoginPane.typing(&login, key, strings: state.strings)
    state.login = login
    if quit {
      state.quitting = true
      return [.quit]
    }
    return effects
  }

  /// Back to the login screen: the session is closed and every pane forgets what it showed.
  static func lock(_ state: inout AppState, reason: String, notice: Message?) -> [Effect] {
    let session = state.session
    resetPanes(&state)
    state.staff = nil
    state.session = nil
    state.login = LoginPane.State(notice: notice)
    return session.map { [.endSession($0, reason: reason)] } ?? []
  }

  /// Empty panes (their settings kept): nothing of one session is left for the next.
  static func resetPanes(_ state: inout AppState) {
    let (policy, targets) = (state.tasks.policy, state.tickets.targets)
    state.scans = ScansPane.State()
    state.tasks = TasksPane.State()
    state.stock = StockPane.State()
    state.tickets = TicketsPane.State()
    state.team = TeamPane.State()
    state.tasks.policy = policy
    state.tickets.targets = targets
    state.alerts = AlertCounts()
    state.input = nil
    state.help = nil
    state.message = nil
    state.labelPreview = nil
    state.held = []
    state.tab = .scans
  }

  static func context(_ state: AppState) -> PaneContext {
    PaneContext(
      strings: state.strings, now: state.now, staff: state.staff, keymap: state.keymap, page: Layout.pageRows(state.size),
      permissions: permissions(state), blind: StockPane.blind(state.stock).union(state.alerts.counting))
  }

  static func apply(_ outcome: PaneOutcome, to state: inout AppState) -> [Effect] {
    if let m = outcome.message { state.message = m }
    return outcome.effects
  }

  // MARK: Keys

  static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if let input = state.input { return typing(&state, input, key) }
    // A label preview: yes prints it (allowed with the key that opened it), anything else closes it.
    if let preview = state.labelPreview {
      state.labelPreview = nil
      state.message = nil
      let answer = Answer.action(for: key, in: state.tab.scope, keymap: state.keymap, language: state.strings.language, asking: true)
      return answer == .confirm ? [.printLabel(preview.request)] : []
    }
    if let scroll = state.help { return help(&state, scroll, key) }
    if state.tab == .tickets {
      if TicketsPane.field(state.tickets) != nil {
        state.message = nil
        return apply(TicketsPane.typingField(&state.tickets, key, context: context(state)), to: &state)
      }
      if TicketsPane.editor(state.tickets) != nil {
        state.message = nil
        return apply(
          TicketsPane.typing(&state.tickets, key, width: TicketsPane.editorWidth(state.size), context: context(state)), to: &state)
      }
      if case .character(let c) = key, let digit = c.wholeNumberValue ?? azertyDigits[c],
        let outcome = TicketsPane.choose(&state.tickets, digit: digit)
      {
        state.message = nil
        return apply(outcome, to: &state)
      }
    }
    if state.tab == .stock {
      if StockPane.field(state.stock) != nil {
        state.message = nil
        return apply(StockPane.typing(&state.stock, key, context: context(state)), to: &state)
      }
      if case .character(let c) = key, let digit = c.wholeNumberValue ?? azertyDigits[c], StockPane.choose(&state.stock, digit: digit) {
        return []
      }
    }
    if state.tab == .team, state.team.unlocking != nil {
      state.message = nil
      return apply(TeamPane.typing(&state.team, key, context: context(state)), to: &state)
    }
    if state.tab == .tasks {
      // A cancel reason or a new title being typed takes every key; a picker takes digits.
      if TasksPane.field(state.tasks) != nil {
        state.message = nil
        return apply(TasksPane.typing(&state.tasks, key, context: context(state)), to: &state)
      }
      if case .character(let c) = key, let digit = c.wholeNumberValue ?? azertyDigits[c],
        let outcome = TasksPane.choose(&state.tasks, digit: digit, context: context(state))
      {
        state.message = nil
        return apply(outcome, to: &state)
      }
    }
    // Choosing a refusal reason: its number picks it.
    if state.tab == .scans, case .character(let c) = key, let digit = c.wholeNumberValue ?? azertyDigits[c],
      ScansPane.chooseReason(&state.scans, digit: digit)
    {
      return []
    }
    let asking = askingOnScreen(state)
    guard let action = Answer.action(for: key, in: state.tab.scope, keymap: state.keymap, language: state.strings.language, asking: asking)
    else {
      // Every key answers: one that does nothing here says so, and where the keys are listed.
      let help = state.keymap.keys(for: .help, in: state.tab.scope).first.map(state.strings.keyName) ?? "?"
      state.message = Message(state.strings(.noKeyHere, state.strings.keyName(key), help), .muted)
      return []
    }
    return perform(&state, action)
  }

  /// An action from the keymap: the pane's first, then the console's own.
  static func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    let c = context(state)
    // A message answers the last action; the next one clears it.
    state.message = nil
    // The role table first (ROLES in vgk-staff(1)), then a read-only database. The answer to the
    // unlock question was allowed with its question.
    let answering = state.tab == .scans && state.scans.unlocking != nil
    if !answering, let permission = action.permission(on: state.tab), let refused = refusal(state, permission) {
      state.message = refused
      return []
    }
    if action == .logout { return lock(&state, reason: "logout", notice: Message(c.strings[.loggedOut], .muted)) }
    if action == .labelPrint, state.tab == .stock {
      guard !state.stock.showingFeed, let product = state.stock.pane.selectedItem?.productID else {
        state.message = Message(c.strings[.labelNothing], .warning)
        return []
      }
      return [.previewLabel(.shelf(product: product))]
    }
    let outcome: PaneOutcome
    switch state.tab {
    case .scans: outcome = ScansPane.update(&state.scans, action: action, context: c)
    case .tasks: outcome = TasksPane.update(&state.tasks, action: action, context: c)
    case .stock: outcome = StockPane.update(&state.stock, action: action, context: c)
    case .tickets: outcome = TicketsPane.update(&state.tickets, action: action, context: c)
    case .team: outcome = TeamPane.update(&state.team, action: action, context: c)
    }
    if outcome.handled {
      state.message = outcome.message
      return outcome.effects
    }
    switch action {
    case .quit:
      state.quitting = true
      return [.quit]
    case .help:
      state.help = 0
    case .tabScans, .tabTasks, .tabStock, .tabTickets, .tabTeam:
      guard let tab = Tab.allCases.first(where: { $0.action == action }) else { return [] }
      return show(&state, tab)
    case .nextTab:
      return show(&state, neighbour(state, step: 1))
    case .previousTab:
      return show(&state, neighbour(state, step: Tab.allCases.count - 1))
    case .filter:
      state.input = .filter(TextField(filter(of: state)))
    case .scanInput:
      if state.tab != .scans { _ = show(&state, .scans) }
      state.input = .scanner(TextField())
    case .back:
      // Esc on a filtered list clears the filter (the message is already gone).
      if !filter(of: state).isEmpty {
        setFilter(&state, "")
        return detailLoads(state)
      }
    default:
      break
    }
    return []
  }

  /// The next tab this role may see, `step` tabs on (wrapping).
  static func neighbour(_ state: AppState, step: Int) -> Tab {
    var tab = state.tab
    for _ in Tab.allCases {
      tab = Tab(rawValue: (tab.rawValue + step) % Tab.allCases.count) ?? .scans
      if tab != .team || state.staff.map({ Access.allows($0.role, .readTeam) }) ?? true { return tab }
    }
    return state.tab
  }

  static func show(_ state: inout AppState, _ tab: Tab) -> [Effect] {
    state.tab = tab
    state.labelPreview = nil
    return load(tab, state)
  }

  /// What reads a tab's list.
  static func load(_ tab: Tab, _ state: AppState) -> [Effect] {
    switch tab {
    case .tasks: [TasksPane.load(state.tasks)]
    case .stock: StockPane.loads(state.stock)
    case .team: TeamPane.loads(state.team)
    default: [.load(tab)]
    }
  }

  /// What the console reads first, and again whenever the database changed: the counters, the
  /// scan queue (it follows new scans from any tab) and the tab on screen.
  public static func initialLoads(_ state: AppState) -> [Effect] {
    state.tab == .scans ? [.loadAlerts, .load(.scans)] : [.loadAlerts, .load(.scans)] + load(state.tab, state)
  }

  static func typing(_ state: inout AppState, _ input: AppState.Input, _ key: Key) -> [Effect] {
    switch input {
    case .scanner(var field):
      switch key {
      case .named(.enter):
        state.input = nil
        let text = field.string
        guard !text.isEmpty else { return [] }
        if let fixed = KeyboardLayout.repairedPayload(text) { return [.processScan(fixed, repaired: true, typed: true)] }
        return [.processScan(text, repaired: false, typed: true)]
      case .named(.escape):
        state.input = nil
      default:
        if field.edit(key) { state.input = .scanner(field) }
      }
    case .filter(var field):
      switch key {
      case .named(.enter):
        state.input = nil
      case .named(.escape):
        state.input = nil
        setFilter(&state, "")
      default:
        if field.edit(key) {
          state.input = .filter(field)
          setFilter(&state, field.string)
          // The selection may have moved to a row whose detail is not read yet.
          return detailLoads(state)
        }
      }
    }
    return []
  }

  /// What the detail of the selected row still needs read.
  static func detailLoads(_ state: AppState) -> [Effect] {
    switch state.tab {
    case .scans: ScansPane.detailEffect(state.scans)
    case .stock: StockPane.detail(state.stock)
    case .tickets: TicketsPane.detail(state.tickets)
    case .tasks, .team: []
    }
  }

  static func help(_ state: inout AppState, _ scroll: Int, _ key: Key) -> [Effect] {
    guard let action = state.keymap.action(for: key, in: .help) else { return [] }
    switch action {
    case .back, .help: state.help = nil
    case .quit:
      state.quitting = true
      return [.quit]
    case .moveUp: state.help = max(0, scroll - 1)
    case .moveDown: state.help = scroll + 1
    case .pageUp: state.help = max(0, scroll - Layout.pageRows(state.size))
    case .pageDown: state.help = scroll + Layout.pageRows(state.size)
    case .first: state.help = 0
    default: break
    }
    return []
  }

  static func filter(of state: AppState) -> String {
    switch state.tab {
    case .scans: state.scans.pane.list.filter
    case .tasks: state.tasks.pane.list.filter
    case .stock: state.stock.pane.list.filter
    case .tickets: state.tickets.pane.list.filter
    case .team: state.team.showingAudit ? state.team.audit.list.filter : state.team.pane.list.filter
    }
  }

  static func setFilter(_ state: inout AppState, _ text: String) {
    switch state.tab {
    case .scans: state.scans.pane.setFilter(text, ScansPane.text)
    case .tasks: state.tasks.pane.setFilter(text, TasksPane.text)
    case .stock: state.stock.pane.setFilter(text, StockPane.text)
    case .tickets: state.tickets.pane.setFilter(text, TicketsPane.text)
    case .team:
      if state.team.showingAudit { state.team.audit.setFilter(text, TeamPane.auditText) } else { state.team.pane.setFilter(text, TeamPane.text) }
    }
  }
}
