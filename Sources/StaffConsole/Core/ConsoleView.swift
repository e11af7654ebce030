import StaffDomain

extension Console {
  /// Draws the state at a size: the top bar, the tabs, the pane (or the help), the message or
  /// the line being typed, and the keys of the active keymap. Below 80 x 24, a screen that says
  /// so (and recovers as soon as the terminal is large enough again).
  public static func render(_ state: AppState, size: Size) -> Screen {
    var screen = Screen(size)
    let s = state.strings
    guard Layout.fits(size) else {
      tooSmall(state, &screen)
      return screen
    }
    topBar(state, &screen)
    if let login = state.login {
      LoginPane.render(login, header: state.header, readOnly: state.readOnly, hint: state.loginHint?.text(s.language), strings: s, into: &screen)
      return screen
    }
    tabBar(state, &screen)
    if let scroll = state.help {
      HelpView.render(state, scroll: scroll, into: &screen)
    } else {
      render(state.tab.pane, state, into: &screen, context: context(state), size: size)
    }
    if let preview = state.labelPreview { labelPreview(preview, &screen) }
    messageLine(state, &screen)
    hints(state, &screen)
    return screen
  }

  static func render<P: Pane>(_ pane: P.Type, _ state: AppState, into screen: inout Screen, context: PaneContext, size: Size) {
    P.render(state[keyPath: P.state], into: &screen, context: context, size: size)
  }

  /// What a terminal below 80 x 24 shows: the size it has and the size it needs, in the words
  /// that fit it (wrapped over its rows, else shorter, at the least the size needed).
  static func tooSmall(_ state: AppState, _ screen: inout Screen) {
    let s = state.strings
    let (columns, rows) = (screen.size.columns, screen.size.rows)
    let need = "\(Layout.minimum.columns)x\(Layout.minimum.rows)"
    let candidates = [[s(.tooSmall, String(columns), String(rows)), s(.tooSmallNeed, need)], [s(.tooSmallShort, need)], [need]]
    for paragraphs in candidates {
      let lines = paragraphs.flatMap { DetailWriter.wrap($0, width: columns) }
      guard lines.count <= rows, lines.allSatisfy({ $0.cellWidth <= columns }) else { continue }
      for (i, line) in lines.enumerated() { screen.put(line, row: i, column: 0, role: .warning) }
      return
    }
    screen.put(need, row: 0, column: 0, role: .warning)
  }

  /// The point, the marketplace link, who is on duty, the alert counters and the clock (to the
  /// minute: an idle console changes one line a minute). When space is short the program's name
  /// goes first, then the point's, then the link's longer words (its shortest are clipped at the
  /// last); the point's code, the alerts, the staff and the clock stay where they were.
  static func topBar(_ state: AppState, _ screen: inout Screen) {
    let s = state.strings
    let width = screen.size.columns
    screen.fill(row: 0, role: .title)
    var right: [(String, StyleRole)] = []
    let a = state.alerts
    if a.slaBreaches > 0 { right.append((s(.alertsLate, .count(Int64(a.slaBreaches))), .overdue)) }
    if a.lowStock > 0 { right.append((s(.alertsLowStock, .count(Int64(a.lowStock))), .warning)) }
    if a.lockedOrders > 0 { right.append((s(.alertsLocked, .count(Int64(a.lockedOrders))), .warning)) }
    if a.printsWaiting > 0 { right.append((s(.alertsPrints, .count(Int64(a.printsWaiting))), .warning)) }
    if state.readOnly { right.append((s[.readOnlyBadge], .warning)) }
    if state.header.training { right.append((s[.trainingBadge], .warning)) }
    right.append((state.staff?.login ?? s[.noOneOnDuty], state.staff == nil ? .warning : .title))
    right.append((width >= 100 ? s.dateTime(state.now) : s.clock(state.now), .title))
    var pieces = right.map { (" " + $0.0 + " ", $0.1) }
    func start(_ pieces: [(String, StyleRole)]) -> Int { width - pieces.reduce(0) { $0 + $1.0.cellWidth } - (pieces.count - 1) }
    var column = start(pieces)
    let code = " " + state.header.code + " "
    // The link goes first on the right, in the longest of its forms that leaves the point's code
    // whole: `room` is what its words may take (a blank either side, one between pieces).
    let (forms, linkRole) = linkForms(state)
    let room = column - 1 - 2 - code.cellWidth - 1
    if let form = forms.first(where: { $0.cellWidth <= room }) {
      pieces.insert((" " + form + " ", linkRole), at: 0)
    } else if let last = forms.last, room >= Self.linkClipped {
      pieces.insert((" " + last.clipped(to: room) + " ", linkRole), at: 0)
    }
    column = start(pieces)
    var left = " " + s[.appName] + "  " + state.header.code + "  " + state.header.name
    if left.cellWidth >= column { left = " " + state.header.code + "  " + state.header.name }
    if left.cellWidth >= column { left = code }
    screen.put(left.clipped(to: max(0, column - 1)), row: 0, column: 0, role: .title)
    for (text, role) in pieces where column >= 0 {
      screen.put(text, row: 0, column: column, role: role)
      column += text.cellWidth + 1
    }
  }

  /// The fewest columns the link's shortest words are clipped to; below that it is not shown.
  static let linkClipped = 5

  /// The marketplace link in the words that say it, longest first, and its role: down says since
  /// when (with the day when it is not today) and how many events wait, up how many wait when some
  /// do; no words without a configured link.
  static func linkForms(_ state: AppState) -> (forms: [String], role: StyleRole) {
    guard let link = state.link, link.configured else { return ([], .title) }
    let s = state.strings
    let waiting = link.waiting > 0 ? ", " + s(.linkWaiting, .count(Int64(link.waiting))) : ""
    if let since = link.downSince {
      let down = s(.linkDownSince, s.when(since, now: state.now))
      return ([down + waiting, down, s[.linkDown]], .warning)
    }
    if link.lastContact != nil { return ([s[.linkUp] + waiting, s[.linkUp]], .title) }
    return ([s[.linkConnecting]], .title)
  }

  /// A label's preview over the pane: the code (half blocks) and its text, centred, clipped to the
  /// rows there are.
  static func labelPreview(_ preview: LabelPreview, _ screen: inout Screen) {
    let top = 2
    let bottom = Layout.messageRow(screen.size)
    for row in top..<bottom { screen.fill(row: row, role: .normal) }
    let width = preview.lines.map(\.cellWidth).max() ?? 0
    let left = max(0, (screen.size.columns - width) / 2)
    for (i, line) in preview.lines.prefix(bottom - top).enumerated() {
      screen.put(line.clipped(to: screen.size.columns - left), row: top + i, column: left, role: .normal)
    }
  }

  /// `1 Scans  2 Tasks …`, the keys from the keymap, the active tab highlighted.
  static func tabBar(_ state: AppState, _ screen: inout Screen) {
    let s = state.strings
    var column = 1
    for tab in Tab.allCases {
      let key = state.keymap.shownKey(for: tab.action, in: tab.scope).map { s.keyName($0) + " " } ?? ""
      let label = " " + key + s.name(tab) + " "
      screen.put(label, row: 1, column: column, role: tab == state.tab ? .selected : .normal)
      column += label.cellWidth + 1
    }
  }

  /// The message, or the scanner line or filter being typed (with its cursor), or the filter in
  /// force, or the camera folder's state.
  static func messageLine(_ state: AppState, _ screen: inout Screen) {
    let s = state.strings
    let row = Layout.messageRow(screen.size)
    let width = screen.size.columns
    switch state.input {
    case .scanner(let field)?:
      field.draw(prompt: s[.scannerPrompt], row: row, width: width, screen: &screen)
      return
    case .filter(let field)?:
      field.draw(prompt: s[.filterPrompt], row: row, width: width, screen: &screen)
      return
    case nil:
      break
    }
    if state.help == nil, let (prompt, field) = typingPrompt(state.tab.pane, state, context: context(state)) {
      field.draw(prompt: prompt, row: row, width: width, screen: &screen)
      return
    }
    if let m = state.message {
      screen.put(m.text.clipped(to: width - 1), row: row, column: 0, role: m.role)
      return
    }
    let filter = filter(of: state)
    if !filter.isEmpty {
      let (shown, all) = counts(state)
      screen.put((s[.filterPrompt] + " " + filter + "   " + s(.filterShowing, .count(Int64(shown)), .count(Int64(all)))).clipped(to: width - 1),
        row: row, column: 0, role: .muted)
      return
    }
    if state.tab == .scans, let camera = state.camera {
      var text = s(.cameraTaken, .count(Int64(camera.taken)))
      if camera.quarantined > 0 { text += ", " + s(.cameraQuarantined, .count(Int64(camera.quarantined))) }
      if camera.elsewhere { text = s[.cameraElsewhere] }
      if let failure = camera.failure { text = s(.cameraStopped, failure) }
      screen.put(s(.cameraFolder, text).clipped(to: width - 1), row: row, column: 0, role: camera.failure == nil ? .muted : .error)
    }
  }

  static func typingPrompt<P: Pane>(_ pane: P.Type, _ state: AppState, context: PaneContext) -> (String, TextField)? {
    P.typingPrompt(state[keyPath: P.state], context: context)
  }

  static func counts(_ state: AppState) -> (shown: Int, all: Int) { counts(state.tab.pane, state) }

  static func counts<P: Pane>(_ pane: P.Type, _ state: AppState) -> (shown: Int, all: Int) { P.counts(state[keyPath: P.state]) }

  static func hints<P: Pane>(_ pane: P.Type, _ state: AppState, context: PaneContext) -> [Action] {
    P.hints(state[keyPath: P.state], context: context)
  }

  /// The keys of the active keymap for what can be done here.
  static func hints(_ state: AppState, _ screen: inout Screen) {
    let row = Layout.hintRow(screen.size)
    screen.fill(row: row, role: .muted)
    let actions: [Action]
    if state.help != nil {
      actions = [.back, .quit]
    } else if state.input != nil || typingText(state) {
      actions = []
    } else {
      actions = hints(state.tab.pane, state, context: context(state))
    }
    let scope: KeyScope = state.help != nil ? .help : state.tab.scope
    // Only what whoever is on duty may do: a supervisor is not offered `y hand over`.
    func piece(_ action: Action) -> String? {
      guard offers(state, action, on: state.tab) else { return nil }
      guard !state.keymap.keys(for: action, in: scope).isEmpty else { return nil }
      return Answer.key(action, in: scope, keymap: state.keymap, strings: state.strings) + " " + state.strings.short(action)
    }
    // Quit is always shown, last; the others as they fit.
    let quit = actions.contains(.quit) ? piece(.quit) : nil
    let room = screen.size.columns - 1 - (quit.map { $0.cellWidth + 2 } ?? 0)
    var text = ""
    for action in actions where action != .quit {
      guard let p = piece(action) else { continue }
      if (text + "  " + p).cellWidth > room { break }
      text += (text.isEmpty ? " " : "  ") + p
    }
    if let quit { text += (text.isEmpty ? " " : "  ") + quit }
    if state.input != nil || (state.help == nil && typingText(state)) {
      // A message over several lines has its own keys (Enter is a new line).
      let editing = if state.input == nil, case .text? = typed(state) { true } else { false }
      text = " " + state.strings[editing ? .editorHints : .inputHints]
    }
    screen.put(text, row: row, column: 0, role: .muted)
  }
}

extension TextField {
  /// The prompt and the text, the character under the cursor in reverse so that the cursor
  /// shows without moving the terminal's own.
  func draw(prompt: String, row: Int, width: Int, screen: inout Screen) {
    let head = prompt + " "
    screen.fill(row: row, role: .normal)
    screen.put(head, row: row, column: 0, role: .title)
    let room = max(1, width - head.cellWidth - 1)
    // Scrolled by columns, so that the text before the cursor and the cursor's cell fit.
    var start = 0
    var before = text.prefix(cursor).reduce(0) { $0 + $1.cellWidth }
    while start < cursor && before + (cursor < text.count ? text[cursor].cellWidth : 1) > room {
      before -= text[start].cellWidth
      start += 1
    }
    var column = head.cellWidth
    for (i, ch) in text.dropFirst(start).enumerated() {
      guard column + ch.cellWidth <= head.cellWidth + room else { break }
      screen.put(String(ch), row: row, column: column, role: selected || start + i == cursor ? .selected : .normal)
      column += ch.cellWidth
    }
    // A selected offer is drawn in reverse as a whole, without a cursor of its own.
    if cursor == text.count && !selected { screen.put(" ", row: row, column: column, role: .selected) }
  }
}
