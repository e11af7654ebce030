/// The pickup rules: the order's life cycle, the hold period, the wrong-code lockout, and the
/// answers a clerk gets. Pure: the store reads the facts, asks these functions, and writes what
/// they say; `now` is always a parameter.
///
/// What a person at the counter can learn without the right pickup code is deliberately nothing:
/// a wrong code and an unknown order number get the same answer, and the lockout applies to
/// order numbers whether or not an order has that number (the store replays the scan log for
/// numbers it does not know), so even "locked" says nothing about whether an order exists. Only
/// the right code reveals the order's state (not ready yet, already handed over by whom and when,
/// returned, cancelled).

// MARK: - Life cycle

extension OrderStatus {
  /// The moves the life cycle allows: expected → received → ready (on a shelf) → picked up, or
  /// ready → returned when uncollected past the hold period; an order not yet handed over may be
  /// cancelled by the marketplace. Picked up, returned and cancelled are final.
  public func canMove(to next: OrderStatus) -> Bool {
    switch (self, next) {
    case (.expected, .received), (.received, .ready), (.ready, .pickedUp), (.ready, .returned): true
    case (.expected, .cancelled), (.received, .cancelled), (.ready, .cancelled): true
    default: false
    }
  }

  /// No move leaves these.
  public var isFinal: Bool { self == .pickedUp || self == .returned || self == .cancelled }
}

/// The point's pickup policy. The figures are the marketplace's; they are parameters so tests and a
/// future setting can vary them.
public struct PickupPolicy: Sendable, Equatable {
  /// Wrong codes in a row that lock an order number for `lockSeconds`.
  public var failuresBeforeLock: Int
  public var lockSeconds: Int64
  /// Wrong codes over an order number's whole life that lock it until a supervisor unlocks it.
  public var lifetimeFailuresBeforeSupervisorLock: Int
  /// How long a verified code stays good for the clerk's confirmation.
  public var verificationSeconds: Int64
  /// Days a ready parcel waits on its shelf before it goes back to the seller.
  public var holdDays: Int64

  public init(
    failuresBeforeLock: Int = 5, lockSeconds: Int64 = 30 * 60, lifetimeFailuresBeforeSupervisorLock: Int = 10,
    verificationSeconds: Int64 = 15 * 60, holdDays: Int64 = 7
  ) {
    self.failuresBeforeLock = failuresBeforeLock
    self.lockSeconds = lockSeconds
    self.lifetimeFailuresBeforeSupervisorLock = lifetimeFailuresBeforeSupervisorLock
    self.verificationSeconds = verificationSeconds
    self.holdDays = holdDays
  }

  public static let standard = PickupPolicy()

  /// The shortest and longest hold a point may set (`hold_days`).
  public static let holdDaysRange: ClosedRange<Int64> = 1...90

  /// The hold period from the `hold_days` setting: the default (7) when absent, a reason when the
  /// value is not a whole number of days in `holdDaysRange`.
  public static func holdDays(setting: String?) -> Result<Int64, FieldError> {
    guard let setting else { return .success(standard.holdDays) }
    guard let days = Int64(setting), holdDaysRange.contains(days) else {
      return .failure(
        .init(.holdDaysInvalid, .text(setting), .count(holdDaysRange.lowerBound), .count(holdDaysRange.upperBound)))
    }
    return .success(days)
  }

  /// When a parcel made ready at `readyAt` stops being held: the end of its last day of hold.
  public func holdUntil(readyAt: Timestamp) -> Timestamp { readyAt + holdDays * 86400 }
}

/// Whether `status` and `holdUntil` say the parcel's hold is over at `now`: it is ready and was
/// not collected by `holdUntil` (collecting at `holdUntil` itself is still in time).
public func isPastHold(status: OrderStatus, holdUntil: Timestamp?, now: Timestamp) -> Bool {
  guard status == .ready, let holdUntil else { return false }
  return holdUntil < now
}

// MARK: - Lockout

/// Why an order number does not take codes at the moment.
public enum OrderLock: Equatable, Sendable {
  /// After `failuresBeforeLock` wrong codes in a row, until this time.
  case until(Timestamp)
  /// After `lifetimeFailuresBeforeSupervisorLock` wrong codes in all, until a supervisor unlocks it.
  case supervisor
}

/// The wrong-code counters of one order number (the `orders` columns of the same names).
///
/// Rules, in the order they apply to an attempt:
/// - While locked, attempts are refused and not counted, right code or wrong (so a lock cannot
///   be used to test codes, and cannot be pushed towards the supervisor lock faster).
/// - A wrong code counts once in `failed` and once in `lifetimeFailed`. When a 30-minute lock has
///   run out, `failed` starts again from 0 at the next attempt (the lifetime count never does).
/// - The `failuresBeforeLock`-th wrong code in a row locks for `lockSeconds`; the
///   `lifetimeFailuresBeforeSupervisorLock`-th in all locks until a supervisor unlocks.
/// - The right code (while not locked) sets `failed` back to 0.
/// - A supervisor's unlock clears both locks and `failed`, not `lifetimeFailed`: after ten wrong
///   codes, each further wrong code locks for a supervisor again.
public struct CodeAttempts: Equatable, Sendable {
  public var failed: Int
  public var lifetimeFailed: Int
  public var lockedUntil: Timestamp?
  public var lockedForSupervisor: Bool

  public init(failed: Int = 0, lifetimeFailed: Int = 0, lockedUntil: Timestamp? = nil, lockedForSupervisor: Bool = false) {
    self.failed = failed
    self.lifetimeFailed = lifetimeFailed
    self.lockedUntil = lockedUntil
    self.lockedForSupervisor = lockedForSupervisor
  }

  public static let none = CodeAttempts()

  /// The lock in force at `now`, if any.
  public func lock(at now: Timestamp) -> OrderLock? {
    if lockedForSupervisor { return .supervisor }
    if let lockedUntil, now < lockedUntil { return .until(lockedUntil) }
    return nil
  }

  /// The counters as they stand at `now`: a 30-minute lock that has run out is gone, with the
  /// run of wrong codes that caused it.
  public func current(at now: Timestamp) -> CodeAttempts {
    var s = self
    if !s.lockedForSupervisor, let until = s.lockedUntil, until <= now {
      s.failed = 0
      s.lockedUntil = nil
    }
    return s
  }

  /// After a wrong code at `now` (the caller has checked there is no lock).
  public func afterFailure(at now: Timestamp, policy: PickupPolicy) -> CodeAttempts {
    var s = current(at: now)
    s.failed += 1
    s.lifetimeFailed += 1
    if s.lifetimeFailed >= policy.lifetimeFailuresBeforeSupervisorLock {
      s.lockedForSupervisor = true
      s.lockedUntil = nil
    } else if s.failed >= policy.failuresBeforeLock {
      s.lockedUntil = now + policy.lockSeconds
    }
    return s
  }

  /// After the right code (the caller has checked there is no lock).
  public func afterSuccess(at now: Timestamp) -> CodeAttempts {
    var s = current(at: now)
    s.failed = 0
    s.lockedUntil = nil
    return s
  }

  /// After a supervisor's unlock.
  public func unlocked() -> CodeAttempts {
    CodeAttempts(failed: 0, lifetimeFailed: lifetimeFailed, lockedUntil: nil, lockedForSupervisor: false)
  }

  /// Wrong codes still possible at `now` before a lock, and which lock the last of them brings.
  public func remaining(at now: Timestamp, policy: PickupPolicy) -> (tries: Int, lock: NextLock) {
    let s = current(at: now)
    let window = policy.failuresBeforeLock - s.failed
    let lifetime = policy.lifetimeFailuresBeforeSupervisorLock - s.lifetimeFailed
    return lifetime <= window ? (max(0, lifetime), .supervisor) : (max(0, window), .timed(policy.lockSeconds))
  }

  /// The counters of an order number that has only ever had wrong codes, at these times (each
  /// one counted when it happened): how the store knows the lock of a number no order has.
  public static func replaying(failures: [Timestamp], policy: PickupPolicy) -> CodeAttempts {
    failures.reduce(CodeAttempts.none) { $0.afterFailure(at: $1, policy: policy) }
  }
}

/// The lock that the last remaining wrong code would bring.
public enum NextLock: Equatable, Sendable {
  case timed(Int64)
  case supervisor
}

// MARK: - Answers

/// A handover that already happened: who, when, where.
public struct HandoverFacts: Equatable, Sendable {
  public var staffLogin: String?
  public var staffName: String?
  public var terminal: String?
  public var at: Timestamp

  public init(staffLogin: String?, staffName: String?, terminal: String?, at: Timestamp) {
    self.staffLogin = staffLogin
    self.staffName = staffName
    self.terminal = terminal
    self.at = at
  }

  /// "Amina Njoya (amina.n)", the name or the login alone when only one is known; nil for neither.
  public var who: String? {
    switch (staffName, staffLogin) {
    case (let name?, let login?): "\(name) (\(login))"
    case (let name?, nil): name
    case (nil, let login?): login
    case (nil, nil): nil
    }
  }

  /// "Amina Njoya (amina.n) on 2026-11-20 10:31 at counter-1".
  public var phrase: String { phraseMessage.text(.en) }

  /// Who, when and where, in any language ("… le 20/11/2026 10:31 au poste counter-1").
  public var phraseMessage: Message {
    let who: MessageArg = self.who.map { .text($0) } ?? .message(Message(.handoverUnrecordedStaff))
    if let terminal, !terminal.isEmpty { return Message(.handoverWhoWhenWhere, who, .time(at), .text(terminal)) }
    return Message(.handoverWhoWhen, who, .time(at))
  }
}

/// What the pickup rules know about one order when a code for it is scanned or confirmed.
public struct PickupFacts: Equatable, Sendable {
  public var orderID: Int64
  public var status: OrderStatus
  public var holdUntil: Timestamp?
  /// The time of the last change of status (returned, cancelled).
  public var updatedAt: Timestamp
  public var attempts: CodeAttempts
  public var handover: HandoverFacts?

  public init(
    orderID: Int64, status: OrderStatus, holdUntil: Timestamp?, updatedAt: Timestamp, attempts: CodeAttempts,
    handover: HandoverFacts?
  ) {
    self.orderID = orderID
    self.status = status
    self.holdUntil = holdUntil
    self.updatedAt = updatedAt
    self.attempts = attempts
    self.handover = handover
  }
}

/// Why an order is not handed over, in words for the counter.
public struct PickupRefusal: Error, Equatable, Sendable, CustomStringConvertible {
  public var orderID: Int64
  public var reason: Reason

  public init(orderID: Int64, _ reason: Reason) {
    self.orderID = orderID
    self.reason = reason
  }

  public enum Reason: Equatable, Sendable {
    /// A wrong code or an order number no order has: one answer for both. `tries` wrong codes
    /// remain before `next`; `lockedNow` when this very code brought a lock.
    case codeNotAccepted(tries: Int, next: NextLock, lockedNow: OrderLock?)
    case locked(OrderLock)
    case alreadyPickedUp(HandoverFacts)
    /// Expected (not at the point yet) or received (not on a shelf yet).
    case notReady(OrderStatus)
    case returned(at: Timestamp)
    case cancelled(at: Timestamp)
    /// Ready, but its hold ran out before this scan; `orders expire` returns it.
    case holdExpired(holdUntil: Timestamp)
    /// Confirmation without a fresh verification of this order's code by the right code.
    case notVerified(Message)
    /// The account may not hand orders over (supervisors).
    case notAllowed(Message)
    /// The stock on the order's shelf does not cover its items (the ledger refused the PICK).
    case stock(Message)
  }

  /// The word stored in `scans.outcome` and printed in `--json`.
  public var outcome: String {
    switch reason {
    case .codeNotAccepted: "code_refused"
    case .locked: "locked"
    case .alreadyPickedUp: "already_picked_up"
    case .notReady: "not_ready"
    case .returned: "returned"
    case .cancelled: "cancelled"
    case .holdExpired: "hold_expired"
    case .notVerified: "not_verified"
    case .notAllowed: "not_allowed"
    case .stock: "stock_mismatch"
    }
  }

  /// The refusal in English, as the scan log's `reason` and `--json` write it.
  public var description: String { message.text(.en) }

  /// The refusal with its facts (tries left, the lock's end, who handed the order over), to be
  /// put into words in the reader's language.
  public var message: Message {
    let order = MessageArg.id(orderID)
    switch reason {
    case .codeNotAccepted(let tries, let next, let lockedNow):
      switch lockedNow {
      case .until(let t)?: return Message(.pickupCodeLockedUntil, order, .time(t))
      case .supervisor?: return Message(.pickupCodeLockedForSupervisor, order)
      case nil:
        switch next {
        case .timed(let s): return Message(.pickupCodeTriesTimed, .count(Int64(tries)), order, .count(s / 60))
        case .supervisor: return Message(.pickupCodeTriesSupervisor, .count(Int64(tries)), order)
        }
      }
    case .locked(.until(let t)): return Message(.pickupLockedUntil, order, .time(t))
    case .locked(.supervisor): return Message(.pickupLockedForSupervisor, order)
    case .alreadyPickedUp(let h): return Message(.pickupAlreadyHandedOver, order, .message(h.phraseMessage))
    case .notReady(let status):
      switch status {
      case .expected: return Message(.pickupNotHereYet, order)
      default: return Message(.pickupNotOnShelf, order, .word(.orderStatus, status.rawValue))
      }
    case .returned(let at): return Message(.pickupReturned, order, .time(at))
    case .cancelled(let at): return Message(.pickupCancelled, order, .time(at))
    case .holdExpired(let until): return Message(.pickupHoldExpired, order, .time(until))
    case .notVerified(let why): return Message(.pickupNotConfirmed, .message(why))
    case .notAllowed(let why): return Message(.pickupNotAllowed, .message(why))
    case .stock(let why): return Message(.pickupStock, .message(why))
    }
  }
}

/// The answer to one scanned order code.
public struct PickupVerdict: Equatable, Sendable {
  /// Nil when the code is right and the order may be handed over.
  public var refusal: PickupRefusal?
  /// The counters after this attempt (unchanged when the attempt did not count).
  public var attempts: CodeAttempts
  /// True when this attempt counted as a wrong code.
  public var countedFailure: Bool
}

public enum Pickup {
  /// Judges one scanned code. `order` is nil for an order number no order has, whose counters
  /// `unknownAttempts` the store rebuilt from the scan log; `codeMatches` is false for those.
  /// The checks run in this order: lock, code, then the order's state, so nothing about the
  /// order is said before the right code is shown.
  public static func verify(
    orderID: Int64, order: PickupFacts?, unknownAttempts: CodeAttempts = .none, codeMatches: Bool, now: Timestamp,
    policy: PickupPolicy = .standard
  ) -> PickupVerdict {
    let before = order?.attempts ?? unknownAttempts
    if let lock = before.lock(at: now) {
      return PickupVerdict(refusal: PickupRefusal(orderID: orderID, .locked(lock)), attempts: before, countedFailure: false)
    }
    guard let order, codeMatches else {
      let after = before.afterFailure(at: now, policy: policy)
      let left = after.remaining(at: now, policy: policy)
      return PickupVerdict(
        refusal: PickupRefusal(
          orderID: orderID, .codeNotAccepted(tries: left.tries, next: left.lock, lockedNow: after.lock(at: now))),
        attempts: after, countedFailure: true)
    }
    let after = before.afterSuccess(at: now)
    return PickupVerdict(
      refusal: handOverRefusal(order, now: now).map { PickupRefusal(orderID: orderID, $0) }, attempts: after,
      countedFailure: false)
  }

  /// Why an order whose code was right cannot be handed over at `now`, or nil when it can.
  public static func handOverRefusal(_ order: PickupFacts, now: Timestamp) -> PickupRefusal.Reason? {
    switch order.status {
    case .pickedUp:
      return .alreadyPickedUp(
        order.handover ?? HandoverFacts(staffLogin: nil, staffName: nil, terminal: nil, at: order.updatedAt))
    case .expected, .received: return .notReady(order.status)
    case .returned: return .returned(at: order.updatedAt)
    case .cancelled: return .cancelled(at: order.updatedAt)
    case .ready:
      if let until = order.holdUntil, isPastHold(status: .ready, holdUntil: until, now: now) {
        return .holdExpired(holdUntil: until)
      }
      return nil
    }
  }

  /// A customer's name as the counter shows it: each word's first letter and three stars
  /// ("Marie Ngono" → "M*** N***"), so the clerk can match it against an ID card without the
  /// screen showing a full name to whoever stands at the counter.
  public static func maskedName(_ name: String) -> String {
    let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard !words.isEmpty else { return "***" }
    return words.compactMap { $0.first.map { "\($0)***" } }.joined(separator: " ")
  }
}

// MARK: - The scan log

extension ScanPayload {
  /// The one rule for what may be stored or shown of a scan: a pickup code never, right or wrong,
  /// well formed or not.
  ///
  /// - A well-formed `ORDER` payload keeps its order id: `ORDER:{id}:***`.
  /// - A well-formed `PRODUCT` or `INVENTORY` payload holds no code: it is kept as it is.
  /// - Anything else might hold a code in any shape (other separators, spaces, a homoglyph, a
  ///   keyboard layout's garbling), so only what cannot be one is kept: a kind's keyword at its
  ///   start (any letter case, after ASCII punctuation or spaces), then a number of 1 to 12
  ///   digits that stands alone after it; everything else becomes ` ***`. Text that does not
  ///   start with a kind's keyword is `***` whole.
  ///
  /// The result is printable ASCII, at most 30 characters.
  public static func logged(_ bytes: [UInt8]) -> String {
    if case .success(let payload) = parse(bytes) { return logged(payload) }
    guard !bytes.isEmpty else { return "" }
    var i = bytes.startIndex
    while i < bytes.endIndex, isASCIISeparator(bytes[i]) { i += 1 }
    let upper = bytes[i...].prefix(9).map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }
    guard let kind = PayloadKind.allCases.first(where: { upper.starts(with: $0.rawValue.utf8) }) else { return masked }
    var kept = kind.rawValue
    i += kind.rawValue.utf8.count
    var separators = bytes[i...].prefix(while: isASCIISeparator)
    if separators.count > 3 || separators.contains(0x20) { separators = [0x20] }
    let digitsStart = i + bytes[i...].prefix(while: isASCIISeparator).count
    let digits = bytes[digitsStart...].prefix { $0 >= 0x30 && $0 <= 0x39 }
    let end = digitsStart + digits.count
    // The number is kept only when nothing code-like is glued to it (a code may start with digits).
    let standsAlone = end == bytes.endIndex || isASCIISeparator(bytes[end]) || (bytes[end] < 0x80 && !isASCIIAlphanumeric(bytes[end]))
    if !separators.isEmpty, (1...12).contains(digits.count), standsAlone {
      kept += String(decoding: separators, as: UTF8.self) + String(decoding: digits, as: UTF8.self)
      i = end
    }
    return i == bytes.endIndex ? kept : kept + " " + masked
  }

  /// A well-formed payload as the scan log holds it: an order's code as `***`.
  public static func logged(_ payload: ScanPayload) -> String {
    if case .order(let id, _) = payload { return "ORDER:\(id):***" }
    return payload.text
  }

  /// What stands for text that may hold a pickup code.
  public static let masked = "***"

  /// Printable ASCII that is neither a letter nor a digit, or a space: what separates the fields of
  /// a payload, well formed or not.
  private static func isASCIISeparator(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte <= 0x7E && !isASCIIAlphanumeric(byte)
  }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}
