import StaffDomain

/// The login screen: a login and a secret (password or PIN, never shown), checked by the runner
/// (Argon2id, throttled host-wide). The console shows it at start, after a logout and after the
/// idle lock; while it is up no data is read and no scan is taken.
public enum LoginPane {
  public struct State: Sendable, Equatable {
    public var login = TextField()
    public var secret = TextField()
    /// The secret is being typed (else the login).
    public var onSecret = false
    /// The check is under way: keys wait.
    public var checking = false
    /// Why the screen is up, or why the last try failed.
    public var notice: Message?

    public init(notice: Message? = nil) {
      self.notice = notice
    }
  }

  /// A key on the login screen. Enter moves to the secret, then submits; Tab and the arrows
  /// switch fields; Esc clears, and on an empty screen leaves the console.
  static func typing(_ state: inout State, _ key: Key, strings s: Strings) -> (effects: [Effect], quit: Bool) {
    guard !state.checking else { return ([], false) }
    switch key {
    case .named(.enter):
      if !state.onSecret {
        guard !state.login.text.isEmpty else { return ([], false) }
        state.onSecret = true
        return ([], false)
      }
      guard !state.secret.text.isEmpty else { return ([], false) }
      let (login, secret) = (state.login.string.trimmingCharacters(), state.secret.string)
      state.secret = TextField()
      guard case .success(let checked) = Identifier.login(login) else {
        state.notice = Message(s[.loginWrongShape], .error)
        state.onSecret = false
        return ([], false)
      }
      state.checking = true
      state.notice = Message(s[.loginChecking], .muted)
      return ([.logIn(login: checked, secret: secret)], false)
    case .named(.tab), .named(.backTab), .named(.up), .named(.down):
      state.onSecret.toggle()
      return ([], false)
    case .named(.escape):
      if state.login.text.isEmpty && state.secret.text.isEmpty { return ([], true) }
      state = State()
      return ([], false)
    default:
      if state.onSecret {
        _ = state.secret.edit(key)
      } else {
        _ = state.login.edit(key)
      }
      return ([], false)
    }
  }

  /// `hint`: the demo's accounts (`AppState.loginHint`), under the fields.
  static func render(_ state: State, header: PointHeader, readOnly: Bool, hint: String?, strings s: Strings, into screen: inout Screen) {
    let size = screen.size
    let width = min(76, size.columns - 4)
    let left = (size.columns - width) / 2
    var row = max(3, size.rows / 2 - 6)
    screen.put(s[.loginTitle].clipped(to: width), row: row, column: left, role: .title)
    row += 1
    screen.put((header.code + "  " + header.name).clipped(to: width), row: row, column: left, role: .muted)
    row += 2
    let labels = [s[.loginLogin], s[.loginSecret]]
    let labelWidth = labels.map(\.cellWidth).max() ?? 0
    for (i, label) in labels.enumerated() {
      let active = (i == 1) == state.onSecret
      let padded = label + String(repeating: " ", count: labelWidth - label.cellWidth) + (s.language == .fr ? "\u{00A0}:" : " :")
      screen.put(padded, row: row, column: left, role: active ? .title : .normal)
      let column = left + padded.cellWidth + 1
      let room = max(1, width - padded.cellWidth - 2)
      // The secret is never drawn, not even as its length beyond the room.
      let shown = i == 0 ? String(state.login.text.suffix(room)) : String(repeating: "•", count: min(room, state.secret.text.count))
      screen.fill(row: row, role: .normal, from: column, width: room + 1)
      screen.put(shown, row: row, column: column, role: .normal)
      if active && !state.checking { screen.put(" ", row: row, column: column + shown.cellWidth, role: .selected) }
      row += 1
    }
    row += 1
    if let notice = state.notice {
      screen.put(notice.text.clipped(to: width), row: row, column: left, role: notice.role)
    }
    row += 2
    if readOnly {
      screen.put(s[.readOnlyConsole].clipped(to: width), row: row, column: left, role: .warning)
      row += 1
    }
    if let hint {
      for line in hint.split(separator: "\n").prefix(4) {
        screen.put(String(line).clipped(to: width), row: row, column: left, role: .muted)
        row += 1
      }
    }
    screen.put(s[.loginKeys].clipped(to: size.columns - 1), row: size.rows - 1, column: 0, role: .muted)
  }
}

extension String {
  func trimmingCharacters() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
