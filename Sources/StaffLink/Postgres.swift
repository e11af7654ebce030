import CPostgres

#if canImport(Glibc)
  import Glibc
#endif

/// Why the link failed, each a one-line reason fit for a clerk's screen or a log line (no
/// password: libpq's messages name the host and the role, never the secret).
public enum LinkError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The centre could not be reached or the connection broke: nothing was lost, try again later.
  case unreachable(String)
  /// The centre answered and refused (a constraint, a permission, a statement error).
  case refused(String, sqlState: String?)
  /// The connection string cannot work as written (syntax, unknown option): fix the config.
  case badConfiguration(String)

  public var description: String {
    switch self {
    case .unreachable(let line): return line
    case .refused(let line, _): return line
    case .badConfiguration(let line): return line
    }
  }

  /// PostgreSQL's SQLSTATE for a refusal (e.g. 42501 insufficient privilege, 23505 unique violation).
  public var sqlState: String? {
    if case .refused(_, let state) = self { return state }
    return nil
  }
}

/// A statement's rows as text (libpq's text format): small, typed by the caller.
public struct PGResult: Sendable, Equatable {
  public var columns: [String]
  public var rows: [[String?]]
  /// Rows a command changed (INSERT, UPDATE, DELETE), 0 for others.
  public var affected: Int

  public init(columns: [String] = [], rows: [[String?]] = [], affected: Int = 0) {
    self.columns = columns
    self.rows = rows
    self.affected = affected
  }

  /// The first row's first value, for `SELECT count(*)` and the like.
  public var scalar: String? { rows.first?.first ?? nil }

  public func value(_ row: Int, _ column: String) -> String? {
    guard let c = columns.firstIndex(of: column), rows.indices.contains(row) else { return nil }
    return rows[row][c]
  }
}

/// One connection to PostgreSQL through libpq, used by one thread at a time (libpq's rule for a
/// PGconn). Statements take parameters separately from their text (PQexecParams), never spliced.
public final class PGConnection {
  private let conn: OpaquePointer

  /// `conninfo`: a `postgresql://` URI or libpq's `key=value` form, with libpq's usual
  /// parameters (sslmode, sslrootcert, passfile…). The defaults below come first so that the
  /// string's own values win: a connection that cannot be made in `connectTimeout` seconds fails,
  /// and TCP keepalives notice a link that died under an idle connection within about a minute.
  public init(_ conninfo: String, connectTimeout: Int = 10, applicationName: String = "vgk-staff") throws {
    try Self.validate(conninfo)
    let pairs: [(String, String)] = [
      ("connect_timeout", String(max(1, connectTimeout))), ("application_name", applicationName),
      ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
      ("dbname", conninfo),
    ]
    let keys = pairs.map { strdup($0.0) }
    let values = pairs.map { strdup($0.1) }
    defer {
      keys.forEach { free($0) }
      values.forEach { free($0) }
    }
    var keyPointers: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
    var valuePointers: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
    guard let conn = PQconnectdbParams(&keyPointers, &valuePointers, 1) else {
      throw LinkError.unreachable("out of memory while connecting")
    }
    guard PQstatus(conn) == CONNECTION_OK else {
      let message = Self.oneLine(String(cString: PQerrorMessage(conn)))
      PQfinish(conn)
      throw LinkError.unreachable(message.isEmpty ? "the connection failed" : message)
    }
    self.conn = conn
    // Notices (e.g. "relation already exists, skipping") are not errors: not printed on stderr.
    PQsetNoticeProcessor(conn, { _, _ in }, nil)
  }

  deinit { PQfinish(conn) }

  /// Throws `badConfiguration` when libpq cannot read `conninfo` (its syntax, an unknown
  /// option); connects to nothing. libpq's reason names the option, never a value.
  public static func validate(_ conninfo: String) throws {
    var parseError: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(conninfo, &parseError) else {
      let message = parseError.map { String(cString: $0) } ?? "out of memory"
      if let parseError { PQfreemem(parseError) }
      throw LinkError.badConfiguration("the connection string is not valid: " + Self.oneLine(message))
    }
    PQconninfoFree(options)
  }

  /// Whether the connection is still usable (false once the server or the network dropped it).
  public var isOpen: Bool { PQstatus(conn) == CONNECTION_OK }

  /// The server's version as a number (150004 for 15.4).
  public var serverVersion: Int { Int(PQserverVersion(conn)) }

  /// One statement with text parameters `$1, $2…` (nil is NULL).
  @discardableResult
  public func execute(_ sql: String, _ parameters: [String?] = []) throws -> PGResult {
    let copies = parameters.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    let result = pointers.withUnsafeBufferPointer { buffer in
      PQexecParams(conn, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
    }
    return try take(result)
  }

  /// Statements without parameters, possibly several separated by `;` (migrations).
  public func run(_ sql: String) throws {
    _ = try take(PQexec(conn, sql))
  }

  /// `body` in one transaction: committed when it returns, rolled back when it throws. A COMMIT
  /// whose answer is lost leaves its outcome unknown to the caller, which is why everything sent
  /// through the link is idempotent (unique dedup keys at the centre, a cursor at the point).
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try run("BEGIN")
    do {
      let value = try body()
      try run("COMMIT")
      return value
    } catch {
      if isOpen { _ = try? run("ROLLBACK") }
      throw error
    }
  }

  /// `LISTEN` on a channel (quoted as an identifier, so any name is safe).
  public func listen(_ channel: String) throws {
    try run("LISTEN " + (try quotedIdentifier(channel)))
  }

  /// Waits up to `timeout` seconds for notifications and returns the channels that were notified
  /// (empty when none came). Throws `unreachable` when the connection broke meanwhile.
  public func waitForNotifications(timeout: Double) throws -> [String] {
    var channels = try drainNotifications()
    if !channels.isEmpty { return channels }
    let socket = PQsocket(conn)
    guard socket >= 0 else { throw LinkError.unreachable("the connection to the centre is closed") }
    var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    let milliseconds = Int32(max(0, min(timeout, 86_400)) * 1000)
    let ready = poll(&descriptor, 1, milliseconds)
    if ready < 0 && errno != EINTR { throw LinkError.unreachable("waiting for the centre failed (errno \(errno))") }
    if ready > 0 {
      if descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 && descriptor.revents & Int16(POLLIN) == 0 {
        throw LinkError.unreachable("the connection to the centre was closed")
      }
      channels = try drainNotifications()
    }
    return channels
  }

  private func drainNotifications() throws -> [String] {
    guard PQconsumeInput(conn) == 1 else {
      throw LinkError.unreachable(Self.oneLine(String(cString: PQerrorMessage(conn))))
    }
    var channels: [String] = []
    while let notify = PQnotifies(conn) {
      channels.append(String(cString: notify.pointee.relname))
      PQfreemem(notify)
    }
    return channels
  }

  /// An identifier quoted by libpq (`"name"`, inner quotes doubled), for names that cannot be
  /// parameters (roles, channels).
  public func quotedIdentifier(_ name: String) throws -> String {
    guard let quoted = PQescapeIdentifier(conn, name, name.utf8.count) else {
      throw LinkError.refused(Self.oneLine(String(cString: PQerrorMessage(conn))), sqlState: nil)
    }
    defer { PQfreemem(quoted) }
    return String(cString: quoted)
  }

  /// A string literal quoted by libpq (`'text'`), for the few statements that take no parameters
  /// (`CREATE ROLE … PASSWORD`).
  public func quotedLiteral(_ text: String) throws -> String {
    guard let quoted = PQescapeLiteral(conn, text, text.utf8.count) else {
      throw LinkError.refused(Self.oneLine(String(cString: PQerrorMessage(conn))), sqlState: nil)
    }
    defer { PQfreemem(quoted) }
    return String(cString: quoted)
  }

  private func take(_ result: OpaquePointer?) throws -> PGResult {
    guard let result else {
      throw LinkError.unreachable(Self.oneLine(String(cString: PQerrorMessage(conn))))
    }
    defer { PQclear(result) }
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
      return PGResult(affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
    case PGRES_TUPLES_OK:
      let columnCount = PQnfields(result)
      let rowCount = PQntuples(result)
      let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
      var rows: [[String?]] = []
      rows.reserveCapacity(Int(rowCount))
      for r in 0..<rowCount {
        rows.append(
          (0..<columnCount).map { c in
            PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
          })
      }
      return PGResult(columns: columns, rows: rows, affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
    default:
      let primary = PQresultErrorField(result, Self.fieldPrimary).map { String(cString: $0) }
      let state = PQresultErrorField(result, Self.fieldSQLState).map { String(cString: $0) }
      let message = Self.oneLine(primary ?? String(cString: PQresultErrorMessage(result)))
      // A statement that failed because the connection went away is the network's fault.
      if PQstatus(conn) != CONNECTION_OK || state == nil || state?.hasPrefix("08") == true || state == "57P01" {
        throw LinkError.unreachable(message.isEmpty ? "the connection to the centre was lost" : message)
      }
      throw LinkError.refused(message, sqlState: state)
    }
  }

  // libpq's PG_DIAG_* codes are character macros, which Swift does not import.
  private static let fieldSQLState = Int32(UInt8(ascii: "C"))
  private static let fieldPrimary = Int32(UInt8(ascii: "M"))

  /// libpq's messages end with a line feed and may span lines: the first line, trimmed.
  static func oneLine(_ message: String) -> String {
    let first = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
    return first.trimmingCharacters(in: " \t")
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let c = s.first, set.contains(c) { s = s.dropFirst() }
    while let c = s.last, set.contains(c) { s = s.dropLast() }
    return String(s)
  }
}

extension PGConnection {
  /// `password` as a SCRAM-SHA-256 verifier for `role`, computed here by libpq: `CREATE ROLE …
  /// PASSWORD` then carries no clear password for a server log or pg_stat_statements to keep.
  public func scramVerifier(password: String, role: String) throws -> String {
    guard let encrypted = PQencryptPasswordConn(conn, password, role, "scram-sha-256") else {
      throw LinkError.refused(Self.oneLine(String(cString: PQerrorMessage(conn))), sqlState: nil)
    }
    defer { PQfreemem(encrypted) }
    return String(cString: encrypted)
  }
}
