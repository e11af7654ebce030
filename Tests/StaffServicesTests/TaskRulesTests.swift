import Foundation
import StaffDomain
import StaffServices
import StaffStore
import TestSupport
import Testing

/// The task rules and the escalation command, on a real database.
@Suite struct TaskRulesTests {
  static let now = Timestamp(seconds: 1_795_000_000)

  final class Point: @unchecked Sendable {
    let scratch = TemporaryDirectory("services")
    let dir: String
    let database: AppDatabase

    init() throws {
      dir = scratch.path
      let keys = KeyStore(directory: dir + "/keys")
      database = try AppDatabase.open(path: dir + "/vgk.sqlite", create: true)
      _ = try PointSetup.initialise(database, pointCode: "DLA-RULES", name: "Rules point", key: try keys.pickupCodeKey(create: true), now: TaskRulesTests.now)
      let staff = dir + "/staff.csv"
      try Data("login,full_name,role,active\namina.n,Amina Njoya,clerk,true\n".utf8).write(to: URL(fileURLWithPath: staff))
      _ = try Importer.importFile(.staff, path: staff, into: database, keys: keys, now: TaskRulesTests.now)
    }


    func settings(_ command: String) throws -> TaskSettings {
      try TaskSettings(Settings.parse("escalation_command = \(command)\nescalation_timeout_seconds = 5", file: dir + "/config"))
    }

    func urgentTask() throws -> TaskRecord {
      try TaskBoard(database: database, policy: .standard).add(
        NewTask(type: .reporting, priority: .urgent, title: "Power cut report"), by: "amina.n", terminal: "test", now: TaskRulesTests.now)
    }
  }

  @Test func aBreachIsEscalatedOnceWithTheTaskAsJSON() throws {
    let point = try Point()
    let task = try point.urgentTask()
    let out = point.dir + "/escalated.json"
    let settings = try point.settings("cat >> \(out); echo \" id=$VGK_TASK_ID\" >> \(out)")
    let late = Self.now + 7201
    let report = try TaskRules.run(settings, database: point.database, now: late, terminal: "test")
    #expect(report.escalations.map(\.task.id) == [task.id] && report.escalations.allSatisfy { $0.error == nil })
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written.hasPrefix("{\"event\":\"task.breached\",\"point\":\"DLA-RULES\",\"id\":\(task.id),"), "\(written)")
    #expect(written.hasSuffix(" id=\(task.id)\n"))
    #expect(try TaskRules.run(settings, database: point.database, now: late + 60, terminal: "test").escalations.isEmpty, "once")
  }

  @Test func aFailingCommandIsReportedByTheBackgroundPass() throws {
    let point = try Point()
    let task = try point.urgentTask()
    let rules = BackgroundRules(try point.settings("echo 'mail server down' >&2; exit 3"), database: point.database, terminal: "test") {
      TaskRulesTests.now + 7201
    }
    rules.run()
    rules.finish()
    let problems = rules.takeProblems().map { $0.text(.en) }
    #expect(problems.count == 1)
    #expect(problems.first?.contains("exit status 3: mail server down") == true, "\(problems)")
    #expect(problems.first?.contains(String(task.id)) == true)
    #expect(rules.takeProblems().isEmpty, "told once")
  }
}
