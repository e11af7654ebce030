import ArgumentParser
import Foundation
import StaffDomain
import StaffLink
import StaffServices
import StaffStore

/// `vgk-staff link sync|run|status`: the point's side of the marketplace link.
struct LinkGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "link",
    abstract: "The point's link to the marketplace: events out, the feed in.",
    discussion: """
      Needs link_url in the config (the connection string `central add-point` printed). Events \
      leave from the outbox and the stock ledger, each exactly once; the point's feed (orders, \
      cancellations, products, staff, incoming transfers) is applied in order, each record once.
      """,
    subcommands: [LinkSyncCommand.self, LinkRunCommand.self, LinkStatusCommand.self])
}

extension Environment {
  /// The link's settings from the config: nil when `link_url` is not set.
  func linkSettings() throws -> LinkRunner.Settings? { try config.link() }

  /// The settings, or the one-line reason the link cannot run (exit 2).
  func requiredLinkSettings() throws -> LinkRunner.Settings {
    guard let settings = try linkSettings() else {
      throw StoreError.invalid(.linkNotSet)
    }
    return settings
  }

  /// The sync of this database: its keys and its clock.
  func linkSync(_ database: AppDatabase) throws -> LinkSync {
    let store = LinkStore(database)
    return LinkSync(
      store: store, pickupKey: try keys.pickupCodeKey(create: false), personalKey: try PersonalData.key(keys, database, create: false),
      clock: { try currentTime(database) })
  }

  /// Starts the link beside the console or `watch` when the config has one; its failures are
  /// the link's state (shown on the top line and by `link status`), never the caller's.
  func startLink(_ database: AppDatabase, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> LinkRunner? {
    guard let settings = try linkSettings(), !database.isReadOnly else { return nil }
    return LinkRunner.start(settings, sync: try linkSync(database), database: database, log: log)
  }
}

struct LinkSyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "One pass: push every waiting event, then apply the feed up to its end.",
    discussion: """
      Exit 0 when up to date, 1 when the centre could not be reached or refused an event (nothing \
      is lost: what waits stays waiting; the reason in one line), 2 for a bad configuration.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "One JSON object with the pass's figures.") var json = false

  func run() throws {
    let env = try Environment.resolve(global)
    let settings = try env.requiredLinkSettings()
    let database = try env.open()
    let sync = try env.linkSync(database)
    let report: PassReport
    do {
      let connection = try PGConnection(settings.url)
      report = try sync.pass(connection)
    } catch let error as LinkError {
      if case .badConfiguration = error {
        try? sync.store.recordFailure(error.description, at: try currentTime(database))
        printError("vgk-staff: link_url: \(error)")
        throw ExitCode(2)
      }
      try? sync.store.recordFailure(error.description, at: try currentTime(database))
      let waiting = (try? sync.store.status(configured: true).waiting) ?? 0
      printError("vgk-staff: the centre could not be reached: \(error) (\(waiting) event\(waiting == 1 ? "" : "s") waiting, nothing lost)")
      throw ExitCode(1)
    }
    if json {
      printJSON([
        ("pushed", .int(Int64(report.pushed))), ("refused", .int(Int64(report.refused))), ("pulled", .int(Int64(report.pulled))),
        ("conflicts", .int(Int64(report.conflicts))), ("cursor", .int(report.cursor)),
      ])
    } else {
      let (sent, applied, cursor) = (MessageArg.count(Int64(report.pushed)), MessageArg.count(Int64(report.pulled)), MessageArg.id(report.cursor))
      let line =
        report.conflicts > 0
        ? Message(.linkOutSyncedConflicts, sent, applied, .count(Int64(report.conflicts)), cursor) : Message(.linkOutSynced, sent, applied, cursor)
      print(line.text(Output.language))
    }
    if report.refused > 0 {
      printError("vgk-staff: " + Message(.linkOutRefused, .count(Int64(report.refused))).text(Output.language))
      throw ExitCode(1)
    }
  }
}

struct LinkRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Keep the point in step with the centre until stopped (for a service unit).",
    discussion: """
      Listens for the point's feed and pushes events as they are made; a full pass every \
      link_poll_seconds; while the centre is down, retries after 1, 2, 4… up to 60 seconds. Stops \
      on SIGTERM, SIGINT or SIGHUP. One line on standard error each time the link goes up or down.
      """)

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let env = try Environment.resolve(global)
    let settings = try env.requiredLinkSettings()
    let database = try env.open()
    StopSignals.install()
    let runner = LinkRunner.start(settings, sync: try env.linkSync(database), database: database) { line in
      printError("vgk-staff: \(line)")
    }
    runner.waitUntilStopped { StopSignals.requested }
  }
}

struct LinkStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "What the point knows of its link: events waiting, last contact, the feed's cursor, the last error.",
    discussion: "Reads this database only (the centre is not contacted). Exit 1 while the link is down or has never been up.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "One JSON object.") var json = false

  func run() throws {
    let env = try Environment.resolve(global)
    let settings = try env.linkSettings()
    let database = try env.open(readOnly: true)
    let status = try LinkStore(database).status(configured: settings != nil)
    let shown = settings.map { LinkURL.masked($0.url) }
    if json {
      printJSON([
        ("configured", .bool(status.configured)), ("url", JSON.str(shown)), ("up", .bool(status.isUp)),
        ("waiting", .int(Int64(status.waiting))), ("oldest_waiting", JSON.str(status.oldestWaiting?.iso8601)),
        ("last_contact", JSON.str(status.lastContact?.iso8601)), ("down_since", JSON.str(status.downSince?.iso8601)),
        ("cursor", .int(status.cursor)), ("last_error", JSON.str(status.lastError)),
      ])
    } else {
      let waiting = MessageArg.count(Int64(status.waiting))
      print(Output.say(.linkOutLink, shown.map(MessageArg.text) ?? .message(Message(.linkOutNotConfigured))))
      print(Output.say(.linkOutState, .message(Self.state(status))))
      print(status.oldestWaiting.map { Output.say(.linkOutWaitingOldest, waiting, .text($0.iso8601)) } ?? Output.say(.linkOutWaiting, waiting))
      print(Output.say(.linkOutLastContact, status.lastContact.map { .text($0.iso8601) } ?? .message(Message(.linkOutNever))))
      print(Output.say(.linkOutCursor, .id(status.cursor)))
      if let error = status.lastError { print(Output.say(.linkOutLastError, .text(Visible.field(error)))) }
    }
    if settings != nil && !status.isUp { throw ExitCode(1) }
  }

  static func state(_ status: LinkStatus) -> Message {
    if !status.configured { return Message(.linkOutOff) }
    if let since = status.downSince { return Message(.linkOutDownSince, .text(since.iso8601)) }
    return Message(status.lastContact == nil ? .linkOutNeverConnected : .linkOutUp)
  }
}
