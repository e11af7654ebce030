/// What a demo's login screen says under the fields: its accounts with their secrets and roles,
/// and a pickup code that works now. Kept as facts and put into words when drawn, in the
/// language of whoever reads the screen (a role is a `Words` word, never the stored key).
public struct LoginHint: Sendable, Equatable {
  public struct Account: Sendable, Equatable {
    public var login: String
    public var secret: String
    public var kind: SecretKind
    /// Said after the secret when set: `(clerk)`, `(agent)`.
    public var role: StaffRole?

    public init(login: String, secret: String, kind: SecretKind, role: StaffRole? = nil) {
      self.login = login
      self.secret = secret
      self.kind = kind
      self.role = role
    }
  }

  /// The accounts, line by line.
  public var lines: [[Account]]
  /// A payload to try at the counter (`ORDER:{id}:{code}`), when one works now.
  public var sample: String?

  public init(lines: [[Account]], sample: String? = nil) {
    self.lines = lines
    self.sample = sample
  }

  /// The hint in `language`, one line per element: the first starts with `Demo:`.
  public func text(_ language: Language) -> String {
    var out: [String] = []
    for (i, line) in lines.enumerated() {
      let accounts = line.map { account in
        var words = account.login + " " + (account.kind == .pin ? "PIN " : "") + account.secret
        if let role = account.role { words += " (" + Words.word(.role, role.rawValue, language) + ")" }
        return words
      }.joined(separator: " · ")
      out.append(i == 0 ? Message(.demoAccounts, .text(accounts)).text(language) : accounts)
    }
    if let sample { out.append(Message(.demoTryPickup, .text(sample)).text(language)) }
    return out.joined(separator: "\n")
  }
}
