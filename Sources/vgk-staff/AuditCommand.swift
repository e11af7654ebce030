import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff audit`: the audit trail, newest first, filtered; for supervisors.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read the audit trail: who did what, when, from which terminal, newest first.",
    discussion: """
      Each filter narrows the list. Text: one line per row, times in Douala. Exit status 1 when \
      no row matches. Page back with --before and the last id shown. vgk-staff(1), AUDIT TRAIL, \
      says what a row holds and what `db check` verifies.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("Only what this staff member did.", valueName: "login")) var by: String?
  @Option(help: ArgumentHelp("An action (order.handed_over), or a prefix ending in a dot (task.).", valueName: "action"))
  var action: String?
  @Option(help: ArgumentHelp("Only rows about this kind of thing (order, task, ticket, movement…).", valueName: "entity"))
  var entity: String?
  @Option(name: .customLong("id"), help: ArgumentHelp("With --entity: only this one (an order number, a task id…).", valueName: "id"))
  var entityID: String?
  @Option(help: ArgumentHelp("Only rows from this terminal.", valueName: "terminal")) var terminal: String?
  @Option(help: ArgumentHelp("From (ISO 8601 time, or a date YYYY-MM-DD: its start in Douala).", valueName: "date")) var from: String?
  @Option(help: ArgumentHelp("To (a time, or a date: its end in Douala).", valueName: "date")) var to: String?
  @Option(help: ArgumentHelp("At most this many rows (default 50, at most 10000).", valueName: "n")) var limit: Int = 50
  @Option(help: ArgumentHelp("Only rows older than this row (the last id of the previous page).", valueName: "id")) var before: Int64?
  @Flag(help: "One JSON object per row.") var json = false
  @Option(help: ArgumentHelp("Your staff login, a supervisor's or an admin's (default: $VGK_STAFF_USER).", valueName: "login"))
  var staff: String?

  func validate() throws {
    guard (1...AuditFilter.maxLimit).contains(limit) else { throw ValidationError("--limit must be from 1 to \(AuditFilter.maxLimit)") }
    if entityID != nil && entity == nil { throw ValidationError("--id needs --entity (such as --entity order --id 2050001)") }
    if let before, before < 1 { throw ValidationError("--before: an audit row id is a whole number from 1") }
    for (name, value) in [("action", action), ("entity", entity), ("id", entityID), ("terminal", terminal)] {
      guard let value else { continue }
      if case .failure(let e) = Identifier.text(value, max: 64) { throw ValidationError("--\(name) \(e.reason)") }
    }
  }

  func run() throws {
    var filter = AuditFilter(actions: action.map { [$0] } ?? [], entity: entity, entityID: entityID, terminal: terminal, limit: limit, before: before)
    if let by {
      switch Identifier.login(by) {
      case .success(let login): filter.staff = login
      case .failure(let e): throw ValidationError("--by: a staff login \(e.reason)")
      }
    }
    filter.from = try from.map { try Report.PerformanceReport.time($0, end: false, "from") }
    filter.to = try to.map { try Report.PerformanceReport.time($0, end: true, "to") }
    if let start = filter.from, let end = filter.to, start > end { throw ValidationError("--from is after --to") }
    let env = try Environment.resolve(global)
    let database = try env.open(readOnly: true)
    _ = try env.require(.readAudit, staff: staff, database)
    let rows = try AuditTrail.list(database, filter)
    for r in rows {
      if json {
        printJSON([
          ("id", .int(r.id)), ("at", .string(r.at.iso8601)), ("staff", .str(r.staff)), ("terminal", .str(r.terminal)),
          ("action", .string(r.action)), ("entity", .str(r.entity)), ("entity_id", .str(r.entityID)), ("before", .str(r.before)),
          ("after", .str(r.after)),
        ])
      } else {
        print(Self.line(r))
      }
    }
    guard !rows.isEmpty else {
      printError("vgk-staff: no audit row matches")
      throw ExitCode(1)
    }
    if rows.count == limit, let last = rows.last, !json {
      printError("(\(rows.count) rows shown; older ones: --before \(last.id))")
    }
  }

  /// `2026-11-30 14:02  amina.n  counter-1  order.handed_over  order 2050001  ready → picked_up`,
  /// control characters shown as `?` (a value must never drive the terminal).
  static func line(_ r: AuditRecord) -> String {
    var cells = [r.at.douala, r.staff ?? "-", r.terminal ?? "-", r.action]
    let what = [r.entity, r.entityID].compactMap { $0 }.joined(separator: " ")
    if !what.isEmpty { cells.append(what) }
    if r.before != nil || r.after != nil { cells.append((r.before ?? "-") + " → " + (r.after ?? "-")) }
    return cells.map(printable).joined(separator: "  ")
  }

  static func printable(_ s: String) -> String {
    String(String.UnicodeScalarView(s.unicodeScalars.map { u in
      u.value < 0x20 || (0x7F...0x9F).contains(u.value) ? "?" : u
    }))
  }
}
