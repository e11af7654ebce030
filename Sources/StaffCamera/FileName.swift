import StaffDomain

#if canImport(Glibc)
  import Glibc
#endif

/// A name in the camera folder, as the bytes the file system holds: a camera or a person may
/// write names that are not UTF-8, and such a file must still be opened, moved and reported.
public struct FileName: Hashable, Sendable, CustomStringConvertible {
  public var bytes: [UInt8]

  public init(_ bytes: [UInt8]) { self.bytes = bytes }
  public init(_ text: String) { self.bytes = Array(text.utf8) }

  /// For people and logs: invalid UTF-8 replaced, control characters escaped (a name with a
  /// newline must not forge a second log line), other hidden characters (C1 controls,
  /// bidirectional overrides) shown as `Visible` shows them.
  public var description: String {
    var out = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\x" + String(scalar.value, radix: 16, uppercase: false).leftPadded(to: 2)
      } else if Visible.isHidden(scalar) {
        out += Visible.escaped(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Names the folder never takes: dot-files, temporary names, and its own subfolders.
  public var isIgnored: Bool {
    guard let first = bytes.first else { return true }
    if first == UInt8(ascii: ".") { return true }
    let lower = bytes.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 }
    for suffix in [".part", ".tmp"] where lower.count >= suffix.utf8.count && lower.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
      return true
    }
    return self == CameraFolder.processedName || self == CameraFolder.quarantineName
  }

  /// `stem-N.ext` for N ≥ 2 (the extension is what follows the last dot, if any), kept within
  /// NAME_MAX with room for ".reason".
  public func numbered(_ n: Int) -> FileName {
    let limit = 255 - ".reason".utf8.count
    var stem = bytes[...]
    var ext: ArraySlice<UInt8> = []
    if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= 16 {
      stem = bytes[..<dot]
      ext = bytes[dot...]
    }
    let suffix: [UInt8] = n >= 2 ? Array("-\(n)".utf8) : []
    let room = max(1, limit - suffix.count - ext.count)
    return FileName(Array(stem.prefix(room)) + suffix + Array(ext))
  }

  func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
    (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { fatalError("an array with a terminator has storage") }
      return body(base)
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
