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

public struct Cell: Sendable, Equatable {
  public var character: Character
  public var role: StyleRole
  /// The right half of a double-width character drawn in the cell to the left: not drawn.
  public var continuation: Bool
  public init(_ character: Character = " ", _ role: StyleRole = .normal, continuation: Bool = false) {
    self.character = character
    self.role = role
    self.continuation = continuation
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

extension Character {
  /// Columns the character takes on a terminal: 2 for East Asian wide and emoji, 1 otherwise
  /// (combining marks travel inside the character, so `é` written as e + U+0301 is still 1).
  public var cellWidth: Int {
    guard let first = unicodeScalars.first else { return 1 }
    if first.properties.isEmojiPresentation { return 2 }
    switch first.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }

  /// Safe to send to a terminal as is: no control or formatting characters (a right-to-left
  /// override in a customer's name must not reorder the screen).
  var isSafeOnScreen: Bool {
    unicodeScalars.allSatisfy {
      switch $0.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
      default: true
      }
    }
  }
}

extension String {
  /// Columns the text takes on a terminal.
  public var cellWidth: Int { reduce(0) { $0 + ($1.isSafeOnScreen ? $1.cellWidth : 1) } }

  /// The text cut to `width` columns, with `…` where it was cut.
  public func clipped(to width: Int) -> String {
    guard width > 0 else { return "" }
    guard cellWidth > width else { return self }
    var out = ""
    var used = 0
    for ch in self {
      let w = ch.isSafeOnScreen ? ch.cellWidth : 1
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

  /// Writes `text` from (row, column), clipped at the right edge (and at `limit` columns when
  /// given); control and formatting characters become spaces so nothing from the data can move
  /// the terminal's cursor. A double-width character that would not fit is left out.
  public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole = .normal, limit: Int? = nil) {
    guard row >= 0 && row < size.rows else { return }
    let end = min(size.columns, limit.map { column + $0 } ?? size.columns)
    var c = column
    for ch in text {
      let safe: Character = ch.isSafeOnScreen ? ch : " "
      let w = safe.cellWidth
      guard c + w <= end else { break }
      if c >= 0 {
        self[row, c] = Cell(safe, role)
        if w == 2 { self[row, c + 1] = Cell(" ", role, continuation: true) }
      }
      c += w
    }
  }

  /// Fills a row, or part of it, with blanks of one role (e.g. a bar).
  public mutating func fill(row: Int, role: StyleRole, from column: Int = 0, width: Int? = nil) {
    guard row >= 0 && row < size.rows else { return }
    let end = min(size.columns, column + (width ?? size.columns))
    guard column < end else { return }
    for c in max(0, column)..<end { self[row, c] = Cell(" ", role) }
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
