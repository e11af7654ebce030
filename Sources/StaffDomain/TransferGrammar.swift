/// The words of `transfer send` and `transfer receive`: what to send (`PRODUCT[:QTY][@LOCATION]`),
/// what arrived (`PRODUCT=N`), and a slip (`INVENTORY:n` or `n`). A product is an id or a scanned
/// `PRODUCT:id`.
public enum TransferGrammar {
  /// One line of a transfer being sent.
  public struct Item: Sendable, Equatable {
    public var productID: Int64
    public var quantity: Int64
    /// Where it is taken from; nil for the product's only location.
    public var location: String?

    public init(productID: Int64, quantity: Int64, location: String?) {
      self.productID = productID
      self.quantity = quantity
      self.location = location
    }
  }

  public enum Problem: Error, Sendable, Equatable {
    /// The quantity after `:` is not a whole number from 1 to the ledger's most.
    case quantity(item: String)
    /// A `PRODUCT=N` whose N is not a whole number from 0 to the ledger's most.
    case received(String)
    /// A scanned code that is not a PRODUCT code.
    case notProductCode(String)
    /// A `PRODUCT:` code the payload grammar refuses, and why.
    case badCode(String, reason: String)
    /// An id that is not a marketplace id (what of it: product, slip).
    case id(what: String, FieldError)
  }

  /// `PRODUCT[:QTY][@LOCATION]`: quantity 1 when none is given.
  public static func item(_ text: String, maximum: Int64) -> Result<Item, Problem> {
    var rest = Substring(text)
    var location: String?
    if let at = rest.firstIndex(of: "@") {
      location = String(rest[rest.index(after: at)...])
      rest = rest[..<at]
    }
    var quantity: Int64 = 1
    // `PRODUCT:7` is a product code, `PRODUCT:7:2` the code with a quantity, `7:2` an id with one.
    if let colon = rest.lastIndex(of: ":"), !rest.uppercased().hasPrefix("PRODUCT:") || rest.filter({ $0 == ":" }).count == 2 {
      guard let q = Int64(rest[rest.index(after: colon)...]), (1...maximum).contains(q) else { return .failure(.quantity(item: text)) }
      quantity = q
      rest = rest[..<colon]
    }
    return product(String(rest)).map { Item(productID: $0, quantity: quantity, location: location) }
  }

  /// `PRODUCT=N`: what arrived of a product, 0 to `maximum`.
  public static func received(_ text: String, maximum: Int64) -> Result<(productID: Int64, quantity: Int64), Problem> {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let n = Int64(parts[1]), (0...maximum).contains(n) else { return .failure(.received(text)) }
    return product(parts[0]).map { ($0, n) }
  }

  /// `INVENTORY:n` (any case) or `n`.
  public static func slip(_ text: String) -> Result<Int64, Problem> {
    let number = text.uppercased().hasPrefix("INVENTORY:") ? String(text.dropFirst(10)) : text
    return Identifier.marketplaceID(number).mapError { .id(what: "slip", $0) }
  }

  /// A product id, or a scanned `PRODUCT:id`.
  public static func product(_ text: String) -> Result<Int64, Problem> {
    if text.uppercased().hasPrefix("PRODUCT:") {
      switch ScanPayload.parse(Array(text.utf8)) {
      case .success(.product(let id)): return .success(id)
      case .success: return .failure(.notProductCode(text))
      case .failure(let e): return .failure(.badCode(String(text.prefix(40)), reason: "\(e)"))
      }
    }
    return Identifier.marketplaceID(text).mapError { .id(what: "product", $0) }
  }
}
