import Foundation

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
      do {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(slice))
        guard case .object(let pairs) = value else {
          issues.append(ImportIssue(line: line, "is not a JSON object"))
          continue
        }
        rows.append(ImportRow(line: line, fields: fields(pairs, line: line)))
      } catch {
        issues.append(ImportIssue(line: line, "is not valid JSON (\(describe(error)))"))
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
    case .number(let d): .unsupported("the number \(d)")
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

  static func describe(_ error: Error) -> String {
    if case DecodingError.dataCorrupted(let ctx) = error {
      if let underlying = ctx.underlyingError as NSError? {
        return underlying.userInfo[NSDebugDescriptionErrorKey] as? String ?? ctx.debugDescription
      }
      return ctx.debugDescription
    }
    // Foundation reads a lone "-" as a number it then cannot give: a type mismatch, not a
    // description a person can use.
    return "not a JSON value"
  }
}

/// A JSON value that keeps integers, booleans and fractions apart.
enum JSONValue: Decodable, Equatable {
  case string(String), integer(Int64), number(Double), bool(Bool), null
  case array([JSONValue]), object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let n = try? c.decode(Int64.self) {
      self = .integer(n)
    } else if let d = try? c.decode(Double.self) { self = .number(d) } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) { self = .array(a) } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }
}
