import Foundation
import CNcurses
import StaffConsole

#if canImport(Glibc)
  import Glibc
#endif

/// The only place that talks to ncurses: opens the terminal, copies a `Screen` to it (ncurses
/// sends only the cells that changed), reads keys, and restores the terminal on the way out.
public final class Terminal {
  private var screen: OpaquePointer?
  private var colours = false

  /// Opens the terminal on standard input and output (`newterm`, so a missing or unusable
  /// terminal is an error rather than ncurses ending the process).
  public init() throws(TerminalError) {
    vgk_setlocale_from_env()
    guard isatty(0) == 1 && isatty(1) == 1 else { throw TerminalError.notATerminal }
    Terminal.unblockWindowChanges()
    guard let s = vgk_newterm_stdio() else { throw TerminalError.cannotOpen }
    screen = s
    cbreak()
    noecho()
    keypad(vgk_stdscr(), true)
    curs_set(0)
    wtimeout(vgk_stdscr(), 1000)
    if has_colors() && getenv("NO_COLOR") == nil {
      start_color()
      use_default_colors()
      colours = true
      init_pair(1, Int16(COLOR_BLACK), Int16(COLOR_CYAN))  // title
      init_pair(2, Int16(COLOR_YELLOW), -1)  // warning
      init_pair(3, Int16(COLOR_RED), -1)  // overdue, error
      init_pair(4, Int16(COLOR_GREEN), -1)  // ok
    }
  }

  /// A terminal on other streams, e.g. `/dev/null` with `LINES`/`COLUMNS` set: a headless
  /// screen for adapter tests (nothing is shown, everything can be read back).
  public init(type: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>) throws(TerminalError) {
    vgk_setlocale_from_env()
    guard let s = newterm(type, output, input) else { throw TerminalError.cannotOpen }
    screen = s
    colours = false
  }

  deinit { close() }

  /// How long `read` waits for a key before answering `.idle` (1000 ms unless changed).
  public func setIdleTimeout(milliseconds: Int32) {
    wtimeout(vgk_stdscr(), milliseconds)
  }

  /// A resize whose SIGWINCH was lost (ignored or blocked by whoever started us, or raced) would
  /// leave the screen drawn for the old size until the next key: each idle second, compare the
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

  public func draw(_ s: Screen) {
    let win = vgk_stdscr()
    for r in 0..<s.size.rows {
      for c in 0..<s.size.columns {
        let cell = s[r, c]
        wattrset(win, attributes(cell.role))
        _ = String(cell.character).withCString { mvwaddstr(win, Int32(r), Int32(c), $0) }
      }
    }
    wattrset(win, 0)
    wrefresh(win)
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
    case character(Character)
    case resize
    /// Nothing within the timeout.
    case idle
    /// The terminal is gone (hang-up, end of input): the program must end.
    case hangUp
  }

  /// Waits up to a second for a key. A dead terminal is reported as `.hangUp`, never as an
  /// endless stream of errors (the classic 100 % CPU orphan after a dropped SSH link).
  public func read() -> Input {
    var ch: wint_t = 0
    errno = 0
    let r = wget_wch(vgk_stdscr(), &ch)
    if r == ERR {
      var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      let ready = poll(&p, 1, 0)
      if errno == EIO || (ready > 0 && (p.revents & Int16(POLLHUP | POLLERR | POLLNVAL)) != 0) { return .hangUp }
      if ready > 0 && (p.revents & Int16(POLLIN)) != 0 {
        // Readable yet no key: end of input.
        var byte: UInt8 = 0
        if Glibc.read(0, &byte, 0) == 0 && isatty(0) != 1 { return .hangUp }
      }
      return followSizeChange() ? .resize : .idle
    }
    if r == KEY_CODE_YES {
      return Int32(ch) == vgk_key_resize() ? .resize : .idle
    }
    guard let scalar = Unicode.Scalar(UInt32(ch)) else { return .idle }
    return .character(Character(scalar))
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
