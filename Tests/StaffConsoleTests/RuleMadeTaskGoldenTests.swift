import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// Tasks the rules made, and the audit trail as the store writes it, in each reader's language:
/// golden screens in French with no English word, and the same in English.
extension Morning {
  static func ruleTask(
    _ id: Int64, _ type: TaskType, _ status: TaskStatus, _ title: StaffDomain.Message, details: StaffDomain.Message?, minutesAgo: Int64, source: String,
    order: Int64? = nil, product: Int64? = nil
  ) -> TaskRecord {
    TaskRecord(
      id: id, type: type, priority: .medium, status: status, title: title.text(.en), details: details?.text(.en), assignee: nil,
      createdAt: at(minutesAgo), slaSeconds: 86400, waitingSince: status == .waiting ? at(20) : nil,
      waitingReason: status == .waiting ? .customer : nil, orderID: order, productID: product, sourceKey: source, titleMessage: title,
      detailsMessage: details)
  }

  /// The board after the rules' pass: a parcel waiting for its buyer, one to receive, a count, a
  /// return, and one task typed by hand.
  static let ruleTasks: [TaskRecord] = [
    ruleTask(
      41, .stockReceive, .open, TaskTitle.receiveOrder(1_040_026, items: 1), details: StaffDomain.Message(.taskDetailsReceiveOrder), minutesAgo: 200,
      source: "order-receive:1040026", order: 1_040_026),
    ruleTask(
      42, .inventoryCount, .open, TaskTitle.count("Lampe solaire", left: 2, threshold: 5), details: StaffDomain.Message(.taskDetailsCount),
      minutesAgo: 120, source: "low-stock:100002:903", product: 100_002),
    ruleTask(
      43, .orderPickup, .open, TaskTitle.returnExpired(1_040_012, holdUntil: at(60), shelf: "A-01-3"), details: StaffDomain.Message(.taskDetailsReturn),
      minutesAgo: 60, source: "order-return:1040012", order: 1_040_012),
    ruleTask(
      40, .orderPickup, .waiting, TaskTitle.handOver(1_040_005, shelf: "C-04-2"), details: StaffDomain.Message(.taskDetailsHandOver), minutesAgo: 300,
      source: "order-pickup:1040005", order: 1_040_005),
    tasks[3],
  ]

  static func storeRow(_ id: Int64, _ minutesAgo: Int64, _ staff: String?, _ action: String, _ entity: String, _ entityID: String,
    before: String? = nil, after: String? = nil) -> AuditRecord {
    AuditRecord(id: id, at: at(minutesAgo), staff: staff, terminal: staff == nil ? nil : "counter-1", action: action, entity: entity,
      entityID: entityID, before: before, after: after)
  }

  /// Audit rows in the shapes the store writes them (`TaskBoard.auditText`, `CodeAttempts.auditText`…).
  static let storeAudit: [AuditRecord] = [
    storeRow(80, 1, nil, "task.created", "task", "40", after: "ORDER_PICKUP MEDIUM waiting source=order-pickup:1040005"),
    storeRow(79, 2, "amina.n", "order.handed_over", "order", "1040005", before: "ready", after: "picked_up scan=12 movements=903"),
    storeRow(78, 3, nil, "task.done", "task", "38", before: "waiting MEDIUM sla=86400 paused=600 waiting=customer",
      after: "done MEDIUM sla=86400 paused=600 (order picked up)"),
    storeRow(77, 9, "amina.n", "order.locked", "order", "1040009", before: "failed=2 lifetime=2",
      after: "failed=3 lifetime=3 locked_until=2026-11-20T09:45:00+01:00"),
    storeRow(76, 12, "brice.k", "task.start", "task", "32", before: "open HIGH sla=28800 paused=0",
      after: "in_progress HIGH sla=28800 paused=0 assignee=brice.k"),
    storeRow(75, 15, "amina.n", "task.cancel", "task", "35", before: "open LOW sla=172800 paused=0",
      after: "cancelled LOW sla=172800 paused=0 reason=Livreur absent, reporté"),
    storeRow(74, 20, "amina.n", "stock.move", "movement", "903", after: "RECEIVE 100001 x2 ->A-01-1"),
    storeRow(73, 40, "amina.n", "order.handover_refused", "order", "1040003", before: "scan=14", after: "wrong_person"),
    storeRow(72, 60, "solange.e", "order.unlocked", "order", "1040011", before: "failed=3 lifetime=3 locked_until=2026-11-20T09:00:00+01:00",
      after: "failed=0 lifetime=3"),
    storeRow(71, 90, "brice.k", "ticket.status", "ticket", "7", before: "open", after: "waiting_customer"),
    storeRow(70, 120, "solange.e", "staff.changed", "staff", "brice.k", before: "clerk active", after: "supervisor active"),
    storeRow(69, 200, "amina.n", "task.wait", "task", "33", before: "in_progress MEDIUM sla=86400 paused=0",
      after: "waiting MEDIUM sla=86400 paused=0 waiting=customer"),
  ]

  /// Words of the English screens that a French screen must not show (and French ones the English
  /// screen must not show), whole words only.
  static let englishWords: Set<String> = [
    "order", "orders", "receive", "hand", "over", "task", "tasks", "shelf", "item", "items", "left", "threshold", "return", "seller",
    "rule", "open", "waiting", "ready", "picked", "created", "started", "done", "cancelled", "medium", "high", "low", "handed",
    "locked", "refused", "until", "the", "by", "to", "of", "for", "sla", "paused", "source", "failed", "lifetime", "announced",
    "count", "collected", "not", "customer", "progress", "clerk", "supervisor", "active", "movement", "reason", "wrong", "person",
    "changed", "status", "put", "parcel", "its", "once", "buyer", "closes", "take", "off", "send", "back", "refunds",
    "priority", "state", "due", "assignee", "made", "nobody", "time", "after", "before", "ticket_status", "unlocked",
  ]
  static let frenchWords: Set<String> = [
    "commande", "remettre", "étagère", "réceptionner", "article", "compter", "restants", "seuil", "renvoyer", "vendeur", "règle",
    "ouverte", "attente", "prête", "remise", "créée", "bloquée", "échecs", "délai", "pause", "motif", "acheteur", "colis", "tâche",
  ]

  static func words(_ text: String) -> Set<String> {
    Set(text.lowercased().split { !$0.isLetter && $0 != "_" }.map(String.init))
  }
}

@Suite struct RuleMadeTaskGoldenTests {
  static let big = Size(columns: 132, rows: 43)

  func board(_ language: Language, size: Size = Self.big) -> AppState {
    var s = Morning.state(language, size: size, tab: .tasks)
    _ = Console.update(&s, .tasks(.loaded(TaskPage(tasks: Morning.ruleTasks, total: Morning.ruleTasks.count), staff: Morning.staffLogins)))
    return s
  }

  /// The screen's text without what is the same in both languages by nature (logins, the point's name).
  func check(_ screen: Screen, _ language: Language, _ what: String) {
    let words = Morning.words(screen.text)
    let foreign = language == .fr ? Morning.englishWords : Morning.frenchWords
    #expect(words.intersection(foreign).isEmpty, "\(what) in \(language) shows \(words.intersection(foreign).sorted())")
  }

  @Test(arguments: Language.allCases)
  func aRuleMadeTaskOnTheBoardAndInItsDetail(_ language: Language) {
    var state = board(language)
    // The waiting hand-over task: after the three running ones.
    _ = press(&state, .named(.down), .named(.down), .named(.down))
    #expect(state.tasks.pane.selectedItem?.id == 40)
    let screen = Console.render(state, size: Self.big)
    Golden.check(screen, "task-rule-made-132x43-\(language)")
    check(screen, language, "the board")
    let title = language == .fr ? "Remettre la commande 1040005 (étagère C-04-2)" : "Hand over order 1040005 (shelf C-04-2)"
    #expect(screen.text.contains(title))
    _ = press(&state, .named(.enter))
    let detail = Console.render(state, size: Size(columns: 80, rows: 24))
    Golden.check(detail, "task-rule-made-detail-80x24-\(language)")
    check(detail, language, "the detail")
  }

  /// The text filter finds a task by the title on screen, in either language.
  @Test func theFilterMatchesTheShownTitle() {
    var state = board(.fr)
    _ = press(&state, .character("/"))
    type(&state, "réceptionner")
    #expect(state.tasks.pane.visible(TasksPane.text).map(\.id) == [41])
    state = board(.fr)
    _ = press(&state, .character("/"))
    type(&state, "étagère c-04")
    #expect(state.tasks.pane.visible(TasksPane.text).map(\.id) == [40])
    state = board(.en)
    _ = press(&state, .character("/"))
    type(&state, "count lampe")
    #expect(state.tasks.pane.visible(TasksPane.text).map(\.id) == [42])
    state = board(.fr)
    _ = press(&state, .character("/"))
    type(&state, "nettoyage")
    #expect(state.tasks.pane.visible(TasksPane.text).map(\.id) == [34], "the type's word in French")
  }

  @Test(arguments: Language.allCases)
  func theAuditViewInTheReadersLanguage(_ language: Language) {
    var state = Morning.supervisorState(language, size: Self.big)
    _ = Console.update(&state, .key(.character("v")))
    _ = Console.update(&state, .team(.audit(Morning.storeAudit, staff: Morning.staffLogins)))
    let screen = Console.render(state, size: Self.big)
    Golden.check(screen, "audit-store-rows-132x43-\(language)")
    check(screen, language, "the audit view")
    // Each row's detail in full.
    for row in Morning.storeAudit {
      let detail = Console.render(state, size: Self.big)
      check(detail, language, "row \(row.id)")
      _ = press(&state, .named(.down))
    }
    _ = press(&state, .named(.home), .named(.down), .named(.down), .named(.down), .named(.enter))
    let zoomed = Console.render(state, size: Size(columns: 80, rows: 24))
    Golden.check(zoomed, "audit-store-row-80x24-\(language)")
    check(zoomed, language, "a zoomed row")
  }

  /// The text filter of the audit view finds a row by its words on screen and by its stored code.
  @Test func theAuditFilterMatchesWordsAndCodes() {
    var state = Morning.supervisorState(.fr)
    _ = Console.update(&state, .key(.character("v")))
    _ = Console.update(&state, .team(.audit(Morning.storeAudit, staff: Morning.staffLogins)))
    _ = press(&state, .character("/"))
    type(&state, "commande remise")
    #expect(state.team.audit.visible(TeamPane.auditText).map(\.id) == [79, 78], "the action's words, and a rule's reason")
    _ = press(&state, .named(.escape))
    _ = press(&state, .character("/"))
    type(&state, "order.locked")
    #expect(state.team.audit.visible(TeamPane.auditText).map(\.id) == [77])
  }

  /// The team's figures: a decimal comma and a narrow no-break space before `%` in French.
  @Test func theTeamsFiguresInFrench() {
    let fr = Console.render(Morning.supervisorState(.fr, size: Self.big), size: Self.big).text
    let en = Console.render(Morning.supervisorState(.en, size: Self.big), size: Self.big).text
    #expect(fr.contains("\u{202F}%") && !fr.contains(" %"))
    #expect(en.contains(" %"))
    let decimals = try? NSRegularExpression(pattern: #"\b\d\.\d"#)
    #expect(decimals?.firstMatch(in: fr, range: NSRange(fr.startIndex..., in: fr)) == nil, "no decimal point in French")
    #expect(decimals?.firstMatch(in: en, range: NSRange(en.startIndex..., in: en)) != nil)
  }
}
