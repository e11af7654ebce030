import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// Every pane at 80 x 24 and 132 x 43, in English and French, and the screens between: help, the
/// scanner line, a refusal being chosen and confirmed, a zoomed detail, the terminal too small.
@Suite struct GoldenScreenTests {
  static let sizes = [Size(columns: 80, rows: 24), Size(columns: 132, rows: 43)]

  @Test(arguments: Language.allCases)
  func everyPaneAtBothSizes(_ language: Language) {
    for size in Self.sizes {
      for tab in Tab.allCases {
        let state = Morning.state(language, size: size, tab: tab)
        Golden.check(Console.render(state, size: size), "\(tab)-\(size.columns)x\(size.rows)-\(language)")
      }
    }
  }

  @Test(arguments: Language.allCases)
  func theScreensInBetween(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    var state = Morning.state(language, size: size)
    _ = Console.update(&state, .key(.character("?")))
    Golden.check(Console.render(state, size: size), "help-scans-\(language)")
    _ = Console.update(&state, .key(.named(.escape)))

    _ = Console.update(&state, .key(.character("s")))
    for c in "ORDER:10400" { _ = Console.update(&state, .key(.character(c))) }
    Golden.check(Console.render(state, size: size), "scanner-line-\(language)")
    _ = Console.update(&state, .key(.named(.escape)))

    _ = Console.update(&state, .key(.character("r")))
    _ = Console.update(&state, .key(.named(.down)))
    Golden.check(Console.render(state, size: size), "refusal-choosing-\(language)")
    _ = Console.update(&state, .key(.named(.enter)))
    Golden.check(Console.render(state, size: size), "refusal-confirming-\(language)")
    _ = Console.update(&state, .key(.character("n")))

    _ = Console.update(&state, .key(.named(.enter)))
    Golden.check(Console.render(state, size: size), "scans-zoomed-\(language)")
    _ = Console.update(&state, .key(.named(.escape)))

    _ = Console.update(&state, .scans(.handedOver(order: 1_040_001, scan: 12)))
    Golden.check(Console.render(state, size: size), "handed-over-message-\(language)")

    _ = Console.update(&state, .key(.character("/")))
    for c in "locked" { _ = Console.update(&state, .key(.character(c))) }
    _ = Console.update(&state, .key(.named(.enter)))
    Golden.check(Console.render(state, size: size), "filtered-\(language)")

    let small = Size(columns: 40, rows: 10)
    Golden.check(Console.render(state, size: small), "too-small-\(language)")
  }

  /// The task board's questions and filters: a wait reason being chosen, done to confirm, a
  /// cancel reason being typed, a new task's type, and the board filtered to one type.
  @Test(arguments: Language.allCases)
  func theTaskBoardsQuestions(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    var state = Morning.state(language, size: size, tab: .tasks)
    func press(_ keys: Key...) { for k in keys { _ = Console.update(&state, .key(k)) } }
    press(.named(.down), .character("w"), .named(.down))
    Golden.check(Console.render(state, size: size), "task-wait-reason-\(language)")
    press(.named(.escape), .character("d"))
    Golden.check(Console.render(state, size: size), "task-confirm-done-\(language)")
    press(.character("n"), .character("x"))
    for c in "Livreur absent, reporté" { press(c == " " ? .named(.space) : .character(c)) }
    Golden.check(Console.render(state, size: size), "task-cancel-reason-\(language)")
    press(.named(.enter))
    Golden.check(Console.render(state, size: size), "task-confirm-cancel-\(language)")
    press(.named(.escape), .character("a"), .named(.down))
    Golden.check(Console.render(state, size: size), "task-add-type-\(language)")
    press(.named(.escape), .character("t"))
    _ = Console.update(&state, .tasks(.loaded(TaskPage(tasks: [Morning.tasks[1]], total: 1), staff: Morning.staffLogins)))
    Golden.check(Console.render(state, size: Size(columns: 132, rows: 43)), "task-filtered-132x43-\(language)")
    press(.character("?"))
    Golden.check(Console.render(state, size: Size(columns: 132, rows: 43)), "help-tasks-132x43-\(language)")
  }

  /// The stock's feed, a movement being drafted and confirmed, and a count open.
  @Test(arguments: Language.allCases)
  func theStocksScreens(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    var state = Morning.state(language, size: size, tab: .stock)
    func press(_ keys: Key...) { for k in keys { _ = Console.update(&state, .key(k)) } }
    press(.character("m"), .named(.down), .named(.down), .named(.down))
    Golden.check(Console.render(state, size: size), "stock-move-type-\(language)")
    press(.named(.enter), .named(.enter), .named(.enter))
    for c in "écran" { press(.character(c)) }
    Golden.check(Console.render(state, size: size), "stock-move-reason-\(language)")
    press(.named(.enter))
    Golden.check(Console.render(state, size: size), "stock-move-confirm-\(language)")
    press(.character("n"))
    _ = Console.update(&state, .stock(.done(.countOpened(id: 7, locations: ["P-01"]))))
    _ = Console.update(&state, .stock(.done(.counted(product: 100_002, location: "P-01", quantity: 1))))
    Golden.check(Console.render(state, size: size), "stock-count-open-\(language)")
    press(.character("v"))
    _ = Console.update(&state, .stock(.movements(Morning.movements)))
    for size in Self.sizes {
      Golden.check(Console.render(state, size: size), "stock-feed-\(size.columns)x\(size.rows)-\(language)")
    }
  }

  /// A count's close shown before it posts (and again when the stock changed), the second
  /// question when nothing was counted, an offered location selected, and a new location asked.
  @Test(arguments: Language.allCases)
  func theCountsAndLocationsScreens(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    var state = Morning.state(language, size: size, tab: .stock)
    func press(_ keys: Key...) { for k in keys { _ = Console.update(&state, .key(k)) } }
    _ = Console.update(&state, .stock(.done(.countOpened(id: 7, locations: ["P-01", "P-02"]))))
    press(.character("C"))
    let preview = CountPreview(
      countID: 7, locations: ["P-01", "P-02"],
      counted: [
        .init(productID: 100_002, title: "Lampe solaire", location: "P-01", expected: 1, counted: 3),
        .init(productID: 100_001, title: "Radio Tecno", location: "P-02", expected: 0, counted: 1, from: "A-01-1"),
      ],
      uncounted: [.init(productID: 100_168, title: "Robe wax maxi taille L", location: "P-02", expected: 1, counted: 0)])
    _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: false))))
    Golden.check(Console.render(state, size: size), "stock-count-close-preview-\(language)")
    press(.character("y"))
    _ = Console.update(&state, .stock(.answer(.closeCount(preview, changed: true))))
    Golden.check(Console.render(state, size: Size(columns: 132, rows: 43)), "stock-count-close-changed-132x43-\(language)")
    press(.character("n"), .character("C"))
    _ = Console.update(&state, .stock(.answer(.closeCount(CountPreview(countID: 7, locations: ["P-01", "P-02"], counted: [], uncounted: preview.uncounted), changed: false))))
    press(.character("y"))
    Golden.check(Console.render(state, size: size), "stock-count-nothing-counted-\(language)")
    press(.character("n"), .character("m"), .character("1"), .named(.enter))
    Golden.check(Console.render(state, size: size), "stock-move-to-offered-\(language)")
    for c in "ZZZ-9" { press(.character(c)) }
    press(.named(.enter))
    _ = Console.update(&state, .stock(.answer(.newLocations(asked: ["ZZZ-9"], new: ["ZZZ-9"]))))
    Golden.check(Console.render(state, size: size), "stock-new-location-\(language)")
  }

  /// A reply being written over two lines, and the rating asked at closing.
  @Test(arguments: Language.allCases)
  func theTicketsScreens(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    var state = Morning.state(language, size: size, tab: .tickets)
    func press(_ keys: Key...) { for k in keys { _ = Console.update(&state, .key(k)) } }
    press(.character("r"))
    for c in "Bonjour Madame," { press(c == " " ? .named(.space) : .character(c)) }
    press(.named(.enter))
    for c in "le chargeur part ce soir à 18 h." { press(c == " " ? .named(.space) : .character(c)) }
    Golden.check(Console.render(state, size: size), "ticket-reply-\(language)")
    press(.named(.escape))
    Golden.check(Console.render(state, size: size), "ticket-discard-\(language)")
    press(.character("y"), .character("c"), .named(.down))
    Golden.check(Console.render(state, size: size), "ticket-rating-\(language)")
    press(.named(.escape), .named(.enter))
    Golden.check(Console.render(state, size: Size(columns: 132, rows: 43)), "ticket-conversation-132x43-\(language)")
  }

  /// The team's audit view at both sizes; filtered by whom and by family (b, a), and by text (/).
  @Test(arguments: Language.allCases)
  func theAuditView(_ language: Language) {
    for size in Self.sizes {
      Golden.check(Console.render(Morning.auditState(language, size: size), size: size), "audit-\(size.columns)x\(size.rows)-\(language)")
    }
    let size = Size(columns: 132, rows: 43)
    var state = Morning.auditState(language, size: size)
    for key in ["b", "a"] {
      for case .team(.loadAudit(let f)) in Console.update(&state, .key(.character(Character(key)))) {
        _ = Console.update(&state, .team(.audit(Morning.audit(f), staff: Morning.staffLogins)))
      }
    }
    Golden.check(Console.render(state, size: size), "audit-filtered-132x43-\(language)")
    var typed = Morning.auditState(language)
    _ = Console.update(&typed, .key(.character("/")))
    for c in "task" { _ = Console.update(&typed, .key(.character(c))) }
    _ = Console.update(&typed, .key(.named(.enter)))
    Golden.check(Console.render(typed, size: typed.size), "audit-text-filtered-\(language)")
  }

  /// The marketplace link on the top line at 80 columns: up with events waiting, down since 09:05
  /// with 12 waiting, never reached yet; and down on a crowded bar, where its words get shorter
  /// and everything else keeps its place.
  @Test(arguments: Language.allCases)
  func theLinkOnTheTopLine(_ language: Language) {
    let size = Size(columns: 80, rows: 24)
    let links: [(String, LinkStatus)] = [
      ("up", LinkStatus(configured: true, waiting: 3, lastContact: Morning.at(1))),
      ("down", LinkStatus(configured: true, waiting: 12, lastContact: Morning.at(26), downSince: Morning.at(25))),
      ("connecting", LinkStatus(configured: true)),
    ]
    for (name, link) in links {
      var state = Morning.state(language, size: size)
      _ = Console.update(&state, .alerts(AlertCounts(slaBreaches: 1)))
      _ = Console.update(&state, .link(link))
      Golden.check(Console.render(state, size: size), "link-\(name)-80x24-\(language)")
    }
    var crowded = Morning.state(language, size: size)
    _ = Console.update(&crowded, .link(links[1].1))
    Golden.check(Console.render(crowded, size: size), "link-down-crowded-80x24-\(language)")
  }

  /// A pane before its data arrives says so, and an empty one says what to do.
  @Test func loadingAndEmpty() {
    let size = Size(columns: 80, rows: 24)
    var state = AppState(language: .en, now: Morning.now, size: size, header: Morning.header, staff: nil)
    Golden.check(Console.render(state, size: size), "loading-en")
    _ = Console.update(&state, .scans(.loaded([])))
    Golden.check(Console.render(state, size: size), "empty-no-staff-en")
  }
}
