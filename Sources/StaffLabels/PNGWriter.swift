/// A PNG writer in pure Swift: greyscale, 1 or 8 bits per pixel, no filtering (filter type 0 on
/// every row), the zlib stream either one fixed-Huffman deflate block (the default) or stored
/// blocks of at most 65 535 bytes.
public enum PNGWriter {
  public enum Depth: Sendable { case one, eight }
  public enum Compression: Sendable { case fixedHuffman, stored }

  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The PNG file's bytes. Dark pixels are black (0), light ones white. An empty bitmap (width
  /// or height 0) cannot be a PNG: the result is then `nil`.
  public static func encode(_ bitmap: Bitmap, depth: Depth = .one, compression: Compression = .fixedHuffman) -> [UInt8]? {
    guard bitmap.width > 0, bitmap.height > 0, bitmap.width <= 0x7FFF_FFFF, bitmap.height <= 0x7FFF_FFFF else { return nil }
    var ihdr: [UInt8] = []
    ihdr.append(bigEndian: UInt32(bitmap.width))
    ihdr.append(bigEndian: UInt32(bitmap.height))
    ihdr += [depth == .one ? 1 : 8, 0, 0, 0, 0]  // depth, greyscale, deflate, filter 0, no interlace
    var out = signature
    chunk("IHDR", ihdr, into: &out)
    let raw = scanlines(bitmap, depth: depth)
    chunk("IDAT", compression == .stored ? zlibStored(raw) : zlibFixed(raw), into: &out)
    chunk("IEND", [], into: &out)
    return out
  }

  /// Each row prefixed with filter type 0. 1-bit rows are packed MSB-first, 1 = white; the
  /// unused bits at a row's end are white.
  static func scanlines(_ bitmap: Bitmap, depth: Depth) -> [UInt8] {
    let w = bitmap.width
    let rowBytes = depth == .one ? (w + 7) / 8 : w
    var data = [UInt8](repeating: 0, count: (rowBytes + 1) * bitmap.height)
    bitmap.dark.withUnsafeBufferPointer { dark in
      data.withUnsafeMutableBufferPointer { d in
        for y in 0..<bitmap.height {
          let base = y * (rowBytes + 1) + 1
          let row = y * w
          switch depth {
          case .eight:
            for x in 0..<w { d[base + x] = dark[row + x] ? 0 : 255 }
          case .one:
            for b in 0..<rowBytes {
              var byte: UInt8 = 0
              for bit in 0..<8 {
                let x = b * 8 + bit
                if x >= w || !dark[row + x] { byte |= 0x80 >> UInt8(bit) }
              }
              d[base + b] = byte
            }
          }
        }
      }
    }
    return data
  }

  /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4), then Adler-32.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]  // deflate, 32 K window, fastest; (0x7801 % 31 == 0)
    out.reserveCapacity(data.count + data.count / 65535 * 5 + 16)
    var start = 0
    repeat {
      let n = min(65535, data.count - start)
      let final: UInt8 = start + n == data.count ? 1 : 0
      out.append(final)  // BFINAL, BTYPE 00
      out.append(UInt8(n & 0xFF))
      out.append(UInt8(n >> 8))
      out.append(UInt8(~n & 0xFF))
      out.append(UInt8((~n >> 8) & 0xFF))
      out += data[start..<(start + n)]
      start += n
    } while start < data.count
    out.append(bigEndian: adler32(data))
    return out
  }

  /// A zlib stream of one fixed-Huffman deflate block, then Adler-32.
  static func zlibFixed(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    out += Deflate.fixed(data)
    out.append(bigEndian: adler32(data))
    return out
  }

  static func chunk(_ type: String, _ body: [UInt8], into out: inout [UInt8]) {
    let typeBytes = Array(type.utf8)
    out.append(bigEndian: UInt32(body.count))
    let from = out.count
    out += typeBytes
    out += body
    out.append(bigEndian: crc32(out[from...]))
  }

  private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// CRC-32 (ISO 3309 / ITU-T V.42, as PNG uses it).
  static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    var i = 0
    while i < bytes.count {
      let end = min(bytes.count, i + 5552)  // the most bytes before b can overflow
      while i < end {
        a &+= UInt32(bytes[i])
        b &+= a
        i += 1
      }
      a %= 65521
      b %= 65521
    }
    return b << 16 | a
  }
}

extension [UInt8] {  // fileprivate: PNG is big-endian, ESC/POS little-endian
  fileprivate mutating func append(bigEndian v: UInt32) {
    append(UInt8(v >> 24))
    append(UInt8((v >> 16) & 0xFF))
    append(UInt8((v >> 8) & 0xFF))
    append(UInt8(v & 0xFF))
  }
}
