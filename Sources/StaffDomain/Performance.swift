/// Team performance, pure: the formulas, from recorded facts, for one staff member and a period.
/// `vgk-staff(1)`, TEAM PERFORMANCE, writes the same formulas out.

/// How long each kind of task takes when done at the standard pace, in minutes (config
/// `standard_minutes`: `STOCK_RECEIVE=20 ORDER_PICKUP=5 …`).
public struct StandardTimes: Sendable, Equatable {
  public var minutes: [TaskType: Double]

  public init(minutes: [TaskType: Double]) { self.minutes = minutes }

  public static let standard = StandardTimes(minutes: [
    .stockReceive: 20, .inventoryCount: 30, .orderPickup: 5, .customerService: 15, .cleaning: 30, .reporting: 20,
  ])

  public func of(_ type: TaskType) -> Double { minutes[type] ?? Self.standard.minutes[type] ?? 15 }

  /// `TYPE=MINUTES` pairs, separated by spaces; the types not named keep the standard.
  public static func parse(_ text: String) -> Result<StandardTimes, FieldError> {
    var out = StandardTimes.standard
    for part in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
      let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard kv.count == 2 else { return .failure(FieldError(.standardNotPair, .text(String(part.prefix(40))))) }
      guard case .success(let type) = TaskType.parse(kv[0]) else {
        return .failure(FieldError(.standardNotType, .text(String(kv[0].prefix(40))), .text(TaskType.allCases.map(\.rawValue).joined(separator: ", "))))
      }
      guard let m = Double(kv[1]), m > 0, m <= 480 else { return .failure(FieldError(.standardMinutes, .text(type.rawValue))) }
      out.minutes[type] = m
    }
    return .success(out)
  }
}

/// What a staff member did, as recorded.
public struct WorkFacts: Sendable, Equatable {
  /// Tasks they closed as done (they were the assignee): type, and whether within the SLA.
  public var tasksDone: [(type: TaskType, withinSLA: Bool)]
  /// Tickets of theirs resolved: whether within the resolution target.
  public var ticketsResolved: [Bool]
  /// Their stock-count lines, confirmed or not (see `StockCount.accuracy`).
  public var countedLines: Accuracy
  /// Ratings given on their handovers and tickets.
  public var ratings: [Int]
  /// Their handovers.
  public var handovers: Int
  /// Seconds from the verifying scan to the handover, for each handover made after a scan.
  public var scanToHandover: [Int64]
  /// Times of everything they recorded (the audit log), for the hours worked.
  public var activity: [Timestamp]

  public init(
    tasksDone: [(type: TaskType, withinSLA: Bool)] = [], ticketsResolved: [Bool] = [], countedLines: Accuracy = Accuracy(lines: 0, confirmed: 0),
    ratings: [Int] = [], handovers: Int? = nil, scanToHandover: [Int64] = [], activity: [Timestamp] = []
  ) {
    self.handovers = handovers ?? scanToHandover.count
    self.tasksDone = tasksDone
    self.ticketsResolved = ticketsResolved
    self.countedLines = countedLines
    self.ratings = ratings
    self.scanToHandover = scanToHandover
    self.activity = activity
  }

  public static func == (a: WorkFacts, b: WorkFacts) -> Bool {
    a.tasksDone.map { "\($0.type.rawValue)\($0.withinSLA)" } == b.tasksDone.map { "\($0.type.rawValue)\($0.withinSLA)" }
      && a.ticketsResolved == b.ticketsResolved && a.countedLines == b.countedLines && a.ratings == b.ratings && a.handovers == b.handovers
      && a.scanToHandover == b.scanToHandover && a.activity == b.activity
  }
}

/// The four measures and the two counts of one staff member over a period.
public struct Performance: Sendable, Equatable {
  /// Standard minutes of work done per minute worked (1.0: at the standard pace).
  public var efficiency: Double?
  /// Share of their tasks and tickets finished within their SLA or target.
  public var punctuality: Double?
  /// Share of their counted stock lines confirmed.
  public var inventoryAccuracy: Double?
  /// Mean rating of their handovers and tickets (1 to 5).
  public var rating: Double?
  public var handovers: Int
  /// Median seconds from the verifying scan to the handover.
  public var medianScanToHandover: Int64?
  /// Minutes worked, as the activity shows it.
  public var workedMinutes: Double
  /// Standard minutes of the work done.
  public var workMinutes: Double

  public init(
    efficiency: Double?, punctuality: Double?, inventoryAccuracy: Double?, rating: Double?, handovers: Int, medianScanToHandover: Int64?,
    workedMinutes: Double, workMinutes: Double
  ) {
    self.efficiency = efficiency
    self.punctuality = punctuality
    self.inventoryAccuracy = inventoryAccuracy
    self.rating = rating
    self.handovers = handovers
    self.medianScanToHandover = medianScanToHandover
    self.workedMinutes = workedMinutes
    self.workMinutes = workMinutes
  }

  /// A working day is taken from the first to the last thing a person recorded that day (Douala
  /// time), plus a quarter of an hour for the first job, at most 12 hours.
  public static let dayPadding: Int64 = 15 * 60
  public static let longestDay: Int64 = 12 * 3600

  public static func compute(_ f: WorkFacts, standards: StandardTimes) -> Performance {
    let work = f.tasksDone.reduce(0.0) { $0 + standards.of($1.type) }
    let days = Dictionary(grouping: f.activity) { ($0.seconds + Timestamp.doualaOffset) / 86400 }
    let worked = days.values.reduce(Int64(0)) { total, times in
      guard let first = times.min(), let last = times.max() else { return total }
      return total + min(longestDay, last - first + dayPadding)
    }
    let onTime = f.tasksDone.filter(\.withinSLA).count + f.ticketsResolved.filter { $0 }.count
    let finished = f.tasksDone.count + f.ticketsResolved.count
    let sorted = f.scanToHandover.sorted()
    let median: Int64? =
      sorted.isEmpty ? nil : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    return Performance(
      efficiency: worked == 0 ? nil : work / (Double(worked) / 60), punctuality: finished == 0 ? nil : Double(onTime) / Double(finished),
      inventoryAccuracy: f.countedLines.share, rating: f.ratings.isEmpty ? nil : Double(f.ratings.reduce(0, +)) / Double(f.ratings.count),
      handovers: f.handovers, medianScanToHandover: median, workedMinutes: Double(worked) / 60, workMinutes: work)
  }
}

/// A row of small bars for a series (the Team pane's 14-day trends): ▁ for the least, █ for
/// the most; a day without a value is a space.
public enum Sparkline {
  static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  public static func draw(_ values: [Double?]) -> String {
    let known = values.compactMap { $0 }
    guard let high = known.max(), let low = known.min() else { return String(repeating: " ", count: values.count) }
    return String(
      values.map { v -> Character in
        guard let v else { return " " }
        guard high > low else { return v > 0 ? bars[3] : bars[0] }
        return bars[min(bars.count - 1, Int(((v - low) / (high - low) * Double(bars.count - 1)).rounded()))]
      })
  }
}
