import CNcurses
import Foundation
import StaffConsole

#if canImport(Glibc)
  import Glibc
#endif

/// The only place that talks to ncurses: opens the terminal, copies a `Screen` to it (only the
/// cells that changed since the last frame are written, and ncurses sends only what differs from
/// what the terminal shows), reads keys, and restores the terminal on the way out.
public final class Terminal {
  private var screen: OpaquePointer?
  /// The stream ncurses writes to, where the adapter writes the clusters it draws itself.
  private let output: UnsafeMutablePointer<FILE>?
  private var colours = false
  /// The last frame drawn: the next one writes only its differences.
  private var shown: Screen?

  /// Opens the terminal on standard input and output (`newterm`, so a missing or unusable
  /// terminal is an error rather than ncurses ending the process). Colours unless `NO_COLOR` is
  /// set or the terminal has none.
  public init() throws(TerminalError) {
    _ = vgk_setlocale_from_env()
    guard isatty(0) == 1 && isatty(1) == 1 else { throw TerminalError.notATerminal }
    Terminal.unblockWindowChanges()
    guard let s = vgk_newterm_stdio() else { throw TerminalError.cannotOpen }
    screen = s
    output = vgk_stdout()
    setUp(colour: has_colors() && getenv("NO_COLOR") == nil)
  }

  /// A terminal on other streams, e.g. `/dev/null` with `LINES`/`COLUMNS` set: a headless
  /// screen for adapter tests (nothing is shown, everything can be read back).
  public init(type: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>, colour: Bool = false)
    throws(TerminalError)
  {
    _ = vgk_setlocale_from_env()
    guard let s = newterm(type, output, input) else { throw TerminalError.cannotOpen }
    screen = s
    self.output = output
    setUp(colour: colour && has_colors())
  }

  private func setUp(colour: Bool) {
    cbreak()
    noecho()
    nonl()
    keypad(vgk_stdscr(), true)
    curs_set(0)
    // A lone Esc is told from the start of an arrow key's escape sequence by waiting: 25 ms is
    // ample on a local terminal and on SSH (the sequence arrives in one packet).
    set_escdelay(25)
    wtimeout(vgk_stdscr(), 1000)
    colours = colour
    if colour {
      start_color()
      use_default_colors()
      init_pair(1, Int16(COLOR_BLACK), Int16(COLOR_CYAN))  // title
      init_pair(2, Int16(COLOR_YELLOW), -1)  // warning
      init_pair(3, Int16(COLOR_RED), -1)  // overdue, error
      init_pair(4, Int16(COLOR_GREEN), -1)  // ok
    }
  }

  deinit { close() }

  /// A resize whose SIGWINCH was lost (ignored or blocked by whoever started us, or raced) would
  /// leave the screen drawn for the old size until the next key: each idle wait, compare the
  /// kernel's size with ncurses' and adopt it.
  private func followSizeChange() -> Bool {
    var rows: Int32 = 0
    var columns: Int32 = 0
    guard vgk_terminal_size(1, &rows, &columns) == 1 else { return false }
    var known = (rows: Int32(0), columns: Int32(0))
    vgk_getmaxyx(vgk_stdscr(), &known.rows, &known.columns)
    guard rows != known.rows || columns != known.columns else { return false }
    return resize_term(rows, columns) == OK
  }

  /// A program started from a thread that blocks SIGWINCH (libdispatch's worker threads do, and
  /// a blocked mask survives exec and a tmux server) would never learn that the terminal was
  /// resized: unblock it on this thread, which is the one that waits for keys.
  static func unblockWindowChanges() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGWINCH)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// What the terminal holds on `row`, as text (for tests).
  public func readBack(row: Int) -> String {
    var buffer = [wchar_t](repeating: 0, count: size.columns + 1)
    _ = vgk_read_row(vgk_stdscr(), Int32(row), &buffer, Int32(size.columns))
    return String(String.UnicodeScalarView(buffer.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32($0)) }))
  }

  /// The attributes of one cell (bold, reverse…), without colour (for tests).
  public func attributes(row: Int, column: Int) -> Int32 {
    vgk_cell_attributes(vgk_stdscr(), Int32(row), Int32(column))
  }

  public static var bold: Int32 { vgk_attr_bold() }
  public static var reverse: Int32 { vgk_attr_reverse() }

  public func close() {
    guard let s = screen else { return }
    endwin()
    delscreen(s)
    screen = nil
  }

  public var size: Size {
    var rows: Int32 = 0
    var cols: Int32 = 0
    vgk_getmaxyx(vgk_stdscr(), &rows, &cols)
    return Size(columns: Int(cols), rows: Int(rows))
  }

  /// Cells written by the last `draw` (for tests and the benchmark).
  public private(set) var cellsWritten = 0

  /// Copies a frame to the terminal: the cells that differ from the last frame (all of them after
  /// a resize), then one refresh.
  ///
  /// ncurses measures a character by its first code point (libc's `wcwidth`), and terminals
  /// disagree about emoji sequences: 👍🏽 is 2 columns in one, 4 in another; ❤️ 1 or 2. A cluster
  /// whose width anyone could doubt (`Drawing.own`) is therefore not given to ncurses: ncurses
  /// draws blanks in its cells, and after the refresh the adapter writes the cluster itself at
  /// its column, then the cells its widest rendering could have covered, each after an absolute
  /// cursor move. Whatever width the terminal gives it, what follows starts where the `Screen` says.
  public func draw(_ s: Screen) {
    let win = vgk_stdscr()
    let previous = shown?.size == s.size ? shown : nil
    if previous == nil { wclear(win) }
    var written = 0
    var own: [(row: Int, column: Int)] = []
    for r in 0..<s.size.rows {
      for c in 0..<s.size.columns {
        let cell = s[r, c]
        if cell.continuation { continue }
        if let previous, previous[r, c] == cell, cell.width < 2 || c + 1 >= s.size.columns || previous[r, c + 1] == s[r, c + 1] { continue }
        wattrset(win, attributes(cell.role))
        switch Drawing(cell) {
        case .plain(let text):
          _ = text.withCString { mvwaddstr(win, Int32(r), Int32(c), $0) }
        case .cluster(let wide):
          _ = vgk_add_cluster(win, Int32(r), Int32(c), wide + [0])
        case .own:
          for i in 0..<cell.width { _ = mvwaddstr(win, Int32(r), Int32(c + i), " ") }
          own.append((r, c))
        }
        written += 1
      }
    }
    wattrset(win, 0)
    wrefresh(win)
    if !own.isEmpty { writeOwn(own, of: s) }
    shown = s
    cellsWritten = written
  }

  /// How a cell reaches the terminal.
  enum Drawing: Equatable {
    /// One ASCII character, through ncurses.
    case plain(String)
    /// A cluster ncurses and every terminal measure alike (a base libc gives the screen's width,
    /// then marks of width 0, at most as many as a `cchar_t` holds), through ncurses.
    case cluster([wchar_t])
    /// Written by the adapter after ncurses' refresh (emoji sequences, flags, ❤️, long clusters).
    case own

    init(_ cell: Cell) {
      let scalars = Array(cell.character.unicodeScalars)
      if scalars.count == 1, scalars[0].isASCII {
        self = .plain(String(cell.character))
        return
      }
      let wide = scalars.map { wchar_t(bitPattern: $0.value) }
      let fits = wide.count <= 5 && Int(vgk_wcwidth(wide[0])) == cell.width && wide.dropFirst().allSatisfy { vgk_wcwidth($0) == 0 }
      self = fits ? .cluster(wide) : .own
    }

    /// Columns a terminal could give the cluster at most: each code point measured alone (a
    /// terminal that knows no sequences), one unknown to libc counted as 2.
    static func widest(_ c: Character) -> Int {
      c.unicodeScalars.reduce(0) { sum, scalar in
        let w = libcWidth(scalar)
        return sum + (w < 0 ? 2 : w)
      }
    }

    /// Columns libc (and so ncurses) gives one code point; -1 for one it does not know.
    static func libcWidth(_ scalar: Unicode.Scalar) -> Int { Int(vgk_wcwidth(wchar_t(bitPattern: scalar.value))) }
  }

  /// Writes the clusters ncurses left blank, each at its column, and after each the cells its
  /// widest rendering could have covered. A cluster that could run past the right margin (and
  /// wrap, or scroll the screen from the last row) is written as its first code point when that
  /// has the screen's width, else left blank. Ends with the cursor at a known place, so that
  /// ncurses' next moves are right.
  private func writeOwn(_ clusters: [(row: Int, column: Int)], of s: Screen) {
    var done = Set<Int>()
    for (r, c) in clusters where !done.contains(r * s.size.columns + c) {
      var x = c
      var reach = c + 1
      while x < min(reach, s.size.columns) {
        let cell = s[r, x]
        guard !cell.continuation else {
          x += 1
          continue
        }
        var text = String(cell.character)
        var widest = Drawing.widest(cell.character)
        if x + widest > s.size.columns {
          let first = cell.character.unicodeScalars.first.map { Character($0) } ?? " "
          let fits = Drawing.widest(first) == cell.width
          text = fits ? String(first) : String(repeating: " ", count: cell.width)
          widest = cell.width
        }
        _ = vgk_write_at(output, Int32(r), Int32(x), attributes(cell.role), text)
        done.insert(r * s.size.columns + x)
        reach = max(reach, x + max(widest, cell.width))
        x += cell.width
      }
    }
    vgk_end_writes(output)
  }

  private func attributes(_ role: StyleRole) -> Int32 {
    switch role {
    case .normal: 0
    case .title: colours ? vgk_color_pair(1) | vgk_attr_bold() : vgk_attr_reverse()
    case .selected: vgk_attr_reverse()
    case .muted: vgk_attr_dim()
    case .warning: colours ? vgk_color_pair(2) | vgk_attr_bold() : vgk_attr_bold()
    case .overdue, .error: colours ? vgk_color_pair(3) | vgk_attr_bold() : vgk_attr_bold() | vgk_attr_underline()
    case .ok: colours ? vgk_color_pair(4) : 0
    }
  }

  public enum Input: Equatable {
    case key(Key)
    case resize
    /// Nothing within the timeout.
    case idle
    /// The terminal is gone (hang-up, end of input): the program must end.
    case hangUp
  }

  /// Waits up to `milliseconds` for a key. A dead terminal is reported as `.hangUp`, never as an
  /// endless stream of errors (the classic 100 % CPU orphan after a dropped SSH link).
  public func read(milliseconds: Int32) -> Input {
    wtimeout(vgk_stdscr(), milliseconds)
    var ch: wint_t = 0
    errno = 0
    let r = wget_wch(vgk_stdscr(), &ch)
    if r == ERR {
      let e = errno
      var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      let ready = poll(&p, 1, 0)
      if e == EIO || (ready > 0 && (p.revents & Int16(POLLHUP | POLLERR | POLLNVAL)) != 0) { return .hangUp }
      if ready > 0 && (p.revents & Int16(POLLIN)) != 0 {
        // Readable, yet no key: the end of input (the other end of the terminal is gone).
        var byte: UInt8 = 0
        if Glibc.read(0, &byte, 0) == 0 && isatty(0) != 1 { return .hangUp }
      }
      return followSizeChange() ? .resize : .idle
    }
    if r == KEY_CODE_YES {
      let kind = vgk_key_kind(Int32(ch))
      if kind == 14 { return .resize }
      return Terminal.key(kind: kind).map(Input.key) ?? .idle
    }
    guard let scalar = Unicode.Scalar(UInt32(ch)) else { return .idle }
    return .key(Terminal.key(scalar))
  }

  /// A key from `vgk_key_kind`'s number.
  static func key(kind: Int32) -> Key? {
    switch kind {
    case 1: .named(.up)
    case 2: .named(.down)
    case 3: .named(.left)
    case 4: .named(.right)
    case 5: .named(.home)
    case 6: .named(.end)
    case 7: .named(.pageUp)
    case 8: .named(.pageDown)
    case 9: .named(.backspace)
    case 10: .named(.delete)
    case 11: .named(.insert)
    case 12: .named(.enter)
    case 13: .named(.backTab)
    case 101...112: .function(Int(kind - 100))
    default: nil
    }
  }

  /// A character as typed: Enter, Tab, Esc, Backspace and Control-letters by name.
  public static func key(_ scalar: Unicode.Scalar) -> Key {
    switch scalar.value {
    case 0x0D, 0x0A: .named(.enter)
    case 0x09: .named(.tab)
    case 0x1B: .named(.escape)
    case 0x7F, 0x08: .named(.backspace)
    case 0x20: .named(.space)
    case 0x01...0x1A: .control(Character(Unicode.Scalar(scalar.value + 0x60) ?? "?"))
    default: .character(Character(scalar))
    }
  }

  /// One key; or, when it can start a VGK code (`O`, `P` or `I`: ORDER, PRODUCT, INVENTORY) and
  /// more keys follow within `gap` ms of each other up to an Enter, the whole burst: how a
  /// keyboard-wedge scanner types a payload (people do not type five keys 35 ms apart). Returns
  /// the scanner's text, or the keys one by one. Other keys are never held back.
  public func readKeys(milliseconds: Int32, gap: Int32 = 35) -> (inputs: [Input], scanned: String?) {
    let first = read(milliseconds: milliseconds)
    guard case .key(let k) = first, case .character(let c) = k, c == "O" || c == "P" || c == "I" else { return ([first], nil) }
    var keys: [Key] = [k]
    var rest: [Input] = []
    while keys.count <= 80 {
      let next = read(milliseconds: gap)
      guard case .key(let key) = next else {
        if next != .idle { rest.append(next) }
        break
      }
      keys.append(key)
      if key == .named(.enter) { break }
    }
    if keys.count >= 5, keys.last == .named(.enter) {
      let text = keys.dropLast().compactMap { key -> Character? in
        switch key {
        case .character(let c): c
        case .named(.space): " "
        default: nil
        }
      }
      if text.count == keys.count - 1 { return (rest, String(text)) }
    }
    return (keys.map(Input.key) + rest, nil)
  }
}

public enum TerminalError: Error, CustomStringConvertible {
  case notATerminal, cannotOpen
  public var description: String {
    switch self {
    case .notATerminal: "standard input and output must be a terminal"
    case .cannotOpen: "cannot open the terminal (is TERM set to a known terminal type?)"
    }
  }
}

extension Terminal {
  /// The ncurses version linked, e.g. "ncurses 6.4.20221231".
  public static var libraryVersion: String {
    guard let v = curses_version() else { return "unknown" }
    return String(cString: v).replacingOccurrences(of: "ncurses ", with: "")
  }
}
