/// Money in FCFA (XAF). The franc CFA has no minor unit, so an amount is a whole number.
public struct FCFA: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public var amount: Int64

  public init(_ amount: Int64) { self.amount = amount }

  public static func < (a: FCFA, b: FCFA) -> Bool { a.amount < b.amount }
  public static func + (a: FCFA, b: FCFA) -> FCFA { FCFA(a.amount + b.amount) }
  public static func * (a: FCFA, n: Int64) -> FCFA { FCFA(a.amount * n) }

  /// `50 000 FCFA`: groups of three digits separated by a space, as written at the counter.
  public var description: String {
    let digits = String(amount.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
      out.append(ch)
    }
    return (amount < 0 ? "-" : "") + out + " FCFA"
  }
}
