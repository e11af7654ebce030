/// How much room text takes on a terminal, one grapheme cluster (a Swift `Character`) at a time:
/// what a person sees as one character, whether it is one code point (`é`), a letter with
/// combining accents (e + U+0301), a flag (two regional indicators), an emoji with a skin tone
/// (👍🏽) or a family joined by zero-width joiners (👨‍👩‍👧). Everything that lays text out in
/// columns (the screen grid, wrapping, cutting with "…", a text field's cursor, table columns)
/// measures with this one function, so that what follows an emoji lands where it was meant to.
///
/// Rules, from the stdlib's Unicode properties and Unicode's East_Asian_Width (`WideRanges.swift`):
/// - a cluster takes the width of its base (its first code point): 2 for East Asian Wide and
///   Fullwidth and for emoji shown as pictures by default, 1 for the rest; the combining marks,
///   variation selectors, skin-tone modifiers and joined parts after it take no room of their own;
/// - a cluster whose emoji is asked to show as a picture (VS16, U+FE0F), or which joins emoji with
///   U+200D, or carries a skin tone, takes 2 (❤️, 👨‍👩‍👧, 👋🏿);
/// - a cluster with no base (a combining mark alone) takes 0: `shown` gives it a dotted circle.
///
/// What a terminal may receive is decided here too (`shown`): a control or format character
/// standing alone (ESC, a bidirectional override) becomes a space; hidden characters inside a
/// cluster are dropped, except the joiner and tags inside an emoji sequence, which make the
/// picture; a cluster of more than `maxScalars` code points (accents stacked to cover the lines
/// around it) becomes one U+FFFD.
public enum TextWidth {
  /// More code points than this in one cluster is no writing system's need: shown as U+FFFD.
  public static let maxScalars = 16

  /// Columns the cluster takes as `shown` draws it: 1 or 2.
  public static func columns(_ c: Character) -> Int { max(1, width(shown(c))) }

  /// Columns the text takes, cluster by cluster.
  public static func columns(_ text: some StringProtocol) -> Int { text.reduce(0) { $0 + columns($1) } }

  /// Columns of a cluster as it is, before `shown` makes it safe: 0, 1 or 2.
  public static func width(_ c: Character) -> Int {
    let scalars = c.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if isMark(first) || first == "\u{200C}" || first == "\u{200D}" { return 0 }
    if isWide(first) { return 2 }
    guard scalars.count > 1, first.value > 0x7F || scalars.contains("\u{20E3}") else { return 1 }
    // The emoji sequences a terminal draws as one picture two columns wide.
    let pictureAsked = scalars.contains { $0 == "\u{FE0F}" || $0 == "\u{200D}" || $0.properties.isEmojiModifier }
    return pictureAsked && (first.properties.isEmoji || first.value <= 0x7F) ? 2 : 1
  }

  /// A single code point two columns wide: East Asian Wide or Fullwidth, or an emoji whose
  /// default presentation is a picture.
  public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x1100 { return false }
    if scalar.properties.isEmojiPresentation { return true }
    var low = 0
    var high = wideRanges.count - 1
    while low <= high {
      let mid = (low + high) / 2
      let range = wideRanges[mid]
      if scalar.value < range.lowerBound {
        high = mid - 1
      } else if scalar.value > range.upperBound {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  /// A combining mark (nonspacing, enclosing or spacing), or a variation selector: it belongs
  /// to the character before it.
  static func isMark(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .spacingMark: true
    default: false
    }
  }

  /// The cluster as a terminal may receive it (see the type's rules). Returns the cluster itself
  /// when nothing in it needs changing, which is nearly always.
  public static func shown(_ c: Character) -> Character {
    let scalars = c.unicodeScalars
    guard let first = scalars.first else { return " " }
    if first.value >= 0x20 && first.value < 0x7F && scalars.count == 1 { return c }
    guard scalars.count <= maxScalars else { return "\u{FFFD}" }
    let emoji = first.value > 0x7F && first.properties.isEmoji
    let flagWithTags = first == "\u{1F3F4}"
    func keeps(_ s: Unicode.Scalar) -> Bool {
      if s == "\u{200D}" { return emoji }
      if (0xE0020...0xE007F).contains(s.value) { return flagWithTags }
      switch s.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return false
      default: return true
      }
    }
    guard !scalars.allSatisfy(keeps) else { return width(c) == 0 ? dotted(scalars) : c }
    let kept = scalars.filter(keeps)
    // What is left may no longer be one cluster (a joiner between two letters dropped): its
    // first cluster is shown, so that one cell still holds one character.
    guard let rest = String(String.UnicodeScalarView(kept)).first else { return " " }
    return width(rest) == 0 ? dotted(rest.unicodeScalars) : rest
  }

  /// Marks without a letter, on a dotted circle (U+25CC) as type specimens show them, so that
  /// they cannot fall onto the character drawn before them.
  static func dotted(_ marks: some Sequence<Unicode.Scalar>) -> Character {
    String(String.UnicodeScalarView(["\u{25CC}"] + Array(marks))).first ?? " "
  }
}

extension Character {
  /// Columns the character takes on a terminal (`TextWidth.columns`): 1 or 2.
  public var cellWidth: Int { TextWidth.columns(self) }
}

extension StringProtocol {
  /// Columns the text takes on a terminal (`TextWidth.columns`).
  public var cellWidth: Int { TextWidth.columns(self) }
}
