import StaffDomain
import Testing

/// Tickets' life and figures, with the clock as a value.
@Suite struct TicketTests {
  static let t0 = Timestamp(seconds: 1_795_680_000)

  func apply(_ t: TicketState, _ e: TicketEvent, at offset: Int64) -> TicketState {
    switch t.applying(e, now: Self.t0 + offset) {
    case .success(let next): return next
    case .failure(let r):
      Issue.record("\(e): \(r.reason)")
      return t
    }
  }

  @Test func theLifeOfATicketWithItsPauses() {
    let targets = TicketTargets.standard
    var t = TicketState(id: 9, status: .new, priority: .high, createdAt: Self.t0)  // answer within 4 h, resolve within 24 h
    #expect(t.responseLeft(at: Self.t0 + 3600, targets: targets) == Int64(3 * 3600))
    t = apply(t, .noted, at: 600)
    #expect(t.firstResponseAt == nil, "a note is no answer")
    t = apply(t, .replied(waiting: true), at: 1800)
    #expect(t.status == .waitingCustomer && t.firstResponseAt == Self.t0 + 1800 && t.responseLeft(at: Self.t0 + 1900, targets: targets) == nil)
    // Two hours waiting: the resolution clock stands still.
    #expect(t.resolutionLeft(at: Self.t0 + 1800, targets: targets) == t.resolutionLeft(at: Self.t0 + 9000, targets: targets))
    t = apply(t, .customerWrote, at: 9000)
    #expect(t.status == .open && t.pausedSeconds == 7200)
    t = apply(t, .replied(waiting: true), at: 10_000)
    t = apply(t, .replied(waiting: false), at: 10_600)
    #expect(t.pausedSeconds == 7800 && t.status == .open && t.firstResponseAt == Self.t0 + 1800)
    #expect(t.resolutionLeft(at: Self.t0 + 20_000, targets: targets) == Int64(86400 + 7800 - 20_000))
    t = apply(t, .resolved, at: 30_000)
    #expect(t.status == .resolved && t.resolutionLeft(at: Self.t0 + 40_000, targets: targets) == nil)
    t = apply(t, .closed(rating: 4), at: 31_000)
    #expect(t.status == .closed && t.rating == 4 && t.resolvedAt == Self.t0 + 30_000)
    // Reopened: counted, and resolved again later.
    t = apply(t, .reopened, at: 40_000)
    #expect(t.status == .open && t.reopenCount == 1 && t.resolvedAt == nil && t.closedAt == nil)
    t = apply(t, .resolved, at: 50_000)
    t = apply(t, .reopened, at: 51_000)
    #expect(t.reopenCount == 2)
  }

  @Test func refusals() {
    let closed = TicketState(id: 3, status: .closed, priority: .low, createdAt: Self.t0, closedAt: Self.t0)
    let open = TicketState(id: 3, status: .open, priority: .low, createdAt: Self.t0)
    func reason(_ t: TicketState, _ e: TicketEvent) -> String? {
      if case .failure(let r) = t.applying(e, now: Self.t0) { return r.description }
      return nil
    }
    #expect(reason(closed, .replied(waiting: false)) == "ticket 3 is closed: reopen it to write to the customer")
    #expect(reason(closed, .closed(rating: nil)) == "ticket 3 is already closed")
    #expect(reason(open, .reopened) == "ticket 3 is open: it is not resolved")
    #expect(reason(open, .closed(rating: 6)) == "a rating is from 1 to 5, not 6")
    #expect(reason(open, .rated(5)) == "ticket 3 is rated once it is resolved or closed")
    #expect(reason(open, .set(.resolved)) == "a ticket is set to open or waiting_customer by hand; resolve or close it instead")
    #expect(reason(open, .set(.open)) == "ticket 3 is already open")
    #expect(reason(closed, .rated(0)) == "a rating is from 1 to 5, not 0")
  }

  /// A hand-computed period: three tickets.
  @Test func theServiceFigures() {
    let targets = TicketTargets.standard
    let h: Int64 = 3600
    let a = TicketState(  // answered in 1 h, resolved in 20 h (2 h waiting not counted): within 24 h
      id: 1, status: .closed, priority: .high, createdAt: Self.t0, firstResponseAt: Self.t0 + h, resolvedAt: Self.t0 + 22 * h,
      closedAt: Self.t0 + 22 * h, pausedSeconds: 2 * h, rating: 5)
    let b = TicketState(  // answered in 3 h, resolved in 30 h: late; reopened once
      id: 2, status: .resolved, priority: .high, createdAt: Self.t0, firstResponseAt: Self.t0 + 3 * h, resolvedAt: Self.t0 + 30 * h,
      reopenCount: 1)
    let c = TicketState(  // opened, answered in 2 h, still open; rated... no
      id: 3, status: .open, priority: .low, createdAt: Self.t0 + h, firstResponseAt: Self.t0 + 3 * h)
    let old = TicketState(id: 4, status: .closed, priority: .low, createdAt: Self.t0 + -90 * 86400, resolvedAt: Self.t0 + -80 * 86400,
      closedAt: Self.t0 + -80 * 86400, rating: 1)
    let m = ServiceMetrics.compute([a, b, c, old], from: Self.t0, to: Self.t0 + 7 * 86400, targets: targets)
    #expect(m.opened == 3 && m.resolved == 2)
    #expect(m.medianFirstResponse == 2 * h, "1 h, 3 h, 2 h")
    #expect(m.medianResolution == 25 * h, "(20 h + 30 h) / 2")
    #expect(m.withinTarget == 0.5 && m.reopenRate == 0.5 && m.meanRating == 5)
    let none = ServiceMetrics.compute([], from: Self.t0, to: Self.t0, targets: targets)
    #expect(none.opened == 0 && none.medianResolution == nil && none.withinTarget == nil && none.meanRating == nil)
  }

  @Test func targetsFromTheConfig() {
    #expect(TicketTargets.durations("30m 2h 1d 2d") == .success([.urgent: 1800, .high: 7200, .medium: 86400, .low: 172_800]))
    guard case .failure(let e) = TicketTargets.durations("1h 2h") else {
      Issue.record("taken")
      return
    }
    #expect(e.description.contains("expected four durations"))
    guard case .failure(let f) = TicketTargets.durations("1h 2h soon 1d") else {
      Issue.record("taken")
      return
    }
    #expect(f.description.hasPrefix("MEDIUM: 'soon' is not a duration"))
  }
}
