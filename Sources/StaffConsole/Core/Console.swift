import StaffDomain

/// The console's brain: `update` takes an event and the state, changes the state and returns the
/// effects the runner must perform; `render` draws a state. Neither reads a clock, a file or the
/// terminal, so tests drive them with values.
public enum Console {
  public static func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    // A question owns its subject: a list read while its pane asks one waits until it is answered.
    if let (tab, _) = arrival(event), asking(state, tab) {
      hold(&state, event, tab: tab)
      return []
    }
    var effects = step(&state, event)
    var i = 0
    while i < state.held.count {
      let waiting = state.held[i]
      if let (tab, _) = arrival(waiting), !asking(state, tab) {
        state.held.remove(at: i)
        effects += step(&state, waiting)
      } else {
        i += 1
      }
    }
    return effects
  }

  /// The tab whose list an event brings, and the kind of list, when it is one that can arrive
  /// on its own.
  static func arrival(_ event: Event) -> (tab: Tab, kind: String)? {
    for tab in Tab.allCases {
      if let kind = arrival(tab.pane, event) { return (tab, kind) }
    }
    return nil
  }

  static func arrival<P: Pane>(_ pane: P.Type, _ event: Event) -> String? { P.event(in: event).flatMap(P.arrival) }

  /// Whether a pane has a question open (or its answer on the way, or a label on screen waiting
  /// for y): what it shows stays put.
  static func asking(_ state: AppState, _ tab: Tab, context: PaneContext? = nil) -> Bool {
    guard state.login == nil else { return false }
    return asking(tab.pane, state, context: context ?? baseContext(state)) || (state.tab == tab && state.labelPreview != nil)
  }

  static func asking<P: Pane>(_ pane: P.Type, _ state: AppState, context: PaneContext) -> Bool {
    P.asking(state[keyPath: P.state], context: context)
  }

  /// The tab on screen asks a question (or shows a label waiting for y).
  static func askingOnScreen(_ state: AppState, context: PaneContext? = nil) -> Bool {
    state.help == nil && (asking(state, state.tab, context: context) || state.labelPreview != nil)
  }

  /// Keeps an event for later, the newest of its kind; the pane says on the message line what
  /// waits (new scans are named).
  static func hold(_ state: inout AppState, _ event: Event, tab: Tab) {
    if let m = held(tab.pane, event, &state) { state.message = m }
    state.held.removeAll { sameKind($0, event) }
    state.held.append(event)
  }

  static func held<P: Pane>(_ pane: P.Type, _ event: Event, _ state: inout AppState) -> Message? {
    guard let e = P.event(in: event) else { return nil }
    let strings = state.strings
    return P.held(e, state: &state[keyPath: P.state], strings: strings)
  }

  static func sameKind(_ a: Event, _ b: Event) -> Bool {
    guard let x = arrival(a), let y = arrival(b) else { return false }
    return x == y
  }

  /// An event for a pane, given to it; what it gives back is applied (and the pane comes on
  /// screen when it asks to). Nil when the event is not this pane's.
  static func receive<P: Pane>(_ pane: P.Type, _ event: Event, _ state: inout AppState) -> [Effect]? {
    guard let e = P.event(in: event) else { return nil }
    let c = context(state, for: P.tab)
    let outcome = P.apply(e, to: &state[keyPath: P.state], context: c)
    if outcome.show {
      state.tab = P.tab
      state.labelPreview = nil
    }
    return apply(outcome, to: &state)
  }

  /// What one pane's news changes beyond it, which the console sees to (no pane names another).
  static func consequences(_ event: Event, _ state: inout AppState) -> [Effect] {
    guard case .stock(.done(let news)) = event else { return [] }
    // A received transfer's slip in the scan queue shows its new state when read again.
    if case .received = news { state.scans.details = state.scans.details.filter { if case .transfer = $0.value { false } else { true } } }
    var effects = ScansPane.detailLoads(state.scans)
    // A transfer goes with its slip: its preview comes up, y prints it.
    if case .sent(let transfer, _, _) = news, refusal(state, .printLabels) == nil { effects.append(.previewLabel(.transfer(transfer))) }
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
      if askingOnScreen(state) && !onScannerLine { return [.scans(.process(fixed ?? text, repaired: fixed != nil))] }
      state.help = nil
      state.input = nil
      state.labelPreview = nil
      // The pane on screen may take the scan itself (a count open takes the PRODUCT codes).
      if let effects = scanned(state.tab.pane, text, &state) { return effects }
      state.tab = .scans
      return [.scans(.process(fixed ?? text, repaired: fixed != nil, typed: onScannerLine))]
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
      // Time alone makes tasks late: the counters, and a pane that shows time left, are read
      // again each minute.
      guard now.seconds / 60 != minute else { return [] }
      return [.loadAlerts] + (state.tab.pane.everyMinute ? load(state.tab, state) : [])
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
    case .loggedIn(let staff, let session):
      resetPanes(&state)
      state.staff = staff
      state.session = session
      state.login = nil
      state.lastInput = state.now
      state.tab = .scans
      state.message = state.readOnly ? Message(state.strings[.readOnlyConsole], .warning) : nil
      return initialLoads(state)
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
      for tab in Tab.allCases where pane == nil || pane == tab { failed(tab.pane, &state) }
      state.message = Message(state.strings(.failed, why.text(state.language)), .error)
      return []
    default:
      // A pane's own event: its list, or the answer to its effect.
      for tab in Tab.allCases {
        if let effects = receive(tab.pane, event, &state) { return effects + consequences(event, &state) }
      }
      return []
    }
  }

  static func failed<P: Pane>(_ pane: P.Type, _ state: inout AppState) { P.failed(&state[keyPath: P.state]) }

  static func scanned<P: Pane>(_ pane: P.Type, _ text: String, _ state: inout AppState) -> [Effect]? {
    P.scanned(text, state: &state[keyPath: P.state])
  }

  /// Whether the keys go to a text being typed: the filter, or the pane's (a task's title or
  /// reason, a stock field, a ticket's message, a secret). The console and its key bar both ask
  /// this.
  static func typingText(_ state: AppState) -> Bool {
    if case .filter? = state.input { return true }
    guard state.input == nil, state.help == nil else { return false }
    return typed(state) != nil
  }

  /// The text the pane on screen is typing, if any.
  static func typed(_ state: AppState) -> Typed? { typed(state.tab.pane, state) }

  static func typed<P: Pane>(_ pane: P.Type, _ state: AppState) -> Typed? { P.typed(state[keyPath: P.state]) }

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
    for tab in Tab.allCases { blank(tab.pane, &state) }
    state.alerts = AlertCounts()
    state.input = nil
    state.help = nil
    state.message = nil
    state.labelPreview = nil
    state.held = []
    state.tab = .scans
  }

  static func blank<P: Pane>(_ pane: P.Type, _ state: inout AppState) {
    state[keyPath: P.state] = P.blank(keeping: state[keyPath: P.state])
  }

  /// What a pane is told of the console: who, when, the keys, the size, what may be done, and
  /// whether a question holds the screen; `tab` the pane it is for (whether it asks).
  static func context(_ state: AppState, for tab: Tab? = nil) -> PaneContext {
    var c = baseContext(state)
    c.questionOnScreen = askingOnScreen(state, context: c)
    if let tab { c.asking = asking(state, tab, context: c) }
    return c
  }

  /// The context without the questions (which are asked of the panes with it).
  static func baseContext(_ state: AppState) -> PaneContext {
    let blindHere = Tab.allCases.reduce(state.alerts.counting) { $0.union(blind($1.pane, state)) }
    return PaneContext(
      strings: state.strings, now: state.now, staff: state.staff, keymap: state.keymap, page: Layout.pageRows(state.size),
      permissions: permissions(state), blind: blindHere, size: state.size, tab: state.tab)
  }

  static func blind<P: Pane>(_ pane: P.Type, _ state: AppState) -> Set<String> { P.blind(state[keyPath: P.state]) }

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
    // A text being typed takes every key; a picker open takes digits.
    if let effects = paneKey(state.tab.pane, &state, key) { return effects }
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

  /// A key the pane on screen takes before the keymap: any key while a text is typed, a digit
  /// while a picker is open (the digit row of an AZERTY keyboard as well); nil when it takes none.
  static func paneKey<P: Pane>(_ pane: P.Type, _ state: inout AppState, _ key: Key) -> [Effect]? {
    if P.typed(state[keyPath: P.state]) != nil {
      state.message = nil
      let c = context(state)
      return apply(P.typing(&state[keyPath: P.state], key, context: c), to: &state)
    }
    guard case .character(let ch) = key, let digit = ch.wholeNumberValue ?? azertyDigits[ch] else { return nil }
    let c = context(state)
    guard let outcome = P.choose(&state[keyPath: P.state], digit: digit, context: c) else { return nil }
    if !outcome.keepsMessage { state.message = nil }
    return apply(outcome, to: &state)
  }

  /// An action from the keymap: the pane's first, then the console's own.
  static func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    let c = context(state)
    // A message answers the last action; the next one clears it.
    state.message = nil
    // The role table first (ROLES in vgk-staff(1)), then a read-only database. The answer to the
    // unlock question was allowed with its question.
    let answering = answering(state.tab.pane, state)
    if !answering, let permission = action.permission(on: state.tab), let refused = refusal(state, permission) {
      state.message = refused
      return []
    }
    if action == .logout { return lock(&state, reason: "logout", notice: Message(c.strings[.loggedOut], .muted)) }
    let outcome = update(state.tab.pane, &state, action, context: c)
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

  static func answering<P: Pane>(_ pane: P.Type, _ state: AppState) -> Bool { P.answering(state[keyPath: P.state]) }

  static func update<P: Pane>(_ pane: P.Type, _ state: inout AppState, _ action: Action, context: PaneContext) -> PaneOutcome {
    P.update(&state[keyPath: P.state], action: action, context: context)
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
  static func load(_ tab: Tab, _ state: AppState) -> [Effect] { loads(tab.pane, state) }

  static func loads<P: Pane>(_ pane: P.Type, _ state: AppState) -> [Effect] { P.loads(state[keyPath: P.state]) }

  /// What the console reads first, and again whenever the database changed: the counters, the
  /// scan queue (it follows new scans from any tab) and the tab on screen.
  public static func initialLoads(_ state: AppState) -> [Effect] {
    [.loadAlerts] + load(.scans, state) + (state.tab == .scans ? [] : load(state.tab, state))
  }

  static func typing(_ state: inout AppState, _ input: AppState.Input, _ key: Key) -> [Effect] {
    switch input {
    case .scanner(var field):
      switch key {
      case .named(.enter):
        state.input = nil
        let text = field.string
        guard !text.isEmpty else { return [] }
        if let fixed = KeyboardLayout.repairedPayload(text) { return [.scans(.process(fixed, repaired: true, typed: true))] }
        return [.scans(.process(text, repaired: false, typed: true))]
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
  static func detailLoads(_ state: AppState) -> [Effect] { detailLoads(state.tab.pane, state) }

  static func detailLoads<P: Pane>(_ pane: P.Type, _ state: AppState) -> [Effect] { P.detailLoads(state[keyPath: P.state]) }

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

  static func filter(of state: AppState) -> String { filter(state.tab.pane, state) }

  static func filter<P: Pane>(_ pane: P.Type, _ state: AppState) -> String { P.filter(state[keyPath: P.state]) }

  static func setFilter(_ state: inout AppState, _ text: String) { setFilter(state.tab.pane, &state, text) }

  static func setFilter<P: Pane>(_ pane: P.Type, _ state: inout AppState, _ text: String) { P.setFilter(&state[keyPath: P.state], text) }
}
