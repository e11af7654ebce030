import StaffDomain

/// The console's own events and effects, by names a pane can use beside its own `Event` and
/// `Effect`.
public typealias ConsoleEvent = Event
public typealias ConsoleEffect = Effect

/// A tab's pane, as the core knows it: its state, the events that bring it what it reads and the
/// answers to what it asked, the effects it asks for, and one function for each thing the core
/// does with a pane (a key, a digit, a text being typed, a question open, the hints, the filter,
/// drawing, reading). The core calls every pane through this interface and names none; a pane
/// names no other pane. The login screen and the help are the console's own screens, not tabs:
/// they are not panes.
protocol Pane {
  associatedtype State: Sendable, Equatable
  /// What arrives for this pane only: its lists and the answers to its effects.
  associatedtype Event: Sendable, Equatable
  /// What this pane asks the runner to do.
  associatedtype Effect: Sendable, Equatable

  /// The tab that shows the pane.
  static var tab: Tab { get }
  /// Where the console keeps the pane's state.
  static var state: WritableKeyPath<AppState, State> { get }
  /// The pane's event as the console's, and back (nil for another pane's or a global one).
  static func event(_ event: Event) -> ConsoleEvent
  static func event(in event: ConsoleEvent) -> Event?
  /// The pane's effect as the console's, and back.
  static func effect(_ effect: Effect) -> ConsoleEffect
  static func effect(in effect: ConsoleEffect) -> Effect?

  /// The empty state a new session starts with; the point's settings in `state` are kept.
  static func blank(keeping state: State) -> State
  /// An action from the keymap; `.unhandled` leaves it to the console (tabs, help, quit…).
  static func update(_ state: inout State, action: Action, context: PaneContext) -> PaneOutcome
  /// The text being typed in the pane, if one is: it takes every key (see `typing`).
  static func typed(_ state: State) -> Typed?
  /// A key while `typed` is not nil.
  static func typing(_ state: inout State, _ key: Key, context: PaneContext) -> PaneOutcome
  /// A digit (1 is the first) while a picker is open; nil when no picker takes it.
  static func choose(_ state: inout State, digit: Int, context: PaneContext) -> PaneOutcome?
  /// A question is open, or its answer on the way: what arrives for the pane meanwhile is held.
  static func asking(_ state: State, context: PaneContext) -> Bool
  /// The question open was allowed when it was asked: its answer is not checked against the
  /// role table again.
  static func answering(_ state: State) -> Bool
  /// The actions the key bar offers (those the role may not take are left out by the console).
  static func hints(_ state: State, context: PaneContext) -> [Action]
  /// The message line while a text is typed: its prompt and field.
  static func typingPrompt(_ state: State, context: PaneContext) -> (String, TextField)?
  /// The list filter in force (lowercased), and setting it.
  static func filter(_ state: State) -> String
  static func setFilter(_ state: inout State, _ text: String)
  /// How many rows the filter lets through, of how many.
  static func counts(_ state: State) -> (shown: Int, all: Int)
  static func render(_ state: State, into screen: inout Screen, context: PaneContext, size: Size)
  /// What the pane reads when it is shown, and again when the database changed.
  static func loads(_ state: State) -> [ConsoleEffect]
  /// What the detail of the selected row still needs read.
  static func detailLoads(_ state: State) -> [ConsoleEffect]
  /// A list read or an answer to one of its effects.
  static func apply(_ event: Event, to state: inout State, context: PaneContext) -> PaneOutcome
  /// The kind of list an event brings, when it is one that arrives on its own (a read): held
  /// while the pane asks, the newest of each kind; nil for answers.
  static func arrival(_ event: Event) -> String?
  /// A list held while a question is open: what the message line says of it, if anything.
  static func held(_ event: Event, state: inout State, strings: Strings) -> Message?
  /// An effect of the pane failed: its wait ends.
  static func failed(_ state: inout State)
  /// A scan while the pane is on screen, when the pane takes it itself (not the scan queue).
  static func scanned(_ text: String, state: inout State) -> [ConsoleEffect]?
  /// Locations whose ledger quantity no pane shows (a count open there).
  static func blind(_ state: State) -> Set<String>
  /// The pane is read again each minute while on screen (time alone changes what it shows).
  static var everyMinute: Bool { get }
}

extension Pane {
  static func answering(_ state: State) -> Bool { false }
  static func arrival(_ event: Event) -> String? { nil }
  static func held(_ event: Event, state: inout State, strings: Strings) -> Message? { nil }
  static func scanned(_ text: String, state: inout State) -> [ConsoleEffect]? { nil }
  static func blind(_ state: State) -> Set<String> { [] }
  static var everyMinute: Bool { false }
  static func typed(_ state: State) -> Typed? { nil }
  static func typing(_ state: inout State, _ key: Key, context: PaneContext) -> PaneOutcome { PaneOutcome() }
  static func typingPrompt(_ state: State, context: PaneContext) -> (String, TextField)? { nil }
  static func choose(_ state: inout State, digit: Int, context: PaneContext) -> PaneOutcome? { nil }
}

/// A text being typed in a pane: a line (a title, a reason, a quantity, a secret) or a
/// message over several lines.
public enum Typed: Sendable, Equatable {
  case line(TextField)
  case text(TextArea)
}

/// What a pane's update needs to know beyond its own state.
public struct PaneContext: Sendable {
  public var strings: Strings
  public var now: Timestamp
  public var staff: StaffOnDuty?
  public var keymap: Keymap
  /// Rows a page-up or page-down moves.
  public var page: Int
  /// What whoever is on duty may do here and now (their role, and a read-only console): a
  /// question or a key they may not answer is not offered.
  public var permissions: Set<Permission> = Set(Permission.allCases)
  /// The locations of the count this console has open: no pane shows the ledger's quantity there.
  public var blind: Set<String> = []
  /// The terminal's size.
  public var size: Size = Layout.minimum
  /// The tab on screen.
  public var tab: Tab = .scans
  /// The screen asks a question (a pane's, or a label waiting for y): it keeps the screen.
  public var questionOnScreen = false
  /// The pane the context is for has a question open, as the console holds its arrivals.
  public var asking = false
}

/// What a pane's update gives back: effects for the runner and a line for the message bar.
public struct PaneOutcome: Sendable, Equatable {
  public var effects: [Effect] = []
  public var message: Message?
  /// False when the pane had nothing to do with the action.
  public var handled = true
  /// The message line keeps what it says (a digit picked in a list of choices says nothing new).
  public var keepsMessage = false
  /// The pane comes on screen (a scan shown at once).
  public var show = false

  static let unhandled = PaneOutcome(handled: false)
}
