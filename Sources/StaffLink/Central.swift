import CPostgres
import StaffDomain
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// A point's role and its password, as `add-point` makes them: shown once, stored nowhere here
/// (the centre keeps only PostgreSQL's SCRAM verifier).
public struct PointCredentials: Sendable, Equatable {
  public var point: String
  public var role: String
  public var password: String
  /// `postgresql://ROLE:PASSWORD@HOST:PORT/DB` with the admin URL's host, port, database and TLS settings.
  public var url: String
  /// True when an existing point was given a new password (`rotate`).
  public var rotated: Bool
}

/// What one `feed` wrote.
public struct FeedWritten: Sendable, Equatable {
  public var point: String
  public var kind: FeedKind
  public var count: Int
  /// The seq of the first and last record written (nil when nothing was).
  public var firstSeq: Int64?
  public var lastSeq: Int64?

  public init(point: String, kind: FeedKind, count: Int, firstSeq: Int64? = nil, lastSeq: Int64? = nil) {
    self.point = point
    self.kind = kind
    self.count = count
    self.firstSeq = firstSeq
    self.lastSeq = lastSeq
  }
}

/// One event as the centre received it.
public struct ReceivedEvent: Sendable, Equatable {
  public var id: Int64
  public var point: String
  public var type: String
  public var dedupKey: String
  /// The payload, a JSON object as PostgreSQL prints it.
  public var payload: String
  /// ISO 8601 in UTC.
  public var occurredAt: String
  public var receivedAt: String
}

/// The marketplace's side of the link, for its administrator: the schema, the points and their
/// roles, their feeds, the events received. Connects with the administrator's URL (a role that
/// owns `vgk_link`, or may create it, and may create roles).
public final class Central {
  public let connection: PGConnection
  private let adminURL: String

  public init(url: String, connectTimeout: Int = 10) throws {
    adminURL = url
    connection = try PGConnection(url, connectTimeout: connectTimeout, applicationName: "vgk-staff central")
  }

  // MARK: Setup

  /// Applies the migrations not yet applied (`CentralSchema.setup`); their names.
  @discardableResult
  public func setup() throws -> [String] { try CentralSchema.setup(connection) }

  // MARK: Points

  /// The role of the point `code`: `vgk_point_` and the code in lower case, `-` as `_`
  /// (`DLA-AKWA` -> `vgk_point_dla_akwa`; codes have no `_`, so no two codes share a role).
  public static func roleName(for code: String) -> String {
    "vgk_point_" + String(code.lowercased().map { $0 == "-" ? "_" : $0 })
  }

  /// Makes the point `code` (its row, its login role in the group `vgk_link_point`, CONNECT on
  /// this database) and returns its credentials. A point that exists is refused, unless
  /// `rotate`: then its role gets a new password and the old one stops working at once (its
  /// open sessions stay until they end). `rotate` on a point that does not exist is refused too.
  /// A role of that name that is no point of this database (another database on the cluster, a
  /// DBA's) is refused: it is never taken over.
  public func addPoint(code rawCode: String, name rawName: String, rotate: Bool = false) throws -> PointCredentials {
    let code: String
    switch Identifier.pointCode(rawCode) {
    case .success(let c): code = c
    case .failure(let e): throw StoreError.invalid(.pointCode, .message(e.reason))
    }
    let name: String
    switch Identifier.text(rawName, max: 80) {
    case .success(let n): name = n
    case .failure(let e): throw StoreError.invalid(.pointName, .message(e.reason))
    }
    let role = Self.roleName(for: code)
    let password = try Self.generatePassword()
    let database: String = try connection.transaction {
      _ = try connection.execute("SELECT pg_advisory_xact_lock($1)", [String(CentralSchema.lockKey)])
      try requireSetUp()
      let existing = try connection.execute("SELECT role_name FROM vgk_link.points WHERE code = $1 FOR UPDATE", [code])
      let roleExists = try connection.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role]).rows.count == 1
      let quotedRole = try connection.quotedIdentifier(role)
      let verifier = try connection.quotedLiteral(try connection.scramVerifier(password: password, role: role))
      if existing.rows.isEmpty {
        if rotate { throw StoreError.refused(.centralNoPointRotate, .text(code)) }
        if roleExists {
          throw StoreError.refused(.centralRoleTaken, .text(role))
        }
        try connection.run(
          "CREATE ROLE \(quotedRole) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT "
            + "CONNECTION LIMIT 8 PASSWORD \(verifier) IN ROLE \(CentralSchema.pointGroup)")
        // A point's statements are short; one that hangs, or a transaction left open, must not
        // hold the rows and locks others need.
        try connection.run("ALTER ROLE \(quotedRole) SET statement_timeout = '60s'")
        try connection.run("ALTER ROLE \(quotedRole) SET idle_in_transaction_session_timeout = '60s'")
        let db = try connection.execute("SELECT current_database()").scalar ?? ""
        try connection.run("GRANT CONNECT ON DATABASE \(try connection.quotedIdentifier(db)) TO \(quotedRole)")
        try connection.execute("INSERT INTO vgk_link.points (code, name, role_name) VALUES ($1, $2, $3)", [code, name, role])
      } else {
        guard rotate else {
          throw StoreError.refused(.centralPointExists, .text(code), .text(role))
        }
        guard roleExists else { throw StoreError.refused(.centralRoleMissing, .text(code), .text(role)) }
        try connection.run("ALTER ROLE \(quotedRole) LOGIN PASSWORD \(verifier)")
      }
      return try connection.execute("SELECT current_database()").scalar ?? ""
    }
    let url = try Self.pointURL(adminURL: adminURL, role: role, password: password, database: database)
    return PointCredentials(point: code, role: role, password: password, url: url, rotated: rotate)
  }

  /// Refuses work on a database whose `vgk_link` is missing or behind this program.
  private func requireSetUp() throws {
    let exists = try connection.execute("SELECT to_regclass('vgk_link.schema_migrations') IS NOT NULL").scalar == "t"
    let applied = exists ? Set(try connection.execute("SELECT name FROM vgk_link.schema_migrations").rows.compactMap { $0[0] }) : []
    let missing = CentralSchema.migrations.map(\.name).filter { !applied.contains($0) }
    if !missing.isEmpty {
      throw StoreError.refused(.centralNoSchema, .text(missing.joined(separator: ", ")))
    }
  }

  // MARK: Feed

  /// Appends `records` (JSON objects, in order) to the point's feed in one transaction: all of
  /// them, with consecutive seqs, or none.
  public func feed(point: String, kind: FeedKind, records: [String]) throws -> FeedWritten {
    let code: String
    switch Identifier.pointCode(point) {
    case .success(let c): code = c
    case .failure(let e): throw StoreError.invalid(.pointCode, .message(e.reason))
    }
    guard !records.isEmpty else { return FeedWritten(point: code, kind: kind, count: 0) }
    return try connection.transaction {
      try requireSetUp()
      guard try connection.execute("SELECT 1 FROM vgk_link.points WHERE code = $1", [code]).rows.count == 1 else {
        throw StoreError.refused(.centralNoPoint, .text(code))
      }
      let seqs = try connection.execute(
        """
        INSERT INTO vgk_link.feed (point, kind, payload)
        SELECT $1, $2, r.value FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS r(value, n) ORDER BY r.n
        RETURNING seq
        """, [code, kind.rawValue, "[" + records.joined(separator: ",") + "]"]
      ).rows.compactMap { $0[0].flatMap { Int64($0) } }
      guard seqs.count == records.count else {
        throw StoreError.internal("the feed took \(seqs.count) of \(records.count) records")
      }
      return FeedWritten(point: code, kind: kind, count: seqs.count, firstSeq: seqs.min(), lastSeq: seqs.max())
    }
  }

  // MARK: Events

  /// The events received, by id, after `after`, at most `limit`, of one point or of all.
  public func events(point: String? = nil, after: Int64 = 0, limit: Int = 1000) throws -> [ReceivedEvent] {
    if let point, case .failure(let e) = Identifier.pointCode(point) {
      throw StoreError.invalid(.pointCode, .message(e.reason))
    }
    try requireSetUp()
    let iso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"
    let rows = try connection.execute(
      """
      SELECT id, point, event_type, dedup_key, payload::text,
             to_char(occurred_at AT TIME ZONE 'UTC', \(iso)), to_char(received_at AT TIME ZONE 'UTC', \(iso))
        FROM vgk_link.events
       WHERE ($1::text IS NULL OR point = $1) AND id > $2
       ORDER BY id LIMIT $3
      """, [point, String(after), String(max(0, limit))]
    ).rows
    return rows.map { r in
      ReceivedEvent(
        id: r[0].flatMap { Int64($0) } ?? 0, point: r[1] ?? "", type: r[2] ?? "", dedupKey: r[3] ?? "", payload: r[4] ?? "{}",
        occurredAt: r[5] ?? "", receivedAt: r[6] ?? "")
    }
  }

  // MARK: Helpers

  /// 32 characters of [A-Za-z0-9] from /dev/urandom (about 190 bits).
  public static func generatePassword() throws -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw StoreError.internal("cannot open /dev/urandom") }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    while out.count < 32 {
      let n = read(fd, &buffer, buffer.count)
      guard n > 0 else { throw StoreError.internal("cannot read /dev/urandom") }
      // 248 = 4 x 62: bytes above it are dropped, so every character is equally likely.
      for byte in buffer.prefix(n) where byte < 248 && out.count < 32 { out.append(alphabet[Int(byte) % 62]) }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The parameters of the admin's connection string a point's keeps: where the server is, and
  /// how its certificate is checked. Never the admin's user, password, client certificate or key.
  static let keptParameters = [
    "hostaddr", "sslmode", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "channel_binding", "target_session_attrs",
    "connect_timeout",
  ]

  /// A point's connection string: `postgresql://ROLE:PASSWORD@HOST:PORT/DB`, with the host(s)
  /// and port(s) of `adminURL` (a URI or libpq's key=value form; a socket directory goes in a
  /// `host=` parameter), `database`, and the admin's TLS settings as query parameters.
  public static func pointURL(adminURL: String, role: String, password: String, database: String) throws -> String {
    var parseError: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(adminURL, &parseError) else {
      let message = parseError.map { String(cString: $0) } ?? "out of memory"
      if let parseError { PQfreemem(parseError) }
      throw LinkError.badConfiguration("the connection string is not valid: " + PGConnection.oneLine(message))
    }
    defer { PQconninfoFree(options) }
    var values: [String: String] = [:]
    var option = options
    while let keyword = option.pointee.keyword {
      if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
      option += 1
    }
    let hosts = (values["host"] ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let ports = (values["port"] ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    var query: [(String, String)] = []
    var authority = ""
    if hosts.contains(where: { $0.hasPrefix("/") || $0.hasPrefix("@") }) {
      // Unix-domain sockets cannot sit in the authority: host and port go as parameters.
      if let host = values["host"] { query.append(("host", host)) }
      if let port = values["port"] { query.append(("port", port)) }
    } else if !(hosts.count == 1 && hosts[0].isEmpty) {
      authority = hosts.enumerated().map { i, host in
        let h = host.contains(":") ? "[" + host + "]" : percentEncoded(host)
        let port = ports.count == hosts.count ? ports[i] : (ports.count == 1 ? ports[0] : "")
        return port.isEmpty ? h : h + ":" + port
      }.joined(separator: ",")
    } else if let port = values["port"], !port.isEmpty {
      query.append(("port", port))
    }
    for key in keptParameters { if let value = values[key], !value.isEmpty { query.append((key, value)) } }
    let text = query.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    return "postgresql://" + percentEncoded(role) + ":" + percentEncoded(password) + "@" + authority + "/" + percentEncoded(database)
      + (text.isEmpty ? "" : "?" + text)
  }

  /// RFC 3986: unreserved characters as they are, every other byte as %XX.
  static func percentEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF")
        out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
      }
    }
    return out
  }
}
