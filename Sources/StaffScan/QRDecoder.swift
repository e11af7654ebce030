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

  public static func decode(grey: [UInt8], width: Int, height: Int) -> [Symbol] {
    guard width > 0, height > 0, grey.count >= width * height else { return [] }
    guard let scanner = zbar_image_scanner_create() else { return [] }
    defer { zbar_image_scanner_destroy(scanner) }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
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
