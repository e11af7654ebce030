/// A 5 × 7 bitmap font (in a 6 × 8 cell) for drawing label text into a `Bitmap`: digits, A–Z,
/// real lower case (its descenders folded into the 7 rows, as on classic LCD fonts), space and
/// `: - . / * # ( ) , ' + = % & > < ! " _ ;`; every other character is drawn as `?`.
/// Text is first folded to printable ASCII the way the printer sees it (`ESCPOS.text`: é→e, ç→c,
/// FCFA's no-break space → space, control characters removed), so the PNG and the print agree.
public enum Font {
  /// Glyph size in font pixels; each drawn pixel is `scale` × `scale` dots.
  public static let glyphWidth = 5
  public static let glyphHeight = 7
  /// Horizontal distance from one glyph to the next (one light column between glyphs).
  public static let advance = 6
  /// Vertical distance from one text line to the next (one light row between lines).
  public static let lineHeight = 8
  /// Scales are clamped to this range (a scale of 0 or 1 000 draws at 1 or 8).
  public static let scales = 1...8

  /// `text` as the font draws it: printable ASCII, one glyph a character.
  public static func fold(_ text: String) -> String { String(decoding: ESCPOS.text(text), as: UTF8.self) }

  /// The width in dots of `text` drawn at `scale` (no trailing gap); 0 for empty text.
  public static func width(_ text: String, scale: Int) -> Int { width(characters: fold(text).utf8.count, scale: scale) }

  /// How many characters fit in `dots` at `scale`.
  public static func capacity(dots: Int, scale: Int) -> Int {
    let s = clamp(scale)
    return max(0, (dots + s) / (advance * s))
  }

  /// `text` clipped to at most `maxWidth` dots at `scale`, ending in "..." when something was cut
  /// (folded to ASCII first).
  public static func clip(_ text: String, scale: Int, maxWidth: Int) -> String {
    clipFolded(fold(text), capacity: capacity(dots: maxWidth, scale: scale))
  }

  /// `text` drawn in dark on light, `glyphHeight * scale` dots tall; when `maxWidth` is given,
  /// clipped with an ellipsis to fit it.
  public static func draw(_ text: String, scale: Int, maxWidth: Int? = nil) -> Bitmap {
    let s = clamp(scale)
    var folded = fold(text)
    if let maxWidth { folded = clipFolded(folded, capacity: capacity(dots: maxWidth, scale: s)) }
    let bytes = Array(folded.utf8)
    var out = Bitmap(width: width(characters: bytes.count, scale: s), height: glyphHeight * s)
    for (i, byte) in bytes.enumerated() {
      let rows = glyphs[byte] ?? glyphs[UInt8(ascii: "?")] ?? []
      for (r, bits) in rows.enumerated() {
        for c in 0..<glyphWidth where bits & (0x10 >> UInt8(c)) != 0 {
          for dy in 0..<s { for dx in 0..<s { out[x: i * advance * s + c * s + dx, y: r * s + dy] = true } }
        }
      }
    }
    return out
  }

  /// `text` folded and broken into lines of at most `maxWidth` dots at `scale`: at spaces where it
  /// can, inside a word too long for a line otherwise. At most `maxLines` lines; when text is left
  /// over the last one ends in "...". Empty text gives no lines.
  public static func wrap(_ text: String, scale: Int, maxWidth: Int, maxLines: Int = .max) -> [String] {
    wrapFolded(fold(text), capacity: capacity(dots: maxWidth, scale: scale), maxLines: maxLines)
  }

  /// `wrap` for text already folded, by character count: what the printer's own font needs too.
  static func wrapFolded(_ folded: String, capacity: Int, maxLines: Int) -> [String] {
    guard capacity > 0, maxLines > 0 else { return [] }
    var lines: [String] = []
    var rest = Substring(folded.trimmingSpaces())
    while !rest.isEmpty {
      if lines.count == maxLines - 1 {
        lines.append(clipFolded(String(rest), capacity: capacity))
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

  static func clipFolded(_ folded: String, capacity: Int) -> String {
    guard folded.count > capacity else { return folded }
    guard capacity > 3 else { return String(repeating: ".", count: max(0, capacity)) }
    return String(folded.prefix(capacity - 3)).trimmingSpaces() + "..."
  }

  private static func clamp(_ scale: Int) -> Int { min(scales.upperBound, max(scales.lowerBound, scale)) }

  private static func width(characters n: Int, scale: Int) -> Int {
    let s = clamp(scale)
    return n == 0 ? 0 : (n * advance - 1) * s
  }

  /// Rows top to bottom, 5 bits each, the leftmost pixel in bit 4.
  private static let glyphs: [UInt8: [UInt8]] = {
    let art: [(Character, String)] = [
      ("0", ".###. #...# #..## #.#.# ##..# #...# .###."), ("1", "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###."),
      ("2", ".###. #...# ....# ...#. ..#.. .#... #####"), ("3", "##### ...#. ..#.. ...#. ....# #...# .###."),
      ("4", "...#. ..##. .#.#. #..#. ##### ...#. ...#."), ("5", "##### #.... ####. ....# ....# #...# .###."),
      ("6", "..##. .#... #.... ####. #...# #...# .###."), ("7", "##### ....# ...#. ..#.. .#... .#... .#..."),
      ("8", ".###. #...# #...# .###. #...# #...# .###."), ("9", ".###. #...# #...# .#### ....# ...#. .##.."),
      ("A", ".###. #...# #...# ##### #...# #...# #...#"), ("B", "####. #...# #...# ####. #...# #...# ####."),
      ("C", ".###. #...# #.... #.... #.... #...# .###."), ("D", "###.. #..#. #...# #...# #...# #..#. ###.."),
      ("E", "##### #.... #.... ####. #.... #.... #####"), ("F", "##### #.... #.... ####. #.... #.... #...."),
      ("G", ".###. #...# #.... #.### #...# #...# .####"), ("H", "#...# #...# #...# ##### #...# #...# #...#"),
      ("I", ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###."), ("J", "..### ...#. ...#. ...#. ...#. #..#. .##.."),
      ("K", "#...# #..#. #.#.. ##... #.#.. #..#. #...#"), ("L", "#.... #.... #.... #.... #.... #.... #####"),
      ("M", "#...# ##.## #.#.# #.#.# #...# #...# #...#"), ("N", "#...# #...# ##..# #.#.# #..## #...# #...#"),
      ("O", ".###. #...# #...# #...# #...# #...# .###."), ("P", "####. #...# #...# ####. #.... #.... #...."),
      ("Q", ".###. #...# #...# #...# #.#.# #..#. .##.#"), ("R", "####. #...# #...# ####. #.#.. #..#. #...#"),
      ("S", ".#### #.... #.... .###. ....# ....# ####."), ("T", "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."),
      ("U", "#...# #...# #...# #...# #...# #...# .###."), ("V", "#...# #...# #...# #...# #...# .#.#. ..#.."),
      ("W", "#...# #...# #...# #.#.# #.#.# #.#.# .#.#."), ("X", "#...# #...# .#.#. ..#.. .#.#. #...# #...#"),
      ("Y", "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#.."), ("Z", "##### ....# ...#. ..#.. .#... #.... #####"),
      ("a", "..... ..... .###. ....# .#### #...# .####"), ("b", "#.... #.... #.##. ##..# #...# #...# ####."),
      ("c", "..... ..... .###. #.... #.... #...# .###."), ("d", "....# ....# .##.# #..## #...# #...# .####"),
      ("e", "..... ..... .###. #...# ##### #.... .###."), ("f", "..##. .#..# .#... ###.. .#... .#... .#..."),
      ("g", "..... ..... .#### #...# .#### ....# .###."), ("h", "#.... #.... #.##. ##..# #...# #...# #...#"),
      ("i", "..#.. ..... .##.. ..#.. ..#.. ..#.. .###."), ("j", "...#. ..... ..##. ...#. ...#. #..#. .##.."),
      ("k", "#.... #.... #..#. #.#.. ##... #.#.. #..#."), ("l", ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###."),
      ("m", "..... ..... ##.#. #.#.# #.#.# #...# #...#"), ("n", "..... ..... #.##. ##..# #...# #...# #...#"),
      ("o", "..... ..... .###. #...# #...# #...# .###."), ("p", "..... ..... ####. #...# ####. #.... #...."),
      ("q", "..... ..... .##.# #..## .#### ....# ....#"), ("r", "..... ..... #.##. ##..# #.... #.... #...."),
      ("s", "..... ..... .###. #.... .###. ....# ####."), ("t", ".#... .#... ###.. .#... .#... .#..# ..##."),
      ("u", "..... ..... #...# #...# #...# #..## .##.#"), ("v", "..... ..... #...# #...# #...# .#.#. ..#.."),
      ("w", "..... ..... #...# #...# #.#.# #.#.# .#.#."), ("x", "..... ..... #...# .#.#. ..#.. .#.#. #...#"),
      ("y", "..... ..... #...# #...# .#### ....# .###."), ("z", "..... ..... ##### ...#. ..#.. .#... #####"),
      (" ", "..... ..... ..... ..... ..... ..... ....."), (":", "..... .##.. .##.. ..... .##.. .##.. ....."),
      ("-", "..... ..... ..... ##### ..... ..... ....."), (".", "..... ..... ..... ..... ..... .##.. .##.."),
      ("/", "..... ....# ...#. ..#.. .#... #.... ....."), ("*", "..... ..#.. #.#.# .###. #.#.# ..#.. ....."),
      ("#", ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#."), ("(", "...#. ..#.. .#... .#... .#... ..#.. ...#."),
      (")", ".#... ..#.. ...#. ...#. ...#. ..#.. .#..."), (",", "..... ..... ..... ..... .##.. ..#.. .#..."),
      ("'", ".##.. ..#.. .#... ..... ..... ..... ....."), ("+", "..... ..#.. ..#.. ##### ..#.. ..#.. ....."),
      ("=", "..... ..... ##### ..... ##### ..... ....."), ("%", "##... ##..# ...#. ..#.. .#... #..## ...##"),
      ("&", ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#"), ("?", ".###. #...# ....# ...#. ..#.. ..... ..#.."),
      (">", ".#... ..#.. ...#. ....# ...#. ..#.. .#..."), ("<", "...#. ..#.. .#... #.... .#... ..#.. ...#."),
      ("!", "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#.."), ("\"", ".#.#. .#.#. ..... ..... ..... ..... ....."),
      ("_", "..... ..... ..... ..... ..... ..... #####"), (";", "..... .##.. .##.. ..... .##.. ..#.. .#..."),
    ]
    var table: [UInt8: [UInt8]] = [:]
    for (ch, rows) in art {
      guard let key = ch.asciiValue else { continue }
      table[key] = rows.split(separator: " ").map { row in row.reduce(UInt8(0)) { $0 << 1 | ($1 == "#" ? 1 : 0) } }
    }
    return table
  }()
}

extension StringProtocol {
  /// Without leading and trailing ASCII spaces.
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
