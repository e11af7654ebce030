import StaffDomain

/// What a cell means, not how it looks: the ncurses adapter maps roles to colours (or to plain
/// attributes on a monochrome terminal).
public enum StyleRole: String, Sendable, CaseIterable, Equatable {
  case normal, title, selected, muted, warning, overdue, error, ok

  /// One letter per role, for the role layer of golden screens.
  public var letter: Character {
    switch self {
    case .normal: "."
    case .title: "t"
    case .selected: "s"
    case .muted: "m"
    case .warning: "w"
    case .overdue: "o"
    case .error: "e"
    case .ok: "k"
    }
  }
}

/// One column of the screen. A cluster two columns wide (漢, 👍🏽) sits in its cell with width 2,
/// and the cell to its right is its continuation.
public struct Cell: Sendable, Equatable {
  /// A grapheme cluster, already made safe for a terminal (`TextWidth.shown`).
  public var character: Character
  public var role: StyleRole
  /// The right half of a double-width character drawn in the cell to the left: not drawn.
  public var continuation: Bool
  /// Columns the character takes: 1, or 2 for a wide one (0 in a continuation).
  public var width: Int
  public init(_ character: Character = " ", _ role: StyleRole = .normal, continuation: Bool = false) {
    self.character = continuation ? " " : TextWidth.shown(character)
    self.role = role
    self.continuation = continuation
    width = continuation ? 0 : TextWidth.columns(self.character)
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

/// A rectangle of the screen.
public struct Area: Sendable, Equatable {
  public var row: Int
  public var column: Int
  public var width: Int
  public var height: Int
  public init(row: Int, column: Int, width: Int, height: Int) {
    self.row = row
    self.column = column
    self.width = max(0, width)
    self.height = max(0, height)
  }
}

extension String {
  /// The text cut to `width` columns, with `…` where it was cut (a wide character that would
  /// straddle the cut goes too).
  public func clipped(to width: Int) -> String {
    guard width > 0 else { return "" }
    guard cellWidth > width else { return self }
    var out = ""
    var used = 0
    for ch in self {
      let w = ch.cellWidth
      if used + w > width - 1 { break }
      out.append(ch)
      used += w
    }
    return out + "…"
  }

  /// The text cut or padded with spaces to exactly `width` columns.
  public func padded(to width: Int) -> String {
    let c = clipped(to: width)
    return c + String(repeating: " ", count: max(0, width - c.cellWidth))
  }

  /// Right-aligned in `width` columns.
  public func rightAligned(in width: Int) -> String {
    let c = clipped(to: width)
    return String(repeating: " ", count: max(0, width - c.cellWidth)) + c
  }
}

/// A grid of cells: what `render` produces and what the adapter copies to the terminal. Its text
/// dump is what golden-screen tests compare.
public struct Screen: Sendable, Equatable {
  public let size: Size
  public private(set) var cells: [Cell]
  /// The question drawn on this screen, in full: what `y`, `n` and the digits answer. Tests check
  /// that every write a key makes acts on what it names.
  public var question: String?

  public init(_ size: Size) {
    self.size = Size(columns: max(0, size.columns), rows: max(0, size.rows))
    cells = Array(repeating: Cell(), count: self.size.columns * self.size.rows)
  }

  public subscript(row: Int, column: Int) -> Cell {
    get { cells[row * size.columns + column] }
    set { cells[row * size.columns + column] = newValue }
  }

  /// Writes `text` from (row, column), one grapheme cluster per cell (two for a wide one),
  /// clipped at the right edge (and at `limit` columns when given). Control and formatting
  /// characters become spaces so nothing from the data can move the terminal's cursor
  /// (`TextWidth.shown`). A double-width character that would not fit leaves a space.
  public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole = .normal, limit: Int? = nil) {
    guard row >= 0 && row < size.rows else { return }
    let end = min(size.columns, limit.map { column + $0 } ?? size.columns)
    var c = column
    for ch in text {
      guard c < end else { break }
      let cell = Cell(ch, role)
      guard c + cell.width <= end else {
        if c >= 0 { store(Cell(" ", role), row: row, column: c) }
        break
      }
      if c >= 0 {
        store(cell, row: row, column: c)
      } else if c + cell.width > 0 {
        // Half of a wide character left of the edge: its visible half is a space.
        store(Cell(" ", role), row: row, column: 0)
      }
      c += cell.width
    }
  }

  /// Puts a cell (and the continuation of a wide one), so that no half of a wide character is
  /// left behind: overwriting either half of one turns the other half into a space.
  mutating func store(_ cell: Cell, row: Int, column: Int) {
    func clear(_ c: Int) {
      guard c >= 0 && c < size.columns else { return }
      let old = self[row, c]
      if old.continuation && c > 0 && self[row, c - 1].width == 2 { self[row, c - 1] = Cell(" ", self[row, c - 1].role) }
      if old.width == 2 && c + 1 < size.columns && self[row, c + 1].continuation { self[row, c + 1] = Cell(" ", self[row, c + 1].role) }
    }
    clear(column)
    if cell.width == 2 { clear(column + 1) }
    self[row, column] = cell
    if cell.width == 2 { self[row, column + 1] = Cell(" ", cell.role, continuation: true) }
  }

  /// Fills a row, or part of it, with blanks of one role (e.g. a bar).
  public mutating func fill(row: Int, role: StyleRole, from column: Int = 0, width: Int? = nil) {
    guard row >= 0 && row < size.rows else { return }
    let end = min(size.columns, column + (width ?? size.columns))
    guard column < end else { return }
    for c in max(0, column)..<end { store(Cell(" ", role), row: row, column: c) }
  }

  /// Changes the role of cells without touching their characters.
  public mutating func paint(row: Int, from column: Int, width: Int, role: StyleRole) {
    guard row >= 0 && row < size.rows else { return }
    let end = min(size.columns, column + width)
    guard column < end else { return }
    for c in max(0, column)..<end { self[row, c].role = role }
  }

  /// The screen as plain text, one line per row, trailing spaces removed.
  public var text: String {
    (0..<size.rows).map { r in
      var line = String((0..<size.columns).compactMap { self[r, $0].continuation ? nil : self[r, $0].character })
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }

  /// The roles, one letter per cell (see `StyleRole.letter`), trailing normal cells removed:
  /// the second layer of a golden screen.
  public var roles: String {
    (0..<size.rows).map { r in
      var line = String((0..<size.columns).map { self[r, $0].role.letter })
      while line.last == "." { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
