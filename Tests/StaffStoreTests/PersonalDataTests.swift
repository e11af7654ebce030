import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Personal data sealed at rest: the cipher, the database's bytes, rotation.
@Suite struct PersonalDataTests {
  let key = try! PersonalDataKey(bytes: Array(repeating: 7, count: 32))

  @Test func aValueOpensOnlyAsItWasSealed() throws {
    let sealed = try key.seal("Marie-Thérèse Ngono", context: "customers:42:name")
    #expect(sealed.count == 12 + "Marie-Thérèse Ngono".utf8.count + 16)
    #expect(try key.open(sealed, context: "customers:42:name") == "Marie-Thérèse Ngono")
    let refused = "the personal data of customers:42:name does not open: changed outside the program, moved from another record, or sealed under another key"
    // One bit flipped in the nonce, the ciphertext and the tag; another record's context; another key.
    for index in [0, 11, 12, 20, sealed.count - 16, sealed.count - 1] {
      var bad = sealed
      bad[index] ^= 0x01
      #expect(throws: PersonalDataError(refused), "byte \(index)") { try key.open(bad, context: "customers:42:name") }
    }
    #expect(throws: PersonalDataError(refused.replacingOccurrences(of: "42:name", with: "43:name"))) {
      try key.open(sealed, context: "customers:43:name")
    }
    #expect(throws: PersonalDataError(refused.replacingOccurrences(of: "name", with: "phone"))) { try key.open(sealed, context: "customers:42:phone") }
    let other = try PersonalDataKey(bytes: Array(repeating: 8, count: 32))
    #expect(throws: PersonalDataError(refused)) { try other.open(sealed, context: "customers:42:name") }
    #expect(throws: PersonalDataError("sealed data of customers:42:name is too short (5 bytes)")) {
      try key.open(Data([1, 2, 3, 4, 5]), context: "customers:42:name")
    }
    #expect(throws: PersonalDataError("a personal-data key is 32 bytes, not 31")) { try PersonalDataKey(bytes: Array(repeating: 1, count: 31)) }
  }

  @Test func aHundredThousandSealsNeverRepeatANonce() throws {
    var nonces = Set<Data>()
    for i in 0..<100_000 {
      let sealed = try key.seal("677 12 34 56", context: "customers:\(i):phone")
      nonces.insert(sealed.prefix(12))
    }
    #expect(nonces.count == 100_000)
  }

  @Test func theBlindIndexFindsAPhoneWrittenAnyWay() {
    #expect(key.index(phone: "+237 677 12 34 56") == key.index(phone: "677123456"), "a Cameroon number with or without +237")
    #expect(key.index(phone: "677 12 34 56") != key.index(phone: "677 12 34 57"))
    let other = try? PersonalDataKey(bytes: Array(repeating: 9, count: 32))
    #expect(other?.index(phone: "677123456") != key.index(phone: "677123456"), "keyed: useless without the key")
    #expect(PhoneMask.masked("+237 677 12 34 56") == "••••••••••56")
  }

  /// Tickets with known phone numbers, names and messages: none of them is anywhere in the
  /// database file or its WAL, and they all read back.
  @Test func theDatabaseFileAndItsWALHoldNoPersonalDataInClear() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.staff, path: fixture("import/staff.csv"), into: db, keys: keys, now: testNow)
    let orders = dir.write(
      "orders.csv",
      """
      order_id,customer_id,customer_name,customer_phone,pickup_code,status,created_at,updated_at,title,quantity,unit_price_fcfa
      5101,31001,Bernadette Tchoumi,+237 699 41 27 83,ABC123,expected,2026-11-20T09:00:00+01:00,,Colis,1,1000

      """)
    _ = try Importer.importFile(.orders, path: orders, into: db, keys: keys, now: testNow)
    let desk = try TicketDesk(database: db, key: try PersonalData.key(keys, db), now: testNow)
    let login = try db.read { try String.fetchOne($0, sql: "SELECT login FROM staff WHERE active = 1 AND role = 'clerk' LIMIT 1") } ?? ""
    let phones = ["+237 677 58 19 04", "+237 655 30 72 16", "+237 691 84 55 02"]
    for (i, phone) in phones.enumerated() {
      let t = try desk.open(
        NewTicket(phone: phone, name: "Cliente Numéro\(i) Essomba", category: .late, priority: .high, subject: "Colis en retard",
                  message: "Mon numéro est \(phone), rappelez-moi au sujet de la commande Zébulon\(i)."),
        by: login, now: testNow + Int64(i))
      _ = try desk.write(.outbound, on: t.id, body: "Bonjour Madame Essomba, nous regardons.", by: login, now: testNow + 60)
      #expect(t.phone == PhoneMask.masked(phone) && t.customer == "C*** N*** E***")
    }
    #expect(try desk.open(NewTicket(phone: "677 58 19 04", category: .other, priority: .low, subject: "Encore"), by: login, now: testNow).customerID
      == desk.list(now: testNow).last?.customerID, "found again by the blind index")
    // Read back, then look at the bytes.
    let shown = try desk.ticket(1)
    #expect(shown.messages.first?.body.contains("Zébulon0") == true)
    #expect(try desk.revealPhone(1, by: login, now: testNow) == "+237677581904")
    var bytes = [UInt8]()
    for suffix in ["", "-wal"] {
      bytes += (FileManager.default.contents(atPath: db.path + suffix).map(Array.init)) ?? []
    }
    #expect(bytes.count > 10_000)
    func contains(_ needle: String) -> Bool {
      let n = Array(needle.utf8)
      guard n.count <= bytes.count else { return false }
      return (0...(bytes.count - n.count)).contains { i in bytes[i] == n[0] && Array(bytes[i..<(i + n.count)]) == n }
    }
    for secret in phones.map(PersonalDataKey.digits) + ["677581904", "699412783", "Bernadette", "Tchoumi", "Essomba", "Zébulon", "Numéro0", "rappelez-moi"] {
      #expect(!contains(secret), "\(secret) is in the database's bytes")
    }
    #expect(contains("Colis en retard"), "the subject is not personal data (and proves the search works)")
  }

  /// Rotation: every value reads back under the new key, none under the old one.
  @Test func rotationSealsEverythingAgainUnderTheNewKey() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.staff, path: fixture("import/staff.csv"), into: db, keys: keys, now: testNow)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    _ = try Importer.importFile(.orders, path: fixture("import/orders.csv"), into: db, keys: keys, now: testNow)
    let login = try db.read { try String.fetchOne($0, sql: "SELECT login FROM staff WHERE active = 1 LIMIT 1") } ?? ""
    let oldKey = try PersonalData.key(keys, db)
    let desk = try TicketDesk(database: db, key: oldKey, now: testNow)
    let t = try desk.open(
      NewTicket(phone: "677 12 34 56", name: "Paul Biya Mvondo", category: .damaged, priority: .medium, subject: "Cassé", message: "L'écran est cassé"),
      by: login, now: testNow)
    let values = try db.read {
      try Int.fetchOne($0, sql: "SELECT count(name_sealed) + count(phone_sealed) FROM customers") ?? 0
    }
    // The host rotates the key (no login): a clerk may not, it is staff management.
    #expect(throws: StoreError.self) { try PersonalData.rotate(keys, db, by: login, now: testNow + 60) }
    let rotation = try PersonalData.rotate(keys, db, by: nil, now: testNow + 60)
    #expect(rotation.oldFingerprint == oldKey.fingerprint && rotation.newFingerprint != oldKey.fingerprint)
    #expect(values == 2 * 4, "four customers, each with a phone")
    #expect(rotation.resealed == values + 1, "every name and phone, and the one message")
    let newKey = try PersonalData.key(keys, db)
    #expect(newKey.fingerprint == rotation.newFingerprint)
    #expect(!FileManager.default.fileExists(atPath: dir.file("keys/personal-data.key.next")))
    let after = try TicketDesk(database: db, key: newKey, now: testNow)
    #expect(try after.ticket(t.id).messages.map(\.body) == ["L'écran est cassé"])
    #expect(try after.revealPhone(t.id, by: login, now: testNow + 120) == "+237677123456")
    // None opens under the old key any more.
    try db.read { d in
      for row in try Row.fetchAll(d, sql: "SELECT id, name_sealed FROM customers") {
        let id: Int64 = row["id"]
        #expect(throws: PersonalDataError.self) { try oldKey.open(row["name_sealed"], context: "customers:\(id):name") }
        #expect((try? newKey.open(row["name_sealed"], context: "customers:\(id):name")) != nil)
      }
    }
    #expect(throws: StoreError.self, "the old key is no longer the database's") { try TicketDesk(database: db, key: oldKey, now: testNow) }
    #expect(try DatabaseCheck.run(db).isEmpty)
  }

  /// A rotation cut short after its transaction: the next read of the key finishes it.
  @Test func aRotationCutShortIsFinishedOnTheNextRead() throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    let k = try PersonalData.key(keys, db)
    _ = try TicketDesk(database: db, key: k, now: testNow)
    let fresh = try PersonalDataKey(bytes: KeyStore.randomKey())
    try keys.write(fresh.bytes, to: KeyStore.personalDataNextFile, what: "test")
    #expect(try PersonalData.key(keys, db).fingerprint == k.fingerprint, "a stale .next (never committed) is ignored")
    try db.write { try $0.execute(sql: "UPDATE settings SET value = ? WHERE key = 'personal_key_fingerprint'", arguments: [fresh.fingerprint]) }
    #expect(try PersonalData.key(keys, db).fingerprint == fresh.fingerprint)
    #expect(try keys.personalDataKey(create: false).fingerprint == fresh.fingerprint, "the new key is in place")
  }
}
