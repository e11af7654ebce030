import StaffDomain

/// A text field of several lines: a reply to a customer, typed at the counter. Characters, not
/// bytes: the cursor moves over `é`, `œ`, `’` or an emoji as over `e`. Lines are wrapped at spaces
/// for display (`rows(width:)`); a no-break space, as before `!` or after `«`, does not break.
public struct TextArea: Sendable, Equatable {
  /// The text, one array of characters per line, without the newlines. Never empty.
  public private(set) var lines: [[Character]] = [[]]
  /// The cursor's line.
  public private(set) var line = 0
  /// The cursor's column in its line, in characters: 0 is before the first.
  public private(set) var column = 0
  /// Most characters, newlines included (what `string.count` may reach).
  public let capacity: Int
  public static let maxLines = 50
  /// The cell column that Up and Down aim for while they repeat, so that crossing a short row
  /// does not lose the column.
  private var goal: Int?

  /// The text with control characters left out (a `\r\n` becomes a newline, a tab a space, a
  /// terminal escape loses its ESC), cut at the capacity and at `maxLines`; the cursor at the end.
  public init(_ text: String = "", capacity: Int = 2000) {
    self.capacity = max(0, capacity)
    var cleaned = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A, 0x2028, 0x2029: cleaned.append("\n")
      case 0x09: cleaned.append(" ")
      // Bidirectional overrides and isolates: they would reorder what the screen shows.
      case 0x202A...0x202E, 0x2066...0x2069: continue
      default: if scalar.properties.generalCategory != .control { cleaned.append(scalar) }
      }
    }
    var used = 0
    for ch in String(cleaned) {
      guard used < self.capacity else { break }
      if ch == "\n" {
        guard lines.count < Self.maxLines else { break }
        lines.append([])
      } else {
        lines[lines.count - 1].append(ch)
      }
      used += 1
    }
    line = lines.count - 1
    column = lines[line].count
  }

  /// The lines joined by newlines.
  public var string: String { lines.map { String($0) }.joined(separator: "\n") }

  /// Characters, newlines included.
  public var count: Int { lines.reduce(0) { $0 + $1.count } + lines.count - 1 }

  /// Nothing but spaces and newlines: nothing to send.
  public var isBlank: Bool { lines.allSatisfy { $0.allSatisfy(\.isWhitespace) } }

  /// Applies an editing key; false when the key does not edit (Esc, Tab, F1…). Up and Down move
  /// by logical line; `edit(_:width:)` moves them by wrapped row.
  public mutating func edit(_ key: Key) -> Bool { apply(key, width: .max) }

  /// Applies an editing key, Up and Down moving by one row as wrapped at `width` cells (the
  /// width the area is drawn at), to the cell column nearest the one they started from.
  public mutating func edit(_ key: Key, width: Int) -> Bool { apply(key, width: width) }

  private mutating func apply(_ key: Key, width: Int) -> Bool {
    switch key {
    case .named(.up):
      moveVertically(-1, width: width)
      return true
    case .named(.down):
      moveVertically(1, width: width)
      return true
    default: break
    }
    let current = lines[line]
    switch key {
    case .character(let c):
      guard Self.isTypable(c) else { return false }
      insert(c)
    case .named(.space): insert(" ")
    case .named(.enter):
      guard lines.count < Self.maxLines, count < capacity else { return true }
      lines[line] = Array(current[..<column])
      lines.insert(Array(current[column...]), at: line + 1)
      line += 1
      column = 0
    case .named(.backspace): backspace()
    case .named(.delete): deleteForward()
    case .named(.left):
      if column > 0 {
        column -= 1
      } else if line > 0 {
        line -= 1
        column = lines[line].count
      }
    case .named(.right):
      if column < current.count {
        column += 1
      } else if line < lines.count - 1 {
        line += 1
        column = 0
      }
    case .named(.home), .control("a"): column = 0
    case .named(.end), .control("e"): column = current.count
    case .control("u"):
      lines[line] = []
      column = 0
    case .control("k"):
      // At the end of a line, joins the next one (as Emacs does).
      if column < current.count { lines[line] = Array(current[..<column]) } else { deleteForward() }
    case .control("w"):
      guard column > 0 else {
        backspace()
        break
      }
      var start = column
      while start > 0 && current[start - 1].isWhitespace { start -= 1 }
      while start > 0 && !current[start - 1].isWhitespace { start -= 1 }
      set(line, before: current[..<start], after: current[column...])
    default:
      return false
    }
    goal = nil
    return true
  }

  /// A character a key may insert: no newline, no control, no bidirectional override.
  static func isTypable(_ c: Character) -> Bool {
    !c.isNewline
      && c.unicodeScalars.allSatisfy {
        $0.properties.generalCategory != .control && !(0x202A...0x202E).contains($0.value)
          && !(0x2066...0x2069).contains($0.value)
      }
  }

  private mutating func insert(_ c: Character) {
    let current = lines[line]
    let before = Array(current[..<column]) + [c]
    let grown = String(before) + String(current[column...])
    // A combining accent typed after its letter joins it and takes no room.
    guard count - current.count + grown.count <= capacity else { return }
    set(line, before: before, after: current[column...])
  }

  private mutating func backspace() {
    let current = lines[line]
    if column > 0 {
      set(line, before: current[..<(column - 1)], after: current[column...])
    } else if line > 0 {
      lines.remove(at: line)
      line -= 1
      set(line, before: lines[line], after: current)
    }
  }

  private mutating func deleteForward() {
    let current = lines[line]
    if column < current.count {
      set(line, before: current[..<column], after: current[(column + 1)...])
    } else if line < lines.count - 1 {
      let next = lines.remove(at: line + 1)
      set(line, before: current, after: next)
    }
  }

  /// Sets line `i` to `before` and `after`, the cursor between them. Characters that meet and
  /// form one (a letter and a lone accent, two halves of a flag) become one, so that `lines`
  /// always reads back the same from `string`.
  private mutating func set(_ i: Int, before: some Sequence<Character>, after: some Sequence<Character>) {
    let head = String(before)
    let joined = Array(head + String(after))
    lines[i] = joined
    column = min(head.count, joined.count)
  }

  private mutating func moveVertically(_ delta: Int, width: Int) {
    let rows = rows(width: width)
    let (r, cells) = position(in: rows)
    let target = r + delta
    guard rows.indices.contains(target) else { return }
    let want = goal ?? cells
    let row = rows[target]
    let endsLine = target == rows.count - 1 || rows[target + 1].line != row.line
    // Past a wrapped row's last character is the next row's first: stop on that character.
    let limit = endsLine ? row.characters.count : max(0, row.characters.count - 1)
    var i = 0
    var used = 0
    while i < limit, used + Self.cells(row.characters[i]) <= want {
      used += Self.cells(row.characters[i])
      i += 1
    }
    line = row.line
    column = row.start + i
    goal = want
  }

  // MARK: Wrapping

  /// A row of the text as drawn: part of one line.
  public struct Row: Sendable, Equatable {
    /// The line it belongs to.
    public var line: Int
    /// Where it starts in that line, in characters.
    public var start: Int
    public var characters: [Character]

    public init(line: Int, start: Int, characters: [Character]) {
      self.line = line
      self.start = start
      self.characters = characters
    }

    /// Just past its last character, in the line.
    public var end: Int { start + characters.count }
    public var text: String { String(characters) }
  }

  /// The lines wrapped at spaces to rows of `width` cells (a wide character takes 2). A row's
  /// text takes at most `width - 1` cells; the last cell is for the space it breaks at or for the
  /// cursor at the end of the line, so the cursor is always inside the area. A word longer than
  /// that is cut. An empty line is one empty row.
  public func rows(width: Int) -> [Row] {
    var rows: [Row] = []
    for (i, characters) in lines.enumerated() {
      for range in Self.wrap(characters, width: width) {
        rows.append(Row(line: i, start: range.lowerBound, characters: Array(characters[range])))
      }
    }
    return rows
  }

  /// The cursor's row in `rows(width:)` and its column there, in cells.
  public func cursorPosition(width: Int) -> (row: Int, column: Int) {
    let (row, cells) = position(in: rows(width: width))
    return (row, cells)
  }

  private func position(in rows: [Row]) -> (Int, Int) {
    // The last of the line's rows that starts at or before the cursor: at the end of a wrapped
    // row, the cursor is at the start of the next one.
    let r = rows.lastIndex { $0.line == line && $0.start <= column } ?? 0
    guard rows.indices.contains(r) else { return (0, 0) }
    let row = rows[r]
    return (r, row.characters.prefix(max(0, column - row.start)).reduce(0) { $0 + Self.cells($1) })
  }

  /// Where a line breaks, as ranges of characters.
  static func wrap(_ characters: [Character], width: Int) -> [Range<Int>] {
    guard !characters.isEmpty else { return [0..<0] }
    let room = max(1, width - 1)
    var ranges: [Range<Int>] = []
    var start = 0
    while start < characters.count {
      var end = start
      var used = 0
      // At least one character per row, however narrow.
      while end < characters.count, end == start || used + cells(characters[end]) <= room {
        used += cells(characters[end])
        end += 1
      }
      if end < characters.count {
        if characters[end] == " " && end + 1 < characters.count {
          end += 1
        } else if let space = characters[(start + 1)..<end].lastIndex(of: " ") {
          end = space + 1
        }
      }
      ranges.append(start..<end)
      start = end
    }
    return ranges
  }

  /// Cells a character takes on the screen, as `Screen.put` draws it.
  static func cells(_ c: Character) -> Int { c.cellWidth }

  // MARK: Drawing

  /// The wrapped rows in `area`, scrolled so that the cursor's row is the last one shown when it
  /// is below the first `area.height`. The character under the cursor is reversed, as in the
  /// one-line field; at the end of a line, a reversed space.
  public func draw(in area: Area, screen: inout Screen, role: StyleRole = .normal) {
    guard area.width > 0, area.height > 0 else { return }
    let rows = rows(width: area.width)
    let (cursorRow, _) = position(in: rows)
    let top = max(0, cursorRow - area.height + 1)
    let right = area.column + area.width
    for r in 0..<area.height {
      let y = area.row + r
      screen.fill(row: y, role: role, from: area.column, width: area.width)
      guard top + r < rows.count else { continue }
      let row = rows[top + r]
      let hasCursor = top + r == cursorRow
      var x = area.column
      for (i, ch) in row.characters.enumerated() {
        let role = hasCursor && row.start + i == column ? .selected : role
        screen.put(String(ch), row: y, column: x, role: role, limit: right - x)
        x += Self.cells(ch)
      }
      if hasCursor && column == row.end { screen.put(" ", row: y, column: min(x, right - 1), role: .selected) }
    }
  }
}
