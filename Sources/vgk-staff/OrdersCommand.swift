import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff orders`: what happens to orders outside a scan.
struct Orders: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Unlock orders locked by wrong codes; return orders whose hold is over.",
    subcommands: [Unlock.self, Expire.self])

  struct Unlock: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Lift the lock that wrong pickup codes put on an order (supervisors and admins).",
      discussion: """
        Five wrong codes in a row lock an order for 30 minutes; ten in all lock it until a \
        supervisor unlocks it. Check the customer's identity before unlocking. Your password is read \
        from the first line of standard input. Exit status 1 when the order is not locked or \
        unknown (one answer for both), the password is wrong, or your account may not unlock.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as one JSON object.") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login"))
    var staff: String?
    @Argument(help: ArgumentHelp("The order id.", valueName: "id")) var id: String

    func run() throws {
      let orderID: Int64
      switch Identifier.marketplaceID(id) {
      case .success(let v): orderID = v
      case .failure(let e): throw ValidationError("the order id \(e.reason)")
      }
      let env = try Environment.resolve(global)
      let terminal = try Environment.terminalName()
      let key = try env.keys.pickupCodeKey(create: false)
      let database = try env.open()
      let login = try env.require(.unlockOrder, staff: staff, database)
      let counter = try Counter(database: database, key: key)
      let report = try counter.unlock(orderID: orderID, staff: login, terminal: terminal, now: try currentTime(database))
      let lifted: String
      switch report.lifted {
      case .until(let t): lifted = "its lock until \(t.douala)"
      case .supervisor: lifted = "its supervisor lock"
      }
      if json {
        var lock: [(String, JSON)] = []
        switch report.lifted {
        case .until(let t): lock = [("lifted", .string("timed")), ("locked_until", .string(t.iso8601))]
        case .supervisor: lock = [("lifted", .string("supervisor")), ("locked_until", .null)]
        }
        printJSON(
          [("order", .int(orderID))] + lock + [
            ("failed_attempts", .int(Int64(report.attempts.failed))),
            ("lifetime_failed_attempts", .int(Int64(report.attempts.lifetimeFailed))), ("staff", .string(login)),
          ])
      } else {
        print(
          "Order \(orderID) unlocked by \(login): \(lifted) is lifted (\(report.attempts.lifetimeFailed) wrong codes in all).")
      }
    }
  }

  struct Expire: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Return the ready orders whose hold period is over, each with a return task.",
      discussion: """
        A ready order not collected by the end of its hold (hold_days, default 7) becomes \
        returned; its open pickup tasks are cancelled and a task to send it back is opened. \
        Running it again changes nothing. Meant for a timer (cron or systemd); exit status 0 \
        whether or not an order was due.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per returned order, then one summary object.") var json = false
    @Option(help: ArgumentHelp("Your staff login, for the audit log (default: $VGK_STAFF_USER, else none).", valueName: "login"))
    var staff: String?

    func run() throws {
      let env = try Environment.resolve(global)
      let terminal = try Environment.terminalName()
      let key = try env.keys.pickupCodeKey(create: false)
      let database = try env.open()
      // A login given only names who ran it in the audit trail; still, a supervisor's or an
      // admin's name needs their password.
      let login = try env.require(.read, ifNamed: staff, database)
      let counter = try Counter(database: database, key: key)
      let now = try currentTime(database)
      let expired = try counter.expireHolds(now: now, staff: login, terminal: terminal)
      for e in expired {
        if json {
          printJSON([
            ("order", .int(e.orderID)), ("status", .string(OrderStatus.returned.rawValue)),
            ("hold_until", .string(e.holdUntil.iso8601)), ("shelf", .str(e.shelf)), ("return_task", .int(e.returnTaskID)),
            ("cancelled_tasks", .array(e.cancelledTaskIDs.map { .int($0) })),
          ])
        } else {
          let shelf = e.shelf.map { " on shelf \($0)" } ?? ""
          let cancelled = e.cancelledTaskIDs.isEmpty ? "" : "; pickup tasks \(e.cancelledTaskIDs.map(String.init).joined(separator: ", ")) cancelled"
          print("Order \(e.orderID)\(shelf) returned: not collected by \(e.holdUntil.douala); return task \(e.returnTaskID)\(cancelled).")
        }
      }
      if json {
        printJSON([("returned", .int(Int64(expired.count))), ("at", .string(now.iso8601))])
      } else if expired.isEmpty {
        print("No ready order is past its hold at \(now.douala).")
      } else {
        print("\(expired.count) order\(expired.count == 1 ? "" : "s") returned.")
      }
    }
  }
}
