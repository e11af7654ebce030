import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// French and English everywhere: every phrase, action and word exists in both, with the same
/// placeholders; a string in one language only fails here.
@Suite struct StringsTests {
  /// The arguments a text uses: `{0}` and `{0|ligne|lignes}` both use argument 0.
  static func placeholders(_ text: String) -> Set<String> {
    var out: Set<String> = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      out.insert("{" + (rest[rest.index(after: open)..<close].split(separator: "|").first.map(String.init) ?? "") + "}")
      rest = rest[rest.index(after: close)...]
    }
    return out
  }

  @Test func everyPhraseIsInBothLanguagesWithTheSamePlaceholders() {
    for phrase in Phrase.allCases {
      let en = Catalog.en[phrase], fr = Catalog.fr[phrase]
      #expect(en?.isEmpty == false, "\(phrase) has no English")
      #expect(fr?.isEmpty == false, "\(phrase) has no French")
      if let en, let fr { #expect(Self.placeholders(en) == Self.placeholders(fr), "\(phrase): {n} differ") }
    }
    #expect(Catalog.en.count == Phrase.allCases.count && Catalog.fr.count == Phrase.allCases.count)
  }

  @Test func everyActionAndEveryWordIsInBothLanguages() {
    for action in Action.allCases {
      #expect(Catalog.frActions[action]?.isEmpty == false, "\(action) has no French description")
      #expect(Catalog.shortActions[action] != nil, "\(action) has no bottom-bar word")
    }
    func complete<T: RawRepresentable & CaseIterable>(_: T.Type, _ table: Words.Table) where T.RawValue == String {
      for value in T.allCases {
        #expect(table[value.rawValue].map { !$0.en.isEmpty && !$0.fr.isEmpty } == true, "\(T.self).\(value.rawValue)")
      }
      #expect(table.count == T.allCases.count, "\(T.self): words for values that do not exist")
    }
    complete(TaskType.self, Words.taskTypes)
    complete(Priority.self, Words.priorities)
    complete(TaskStatus.self, Words.taskStatuses)
    complete(TicketStatus.self, Words.ticketStatuses)
    complete(TicketCategory.self, Words.ticketCategories)
    complete(StaffRole.self, Words.roles)
    complete(OrderStatus.self, Words.orderStatuses)
    complete(ScanSource.self, Words.sources)
    complete(RefusalReason.self, Words.refusalReasons)
    complete(WaitingReason.self, Words.waitingReasons)
    complete(MovementType.self, Words.movementTypes)
    complete(LocationKind.self, Words.locationKinds)
    for named in Key.Named.allCases { #expect(Catalog.frKeyNames[named] != nil, "\(named) has no French name") }
  }

  /// Every outcome word the store can write has a headline in both languages.
  @Test func everyScanOutcomeHasAHeadline() {
    var words = ["verified", "shown", "unreadable", "no_code", "duplicate", "rejected", "wrong_kind", "not_found"]
    words += ["code_refused", "locked", "already_picked_up", "not_ready", "returned", "cancelled", "hold_expired"]
    words += ["not_verified", "not_allowed", "stock_mismatch"]
    for w in words { #expect(Words.outcomes[w] != nil, "\(w)") }
    #expect(Set(Words.outcomes.keys) == Set(words))
  }

  @Test func theLanguageComesFromTheLocale() {
    #expect(Language.from(environment: [:]) == .en)
    #expect(Language.from(environment: ["LANG": "fr_CM.UTF-8"]) == .fr)
    #expect(Language.from(environment: ["LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == .en)
    #expect(Language.from(environment: ["LC_ALL": "fr_FR", "LANG": "en_GB"]) == .fr)
    #expect(Language.from(environment: ["LC_ALL": "", "LANG": "FR_fr"]) == .fr)
  }

  @Test func moneyTimesAndCountdowns() {
    let en = Strings(.en), fr = Strings(.fr)
    #expect(en.money(FCFA(50_000)) == "50\u{202F}000\u{00A0}FCFA" && fr.money(FCFA(1_250_000)) == "1\u{202F}250\u{202F}000\u{00A0}FCFA")
    #expect(en.countdown(72 * 60) == "1 h 12 min" && en.countdown(-5 * 60) == "-0 h 05 min" && en.countdown(-1) == "-0 h 01 min")
    #expect(en.countdown(59) == "0 h 00 min" && en.countdown(47 * 3600 + 59 * 60) == "1 d 23 h" && fr.countdown(2 * 86400) == "2 j 0 h")
    #expect(en.dateTime(Morning.now) == "2026-11-20 09:30" && fr.dateTime(Morning.now) == "20/11/2026 09:30")
    #expect(en.when(Morning.at(5), now: Morning.now) == "09:25" && fr.when(Morning.at(24 * 60), now: Morning.now) == "19/11 09:30")
    #expect(fr.ago(Morning.at(90), now: Morning.now) == "il y a 1 h")
    #expect(fr.keyName(.named(.enter)) == "Entrée" && en.keyName(.named(.enter)) == "Enter" && fr.keyName(.character("q")) == "q")
  }
}
