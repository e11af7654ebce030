import StaffDomain

/// What the tickets pane asks the store to do.
public enum TicketCommand: Sendable, Equatable {
  /// A message: to the customer (`waiting` when it waits for their answer), from them, or a note.
  case write(MessageDirection, body: String, waiting: Bool)
  case resolve
  case close(rating: Int?)
  case reopen
  case assign(String?)
  /// The phone in clear, for a call (audited).
  case reveal
}

/// Customer-service tickets: open ones by the time left to resolve them (countdowns that stop
/// while the ticket waits for the customer), then the closed ones; the conversation of the
/// selected ticket; a reply editor over several lines; keys for every action.
public enum TicketsPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TicketRecord>()
    /// Conversations read, by ticket.
    public var conversations: [Int64: [TicketMessage]] = [:]
    public var prompt: Prompt?
    public var pending = false
    /// The message being sent, given back to the editor if the store refuses it (nothing typed is lost).
    public var unsent: Prompt?
    /// Active staff, for the assign picker.
    public var staff: [String] = []
    /// A phone number shown in clear after an audited reveal, until another ticket is selected.
    public var revealed: (ticket: Int64, phone: String)? {
      get { revealedTicket.map { ($0, revealedPhone) } }
      set {
        revealedTicket = newValue?.ticket
        revealedPhone = newValue?.phone ?? ""
      }
    }
    var revealedTicket: Int64?
    var revealedPhone = ""
    public var targets = TicketTargets.standard
    /// A ticket just opened here: selected as soon as the list read again holds it.
    public var selectWhenRead: Int64?
    public init() {}
  }

  public enum Prompt: Sendable, Equatable {
    /// A message being written (the editor takes every key; C-d sends, Esc drops it).
    case editor(ticket: Int64, MessageDirection, waiting: Bool, TextArea)
    /// The rating at closing: 0 (none) to 5.
    case rating(ticket: Int64, index: Int)
    case assignee(ticket: Int64, index: Int)
    case confirm(ticket: Int64, TicketCommand)
    /// Esc on a draft with something in it: throw it away? (n gives it back.)
    indirect case discard(ticket: Int64, draft: Prompt)
    /// A new ticket, field by field: the customer's phone, their name (for one not known yet),
    /// the category, the subject, then y.
    case newPhone(TextField)
    case newName(phone: String, TextField)
    case newCategory(phone: String, name: String?, index: Int)
    case newSubject(phone: String, name: String?, TicketCategory, TextField)
    case confirmNew(Opening)
  }

  /// A ticket opened at the counter: who, what kind, about what (priority medium, channel counter).
  public struct Opening: Sendable, Equatable {
    public var phone: String
    public var name: String?
    public var category: TicketCategory
    public var subject: String
    public init(phone: String, name: String?, category: TicketCategory, subject: String) {
      self.phone = phone
      self.name = name
      self.category = category
      self.subject = subject
    }
  }

  static func text(_ t: TicketRecord) -> String {
    [String(t.id), t.subject, t.category.rawValue, t.status.rawValue, t.customer, t.assignee ?? ""].joined(separator: " ")
  }

  static func role(_ t: TicketRecord, now: Timestamp, targets: TicketTargets) -> StyleRole {
    guard t.state.isOpen else { return .muted }
    if t.state.status == .waitingCustomer { return .muted }
    let left = t.state.responseLeft(at: now, targets: targets) ?? t.state.resolutionLeft(at: now, targets: targets) ?? 0
    if left < 0 { return .overdue }
    return left < targets.response(t.priority) / 4 ? .warning : .ok
  }

  /// The order of the list: open tickets whose clock runs, the nearest deadline first (to answer
  /// first, else to resolve); then those waiting for the customer (clock stopped), the same way;
  /// then resolved and closed ones, newest first. Ties: the newer ticket first.
  static func ordered(_ rows: [TicketRecord], now: Timestamp, targets: TicketTargets) -> [TicketRecord] {
    func key(_ t: TicketRecord) -> (group: Int, left: Int64) {
      guard t.state.isOpen else { return (2, 0) }
      let left = [t.state.responseLeft(at: now, targets: targets), t.state.resolutionLeft(at: now, targets: targets)]
        .compactMap { $0 }.min() ?? 0
      return (t.state.status == .waitingCustomer ? 1 : 0, left)
    }
    return rows.map { ($0, key($0)) }.sorted { a, b in
      if a.1.group != b.1.group { return a.1.group < b.1.group }
      if a.1.left != b.1.left { return a.1.left < b.1.left }
      return a.0.id > b.0.id
    }.map(\.0)
  }

  // MARK: Update

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    if let prompt = state.prompt { return answer(&state, prompt, action: action, context: c) }
    let before = state.pane.list.selected
    if state.pane.navigate(action, page: c.page, text) {
      if state.pane.list.selected != before { state.revealed = nil }
      return PaneOutcome(effects: detail(state))
    }
    let commands: [Action] = [
      .ticketReply, .ticketAsk, .ticketNote, .ticketIn, .ticketResolve, .ticketClose, .ticketReopen, .ticketTake, .ticketAssign,
      .ticketReveal,
    ]
    if action == .ticketOpen {
      guard c.staff != nil else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
      guard !state.pending else { return PaneOutcome() }
      state.prompt = .newPhone(TextField())
      return PaneOutcome()
    }
    guard commands.contains(action) else { return .unhandled }
    guard let t = state.pane.selectedItem else { return PaneOutcome(message: Message(c.strings[.nothingSelected], .warning)) }
    guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
    guard !state.pending else { return PaneOutcome() }
    let open = t.state.isOpen
    func closed() -> PaneOutcome { PaneOutcome(message: Message(c.strings(.ticketIsClosed, String(t.id), c.strings.name(t.status)), .error)) }
    switch action {
    case .ticketReply, .ticketAsk, .ticketIn:
      guard open else { return closed() }
      let direction: MessageDirection = action == .ticketIn ? .inbound : .outbound
      state.prompt = .editor(ticket: t.id, direction, waiting: action == .ticketAsk, TextArea())
    case .ticketNote:
      state.prompt = .editor(ticket: t.id, .note, waiting: false, TextArea())
    case .ticketResolve:
      guard open else { return closed() }
      state.prompt = .confirm(ticket: t.id, .resolve)
    case .ticketClose:
      guard t.status != .closed else { return closed() }
      state.prompt = .rating(ticket: t.id, index: 0)
    case .ticketReopen:
      guard !open else { return PaneOutcome(message: Message(c.strings(.ticketNotResolved, String(t.id)), .error)) }
      state.prompt = .confirm(ticket: t.id, .reopen)
    case .ticketTake:
      guard t.assignee != staff.login else { return PaneOutcome(message: Message(c.strings(.ticketAlreadyYours, String(t.id)), .warning)) }
      return send(&state, t.id, .assign(staff.login))
    case .ticketAssign:
      let index = t.assignee.flatMap { state.staff.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
      state.prompt = .assignee(ticket: t.id, index: index)
    case .ticketReveal:
      // Each reveal is an audited act: it is asked, never done by a stray key.
      state.prompt = .confirm(ticket: t.id, .reveal)
    default:
      break
    }
    return PaneOutcome()
  }

  static func send(_ state: inout State, _ ticket: Int64, _ command: TicketCommand) -> PaneOutcome {
    state.prompt = nil
    state.pending = true
    return PaneOutcome(effects: [.tickets(.command(ticket, command))])
  }

  /// The selected ticket's conversation, when not read yet.
  static func detail(_ state: State) -> [ConsoleEffect] {
    guard let t = state.pane.selectedItem, state.conversations[t.id] == nil else { return [] }
    return [.tickets(.loadConversation(ticket: t.id))]
  }

  static func answer(_ state: inout State, _ prompt: Prompt, action: Action, context c: PaneContext) -> PaneOutcome {
    switch (prompt, action) {
    case (.discard, .confirm):
      state.prompt = nil
      return PaneOutcome(message: Message(c.strings[.draftThrownAway], .muted))
    case (.discard(_, let draft), .decline), (.discard(_, let draft), .back):
      state.prompt = draft
    case (.confirmNew(let opening), .confirm):
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.tickets(.open(opening))])
    case (.newCategory(let phone, let name, let i), .moveUp): state.prompt = .newCategory(phone: phone, name: name, index: max(0, i - 1))
    case (.newCategory(let phone, let name, let i), .moveDown):
      state.prompt = .newCategory(phone: phone, name: name, index: min(TicketCategory.allCases.count - 1, i + 1))
    case (.newCategory(let phone, let name, let i), .open):
      state.prompt = .newSubject(phone: phone, name: name, TicketCategory.allCases[i], TextField())
    case (_, .back), (.confirm, .decline), (.confirmNew, .decline):
      state.prompt = nil
    case (_, .quit), (_, .help):
      return .unhandled
    case (.confirm(let t, let command), .confirm):
      return send(&state, t, command)
    case (.rating(let t, let i), .moveUp): state.prompt = .rating(ticket: t, index: max(0, i - 1))
    case (.rating(let t, let i), .moveDown): state.prompt = .rating(ticket: t, index: min(5, i + 1))
    case (.rating(let t, let i), .open): state.prompt = .confirm(ticket: t, .close(rating: i == 0 ? nil : i))
    case (.assignee(let t, let i), .moveUp): state.prompt = .assignee(ticket: t, index: max(0, i - 1))
    case (.assignee(let t, let i), .moveDown): state.prompt = .assignee(ticket: t, index: min(state.staff.count, i + 1))
    case (.assignee(let t, let i), .open):
      // The staff list may have been reloaded shorter since the picker opened.
      guard i <= state.staff.count else {
        state.prompt = .assignee(ticket: t, index: state.staff.count)
        return PaneOutcome()
      }
      return send(&state, t, .assign(i == 0 ? nil : state.staff[i - 1]))
    default:
      break
    }
    return PaneOutcome()
  }

  /// A digit picks a rating (0 is none) or an assignee (1 is nobody).
  static func choose(_ state: inout State, digit: Int, context c: PaneContext) -> PaneOutcome? {
    switch state.prompt {
    case .rating(let t, _)?:
      guard (0...5).contains(digit) else { return PaneOutcome() }
      state.prompt = .confirm(ticket: t, .close(rating: digit == 0 ? nil : digit))
      return PaneOutcome()
    case .assignee(let t, _)?:
      guard digit >= 1, digit <= state.staff.count + 1 else { return PaneOutcome() }
      return send(&state, t, .assign(digit == 1 ? nil : state.staff[digit - 2]))
    case .newCategory(let phone, let name, _)?:
      guard digit >= 1, digit <= TicketCategory.allCases.count else { return PaneOutcome() }
      state.prompt = .newSubject(phone: phone, name: name, TicketCategory.allCases[digit - 1], TextField())
      return PaneOutcome()
    default:
      return nil
    }
  }

  static func editor(_ state: State) -> TextArea? {
    if case .editor(_, _, _, let area)? = state.prompt { return area }
    return nil
  }

  /// Keys while writing: C-d sends, Esc drops the draft, the others edit (Enter is a new line).
  static func typingEditor(_ state: inout State, _ key: Key, width: Int, context c: PaneContext) -> PaneOutcome {
    guard case .editor(let t, let direction, let waiting, var area)? = state.prompt else { return PaneOutcome() }
    switch key {
    case .named(.escape):
      // Nothing typed is thrown away without a word.
      state.prompt = area.isBlank ? nil : .discard(ticket: t, draft: state.prompt ?? .editor(ticket: t, direction, waiting: waiting, area))
    case .control("d"):
      guard !area.isBlank else { return PaneOutcome(message: Message(c.strings[.messageEmpty], .error)) }
      state.unsent = state.prompt
      return send(&state, t, .write(direction, body: area.string, waiting: waiting))
    default:
      if area.edit(key, width: width) { state.prompt = .editor(ticket: t, direction, waiting: waiting, area) }
    }
    return PaneOutcome()
  }

  /// The field being typed for a new ticket, if one is.
  static func field(_ state: State) -> TextField? {
    switch state.prompt {
    case .newPhone(let f)?, .newName(_, let f)?, .newSubject(_, _, _, let f)?: f
    default: nil
    }
  }

  /// A key while a new ticket's field is typed: Enter checks it and asks the next, Esc drops
  /// the ticket.
  static func typingField(_ state: inout State, _ key: Key, context c: PaneContext) -> PaneOutcome {
    guard let prompt = state.prompt, var f = field(state) else { return PaneOutcome() }
    let s = c.strings
    func bad(_ why: String) -> PaneOutcome { PaneOutcome(message: Message(why, .error)) }
    switch key {
    case .named(.escape):
      state.prompt = nil
    case .named(.enter):
      let text = f.string.trimmingSpaces
      switch prompt {
      case .newPhone:
        guard case .success(let phone) = Identifier.phone(text) else { return bad(s[.badPhone]) }
        state.prompt = .newName(phone: phone, TextField())
      case .newName(let phone, _):
        // The field holds at most `TextField.capacity` (80) characters: a name is never longer.
        state.prompt = .newCategory(phone: phone, name: text.isEmpty ? nil : text, index: 0)
      case .newSubject(let phone, let name, let category, _):
        switch Identifier.text(text, max: 120) {
        case .success(let subject): state.prompt = .confirmNew(Opening(phone: phone, name: name, category: category, subject: subject))
        case .failure: return bad(s[.subjectNeeded])
        }
      default:
        break
      }
    default:
      guard f.edit(key) else { return PaneOutcome() }
      switch prompt {
      case .newPhone: state.prompt = .newPhone(f)
      case .newName(let phone, _): state.prompt = .newName(phone: phone, f)
      case .newSubject(let phone, let name, let category, _): state.prompt = .newSubject(phone: phone, name: name, category, f)
      default: break
      }
    }
    return PaneOutcome()
  }

  /// The prompt of a new ticket's field, for the message line.
  static func typingPrompt(_ state: State, strings s: Strings) -> (String, TextField)? {
    switch state.prompt {
    case .newPhone(let f)?: (s[.askTicketPhone], f)
    case .newName(let phone, let f)?: (s(.askTicketName, phone), f)
    case .newSubject(_, _, let category, let f)?: (s(.askTicketSubject, s.name(category)), f)
    default: nil
    }
  }

  /// A ticket opened here: the list read again with it selected.
  static func opened(_ ticket: Int64, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    state.selectWhenRead = ticket
    return PaneOutcome(effects: [.tickets(.load), .tickets(.loadConversation(ticket: ticket))], message: Message(c.strings(.ticketOpenedMessage, String(ticket)), .ok))
  }

  // MARK: Results

  static func loaded(_ rows: [TicketRecord], staff: [String], now: Timestamp, state: inout State) {
    state.pane.replace(ordered(rows, now: now, targets: state.targets), text)
    if let wanted = state.selectWhenRead, rows.contains(where: { $0.id == wanted }) {
      state.pane.list.selected = wanted
      state.selectWhenRead = nil
    }
    state.staff = staff
    state.conversations.removeAll()
  }

  static func done(_ ticket: Int64, _ command: TicketCommand, phone: String?, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    state.unsent = nil
    state.conversations[ticket] = nil
    let s = c.strings
    let id = String(ticket)
    let text: String
    switch command {
    case .write(.outbound, _, let waiting): text = waiting ? s(.ticketAskedMessage, id) : s(.ticketRepliedMessage, id)
    case .write(.inbound, _, _): text = s(.ticketInMessage, id)
    case .write(.note, _, _): text = s(.ticketNotedMessage, id)
    case .resolve: text = s(.ticketResolvedMessage, id)
    case .close(let rating): text = s(.ticketClosedMessage, id) + (rating.map { " " + s(.ratedMessage, .count(Int64($0))) } ?? "")
    case .reopen: text = s(.ticketReopenedMessage, id)
    case .assign(let who): text = who.map { s(.ticketAssignedMessage, id, $0) } ?? s(.ticketUnassignedMessage, id)
    case .reveal:
      state.revealed = (ticket, phone ?? "")
      text = s(.phoneRevealedMessage, id, phone ?? "?")
    }
    return PaneOutcome(effects: [.tickets(.load), .tickets(.loadConversation(ticket: ticket))], message: Message(text, .ok))
  }

  static func refused(_ reason: StaffDomain.Message, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    if let draft = state.unsent {
      state.prompt = draft
      state.unsent = nil
    }
    return PaneOutcome(message: Message(c.strings(.stockRefused, reason.text(c.strings.language)), .error))
  }
}

extension TicketsPane: Pane {
  public enum Event: Sendable, Equatable {
    /// The tickets and the active staff (whom a ticket can be given to).
    case loaded([TicketRecord], staff: [String])
    case conversation(ticket: Int64, [TicketMessage])
    /// A ticket command done; `phone` for a reveal.
    case done(ticket: Int64, TicketCommand, phone: String?)
    case refused(StaffDomain.Message)
    /// A ticket opened from the console.
    case opened(Int64)
  }

  public enum Effect: Sendable, Equatable {
    /// Reads the tickets.
    case load
    case loadConversation(ticket: Int64)
    case command(Int64, TicketCommand)
    /// Opens a ticket for a customer at the counter (answered by `.opened` or `.refused`).
    case open(Opening)
  }

  static var tab: Tab { .tickets }
  static var state: WritableKeyPath<AppState, State> { \.tickets }
  static func event(_ event: Event) -> ConsoleEvent { .tickets(event) }
  static func event(in event: ConsoleEvent) -> Event? { if case .tickets(let e) = event { e } else { nil } }
  static func effect(_ effect: Effect) -> ConsoleEffect { .tickets(effect) }
  static func effect(in effect: ConsoleEffect) -> Effect? { if case .tickets(let e) = effect { e } else { nil } }

  /// The point's ticket targets stay from one session to the next.
  static func blank(keeping state: State) -> State {
    var blank = State()
    blank.targets = state.targets
    return blank
  }

  /// A new ticket's field, or a message being written.
  static func typed(_ state: State) -> Typed? {
    if let f = field(state) { return .line(f) }
    return editor(state).map(Typed.text)
  }

  static func typing(_ state: inout State, _ key: Key, context c: PaneContext) -> PaneOutcome {
    if field(state) != nil { return typingField(&state, key, context: c) }
    return typingEditor(&state, key, width: editorWidth(c.size), context: c)
  }

  static func typingPrompt(_ state: State, context c: PaneContext) -> (String, TextField)? { typingPrompt(state, strings: c.strings) }
  static func asking(_ state: State, context: PaneContext) -> Bool { state.prompt != nil || state.pending }

  static func hints(_ state: State, context: PaneContext) -> [Action] {
    guard state.prompt == nil else { return [.back] }
    return [.help, .ticketOpen, .ticketReply, .ticketAsk, .ticketIn, .ticketNote, .ticketResolve, .ticketClose, .ticketReopen, .ticketTake,
            .ticketAssign, .ticketReveal, .filter, .open, .quit]
  }

  static func filter(_ state: State) -> String { state.pane.list.filter }
  static func setFilter(_ state: inout State, _ text: String) { state.pane.setFilter(text, Self.text) }
  static func counts(_ state: State) -> (shown: Int, all: Int) { (state.pane.visible(text).count, state.pane.items.count) }
  static func loads(_ state: State) -> [ConsoleEffect] { [.tickets(.load)] }
  static func detailLoads(_ state: State) -> [ConsoleEffect] { detail(state) }
  static func failed(_ state: inout State) { state.pending = false }

  static func arrival(_ event: Event) -> String? { if case .loaded = event { "tickets" } else { nil } }

  static func apply(_ event: Event, to state: inout State, context c: PaneContext) -> PaneOutcome {
    switch event {
    case .loaded(let rows, let staff):
      loaded(rows, staff: staff, now: c.now, state: &state)
      return PaneOutcome(effects: detail(state))
    case .conversation(let ticket, let messages):
      state.conversations[ticket] = messages
      return PaneOutcome()
    case .done(let ticket, let command, let phone): return done(ticket, command, phone: phone, state: &state, context: c)
    case .opened(let ticket): return opened(ticket, state: &state, context: c)
    case .refused(let reason): return refused(reason, state: &state, context: c)
    }
  }
}
