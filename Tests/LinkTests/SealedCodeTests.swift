import Foundation
import StaffDomain
import StaffLink
import StaffStore
import Testing

/// Pickup codes at the centre: once a point has given its key, an order's clear code is replaced
/// by the point's digest of it as the record is written, so no clear code stays at the centre.
@Suite struct SealedCodeTests {
  /// A pickup-code key as the point makes it (a key file in a folder of its own).
  static func key() throws -> PickupCodeKey {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-seal-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try KeyStore(directory: dir).pickupCodeKey(create: true)
  }

  @Test func theCentresHMACIsRFC4231s() throws {
    let db = try CentralDB.make()
    let admin = try db.admin()
    // RFC 4231, test cases 1 and 2 (HMAC-SHA-256).
    #expect(
      try admin.execute("SELECT encode(vgk_link.hmac_sha256(decode(repeat('0b', 20), 'hex'), convert_to('Hi There', 'UTF8')), 'hex')").scalar
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    #expect(
      try admin.execute("SELECT encode(vgk_link.hmac_sha256(convert_to('Jefe', 'UTF8'), convert_to('what do ya want for nothing?', 'UTF8')), 'hex')")
        .scalar == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func aRegisteredPointsCodesAreSealedWithItsKeyAndNoClearCodeStays() throws {
    let db = try CentralDB.make()
    let (code, _, point) = try db.point()
    let key = try Self.key()
    // Before the point's first contact, the code waits in clear (until acknowledged or sealed).
    try db.feed(code, .order, [CentralDB.order(5_000_001, code: "EARLY123")])
    try point.execute("SELECT vgk_link.register_pickup_key(decode($1, 'hex'))", [key.hexForCentre])
    try db.feed(code, .order, [CentralDB.order(5_000_002, code: "LATER456")])
    let rows = try db.admin().execute(
      "SELECT payload ->> 'order_id', payload ? 'pickup_code', payload ->> 'pickup_code_hmac' FROM vgk_link.feed WHERE point = $1 ORDER BY seq",
      [code]
    ).rows
    #expect(rows.count == 2)
    for (row, clear) in zip(rows, ["EARLY123", "LATER456"]) {
      #expect(row[1] == "f")
      let id = Int64(row[0] ?? "") ?? 0
      #expect(row[2] == Hex.encode(key.digest(orderID: id, code: clear)))
    }
    // Nothing in the centre's database holds a clear code any more.
    let dump = try db.admin().execute("SELECT payload::text FROM vgk_link.feed").rows.compactMap { $0[0] }.joined()
    #expect(!dump.contains("EARLY123") && !dump.contains("LATER456"))
  }

  @Test func aKeyIsThirtyTwoBytesAndOnlyAPointGivesOne() throws {
    let db = try CentralDB.make()
    let (_, _, point) = try db.point()
    #expect(sqlState { try point.execute("SELECT vgk_link.register_pickup_key(decode('abcd', 'hex'))") } == "22023")
    #expect(sqlState { try point.execute("SELECT vgk_link.register_pickup_key(NULL)") } == "22023")
    #expect(sqlState { try db.admin().execute("SELECT vgk_link.register_pickup_key(decode(repeat('ab', 32), 'hex'))") } == "42501")
  }
}
