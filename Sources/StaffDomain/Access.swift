/// Who may do what: one table, read by the console (every key's action) and the command line
/// (every subcommand), and printed in vgk-staff(1), ROLES. A test checks every operation
/// against every role.
public enum Permission: String, CaseIterable, Sendable {
  /// See any list or detail: the scan queue, the board, the stock, the tickets.
  case read
  /// Process a scan at the counter (it is written to the scan log).
  case scan
  /// Hand an order over, or refuse it with a reason.
  case handOver
  /// Lift the lock wrong pickup codes put on an order.
  case unlockOrder
  /// Work a task: start, wait, resume, done, take it.
  case workTask
  /// Run the board: add, assign, change the priority, cancel.
  case manageTask
  /// Anything that posts a movement: move, reverse, transfers, counts, imports of movements.
  case changeStock
  /// Set a low-stock threshold.
  case setThreshold
  /// Work a ticket: write to or for the customer, resolve, close, reopen, take it.
  case workTicket
  /// An internal note on a ticket.
  case noteTicket
  /// Give a ticket to someone.
  case assignTicket
  /// Show a customer's phone number (audited).
  case revealPhone
  /// The team's performance: the Team tab's figures and `report performance`.
  case readTeam
  /// The audit trail.
  case readAudit
  /// Add staff, change a role, disable or enable an account, set someone else's secret.
  case manageStaff
  /// Lift a login lock (too many failed attempts).
  case unlockAccount
  /// Import the marketplace's products and orders.
  case importData
  /// Print labels (pickup slips, shelf labels, transfer slips) and run the print queue.
  case printLabels
}

extension Permission {
  /// Reading only: allowed on a read-only database.
  public var isReading: Bool { self == .read || self == .readTeam || self == .readAudit }
}

public enum Access {
  /// The table. Clerks do the counter's work; supervisors read everything, unlock orders and
  /// accounts, run the board and read the reports, but never hand over or change stock; admins
  /// manage staff and may do everything.
  public static let table: [Permission: Set<StaffRole>] = [
    .read: [.clerk, .supervisor, .admin],
    .scan: [.clerk, .admin],
    .handOver: [.clerk, .admin],
    .unlockOrder: [.supervisor, .admin],
    .workTask: [.clerk, .admin],
    .manageTask: [.clerk, .supervisor, .admin],
    .changeStock: [.clerk, .admin],
    .setThreshold: [.clerk, .supervisor, .admin],
    .workTicket: [.clerk, .admin],
    .noteTicket: [.clerk, .supervisor, .admin],
    .assignTicket: [.clerk, .supervisor, .admin],
    .revealPhone: [.clerk, .admin],
    .readTeam: [.supervisor, .admin],
    .readAudit: [.supervisor, .admin],
    .manageStaff: [.admin],
    .unlockAccount: [.supervisor, .admin],
    .importData: [.admin],
    .printLabels: [.clerk, .admin],
  ]

  /// Whether the command line asks this role for its password before it acts: supervisors and
  /// admins always (the audit trail names them only on their password); clerks, whose counter
  /// work the command line takes on the Unix account's word, never.
  public static func provesOnCommandLine(_ role: StaffRole) -> Bool { role != .clerk }

  public static func allows(_ role: StaffRole, _ permission: Permission) -> Bool {
    table[permission]?.contains(role) ?? false
  }

  /// What the operation is, in English (refusals and the man page).
  public static func describe(_ permission: Permission) -> String {
    switch permission {
    case .read: "read lists and details"
    case .scan: "process scans at the counter"
    case .handOver: "hand orders over or refuse them"
    case .unlockOrder: "unlock orders"
    case .workTask: "work on tasks"
    case .manageTask: "add, assign, prioritise or cancel tasks"
    case .changeStock: "change stock"
    case .setThreshold: "set low-stock thresholds"
    case .workTicket: "work on tickets"
    case .noteTicket: "write internal notes on tickets"
    case .assignTicket: "assign tickets"
    case .revealPhone: "reveal customers' phone numbers"
    case .readTeam: "read the team's performance"
    case .readAudit: "read the audit trail"
    case .manageStaff: "manage staff accounts"
    case .unlockAccount: "unlock staff accounts"
    case .importData: "import products, orders or staff"
    case .printLabels: "print labels"
    }
  }

  /// The one-line refusal: `a supervisor may not hand orders over or refuse them`.
  public static func refusal(_ role: StaffRole, _ permission: Permission) -> Message {
    Message(.accessRefused, .word(.role, role.rawValue), .message(Message(.permission(permission))))
  }
}

// MARK: - Secrets

/// What a staff member logs in with. A PIN is 4 to 8 digits and is allowed for clerks only, and
/// only on a terminal that holds its own key (the PIN is bound to it, so a PIN alone, or the
/// database and the pepper alone, are not enough). Supervisors and admins use passwords.
public enum SecretKind: String, Sendable, Equatable, CaseIterable {
  case pin, password
}

public enum SecretPolicy {
  public static let minimumPasswordLength = 8
  public static let maximumLength = 128

  /// Checks a new secret for a role; the reason when it is refused.
  public static func check(_ secret: String, kind: SecretKind, role: StaffRole) -> Message? {
    guard secret.utf8.count <= maximumLength else { return Message(.secretTooLong, .count(Int64(maximumLength))) }
    guard !secret.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return Message(.secretControl)
    }
    switch kind {
    case .pin:
      guard role == .clerk else {
        return Message(.secretPinClerksOnly, .word(.role, role.rawValue), .count(Int64(minimumPasswordLength)))
      }
      guard (4...8).contains(secret.count), secret.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        return Message(.secretPinDigits)
      }
      guard Set(secret).count > 1 else { return Message(.secretPinRepeated) }
    case .password:
      guard secret.count >= minimumPasswordLength else { return Message(.secretPasswordShort, .count(Int64(minimumPasswordLength))) }
      guard !secret.allSatisfy({ $0 == " " }) else { return Message(.secretPasswordSpaces) }
    }
    return nil
  }
}

/// Why a login failed, in words for the person at the keyboard. A wrong login and a wrong secret
/// read the same, so the screen does not tell a guesser which logins exist.
public enum LoginRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  case wrong(left: Int)
  case locked(until: Timestamp)
  case disabled
  case pinNeedsTerminal

  public var message: Message {
    switch self {
    case .wrong(let left): Message(.loginWrong, .count(Int64(left)))
    case .locked(let until): Message(.loginLocked, .clock(until))
    case .disabled: Message(.loginDisabled)
    case .pinNeedsTerminal: Message(.loginPinNeedsTerminal)
    }
  }

  public var description: String { message.description }
}

// MARK: - Throttling

/// Failed logins: at most `limit` per account in any `window`; the next attempt waits until the
/// oldest of them leaves the window. Resets of a secret are limited the same way.
public struct Throttle: Sendable, Equatable {
  public var limit: Int
  public var window: Int64

  public init(limit: Int, window: Int64) {
    self.limit = limit
    self.window = window
  }

  /// 5 failed logins per account per hour.
  public static let logins = Throttle(limit: 5, window: 3600)
  /// 3 resets of an account's secret per hour.
  public static let resets = Throttle(limit: 3, window: 3600)

  /// Nil when another attempt may be made now; else the time it may.
  public func lockedUntil(_ attempts: [Timestamp], now: Timestamp) -> Timestamp? {
    // Attempts dated after `now` count too: a clock set back must not free the account.
    let recent = attempts.filter { $0.seconds > now.seconds - window }.map(\.seconds).sorted()
    guard recent.count >= limit else { return nil }
    // The attempt that must leave the window before another is allowed.
    return Timestamp(seconds: max(recent[recent.count - limit] + window, now.seconds + 1))
  }
}

/// The idle lock: a console nobody touched for `seconds` goes back to the login screen.
public struct IdleLock: Sendable, Equatable {
  public var seconds: Int64
  public init(seconds: Int64) { self.seconds = seconds }
  public static let standard = IdleLock(seconds: 15 * 60)

  public func isDue(lastInput: Timestamp, now: Timestamp) -> Bool { now.seconds - lastInput.seconds >= seconds }
}

extension TaskCommand {
  /// Working a task is counter work; changing who has it, its priority or cancelling it runs
  /// the board.
  public var permission: Permission {
    switch self {
    case .start, .wait, .resume, .done: .workTask
    case .cancel, .assign, .priority: .manageTask
    }
  }
}

extension Timestamp {
  /// `14:05` in the point's time zone (Douala, UTC+1).
  public var localTimeOfDay: String {
    let minutes = ((seconds + 3600) % 86400 + 86400) % 86400 / 60
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return two(minutes / 60) + ":" + two(minutes % 60)
  }
}
