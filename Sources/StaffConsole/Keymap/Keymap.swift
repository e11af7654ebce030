import StaffDomain

/// Key bindings, read from keymap files: `bind <scope> <key> <action>` lines, `#` comments and
/// blank lines. A line that cannot be used is reported as `FILE:LINE: reason` and skipped; the
/// other lines, and the defaults under them, keep working.
public struct Keymap: Sendable, Equatable {
  public struct Binding: Sendable, Equatable {
    public var scope: KeyScope
    public var key: Key
    public var action: Action
  }

  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
  }

  /// In the order they were read; a later binding of the same scope and key replaces an earlier one.
  public private(set) var bindings: [Binding] = []

  public init() {}

  /// The defaults every keymap starts from (the text of Keymaps/default.keymap; a test checks
  /// they are the same).
  public static let standard: Keymap = {
    var keymap = Keymap()
    let problems = keymap.read(defaultText, file: "default.keymap")
    precondition(problems.isEmpty, "the built-in keymap has problems: \(problems)")
    return keymap
  }()

  /// What a key does in a pane: the pane's own binding, else the global one.
  public func action(for key: Key, in pane: KeyScope) -> Action? {
    var global: Action?
    var local: Action?
    for b in bindings where b.key == key {
      if b.scope == pane { local = b.action }
      if b.scope == .global { global = b.action }
    }
    return local ?? global
  }

  /// The keys bound to an action in a pane (its own and the global ones), as the help screen and
  /// the bottom bar show them.
  public func keys(for action: Action, in pane: KeyScope) -> [Key] {
    var out: [Key] = []
    for b in bindings where b.action == action && (b.scope == pane || b.scope == .global) {
      if self.action(for: b.key, in: pane) == action && !out.contains(b.key) { out.append(b.key) }
    }
    return out
  }

  /// The key a bar names for an action: the character key read last (a keymap read on top of the
  /// defaults names its own keyboard's key, `&` rather than `1` on AZERTY), else the first key
  /// bound (`F2`), nil when none is.
  public func shownKey(for action: Action, in pane: KeyScope) -> Key? {
    let keys = keys(for: action, in: pane)
    let latest = bindings.last { b in
      if case .character = b.key { return b.action == action && keys.contains(b.key) }
      return false
    }
    return latest?.key ?? keys.first
  }

  /// Adds the bindings of a keymap text; returns the lines that were skipped, with reasons.
  @discardableResult
  public mutating func read(_ text: String, file: String) -> [Problem] {
    var problems: [Problem] = []
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (index, raw) in lines.enumerated() {
      func problem(_ reason: String) { problems.append(Problem(file: file, line: index + 1, reason: reason)) }
      var line = Substring(raw)
      if let hash = Self.commentStart(line) { line = line[..<hash] }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if words.isEmpty { continue }
      if let bad = line.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" && $0 != "\r" }) {
        problem("a control character (U+\(String(bad.value, radix: 16, uppercase: true))) is not allowed")
        continue
      }
      guard words[0] == "bind" else {
        problem("expected `bind <pane|global> <key> <action>`, found '\(Self.shown(words[0]))'")
        continue
      }
      guard words.count == 4 else {
        problem("expected `bind <pane|global> <key> <action>` (\(words.count - 1) word\(words.count == 2 ? "" : "s") after bind)")
        continue
      }
      guard let scope = KeyScope(rawValue: String(words[1])) else {
        problem("unknown pane '\(Self.shown(words[1]))' (panes: \(KeyScope.allCases.map(\.rawValue).joined(separator: ", ")))")
        continue
      }
      guard let key = Key(name: words[2]) else {
        problem("unknown key '\(Self.shown(words[2]))' (a character, Enter, Esc, Tab, Up, PageDown, C-f, F1...)")
        continue
      }
      guard let action = Action(rawValue: String(words[3])) else {
        problem("unknown action '\(Self.shown(words[3]))'")
        continue
      }
      bindings.removeAll { $0.scope == scope && $0.key == key }
      bindings.append(Binding(scope: scope, key: key, action: action))
    }
    return problems
  }

  /// A `#` that starts a word starts a comment (`Hash` names the key itself).
  static func commentStart(_ line: Substring) -> Substring.Index? {
    var previous: Character = " "
    for i in line.indices {
      if line[i] == "#" && (previous == " " || previous == "\t") { return i }
      previous = line[i]
    }
    return nil
  }

  /// A word as a message may quote it: at most 40 characters, hidden ones made visible.
  static func shown(_ word: Substring) -> String {
    Visible.text(word, limit: 40)
  }
}
