/// Reads typed fields out of one row and collects what is wrong with them, naming the column.
public struct RowReader {
  public let row: ImportRow
  public private(set) var problems: [String] = []

  public init(_ row: ImportRow, known: Set<String>) {
    self.row = row
    for key in row.fields.keys.sorted() where !known.contains(key) {
      problems.append("unknown column '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
    }
  }

  public var line: Int { row.line }
  public func has(_ key: String) -> Bool { row.fields[key] != nil }

  public mutating func fail(_ message: String) { problems.append(message) }

  /// The field as text, or nil if absent (a problem is recorded when it is required).
  public mutating func text(_ key: String, required: Bool = true, max: Int = 120) -> String? {
    switch row.fields[key] {
    case nil:
      if required { problems.append("column '\(key)' is missing") }
      return nil
    case .text(let s):
      return check(key, Identifier.text(s, max: max))
    case .integer(let n):
      return String(n)
    default:
      problems.append("column '\(key)' must be text")
      return nil
    }
  }

  public mutating func id(_ key: String, required: Bool = true) -> Int64? {
    switch row.fields[key] {
    case nil:
      if required { problems.append("column '\(key)' is missing") }
      return nil
    case .integer(let n):
      guard n > 0 && n <= 999_999_999_999 else {
        problems.append("column '\(key)': \(n) is not an id of 1 to 12 digits")
        return nil
      }
      return n
    case .text(let s):
      // Digits only, as written: a space, a sign, a decimal point or an exponent is refused,
      // never read past (an id is compared as it is printed on the parcel).
      guard s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
        problems.append("column '\(key)': '\(s)' is not an id (digits only: no spaces, signs, decimals or exponents)")
        return nil
      }
      return check(key, Identifier.marketplaceID(s))
    case .unsupported(let what):
      problems.append("column '\(key)': \(what) is not an id (digits only: no spaces, signs, decimals or exponents)")
      return nil
    default:
      problems.append("column '\(key)' must be an id (digits)")
      return nil
    }
  }

  /// A whole number within a range; `what` names the unit in messages (e.g. "a price in FCFA").
  public mutating func integer(_ key: String, required: Bool = true, min: Int64, max: Int64 = 1_000_000_000_000)
    -> Int64?
  {
    let value: Int64
    switch row.fields[key] {
    case nil:
      if required { problems.append("column '\(key)' is missing") }
      return nil
    case .integer(let n): value = n
    case .text(let s):
      let t = s.trimmingSpaces
      guard let n = Int64(t) else {
        problems.append("column '\(key)': '\(t)' is not a whole number (write 45000, no spaces or decimals)")
        return nil
      }
      value = n
    case .unsupported(let what):
      problems.append("column '\(key)': \(what) is not a whole number")
      return nil
    default:
      problems.append("column '\(key)' must be a whole number")
      return nil
    }
    if value < min {
      problems.append("column '\(key)': \(value) is \(value < 0 ? "negative" : "below \(min)")")
      return nil
    }
    if value > max {
      problems.append("column '\(key)': \(value) is above \(max)")
      return nil
    }
    return value
  }

  public mutating func bool(_ key: String, default value: Bool) -> Bool {
    switch row.fields[key] {
    case nil: return value
    case .bool(let b): return b
    case .integer(let n) where n == 0 || n == 1: return n == 1
    case .text(let s):
      switch s.trimmingSpaces.lowercased() {
      case "true", "1", "yes", "oui", "y": return true
      case "false", "0", "no", "non", "n": return false
      default: break
      }
    default: break
    }
    problems.append("column '\(key)' must be true or false")
    return value
  }

  public mutating func time(_ key: String, required: Bool = true) -> Timestamp? {
    guard let s = text(key, required: required, max: 40) else { return nil }
    return check(key, Timestamp.parse(s))
  }

  public mutating func value<T: RawRepresentable & CaseIterable>(_ key: String, required: Bool = true) -> T?
  where T.RawValue == String {
    guard let s = text(key, required: required, max: 40) else { return nil }
    return check(key, T.parse(s))
  }

  public mutating func code(
    _ key: String, required: Bool = true, _ rule: (String) -> Result<String, FieldError>
  ) -> String? {
    guard let s = text(key, required: required, max: 64) else { return nil }
    return check(key, rule(s))
  }

  public mutating func rows(_ key: String) -> [ImportRow]? {
    switch row.fields[key] {
    case nil:
      problems.append("column '\(key)' is missing")
      return nil
    case .rows(let r): return r
    default:
      problems.append("column '\(key)' must be an array of objects")
      return nil
    }
  }

  public mutating func check<T>(_ key: String, _ result: Result<T, FieldError>) -> T? {
    switch result {
    case .success(let v): return v
    case .failure(let e):
      problems.append("column '\(key)' \(e.reason)")
      return nil
    }
  }

  /// The problems as issues on this row's line.
  public var issues: [ImportIssue] { problems.map { ImportIssue(line: row.line, $0) } }
}
