import StaffDomain

/// The label laid out on every output: the paper's whole picture (PNG), the printer's stream
/// (ESC/POS: the same picture), the terminal preview and plain text. (The label's data is
/// `StaffDomain.Label`; its words are already in the point's language.)
extension Label {
  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyPayload
    case payloadTooLong(bytes: Int)
    case payloadNotASCII
    case qrFailed(code: Int32)
    case pngFailed

    public var description: String {
      switch self {
      case .emptyPayload: "the label has no QR payload"
      case .payloadTooLong(let n): "QR payload too long: \(n) bytes, at most \(Label.maximumPayloadBytes)"
      case .payloadNotASCII: "QR payload is not printable ASCII"
      case .qrFailed(let code): "libqrencode failed (errno \(code))"
      case .pngFailed: "the label could not be written as PNG"
      }
    }
  }

  /// The payload grammar's limit (64 bytes): longer payloads are refused, never cropped.
  public static let maximumPayloadBytes = 64

  /// Error correction Q (25 % of codewords recoverable) when it fits in the same version as M,
  /// else M (15 %); version 2 or more either way.
  ///
  /// Measured by `make bench-labels` (Benchmarks/LabelBench): each code drawn at 2…8 dots a
  /// module, then put through 36 cheap print/camera degradations
  /// (downscaled to 0.5/0.6/0.7 with averaging; with and without a 3 × 3 blur; straight or
  /// tilted 7° with a 15 % or 25 % keystone; with and without ±40 sensor noise), read by one zbar
  /// pass (`QRDecoder.decode`). Reads of 36 (tilted ones, of 24) at 4 / 6 / 8 dots:
  ///
  ///     ORDER (22 bytes)    L v2: 11(1) 17(6) 18(8)   M v2: 15(3) 21(10) 19(9)   Q → v3: 11(1) 13(2) 16(5)
  ///     PRODUCT (14 bytes)  M v1:  11(0) 13(1) 13(3)   M v2: 13(1) 21(10) 20(10)   Q v2: 16(4) 21(10) 20(10)
  ///
  /// Version 1 has no alignment pattern and almost never survives a tilt; version 2 does, for
  /// 4 modules more a side (25 instead of 21), and an ORDER payload is version 2 at M anyway.
  /// M reads more than L for the same size. Q reads as well as M or better where it stays the
  /// same version (PRODUCT, INVENTORY: version 2 either way), but pushes ORDER to version 3
  /// (29 modules: smaller modules on the same paper) where it reads less: so Q only when free. Modules of 2–3 dots almost never read; from
  /// 6 dots up the figures level off, hence `moduleDots`.
  public static let level: QRMatrix.Level = .medium
  /// Used instead of `level` when the code stays the same version.
  public static let preferredLevel: QRMatrix.Level = .quartile
  public static let minimumVersion = 2
  /// The smallest module the label prints: 4 dots at 203 dpi ≈ 0.5 mm (a 64-byte payload, version 5
  /// at M, still gets 5 on 58 mm and 6 on 80 mm; an ORDER code 7 and 8).
  public static let minimumModuleDots = 4
  /// The largest: 8 dots = 1 mm; bigger only wastes paper.
  public static let maximumModuleDots = 8
  /// Light modules around the code, as the standard asks.
  public static let quietZone = 4

  /// The QR code for the payload, at least `minimumVersion`: at `preferredLevel` when that costs
  /// no larger a version than `level`, else at `level`.
  public func qr() throws(Failure) -> QRMatrix {
    let bytes = Array(payload.utf8)
    guard !bytes.isEmpty else { throw .emptyPayload }
    guard bytes.count <= Self.maximumPayloadBytes else { throw .payloadTooLong(bytes: bytes.count) }
    guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw .payloadNotASCII }
    do {
      let base = try QRMatrix.encode(payload, level: Self.level, minimumVersion: Self.minimumVersion)
      if let better = try? QRMatrix.encode(payload, level: Self.preferredLevel, minimumVersion: base.version),
        better.version == base.version
      {
        return better
      }
      return base
    } catch {
      switch error {
      case .tooLong: throw .payloadTooLong(bytes: bytes.count)
      case .failed(let code): throw .qrFailed(code: code)
      }
    }
  }

  /// Module size in printer dots (203 dpi) for this label's code: as large as fits in two thirds
  /// of a 58 mm paper or half of an 80 mm one, quiet zone included, within
  /// `minimumModuleDots…maximumModuleDots`.
  public func moduleDots(paper: ESCPOS.Paper) throws(Failure) -> Int {
    Self.moduleDots(paper: paper, modules: try qr().size)
  }

  /// The same for a code of `modules` modules a side.
  public static func moduleDots(paper: ESCPOS.Paper, modules: Int) -> Int {
    let budget =
      switch paper {
      case .mm58: paper.dots * 2 / 3
      case .mm80: paper.dots / 2
      }
    let fit = budget / max(1, modules + 2 * quietZone)
    return min(maximumModuleDots, max(minimumModuleDots, fit))
  }

  // MARK: Layout

  /// Light dots on the left and right of the text.
  static let margin = 8
  /// Light dots between two text rows, and under the last.
  static let rowGap = 4
  static let bottomMargin = 16
  /// Rows a title or one of the lines may wrap to; what is left ends in "…".
  static let maxTitleRows = 2
  static let maxRowsPerLine = 3
  /// Lines after this many are dropped (a label is not a report).
  static let maxLines = 12
  /// The terminal preview's and the plain text's width in characters.
  static let textColumns = 80

  /// The QR alone, with its quiet zone, at `moduleDots(paper:)`.
  public func qrBitmap(paper: ESCPOS.Paper) throws(Failure) -> Bitmap {
    let matrix = try qr()
    return Bitmap(matrix: matrix, moduleSize: Self.moduleDots(paper: paper, modules: matrix.size), quietZone: Self.quietZone)
  }

  /// The text rows as drawn under the code, wrapped to the paper: the title in the title face,
  /// then the lines.
  func drawnRows(paper: ESCPOS.Paper) -> [(text: String, face: Font.Face)] {
    let width = paper.dots - 2 * Self.margin
    var rows = Font.wrap(title, .title, maxWidth: width, maxLines: Self.maxTitleRows).map { (text: $0, face: Font.Face.title) }
    for line in lines.prefix(Self.maxLines) {
      rows += Font.wrap(line, .line, maxWidth: width, maxLines: Self.maxRowsPerLine).map { (text: $0, face: Font.Face.line) }
    }
    return rows
  }

  /// The whole label as one image as wide as the paper: the code centred at the top, then the
  /// title and the lines, each centred. What the PNG shows and the printer prints.
  public func bitmap(paper: ESCPOS.Paper) throws(Failure) -> Bitmap {
    let code = try qrBitmap(paper: paper)
    let rows = drawnRows(paper: paper).map { Font.draw($0.text, $0.face, maxWidth: paper.dots - 2 * Self.margin) }
    // The code's quiet zone is the space above the first row.
    let textHeight = rows.reduce(0) { $0 + $1.height + Self.rowGap }
    var out = Bitmap(width: paper.dots, height: code.height + textHeight + (rows.isEmpty ? 0 : Self.bottomMargin))
    out.place(code, x: (paper.dots - code.width) / 2, y: 0)
    var y = code.height
    for row in rows {
      out.place(row, x: (paper.dots - row.width) / 2, y: y)
      y += row.height + Self.rowGap
    }
    return out
  }

  /// The label as a PNG (1-bit grey).
  public func png(paper: ESCPOS.Paper) throws(Failure) -> [UInt8] {
    guard let bytes = PNGWriter.encode(try bitmap(paper: paper)) else { throw .pngFailed }
    return bytes
  }

  /// The printer's stream: initialise, the whole label (code and text) as a raster image, feed,
  /// cut. The text is drawn in the label font rather than sent as text: the printers' own fonts
  /// and code pages differ, and few have Latin Extended-A (œ) or typographic punctuation.
  public func escpos(paper: ESCPOS.Paper) throws(Failure) -> [UInt8] {
    let parts: [ESCPOS.Part] = [.initialise, .image(try bitmap(paper: paper)), .feed(lines: 3), .cut(feedDots: 0)]
    do {
      return try ESCPOS.Document(paper: paper, parts: parts).bytes()
    } catch {
      // The bitmap is as wide as the paper, so this cannot happen.
      throw .qrFailed(code: 0)
    }
  }

  /// The title and lines as the font draws them (`Font.printable`), wrapped to `columns`
  /// characters: one character, one glyph, one terminal column.
  func textRows(columns: Int) -> [String] {
    var rows = Font.wrapPrintable(Font.printable(title), capacity: columns, maxLines: Self.maxTitleRows)
    for line in lines.prefix(Self.maxLines) {
      rows += Font.wrapPrintable(Font.printable(line), capacity: columns, maxLines: Self.maxRowsPerLine)
    }
    return rows
  }

  /// The characters of the title and lines the font lacks (printed as `�`), as `U+XXXX`.
  public var missingCharacters: [String] {
    var seen: Set<String> = []
    return ([title] + lines.prefix(Self.maxLines)).flatMap { Font.missing($0) }.filter { seen.insert($0).inserted }
  }

  /// The terminal preview: the code in half blocks (one module a column), a blank line, then the
  /// title and lines in UTF-8, as the label prints them, at most 80 columns each. A pickup label's
  /// payload is not written out (it holds the pickup code); the others end with it.
  public func preview() throws(Failure) -> [String] {
    let code = HalfBlocks.lines(try qr(), quietZone: Self.quietZone)
    var out = code + [""] + textRows(columns: Self.textColumns)
    if kind != .pickup { out.append(payload) }
    return out
  }

  /// The last resort when nothing can print a code: the title, the lines, and the payload written
  /// out — except on a pickup label, whose payload holds the customer's pickup code. UTF-8, in
  /// the label's language.
  public func plainText() -> String {
    var out = textRows(columns: Self.textColumns)
    out.append(
      kind == .pickup
        ? Message(.labelCodeWithheld).text(language)
        : Message(.labelCode, .text(Font.clipPrintable(Font.printable(payload), capacity: Self.textColumns))).text(language))
    return out.joined(separator: "\n") + "\n"
  }
}
