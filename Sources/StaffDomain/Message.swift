/// Something the program tells a person (a refusal, a problem with input, a task's title made
/// by a rule), kept as a code and its arguments and put into words only when shown, in the
/// language of whoever reads it. The store refuses with messages; the console and the command
/// line render them; the database keeps them as they are (JSON) so a screen in French shows
/// French for a fact recorded while someone read English.
public struct Message: Error, Hashable, Sendable, Codable, CustomStringConvertible {
  public var code: MessageCode
  public var args: [MessageArg]

  public init(_ code: MessageCode, _ args: MessageArg...) {
    self.code = code
    self.args = args
  }

  public init(_ code: MessageCode, args: [MessageArg]) {
    self.code = code
    self.args = args
  }

  /// The message in English (logs, `--json` fields kept in English for scripts).
  public var description: String { text(.en) }

  /// The message in `language`: the catalog's template with its placeholders filled in.
  /// A code missing from the catalog shows as `code(arg, …)` (a test forbids that on screens).
  public func text(_ language: Language) -> String {
    guard let texts = MessageCatalog.texts[code] else {
      return code.rawValue + "(" + args.map { $0.text(language) }.joined(separator: ", ") + ")"
    }
    let template = language == .fr ? Typography.frenchSpacing(texts.fr) : texts.en
    return MessageTemplate.fill(template, args, language)
  }

  /// Whether the catalog has words for this message's code and for every message inside it.
  public var isTranslated: Bool {
    MessageCatalog.texts[code] != nil && args.allSatisfy { arg in
      if case .message(let m) = arg { return m.isTranslated }
      return true
    }
  }
}

/// A message's code: a stable name (it is stored in the database and printed in `--json`).
/// Codes are declared as constants next to their texts, one catalog file per area.
public struct MessageCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }
}

/// One argument of a message, typed so each language writes it its own way.
public indirect enum MessageArg: Hashable, Sendable, Codable {
  /// Shown as it is: a login, a location code, a product title, a file name.
  case text(String)
  /// A number that names something (an order, a product, a movement): digits only, `1040026`.
  case id(Int64)
  /// A quantity or a count: `12`, `50 000`; a `{N|one|other}` placeholder agrees with it.
  case count(Int64)
  /// A decimal number with `places` digits after the separator (`0,95` / `0.95`).
  case decimal(Double, places: Int)
  /// An amount in FCFA: `50 000 FCFA`.
  case money(Int64)
  /// A date and time in Douala: `2026-11-20 09:30` / `20/11/2026 09:30`.
  case time(Timestamp)
  /// A time of day in Douala: `09:30`.
  case clock(Timestamp)
  /// A duration in minutes: `15 min`, `2 h 05 min`.
  case minutes(Int64)
  /// A word of a fixed vocabulary (a role, a status…), by the raw value the database stores.
  case word(Vocabulary, String)
  /// Another message inside this one (a domain refusal inside a store refusal).
  case message(Message)

  /// The argument in words.
  public func text(_ language: Language) -> String {
    switch self {
    case .text(let s): s
    case .id(let n): String(n)
    case .count(let n): Typography.integer(n, language)
    case .decimal(let x, let places): Typography.decimal(x, places: places, language)
    case .money(let n): Typography.integer(n, language) + "\u{00A0}FCFA"
    case .time(let t): Self.dateTime(t, language)
    case .clock(let t): String(t.douala.suffix(5))
    case .minutes(let m):
      m < 60 ? "\(m)\u{00A0}min" : "\(m / 60)\u{00A0}h\u{00A0}\(m % 60 < 10 ? "0" : "")\(m % 60)\u{00A0}min"
    case .word(let vocabulary, let key): Words.word(vocabulary, key, language)
    case .message(let m): m.text(language)
    }
  }

  /// The form of a word that agrees with this argument's number (`{N|one|other}`). A text
  /// made of digits (grouped or not, with a sign) agrees like the number it writes; any other
  /// argument takes the `other` form.
  func agreeing(_ language: Language, one: String, other: String) -> String {
    switch self {
    case .count(let n), .id(let n), .money(let n), .minutes(let n):
      return Typography.plural(n, language, one: one, other: other)
    case .decimal(let x, let places):
      return Typography.plural(x, places: places, language, one: one, other: other)
    case .text(let s):
      let digits = s.filter { $0 != Typography.narrowSpace && $0 != Typography.noBreakSpace && $0 != " " }
      guard let n = Int64(digits) else { return other }
      return Typography.plural(n, language, one: one, other: other)
    default:
      return other
    }
  }

  /// `2026-11-20 09:30` (en), `20/11/2026 09:30` (fr).
  static func dateTime(_ t: Timestamp, _ language: Language) -> String {
    let text = t.douala
    guard language == .fr, text.count >= 16 else { return text }
    let c = Array(text)
    return String(c[8...9]) + "/" + String(c[5...6]) + "/" + String(c[0...3]) + " " + String(c[11...15])
  }
}

/// Fills a template: `{N}` is argument N in words; `{N|one|other}` is the form of a word that
/// agrees with argument N's number (`{0} {0|ligne|lignes}`). A placeholder without its argument
/// is left as it is. Arguments are put in once: a `{1}` inside an argument stays as typed.
/// The console's phrases are filled by the same code.
public enum MessageTemplate {
  public static func fill(_ template: String, _ args: [MessageArg], _ language: Language) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      out += rest[..<open]
      let inside = rest[rest.index(after: open)..<close]
      let parts = inside.split(separator: "|", omittingEmptySubsequences: false)
      if let i = Int(parts[0]), args.indices.contains(i) {
        if parts.count == 3 {
          out += args[i].agreeing(language, one: String(parts[1]), other: String(parts[2]))
        } else {
          out += args[i].text(language)
        }
      } else {
        out += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    out += rest
    return out
  }
}

/// Every message's words, in both languages, gathered from the areas' tables. Each area keeps
/// its codes and texts in one file (`MessageCatalog+Area.swift`) and adds its table here.
public enum MessageCatalog {
  public typealias Texts = (en: String, fr: String)

  public static let texts: [MessageCode: Texts] = {
    var all: [MessageCode: Texts] = [:]
    for area in areas {
      for (code, texts) in area { all[code] = texts }
    }
    return all
  }()

  /// The areas' tables (a code appears in one area only; a test checks it).
  public static let areas: [[MessageCode: Texts]] = [
    general,
    // Refusals: the domain's, the store's and the command line's.
    domain, store, command,
    // Labels.
    labels,
    // Tasks made by rules.
    tasks,
    // Scans, the payload grammar and the pickup rules; what `scan` prints.
    scans, scanOutput,
    // What `link` prints.
    linkOutput,
  ]

  /// Codes every area may use.
  static let general: [MessageCode: Texts] = [
    .internalError: ("internal error: {0}", "erreur interne : {0}")
  ]
}

extension MessageCode {
  /// An error the program did not expect; its argument is technical and stays in English.
  public static let internalError = MessageCode("internal_error")
}
