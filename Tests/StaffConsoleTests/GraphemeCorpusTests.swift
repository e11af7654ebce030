import StaffDomain
import Testing

@testable import StaffConsole

/// Text people type, from every pane that shows free text: emoji with skin tones, families
/// joined by zero-width joiners, flags, accents as combining marks, CJK, no-break spaces. Each
/// string is shown between ⟦ and ⟧; wherever the ⟦ appears, the string follows it cluster by
/// cluster, each at the column the width function says, and the ⟧ right after (or a "…" where
/// the column was too narrow). Nothing after an emoji is lost or shifted.
@Suite struct GraphemeCorpusTests {
  static let corpus = [
    "\u{1F44D}\u{1F3FD} Merci, très bien \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Café",
    "\u{1F1E8}\u{1F1F2} Douala \u{1F1EB}\u{1F1F7} ok",
    "e\u{301}le\u{300}ve, garc\u{327}on",
    "漢字 かな ｆｕｌｌ",
    "50\u{202F}000\u{A0}FCFA",
    "\u{2764}\u{FE0F} \u{2665} \u{2764} 1\u{FE0F}\u{20E3}",
    "\u{1F469}\u{1F3FE}\u{200D}\u{1F4BB} \u{1F3F3}\u{FE0F}\u{200D}\u{1F308} \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} x",
  ]
  /// Hostile: a cluster of stacked accents, a right-to-left override, a joiner between letters,
  /// a mark with no letter, an escape sequence.
  static let hostile = [
    "Z" + String(repeating: "\u{301}\u{316}\u{34F}", count: 10) + "algo",
    "\u{202E}evil",
    "a\u{200D}b",
    "\u{301}lone",
    "\u{1B}[2Jclear",
  ]

  static let size = Size(columns: 132, rows: 43)

  /// The morning with `text` in every free-text field the panes show.
  static func state(_ text: String, tab: Tab, language: Language = .en) -> AppState {
    let marked = "⟦" + text + "⟧"
    var s = Morning.state(language, size: size, tab: tab)
    var scans = Morning.scans
    scans[0].fileName = marked
    scans[2].reason = marked
    _ = Console.update(&s, .scans(.loaded(scans)))
    var order = Morning.order
    order.items[0].title = marked
    _ = Console.update(&s, .scans(.detail(scan: 12, .order(order))))
    var tasks = Morning.tasks
    tasks[0].title = marked
    _ = Console.update(&s, .tasks(.loaded(TaskPage(tasks: tasks, total: tasks.count), staff: Morning.staffLogins)))
    var stock = Morning.stock
    stock[0].title = marked
    _ = Console.update(&s, .stock(.loaded(stock)))
    var movements = Array(Morning.movements.dropFirst())
    movements[1].reason = marked
    _ = Console.update(&s, .stock(.history(product: 100_002, movements)))
    var tickets = Morning.tickets
    tickets[0].subject = marked
    tickets[0].customer = marked
    _ = Console.update(&s, .tickets(.loaded(tickets, staff: Morning.staffLogins)))
    var conversation = Morning.conversation
    conversation[0].body = marked
    _ = Console.update(&s, .tickets(.conversation(ticket: 7, conversation)))
    var team = Morning.team
    team[0].fullName = marked
    _ = Console.update(&s, .team(.loaded(team)))
    return s
  }

  static func auditState(_ text: String) -> AppState {
    var s = state(text, tab: .team)
    s.staff = Morning.solange
    _ = Console.update(&s, .key(.character("v")))
    var audit = Morning.audit
    audit[0].after = "⟦" + text + "⟧"
    audit[1].entityID = "⟦" + text + "⟧"
    _ = Console.update(&s, .team(.audit(audit, staff: Morning.staffLogins)))
    return s
  }

  /// Every screen that shows free text, with `text` in it.
  static func screens(_ text: String) -> [(String, Screen)] {
    var out: [(String, Screen)] = []
    for tab in [Tab.scans, .tasks, .stock, .tickets, .team] {
      out.append(("\(tab)", Console.render(state(text, tab: tab), size: size)))
    }
    out.append(("audit", Console.render(auditState(text), size: size)))
    // The order's detail (its items' titles) and the locked scan's reason, zoomed.
    var zoomed = state(text, tab: .scans)
    _ = Console.update(&zoomed, .key(.named(.enter)))
    out.append(("scans zoomed", Console.render(zoomed, size: size)))
    var refused = state(text, tab: .scans)
    _ = Console.update(&refused, .key(.named(.down)))
    _ = Console.update(&refused, .key(.named(.down)))
    out.append(("scans refused", Console.render(refused, size: size)))
    return out
  }

  /// Where `text` was found whole after a ⟦, and where it was cut with "…"; a mismatch records
  /// an issue naming the screen, row and column.
  static func placements(of text: String, in screen: Screen, name: String) -> (whole: Int, cut: Int) {
    var whole = 0
    var cut = 0
    let expected = Array(text).map(TextWidth.shown) + ["⟧"]
    for r in 0..<screen.size.rows {
      for c in 0..<screen.size.columns where screen[r, c].character == "⟦" {
        var x = c + 1
        for (i, ch) in expected.enumerated() {
          guard x < screen.size.columns else {
            cut += 1
            break
          }
          let cell = screen[r, x]
          if cell.character == "…" && i > 0 {
            cut += 1
            break
          }
          guard cell.character == ch, !cell.continuation, cell.width == TextWidth.columns(ch) else {
            Issue.record("\(name), row \(r): \(ch) expected at column \(x), found \(cell.character): \(screen.text.split(separator: "\n")[r])")
            break
          }
          if cell.width == 2 && !(x + 1 < screen.size.columns && screen[r, x + 1].continuation) {
            Issue.record("\(name), row \(r): \(ch) at column \(x) lacks its second half")
          }
          x += cell.width
          if i == expected.count - 1 { whole += 1 }
        }
      }
    }
    return (whole, cut)
  }

  @Test(arguments: corpus)
  func everyPaneShowsTheTextWholeAndInPlace(_ text: String) {
    var found: [String: Int] = [:]
    for (name, screen) in Self.screens(text) {
      let (whole, cut) = Self.placements(of: text, in: screen, name: name)
      found[name] = whole
      #expect(whole + cut > 0, "\(name) shows the text: \(screen.text)")
    }
    // The detail views have room for the whole text.
    for name in ["scans", "tasks", "stock", "tickets", "team", "audit", "scans zoomed"] {
      #expect(found[name, default: 0] > 0, "\(name) shows the text whole")
    }
  }

  @Test(arguments: hostile)
  func hostileTextNeverReachesTheTerminalRaw(_ text: String) {
    for (name, screen) in Self.screens(text) {
      var markers = 0
      for r in 0..<screen.size.rows {
        var column = 0
        for c in 0..<screen.size.columns {
          let cell = screen[r, c]
          // A mark with no letter joins the ⟦ before it.
          if cell.character.unicodeScalars.first == "⟦" { markers += 1 }
          #expect(cell.character.unicodeScalars.count <= TextWidth.maxScalars, "\(name) row \(r)")
          #expect(!cell.character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
          // The cells' widths add up: every cluster starts where the ones before it end.
          if !cell.continuation {
            #expect(c == column, "\(name) row \(r) column \(c)")
            column += cell.width
          }
        }
      }
      #expect(markers > 0, "\(name) shows the text")
    }
  }
}

/// The grid itself: a cluster per cell, a wide one in two; no half of one left behind.
@Suite struct ScreenGridTests {
  @Test func aWideClusterTakesTwoCellsAndTheNextStartsAfterIt() {
    var s = Screen(Size(columns: 12, rows: 1))
    s.put("\u{1F44D}\u{1F3FD}x\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}ye\u{301}z", row: 0, column: 0)
    #expect(s[0, 0].character == "\u{1F44D}\u{1F3FD}" && s[0, 0].width == 2 && s[0, 1].continuation)
    #expect(s[0, 2].character == "x")
    #expect(s[0, 3].width == 2 && s[0, 4].continuation)
    #expect(s[0, 5].character == "y" && s[0, 6].character == "e\u{301}" && s[0, 6].width == 1 && s[0, 7].character == "z")
    #expect(s.text == "\u{1F44D}\u{1F3FD}x\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}ye\u{301}z")
  }

  @Test func aWideClusterThatDoesNotFitLeavesASpace() {
    var s = Screen(Size(columns: 5, rows: 2))
    s.put("abcd漢", row: 0, column: 0)
    #expect(s.text.hasPrefix("abcd\n"))
    #expect(s[0, 4].character == " " && !s[0, 4].continuation)
    s.put("ab漢字", row: 1, column: 0, limit: 3)
    #expect(s[1, 2].character == " " && s[1, 3].character == " ")
  }

  @Test func overwritingHalfAWideClusterClearsTheOtherHalf() {
    var s = Screen(Size(columns: 6, rows: 1))
    s.put("漢字ab", row: 0, column: 0)
    s.put("x", row: 0, column: 1)
    #expect(s[0, 0].character == " " && s[0, 0].width == 1 && s[0, 1].character == "x")
    s.put("y", row: 0, column: 2)
    #expect(s[0, 2].character == "y" && s[0, 3].character == " " && !s[0, 3].continuation)
    s.put("👍", row: 0, column: 3)
    #expect(s[0, 3].width == 2 && s[0, 4].continuation)
    s.put("漢", row: 0, column: 4)
    #expect(s[0, 3].character == " " && s[0, 4].character == "漢" && s[0, 5].continuation)
    s.fill(row: 0, role: .selected, from: 5, width: 1)
    #expect(s[0, 4].character == " " && !s[0, 5].continuation)
    #expect(s.text == " xy")
  }

  @Test func textIsClippedWrappedAndPaddedByColumns() {
    let thumbs = "\u{1F44D}\u{1F3FD}"
    #expect((thumbs + "abc").clipped(to: 4) == thumbs + "a…")
    #expect(("a" + thumbs + "bc").clipped(to: 3) == "a…")
    #expect((thumbs + "a").padded(to: 5) == thumbs + "a  ")
    #expect((thumbs).rightAligned(in: 4) == "  " + thumbs)
    #expect(DetailWriter.wrap("漢字漢字漢字", width: 4) == ["漢字", "漢字", "漢字"])
    #expect(DetailWriter.wrap(thumbs + " Merci " + thumbs, width: 8) == [thumbs + " Merci", thumbs])
  }
}

/// A reply being typed: the cursor moves over an emoji sequence as over one character, and
/// stands at the column the width function says.
@Suite struct TextAreaGraphemeTests {
  @Test func theCursorCountsColumnsByCluster() {
    var area = TextArea("\u{1F44D}\u{1F3FD} Merci \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")
    #expect(area.cursorPosition(width: 40) == (0, 2 + 7 + 2))
    _ = area.edit(.named(.left))
    #expect(area.cursorPosition(width: 40) == (0, 9))
    _ = area.edit(.named(.backspace))
    #expect(area.string == "\u{1F44D}\u{1F3FD} Merci\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")
    _ = area.edit(.named(.home))
    _ = area.edit(.named(.right))
    #expect(area.cursorPosition(width: 40) == (0, 2))
    var screen = Screen(Size(columns: 20, rows: 2))
    area.draw(in: Area(row: 0, column: 0, width: 20, height: 2), screen: &screen)
    #expect(screen[0, 0].character == "\u{1F44D}\u{1F3FD}" && screen[0, 2].role == .selected && screen[0, 8].width == 2)
  }
}
