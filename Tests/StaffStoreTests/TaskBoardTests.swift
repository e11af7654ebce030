import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// The task board on a real database: commands, lists, the event rules and escalation.
@Suite struct TaskBoardTests {
  func board(_ f: CounterFixture) -> TaskBoard { TaskBoard(database: f.database) }

  func keys(_ s: TaskSync) -> [String] { s.created.compactMap(\.sourceKey).sorted() }

  func task(_ f: CounterFixture, key: String) throws -> TaskRecord? {
    guard let id = try f.int("SELECT id FROM tasks WHERE source_key = ?", [key]) else { return nil }
    return try board(f).task(id)
  }

  func sql(_ f: CounterFixture, _ text: String, _ args: StatementArguments = []) throws {
    try f.database.write { try $0.execute(sql: text, arguments: args) }
  }

  // MARK: Commands

  @Test func aTaskIsAddedWorkedAndClosedWithAnAuditRowEachTime() throws {
    let f = try CounterFixture()
    let b = board(f)
    let audits = try f.int("SELECT count(*) FROM audit_log") ?? 0
    var t = try b.add(NewTask(type: .reporting, priority: .urgent, title: "  Power cut report  "), by: "amina.n", terminal: "c1", now: testNow)
    #expect(t.title == "Power cut report" && t.status == .open && t.slaSeconds == 7200 && t.createdAt == testNow && t.sourceKey == nil)
    t = try b.apply(.start, to: t.id, by: "brice.k", now: testNow + 60)
    #expect(t.status == .inProgress && t.assignee == "brice.k")
    t = try b.apply(.wait(.otherStaff), to: t.id, by: "brice.k", now: testNow + 600)
    t = try b.apply(.resume, to: t.id, by: "brice.k", now: testNow + 1800)
    #expect(t.pausedSeconds == 1200 && t.status == .inProgress)
    t = try b.apply(.priority(.high), to: t.id, by: "solange.e", now: testNow + 1800)
    #expect(t.slaSeconds == 28800)
    t = try b.apply(.assign("amina.n"), to: t.id, by: "solange.e", now: testNow + 1900)
    t = try b.apply(.done, to: t.id, by: "amina.n", now: testNow + 3600)
    #expect(t.status == .done && t.closedAt == testNow + 3600 && t.doneWithinSLA == true && t.assignee == "amina.n")
    #expect(try f.int("SELECT count(*) FROM audit_log") == audits + 7)
    let last = try f.database.read {
      try Row.fetchOne($0, sql: "SELECT action, entity_id, before, after, staff_id FROM audit_log ORDER BY id DESC LIMIT 1")
    }
    #expect(last?["action"] == "task.done" && last?["entity_id"] == String(t.id))
    #expect((last?["before"] as String?)?.hasPrefix("in_progress HIGH sla=28800 paused=1200 assignee=amina.n") == true)
    #expect((last?["after"] as String?)?.hasPrefix("done HIGH") == true)
    #expect(try DatabaseCheck.run(f.database).isEmpty)
  }

  @Test func refusalsChangeNothing() throws {
    let f = try CounterFixture()
    let b = board(f)
    let t = try b.add(NewTask(type: .cleaning, priority: .low, title: "Clean"), by: "amina.n", now: testNow)
    _ = try b.apply(.done, to: t.id, by: "amina.n", now: testNow)
    let before = try f.untouched()
    #expect(throws: TaskRefusal(task: t.id, .closed(.done), Message(.taskClosed, .id(t.id), .word(.taskStatus, "done")))) {
      try b.apply(.start, to: t.id, by: "amina.n", now: testNow)
    }
    #expect(throws: TaskRefusal(task: 999, .noSuchTask, Message(.taskMissing, .id(999)))) { try b.apply(.start, to: 999, by: "amina.n", now: testNow) }
    expectSaid(.refused("the staff account old.k is not active")) {
      try b.apply(.start, to: t.id, by: "old.k", now: testNow)
    }
    #expect(throws: StoreError.self) { try b.apply(.assign("nobody.x"), to: t.id, by: "amina.n", now: testNow) }
    expectSaid(.invalid("the title is empty")) {
      try b.add(NewTask(type: .cleaning, priority: .low, title: "   "), by: "amina.n", now: testNow)
    }
    expectSaid(.invalid("the title contains a control character")) {
      try b.add(NewTask(type: .cleaning, priority: .low, title: "a\u{1B}[2J"), by: "amina.n", now: testNow)
    }
    #expect(try f.untouched() == before)
  }

  // MARK: Lists

  /// Open tasks by time left (a waiting one by what it had left when it began to wait), then
  /// the closed ones of the last day; the filters; the totals beyond the page.
  @Test func theBoardIsSortedByTimeLeftAndFiltered() throws {
    let f = try CounterFixture()
    let b = board(f)
    // The fixture: 5001's task waiting (HIGH, 8 h from 07:30, waiting since 08:30: 7 h left),
    // 5007's reminder open (LOW, 48 h from 07:30: 46 h left).
    let urgent = try b.add(NewTask(type: .reporting, priority: .urgent, title: "Urgent"), by: "amina.n", now: testNow)  // 2 h
    let medium = try b.add(NewTask(type: .cleaning, priority: .medium, title: "Medium", assignee: "brice.k"), by: "amina.n", now: testNow)
    let closed = try b.add(NewTask(type: .cleaning, priority: .low, title: "Closed"), by: "amina.n", now: testNow)
    _ = try b.apply(.done, to: closed.id, by: "amina.n", now: testNow)
    let titles = { (filter: TaskFilter, at: Timestamp) in try b.list(filter, now: at).tasks.map(\.title) }
    #expect(try titles(TaskFilter(), testNow) == ["Urgent", "Call Marie about 5001", "Medium", "SMS reminder 5007", "Closed"])
    // Five hours on, the waiting task still has 7 h; the medium one 19 h; the urgent is late.
    #expect(try titles(TaskFilter(), testNow + 5 * 3600) == ["Urgent", "Call Marie about 5001", "Medium", "SMS reminder 5007", "Closed"])
    #expect(try titles(TaskFilter(), testNow + 13 * 3600).prefix(3) == ["Urgent", "Call Marie about 5001", "Medium"], "7 h before 11 h")
    #expect(try titles(TaskFilter(), testNow + 18 * 3600).prefix(3) == ["Urgent", "Medium", "Call Marie about 5001"], "6 h before 7 h")
    #expect(try titles(TaskFilter(), testNow + 86400).last == "Closed", "closed exactly a day ago: still on the board")
    #expect(try titles(TaskFilter(), testNow + 86401) == ["Urgent", "Medium", "Call Marie about 5001", "SMS reminder 5007"], "closed over a day ago")
    #expect(try titles(TaskFilter(state: .overdue), testNow + 3 * 3600) == ["Urgent"])
    #expect(try titles(TaskFilter(state: .status(.waiting)), testNow) == ["Call Marie about 5001"])
    #expect(try titles(TaskFilter(state: .status(.done)), testNow + 9 * 86400) == ["Closed"])
    #expect(try titles(TaskFilter(state: .active, type: .cleaning), testNow) == ["Medium"])
    #expect(try titles(TaskFilter(state: .active, assignee: .login("brice.k")), testNow) == ["Medium"])
    #expect(try titles(TaskFilter(state: .active, assignee: .nobody), testNow) == ["Urgent", "Call Marie about 5001", "SMS reminder 5007"])
    #expect(try titles(TaskFilter(assignee: .login("nobody.x")), testNow).isEmpty)
    let page = try b.list(TaskFilter(), now: testNow, limit: 2)
    #expect(page.tasks.map(\.id) == [urgent.id, page.tasks[1].id] && page.total == 5)
    #expect(try b.list(TaskFilter(state: .active), now: testNow, limit: 3).tasks.last?.id == medium.id)
    // What the domain's filter says, the query says.
    for filter in [TaskFilter(), TaskFilter(state: .overdue), TaskFilter(state: .active, type: .cleaning), TaskFilter(assignee: .nobody)] {
      let all = try b.list(TaskFilter(state: .status(.open)), now: testNow + 3 * 3600).tasks
        + b.list(TaskFilter(state: .status(.waiting)), now: testNow + 3 * 3600).tasks
        + b.list(TaskFilter(state: .status(.done)), now: testNow + 3 * 3600).tasks
      let expected = Set(all.filter { filter.admits($0, now: testNow + 3 * 3600) }.map(\.id))
      #expect(Set(try b.list(filter, now: testNow + 3 * 3600).tasks.map(\.id)) == expected, "\(filter)")
    }
  }

  /// The board's queries read the task indexes in order, however many tasks there are.
  @Test func theBoardReadsItsIndexes() throws {
    let f = try CounterFixture()
    func plan(_ sql: String) throws -> String {
      try f.database.read { try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ") }
    }
    let active = try plan(
      "SELECT id FROM tasks t WHERE t.status IN ('open', 'in_progress') ORDER BY t.created_at + t.sla_seconds + t.paused_seconds, t.id LIMIT 5")
    #expect(active.contains("tasks_active_due") && !active.contains("TEMP B-TREE"), "\(active)")
    let waiting = try plan(
      "SELECT id FROM tasks t WHERE t.status = 'waiting' ORDER BY t.created_at + t.sla_seconds + t.paused_seconds - t.waiting_since, t.id LIMIT 5")
    #expect(waiting.contains("tasks_waiting_left") && !waiting.contains("TEMP B-TREE"), "\(waiting)")
    let breaches = try plan(
      "SELECT count(*) FROM tasks WHERE status IN ('open', 'in_progress') AND created_at + sla_seconds + paused_seconds < 5")
    #expect(breaches.contains("tasks_active_due"), "\(breaches)")
    let byType = try plan("SELECT count(*) FROM tasks t WHERE t.status IN ('open', 'in_progress') AND t.type = 'CLEANING'")
    #expect(byType.contains("COVERING INDEX tasks_active_due"), "the type is in the index: \(byType)")
    let page = try plan(
      "SELECT id FROM tasks t WHERE t.status IN ('open', 'in_progress') AND t.type = 'CLEANING' ORDER BY t.created_at + t.sla_seconds + t.paused_seconds, t.id LIMIT 5")
    #expect(page.contains("tasks_active_due") && !page.contains("TEMP B-TREE"), "\(page)")
  }

  // MARK: Rules

  @Test func eachEventMakesOneTaskEvenWhenSeenTwice() throws {
    let f = try CounterFixture()
    let b = board(f)
    let first = try b.sync(now: testNow)
    // 5002 announced; 5003 received; 5008 and 5009 ready; 5001 has its own pickup task already;
    // 5007's hold is over: returned, its reminder cancelled, a return task.
    #expect(keys(first) == ["order-pickup:5003", "order-pickup:5008", "order-pickup:5009", "order-receive:5002", "order-return:5007"])
    #expect(first.returned.map(\.orderID) == [5007])
    #expect(try task(f, key: "order-pickup:5003")?.status == .open, "received: to be made ready, on the clock")
    let ready = try #require(try task(f, key: "order-pickup:5008"))
    #expect(ready.status == .waiting && ready.waitingReason == .customer && ready.title == "Hand over order 5008 (shelf A-01-3)")
    #expect(try task(f, key: "order-receive:5002")?.type == .stockReceive)
    let audits = try f.int("SELECT count(*) FROM audit_log")
    let second = try b.sync(now: testNow + 60)
    #expect(second == TaskSync(), "the same events again: nothing")
    #expect(try f.int("SELECT count(*) FROM audit_log") == audits)
    #expect(try f.int("SELECT count(*) FROM tasks WHERE order_id = 5001") == 1)
  }

  /// Two processes running the rules at the same moment still make each task once.
  @Test func twoProcessesAtOnceMakeEachTaskOnce() throws {
    let f = try CounterFixture()
    let other = try AppDatabase.open(path: f.database.path)
    defer { try? other.close() }
    let boards = [board(f), TaskBoard(database: other)]
    let made = LockedCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      if let s = try? boards[i % 2].sync(now: testNow) { made.add(s.created.count) }
    }
    #expect(made.value == 5, "four from events and the return task")
    #expect(try f.int("SELECT count(*) FROM tasks WHERE source_key IS NOT NULL") == 5)
  }

  @Test func tasksFollowTheirOrders() throws {
    let f = try CounterFixture()
    let b = board(f)
    _ = try b.sync(now: testNow)
    // The announced order arrives: its receive task is done and it gets a pickup task.
    try sql(f, "UPDATE orders SET status = 'received' WHERE id = 5002")
    var s = try b.sync(now: testNow + 600)
    let receive = try #require(try task(f, key: "order-receive:5002"))
    #expect(s.changed.contains(TaskChange(id: receive.id, status: .done)) && receive.closedAt == testNow + 600)
    #expect(keys(s) == ["order-pickup:5002"])
    // On its shelf: the pickup task waits for the customer.
    let shelf = try f.int("SELECT id FROM locations WHERE code = 'A-01-1'")
    try sql(f, "UPDATE orders SET status = 'ready', location_id = ? WHERE id = 5002", [shelf])
    s = try b.sync(now: testNow + 1200)
    var pickup = try #require(try task(f, key: "order-pickup:5002"))
    #expect(pickup.status == .waiting && pickup.waitingSince == testNow + 1200 && s.changed == [TaskChange(id: pickup.id, status: .waiting)])
    // Handed over three days later (marked picked up by the marketplace): done, the wait paused.
    try sql(f, "UPDATE orders SET status = 'picked_up' WHERE id = 5002")
    _ = try b.sync(now: testNow + 3 * 86400)
    pickup = try #require(try task(f, key: "order-pickup:5002"))
    #expect(pickup.status == .done && pickup.pausedSeconds == 3 * 86400 - 1200 && pickup.doneWithinSLA == true)
    // A received order cancelled: its task is cancelled.
    try sql(f, "UPDATE orders SET status = 'cancelled' WHERE id = 5003")
    _ = try b.sync(now: testNow + 3 * 86400)
    let cancelled = try #require(try task(f, key: "order-pickup:5003"))
    #expect(cancelled.status == .cancelled && cancelled.cancelReason == "the order was cancelled")
    // The counter's handover closes a rule's task (5008's, waiting).
    let right = try f.scan("ORDER:5008:LCK001", at: testNow + 7200)
    if case .failure(let r) = try f.counter.confirmHandover(orderID: 5008, scanID: right.scanID, staff: "amina.n", now: testNow + 7200) {
      Issue.record("\(r)")
    }
    let handed = try #require(try task(f, key: "order-pickup:5008"))
    #expect(handed.status == .done && handed.pausedSeconds == 7200 && handed.assignee == nil)
    #expect(try b.sync(now: testNow + 7300).changed.isEmpty, "nothing left to close")
    // (5002 was marked picked up behind the program's back, with no handover: db check says so.)
    let violations = try DatabaseCheck.run(f.database)
    #expect(violations.map(\.check) == ["handover"], "\(violations)")
  }

  @Test func ticketsTransfersAndLowStock() throws {
    let f = try CounterFixture()
    let b = board(f)
    _ = try b.sync(now: testNow)
    try sql(
      f,
      """
      INSERT INTO tickets (id, point_id, customer_id, category, priority, status, subject, created_at)
      VALUES (77, (SELECT id FROM points), 30001, 'damaged', 'HIGH', 'new', 'Écran fissuré', ?)
      """, [testNow.seconds])
    try sql(f, "INSERT INTO points (code, name, created_at) VALUES ('DLA-BALI', 'VGK Bali', 0)")
    try sql(
      f,
      """
      INSERT INTO transfers (id, from_point_id, to_point_id, status, sent_at) VALUES
        (9, (SELECT id FROM points WHERE code = 'DLA-BALI'), (SELECT id FROM points WHERE code = 'DLA-TEST'), 'sent', 0);
      INSERT INTO transfer_lines (transfer_id, product_id, quantity_sent) VALUES (9, 100001, 2), (9, 100002, 3);
      UPDATE products SET low_stock_threshold = 10 WHERE id = 100002;
      """)
    var s = try b.sync(now: testNow + 60)
    let last = try f.int("SELECT max(id) FROM movements WHERE product_id = 100002") ?? 0
    #expect(keys(s) == ["low-stock:100002:\(last)", "ticket:77", "transfer-receive:9"])
    let ticket = try #require(try task(f, key: "ticket:77"))
    #expect(ticket.type == .customerService && ticket.priority == .high && ticket.ticketID == 77 && ticket.title == "Ticket 77: Écran fissuré")
    #expect(try task(f, key: "transfer-receive:9")?.title == "Receive transfer 9 from DLA-BALI (5 items)")
    let count = try #require(try task(f, key: "low-stock:100002:\(last)"))
    #expect(count.type == .inventoryCount && count.productID == 100002 && count.title == "Count Câble USB-C 1 m: 5 left (threshold 10)")
    #expect(try b.sync(now: testNow + 120) == TaskSync())

    // The ticket waits for the customer, who answers, then it is resolved.
    try sql(f, "UPDATE tickets SET status = 'waiting_customer' WHERE id = 77")
    s = try b.sync(now: testNow + 600)
    #expect(s.changed == [TaskChange(id: ticket.id, status: .waiting)])
    try sql(f, "UPDATE tickets SET status = 'open' WHERE id = 77")
    s = try b.sync(now: testNow + 1200)
    #expect(s.changed == [TaskChange(id: ticket.id, status: .open)])
    #expect(try b.task(ticket.id).pausedSeconds == 600)
    try sql(f, "UPDATE tickets SET status = 'resolved' WHERE id = 77")
    try sql(f, "UPDATE transfers SET status = 'received' WHERE id = 9")
    s = try b.sync(now: testNow + 1800)
    #expect(Set(s.changed.map(\.status)) == [.done] && s.changed.count == 2)

    // The count is done; the same stock makes no new one; a new movement, still low, does.
    _ = try b.apply(.done, to: count.id, by: "amina.n", now: testNow + 2000)
    #expect(try b.sync(now: testNow + 2100).created.isEmpty)
    try f.database.write { db in
      let point = try PointSetup.currentPoint(db).id
      let shelf = try PointSetup.location("A-01-1", pointID: point, db)
      _ = try Ledger.post(NewMovement(type: .pick, productID: 100002, quantity: 1, from: shelf, at: testNow + 2200), pointID: point, db)
    }
    s = try b.sync(now: testNow + 2300)
    #expect(s.created.map(\.title) == ["Count Câble USB-C 1 m: 4 left (threshold 10)"])
    // While a count is open, no other.
    try f.database.write { db in
      let point = try PointSetup.currentPoint(db).id
      let shelf = try PointSetup.location("A-01-1", pointID: point, db)
      _ = try Ledger.post(NewMovement(type: .pick, productID: 100002, quantity: 1, from: shelf, at: testNow + 2400), pointID: point, db)
    }
    #expect(try b.sync(now: testNow + 2500).created.isEmpty)
  }

  @Test func schedulesMakeTheirOccurrenceOnce() throws {
    let f = try CounterFixture()
    let b = board(f)
    _ = try b.sync(now: testNow)
    guard case .success(let clean) = TaskSchedule.parse(name: "clean", "0 7 * * mon-sat CLEANING LOW Clean the counter"),
      case .success(let report) = TaskSchedule.parse(name: "report", "30 18 * * * REPORTING MEDIUM Day report")
    else {
      Issue.record("the schedules do not parse")
      return
    }
    // Thursday 09:30: today's 07:00 cleaning, and yesterday's 18:30 report (within a day).
    var s = try b.sync(now: testNow, schedules: [clean, report])
    let today7 = testNow + -(2 * 3600 + 30 * 60)
    #expect(s.created.map(\.title) == ["Clean the counter", "Day report"])
    #expect(s.created.map(\.createdAt) == [today7, today7 + -(12 * 3600 + 30 * 60)])
    #expect(s.created.first?.sourceKey == "schedule:clean:\(today7.seconds)")
    let left = try #require(s.created.first).secondsLeft(at: testNow)
    #expect(left == 172_800 - 9000, "its SLA counts from 07:00")
    #expect(try b.sync(now: testNow + 3600, schedules: [clean, report]).created.isEmpty)
    // Friday 07:00: Friday's cleaning, and Thursday's 18:30 report.
    s = try b.sync(now: today7 + 86400, schedules: [clean, report])
    #expect(s.created.map(\.sourceKey) == ["schedule:clean:\(today7.seconds + 86400)", "schedule:report:\(today7.seconds + 41400)"])
    // Sunday: no cleaning (mon-sat); the report still comes at 18:30.
    let sunday = today7 + 3 * 86400  // Sunday 07:00
    s = try b.sync(now: sunday + 12 * 3600, schedules: [clean, report])
    #expect(s.created.map(\.title) == ["Day report"], "Saturday's 07:00 is over a day old; Saturday's report made")
  }

  /// Each breach is handed out once for escalation, whoever asks and however often.
  @Test func eachBreachIsEscalatedOnce() throws {
    let f = try CounterFixture()
    let b = board(f)
    let urgent = try b.add(NewTask(type: .reporting, priority: .urgent, title: "Urgent"), by: "amina.n", now: testNow)
    #expect(try b.sync(now: testNow + 7200, escalate: true).escalate.isEmpty, "due, not late")
    #expect(try b.sync(now: testNow + 7201, escalate: false).escalate.isEmpty, "not asked")
    let other = try AppDatabase.open(path: f.database.path)
    defer { try? other.close() }
    let boards = [b, TaskBoard(database: other)]
    let handedOut = LockedCounter()
    DispatchQueue.concurrentPerform(iterations: 6) { i in
      if let s = try? boards[i % 2].sync(now: testNow + 7201 + Int64(i), escalate: true) {
        handedOut.add(s.escalate.filter { $0.id == urgent.id }.count)
      }
    }
    #expect(handedOut.value == 1)
    #expect(try b.task(urgent.id).breachNotifiedAt != nil)
    #expect(try f.int("SELECT count(*) FROM audit_log WHERE action = 'task.escalated' AND entity_id = ?", [String(urgent.id)]) == 1)
    // A new priority gives it time: a later breach is a new one.
    _ = try b.apply(.priority(.high), to: urgent.id, by: "solange.e", now: testNow + 8000)
    #expect(try b.task(urgent.id).breachNotifiedAt == nil)
    #expect(try b.sync(now: testNow + 8001, escalate: true).escalate.isEmpty)
    #expect(try b.sync(now: testNow + 28_801, escalate: true).escalate.map(\.id).contains(urgent.id))
    // The waiting are not escalated; the failed escalation is audited.
    try b.escalationFailed(urgent.id, detail: "exit status 3: gateway down", now: testNow + 28_802)
    #expect(try f.string("SELECT after FROM audit_log WHERE action = 'task.escalation_failed'") == "exit status 3: gateway down")
    #expect(try b.sync(now: testNow + 40_000, escalate: true, reclaimAfter: 60).escalate.isEmpty, "a failed one is not run again")
  }

  /// Review finding: a breach was marked before its command ran, so a process that died in
  /// between lost the escalation for good. A claim never finished is handed out again once it is
  /// older than `reclaimAfter` (and the command that took it surely stopped), with its own audit row.
  @Test func anEscalationClaimedButNeverFinishedIsRunAgain() throws {
    let f = try CounterFixture()
    let b = board(f)
    let urgent = try b.add(NewTask(type: .reporting, priority: .urgent, title: "Urgent"), by: "amina.n", now: testNow)
    let late = testNow + 7201
    #expect(try b.sync(now: late, escalate: true, reclaimAfter: 90).escalate.map(\.id) == [urgent.id])
    // The process that claimed it dies before the command answers: nothing is recorded.
    #expect(try b.sync(now: late + 89, escalate: true, reclaimAfter: 90).escalate.isEmpty, "the command may still be running")
    let again = try b.sync(now: late + 90, escalate: true, reclaimAfter: 90).escalate
    #expect(again.map(\.id) == [urgent.id])
    #expect(try f.int("SELECT count(*) FROM audit_log WHERE action = 'task.escalation_retried' AND entity_id = ?", [String(urgent.id)]) == 1)
    // This time it answers: never again, however late.
    try b.escalationDone(urgent.id, now: late + 90)
    #expect(try b.sync(now: late + 10_000, escalate: true, reclaimAfter: 90).escalate.isEmpty)
    #expect(try f.int("SELECT count(*) FROM audit_log WHERE action LIKE 'task.escalat%' AND entity_id = ?", [String(urgent.id)]) == 2)
  }
}

final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var n = 0
  func add(_ k: Int) { lock.withLock { n += k } }
  var value: Int { lock.withLock { n } }
}
