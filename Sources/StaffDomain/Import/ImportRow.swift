/// A CSV file's header: its line and its column names, in order.
public struct ImportHeader: Sendable, Equatable {
  public var line: Int
  public var columns: [String]
  public init(line: Int, columns: [String]) {
    self.line = line
    self.columns = columns
  }
}

/// One record of an import file, with the line it starts on, before it is given a type.
public struct ImportRow: Sendable, Equatable {
  public var line: Int
  public var fields: [String: FieldValue]
  public init(line: Int, fields: [String: FieldValue]) {
    self.line = line
    self.fields = fields
  }
}

/// A field as read from CSV (always text) or JSON (typed).
public indirect enum FieldValue: Sendable, Equatable {
  case text(String)
  case integer(Int64)
  case bool(Bool)
  case null
  case rows([ImportRow])
  /// Anything else JSON can hold (a fraction, an object…), kept as a description for the error.
  case unsupported(String)
}

/// A reason tied to a line of the file. The caller prints it as `FILE:LINE: message`.
public struct ImportIssue: Error, Equatable, Sendable, CustomStringConvertible {
  public var line: Int
  public var message: String
  /// Messages quote the file's own text: what they show is made visible (`Visible`), and at most
  /// `messageLimit` characters long.
  public init(line: Int, _ message: String) {
    self.line = line
    self.message = Visible.text(message, limit: Self.messageLimit)
  }

  public static let messageLimit = 500
  public var description: String { "\(line): \(message)" }
}

/// All the problems found in one file; nothing from a file with problems is imported.
public struct ImportFailure: Error, Equatable, Sendable {
  public var issues: [ImportIssue]
  public init(_ issues: [ImportIssue]) { self.issues = issues }
  /// At most this many issues are kept; the rest are counted.
  public static let limit = 50
}

public enum ImportFormat: String, Sendable, CaseIterable {
  case csv, json

  /// By extension first (`.csv`, `.json`, `.jsonl`, `.ndjson`), else by the first non-blank byte.
  public static func guess(fileName: String, bytes: [UInt8]) -> ImportFormat {
    let lower = fileName.lowercased()
    if lower.hasSuffix(".csv") { return .csv }
    if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .json }
    let first = bytes.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }).first
    return first == 0x5B || first == 0x7B ? .json : .csv
  }
}

/// Reads an import file's bytes into rows. Checks the encoding first: a file that is not UTF-8
/// is refused with the line and byte where it stops being UTF-8.
public enum ImportReader {
  public static func rows(_ bytes: [UInt8], format: ImportFormat) throws(ImportFailure) -> [ImportRow] {
    let text = try decodeUTF8(bytes)
    switch format {
    case .csv: return try CSVReader.rows(text)
    case .json: return try JSONRowReader.rows(text)
    }
  }

  /// The rows and, for CSV, the header they were read under (JSON has none: each record names
  /// its own keys).
  public static func table(_ bytes: [UInt8], format: ImportFormat) throws(ImportFailure) -> (header: ImportHeader?, rows: [ImportRow]) {
    let text = try decodeUTF8(bytes)
    switch format {
    case .csv:
      let (header, rows) = try CSVReader.table(text)
      return (header, rows)
    case .json: return (nil, try JSONRowReader.rows(text))
    }
  }

  static func decodeUTF8(_ bytes: [UInt8]) throws(ImportFailure) -> String {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if let s = String(validating: body, as: UTF8.self) {
      if s.unicodeScalars.contains("\u{0}") {
        let line = 1 + body.prefix(while: { $0 != 0 }).filter { $0 == 0x0A }.count
        throw ImportFailure([ImportIssue(line: line, "contains a NUL byte: this is not a text file")])
      }
      return s
    }
    // Walk the bytes to point at the first one that does not decode.
    var line = 1
    var column = 1
    var k = body.startIndex
    while k < body.endIndex {
      if body[k] == 0x0A {
        line += 1
        column = 1
        k += 1
        continue
      }
      let n = utf8Length(body[k])
      guard n > 0, k + n <= body.endIndex, String(validating: body[k..<(k + n)], as: UTF8.self) != nil else {
        let hex = "0x" + String(body[k], radix: 16, uppercase: true)
        throw ImportFailure([
          ImportIssue(
            line: line,
            "is not UTF-8 (byte \(hex) at column \(column)); save the file as UTF-8 and import it again")
        ])
      }
      k += n
      column += 1
    }
    throw ImportFailure([ImportIssue(line: 1, "is not UTF-8")])
  }

  private static func utf8Length(_ lead: UInt8) -> Int {
    switch lead {
    case 0x00...0x7F: 1
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
  }
}
