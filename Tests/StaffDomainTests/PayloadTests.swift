import Testing

@testable import StaffDomain
@testable import StaffFuzz

@Suite struct PayloadTests {
  /// The reason `text` is refused, or nil when it parses.
  private func reason(_ text: String) -> String? {
    if case .failure(let error) = ScanPayload.parse(text) { return error.reason }
    return nil
  }

  private func reason(_ bytes: [UInt8]) -> String? {
    if case .failure(let error) = ScanPayload.parse(bytes) { return error.reason }
    return nil
  }

  @Test func eachKindParses() throws {
    #expect(try ScanPayload.parse("ORDER:1042:K7Q2MX").get() == .order(id: 1042, pickupCode: "K7Q2MX"))
    #expect(try ScanPayload.parse("PRODUCT:100001").get() == .product(id: 100_001))
    #expect(try ScanPayload.parse("INVENTORY:42").get() == .inventory(movementID: 42))
    #expect(
      try ScanPayload.parse(Array("ORDER:1040001:K7Q2MX9A".utf8)).get()
        == .order(id: 1_040_001, pickupCode: "K7Q2MX9A"))
    #expect(ScanPayload.order(id: 1, pickupCode: "ABCDEF").kind == .order)
    #expect(ScanPayload.product(id: 1).kind == .product)
    #expect(ScanPayload.inventory(movementID: 1).kind == .inventory)
    #expect(PayloadKind.allCases.map(\.rawValue) == ["ORDER", "PRODUCT", "INVENTORY"])
    #expect(PayloadKind.allCases.map(\.phrase) == ["an order code", "a product code", "an inventory code"])
  }

  @Test func boundariesAreInsideTheGrammar() throws {
    #expect(
      try ScanPayload.parse("ORDER:999999999999:ABCDEFGH12").get()
        == .order(id: 999_999_999_999, pickupCode: "ABCDEFGH12"))
    #expect(try ScanPayload.parse("ORDER:1:000000").get() == .order(id: 1, pickupCode: "000000"))
    #expect(try ScanPayload.parse("PRODUCT:100000000000").get() == .product(id: 100_000_000_000))
    #expect(try ScanPayload.parse("INVENTORY:999999999999").get() == .inventory(movementID: 999_999_999_999))
    #expect(try ScanPayload.parse("PRODUCT:1").get() == .product(id: 1))
    #expect(try ScanPayload.parse("INVENTORY:9").get() == .inventory(movementID: 9))
    #expect(try ScanPayload.parse("ORDER:5:ZZZZZZ").get() == .order(id: 5, pickupCode: "ZZZZZZ"))
    #expect(try ScanPayload.parse("ORDER:5:9999999999").get() == .order(id: 5, pickupCode: "9999999999"))
  }

  @Test func renderedTextRoundTrips() throws {
    for text in [
      "ORDER:1042:K7Q2MX", "ORDER:999999999999:ABCDEFGH12", "ORDER:1:000000", "PRODUCT:100001",
      "PRODUCT:1", "INVENTORY:42", "INVENTORY:999999999999",
    ] {
      let payload = try ScanPayload.parse(text).get()
      #expect(payload.text == text)
      #expect(try ScanPayload.parse(payload.text).get() == payload)
    }
    #expect(ScanPayload.order(id: 7, pickupCode: "K7Q2MX").text == "ORDER:7:K7Q2MX")
    #expect(ScanPayload.product(id: 7).text == "PRODUCT:7")
    #expect(ScanPayload.inventory(movementID: 7).text == "INVENTORY:7")
  }

  @Test func lengthLimitIs64Bytes() {
    // No valid payload is that long, so 64 bytes reach the field rules and 65 stop at the length.
    let at64 = "PRODUCT:" + String(repeating: "1", count: 56)
    let at65 = at64 + "1"
    #expect(at64.utf8.count == 64 && at65.utf8.count == 65)
    #expect(reason(at64) == "product id has more than 12 digits")
    #expect(reason(at65) == "code is 65 bytes, longer than the 64 a VGK code can be")
    #expect(reason([UInt8](repeating: 0x41, count: 70)) == "code is 70 bytes, longer than the 64 a VGK code can be")
    // The length is judged before the bytes: a long code of rubbish is named as long.
    #expect(reason([UInt8](repeating: 0xFF, count: 1000)) == "code is 1000 bytes, longer than the 64 a VGK code can be")
    #expect(ScanPayload.maxBytes == 64)
  }

  @Test func bytesOutsidePrintableASCIIAreNamedInHexWithTheirPosition() {
    #expect(reason("") == "empty code")
    #expect(reason([]) == "empty code")
    #expect(reason("ORDER:12:ÀBCDEF") == "not plain ASCII (byte 0xC3 at position 10)")
    #expect(reason("ORDER:１２:ABCDEF") == "not plain ASCII (byte 0xEF at position 7)")
    #expect(reason([0x80]) == "not plain ASCII (byte 0x80 at position 1)")
    #expect(reason("PRODUCT:12\u{0}") == "control character 0x00 (NUL) at position 11")
    #expect(reason("PRODUCT:12\u{7F}") == "control character 0x7F (DEL) at position 11")
    #expect(reason("PRODUCT:\t12") == "control character 0x09 (tab) at position 9")
    #expect(reason("PRODUCT:12\n") == "control character 0x0A (line feed) at position 11")
    #expect(reason("PRODUCT:12\r\n") == "control character 0x0D (carriage return) at position 11")
    #expect(reason("\u{1B}[2JPRODUCT:12") == "control character 0x1B (escape) at position 1")
    #expect(reason("PRODUCT:1\u{1F}") == "control character 0x1F at position 10")
    #expect(reason("PRODUCT:12 ") == "space at position 11 (a VGK code has no spaces)")
    #expect(reason(" PRODUCT:12") == "space at position 1 (a VGK code has no spaces)")
    #expect(reason("ORDER:12: ABCDEF") == "space at position 10 (a VGK code has no spaces)")
  }

  @Test func kindsAreStrictAndUpperCase() {
    let expected = "(expected ORDER, PRODUCT or INVENTORY)"
    #expect(reason("order:1042:K7Q2MX") == "kind must be upper case (ORDER, not 'order')")
    #expect(reason("Product:12") == "kind must be upper case (PRODUCT, not 'Product')")
    #expect(reason("inventory") == "kind must be upper case (INVENTORY, not 'inventory')")
    #expect(reason("FOO:12") == "unknown kind 'FOO' \(expected)")
    // A first field as long as a pickup code is quoted by the scan log's rule: it may be one.
    #expect(reason("ORDERS:1:ABCDEF") == "unknown kind 'ORDER ***' \(expected)")
    #expect(reason("ABCDEFGHIJKLMNOPQRSTUVWXYZ:1") == "unknown kind '***' \(expected)")
    #expect(reason("ORDER;3000030;CODE0030XY:1") == "unknown kind 'ORDER;3000030 ***' \(expected)")
    #expect(reason(":12") == "no kind before the first ':' \(expected)")
    #expect(reason(":") == "no kind before the first ':' \(expected)")
    #expect(reason("K7Q2MX") == "no ':' separator, not a VGK code")
    #expect(reason("1042") == "no ':' separator, not a VGK code")
    #expect(reason("ORDER-1042-K7Q2MX") == "no ':' separator, not a VGK code")
  }

  @Test func eachKindTakesItsNumberOfFields() {
    let order = "ORDER needs an order id and a pickup code (ORDER:id:code)"
    #expect(reason("ORDER") == "\(order), got 0 fields")
    #expect(reason("ORDER:1042") == "\(order), got 1 field")
    #expect(reason("ORDER:1:ABCDEF:X") == "\(order), got 3 fields")
    #expect(reason("ORDER:1:ABCDEF:") == "\(order), got 3 fields")
    #expect(reason("PRODUCT") == "PRODUCT takes one product id (PRODUCT:id), got 0 fields")
    #expect(reason("PRODUCT:1:2") == "PRODUCT takes one product id (PRODUCT:id), got 2 fields")
    #expect(reason("PRODUCT:1:") == "PRODUCT takes one product id (PRODUCT:id), got 2 fields")
    #expect(reason("INVENTORY:1:2:3") == "INVENTORY takes one movement id (INVENTORY:id), got 3 fields")
    #expect(reason("INVENTORY") == "INVENTORY takes one movement id (INVENTORY:id), got 0 fields")
  }

  @Test func idsFollowTheMarketplaceRule() {
    #expect(reason("PRODUCT:") == "product id is empty")
    #expect(reason("ORDER::ABCDEF") == "order id is empty")
    #expect(reason("INVENTORY:") == "movement id is empty")
    #expect(reason("PRODUCT:0") == "product id has a leading zero or is zero")
    #expect(reason("PRODUCT:0042") == "product id has a leading zero or is zero")
    #expect(reason("ORDER:01042:K7Q2MX") == "order id has a leading zero or is zero")
    #expect(reason("INVENTORY:0") == "movement id has a leading zero or is zero")
    #expect(reason("PRODUCT:1234567890123") == "product id has more than 12 digits")
    #expect(reason("ORDER:1000000000000:K7Q2MX") == "order id has more than 12 digits")
    #expect(reason("PRODUCT:-5") == "product id is not a decimal number")
    #expect(reason("PRODUCT:+5") == "product id is not a decimal number")
    #expect(reason("INVENTORY:12a") == "movement id is not a decimal number")
    #expect(reason("ORDER:1e3:K7Q2MX") == "order id is not a decimal number")
    #expect(reason("ORDER:K7Q2MX:1042") == "order id is not a decimal number")
    // The id is judged before the code.
    #expect(reason("ORDER:0:abc") == "order id has a leading zero or is zero")
  }

  @Test func pickupCodesFollowTheirRule() {
    #expect(reason("ORDER:1042:") == "pickup code must be 6 to 10 characters, got 0")
    #expect(reason("ORDER:1042:K7Q2M") == "pickup code must be 6 to 10 characters, got 5")
    #expect(reason("ORDER:1042:ABCDEFGH123") == "pickup code must be 6 to 10 characters, got 11")
    #expect(reason("ORDER:1042:k7q2mx") == "pickup code may hold only digits and capital letters A-Z")
    #expect(reason("ORDER:1042:K7Q-MX") == "pickup code may hold only digits and capital letters A-Z")
    #expect(reason("ORDER:1042:K7Q_MX") == "pickup code may hold only digits and capital letters A-Z")
    #expect(reason("ORDER:1042:K7Q2M#") == "pickup code may hold only digits and capital letters A-Z")
  }

  @Test func typedInputLosesExactlyOneLineEnd() throws {
    let order = ScanPayload.order(id: 1042, pickupCode: "K7Q2MX")
    #expect(try ScanPayload.parseTyped("ORDER:1042:K7Q2MX").get() == order)
    #expect(try ScanPayload.parseTyped("ORDER:1042:K7Q2MX\n").get() == order)
    #expect(try ScanPayload.parseTyped("ORDER:1042:K7Q2MX\r\n").get() == order)
    func typed(_ text: String) -> String? {
      if case .failure(let error) = ScanPayload.parseTyped(text) { return error.reason }
      return nil
    }
    #expect(typed("ORDER:1042:K7Q2MX\n\n") == "control character 0x0A (line feed) at position 18")
    #expect(typed("ORDER:1042:K7Q2MX\r\n\r\n") == "control character 0x0D (carriage return) at position 18")
    #expect(typed("ORDER:1042:K7Q2MX\n\r\n") == "control character 0x0A (line feed) at position 18")
    #expect(try ScanPayload.parseTyped("ORDER:1042:K7Q2MX\r").get() == order)
    #expect(typed("ORDER:1042:K7Q2MX\r\r") == "control character 0x0D (carriage return) at position 18")
    #expect(typed("ORDER:1042:K7Q2MX\n\r") == "control character 0x0A (line feed) at position 18")
    #expect(typed("ORDER:1042:K7Q2MX \n") == "space at position 18 (a VGK code has no spaces)")
    #expect(typed("\nORDER:1042:K7Q2MX") == "control character 0x0A (line feed) at position 1")
    #expect(typed("\n") == "empty code")
    #expect(typed("\r\n") == "empty code")
    #expect(typed("") == "empty code")
    // The limit applies to the code, not to the Enter after it.
    let at64 = "PRODUCT:" + String(repeating: "1", count: 56)
    #expect(typed(at64 + "\r\n") == "product id has more than 12 digits")
  }

  @Test func aCodeOfAnotherKindIsNamedAsSuch() throws {
    func expecting(_ text: String, _ kind: PayloadKind) -> String? {
      if case .failure(let error) = ScanPayload.parse(Array(text.utf8), expecting: kind) { return error.reason }
      return nil
    }
    #expect(expecting("PRODUCT:100001", .order) == "this is a product code, not an order code")
    #expect(expecting("INVENTORY:42", .order) == "this is an inventory code, not an order code")
    #expect(expecting("ORDER:1042:K7Q2MX", .product) == "this is an order code, not a product code")
    #expect(expecting("PRODUCT:100001", .inventory) == "this is a product code, not an inventory code")
    // A broken code is answered by what is broken, whatever was expected.
    #expect(expecting("PRODUCT:0", .order) == "product id has a leading zero or is zero")
    #expect(expecting("order:1042:K7Q2MX", .order) == "kind must be upper case (ORDER, not 'order')")
    #expect(
      try ScanPayload.parse(Array("ORDER:1042:K7Q2MX".utf8), expecting: .order).get()
        == .order(id: 1042, pickupCode: "K7Q2MX"))
    #expect(try ScanPayload.parse(Array("PRODUCT:7".utf8), expecting: .product).get() == .product(id: 7))
    #expect(try ScanPayload.parse(Array("INVENTORY:7".utf8), expecting: .inventory).get() == .inventory(movementID: 7))
    // The same check composes with typed input.
    #expect(
      ScanPayload.parseTyped("PRODUCT:100001\r\n").flatMap { $0.expecting(.order) }
        == .failure(PayloadError(Message(.payloadWrongKind, .message(Message(.kindProduct)), .message(Message(.kindOrder))))))
    if case .failure(let error) = ScanPayload.parseTyped("PRODUCT:100001\r\n").flatMap({ $0.expecting(.order) }) {
      #expect(error.reason == "this is a product code, not an order code")
    } else {
      Issue.record("a product code was taken for an order code")
    }
  }

  @Test func errorsDescribeThemselvesByTheirReason() {
    let error = PayloadError(Message(.payloadEmpty))
    #expect(error.description == "empty code")
    #expect("\(error)" == "empty code")
    #expect(ScanPayload.parse("") == .failure(PayloadError(Message(.payloadEmpty))))
  }

  /// 20,000 deterministic pseudo-random inputs: the parser never traps, accepts exactly what an
  /// independent reading of the grammar accepts, renders every success back to the same bytes,
  /// and gives every failure a short, one-line, printable-ASCII reason.
  @Test func fuzzedInputsAreJudgedByTheGrammar() {
    var random = XorShift(seed: 0x5EED_0F_F1CE)
    var problems: [String] = []
    var accepted: [PayloadKind: Int] = [:]
    var reasons = Set<String>()
    for _ in 0..<20_000 {
      let bytes = random.payloadLikeBytes()
      let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
      let grammarSays = PayloadFuzz.grammarAccepts(bytes)
      switch ScanPayload.parse(bytes) {
      case .success(let payload):
        accepted[payload.kind, default: 0] += 1
        if Array(payload.text.utf8) != bytes { problems.append("round trip changed [\(hex)] to \(payload.text)") }
        if !grammarSays { problems.append("accepted [\(hex)] outside the grammar") }
        if ScanPayload.parse(bytes, expecting: payload.kind) != .success(payload) {
          problems.append("[\(hex)] not accepted when its own kind was expected")
        }
      case .failure(let error):
        let r = Array(error.reason.utf8)
        reasons.insert(error.reason)
        if r.isEmpty || r.count > 80 || !r.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) {
          problems.append("reason for [\(hex)] is not a short printable line: \(r)")
        }
        if grammarSays { problems.append("refused [\(hex)] inside the grammar: \(error.reason)") }
      }
    }
    #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")
    // The generator reaches both sides of the grammar, for every kind.
    for kind in PayloadKind.allCases { #expect(accepted[kind, default: 0] > 200, "\(kind) \(accepted)") }
    #expect(reasons.count > 500)
  }
}

// MARK: Fuzzing helpers

/// xorshift64*: small, fast and the same on every machine.
private struct XorShift {
  var state: UInt64
  init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }

  /// A number in `0..<n`.
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  static let alphabet = Array("ORDERPRODUCTINVENTORY:0123456789ABCDEF".utf8)
  static let oddBytes: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x7F, 0x80, 0xC3, 0xFF, 0x2D, 0x2B, 0x61, 0x6F, 0x5A]
  static let kinds = ["ORDER", "PRODUCT", "INVENTORY", "order", "Product", "ORDR", "", "INVENTORYX"]

  /// A byte mostly from the payload alphabet, sometimes an awkward one, sometimes any.
  mutating func byte() -> UInt8 {
    switch below(10) {
    case 0..<8: pick(Self.alphabet)
    case 8: pick(Self.oddBytes)
    default: UInt8(truncatingIfNeeded: next())
    }
  }

  mutating func digits(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(0x30 + below(10)) } }

  /// An id, usually well formed, sometimes empty, too long or led by a zero.
  mutating func id() -> [UInt8] {
    switch below(8) {
    case 0: return []
    case 1: return digits(13 + below(3))
    case 2: return [0x30] + digits(below(4))
    default: return [UInt8(0x31 + below(9))] + digits(below(12))
    }
  }

  mutating func code() -> [UInt8] {
    let chars = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    let count = below(5) == 0 ? below(13) : 6 + below(5)
    return (0..<count).map { _ in pick(chars) }
  }

  /// One fuzz input of 0 to 80 bytes: random over the alphabet, built from the grammar's parts, or
  /// a valid payload with one byte changed.
  mutating func payloadLikeBytes() -> [UInt8] {
    var bytes: [UInt8]
    switch below(10) {
    case 0..<4:
      bytes = (0..<below(81)).map { _ in byte() }
    case 4..<8:
      bytes = Array(pick(Self.kinds).utf8)
      let fields = below(6) == 0 ? below(4) : -1
      if fields >= 0 {
        for _ in 0..<fields { bytes += [0x3A] + (below(2) == 0 ? id() : code()) }
      } else if bytes.first == UInt8(ascii: "O") || bytes.first == UInt8(ascii: "o") {
        bytes += [0x3A] + id() + [0x3A] + code()
      } else {
        bytes += [0x3A] + id()
      }
    default:
      bytes = Array(pick(["ORDER:1042:K7Q2MX", "PRODUCT:100001", "INVENTORY:42", "ORDER:999999999999:ABCDEFGH12"]).utf8)
      if below(2) == 0 {
        let at = below(bytes.count + 1)
        switch below(3) {
        case 0: bytes.insert(byte(), at: at)
        case 1: if at < bytes.count { bytes.remove(at: at) }
        default: if at < bytes.count { bytes[at] = byte() }
        }
      }
    }
    return Array(bytes.prefix(80))
  }
}
