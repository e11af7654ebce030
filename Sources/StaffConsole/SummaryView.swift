import StaffDomain

/// The figures a summary screen shows. Filled by the executable from the store; the console core
/// stays free of the database.
public struct SummaryFigures: Sendable, Equatable {
  public var pointCode: String
  public var pointName: String
  public var databasePath: String
  public var lines: [(label: String, value: String, role: StyleRole)]

  public init(pointCode: String, pointName: String, databasePath: String, lines: [(String, String, StyleRole)]) {
    self.pointCode = pointCode
    self.pointName = pointName
    self.databasePath = databasePath
    self.lines = lines.map { (label: $0.0, value: $0.1, role: $0.2) }
  }

  public static func == (a: SummaryFigures, b: SummaryFigures) -> Bool {
    a.pointCode == b.pointCode && a.pointName == b.pointName && a.databasePath == b.databasePath
      && a.lines.elementsEqual(b.lines, by: { $0.label == $1.label && $0.value == $1.value && $0.role == $1.role })
  }
}

/// The summary screen shown until the full console lands: a top bar with the point and the
/// clock, what the database holds, and the key to leave.
public enum SummaryView {
  public static let minimum = Size(columns: 80, rows: 24)

  public static func render(_ figures: SummaryFigures, now: Timestamp, size: Size) -> Screen {
    var s = Screen(size)
    guard size.columns >= minimum.columns && size.rows >= minimum.rows else {
      s.put("Terminal too small: \(size.columns)x\(size.rows),", row: 0, column: 0, role: .warning)
      s.put("need at least 80x24.", row: 1, column: 0, role: .warning)
      return s
    }
    s.fill(row: 0, role: .title)
    s.put(" VGK Staff  \(figures.pointCode)  \(figures.pointName)", row: 0, column: 0, role: .title)
    let clock = now.douala + " "
    s.put(clock, row: 0, column: size.columns - clock.count, role: .title)
    s.put("What this database holds", row: 2, column: 2, role: .title)
    for (i, line) in figures.lines.prefix(size.rows - 6).enumerated() {
      s.put(line.label, row: 4 + i, column: 4, role: .normal)
      s.put(line.value, row: 4 + i, column: 36, role: line.role)
    }
    s.put(figures.databasePath, row: size.rows - 3, column: 2, role: .muted)
    s.fill(row: size.rows - 1, role: .muted)
    s.put(" q quit", row: size.rows - 1, column: 0, role: .muted)
    return s
  }
}
