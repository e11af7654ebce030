import StaffDomain

/// The help screen: the keys actually bound in the active keymap that the role on duty may use,
/// this tab's first, then those that work everywhere, each with what it does in the console's
/// language.
enum HelpView {
  static func lines(_ state: AppState) -> [(String, StyleRole)] {
    let s = state.strings
    let keymap = state.keymap
    let scope = state.tab.scope
    func section(_ title: String, _ bindingScope: KeyScope) -> [(String, StyleRole)] {
      var out: [(String, StyleRole)] = []
      // The keys of what whoever is on duty may do: the role's, and reading only over SSH.
      for action in Action.allCases where Console.offers(state, action, on: state.tab) {
        let keys = keymap.bindings.filter { $0.scope == bindingScope && $0.action == action }
          .map(\.key).filter { keymap.action(for: $0, in: scope) == action }
        guard !keys.isEmpty else { continue }
        // Yes and no are also the language's letters (`o`, `n` in French): listed first.
        let letters = action == .confirm ? Answer.letters(s.language).yes : action == .decline ? Answer.letters(s.language).no : []
        let names = (letters.map(Key.character) + keys).reduce(into: [Key]()) { if !$0.contains($1) { $0.append($1) } }
          .map(s.keyName).joined(separator: ", ")
        out.append(("  " + names.padded(to: 18) + "  " + s.name(action), action.isDangerous ? .warning : .normal))
      }
      return out.isEmpty ? [] : [(title, .title)] + out + [("", .normal)]
    }
    // The demo's accounts and a pickup code that works, where the clerk can find them again.
    let demo = state.loginHint.map { $0.text(s.language) }.map { hint in [(s[.helpDemo], StyleRole.title)] + hint.split(separator: "\n").map { ("  " + $0, StyleRole.normal) } } ?? []
    return section(s[.helpThisPane] + " (" + s.name(state.tab) + ")", scope) + section(s[.helpEverywhere], .global) + demo
  }

  static func render(_ state: AppState, scroll: Int, into screen: inout Screen) {
    let s = state.strings
    let body = Layout.body(screen.size)
    screen.put(s(.helpTitle, s.name(state.tab)), row: body.row, column: 1, role: .title)
    let all = lines(state)
    let room = body.height - 3
    let top = max(0, min(scroll, all.count - room))
    for (i, line) in all.dropFirst(top).prefix(room).enumerated() {
      screen.put(line.0.clipped(to: body.width - 2), row: body.row + 2 + i, column: 1, role: line.1)
    }
    screen.put(s[.helpClose].clipped(to: body.width - 2), row: body.row + body.height - 1, column: 1, role: .muted)
  }
}
