/// Times left and lengths of time as the console and the command line show them.
public enum Durations {
  /// An SLA countdown to the minute: `1 h 12 min`, `-0 h 05 min` when late (a minute begun
  /// counts), `2 d 4 h` (fr `2 j 4 h`) beyond a day.
  public static func countdown(_ seconds: Int64, _ language: Language) -> String {
    let late = seconds < 0
    // The magnitude of Int64.min does not fit: such a time is as late as can be shown.
    let magnitude = seconds == .min ? Int64.max : abs(seconds)
    let minutes = late ? magnitude / 60 + (magnitude % 60 == 0 ? 0 : 1) : seconds / 60
    let sign = late ? "-" : ""
    if minutes >= 24 * 60 {
      let d = minutes / (24 * 60), h = minutes % (24 * 60) / 60
      return "\(sign)\(d) \(language == .fr ? "j" : "d") \(h) h"
    }
    let h = minutes / 60, m = minutes % 60
    return "\(sign)\(h) h \(m < 10 ? "0" : "")\(m) min"
  }

  /// A length of time to the minute: `2 h`, `1 h 30 min`, `45 min`.
  public static func span(_ seconds: Int64) -> String {
    let minutes = seconds / 60
    let h = minutes / 60, m = minutes % 60
    return m == 0 ? "\(h) h" : h == 0 ? "\(m) min" : "\(h) h \(m) min"
  }
}
