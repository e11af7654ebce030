import StaffDomain

/// How a question waiting for yes or no is answered, one rule for every question (handing an
/// order over, refusing it, posting a count, closing a ticket, printing a label):
/// - the keymap's `confirm` keys for the pane say yes and its `decline` keys say no;
/// - so do the letters of the language in use, whatever the keymap: `y` and `n` in English,
///   `o` (oui) and `n` (non) in French, where `y` still says yes (a scanner's or a habit's `y`);
/// - with no question on screen a letter keeps what the keymap binds to it in the pane (`o`
///   reopens a ticket); an unbound one answers as above in a pane that asks questions, so
///   `o` on the scan queue says there is nothing to answer, like `y`.
/// Hints name the language's letters (`o oui   n non`), so the key shown is always a key that works.
public enum Answer {
  /// The letters that say yes and no in `language`, the one hints show first.
  public static func letters(_ language: Language) -> (yes: [Character], no: [Character]) {
    switch language {
    case .en: (["y"], ["n"])
    case .fr: (["o", "y"], ["n"])
    }
  }

  /// What `key` does in `pane`: `confirm` or `decline` when it answers yes or no (see the type's
  /// rule), else the keymap's action.
  public static func action(for key: Key, in pane: KeyScope, keymap: Keymap, language: Language, asking: Bool) -> Action? {
    let bound = keymap.action(for: key, in: pane)
    guard case .character(let c) = key else { return bound }
    let (yes, no) = letters(language)
    let answer: Action? = yes.contains(c) ? .confirm : no.contains(c) ? .decline : nil
    guard let answer else { return bound }
    if asking { return answer }
    if let bound { return bound }
    return keymap.keys(for: .confirm, in: pane).isEmpty ? nil : answer
  }

  /// The key a hint names for `action` in `pane`: the language's letter for yes (`confirm`) and
  /// no (`decline`), the keymap's first key otherwise (`?` when nothing is bound).
  public static func key(_ action: Action, in pane: KeyScope, keymap: Keymap, strings: Strings) -> String {
    let (yes, no) = letters(strings.language)
    switch action {
    case .confirm: if let c = yes.first { return String(c) }
    case .decline: if let c = no.first { return String(c) }
    default: break
    }
    return keymap.keys(for: action, in: pane).first.map(strings.keyName) ?? "?"
  }
}

extension PaneContext {
  /// The key a hint names for `action` in `pane` (`Answer.key`).
  func key(_ action: Action, in pane: KeyScope) -> String { Answer.key(action, in: pane, keymap: keymap, strings: strings) }
}
