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
    guard kind == expected else {
      return .failure(.init(Message(.payloadWrongKind, .message(kind.phraseMessage), .message(expected.phraseMessage))))
    }
    return .success(self)
  }

  /// Parses the bytes of a scan by the strict grammar. Positions in reasons count bytes from 1.
  public static func parse(_ bytes: [UInt8]) -> Result<ScanPayload, PayloadError> {
    guard !bytes.isEmpty else { return .failure(.init(Message(.payloadEmpty))) }
    guard bytes.count <= maxBytes else {
      // Digits without groups: the English reason stays printable ASCII (`code is 1000 bytes`).
      return .failure(.init(Message(.payloadTooLong, .id(Int64(bytes.count)), .id(Int64(maxBytes)))))
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
        return .failure(.init(Message(.payloadNoSeparator)))
      }
      return .failure(.init(unknownKind(kindText)))
    }
    let values = Array(fields.dropFirst())
    switch kind {
    case .order:
      guard values.count == 2 else {
        return .failure(.init(Message(.payloadOrderFields, .count(Int64(values.count)))))
      }
      return id(values[0], named: .fieldOrderID).flatMap { id in
        code(values[1]).map { ScanPayload.order(id: id, pickupCode: $0) }
      }
    case .product:
      guard values.count == 1 else {
        return .failure(.init(Message(.payloadProductFields, .count(Int64(values.count)))))
      }
      return id(values[0], named: .fieldProductID).map { ScanPayload.product(id: $0) }
    case .inventory:
      guard values.count == 1 else {
        return .failure(.init(Message(.payloadInventoryFields, .count(Int64(values.count)))))
      }
      return id(values[0], named: .fieldMovementID).map { ScanPayload.inventory(movementID: $0) }
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
  private static func unusable(_ byte: UInt8, position: Int) -> Message? {
    let at = MessageArg.count(Int64(position))
    switch byte {
    case 0x80...:
      return Message(.payloadNotASCII, .text(hex(byte)), at)
    case 0x00..<0x20, 0x7F:
      guard let name = controlNames[byte] else { return Message(.payloadControl, .text(hex(byte)), at) }
      return Message(.payloadControlNamed, .text(hex(byte)), .message(Message(name)), at)
    case 0x20:
      return Message(.payloadSpace, at)
    default:
      return nil
    }
  }

  private static let controlNames: [UInt8: MessageCode] = [
    0x00: .charNUL, 0x09: .charTab, 0x0A: .charLineFeed, 0x0D: .charCarriageReturn, 0x1B: .charEscape, 0x7F: .charDEL,
  ]

  private static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }

  /// The reason for a first field that is not one of the kinds (all its bytes printable ASCII).
  private static func unknownKind(_ text: String) -> Message {
    if text.isEmpty { return Message(.payloadNoKind) }
    if let kind = PayloadKind(rawValue: text.uppercased()) {
      return Message(.payloadKindCase, .text(kind.rawValue), .text(text))
    }
    // Text as long as a pickup code may be one: it is shown by the scan log's rule.
    let shown = text.utf8.count < Identifier.pickupCodeLengths.lowerBound ? text : logged(Array(text.utf8))
    return Message(.payloadUnknownKind, .text(shown))
  }

  /// An id field by `Identifier.marketplaceID`; when it refuses, which of its rules the text
  /// breaks, in the grammar's words (checked in the same order as the rule checks them).
  private static func id(_ text: String, named field: MessageCode) -> Result<Int64, PayloadError> {
    Identifier.marketplaceID(text).mapError { _ in
      let name = MessageArg.message(Message(field))
      let code: MessageCode =
        if text.isEmpty { .payloadIDEmpty }
        else if text.utf8.count > 12 { .payloadIDTooLong }
        else if !text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { .payloadIDNotDecimal }
        else if text.first == "0" { .payloadIDLeadingZero }
        else { .payloadIDNotDecimal }
      return PayloadError(Message(code, name))
    }
  }

  /// A pickup code field by `Identifier.pickupCode`; when it refuses, which of its rules the text breaks.
  private static func code(_ text: String) -> Result<String, PayloadError> {
    Identifier.pickupCode(text).mapError { _ in
      let name = MessageArg.message(Message(.fieldPickupCode))
      let n = text.utf8.count
      return PayloadError(
        Identifier.pickupCodeLengths.contains(n)
          ? Message(.payloadCodeAlphabet, name) : Message(.payloadCodeLength, name, .count(Int64(n))))
    }
  }
}

/// The three kinds of VGK code; the raw value is the keyword that starts the payload.
public enum PayloadKind: String, CaseIterable, Sendable {
  case order = "ORDER"
  case product = "PRODUCT"
  case inventory = "INVENTORY"

  /// The kind as a clerk would say it: "an order code".
  public var phrase: String { phraseMessage.text(.en) }

  /// The kind as a clerk would say it, in any language.
  public var phraseMessage: Message {
    switch self {
    case .order: Message(.kindOrder)
    case .product: Message(.kindProduct)
    case .inventory: Message(.kindInventory)
    }
  }
}

/// Why a scan is not a usable VGK code: one short line a counter clerk can read, printable ASCII
/// only (bytes that are not are shown in hex, never raw), kept as a message so it reads in the
/// clerk's language.
public struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: Message
  public init(_ message: Message) { self.message = message }
  /// The reason in English (the scan log's `reason`, `--json`).
  public var reason: String { message.text(.en) }
  public var description: String { reason }
}
