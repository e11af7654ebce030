/// A point's connection string as it may be shown: libpq's URI or key=value forms with any
/// password replaced by `***`, so `link status`, errors and logs never carry the secret.
public enum LinkURL {
  public static func masked(_ url: String) -> String {
    if url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") {
      // postgresql://user:password@host… : the password sits between the first ':' after the
      // scheme and the '@' that ends the user info.
      let scheme = url.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
      var rest = Substring(url.dropFirst(scheme.count))
      var query = ""
      if let q = rest.firstIndex(of: "?") {
        query = String(rest[q...])
        rest = rest[..<q]
      }
      if let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
        rest = rest[..<colon] + ":***" + rest[at...]
      }
      return scheme + rest + maskedQuery(query)
    }
    return url.split(separator: " ", omittingEmptySubsequences: false).map { part in
      part.lowercased().hasPrefix("password=") ? "password=***" : String(part)
    }.joined(separator: " ")
  }

  private static func maskedQuery(_ query: String) -> String {
    guard !query.isEmpty else { return "" }
    let body = query.dropFirst().split(separator: "&", omittingEmptySubsequences: false).map { part in
      part.lowercased().hasPrefix("password=") ? "password=***" : String(part)
    }
    return "?" + body.joined(separator: "&")
  }
}
