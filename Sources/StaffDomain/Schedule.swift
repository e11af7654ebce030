/// A cron expression, `minute hour day month weekday`, read in Douala time (UTC+1 all year).
///
/// Each field is `*`, a number, a range `A-B`, a step `*/S`, `A-B/S` or `A/S` (from A to the
/// field's end), or a comma-separated list of these. Months may be written jan..dec and weekdays
/// sun..sat (any case); weekday 0 and 7 are both Sunday. As in Vixie cron, when both the day and
/// the weekday field are restricted, a day matches if either matches; a field that starts with
/// `*` (such as `*/2`) counts as unrestricted for that rule. `@hourly`, `@daily`, `@midnight`,
/// `@weekly` and `@monthly` stand for the usual five fields.
public struct CronExpression: Sendable, Equatable {
  // One bit per allowed value: bit n set means n is allowed.
  let minutes: UInt64
  let hours: UInt64
  let days: UInt64
  let months: UInt64
  let weekdays: UInt64  // 0-6, Sunday is 0
  let dayIsStar: Bool
  let weekdayIsStar: Bool

  /// The longest expression read; anything longer is refused before it is looked at.
  static let maxLength = 400
  /// How far `next` looks ahead and `latest` looks back: five years and a day.
  static let horizon: Int64 = 1827 * 86400
  /// The times searched: years 0001 to 9999, far from any overflow.
  static let searchable: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

  static let aliases: [(name: String, fields: String)] = [
    ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
    ("@weekly", "0 0 * * 0"), ("@monthly", "0 0 1 * *"),
  ]

  /// Reads five fields or one alias. The error names the field and what is wrong with it.
  public static func parse(_ text: String) -> Result<CronExpression, FieldError> {
    guard text.utf8.count <= maxLength else {
      return .failure(FieldError(.cronTooLong, .count(Int64(maxLength))))
    }
    return parse(fields: text.split(whereSeparator: { $0 == " " || $0 == "\t" }))
  }

  /// Reads fields already split on spaces and tabs.
  static func parse(fields: [Substring]) -> Result<CronExpression, FieldError> {
    if let first = fields.first, first.hasPrefix("@") {
      guard fields.count == 1 else {
        return .failure(FieldError(.cronAlone, .text(String(first)), .count(Int64(fields.count))))
      }
      guard let alias = aliases.first(where: { $0.name == first.lowercased() }) else {
        return .failure(
          FieldError(.notOneOf, .text(String(first)), .text(aliases.map(\.name).joined(separator: ", "))))
      }
      return parse(fields: alias.fields.split(separator: " "))
    }
    guard fields.count == 5 else {
      return .failure(FieldError(.cronFieldCount, .count(Int64(fields.count))))
    }
    var bits: [UInt64] = []
    for (field, spec) in zip(fields, FieldSpec.all) {
      switch spec.parse(field) {
      case .success(let b): bits.append(b)
      case .failure(let e): return .failure(e)
      }
    }
    return .success(
      CronExpression(
        minutes: bits[0], hours: bits[1], days: bits[2], months: bits[3], weekdays: bits[4],
        dayIsStar: fields[2].hasPrefix("*"), weekdayIsStar: fields[4].hasPrefix("*")))
  }

  /// Whether the minute holding `t` matches (seconds are ignored).
  public func matches(_ t: Timestamp) -> Bool {
    guard Self.searchable.contains(t.seconds) else { return false }
    let c = LocalMinute(t.seconds + Timestamp.doualaOffset)
    return has(months, c.month) && dayMatches(c) && has(hours, c.hour) && has(minutes, c.minute)
  }

  /// The most recent matching whole minute `t` with `t <= now` and `now - t < within`, or nil.
  /// Whole months, days and hours that cannot match are skipped; it looks back at most five years.
  public func latest(atOrBefore now: Timestamp, within seconds: Int64) -> Timestamp? {
    guard seconds > 0, Self.searchable.contains(now.seconds) else { return nil }
    let local = now.seconds + Timestamp.doualaOffset
    let lowest = local - min(seconds, Self.horizon) + 1
    var m = floorDiv(local, 60) * 60
    while m >= lowest {
      let c = LocalMinute(m)
      if !has(months, c.month) {
        m = c.monthStart - 60
      } else if !dayMatches(c) {
        m = c.dayStart - 60
      } else if !has(hours, c.hour) {
        m = c.hourStart - 60
      } else {
        let below = minutes & ((UInt64(1) << (c.minute + 1)) - 1)
        if below != 0 {
          let found = c.hourStart + Int64(63 - below.leadingZeroBitCount) * 60
          return found >= lowest ? Timestamp(seconds: found - Timestamp.doualaOffset) : nil
        }
        m = c.hourStart - 60
      }
    }
    return nil
  }

  /// The first matching minute strictly after `t`, looking at most five years ahead; nil if none
  /// (as for `0 0 31 2 *`).
  public func next(after t: Timestamp) -> Timestamp? {
    guard Self.searchable.contains(t.seconds) else { return nil }
    var m = floorDiv(t.seconds + Timestamp.doualaOffset, 60) * 60 + 60
    let highest = m + Self.horizon
    while m <= highest {
      let c = LocalMinute(m)
      if !has(months, c.month) {
        m = c.nextMonthStart
      } else if !dayMatches(c) {
        m = c.dayStart + 86400
      } else if !has(hours, c.hour) {
        m = c.hourStart + 3600
      } else {
        let above = minutes & ~((UInt64(1) << c.minute) - 1)
        if above != 0 {
          let found = c.hourStart + Int64(above.trailingZeroBitCount) * 60
          return found <= highest ? Timestamp(seconds: found - Timestamp.doualaOffset) : nil
        }
        m = c.hourStart + 3600
      }
    }
    return nil
  }

  private func has(_ set: UInt64, _ value: Int) -> Bool { set >> UInt64(value) & 1 == 1 }

  private func dayMatches(_ c: LocalMinute) -> Bool {
    let day = has(days, c.day)
    let weekday = has(weekdays, c.weekday)
    return dayIsStar || weekdayIsStar ? day && weekday : day || weekday
  }
}

/// A recurring task: when it falls due and the task it makes.
public struct TaskSchedule: Sendable, Equatable {
  public var name: String
  public var cron: CronExpression
  /// The cron fields as written, joined by single spaces (`0 7 * * mon-sat`, `@daily`).
  public var cronText: String
  public var type: TaskType
  public var priority: Priority
  public var title: String

  public init(
    name: String, cron: CronExpression, cronText: String, type: TaskType, priority: Priority, title: String
  ) {
    self.name = name
    self.cron = cron
    self.cronText = cronText
    self.type = type
    self.priority = priority
    self.title = title
  }

  /// The longest value read.
  static let maxLength = 1000
  static let shape = "(expected CRON TYPE PRIORITY TITLE)"

  /// Reads `CRON TYPE PRIORITY TITLE...`: five cron fields or one @alias, a task type, a priority
  /// and the rest of the line as the title (1 to 120 characters). Fields are separated by spaces
  /// or tabs. The error names the part that is wrong.
  public static func parse(name: String, _ value: String) -> Result<TaskSchedule, FieldError> {
    if case .failure(let e) = validName(name) { return .failure(e) }
    guard value.utf8.count <= maxLength else {
      return .failure(FieldError(.scheduleValueTooLong, .count(Int64(maxLength))))
    }
    var rest = Substring(value)
    guard let first = token(&rest) else { return .failure(FieldError(.scheduleValueEmpty)) }
    var fields = [first]
    if !first.hasPrefix("@") {
      while fields.count < 5, let field = token(&rest) { fields.append(field) }
      // `0 7 * * CLEANING ...` lacks a field: say so rather than call CLEANING a bad weekday.
      if let i = fields.firstIndex(where: { (try? TaskType.parse(String($0)).get()) != nil }) {
        return .failure(FieldError(.cronFieldCount, .count(Int64(i))))
      }
    }
    let cron: CronExpression
    switch CronExpression.parse(fields: fields) {
    case .success(let c): cron = c
    case .failure(let e): return .failure(e)
    }
    guard let typeText = token(&rest) else { return .failure(FieldError(.scheduleTypeMissing)) }
    guard let type = try? TaskType.parse(String(typeText)).get() else {
      return .failure(FieldError(vocabularyError(TaskType.self, typeText, control: .scheduleTypeControl, unknown: .scheduleTypeUnknown)))
    }
    guard let priorityText = token(&rest) else { return .failure(FieldError(.schedulePriorityMissing)) }
    guard let priority = try? Priority.parse(String(priorityText)).get() else {
      return .failure(FieldError(vocabularyError(Priority.self, priorityText, control: .schedulePriorityControl, unknown: .schedulePriorityUnknown)))
    }
    guard !String(rest).trimmingSpaces.isEmpty else { return .failure(FieldError(.scheduleTitleMissing)) }
    switch Identifier.text(String(rest), max: 120) {
    case .success(let title):
      return .success(
        TaskSchedule(
          name: name, cron: cron, cronText: fields.joined(separator: " "), type: type, priority: priority,
          title: title))
    case .failure(let e): return .failure(FieldError(.titleProblem, .message(e.reason)))
    }
  }

  /// The task source for one occurrence, so each occurrence makes at most one task.
  public func sourceKey(for occurrence: Timestamp) -> String { "schedule:\(name):\(occurrence.seconds)" }

  /// A schedule name: 1 to 32 of `a-z 0-9 -`, starting with a letter or digit.
  static func validName(_ name: String) -> Result<String, FieldError> {
    let n = name.utf8.count
    guard n >= 1 && n <= 32 else { return .failure(FieldError(.scheduleNameLength)) }
    guard name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) else {
      return .failure(FieldError(.scheduleNameCharacters))
    }
    guard name.utf8.first != 0x2D else {
      return .failure(FieldError(.scheduleNameStart))
    }
    return .success(name)
  }

  /// The next run of characters other than spaces and tabs, taken off the front of `rest`.
  private static func token(_ rest: inout Substring) -> Substring? {
    while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() }
    guard !rest.isEmpty else { return nil }
    let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
    defer { rest = rest[end...] }
    return rest[..<end]
  }

  private static func vocabularyError<T: RawRepresentable & CaseIterable>(
    _: T.Type, _ text: Substring, control: MessageCode, unknown: MessageCode
  ) -> Message where T.RawValue == String {
    if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return Message(control)
    }
    return Message(unknown, .text(String(text)), .text(T.allCases.map(\.rawValue).joined(separator: ", ")))
  }
}

// MARK: Fields

/// One of the five fields: its name in messages, its range and the names it accepts.
private struct FieldSpec {
  let name: MessageCode
  let low: Int
  let high: Int
  /// Names for `nameBase`, `nameBase + 1`, ...
  let names: [String]
  let nameBase: Int
  let what: MessageCode

  static let all = [
    FieldSpec(name: .cronMinute, low: 0, high: 59, names: [], nameBase: 0, what: .cronNotNumber),
    FieldSpec(name: .cronHour, low: 0, high: 23, names: [], nameBase: 0, what: .cronNotNumber),
    FieldSpec(name: .cronDay, low: 1, high: 31, names: [], nameBase: 0, what: .cronNotNumber),
    FieldSpec(
      name: .cronMonth, low: 1, high: 12,
      names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], nameBase: 1,
      what: .cronNotMonth),
    FieldSpec(
      name: .cronWeekday, low: 0, high: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], nameBase: 0,
      what: .cronNotWeekday),
  ]

  var isWeekday: Bool { high == 7 }
  /// Steps run from 1 to the number of values in the field (7 for weekdays).
  var largestStep: Int { isWeekday ? 7 : high - low + 1 }

  func parse(_ field: Substring) -> Result<UInt64, FieldError> {
    func fail(_ why: Message) -> Result<UInt64, FieldError> {
      .failure(FieldError(.cronField, .message(Message(name)), .text(String(field)), .message(why)))
    }
    func fail(_ code: MessageCode, _ args: MessageArg...) -> Result<UInt64, FieldError> { fail(Message(code, args: args)) }
    guard !field.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      return .failure(FieldError(.cronFieldControl, .message(Message(name))))
    }
    var bits: UInt64 = 0
    for item in field.split(separator: ",", omittingEmptySubsequences: false) {
      guard !item.isEmpty else { return fail(.cronItemEmpty) }
      let parts = item.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count <= 2 else { return fail(.cronTwoSlashes, .text(String(item))) }
      let base = parts[0]
      var from = low
      var to = isWeekday ? 6 : high
      if base != "*" {
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2, !ends.contains(where: \.isEmpty) else { return fail(.cronNotRange, .text(String(base))) }
        switch value(ends[0]) {
        case .success(let v): from = v
        case .failure(let why): return fail(why.reason)
        }
        if ends.count == 2 {
          switch value(ends[1]) {
          case .success(let v): to = v
          case .failure(let why): return fail(why.reason)
          }
          // `mon-sun` means Monday to Sunday, not a backwards range.
          if isWeekday && to == 0 && ends[1].lowercased() == "sun" { to = 7 }
          guard from <= to else { return fail(.cronBackwards, .text(String(base))) }
        } else {
          to = parts.count == 2 ? high : from
        }
      }
      var step = 1
      if parts.count == 2 {
        let s = parts[1]
        guard !s.isEmpty else { return fail(.cronNoStep, .text(String(item))) }
        guard s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return fail(.cronNotNumber, .text(String(s))) }
        let n = s.utf8.count <= 9 ? Int(s) ?? Int.max : Int.max
        guard n >= 1 && n <= largestStep else { return fail(.cronStepRange, .text(String(s)), .text(String(largestStep))) }
        step = n
      }
      for v in stride(from: from, through: to, by: step) { bits |= UInt64(1) << UInt64(isWeekday ? v % 7 : v) }
    }
    return .success(bits)
  }

  /// A number or, where the field has them, a name.
  private func value(_ text: Substring) -> Result<Int, FieldError> {
    if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      // At most 9 digits are converted, so a huge number is out of range rather than an overflow.
      let n = text.utf8.count <= 9 ? Int(text) ?? Int.max : Int.max
      guard n >= low && n <= high else { return .failure(FieldError(.cronOutside, .text(String(text)), .text(String(low)), .text(String(high)))) }
      return .success(n)
    }
    if let i = names.firstIndex(of: text.lowercased()) { return .success(nameBase + i) }
    return .failure(FieldError(what, .text(String(text))))
  }
}

// MARK: Local calendar

/// A minute in Douala time, split into the parts the fields test.
private struct LocalMinute {
  let month: Int
  let day: Int
  let weekday: Int
  let hour: Int
  let minute: Int
  let dayStart: Int64
  let hourStart: Int64
  let monthStart: Int64
  let nextMonthStart: Int64

  /// `local` is seconds since 1970-01-01 00:00 Douala time.
  init(_ local: Int64) {
    let c = Timestamp.civil(local)
    let dayNumber = floorDiv(local, 86400)
    month = Int(c.mo)
    day = Int(c.d)
    hour = Int(c.h)
    minute = Int(c.mi)
    weekday = Int(((dayNumber + 4) % 7 + 7) % 7)  // 1970-01-01 was a Thursday
    dayStart = dayNumber * 86400
    hourStart = dayStart + c.h * 3600
    monthStart = Timestamp.daysFromCivil(c.y, c.mo, 1) * 86400
    nextMonthStart = Timestamp.daysFromCivil(c.mo == 12 ? c.y + 1 : c.y, c.mo == 12 ? 1 : c.mo + 1, 1) * 86400
  }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return a % b < 0 ? q - 1 : q
}
