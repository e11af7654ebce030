import Foundation
import Testing
import TestSupport

private let nine = "2026-11-20T09:00:00+01:00"
private let nineSeconds: Int64 = 1_795_161_600

private func objects(_ out: String) -> [[String: Any]] {
  out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

/// `vgk-staff tasks` end to end, on a database on disk, with the clock pinned.
@Suite struct TasksCommandTests {
  func at(_ offset: Int64) -> [String: String] { ["VGK_STAFF_NOW": String(nineSeconds + offset), "VGK_STAFF_USER": "amina.n"] }

  @Test func aTaskFromAddToDone() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    var r = try s.run(
      ["--db", db, "tasks", "add", "--type", "reporting", "--priority", "urgent", "--title", "Rapport coupure de courant", "--json"],
      env: at(0))
    #expect(r.status == 0, "\(r.err)")
    let added = try #require(objects(r.out).first)
    let id = try #require(added["id"] as? Int)
    #expect(added["status"] as? String == "open" && added["sla_seconds"] as? Int == 7200 && added["sla_state"] as? String == "on_time")
    #expect(added["due_at"] as? String == "2026-11-20T11:00:00+01:00" && added["source"] is NSNull)
    r = try s.run(["--db", db, "tasks", "start", String(id)], env: at(60))
    #expect(r.status == 0 && r.out.hasPrefix("Task \(id) started by amina.n"), "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "tasks", "wait", "--reason", "supplier", String(id)], env: at(600))
    #expect(r.out == "Task \(id) waits for the supplier: its SLA clock has stopped.\n", "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "tasks", "show", String(id), "--json"], env: at(4200))
    let waiting = try #require(objects(r.out).first)
    #expect(waiting["seconds_left"] as? Int == 6600 && waiting["sla_state"] as? String == "paused" && waiting["paused_seconds"] as? Int == 3600)
    r = try s.run(["--db", db, "tasks", "resume", String(id)], env: at(4200))
    #expect(r.out == "Task \(id) resumed: due 2026-11-20 12:00 (1 h paused in all).\n", "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "tasks", "priority", String(id), "low"], env: at(4300))
    #expect(r.out.contains("is now LOW: SLA 48 h, due 2026-11-22 10:00"), "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "tasks", "assign", String(id), "brice.k"], env: at(4400))
    #expect(r.out == "Task \(id) is now brice.k's.\n")
    r = try s.run(["--db", db, "tasks", "list", "--assignee", "brice.k"], env: at(4500))
    #expect(r.status == 0 && r.out.contains("Rapport coupure de courant") && r.out.hasSuffix("1 task.\n"), "\(r.out)")
    r = try s.run(["--db", db, "tasks", "done", String(id), "--json"], env: at(5000))
    #expect(objects(r.out).first?["done_within_sla"] as? Bool == true)
    // Closed: every command is refused, with exit status 1, and changes nothing.
    for args in [["start", String(id)], ["done", String(id)], ["cancel", "--reason", "x", String(id)], ["assign", String(id), "--nobody"]] {
      r = try s.run(["--db", db, "tasks"] + args, env: at(5100))
      #expect(r.status == 1 && r.err == "vgk-staff: task \(id) is done: a closed task cannot be changed\n", "\(args) \(r.err)")
    }
    r = try s.run(["--db", db, "tasks", "list", "--status", "done", "--json"], env: at(5200))
    #expect(objects(r.out).filter { $0["id"] as? Int == id }.count == 1)
    #expect(objects(r.out).last?["total"] as? Int == 1)
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id = '\(id)'"]).out == "7\n")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func badInputIsRefusedWithAReason() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let cases: [([String], Int32, String)] = [
      (["add", "--type", "SWEEPING", "--title", "x"], 2, "--type: 'SWEEPING' is not one of: STOCK_RECEIVE"),
      (["add", "--type", "CLEANING", "--priority", "ASAP", "--title", "x"], 2, "--priority: 'ASAP' is not one of"),
      (["add", "--type", "CLEANING", "--title", "   "], 2, "--title: the title is empty"),
      (["add", "--type", "CLEANING", "--title", String(repeating: "é", count: 121)], 2, "longer than 120 characters"),
      (["add", "--type", "CLEANING", "--title", "bip\u{7}"], 2, "contains a control character"),
      (["add", "--type", "CLEANING", "--title", "x", "--order", "01"], 2, "--order: the id"),
      (["add", "--type", "CLEANING", "--title", "x", "--assign", "ghost.x"], 2, "'ghost.x' is not a staff login"),
      (["start", "abc"], 2, "the task id"),
      (["start", "99999"], 1, "there is no task 99999"),
      (["wait", "--reason", "lunch", "1"], 2, "--reason: 'lunch' is not one of: customer, supplier, other_staff"),
      (["cancel", "--reason", "  ", "1"], 1, "cancelling task 1 needs a reason"),
      (["assign", "1"], 2, "give a login to assign the task to, or --nobody"),
      (["assign", "1", "amina.n", "--nobody"], 2, "give a login to assign the task to, or --nobody"),
      (["priority", "1", "soon"], 2, "'soon' is not one of"),
      (["list", "--status", "late"], 2, "--status: 'late' is not one of"),
      (["list", "--overdue", "--status", "open"], 2, "--overdue is a state of its own"),
      (["list", "--mine", "--unassigned"], 2, "give one"),
      (["list", "--assignee", "nobody.x"], 2, "--assignee: 'nobody.x' is not a staff login of this point"),
      (["list", "--limit", "0"], 2, "--limit must be from 1 to 100000"),
    ]
    _ = try s.run(["--db", db, "tasks", "add", "--type", "CLEANING", "--title", "Balayer"], env: at(0))
    for (args, status, message) in cases {
      let r = try s.run(["--db", db, "tasks"] + args, env: at(60))
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    let r = try s.run(["--db", db, "tasks", "start", "1"], env: ["VGK_STAFF_NOW": nine])
    #expect(r.status == 2 && r.err.contains("needs your staff login"), "\(r.err)")
    // A config with a bad SLA or schedule names the key.
    for (line, message) in [
      ("sla_urgent = soon", "config sla_urgent: 'soon' is not a duration"),
      ("sla_at_risk_percent = 100", "config sla_at_risk_percent: '100' is not a whole number from 1 to 99"),
      ("schedule.clean = 0 25 * * * CLEANING LOW Clean", "config schedule.clean: the hour field '25': 25 is outside 0-23"),
    ] {
      let config = s.write("bad.conf", line + "\n")
      let r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(60))
      #expect(r.status == 2 && r.err.contains(message), "\(line): \(r.err)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tasks"]).out == "1\n", "nothing was written")
  }

  /// A task the rules made is titled in the reader's language (config `lang`, else the locale);
  /// `--json` keeps the English words.
  @Test func ruleMadeTitlesInTheReadersLanguage() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    var r = try s.run(["--db", db, "tasks", "sync", "--json"], env: at(0).merging(["LC_ALL": "C"]) { $1 })
    #expect(r.status == 0, "\(r.err)")
    let made = try #require(objects(r.out).first { $0["source"] as? String == "order-pickup:1040001" })
    let id = try #require(made["id"] as? Int)
    #expect((made["title"] as? String)?.hasPrefix("Hand over order 1040001") == true, "\(made)")
    let french = at(60).merging(["LC_ALL": "fr_CM.UTF-8"]) { $1 }
    r = try s.run(["--db", db, "tasks", "show", String(id)], env: french)
    #expect(r.status == 0 && r.out.hasPrefix("Task \(id): Remettre la commande 1040001"), "\(r.out)\(r.err)")
    #expect(r.out.contains("Rangez le colis"), "the details too: \(r.out)")
    r = try s.run(["--db", db, "tasks", "list"], env: french)
    #expect(r.out.contains("Remettre la commande 1040001"), "\(r.out)")
    r = try s.run(["--db", db, "tasks", "show", String(id), "--json"], env: french)
    #expect((objects(r.out).first?["title"] as? String)?.hasPrefix("Hand over order 1040001") == true, "\(r.out)")
    r = try s.run(["--db", db, "tasks", "show", String(id)], env: at(60).merging(["LC_ALL": "C"]) { $1 })
    #expect(r.out.hasPrefix("Task \(id): Hand over order 1040001"), "\(r.out)")
    let config = s.write("fr.conf", "lang = fr\n")
    r = try s.run(["--db", db, "--config", config, "tasks", "show", String(id)], env: at(60).merging(["LC_ALL": "C"]) { $1 })
    #expect(r.out.hasPrefix("Task \(id): Remettre la commande 1040001"), "config lang over the locale: \(r.out)\(r.err)")
  }

  /// The rules from the command line: the ready orders' pickup tasks, a schedule, the SLAs of the
  /// config; and a breach escalated exactly once, the task as JSON on the command's input.
  @Test func syncMakesTasksAndEscalatesEachBreachOnce() throws {
    let (s, db) = try counterSandbox(readyOrders: 2)
    let log = s.file("sms.log")
    let script = s.write("sms.sh", "#!/bin/sh\ncat >> \(log)\necho \"id=$VGK_TASK_ID\" >> \(log)\n")
    chmod(script, 0o755)
    let config = s.write(
      "config",
      """
      sla_urgent = 30m
      sla_at_risk_percent = 50
      schedule.open = 0 8 * * * CLEANING URGENT Ouvrir et balayer
      escalation_command = \(script) --to +237690000000

      """)
    var r = try s.run(["--db", db, "--config", config, "tasks", "sync", "--json"], env: at(0))
    #expect(r.status == 0, "\(r.err)")
    let made = objects(r.out).filter { $0["event"] as? String == "created" }
    #expect(made.compactMap { $0["source"] as? String }.sorted() == [
      "order-pickup:1040001", "order-pickup:6000001", "order-pickup:6000002", "schedule:open:\(nineSeconds - 3600)",
    ])
    let clean = try #require(made.first { $0["type"] as? String == "CLEANING" })
    #expect(clean["sla_seconds"] as? Int == 1800 && clean["created_at"] as? String == "2026-11-20T08:00:00+01:00")
    #expect(clean["sla_state"] as? String == "breached", "made at 09:00 for 08:00, half an hour allowed")
    // It was late when made: escalated in the same pass, once.
    #expect(objects(r.out).filter { $0["event"] as? String == "escalated" }.count == 1)
    for offset: Int64 in [60, 120] {
      r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(offset))
      #expect(r.status == 0 && r.out == "Nothing to do at 2026-11-20 09:0\(offset / 60).\n", "\(r.out)\(r.err)")
    }
    let sent = try String(contentsOfFile: log, encoding: .utf8)
    #expect(sent.components(separatedBy: "id=").count == 2, "one message: \(sent)")
    let payload = try #require(objects(sent).first)
    #expect(payload["event"] as? String == "task.breached" && payload["point"] as? String == "DLA-E2E")
    #expect(payload["title"] as? String == "Ouvrir et balayer" && payload["seconds_left"] as? Int == -1800)
    #expect(sent.contains("id=\(clean["id"] as? Int ?? -1)\n"))
    // The list shows it late, the pickup tasks paused (their orders are ready: waiting for the customer).
    r = try s.run(["--db", db, "--config", config, "tasks", "list"], env: at(180))
    #expect(r.out.contains("-0 h 33 min late  open") && r.out.contains("1 d 0 h paused    waiting  MEDIUM    ORDER_PICKUP"), "\(r.out)")
    r = try s.run(["--db", db, "--config", config, "tasks", "list", "--overdue", "--json"], env: at(180))
    #expect(objects(r.out).first?["title"] as? String == "Ouvrir et balayer" && objects(r.out).count == 2)
  }

  @Test func aFailingEscalationIsReportedAndNotRepeated() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let config = s.write("config", "escalation_command = echo gateway down >&2; exit 3\nescalation_timeout_seconds = 5\n")
    _ = try s.run(["--db", db, "tasks", "add", "--type", "REPORTING", "--priority", "URGENT", "--title", "Rapport"], env: at(0))
    var r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(7201))
    #expect(r.status == 1 && r.err.contains("escalating task 1 failed: exit status 3: gateway down"), "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(7300))
    #expect(r.status == 0, "not run again: \(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT after FROM audit_log WHERE action = 'task.escalation_failed'"]).out == "exit status 3: gateway down\n")
    // A command that hangs is stopped.
    let slow = s.write("slow.conf", "escalation_command = sleep 30\nescalation_timeout_seconds = 1\n")
    _ = try s.run(["--db", db, "tasks", "add", "--type", "REPORTING", "--priority", "URGENT", "--title", "Encore"], env: at(0))
    r = try s.run(["--db", db, "--config", slow, "tasks", "sync"], env: at(7400))
    #expect(r.status == 1 && r.err.contains("did not finish within 1 s (stopped)"), "\(r.err)")
  }

  /// A `tasks sync` killed with SIGKILL while its escalation command runs does not lose the
  /// escalation: a later pass, once the claim is older than the timeout and a minute, runs the
  /// command again.
  @Test func anEscalationCutShortByAKillIsRunAgainLater() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let log = s.file("sent.log")
    let pidFile = s.file("command.pid")
    let script = s.write("sms.sh", "#!/bin/sh\necho $$ > \(pidFile)\nif [ -e \(s.file("hang")) ]; then exec sleep 30; fi\necho \"sent $VGK_TASK_ID\" >> \(log)\n")
    chmod(script, 0o755)
    _ = s.write("hang", "")
    let config = s.write("config", "escalation_command = \(script)\nescalation_timeout_seconds = 20\n")
    _ = try s.run(["--db", db, "tasks", "add", "--type", "REPORTING", "--priority", "URGENT", "--title", "Rapport"], env: at(0))
    let (sync, _, _) = try s.start(["--db", db, "--config", config, "tasks", "sync"], env: at(7201))
    // The command is running (it wrote its pid and hangs): the process that ran it dies.
    // The shell makes the file before it writes the number: wait for the number, not the file.
    func written() -> Int32? {
      (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    waitUntil("the command's pid in \(pidFile)", timeout: 20) { written() != nil }
    let commandPID = try #require(written())
    kill(sync.processIdentifier, SIGKILL)
    sync.waitUntilExit()
    kill(commandPID, SIGKILL)
    try FileManager.default.removeItem(atPath: s.file("hang"))
    // Within the timeout and a minute, the claim may still be a live command's: left alone.
    var r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(7201 + 79))
    #expect(r.status == 0 && (try? String(contentsOfFile: log, encoding: .utf8)) == nil, "\(r.out)\(r.err)")
    // Past it, the command runs again, and only once.
    r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(7201 + 80))
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(["--db", db, "--config", config, "tasks", "sync"], env: at(7201 + 500))
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "sent 1\n")
    #expect(try shell("sqlite3", [db, "SELECT action FROM audit_log WHERE action LIKE 'task.escalat%' ORDER BY id"]).out
      == "task.escalated\ntask.escalation_retried\n")
  }
}
