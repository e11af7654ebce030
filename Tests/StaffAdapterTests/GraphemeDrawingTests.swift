import Foundation
import StaffConsole
@testable import StaffCurses
import StaffDomain
import Testing

/// What the adapter sends for emoji sequences, replayed on two model terminals: one that knows
/// grapheme clusters (as the width function does) and one that measures every code point alone
/// (libc's wcwidth: 👍🏽 takes 4 columns, ❤️ 1). On both, every character after an emoji sits at
/// the column the Screen gave it.
extension CursesAdapterTests.Drawing {
  static let line = "\u{1F44D}\u{1F3FD} Merci, très bien \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Café \u{2764}\u{FE0F} ok"

  @Test func whatFollowsAnEmojiStartsWhereTheScreenSaysOnAnyTerminal() throws {
    let path = NSTemporaryDirectory() + "vgk-graphemes-\(getpid()).out"
    defer { unlink(path) }
    try CursesAdapterTests.headless(outputPath: path) { terminal in
      var screen = Screen(terminal.size)
      screen.put(Self.line, row: 2, column: 4)
      screen.put("漢字 e\u{301}te\u{301} \u{1F1E8}\u{1F1F2}|", row: 3, column: 0, role: .warning)
      // At the right margin: a sequence that a code-point terminal would wrap to the next row.
      screen.put("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", row: 5, column: 78)
      terminal.draw(screen)
      // A second frame changes only the emoji: what its widest rendering covers is written again.
      screen.put("\u{1F44D}\u{1F3FF}", row: 2, column: 4)
      terminal.draw(screen)
      // ncurses holds blanks where the adapter wrote the clusters itself; the rest as drawn.
      #expect(terminal.readBack(row: 2).hasPrefix("       Merci, très bien    Café    ok"))
      fflush(nil)
      let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      let output = String(decoding: bytes, as: UTF8.self)
      for model in [ModelTerminal.Widths.clusters, .codePoints] {
        var t = ModelTerminal(columns: 80, rows: 24, widths: model)
        t.feed(output)
        for r in [2, 3, 5] {
          for c in 0..<80 where !screen[r, c].continuation && screen[r, c].character != " " {
            // Where a terminal that draws code points alone has spread a cluster over more
            // columns, only the cluster's own column is compared.
            let want = String(screen[r, c].character)
            let got = t.cells[r][c]
            // At the right margin the adapter writes a sequence's first code point only.
            let same = model == .clusters && r != 5 ? got == want : got.unicodeScalars.first == want.unicodeScalars.first
            #expect(same, "\(model) row \(r) column \(c): \(want) expected, \(got) found")
          }
        }
        #expect(t.cells[6].allSatisfy { $0 == " " }, "\(model): nothing wrapped onto the next row")
        #expect(t.scrolled == false)
      }
    }
  }
}

extension CursesAdapterTests {
  /// A headless 80 x 24 screen whose ncurses output goes to a file (`/dev/null` when unread).
  static func headless(outputPath: String, _ body: (Terminal) throws -> Void) throws {
    setenv("LINES", "24", 1)
    setenv("COLUMNS", "80", 1)
    setenv("LC_ALL", "C.UTF-8", 1)
    guard let out = fopen(outputPath, "w"), let input = fopen("/dev/null", "r") else {
      Issue.record("cannot open \(outputPath)")
      return
    }
    defer {
      fclose(out)
      fclose(input)
    }
    let terminal = try Terminal(type: "xterm-256color", output: out, input: input)
    defer { terminal.close() }
    try body(terminal)
  }
}

/// Enough of a terminal to replay what ncurses sends an xterm: cursor addressing and relative
/// moves, erasing, repeating, attributes (ignored), auto-margins; text measured one way or the
/// other. Each cell holds the text that was written into it.
struct ModelTerminal {
  enum Widths { case clusters, codePoints }
  var cells: [[String]]
  var row = 0
  var column = 0
  var pendingWrap = false
  var scrolled = false
  var last = " "
  let widths: Widths
  let columns: Int

  init(columns: Int, rows: Int, widths: Widths) {
    self.columns = columns
    self.widths = widths
    cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
  }

  mutating func feed(_ text: String) {
    var scalars = Array(text.unicodeScalars)[...]
    var printable = String.UnicodeScalarView()
    func flush() {
      if !printable.isEmpty { write(String(printable)) }
      printable = String.UnicodeScalarView()
    }
    while let s = scalars.popFirst() {
      switch s.value {
      case 0x1B:
        flush()
        guard let next = scalars.popFirst() else { return }
        if next == "[" {
          var parameters = ""
          while let p = scalars.popFirst() {
            if (0x40...0x7E).contains(p.value) {
              control(parameters, final: p)
              break
            }
            parameters.unicodeScalars.append(p)
          }
        } else if next == "(" || next == ")" {
          _ = scalars.popFirst()
        }
      case 0x0D:
        flush()
        column = 0
        pendingWrap = false
      case 0x0A:
        flush()
        lineFeed()
      case 0x08:
        flush()
        column = max(0, column - 1)
        pendingWrap = false
      case 0x00..<0x20: flush()
      default: printable.append(s)
      }
    }
    flush()
  }

  mutating func lineFeed() {
    if row == cells.count - 1 {
      cells.removeFirst()
      cells.append(Array(repeating: " ", count: columns))
      scrolled = true
    } else {
      row += 1
    }
    pendingWrap = false
  }

  mutating func control(_ parameters: String, final: Unicode.Scalar) {
    guard !parameters.hasPrefix("?") && !parameters.hasPrefix(">") else { return }
    let n = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
    func p(_ i: Int, _ d: Int) -> Int { i < n.count && n[i] > 0 ? n[i] : d }
    pendingWrap = false
    switch final {
    case "H", "f":
      row = min(cells.count - 1, p(0, 1) - 1)
      column = min(columns - 1, p(1, 1) - 1)
    case "G", "`": column = min(columns - 1, p(0, 1) - 1)
    case "d": row = min(cells.count - 1, p(0, 1) - 1)
    case "C": column = min(columns - 1, column + p(0, 1))
    case "D": column = max(0, column - p(0, 1))
    case "A": row = max(0, row - p(0, 1))
    case "B": row = min(cells.count - 1, row + p(0, 1))
    case "X": for c in column..<min(columns, column + p(0, 1)) { cells[row][c] = " " }
    case "K":
      let range = n.first == 1 ? 0..<(column + 1) : n.first == 2 ? 0..<columns : column..<columns
      for c in range { cells[row][c] = " " }
    case "J":
      if n.first == 2 || n.first == 3 {
        cells = cells.map { $0.map { _ in " " } }
      } else {
        for c in column..<columns { cells[row][c] = " " }
        for r in (row + 1)..<cells.count { cells[r] = Array(repeating: " ", count: columns) }
      }
    case "b": for _ in 0..<p(0, 1) { put(last, width: 1) }
    case "r":
      row = 0
      column = 0
    default: break
    }
  }

  mutating func write(_ text: String) {
    switch widths {
    case .clusters:
      for ch in text { put(String(ch), width: ch.cellWidth) }
    case .codePoints:
      for s in text.unicodeScalars {
        let w = Terminal.Drawing.libcWidth(s)
        if w <= 0 {
          // A combining code point joins the cell before it.
          let c = pendingWrap ? column : max(0, column - 1)
          cells[row][c].unicodeScalars.append(s)
        } else {
          put(String(s), width: w)
        }
      }
    }
  }

  mutating func put(_ text: String, width: Int) {
    if pendingWrap || column + width > columns {
      column = 0
      lineFeed()
    }
    cells[row][column] = text
    for i in 1..<max(1, width) where column + i < columns { cells[row][column + i] = "" }
    last = text
    if column + width >= columns {
      column = columns - 1
      pendingWrap = true
    } else {
      column += width
    }
  }
}
