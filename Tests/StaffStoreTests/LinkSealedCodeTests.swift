import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Orders whose code the centre sealed with the point's key (`pickup_code_hmac`).
@Suite struct LinkSealedCodeTests {
  static func sealed(_ json: String, key: PickupCodeKey, id: Int64, code: String) -> String {
    json.replacingOccurrences(of: #""pickup_code":"\#(code)""#, with: #""pickup_code_hmac":"\#(Hex.encode(key.digest(orderID: id, code: code)))""#)
  }

  @Test func aSealedOrderIsAddedAndItsCodeHandsOver() throws {
    let x = try FeedFixture()
    let payload = Self.sealed(orderJSON(6101, code: "SEAL6101"), key: x.key, id: 6101, code: "SEAL6101")
    #expect(!payload.contains("SEAL6101"))
    try x.apply([feed(1, "order", payload)])
    #expect(try x.log().last?.outcome == "applied")
    #expect(try x.f.scan("ORDER:6101:SEALED").order == nil)
    let scan = try x.f.scan("ORDER:6101:SEAL6101", at: testNow + 5)
    #expect(scan.order != nil)
    #expect(throws: Never.self) { try x.f.counter.confirmHandover(orderID: 6101, scanID: scan.scanID, staff: "amina.n", now: testNow + 10).get() }
  }

  @Test func aSealedCodeReplacesTheOldOneAndTheSameSealChangesNothing() throws {
    let x = try FeedFixture()
    try x.apply([feed(1, "order", orderJSON(6102, code: "FIRST610"))])
    let same = Self.sealed(orderJSON(6102, code: "FIRST610"), key: x.key, id: 6102, code: "FIRST610")
    try x.apply([feed(2, "order", same)])
    #expect(try x.log().last?.detail?.contains("replaced") == false)
    let next = Self.sealed(orderJSON(6102, code: "OTHER610"), key: x.key, id: 6102, code: "OTHER610")
    try x.apply([feed(3, "order", next)])
    #expect(try x.log().last?.detail == "order 6102 pickup code replaced")
    #expect(try x.f.scan("ORDER:6102:FIRST610").order == nil)
    #expect(try x.f.scan("ORDER:6102:OTHER610", at: testNow + 5).order != nil)
  }

  @Test(arguments: [
    #""pickup_code_hmac":"ABCDEF""#,
    #""pickup_code_hmac":"\#(String(repeating: "A", count: 64))""#,
    #""pickup_code_hmac":"\#(String(repeating: "g", count: 64))""#,
    #""pickup_code_hmac":12"#,
    #""pickup_code_hmac":null"#,
    #""pickup_code":"BOTH1234","pickup_code_hmac":"\#(String(repeating: "ab", count: 32))""#,
  ])
  func aBadSealIsRefusedAsData(field: String) throws {
    let x = try FeedFixture()
    let payload = orderJSON(6103, code: "XXXX6103").replacingOccurrences(of: #""pickup_code":"XXXX6103""#, with: field)
    let applied = try x.apply([feed(1, "order", payload)])
    #expect(applied.refused == 1)
    #expect(try x.f.int("SELECT count(*) FROM orders WHERE id = 6103") == 0)
    #expect(try x.link.cursor() == 1)
  }
}
