import StaffDomain

/// Where things go on the screen. Row 0 is the top bar, row 1 the tabs; the last row is the key
/// hints and the one above it the message (or the line being typed). Between them, a pane: a
/// list with a header row, and the selected row's detail, side by side from 120 columns, one
/// above the other below that.
public enum Layout {
  public static let minimum = Size(columns: 80, rows: 24)
  /// From this width the detail sits beside the list.
  public static let sideBySide = 120
  public static let detailWidth = 52

  public static func fits(_ size: Size) -> Bool { size.columns >= minimum.columns && size.rows >= minimum.rows }

  public static func body(_ size: Size) -> Area { Area(row: 2, column: 0, width: size.columns, height: size.rows - 4) }

  /// The list (its first row is the column header) and the detail.
  public static func panes(_ size: Size, zoomed: Bool = false) -> (list: Area, detail: Area) {
    let b = body(size)
    if zoomed { return (Area(row: b.row, column: 0, width: 0, height: 0), b) }
    if size.columns >= sideBySide {
      let listWidth = size.columns - detailWidth - 1
      return (
        Area(row: b.row, column: 0, width: listWidth, height: b.height),
        Area(row: b.row, column: listWidth + 1, width: detailWidth, height: b.height)
      )
    }
    let listHeight = max(4, b.height * 9 / 20)
    return (
      Area(row: b.row, column: 0, width: size.columns, height: listHeight),
      Area(row: b.row + listHeight + 1, column: 0, width: size.columns, height: b.height - listHeight - 1)
    )
  }

  /// Rows of the list below its header: what page-up and page-down move by.
  public static func pageRows(_ size: Size) -> Int { max(1, panes(size).list.height - 1) }

  public static func messageRow(_ size: Size) -> Int { size.rows - 2 }
  public static func hintRow(_ size: Size) -> Int { size.rows - 1 }
}

/// A table's columns: fixed widths and one that takes the rest.
struct Columns {
  struct Column {
    var title: String
    /// nil: takes what the fixed columns leave.
    var width: Int?
    var right = false
  }
  var columns: [Column]

  /// The widths for a total width, one blank between columns.
  func widths(_ total: Int) -> [Int] {
    let fixed = columns.compactMap(\.width).reduce(0, +) + max(0, columns.count - 1)
    let flexible = max(4, total - fixed)
    return columns.map { $0.width ?? flexible }
  }

  /// Draws cells (text and role each) as one row from `area.column`.
  func draw(_ cells: [(String, StyleRole)], row: Int, in area: Area, screen: inout Screen, rowRole: StyleRole? = nil) {
    let widths = widths(area.width)
    if let rowRole { screen.fill(row: row, role: rowRole, from: area.column, width: area.width) }
    var c = area.column
    for (i, cell) in cells.enumerated() where i < widths.count {
      let w = widths[i]
      let text = columns[i].right ? cell.0.rightAligned(in: w) : cell.0.clipped(to: w)
      screen.put(text, row: row, column: c, role: rowRole ?? cell.1, limit: min(w, area.column + area.width - c))
      c += w + 1
      if c >= area.column + area.width { break }
    }
  }

  func header(row: Int, in area: Area, screen: inout Screen) {
    draw(columns.map { ($0.title, .muted) }, row: row, in: area, screen: &screen)
  }
}
