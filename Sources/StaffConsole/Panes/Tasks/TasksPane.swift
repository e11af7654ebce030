import StaffDomain

/// The task board: open tasks by time left (late ones first, their countdown negative), then
/// those closed in the last day; filters by type, assignee and state; a key for every command
/// (start, wait, resume, done, cancel, take, assign, priority, add). The selection stays on its
/// task when the board is read again and re-sorted.
public enum TasksPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<TaskRecord>()
    /// What the board shows; a change reads it again (the store filters, so a filter finds
    /// tasks beyond the first page).
    public var filter = TaskFilter()
    /// How many tasks the filter matches in all (the list holds the first page).
    public var total = 0
    /// Active staff, for the assign picker.
    public var staff: [String] = []
    /// A question under way: a picker, a text or a y/n.
    public var prompt: Prompt?
    /// A command sent and not answered yet (another key for it does nothing).
    public var pending = false
    /// The point's SLAs and at-risk share (config `sla_urgent`… `sla_at_risk_percent`).
    public var policy = SLAPolicy.standard

    public init() {}
  }

  public enum Prompt: Sendable, Equatable {
    case waitReason(task: Int64, index: Int)
    case priority(task: Int64, index: Int)
    /// `index` 0 is nobody, then the staff in order.
    case assignee(task: Int64, index: Int)
    case cancelReason(task: Int64, TextField)
    /// Done or cancel, asked y/n.
    case confirm(task: Int64, TaskCommand)
    case newType(index: Int)
    case newPriority(TaskType, index: Int)
    case newTitle(TaskType, Priority, TextField)

    /// The task it is about (none while adding one).
    var task: Int64? {
      switch self {
      case .waitReason(let t, _), .priority(let t, _), .assignee(let t, _), .cancelReason(let t, _), .confirm(let t, _): t
      case .newType, .newPriority, .newTitle: nil
      }
    }
  }

  /// What the text filter searches: the title as each language shows it (the one on screen is
  /// among them, and a title typed by a person is the same in both), the type, priority and state
  /// by key and by word, the assignee and the id.
  static func text(_ t: TaskRecord) -> String {
    var parts = [t.title]
    if t.titleMessage != nil { parts += Language.allCases.map { t.title($0) } }
    parts += [t.type.rawValue, t.priority.rawValue, t.status.rawValue, t.assignee ?? "", String(t.id)]
    for language in Language.allCases {
      let s = Strings(language)
      parts += [s.name(t.type), s.name(t.priority), s.name(t.status)]
    }
    return parts.joined(separator: " ")
  }

  static func role(_ state: SLAState) -> StyleRole {
    switch state {
    case .breached: .overdue
    case .atRisk: .warning
    case .onTime: .ok
    case .paused, .closed: .muted
    }
  }

  // MARK: Update

  /// The effect that reads the board as the state filters it.
  public static func load(_ state: State) -> ConsoleEffect { .tasks(.load(state.filter)) }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    if let prompt = state.prompt { return answer(&state, prompt, action: action, context: c) }
    switch action {
    case .filterType:
      let types: [TaskType?] = [nil] + TaskType.allCases.map { $0 }
      let i = types.firstIndex(of: state.filter.type) ?? 0
      state.filter.type = types[(i + 1) % types.count]
      return PaneOutcome(effects: [load(state)])
    case .filterAssignee:
      var choices: [TaskFilter.Assignee] = [.anyone]
      if let me = c.staff?.login { choices.append(.login(me)) }
      choices.append(.nobody)
      let i = choices.firstIndex(of: state.filter.assignee) ?? 0
      state.filter.assignee = choices[(i + 1) % choices.count]
      return PaneOutcome(effects: [load(state)])
    case .filterState:
      let states: [TaskFilter.State] =
        [.board, .active] + [TaskStatus.open, .inProgress, .waiting].map { .status($0) } + [.overdue]
        + [TaskStatus.done, .cancelled].map { .status($0) }
      let i = states.firstIndex(of: state.filter.state) ?? 0
      state.filter.state = states[(i + 1) % states.count]
      return PaneOutcome(effects: [load(state)])
    case .back where !state.pane.zoomed && (state.filter != TaskFilter() || !state.pane.list.filter.isEmpty):
      // Esc clears every filter at once: type, assignee, state and the text.
      state.filter = TaskFilter()
      state.pane.setFilter("", text)
      return PaneOutcome(effects: [load(state)], message: Message(c.strings[.filtersCleared], .muted))
    case .taskAdd:
      guard c.staff != nil else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
      state.prompt = .newType(index: 0)
      return PaneOutcome()
    default:
      break
    }
    if state.pane.navigate(action, page: c.page, text) { return PaneOutcome() }
    let commands: [Action] = [.taskStart, .taskWait, .taskResume, .taskDone, .taskCancel, .taskTake, .taskAssign, .taskPriority]
    guard commands.contains(action) else { return .unhandled }
    guard let task = state.pane.selectedItem else { return PaneOutcome() }
    guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
    guard !state.pending else { return PaneOutcome() }
    switch action {
    case .taskStart: return send(&state, .start, to: task, context: c)
    case .taskResume: return send(&state, .resume, to: task, context: c)
    case .taskTake: return send(&state, .assign(staff.login), to: task, context: c)
    case .taskWait:
      return ask(&state, .waitReason(task: task.id, index: 0), unless: .wait(.customer), task: task, context: c)
    case .taskPriority:
      let index = Priority.allCases.firstIndex(of: task.priority) ?? 0
      return ask(&state, .priority(task: task.id, index: index), unless: .priority(.low == task.priority ? .urgent : .low), task: task, context: c)
    case .taskAssign:
      let index = task.assignee.flatMap { state.staff.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
      return ask(&state, .assignee(task: task.id, index: index), unless: .assign(task.assignee == nil ? staff.login : nil), task: task, context: c)
    case .taskDone:
      return ask(&state, .confirm(task: task.id, .done), unless: .done, task: task, context: c)
    case .taskCancel:
      return ask(&state, .cancelReason(task: task.id, TextField()), unless: .cancel(reason: "-"), task: task, context: c)
    default:
      return .unhandled
    }
  }

  /// Opens a question, unless the task refuses that kind of command outright (a closed task, a
  /// wait on a waiting one): then the refusal, at once. `probe` is a command of that kind that
  /// only the task's state can refuse.
  static func ask(_ state: inout State, _ prompt: Prompt, unless probe: TaskCommand, task: TaskRecord, context c: PaneContext) -> PaneOutcome {
    if case .failure(let r) = task.applying(probe, by: c.staff?.login, now: c.now, policy: state.policy) {
      return PaneOutcome(message: Message(refusal(r, strings: c.strings), .error))
    }
    state.prompt = prompt
    return PaneOutcome()
  }

  /// Sends a command, after checking it against the task as shown (the store checks again: the
  /// task may have changed at another terminal).
  static func send(_ state: inout State, _ command: TaskCommand, to task: TaskRecord, context c: PaneContext) -> PaneOutcome {
    state.prompt = nil
    if case .failure(let r) = task.applying(command, by: c.staff?.login, now: c.now, policy: state.policy) {
      return PaneOutcome(message: Message(refusal(r, strings: c.strings), .error))
    }
    state.pending = true
    return PaneOutcome(effects: [.tasks(.command(task.id, command))])
  }

  /// Keys while a question is open: Up, Down and Enter (or a digit, see `choose`) in a picker;
  /// y or n for a confirmation; Esc leaves any of them.
  static func answer(_ state: inout State, _ prompt: Prompt, action: Action, context c: PaneContext) -> PaneOutcome {
    func task(_ id: Int64) -> TaskRecord? { state.pane.items.first { $0.id == id } }
    let count = choices(prompt, state: state)
    func moved(_ i: Int, _ delta: Int) -> Int { max(0, min(count - 1, i + delta)) }
    switch (prompt, action) {
    case (_, .back), (.confirm, .decline):
      state.prompt = nil
    case (_, .quit), (_, .help):
      return .unhandled
    case (.confirm(let id, let command), .confirm):
      guard let t = task(id) else {
        state.prompt = nil
        return PaneOutcome(message: Message(c.strings(.taskGone, String(id)), .error))
      }
      return send(&state, command, to: t, context: c)
    case (.waitReason(let id, let i), .moveUp), (.waitReason(let id, let i), .moveDown):
      state.prompt = .waitReason(task: id, index: moved(i, action == .moveUp ? -1 : 1))
    case (.priority(let id, let i), .moveUp), (.priority(let id, let i), .moveDown):
      state.prompt = .priority(task: id, index: moved(i, action == .moveUp ? -1 : 1))
    case (.assignee(let id, let i), .moveUp), (.assignee(let id, let i), .moveDown):
      state.prompt = .assignee(task: id, index: moved(i, action == .moveUp ? -1 : 1))
    case (.newType(let i), .moveUp), (.newType(let i), .moveDown):
      state.prompt = .newType(index: moved(i, action == .moveUp ? -1 : 1))
    case (.newPriority(let type, let i), .moveUp), (.newPriority(let type, let i), .moveDown):
      state.prompt = .newPriority(type, index: moved(i, action == .moveUp ? -1 : 1))
    case (.waitReason(_, let i), .open), (.priority(_, let i), .open), (.assignee(_, let i), .open), (.newType(let i), .open),
      (.newPriority(_, let i), .open):
      return pick(&state, prompt, i, context: c)
    default:
      break
    }
    return PaneOutcome()
  }

  static func choices(_ prompt: Prompt, state: State) -> Int {
    switch prompt {
    case .waitReason: WaitingReason.allCases.count
    case .priority, .newPriority: Priority.allCases.count
    case .assignee: state.staff.count + 1
    case .newType: TaskType.allCases.count
    case .cancelReason, .confirm, .newTitle: 0
    }
  }

  /// The choice `i` of a picker.
  static func pick(_ state: inout State, _ prompt: Prompt, _ i: Int, context c: PaneContext) -> PaneOutcome {
    guard i >= 0, i < choices(prompt, state: state) else { return PaneOutcome() }
    func send(_ id: Int64, _ command: TaskCommand) -> PaneOutcome {
      guard let t = state.pane.items.first(where: { $0.id == id }) else {
        state.prompt = nil
        return PaneOutcome(message: Message(c.strings(.taskGone, String(id)), .error))
      }
      return Self.send(&state, command, to: t, context: c)
    }
    switch prompt {
    case .waitReason(let id, _): return send(id, .wait(WaitingReason.allCases[i]))
    case .priority(let id, _): return send(id, .priority(Priority.allCases[i]))
    case .assignee(let id, _): return send(id, .assign(i == 0 ? nil : state.staff[i - 1]))
    case .newType: state.prompt = .newPriority(TaskType.allCases[i], index: Priority.allCases.firstIndex(of: .medium) ?? 0)
    case .newPriority(let type, _): state.prompt = .newTitle(type, Priority.allCases[i], TextField())
    case .cancelReason, .confirm, .newTitle: break
    }
    return PaneOutcome()
  }

  /// A digit typed in a picker picks at once (1 is the first); false when no picker is open.
  static func choose(_ state: inout State, digit: Int, context c: PaneContext) -> PaneOutcome? {
    guard let prompt = state.prompt, choices(prompt, state: state) > 0 else { return nil }
    guard digit >= 1, digit <= choices(prompt, state: state) else { return PaneOutcome() }
    return pick(&state, prompt, digit - 1, context: c)
  }

  /// The text being typed (a cancel reason or a new title), if any.
  static func field(_ state: State) -> TextField? {
    switch state.prompt {
    case .cancelReason(_, let f)?, .newTitle(_, _, let f)?: f
    default: nil
    }
  }

  /// A key while a text is typed: Enter takes it, Esc drops it, others edit.
  static func typing(_ state: inout State, _ key: Key, context c: PaneContext) -> PaneOutcome {
    guard let prompt = state.prompt, var f = field(state) else { return PaneOutcome() }
    switch key {
    case .named(.escape):
      state.prompt = nil
    case .named(.enter):
      switch prompt {
      case .cancelReason(let id, _):
        guard let t = state.pane.items.first(where: { $0.id == id }) else {
          state.prompt = nil
          return PaneOutcome(message: Message(c.strings(.taskGone, String(id)), .error))
        }
        let command = TaskCommand.cancel(reason: f.string)
        if case .failure(let r) = t.applying(command, by: c.staff?.login, now: c.now, policy: state.policy) {
          return PaneOutcome(message: Message(refusal(r, strings: c.strings), .error))
        }
        state.prompt = .confirm(task: id, command)
      case .newTitle(let type, let priority, _):
        guard case .success(let title) = NewTask.title(f.string) else {
          return PaneOutcome(message: Message(c.strings[.newTaskTitleMissing], .error))
        }
        state.prompt = nil
        state.pending = true
        return PaneOutcome(effects: [.tasks(.add(NewTask(type: type, priority: priority, title: title)))])
      default:
        break
      }
    default:
      guard f.edit(key) else { return PaneOutcome() }
      switch prompt {
      case .cancelReason(let id, _): state.prompt = .cancelReason(task: id, f)
      case .newTitle(let type, let priority, _): state.prompt = .newTitle(type, priority, f)
      default: break
      }
    }
    return PaneOutcome()
  }

  // MARK: Results

  static func loaded(_ page: TaskPage, staff: [String], state: inout State) {
    state.pane.replace(page.tasks, text)
    state.total = page.total
    state.staff = staff
  }

  static func changed(_ task: TaskRecord, _ command: TaskCommand, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    if let i = state.pane.items.firstIndex(where: { $0.id == task.id }) { state.pane.items[i] = task }
    let s = c.strings
    let id = String(task.id)
    let text: String
    switch command {
    case .start: text = s(.taskStartedMsg, id)
    case .wait(let r): text = s(.taskWaitingMsg, id, s.name(r))
    case .resume: text = s(.taskResumedMsg, id)
    case .done: text = s(.taskDoneMsg, id)
    case .cancel: text = s(.taskCancelledMsg, id)
    case .assign(let who?): text = s(.taskAssignedMsg, id, who)
    case .assign(nil): text = s(.taskUnassignedMsg, id)
    case .priority(let p): text = s(.taskPriorityMsg, id, s.name(p), s.dateTime(task.due(at: c.now)))
    }
    return PaneOutcome(effects: [load(state)], message: Message(text, .ok))
  }

  static func added(_ task: TaskRecord, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    state.pane.list.selected = task.id
    return PaneOutcome(effects: [load(state)], message: Message(c.strings(.taskAddedMsg, String(task.id)), .ok))
  }

  static func refused(_ r: TaskRefusal, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    return PaneOutcome(effects: [load(state)], message: Message(refusal(r, strings: c.strings), .error))
  }

  /// A refusal in the console's language: the domain's message as a sentence.
  static func refusal(_ r: TaskRefusal, strings s: Strings) -> String { s.sentence(r.reason) }
}

extension TasksPane: Pane {
  public enum Event: Sendable, Equatable {
    /// The task board's page and the active staff (whom tasks can be given to).
    case loaded(TaskPage, staff: [String])
    case changed(TaskRecord, TaskCommand)
    case added(TaskRecord)
    case refused(TaskRefusal)
  }

  public enum Effect: Sendable, Equatable {
    /// Reads the board with its filters.
    case load(TaskFilter)
    /// A command to a task, on behalf of who is on duty.
    case command(Int64, TaskCommand)
    case add(NewTask)
  }

  static var tab: Tab { .tasks }
  static var state: WritableKeyPath<AppState, State> { \.tasks }
  static func event(_ event: Event) -> ConsoleEvent { .tasks(event) }
  static func event(in event: ConsoleEvent) -> Event? { if case .tasks(let e) = event { e } else { nil } }
  static func effect(_ effect: Effect) -> ConsoleEffect { .tasks(effect) }
  static func effect(in effect: ConsoleEffect) -> Effect? { if case .tasks(let e) = effect { e } else { nil } }

  /// The point's SLAs stay from one session to the next.
  static func blank(keeping state: State) -> State {
    var blank = State()
    blank.policy = state.policy
    return blank
  }

  static func typed(_ state: State) -> Typed? { field(state).map(Typed.line) }
  static func typingPrompt(_ state: State, context c: PaneContext) -> (String, TextField)? { typingPrompt(state, strings: c.strings) }
  static func asking(_ state: State, context: PaneContext) -> Bool { state.prompt != nil || state.pending }

  static func hints(_ state: State, context: PaneContext) -> [Action] {
    // The question says which keys answer it.
    guard state.prompt == nil else { return [.back] }
    return [.help, .taskAdd, .taskStart, .taskDone, .taskWait, .taskResume, .taskCancel, .taskTake, .taskAssign, .taskPriority,
            .filterType, .filterAssignee, .filterState, .filter, .open, .quit]
  }

  static func filter(_ state: State) -> String { state.pane.list.filter }
  static func setFilter(_ state: inout State, _ text: String) { state.pane.setFilter(text, Self.text) }
  static func counts(_ state: State) -> (shown: Int, all: Int) { (state.pane.visible(text).count, state.pane.items.count) }
  static func loads(_ state: State) -> [ConsoleEffect] { [load(state)] }
  static func detailLoads(_ state: State) -> [ConsoleEffect] { [] }
  static func failed(_ state: inout State) { state.pending = false }
  /// Time alone makes tasks late.
  static var everyMinute: Bool { true }

  static func arrival(_ event: Event) -> String? { if case .loaded = event { "tasks" } else { nil } }

  static func apply(_ event: Event, to state: inout State, context c: PaneContext) -> PaneOutcome {
    switch event {
    case .loaded(let page, let staff):
      loaded(page, staff: staff, state: &state)
      return PaneOutcome()
    case .changed(let task, let command): return changed(task, command, state: &state, context: c)
    case .added(let task): return added(task, state: &state, context: c)
    case .refused(let refusal): return refused(refusal, state: &state, context: c)
    }
  }
}
