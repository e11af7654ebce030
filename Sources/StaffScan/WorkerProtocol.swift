import StaffDomain

/// How the parent and the decoding worker (`vgk-scan-worker`) talk over the worker's socket
/// (its standard input and output). Strict both ways: the parent treats the worker as untrusted
/// (it parses hostile images), so anything unexpected is a failure, never a scan.
///
/// A request is one line with the image attached as an in-memory file (SCM_RIGHTS), so the worker
/// reads a JPEG a block at a time and the parent never blocks feeding a worker that does not read:
///
///     decode 7 182734                      (the request's number, the image's size in bytes)
///
/// The reply names the request it answers and ends at its `pass` or `error` line:
///
///     vgk-scan-worker 2 7
///     symbol QR-Code 4f524445523a...      (payload bytes in hex; zero or more lines)
///     pass reduced                         (or: pass none)
///
/// or, when the image could not be loaded:
///
///     vgk-scan-worker 2 7
///     error truncated the file ends before the image does
///
/// Started with a regular file on its standard input, the worker answers that one image as
/// request 0 and exits.
public enum WorkerProtocol {
  public static let header = "vgk-scan-worker 2"
  /// A reply longer than this is not one our worker writes.
  public static let maximumReplyBytes = 1 << 20
  /// A request line longer than this is not one the parent writes.
  public static let maximumRequestBytes = 64

  public static func request(number: Int, size: Int) -> String { "decode \(number) \(size)\n" }

  /// The number and size in a request line (without its newline); nil when it is not one.
  public static func parseRequest(_ line: [UInt8]) -> (number: Int, size: Int)? {
    let fields = line.split(separator: 0x20, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard fields.count == 3, fields[0] == "decode", let number = canonical(fields[1]), let size = canonical(fields[2]) else { return nil }
    return (number, size)
  }

  /// How far a reply being read has come.
  public enum Framing: Equatable, Sendable {
    /// Not yet a whole reply, and nothing read so far rules one out.
    case incomplete
    /// A whole reply: its first `length` bytes, up to and with the newline of its `pass` or
    /// `error` line.
    case complete(length: Int)
    /// Not a reply our worker writes, whatever comes next.
    case invalid
  }

  /// Where the reply at the start of `bytes` ends, if it does; `reply` then says whether it is
  /// one. Judged line by line, so the parent stops at the first whole line our worker would not
  /// write; a line that never ends is stopped by `maximumReplyBytes`.
  public static func framing(_ bytes: [UInt8]) -> Framing {
    let headerBytes = Array((header + " ").utf8)
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      let line = bytes[start..<index]
      guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return .invalid }
      if start == 0 {
        guard line.starts(with: headerBytes) else { return .invalid }
      } else if line.starts(with: Array("pass ".utf8)) || line.starts(with: Array("error ".utf8)) {
        return .complete(length: index + 1)
      } else if !line.starts(with: Array("symbol ".utf8)) {
        return .invalid
      }
      start = index + 1
    }
    return .incomplete
  }

  public static func encode(_ result: Result<QRDecoder.Found, ImageError>, request: Int = 0) -> String {
    var lines = ["\(header) \(request)"]
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

  /// Parses a reply whatever request it answers; nil when it is not exactly what `encode` writes.
  public static func decode(_ bytes: [UInt8]) -> Result<QRDecoder.Found, ImageError>? {
    reply(bytes)?.result
  }

  /// Parses a reply and the request it answers; nil when it is not exactly what `encode` writes.
  public static func reply(_ bytes: [UInt8]) -> (request: Int, result: Result<QRDecoder.Found, ImageError>)? {
    guard bytes.count <= maximumReplyBytes, bytes.last == 0x0A,
      bytes.allSatisfy({ $0 == 0x0A || ($0 >= 0x20 && $0 < 0x7F) })
    else { return nil }
    let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    guard lines.count >= 2, lines[0].hasPrefix(header + " "), let request = canonical(String(lines[0].dropFirst(header.count + 1)))
    else { return nil }
    if lines.count == 2, lines[1].hasPrefix("error ") {
      let rest = lines[1].dropFirst("error ".count)
      guard let space = rest.firstIndex(of: " "), let kind = ImageError.Kind(rawValue: String(rest[..<space])) else {
        return nil
      }
      let reason = String(rest[rest.index(after: space)...])
      guard !reason.isEmpty else { return nil }
      return (request, .failure(ImageError(kind, reason)))
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
    return (request, .success(QRDecoder.Found(symbols: symbols, pass: pass)))
  }

  /// A whole number as `String(Int)` writes it: digits, no sign, no leading zero, at most 15.
  static func canonical(_ text: String) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 15, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      text == "0" || !text.hasPrefix("0")
    else { return nil }
    return Int(text)
  }

  static func oneLine(_ s: String) -> String {
    let printable = s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
    let text = String(printable)
    return text.isEmpty ? "unknown error" : text
  }
}
