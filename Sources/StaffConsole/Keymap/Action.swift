/// Every action a key can be bound to. The names are the keymap files' vocabulary; the man page
/// (vgk-staff-keymap(5)) lists the same, and a test keeps the three in step.
public enum Action: String, CaseIterable, Sendable {
  case quit
  case help
  case tabScans = "tab-scans"
  case tabTasks = "tab-tasks"
  case tabStock = "tab-stock"
  case tabTickets = "tab-tickets"
  case tabTeam = "tab-team"
  case nextTab = "next-tab"
  case previousTab = "previous-tab"
  case moveUp = "move-up"
  case moveDown = "move-down"
  case pageUp = "page-up"
  case pageDown = "page-down"
  case first
  case last
  case open
  case back
  case filter
  case scanInput = "scan-input"
  case confirm
  case decline
  case reject

  /// What the action does, in English (the help screen and the man page).
  public var summary: String {
    switch self {
    case .quit: "leave the console"
    case .help: "show the keys and what they do"
    case .tabScans: "show the scan queue"
    case .tabTasks: "show the task board"
    case .tabStock: "show the stock"
    case .tabTickets: "show the tickets"
    case .tabTeam: "show the team"
    case .nextTab: "show the next tab"
    case .previousTab: "show the previous tab"
    case .moveUp: "select the line above"
    case .moveDown: "select the line below"
    case .pageUp: "go one page up"
    case .pageDown: "go one page down"
    case .first: "select the first line"
    case .last: "select the last line"
    case .open: "open the selected line"
    case .back: "close the detail, the filter or the help"
    case .filter: "filter the list by text"
    case .scanInput: "type or scan a code into the scanner line"
    case .confirm: "confirm: hand the order over"
    case .decline: "decline: do not hand it over now"
    case .reject: "refuse the scan, with a reason"
    }
  }

  /// Dangerous actions change what cannot be taken back and always ask y/n first.
  public var isDangerous: Bool { self == .confirm || self == .reject }
}

/// Where a binding applies: everywhere, or in one pane (a pane's binding wins over a global one).
public enum KeyScope: String, CaseIterable, Sendable {
  case global, scans, tasks, stock, tickets, team, help
}
