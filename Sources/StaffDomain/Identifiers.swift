/// Validation of the identifiers and codes that cross the system's edges. Each function returns
/// the normalised value, or a reason that names what was wrong.
public enum Identifier {
  /// Marketplace ids (orders, products, customers, movements): decimal, 1 to 12 digits,
  /// no leading zero. The same rule as the QR payload grammar.
  public static func marketplaceID(_ text: String) -> Result<Int64, FieldError> {
    guard !text.isEmpty else { return .failure(.init(.fieldEmpty)) }
    guard text.utf8.count <= 12 else { return .failure(.init(.fieldTooManyDigits)) }
    guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      return .failure(.init(.fieldNotDecimal))
    }
    guard text.first != "0" else { return .failure(.init(.fieldLeadingZero)) }
    guard let value = Int64(text) else { return .failure(.init(.fieldNotDecimal)) }
    return .success(value)
  }

  /// How many characters a pickup code has.
  public static let pickupCodeLengths = 6...10

  /// A pickup code: 6 to 10 characters of `0-9A-Z`.
  public static func pickupCode(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard pickupCodeLengths.contains(n) else { return .failure(.init(.fieldCodeLength, .count(Int64(n)))) }
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) else {
      return .failure(.init(.fieldCodeCharacters))
    }
    return .success(text)
  }

  /// A shelf or bin code such as `A-03-2` or `BACK`: 1 to 16 of `A-Z 0-9 -`, starting with a letter.
  public static func locationCode(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard n >= 1 && n <= 16 else { return .failure(.init(.fieldLocationLength)) }
    guard let first = text.utf8.first, first >= 0x41 && first <= 0x5A else {
      return .failure(.init(.fieldCapitalFirst))
    }
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D })
    else { return .failure(.init(.fieldLocationCharacters)) }
    return .success(text)
  }

  /// A pickup point code such as `DLA-AKWA`: 2 to 16 of `A-Z 0-9 -`, starting with a letter.
  public static func pointCode(_ text: String) -> Result<String, FieldError> {
    guard text.utf8.count >= 2 else { return .failure(.init(.fieldPointLength)) }
    return locationCode(text)
  }

  /// A staff login: 2 to 32 of `a-z 0-9 . _ -`, starting with a letter.
  public static func login(_ text: String) -> Result<String, FieldError> {
    let n = text.utf8.count
    guard n >= 2 && n <= 32 else { return .failure(.init(.fieldLoginLength)) }
    guard let first = text.utf8.first, first >= 0x61 && first <= 0x7A else {
      return .failure(.init(.fieldLowerFirst))
    }
    guard
      text.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
      })
    else { return .failure(.init(.fieldLoginCharacters)) }
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
      { digits.append(ch) } else { return .failure(.init(.fieldPhoneCharacters)) }
    }
    if !plus && digits.count == 9 { return .success("+237" + digits) }
    guard digits.count >= 8 && digits.count <= 15 else {
      return .failure(.init(.fieldPhoneDigits))
    }
    return .success("+" + digits)
  }

  /// Free text with a length limit. What does not show itself (`Visible.hides`) is refused:
  /// control characters would corrupt the console's screen and the audit trail, and format
  /// characters (bidirectional overrides and isolates, zero-width marks) make text read as other
  /// than it is.
  public static func text(_ text: String, max: Int) -> Result<String, FieldError> {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { return .failure(.init(.fieldEmpty)) }
    guard trimmed.count <= max else { return .failure(.init(.fieldTooLong, .count(Int64(max)))) }
    if let hidden = Visible.firstHidden(in: trimmed) {
      if hidden.properties.generalCategory == .control { return .failure(.init(.fieldControlCharacter)) }
      let hex = String(hidden.value, radix: 16, uppercase: true)
      let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
      return .failure(.init(.fieldInvisibleCharacter, .text(code)))
    }
    return .success(trimmed)
  }
}

/// What was wrong with one field; the caller adds where (file, line, column).
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What was wrong, said as a predicate of the field (`is empty`, `must be 6 to 10 characters…`)
  /// or, for a whole value, as a sentence.
  public var reason: Message
  public init(_ reason: Message) { self.reason = reason }
  public init(_ code: MessageCode, _ args: MessageArg...) { self.reason = Message(code, args: args) }
  /// The reason in English (logs, import reports).
  public var description: String { reason.description }
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
