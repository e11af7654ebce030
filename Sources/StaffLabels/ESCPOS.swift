/// ESC/POS for 58 mm and 80 mm thermal printers: a document is a list of parts turned into the
/// byte stream a printer reads (device path or `lp -d NAME -o raw`).
public enum ESCPOS {
  /// Printable width in dots at 203 dpi (8 dots a millimetre).
  public enum Paper: Sendable, Equatable, CaseIterable {
    case mm58, mm80
    public var dots: Int {
      switch self {
      case .mm58: 384
      case .mm80: 576
      }
    }
    public var bytesPerRow: Int { dots / 8 }
  }

  public enum Part: Sendable, Equatable {
    /// `ESC @`: resets the printer's modes (do it first).
    case initialise
    /// `GS v 0`: a raster image, centred on the paper; dark is black. An empty bitmap prints
    /// nothing; one wider than the paper is an error.
    case image(Bitmap)
    /// One line of text then LF; folded to printable ASCII (see `ESCPOS.text`).
    case text(String)
    /// `ESC d n`: prints and feeds `lines` lines (0…255).
    case feed(lines: Int)
    /// `GS V 66 n`: feeds `dots` dots (0…255, so the last line clears the blade) and cuts
    /// (a partial cut; printers without a cutter ignore it).
    case cut(feedDots: Int)
  }

  public enum Failure: Error, Sendable, Equatable {
    case imageTooWide(width: Int, paperDots: Int)
  }

  /// `GS v 0` bands are at most this many dots tall (some printers buffer a whole band).
  public static let maximumBandHeight = 2000

  public struct Document: Sendable, Equatable {
    public var paper: Paper
    public var parts: [Part]
    public init(paper: Paper, parts: [Part]) {
      self.paper = paper
      self.parts = parts
    }

    public func bytes() throws(Failure) -> [UInt8] {
      var out: [UInt8] = []
      for part in parts {
        switch part {
        case .initialise: out += [0x1B, 0x40]
        case .image(let bitmap): out += try ESCPOS.raster(bitmap, paper: paper)
        case .text(let s): out += ESCPOS.text(s) + [0x0A]
        case .feed(let n): out += [0x1B, 0x64, UInt8(clamping: max(0, n))]
        case .cut(let n): out += [0x1D, 0x56, 0x42, UInt8(clamping: max(0, n))]
        }
      }
      return out
    }
  }

  /// `GS v 0 0 xL xH yL yH d…` bands, each row as wide as the paper (the image centred by light
  /// padding), packed MSB-first, 1 = black.
  public static func raster(_ bitmap: Bitmap, paper: Paper) throws(Failure) -> [UInt8] {
    guard bitmap.width <= paper.dots else { throw .imageTooWide(width: bitmap.width, paperDots: paper.dots) }
    guard bitmap.width > 0, bitmap.height > 0 else { return [] }
    let rowBytes = paper.bytesPerRow
    let left = (paper.dots - bitmap.width) / 2
    var out: [UInt8] = []
    out.reserveCapacity(rowBytes * bitmap.height + 8 * (bitmap.height / maximumBandHeight + 1))
    var top = 0
    while top < bitmap.height {
      let rows = min(maximumBandHeight, bitmap.height - top)
      out += [0x1D, 0x76, 0x30, 0x00, UInt8(rowBytes & 0xFF), UInt8(rowBytes >> 8), UInt8(rows & 0xFF), UInt8(rows >> 8)]
      var row = [UInt8](repeating: 0, count: rowBytes)
      for y in top..<(top + rows) {
        for i in row.indices { row[i] = 0 }
        let base = y * bitmap.width
        for x in 0..<bitmap.width where bitmap.dark[base + x] {
          let dot = left + x
          row[dot >> 3] |= 0x80 >> UInt8(dot & 7)
        }
        out += row
      }
      top += rows
    }
    return out
  }

  /// Text as the printer's default code page can show it: printable ASCII kept; French and other
  /// Latin letters without their accents (é→e, ç→c, œ→oe); no-break and thin spaces as spaces;
  /// typographic quotes and dashes as ASCII ones; control characters (ESC, GS, LF, CR, tab, DEL,
  /// C1) and combining marks removed; anything else `?`.
  public static func text(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      let v = scalar.value
      if v >= 0x20 && v < 0x7F {
        out.append(UInt8(v))
      } else if v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0x300 && v < 0x370) || v == 0x200B || v == 0xFEFF
        || (v >= 0x200E && v <= 0x200F) || (v >= 0x202A && v <= 0x202E)
      {
        continue
      } else if let folded = fold[v] {
        out += folded.utf8
      } else {
        out.append(UInt8(ascii: "?"))
      }
    }
    return out
  }

  private static let fold: [UInt32: String] = {
    var t: [UInt32: String] = [:]
    let groups: [(String, String)] = [
      ("àáâãäåāă", "a"), ("ÀÁÂÃÄÅĀĂ", "A"), ("çćč", "c"), ("ÇĆČ", "C"), ("èéêëēěę", "e"), ("ÈÉÊËĒĚĘ", "E"),
      ("ìíîïī", "i"), ("ÌÍÎÏĪ", "I"), ("ñń", "n"), ("ÑŃ", "N"), ("òóôõöøō", "o"), ("ÒÓÔÕÖØŌ", "O"),
      ("ùúûüū", "u"), ("ÙÚÛÜŪ", "U"), ("ýÿ", "y"), ("ÝŸ", "Y"), ("šś", "s"), ("ŠŚ", "S"), ("žźż", "z"),
      ("ŽŹŻ", "Z"), ("ł", "l"), ("Ł", "L"), ("ď", "d"), ("Ď", "D"), ("ř", "r"), ("Ř", "R"), ("ť", "t"), ("Ť", "T"),
      ("\u{A0}\u{2002}\u{2003}\u{2009}\u{202F}\u{2007}\u{2008}\u{200A}", " "),
      ("‘’‚‛′", "'"), ("“”„‟″«»", "\""), ("‐‑‒–—―−", "-"), ("·•", "*"),
    ]
    for (letters, ascii) in groups { for s in letters.unicodeScalars { t[s.value] = ascii } }
    let words: [(UInt32, String)] = [
      (0x152, "OE"), (0x153, "oe"), (0xC6, "AE"), (0xE6, "ae"), (0xDF, "ss"), (0x2026, "..."), (0x20AC, "EUR"),
      (0xB0, "o"), (0xD7, "x"),
    ]
    for (v, s) in words { t[v] = s }
    return t
  }()
}
