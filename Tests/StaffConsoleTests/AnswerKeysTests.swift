import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// Yes and no in the language in use (`o`/`n` in French, `y` still yes; `y`/`n` in English),
/// one rule for every question; and the tab bar naming the keys the loaded keymap binds.
@Suite struct AnswerKeysTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static func azerty() throws -> Keymap {
    var k = Keymap.standard
    let problems = k.read(try String(contentsOfFile: root + "/Keymaps/azerty.keymap", encoding: .utf8), file: "azerty.keymap")
    #expect(problems.isEmpty)
    return k
  }

  @Test func theRule() {
    let k = Keymap.standard
    func answer(_ c: Character, _ pane: KeyScope, _ language: Language, asking: Bool) -> Action? {
      Answer.action(for: .character(c), in: pane, keymap: k, language: language, asking: asking)
    }
    for pane in [KeyScope.scans, .tasks, .stock, .tickets] {
      #expect(answer("o", pane, .fr, asking: true) == .confirm && answer("y", pane, .fr, asking: true) == .confirm)
      #expect(answer("n", pane, .fr, asking: true) == .decline && answer("n", pane, .en, asking: true) == .decline)
      #expect(answer("y", pane, .en, asking: true) == .confirm)
      #expect(answer("o", pane, .en, asking: true) == k.action(for: .character("o"), in: pane), "o is no answer in English")
    }
    #expect(answer("o", .tickets, .fr, asking: false) == .ticketReopen, "no question: the keymap's o")
    #expect(answer("o", .scans, .fr, asking: false) == .confirm, "unbound, in a pane that asks: an answer")
    #expect(answer("o", .team, .fr, asking: false) == nil, "the team asks no yes-or-no question")
    #expect(answer("q", .scans, .fr, asking: true) == .quit, "other keys keep their bindings")
    #expect(Answer.action(for: .named(.enter), in: .scans, keymap: k, language: .fr, asking: true) == .open)
  }

  @Test func aKeymapsOwnYesStillAnswers() {
    var k = Keymap.standard
    k.read("bind scans j confirm\nbind scans y reject", file: "mine.keymap")
    #expect(Answer.action(for: .character("j"), in: .scans, keymap: k, language: .fr, asking: true) == .confirm)
    #expect(Answer.action(for: .character("y"), in: .scans, keymap: k, language: .fr, asking: true) == .confirm, "y answers a question")
    #expect(Answer.action(for: .character("y"), in: .scans, keymap: k, language: .fr, asking: false) == .reject)
  }

  @Test func aFrenchClerkHandsOverWithO() {
    var state = Morning.state(.fr)
    #expect(press(&state, .character("o")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
    var withY = Morning.state(.fr)
    #expect(press(&withY, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))], "y still works in French")
    var declining = Morning.state(.fr)
    #expect(press(&declining, .character("n")).isEmpty && declining.scans.declined == [12])
    var english = Morning.state(.en)
    #expect(press(&english, .character("o")).isEmpty && english.scans.pending == nil)
    #expect(english.message?.text == "o does nothing here: ? lists the keys.")
  }

  @Test func frenchHintsNameOAndN() {
    let screen = Console.render(Morning.state(.fr), size: Size(columns: 80, rows: 24)).text
    #expect(screen.contains("o oui   n pas maintenant   r refuser"))
    #expect(screen.contains("o remettre") && screen.contains("n pas maintenant"))
    #expect(!screen.contains("y oui"))
    let english = Console.render(Morning.state(.en), size: Size(columns: 80, rows: 24)).text
    #expect(english.contains("y yes   n not now   r refuse"))
  }

  @Test(arguments: Language.allCases)
  func everyQuestionTakesTheLanguagesYes(_ language: Language) {
    let yes: Character = language == .fr ? "o" : "y"
    // A task done.
    var tasks = Morning.state(language, tab: .tasks)
    press(&tasks, .character("d"))
    #expect(tasks.tasks.prompt == .confirm(task: 31, .done))
    let screen = Console.render(tasks, size: Size(columns: 80, rows: 24)).text
    #expect(screen.contains(language == .fr ? "o oui   n non" : "y yes   n no"))
    #expect(press(&tasks, .character(yes)) == [.tasks(.command(31, .done))])
    // A ticket's question, where `o` also reopens when nothing is asked.
    var tickets = Morning.state(language, tab: .tickets)
    press(&tickets, .character("v"))
    if tickets.tickets.prompt != nil {
      #expect(!press(&tickets, .character(yes)).isEmpty && tickets.tickets.prompt == nil)
    }
    // A label preview prints with yes, closes with no.
    var label = Morning.state(language, tab: .stock)
    _ = Console.update(&label, .labelPreview(.shelf(product: 100_002), lines: ["PRODUCT:100002"]))
    #expect(label.message?.text.contains(language == .fr ? "o imprimer   n fermer" : "y print   n close") == true)
    #expect(press(&label, .character(yes)) == [.printLabel(.shelf(product: 100_002))])
    _ = Console.update(&label, .labelPreview(.shelf(product: 100_002), lines: ["PRODUCT:100002"]))
    #expect(press(&label, .character("n")).isEmpty && label.labelPreview == nil)
  }

  @Test func theHelpListsOAndYForYesInFrench() {
    var state = Morning.state(.fr)
    press(&state, .character("?"))
    let help = HelpView.lines(state).map(\.0)
    #expect(help.contains { $0.hasPrefix("  o, y ") }, "\(help)")
    #expect(help.contains { $0.hasPrefix("  n ") })
  }

  @Test func theTabBarNamesTheKeysOfTheKeymapInUse() throws {
    var state = Morning.state(.fr)
    #expect(Console.render(state, size: Size(columns: 80, rows: 24)).text.split(separator: "\n")[1].contains(" 1 Scans "))
    state.keymap = try Self.azerty()
    let screen = Console.render(state, size: Size(columns: 80, rows: 24))
    let bar = String(screen.text.split(separator: "\n")[1])
    for (key, tab) in [("&", "Scans"), ("é", "Tâches"), ("\"", "Stock"), ("'", "Tickets"), ("(", "Équipe")] {
      #expect(bar.contains(" \(key) \(tab)"), "\(bar)")
    }
    #expect(!bar.contains("1 Scans"))
    Golden.check(screen, "tab-bar-azerty-fr")
    // The keys it names work.
    press(&state, .character("é"))
    #expect(state.tab == .tasks)
    var vi = Keymap.standard
    vi.read("bind global F7 tab-team", file: "vi.keymap")
    #expect(vi.shownKey(for: .tabTeam, in: .scans) == .character("5"), "a character key is named before a function key")
    var only = Keymap()
    only.read("bind global F7 tab-team", file: "only.keymap")
    #expect(only.shownKey(for: .tabTeam, in: .scans) == .function(7))
    #expect(only.shownKey(for: .tabScans, in: .scans) == nil)
  }
}
