import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff tickets`: customer service from the command line.
struct Tickets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Customer-service tickets: their conversation, their life, the service figures.",
    discussion: """
      Names, phone numbers and message bodies are sealed in the database (the personal-data key \
      is a file of its own); phones show masked but for their last two digits, and revealing one \
      is written to the audit log. See CUSTOMER SERVICE in vgk-staff(1).
      """,
    subcommands: [
      List.self, Show.self, Open.self, Reply.self, Note.self, Message.self, Assign.self, Status.self, Resolve.self, Close.self,
      Reopen.self, Rate.self, Reveal.self, Metrics.self,
    ])

  struct Common: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the ticket as one JSON object.") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?

    /// Who acts, checked for `permission` (`Environment.require`). The login.
    func require(_ permission: Permission, _ database: AppDatabase) throws -> String {
      try Environment.resolve(global).require(permission, staff: staff, database)
    }

    func desk() throws -> (TicketDesk, AppDatabase, Timestamp, String) {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let now = try currentTime(database)
      let desk = try TicketDesk(
        database: database, key: try PersonalData.key(env.keys, database), targets: try env.config.ticketTargets(), now: now)
      return (desk, database, now, try Environment.terminalName())
    }
  }

  static func id(_ text: String) throws -> Int64 {
    switch Identifier.marketplaceID(text) {
    case .success(let v): return v
    case .failure(let e): throw ValidationError("the ticket id \(e.reason)")
    }
  }

  static func channel(_ text: String) throws -> Channel {
    switch Channel.parse(text) {
    case .success(let c): return c
    case .failure(let e): throw ValidationError("--channel: \(e.reason)")
    }
  }

  static func output(_ t: TicketView, json: Bool, desk: TicketDesk, now: Timestamp) {
    if json { printJSON(TicketJSON.ticket(t, desk: desk, now: now)) } else { print(TicketJSON.text(t, desk: desk, now: now)) }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tickets not closed, the least time left first (exit 1: none).")
    @OptionGroup var common: Common
    @Flag(help: "Closed ones too.") var all = false
    @Option(help: ArgumentHelp("Only this person's.", valueName: "login")) var assignee: String?

    func run() throws {
      let (desk, _, now, _) = try common.desk()
      let tickets = try desk.list(open: !all, assignee: assignee, now: now)
      if !common.json { print(["ID", "LEFT", "STATUS", "PRIORITY", "CUSTOMER", "ASSIGNEE", "SUBJECT"].joined(separator: "\t")) }
      for t in tickets {
        if common.json {
          printJSON(TicketJSON.ticket(t, desk: desk, now: now, messages: false))
        } else {
          let left = t.state.resolutionLeft(at: now, targets: desk.targets).map(TaskText.countdown) ?? "-"
          print("\(t.id)\t\(left)\t\(t.state.status.rawValue)\t\(t.priority.rawValue)\t\(t.customer)\t\(t.assignee ?? "-")\t\(t.subject)")
        }
      }
      if tickets.isEmpty { throw ExitCode(1) }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A ticket with its conversation.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    func run() throws {
      let n = try Tickets.id(id)
      let (desk, _, now, _) = try common.desk()
      Tickets.output(try desk.ticket(n), json: common.json, desk: desk, now: now)
    }
  }

  struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Open a ticket for a customer: by --customer id, or by --phone (with --name for a new customer).")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("The marketplace's customer id.", valueName: "id")) var customer: String?
    @Option(help: ArgumentHelp("The customer's phone (found by it; never stored in clear).", valueName: "number")) var phone: String?
    @Option(help: ArgumentHelp("The name of a customer not known yet.", valueName: "text")) var name: String?
    @Option(help: ArgumentHelp("The order it is about.", valueName: "id")) var order: String?
    @Option(help: ArgumentHelp("missing_item, damaged, wrong_item, late, payment_refund or other.", valueName: "category"))
    var category: String
    @Option(help: ArgumentHelp("URGENT, HIGH, MEDIUM (default) or LOW.", valueName: "priority")) var priority = "MEDIUM"
    @Option(help: ArgumentHelp("What it is about (1 to 120 characters).", valueName: "text")) var subject: String
    @Option(help: ArgumentHelp("What the customer said.", valueName: "text")) var message: String?
    @Option(help: ArgumentHelp("counter (default), phone, sms, whatsapp or email.", valueName: "channel")) var channel = "counter"

    func validate() throws {
      if customer != nil && phone != nil { throw ValidationError("give --customer or --phone, not both") }
    }

    func run() throws {
      let category: TicketCategory
      switch TicketCategory.parse(self.category) {
      case .success(let c): category = c
      case .failure(let e): throw ValidationError("--category: \(e.reason)")
      }
      let priority: Priority
      switch Priority.parse(self.priority) {
      case .success(let p): priority = p
      case .failure(let e): throw ValidationError("--priority: \(e.reason)")
      }
      let c = try customer.map { try Stock.id($0, "customer") }
      let o = try order.map { try Stock.id($0, "order") }
      let ch = try Tickets.channel(channel)
      let (desk, database, now, terminal) = try common.desk()
      let login = try common.require(.workTicket, database)
      let t = try desk.open(
        NewTicket(customerID: c, phone: phone, name: name, orderID: o, category: category, priority: priority, subject: subject,
                  message: message, channel: ch), by: login, terminal: terminal, now: now)
      Tickets.output(t, json: common.json, desk: desk, now: now)
    }
  }

  /// reply, note and message share their shape.
  static func write(_ direction: MessageDirection, _ common: Common, id: String, body: String, channel: String, waiting: Bool) throws {
    let n = try Tickets.id(id)
    let ch = try Tickets.channel(channel)
    let (desk, database, now, terminal) = try common.desk()
    let login = try common.require(direction == .note ? .noteTicket : .workTicket, database)
    let t = try desk.write(direction, on: n, body: body, channel: ch, waiting: waiting, by: login, terminal: terminal, now: now)
    Tickets.output(t, json: common.json, desk: desk, now: now)
  }

  struct Reply: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write to the customer (the first reply is the first response); --waiting when it asks them something.")
    @OptionGroup var common: Common
    @Flag(help: "The ticket waits for the customer's answer (its clock stops).") var waiting = false
    @Option(help: ArgumentHelp("counter (default), phone, sms, whatsapp or email.", valueName: "channel")) var channel = "counter"
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("What was said.", valueName: "text")) var text: String
    func run() throws { try Tickets.write(.outbound, common, id: id, body: text, channel: channel, waiting: waiting) }
  }

  struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "An internal note on a ticket (the customer does not see it).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("The note.", valueName: "text")) var text: String
    func run() throws { try Tickets.write(.note, common, id: id, body: text, channel: "counter", waiting: false) }
  }

  struct Message: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record what the customer said (a ticket waiting for them is open again).")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("counter (default), phone, sms, whatsapp or email.", valueName: "channel")) var channel = "counter"
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("What they said.", valueName: "text")) var text: String
    func run() throws { try Tickets.write(.inbound, common, id: id, body: text, channel: channel, waiting: false) }
  }

  /// resolve, close, reopen, rate, status share their shape.
  static func apply(_ event: TicketEvent, _ common: Common, id: String) throws {
    let n = try Tickets.id(id)
    let (desk, database, now, terminal) = try common.desk()
    let login = try common.require(.workTicket, database)
    Tickets.output(try desk.apply(event, to: n, by: login, terminal: terminal, now: now), json: common.json, desk: desk, now: now)
  }

  struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Give a ticket to someone, or (with --nobody) to no one.")
    @OptionGroup var common: Common
    @Flag(help: "Take it from whoever has it.") var nobody = false
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("Whom to give it to.", valueName: "login")) var to: String?
    func validate() throws { if nobody == (to != nil) { throw ValidationError("give a login, or --nobody") } }
    func run() throws {
      let n = try Tickets.id(id)
      let (desk, database, now, terminal) = try common.desk()
      let login = try common.require(.assignTicket, database)
      Tickets.output(try desk.assign(n, to: to, by: login, terminal: terminal, now: now), json: common.json, desk: desk, now: now)
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set a ticket open, or waiting for the customer (its clock stops).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("open or waiting_customer.", valueName: "status")) var status: String
    func run() throws {
      switch TicketStatus.parse(status) {
      case .success(let s): try Tickets.apply(.set(s), common, id: id)
      case .failure(let e): throw StoreError.invalid(e.reason)
      }
    }
  }

  struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a ticket resolved.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    func run() throws { try Tickets.apply(.resolved, common, id: id) }
  }

  /// A rating out of 1...5 is bad input (exit 2), refused before the database is opened.
  static func checkRating(_ rating: Int?) throws {
    if let rating, !(1...5).contains(rating) { throw ValidationError("a rating is from 1 to 5, not \(rating)") }
  }

  struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Close a ticket, with the customer's rating (1 to 5) if they gave one.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("The customer's rating, 1 to 5.", valueName: "n")) var rating: Int?
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    func validate() throws { try Tickets.checkRating(rating) }
    func run() throws { try Tickets.apply(.closed(rating: rating), common, id: id) }
  }

  struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reopen a resolved or closed ticket (counted).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    func run() throws { try Tickets.apply(.reopened, common, id: id) }
  }

  struct Rate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record the customer's rating (1 to 5) of a resolved or closed ticket.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("1 to 5.", valueName: "n")) var rating: Int
    func validate() throws { try Tickets.checkRating(rating) }
    func run() throws { try Tickets.apply(.rated(rating), common, id: id) }
  }

  struct Reveal: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the customer's phone number in clear, for a call (audited).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The ticket id.", valueName: "id")) var id: String
    func run() throws {
      let n = try Tickets.id(id)
      let (desk, database, now, terminal) = try common.desk()
      let login = try common.require(.revealPhone, database)
      let phone = try desk.revealPhone(n, by: login, terminal: terminal, now: now)
      if common.json { printJSON([("ticket", .int(n)), ("phone", .string(phone))]) } else { print(phone) }
    }
  }

  struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Service figures: tickets opened and resolved, median first response and resolution, within target, reopened, rating.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("From (ISO 8601; default 30 days ago).", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("To (ISO 8601; default now).", valueName: "time")) var to: String?
    @Option(name: .customLong("of"), help: ArgumentHelp("One staff member's (their tickets); default the point's.", valueName: "login"))
    var of: String?

    func run() throws {
      let (desk, database, now, _) = try common.desk()
      func time(_ s: String?, _ fallback: Timestamp, _ name: String) throws -> Timestamp {
        guard let s else { return fallback }
        switch Timestamp.parse(s) {
        case .success(let t): return t
        case .failure(let e): throw ValidationError("--\(name): \(e.reason)")
        }
      }
      let start = try time(from, now + -30 * 86400, "from")
      let end = try time(to, now, "to")
      // Someone else's figures are the team's: supervisors and admins, proven. Your own are yours.
      if let of, of != (try Environment.staffLogin(common.staff)) {
        _ = try common.require(.readTeam, database)
      } else {
        _ = try Environment.resolve(common.global).require(.read, ifNamed: common.staff, database)
      }
      let m = try desk.metrics(from: start, to: end, staff: of)
      func share(_ x: Double?) -> JSON { x.map { .int(Int64(($0 * 1000).rounded())) } ?? .null }
      if common.json {
        printJSON([
          ("from", .string(start.iso8601)), ("to", .string(end.iso8601)), ("staff", .str(of)), ("opened", .int(Int64(m.opened))),
          ("resolved", .int(Int64(m.resolved))), ("median_first_response_seconds", m.medianFirstResponse.map { .int($0) } ?? .null),
          ("median_resolution_seconds", m.medianResolution.map { .int($0) } ?? .null), ("within_target_permille", share(m.withinTarget)),
          ("reopen_permille", share(m.reopenRate)), ("mean_rating_tenths", m.meanRating.map { .int(Int64(($0 * 10).rounded())) } ?? .null),
        ])
      } else {
        func pct(_ x: Double?) -> String { x.map { String(format: "%.0f %%", $0 * 100) } ?? "-" }
        print("\(of ?? "the point"), \(start.douala) to \(end.douala)")
        print("  opened \(m.opened), resolved \(m.resolved)")
        print("  median first response \(m.medianFirstResponse.map(TaskText.span) ?? "-"), median resolution \(m.medianResolution.map(TaskText.span) ?? "-")")
        print("  within target \(pct(m.withinTarget)), reopened \(pct(m.reopenRate)), rating \(m.meanRating.map { String(format: "%.1f", $0) } ?? "-")")
      }
    }
  }
}

/// `vgk-staff keys rotate`.
struct Keys: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "The personal-data key.", subcommands: [Rotate.self])

  struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replace the personal-data key: every sealed value is sealed again under a new one, in one transaction.",
      discussion: "Back up the new key file (personal-data.key) afterwards; the old one opens nothing any more.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as one JSON object.") var json = false
    @Option(help: ArgumentHelp("Your staff login, for the audit log (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?

    func run() throws {
      let env = try Environment.resolve(global)
      let database = try env.open()
      let by = try env.require(.manageStaff, staff: staff, database)
      let r = try PersonalData.rotate(env.keys, database, by: by, now: try currentTime(database))
      if json {
        printJSON([("old", .string(r.oldFingerprint)), ("new", .string(r.newFingerprint)), ("resealed", .int(Int64(r.resealed)))])
      } else {
        print("Personal-data key \(r.oldFingerprint) replaced by \(r.newFingerprint): \(r.resealed) values sealed again.")
        print("Back up \(env.keysDirectory)/\(KeyStore.personalDataFile) now.")
      }
    }
  }
}

enum TicketJSON {
  static func ticket(_ t: TicketView, desk: TicketDesk, now: Timestamp, messages: Bool = true) -> [(String, JSON)] {
    var out: [(String, JSON)] = [
      ("id", .int(t.id)), ("subject", .string(t.subject)), ("category", .string(t.category.rawValue)),
      ("priority", .string(t.priority.rawValue)), ("status", .string(t.state.status.rawValue)), ("customer", .string(t.customer)),
      ("phone", .str(t.phone)), ("order_id", t.orderID.map { .int($0) } ?? .null), ("assignee", .str(t.assignee)),
      ("created_at", .string(t.state.createdAt.iso8601)), ("first_response_at", .str(t.state.firstResponseAt?.iso8601)),
      ("resolved_at", .str(t.state.resolvedAt?.iso8601)), ("closed_at", .str(t.state.closedAt?.iso8601)),
      ("response_seconds_left", t.state.responseLeft(at: now, targets: desk.targets).map { .int($0) } ?? .null),
      ("resolution_seconds_left", t.state.resolutionLeft(at: now, targets: desk.targets).map { .int($0) } ?? .null),
      ("paused_seconds", .int(t.state.paused(at: now))), ("reopened", .int(Int64(t.state.reopenCount))),
      ("rating", t.state.rating.map { .int(Int64($0)) } ?? .null),
    ]
    if messages {
      out.append(
        (
          "messages",
          .array(
            t.messages.map {
              .object([
                ("direction", .string($0.direction.rawValue)), ("channel", .string($0.channel.rawValue)), ("staff", .str($0.staff)),
                ("at", .string($0.at.iso8601)), ("body", .string($0.body)),
              ])
            })
        ))
    }
    return out
  }

  static func text(_ t: TicketView, desk: TicketDesk, now: Timestamp) -> String {
    var lines = ["Ticket \(t.id): \(t.subject)  (\(t.category.rawValue), \(t.priority.rawValue), \(t.state.status.rawValue))"]
    lines.append("  Customer \(t.customer)" + (t.phone.map { ", phone \($0)" } ?? "") + (t.orderID.map { ", order \($0)" } ?? ""))
    if let left = t.state.responseLeft(at: now, targets: desk.targets) { lines.append("  First response due in \(TaskText.countdown(left))") }
    if let left = t.state.resolutionLeft(at: now, targets: desk.targets) { lines.append("  Resolution due in \(TaskText.countdown(left))") }
    if t.state.reopenCount > 0 { lines.append("  Reopened \(t.state.reopenCount) time(s)") }
    if let r = t.state.rating { lines.append("  Rating \(r)/5") }
    for m in t.messages {
      let who = m.direction == .inbound ? "customer" : m.staff ?? "-"
      let kind = m.direction == .note ? "note" : m.direction == .inbound ? "in" : "out"
      lines.append("  \(m.at.douala)  \(kind) \(m.channel.rawValue) \(who): \(m.body.replacingOccurrences(of: "\n", with: "\n      "))")
    }
    return lines.joined(separator: "\n")
  }
}
