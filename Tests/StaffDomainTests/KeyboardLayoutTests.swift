import StaffDomain
import Testing

/// A US-layout wedge scanner on an AZERTY machine, and what must not be "repaired".
@Suite struct KeyboardLayoutTests {
  @Test func aUSScannerOnAZERTYIsReadBack() {
    #expect(KeyboardLayout.repairedPayload("ORDERM&à'ààà&MK7A2?X9Q") == "ORDER:1040001:K7Q2MX9A")
    #expect(KeyboardLayout.repairedPayload("PRODUCTM&àààà&") == "PRODUCT:100001")
    #expect(KeyboardLayout.repairedPayload("INVENTORYM'é\r\n") == "INVENTORY:42")
  }

  @Test func validCodesAndNonsenseAreLeftAlone() {
    #expect(KeyboardLayout.repairedPayload("ORDER:1040001:K7Q2MX9A") == nil, "a valid code stays as it is")
    #expect(KeyboardLayout.repairedPayload("hello") == nil)
    #expect(KeyboardLayout.repairedPayload("") == nil)
    #expect(KeyboardLayout.repairedPayload("ORDERM&à'ààà&M") == nil, "read back, still not a code: nothing")
    #expect(KeyboardLayout.repairedPayload(String(repeating: "é", count: 500)) == nil)
  }
}
