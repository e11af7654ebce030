/// JSON import files: one array of objects, or JSON Lines (one object per line). Each object
/// becomes a row whose line is where the object starts, so errors point into the file.
public enum JSONRowReader {
  public static func rows(_ text: String) throws(ImportFailure) -> [ImportRow] {
    let bytes = Array(text.utf8)
    let start = bytes.firstIndex(where: { !isSpace($0) })
    guard let start else { throw ImportFailure([ImportIssue(line: 1, "is empty")]) }
    let slices: [(line: Int, bytes: ArraySlice<UInt8>)]
    if bytes[start] == 0x5B {
      slices = try arrayElements(bytes, from: start)
    } else {
      var out: [(Int, ArraySlice<UInt8>)] = []
      var line = 1
      var lineStart = 0
      for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
        let slice = bytes[lineStart..<i]
        if slice.contains(where: { !isSpace($0) }) { out.append((line, slice)) }
        line += 1
        lineStart = i + 1
      }
      slices = out
    }
    var rows: [ImportRow] = []
    var issues: [ImportIssue] = []
    // At most `limit` problems: checked before each line, since a line that is JSON but not an
    // object goes on to the next without reaching the end of the loop (found by `make fuzz`).
    for (line, slice) in slices {
      if issues.count >= ImportFailure.limit { break }
      do throws(JSONParser.Failure) {
        guard case .object(let pairs) = try JSONParser.parse(slice, line: line) else {
          issues.append(ImportIssue(line: line, "is not a JSON object"))
          continue
        }
        rows.append(ImportRow(line: line, fields: fields(pairs, line: line)))
      } catch {
        issues.append(ImportIssue(line: error.line, error.message))
      }
    }
    if !issues.isEmpty { throw ImportFailure(issues) }
    return rows
  }

  static func fields(_ pairs: [String: JSONValue], line: Int) -> [String: FieldValue] {
    var out: [String: FieldValue] = [:]
    for (key, value) in pairs {
      let v = fieldValue(value, line: line)
      if v != .null { out[key.lowercased()] = v }
    }
    return out
  }

  static func fieldValue(_ value: JSONValue, line: Int) -> FieldValue {
    switch value {
    case .string(let s): .text(s)
    case .integer(let n): .integer(n)
    case .bool(let b): .bool(b)
    case .null: .null
    case .number(let literal): .unsupported("the number \(literal)")
    case .object: .unsupported("an object")
    case .array(let items):
      .rows(
        items.map { item in
          if case .object(let pairs) = item { return ImportRow(line: line, fields: fields(pairs, line: line)) }
          return ImportRow(line: line, fields: ["": .unsupported("not an object")])
        })
    }
  }

  /// Splits a top-level array into its elements without parsing them, tracking lines.
  static func arrayElements(_ b: [UInt8], from start: Int) throws(ImportFailure) -> [(line: Int, bytes: ArraySlice<UInt8>)] {
    var out: [(Int, ArraySlice<UInt8>)] = []
    var line = 1 + b[..<start].filter { $0 == 0x0A }.count
    var depth = 0
    var inString = false
    var escaped = false
    var elementStart: Int? = nil
    var elementLine = line
    var closed = false
    var i = start
    while i < b.count {
      let c = b[i]
      if c == 0x0A { line += 1 }
      if closed {
        if !isSpace(c) { throw ImportFailure([ImportIssue(line: line, "has text after the closing ']'")]) }
        i += 1
        continue
      }
      if inString {
        if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
        i += 1
        continue
      }
      switch c {
      case 0x22:
        inString = true
        if depth == 1 && elementStart == nil { elementStart = i; elementLine = line }
      case 0x5B, 0x7B:
        if depth == 1 && elementStart == nil { elementStart = i; elementLine = line }
        depth += 1
      case 0x5D, 0x7D:
        depth -= 1
        if depth == 0 {
          if let s = elementStart { out.append((elementLine, b[s..<i])) }
          elementStart = nil
          closed = true
        }
      case 0x2C where depth == 1:
        guard let s = elementStart else { throw ImportFailure([ImportIssue(line: line, "has an empty element in the array")]) }
        out.append((elementLine, b[s..<i]))
        elementStart = nil
      default:
        if depth == 1 && elementStart == nil && !isSpace(c) { elementStart = i; elementLine = line }
      }
      i += 1
    }
    if !closed { throw ImportFailure([ImportIssue(line: line, "ends before the array's closing ']'")]) }
    return out
  }

  static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}

/// A JSON value that keeps integers, booleans and other numbers apart. A number is an integer
/// only when written as one (`800013`, not `8.00013e5` or `800013.0`); any other keeps its text.
enum JSONValue: Equatable {
  case string(String), integer(Int64), number(String), bool(Bool), null
  case array([JSONValue]), object([String: JSONValue])
}

/// Reads and checks one JSON value (RFC 8259: strict numbers, UTF-8, no raw control characters
/// in strings). Done by hand because Foundation's decoder reads `8.00013e5` as the integer 800013
/// and keeps one of two equal keys silently: an import refuses both. Keys are compared
/// regardless of case, as columns are.
struct JSONParser {
  struct Failure: Error, Equatable {
    var line: Int
    var message: String
  }

  private let b: ArraySlice<UInt8>
  private var i: Int
  private var line: Int
  private var depth = 0
  /// Deeper than this is refused.
  static let maximumDepth = 512

  static func parse(_ bytes: ArraySlice<UInt8>, line: Int) throws(Failure) -> JSONValue {
    var parser = JSONParser(b: bytes, i: bytes.startIndex, line: line)
    let value = try parser.value()
    parser.skipSpace()
    guard parser.i == bytes.endIndex else { throw parser.fail("text after the value") }
    return value
  }

  private init(b: ArraySlice<UInt8>, i: Int, line: Int) {
    self.b = b
    self.i = i
    self.line = line
  }

  private func fail(_ what: String) -> Failure { Failure(line: line, message: "is not valid JSON (\(what))") }

  private mutating func skipSpace() {
    while i < b.endIndex, JSONRowReader.isSpace(b[i]) {
      if b[i] == 0x0A { line += 1 }
      i += 1
    }
  }

  private mutating func value() throws(Failure) -> JSONValue {
    skipSpace()
    guard i < b.endIndex else { throw fail("it ends where a value is due") }
    switch b[i] {
    case 0x7B: return try object()
    case 0x5B: return try array()
    case 0x22: return .string(try string())
    case 0x74: return try word("true", .bool(true))
    case 0x66: return try word("false", .bool(false))
    case 0x6E: return try word("null", .null)
    default: return try number()
    }
  }

  private mutating func word(_ text: String, _ value: JSONValue) throws(Failure) -> JSONValue {
    let bytes = Array(text.utf8)
    guard b[i...].starts(with: bytes) else { throw fail("an unknown word") }
    i += bytes.count
    return value
  }

  private mutating func enter() throws(Failure) {
    depth += 1
    guard depth <= Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) deep") }
    i += 1
    skipSpace()
  }

  private mutating func object() throws(Failure) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    var pairs: [String: JSONValue] = [:]
    var seen: Set<String> = []
    if i < b.endIndex && b[i] == 0x7D {
      i += 1
      return .object(pairs)
    }
    while true {
      skipSpace()
      guard i < b.endIndex, b[i] == 0x22 else { throw fail("a key is due") }
      let keyLine = line
      let key = try string()
      guard seen.insert(key.lowercased()).inserted else { throw Failure(line: keyLine, message: "duplicate key '\(key)'") }
      skipSpace()
      guard i < b.endIndex, b[i] == 0x3A else { throw fail("':' is due after a key") }
      i += 1
      pairs[key] = try value()
      skipSpace()
      guard i < b.endIndex else { throw fail("it ends inside an object") }
      i += 1
      if b[i - 1] == 0x7D { return .object(pairs) }
      guard b[i - 1] == 0x2C else { throw fail("',' or '}' is due") }
    }
  }

  private mutating func array() throws(Failure) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    var items: [JSONValue] = []
    if i < b.endIndex && b[i] == 0x5D {
      i += 1
      return .array(items)
    }
    while true {
      items.append(try value())
      skipSpace()
      guard i < b.endIndex else { throw fail("it ends inside an array") }
      i += 1
      if b[i - 1] == 0x5D { return .array(items) }
      guard b[i - 1] == 0x2C else { throw fail("',' or ']' is due") }
    }
  }

  /// A number: an integer when written as digits with at most a leading '-' and it fits 64 bits;
  /// otherwise its text as written.
  private mutating func number() throws(Failure) -> JSONValue {
    let start = i
    // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    if i < b.endIndex, b[i] == 0x2D { i += 1 }
    let leadingZero = i < b.endIndex && b[i] == 0x30
    let whole = digits()
    guard whole > 0, !(leadingZero && whole > 1) else { throw fail("not a JSON value") }
    var integer = true
    if i < b.endIndex, b[i] == 0x2E {
      i += 1
      integer = false
      guard digits() > 0 else { throw fail("not a JSON value") }
    }
    if i < b.endIndex, b[i] == 0x65 || b[i] == 0x45 {
      i += 1
      integer = false
      if i < b.endIndex, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
      guard digits() > 0 else { throw fail("not a JSON value") }
    }
    let text = String(decoding: b[start..<i], as: UTF8.self)
    if integer, let n = Int64(text) { return .integer(n) }
    return .number(text)
  }

  /// Skips the digits at the cursor; how many.
  private mutating func digits() -> Int {
    let from = i
    while i < b.endIndex, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
    return i - from
  }

  private mutating func string() throws(Failure) -> String {
    i += 1
    var out: [UInt8] = []
    var scalars = String.UnicodeScalarView()
    func flush() throws(Failure) {
      guard let text = String(validating: out, as: UTF8.self) else { throw fail("a string that is not UTF-8") }
      scalars.append(contentsOf: text.unicodeScalars)
      out.removeAll(keepingCapacity: true)
    }
    while i < b.endIndex {
      let c = b[i]
      i += 1
      switch c {
      case 0x22:
        try flush()
        return String(scalars)
      case 0x00..<0x20:
        throw fail("a control character inside a string: write it as an escape")
      case 0x5C:
        guard i < b.endIndex else { throw fail("it ends inside a string") }
        let e = b[i]
        i += 1
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
          var unit = try hex4()
          if (0xD800...0xDBFF).contains(unit), b[i...].starts(with: [0x5C, 0x75]) {
            let save = i
            i += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else {
              i = save
            }
          }
          try flush()
          scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
        default: throw fail("an unknown escape")
        }
      default: out.append(c)
      }
    }
    throw fail("it ends inside a string")
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    guard b.endIndex - i >= 4 else { throw fail("a short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = b[i]
      i += 1
      switch c {
      case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
      case 0x41...0x46: v = v << 4 | UInt32(c - 0x41 + 10)
      case 0x61...0x66: v = v << 4 | UInt32(c - 0x61 + 10)
      default: throw fail("a bad \\u escape")
      }
    }
    return v
  }
}
