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
/// results of effects. The runner feeds them in; nothing else changes the state.
public enum Event: Sendable, Equatable {
  case key(Key)
  /// A burst of keys ending in Enter, too fast for a person: a keyboard-wedge scanner's payload.
  case scanned(String)
  case tick(Timestamp)
  case resize(Size)
  /// Another process (or this one) committed to the database.
  case dataChanged
  case alerts(AlertCounts)
  case scans([ScanRecord])
  /// The task board's page and the active staff (whom tasks can be given to).
  case tasks(TaskPage, staff: [String])
  case stock([StockRecord])
  /// The tickets and the active staff (whom a ticket can be given to).
  case tickets([TicketRecord], staff: [String])
  case team([TeamMember])
  /// The audit trail's rows for the team's audit view, and the active staff (whom it filters by).
  case audit([AuditRecord], staff: [String])
  case detail(scan: Int64, ScanDetail)
  /// The result of `.processScan`, with the text as it was read (after a keyboard-layout repair);
  /// `typed` when the clerk typed it on the scanner line (shown at once, whatever was asked).
  case scanProcessed(ScanResult, repaired: Bool, typed: Bool = false)
  case handedOver(order: Int64, scan: Int64)
  case handOverRefused(scan: Int64, PickupRefusal)
  case refusalRecorded(scan: Int64, order: Int64, ScanDecision)
  case refusalFailed(scan: Int64, DecisionRefusal)
  case taskChanged(TaskRecord, TaskCommand)
  case taskAdded(TaskRecord)
  case taskRefused(TaskRefusal)
  /// The newest movements (the stock's feed).
  case movements([MovementView])
  /// A product's last movements, for its detail.
  case history(product: Int64, [MovementView])
  case stockDone(StockNews)
  /// The store refused a stock command, with its reason (said in the console's language).
  case stockRefused(StaffDomain.Message)
  case conversation(ticket: Int64, [TicketMessage])
  /// A ticket command done; `phone` for a reveal.
  case ticketDone(ticket: Int64, TicketCommand, phone: String?)
  case ticketRefused(StaffDomain.Message)
  /// A ticket opened from the console.
  case ticketOpened(Int64)
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
  /// An order's wrong-code lock was lifted.
  case orderUnlocked(Int64)
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
  /// A login's lock lifted from the team, with how many failed logins were forgotten.
  case loginUnlocked(String, forgotten: Int)
  /// The unlock was refused: the secret of whoever is on duty did not check.
  case loginUnlockRefused(String, LoginRefusal)
  /// The store's answer to a `.stockQuery` (what a close would post, which locations are new).
  case stockAnswer(StockAnswer)
}

/// What `update` asks the runner to do; the runner does it and feeds the result back as an event.
public enum Effect: Sendable, Equatable {
  /// Reads a tab's list (the task board through `loadTasks`, which carries its filters).
  case load(Tab)
  case loadTasks(TaskFilter)
  case loadAlerts
  case loadDetail(scan: Int64)
  /// Processes a payload typed or scanned into the scanner line (source `scanner`); `repaired`
  /// when it was read back from the wrong keyboard layout (see `KeyboardLayout`).
  case processScan(String, repaired: Bool, typed: Bool = false)
  case handOver(order: Int64, scan: Int64)
  /// Refuses the handover of `order` on `scan` (the runner checks the scan is that order's).
  case refuseHandover(scan: Int64, order: Int64, reason: RefusalReason)
  /// A command to a task, on behalf of who is on duty.
  case task(Int64, TaskCommand)
  case addTask(NewTask)
  case loadMovements
  case loadHistory(product: Int64)
  case stock(StockCommand)
  case loadConversation(ticket: Int64)
  case ticket(Int64, TicketCommand)
  /// Opens a ticket for a customer at the counter (answered by `.ticketOpened` or `.ticketRefused`).
  case openTicket(TicketsPane.Opening)
  /// Reads the audit trail's rows for the team's audit view.
  case loadAudit(AuditFilter)
  /// Lifts the wrong-code lock of an order (supervisors and admins).
  case unlockOrder(Int64)
  /// Draws a label for the preview (answered by `.labelPreview`).
  case previewLabel(LabelRequest)
  /// Queues the label and prints it on the configured printer.
  case printLabel(LabelRequest)
  /// Reads who is on duty's account again (a role changed or an account disabled elsewhere).
  case checkAccount(String)
  /// Checks a login and its secret (throttled host-wide), answered by `.loggedIn` or `.loginRefused`.
  case logIn(login: String, secret: String)
  /// Lifts the lock failed logins put on `login`, once the secret of whoever is on duty checks
  /// (throttled like a login); answered by `.loginUnlocked` or `.failed`.
  case unlockLogin(String, secret: String)
  /// Closes a session in the host's login journal: `logout`, `idle`.
  case endSession(Int64, reason: String)
  case quit
  /// Reads what the stock pane needs before it asks (answered by `.stockAnswer`, or
  /// `.stockRefused`); writes nothing.
  case stockQuery(StockQuery)
}

extension Effect {
  /// The tab whose work this is: a failure ends that tab's wait for its answer, not another's
  /// (a task that could not be saved does not free the scan queue's handover under way).
  public var pane: Tab? {
    switch self {
    case .load(let tab): tab
    case .loadTasks, .task, .addTask: .tasks
    case .loadDetail, .processScan, .handOver, .refuseHandover, .unlockOrder: .scans
    case .loadMovements, .loadHistory, .stock: .stock
    case .loadConversation, .ticket, .openTicket: .tickets
    case .loadAudit, .unlockLogin: .team
    case .loadAlerts, .previewLabel, .printLabel, .checkAccount, .logIn, .endSession, .quit: nil
    case .stockQuery: .stock
    }
  }
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
