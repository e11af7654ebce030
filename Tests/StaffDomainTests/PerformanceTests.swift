import StaffDomain
import Testing

/// The team's formulas on a hand-computed fixture.
@Suite struct PerformanceTests {
  static let monday = Timestamp(seconds: 1_795_161_600)  // 2026-11-20 09:00 Douala

  @Test func eachFormulaByHand() {
    // Day 1: 09:00 to 12:45 → 3 h 45 + 15 min = 240 min. Day 2: 08:00 to 08:00 (one thing) → 15 min.
    let m = Self.monday
    let activity: [Timestamp] = [m, m + 3600, m + 13_500, m + 82_800]
    // 20 + 5 + 5 + 30 = 60 standard minutes.
    let tasks: [(type: TaskType, withinSLA: Bool)] = [(.stockReceive, true), (.orderPickup, true), (.orderPickup, false), (.cleaning, true)]
    let facts = WorkFacts(
      tasksDone: tasks,
      ticketsResolved: [true, false],
      countedLines: Accuracy(lines: 4, confirmed: 3), ratings: [5, 4, 3], handovers: 3, scanToHandover: [40, 10, 25],
      activity: activity)
    let p = Performance.compute(facts, standards: .standard)
    #expect(p.workMinutes == 60 && p.workedMinutes == 255)
    #expect(p.efficiency == 60.0 / 255.0)
    #expect(p.punctuality == 4.0 / 6.0, "3 of 4 tasks and 1 of 2 tickets on time")
    #expect(p.inventoryAccuracy == 0.75 && p.rating == 4.0 && p.handovers == 3 && p.medianScanToHandover == 25)
  }

  @Test func aLongDayIsCappedAndNothingIsNil() {
    let long = WorkFacts(tasksDone: [(.reporting, true)], activity: [Self.monday, Self.monday + 14 * 3600])
    #expect(Performance.compute(long, standards: .standard).workedMinutes == 12 * 60)
    let none = Performance.compute(WorkFacts(), standards: .standard)
    #expect(none.efficiency == nil && none.punctuality == nil && none.inventoryAccuracy == nil && none.rating == nil)
    #expect(none.medianScanToHandover == nil && none.handovers == 0)
    #expect(Performance.compute(WorkFacts(scanToHandover: [10, 20]), standards: .standard).medianScanToHandover == 15)
  }

  @Test func theStandardTimesAreThePointsOwn() {
    guard case .success(let s) = StandardTimes.parse("CLEANING=45 order_pickup=3") else {
      Issue.record("refused")
      return
    }
    #expect(s.of(.cleaning) == 45 && s.of(.orderPickup) == 3 && s.of(.reporting) == 20)
    let facts = WorkFacts(tasksDone: [(.cleaning, true)], activity: [Self.monday, Self.monday + 1800])
    #expect(Performance.compute(facts, standards: s).efficiency == 1.0, "45 min of work in 45 min")
    for (bad, why) in [("CLEANING", "is not TYPE=MINUTES"), ("SWEEP=5", "is not a task type"), ("CLEANING=0", "from 1 to 480"), ("CLEANING=x", "from 1 to 480")] {
      guard case .failure(let e) = StandardTimes.parse(bad) else {
        Issue.record("\(bad) taken")
        continue
      }
      #expect(e.description.contains(why), "\(e)")
    }
  }

  @Test func sparklines() {
    #expect(Sparkline.draw([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
    #expect(Sparkline.draw([nil, 1, nil, 1]) == " ▄ ▄", "one level: the middle bar")
    #expect(Sparkline.draw([nil, nil]) == "  ")
    #expect(Sparkline.draw([0.5, 1.0, 0.75]) == "▁█▅")
  }
}
