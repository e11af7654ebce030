/// A point in time as whole seconds since 1970-01-01T00:00:00Z. The domain never reads a clock:
/// "now" is always passed in as one of these.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public var seconds: Int64
  public init(seconds: Int64) { self.seconds = seconds }

  public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }
  public static func + (t: Timestamp, s: Int64) -> Timestamp { Timestamp(seconds: t.seconds + s) }
  public static func - (a: Timestamp, b: Timestamp) -> Int64 { a.seconds - b.seconds }

  /// Africa/Douala is UTC+1 all year (no daylight saving).
  public static let doualaOffset: Int64 = 3600

  /// Strict ISO 8601: `2026-11-20T09:30:00+01:00` or `2026-11-20T08:30:00Z`. Seconds and an
  /// offset are required, so a file can never be read in the wrong time zone.
  public static func parse(_ text: String) -> Result<Timestamp, FieldError> {
    let b = Array(text.utf8)
    let bad = FieldError(.timeInvalid, .text(text))
    guard b.count == 20 || b.count == 25 else { return .failure(bad) }
    func num(_ r: Range<Int>) -> Int64? {
      var v: Int64 = 0
      for i in r {
        guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
        v = v * 10 + Int64(b[i] - 0x30)
      }
      return v
    }
    guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A,
      let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
      let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19)
    else { return .failure(bad) }
    var offset: Int64 = 0
    if b.count == 20 {
      guard b[19] == 0x5A else { return .failure(bad) }
    } else {
      guard b[19] == 0x2B || b[19] == 0x2D, b[22] == 0x3A, let oh = num(20..<22), let om = num(23..<25),
        oh <= 14, om < 60
      else { return .failure(bad) }
      offset = (oh * 3600 + om * 60) * (b[19] == 0x2D ? -1 : 1)
    }
    guard (1970...9999).contains(y), (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y),
      h < 24, mi < 60, s < 60
    else { return .failure(FieldError(.timeImpossible, .text(text))) }
    let days = daysFromCivil(y, mo, d)
    return .success(Timestamp(seconds: days * 86400 + h * 3600 + mi * 60 + s - offset))
  }

  /// ISO 8601 in Douala time, `2026-11-20T09:30:00+01:00`.
  public var iso8601: String {
    let p = Self.civil(seconds + Self.doualaOffset)
    return "\(pad(p.y, 4))-\(pad(p.mo))-\(pad(p.d))T\(pad(p.h)):\(pad(p.mi)):\(pad(p.s))+01:00"
  }

  /// `2026-11-20 09:30` in Douala time, for screens.
  public var douala: String {
    let p = Self.civil(seconds + Self.doualaOffset)
    return "\(pad(p.y, 4))-\(pad(p.mo))-\(pad(p.d)) \(pad(p.h)):\(pad(p.mi))"
  }

  public var description: String { iso8601 }

  // MARK: Civil calendar (Howard Hinnant's days_from_civil / civil_from_days)

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civil(_ t: Int64) -> (y: Int64, mo: Int64, d: Int64, h: Int64, mi: Int64, s: Int64) {
    let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
    let rem = t - days * 86400
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, rem / 3600, rem % 3600 / 60, rem % 60)
  }
}

private func pad(_ v: Int64, _ width: Int = 2) -> String {
  let s = String(v)
  return String(repeating: "0", count: max(0, width - s.count)) + s
}
