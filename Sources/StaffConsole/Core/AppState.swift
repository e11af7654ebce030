import StaffDomain

/// Everything the console shows, in one value. `update` changes it; `render` draws it.
public struct AppState: Sendable, Equatable {
  public var language: Language
  public var keymap: Keymap
  public var now: Timestamp
  public var size: Size
  public var header: PointHeader
  public var staff: StaffOnDuty?
  public var terminalName: String?
  public var alerts: AlertCounts = AlertCounts()
  public var tab: Tab = .scans
  public var scans = ScansPane.State()
  public var tasks = TasksPane.State()
  public var stock = StockPane.State()
  public var tickets = TicketsPane.State()
  public var team = TeamPane.State()
  /// The scanner line or the filter, when one is being typed into.
  public var input: Input?
  /// The help screen, with how far it is scrolled.
  public var help: Int?
  public var message: Message?
  /// The camera folder's taker in this console (photos taken, or why it stopped).
  public var camera: CameraStatus?
  /// The marketplace link as the runner last read it; nil, or not configured, shows nothing. It
  /// belongs to the point, not to a session: a logout keeps it.
  public var link: LinkStatus?
  public var quitting = false
  /// The login screen, while nobody is logged in (at start, after a logout or the idle lock).
  public var login: LoginPane.State?
  /// This account may not write the database (a supervisor over SSH): every change is refused.
  public var readOnly = false
  /// An untouched console locks after this long, back to the login screen.
  public var idleLock: IdleLock = .standard
  /// When the last key was pressed.
  public var lastInput: Timestamp
  /// The session the login opened; the runner closes it on logout, lock or exit.
  public var session: Int64?
  /// Shown on the login screen and at the end of the help (the demo's accounts), in the
  /// screen's language.
  public var loginHint: LoginHint?
  /// A label on screen before it is printed (y prints it, n closes it).
  public var labelPreview: LabelPreview?
  /// Lists read while their pane had a question open: applied once it is answered, so nothing
  /// that arrives changes what the question acts on (one of each kind, the newest).
  public var held: [Event] = []

  public enum Input: Sendable, Equatable {
    case scanner(TextField)
    case filter(TextField)
  }

  public init(
    language: Language, keymap: Keymap = .standard, now: Timestamp, size: Size, header: PointHeader, staff: StaffOnDuty?,
    terminalName: String? = nil
  ) {
    self.language = language
    self.keymap = keymap
    self.now = now
    self.size = size
    self.header = header
    self.staff = staff
    self.terminalName = terminalName
    lastInput = now
  }

  public var strings: Strings { Strings(language) }
}

/// What happens to the console: a key, a tick of the clock, a new size, data read, and the
/// results of effects. The runner feeds them in; nothing else changes the state. What is a
/// pane's alone (its lists, the answers to its effects) comes in that pane's case.
public enum Event: Sendable, Equatable {
  case key(Key)
  /// A burst of keys ending in Enter, too fast for a person: a keyboard-wedge scanner's payload.
  case scanned(String)
  case tick(Timestamp)
  case resize(Size)
  /// Another process (or this one) committed to the database.
  case dataChanged
  case alerts(AlertCounts)
  case camera(CameraStatus)
  /// The marketplace link's state, read after each sync pass and on each reload: it changes the
  /// top line only, never a pane or the question on screen.
  case link(LinkStatus)
  /// Something went wrong in the background (the task rules, an escalation command): said on
  /// the message line.
  case warning(StaffDomain.Message)
  /// An effect failed for a reason that is not the counter's (storage, a bad login); `pane` is
  /// the tab whose effect it was (`Effect.pane`), whose waiting ends; nil ends every tab's.
  case failed(StaffDomain.Message, pane: Tab? = nil)
  /// A label drawn for the terminal, to be looked at before it is printed.
  case labelPreview(LabelRequest, lines: [String])
  /// The printer took the label.
  case labelPrinted(job: Int64)
  /// The printer did not: the job waits in the queue, with why.
  case labelPending(job: Int64, reason: String)
  /// The account of who is on duty as the database has it now: its role, and whether it is
  /// still active (nil role: gone).
  case account(login: String, role: StaffRole?, active: Bool)
  /// The login screen's check passed: who is on duty now, and their session.
  case loggedIn(StaffOnDuty, session: Int64)
  /// The check failed: wrong, locked, disabled… (or the check could not be made, as `.failed`).
  case loginRefused(LoginRefusal)
  case scans(ScansPane.Event)
  case tasks(TasksPane.Event)
  case stock(StockPane.Event)
  case tickets(TicketsPane.Event)
  case team(TeamPane.Event)
}

/// What `update` asks the runner to do; the runner does it and feeds the result back as an
/// event. What is a pane's alone comes in that pane's case.
public enum Effect: Sendable, Equatable {
  case loadAlerts
  /// Draws a label for the preview (answered by `.labelPreview`).
  case previewLabel(LabelRequest)
  /// Queues the label and prints it on the configured printer.
  case printLabel(LabelRequest)
  /// Reads who is on duty's account again (a role changed or an account disabled elsewhere).
  case checkAccount(String)
  /// Checks a login and its secret (throttled host-wide), answered by `.loggedIn` or `.loginRefused`.
  case logIn(login: String, secret: String)
  /// Closes a session in the host's login journal: `logout`, `idle`.
  case endSession(Int64, reason: String)
  case quit
  case scans(ScansPane.Effect)
  case tasks(TasksPane.Effect)
  case stock(StockPane.Effect)
  case tickets(TicketsPane.Effect)
  case team(TeamPane.Effect)
}

extension Effect {
  /// The tab whose work this is: a failure ends that tab's wait for its answer, not another's
  /// (a task that could not be saved does not free the scan queue's handover under way).
  public var pane: Tab? {
    Tab.allCases.first { $0.pane.owns(self) }
  }
}

extension Pane {
  static func owns(_ effect: ConsoleEffect) -> Bool { self.effect(in: effect) != nil }
}

/// A label the console can print (a pickup slip needs the customer's code: the command line).
public enum LabelRequest: Sendable, Equatable {
  case shelf(product: Int64)
  case transfer(Int64)
}

/// A label's terminal preview, as drawn by the runner.
public struct LabelPreview: Sendable, Equatable {
  public var request: LabelRequest
  public var lines: [String]
  public init(request: LabelRequest, lines: [String]) {
    self.request = request
    self.lines = lines
  }
}
