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

    _ = Console.update(&state, .handedOver(order: 1_040_001, scan: 12))
    Golden.check(Console.render(state, size: size), "handed-over-message-\(language)")

    _ = Console.update(&state, .key(.character("/")))
    for c in "locked" { _ = Console.update(&state, .key(.character(c))) }
    _ = Console.update(&state, .key(.named(.enter)))
    Golden.check(Console.render(state, size: size), "filtered-\(language)")

    let small = Size(columns: 40, rows: 10)
    Golden.check(Console.render(state, size: small), "too-small-\(language)")
  }

  /// A pane before its data arrives says so, and an empty one says what to do.
  @Test func loadingAndEmpty() {
    let size = Size(columns: 80, rows: 24)
    var state = AppState(language: .en, now: Morning.now, size: size, header: Morning.header, staff: nil)
    Golden.check(Console.render(state, size: size), "loading-en")
    _ = Console.update(&state, .scans([]))
    Golden.check(Console.render(state, size: size), "empty-no-staff-en")
  }
}
