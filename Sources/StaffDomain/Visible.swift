/// Text taken from a file or a scan, made safe to show in a message: control and format
/// characters (escapes that would drive the terminal, bidi overrides, zero-width marks, line and
/// paragraph separators) are written as `<U+XXXX>`, and what would show more than `limit`
/// characters is cut with "…". Found by `make fuzz` (an import column named with a DEL byte came back raw).
public enum Visible {
  public static func text(_ text: some StringProtocol, limit: Int) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      var shown = String.UnicodeScalarView()
      if isHidden(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        shown.append(contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)>".unicodeScalars)
      } else {
        shown.append(scalar)
      }
      if out.count + shown.count > limit {
        out.append("…")
        break
      }
      out.append(contentsOf: shown)
    }
    return String(out)
  }

  /// Whether a character does something other than show itself.
  public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: true
    default: false
    }
  }
}
