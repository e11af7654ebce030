import StaffDomain

/// What a pane's update needs to know beyond its own state.
public struct PaneContext: Sendable {
  public var strings: Strings
  public var now: Timestamp
  public var staff: StaffOnDuty?
  public var keymap: Keymap
  /// Rows a page-up or page-down moves.
  public var page: Int
}

/// What a pane's update gives back: effects for the runner and a line for the message bar.
public struct PaneOutcome: Sendable, Equatable {
  public var effects: [Effect] = []
  public var message: Message?
  /// False when the pane had nothing to do with the action.
  public var handled = true

  static let unhandled = PaneOutcome(handled: false)
}

/// The scan queue: every scan, newest first, from the camera folder, the scanner line and the
/// command line. A right order code shows the order (items, shelf, masked customer) and waits for
/// the clerk: `y` hands it over, `n` leaves it for now, `r` refuses it with a reason. A refused
/// scan shows why.
public enum ScansPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<ScanRecord>()
    /// What the detail view shows, by scan.
    public var details: [Int64: ScanDetail] = [:]
    /// Right codes the clerk answered "not now" for: no prompt until scanned again.
    public var declined: Set<Int64> = []
    /// A refusal being chosen or confirmed.
    public var refusal: Refusal?
    /// A handover or refusal sent to the store and not answered yet (a second `y` does nothing).
    public var pending: Int64?
    /// The selection moves to each new scan while it is on the newest one.
    public var following = true
    /// An order being unlocked: waiting for y or n.
    public var unlocking: Int64?

    public init() {}
  }

  public enum Refusal: Sendable, Equatable {
    /// Choosing the reason: `index` into `RefusalReason.allCases`.
    case choosing(scan: Int64, order: Int64, index: Int)
    case confirming(scan: Int64, order: Int64, RefusalReason)
  }

  /// Text the filter searches: the code, the file, what came of it.
  static func text(_ s: ScanRecord) -> String {
    [s.payload ?? "", s.fileName ?? "", s.outcome.replacingOccurrences(of: "_", with: " "), s.reason ?? "", s.staff ?? ""]
      .joined(separator: " ")
  }

  /// A right code whose order has not gone out, not refused, checked within the policy's window.
  public static func awaitsHandover(_ s: ScanRecord, now: Timestamp, policy: PickupPolicy = .standard) -> Bool {
    s.outcome == "verified" && s.handover == nil && s.decision == nil && now - s.at <= policy.verificationSeconds
      && now - s.at >= -60
  }

  static func needsDetail(_ s: ScanRecord) -> Bool {
    switch s.kind {
    case .order?: s.outcome == "verified" || s.outcome == "already_picked_up"
    case .product?, .inventory?: s.outcome == "shown"
    case nil: false
    }
  }

  // MARK: Update

  /// New rows from the store. While following, the selection moves to a new newest scan.
  static func apply(_ scans: [ScanRecord], to state: inout State) -> [Effect] {
    let newestBefore = state.pane.items.first?.id
    let wasOnNewest = state.following || state.pane.list.selected == nil || state.pane.list.selected == newestBefore
    state.pane.replace(scans, text)
    if wasOnNewest, let newest = state.pane.ids(text).first { state.pane.list.selected = newest }
    state.following = state.pane.list.selected == state.pane.ids(text).first
    // A refusal in progress for a scan that changed meanwhile (handed over elsewhere) ends.
    if let r = state.refusal, let scan = scans.first(where: { $0.id == r.scan }), scan.handover != nil || scan.decision != nil {
      state.refusal = nil
    }
    return detailEffect(state)
  }

  static func detailEffect(_ state: State) -> [Effect] {
    guard let s = state.pane.selectedItem, needsDetail(s), state.details[s.id] == nil else { return [] }
    return [.loadDetail(scan: s.id)]
  }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    if let refusal = state.refusal { return updateRefusal(&state, refusal, action: action, context: c) }
    if let order = state.unlocking {
      // y unlocks, anything else drops the question.
      state.unlocking = nil
      return action == .confirm ? PaneOutcome(effects: [.unlockOrder(order)]) : PaneOutcome()
    }
    if action == .orderUnlock {
      guard let scan = state.pane.selectedItem, ["locked", "code_refused"].contains(scan.outcome),
        let order = scan.orderID ?? orderNumber(in: scan.payload)
      else {
        return PaneOutcome(message: Message(c.strings[.nothingToUnlock], .warning))
      }
      state.unlocking = order
      return PaneOutcome(message: Message(c.strings(.confirmUnlock, String(order)), .warning))
    }
    let before = state.pane.list.selected
    if state.pane.navigate(action, page: c.page, text) {
      if state.pane.list.selected != before {
        state.following = state.pane.list.selected == state.pane.ids(text).first
      }
      return PaneOutcome(effects: detailEffect(state))
    }
    guard let scan = state.pane.selectedItem else {
      return action == .confirm || action == .decline || action == .reject ? PaneOutcome() : .unhandled
    }
    // A transfer slip on its way here: y receives it into the back room.
    if action == .confirm, case .transfer(let t)? = state.details[scan.id], t.status == "sent" {
      guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
      guard StockRules.mayChangeStock(staff.role) else {
        return PaneOutcome(message: Message(c.strings(.notAllowedToChangeStock, staff.login, c.strings.name(staff.role)), .error))
      }
      return PaneOutcome(effects: [.stock(.receive(slip: t.slip, into: "BACK"))])
    }
    switch action {
    case .confirm:
      guard awaitsHandover(scan, now: c.now), !state.declined.contains(scan.id), let order = scan.orderID else {
        return PaneOutcome(message: notAwaiting(scan, context: c))
      }
      guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
      guard staff.mayHandOver else {
        return PaneOutcome(message: Message(c.strings(.notAllowedToHandOver, staff.login, c.strings.name(staff.role)), .error))
      }
      guard state.pending == nil else { return PaneOutcome() }
      state.pending = scan.id
      return PaneOutcome(effects: [.handOver(order: order, scan: scan.id)])
    case .decline:
      guard awaitsHandover(scan, now: c.now), !state.declined.contains(scan.id) else { return PaneOutcome() }
      state.declined.insert(scan.id)
      return PaneOutcome(message: Message(c.strings[.notNowMessage], .warning))
    case .reject:
      guard awaitsHandover(scan, now: c.now), let order = scan.orderID else {
        return PaneOutcome(message: notAwaiting(scan, context: c))
      }
      guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
      guard staff.mayHandOver else {
        return PaneOutcome(message: Message(c.strings(.notAllowedToHandOver, staff.login, c.strings.name(staff.role)), .error))
      }
      state.refusal = .choosing(scan: scan.id, order: order, index: 0)
      return PaneOutcome()
    default:
      return .unhandled
    }
  }

  /// The order number of a logged `ORDER:{id}:***` (a refused scan may not be linked to its order).
  static func orderNumber(in payload: String?) -> Int64? {
    guard let parts = payload?.split(separator: ":", omittingEmptySubsequences: false), parts.count == 3, parts[0] == "ORDER",
      case .success(let id) = Identifier.marketplaceID(String(parts[1]))
    else { return nil }
    return id
  }

  static func notAwaiting(_ scan: ScanRecord, context c: PaneContext) -> Message? {
    if scan.outcome == "verified" && scan.handover == nil && scan.decision == nil && c.now - scan.at > PickupPolicy.standard.verificationSeconds {
      return Message(c.strings[.verificationExpired], .warning)
    }
    return nil
  }

  /// Keys while a refusal is open: the reasons are chosen with Up, Down and Enter (or the
  /// digits, see `chooseReason`), then confirmed with `y` or dropped with `n` or Esc.
  static func updateRefusal(_ state: inout State, _ refusal: Refusal, action: Action, context c: PaneContext) -> PaneOutcome {
    let reasons = RefusalReason.allCases
    switch (refusal, action) {
    case (.choosing(let scan, let order, let i), .moveUp):
      state.refusal = .choosing(scan: scan, order: order, index: max(0, i - 1))
    case (.choosing(let scan, let order, let i), .moveDown):
      state.refusal = .choosing(scan: scan, order: order, index: min(reasons.count - 1, i + 1))
    case (.choosing(let scan, let order, let i), .open):
      state.refusal = .confirming(scan: scan, order: order, reasons[i])
    case (.confirming(let scan, _, let reason), .confirm):
      guard state.pending == nil else { return PaneOutcome() }
      state.pending = scan
      state.refusal = nil
      return PaneOutcome(effects: [.refuseHandover(scan: scan, reason: reason)])
    case (_, .decline), (_, .back):
      state.refusal = nil
    case (_, .quit), (_, .help):
      return .unhandled
    default:
      break
    }
    return PaneOutcome()
  }

  /// A digit typed while choosing a reason picks it at once (1 is the first).
  static func chooseReason(_ state: inout State, digit: Int) -> Bool {
    guard case .choosing(let scan, let order, _) = state.refusal, digit >= 1, digit <= RefusalReason.allCases.count else {
      return false
    }
    state.refusal = .confirming(scan: scan, order: order, RefusalReason.allCases[digit - 1])
    return true
  }

  // MARK: Results of effects

  static func processed(_ result: ScanResult, repaired: Bool, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pane.list.selected = result.scanID
    state.following = true
    state.declined.remove(result.scanID)
    switch result.outcome {
    case .order(let view): state.details[result.scanID] = .order(view)
    case .product(let view): state.details[result.scanID] = .product(view)
    case .movement(let view): state.details[result.scanID] = .movement(view)
    case .transfer(let t): state.details[result.scanID] = .transfer(t)
    case .refused: break
    }
    let s = c.strings
    let text: String
    let role: StyleRole
    switch result.outcome {
    case .order(let o):
      text = s(.detailOrder, String(o.id)) + ": " + s.outcome("verified")
      role = .ok
    case .product(let p):
      text = s(.detailProduct, String(p.id)) + ": " + p.title
      role = .normal
    case .movement(let m):
      text = s(.detailMovement, String(m.id)) + ": " + s.name(m.type)
      role = .normal
    case .transfer(let t):
      text = s(.transferToReceive, String(t.id), t.from)
      role = .ok
    case .refused(let r):
      text = s.outcome(r.outcome)
      role = r.outcome == "no_code" ? .warning : .error
    }
    let prefix = repaired ? s[.repairedLayout] + " " : ""
    return PaneOutcome(effects: [.load(.scans)], message: Message(prefix + text, role))
  }

  static func handedOver(order: Int64, scan: Int64, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    // The shelf the parcel is given from, as the order's detail showed it.
    var shelf: String?
    if case .order(let view)? = state.details[scan] { shelf = view.shelf }
    return PaneOutcome(
      effects: [.load(.scans), .loadAlerts],
      message: Message(c.strings(.handedOverMessage, String(order), shelf ?? "?"), .ok))
  }

  static func handOverRefused(scan: Int64, _ refusal: PickupRefusal, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    return PaneOutcome(
      effects: [.load(.scans)], message: Message(c.strings(.cannotHandOver, explain(refusal, strings: c.strings)), .error))
  }

  static func refusalRecorded(scan: Int64, order: Int64, _ d: ScanDecision, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    let reason = RefusalReason(rawValue: d.reason).map(c.strings.name) ?? d.reason
    return PaneOutcome(effects: [.load(.scans)], message: Message(c.strings(.refusalRecorded, String(order), reason), .warning))
  }

  static func refusalFailed(scan: Int64, _ r: DecisionRefusal, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    let why: String
    switch r {
    case .alreadyHandedOver(let h): why = c.strings(.whyAlreadyHandedOver, who(h), c.strings.dateTime(h.at))
    case .alreadyDecided(let d):
      why = c.strings(.refusedBy, d.staff ?? "?", c.strings.dateTime(d.at), RefusalReason(rawValue: d.reason).map(c.strings.name) ?? d.reason)
    case .notVerified: why = c.strings.outcome("not_verified")
    }
    return PaneOutcome(effects: [.load(.scans)], message: Message(c.strings(.cannotRefuse, why), .error))
  }

  /// A pickup refusal in the console's language, with its facts.
  static func explain(_ r: PickupRefusal, strings s: Strings) -> String {
    switch r.reason {
    case .alreadyPickedUp(let h): s(.whyAlreadyHandedOver, who(h), s.dateTime(h.at))
    case .codeNotAccepted: s[.whyCodeRefused]
    case .locked: s[.whyLocked]
    case .notReady: s[.whyNotReady]
    case .returned: s[.whyReturned]
    case .cancelled: s[.whyCancelled]
    case .holdExpired: s[.whyHoldExpired]
    case .notVerified: s[.verificationExpired]
    case .notAllowed(let why): s.outcome("not_allowed") + ": " + why
    case .stock(let why): s.outcome("stock_mismatch") + ": " + why
    }
  }

  static func who(_ h: HandoverFacts) -> String { h.who ?? "?" }
}
