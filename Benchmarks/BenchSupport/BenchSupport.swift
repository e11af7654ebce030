// What the benchmarks share: a seeded generator, the monotonic clock, percentiles, the command
// line's flags, failing with a message, and the results file `make bench` reads.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Prints `message` on standard error, after the program's name, and exits with status 2.
public func fail(_ message: String) -> Never {
  let name = (CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent }) ?? "bench"
  FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
  exit(2)
}

/// Milliseconds on the monotonic clock.
public func milliseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

/// The nearest-rank percentile `p` (0 to 1) of `values`; 0 without values.
public func percentile(_ values: [Double], _ p: Double) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
  return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// SplitMix64: a tiny seeded generator, so that two runs build the same database.
public struct SplitMix64: RandomNumberGenerator {
  public var state: UInt64
  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A value of `choices`, each as likely as its weight.
  public mutating func pick<T>(_ choices: [(T, Int)]) -> T {
    var r = Int.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &self)
    for (value, weight) in choices {
      if r < weight { return value }
      r -= weight
    }
    return choices[choices.count - 1].0
  }

  /// A whole number in `0...n` (0 when `n` is not positive).
  public mutating func upTo(_ n: Int64) -> Int64 { n > 0 ? Int64.random(in: 0...n, using: &self) : 0 }

  /// True with probability `p`.
  public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

  /// An index of a collection of `count` elements (`count` > 0).
  public mutating func index(_ count: Int) -> Int { Int.random(in: 0..<count, using: &self) }
}

/// Reads `--flag N` and `--flag TEXT` options; an unknown one, or a missing or small value, fails
/// with the usage line.
public struct Flags {
  var args: ArraySlice<String>
  let usage: String

  public init(_ arguments: [String], usage: String) {
    args = arguments[...]
    self.usage = usage
  }

  /// The next flag (`-h` and `--help` print the usage and exit).
  public mutating func next() -> String? {
    guard let arg = args.popFirst() else { return nil }
    if arg == "-h" || arg == "--help" {
      print(usage)
      exit(0)
    }
    return arg
  }

  public mutating func number(_ flag: String, min: Int) -> Int {
    guard let n = args.popFirst().flatMap({ Int($0) }), n >= min else { fail("\(flag) needs a number of at least \(min); \(usage)") }
    return n
  }

  public mutating func text(_ flag: String) -> String {
    guard let t = args.popFirst(), !t.isEmpty else { fail("\(flag) needs a value; \(usage)") }
    return t
  }

  public func unknown(_ arg: String) -> Never { fail("unknown argument \(arg); \(usage)") }
}

/// The machine-readable side of a benchmark (its `--results FILE`), for `make bench`: one JSON
/// object a line, as Benchmarks/benchresults.py writes them and Benchmarks/report.py reads them.
public struct ResultsFile {
  public enum Better: String, Sendable { case lower, higher }
  /// What a goal is on: our figure, or the ratio of ours to the peer's.
  public enum GoalOf: String, Sendable { case ours, ratio }

  let bench: String
  var lines: [[String: Any]] = []

  public init(bench: String) { self.bench = bench }

  /// What the run was: the build, its arguments, one line about its size, notes.
  public mutating func meta(build: String, args: String, about: String, notes: [String] = []) {
    lines.append(["bench": bench, "meta": ["build": build, "args": args, "about": about, "notes": notes]])
  }

  /// One figure of ours (nil when only the peer has it), with the peer's and the goal when there are.
  public mutating func add(
    _ measure: String, ours: Double?, unit: String, better: Better, peer: String? = nil, peerValue: Double? = nil,
    goal: String? = nil, goalValue: Double? = nil, goalOf: GoalOf = .ours
  ) {
    var line: [String: Any] = [
      "bench": bench, "measure": measure, "ours": Self.number(ours), "unit": unit, "better": better.rawValue,
    ]
    if let peer {
      line["peer"] = peer
      line["peer_value"] = Self.number(peerValue)
    }
    if let goal { line["goal"] = goal }
    if let goalValue {
      line["goal_value"] = Self.number(goalValue)
      line["goal_of"] = goalOf.rawValue
    }
    lines.append(line)
  }

  /// Writes the lines to `path` at once (a temporary file renamed), so that a run that fails
  /// midway leaves no half a file.
  public func write(to path: String) throws {
    var data = Data()
    for line in lines {
      data += try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
      data.append(0x0A)
    }
    let temporary = path + ".tmp"
    try data.write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, path) == 0 else { throw ResultsError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
  }

  struct ResultsError: Error, CustomStringConvertible {
    var description: String
  }

  /// A finite number, or JSON's null for NaN, infinity and nil.
  static func number(_ value: Double?) -> Any {
    guard let value, value.isFinite else { return NSNull() }
    return value
  }
}
