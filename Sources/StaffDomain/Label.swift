/// One label, as the database fills it in: a pickup slip for a parcel on a shelf, a shelf label
/// for a product, or a transfer slip. StaffLabels lays it out on every output (PNG, ESC/POS, the
/// terminal preview, plain text); the print queue reads it from the database when it prints.
public struct Label: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// `ORDER:{order}:{pickup code}`: the payload is a secret (whoever shows it takes the parcel).
    case pickup
    /// `PRODUCT:{id}`.
    case shelf
    /// `INVENTORY:{movement}`.
    case transfer
  }

  public var kind: Kind
  /// What the QR code holds: printable ASCII, 1 to 64 bytes.
  public var payload: String
  /// The first line, drawn large: "Order 2050001", the product's title, "Transfer 12".
  public var title: String
  /// The lines under it, in order: shelf, masked customer, date, point; or price; or items.
  public var lines: [String]
  /// The language of the label's own words (the point's `lang`): the title and lines are
  /// already written in it; the plain text's few words follow it too.
  public var language: Language

  public init(kind: Kind, payload: String, title: String, lines: [String], language: Language = .en) {
    self.kind = kind
    self.payload = payload
    self.title = title
    self.lines = lines
    self.language = language
  }
}
