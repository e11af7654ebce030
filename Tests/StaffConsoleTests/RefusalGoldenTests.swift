import StaffConsole
import StaffDomain
import Testing

/// The store's refusals on screen, in the console's language: a stock movement refused because
/// the stock would go below zero, the question gone and the reason on the message line.
@Suite struct RefusalGoldenTests {
  static let belowZero = StaffDomain.Message(.stockBelowZero, .count(12), .id(100_152), .text("C-04-2"), .count(999))

  @Test(arguments: Language.allCases)
  func aStockRefusal(_ language: Language) {
    let size = Size(columns: 132, rows: 43)
    var state = Morning.state(language, size: size, tab: .stock)
    func press(_ keys: Key...) { for k in keys { _ = Console.update(&state, .key(k)) } }
    press(.character("m"), .named(.down), .named(.down), .named(.down), .named(.enter), .named(.enter), .named(.enter))
    for c in "écran" { press(.character(c)) }
    press(.named(.enter), .character("y"))
    _ = Console.update(&state, .stock(.refused(Self.belowZero)))
    let reason =
      language == .fr
      ? "il n'y a que 12 du produit 100152 en C-04-2\u{00A0}: impossible d'en retirer 999 (le stock ne descend jamais sous zéro)"
      : "only 12 of product 100152 at C-04-2: cannot take 999 (stock never goes below zero)"
    #expect(state.message?.text == Strings(language)(.stockRefused, reason))
    #expect(state.stock.prompt == nil, "the question is answered")
    Golden.check(Console.render(state, size: size), "stock-refused-below-zero-132x43-\(language)")
  }

  /// A ticket refused by the rules, and a failure the runner reports, say their words in French.
  @Test func ticketRefusalsAndFailuresInFrench() {
    var state = Morning.state(.fr, size: Size(columns: 132, rows: 43), tab: .tickets)
    _ = Console.update(&state, .tickets(.refused(StaffDomain.Message(.ticketReopenToWrite, .id(7), .word(.ticketStatus, "closed")))))
    let s = Strings(.fr)
    #expect(state.message?.text == s(.stockRefused, "le ticket 7 est fermé\u{00A0}: rouvrez-le pour écrire au client"))
    _ = Console.update(&state, .failed(StaffDomain.Message(.noOneOnDuty)))
    #expect(state.message?.text == s(.failed, "personne n'est de service"))
    _ = Console.update(&state, .warning(StaffDomain.Message(.orderNotLocked, .id(1_040_026))))
    #expect(state.message?.text == "la commande 1040026 n'est pas bloquée\u{202F}; rien n'a changé")
  }
}
