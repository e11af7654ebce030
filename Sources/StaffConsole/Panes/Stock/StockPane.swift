import StaffDomain

/// What the stock pane asks the store to do.
public enum StockCommand: Sendable, Equatable {
  case move(type: MovementType, product: Int64, quantity: Int64, from: String?, to: String?, reason: String?)
  case reverse(movement: Int64, reason: String)
  case send(to: String, product: Int64, quantity: Int64, from: String)
  case receive(slip: Int64, into: String)
  case openCount(locations: [String])
  /// One more of a product (a scan), or `quantity` typed.
  case count(count: Int64, product: Int64, quantity: Int64?)
  /// Posts what the count's preview showed, the preview's fingerprint (see `CountPreview`);
  /// `nothingCounted` when the clerk said twice that nothing is there.
  case closeCount(Int64, expecting: String, nothingCounted: Bool = false)
  /// The command, allowed to create these locations the point has never used (the clerk said
  /// they are new).
  indirect case creating(locations: [String], StockCommand)
}

/// What the stock pane reads from the store before it asks a question (nothing is written).
public enum StockQuery: Sendable, Equatable {
  /// What closing the count would post.
  case closeCount(Int64)
  /// Which of these location codes the point has never used.
  case newLocations([String])
}

/// The store's answer to a `StockQuery`.
public enum StockAnswer: Sendable, Equatable {
  /// What closing the count would post; `changed` when a close was refused because that is no
  /// longer what was shown.
  case closeCount(CountPreview, changed: Bool)
  case newLocations(asked: [String], new: [String])
}

/// What the store did, for the message line.
public enum StockNews: Sendable, Equatable {
  case moved(MovementView)
  case reversed(MovementView)
  case sent(transfer: Int64, slip: Int64, to: String)
  case received(transfer: Int64, from: String, units: Int64)
  case countOpened(id: Int64, locations: [String])
  /// A count already open over the locations asked for, taken up again with its lines so far.
  case countResumed(id: Int64, locations: [String], lines: Int)
  case counted(product: Int64, location: String, quantity: Int64)
  case countClosed(id: Int64, lines: Int, adjusted: Int)
}

/// The stock: products held (those under their threshold first) with where they are and their
/// last movements, or the live feed of movements; keys to record each movement type, reverse
/// one, send and receive transfers, and run a blind count (a scanner's PRODUCT codes count while
/// one is open).
public enum StockPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<StockRecord>()
    /// The newest movements, for the feed.
    public var feed = PaneList<MovementView>()
    public var showingFeed = false
    /// The last movements of products, as read for their detail.
    public var history: [Int64: [MovementView]] = [:]
    public var prompt: Prompt?
    /// A command sent and not answered yet.
    public var pending = false
    /// The count this console has open: scans of PRODUCT codes count in it.
    public var count: OpenCount?
    public init() {}
  }

  public struct OpenCount: Sendable, Equatable {
    public var id: Int64
    public var locations: [String]
    /// Scans and typed quantities sent so far.
    public var entries: Int
  }

  /// A movement being drafted, field by field.
  public struct Draft: Sendable, Equatable {
    public var type: MovementType
    public var product: Int64
    public var quantity: Int64 = 1
    public var from: String?
    public var to: String?
    public var reason: String?
    /// Locations the clerk said are new (the movement may create them).
    public var newLocations: [String] = []
  }

  public enum Field: Sendable, Equatable {
    case quantity(Draft)
    case from(Draft)
    case to(Draft)
    case reason(Draft)
    case reverseReason(movement: Int64)
    case destination(product: Int64)
    case sendQuantity(product: Int64, to: String)
    case sendFrom(product: Int64, to: String, quantity: Int64)
    case slip
    case into(slip: Int64)
    case countLocations
    case countQuantity(count: Int64, product: Int64)
  }

  public enum Prompt: Sendable, Equatable {
    case moveType(product: Int64, index: Int)
    case text(Field, TextField)
    case confirm(StockCommand)
    /// The store is asked whether the codes typed in the field are new.
    case checkingLocations(Field, typed: String, codes: [String])
    /// "New location ZZZ-9? y / n", bound to the field and its codes: y goes on with them, n
    /// goes back to the field.
    case newLocations(Field, typed: String, codes: [String], new: [String])
    /// The store is asked what closing the count would post.
    case previewingClose(count: Int64)
    /// What closing the count posts, line by line (`top`: the first line shown): y posts it.
    case closePreview(CountPreview, changed: Bool, top: Int)
    /// Nothing was counted: the second question, naming what would be written off.
    case confirmNothingCounted(CountPreview)
  }

  static func text(_ r: StockRecord) -> String {
    ([String(r.productID), r.title, r.category] + r.locations.map(\.location)).joined(separator: " ")
  }

  static func feedText(_ m: MovementView) -> String {
    [String(m.id), m.type.rawValue, String(m.productID), m.productTitle, m.from ?? "", m.to ?? "", m.staff ?? "", m.reason ?? ""]
      .joined(separator: " ")
  }

  // MARK: Update

  /// What the pane reads: the products, and the feed when it shows.
  static func loads(_ state: State) -> [ConsoleEffect] { state.showingFeed ? [.stock(.load), .stock(.loadMovements)] : [.stock(.load)] }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    // The selected product's shelf label, previewed first (y prints it).
    if action == .labelPrint {
      guard !state.showingFeed, let product = state.pane.selectedItem?.productID else {
        return PaneOutcome(message: Message(c.strings[.labelNothing], .warning))
      }
      return PaneOutcome(effects: [.previewLabel(.shelf(product: product))])
    }
    if let prompt = state.prompt { return answer(&state, prompt, action: action, context: c) }
    switch action {
    case .stockView:
      state.showingFeed.toggle()
      return PaneOutcome(effects: state.showingFeed ? [.stock(.loadMovements)] : detail(state))
    case .stockMove, .stockReverse, .transferSend, .transferReceive, .countOpen, .countClose, .countAdd:
      break
    default:
      let moved = state.showingFeed ? state.feed.navigate(action, page: c.page, feedText) : state.pane.navigate(action, page: c.page, text)
      return moved ? PaneOutcome(effects: detail(state)) : .unhandled
    }
    guard let staff = c.staff else { return PaneOutcome(message: Message(c.strings[.needStaff], .error)) }
    guard Access.allows(staff.role, .changeStock) else {
      return PaneOutcome(
        message: Message(c.strings(.notAllowed, staff.login, c.strings.name(staff.role), c.strings.name(.changeStock)), .error))
    }
    guard !state.pending else { return PaneOutcome() }
    let product = state.showingFeed ? state.feed.selectedItem?.productID : state.pane.selectedItem?.productID
    switch action {
    case .stockMove:
      guard let product else { return PaneOutcome() }
      state.prompt = .moveType(product: product, index: 0)
    case .stockReverse:
      guard state.showingFeed, let m = state.feed.selectedItem else {
        return PaneOutcome(message: Message(c.strings[.reverseFromFeed], .warning))
      }
      // Refused before a reason is asked: what the store would refuse anyway.
      if m.reverses != nil { return PaneOutcome(message: Message(c.strings(.reversalOfReversal, String(m.id)), .warning)) }
      if let later = state.feed.items.first(where: { $0.reverses == m.id }) {
        return PaneOutcome(message: Message(c.strings(.alreadyReversed, String(m.id), String(later.id)), .warning))
      }
      state.prompt = .text(.reverseReason(movement: m.id), TextField())
    case .transferSend:
      guard let product else { return PaneOutcome() }
      state.prompt = .text(.destination(product: product), TextField())
    case .transferReceive:
      state.prompt = .text(.slip, TextField())
    case .countOpen:
      if let open = state.count { return PaneOutcome(message: Message(c.strings(.countAlreadyOpen, String(open.id)), .warning)) }
      // TRANSIT is not counted (its goods are on their way): the first shelf it is on.
      let here = state.pane.selectedItem?.locations.first { $0.kind != .inTransit }.map(\.location) ?? ""
      state.prompt = .text(.countLocations, TextField(prefill: here))
    case .countAdd:
      guard let open = state.count else { return PaneOutcome(message: Message(c.strings[.noCountOpen], .warning)) }
      guard let product else { return PaneOutcome() }
      state.prompt = .text(.countQuantity(count: open.id, product: product), TextField())
    case .countClose:
      guard let open = state.count else { return PaneOutcome(message: Message(c.strings[.noCountOpen], .warning)) }
      // The differences first: y posts what was shown.
      state.prompt = .previewingClose(count: open.id)
      return PaneOutcome(effects: [.stock(.query(.closeCount(open.id)))])
    default:
      break
    }
    return PaneOutcome()
  }

  /// The product's last movements for its detail, when not read yet.
  static func detail(_ state: State) -> [ConsoleEffect] {
    guard !state.showingFeed, let p = state.pane.selectedItem?.productID, state.history[p] == nil else { return [] }
    return [.stock(.loadHistory(product: p))]
  }

  static func answer(_ state: inout State, _ prompt: Prompt, action: Action, context c: PaneContext) -> PaneOutcome {
    switch (prompt, action) {
    case (_, .back), (.confirm, .decline):
      state.prompt = nil
    case (_, .quit), (_, .help):
      return .unhandled
    case (.confirm(let command), .confirm):
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.stock(.command(command))])
    case (.newLocations(let field, let typed, _, _), .decline):
      state.prompt = .text(field, TextField(typed))
    case (.newLocations(let field, _, let codes, let new), .confirm):
      return located(&state, field, codes: codes, new: new)
    case (.closePreview, .decline), (.confirmNothingCounted, .decline):
      state.prompt = nil
    case (.closePreview(let p, _, _), .confirm):
      let off = p.writeOff
      if p.nothingCounted && off.units > 0 {
        state.prompt = .confirmNothingCounted(p)
        return PaneOutcome()
      }
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.stock(.command(.closeCount(p.countID, expecting: p.fingerprint)))])
    case (.confirmNothingCounted(let p), .confirm):
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.stock(.command(.closeCount(p.countID, expecting: p.fingerprint, nothingCounted: true)))])
    case (.closePreview(let p, let changed, let top), .moveUp), (.closePreview(let p, let changed, let top), .moveDown),
      (.closePreview(let p, let changed, let top), .pageUp), (.closePreview(let p, let changed, let top), .pageDown):
      let step = action == .moveUp ? -1 : action == .moveDown ? 1 : action == .pageUp ? -c.page : c.page
      // Lines, the heading of what was not counted, and the notes of single items moved.
      let last = max(0, p.counted.count + p.uncounted.count + p.counted.filter { $0.from != nil }.count)
      state.prompt = .closePreview(p, changed: changed, top: max(0, min(last, top + step)))
    case (.moveType(let p, let i), .moveUp):
      state.prompt = .moveType(product: p, index: max(0, i - 1))
    case (.moveType(let p, let i), .moveDown):
      state.prompt = .moveType(product: p, index: min(MovementType.allCases.count - 1, i + 1))
    case (.moveType(let p, let i), .open):
      pickType(&state, product: p, MovementType.allCases[i])
    default:
      break
    }
    return PaneOutcome()
  }

  /// A digit in the type picker picks the type.
  static func choose(_ state: inout State, digit: Int, context c: PaneContext) -> PaneOutcome? {
    guard case .moveType(let p, _)? = state.prompt else { return nil }
    guard digit >= 1, digit <= MovementType.allCases.count else { return PaneOutcome(keepsMessage: true) }
    pickType(&state, product: p, MovementType.allCases[digit - 1])
    return PaneOutcome(keepsMessage: true)
  }

  static func pickType(_ state: inout State, product: Int64, _ type: MovementType) {
    state.prompt = .text(.quantity(Draft(type: type, product: product)), TextField(prefill: goesEitherWay(type) ? "" : "1"))
  }

  /// A RETURN or an ADJUSTMENT goes into one location or out of one: its quantity carries the
  /// way, `+3` or `-3`, so the clerk says it rather than it being taken from which location
  /// prompt was left filled in.
  static func goesEitherWay(_ type: MovementType) -> Bool { type == .return_ || type == .adjustment }

  /// Where the product is, when it is in one place only (the default to take it from).
  static func onlyPlace(_ state: State, _ product: Int64) -> String? {
    let places = state.pane.items.first { $0.productID == product }?.locations.filter { $0.kind != .inTransit } ?? []
    return places.count == 1 ? places[0].location : nil
  }

  static func field(_ state: State) -> TextField? {
    if case .text(_, let f)? = state.prompt { return f }
    return nil
  }

  /// A key while a text is typed: Enter takes it and asks the next one (or the y/n), Esc drops it.
  static func typing(_ state: inout State, _ key: Key, context c: PaneContext) -> PaneOutcome {
    guard case .text(let which, var f)? = state.prompt else { return PaneOutcome() }
    switch key {
    case .named(.escape):
      state.prompt = nil
      return PaneOutcome()
    case .named(.enter):
      return next(&state, which, f.string.trimmingSpaces, context: c)
    default:
      if f.edit(key) { state.prompt = .text(which, f) }
      return PaneOutcome()
    }
  }

  static func next(_ state: inout State, _ which: Field, _ text: String, context c: PaneContext) -> PaneOutcome {
    let s = c.strings
    func bad(_ phrase: Phrase) -> PaneOutcome { PaneOutcome(message: Message(s[phrase], .error)) }
    func code(_ t: String) -> String? { t.isEmpty ? nil : t.uppercased() }
    func ask(_ field: Field, _ initial: String = "") { state.prompt = .text(field, TextField(prefill: initial)) }
    switch which {
    case .quantity(var d):
      var digits = Substring(text)
      let sign = goesEitherWay(d.type) ? digits.first.flatMap { "+-−".contains($0) ? $0 : nil } : nil
      if goesEitherWay(d.type) {
        guard sign != nil else { return bad(.needDirection) }
        digits = digits.dropFirst()
      }
      // Digits only after the sign: Int64 would also take "++2" as 2.
      if sign != nil && !digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return bad(.badQuantity) }
      guard let q = Int64(digits), q >= 1, q <= 100_000 else { return bad(.badQuantity) }
      d.quantity = q
      switch (d.type, sign) {
      case (.receive, _): ask(.to(d), "BACK")
      case (_, "+"?): ask(.to(d), onlyPlace(state, d.product) ?? "")
      default: ask(.from(d), onlyPlace(state, d.product) ?? "")
      }
    case .from(var d):
      d.from = code(text)
      if d.from == nil && ([.pick, .damage, .transfer].contains(d.type) || goesEitherWay(d.type)) { return bad(.needLocation) }
      if d.type == .transfer || d.from == nil { ask(.to(d)) } else { askReasonOrConfirm(&state, d) }
    case .to:
      guard let to = code(text) else { return bad(.needLocation) }
      return check(&state, which, typed: text, codes: [to], context: c)
    case .reason(var d):
      d.reason = text.isEmpty ? nil : text
      if d.type.needsReason && d.reason == nil { return bad(.needReason) }
      state.prompt = .confirm(
        creating(d.newLocations, .move(type: d.type, product: d.product, quantity: d.quantity, from: d.from, to: d.to, reason: d.reason)))
    case .reverseReason(let m):
      guard !text.isEmpty else { return bad(.needReason) }
      state.prompt = .confirm(.reverse(movement: m, reason: text))
    case .destination(let p):
      guard case .success(let point) = Identifier.pointCode(text.uppercased()) else { return bad(.badPoint) }
      ask(.sendQuantity(product: p, to: point), "1")
    case .sendQuantity(let p, let to):
      guard let q = Int64(text), q >= 1, q <= 100_000 else { return bad(.badQuantity) }
      ask(.sendFrom(product: p, to: to, quantity: q), onlyPlace(state, p) ?? "")
    case .sendFrom(let p, let to, let q):
      guard let from = code(text) else { return bad(.needLocation) }
      state.prompt = .confirm(.send(to: to, product: p, quantity: q, from: from))
    case .slip:
      let number = text.uppercased().hasPrefix("INVENTORY:") ? String(text.dropFirst(10)) : text
      guard case .success(let slip) = Identifier.marketplaceID(number) else { return bad(.badSlip) }
      ask(.into(slip: slip), "BACK")
    case .into:
      guard let into = code(text) else { return bad(.needLocation) }
      return check(&state, which, typed: text, codes: [into], context: c)
    case .countLocations:
      let codes = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.uppercased() }
      guard !codes.isEmpty else { return bad(.needLocation) }
      return check(&state, which, typed: text, codes: codes, context: c)
    case .countQuantity(let count, let p):
      guard let q = Int64(text), q >= 0, q <= 100_000 else { return bad(.badQuantity) }
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.stock(.command(.count(count: count, product: p, quantity: q)))])
    }
    return PaneOutcome()
  }

  static func askReasonOrConfirm(_ state: inout State, _ d: Draft) {
    if d.type.needsReason || d.type == .return_ {
      state.prompt = .text(.reason(d), TextField())
    } else {
      state.prompt = .confirm(
        creating(d.newLocations, .move(type: d.type, product: d.product, quantity: d.quantity, from: d.from, to: d.to, reason: nil)))
    }
  }

  static func creating(_ new: [String], _ command: StockCommand) -> StockCommand {
    new.isEmpty ? command : .creating(locations: new, command)
  }

  /// Location codes typed where goods go (a movement's `to`, a receipt's `into`, a count's
  /// locations): each must be a location code, and a code the point has never used is asked
  /// about before anything creates it. Codes on the list are known (stock is there); the store
  /// is asked about the others.
  static func check(_ state: inout State, _ field: Field, typed: String, codes: [String], context c: PaneContext) -> PaneOutcome {
    for code in codes {
      if case .failure = Identifier.locationCode(code) {
        return PaneOutcome(message: Message(c.strings(.badLocationCode, String(code.prefix(20))), .error))
      }
    }
    let known = Set(state.pane.items.flatMap { $0.locations.map(\.location) })
    guard codes.allSatisfy(known.contains) else {
      state.prompt = .checkingLocations(field, typed: typed, codes: codes)
      return PaneOutcome(effects: [.stock(.query(.newLocations(codes)))])
    }
    return located(&state, field, codes: codes, new: [])
  }

  /// The field's codes are known or said to be new: on to the next question (or the command).
  static func located(_ state: inout State, _ field: Field, codes: [String], new: [String]) -> PaneOutcome {
    switch field {
    case .to(var d):
      d.to = codes.first
      d.newLocations = new
      askReasonOrConfirm(&state, d)
    case .into(let slip):
      state.prompt = .confirm(creating(new, .receive(slip: slip, into: codes.first ?? "BACK")))
    case .countLocations:
      state.prompt = nil
      state.pending = true
      return PaneOutcome(effects: [.stock(.command(creating(new, .openCount(locations: codes))))])
    default:
      state.prompt = nil
    }
    return PaneOutcome()
  }

  /// The store's answer to what the pane asked; one that no longer matches the question on
  /// screen (Esc was pressed, another question came) is dropped.
  static func answered(_ answer: StockAnswer, state: inout State, context c: PaneContext) -> PaneOutcome {
    switch answer {
    case .newLocations(let asked, let new):
      guard case .checkingLocations(let field, let typed, let codes)? = state.prompt, codes == asked else { return PaneOutcome() }
      if new.isEmpty { return located(&state, field, codes: codes, new: []) }
      state.prompt = .newLocations(field, typed: typed, codes: codes, new: new)
    case .closeCount(let preview, let changed):
      guard state.count?.id == preview.countID else { return PaneOutcome() }
      if changed {
        // The close was refused: what it would post now is shown, to be confirmed again.
        guard state.pending, state.prompt == nil else { return PaneOutcome() }
        state.pending = false
        state.prompt = .closePreview(preview, changed: true, top: 0)
        return PaneOutcome()
      }
      guard state.prompt == .previewingClose(count: preview.countID) else { return PaneOutcome() }
      state.prompt = .closePreview(preview, changed: false, top: 0)
    }
    return PaneOutcome()
  }

  /// A scanned PRODUCT code while this console has a count open: one more of it.
  static func scanned(_ text: String, state: inout State) -> [ConsoleEffect]? {
    guard let open = state.count, case .success(.product(let id)) = ScanPayload.parse(Array(text.utf8)) else { return nil }
    state.pending = true
    return [.stock(.command(.count(count: open.id, product: id, quantity: nil)))]
  }

  // MARK: Results

  static func done(_ news: StockNews, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    state.history.removeAll()
    let s = c.strings
    let text: String
    switch news {
    case .moved(let m): text = s(.movedMessage, .id(m.id), .text(s.name(m.type)), .count(m.quantity), .text(m.productTitle))
    case .reversed(let m): text = s(.reversedMessage, String(m.reverses ?? 0), String(m.id))
    case .sent(let t, let slip, let to): text = s(.sentMessage, String(t), to, "INVENTORY:\(slip)")
    case .received(let t, let from, let units): text = s(.receivedMessage, .id(t), .text(from), .count(units))
    case .countOpened(let id, let locations):
      state.count = OpenCount(id: id, locations: locations, entries: 0)
      text = s(.countOpenedMessage, String(id), locations.joined(separator: ", "))
    case .countResumed(let id, let locations, let lines):
      state.count = OpenCount(id: id, locations: locations, entries: lines)
      text = s(.countResumedMessage, .id(id), .text(locations.joined(separator: ", ")), .count(Int64(lines)))
    case .counted(let p, let location, let quantity):
      state.count?.entries += 1
      text = s(.countedMessage, .count(quantity), .id(p), .text(location))
    case .countClosed(let id, let lines, let adjusted):
      state.count = nil
      text = s(.countClosedMessage, .id(id), .count(Int64(lines)), .count(Int64(adjusted)))
    }
    return PaneOutcome(effects: loads(state) + detail(state), message: Message(text, .ok))
  }

  static func refused(_ reason: StaffDomain.Message, state: inout State, context c: PaneContext) -> PaneOutcome {
    state.pending = false
    // A question waiting on the store that was refused: back to the field, or no question.
    switch state.prompt {
    case .checkingLocations(let field, let typed, _)?: state.prompt = .text(field, TextField(typed))
    case .previewingClose?: state.prompt = nil
    default: break
    }
    return PaneOutcome(message: Message(c.strings(.stockRefused, reason.text(c.strings.language)), .error))
  }
}

extension StockPane: Pane {
  public enum Event: Sendable, Equatable {
    case loaded([StockRecord])
    /// The newest movements (the stock's feed).
    case movements([MovementView])
    /// A product's last movements, for its detail.
    case history(product: Int64, [MovementView])
    case done(StockNews)
    /// The store refused a stock command, with its reason (said in the console's language).
    case refused(StaffDomain.Message)
    /// The store's answer to a `.query` (what a close would post, which locations are new).
    case answer(StockAnswer)
  }

  public enum Effect: Sendable, Equatable {
    /// Reads the products.
    case load
    case loadMovements
    case loadHistory(product: Int64)
    case command(StockCommand)
    /// Reads what the pane needs before it asks (answered by `.answer`, or `.refused`); writes
    /// nothing.
    case query(StockQuery)
  }

  static var tab: Tab { .stock }
  static var state: WritableKeyPath<AppState, State> { \.stock }
  static func event(_ event: Event) -> ConsoleEvent { .stock(event) }
  static func event(in event: ConsoleEvent) -> Event? { if case .stock(let e) = event { e } else { nil } }
  static func effect(_ effect: Effect) -> ConsoleEffect { .stock(effect) }
  static func effect(in effect: ConsoleEffect) -> Effect? { if case .stock(let e) = effect { e } else { nil } }

  static func blank(keeping state: State) -> State { State() }

  static func typed(_ state: State) -> Typed? { field(state).map(Typed.line) }
  static func typingPrompt(_ state: State, context c: PaneContext) -> (String, TextField)? { typingPrompt(state, strings: c.strings) }
  static func asking(_ state: State, context: PaneContext) -> Bool { state.prompt != nil || state.pending }

  static func hints(_ state: State, context: PaneContext) -> [Action] {
    guard state.prompt == nil else { return [.back] }
    return [.help, .stockView, .stockMove, .stockReverse, .transferSend, .transferReceive, .countOpen, .countAdd, .countClose, .filter, .open, .quit]
  }

  static func filter(_ state: State) -> String { state.pane.list.filter }
  static func setFilter(_ state: inout State, _ text: String) { state.pane.setFilter(text, Self.text) }
  static func counts(_ state: State) -> (shown: Int, all: Int) { (state.pane.visible(text).count, state.pane.items.count) }
  static func detailLoads(_ state: State) -> [ConsoleEffect] { detail(state) }
  static func failed(_ state: inout State) { state.pending = false }

  static func arrival(_ event: Event) -> String? {
    switch event {
    case .loaded: "stock"
    case .movements: "movements"
    default: nil
    }
  }

  static func apply(_ event: Event, to state: inout State, context c: PaneContext) -> PaneOutcome {
    switch event {
    case .loaded(let rows):
      state.pane.replace(rows, text)
      // What moved may be anyone's: the detail's history is read again.
      state.history.removeAll()
      return PaneOutcome(effects: detail(state))
    case .movements(let rows):
      state.feed.replace(rows, feedText)
      return PaneOutcome()
    case .history(let product, let rows):
      state.history[product] = rows
      return PaneOutcome()
    case .done(let news): return done(news, state: &state, context: c)
    case .refused(let reason): return refused(reason, state: &state, context: c)
    case .answer(let answer): return answered(answer, state: &state, context: c)
    }
  }
}
