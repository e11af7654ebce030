import StaffDomain
import Testing

/// The transfer commands' words, and the countdown the console and the command line share.
@Suite struct TransferGrammarTests {
  typealias Item = TransferGrammar.Item

  @Test(arguments: [
    ("7", Item(productID: 7, quantity: 1, location: nil)),
    ("7:3", Item(productID: 7, quantity: 3, location: nil)),
    ("7:3@A-01", Item(productID: 7, quantity: 3, location: "A-01")),
    ("7@BACK", Item(productID: 7, quantity: 1, location: "BACK")),
    ("PRODUCT:7", Item(productID: 7, quantity: 1, location: nil)),
    ("PRODUCT:7:100000@A", Item(productID: 7, quantity: 100_000, location: "A")),
  ])
  func anItemReads(text: String, item: Item) {
    #expect(TransferGrammar.item(text, maximum: 100_000) == .success(item))
  }

  @Test(arguments: [
    ("7:0", TransferGrammar.Problem.quantity(item: "7:0")),
    ("7:100001", .quantity(item: "7:100001")),
    ("7:-1", .quantity(item: "7:-1")),
    ("7:", .quantity(item: "7:")),
    ("7:99999999999999999999999", .quantity(item: "7:99999999999999999999999")),
  ])
  func aBadQuantityIsRefused(text: String, problem: TransferGrammar.Problem) {
    #expect(TransferGrammar.item(text, maximum: 100_000) == .failure(problem))
  }

  @Test func aScannedCodeIsUpperCaseAndAnItemHasOneQuantity() {
    guard case .failure(.badCode) = TransferGrammar.item("product:7:2", maximum: 9) else {
      Issue.record("a lower-case code was accepted")
      return
    }
    guard case .failure(.id(what: "product", _)) = TransferGrammar.item("7:3:4", maximum: 9) else {
      Issue.record("two quantities were accepted")
      return
    }
  }

  @Test(arguments: ["", "@A", "007", "x", "1234567890123", "7\u{0}", "７", "ORDER:1:ABCDEF"])
  func aBadProductIsRefused(text: String) {
    guard case .failure(let problem) = TransferGrammar.item(text, maximum: 100_000) else {
      Issue.record("accepted '\(text)'")
      return
    }
    switch problem {
    case .id(let what, _): #expect(what == "product")
    case .quantity: #expect(text.contains(":"))
    default: Issue.record("\(problem)")
    }
  }

  @Test func aScannedCodeMustBeAProducts() {
    #expect(TransferGrammar.product("PRODUCT:") != .success(0))
    if case .failure(.badCode(let shown, _)) = TransferGrammar.product("PRODUCT:" + String(repeating: "9", count: 500)) {
      #expect(shown.count == 40, "a huge code is cut in what is said")
    } else {
      Issue.record("a 500-digit product code was not refused as a code")
    }
  }

  @Test func whatArrivedAndTheSlipRead() {
    #expect(TransferGrammar.received("7=0", maximum: 10).map { [$0.productID, $0.quantity] } == .success([7, 0]))
    #expect(TransferGrammar.received("PRODUCT:7=10", maximum: 10).map { [$0.productID, $0.quantity] } == .success([7, 10]))
    for bad in ["7", "7=", "=3", "7=11", "7=-1", "7=1=2", "7=x"] {
      guard case .failure = TransferGrammar.received(bad, maximum: 10) else {
        Issue.record("accepted '\(bad)'")
        continue
      }
    }
    #expect(TransferGrammar.slip("INVENTORY:12") == .success(12))
    #expect(TransferGrammar.slip("inventory:12") == .success(12))
    #expect(TransferGrammar.slip("12") == .success(12))
    guard case .failure(.id(what: "slip", _)) = TransferGrammar.slip("INVENTORY:") else {
      Issue.record("an empty slip was accepted")
      return
    }
  }
}

@Suite struct DurationsTests {
  @Test(arguments: [
    (Int64(0), "0 h 00 min", "0 h 00 min"), (4320, "1 h 12 min", "1 h 12 min"), (-1, "-0 h 01 min", "-0 h 01 min"),
    (-300, "-0 h 05 min", "-0 h 05 min"), (-301, "-0 h 06 min", "-0 h 06 min"), (187_200, "2 d 4 h", "2 j 4 h"),
    (-187_200, "-2 d 4 h", "-2 j 4 h"), (Int64.min, "-106751991167300 d 15 h", "-106751991167300 j 15 h"),
  ])
  func theCountdown(seconds: Int64, en: String, fr: String) {
    #expect(Durations.countdown(seconds, .en) == en)
    #expect(Durations.countdown(seconds, .fr) == fr)
  }

  @Test func theSpan() {
    #expect(Durations.span(7200) == "2 h")
    #expect(Durations.span(5400) == "1 h 30 min")
    #expect(Durations.span(2700) == "45 min")
  }
}
