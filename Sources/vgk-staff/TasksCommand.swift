import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

/// `vgk-staff tasks`: the task board from the command line.
struct Tasks: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List, add and work on the point's tasks; run the task rules and escalations.",
    discussion: """
      Every task has an SLA from its priority (URGENT 2 h, HIGH 8 h, MEDIUM 24 h, LOW 48 h unless \
      the config says otherwise) that runs from its creation and stops while it waits. See \
      THE TASK BOARD in vgk-staff(1).
      """,
    subcommands: [List.self, Show.self, Add.self, Start.self, Wait.self, Resume.self, Done.self, Cancel.self, Assign.self,
                  PriorityCommand.self, Sync.self])

  /// `--staff` and `--json`, shared by the commands that change a task.
  struct Common: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the task as one JSON object.") var json = false
    @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?

    func login() throws -> String { try Environment.requiredStaffLogin(staff) }
  }

  static func taskID(_ text: String) throws -> Int64 {
    switch Identifier.marketplaceID(text) {
    case .success(let v): return v
    case .failure(let e): throw ValidationError("the task id \(e.reason)")
    }
  }

  /// Opens the database and gives `command` to the task; prints it.
  static func change(_ id: String, _ command: TaskCommand, _ common: Common) throws {
    let taskID = try taskID(id)
    let env = try Environment.resolve(common.global)
    let policy = try env.config.slaPolicy()
    let database = try env.open()
    let login = try env.require(command.permission, staff: common.staff, database)
    let board = TaskBoard(database: database, policy: policy)
    let now = try currentTime(database)
    let task = try board.apply(command, to: taskID, by: login, terminal: try Environment.terminalName(), now: now)
    if common.json {
      printJSON(TaskJSON.fields(task, now: now, policy: policy))
    } else {
      print(TaskText.changed(task, command, now: now, policy: policy))
    }
  }

  // MARK: list, show, add

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List tasks, the least time left first (exit status 1 when none matches).",
      discussion: """
        Without --status: the open, in-progress and waiting tasks. --status board adds those \
        closed in the last 24 hours; --status open|in_progress|waiting|done|cancelled shows one \
        state. A waiting task is listed by the time it had left when it began to wait.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("active (default), board, open, in_progress, waiting, done or cancelled.", valueName: "state"))
    var status: String?
    @Option(help: ArgumentHelp("Only this task type (STOCK_RECEIVE, ORDER_PICKUP…).", valueName: "type")) var type: String?
    @Flag(help: "Only your tasks (--staff or $VGK_STAFF_USER).") var mine = false
    @Flag(help: "Only tasks nobody has.") var unassigned = false
    @Option(help: ArgumentHelp("Only this person's tasks.", valueName: "login")) var assignee: String?
    @Flag(help: "Only open or in-progress tasks past due.") var overdue = false
    @Option(help: ArgumentHelp("At most this many tasks (default 500).", valueName: "n")) var limit: Int = 500
    @Option(help: ArgumentHelp("Your staff login, for --mine (default: $VGK_STAFF_USER).", valueName: "login")) var staff: String?
    @Flag(help: "One JSON object per task, then one summary object.") var json = false

    func validate() throws {
      guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000") }
      if [mine, unassigned, assignee != nil].filter({ $0 }).count > 1 {
        throw ValidationError("--mine, --unassigned and --assignee each choose the assignee: give one")
      }
      if overdue && status != nil { throw ValidationError("--overdue is a state of its own: give it or --status, not both") }
    }

    func filter() throws -> TaskFilter {
      var filter = TaskFilter(state: .active)
      if overdue { filter.state = .overdue }
      if let status {
        switch status.lowercased() {
        case "active": filter.state = .active
        case "board": filter.state = .board
        default:
          switch TaskStatus.parse(status) {
          case .success(let s): filter.state = .status(s)
          case .failure(let e): throw ValidationError("--status: \(e.reason), active, board")
          }
        }
      }
      if let type {
        switch TaskType.parse(type) {
        case .success(let t): filter.type = t
        case .failure(let e): throw ValidationError("--type: \(e.reason)")
        }
      }
      if mine {
        guard let me = try Environment.staffLogin(staff) else {
          throw Environment.missingStaff("tasks list --mine")
        }
        filter.assignee = .login(me)
      }
      if unassigned { filter.assignee = .nobody }
      if let assignee {
        switch Identifier.login(assignee) {
        case .success(let l): filter.assignee = .login(l)
        case .failure(let e): throw ValidationError("--assignee: a staff login \(e.reason)")
        }
      }
      return filter
    }

    func run() throws {
      let filter = try filter()
      let env = try Environment.resolve(global)
      let policy = try env.config.slaPolicy()
      let database = try env.open()
      // A login nobody has is a mistake in the command, not an empty board.
      if case .login(let login) = filter.assignee, try Accounts.account(database, login: login) == nil {
        throw ValidationError("--assignee: '\(login)' is not a staff login of this point")
      }
      let now = try currentTime(database)
      let page = try TaskBoard(database: database, policy: policy).list(filter, now: now, limit: limit)
      if json {
        for t in page.tasks { printJSON(TaskJSON.fields(t, now: now, policy: policy)) }
        printJSON([("shown", .int(Int64(page.tasks.count))), ("total", .int(Int64(page.total))), ("at", .string(now.iso8601))])
      } else {
        print(TaskText.table(page.tasks, now: now, policy: policy, language: Output.language))
        print(page.tasks.count == page.total ? "\(page.total) task\(page.total == 1 ? "" : "s")." : "\(page.tasks.count) of \(page.total) tasks.")
      }
      if page.tasks.isEmpty { throw ExitCode(1) }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one task with its SLA (exit status 1 when there is none).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the task as one JSON object.") var json = false
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String

    func run() throws {
      let taskID = try Tasks.taskID(id)
      let env = try Environment.resolve(global)
      let policy = try env.config.slaPolicy()
      let database = try env.open()
      let now = try currentTime(database)
      let task = try TaskBoard(database: database, policy: policy).task(taskID)
      if json {
        printJSON(TaskJSON.fields(task, now: now, policy: policy))
      } else {
        print(TaskText.detail(task, now: now, policy: policy, language: Output.language))
      }
    }
  }

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a task by hand; its SLA starts now.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("The task type: \(TaskType.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "type"))
    var type: String
    @Option(help: ArgumentHelp("URGENT, HIGH, MEDIUM (default) or LOW.", valueName: "priority")) var priority: String = "MEDIUM"
    @Option(help: ArgumentHelp("What is to be done (1 to 120 characters).", valueName: "text")) var title: String
    @Option(help: ArgumentHelp("More about it.", valueName: "text")) var details: String?
    @Option(help: ArgumentHelp("Give it to this person.", valueName: "login")) var assign: String?
    @Option(help: ArgumentHelp("The order it is about.", valueName: "id")) var order: String?
    @Option(help: ArgumentHelp("The product it is about.", valueName: "id")) var product: String?

    func run() throws {
      let type: TaskType
      switch TaskType.parse(self.type) {
      case .success(let t): type = t
      case .failure(let e): throw ValidationError("--type: \(e.reason)")
      }
      let priority: Priority
      switch Priority.parse(self.priority) {
      case .success(let p): priority = p
      case .failure(let e): throw ValidationError("--priority: \(e.reason)")
      }
      if case .failure(let e) = NewTask.title(title) { throw ValidationError("--title: \(e.reason)") }
      var details: String?
      if let d = self.details {
        switch Identifier.text(d, max: 1000) {
        case .success(let t): details = t
        case .failure(let e): throw ValidationError("--details \(e.reason)")
        }
      }
      func id(_ text: String?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        switch Identifier.marketplaceID(text) {
        case .success(let v): return v
        case .failure(let e): throw ValidationError("--\(name): the id \(e.reason)")
        }
      }
      let env = try Environment.resolve(common.global)
      let policy = try env.config.slaPolicy()
      let database = try env.open()
      let login = try env.require(.manageTask, staff: common.staff, database)
      let now = try currentTime(database)
      let new = NewTask(
        type: type, priority: priority, title: title, details: details, assignee: assign, orderID: try id(order, "order"),
        productID: try id(product, "product"))
      let task = try TaskBoard(database: database, policy: policy).add(new, by: login, terminal: try Environment.terminalName(), now: now)
      if common.json {
        printJSON(TaskJSON.fields(task, now: now, policy: policy))
      } else {
        print("Task \(task.id) added: \(task.title) (\(task.type.rawValue), \(task.priority.rawValue), due \(task.due(at: now).douala)).")
      }
    }
  }

  // MARK: commands to one task

  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a task (it becomes yours if it is nobody's).")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    func run() throws { try Tasks.change(id, .start, common) }
  }

  struct Wait: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put a task on hold: its SLA clock stops until it is resumed.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("Whom it waits for: customer, supplier or other_staff.", valueName: "reason")) var reason: String
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    func run() throws {
      switch WaitingReason.parse(reason) {
      case .success(let r): try Tasks.change(id, .wait(r), common)
      case .failure(let e): throw ValidationError("--reason: \(e.reason)")
      }
    }
  }

  struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Resume a waiting task: its SLA clock runs again.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    func run() throws { try Tasks.change(id, .resume, common) }
  }

  struct Done: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a task done.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    func run() throws { try Tasks.change(id, .done, common) }
  }

  struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a task, saying why.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("Why (1 to 200 characters).", valueName: "text")) var reason: String
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    func run() throws { try Tasks.change(id, .cancel(reason: reason), common) }
  }

  struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Give a task to someone, or (with --nobody) to no one.")
    @OptionGroup var common: Common
    @Flag(help: "Take the task away from whoever has it.") var nobody = false
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("Whom to give it to.", valueName: "login")) var to: String?

    func validate() throws {
      if nobody == (to != nil) { throw ValidationError("give a login to assign the task to, or --nobody") }
    }

    func run() throws {
      var login: String?
      if let to {
        switch Identifier.login(to) {
        case .success(let l): login = l
        case .failure(let e): throw ValidationError("a staff login \(e.reason)")
        }
      }
      try Tasks.change(id, .assign(login), common)
    }
  }

  struct PriorityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "priority",
      abstract: "Change a task's priority: its SLA becomes the new priority's, still counted from its creation.")
    @OptionGroup var common: Common
    @Argument(help: ArgumentHelp("The task id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("URGENT, HIGH, MEDIUM or LOW.", valueName: "priority")) var priority: String
    func run() throws {
      switch Priority.parse(priority) {
      case .success(let p): try Tasks.change(id, .priority(p), common)
      case .failure(let e): throw ValidationError("\(e.reason)")
      }
    }
  }

  // MARK: sync

  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the task rules once: tasks from events and schedules, and escalation of new breaches.",
      discussion: """
        Makes the tasks that events call for (each event once), closes those whose event is \
        over, returns orders past their hold, makes the scheduled tasks (config schedule.NAME) and, \
        with escalation_command in the config, runs it once for each new breach with the task as \
        JSON on standard input. The console and watch do the same every minute; this is for a \
        timer when neither runs. Exit status 1 when an escalation command failed.
        """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object per task made, changed or escalated, then one summary object.") var json = false

    func run() throws {
      let env = try Environment.resolve(global)
      let settings = try TaskSettings(env.config)
      let database = try env.open()
      let now = try currentTime(database)
      let report = try TaskRules.run(settings, database: database, now: now, terminal: try Environment.terminalName())
      let s = report.sync
      for t in s.created {
        if json {
          printJSON([("event", .string("created"))] + TaskJSON.fields(t, now: now, policy: settings.policy))
        } else {
          print("Task \(t.id) made: \(t.title(Output.language)) (\(t.type.rawValue), \(t.priority.rawValue), source \(t.sourceKey ?? "-")).")
        }
      }
      for c in s.changed {
        if json {
          printJSON([("event", .string("changed")), ("id", .int(c.id)), ("status", .string(c.status.rawValue))])
        } else {
          print("Task \(c.id) is now \(c.status.rawValue).")
        }
      }
      for r in s.returned {
        if json {
          printJSON([("event", .string("returned")), ("order", .int(r.orderID)), ("return_task", .int(r.returnTaskID))])
        } else {
          print("Order \(r.orderID) returned (hold over); return task \(r.returnTaskID).")
        }
      }
      for e in report.escalations {
        if json {
          printJSON([
            ("event", .string("escalated")), ("id", .int(e.task.id)), ("ok", .bool(e.error == nil)), ("error", .str(e.error)),
          ])
        } else if let error = e.error {
          printError("vgk-staff: escalating task \(e.task.id) failed: \(error)")
        } else {
          print("Task \(e.task.id) escalated (late \(TaskText.span(max(0, -e.task.secondsLeft(at: now))))).")
        }
      }
      let failed = report.escalations.filter { $0.error != nil }.count
      if json {
        printJSON([
          ("created", .int(Int64(s.created.count))), ("changed", .int(Int64(s.changed.count))),
          ("returned", .int(Int64(s.returned.count))), ("escalated", .int(Int64(report.escalations.count))),
          ("escalation_failures", .int(Int64(failed))), ("at", .string(now.iso8601)),
        ])
      } else if s.created.isEmpty && s.changed.isEmpty && s.returned.isEmpty && report.escalations.isEmpty {
        print("Nothing to do at \(now.douala).")
      }
      if failed > 0 { throw ExitCode(1) }
    }
  }
}
