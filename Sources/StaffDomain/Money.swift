/// Money in FCFA (XAF). The franc CFA has no minor unit, so an amount is a whole number.
public struct FCFA: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public var amount: Int64

  public init(_ amount: Int64) { self.amount = amount }

  public static func < (a: FCFA, b: FCFA) -> Bool { a.amount < b.amount }
  public static func + (a: FCFA, b: FCFA) -> FCFA { FCFA(a.amount + b.amount) }
  public static func * (a: FCFA, n: Int64) -> FCFA { FCFA(a.amount * n) }

  /// `50 000 FCFA`: groups of three digits separated by a narrow no-break space, and a no-break
  /// space before the currency, as written at the counter (in both languages; see `Typography`).
  public var description: String { Typography.integer(amount, .en) + "\u{00A0}FCFA" }
}
