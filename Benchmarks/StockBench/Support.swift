// Clocks, percentiles and the table's cells.
import BenchSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// CPU milliseconds this process has used (every thread: a GRDB read may run on a reader queue).
func cpuMilliseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

/// Our side of one read measurement: wall and CPU milliseconds per call.
struct OurFigures {
  var wall: [Double] = []
  var cpu: [Double] = []
}

/// `1234567` as `1 234 567`.
func grouped(_ n: Double) -> String {
  let digits = String(Int(n.rounded()))
  var out = ""
  for (i, c) in digits.reversed().enumerated() {
    if i > 0 && i % 3 == 0 && c != "-" { out.append(" ") }
    out.append(c)
  }
  return String(out.reversed())
}

func ms(_ v: Double) -> String { String(format: "%.3f", v) }

/// One row of the table. `lowerIsBetter` for times, not for rates. `name` is what the table
/// prints; `measure` and `unit` are the same in the results file.
struct TableRow {
  var name: String
  var measure: String
  var unit: String
  var ours: Double?
  var shell: Double?
  var goal: Double?
  var lowerIsBetter: Bool
  var format: (Double) -> String

  var text: String {
    let o = ours.map(format) ?? "—"
    let s = shell.map(format) ?? "—"
    var ratio = "—"
    if let ours, let shell, shell > 0 { ratio = String(format: "%.2f", ours / shell) }
    var goalText = "—"
    var byGoal = "—"
    if let goal {
      goalText = (lowerIsBetter ? "≤ " : "≥ ") + format(goal)
      if let ours {
        let met = lowerIsBetter ? ours <= goal : ours >= goal
        byGoal = String(format: "%.2f", ours / goal) + (met ? " ✓" : " ✗")
      }
    }
    return "| \(name) | \(o) | \(s) | \(ratio) | \(goalText) | \(byGoal) |"
  }

  /// The row in the results file, next to the sqlite3 shell.
  func record(_ results: inout ResultsFile) {
    results.add(
      measure, ours: ours, unit: unit, better: lowerIsBetter ? .lower : .higher, peer: shell == nil ? nil : "sqlite3 shell",
      peerValue: shell, goal: goal.map { (lowerIsBetter ? "≤ " : "≥ ") + ($0 == $0.rounded() ? grouped($0) : "\($0)") + " " + unit },
      goalValue: goal)
  }
}
