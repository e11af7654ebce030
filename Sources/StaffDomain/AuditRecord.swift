/// One row of the audit trail as a supervisor reads it: who (their login), when, from which
/// terminal, what, on what, and the values before and after.
public struct AuditRecord: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var at: Timestamp
  /// The login of who did it; nil for what the program did by itself (rules, imports, init).
  public var staff: String?
  public var terminal: String?
  public var action: String
  public var entity: String?
  public var entityID: String?
  public var before: String?
  public var after: String?

  public init(
    id: Int64, at: Timestamp, staff: String?, terminal: String?, action: String, entity: String?, entityID: String?,
    before: String?, after: String?
  ) {
    self.id = id
    self.at = at
    self.staff = staff
    self.terminal = terminal
    self.action = action
    self.entity = entity
    self.entityID = entityID
    self.before = before
    self.after = after
  }
}

/// Which audit rows to read: every field narrows the list, nil (or empty) lets everything through.
/// Rows come newest first; `before` is the id of the last row of the previous page.
public struct AuditFilter: Sendable, Equatable {
  /// The most rows one read returns.
  public static let maxLimit = 10_000

  /// Rows of this staff login.
  public var staff: String?
  /// Each is an exact action (`handover.confirmed`) or a prefix ending in a dot (`task.`); a row
  /// passes when it matches one of them.
  public var actions: [String]
  public var entity: String?
  /// Only with `entity`.
  public var entityID: String?
  public var from: Timestamp?
  public var to: Timestamp?
  public var terminal: String?
  public var limit: Int
  /// Rows older than this row (paging).
  public var before: Int64?

  public init(
    staff: String? = nil, actions: [String] = [], entity: String? = nil, entityID: String? = nil, from: Timestamp? = nil,
    to: Timestamp? = nil, terminal: String? = nil, limit: Int = 500, before: Int64? = nil
  ) {
    self.staff = staff
    self.actions = actions
    self.entity = entity
    self.entityID = entityID
    self.from = from
    self.to = to
    self.terminal = terminal
    self.limit = limit
    self.before = before
  }

  /// Whether `action` passes the action filter (the same rule the store's query applies).
  public func admits(action: String) -> Bool {
    actions.isEmpty || actions.contains { $0.hasSuffix(".") ? action.hasPrefix($0) : action == $0 }
  }
}

/// The families of actions the console's audit view cycles through, each the prefixes of the
/// action names the store writes (`grep 'action:' Sources/StaffStore`).
public enum AuditFamily: String, CaseIterable, Sendable {
  /// Scans' outcomes on orders, handovers, refusals, locks, returns.
  case order
  case task
  /// Movements, their reversals, thresholds and stock counts.
  case stock
  case transfer
  case ticket
  /// Staff accounts and logins.
  case staff
  /// Files imported, and the marketplace's feed applied (a batch, a record refused).
  case `import`
  /// Labels queued, printed, failed, reprinted, cancelled.
  case print
  /// The point itself: its creation, keys, sealing of personal data, the demo, camera photos removed.
  case system

  public var prefixes: [String] {
    switch self {
    case .order: ["order.", "scan.", "handover."]
    case .task: ["task."]
    case .stock: ["stock.", "count.", "movement."]
    case .transfer: ["transfer."]
    case .ticket: ["ticket."]
    case .staff: ["staff.", "login.", "session."]
    case .import: ["import.", "link."]
    case .print: ["print."]
    case .system: ["point.", "keys.", "personal_data.", "demo.", "camera."]
    }
  }
}
