import StaffDomain

/// What the decoding worker (`vgk-scan-worker`) writes on its standard output, and how the parent
/// reads it back. Line-based and strict: the parent treats the worker as untrusted (it parses
/// hostile images), so anything unexpected is a failure, never a scan.
///
///     vgk-scan-worker 1
///     symbol QR-Code 4f524445523a...      (payload bytes in hex; zero or more lines)
///     pass reduced                         (or: pass none)
///
/// or, when the image could not be loaded:
///
///     vgk-scan-worker 1
///     error truncated the file ends before the image does
public enum WorkerProtocol {
  public static let header = "vgk-scan-worker 1"
  /// A reply longer than this is not one our worker writes.
  public static let maximumReplyBytes = 1 << 20

  public static func encode(_ result: Result<QRDecoder.Found, ImageError>) -> String {
    var lines = [header]
    switch result {
    case .success(let found):
      for symbol in found.symbols {
        lines.append("symbol \(symbol.type) \(Hex.encode(symbol.data.utf8))")
      }
      lines.append("pass \(found.pass?.rawValue ?? "none")")
    case .failure(let error):
      lines.append("error \(error.kind.rawValue) \(oneLine(error.reason))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Parses a reply; nil when it is not exactly what `encode` writes.
  public static func decode(_ bytes: [UInt8]) -> Result<QRDecoder.Found, ImageError>? {
    guard bytes.count <= maximumReplyBytes, bytes.last == 0x0A,
      bytes.allSatisfy({ $0 == 0x0A || ($0 >= 0x20 && $0 < 0x7F) })
    else { return nil }
    let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    guard lines.count >= 2, lines[0] == header else { return nil }
    if lines.count == 2, lines[1].hasPrefix("error ") {
      let rest = lines[1].dropFirst("error ".count)
      guard let space = rest.firstIndex(of: " "), let kind = ImageError.Kind(rawValue: String(rest[..<space])) else {
        return nil
      }
      let reason = String(rest[rest.index(after: space)...])
      guard !reason.isEmpty else { return nil }
      return .failure(ImageError(kind, reason))
    }
    guard let last = lines.last, last.hasPrefix("pass ") else { return nil }
    let passName = String(last.dropFirst("pass ".count))
    let pass: QRDecoder.Pass?
    if passName == "none" {
      pass = nil
    } else {
      guard let p = QRDecoder.Pass(rawValue: passName) else { return nil }
      pass = p
    }
    var symbols: [QRDecoder.Symbol] = []
    for line in lines.dropFirst().dropLast() {
      let fields = line.split(separator: " ", omittingEmptySubsequences: false)
      guard fields.count == 3, fields[0] == "symbol", fields[1] == "QR-Code",
        let data = Hex.decode(fields[2]), !data.isEmpty, data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
        // Lower-case hex, as `encode` writes it (found by `make fuzz`: upper case was taken too).
        Hex.encode(data) == fields[2]
      else { return nil }
      symbols.append(QRDecoder.Symbol(type: "QR-Code", data: String(decoding: data, as: UTF8.self)))
    }
    // A pass without symbols, or symbols without a pass, is not a reply our worker writes.
    guard (pass == nil) == symbols.isEmpty else { return nil }
    return .success(QRDecoder.Found(symbols: symbols, pass: pass))
  }

  static func oneLine(_ s: String) -> String {
    let printable = s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
    let text = String(printable)
    return text.isEmpty ? "unknown error" : text
  }
}
