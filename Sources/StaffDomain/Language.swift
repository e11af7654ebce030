/// The languages of the console and the command line. Chosen by `--lang`, else by the locale (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`: French for `fr…`, English otherwise).
public enum Language: String, CaseIterable, Sendable, Codable {
  case en, fr

  /// The language the environment asks for: the first of LC_ALL, LC_MESSAGES and LANG that is
  /// set (POSIX order), French when it starts with `fr`.
  public static func from(environment: [String: String]) -> Language {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[name], !value.isEmpty {
        return value.lowercased().hasPrefix("fr") ? .fr : .en
      }
    }
    return .en
  }
}
