/// What a VGK QR code (or a barcode scanner typing one) carries, read by the strict grammar of the
/// design: `ORDER:{order_id}:{pickup_code}`, `PRODUCT:{product_id}` or `INVENTORY:{movement_id}`.
/// ASCII only, at most 64 bytes, nothing trimmed, nothing guessed. Ids follow
/// `Identifier.marketplaceID` (1 to 12 digits, no leading zero), pickup codes follow
/// `Identifier.pickupCode` (6 to 10 of `0-9A-Z`).
public enum ScanPayload: Equatable, Sendable {
  case order(id: Int64, pickupCode: String)
  case product(id: Int64)
  case inventory(movementID: Int64)

  /// The longest a VGK code can be, in bytes.
  public static let maxBytes = 64

  /// Which of the three kinds of code this is.
  public var kind: PayloadKind {
    switch self {
    case .order: .order
    case .product: .product
    case .inventory: .inventory
    }
  }

  /// The payload written back in the grammar; for a parsed payload, exactly the bytes that were
  /// scanned.
  public var text: String {
    switch self {
    case .order(let id, let pickupCode): "ORDER:\(id):\(pickupCode)"
    case .product(let id): "PRODUCT:\(id)"
    case .inventory(let movementID): "INVENTORY:\(movementID)"
    }
  }

  /// The payload, or `this` reason when it is of another kind than `expected` (a product code
  /// scanned where an order was expected is answered as such, not as "invalid").
  public func expecting(_ expected: PayloadKind) -> Result<ScanPayload, PayloadError> {
    guard kind == expected else { return .failure(.init("this is \(kind.phrase), not \(expected.phrase)")) }
    return .success(self)
  }

  /// Parses the bytes of a scan by the strict grammar. Positions in reasons count bytes from 1.
  public static func parse(_ bytes: [UInt8]) -> Result<ScanPayload, PayloadError> {
    guard !bytes.isEmpty else { return .failure(.init("empty code")) }
    guard bytes.count <= maxBytes else {
      return .failure(.init("code is \(bytes.count) bytes, longer than the \(maxBytes) a VGK code can be"))
    }
    for (index, byte) in bytes.enumerated() {
      if let problem = unusable(byte, position: index + 1) { return .failure(.init(problem)) }
    }
    // From here on every byte is printable ASCII other than space, so echoing input is safe.
    let fields = bytes.split(separator: colon, omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    let kindText = fields[0]
    guard let kind = PayloadKind(rawValue: kindText) else {
      if fields.count == 1 && PayloadKind(rawValue: kindText.uppercased()) == nil {
        return .failure(.init("no ':' separator, not a VGK code"))
      }
      return .failure(.init(unknownKind(kindText)))
    }
    let values = Array(fields.dropFirst())
    switch kind {
    case .order:
      guard values.count == 2 else {
        return .failure(.init("ORDER needs an order id and a pickup code (ORDER:id:code), got \(counted(values))"))
      }
      return id(values[0], named: "order id").flatMap { id in
        Identifier.pickupCode(values[1])
          .mapError { PayloadError("pickup code \($0.reason)") }
          .map { ScanPayload.order(id: id, pickupCode: $0) }
      }
    case .product:
      guard values.count == 1 else {
        return .failure(.init("PRODUCT takes one product id (PRODUCT:id), got \(counted(values))"))
      }
      return id(values[0], named: "product id").map { ScanPayload.product(id: $0) }
    case .inventory:
      guard values.count == 1 else {
        return .failure(.init("INVENTORY takes one movement id (INVENTORY:id), got \(counted(values))"))
      }
      return id(values[0], named: "movement id").map { ScanPayload.inventory(movementID: $0) }
    }
  }

  /// Parses text by the same grammar; the text's UTF-8 bytes are what is checked.
  public static func parse(_ text: String) -> Result<ScanPayload, PayloadError> {
    parse(Array(text.utf8))
  }

  /// Parses what a keyboard-wedge scanner typed: exactly one trailing `\n`, `\r\n` or `\r` (its Enter)
  /// is dropped first; anything else, a second line end included, is judged by the grammar.
  public static func parseTyped(_ text: String) -> Result<ScanPayload, PayloadError> {
    var bytes = Array(text.utf8)
    if bytes.last == lineFeed {
      bytes.removeLast()
      if bytes.last == carriageReturn { bytes.removeLast() }
    } else if bytes.last == carriageReturn {
      // Many scanners send a bare CR as their Enter.
      bytes.removeLast()
    }
    return parse(bytes)
  }

  /// Parses the bytes and requires the payload to be of kind `expected`.
  public static func parse(_ bytes: [UInt8], expecting expected: PayloadKind) -> Result<ScanPayload, PayloadError> {
    parse(bytes).flatMap { $0.expecting(expected) }
  }

  // MARK: Details

  private static let colon = UInt8(ascii: ":")
  private static let lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  /// Why `byte` cannot appear in a code at all, or nil when it may.
  private static func unusable(_ byte: UInt8, position: Int) -> String? {
    switch byte {
    case 0x80...:
      return "not plain ASCII (byte \(hex(byte)) at position \(position))"
    case 0x00..<0x20, 0x7F:
      let name = controlNames[byte].map { " (\($0))" } ?? ""
      return "control character \(hex(byte))\(name) at position \(position)"
    case 0x20:
      return "space at position \(position) (a VGK code has no spaces)"
    default:
      return nil
    }
  }

  private static let controlNames: [UInt8: String] = [
    0x00: "NUL", 0x09: "tab", 0x0A: "line feed", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "DEL",
  ]

  private static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }

  /// The reason for a first field that is not one of the kinds (all its bytes printable ASCII).
  private static func unknownKind(_ text: String) -> String {
    let expected = "(expected ORDER, PRODUCT or INVENTORY)"
    if text.isEmpty { return "no kind before the first ':' \(expected)" }
    if let kind = PayloadKind(rawValue: text.uppercased()) {
      return "kind must be upper case (\(kind.rawValue), not '\(text)')"
    }
    // Text as long as a pickup code may be one: it is shown by the scan log's rule.
    let shown = text.utf8.count < Identifier.pickupCodeLengths.lowerBound ? text : logged(Array(text.utf8))
    return "unknown kind '\(shown)' \(expected)"
  }

  private static func counted(_ values: [String]) -> String {
    values.count == 1 ? "1 field" : "\(values.count) fields"
  }

  private static func id(_ text: String, named name: String) -> Result<Int64, PayloadError> {
    Identifier.marketplaceID(text).mapError { PayloadError("\(name) \($0.reason)") }
  }
}

/// The three kinds of VGK code; the raw value is the keyword that starts the payload.
public enum PayloadKind: String, CaseIterable, Sendable {
  case order = "ORDER"
  case product = "PRODUCT"
  case inventory = "INVENTORY"

  /// The kind as a clerk would say it: "an order code".
  public var phrase: String {
    switch self {
    case .order: "an order code"
    case .product: "a product code"
    case .inventory: "an inventory code"
    }
  }
}

/// Why a scan is not a usable VGK code: one short line a counter clerk can read, printable ASCII
/// only (bytes that are not are shown in hex, never raw).
public struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
  public var description: String { reason }
}
