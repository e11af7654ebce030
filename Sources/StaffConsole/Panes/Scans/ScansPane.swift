import Foundation
import StaffDomain

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
    /// An order being unlocked, from the scan it was asked on: waiting for y or n.
    public var unlocking: Unlock?
    /// Scans that arrived while a question was open, newest first: the queue holds them until the
    /// clerk moves to them; the message line names them.
    public var waiting: [Int64] = []
    /// The scan this console processed last, until a list read holds it: a read without it was
    /// made before it and is dropped (the read it asked for follows).
    public var latest: Int64?

    public init() {}
  }

  public struct Unlock: Sendable, Equatable {
    public var scan: Int64
    public var order: Int64
  }

  /// The question the scan queue asks now, with its subject: what `y`, `n`, `r` and the digits
  /// act on, and what the detail names. Drawing and answering both come from here, so the key
  /// cannot act on anything but what the screen asks about.
  public enum Question: Sendable, Equatable {
    /// A right code whose order is on screen: hand it over from its shelf?
    case handOver(scan: Int64, order: Int64, shelf: String?)
    case refusal(Refusal)
    case unlock(Unlock)
    /// A transfer slip on its way here: receive it into the back room?
    case receive(scan: Int64, transfer: Int64, slip: Int64)
  }

  public enum Refusal: Sendable, Equatable {
    /// Choosing the reason: `index` into `RefusalReason.allCases`.
    case choosing(scan: Int64, order: Int64, index: Int)
    case confirming(scan: Int64, order: Int64, RefusalReason)
  }

  /// Text the filter searches: the code, the file, what came of it.
  static func text(_ s: ScanRecord) -> String {
    // The recorded facts in French too (`reason` is their English): a clerk finds a scan by the
    // words either screen shows.
    let facts = s.message?.text(.fr) ?? ""
    return [s.payload ?? "", s.fileName ?? "", s.outcome.replacingOccurrences(of: "_", with: " "), s.reason ?? "", facts, s.staff ?? ""]
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

  /// The question open now, if any: a refusal or an unlock being answered, else what the selected
  /// scan asks once its detail is on screen (nothing while an answer is on its way).
  public static func question(_ state: State, now: Timestamp, permissions: Set<Permission> = Set(Permission.allCases)) -> Question? {
    if let r = state.refusal { return .refusal(r) }
    if let u = state.unlocking { return .unlock(u) }
    guard state.pending == nil, let scan = state.pane.selectedItem else { return nil }
    switch state.details[scan.id] {
    case .transfer(let t)? where t.status == "sent" && permissions.contains(.changeStock):
      return .receive(scan: scan.id, transfer: t.id, slip: t.slip)
    case .order(let view)?:
      guard permissions.contains(.handOver), awaitsHandover(scan, now: now), !state.declined.contains(scan.id), let order = scan.orderID,
        order == view.id
      else {
        return nil
      }
      return .handOver(scan: scan.id, order: order, shelf: view.shelf)
    default:
      return nil
    }
  }

  /// A question is open or its answer is on its way: what arrives meanwhile waits.
  public static func asking(_ state: State, now: Timestamp, permissions: Set<Permission> = Set(Permission.allCases)) -> Bool {
    state.pending != nil || question(state, now: now, permissions: permissions) != nil
  }

  /// New rows from the store. While following, the selection moves to a new newest scan.
  static func loaded(_ scans: [ScanRecord], state: inout State) -> [ConsoleEffect] {
    if let latest = state.latest {
      guard scans.contains(where: { $0.id == latest }) else { return [] }
      state.latest = nil
    }
    let newestBefore = state.pane.items.first?.id
    // A handover or refusal once seen is never unseen: rows read before it (held while a
    // question was open) keep what this console already knows, or the question would come back.
    let known = Dictionary(state.pane.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let scans = scans.map { row -> ScanRecord in
      var row = row
      if row.handover == nil { row.handover = known[row.id]?.handover }
      if row.decision == nil { row.decision = known[row.id]?.decision }
      return row
    }
    // Scans left waiting by a question are reached by the clerk, not by the list moving.
    let wasOnNewest = state.waiting.isEmpty && (state.following || state.pane.list.selected == nil || state.pane.list.selected == newestBefore)
    state.pane.replace(scans, text)
    if wasOnNewest, let newest = state.pane.ids(text).first { state.pane.list.selected = newest }
    state.following = state.pane.list.selected == state.pane.ids(text).first
    // A refusal in progress for a scan that changed meanwhile (handed over elsewhere) ends.
    if let r = state.refusal, let scan = scans.first(where: { $0.id == r.scan }), scan.handover != nil || scan.decision != nil {
      state.refusal = nil
    }
    let seen = Set(state.pane.items.map(\.id))
    state.waiting.removeAll { !seen.contains($0) }
    return detailLoads(state)
  }

  /// New rows that came while a question was open: held (the caller keeps them for later); the
  /// scans among them that are new are noted as waiting, the message says which, and the
  /// selection no longer follows (it stays where the clerk answered).
  static func held(_ scans: [ScanRecord], state: inout State, strings s: Strings) -> Message? {
    let known = Set(state.pane.items.map(\.id)).union(state.waiting)
    let new = scans.filter { !known.contains($0.id) }
    guard !new.isEmpty else { return nil }
    state.following = false
    state.waiting = new.map(\.id) + state.waiting
    return waitingMessage(scans.first { $0.id == state.waiting.first }, count: state.waiting.count, strings: s)
  }

  /// A scan taken while a question was open (the scanner's burst, answered by the store).
  static func heldResult(_ result: ScanResult, state: inout State, strings s: Strings) -> Message {
    store(result, in: &state)
    state.following = false
    if !state.waiting.contains(result.scanID) { state.waiting.insert(result.scanID, at: 0) }
    return Message(s(.newScanWaiting, summary(result), s.name(ScanSource.scanner)), .warning)
  }

  /// "New scan waiting: ORDER 1040029 (camera)", or how many are waiting and the newest.
  static func waitingMessage(_ newest: ScanRecord?, count: Int, strings s: Strings) -> Message? {
    guard let newest else { return nil }
    let what = summary(newest)
    let text = count == 1 ? s(.newScanWaiting, what, s.name(newest.source)) : s(.newScansWaiting, .count(Int64(count)), .text(what), .text(s.name(newest.source)))
    return Message(text, .warning)
  }

  /// A scan in a few words: its kind and number (never a pickup code), or its photo.
  static func summary(_ scan: ScanRecord) -> String { scan.payload.map(summary(payload:)) ?? scan.fileName ?? "-" }

  static func summary(_ result: ScanResult) -> String { result.payload.map(summary(payload:)) ?? "-" }

  static func summary(payload: String) -> String {
    let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count >= 2, ["ORDER", "PRODUCT", "INVENTORY"].contains(parts[0]) { return parts[0] + " " + parts[1] }
    return Visible.text(payload, limit: 24)
  }

  static func detailLoads(_ state: State) -> [ConsoleEffect] {
    guard let s = state.pane.selectedItem, needsDetail(s), state.details[s.id] == nil else { return [] }
    return [.scans(.loadDetail(scan: s.id))]
  }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    let question = question(state, now: c.now, permissions: c.permissions)
    if case .refusal(let refusal)? = question { return updateRefusal(&state, refusal, action: action, context: c) }
    if case .unlock(let u)? = question {
      // y unlocks the order the question named; n, Esc and every other key drop the question.
      state.unlocking = nil
      switch action {
      case .confirm: return PaneOutcome(effects: [.scans(.unlockOrder(u.order))])
      case .quit, .help: return .unhandled
      default: return PaneOutcome(message: Message(c.strings(.unlockDropped, String(u.order)), .muted))
      }
    }
    if action == .orderUnlock {
      guard let scan = state.pane.selectedItem, ["locked", "code_refused"].contains(scan.outcome),
        let order = scan.orderID ?? orderNumber(in: scan.payload)
      else {
        return PaneOutcome(message: Message(c.strings[.nothingToUnlock], .warning))
      }
      state.unlocking = Unlock(scan: scan.id, order: order)
      return PaneOutcome()
    }
    let before = state.pane.list.selected
    if state.pane.navigate(action, page: c.page, text) {
      if state.pane.list.selected != before {
        state.following = state.pane.list.selected == state.pane.ids(text).first
        if let now = state.pane.list.selected { state.waiting.removeAll { $0 == now } }
      }
      return PaneOutcome(effects: detailLoads(state))
    }
    guard [.confirm, .decline, .reject].contains(action) else { return .unhandled }
    switch (action, question) {
    case (.confirm, .receive(_, _, let slip)?):
      if let refused = mayAct(c, .changeStock) { return refused }
      return PaneOutcome(effects: [.stock(.command(.receive(slip: slip, into: "BACK")))])
    case (.confirm, .handOver(let scan, let order, _)?):
      if let refused = mayAct(c, .handOver) { return refused }
      state.pending = scan
      return PaneOutcome(effects: [.scans(.handOver(order: order, scan: scan))])
    case (.decline, .handOver(let scan, let order, _)?):
      state.declined.insert(scan)
      return PaneOutcome(message: Message(c.strings(.notNowOrder, String(order)), .warning))
    case (.reject, .handOver(let scan, let order, _)?):
      if let refused = mayAct(c, .handOver) { return refused }
      state.refusal = .choosing(scan: scan, order: order, index: 0)
      return PaneOutcome()
    default:
      return PaneOutcome(message: nothingAsked(state, action: action, context: c))
    }
  }

  /// Whoever is on duty may answer: someone is, and `Access.table` gives their role `permission`
  /// (handing orders over, or moving stock).
  static func mayAct(_ c: PaneContext, _ permission: Permission) -> PaneOutcome? {
    guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
    guard Access.allows(staff.role, permission) else {
      return PaneOutcome(
        message: Message(c.strings(.notAllowed, staff.login, c.strings.name(staff.role), c.strings.name(permission)), .error))
    }
    return nil
  }

  /// Why `y`, `n` or `r` does nothing here: the screen asks no question, and says why not.
  static func nothingAsked(_ state: State, action: Action, context c: PaneContext) -> Message {
    let s = c.strings
    guard let scan = state.pane.selectedItem else { return Message(s[.nothingSelected], .warning) }
    if let pending = state.pending {
      let order = state.pane.items.first { $0.id == pending }?.orderID
      return Message(s(.answerOnItsWay, order.map(String.init) ?? "?"), .warning)
    }
    if let h = scan.handover, scan.outcome == "verified" || scan.outcome == "already_picked_up" {
      return Message(s(.whyAlreadyHandedOver, who(h), s.dateTime(h.at)), .warning)
    }
    if let d = scan.decision {
      return Message(s(.refusedBy, d.staff ?? "?", s.dateTime(d.at), RefusalReason(rawValue: d.reason).map(s.name) ?? d.reason), .warning)
    }
    if scan.outcome == "verified" {
      if let expired = notAwaiting(scan, context: c) { return expired }
      if state.declined.contains(scan.id) { return Message(s(.declinedAlready, String(scan.orderID ?? 0)), .warning) }
      return Message(s[.waitForDetail], .warning)
    }
    if case .transfer(let t)? = state.details[scan.id], action == .confirm { return Message(s(.transferIs, t.status), .warning) }
    return Message(s(.nothingToAnswer, s.outcome(scan.outcome)), .warning)
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
  /// digits, see `choose`), then confirmed with `y` or dropped with `n` or Esc.
  static func updateRefusal(_ state: inout State, _ refusal: Refusal, action: Action, context c: PaneContext) -> PaneOutcome {
    let reasons = RefusalReason.allCases
    switch (refusal, action) {
    case (.choosing(let scan, let order, let i), .moveUp):
      state.refusal = .choosing(scan: scan, order: order, index: max(0, i - 1))
    case (.choosing(let scan, let order, let i), .moveDown):
      state.refusal = .choosing(scan: scan, order: order, index: min(reasons.count - 1, i + 1))
    case (.choosing(let scan, let order, let i), .open):
      state.refusal = .confirming(scan: scan, order: order, reasons[i])
    case (.confirming(let scan, let order, let reason), .confirm):
      guard state.pending == nil else { return PaneOutcome() }
      state.pending = scan
      state.refusal = nil
      return PaneOutcome(effects: [.scans(.refuseHandover(scan: scan, order: order, reason: reason))])
    case (.choosing, .confirm):
      return PaneOutcome(message: Message(c.strings(.chooseReasonFirst, String(reasons.count)), .warning))
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
  static func choose(_ state: inout State, digit: Int, context c: PaneContext) -> PaneOutcome? {
    guard case .choosing(let scan, let order, _) = state.refusal, digit >= 1, digit <= RefusalReason.allCases.count else {
      return nil
    }
    state.refusal = .confirming(scan: scan, order: order, RefusalReason.allCases[digit - 1])
    return PaneOutcome(keepsMessage: true)
  }

  // MARK: Results of effects

  /// What a processed scan showed, kept for its detail.
  static func store(_ result: ScanResult, in state: inout State) {
    state.declined.remove(result.scanID)
    switch result.outcome {
    case .order(let view): state.details[result.scanID] = .order(view)
    case .product(let view): state.details[result.scanID] = .product(view)
    case .movement(let view): state.details[result.scanID] = .movement(view)
    case .transfer(let t): state.details[result.scanID] = .transfer(t)
    case .refused: break
    }
  }

  static func processed(_ result: ScanResult, repaired: Bool, state: inout State, context c: PaneContext) -> PaneOutcome {
    store(result, in: &state)
    state.pane.list.selected = result.scanID
    state.latest = result.scanID
    state.following = true
    state.waiting.removeAll { $0 == result.scanID }
    let s = c.strings
    let text: String
    let role: StyleRole
    switch result.outcome {
    case .order(let o):
      text = s(.headlineDetail, s(.detailOrder, String(o.id)), s.outcome("verified"))
      role = .ok
    case .product(let p):
      text = s(.headlineDetail, s(.detailProduct, String(p.id)), p.title)
      role = .normal
    case .movement(let m):
      text = s(.headlineDetail, s(.detailMovement, String(m.id)), s.name(m.type))
      role = .normal
    case .transfer(let t):
      text = s(.transferToReceive, String(t.id), t.from)
      role = .ok
    case .refused(let r):
      text = s.outcome(r.outcome)
      role = r.outcome == "no_code" ? .warning : .error
    }
    let prefix = repaired ? s[.repairedLayout] + " " : ""
    return PaneOutcome(effects: [.scans(.load)], message: Message(prefix + text, role))
  }

  static func handedOver(order: Int64, scan: Int64, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    // The row says so at once: until the list is read again, the question must not come back.
    if let i = state.pane.items.firstIndex(where: { $0.id == scan }), state.pane.items[i].handover == nil {
      state.pane.items[i].handover = HandoverFacts(staffLogin: c.staff?.login, staffName: c.staff?.name, terminal: nil, at: c.now)
    }
    // The shelf the parcel is given from, as the order's detail showed it.
    var shelf: String?
    if case .order(let view)? = state.details[scan] { shelf = view.shelf }
    return PaneOutcome(
      effects: [.scans(.load), .loadAlerts],
      message: Message(c.strings(.handedOverMessage, String(order), shelf ?? "?"), .ok))
  }

  static func handOverRefused(scan: Int64, _ refusal: PickupRefusal, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    return PaneOutcome(
      effects: [.scans(.load)], message: Message(c.strings(.cannotHandOver, explain(refusal, strings: c.strings)), .error))
  }

  static func refusalRecorded(scan: Int64, order: Int64, _ d: ScanDecision, state: inout State, context c: PaneContext) -> PaneOutcome {
    if state.pending == scan { state.pending = nil }
    if let i = state.pane.items.firstIndex(where: { $0.id == scan }) { state.pane.items[i].decision = d }
    let reason = RefusalReason(rawValue: d.reason).map(c.strings.name) ?? d.reason
    return PaneOutcome(effects: [.scans(.load)], message: Message(c.strings(.refusalRecorded, String(order), reason), .warning))
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
    return PaneOutcome(effects: [.scans(.load)], message: Message(c.strings(.cannotRefuse, why), .error))
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
    // A check that is too old has its own words; the others say what happened (another scan,
    // a code replaced by the marketplace).
    case .notVerified(let why): why.code == .pickupCheckTooOld ? s[.verificationExpired] : why.text(s.language)
    case .notAllowed(let why): s(.headlineDetail, s.outcome("not_allowed"), why.text(s.language))
    case .stock(let why): s(.headlineDetail, s.outcome("stock_mismatch"), why.text(s.language))
    }
  }

  static func who(_ h: HandoverFacts) -> String { h.who ?? "?" }
}

extension ScansPane: Pane {
  public enum Event: Sendable, Equatable {
    case loaded([ScanRecord])
    case detail(scan: Int64, ScanDetail)
    /// The result of `.process`, with the text as it was read (after a keyboard-layout repair);
    /// `typed` when the clerk typed it on the scanner line (shown at once, whatever was asked).
    case processed(ScanResult, repaired: Bool, typed: Bool = false)
    case handedOver(order: Int64, scan: Int64)
    case handOverRefused(scan: Int64, PickupRefusal)
    case refusalRecorded(scan: Int64, order: Int64, ScanDecision)
    case refusalFailed(scan: Int64, DecisionRefusal)
    /// An order's wrong-code lock was lifted.
    case orderUnlocked(Int64)
  }

  public enum Effect: Sendable, Equatable {
    /// Reads the scan queue.
    case load
    case loadDetail(scan: Int64)
    /// Processes a payload typed or scanned into the scanner line (source `scanner`); `repaired`
    /// when it was read back from the wrong keyboard layout (see `KeyboardLayout`).
    case process(String, repaired: Bool, typed: Bool = false)
    case handOver(order: Int64, scan: Int64)
    /// Refuses the handover of `order` on `scan` (the runner checks the scan is that order's).
    case refuseHandover(scan: Int64, order: Int64, reason: RefusalReason)
    /// Lifts the wrong-code lock of an order (supervisors and admins).
    case unlockOrder(Int64)
  }

  static var tab: Tab { .scans }
  static var state: WritableKeyPath<AppState, State> { \.scans }
  static func event(_ event: Event) -> ConsoleEvent { .scans(event) }
  static func event(in event: ConsoleEvent) -> Event? { if case .scans(let e) = event { e } else { nil } }
  static func effect(_ effect: Effect) -> ConsoleEffect { .scans(effect) }
  static func effect(in effect: ConsoleEffect) -> Effect? { if case .scans(let e) = effect { e } else { nil } }

  static func blank(keeping state: State) -> State { State() }

  static func asking(_ state: State, context c: PaneContext) -> Bool { asking(state, now: c.now, permissions: c.permissions) }

  /// The unlock question was allowed with the key that asked it.
  static func answering(_ state: State) -> Bool { state.unlocking != nil }

  /// The keys of the question on screen, and `u` on an order locked by wrong codes.
  static func hints(_ state: State, context c: PaneContext) -> [Action] {
    switch question(state, now: c.now, permissions: c.permissions) {
    case .refusal?, .unlock?: return [.back]
    case .handOver?: return [.help, .confirm, .decline, .reject, .scanInput, .filter, .open, .quit]
    case .receive?: return [.help, .confirm, .scanInput, .filter, .open, .quit]
    case nil:
      let locked = state.pane.selectedItem.map { ["locked", "code_refused"].contains($0.outcome) } ?? false
      return [.help, .scanInput] + (locked ? [.orderUnlock] : []) + [.filter, .open, .quit]
    }
  }

  static func filter(_ state: State) -> String { state.pane.list.filter }
  static func setFilter(_ state: inout State, _ text: String) { state.pane.setFilter(text, Self.text) }
  static func counts(_ state: State) -> (shown: Int, all: Int) { (state.pane.visible(text).count, state.pane.items.count) }
  static func loads(_ state: State) -> [ConsoleEffect] { [.scans(.load)] }
  static func failed(_ state: inout State) { state.pending = nil }

  static func arrival(_ event: Event) -> String? { if case .loaded = event { "scans" } else { nil } }

  static func held(_ event: Event, state: inout State, strings: Strings) -> Message? {
    guard case .loaded(let rows) = event else { return nil }
    return held(rows, state: &state, strings: strings)
  }

  static func apply(_ event: Event, to state: inout State, context c: PaneContext) -> PaneOutcome {
    switch event {
    case .loaded(let rows):
      return PaneOutcome(effects: loaded(rows, state: &state))
    case .detail(let scan, let detail):
      state.details[scan] = detail
      return PaneOutcome()
    case .processed(let result, let repaired, let typed):
      // A scan waits in the queue, named, while a question is open. One the clerk typed is shown
      // at once over the handover question it replaces, but not over a question opened since (a
      // refusal, an unlock, another tab's): that one owns the screen now.
      let opened = state.refusal != nil || state.unlocking != nil || (c.tab != tab && c.questionOnScreen)
      if typed ? opened : c.questionOnScreen || c.asking {
        return PaneOutcome(effects: [.scans(.load)], message: heldResult(result, state: &state, strings: c.strings))
      }
      var outcome = processed(result, repaired: repaired, state: &state, context: c)
      outcome.show = true
      return outcome
    case .handedOver(let order, let scan):
      return noted(handedOver(order: order, scan: scan, state: &state, context: c), state: state, context: c)
    case .handOverRefused(let scan, let refusal):
      return noted(handOverRefused(scan: scan, refusal, state: &state, context: c), state: state, context: c)
    case .refusalRecorded(let scan, let order, let decision):
      return noted(refusalRecorded(scan: scan, order: order, decision, state: &state, context: c), state: state, context: c)
    case .refusalFailed(let scan, let refusal):
      return noted(refusalFailed(scan: scan, refusal, state: &state, context: c), state: state, context: c)
    case .orderUnlocked(let order):
      let outcome = PaneOutcome(effects: [.loadAlerts], message: Message(c.strings(.unlockedMessage, String(order)), .ok))
      return noted(outcome, state: state, context: c)
    }
  }

  /// After an answer: the scans that came meanwhile are named after its message, with the key
  /// that shows the newest.
  static func noted(_ outcome: PaneOutcome, state: State, context c: PaneContext) -> PaneOutcome {
    let s = c.strings
    guard !state.waiting.isEmpty, let text = outcome.message?.text else { return outcome }
    var outcome = outcome
    let key = c.keymap.keys(for: .first, in: .scans).first.map(s.keyName) ?? "Home"
    outcome.message?.text = text + "  " + s(.scansWaitingKey, .count(Int64(state.waiting.count)), .text(key))
    return outcome
  }
}
