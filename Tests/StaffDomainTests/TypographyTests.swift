import StaffDomain
import Testing

/// Numbers, plurals and French spacing as every screen, label and message writes them.
@Suite struct TypographyTests {
  let nnbsp = "\u{202F}", nbsp = "\u{00A0}"

  @Test func integersAreGroupedByThreeWithANarrowNoBreakSpace() {
    for language in Language.allCases {
      #expect(Typography.integer(0, language) == "0")
      #expect(Typography.integer(999, language) == "999")
      #expect(Typography.integer(1000, language) == "1\(nnbsp)000")
      #expect(Typography.integer(50_000, language) == "50\(nnbsp)000")
      #expect(Typography.integer(-1_250_000, language) == "-1\(nnbsp)250\(nnbsp)000")
      #expect(Typography.integer(Int64.min, language) == "-9\(nnbsp)223\(nnbsp)372\(nnbsp)036\(nnbsp)854\(nnbsp)775\(nnbsp)808")
      #expect(Typography.integer(Int64.max, language).hasSuffix("807"))
    }
  }

  @Test func decimalsUseACommaInFrenchAndAPointInEnglish() {
    #expect(Typography.decimal(0.95, places: 2, .fr) == "0,95")
    #expect(Typography.decimal(0.95, places: 2, .en) == "0.95")
    #expect(Typography.decimal(5, places: 1, .fr) == "5,0")
    #expect(Typography.decimal(4.25, places: 1, .en) == "4.3" || Typography.decimal(4.25, places: 1, .en) == "4.2")
    #expect(Typography.decimal(1234.5, places: 2, .fr) == "1\(nnbsp)234,50")
    #expect(Typography.decimal(0.999, places: 2, .en) == "1.00")
    #expect(Typography.decimal(-0.004, places: 2, .fr) == "0,00", "no minus sign on a zero")
    #expect(Typography.decimal(-2.5, places: 1, .fr) == "-2,5")
    #expect(Typography.decimal(12.6, places: 0, .en) == "13")
    #expect(Typography.decimal(0.05, places: 2, .fr) == "0,05", "leading zeros of the fraction kept")
  }

  @Test func hostileDecimalsNeverTrap() {
    for language in Language.allCases {
      #expect(Typography.decimal(.nan, places: 2, language) == "-")
      #expect(Typography.decimal(.infinity, places: 2, language) == "-")
      #expect(Typography.decimal(-.infinity, places: 0, language) == "-")
      #expect(!Typography.decimal(1e300, places: 2, language).isEmpty)
      #expect(!Typography.decimal(-1e19, places: 0, language).isEmpty)
      #expect(!Typography.decimal(9.3e18, places: 6, language).isEmpty)
      #expect(Typography.decimal(0.5, places: -3, language) == "1" || Typography.decimal(0.5, places: -3, language) == "0")
      #expect(Typography.decimal(1, places: 1_000, language).count == 8, "places are capped at 6")
    }
    #expect(!Typography.decimal(1e300, places: 2, .fr).contains("."))
  }

  @Test func pluralsAgreeTheFrenchAndTheEnglishWay() {
    func fr(_ n: Int64) -> String { Typography.plural(n, .fr, one: "ligne", other: "lignes") }
    func en(_ n: Int64) -> String { Typography.plural(n, .en, one: "line", other: "lines") }
    #expect([0, 1, 2, 1000].map(fr) == ["ligne", "ligne", "lignes", "lignes"])
    #expect([0, 1, 2, 1000].map(en) == ["lines", "line", "lines", "lines"])
    #expect(fr(-1) == "ligne" && en(-1) == "line" && en(-2) == "lines" && en(Int64.min) == "lines" && fr(Int64.min) == "lignes")
    #expect(Typography.plural(1.5, places: 1, .fr, one: "kilo", other: "kilos") == "kilo")
    #expect(Typography.plural(1.5, places: 1, .en, one: "kilo", other: "kilos") == "kilos")
    #expect(Typography.plural(1, places: 0, .en, one: "point", other: "points") == "point")
    #expect(Typography.plural(1, places: 1, .en, one: "point", other: "points") == "points")
    #expect(Typography.plural(.nan, places: 1, .fr, one: "point", other: "points") == "points")
  }

  @Test func frenchSpacingPutsNoBreakSpacesBeforeTheDoubleSigns() {
    #expect(Typography.frenchSpacing("Commande 1040026 : Bon code") == "Commande 1040026\(nbsp): Bon code")
    #expect(Typography.frenchSpacing("Commande 1040026: Bon code") == "Commande 1040026\(nbsp): Bon code")
    #expect(Typography.frenchSpacing("Remettre ?") == "Remettre\(nnbsp)?")
    #expect(Typography.frenchSpacing("Remettre?") == "Remettre\(nnbsp)?")
    #expect(Typography.frenchSpacing("lu ; écrit !") == "lu\(nnbsp); écrit\(nnbsp)!")
    #expect(Typography.frenchSpacing("Quoi ?!") == "Quoi\(nnbsp)?!")
    #expect(Typography.frenchSpacing("Code :") == "Code\(nbsp):")
    #expect(Typography.frenchSpacing("(en attente : horloge)") == "(en attente\(nbsp): horloge)")
    #expect(Typography.frenchSpacing("« pas maintenant »") == "«\(nnbsp)pas maintenant\(nnbsp)»")
  }

  @Test func frenchSpacingLeavesCodesTimesAndAddressesAlone() {
    for text in ["ORDER:1040026:K7M2QX", "09:30", "https://vgk.cm/aide", "INVENTORY:{1}", "INVENTORY:n)", "a?b", "x:y", ":", "?", "\n: début"] {
      #expect(Typography.frenchSpacing(text) == text, "\(text)")
    }
    #expect(Typography.frenchSpacing("") == "")
    #expect(Typography.frenchSpacing("déjà\(nbsp): espacé") == "déjà\(nbsp): espacé", "applied twice, the same")
    let once = Typography.frenchSpacing("Refuser la commande {0} : {1} ?")
    #expect(Typography.frenchSpacing(once) == once)
  }

  @Test func frenchSpacingSurvivesHostileText() {
    let hostile = String(repeating: " :?;!«»\u{1B}[2J\u{202E}", count: 500)
    let spaced = Typography.frenchSpacing(hostile)
    #expect(!spaced.contains(" :") && !spaced.contains(" ?") && !spaced.contains(" !") && !spaced.contains(" ;"))
    #expect(spaced.filter { $0 == "\u{1B}" }.count == 500, "nothing else is touched")
  }

  @Test func moneyIsWrittenAsAtTheCounter() {
    #expect(FCFA(50_000).description == "50\(nnbsp)000\(nbsp)FCFA")
    #expect(FCFA(-1500).description == "-1\(nnbsp)500\(nbsp)FCFA")
    #expect(MessageArg.money(50_000).text(.fr) == FCFA(50_000).description)
  }

  @Test func templatesAreFilledOnceWithWordsThatAgree() {
    let fill = MessageTemplate.fill
    #expect(fill("{0} {0|ligne|lignes}, {1} {1|ajustée|ajustées}", [.count(1), .count(2)], .fr) == "1 ligne, 2 ajustées")
    #expect(fill("{0} {0|line|lines}", [.count(1000)], .en) == "1\(nnbsp)000 lines")
    #expect(fill("{0} {0|line|lines}", [.text("1")], .en) == "1 line", "a typed number agrees too")
    #expect(fill("{0} {0|line|lines}", [.text("1\(nnbsp)000")], .en) == "1\(nnbsp)000 lines")
    #expect(fill("{0} {0|line|lines}", [.text("some")], .en) == "some lines")
    #expect(fill("{0} {0|point|points}", [.decimal(1.5, places: 1)], .fr) == "1,5 point")
    #expect(fill("{0} and {1}", [.text("{1}"), .text("b")], .en) == "{1} and b", "an argument is not filled again")
    #expect(fill("{0} {2} {x} {", [.text("a")], .en) == "a {2} {x} {", "what has no argument stays")
    #expect(fill("{0|one}", [.count(1)], .en) == "1", "a malformed plural shows the argument")
  }
}
