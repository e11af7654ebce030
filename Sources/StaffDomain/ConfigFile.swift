/// The configuration file: `key = value` lines, `#` comments, blank lines; a value may be wrapped
/// in double quotes. An unknown key, a repeated key or a line without `=` is an error naming the
/// line, so a typo never silently falls back to a default.
public enum ConfigFile {
  /// Every key the program reads, with what it does (the man page lists the same).
  public static let keys: [(key: String, meaning: String)] = [
    ("db", "path of the database file"),
    ("keys_dir", "directory of the secret key files (pickup-code key)"),
    ("camera_dir", "the camera folder taken by `vgk-staff watch` and the console"),
    ("camera_settle_ms", "how long a photo's size and time must stay unchanged before it is taken (default 250)"),
    ("camera_rescan_seconds", "how often the camera folder is listed again for missed events (default 2)"),
    ("decode_cpu_seconds", "CPU time the decoding worker may spend on one image (default 5)"),
    ("decode_memory_mib", "address space of the decoding worker, in MiB (default 256)"),
    ("max_pixels", "largest image decoded, in pixels (default 40000000)"),
    ("keymap", "the console's key bindings: default, azerty, vi or a keymap file"),
    ("lang", "the console's language: fr or en (default: the locale)"),
  ]

  public static func parse(_ text: String) -> Result<[String: String], ImportIssue> {
    var out: [String: String] = [:]
    let known = Set(keys.map(\.key))
    // "\r\n" is one Character in Swift, so both line ends are separators.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (n, raw) in lines.enumerated() {
      let line = String(raw).trimmingSpaces
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let eq = line.firstIndex(of: "=") else {
        return .failure(ImportIssue(line: n + 1, "expected `key = value`"))
      }
      let key = String(line[..<eq]).trimmingSpaces
      var value = String(line[line.index(after: eq)...]).trimmingSpaces
      guard known.contains(key) else {
        return .failure(
          ImportIssue(line: n + 1, "unknown setting '\(key)' (known: \(keys.map(\.key).joined(separator: ", ")))"))
      }
      guard out[key] == nil else { return .failure(ImportIssue(line: n + 1, "'\(key)' is set twice")) }
      if value.hasPrefix("\"") {
        guard value.count >= 2, value.hasSuffix("\"") else {
          return .failure(ImportIssue(line: n + 1, "the value of '\(key)' opens a quote it never closes"))
        }
        value = String(value.dropFirst().dropLast())
      }
      guard !value.isEmpty else { return .failure(ImportIssue(line: n + 1, "'\(key)' has an empty value")) }
      guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
        return .failure(ImportIssue(line: n + 1, "the value of '\(key)' contains a control character"))
      }
      out[key] = value
    }
    return .success(out)
  }
}
