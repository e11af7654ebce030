/// How numbers, plurals and punctuation are written in each language. Every number and every
/// word that agrees with a number on a screen, a label or a message goes through here.
public enum Typography {
  /// U+202F NARROW NO-BREAK SPACE: between groups of thousands, and before `; ! ?` in French.
  public static let narrowSpace: Character = "\u{202F}"
  /// U+00A0 NO-BREAK SPACE: before `:` in French.
  public static let noBreakSpace: Character = "\u{00A0}"

  /// A whole number in groups of three digits: `50 000` (a narrow no-break space in both
  /// languages, as money is written at the counter; never a comma, which French reads as decimals).
  public static func integer(_ n: Int64, _ language: Language) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(narrowSpace) }
      out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// A decimal number with `places` digits after the separator: `0,95` in French, `0.95` in English.
  public static func decimal(_ x: Double, places: Int, _ language: Language) -> String {
    guard x.isFinite else { return "-" }
    var scale: Double = 1
    for _ in 0..<max(0, places) { scale *= 10 }
    let scaled = (x.magnitude * scale).rounded()
    let whole = Int64(scaled / scale)
    let fraction = Int64(scaled - Double(whole) * scale)
    var text = integer(whole, language)
    if places > 0 {
      let f = String(fraction)
      text += (language == .fr ? "," : ".") + String(repeating: "0", count: max(0, places - f.count)) + f
    }
    return (x < 0 && scaled != 0 ? "-" : "") + text
  }

  /// The form of a word that agrees with `n`: French takes the singular for 0 and 1
  /// (`0 ligne`, `1 ligne`, `2 lignes`), English only for 1 (`0 lines`, `1 line`).
  public static func plural(_ n: Int64, _ language: Language, one: String, other: String) -> String {
    switch language {
    case .fr: n.magnitude < 2 ? one : other
    case .en: n == 1 ? one : other
    }
  }

  /// French spacing in a text written in French: a no-break space before `:` and a narrow one
  /// before `; ! ?` where the sign ends a phrase (followed by a space, a closing sign or the
  /// end), replacing an ordinary space if there was one. `ORDER:1`, `09:30` and `https://`
  /// are left alone. Applied to templates, never to the values put into them.
  public static func frenchSpacing(_ text: String) -> String {
    let chars = Array(text)
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for (i, c) in chars.enumerated() {
      if c == ":" || c == ";" || c == "!" || c == "?" {
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        let endsPhrase = next == nil || next == " " || next == "\n" || next == ")" || next == "»" || next == "\""
        if endsPhrase, i > 0 {
          let space = c == ":" ? noBreakSpace : narrowSpace
          if let last = out.last {
            if last == " " || last == noBreakSpace || last == narrowSpace {
              out.removeLast()
              out.append(space)
            } else if last != "\n" && last != "(" {
              out.append(space)
            }
          }
        }
      }
      out.append(c)
    }
    return out
  }
}
