/// A terminal preview: two pixel rows per text row with Unicode half blocks, dark as the block
/// (`▀` top only, `▄` bottom only, `█` both, space neither). An odd last row has a light bottom.
/// On a dark-background terminal the blocks show light: show the preview as the paper will look
/// (the console should draw it in dark on light, or inverse, so a phone can still read it).
public enum HalfBlocks {
  /// The characters a preview of a code is made of.
  public static let characters: Set<Character> = ["\u{2588}", "\u{2580}", "\u{2584}", " "]

  public static func lines(_ bitmap: Bitmap) -> [String] {
    var out: [String] = []
    out.reserveCapacity((bitmap.height + 1) / 2)
    var y = 0
    while y < bitmap.height {
      var line = String.UnicodeScalarView()
      for x in 0..<bitmap.width {
        switch (bitmap[x: x, y: y], bitmap[x: x, y: y + 1]) {
        case (true, true): line.append("\u{2588}")
        case (true, false): line.append("\u{2580}")
        case (false, true): line.append("\u{2584}")
        case (false, false): line.append(" ")
        }
      }
      out.append(String(line))
      y += 2
    }
    return out
  }

  /// A QR code at one module per character column (and half a row), with its quiet zone.
  public static func lines(_ matrix: QRMatrix, quietZone: Int = 4) -> [String] {
    lines(Bitmap(matrix: matrix, moduleSize: 1, quietZone: quietZone))
  }
}
