/// Customer-service tickets, pure: their life (new → open → waiting for the customer → resolved
/// → closed, reopened when needed), their targets and the service figures. `now` is a parameter.

/// How soon a ticket must get its first answer and its resolution, per priority. The clock
/// stops while the ticket waits for the customer. Config: `ticket_response` and
/// `ticket_resolution`, four durations each (URGENT HIGH MEDIUM LOW).
public struct TicketTargets: Sendable, Equatable {
  public var response: [Priority: Int64]
  public var resolution: [Priority: Int64]

  public init(response: [Priority: Int64], resolution: [Priority: Int64]) {
    self.response = response
    self.resolution = resolution
  }

  public static let standard = TicketTargets(
    response: [.urgent: 3600, .high: 4 * 3600, .medium: 8 * 3600, .low: 24 * 3600],
    resolution: [.urgent: 8 * 3600, .high: 24 * 3600, .medium: 72 * 3600, .low: 120 * 3600])

  public func response(_ p: Priority) -> Int64 { response[p] ?? Self.standard.response[p] ?? 86400 }
  public func resolution(_ p: Priority) -> Int64 { resolution[p] ?? Self.standard.resolution[p] ?? 5 * 86400 }

  /// Four durations (`1h 4h 8h 1d`), for URGENT, HIGH, MEDIUM and LOW.
  public static func durations(_ text: String) -> Result<[Priority: Int64], FieldError> {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard parts.count == 4 else {
      return .failure(FieldError(.ticketTargetsCount, .count(Int64(parts.count))))
    }
    var out: [Priority: Int64] = [:]
    for (p, part) in zip(Priority.allCases, parts) {
      switch SLAPolicy.duration(String(part)) {
      case .success(let s): out[p] = s
      case .failure(let e): return .failure(FieldError(.prefixed, .text(p.rawValue), .message(e.reason)))
      }
    }
    return .success(out)
  }
}

/// A ticket's state, as the rules need it.
public struct TicketState: Sendable, Equatable {
  public var id: Int64
  public var status: TicketStatus
  public var priority: Priority
  public var createdAt: Timestamp
  public var firstResponseAt: Timestamp?
  public var resolvedAt: Timestamp?
  public var closedAt: Timestamp?
  public var reopenCount: Int
  public var pausedSeconds: Int64
  public var waitingSince: Timestamp?
  public var rating: Int?

  public init(
    id: Int64, status: TicketStatus, priority: Priority, createdAt: Timestamp, firstResponseAt: Timestamp? = nil,
    resolvedAt: Timestamp? = nil, closedAt: Timestamp? = nil, reopenCount: Int = 0, pausedSeconds: Int64 = 0,
    waitingSince: Timestamp? = nil, rating: Int? = nil
  ) {
    self.id = id
    self.status = status
    self.priority = priority
    self.createdAt = createdAt
    self.firstResponseAt = firstResponseAt
    self.resolvedAt = resolvedAt
    self.closedAt = closedAt
    self.reopenCount = reopenCount
    self.pausedSeconds = pausedSeconds
    self.waitingSince = waitingSince
    self.rating = rating
  }

  public var isOpen: Bool { status == .new || status == .open || status == .waitingCustomer }

  /// Time waited for the customer by `now` (the finished waits and the current one).
  public func paused(at now: Timestamp) -> Int64 {
    pausedSeconds + (status == .waitingCustomer ? max(0, now - (waitingSince ?? now)) : 0)
  }

  /// Seconds left to answer first (nil once answered).
  public func responseLeft(at now: Timestamp, targets: TicketTargets) -> Int64? {
    guard firstResponseAt == nil, isOpen else { return nil }
    return createdAt + targets.response(priority) + paused(at: now) - now
  }

  /// Seconds left to resolve (nil once resolved); frozen while waiting for the customer.
  public func resolutionLeft(at now: Timestamp, targets: TicketTargets) -> Int64? {
    guard isOpen else { return nil }
    return createdAt + targets.resolution(priority) + paused(at: now) - now
  }
}

/// What happens to a ticket.
public enum TicketEvent: Sendable, Equatable {
  /// A message to the customer (the first one is the first response); `waiting` when it asks them
  /// something: the clock stops until they answer.
  case replied(waiting: Bool)
  /// The customer wrote, called or came back: a ticket waiting for them is open again.
  case customerWrote
  /// An internal note: nothing changes.
  case noted
  case resolved
  /// Closed, with the customer's rating (1 to 5) if they gave one.
  case closed(rating: Int?)
  case reopened
  /// The status set by hand: open or waiting for the customer.
  case set(TicketStatus)
  case rated(Int)
}

public struct TicketRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  public var reason: Message
  public init(_ reason: Message) { self.reason = reason }
  public init(_ code: MessageCode, _ args: MessageArg...) { self.reason = Message(code, args: args) }
  public var description: String { reason.description }
}

extension TicketState {
  public func applying(_ event: TicketEvent, now: Timestamp) -> Result<TicketState, TicketRefusal> {
    let label = MessageArg.id(id)
    let now_ = MessageArg.word(.ticketStatus, status.rawValue)
    var t = self
    func endWait() {
      if t.status == .waitingCustomer {
        t.pausedSeconds = t.paused(at: now)
        t.waitingSince = nil
      }
    }
    switch event {
    case .replied(let waiting):
      guard isOpen else { return .failure(TicketRefusal(.ticketReopenToWrite, label, now_)) }
      t.firstResponseAt = firstResponseAt ?? now
      if waiting {
        if status != .waitingCustomer { t.waitingSince = now }
        t.status = .waitingCustomer
      } else {
        endWait()
        t.status = .open
      }
    case .customerWrote:
      guard isOpen else { return .failure(TicketRefusal(.ticketReopenFirst, label, now_)) }
      endWait()
      if t.status == .waitingCustomer { t.status = .open }
    case .noted:
      break
    case .resolved:
      guard isOpen else { return .failure(TicketRefusal(.ticketAlready, label, now_)) }
      endWait()
      t.status = .resolved
      t.resolvedAt = now
    case .closed(let rating):
      guard status != .closed else { return .failure(TicketRefusal(.ticketAlreadyClosed, label)) }
      if let r = rating, !(1...5).contains(r) { return .failure(TicketRefusal(.ticketRatingRange, .count(Int64(r)))) }
      endWait()
      t.resolvedAt = resolvedAt ?? now
      t.status = .closed
      t.closedAt = now
      if let rating { t.rating = rating }
    case .reopened:
      guard status == .resolved || status == .closed else { return .failure(TicketRefusal(.ticketNotResolved, label, now_)) }
      // The time it stood resolved was nobody's to work: it counts as paused.
      t.pausedSeconds += max(0, now - (resolvedAt ?? now))
      t.status = .open
      t.resolvedAt = nil
      t.closedAt = nil
      t.reopenCount += 1
    case .set(let s):
      guard isOpen else { return .failure(TicketRefusal(.ticketReopenFirst, label, now_)) }
      guard s == .open || s == .waitingCustomer else {
        return .failure(TicketRefusal(.ticketSetByHand))
      }
      guard s != status else { return .failure(TicketRefusal(.ticketAlready, label, .word(.ticketStatus, s.rawValue))) }
      if s == .waitingCustomer {
        t.waitingSince = now
      } else {
        endWait()
      }
      t.status = s
    case .rated(let r):
      guard (1...5).contains(r) else { return .failure(TicketRefusal(.ticketRatingRange, .count(Int64(r)))) }
      guard status == .closed || status == .resolved else { return .failure(TicketRefusal(.ticketRatedWhen, label)) }
      t.rating = r
    }
    return .success(t)
  }
}

/// Service figures over a set of tickets (a staff member's, a point's) and a period.
public struct ServiceMetrics: Sendable, Equatable {
  /// Tickets opened in the period.
  public var opened: Int
  /// Tickets resolved in the period.
  public var resolved: Int
  /// Median seconds to the first response (of the tickets answered in the period).
  public var medianFirstResponse: Int64?
  /// Median seconds to resolution, time waiting for the customer left out.
  public var medianResolution: Int64?
  /// Share of the resolved tickets resolved within their target.
  public var withinTarget: Double?
  /// Share of the resolved tickets that had been reopened.
  public var reopenRate: Double?
  public var meanRating: Double?

  public static func compute(_ tickets: [TicketState], from: Timestamp, to: Timestamp, targets: TicketTargets) -> ServiceMetrics {
    func inPeriod(_ t: Timestamp?) -> Bool { t.map { $0 >= from && $0 <= to } ?? false }
    func median(_ v: [Int64]) -> Int64? {
      guard !v.isEmpty else { return nil }
      let s = v.sorted()
      return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    let answered = tickets.filter { inPeriod($0.firstResponseAt) }
    let resolved = tickets.filter { inPeriod($0.resolvedAt) }
    let durations = resolved.compactMap { t in t.resolvedAt.map { $0 - t.createdAt - t.pausedSeconds } }
    let within = resolved.filter { t in
      (t.resolvedAt.map { $0 - t.createdAt - t.pausedSeconds } ?? Int64.max) <= targets.resolution(t.priority)
    }
    let ratings = tickets.filter { inPeriod($0.closedAt) }.compactMap(\.rating)
    return ServiceMetrics(
      opened: tickets.filter { inPeriod($0.createdAt) }.count, resolved: resolved.count,
      medianFirstResponse: median(answered.compactMap { t in t.firstResponseAt.map { $0 - t.createdAt } }),
      medianResolution: median(durations),
      withinTarget: resolved.isEmpty ? nil : Double(within.count) / Double(resolved.count),
      reopenRate: resolved.isEmpty ? nil : Double(resolved.filter { $0.reopenCount > 0 }.count) / Double(resolved.count),
      meanRating: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count))
  }
}
