/// What a cell means, not how it looks: the ncurses adapter maps roles to colours (or to plain
/// attributes on a monochrome terminal).
public enum StyleRole: String, Sendable, CaseIterable, Equatable {
  case normal, title, selected, muted, warning, overdue, error, ok
}

public struct Cell: Sendable, Equatable {
  public var character: Character
  public var role: StyleRole
  public init(_ character: Character = " ", _ role: StyleRole = .normal) {
    self.character = character
    self.role = role
  }
}

public struct Size: Sendable, Equatable {
  public var columns: Int
  public var rows: Int
  public init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
  }
}

/// A grid of cells: what `render` produces and what the adapter copies to the terminal. Its text
/// dump is what golden-screen tests compare.
public struct Screen: Sendable, Equatable {
  public let size: Size
  public private(set) var cells: [Cell]

  public init(_ size: Size) {
    self.size = Size(columns: max(0, size.columns), rows: max(0, size.rows))
    cells = Array(repeating: Cell(), count: self.size.columns * self.size.rows)
  }

  public subscript(row: Int, column: Int) -> Cell {
    get { cells[row * size.columns + column] }
    set { cells[row * size.columns + column] = newValue }
  }

  /// Writes `text` from (row, column), clipped at the right edge; control characters become
  /// spaces so nothing from the data can move the terminal's cursor.
  public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole = .normal) {
    guard row >= 0 && row < size.rows else { return }
    var c = column
    for ch in text {
      guard c < size.columns else { break }
      if c >= 0 {
        let safe: Character = ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) ? ch : " "
        self[row, c] = Cell(safe, role)
      }
      c += 1
    }
  }

  /// Fills a row with one role (e.g. a bar).
  public mutating func fill(row: Int, role: StyleRole) {
    guard row >= 0 && row < size.rows else { return }
    for c in 0..<size.columns { self[row, c].role = role }
  }

  /// The screen as plain text, one line per row, trailing spaces removed.
  public var text: String {
    (0..<size.rows).map { r in
      var line = String((0..<size.columns).map { self[r, $0].character })
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
