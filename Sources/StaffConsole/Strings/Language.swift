import Foundation
import StaffDomain

/// The words of the screen in one language. Every phrase exists in both languages (a test
/// checks it), and `{0}`, `{1}`… placeholders are the same in both. Phrases are filled like the
/// domain's messages (`MessageTemplate`: `{0|one|other}` agrees with argument 0), and French
/// phrases get French spacing (`Typography.frenchSpacing`) before their arguments go in.
public struct Strings: Sendable {
  public let language: Language

  public init(_ language: Language) { self.language = language }

  /// The phrase's template in this language (French already spaced).
  public subscript(_ phrase: Phrase) -> String {
    let table = language == .fr ? Catalog.frSpaced : Catalog.en
    return table[phrase] ?? Catalog.en[phrase] ?? phrase.rawValue
  }

  /// The phrase with its `{0}`, `{1}`… replaced by `arguments`, shown as they are.
  public func callAsFunction(_ phrase: Phrase, _ arguments: String...) -> String {
    MessageTemplate.fill(self[phrase], arguments.map { .text($0) }, language)
  }

  /// The phrase with its placeholders filled by typed arguments: counts grouped (`12 000`),
  /// decimals with the language's separator, words agreeing with their number.
  public func callAsFunction(_ phrase: Phrase, _ arguments: MessageArg...) -> String { fill(phrase, arguments) }

  /// The phrase filled with typed arguments given as an array.
  public func fill(_ phrase: Phrase, _ arguments: [MessageArg]) -> String { MessageTemplate.fill(self[phrase], arguments, language) }

  // MARK: Vocabularies

  public func name(_ tab: Tab) -> String {
    switch tab {
    case .scans: self[.tabScans]
    case .tasks: self[.tabTasks]
    case .stock: self[.tabStock]
    case .tickets: self[.tabTickets]
    case .team: self[.tabTeam]
    }
  }

  public func name(_ action: Action) -> String {
    language == .fr ? Catalog.frActions[action].map(Typography.frenchSpacing) ?? action.summary : action.summary
  }

  /// A key as the screen names it: the keymap's names (`Enter`, `C-f`…), the named keys in
  /// French in French (`Entrée`, `Échap`).
  public func keyName(_ key: Key) -> String {
    guard language == .fr, case .named(let n) = key else { return key.description }
    return Catalog.frKeyNames[n] ?? key.description
  }

  /// The bottom bar's word for an action.
  public func short(_ action: Action) -> String {
    let entry = Catalog.shortActions[action]
    return (language == .fr ? entry?.fr : entry?.en) ?? action.rawValue
  }

  public func name(_ value: TaskType) -> String { word(value.rawValue, Words.taskTypes) }
  public func name(_ value: Priority) -> String { word(value.rawValue, Words.priorities) }
  public func name(_ value: TaskStatus) -> String { word(value.rawValue, Words.taskStatuses) }
  public func name(_ value: TicketStatus) -> String { word(value.rawValue, Words.ticketStatuses) }
  public func name(_ value: TicketCategory) -> String { word(value.rawValue, Words.ticketCategories) }
  public func name(_ value: StaffRole) -> String { word(value.rawValue, Words.roles) }
  public func name(_ value: Permission) -> String { word(value.rawValue, Words.permissions) }

  /// A message of the store or the domain as a sentence of its own on the status line: its first
  /// letter capitalised, a full stop at the end unless it ends with a sign already.
  public func sentence(_ message: StaffDomain.Message) -> String {
    let text = message.text(language)
    guard let first = text.first else { return text }
    let ended = text.last.map { ".!?…".contains($0) } ?? true
    return first.uppercased() + text.dropFirst() + (ended ? "" : ".")
  }

  /// Why a login failed, in this language.
  public func explain(_ refusal: LoginRefusal) -> String {
    switch refusal {
    case .wrong(let left): self(.loginWrong, .count(Int64(left)))
    case .locked(let until): self(.loginLocked, until.localTimeOfDay)
    case .disabled: self[.loginDisabled]
    case .pinNeedsTerminal: self[.loginPinHere]
    }
  }
  public func name(_ value: OrderStatus) -> String { word(value.rawValue, Words.orderStatuses) }
  public func name(_ value: ScanSource) -> String { word(value.rawValue, Words.sources) }
  public func name(_ value: RefusalReason) -> String { word(value.rawValue, Words.refusalReasons) }
  public func name(_ value: WaitingReason) -> String { word(value.rawValue, Words.waitingReasons) }
  public func name(_ value: MovementType) -> String { word(value.rawValue, Words.movementTypes) }
  public func name(_ value: LocationKind) -> String { word(value.rawValue, Words.locationKinds) }
  public func name(_ value: Channel) -> String { word(value.rawValue, Words.channels) }

  /// What a scan's outcome word (`scans.outcome`) means, as a headline.
  public func outcome(_ word: String) -> String { self.word(word, Words.outcomes) }

  func word(_ key: String, _ table: Words.Table) -> String { Words.word(key, table, language) }

  // MARK: Numbers, money, times

  /// `50 000 FCFA` in both languages (a narrow no-break space between thousands, as written at
  /// the counter).
  public func money(_ amount: FCFA) -> String { amount.description }

  /// A count or a quantity for a person: `12`, `1 250` (narrow no-break spaces between thousands).
  public func number(_ n: Int64) -> String { Typography.integer(n, language) }
  public func number(_ n: Int) -> String { Typography.integer(Int64(n), language) }

  /// A decimal number: `0,95` (fr), `0.95` (en).
  public func decimal(_ x: Double, places: Int) -> String { Typography.decimal(x, places: places, language) }

  /// A share as a whole percentage: `95 %` (a narrow no-break space in French, where the sign
  /// is set off like `:`; the screens' usual space in English).
  public func percent(_ share: Double) -> String {
    Typography.decimal(share * 100, places: 0, language) + (language == .fr ? "\u{202F}%" : " %")
  }

  /// A time of day in Douala: `09:30`.
  public func clock(_ t: Timestamp) -> String { String(t.douala.suffix(5)) }

  /// A date and time in Douala: `2026-11-20 09:30` (en), `20/11/2026 09:30` (fr).
  public func dateTime(_ t: Timestamp) -> String {
    let text = t.douala  // yyyy-mm-dd hh:mm
    guard language == .fr, text.count >= 16 else { return text }
    let chars = Array(text)
    return String(chars[8...9]) + "/" + String(chars[5...6]) + "/" + String(chars[0...3]) + " " + String(chars[11...15])
  }

  /// A short date and time: `20/11 09:30` (fr) or `11-20 09:30` (en); today's times as `09:30`.
  public func when(_ t: Timestamp, now: Timestamp) -> String {
    if Self.sameDay(t, now) { return clock(t) }
    let text = Array(t.douala)
    guard text.count >= 16 else { return t.douala }
    return language == .fr
      ? String(text[8...9]) + "/" + String(text[5...6]) + " " + String(text[11...15])
      : String(text[5...9]) + " " + String(text[11...15])
  }

  /// Five columns for a list: `09:30` today, `20/11` (fr) or `11-20` (en) another day.
  public func shortWhen(_ t: Timestamp, now: Timestamp) -> String {
    if Self.sameDay(t, now) { return clock(t) }
    let text = Array(t.douala)
    guard text.count >= 10 else { return t.douala }
    return language == .fr ? String(text[8...9]) + "/" + String(text[5...6]) : String(text[5...9])
  }

  /// The same calendar day in Douala.
  static func sameDay(_ a: Timestamp, _ b: Timestamp) -> Bool {
    (a.seconds + Timestamp.doualaOffset).quotientFloor(86400) == (b.seconds + Timestamp.doualaOffset).quotientFloor(86400)
  }

  /// An SLA countdown to the minute: `1 h 12 min`, `-0 h 05 min` when late, `2 d 4 h` (fr `2 j 4 h`)
  /// beyond a day.
  public func countdown(_ seconds: Int64) -> String { Durations.countdown(seconds, language) }

  /// How long ago, roughly: `5 min`, `2 h`, `3 d` (fr `3 j`).
  public func age(_ t: Timestamp, now: Timestamp) -> String {
    let s = max(0, now - t)
    return s < 3600 ? "\(s / 60) min" : s < 86400 ? "\(s / 3600) h" : "\(s / 86400) \(language == .fr ? "j" : "d")"
  }

  /// `5 min ago` (fr `il y a 5 min`).
  public func ago(_ t: Timestamp, now: Timestamp) -> String { self(.ago, age(t, now: now)) }
}

extension Int64 {
  /// Division rounding towards minus infinity (days before 1970 stay whole days).
  func quotientFloor(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
