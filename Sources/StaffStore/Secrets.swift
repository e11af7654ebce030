import CArgon2
import Crypto
import Foundation
import StaffDomain

extension KeyStore {
  /// The pepper: mixed into every staff secret before hashing, kept apart from the database, so a
  /// stolen database alone cannot be brute-forced.
  public static let pepperFile = "pepper.key"
  /// The terminal's own key: a clerk's PIN is bound to it, so a PIN works only on a counter
  /// terminal that holds this file (not over SSH, not on a copy of the database).
  public static let terminalFile = "terminal.key"

  public func pepper(create: Bool) throws -> [UInt8] {
    try keyBytes(
      Self.pepperFile, what: "the pepper", create: create,
      missing: "it is made by `vgk-staff init` (or with the first staff secret); restore it from your key backup")
  }

  /// The terminal key, or nil when this terminal has none (PIN logins are then refused).
  public func terminalKey(create: Bool) throws -> [UInt8]? {
    if !create && !FileManager.default.fileExists(atPath: path(Self.terminalFile)) { return nil }
    return try keyBytes(Self.terminalFile, what: "the terminal key", create: create, missing: "")
  }
}

/// Staff secrets, hashed with Argon2id (libargon2: m = 19 MiB, t = 2, p = 1, 16-byte salt,
/// 32-byte tag) over HMAC-SHA256(pepper, kind ‖ secret). A PIN is first bound to the terminal:
/// HMAC-SHA256(terminal key, PIN). Stored as `KIND:` followed by Argon2's encoded string, so the
/// parameters travel with each hash.
public struct SecretHasher: Sendable {
  let pepper: SymmetricKey
  let terminal: SymmetricKey?

  public static let memoryKiB: UInt32 = 19 * 1024
  public static let iterations: UInt32 = 2
  public static let parallelism: UInt32 = 1
  static let saltLength = 16
  static let tagLength = 32

  public init(pepper: [UInt8], terminalKey: [UInt8]?) {
    self.pepper = SymmetricKey(data: pepper)
    self.terminal = terminalKey.map { SymmetricKey(data: $0) }
  }

  /// What this terminal can check: passwords always, PINs only with the terminal key.
  public var acceptsPINs: Bool { terminal != nil }

  /// The bytes Argon2 hashes for a secret; nil for a PIN on a terminal without its key.
  func prehash(_ secret: String, kind: SecretKind) -> [UInt8]? {
    var material = Data(kind.rawValue.utf8) + Data([0])
    switch kind {
    case .password:
      material += Data(secret.utf8)
    case .pin:
      guard let terminal else { return nil }
      material += Data(HMAC<SHA256>.authenticationCode(for: Data(secret.utf8), using: terminal))
    }
    return Array(HMAC<SHA256>.authenticationCode(for: material, using: pepper))
  }

  /// A new stored hash for `secret`.
  public func hash(_ secret: String, kind: SecretKind) throws -> String {
    guard let input = prehash(secret, kind: kind) else {
      throw StoreError.refused(.pinNeedsKey)
    }
    var rng = SystemRandomNumberGenerator()
    let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let length = argon2_encodedlen(
      Self.iterations, Self.memoryKiB, Self.parallelism, UInt32(Self.saltLength), UInt32(Self.tagLength), Argon2_id)
    var encoded = [CChar](repeating: 0, count: length)
    Argon2Work.observe(.init(operation: .hash, memoryKiB: Self.memoryKiB, iterations: Self.iterations, parallelism: Self.parallelism))
    let status = input.withUnsafeBytes { pwd in
      salt.withUnsafeBytes { s in
        argon2id_hash_encoded(
          Self.iterations, Self.memoryKiB, Self.parallelism, pwd.baseAddress, pwd.count, s.baseAddress, s.count, Self.tagLength,
          &encoded, length)
      }
    }
    guard status == ARGON2_OK.rawValue else {
      throw StoreError.internal("Argon2id failed: \(String(cString: argon2_error_message(status)))")
    }
    let text = String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return kind.rawValue + ":" + text
  }

  /// A stored hash that no secret matches, with this hasher's Argon2id parameters and a salt and
  /// tag of the real lengths: verifying a secret against it costs what verifying a real hash
  /// costs. Made from constants (no hashing), so that the first unknown login of a process takes
  /// no longer than the next.
  public static let unmatchable: String = {
    func encoded(_ bytes: [UInt8]) -> String {
      Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }
    let salt = (0..<saltLength).map { UInt8(truncatingIfNeeded: 0x5A &+ $0 &* 7) }
    let tag = (0..<tagLength).map { UInt8(truncatingIfNeeded: 0xA5 &+ $0 &* 13) }
    return SecretKind.password.rawValue + ":$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$"
      + encoded(salt) + "$" + encoded(tag)
  }()

  /// Checks `secret` against `unmatchable`: the work of a real check, for a login that has no
  /// account, no secret, or whose answer is already known.
  public func verifyNothing(_ secret: String) throws {
    _ = try verify(secret, stored: Self.unmatchable)
  }

  /// The kind of a stored hash, or nil when it is not one of ours.
  public static func kind(of stored: String) -> SecretKind? {
    guard let colon = stored.firstIndex(of: ":") else { return nil }
    return SecretKind(rawValue: String(stored[..<colon]))
  }

  public enum Verdict: Sendable, Equatable {
    case match
    case mismatch
    /// A PIN account on a terminal without its key.
    case needsTerminalKey
  }

  /// Checks a typed secret against a stored hash; as slow for a wrong secret as for a right one.
  public func verify(_ secret: String, stored: String) throws -> Verdict {
    guard let kind = Self.kind(of: stored), let colon = stored.firstIndex(of: ":") else {
      throw StoreError.internal("a stored secret is not in a known format")
    }
    let encoded = String(stored[stored.index(after: colon)...])
    guard encoded.hasPrefix("$argon2id$"), encoded.utf8.count < 512 else {
      throw StoreError.internal("a stored secret is not an Argon2id hash")
    }
    guard let input = prehash(secret, kind: kind) else { return .needsTerminalKey }
    if let work = Argon2Work(verifying: encoded) { Argon2Work.observe(work) }
    let status = input.withUnsafeBytes { pwd in argon2id_verify(encoded, pwd.baseAddress, pwd.count) }
    switch status {
    case ARGON2_OK.rawValue: return .match
    case ARGON2_VERIFY_MISMATCH.rawValue: return .mismatch
    default: throw StoreError.internal("Argon2id could not check a secret: \(String(cString: argon2_error_message(status)))")
    }
  }
}

/// One Argon2id computation: what `SecretHasher` is about to hash or verify, with the parameters
/// it runs with. A task may watch them (`$watcher`), so that tests can tell that every login
/// path does the same work, without timing it.
public struct Argon2Work: Sendable, Equatable {
  public enum Operation: Sendable, Equatable { case hash, verify }
  public var operation: Operation
  public var memoryKiB: UInt32
  public var iterations: UInt32
  public var parallelism: UInt32

  public init(operation: Operation, memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
    self.operation = operation
    self.memoryKiB = memoryKiB
    self.iterations = iterations
    self.parallelism = parallelism
  }

  /// The parameters of an encoded hash (`$argon2id$v=19$m=…,t=…,p=…$salt$tag`); nil when they
  /// cannot be read (then Argon2 itself refuses the hash).
  init?(verifying encoded: String) {
    let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
    guard fields.count == 6 else { return nil }
    var values: [Substring: UInt32] = [:]
    for pair in fields[3].split(separator: ",") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2, let value = UInt32(parts[1]) else { return nil }
      values[parts[0]] = value
    }
    guard let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
    self.init(operation: .verify, memoryKiB: m, iterations: t, parallelism: p)
  }

  /// Who watches the Argon2 work done in this task (nobody, outside tests).
  @TaskLocal public static var watcher: (@Sendable (Argon2Work) -> Void)?

  static func observe(_ work: Argon2Work) { watcher?(work) }
}
