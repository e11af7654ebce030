import CImage

#if canImport(Glibc)
  import Glibc
#endif

/// An 8-bit grey image, rows of `width` bytes: what the decoder scans.
public struct GreyImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixels do not match the size")
    self.width = width
    self.height = height
    self.pixels = pixels
  }
}

/// Why an image could not be loaded: one line a clerk or a quarantine `.reason` file can show.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case unreadable, notARegularFile, empty, notAnImage, tooLarge, truncated, corrupt, unsupported
    /// The decoding worker crashed, ran out of time or memory, or answered nonsense.
    case decoderFailed
    /// The worker could not be started (not installed, no processes or memory left): not the
    /// image's fault, so the file is left for a later attempt rather than quarantined.
    case decoderUnavailable
  }
  public var kind: Kind
  public var reason: String
  public init(_ kind: Kind, _ reason: String) {
    self.kind = kind
    self.reason = reason
  }
  public var description: String { reason }
}

/// Loads JPEG, PNG and PGM/PPM files as grey pixels, refusing what could hurt: files that are not
/// regular files, files larger than `maximumFileSize`, and images whose header claims more than
/// the pixel cap (checked before any pixel buffer is allocated).
public enum ImageLoader {
  /// The default cap on pixels per image (40 megapixels; a phone photo is 12 to 50).
  public static let defaultPixelCap = 40_000_000
  /// The most pixels a JPEG is decoded to (12 megapixels): a larger photo is decoded at 1/2 (a
  /// 40 MP one to 10 MP) or less. A QR code held up to a camera spans a good part of the frame,
  /// tens of pixels a module at 40 MP, so halving keeps it readable, and the worker's memory
  /// and time stay those of a phone photo.
  public static let decodedPixelBudget = 12_000_000
  /// No camera photo is near this; a larger file is not one of ours.
  public static let maximumFileSize = 64 << 20
  /// The longest side of an image, whatever its pixel count (VGK_IMAGE_MAX_SIDE, 16 384): a strip
  /// a million pixels wide is under the pixel cap but is no camera's photo.
  public static let maximumSide = Int(VGK_IMAGE_MAX_SIDE)

  public enum Format: String, Sendable { case jpeg, png, pnm }

  /// The format from the first bytes (never from the name: cameras and people rename files).
  public static func format(of bytes: [UInt8]) -> Format? {
    if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF { return .jpeg }
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
    if bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") && [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6")].contains(bytes[1]) {
      return .pnm
    }
    return nil
  }

  /// Reads a file for decoding. With `followLinks` false (the camera folder), a symbolic link is
  /// refused rather than followed. FIFOs and devices are never opened for reading: the file is
  /// opened non-blocking and must be a regular file.
  public static func readFile(_ path: String, followLinks: Bool = true) throws(ImageError) -> [UInt8] {
    var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
    if !followLinks { flags |= O_NOFOLLOW }
    var st = stat()
    if !followLinks && lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK {
      throw ImageError(.notARegularFile, "a symbolic link, not a photo (not followed)")
    }
    if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
      throw ImageError(.notARegularFile, "not a regular file (\(fileKind(st.st_mode)))")
    }
    let fd = open(path, flags)
    guard fd >= 0 else {
      let e = errno
      if e == ELOOP { throw ImageError(.notARegularFile, "a symbolic link, not a photo (not followed)") }
      throw ImageError(.unreadable, "cannot open: \(String(cString: strerror(e)))")
    }
    defer { close(fd) }
    guard fstat(fd, &st) == 0 else { throw ImageError(.unreadable, "cannot stat: \(String(cString: strerror(errno)))") }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      throw ImageError(.notARegularFile, "not a regular file (\(fileKind(st.st_mode)))")
    }
    guard st.st_size > 0 else { throw ImageError(.empty, "an empty file (0 bytes)") }
    guard st.st_size <= maximumFileSize else {
      throw ImageError(.tooLarge, "\(st.st_size) bytes, over the \(maximumFileSize >> 20) MiB a photo can be")
    }
    var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(fd, base + done, buffer.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { throw ImageError(.unreadable, "read failed: \(String(cString: strerror(errno)))") }
      if n == 0 { break }  // shrank while we read: decode what is there, the codec will say if it is short
      done += n
    }
    return Array(bytes.prefix(done))
  }

  /// `pixels` in megapixels with one decimal, rounded ("%.1f" without Foundation, which the
  /// worker does not link). `pixels` is at most 2^60 (each side of a header is at most 2^30).
  static func megapixels(_ pixels: Int) -> String {
    let tenths = (max(0, pixels) + 50_000) / 100_000
    return "\(tenths / 10).\(tenths % 10)"
  }

  static func fileKind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a directory"
    case S_IFIFO: "a FIFO"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a symbolic link"
    default: "not a regular file"
    }
  }

  /// Loads a file: `readFile` then `decode`.
  public static func load(path: String, pixelCap: Int = defaultPixelCap, followLinks: Bool = true) throws(ImageError) -> GreyImage {
    try decode(try readFile(path, followLinks: followLinks), pixelCap: pixelCap)
  }

  /// Decodes image bytes to grey. A JPEG of more than `decodedPixels` pixels is decoded at 1/2,
  /// 1/4 or 1/8 of its size (the largest that fits; libjpeg scales in its IDCT, for a fraction of
  /// the memory and work); nil decodes at full size. Other formats ignore it.
  public static func decode(_ bytes: [UInt8], pixelCap: Int = defaultPixelCap, decodedPixels: Int? = decodedPixelBudget) throws(ImageError) -> GreyImage {
    guard !bytes.isEmpty else { throw ImageError(.empty, "an empty file (0 bytes)") }
    switch format(of: bytes) {
    case .jpeg: return try jpeg(bytes, pixelCap: pixelCap, decodedPixels: decodedPixels ?? 0)
    case .png: return try codec { out, reason, size in
        vgk_image_png_grey(bytes, bytes.count, Int64(pixelCap), &out, reason, size)
      }
    case .pnm: return try PNM.decode(bytes, pixelCap: pixelCap)
    case nil: throw ImageError(.notAnImage, "not a JPEG, PNG or PGM/PPM image")
    }
  }

  /// Decodes the image in the open regular file `fd` of `size` bytes (the worker's standard
  /// input, an in-memory file) as `decode` would its bytes, except that a JPEG is read from the
  /// file a block at a time: a large photo's bytes are not held beside its coefficients.
  public static func decode(fileDescriptor fd: Int32, size: Int, pixelCap: Int = defaultPixelCap, decodedPixels: Int? = decodedPixelBudget)
    throws(ImageError) -> GreyImage
  {
    guard size > 0 else { throw ImageError(.empty, "an empty file (0 bytes)") }
    guard size <= maximumFileSize else { throw ImageError(.tooLarge, "\(size) bytes, over the \(maximumFileSize >> 20) MiB a photo can be") }
    var head = [UInt8](repeating: 0, count: 8)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    if n >= 3, format(of: Array(head.prefix(n))) == .jpeg {
      return try jpeg(pixelCap: pixelCap, decodedPixels: decodedPixels ?? 0) { pixels, width, height, reason, count in
        vgk_image_jpeg_grey_fd_into(fd, Int64(pixelCap), Int64(decodedPixels ?? 0), pixels, width, height, reason, count)
      }
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
      let got = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return pread(fd, base + done, size - done, off_t(done))
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { break }  // shorter than it said: the codec will say if it is short
      done += got
    }
    return try decode(Array(bytes.prefix(done)), pixelCap: pixelCap, decodedPixels: decodedPixels)
  }

  /// JPEG straight into the image's own storage: the size from the header first (and the pixel
  /// cap with it), then the pixels.
  private static func jpeg(_ bytes: [UInt8], pixelCap: Int, decodedPixels: Int) throws(ImageError) -> GreyImage {
    try jpeg(pixelCap: pixelCap, decodedPixels: decodedPixels) { pixels, width, height, reason, count in
      vgk_image_jpeg_grey_into(bytes, bytes.count, Int64(pixelCap), Int64(decodedPixels), pixels, width, height, reason, count)
    }
  }

  /// `call` is one of the C decoders: with nil pixels it gives the size, with a buffer it fills it.
  private static func jpeg(
    pixelCap: Int, decodedPixels: Int,
    _ call: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>, Int) -> Int32
  ) throws(ImageError) -> GreyImage {
    var width: Int32 = 0
    var height: Int32 = 0
    var reason = [CChar](repeating: 0, count: 256)
    var status = reason.withUnsafeMutableBufferPointer { r -> Int32 in
      guard let base = r.baseAddress else { return Int32(VGK_IMAGE_CORRUPT) }
      return call(nil, &width, &height, base, r.count)
    }
    var pixels: [UInt8] = []
    if status == VGK_IMAGE_OK {
      let count = Int(width) * Int(height)
      pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialised in
        status = reason.withUnsafeMutableBufferPointer { r -> Int32 in
          guard let base = r.baseAddress, let into = buffer.baseAddress else { return Int32(VGK_IMAGE_CORRUPT) }
          return call(into, &width, &height, base, r.count)
        }
        // On an error the bytes are never read: the array is dropped below.
        initialised = count
      }
    }
    let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard status == VGK_IMAGE_OK else { throw failure(status, text) }
    return GreyImage(width: Int(width), height: Int(height), pixels: pixels)
  }

  private static func failure(_ status: Int32, _ text: String) -> ImageError {
    switch Int(status) {
    case VGK_IMAGE_TOO_LARGE: ImageError(.tooLarge, text)
    case VGK_IMAGE_TRUNCATED: ImageError(.truncated, "truncated: the file ends before the image does")
    case VGK_IMAGE_UNSUPPORTED: ImageError(.unsupported, text)
    case VGK_IMAGE_NO_MEMORY: ImageError(.decoderFailed, text.isEmpty ? "out of memory while decoding" : text)
    default: ImageError(.corrupt, "corrupt image data (\(text.isEmpty ? "the decoder refused it" : text))")
    }
  }

  private static func codec(
    _ call: (inout vgk_grey_image, UnsafeMutablePointer<CChar>, Int) -> Int32
  ) throws(ImageError) -> GreyImage {
    var out = vgk_grey_image()
    var reason = [CChar](repeating: 0, count: 256)
    let status = reason.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return Int32(VGK_IMAGE_CORRUPT) }
      return call(&out, base, buffer.count)
    }
    defer { vgk_image_free(&out) }
    let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    switch Int(status) {
    case VGK_IMAGE_OK:
      let count = Int(out.width) * Int(out.height)
      let pixels = Array(UnsafeBufferPointer(start: out.pixels, count: count))
      return GreyImage(width: Int(out.width), height: Int(out.height), pixels: pixels)
    default: throw failure(status, text)
    }
  }
}

/// PGM (P2, P5) and PPM (P3, P6) with a maximum value up to 65535, read by hand: the format is
/// small, and parsing it here keeps every limit in one place.
enum PNM {
  static func decode(_ bytes: [UInt8], pixelCap: Int) throws(ImageError) -> GreyImage {
    var i = 2
    func skipSpaceAndComments() {
      while i < bytes.count {
        if bytes[i] == UInt8(ascii: "#") {
          while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        } else if [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(bytes[i]) {
          i += 1
        } else {
          return
        }
      }
    }
    func number(_ what: String) throws(ImageError) -> Int {
      skipSpaceAndComments()
      var value = 0
      var digits = 0
      while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
        value = value * 10 + Int(bytes[i] - 0x30)
        digits += 1
        i += 1
        if value > 1 << 30 { throw ImageError(.corrupt, "corrupt PNM header: the \(what) is absurdly large") }
      }
      guard digits > 0 else {
        throw ImageError(i >= bytes.count ? .truncated : .corrupt,
          i >= bytes.count ? "truncated: the file ends before the image does" : "corrupt PNM: no \(what) where one is due")
      }
      return value
    }
    let kind = bytes[1]
    let colour = kind == UInt8(ascii: "3") || kind == UInt8(ascii: "6")
    let binary = kind == UInt8(ascii: "5") || kind == UInt8(ascii: "6")
    let width = try number("width")
    let height = try number("height")
    let maxValue = try number("maximum value")
    guard width > 0 && height > 0 else { throw ImageError(.corrupt, "corrupt PNM header: \(width)x\(height) has no pixels") }
    guard maxValue >= 1 && maxValue <= 65535 else {
      throw ImageError(.corrupt, "corrupt PNM header: maximum value \(maxValue) is not 1 to 65535")
    }
    guard width.multipliedReportingOverflow(by: height).partialValue <= pixelCap, width <= pixelCap, height <= pixelCap else {
      throw ImageError(
        .tooLarge,
        "\(width)x\(height) is \(ImageLoader.megapixels(width * height)) megapixels, "
          + "over the limit of \(ImageLoader.megapixels(pixelCap))")
    }
    guard width <= ImageLoader.maximumSide, height <= ImageLoader.maximumSide else {
      throw ImageError(.tooLarge, "\(width)x\(height) has a side over \(ImageLoader.maximumSide) pixels: not a camera photo")
    }
    let channels = colour ? 3 : 1
    let count = width * height
    var grey = [UInt8](repeating: 0, count: count)
    func toGrey(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
      // ITU-R BT.601 luma, as libjpeg uses for its grey conversion.
      UInt8(min(255, (r * 299 + g * 587 + b * 114) * 255 / (1000 * maxValue)))
    }
    if binary {
      guard i < bytes.count else { throw ImageError(.truncated, "truncated: the file ends before the image does") }
      i += 1  // exactly one whitespace byte after the maximum value
      let sampleBytes = maxValue > 255 ? 2 : 1
      let needed = count * channels * sampleBytes
      guard bytes.count - i >= needed else { throw ImageError(.truncated, "truncated: the file ends before the image does") }
      func sample(_ k: Int) -> Int {
        sampleBytes == 1 ? Int(bytes[i + k]) : Int(bytes[i + 2 * k]) << 8 | Int(bytes[i + 2 * k + 1])
      }
      for p in 0..<count {
        grey[p] = colour ? toGrey(sample(3 * p), sample(3 * p + 1), sample(3 * p + 2)) : toGrey(sample(p), sample(p), sample(p))
      }
    } else {
      for p in 0..<count {
        if colour {
          let r = try number("sample"), g = try number("sample"), b = try number("sample")
          guard r <= maxValue && g <= maxValue && b <= maxValue else {
            throw ImageError(.corrupt, "corrupt PNM data: a sample over the maximum value")
          }
          grey[p] = toGrey(r, g, b)
        } else {
          let v = try number("sample")
          guard v <= maxValue else { throw ImageError(.corrupt, "corrupt PNM data: a sample over the maximum value") }
          grey[p] = toGrey(v, v, v)
        }
      }
    }
    return GreyImage(width: width, height: height, pixels: grey)
  }
}

/// Encoders for grey images: PNG for labels and both for test images.
public enum ImageEncoder {
  public static func png(_ image: GreyImage) -> [UInt8]? {
    encode { out, size in vgk_image_png_encode_grey(image.pixels, Int32(image.width), Int32(image.height), &out, &size) }
  }

  public static func jpeg(_ image: GreyImage, quality: Int = 85, progressive: Bool = false) -> [UInt8]? {
    encode { out, size in
      vgk_image_jpeg_encode_grey(image.pixels, Int32(image.width), Int32(image.height), Int32(quality), progressive ? 1 : 0, &out, &size)
    }
  }

  private static func encode(_ call: (inout UnsafeMutablePointer<UInt8>?, inout Int) -> Int32) -> [UInt8]? {
    var out: UnsafeMutablePointer<UInt8>?
    var size = 0
    guard call(&out, &size) == 0, let out else { return nil }
    defer { vgk_image_free_bytes(out) }
    return Array(UnsafeBufferPointer(start: out, count: size))
  }
}
