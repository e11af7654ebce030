import StaffDomain

/// A pane's list: its items as last read, the selection, the filter and whether the detail
/// fills the pane. Shared by every pane; what an item shows is the pane's business.
public struct PaneList<Item: Identifiable & Equatable & Sendable>: Sendable, Equatable where Item.ID == Int64 {
  public var items: [Item] = []
  public var list = ListState()
  /// False until the first read arrives (the pane says "loading" rather than "empty").
  public var loaded = false
  /// The detail fills the pane (Enter); Esc goes back to the list.
  public var zoomed = false

  public init() {}

  /// The items the filter lets through, in order.
  func visible(_ text: (Item) -> String) -> [Item] {
    guard !list.filter.isEmpty else { return items }
    return items.filter { text($0).lowercased().contains(list.filter) }
  }

  func ids(_ text: (Item) -> String) -> [Int64] { visible(text).map(\.id) }

  var selectedItem: Item? { list.selected.flatMap { id in items.first { $0.id == id } } }

  /// New items from the store: the selection stays on its item.
  mutating func replace(_ new: [Item], _ text: (Item) -> String) {
    let previous = ids(text)
    items = new
    loaded = true
    list.reconcile(ids(text), previous: previous)
  }

  mutating func setFilter(_ filter: String, _ text: (Item) -> String) {
    let previous = ids(text)
    list.filter = filter.lowercased()
    list.reconcile(ids(text), previous: previous)
  }

  /// The list's own actions (moving, paging, opening and closing the detail); false for others.
  mutating func navigate(_ action: Action, page: Int, _ text: (Item) -> String) -> Bool {
    let ids = ids(text)
    switch action {
    case .moveUp: list.move(-1, in: ids)
    case .moveDown: list.move(1, in: ids)
    case .pageUp: list.move(-page, in: ids)
    case .pageDown: list.move(page, in: ids)
    case .first: list.select(index: 0, in: ids)
    case .last: list.select(index: ids.count - 1, in: ids)
    case .open:
      guard list.selected != nil else { return true }
      zoomed = true
    case .back:
      guard zoomed else { return false }
      zoomed = false
    default: return false
    }
    return true
  }
}

/// Drawing shared by the panes: the list with its header and the selection, the frame between
/// list and detail, and a message when there is nothing to list.
enum PaneDrawing {
  static func list<Item>(
    _ pane: PaneList<Item>, columns: Columns, rows: [Item], area: Area, screen: inout Screen, strings: Strings,
    empty: String, cells: (Item) -> [(String, StyleRole)], rowRole: (Item) -> StyleRole? = { _ in nil }
  ) {
    guard area.height > 0 else { return }
    columns.header(row: area.row, in: area, screen: &screen)
    let height = area.height - 1
    guard !rows.isEmpty else {
      let text = !pane.loaded ? strings[.detailLoading] : pane.list.filter.isEmpty ? empty : strings[.noMatch]
      var w = DetailWriter(Area(row: area.row + 2, column: area.column + 2, width: area.width - 4, height: area.height - 2))
      w.wrapped(text, .muted, screen: &screen)
      return
    }
    var state = pane.list
    state.scroll(rows.map(\.id), height: height)
    for (offset, item) in rows.dropFirst(state.top).prefix(height).enumerated() {
      let selected = item.id == pane.list.selected
      columns.draw(cells(item), row: area.row + 1 + offset, in: area, screen: &screen, rowRole: selected ? .selected : rowRole(item))
    }
  }

  /// The line between list and detail (a row below the list, or a column beside it).
  static func divider(_ size: Size, screen: inout Screen) {
    let (list, detail) = Layout.panes(size)
    if detail.column > list.column {
      for r in detail.row..<(detail.row + detail.height) { screen.put("│", row: r, column: detail.column - 1, role: .muted) }
    } else {
      screen.put(String(repeating: "─", count: size.columns), row: detail.row - 1, column: 0, role: .muted)
    }
  }

  /// Label-value lines of a detail view.
  static func field(_ label: String, _ value: String, row: Int, in area: Area, screen: inout Screen, role: StyleRole = .normal) {
    let labelWidth = min(16, area.width / 3)
    screen.put(label.clipped(to: labelWidth), row: row, column: area.column, role: .muted)
    screen.put(value.clipped(to: area.width - labelWidth - 1), row: row, column: area.column + labelWidth + 1, role: role)
  }
}

/// Lines of a detail view, written top to bottom within an area, the overflow dropped.
struct DetailWriter {
  var area: Area
  var row: Int

  init(_ area: Area) {
    self.area = area
    row = area.row
  }

  var full: Bool { row >= area.row + area.height }

  mutating func line(_ text: String, _ role: StyleRole = .normal, screen: inout Screen) {
    guard !full else { return }
    screen.put(text.clipped(to: area.width), row: row, column: area.column, role: role)
    row += 1
  }

  /// A long text over as many lines as it needs, cut at spaces.
  mutating func wrapped(_ text: String, _ role: StyleRole = .normal, indent: Int = 0, screen: inout Screen) {
    for line in Self.wrap(text, width: area.width - indent) {
      guard !full else { return }
      screen.put(line, row: row, column: area.column + indent, role: role)
      row += 1
    }
  }

  /// A question, over as many lines as it needs, then the keys that answer it on a line of
  /// their own; noted as the screen's question.
  mutating func ask(_ text: String, keys: String? = nil, _ role: StyleRole, screen: inout Screen) {
    wrapped(text, role, screen: &screen)
    if let keys { line(keys, role, screen: &screen) }
    let asked = text + (keys.map { " " + $0 } ?? "")
    screen.question = screen.question.map { $0 + " " + asked } ?? asked
  }

  mutating func field(_ label: String, _ value: String, _ role: StyleRole = .normal, screen: inout Screen) {
    guard !full else { return }
    PaneDrawing.field(label, value, row: row, in: area, screen: &screen, role: role)
    row += 1
  }

  mutating func skip() { row += 1 }

  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
      if current.isEmpty {
        current = word
      } else if (current + " " + word).cellWidth <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = word
      }
      // A word wider than the line is cut by columns, never inside a character.
      while current.cellWidth > width {
        var head = ""
        var used = 0
        for ch in current {
          if used > 0 && used + ch.cellWidth > width { break }
          head.append(ch)
          used += ch.cellWidth
        }
        lines.append(head)
        current = String(current.dropFirst(head.count))
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}
