import CImage
import CZBar

/// QR decoding with zbar over 8-bit grey pixels. Only the QR symbology is enabled, and only
/// printable ASCII payloads are returned: zbar guesses text encodings, so anything else is not
/// one of our codes.
public enum QRDecoder {
  public struct Symbol: Sendable, Equatable {
    public var type: String
    public var data: String
    public init(type: String, data: String) {
      self.type = type
      self.data = data
    }
  }

  /// One zbar pass over the pixels as they are.
  public static func decode(grey: [UInt8], width: Int, height: Int) -> [Symbol] {
    guard let scanner = makeScanner() else { return [] }
    defer { zbar_image_scanner_destroy(scanner) }
    return decode(grey: grey, width: width, height: height, scanner: scanner)
  }

  /// The passes of the retry ladder, cheapest first.
  public enum Pass: String, Sendable, CaseIterable {
    /// Large frames averaged down to about 1000 px: most codes fill enough of the frame.
    case reduced
    /// Every pixel, for codes too small to survive the reduction.
    case full
    /// Light-on-dark codes (phone screens in dark mode), inverted.
    case inverted
    /// Local mean thresholding, for glare and low contrast.
    case thresholded
    /// Small images enlarged twice, for codes of under ~3 px per module.
    case enlarged
  }

  /// What a ladder found, and on which pass (for the benchmark and the scan log).
  public struct Found: Sendable, Equatable {
    public var symbols: [Symbol]
    public var pass: Pass?
    public init(symbols: [Symbol], pass: Pass?) {
      self.symbols = symbols
      self.pass = pass
    }
  }

  /// Decodes with the retry ladder: each pass is tried only when the ones before found nothing.
  public static func scan(_ image: GreyImage) -> Found {
    guard image.width > 0, image.height > 0, let scanner = makeScanner() else { return Found(symbols: [], pass: nil) }
    defer { zbar_image_scanner_destroy(scanner) }
    func attempt(_ i: GreyImage) -> [Symbol] { decode(grey: i.pixels, width: i.width, height: i.height, scanner: scanner) }
    let longest = max(image.width, image.height)
    let reduced = longest >= 1200 ? Filters.reduce(image, by: (longest + 999) / 1000) : nil
    if let reduced {
      let found = attempt(reduced)
      if !found.isEmpty { return Found(symbols: found, pass: .reduced) }
    }
    var found = attempt(image)
    if !found.isEmpty { return Found(symbols: found, pass: .full) }
    let working = reduced ?? image
    found = attempt(Filters.invert(working))
    if !found.isEmpty { return Found(symbols: found, pass: .inverted) }
    found = attempt(Filters.threshold(working))
    if !found.isEmpty { return Found(symbols: found, pass: .thresholded) }
    if max(image.width, image.height) <= 1000 {
      found = attempt(Filters.enlarge(image))
      if !found.isEmpty { return Found(symbols: found, pass: .enlarged) }
    }
    return Found(symbols: [], pass: nil)
  }

  static func makeScanner() -> OpaquePointer? {
    guard let scanner = zbar_image_scanner_create() else { return nil }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
    return scanner
  }

  static func decode(grey: [UInt8], width: Int, height: Int, scanner: OpaquePointer) -> [Symbol] {
    guard width > 0, height > 0, grey.count >= width * height else { return [] }
    guard let image = zbar_image_create() else { return [] }
    defer { zbar_image_destroy(image) }
    zbar_image_set_format(image, vgk_zbar_fourcc_y800())
    zbar_image_set_size(image, UInt32(width), UInt32(height))
    return grey.withUnsafeBufferPointer { buffer -> [Symbol] in
      // zbar keeps a pointer to the pixels only for the duration of the scan below.
      zbar_image_set_data(image, buffer.baseAddress, UInt(width * height), nil)
      guard zbar_scan_image(scanner, image) > 0 else { return [] }
      var out: [Symbol] = []
      var symbol = zbar_image_first_symbol(image)
      while let s = symbol {
        let length = Int(zbar_symbol_get_data_length(s))
        if let raw = zbar_symbol_get_data(s) {
          let bytes = UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self)
          let data = Array(UnsafeBufferPointer(start: bytes, count: length))
          if !data.isEmpty && data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            out.append(Symbol(type: "QR-Code", data: String(decoding: data, as: UTF8.self)))
          }
        }
        symbol = zbar_symbol_next(s)
      }
      return out
    }
  }

  /// The versions of the decoding libraries, for `vgk-staff --version` and bug reports.
  public static var libraryVersions: [(name: String, version: String)] {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var patch: UInt32 = 0
    zbar_version(&major, &minor, &patch)
    return [
      ("zbar", "\(major).\(minor).\(patch)"),
      ("libjpeg-turbo", String(cString: vgk_image_libjpeg_version())),
      ("libpng", String(cString: vgk_image_libpng_version())),
    ]
  }
}
