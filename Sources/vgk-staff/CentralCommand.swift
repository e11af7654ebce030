import ArgumentParser
import Foundation
import StaffDomain
import StaffLink
import StaffServices
import StaffStore

/// `vgk-staff central`: the marketplace's side of the link, for its database administrator.
struct CentralGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "central",
    abstract: "The marketplace's side of the link: set up its PostgreSQL schema, add points, feed them, read their events.",
    discussion: """
      Each subcommand connects to the marketplace's PostgreSQL with --url (else \
      $VGK_STAFF_CENTRAL_URL): an administrator's role that owns the schema vgk_link (or may \
      create it) and may create roles. Leave the password out of the URL and let libpq find it in \
      ~/.pgpass or $PGPASSWORD: a command line is visible to every account of the host. Exit \
      status 1 when the server cannot be reached or refuses, 2 for bad input. See vgk-staff(1), CENTRAL.
      """,
    subcommands: [Setup.self, AddPoint.self, Feed.self, Events.self])

  /// The administrator's connection string.
  struct Connection: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(
      help: ArgumentHelp(
        "The marketplace's PostgreSQL, as an administrator (postgresql://USER@HOST:PORT/DB?sslmode=verify-full; default: $VGK_STAFF_CENTRAL_URL).",
        valueName: "url"))
    var url: String?
    @Option(help: ArgumentHelp("Seconds to wait for the server to answer (default 10).", valueName: "seconds"))
    var connectTimeout: Int = 10

    func validate() throws {
      guard (1...300).contains(connectTimeout) else { throw ValidationError("--connect-timeout must be from 1 to 300 seconds") }
    }

    func resolvedURL() throws -> String {
      guard let url = Environment.nonEmpty(url) ?? Environment.nonEmpty(Environment.env["VGK_STAFF_CENTRAL_URL"]) else {
        throw ValidationError("--url is missing: give the marketplace's PostgreSQL as --url URL or in $VGK_STAFF_CENTRAL_URL")
      }
      return url
    }

    /// Runs `body` connected to the centre; a failure of the link is one line on standard error
    /// (the URL shown without its password) and exit 1 (2 for a connection string that cannot
    /// work as written).
    func withCentral<T>(_ body: (Central) throws -> T) throws -> T {
      let url = try resolvedURL()
      do {
        let central = try Central(url: url, connectTimeout: connectTimeout)
        return try body(central)
      } catch let error as LinkError {
        let line = CentralGroup.scrubbed(error.description, url: url)
        switch error {
        case .unreachable:
          printError("vgk-staff: cannot reach the centre at \(LinkURL.masked(url)): \(line)")
          throw ExitCode(1)
        case .refused(_, let state):
          printError("vgk-staff: the centre refused: \(line)" + (state.map { " (SQLSTATE \($0))" } ?? ""))
          throw ExitCode(1)
        case .badConfiguration:
          printError("vgk-staff: \(line) (\(LinkURL.masked(url)))")
          throw ExitCode(2)
        }
      }
    }
  }

  /// `message` without the URL's password, should a library message ever quote it.
  static func scrubbed(_ message: String, url: String) -> String {
    let masked = LinkURL.masked(url)
    guard masked != url else { return message }
    // The secret is what masking replaced: the characters of `url` between the common prefix and
    // suffix it shares with `masked`.
    let a = Array(url.utf8)
    let b = Array(masked.utf8)
    var start = 0
    while start < a.count && start < b.count && a[start] == b[start] { start += 1 }
    var end = 0
    while end < a.count - start && end < b.count - start && a[a.count - 1 - end] == b[b.count - 1 - end] { end += 1 }
    let secret = String(decoding: a[start..<(a.count - end)], as: UTF8.self)
    guard secret.utf8.count >= 3 else { return message }
    return message.replacingOccurrences(of: secret, with: "***")
  }

  struct Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create or bring up to date the schema vgk_link (idempotent: run it after every upgrade).")
    @OptionGroup var connection: Connection
    @Flag(help: "Print the result as one JSON object.") var json = false

    func run() throws {
      let applied = try connection.withCentral { try $0.setup() }
      let all = CentralSchema.migrations.map(\.name)
      if json {
        printJSON([("applied", .array(applied.map { .string($0) })), ("migrations", .array(all.map { .string($0) }))])
      } else if applied.isEmpty {
        print("vgk_link is up to date (\(all.count) migrations: \(all.joined(separator: ", "))).")
      } else {
        print("vgk_link: applied \(applied.joined(separator: ", ")).")
      }
    }
  }

  struct AddPoint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-point",
      abstract: "Add a pickup point: its role (vgk_point_CODE) and password, and print its link_url once.",
      discussion: """
        The password (32 random letters and digits) is printed once, inside the point's \
        connection string, and kept nowhere: the server keeps only its SCRAM verifier. A point \
        that exists is refused; --rotate gives its role a new password instead (the old one \
        stops working for new connections at once).
        """)
    @OptionGroup var connection: Connection
    @Option(help: ArgumentHelp("The point's code, as its own database has it (e.g. DLA-AKWA).", valueName: "code")) var point: String
    @Option(help: ArgumentHelp("The point's name (needed to add it; ignored with --rotate).", valueName: "name")) var name: String?
    @Flag(help: "The point exists: give its role a new password.") var rotate = false
    @Flag(help: "Print the result as one JSON object: point, role, url.") var json = false

    func run() throws {
      if case .failure(let e) = Identifier.pointCode(point) { throw StoreError.invalid(.pointCode, .message(e.reason)) }
      guard rotate || name != nil else { throw ValidationError("--name is missing: a new point needs its name") }
      let made = try connection.withCentral { try $0.addPoint(code: point, name: name ?? point, rotate: rotate) }
      if json {
        printJSON([("point", .string(made.point)), ("role", .string(made.role)), ("url", .string(made.url)), ("rotated", .bool(made.rotated))])
      } else {
        print(made.rotated ? "Point \(made.point): role \(made.role) has a new password." : "Point \(made.point) added: role \(made.role).")
        print("Its link_url, shown this once (put it in the point's config, keep it nowhere else):")
        print(made.url)
      }
    }
  }

  struct Feed: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Put the records of a products, orders or staff file (import formats) in a point's feed.",
      discussion: """
        The file is read and checked as `vgk-staff import` reads it (vgk-staff(1), IMPORT \
        FORMATS): a file with any problem is refused whole (exit 2) and nothing reaches the feed. \
        Each record becomes one feed record, a JSON object of the import's JSON format (orders \
        with their items), all in one transaction.
        """)
    @OptionGroup var connection: Connection
    @Option(help: ArgumentHelp("The point whose feed it is.", valueName: "code")) var point: String
    @Argument(help: ArgumentHelp("What the file holds: products, orders or staff.", valueName: "kind")) var kind: ImportKind
    @Argument(help: ArgumentHelp("The file (.csv, .json or .jsonl).", valueName: "file")) var file: String
    @Flag(help: "Print the result as one JSON object.") var json = false

    func run() throws {
      if case .failure(let e) = Identifier.pointCode(point) { throw StoreError.invalid(.pointCode, .message(e.reason)) }
      let parsed = try Importer.parse(kind, bytes: try Importer.readFile(file), file: file)
      let records = try FeedPayloads.objects(parsed)
      let feedKind = FeedPayloads.kind(of: parsed)
      let written = try connection.withCentral { try $0.feed(point: point, kind: feedKind, records: records) }
      if json {
        printJSON([
          ("point", .string(written.point)), ("kind", .string(written.kind.rawValue)), ("records", .int(Int64(written.count))),
          ("first_seq", written.firstSeq.map { .int($0) } ?? .null), ("last_seq", written.lastSeq.map { .int($0) } ?? .null),
        ])
      } else if let first = written.firstSeq, let last = written.lastSeq {
        print("\(file): \(written.count) \(written.kind.rawValue) record\(written.count == 1 ? "" : "s") in \(written.point)'s feed (seq \(first) to \(last)).")
      } else {
        print("\(file): no records; \(written.point)'s feed is unchanged.")
      }
      if written.count == 0 { throw ExitCode(1) }
    }
  }

  struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the events the points sent, oldest first.",
      discussion: """
        Text: one line per event, tab-separated: id, point, occurred_at, type, dedup_key, payload \
        (times in UTC). Page on with --after and the last id shown. Exit status 1 when there is none.
        """)
    @OptionGroup var connection: Connection
    @Option(help: ArgumentHelp("Only this point's events.", valueName: "code")) var point: String?
    @Option(help: ArgumentHelp("Only events after this id.", valueName: "id")) var after: Int64 = 0
    @Option(help: ArgumentHelp("At most this many (default 1000, at most 100000).", valueName: "n")) var limit: Int = 1000
    @Flag(help: "One JSON object per event.") var json = false

    func validate() throws {
      guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000") }
      guard after >= 0 else { throw ValidationError("--after: an event id is a whole number from 0") }
    }

    func run() throws {
      if let point, case .failure(let e) = Identifier.pointCode(point) { throw StoreError.invalid(.pointCode, .message(e.reason)) }
      let events = try connection.withCentral { try $0.events(point: point, after: after, limit: limit) }
      for e in events {
        if json {
          printJSON([
            ("id", .int(e.id)), ("point", .string(e.point)), ("type", .string(e.type)), ("dedup_key", .string(e.dedupKey)),
            ("payload", .raw(e.payload)), ("occurred_at", .string(e.occurredAt)), ("received_at", .string(e.receivedAt)),
          ])
        } else {
          print([String(e.id), e.point, e.occurredAt, e.type, e.dedupKey, e.payload].joined(separator: "\t"))
        }
      }
      if events.isEmpty { throw ExitCode(1) }
    }
  }
}
