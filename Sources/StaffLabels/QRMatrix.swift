import CQREncode

/// A QR code as a square of dark and light modules, made by libqrencode.
public struct QRMatrix: Sendable, Equatable {
  public let version: Int
  public let size: Int
  /// Row-major; true is a dark module.
  public let modules: [Bool]

  public subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

  public enum Level: Sendable { case low, medium, quartile, high }

  public enum EncodeError: Error, Equatable { case tooLong, failed(Int32) }

  /// Encodes `payload` as bytes (8-bit mode), at the smallest version ≥ `minimumVersion`.
  public static func encode(_ payload: String, level: Level = .medium, minimumVersion: Int = 1) throws(EncodeError)
    -> QRMatrix
  {
    let bytes = Array(payload.utf8)
    let ec: QRecLevel =
      switch level {
      case .low: QR_ECLEVEL_L
      case .medium: QR_ECLEVEL_M
      case .quartile: QR_ECLEVEL_Q
      case .high: QR_ECLEVEL_H
      }
    errno = 0
    guard let code = bytes.withUnsafeBufferPointer({ QRcode_encodeData(Int32($0.count), $0.baseAddress, Int32(minimumVersion), ec) })
    else { throw errno == ERANGE ? .tooLong : .failed(errno) }
    defer { QRcode_free(code) }
    let width = Int(code.pointee.width)
    var modules = [Bool](repeating: false, count: width * width)
    for i in 0..<(width * width) { modules[i] = code.pointee.data[i] & 1 == 1 }
    return QRMatrix(version: Int(code.pointee.version), size: width, modules: modules)
  }

  /// 8-bit grey pixels ("Y800": 0 black, 255 white) with a quiet zone of 4 modules, each module
  /// `scale` pixels wide: what a printer or screen would show.
  public func greyPixels(scale: Int) -> (pixels: [UInt8], width: Int) {
    let side = (size + 8) * scale
    var px = [UInt8](repeating: 255, count: side * side)
    for r in 0..<size {
      for c in 0..<size where self[r, c] {
        for dy in 0..<scale {
          let base = ((r + 4) * scale + dy) * side + (c + 4) * scale
          for dx in 0..<scale { px[base + dx] = 0 }
        }
      }
    }
    return (px, side)
  }

  /// The libqrencode version running, e.g. "4.1.1".
  public static var libraryVersion: String {
    guard let s = QRcode_APIVersionString() else { return "unknown" }
    return String(cString: s)
  }
}

#if canImport(Glibc)
  import Glibc
#endif
