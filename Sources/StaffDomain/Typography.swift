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

  /// A decimal number with `places` digits after the separator: `0,95` in French, `0.95` in English,
  /// the whole part grouped like `integer` (`1 234,50`). `places` is taken between 0 and 6.
  /// Not a number shows as `-`; beyond what an Int64 holds (never a count or an amount at the
  /// counter) the number is written in the program's exponent form, with the language's separator.
  public static func decimal(_ x: Double, places: Int, _ language: Language) -> String {
    guard x.isFinite else { return "-" }
    let places = min(6, max(0, places))
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = (x.magnitude * Double(scale)).rounded()
    guard scaled < 9.0e18 else {
      let text = x.description
      return language == .fr ? String(text.map { $0 == "." ? "," : $0 }) : text
    }
    let units = Int64(scaled)
    let whole = units / scale, fraction = units % scale
    var text = integer(whole, language)
    if places > 0 {
      let f = String(fraction)
      text += (language == .fr ? "," : ".") + String(repeating: "0", count: places - f.count) + f
    }
    return (x < 0 && units != 0 ? "-" : "") + text
  }

  /// The form of a word that agrees with `n`: French takes the singular for 0 and 1
  /// (`0 ligne`, `1 ligne`, `2 lignes`), English only for 1 (`0 lines`, `1 line`); a negative
  /// number agrees like its magnitude (`-1 unité`, `-1 unit`).
  public static func plural(_ n: Int64, _ language: Language, one: String, other: String) -> String {
    switch language {
    case .fr: n.magnitude < 2 ? one : other
    case .en: n.magnitude == 1 ? one : other
    }
  }

  /// The form of a word that agrees with a decimal number written with `places` digits: French
  /// keeps the singular below 2 (`1,5 kilo`), English only for a plain one (`1 point`, but
  /// `1.0 points` and `0.5 points`).
  public static func plural(_ x: Double, places: Int, _ language: Language, one: String, other: String) -> String {
    guard x.isFinite else { return other }
    switch language {
    case .fr: return x.magnitude < 2 ? one : other
    case .en: return places <= 0 && x.magnitude.rounded() == 1 ? one : other
    }
  }

  /// French spacing in a text written in French: a no-break space before `:` and a narrow one
  /// before `; ! ?` where the sign ends a phrase (followed by a space, a closing sign, another
  /// of these signs or the end), replacing an ordinary space if there was one; narrow no-break
  /// spaces inside `« »`. `ORDER:1`, `09:30` and `https://` are left alone, and so is a sign at
  /// the start of a line or after an opening bracket. Applied to templates, never to the values
  /// put into them.
  public static func frenchSpacing(_ text: String) -> String {
    let chars = Array(text)
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for (i, c) in chars.enumerated() {
      if c == " " && out.last == "«" {
        out.append(narrowSpace)
        continue
      }
      if c == "»" && out.last == " " {
        out.removeLast()
        out.append(narrowSpace)
      }
      if isSpaced(c) {
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        let endsPhrase = next.map { closers.contains($0) || isSpaced($0) } ?? true
        if endsPhrase, let last = out.last {
          let space = c == ":" ? noBreakSpace : narrowSpace
          if last == " " || last == noBreakSpace || last == narrowSpace {
            out.removeLast()
            out.append(space)
          } else if !isSpaced(last) && last != "\n" && last != "(" && last != "[" {
            out.append(space)
          }
        }
      }
      out.append(c)
    }
    return out
  }

  /// The signs French sets off with a space before them.
  static func isSpaced(_ c: Character) -> Bool { c == ":" || c == ";" || c == "!" || c == "?" }

  /// What may follow a sign that ends a phrase.
  static let closers: Set<Character> = [" ", "\n", "\t", ")", "]", "»", "\"", "'", ".", ",", noBreakSpace, narrowSpace]
}
