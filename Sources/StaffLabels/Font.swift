/// The labels' bitmap font: glyphs of Terminus Font (OFL-1.1; `FontData.swift`, made by `make font`),
/// two faces (`title`, `line`), monospaced. It draws printable ASCII, Latin-1, Latin Extended-A,
/// typographic punctuation (’ « » – — …), € and arrows; a character written with combining
/// accents is drawn as its precomposed glyph (Swift compares characters by canonical equivalence).
///
/// Text goes through `printable` first: every character becomes one glyph, so a label's text is
/// measured in characters. Tabs and line breaks become spaces; a soft hyphen, invisible anyway,
/// goes; a character the font lacks (an emoji, a control, zero-width or bidi character, another
/// script) becomes U+FFFD `�`, visibly: never dropped, and `missing` names it so the label
/// command can warn.
public enum Font {
  /// One size of the font: every glyph is `width` × `height` dots, the cell's spacing included.
  public struct Face: Sendable {
    public let width: Int
    public let height: Int
    /// Dots from the cell's top to the baseline.
    public let ascent: Int
    /// Rows of each glyph, top to bottom, the leftmost dot in bit `width - 1`.
    let glyphs: [Character: [UInt16]]

    /// Reads `FontData.swift`'s lines: `XXXX` (the code point) and the rows in hexadecimal. A line
    /// that does not parse is left out (the tests check every glyph is there).
    init(width: Int, height: Int, ascent: Int, glyphs text: String) {
      self.width = width
      self.height = height
      self.ascent = ascent
      let digits = (width + 3) / 4
      var table: [Character: [UInt16]] = [:]
      for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let code = UInt32(parts[0], radix: 16), let scalar = Unicode.Scalar(code),
          parts[1].count == digits * height
        else { continue }
        var rows: [UInt16] = []
        rows.reserveCapacity(height)
        var rest = parts[1][...]
        while !rest.isEmpty, let row = UInt16(rest.prefix(digits), radix: 16) {
          rows.append(row)
          rest = rest.dropFirst(digits)
        }
        if rows.count == height { table[Character(scalar)] = rows }
      }
      glyphs = table
    }

    /// Whether the face has a glyph for `ch` (or for its precomposed form).
    public func has(_ ch: Character) -> Bool { glyphs[ch] != nil }
  }

  /// What a character the font lacks is drawn as.
  public static let replacement: Character = "\u{FFFD}"

  /// How a character of the text is drawn: itself, a space, or the replacement.
  private enum Cell {
    case glyph(Character)
    case space
    case missing
  }

  private static func cell(_ ch: Character) -> Cell? {
    if Face.line.has(ch) { return .glyph(ch) }
    // A soft hyphen only marks where a word may break: it is invisible, as on any page.
    if ch == "\u{00AD}" { return nil }
    let scalars = ch.unicodeScalars
    // Tabs, line and paragraph breaks (LF, CR LF, VT, FF, NEL, U+2028/9) separate words.
    if scalars.allSatisfy({ (0x09...0x0D).contains($0.value) || $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029 }) {
      return .space
    }
    // A variation selector only asks for text or emoji style: `©︎` is the font's `©`.
    let bare = String(String.UnicodeScalarView(scalars.filter { !(0xFE00...0xFE0F).contains($0.value) }))
    if bare.count == 1, let first = bare.first, Face.line.has(first) { return .glyph(first) }
    return .missing
  }

  /// `text` as the font draws it: one glyph a character, spaces for tabs and line breaks, `�` for
  /// what the font lacks. Both faces hold the same characters.
  public static func printable(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      switch cell(ch) {
      case .glyph(let g)?: out.append(g)
      case .space?: out.append(" ")
      case .missing?: out.append(replacement)
      case nil: break
      }
    }
    return out
  }

  /// The characters of `text` the font lacks (each once, in order), written `U+1F642`
  /// (`U+0065 U+20DD` for one made of several code points): what the label command warns of.
  /// The replacement character itself, when the text holds it, is not missing.
  public static func missing(_ text: String) -> [String] {
    var seen: Set<String> = []
    var out: [String] = []
    for ch in text {
      guard case .missing? = cell(ch) else { continue }
      let name = ch.unicodeScalars.map { "U+" + hex($0.value) }.joined(separator: " ")
      if seen.insert(name).inserted { out.append(name) }
    }
    return out
  }

  private static func hex(_ v: UInt32) -> String {
    let digits = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// The width in dots of `text` in `face` (after `printable`).
  public static func width(_ text: String, _ face: Face) -> Int { printable(text).count * face.width }

  /// How many characters fit in `dots`.
  public static func capacity(dots: Int, _ face: Face) -> Int { max(0, dots / max(1, face.width)) }

  /// `text` made printable and clipped to at most `maxWidth` dots, ending in `…` when something
  /// was cut.
  public static func clip(_ text: String, _ face: Face, maxWidth: Int) -> String {
    clipPrintable(printable(text), capacity: capacity(dots: maxWidth, face))
  }

  /// `text` drawn in dark on light, `face.height` dots tall; when `maxWidth` is given, clipped
  /// with an ellipsis to fit it.
  public static func draw(_ text: String, _ face: Face, maxWidth: Int? = nil) -> Bitmap {
    var shown = printable(text)
    if let maxWidth { shown = clipPrintable(shown, capacity: capacity(dots: maxWidth, face)) }
    let characters = Array(shown)
    var out = Bitmap(width: characters.count * face.width, height: face.height)
    let fallback = face.glyphs[replacement] ?? []
    for (i, ch) in characters.enumerated() {
      for (y, bits) in (face.glyphs[ch] ?? fallback).enumerated() where bits != 0 {
        for x in 0..<face.width where bits & (1 << UInt16(face.width - 1 - x)) != 0 {
          out[x: i * face.width + x, y: y] = true
        }
      }
    }
    return out
  }

  /// `text` made printable and broken into lines of at most `maxWidth` dots: at spaces where it
  /// can, inside a word too long for a line otherwise. At most `maxLines` lines; when text is left
  /// over the last one ends in `…`. Empty text gives no lines.
  public static func wrap(_ text: String, _ face: Face, maxWidth: Int, maxLines: Int = .max) -> [String] {
    wrapPrintable(printable(text), capacity: capacity(dots: maxWidth, face), maxLines: maxLines)
  }

  /// `wrap` for printable text, by character count (one glyph, one terminal column).
  static func wrapPrintable(_ text: String, capacity: Int, maxLines: Int) -> [String] {
    guard capacity > 0, maxLines > 0 else { return [] }
    var lines: [String] = []
    var rest = Substring(text.trimmingSpaces())
    while !rest.isEmpty {
      if lines.count == maxLines - 1 {
        lines.append(clipPrintable(String(rest), capacity: capacity))
        break
      }
      if rest.count <= capacity {
        lines.append(String(rest))
        break
      }
      let window = rest.prefix(capacity + 1)
      let cut: Substring.Index
      if let space = window.lastIndex(of: " "), space > rest.startIndex {
        cut = space
      } else {
        cut = rest.index(rest.startIndex, offsetBy: capacity)
      }
      lines.append(String(rest[..<cut]).trimmingSpaces())
      rest = Substring(String(rest[cut...]).trimmingSpaces())
    }
    return lines
  }

  static func clipPrintable(_ text: String, capacity: Int) -> String {
    guard text.count > capacity else { return text }
    guard capacity > 1 else { return String(repeating: "…", count: max(0, capacity)) }
    return String(text.prefix(capacity - 1)).trimmingSpaces() + "…"
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces (ordinary and no-break).
  fileprivate func trimmingSpaces() -> String {
    let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}"]
    var s = Substring(self)
    while let first = s.first, spaces.contains(first) { s.removeFirst() }
    while let last = s.last, spaces.contains(last) { s.removeLast() }
    return String(s)
  }
}
