import Foundation
import Testing

/// Golden files as text (tig's way): a test renders what it checks to text and compares it with a
/// file kept beside the tests. `RECORD_SNAPSHOTS=1 swift test --filter X` writes the files anew;
/// read every rewritten file before committing it.
public struct GoldenFiles: Sendable {
  /// The folder holding the files.
  public let directory: String
  /// The files' extension, without the dot (`screen`, `txt`).
  public let fileExtension: String
  /// The suite to name in the hint for recording (`GoldenScreenTests`).
  public let suite: String

  /// `folder` is a folder beside `file` (pass `#filePath`).
  public init(_ folder: String, besides file: String, fileExtension: String, suite: String) {
    directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(folder).path
    self.fileExtension = fileExtension
    self.suite = suite
  }

  /// Whether this run records goldens instead of checking them.
  public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

  public func path(_ name: String) -> String { directory + "/" + name + "." + fileExtension }

  /// Compares `actual` with the golden `name`, or writes it when recording. A difference is
  /// recorded as an issue that shows the first differing line.
  public func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let file = path(name)
    if Self.recording {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try actual.write(toFile: file, atomically: true, encoding: .utf8)
      } catch {
        Issue.record("cannot record \(file): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected = try? String(contentsOfFile: file, encoding: .utf8) else {
      Issue.record(
        "no golden \(name).\(fileExtension): run RECORD_SNAPSHOTS=1 swift test --filter \(suite)", sourceLocation: sourceLocation)
      return
    }
    if let difference = Self.difference(expected: expected, actual: actual) {
      Issue.record(
        """
        \(name).\(fileExtension) differs \(difference)
        If the change is right: RECORD_SNAPSHOTS=1 swift test --filter \(suite), then review the diff.
        """, sourceLocation: sourceLocation)
    }
  }

  /// Where two texts first differ, as "from line N:" with both lines; nil when they are equal.
  public static func difference(expected: String, actual: String) -> String? {
    guard expected != actual else { return nil }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
    return """
      from line \(first + 1):
      expected: \(first < e.count ? String(e[first]) : "(end)")
      actual:   \(first < a.count ? String(a[first]) : "(end)")
      """
  }
}
