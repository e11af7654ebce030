import StaffDomain

/// The console's tabs, in the order of the tab bar and of the keys 1 to 5.
public enum Tab: Int, CaseIterable, Sendable {
  case scans, tasks, stock, tickets, team

  /// The keymap's scope for the tab's own bindings.
  public var scope: KeyScope {
    switch self {
    case .scans: .scans
    case .tasks: .tasks
    case .stock: .stock
    case .tickets: .tickets
    case .team: .team
    }
  }

  var action: Action {
    switch self {
    case .scans: .tabScans
    case .tasks: .tabTasks
    case .stock: .tabStock
    case .tickets: .tabTickets
    case .team: .tabTeam
    }
  }
  /// The pane the tab shows.
  var pane: any Pane.Type {
    switch self {
    case .scans: ScansPane.self
    case .tasks: TasksPane.self
    case .stock: StockPane.self
    case .tickets: TicketsPane.self
    case .team: TeamPane.self
    }
  }
}

/// Which row of a list is selected, by the id of what it shows (so the selection stays on its
/// item when the list is read again and re-sorted), and which row is at the top.
public struct ListState: Sendable, Equatable {
  public var selected: Int64?
  public var top: Int = 0
  /// Lowercased text that visible rows contain; empty for all.
  public var filter: String = ""

  public init(selected: Int64? = nil) { self.selected = selected }

  public func index(in ids: [Int64]) -> Int? { selected.flatMap { ids.firstIndex(of: $0) } }

  /// After the rows changed: the selection stays on its id; when that row is gone, on the row
  /// now at its old place (`previous` is the ids before); with nothing selected, the first row.
  public mutating func reconcile(_ ids: [Int64], previous: [Int64]) {
    guard !ids.isEmpty else {
      selected = nil
      top = 0
      return
    }
    if let s = selected, ids.contains(s) { return }
    let old = selected.flatMap { previous.firstIndex(of: $0) } ?? 0
    selected = ids[min(old, ids.count - 1)]
  }

  /// Moves the selection by `delta` rows, stopping at the ends.
  public mutating func move(_ delta: Int, in ids: [Int64]) {
    guard !ids.isEmpty else { return }
    let i = index(in: ids) ?? 0
    selected = ids[max(0, min(ids.count - 1, i + delta))]
  }

  public mutating func select(index i: Int, in ids: [Int64]) {
    guard !ids.isEmpty else { return }
    selected = ids[max(0, min(ids.count - 1, i))]
  }

  /// The first row to draw so that the selection is among `height` rows.
  public mutating func scroll(_ ids: [Int64], height: Int) {
    guard height > 0, let i = index(in: ids) else {
      top = 0
      return
    }
    if i < top { top = i }
    if i >= top + height { top = i - height + 1 }
    top = max(0, min(top, max(0, ids.count - height)))
  }
}

/// A one-line text field: the scanner line and the filter. Characters, not bytes: the cursor
/// moves over `é` as over `e`.
///
/// A field can start with a value offered (a prefill: `BACK`, the product's shelf), which is
/// selected, as in a GUI text box whose content is selected: Enter takes it as it is, the first
/// character typed replaces it, Backspace or Delete clears it, and a key that moves the cursor
/// (arrows, Home, End) keeps the text and ends the selection.
public struct TextField: Sendable, Equatable {
  public var text: [Character] = []
  public var cursor: Int = 0
  /// The whole text is selected (an offered value nobody has touched yet).
  public var selected = false
  /// Long enough for any payload (64 bytes) and any filter.
  public static let capacity = 80

  public init(_ text: String = "") {
    self.text = Array(text.prefix(Self.capacity))
    cursor = self.text.count
  }

  /// A field offering `text`, selected (nothing to select when it is empty).
  public init(prefill text: String) {
    self.init(text)
    selected = !self.text.isEmpty
  }

  public var string: String { String(text) }

  /// Applies an editing key; false when the key does not edit (Enter, Esc…).
  public mutating func edit(_ key: Key) -> Bool {
    if selected {
      switch key {
      case .character, .named(.space), .named(.backspace), .named(.delete), .control("u"):
        // Typing replaces the selection; deleting deletes it.
        text.removeAll()
        cursor = 0
        selected = false
        if case .named(.backspace) = key { return true }
        if case .named(.delete) = key { return true }
      case .named(.left), .named(.home), .control("a"):
        // The cursor goes to the selection's start, as a GUI field does.
        selected = false
        cursor = 0
        return true
      case .named(.right), .named(.end), .control("e"):
        selected = false
        cursor = text.count
        return true
      default:
        return false
      }
    }
    switch key {
    case .character(let c):
      guard text.count < Self.capacity else { return true }
      text.insert(c, at: cursor)
      cursor += 1
    case .named(.space):
      guard text.count < Self.capacity else { return true }
      text.insert(" ", at: cursor)
      cursor += 1
    case .named(.backspace):
      if cursor > 0 {
        text.remove(at: cursor - 1)
        cursor -= 1
      }
    case .named(.delete):
      if cursor < text.count { text.remove(at: cursor) }
    case .named(.left): cursor = max(0, cursor - 1)
    case .named(.right): cursor = min(text.count, cursor + 1)
    case .named(.home), .control("a"): cursor = 0
    case .named(.end), .control("e"): cursor = text.count
    case .control("u"):
      text.removeAll()
      cursor = 0
    default:
      return false
    }
    return true
  }
}

/// A line of feedback under the panes: what the last action did.
public struct Message: Sendable, Equatable {
  public var text: String
  public var role: StyleRole
  public init(_ text: String, _ role: StyleRole = .normal) {
    self.text = text
    self.role = role
  }
}

/// Who is at the keyboard (from `--staff` or `VGK_STAFF_USER` until log-in arrives).
public struct StaffOnDuty: Sendable, Equatable {
  public var login: String
  public var name: String
  public var role: StaffRole
  public init(login: String, name: String, role: StaffRole) {
    self.login = login
    self.name = name
    self.role = role
  }
}

/// The console's own camera-folder taker, as the message line shows it.
public struct CameraStatus: Sendable, Equatable {
  public var taken: Int
  public var quarantined: Int
  /// A `vgk-staff watch` service holds the folder; the console leaves it the work.
  public var elsewhere: Bool
  /// Why the taker stopped, if it did.
  public var failure: String?

  public init(taken: Int = 0, quarantined: Int = 0, elsewhere: Bool = false, failure: String? = nil) {
    self.taken = taken
    self.quarantined = quarantined
    self.elsewhere = elsewhere
    self.failure = failure
  }
}
