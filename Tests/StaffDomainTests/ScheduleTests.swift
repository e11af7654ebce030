import Testing

@testable import StaffDomain

/// A time written in ISO 8601 (Douala `+01:00` or UTC `Z`).
private func at(_ text: String) -> Timestamp { try! Timestamp.parse(text).get() }
private func cron(_ text: String) -> CronExpression { try! CronExpression.parse(text).get() }

@Suite struct ScheduleTests {
  // MARK: matches

  @Test(arguments: [
    // Every field kind; seconds are ignored.
    ("* * * * *", "2026-11-20T09:30:00+01:00", true),
    ("30 9 * * *", "2026-11-20T09:30:45+01:00", true),
    ("30 9 * * *", "2026-11-20T09:31:00+01:00", false),
    ("30 9 * * *", "2026-11-20T10:30:00+01:00", false),
    ("0 0 20 * *", "2026-11-20T00:00:00+01:00", true),
    ("0 0 20 * *", "2026-11-21T00:00:00+01:00", false),
    ("0 0 * 11 *", "2026-11-05T00:00:00+01:00", true),
    ("0 0 * 11 *", "2026-12-05T00:00:00+01:00", false),
    ("0 0 * * 5", "2026-11-20T00:00:00+01:00", true),
    ("0 0 * * 5", "2026-11-21T00:00:00+01:00", false),
    // Douala is UTC+1: 07:00 there is 06:00 UTC, and Douala midnight is 23:00 UTC the day before.
    ("0 7 * * *", "2026-11-20T06:00:00Z", true),
    ("0 7 * * *", "2026-11-20T07:00:00Z", false),
    ("0 0 20 * *", "2026-11-19T23:00:00Z", true),
    ("0 0 20 * *", "2026-11-20T00:00:00Z", false),
    // Ranges.
    ("0 8-17 * * *", "2026-11-20T08:00:00+01:00", true),
    ("0 8-17 * * *", "2026-11-20T17:00:00+01:00", true),
    ("0 8-17 * * *", "2026-11-20T07:00:00+01:00", false),
    ("0 8-17 * * *", "2026-11-20T18:00:00+01:00", false),
    // Steps: */S, A-B/S, A/S (from A to the end, no wrap).
    ("*/15 * * * *", "2026-11-20T09:45:00+01:00", true),
    ("*/15 * * * *", "2026-11-20T09:50:00+01:00", false),
    ("10-30/10 * * * *", "2026-11-20T09:20:00+01:00", true),
    ("10-30/10 * * * *", "2026-11-20T09:30:00+01:00", true),
    ("10-30/10 * * * *", "2026-11-20T09:40:00+01:00", false),
    ("10-30/10 * * * *", "2026-11-20T09:15:00+01:00", false),
    ("50/5 * * * *", "2026-11-20T09:55:00+01:00", true),
    ("50/5 * * * *", "2026-11-20T09:05:00+01:00", false),
    ("0 */6 * * *", "2026-11-20T18:00:00+01:00", true),
    ("0 */6 * * *", "2026-11-20T19:00:00+01:00", false),
    // Lists, mixing kinds.
    ("0,15,45 * * * *", "2026-11-20T09:15:00+01:00", true),
    ("0,15,45 * * * *", "2026-11-20T09:30:00+01:00", false),
    ("1-3,*/20,59 * * * *", "2026-11-20T09:02:00+01:00", true),
    ("1-3,*/20,59 * * * *", "2026-11-20T09:40:00+01:00", true),
    ("1-3,*/20,59 * * * *", "2026-11-20T09:59:00+01:00", true),
    ("1-3,*/20,59 * * * *", "2026-11-20T09:04:00+01:00", false),
    // Month and day names, any case.
    ("0 0 1 jan,JUL *", "2027-07-01T00:00:00+01:00", true),
    ("0 0 1 jan,JUL *", "2027-08-01T00:00:00+01:00", false),
    ("0 0 * Mar-may *", "2027-04-10T00:00:00+01:00", true),
    ("0 0 * Mar-may *", "2027-06-10T00:00:00+01:00", false),
    ("0 9 * * mon-fri", "2026-11-20T09:00:00+01:00", true),
    ("0 9 * * mon-fri", "2026-11-21T09:00:00+01:00", false),
    // Sunday is 0, 7 and sun; `sat-sun` and `mon-sun` run up to Sunday.
    ("0 9 * * 0", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * 7", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * 7", "2026-11-21T09:00:00+01:00", false),
    ("0 9 * * SUN", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * 5-7", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * 5-7", "2026-11-19T09:00:00+01:00", false),
    ("0 9 * * sat-sun", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * sat-sun", "2026-11-21T09:00:00+01:00", true),
    ("0 9 * * sat-sun", "2026-11-20T09:00:00+01:00", false),
    ("0 9 * * mon-sun", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * */2", "2026-11-22T09:00:00+01:00", true),
    ("0 9 * * */2", "2026-11-23T09:00:00+01:00", false),
    // Both day fields restricted: either one matches.
    ("0 9 13 * fri", "2026-11-13T09:00:00+01:00", true),
    ("0 9 13 * fri", "2026-11-20T09:00:00+01:00", true),
    ("0 9 13 * fri", "2026-12-13T09:00:00+01:00", true),
    ("0 9 13 * fri", "2026-11-19T09:00:00+01:00", false),
    ("0 9 1-31 * fri", "2026-11-19T09:00:00+01:00", true),
    // A field starting with `*` counts as unrestricted (Vixie cron): both must match.
    ("0 9 */2 * fri", "2026-11-13T09:00:00+01:00", true),
    ("0 9 */2 * fri", "2026-11-20T09:00:00+01:00", false),
    ("0 9 */2 * fri", "2026-11-19T09:00:00+01:00", false),
    ("0 9 13 * *", "2026-11-20T09:00:00+01:00", false),
    ("0 9 * * fri", "2026-12-13T09:00:00+01:00", false),
    // Aliases.
    ("@hourly", "2026-11-20T09:00:00+01:00", true),
    ("@hourly", "2026-11-20T09:01:00+01:00", false),
    ("@daily", "2026-11-20T00:00:00+01:00", true),
    ("@daily", "2026-11-20T00:00:00Z", false),
    ("@midnight", "2026-11-19T23:00:00Z", true),
    ("@weekly", "2026-11-22T00:00:00+01:00", true),
    ("@weekly", "2026-11-23T00:00:00+01:00", false),
    ("@monthly", "2026-12-01T00:00:00+01:00", true),
    ("@MONTHLY", "2026-12-02T00:00:00+01:00", false),
    // Feb 29 in a leap year; a month's last day.
    ("0 0 29 2 *", "2028-02-29T00:00:00+01:00", true),
    ("0 0 29 feb *", "2028-03-01T00:00:00+01:00", false),
    ("0 0 31 * *", "2026-12-31T00:00:00+01:00", true),
  ])
  func matches(_ expression: String, _ time: String, _ expected: Bool) throws {
    let c = try CronExpression.parse(expression).get()
    #expect(c.matches(at(time)) == expected)
  }

  @Test func equalSpellingsAreEqual() {
    #expect(cron("0 9 * * 7") == cron("0 9 * * 0"))
    #expect(cron("0 9 * * sun") == cron("0 9 * * 0"))
    #expect(cron("@daily") == cron("@midnight"))
    #expect(cron("@daily") == cron("0 0 * * *"))
    #expect(cron("@weekly") == cron("0 0 * * 0"))
    #expect(cron("@monthly") == cron("0 0 1 * *"))
    #expect(cron("@hourly") == cron("0 * * * *"))
    #expect(cron("0\t9  1-5 * *") == cron("0 9 1,2,3,4,5 * *"))
    #expect(cron("0 9 * * 1") != cron("0 9 * * 2"))
    // The OR rule depends on how the field is written, so these differ.
    #expect(cron("0 9 */1 * fri") != cron("0 9 1-31 * fri"))
  }

  // MARK: latest

  @Test(arguments: [
    // The minute `now` is in counts, even when now is mid-minute.
    ("0 7 * * *", "2026-11-20T07:00:00+01:00", Int64(60), "2026-11-20T07:00:00+01:00"),
    ("* * * * *", "2026-11-20T09:30:42+01:00", 60, "2026-11-20T09:30:00+01:00"),
    ("30 9 * * *", "2026-11-20T09:30:42+01:00", 43, "2026-11-20T09:30:00+01:00"),
    ("30 9 * * *", "2026-11-20T09:30:42+01:00", 42, nil),
    ("30 9 * * *", "2026-11-20T09:29:59+01:00", 86400, "2026-11-19T09:30:00+01:00"),
    // Just inside the window and just outside it (now - t must be less than `within`).
    ("0 7 * * *", "2026-11-20T07:59:00+01:00", 3600, "2026-11-20T07:00:00+01:00"),
    ("0 7 * * *", "2026-11-20T08:00:00+01:00", 3600, nil),
    ("0 7 * * *", "2026-11-20T08:00:00+01:00", 3601, "2026-11-20T07:00:00+01:00"),
    ("0 7 * * *", "2026-11-20T08:00:00+01:00", 0, nil),
    ("0 7 * * *", "2026-11-20T08:00:00+01:00", -5, nil),
    // Douala time: 06:30 UTC is 07:30 there.
    ("0 7 * * *", "2026-11-20T06:30:00Z", 3600, "2026-11-20T07:00:00+01:00"),
    ("0 7 * * *", "2026-11-20T05:59:00Z", 3600, nil),
    // Whole days skipped back to a weekday.
    ("0 7 * * mon", "2026-11-22T12:00:00+01:00", 7 * 86400, "2026-11-16T07:00:00+01:00"),
    ("0 7 * * mon", "2026-11-22T12:00:00+01:00", 6 * 86400, nil),
    ("*/20 9-17 * * mon-fri", "2026-11-21T10:00:00+01:00", 2 * 86400, "2026-11-20T17:40:00+01:00"),
    ("0 9 13 * fri", "2026-11-19T12:00:00+01:00", 7 * 86400, "2026-11-13T09:00:00+01:00"),
    // Month and year boundaries.
    ("59 23 * * *", "2026-12-01T00:00:30+01:00", 3600, "2026-11-30T23:59:00+01:00"),
    ("0 12 31 * *", "2026-12-01T12:00:00+01:00", 2 * 86400, nil),
    ("0 12 31 * *", "2026-12-01T12:00:00+01:00", 40 * 86400, "2026-10-31T12:00:00+01:00"),
    ("@monthly", "2026-12-01T00:30:00+01:00", 3600, "2026-12-01T00:00:00+01:00"),
    ("0 0 1 1 *", "2027-01-01T00:10:00+01:00", 3600, "2027-01-01T00:00:00+01:00"),
    ("0 0 1 1 *", "2027-06-01T00:00:00+01:00", .max, "2027-01-01T00:00:00+01:00"),
    // Feb 29, 2028.
    ("0 0 29 feb *", "2028-03-01T12:00:00+01:00", 129_601, "2028-02-29T00:00:00+01:00"),
    ("0 0 29 feb *", "2028-03-01T12:00:00+01:00", 129_600, nil),
    ("0 0 29 2 *", "2027-03-01T12:00:00+01:00", .max, "2024-02-29T00:00:00+01:00"),
    // Never: nil, however far it may look.
    ("0 0 31 2 *", "2028-03-01T12:00:00+01:00", .max, nil),
    ("0 0 30 feb *", "2028-03-01T12:00:00+01:00", 2 * 86400, nil),
  ] as [(String, String, Int64, String?)])
  func latest(_ expression: String, _ now: String, _ within: Int64, _ expected: String?) throws {
    let c = try CronExpression.parse(expression).get()
    let found = c.latest(atOrBefore: at(now), within: within)
    #expect(found?.iso8601 == expected)
    if let found { #expect(found.seconds % 60 == 0 && c.matches(found)) }
  }

  // MARK: next

  @Test(arguments: [
    ("0 7 * * *", "2026-11-20T07:00:00+01:00", "2026-11-21T07:00:00+01:00"),
    ("0 7 * * *", "2026-11-20T06:59:59+01:00", "2026-11-20T07:00:00+01:00"),
    ("0 7 * * *", "2026-11-20T05:59:59Z", "2026-11-20T07:00:00+01:00"),
    ("* * * * *", "2026-11-20T09:30:42+01:00", "2026-11-20T09:31:00+01:00"),
    ("*/15 * * * *", "2026-11-20T09:31:00+01:00", "2026-11-20T09:45:00+01:00"),
    ("50/5 * * * *", "2026-11-20T09:56:00+01:00", "2026-11-20T10:50:00+01:00"),
    ("30 9 * * mon-fri", "2026-11-20T10:00:00+01:00", "2026-11-23T09:30:00+01:00"),
    ("0 9 * * 7", "2026-11-20T10:00:00+01:00", "2026-11-22T09:00:00+01:00"),
    ("0 9 13 * fri", "2026-11-13T09:00:00+01:00", "2026-11-20T09:00:00+01:00"),
    ("0 9 13 * fri", "2026-11-27T10:00:00+01:00", "2026-12-04T09:00:00+01:00"),
    ("0 9 13 * sun", "2026-11-23T10:00:00+01:00", "2026-11-29T09:00:00+01:00"),
    ("@hourly", "2026-11-20T09:00:00+01:00", "2026-11-20T10:00:00+01:00"),
    ("@daily", "2026-11-20T09:00:00+01:00", "2026-11-21T00:00:00+01:00"),
    ("@weekly", "2026-11-20T12:00:00+01:00", "2026-11-22T00:00:00+01:00"),
    ("@monthly", "2026-11-20T12:00:00+01:00", "2026-12-01T00:00:00+01:00"),
    ("0 0 31 * *", "2026-11-01T00:00:00+01:00", "2026-12-31T00:00:00+01:00"),
    ("0 0 31 * *", "2026-12-31T00:00:00+01:00", "2027-01-31T00:00:00+01:00"),
    ("0 0 1 1 *", "2026-12-31T23:59:59+01:00", "2027-01-01T00:00:00+01:00"),
    ("0 0 29 2 *", "2026-03-01T00:00:00+01:00", "2028-02-29T00:00:00+01:00"),
    ("0 12 29 feb *", "2028-02-28T12:00:00+01:00", "2028-02-29T12:00:00+01:00"),
    ("0 0 * feb mon", "2028-02-27T00:00:00+01:00", "2028-02-28T00:00:00+01:00"),
  ])
  func next(_ expression: String, _ after: String, _ expected: String) throws {
    let c = try CronExpression.parse(expression).get()
    #expect(c.next(after: at(after))?.iso8601 == expected)
  }

  @Test(arguments: ["0 0 31 2 *", "0 0 30 feb *", "0 0 31 4,6,9,11 *", "0 0 31 apr *"])
  func nextOfAnImpossibleDateIsNil(_ expression: String) throws {
    let c = try CronExpression.parse(expression).get()
    #expect(c.next(after: at("2026-11-20T09:00:00+01:00")) == nil)
    #expect(c.latest(atOrBefore: at("2026-11-20T09:00:00+01:00"), within: .max) == nil)
  }

  @Test func timesOutsideTheCalendarGiveNothing() {
    let every = cron("* * * * *")
    for far in [Int64.max, Int64.min, 253_402_300_800, -62_135_596_801] {
      #expect(every.next(after: Timestamp(seconds: far)) == nil)
      #expect(every.latest(atOrBefore: Timestamp(seconds: far), within: .max) == nil)
      #expect(!every.matches(Timestamp(seconds: far)))
    }
    #expect(every.next(after: Timestamp(seconds: -60))?.seconds == 0)
    #expect(every.latest(atOrBefore: Timestamp(seconds: -1), within: 60)?.seconds == -60)
  }

  /// `next` and `latest` agree with a minute-by-minute walk over `matches`, across a month end.
  @Test(arguments: [
    "*/7 9-17 * * mon-fri", "0 0 * * *", "15,45 */3 13 * fri", "0 12 */2 * sun", "59 23 30,31 * *",
    "30 6 1-7 * 1", "@hourly", "5 0 1 dec,jan *", "* * * * *",
  ])
  func agreesWithAWalk(_ expression: String) throws {
    let c = try CronExpression.parse(expression).get()
    let start = at("2026-11-27T00:00:00+01:00").seconds
    let end = at("2026-12-03T00:00:00+01:00").seconds
    let hits = stride(from: start - 2 * 86400, through: end + 2 * 86400, by: 60).filter {
      c.matches(Timestamp(seconds: $0))
    }
    var wrong: [String] = []
    var i = 0  // the first hit after now
    for m in stride(from: start, to: end, by: 60) {
      let now = Timestamp(seconds: m + 30)
      while i < hits.count && hits[i] <= now.seconds { i += 1 }
      let next = i < hits.count ? hits[i] : nil
      let got = c.next(after: now)?.seconds
      if let next, got != next { wrong.append("next after \(now): \(String(describing: got))") }
      if next == nil, let got, got <= end + 2 * 86400 { wrong.append("next after \(now): \(got)") }
      let last = i > 0 && now.seconds - hits[i - 1] < 86400 ? hits[i - 1] : nil
      let gotLast = c.latest(atOrBefore: now, within: 86400)?.seconds
      if gotLast != last { wrong.append("latest at \(now): \(String(describing: gotLast))") }
    }
    #expect(wrong.prefix(5) == [], "\(wrong.count) wrong")
  }

  // MARK: Errors

  @Test(arguments: [
    ("0 7 * *", "expected 5 fields (minute hour day month weekday), found 4"),
    ("0 7 * * * *", "expected 5 fields (minute hour day month weekday), found 6"),
    ("", "expected 5 fields (minute hour day month weekday), found 0"),
    ("   \t ", "expected 5 fields (minute hour day month weekday), found 0"),
    ("61 * * * *", "the minute field '61': 61 is outside 0-59"),
    ("0 24 * * *", "the hour field '24': 24 is outside 0-23"),
    ("0 25 * * *", "the hour field '25': 25 is outside 0-23"),
    ("0 x * * *", "the hour field 'x': 'x' is not a number"),
    ("0 0 0 * *", "the day field '0': 0 is outside 1-31"),
    ("0 0 32 * *", "the day field '32': 32 is outside 1-31"),
    ("0 0 * 0 *", "the month field '0': 0 is outside 1-12"),
    ("0 0 * 13 *", "the month field '13': 13 is outside 1-12"),
    ("0 0 * 8 8", "the weekday field '8': 8 is outside 0-7"),
    ("0 0 * 1-13 *", "the month field '1-13': 13 is outside 1-12"),
    // Names only where they belong, and only the three-letter ones.
    ("mon * * * *", "the minute field 'mon': 'mon' is not a number"),
    ("0 jan * * *", "the hour field 'jan': 'jan' is not a number"),
    ("0 0 fri * *", "the day field 'fri': 'fri' is not a number"),
    ("0 0 * foo *", "the month field 'foo': 'foo' is not a number or a month name (jan-dec)"),
    ("0 0 * january *", "the month field 'january': 'january' is not a number or a month name (jan-dec)"),
    ("0 0 * * jan", "the weekday field 'jan': 'jan' is not a number or a day name (sun-sat)"),
    ("0 0 * * monday", "the weekday field 'monday': 'monday' is not a number or a day name (sun-sat)"),
    ("0 0 * * */mon", "the weekday field '*/mon': 'mon' is not a number"),
    ("１ * * * *", "the minute field '１': '１' is not a number"),
    ("-1 * * * *", "the minute field '-1': '-1' is not a range like 1-5"),
    // Steps.
    ("*/0 * * * *", "the minute field '*/0': step 0 is outside 1-60"),
    ("0 1-5/0 * * *", "the hour field '1-5/0': step 0 is outside 1-24"),
    ("*/61 * * * *", "the minute field '*/61': step 61 is outside 1-60"),
    ("0 0 * * */8", "the weekday field '*/8': step 8 is outside 1-7"),
    ("*/ * * * *", "the minute field '*/': '*/' has no step after '/'"),
    ("*/x * * * *", "the minute field '*/x': 'x' is not a number"),
    ("1/2/3 * * * *", "the minute field '1/2/3': '1/2/3' has more than one '/'"),
    // Ranges.
    ("0 5-2 * * *", "the hour field '5-2': the range 5-2 runs backwards"),
    ("0 0 * dec-jan *", "the month field 'dec-jan': the range dec-jan runs backwards"),
    ("0 0 * * fri-mon", "the weekday field 'fri-mon': the range fri-mon runs backwards"),
    ("1-2-3 * * * *", "the minute field '1-2-3': '1-2-3' is not a range like 1-5"),
    ("5- * * * *", "the minute field '5-': '5-' is not a range like 1-5"),
    ("*-5 * * * *", "the minute field '*-5': '*' is not a number"),
    // Lists.
    ("1,,2 * * * *", "the minute field '1,,2': an item of the list is empty"),
    ("1, * * * *", "the minute field '1,': an item of the list is empty"),
    ("0 ,5 * * *", "the hour field ',5': an item of the list is empty"),
    // Huge numbers are out of range, not an overflow.
    ("99999999999999999999 * * * *", "the minute field '99999999999999999999': 99999999999999999999 is outside 0-59"),
    ("0 0 1-99999999999999999999 * *", "the day field '1-99999999999999999999': 99999999999999999999 is outside 1-31"),
    ("*/99999999999999999999 * * * *", "the minute field '*/99999999999999999999': step 99999999999999999999 is outside 1-60"),
    ("0 0 * * 9223372036854775807", "the weekday field '9223372036854775807': 9223372036854775807 is outside 0-7"),
    // Aliases.
    ("@yearly", "'@yearly' is not one of: @hourly, @daily, @midnight, @weekly, @monthly"),
    ("@reboot", "'@reboot' is not one of: @hourly, @daily, @midnight, @weekly, @monthly"),
    ("@daily 5", "'@daily' stands alone, found 2 fields"),
    ("0 @daily * * *", "the hour field '@daily': '@daily' is not a number"),
    // Control characters are named, not echoed.
    ("0\u{7} * * * *", "the minute field contains a control character"),
    ("0 0 * * 1\u{1B}[2J", "the weekday field contains a control character"),
  ])
  func malformed(_ text: String, _ reason: String) {
    #expect(CronExpression.parse(text).said == ((reason)))
  }

  @Test func hostileLengths() throws {
    let tooLong = "the cron expression is longer than 400 characters"
    #expect(CronExpression.parse(String(repeating: "1", count: 10_000)).said == ((tooLong)))
    #expect(CronExpression.parse(String(repeating: "1 ", count: 5_000)).said == ((tooLong)))
    #expect(CronExpression.parse(String(repeating: ",", count: 10_000)).said == ((tooLong)))
    #expect(CronExpression.parse(String(repeating: "9", count: 10_000)).said == ((tooLong)))
    #expect(CronExpression.parse(String(repeating: "x", count: 401)).said == ((tooLong)))
    // A long list just inside the limit is fine.
    let list = Array(repeating: "0", count: 195).joined(separator: ",") + ",59 * * * *"
    #expect(list.utf8.count == 400)
    let c = try CronExpression.parse(list).get()
    #expect(c == cron("0,59 * * * *"))
  }

  // MARK: TaskSchedule

  @Test func readsASchedule() throws {
    let s = try TaskSchedule.parse(name: "clean", "0 7 * * mon-sat CLEANING LOW Clean the counter").get()
    #expect(s.name == "clean")
    #expect(s.cron == cron("0 7 * * 1-6"))
    #expect(s.cronText == "0 7 * * mon-sat")
    #expect(s.type == .cleaning)
    #expect(s.priority == .low)
    #expect(s.title == "Clean the counter")

    let spaced = try TaskSchedule.parse(name: "c-2", " 0\t7  * *\tmon-sat  cleaning\tlow   Clean  the counter \t").get()
    #expect(spaced.cronText == "0 7 * * mon-sat")
    #expect(spaced.type == .cleaning && spaced.priority == .low)
    #expect(spaced.title == "Clean  the counter")

    let alias = try TaskSchedule.parse(name: "7am", "@daily inventory_count Urgent Count shelf A").get()
    #expect(alias.cronText == "@daily" && alias.cron == cron("0 0 * * *"))
    #expect(alias.type == .inventoryCount && alias.priority == .urgent && alias.title == "Count shelf A")

    let report = try TaskSchedule.parse(name: "report", "30 18 * * fri REPORTING HIGH Week's report: cash & returns").get()
    #expect(report.type == .reporting && report.priority == .high)
    #expect(report.title == "Week's report: cash & returns")

    let longest = String(repeating: "é", count: 120)
    #expect(try TaskSchedule.parse(name: "a", "@hourly CLEANING MEDIUM \(longest)").get().title == longest)
    let name32 = String(repeating: "a", count: 31) + "9"
    #expect(try TaskSchedule.parse(name: name32, "@hourly CLEANING MEDIUM x").get().name == name32)
  }

  @Test func sourceKeys() throws {
    let s = try TaskSchedule.parse(name: "clean", "0 7 * * * CLEANING LOW Clean the counter").get()
    #expect(s.sourceKey(for: at("2026-11-20T07:00:00+01:00")) == "schedule:clean:1795154400")
    #expect(s.sourceKey(for: Timestamp(seconds: 0)) == "schedule:clean:0")
  }

  @Test(arguments: [
    ("0 7 * * * CLEANING LOW", "the title is missing (expected CRON TYPE PRIORITY TITLE)"),
    ("0 7 * * * CLEANING LOW  \t ", "the title is missing (expected CRON TYPE PRIORITY TITLE)"),
    ("0 7 * * * CLEANING", "the priority is missing (expected CRON TYPE PRIORITY TITLE)"),
    ("@daily", "the task type is missing (expected CRON TYPE PRIORITY TITLE)"),
    ("0 7 * * *", "the task type is missing (expected CRON TYPE PRIORITY TITLE)"),
    ("", "the value is empty (expected CRON TYPE PRIORITY TITLE)"),
    (" \t ", "the value is empty (expected CRON TYPE PRIORITY TITLE)"),
    (
      "0 7 * * * SWEEPING LOW Sweep",
      "the task type 'SWEEPING' is not one of: STOCK_RECEIVE, INVENTORY_COUNT, ORDER_PICKUP, CUSTOMER_SERVICE, CLEANING, REPORTING"
    ),
    ("0 7 * * * CLEANING SOON Sweep", "the priority 'SOON' is not one of: URGENT, HIGH, MEDIUM, LOW"),
    ("0 7 * * * LOW CLEANING Sweep", "the task type 'LOW' is not one of: STOCK_RECEIVE, INVENTORY_COUNT, ORDER_PICKUP, CUSTOMER_SERVICE, CLEANING, REPORTING"),
    ("0 7 * * * CLEANING\u{7} LOW Sweep", "the task type contains a control character"),
    ("0 7 * * * CLEANING LOW\u{7} Sweep", "the priority contains a control character"),
    // A missing cron field is said as such, not as a bad weekday.
    ("0 7 * * CLEANING LOW Clean", "expected 5 fields (minute hour day month weekday), found 4"),
    ("CLEANING LOW Clean", "expected 5 fields (minute hour day month weekday), found 0"),
    ("0 7 * CLEANING", "expected 5 fields (minute hour day month weekday), found 3"),
    ("0 7 *", "expected 5 fields (minute hour day month weekday), found 3"),
    ("@daily 0 CLEANING LOW Clean", "the task type '0' is not one of: STOCK_RECEIVE, INVENTORY_COUNT, ORDER_PICKUP, CUSTOMER_SERVICE, CLEANING, REPORTING"),
    ("0 25 * * * CLEANING LOW Clean", "the hour field '25': 25 is outside 0-23"),
    ("@yearly CLEANING LOW Clean", "'@yearly' is not one of: @hourly, @daily, @midnight, @weekly, @monthly"),
    ("0 7 * * * CLEANING LOW Clean\u{7}up", "the title contains a control character"),
    ("0 7 * * * CLEANING LOW Clean\nup", "the title contains a control character"),
    ("0 7 * * * CLEANING LOW Clean\u{85}up", "the title contains a control character"),
    ("0 7 * * * CLEANING LOW " + String(repeating: "x", count: 121), "the title is longer than 120 characters"),
    (String(repeating: "x", count: 10_000), "the value is longer than 1\u{202F}000 characters"),
    ("0 7 * * * CLEANING LOW " + String(repeating: "x", count: 10_000), "the value is longer than 1\u{202F}000 characters"),
  ])
  func malformedSchedules(_ value: String, _ reason: String) {
    #expect(TaskSchedule.parse(name: "clean", value).said == ((reason)))
  }

  @Test(arguments: [
    ("", "the schedule name must be 1 to 32 characters"),
    (String(repeating: "a", count: 33), "the schedule name must be 1 to 32 characters"),
    ("Clean", "the schedule name may hold only a-z, 0-9 and '-'"),
    ("clean_up", "the schedule name may hold only a-z, 0-9 and '-'"),
    ("clean up", "the schedule name may hold only a-z, 0-9 and '-'"),
    ("clean.up", "the schedule name may hold only a-z, 0-9 and '-'"),
    ("été", "the schedule name may hold only a-z, 0-9 and '-'"),
    ("-clean", "the schedule name must start with a letter or digit"),
  ])
  func badNames(_ name: String, _ reason: String) {
    #expect(TaskSchedule.parse(name: name, "@daily CLEANING LOW Clean").said == ((reason)))
  }
}

@Suite struct ScheduleConfigFileTests {
  @Test func acceptsScheduleKeysWithoutReadingTheirValues() throws {
    let text = """
      db = /var/lib/vgk/vgk.sqlite
      schedule.clean = 0 7 * * mon-sat CLEANING LOW Clean the counter
      schedule.2-report = "@daily REPORTING HIGH Daily report"
      schedule.later = not a schedule at all
      """
    let values = try ConfigFile.parse(text).get()
    #expect(
      values == [
        "db": "/var/lib/vgk/vgk.sqlite", "schedule.clean": "0 7 * * mon-sat CLEANING LOW Clean the counter",
        "schedule.2-report": "@daily REPORTING HIGH Daily report", "schedule.later": "not a schedule at all",
      ])
  }

  @Test(arguments: [
    ("schedule.Clean = @daily CLEANING LOW x", "'schedule.Clean': the schedule name may hold only a-z, 0-9 and '-'"),
    ("schedule.NAME = @daily CLEANING LOW x", "'schedule.NAME': the schedule name may hold only a-z, 0-9 and '-'"),
    ("schedule.a.b = @daily CLEANING LOW x", "'schedule.a.b': the schedule name may hold only a-z, 0-9 and '-'"),
    ("schedule. = @daily CLEANING LOW x", "'schedule.': the schedule name must be 1 to 32 characters"),
    ("schedule.-x = @daily CLEANING LOW x", "'schedule.-x': the schedule name must start with a letter or digit"),
    (
      "schedule.\(String(repeating: "a", count: 33)) = @daily CLEANING LOW x",
      "'schedule.\(String(repeating: "a", count: 33))': the schedule name must be 1 to 32 characters"
    ),
    ("schedule.a = @daily CLEANING LOW x\nschedule.a = @hourly CLEANING LOW y", "'schedule.a' is set twice"),
    ("schedule.a =", "'schedule.a' has an empty value"),
  ])
  func refusesBadScheduleKeys(_ text: String, _ message: String) {
    let line = text.contains("\n") ? 2 : 1
    #expect(ConfigFile.parse("# schedules\n" + text) == .failure(ImportIssue(line: line + 1, message)))
  }

  @Test func otherKeysAreStillUnknown() {
    let known = ConfigFile.keys.map(\.key).joined(separator: ", ")
    #expect(known.hasSuffix(", schedule.NAME"))
    for key in ["schedules.a", "Schedule.a", "schedule"] {
      #expect(
        ConfigFile.parse("\(key) = x") == .failure(ImportIssue(line: 1, "unknown setting '\(key)' (known: \(known))")))
    }
  }

  @Test func documentsTheFamily() {
    let entry = ConfigFile.keys.first(where: { $0.key == "schedule.NAME" })
    #expect(
      entry?.meaning
        == "a recurring task: CRON TYPE PRIORITY TITLE, e.g. `0 7 * * mon-sat CLEANING LOW Clean the counter` (Douala time)"
    )
  }

  @Test func readsEverySchedule() throws {
    let config = [
      "db": "x", "schedule.report": "@daily REPORTING HIGH Daily report",
      "schedule.clean": "0 7 * * mon-sat CLEANING LOW Clean the counter",
      "schedule.count": "0 6 1 * * INVENTORY_COUNT MEDIUM Count the back room",
    ]
    let schedules = try ConfigFile.schedules(config).get()
    #expect(schedules.map(\.name) == ["clean", "count", "report"])
    #expect(schedules.map(\.cronText) == ["0 7 * * mon-sat", "0 6 1 * *", "@daily"])
    #expect(schedules.map(\.type) == [.cleaning, .inventoryCount, .reporting])
    #expect(schedules.map(\.title) == ["Clean the counter", "Count the back room", "Daily report"])
    #expect(try ConfigFile.schedules(["db": "x"]).get() == [])
    #expect(try ConfigFile.schedules([:]).get() == [])
  }

  @Test func namesTheBadSetting() {
    #expect(
      ConfigFile.schedules(["schedule.clean": "0 25 * * * CLEANING LOW Clean"]).said == (("schedule.clean: the hour field '25': 25 is outside 0-23")))
    // The first bad one by name is reported.
    #expect(
      ConfigFile.schedules(["schedule.b": "@daily CLEANING SOON x", "schedule.a": "@daily CLEANING LOW", "schedule.0": "@daily CLEANING LOW ok"]).said == (("schedule.a: the title is missing (expected CRON TYPE PRIORITY TITLE)")))
    #expect(
      ConfigFile.schedules(["schedule.Bad": "@daily CLEANING LOW x"]).said == (("schedule.Bad: the schedule name may hold only a-z, 0-9 and '-'")))
  }

  @Test func aWholeFileRoundTrips() throws {
    let text = "schedule.clean = \"0 7 * * mon-sat CLEANING LOW Clean the counter\"\nschedule.bad = 0 7 * * x CLEANING LOW y\n"
    let config = try ConfigFile.parse(text).get()
    #expect(
      ConfigFile.schedules(config).said == (("schedule.bad: the weekday field 'x': 'x' is not a number or a day name (sun-sat)")))
    let good = try ConfigFile.schedules(config.filter { $0.key != "schedule.bad" }).get()
    #expect(good.first?.cron.next(after: at("2026-11-22T12:00:00+01:00"))?.iso8601 == "2026-11-23T07:00:00+01:00")
  }
}
