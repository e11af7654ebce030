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
    let path = (directory as NSString).appendingPathComponent(Self.pickupCodeFile)
    let fm = FileManager.default
    if !fm.fileExists(atPath: path) {
      guard create else {
        throw StoreError.key(
          "the pickup-code key \(path) is missing: it is made by `vgk-staff init`; restore it from your key backup, "
            + "or point VGK_STAFF_KEYS (or keys_dir in the config) at the right directory")
      }
      try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      var bytes = [UInt8](repeating: 0, count: 32)
      var rng = SystemRandomNumberGenerator()
      for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
      let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard fd >= 0 else { throw StoreError.key("cannot create \(path): \(String(cString: strerror(errno)))") }
      defer { Glibc.close(fd) }
      let hex = Hex.encode(bytes) + "\n"
      let written = hex.withCString { Glibc.write(fd, $0, strlen($0)) }
      guard written == hex.utf8.count, fsync(fd) == 0 else {
        throw StoreError.key("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      return PickupCodeKey(SymmetricKey(data: bytes))
    }
    var st = stat()
    guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      throw StoreError.key("the pickup-code key \(path) is not a regular file")
    }
    guard st.st_mode & 0o077 == 0 else {
      throw StoreError.key(
        "the pickup-code key \(path) can be read by other accounts (mode \(String(st.st_mode & 0o777, radix: 8))): "
          + "run `chmod 600 \(path)`")
    }
    guard let text = fm.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
      throw StoreError.key("cannot read the pickup-code key \(path)")
    }
    let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard hex.count == 64, let bytes = Hex.decode(hex) else {
      throw StoreError.key("the pickup-code key \(path) is damaged: expected 64 hexadecimal characters")
    }
    return PickupCodeKey(SymmetricKey(data: bytes))
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

  /// A public fingerprint of the key, stored in the database's settings so a wrong key file is
  /// caught at once instead of making every code look wrong.
  public var fingerprint: String {
    let mac = HMAC<SHA256>.authenticationCode(for: Data("vgk-staff pickup-code key fingerprint".utf8), using: key)
    return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
  }
}
