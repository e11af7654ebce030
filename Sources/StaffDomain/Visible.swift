/// Text taken from a file, a scan, a command line or the database, made safe to show: control and
/// format characters (C0 and C1 controls, ESC, DEL, bidirectional overrides and isolates, zero-width
/// marks, line and paragraph separators) are written as `<U+XXXX>`, never sent raw, so nothing
/// from the data can drive the terminal, retitle it, reorder a line or forge another one.
public enum Visible {
  /// The text with every hidden character written visibly, and what would show more than `limit`
  /// characters cut with "…".
  public static func text(_ text: some StringProtocol, limit: Int) -> String {
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      var shown = String.UnicodeScalarView()
      if hides(scalars, at: index) {
        shown.append(contentsOf: escaped(scalar).unicodeScalars)
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

  /// The text with every hidden character written visibly, uncut: for a single field (a file
  /// name, a payload) inside a line.
  public static func field(_ text: some StringProtocol) -> String {
    output(text, keepingLayout: false)
  }

  /// What a program may write to a terminal: every hidden character written visibly, except
  /// line feeds and tabs when `keepingLayout` (the program's own lines and columns). Each field
  /// that came from outside is made safe with `field` first, so a line feed in it cannot
  /// forge a line.
  public static func output(_ text: some StringProtocol, keepingLayout: Bool = true) -> String {
    // Most text has nothing hidden: returned as it is.
    guard text.unicodeScalars.contains(where: { isHidden($0) && !(keepingLayout && ($0 == "\n" || $0 == "\t")) }) else {
      return String(text)
    }
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      if hides(scalars, at: index) && !(keepingLayout && (scalar == "\n" || scalar == "\t")) {
        out.append(contentsOf: escaped(scalar).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Whether a character does something other than show itself: a control (C0, DEL, C1), a
  /// format character (bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  /// U+061C; zero-width marks), a line or paragraph separator, a lone surrogate or an unassigned
  /// code point.
  public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: true
    default: false
    }
  }

  /// Whether the scalar at `index` hides itself in its text: as `isHidden`, except a zero-width
  /// joiner inside an emoji sequence (👨‍👩‍👧, 🏳️‍🌈), which joins what shows into one picture. Between
  /// letters or digits it still hides (it would make two words look the same).
  public static func hides(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
    let scalar = scalars[index]
    guard isHidden(scalar) else { return false }
    guard scalar == "\u{200D}", index > 0, index + 1 < scalars.count else { return true }
    func pictograph(_ s: Unicode.Scalar) -> Bool { s.value > 0x7F && s.properties.isEmoji }
    let before = scalars[index - 1]
    let joinsEmoji = (pictograph(before) || before == "\u{FE0F}" || before.properties.isEmojiModifier) && pictograph(scalars[index + 1])
    return !joinsEmoji
  }

  /// The first scalar of `text` that hides itself (`hides`), if any.
  public static func firstHidden(in text: some StringProtocol) -> Unicode.Scalar? {
    let scalars = Array(text.unicodeScalars)
    return scalars.indices.first { hides(scalars, at: $0) }.map { scalars[$0] }
  }

  /// `<U+001B>`: how a hidden character is shown.
  public static func escaped(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)>"
  }
}
