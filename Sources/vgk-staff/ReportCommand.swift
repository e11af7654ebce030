import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff report`: figures for supervisors.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Reports for supervisors.", subcommands: [PerformanceReport.self])

  struct PerformanceReport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "performance",
      abstract: "Team performance per staff member: efficiency, punctuality, inventory accuracy, rating, handovers.",
      discussion: "The formulas are in vgk-staff(1), TEAM PERFORMANCE. Exit status 1 when the period has nobody's work.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("From (ISO 8601 time, or a date YYYY-MM-DD: its start in Douala; default 14 days ago).", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("To (a time, or a date: its end in Douala; default now).", valueName: "date")) var to: String?
    @Option(help: ArgumentHelp("table (default), csv or json.", valueName: "format")) var format: Format = .table
    @Option(help: ArgumentHelp("Only this staff member.", valueName: "login")) var member: String?
    @Option(help: ArgumentHelp("Your staff login, a supervisor's or an admin's (default: $VGK_STAFF_USER).", valueName: "login"))
    var staff: String?

    /// A time, or a date's first (or last) second in Douala.
    static func time(_ text: String, end: Bool, _ name: String) throws -> Timestamp {
      if text.count == 10, case .success(let t) = Timestamp.parse(text + "T00:00:00+01:00") { return end ? t + 86399 : t }
      switch Timestamp.parse(text) {
      case .success(let t): return t
      case .failure(let e): throw ValidationError("--\(name): \(e.reason), or a date YYYY-MM-DD")
      }
    }

    func run() throws {
      let env = try Environment.resolve(global)
      let standards = try env.config.standardTimes()
      let targets = try env.config.ticketTargets()
      let database = try env.open(readOnly: true)
      let now = try currentTime(database)
      let start = try from.map { try Self.time($0, end: false, "from") } ?? now + -14 * 86400
      let end = try to.map { try Self.time($0, end: true, "to") } ?? now
      guard start <= end else { throw ValidationError("--from is after --to") }
      _ = try env.require(.readTeam, staff: staff, database)
      let rows = try TeamReport.compute(database, from: start, to: end, standards: standards, targets: targets, staff: member)
      func num(_ x: Double?, _ digits: Int) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "" }
      switch format {
      case .json:
        for r in rows {
          let p = r.performance
          func d(_ x: Double?) -> JSON { x.map { .string(String(format: "%.3f", $0)) } ?? .null }
          printJSON([
            ("staff", .string(r.login)), ("name", .string(r.name)), ("role", .string(r.role.rawValue)), ("from", .string(start.iso8601)),
            ("to", .string(end.iso8601)), ("efficiency", d(p.efficiency)), ("punctuality", d(p.punctuality)),
            ("inventory_accuracy", d(p.inventoryAccuracy)), ("rating", d(p.rating)), ("handovers", .int(Int64(p.handovers))),
            ("median_scan_to_handover_seconds", p.medianScanToHandover.map { .int($0) } ?? .null),
            ("work_minutes", .string(num(p.workMinutes, 1))), ("worked_minutes", .string(num(p.workedMinutes, 1))),
          ])
        }
      case .csv:
        print("staff,name,role,efficiency,punctuality,inventory_accuracy,rating,handovers,median_scan_to_handover_seconds,work_minutes,worked_minutes")
        for r in rows {
          let p = r.performance
          let fields = [
            r.login, r.name, r.role.rawValue, num(p.efficiency, 3), num(p.punctuality, 3), num(p.inventoryAccuracy, 3), num(p.rating, 2),
            String(p.handovers), p.medianScanToHandover.map(String.init) ?? "", num(p.workMinutes, 1), num(p.workedMinutes, 1),
          ]
          print(fields.map(Self.csv).joined(separator: ","))
        }
      case .table:
        print("From \(start.douala) to \(end.douala)")
        print("STAFF         EFF.  ON TIME  COUNTED  RATING  HANDOVERS  MEDIAN SCAN→HANDOVER  14 DAYS")
        for r in rows {
          let p = r.performance
          func pct(_ x: Double?) -> String { x.map { "\(Int(($0 * 100).rounded())) %" } ?? "-" }
          let cells = [
            r.login.padding(toLength: 12, withPad: " ", startingAt: 0), (num(p.efficiency, 2).isEmpty ? "-" : num(p.efficiency, 2)).leftPad(5),
            pct(p.punctuality).leftPad(8), pct(p.inventoryAccuracy).leftPad(8), (p.rating.map { String(format: "%.1f", $0) } ?? "-").leftPad(7),
            String(p.handovers).leftPad(10), (p.medianScanToHandover.map { "\($0) s" } ?? "-").leftPad(21), Sparkline.draw(r.trend),
          ]
          print(cells.joined(separator: " "))
        }
      }
      if rows.allSatisfy({ $0.performance.workedMinutes == 0 && $0.performance.handovers == 0 }) { throw ExitCode(1) }
    }

    /// A CSV field, quoted when it must be (RFC 4180).
    static func csv(_ field: String) -> String {
      guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
  }
}

extension String {
  func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
