import Foundation
import StaffConsole
import Testing

@Suite struct KeymapTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  func file(_ path: String) throws -> String { try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8) }

  @Test func theBuiltInDefaultsAreTheDefaultKeymapFile() throws {
    #expect(try file("Keymaps/default.keymap") == Keymap.defaultText + "\n")
    #expect(!Keymap.standard.bindings.isEmpty)
  }

  @Test func everyShippedKeymapReadsCleanly() throws {
    for name in ["default", "azerty", "vi"] {
      var keymap = Keymap.standard
      #expect(keymap.read(try file("Keymaps/\(name).keymap"), file: "\(name).keymap") == [], "\(name)")
    }
  }

  /// The man page, the default keymap and the action list agree: every action is documented and
  /// bound by default, and the man page names no action that does not exist.
  @Test func actionsManPageAndDefaultsAgree() throws {
    let man = try file("man/vgk-staff-keymap.5")
    let bound = Set(Keymap.standard.bindings.map(\.action))
    for action in Action.allCases {
      #expect(man.contains(".B \(action.rawValue)\n"), "\(action.rawValue) is not in vgk-staff-keymap(5)")
      #expect(bound.contains(action), "\(action.rawValue) has no default key")
    }
    // The ACTIONS section lists each action as `.TP` then `.B name`: nothing else, nothing unknown.
    let section = man.components(separatedBy: ".SH ACTIONS\n").last?.components(separatedBy: "\n.SH ").first ?? ""
    let listed = section.split(separator: "\n").filter { $0.hasPrefix(".B ") }.map { String($0.dropFirst(3)) }
    #expect(listed == Action.allCases.map(\.rawValue))
  }

  @Test func paneBindingsWinOverGlobalOnesAndLaterLinesOverEarlierOnes() {
    let k = Keymap.standard
    #expect(k.action(for: .character("q"), in: .scans) == .quit)
    #expect(k.action(for: .character("q"), in: .help) == .back)
    #expect(k.action(for: .character("y"), in: .scans) == .confirm)
    #expect(k.action(for: .character("y"), in: .tasks) == .confirm, "the board's questions are answered with y too")
    #expect(k.action(for: .character("y"), in: .team) == nil)
    #expect(k.action(for: .character("s"), in: .tasks) == .taskStart && k.action(for: .character("s"), in: .scans) == .scanInput)
    #expect(k.keys(for: .quit, in: .help) == [.function(10)])
    #expect(k.keys(for: .help, in: .scans) == [.character("?"), .function(1)])
    var m = Keymap.standard
    m.read("bind global q help\n", file: "mine")
    #expect(m.action(for: .character("q"), in: .tasks) == .help)
    #expect(m.bindings.filter { $0.key == .character("q") && $0.scope == .global }.count == 1)
  }

  /// AZERTY: the digits are shifted there, so every tab can be reached without a digit.
  @Test func azertyReachesEveryTabWithoutShiftedDigits() throws {
    var k = Keymap.standard
    k.read(try file("Keymaps/azerty.keymap"), file: "azerty.keymap")
    for tab in [Action.tabScans, .tabTasks, .tabStock, .tabTickets, .tabTeam] {
      let keys = k.keys(for: tab, in: .scans)
      #expect(keys.contains { if case .character(let c) = $0 { !c.isNumber } else { false } }, "\(tab)")
    }
    #expect(k.action(for: .character("é"), in: .scans) == .tabTasks)
    #expect(k.action(for: .character("\""), in: .scans) == .tabStock)
  }

  @Test func keyNamesReadAndPrintBack() {
    let names = ["q", "é", "?", "Hash", "Enter", "Esc", "Tab", "BackTab", "Space", "PageDown", "C-f", "F1", "F12", "œ", "ç", "à"]
    for name in names {
      let key = Key(name: name)
      #expect(key?.description == name, "\(name)")
    }
    for bad in ["", "enter", "ENTER", "C-", "C-F", "C-1", "C-ff", "F0", "F13", "F01", "qq", "\u{7}", "\u{301}", " ", "\u{200B}"] {
      #expect(Key(name: bad) == nil, "\(bad.debugDescription)")
    }
  }

  /// Hostile and mistaken lines: each is reported with its file and line and skipped; the rest
  /// of the file and the defaults keep working.
  @Test func badLinesAreReportedAndSkipped() {
    var k = Keymap.standard
    let text = [
      "# a comment", "", "   ", "bind scans x reject   # trailing comment", "bind scans x rejekt", "bind panel x quit",
      "bind global Entr quit", "bind global q", "bind global q quit now", "unbind global q", "bind\tglobal\tz\thelp",
      "bind global # help", "bind global Hash help", "bind global \u{7} quit", String(repeating: "x", count: 5000),
      "bind global b quit\r", "bind global c quit\u{0}",
    ].joined(separator: "\n")
    let problems = k.read(text, file: "mine.keymap")
    #expect(problems.map(\.description) == [
      "mine.keymap:5: unknown action 'rejekt'",
      "mine.keymap:6: unknown pane 'panel' (panes: global, scans, tasks, stock, tickets, team, help)",
      "mine.keymap:7: unknown key 'Entr' (a character, Enter, Esc, Tab, Up, PageDown, C-f, F1...)",
      "mine.keymap:8: expected `bind <pane|global> <key> <action>` (2 words after bind)",
      "mine.keymap:9: expected `bind <pane|global> <key> <action>` (4 words after bind)",
      "mine.keymap:10: expected `bind <pane|global> <key> <action>`, found 'unbind'",
      "mine.keymap:12: expected `bind <pane|global> <key> <action>` (1 word after bind)",
      "mine.keymap:14: a control character (U+7) is not allowed",
      "mine.keymap:15: expected `bind <pane|global> <key> <action>`, found '\(String(repeating: "x", count: 40))…'",
      "mine.keymap:17: a control character (U+0) is not allowed",
    ])
    #expect(k.action(for: .character("x"), in: .scans) == .reject)
    #expect(k.action(for: .character("z"), in: .tasks) == .help)
    #expect(k.action(for: .character("#"), in: .tasks) == .help)
    #expect(k.action(for: .character("b"), in: .tasks) == .quit)
    #expect(k.action(for: .character("q"), in: .tasks) == .quit)
    #expect(k.action(for: .named(.enter), in: .tasks) == .open)
  }

  /// Found by `make fuzz`: a word quoted in a problem kept its bidi override and zero-width marks.
  @Test func aProblemShowsHiddenCharactersOfAWordAsCodes() {
    var k = Keymap.standard
    let problems = k.read("bind sc\u{202E}ans x quit\nbind global x qu\u{200B}it\n", file: "m.keymap")
    #expect(problems.map(\.description) == [
      "m.keymap:1: unknown pane 'sc<U+202E>ans' (panes: global, scans, tasks, stock, tickets, team, help)",
      "m.keymap:2: unknown action 'qu<U+200B>it'",
    ])
  }
}
