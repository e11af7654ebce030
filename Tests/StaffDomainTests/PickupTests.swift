import Testing

@testable import StaffDomain

private func - (t: Timestamp, s: Int64) -> Timestamp { t + -s }

@Suite struct PickupTests {
  let t0 = Timestamp(seconds: 1_795_681_800)  // 2026-11-26T09:30:00+01:00
  let policy = PickupPolicy.standard

  func ready(_ attempts: CodeAttempts = .none, holdUntil: Timestamp? = nil) -> PickupFacts {
    PickupFacts(
      orderID: 1042, status: .ready, holdUntil: holdUntil ?? t0 + 7 * 86400, updatedAt: t0 - 3600, attempts: attempts,
      handover: nil)
  }

  @Test func theLifeCycleMovesOnlyForward() {
    let allowed: Set<String> = [
      "expected>received", "received>ready", "ready>picked_up", "ready>returned", "expected>cancelled",
      "received>cancelled", "ready>cancelled",
    ]
    for from in OrderStatus.allCases {
      for to in OrderStatus.allCases {
        #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) -> \(to)")
      }
    }
    #expect(OrderStatus.allCases.filter(\.isFinal) == [.pickedUp, .returned, .cancelled])
  }

  @Test func theHoldPeriodComesFromTheSettingAndEndsAfterItsLastSecond() throws {
    #expect(try PickupPolicy.holdDays(setting: nil).get() == 7)
    #expect(try PickupPolicy.holdDays(setting: "3").get() == 3)
    for bad in ["0", "91", "-1", "7 days", "", "1e3"] {
      #expect(throws: FieldError.self, "\(bad)") { try PickupPolicy.holdDays(setting: bad).get() }
    }
    let until = PickupPolicy(holdDays: 7).holdUntil(readyAt: t0)
    #expect(until == t0 + 604_800)
    #expect(!isPastHold(status: .ready, holdUntil: until, now: until))
    #expect(isPastHold(status: .ready, holdUntil: until, now: until + 1))
    #expect(!isPastHold(status: .received, holdUntil: until, now: until + 1))
    #expect(!isPastHold(status: .ready, holdUntil: nil, now: until + 1))
  }

  @Test func fiveWrongCodesLockForThirtyMinutesThenTheRunStartsAgain() {
    var a = CodeAttempts.none
    for n in 1...4 {
      a = a.afterFailure(at: t0 + Int64(n), policy: policy)
      #expect(a.lock(at: t0 + Int64(n)) == nil)
      #expect(a.remaining(at: t0 + Int64(n), policy: policy).tries == 5 - n)
    }
    a = a.afterFailure(at: t0 + 5, policy: policy)
    #expect(a == CodeAttempts(failed: 5, lifetimeFailed: 5, lockedUntil: t0 + 5 + 1800))
    #expect(a.lock(at: t0 + 5 + 1799) == .until(t0 + 1805))
    #expect(a.lock(at: t0 + 5 + 1800) == nil)
    // After the lock, the run starts from zero: four more wrong codes do not lock...
    var b = a
    for n in 1...4 { b = b.afterFailure(at: t0 + 2000 + Int64(n), policy: policy) }
    #expect(b.failed == 4 && b.lifetimeFailed == 9 && b.lock(at: t0 + 2004) == nil)
    // ...and the tenth in all locks until a supervisor unlocks, whatever the time.
    let left = b.remaining(at: t0 + 2004, policy: policy)
    #expect(left.tries == 1 && left.lock == .supervisor)
    b = b.afterFailure(at: t0 + 2005, policy: policy)
    #expect(b.lock(at: t0 + 2005) == .supervisor)
    #expect(b.lock(at: t0 + 365 * 86400) == .supervisor)
    // The unlock clears the run and the lock but keeps the lifetime count: the next wrong code locks again.
    let u = b.unlocked()
    #expect(u == CodeAttempts(failed: 0, lifetimeFailed: 10))
    #expect(u.lock(at: t0 + 3000) == nil)
    #expect(u.afterFailure(at: t0 + 3001, policy: policy).lock(at: t0 + 3001) == .supervisor)
  }

  @Test func theRightCodeResetsTheRunButNotTheLifetimeCount() {
    var a = CodeAttempts.none
    for n in 1...4 { a = a.afterFailure(at: t0 + Int64(n), policy: policy) }
    a = a.afterSuccess(at: t0 + 10)
    #expect(a == CodeAttempts(failed: 0, lifetimeFailed: 4))
    for n in 1...4 { a = a.afterFailure(at: t0 + 10 + Int64(n), policy: policy) }
    #expect(a.lock(at: t0 + 14) == nil)
  }

  @Test func aLockedOrderRefusesEvenTheRightCodeAndDoesNotCount() {
    let locked = CodeAttempts(failed: 5, lifetimeFailed: 5, lockedUntil: t0 + 600)
    for matches in [true, false] {
      let v = Pickup.verify(orderID: 1042, order: ready(locked), codeMatches: matches, now: t0)
      #expect(v.refusal == PickupRefusal(orderID: 1042, .locked(.until(t0 + 600))))
      #expect(v.attempts == locked && !v.countedFailure)
    }
    // Once the lock has run out, the right code goes through and clears the run.
    let v = Pickup.verify(orderID: 1042, order: ready(locked), codeMatches: true, now: t0 + 600)
    #expect(v.refusal == nil)
    #expect(v.attempts == CodeAttempts(failed: 0, lifetimeFailed: 5))
  }

  @Test func aWrongCodeAndAnUnknownOrderGetTheSameAnswer() {
    var known = Pickup.verify(orderID: 1042, order: ready(), codeMatches: false, now: t0)
    var unknown = Pickup.verify(orderID: 1042, order: nil, codeMatches: false, now: t0)
    // `codeMatches` cannot make an unknown order pass.
    #expect(Pickup.verify(orderID: 1042, order: nil, codeMatches: true, now: t0) == unknown)
    #expect(known == unknown)
    #expect(known.refusal?.description == unknown.refusal?.description)
    #expect(known.countedFailure)
    // ...all the way to the lock: the unknown number's counters are replayed from its failures.
    var failures: [Timestamp] = [t0]
    for n in 1...4 {
      let now = t0 + Int64(n)
      known = Pickup.verify(orderID: 1042, order: ready(known.attempts), codeMatches: false, now: now)
      unknown = Pickup.verify(
        orderID: 1042, order: nil, unknownAttempts: CodeAttempts.replaying(failures: failures, policy: policy),
        codeMatches: false, now: now)
      failures.append(now)
      #expect(known == unknown, "attempt \(n + 1)")
    }
    #expect(known.refusal?.reason == .codeNotAccepted(tries: 0, next: .timed(1800), lockedNow: .until(t0 + 4 + 1800)))
    let lockedKnown = Pickup.verify(orderID: 1042, order: ready(known.attempts), codeMatches: true, now: t0 + 60)
    let lockedUnknown = Pickup.verify(
      orderID: 1042, order: nil, unknownAttempts: CodeAttempts.replaying(failures: failures, policy: policy),
      codeMatches: false, now: t0 + 60)
    #expect(lockedKnown.refusal == lockedUnknown.refusal)
    #expect(lockedKnown.refusal?.reason == .locked(.until(t0 + 1804)))
  }

  @Test func onlyTheRightCodeRevealsTheOrdersState() {
    let by = HandoverFacts(staffLogin: "amina.n", staffName: "Amina Njoya", terminal: "counter-1", at: t0 - 600)
    let cases: [(PickupFacts, PickupRefusal.Reason?)] = [
      (ready(), nil),
      (PickupFacts(orderID: 1042, status: .pickedUp, holdUntil: nil, updatedAt: t0 - 600, attempts: .none, handover: by), .alreadyPickedUp(by)),
      (PickupFacts(orderID: 1042, status: .expected, holdUntil: nil, updatedAt: t0, attempts: .none, handover: nil), .notReady(.expected)),
      (PickupFacts(orderID: 1042, status: .received, holdUntil: nil, updatedAt: t0, attempts: .none, handover: nil), .notReady(.received)),
      (PickupFacts(orderID: 1042, status: .returned, holdUntil: nil, updatedAt: t0 - 5, attempts: .none, handover: nil), .returned(at: t0 - 5)),
      (PickupFacts(orderID: 1042, status: .cancelled, holdUntil: nil, updatedAt: t0 - 9, attempts: .none, handover: nil), .cancelled(at: t0 - 9)),
      (ready(holdUntil: t0 - 1), .holdExpired(holdUntil: t0 - 1)),
    ]
    var texts = Set<String>()
    for (facts, expected) in cases {
      #expect(Pickup.verify(orderID: 1042, order: facts, codeMatches: true, now: t0).refusal?.reason == expected)
      let wrong = Pickup.verify(orderID: 1042, order: facts, codeMatches: false, now: t0)
      #expect(wrong.refusal == Pickup.verify(orderID: 1042, order: nil, codeMatches: false, now: t0).refusal)
      if let expected { texts.insert(PickupRefusal(orderID: 1042, expected).description) }
    }
    #expect(texts.count == cases.count - 1)
    #expect(
      PickupRefusal(orderID: 1042, .alreadyPickedUp(by)).description
        == "Already handed over: order 1042 was handed over by Amina Njoya (amina.n) on 2026-11-26 09:20 at counter-1. Do not hand anything over.")
  }

  @Test func refusalsReadWellAtTheCounter() {
    let r = { (reason: PickupRefusal.Reason) in PickupRefusal(orderID: 7, reason).description }
    #expect(
      r(.codeNotAccepted(tries: 4, next: .timed(1800), lockedNow: nil))
        == "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: 4 more wrong codes lock order number 7 for 30 minutes.")
    #expect(r(.codeNotAccepted(tries: 1, next: .supervisor, lockedNow: nil)).hasSuffix("1 more wrong code locks order number 7 until a supervisor unlocks it."))
    #expect(r(.codeNotAccepted(tries: 0, next: .supervisor, lockedNow: .supervisor)).hasSuffix("is now locked until a supervisor unlocks it (too many wrong codes)."))
    #expect(r(.locked(.until(t0))) == "Order number 7 is locked after repeated wrong codes until 2026-11-26 09:30: try again then, or ask a supervisor to unlock it.")
    #expect(r(.locked(.supervisor)).contains("vgk-staff orders unlock 7"))
    #expect(r(.notReady(.expected)) == "Not here yet: order 7 has not arrived at the point.")
    #expect(r(.notReady(.received)).hasPrefix("Not ready yet: order 7 has arrived but is not on a shelf yet"))
    let outcomes: [PickupRefusal.Reason] = [
      .codeNotAccepted(tries: 1, next: .supervisor, lockedNow: nil), .locked(.supervisor),
      .alreadyPickedUp(HandoverFacts(staffLogin: nil, staffName: nil, terminal: nil, at: t0)), .notReady(.expected),
      .returned(at: t0), .cancelled(at: t0), .holdExpired(holdUntil: t0), .notVerified(Message(.payloadEmpty)), .notAllowed(Message(.payloadEmpty)), .stock(Message(.payloadEmpty)),
    ]
    #expect(Set(outcomes.map { PickupRefusal(orderID: 1, $0).outcome }).count == outcomes.count)
    #expect(HandoverFacts(staffLogin: nil, staffName: nil, terminal: nil, at: t0).phrase == "an unrecorded staff member on 2026-11-26 09:30")
  }

  @Test func namesAreMaskedWordByWord() {
    #expect(Pickup.maskedName("Marie Ngono") == "M*** N***")
    #expect(Pickup.maskedName("Éloïse  Mbappé Atangana") == "É*** M*** A***")
    #expect(Pickup.maskedName("Jean-Pierre") == "J***")
    #expect(Pickup.maskedName("") == "***")
    #expect(Pickup.maskedName("   ") == "***")
  }

  @Test func onlyClerksAndAdminsHandOverOnlySupervisorsAndAdminsUnlock() {
    #expect(StaffRole.allCases.filter { Access.allows($0, .handOver) } == [.clerk, .admin])
    #expect(StaffRole.allCases.filter { Access.allows($0, .unlockOrder) } == [.supervisor, .admin])
  }

  @Test func theScanLogNeverHoldsAPickupCode() {
    let cases: [(String, String)] = [
      ("ORDER:1040006:G3Z50BPD", "ORDER:1040006:***"),
      ("order:1040006:g3z50bpd", "ORDER:1040006 ***"),
      ("ORDER:1040006", "ORDER:1040006"),
      ("ORDER:1040006:", "ORDER:1040006 ***"),
      ("ORDER:G3Z50BPD", "ORDER ***"),
      ("ORDER:0123:ABCDEF", "ORDER:0123 ***"),
      ("ORDER:1234567890123:ABCDEF", "ORDER ***"),
      ("ORDER:12 ABCDEF", "ORDER:12 ***"),
      ("PRODUCT:100001", "PRODUCT:100001"),
      ("PRODUCT:1'; DROP TABLE scans;--", "PRODUCT:1 ***"),
    ]
    for (input, logged) in cases {
      #expect(ScanPayload.logged(Array(input.utf8)) == logged, "\(input)")
    }
    #expect(ScanPayload.logged([0x41, 0x00, 0xC3, 0xA9, 0x0A]) == "***")
    #expect(ScanPayload.logged(Array(repeating: 0x41, count: 200)) == "***")
    #expect(ScanPayload.logged([]) == "")
  }
}
