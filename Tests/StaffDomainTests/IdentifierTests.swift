import Testing

@testable import StaffDomain

@Suite struct IdentifierTests {
  @Test func marketplaceIDs() throws {
    #expect(try Identifier.marketplaceID("1042").get() == 1042)
    #expect(try Identifier.marketplaceID("999999999999").get() == 999_999_999_999)
    for bad in ["", "0", "01042", "1234567890123", "12a", "-5", " 12", "１２"] {
      #expect(throws: FieldError.self, "\(bad)") { try Identifier.marketplaceID(bad).get() }
    }
    #expect(Identifier.marketplaceID("0042").said == (("has a leading zero or is zero")))
  }

  @Test func pickupCodes() throws {
    #expect(try Identifier.pickupCode("K7Q2MX").get() == "K7Q2MX")
    #expect(try Identifier.pickupCode("ABCDEFGH12").get() == "ABCDEFGH12")
    #expect(Identifier.pickupCode("ABC12").said == (("must be 6 to 10 characters, got 5")))
    #expect(Identifier.pickupCode("abc123").said == (("may hold only digits and capital letters A-Z")))
    #expect(throws: FieldError.self) { try Identifier.pickupCode("ABCDEFGH123").get() }
    #expect(throws: FieldError.self) { try Identifier.pickupCode("ABC-123").get() }
  }

  @Test func locationsLoginsPoints() throws {
    #expect(try Identifier.locationCode("A-03-2").get() == "A-03-2")
    #expect(throws: FieldError.self) { try Identifier.locationCode("3-A").get() }
    #expect(throws: FieldError.self) { try Identifier.locationCode("a-03").get() }
    #expect(throws: FieldError.self) { try Identifier.locationCode("A_03").get() }
    #expect(throws: FieldError.self) { try Identifier.locationCode(String(repeating: "A", count: 17)).get() }
    #expect(try Identifier.login("amina.n").get() == "amina.n")
    #expect(throws: FieldError.self) { try Identifier.login("Amina").get() }
    #expect(throws: FieldError.self) { try Identifier.login("a").get() }
    #expect(throws: FieldError.self) { try Identifier.login("amina n").get() }
    #expect(try Identifier.pointCode("DLA-AKWA").get() == "DLA-AKWA")
    #expect(throws: FieldError.self) { try Identifier.pointCode("D").get() }
  }

  @Test func phones() throws {
    #expect(try Identifier.phone("677 12 34 56").get() == "+237677123456")
    #expect(try Identifier.phone("+237 6 77 12 34 56").get() == "+237677123456")
    #expect(try Identifier.phone("+33-612345678").get() == "+33612345678")
    #expect(throws: FieldError.self) { try Identifier.phone("6771234a6").get() }
    #expect(throws: FieldError.self) { try Identifier.phone("12345").get() }
    #expect(throws: FieldError.self) { try Identifier.phone("6+77123456").get() }
  }

  @Test func freeText() throws {
    #expect(try Identifier.text("  Robe en wax, taille M ", max: 40).get() == "Robe en wax, taille M")
    #expect(Identifier.text("   ", max: 10).said == (("is empty")))
    #expect(throws: FieldError.self) { try Identifier.text("abc\u{1B}[2J", max: 40).get() }
    #expect(throws: FieldError.self) { try Identifier.text("éèàçœ-long", max: 5).get() }
  }

  @Test func vocabulariesParseCaseInsensitivelyAndListTheirSpellings() throws {
    #expect(OrderStatus.parse("Picked_Up") == .success(.pickedUp))
    #expect(TaskType.parse("stock_receive") == .success(.stockReceive))
    #expect(
      Priority.parse("soon").said == (("'soon' is not one of: URGENT, HIGH, MEDIUM, LOW")))
    #expect(Priority.urgent.defaultSLA == 7200 && Priority.low.defaultSLA == 172_800)
    #expect(Priority.urgent < Priority.low)
  }

  @Test func money() throws {
    #expect(FCFA(50000).description == "50\u{202F}000\u{00A0}FCFA")
    #expect(FCFA(1_250_000).description == "1\u{202F}250\u{202F}000\u{00A0}FCFA")
    #expect(FCFA(500).description == "500\u{00A0}FCFA")
    #expect(FCFA(0).description == "0\u{00A0}FCFA")
    #expect(FCFA(-1500).description == "-1\u{202F}500\u{00A0}FCFA")
  }
}

@Suite struct TimestampTests {
  @Test func parsesOffsetsAndUTC() throws {
    let a = try Timestamp.parse("2026-11-20T09:30:00+01:00").get()
    let b = try Timestamp.parse("2026-11-20T08:30:00Z").get()
    #expect(a == b)
    #expect(a.seconds == 1_795_163_400)
    #expect(a.iso8601 == "2026-11-20T09:30:00+01:00")
    #expect(a.douala == "2026-11-20 09:30")
    #expect(try Timestamp.parse("1970-01-01T00:00:00Z").get().seconds == 0)
    #expect(try Timestamp.parse("2028-02-29T23:59:59-05:30").get().iso8601 == "2028-03-01T06:29:59+01:00")
  }

  @Test func roundTripsOverYears() throws {
    var t = Timestamp(seconds: 0)
    while t.seconds < 4_102_444_800 {  // to 2100
      #expect(try Timestamp.parse(t.iso8601).get() == t)
      t = t + 7_776_061
    }
  }

  @Test func refusesWhatIsNotATime() throws {
    for bad in [
      "", "2026-11-20", "2026-11-20T09:30+01:00", "2026-11-20T09:30:00", "2026-02-30T10:00:00Z",
      "2026-13-01T10:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T09:30:00+1:00", "20261120T093000Z",
      "2026-11-20T09:30:00.5Z", "1969-12-31T23:59:59Z", "2027-02-29T10:00:00Z",
    ] {
      #expect(throws: FieldError.self, "\(bad)") { try Timestamp.parse(bad).get() }
    }
  }
}
