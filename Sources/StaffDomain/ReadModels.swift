/// What the store reads out for the screens (the console and the command line): plain values,
/// no behaviour. The store fills them; the console core only shows them.

/// Where a scan came from (`scans.source`).
public enum ScanSource: String, Sendable, CaseIterable, Codable {
  case camera, scanner, cli
}

// MARK: - What a scan shows

public struct OrderItemView: Sendable, Equatable {
  public var productID: Int64?
  public var title: String
  public var quantity: Int64
  public var unitPrice: FCFA
  public var lineTotal: FCFA { unitPrice * quantity }

  public init(productID: Int64?, title: String, quantity: Int64, unitPrice: FCFA) {
    self.productID = productID
    self.title = title
    self.quantity = quantity
    self.unitPrice = unitPrice
  }
}

/// An order whose right code was shown, waiting for the clerk's confirmation.
public struct OrderView: Sendable, Equatable {
  public var id: Int64
  public var status: OrderStatus
  /// The customer's name masked for the screen ("M*** N***").
  public var customer: String
  /// The shelf the parcel waits on.
  public var shelf: String?
  public var holdUntil: Timestamp?
  public var items: [OrderItemView]
  public var total: FCFA { items.reduce(FCFA(0)) { $0 + $1.lineTotal } }

  public init(id: Int64, status: OrderStatus, customer: String, shelf: String?, holdUntil: Timestamp?, items: [OrderItemView]) {
    self.id = id
    self.status = status
    self.customer = customer
    self.shelf = shelf
    self.holdUntil = holdUntil
    self.items = items
  }
}

public struct StockLine: Sendable, Equatable {
  public var location: String
  public var kind: LocationKind
  public var quantity: Int64

  public init(location: String, kind: LocationKind, quantity: Int64) {
    self.location = location
    self.kind = kind
    self.quantity = quantity
  }
}

public struct ProductView: Sendable, Equatable {
  public var id: Int64
  public var title: String
  public var category: String
  public var price: FCFA
  public var condition: ItemCondition
  /// Every location holding some of it, by location code.
  public var stock: [StockLine]
  public var totalStock: Int64 { stock.reduce(0) { $0 + $1.quantity } }

  public init(id: Int64, title: String, category: String, price: FCFA, condition: ItemCondition, stock: [StockLine]) {
    self.id = id
    self.title = title
    self.category = category
    self.price = price
    self.condition = condition
    self.stock = stock
  }
}

/// A transfer from another point, known here by its announcement, as its slip shows it.
public struct IncomingTransfer: Sendable, Equatable {
  public var id: Int64
  public var slip: Int64
  public var from: String
  /// sent (to be received), received or cancelled.
  public var status: String
  public var sentAt: Timestamp
  public var lines: [Line]

  public struct Line: Sendable, Equatable {
    public var productID: Int64
    public var title: String
    public var quantity: Int64
    public init(productID: Int64, title: String, quantity: Int64) {
      self.productID = productID
      self.title = title
      self.quantity = quantity
    }
  }

  public init(id: Int64, slip: Int64, from: String, status: String, sentAt: Timestamp, lines: [Line]) {
    self.id = id
    self.slip = slip
    self.from = from
    self.status = status
    self.sentAt = sentAt
    self.lines = lines
  }
}

public struct MovementView: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var type: MovementType
  public var productID: Int64
  public var productTitle: String
  public var quantity: Int64
  public var from: String?
  public var to: String?
  public var staff: String?
  public var orderID: Int64?
  public var reason: String?
  public var reverses: Int64?
  public var at: Timestamp

  public init(
    id: Int64, type: MovementType, productID: Int64, productTitle: String, quantity: Int64, from: String?, to: String?,
    staff: String?, orderID: Int64?, reason: String?, reverses: Int64?, at: Timestamp
  ) {
    self.id = id
    self.type = type
    self.productID = productID
    self.productTitle = productTitle
    self.quantity = quantity
    self.from = from
    self.to = to
    self.staff = staff
    self.orderID = orderID
    self.reason = reason
    self.reverses = reverses
    self.at = at
  }
}

// MARK: - What a scan gave

/// Why a scan shows nothing, in words for the counter.
public enum ScanRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  /// The image could not be read (damaged, truncated, too large, not an image), in the image
  /// decoder's words (technical, kept as the decoder wrote them).
  case unreadable(String)
  /// The image was read but held no QR code (`scan.no_qr_in_image`, `scan.no_qr_in_photo`).
  case noCode(Message)
  /// The camera folder had these bytes before (a second copy of one photo counts once):
  /// `scan.same_photo_as`.
  case duplicate(Message)
  /// The payload breaks the grammar.
  case malformed(PayloadError)
  /// A valid code of another kind than the one expected (a product code at the pickup prompt).
  case wrongKind(PayloadError)
  /// A product or movement number the database does not have (`scan.no_product`, `scan.no_movement`).
  case notFound(Message)
  case pickup(PickupRefusal)

  /// The word stored in `scans.outcome` and printed in `--json`.
  public var outcome: String {
    switch self {
    case .unreadable: "unreadable"
    case .noCode: "no_code"
    case .duplicate: "duplicate"
    case .malformed: "rejected"
    case .wrongKind: "wrong_kind"
    case .notFound: "not_found"
    case .pickup(let r): r.outcome
    }
  }

  /// The refusal in English, as the scan log's `reason` and `--json` write it.
  public var description: String { message.text(.en) }

  /// The refusal with its facts, to be put into words in the reader's language; the scan log
  /// keeps it as it is (`scans.message`).
  public var message: Message {
    switch self {
    case .unreadable(let s): Message(.scanUnreadable, .text(s))
    case .noCode(let m): Message(.scanNoCode, .message(m))
    case .duplicate(let m): Message(.scanDuplicate, .message(m))
    case .malformed(let e): Message(.scanMalformed, .message(e.message))
    case .wrongKind(let e): Message(.scanWrongKind, .message(e.message))
    case .notFound(let m): Message(.scanNotFound, .message(m))
    case .pickup(let r): r.message
    }
  }

  /// Bad input (exit status 2) rather than a refusal (1).
  public var isBadInput: Bool {
    switch self {
    case .unreadable, .malformed: true
    case .noCode, .duplicate, .wrongKind, .notFound, .pickup: false
    }
  }
}

/// One scan, as recorded in `scans` and shown to the clerk.
public struct ScanResult: Sendable, Equatable {
  public var scanID: Int64
  /// The payload as the scan log holds it (pickup codes masked), nil when there was none.
  public var payload: String?
  public var kind: PayloadKind?
  public var outcome: Outcome

  public init(scanID: Int64, payload: String?, kind: PayloadKind?, outcome: Outcome) {
    self.scanID = scanID
    self.payload = payload
    self.kind = kind
    self.outcome = outcome
  }

  public enum Outcome: Sendable, Equatable {
    /// The right code for an order that may be handed over: confirm with `confirmHandover`.
    case order(OrderView)
    case product(ProductView)
    case movement(MovementView)
    /// The slip of a transfer on its way to this point: receive it.
    case transfer(IncomingTransfer)
    case refused(ScanRefusal)
  }

  public var refusal: ScanRefusal? {
    if case .refused(let r) = outcome { return r }
    return nil
  }

  /// The word stored in `scans.outcome`: `verified` (an order awaiting confirmation), `shown`
  /// (a product or a movement), or the refusal's word.
  public var outcomeWord: String {
    switch outcome {
    case .order: "verified"
    case .product, .movement, .transfer: "shown"
    case .refused(let r): r.outcome
    }
  }
}

// MARK: - The console's lists

/// What a clerk decided about a scan after seeing it (`scan_decisions`): refused to hand the
/// order over, with the reason said at the counter.
public struct ScanDecision: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable, Codable {
    case refused
  }
  public var kind: Kind
  public var reason: String
  public var staff: String?
  public var at: Timestamp

  public init(kind: Kind, reason: String, staff: String?, at: Timestamp) {
    self.kind = kind
    self.reason = reason
    self.staff = staff
    self.at = at
  }
}

/// Why a clerk refuses to hand an order over although its code was right.
public enum RefusalReason: String, Sendable, CaseIterable, Codable {
  /// The person is not the buyer, or cannot show who they are.
  case wrongPerson = "wrong_person"
  /// The parcel is not on its shelf.
  case parcelNotFound = "parcel_not_found"
  /// The parcel is damaged; the customer will not take it.
  case parcelDamaged = "parcel_damaged"
  /// The customer changed their mind or left.
  case customerDeclined = "customer_declined"
  case other
}

/// Why a refusal to hand over could not be recorded.
public enum DecisionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  /// The scan is not a right code awaiting a handover (a refused code, a product…).
  case notVerified(scanID: Int64)
  /// The order went out meanwhile (this or another terminal).
  case alreadyHandedOver(HandoverFacts)
  /// Another clerk refused it first.
  case alreadyDecided(ScanDecision)

  public var message: Message {
    switch self {
    case .notVerified(let id): return Message(.decisionNotVerified, .id(id))
    case .alreadyHandedOver(let h):
      let who: MessageArg = h.who.map(MessageArg.text) ?? .message(Message(.unrecordedStaff))
      if let terminal = h.terminal, !terminal.isEmpty {
        return Message(.decisionHandedOverAt, who, .time(h.at), .text(terminal))
      }
      return Message(.decisionHandedOver, who, .time(h.at))
    case .alreadyDecided(let d):
      return Message(
        .decisionAlreadyRefused, d.staff.map(MessageArg.text) ?? .message(Message(.someone)), .time(d.at), .word(.refusalReason, d.reason))
    }
  }

  public var description: String { message.description }
}

/// One line of the scan queue: a row of `scans`, with what became of it.
public struct ScanRecord: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var at: Timestamp
  public var source: ScanSource
  public var fileName: String?
  /// As the scan log holds it: pickup codes masked.
  public var payload: String?
  public var kind: PayloadKind?
  /// `verified`, `shown`, or a refusal's word (`code_refused`, `locked`…).
  public var outcome: String
  /// The refusal in words, as recorded (English).
  public var reason: String?
  /// The refusal with its facts, as recorded (`scans.message`), to be put into words in the
  /// reader's language; nil for a scan recorded before the log kept it (its `reason` is all there is).
  public var message: Message?
  public var orderID: Int64?
  /// Who scanned (nil for the camera).
  public var staff: String?
  public var terminal: String?
  /// The handover this scan led to, or the order's handover when the order is already gone.
  public var handover: HandoverFacts?
  public var decision: ScanDecision?

  public init(
    id: Int64, at: Timestamp, source: ScanSource, fileName: String?, payload: String?, kind: PayloadKind?, outcome: String,
    reason: String?, message: Message? = nil, orderID: Int64?, staff: String?, terminal: String?, handover: HandoverFacts?,
    decision: ScanDecision?
  ) {
    self.id = id
    self.at = at
    self.source = source
    self.fileName = fileName
    self.payload = payload
    self.kind = kind
    self.outcome = outcome
    self.reason = reason
    self.message = message
    self.orderID = orderID
    self.staff = staff
    self.terminal = terminal
    self.handover = handover
    self.decision = decision
  }
}

/// What the scan queue's detail view shows for one scan: the order (only for a right code), the
/// product or the movement.
public enum ScanDetail: Sendable, Equatable {
  case order(OrderView)
  case product(ProductView)
  case movement(MovementView)
  case transfer(IncomingTransfer)
  case none
}

public struct StockRecord: Sendable, Equatable, Identifiable {
  public var id: Int64 { productID }
  public var productID: Int64
  public var title: String
  public var category: String
  public var price: FCFA
  public var total: Int64
  /// Where it is, by location code.
  public var locations: [StockLine]
  /// The low-stock threshold that applies (the product's, else its category's), if any.
  public var threshold: Int64?
  public var isLow: Bool { threshold.map { total < $0 } ?? false }

  public init(productID: Int64, title: String, category: String, price: FCFA, total: Int64, locations: [StockLine], threshold: Int64?) {
    self.productID = productID
    self.title = title
    self.category = category
    self.price = price
    self.total = total
    self.locations = locations
    self.threshold = threshold
  }
}

public struct TicketRecord: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var subject: String
  public var category: TicketCategory
  public var priority: Priority
  public var status: TicketStatus
  /// Masked for the screen.
  public var customer: String
  public var orderID: Int64?
  public var assignee: String?
  public var createdAt: Timestamp
  public var firstResponseAt: Timestamp?
  public var messages: Int
  /// The ticket's clocks (for its countdowns).
  public var state: TicketState
  /// Masked but for its last two digits.
  public var phone: String?

  public init(
    id: Int64, subject: String, category: TicketCategory, priority: Priority, status: TicketStatus, customer: String,
    orderID: Int64?, assignee: String?, createdAt: Timestamp, firstResponseAt: Timestamp?, messages: Int, state: TicketState? = nil,
    phone: String? = nil
  ) {
    self.state = state ?? TicketState(id: id, status: status, priority: priority, createdAt: createdAt, firstResponseAt: firstResponseAt)
    self.phone = phone
    self.id = id
    self.subject = subject
    self.category = category
    self.priority = priority
    self.status = status
    self.customer = customer
    self.orderID = orderID
    self.assignee = assignee
    self.createdAt = createdAt
    self.firstResponseAt = firstResponseAt
    self.messages = messages
  }
}

/// One message of a ticket's conversation, its body opened.
public struct TicketMessage: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var direction: MessageDirection
  public var channel: Channel
  public var staff: String?
  public var body: String
  public var at: Timestamp

  public init(id: Int64, direction: MessageDirection, channel: Channel, staff: String?, body: String, at: Timestamp) {
    self.id = id
    self.direction = direction
    self.channel = channel
    self.staff = staff
    self.body = body
    self.at = at
  }
}

public struct TeamMember: Sendable, Equatable, Identifiable {
  public var id: Int64
  public var login: String
  public var fullName: String
  public var role: StaffRole
  public var active: Bool
  /// Handovers today (Douala time) and open tasks assigned.
  public var handoversToday: Int
  public var openTasks: Int
  public var lastActivity: Timestamp?
  /// The last 14 days' figures (TEAM PERFORMANCE in vgk-staff(1)), and efficiency day by day.
  public var performance: Performance?
  public var trend: [Double?]

  public init(
    id: Int64, login: String, fullName: String, role: StaffRole, active: Bool, handoversToday: Int, openTasks: Int,
    lastActivity: Timestamp?, performance: Performance? = nil, trend: [Double?] = []
  ) {
    self.performance = performance
    self.trend = trend
    self.id = id
    self.login = login
    self.fullName = fullName
    self.role = role
    self.active = active
    self.handoversToday = handoversToday
    self.openTasks = openTasks
    self.lastActivity = lastActivity
  }
}

/// The top bar's counters.
public struct AlertCounts: Sendable, Equatable {
  /// Open tasks past their SLA.
  public var slaBreaches: Int
  /// Products under their low-stock threshold.
  public var lowStock: Int
  /// Orders locked after wrong codes (for a while or until a supervisor unlocks them).
  public var lockedOrders: Int
  /// Labels in the print queue that no printer has taken yet.
  public var printsWaiting: Int
  /// Locations under a count still open, from any terminal: no console shows their quantities.
  public var counting: Set<String>

  public init(slaBreaches: Int = 0, lowStock: Int = 0, lockedOrders: Int = 0, printsWaiting: Int = 0, counting: Set<String> = []) {
    self.slaBreaches = slaBreaches
    self.lowStock = lowStock
    self.lockedOrders = lockedOrders
    self.printsWaiting = printsWaiting
    self.counting = counting
  }
}

/// The pickup point's name as the top bar shows it.
public struct PointHeader: Sendable, Equatable {
  public var code: String
  public var name: String
  /// A training database (its clock may be pinned): the top bar says so.
  public var training: Bool
  public init(code: String, name: String, training: Bool = false) {
    self.code = code
    self.name = name
    self.training = training
  }
}
