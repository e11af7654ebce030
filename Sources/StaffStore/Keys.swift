import Crypto
import Foundation
import StaffDomain

#if canImport(Glibc)
  import Glibc
#endif

/// Secret keys kept in files outside the database, each readable by its owner only (0600), so a
/// copy of the database alone reveals nothing. The pickup-code key turns each order's pickup code
/// into an HMAC-SHA256; the database never holds a code in clear.
public struct KeyStore: Sendable {
  public let directory: String
  public init(directory: String) { self.directory = directory }

  public static let pickupCodeFile = "pickup-code.key"

  /// Loads the pickup-code key; with `create`, makes a new random one if there is none.
  public func pickupCodeKey(create: Bool) throws -> PickupCodeKey {
    PickupCodeKey(
      SymmetricKey(
        data: try keyBytes(
          Self.pickupCodeFile, what: "the pickup-code key", create: create,
          missing: "it is made by `vgk-staff init`; restore it from your key backup, "
            + "or point VGK_STAFF_KEYS (or keys_dir in the config) at the right directory")))
  }

  func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

  /// The 32 bytes of a key file (64 hexadecimal characters, mode 0600); with `create`, a new
  /// random key when there is none.
  func keyBytes(_ file: String, what: String, create: Bool, missing: String) throws -> [UInt8] {
    let path = path(file)
    if !FileManager.default.fileExists(atPath: path) {
      guard create else { throw StoreError.key("\(what) \(path) is missing: \(missing)") }
      let bytes = Self.randomKey()
      try write(bytes, to: file, what: what)
      return bytes
    }
    return try read(file, what: what)
  }

  static func randomKey() -> [UInt8] {
    var rng = SystemRandomNumberGenerator()
    return (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
  }

  /// Writes a new key file (refusing to replace one), 0600, synced.
  func write(_ bytes: [UInt8], to file: String, what: String) throws {
    let path = path(file)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw StoreError.key("cannot create \(what) \(path): \(String(cString: strerror(errno)))") }
    defer { Glibc.close(fd) }
    let hex = Hex.encode(bytes) + "\n"
    let written = hex.withCString { Glibc.write(fd, $0, strlen($0)) }
    guard written == hex.utf8.count, fsync(fd) == 0 else {
      throw StoreError.key("cannot write \(what) \(path): \(String(cString: strerror(errno)))")
    }
  }

  func read(_ file: String, what: String) throws -> [UInt8] {
    let path = path(file)
    var st = stat()
    guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      throw StoreError.key("\(what) \(path) is not a regular file")
    }
    guard st.st_mode & 0o077 == 0 else {
      throw StoreError.key(
        "\(what) \(path) can be read by other accounts (mode \(String(st.st_mode & 0o777, radix: 8))): "
          + "run `chmod 600 \(path)`")
    }
    guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
      throw StoreError.key("cannot read \(what) \(path)")
    }
    let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard hex.count == 64, let bytes = Hex.decode(hex) else {
      throw StoreError.key("\(what) \(path) is damaged: expected 64 hexadecimal characters")
    }
    return bytes
  }
}

/// HMAC-SHA256 of pickup codes, bound to the order so one order's code digest says nothing about
/// another's.
public struct PickupCodeKey: Sendable {
  let key: SymmetricKey
  init(_ key: SymmetricKey) { self.key = key }

  public func digest(orderID: Int64, code: String) -> Data {
    Data(HMAC<SHA256>.authenticationCode(for: Data("ORDER:\(orderID):\(code)".utf8), using: key))
  }

  /// Constant-time comparison of a typed code with a stored digest. swift-crypto's
  /// `isValidAuthenticationCode` computes the HMAC in full, then compares with `safeCompare`, which
  /// on Linux (BoringSSL build) ORs the XOR of every byte pair and tests the result once: no early
  /// exit on the first differing byte. Only a length mismatch returns at once, and stored digests
  /// are always 32 bytes (a CHECK in the schema); the counter passes a 32-byte zero digest for
  /// unknown orders, so they cost the same HMAC.
  public func matches(orderID: Int64, code: String, digest: Data) -> Bool {
    HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: Data("ORDER:\(orderID):\(code)".utf8), using: key)
  }

  /// The key's 32 bytes in hexadecimal, for one use: giving it to the marketplace's centre
  /// (`vgk_link.register_pickup_key`), which then sends this point's codes already sealed with it.
  public var hexForCentre: String { key.withUnsafeBytes { Hex.encode($0) } }

  /// The stored digest of an order's code: the one the centre sealed, else made here.
  public func digest(of order: OrderRecord) -> Data {
    order.pickupDigest.map { Data($0) } ?? digest(orderID: order.id, code: order.pickupCode)
  }

  /// A public fingerprint of the key, stored in the database's settings so a wrong key file is
  /// caught at once instead of making every code look wrong.
  public var fingerprint: String {
    let mac = HMAC<SHA256>.authenticationCode(for: Data("vgk-staff pickup-code key fingerprint".utf8), using: key)
    return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
  }
}
