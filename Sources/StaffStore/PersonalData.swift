import Crypto
import Foundation
import GRDB
import StaffDomain

/// Why sealed personal data cannot be opened.
public struct PersonalDataError: Error, Equatable, Sendable, CustomStringConvertible {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
  public var description: String { reason }
}

/// The key that protects customers' personal data at rest: names, phone numbers and the bodies
/// of ticket messages, each sealed with AES-256-GCM under a random 96-bit nonce, with the record
/// it belongs to (`customers:42:phone`) as authenticated data, so a value moved to another record
/// or another column does not open. Phone numbers are also kept as a keyed hash (a blind index),
/// so a customer is found by phone without the number in clear. The 32 random bytes live in a
/// 0600 file (`personal-data.key`) apart from the database and from the pickup-code key.
public struct PersonalDataKey: Sendable {
  let sealing: SymmetricKey
  let indexing: SymmetricKey
  let bytes: [UInt8]

  public init(bytes: [UInt8]) throws {
    guard bytes.count == 32 else { throw PersonalDataError("a personal-data key is 32 bytes, not \(bytes.count)") }
    self.bytes = bytes
    let root = SymmetricKey(data: bytes)
    sealing = HKDF<SHA256>.deriveKey(inputKeyMaterial: root, info: Data("vgk-staff personal data: AES-256-GCM".utf8), outputByteCount: 32)
    indexing = HKDF<SHA256>.deriveKey(inputKeyMaterial: root, info: Data("vgk-staff personal data: blind index".utf8), outputByteCount: 32)
  }

  /// nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
  public func seal(_ text: String, context: String) throws -> Data {
    let box = try AES.GCM.seal(Data(text.utf8), using: sealing, nonce: AES.GCM.Nonce(), authenticating: Data(context.utf8))
    guard let combined = box.combined else { throw PersonalDataError("cannot seal a value") }
    return combined
  }

  /// Opens a sealed value; a value changed by one bit, or opened as another record's, is refused.
  public func open(_ sealed: Data, context: String) throws -> String {
    guard sealed.count >= 28 else { throw PersonalDataError("sealed data of \(context) is too short (\(sealed.count) bytes)") }
    do {
      let box = try AES.GCM.SealedBox(combined: sealed)
      let plain = try AES.GCM.open(box, using: sealing, authenticating: Data(context.utf8))
      guard let text = String(data: plain, encoding: .utf8) else { throw PersonalDataError("sealed data of \(context) is not text") }
      return text
    } catch let e as PersonalDataError {
      throw e
    } catch {
      throw PersonalDataError(
        "the personal data of \(context) does not open: changed outside the program, moved from another record, or sealed under another key")
    }
  }

  /// The keyed hash a phone number is found by: its digits once written the one way
  /// (`677 12 34 56` and `+237677123456` are the same number).
  public func index(phone: String) -> Data {
    let normal = (try? Identifier.phone(phone).get()) ?? phone
    return Data(HMAC<SHA256>.authenticationCode(for: Data(Self.digits(normal).utf8), using: indexing))
  }

  static func digits(_ phone: String) -> String { String(phone.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.map(Character.init)) }

  /// A public fingerprint, kept in the database's settings: a wrong key file is named at once.
  public var fingerprint: String {
    let mac = HMAC<SHA256>.authenticationCode(for: Data("vgk-staff personal-data key fingerprint".utf8), using: SymmetricKey(data: bytes))
    return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
  }
}

/// How a phone number shows at the counter: every digit but the last two hidden (`•• •• •• •• 89`).
public enum PhoneMask {
  public static func masked(_ phone: String) -> String {
    let d = PersonalDataKey.digits(phone)
    guard d.count > 2 else { return String(repeating: "•", count: d.count) }
    return String(repeating: "•", count: d.count - 2) + d.suffix(2)
  }
}

extension KeyStore {
  public static let personalDataFile = "personal-data.key"
  /// A rotation's new key, written before the database is re-encrypted under it.
  public static let personalDataNextFile = "personal-data.key.next"

  /// Loads the personal-data key; with `create`, makes one when there is none.
  public func personalDataKey(create: Bool) throws -> PersonalDataKey {
    try PersonalDataKey(
      bytes: try keyBytes(
        Self.personalDataFile, what: "the personal-data key", create: create,
        missing: "it is made by `vgk-staff init` (or the first import); restore it from your key backup"))
  }
}

/// Customers' names and phones, sealed. The database keeps for each customer the sealed name and
/// phone (`name_sealed`, `phone_sealed`), the masks shown at the counter (`M*** N***`, `••••89`),
/// and the phone's blind index; the clear columns hold nothing.
public enum PersonalData {
  static func context(_ table: String, _ id: Int64, _ column: String) -> String { "\(table):\(id):\(column)" }

  /// Writes a customer's name and phone, sealed, with their masks (inside the caller's transaction).
  static func saveCustomer(
    id: Int64, name: String, phone: String?, key: PersonalDataKey, now: Timestamp, keepUpdatedAt: Bool = false, _ db: Database
  ) throws {
    let sealedName = try key.seal(name, context: context("customers", id, "name"))
    let sealedPhone = try phone.map { try key.seal($0, context: context("customers", id, "phone")) }
    try db.execute(
      sql: """
        INSERT INTO customers (id, name, phone, name_sealed, name_masked, phone_sealed, phone_masked, phone_index, created_at, updated_at)
        VALUES (?, '', NULL, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = '', phone = NULL, name_sealed = excluded.name_sealed,
          name_masked = excluded.name_masked, phone_sealed = excluded.phone_sealed, phone_masked = excluded.phone_masked,
          phone_index = excluded.phone_index,
          updated_at = CASE WHEN ? THEN customers.updated_at ELSE excluded.updated_at END
        """,
      arguments: [
        id, sealedName, Pickup.maskedName(name), sealedPhone, phone.map(PhoneMask.masked), phone.map { key.index(phone: $0) },
        now.seconds, now.seconds, keepUpdatedAt,
      ])
  }

  /// A customer's name and phone in clear (for the audited reveal and the ticket's own view).
  static func customer(_ id: Int64, key: PersonalDataKey, _ db: Database) throws -> (name: String, phone: String?)? {
    guard let row = try Row.fetchOne(db, sql: "SELECT name_sealed, phone_sealed FROM customers WHERE id = ?", arguments: [id]),
      let sealed: Data = row["name_sealed"]
    else { return nil }
    let name = try key.open(sealed, context: context("customers", id, "name"))
    let phone = try (row["phone_sealed"] as Data?).map { try key.open($0, context: context("customers", id, "phone")) }
    return (name, phone)
  }

  /// Seals what is still in clear (customers written before this version), in the caller's
  /// transaction; SQLite's secure_delete overwrites the clear text's old pages.
  static func sealRemaining(key: PersonalDataKey, now: Timestamp, _ db: Database) throws -> Int {
    let rows = try Row.fetchAll(db, sql: "SELECT id, name, phone FROM customers WHERE name_sealed IS NULL")
    for row in rows {
      try saveCustomer(id: row["id"], name: row["name"], phone: row["phone"], key: key, now: now, keepUpdatedAt: true, db)
    }
    if !rows.isEmpty {
      try Audit.append(at: now, action: "personal_data.sealed", entity: "customers", after: "\(rows.count) sealed", db)
    }
    return rows.count
  }

  /// Checks the key against the database's fingerprint; a database without one takes this key's.
  static func checkKey(_ key: PersonalDataKey, _ db: Database) throws {
    if let stored = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'personal_key_fingerprint'") {
      guard stored == key.fingerprint else {
        throw StoreError.key(
          "the personal-data key does not belong to this database (fingerprint \(key.fingerprint), expected \(stored)): "
            + "point VGK_STAFF_KEYS or keys_dir at this database's key directory")
      }
    } else {
      try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('personal_key_fingerprint', ?)", arguments: [key.fingerprint])
    }
  }
}

/// What a key rotation did.
public struct KeyRotation: Sendable, Equatable {
  public var oldFingerprint: String
  public var newFingerprint: String
  /// Values sealed again: names, phones, message bodies.
  public var resealed: Int
}

extension PersonalData {
  /// The personal-data key of this database. A rotation cut short after its transaction but
  /// before its key file was put in place is finished here (the database then holds the new
  /// key's fingerprint and the `.next` file is the new key).
  public static func key(_ keys: KeyStore, _ database: AppDatabase, create: Bool = true) throws -> PersonalDataKey {
    let stored = try database.read { try String.fetchOne($0, sql: "SELECT value FROM settings WHERE key = 'personal_key_fingerprint'") }
    let nextPath = keys.path(KeyStore.personalDataNextFile)
    // A `.next` that does not parse was torn by a crash before its rotation began: it is ignored.
    if FileManager.default.fileExists(atPath: nextPath),
      let bytes = try? keys.read(KeyStore.personalDataNextFile, what: "the new personal-data key"),
      let next = try? PersonalDataKey(bytes: bytes)
    {
      if next.fingerprint == stored {
        guard rename(nextPath, keys.path(KeyStore.personalDataFile)) == 0 else {
          throw StoreError.key("cannot put the new personal-data key in place: \(String(cString: strerror(errno)))")
        }
        return next
      }
    }
    return try keys.personalDataKey(create: create && stored == nil)
  }

  /// Replaces the personal-data key: a new random key is written beside the old one, every sealed
  /// value is opened with the old key and sealed again with the new one in one transaction (with
  /// the new fingerprint and an audit row), then the new key file replaces the old. A value that
  /// does not open stops the rotation and changes nothing. `login`, when a person asks, must
  /// manage staff (the host's own jobs give none).
  public static func rotate(_ keys: KeyStore, _ database: AppDatabase, by login: String?, now: Timestamp) throws -> KeyRotation {
    // One rotation at a time on this key directory: a second waits for the first to finish.
    try FileManager.default.createDirectory(atPath: keys.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let lock = try FileLock(path: keys.path("personal-data.key.lock"))
    return try lock.withExclusive { try rotateLocked(keys, database, by: login, now: now) }
  }

  /// Opens every `COLUMN_sealed` of `table` with `old` and seals it again with `fresh`; how many.
  static func reseal(_ table: String, _ column: String, from old: PersonalDataKey, to fresh: PersonalDataKey, _ db: Database) throws -> Int {
    var n = 0
    for row in try Row.fetchAll(db, sql: "SELECT id, \(column)_sealed AS sealed FROM \(table) WHERE \(column)_sealed IS NOT NULL") {
      let id: Int64 = row["id"]
      let clear = try old.open(row["sealed"], context: context(table, id, column))
      try db.execute(
        sql: "UPDATE \(table) SET \(column)_sealed = ? WHERE id = ?", arguments: [try fresh.seal(clear, context: context(table, id, column)), id])
      n += 1
    }
    return n
  }

  static func rotateLocked(_ keys: KeyStore, _ database: AppDatabase, by login: String?, now: Timestamp) throws -> KeyRotation {
    let old = try key(keys, database, create: false)
    let nextPath = keys.path(KeyStore.personalDataNextFile)
    try? FileManager.default.removeItem(atPath: nextPath)  // a rotation that never committed
    let fresh = try PersonalDataKey(bytes: KeyStore.randomKey())
    try keys.write(fresh.bytes, to: KeyStore.personalDataNextFile, what: "the new personal-data key")
    let count: Int
    do {
      count = try database.write { db -> Int in
        try checkKey(old, db)
        let member = try login.map { try db.require(.manageStaff, by: $0) }
        _ = try sealRemaining(key: old, now: now, db)
        try TicketDesk.sealMessages(old, db)
        var n = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, name_sealed, phone_sealed FROM customers WHERE name_sealed IS NOT NULL") {
          let id: Int64 = row["id"]
          let name = try old.open(row["name_sealed"], context: context("customers", id, "name"))
          let phone = try (row["phone_sealed"] as Data?).map { try old.open($0, context: context("customers", id, "phone")) }
          try db.execute(
            sql: "UPDATE customers SET name_sealed = ?, phone_sealed = ?, phone_index = ? WHERE id = ?",
            arguments: [
              try fresh.seal(name, context: context("customers", id, "name")),
              try phone.map { try fresh.seal($0, context: context("customers", id, "phone")) }, phone.map { fresh.index(phone: $0) }, id,
            ])
          n += phone == nil ? 1 : 2
        }
        n += try reseal("ticket_messages", "body", from: old, to: fresh, db)
        n += try reseal("print_jobs", "payload", from: old, to: fresh, db)
        try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'personal_key_fingerprint'", arguments: [fresh.fingerprint])
        try Audit.append(
          at: now, staffID: member?.id, action: "keys.rotated", entity: "key", entityID: "personal-data",
          before: old.fingerprint, after: "\(fresh.fingerprint) (\(n) values sealed again)", db)
        return n
      }
    } catch {
      try? FileManager.default.removeItem(atPath: nextPath)
      throw error
    }
    // Another process reading the key may have put it in place already.
    if rename(nextPath, keys.path(KeyStore.personalDataFile)) != 0 {
      if errno == ENOENT, (try? keys.personalDataKey(create: false).fingerprint) == fresh.fingerprint {
        return KeyRotation(oldFingerprint: old.fingerprint, newFingerprint: fresh.fingerprint, resealed: count)
      }
      throw StoreError.key(
        "the database is now under the new key but its file could not replace the old one (\(String(cString: strerror(errno)))): "
          + "it will be put in place the next time the key is read")
    }
    return KeyRotation(oldFingerprint: old.fingerprint, newFingerprint: fresh.fingerprint, resealed: count)
  }
}
