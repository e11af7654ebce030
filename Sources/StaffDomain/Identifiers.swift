/// Validation of the identifiers and codes that cross the system's edges. Each function returns
/// the normalised value, or a reason that names what was wrong.
public enum Identifier {
  /// Marketplace ids (orders, products, customers, movements): decimal, 1 to 12 digits,
  /// no leading zero. The same rule as the QR payload grammar.
  public static func marketplaceID(_ text: String) -> Result<Int64, FieldError> {
    guard !text.isEmpty else { return .failure(.init("is empty")) }
    guard text.utf8.count <= 12 else { return .failure(.init("has more than 12 digits")) }
    guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      return .failure(.init("is not a decimal number"))
    }
    guard text.first != "0" else { return .failure(.init("has a leading zero or is zero")) }
    guard let value = Int64(text) else { return .failure(.init("is not a decimal number")) }
    return .success(value)
  }

  /// How many characters a pickup code has.
  public static let pickupCodeLengths = 6...10

  /// A pickup code: 6 to 10 characters of `0-9A-Z`.
  public static func pickupCode(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard pickupCodeLengths.contains(n) else { return .failure(.init("must be 6 to 10 characters, got \(n)")) }
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) else {
      return .failure(.init("may hold only digits and capital letters A-Z"))
    }
    return .success(text)
  }

  /// A shelf or bin code such as `A-03-2` or `BACK`: 1 to 16 of `A-Z 0-9 -`, starting with a letter.
  public static func locationCode(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard n >= 1 && n <= 16 else { return .failure(.init("must be 1 to 16 characters")) }
    guard let first = text.utf8.first, first >= 0x41 && first <= 0x5A else {
      return .failure(.init("must start with a capital letter"))
    }
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D })
    else { return .failure(.init("may hold only A-Z, 0-9 and '-'")) }
    return .success(text)
  }

  /// A pickup point code such as `DLA-AKWA`: 2 to 16 of `A-Z 0-9 -`, starting with a letter.
  public static func pointCode(_ text: String) -> Result<String, FieldError> {
    guard text.utf8.count >= 2 else { return .failure(.init("must be 2 to 16 characters")) }
    return locationCode(text)
  }

  /// A staff login: 2 to 32 of `a-z 0-9 . _ -`, starting with a letter.
  public static func login(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard n >= 2 && n <= 32 else { return .failure(.init("must be 2 to 32 characters")) }
    guard let first = text.utf8.first, first >= 0x61 && first <= 0x7A else {
      return .failure(.init("must start with a lower-case letter"))
    }
    guard
      text.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
      })
    else { return .failure(.init("may hold only a-z, 0-9, '.', '_' and '-'")) }
    return .success(text)
  }

  /// A phone number: digits with an optional leading `+`, spaces and dashes allowed; 9 digits
  /// alone are a Cameroonian number and get `+237`. Returns the E.164 form, `+2376XXXXXXXX`.
  public static func phone(_ text: String) -> Result<String, FieldError> {
    var digits = ""
    var plus = false
    for (i, ch) in text.enumerated() {
      if ch == "+" && i == 0 { plus = true } else if ch == " " || ch == "-" { continue } else if ch.isASCII
        && ch.isNumber
      { digits.append(ch) } else { return .failure(.init("may hold only digits, spaces, '-' and a leading '+'")) }
    }
    if !plus && digits.count == 9 { return .success("+237" + digits) }
    guard digits.count >= 8 && digits.count <= 15 else {
      return .failure(.init("must have 9 digits (Cameroon) or 8 to 15 with a country code"))
    }
    return .success("+" + digits)
  }

  /// Free text with a length limit. What does not show itself (`Visible.hides`) is refused:
  /// control characters would corrupt the console's screen and the audit trail, and format
  /// characters (bidirectional overrides and isolates, zero-width marks) make text read as other
  /// than it is.
  public static func text(_ text: String, max: Int) -> Result<String, FieldError> {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { return .failure(.init("is empty")) }
    guard trimmed.count <= max else { return .failure(.init("is longer than \(max) characters")) }
    if let hidden = Visible.firstHidden(in: trimmed) {
      if hidden.properties.generalCategory == .control { return .failure(.init("contains a control character")) }
      let hex = String(hidden.value, radix: 16, uppercase: true)
      let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
      return .failure(.init("contains an invisible character (\(code)), such as a direction override"))
    }
    return .success(trimmed)
  }
}

/// What was wrong with one field; the caller adds where (file, line, column).
public struct FieldError: Error, Equatable, Sendable {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
}

extension String {
  /// The string without leading and trailing spaces and tabs (Foundation-free).
  public var trimmingSpaces: String {
    var s = Substring(self)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
}
