import CImage
#if canImport(Glibc)
  import Glibc
#endif
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
    /// Our own locator found the code's finder patterns; zbar read an upright crop of it.
    case located
    /// The frame averaged 2 x 2 and located again: noise (dim light) breaks finder patterns
    /// into specks. Tried first on very noisy frames.
    case denoised
    /// Around finder patterns of under 3 px per module, the frame enlarged twice and located again.
    case magnified
    /// zbar on the whole frame averaged down to at most 700 px: what our locator missed but
    /// zbar's own finder sees.
    case reduced
    /// zbar on every pixel of a frame of up to 800 px.
    case full
    /// zbar on a frame of up to 800 px inverted, for light-on-dark codes.
    case inverted
    /// zbar on the (reduced) frame after local mean thresholding, for glare and low contrast.
    case thresholded
    /// zbar on a frame of up to 800 px enlarged twice, for codes of under ~3 px per module.
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
  /// The common photo ends at `located`: a pass over the pixels, then zbar on a crop of about
  /// 165 x 165. zbar over the whole frame is the fallback, on at most 800 x 800 or so, which
  /// keeps a frame with no code under about 15 ms.
  public static func scan(_ image: GreyImage) -> Found {
    guard image.width > 0, image.height > 0, let scanner = makeScanner() else { return Found(symbols: [], pass: nil) }
    defer { zbar_image_scanner_destroy(scanner) }
    func attempt(_ i: GreyImage) -> [Symbol] { decode(grey: i.pixels, width: i.width, height: i.height, scanner: scanner) }

    let locator = Locator(image)
    let noise = locator.thresholds.flatRange
    func denoised() -> [Symbol]? {
      guard noise >= Ladder.noisyRange, image.width >= 200, image.height >= 200 else { return nil }
      let half = Filters.reduce(image, by: 2)
      let inner = Locator(half)
      return Ladder.locate(in: half, locator: inner, finders: inner.finders(), attempt)
    }
    // Very noisy: the speckled full frame costs more to scan than to average first.
    if noise >= Ladder.veryNoisyRange, let found = denoised() { return Found(symbols: found, pass: .denoised) }
    // Every other row: a finder's centre is at least 6 px tall in the codes we read.
    let finders = locator.finders(rowStep: image.height >= 600 ? 2 : 1)
    if let found = Ladder.locate(in: image, locator: locator, finders: finders, attempt) {
      return Found(symbols: found, pass: .located)
    }
    if noise < Ladder.veryNoisyRange, let found = denoised() { return Found(symbols: found, pass: .denoised) }
    for window in Ladder.smallCodeWindows(finders, width: image.width, height: image.height) {
      let part = Filters.enlarge(Filters.window(image, x: window.x, y: window.y, width: window.width, height: window.height))
      let inner = Locator(part)
      if let found = Ladder.locate(in: part, locator: inner, finders: inner.finders(), attempt) {
        return Found(symbols: found, pass: .magnified)
      }
    }
    return wholeFrame(image, attempt)
  }

  /// The passes where zbar scans the whole frame (reduced to at most 700 px when larger than
  /// 800): the safety net under the locator.
  static func wholeFrame(_ image: GreyImage, _ attempt: (GreyImage) -> [Symbol]) -> Found {
    let longest = max(image.width, image.height)
    let small = longest <= 800
    let working = small ? image : Filters.reduce(image, by: (longest + 699) / 700)
    var found = attempt(working)
    if !found.isEmpty { return Found(symbols: found, pass: small ? .full : .reduced) }
    if small {
      found = attempt(Filters.invert(image))
      if !found.isEmpty { return Found(symbols: found, pass: .inverted) }
    }
    found = attempt(Filters.threshold(working))
    if !found.isEmpty { return Found(symbols: found, pass: .thresholded) }
    if small {
      found = attempt(Filters.enlarge(image))
      if !found.isEmpty { return Found(symbols: found, pass: .enlarged) }
    }
    return Found(symbols: [], pass: nil)
  }

  /// Loads a whole image file's bytes and decodes it with the ladder: what the decoding worker
  /// does with each photo, and what the benchmark measures.
  public static func scan(
    imageBytes bytes: [UInt8], pixelCap: Int = ImageLoader.defaultPixelCap,
    decodedPixels: Int = ImageLoader.decodedPixelBudget
  ) -> Result<Found, ImageError> {
    do {
      return .success(scan(try ImageLoader.decode(bytes, pixelCap: pixelCap, decodedPixels: decodedPixels)))
    } catch {
      return .failure(error)
    }
  }

  /// `scan(imageBytes:)` on the image in an open regular file of `size` bytes, a JPEG read from
  /// it a block at a time (`ImageLoader.decode(fileDescriptor:)`): what the worker does.
  public static func scan(
    fileDescriptor fd: Int32, size: Int, pixelCap: Int = ImageLoader.defaultPixelCap,
    decodedPixels: Int = ImageLoader.decodedPixelBudget
  ) -> Result<Found, ImageError> {
    do {
      return .success(scan(try ImageLoader.decode(fileDescriptor: fd, size: size, pixelCap: pixelCap, decodedPixels: decodedPixels)))
    } catch {
      return .failure(error)
    }
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
