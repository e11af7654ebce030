import StaffDomain
import Testing

@Suite struct HexTests {
  @Test func roundTripsAndRefusesWhatIsNotHex() {
    let bytes: [UInt8] = [0x00, 0x0f, 0xa5, 0xff]
    #expect(Hex.encode(bytes) == "000fa5ff")
    #expect(Hex.decode("000fa5ff") == bytes)
    #expect(Hex.decode("000FA5FF") == bytes)
    #expect(Hex.decode("") == [])
    for bad in ["0", "0g", "zz", "0x00", " 00", "00 ", "é0", "０0"] {
      #expect(Hex.decode(bad) == nil, "\(bad)")
    }
  }
}
