import Foundation
import StaffDomain
import Testing
import TestSupport

@testable import StaffConsole

/// A pickup point's morning, as values: every kind of scan, task, stock line, ticket and staff
/// member the panes show.
enum Morning {
  /// 2026-11-20 09:30 in Douala.
  static let now = Timestamp(seconds: 1_795_163_400)
  static func at(_ minutesAgo: Int64) -> Timestamp { now + -minutesAgo * 60 }

  static let header = PointHeader(code: "DLA-AKWA", name: "VGK Akwa, Douala")
  static let amina = StaffOnDuty(login: "amina.n", name: "Amina Njoya", role: .clerk)

  static let order = OrderView(
    id: 1_040_001, status: .ready, customer: "M*** N***", shelf: "P-01", holdUntil: now + 6 * 86400,
    items: [
      OrderItemView(productID: 100_002, title: "Lampe solaire", quantity: 1, unitPrice: FCFA(6000)),
      OrderItemView(productID: 100_007, title: "Pagne wax 6 yards, bleu", quantity: 2, unitPrice: FCFA(12_500)),
    ])

  static let product = ProductView(
    id: 100_001, title: "Radio Tecno", category: "Maison", price: FCFA(8000), condition: .good,
    stock: [StockLine(location: "A-01-1", kind: .shelf, quantity: 2), StockLine(location: "BACK", kind: .backRoom, quantity: 1)])

  static func scan(
    _ id: Int64, _ minutesAgo: Int64, _ source: ScanSource, _ payload: String?, _ kind: PayloadKind?, _ outcome: String,
    reason: String? = nil, order: Int64? = nil, file: String? = nil, staff: String? = nil, handover: HandoverFacts? = nil,
    decision: ScanDecision? = nil
  ) -> ScanRecord {
    ScanRecord(
      id: id, at: at(minutesAgo), source: source, fileName: file, payload: payload, kind: kind, outcome: outcome, reason: reason,
      orderID: order, staff: staff, terminal: staff == nil ? nil : "counter-1", handover: handover, decision: decision)
  }

  static let scans: [ScanRecord] = [
    scan(12, 1, .camera, "ORDER:1040001:***", .order, "verified", order: 1_040_001, file: "IMG_0412.jpg"),
    scan(11, 4, .scanner, "PRODUCT:100001", .product, "shown", staff: "amina.n"),
    scan(
      10, 9, .scanner, "ORDER:1040009:***", .order, "code_refused",
      reason: "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: 4 more wrong codes lock order number 1040009 for 30 minutes.",
      staff: "amina.n"),
    scan(
      9, 15, .camera, "ORDER:1040005:***", .order, "verified", order: 1_040_005, file: "IMG_0409.jpg",
      handover: HandoverFacts(staffLogin: "brice.k", staffName: "Brice Kamga", terminal: "counter-2", at: at(13))),
    scan(
      8, 22, .camera, "ORDER:1040004:***", .order, "already_picked_up", order: 1_040_004, file: "IMG_0402.jpg",
      handover: HandoverFacts(staffLogin: "brice.k", staffName: "Brice Kamga", terminal: "counter-2", at: at(60 * 26))),
    scan(7, 30, .camera, nil, nil, "no_code", reason: "no QR code found", file: "IMG_0399.jpg"),
    scan(
      6, 41, .scanner, "ORDER:1040003:***", .order, "verified", order: 1_040_003, staff: "amina.n",
      decision: ScanDecision(kind: .refused, reason: "wrong_person", staff: "amina.n", at: at(40))),
    scan(5, 50, .cli, "WIFI:S:cafe", nil, "rejected", reason: "Not a VGK code: 'WIFI' is not ORDER, PRODUCT or INVENTORY."),
    scan(
      4, 65, .camera, "ORDER:1040011:***", .order, "locked",
      reason: "Order number 1040011 is locked after repeated wrong codes until 2026-11-20 09:00: try again then, or ask a supervisor to unlock it.",
      file: "IMG_0380.jpg"),
    scan(3, 80, .camera, nil, nil, "duplicate", reason: "Duplicate photo: the same photo as processed/IMG_0377.jpg.", file: "IMG_0378.jpg"),
  ]

  static let tasks: [TaskRecord] = [
    TaskRecord(
      id: 31, type: .orderPickup, priority: .urgent, status: .open, title: "Préparer le retrait 1040001", assignee: "amina.n",
      createdAt: at(125), slaSeconds: 7200, pausedSeconds: 0, waitingSince: nil, waitingReason: nil, orderID: 1_040_001),
    TaskRecord(
      id: 32, type: .stockReceive, priority: .high, status: .inProgress, title: "Réception livraison Jumia 14 colis",
      assignee: "brice.k", createdAt: at(7 * 60), slaSeconds: 8 * 3600, pausedSeconds: 0, waitingSince: nil, waitingReason: nil,
      orderID: nil),
    TaskRecord(
      id: 33, type: .customerService, priority: .medium, status: .waiting, title: "Rappeler la cliente du ticket 7",
      assignee: nil, createdAt: at(300), slaSeconds: 86400, pausedSeconds: 600, waitingSince: at(60), waitingReason: .customer,
      orderID: nil),
    TaskRecord(
      id: 34, type: .cleaning, priority: .low, status: .open, title: "Nettoyer le comptoir", assignee: nil, createdAt: at(60),
      slaSeconds: 48 * 3600, pausedSeconds: 0, waitingSince: nil, waitingReason: nil, orderID: nil),
    TaskRecord(
      id: 30, type: .inventoryCount, priority: .medium, status: .done, title: "Compter l'étagère A-01", assignee: "amina.n",
      createdAt: at(600), slaSeconds: 86400, pausedSeconds: 0, waitingSince: nil, waitingReason: nil, startedAt: at(90),
      closedAt: at(30), productID: 100_002, sourceKey: "low-stock:100002:88"),
  ]

  static let staffLogins = ["amina.n", "brice.k", "solange.e"]

  static let movements: [MovementView] = [
    MovementView(
      id: 903, type: .transfer, productID: 100_001, productTitle: "Radio Tecno", quantity: 1, from: "A-01-1", to: "BACK",
      staff: "amina.n", orderID: nil, reason: nil, reverses: nil, at: at(20)),
    MovementView(
      id: 902, type: .pick, productID: 100_002, productTitle: "Lampe solaire", quantity: 1, from: "P-01", to: nil, staff: "brice.k",
      orderID: 1_040_009, reason: nil, reverses: nil, at: at(45)),
    MovementView(
      id: 901, type: .damage, productID: 100_002, productTitle: "Lampe solaire", quantity: 1, from: "P-01", to: nil, staff: "amina.n",
      orderID: nil, reason: "Panneau fissuré à la réception", reverses: nil, at: at(70)),
    MovementView(
      id: 900, type: .receive, productID: 100_002, productTitle: "Lampe solaire", quantity: 3, from: nil, to: "P-01", staff: "amina.n",
      orderID: nil, reason: nil, reverses: nil, at: at(24 * 60)),
  ]

  static let stock: [StockRecord] = [
    StockRecord(
      productID: 100_002, title: "Lampe solaire", category: "Maison", price: FCFA(6000), total: 1,
      locations: [StockLine(location: "P-01", kind: .shelf, quantity: 1)], threshold: 3),
    StockRecord(
      productID: 100_001, title: "Radio Tecno", category: "Maison", price: FCFA(8000), total: 3,
      locations: [StockLine(location: "A-01-1", kind: .shelf, quantity: 2), StockLine(location: "BACK", kind: .backRoom, quantity: 1)],
      threshold: nil),
    StockRecord(
      productID: 100_168, title: "Robe wax maxi taille L", category: "Mode", price: FCFA(15_000), total: 1,
      locations: [StockLine(location: "C-03-3", kind: .shelf, quantity: 1)], threshold: nil),
  ]

  static let tickets: [TicketRecord] = [
    TicketRecord(
      id: 7, subject: "Article manquant dans le colis", category: .missingItem, priority: .high, status: .new, customer: "C*** E***",
      orderID: 1_040_004, assignee: nil, createdAt: at(90), firstResponseAt: nil, messages: 1),
    TicketRecord(
      id: 6, subject: "Remboursement pas reçu", category: .paymentRefund, priority: .medium, status: .waitingCustomer,
      customer: "P*** M***", orderID: nil, assignee: "brice.k", createdAt: at(3 * 86400 / 60), firstResponseAt: at(4000),
      messages: 4),
    TicketRecord(
      id: 5, subject: "Colis en retard", category: .late, priority: .low, status: .closed, customer: "J*** B***", orderID: 1_040_002,
      assignee: "amina.n", createdAt: at(9 * 86400 / 60), firstResponseAt: at(12_000), messages: 3),
  ]

  static let conversation: [TicketMessage] = [
    TicketMessage(
      id: 1, direction: .inbound, channel: .counter, staff: nil,
      body: "Il manque le chargeur dans le colis 1040004. Je l'avais pourtant bien commandé avec la tablette.", at: at(90)),
    TicketMessage(
      id: 2, direction: .note, channel: .counter, staff: "amina.n", body: "Vérifier avec le vendeur : photo du colis demandée.",
      at: at(80)),
    TicketMessage(
      id: 3, direction: .outbound, channel: .whatsapp, staff: "amina.n",
      body: "Bonjour Madame, nous avons contacté le vendeur.\nNous revenons vers vous aujourd'hui.", at: at(30)),
  ]

  static let team: [TeamMember] = [
    TeamMember(
      id: 1, login: "amina.n", fullName: "Amina Njoya", role: .clerk, active: true, handoversToday: 6, openTasks: 1,
      lastActivity: at(13),
      performance: Performance(
        efficiency: 1.12, punctuality: 0.94, inventoryAccuracy: 0.9, rating: 4.6, handovers: 58, medianScanToHandover: 41,
        workedMinutes: 4620, workMinutes: 5174),
      trend: [0.9, 1.0, nil, 1.1, 1.2, 1.0, 0.8, 1.3, nil, 1.1, 1.2, 1.1, 1.0, 1.2]),
    TeamMember(
      id: 2, login: "brice.k", fullName: "Brice Kamga", role: .clerk, active: true, handoversToday: 4, openTasks: 1,
      lastActivity: at(13),
      performance: Performance(
        efficiency: 0.78, punctuality: 0.71, inventoryAccuracy: nil, rating: 3.9, handovers: 31, medianScanToHandover: 64,
        workedMinutes: 3900, workMinutes: 3042),
      trend: [0.7, 0.8, 0.9, nil, nil, 0.6, 0.8, 0.7, 0.9, 1.0, 0.8, 0.7, 0.8, 0.9]),
    TeamMember(
      id: 3, login: "solange.e", fullName: "Solange Ekambi", role: .supervisor, active: true, handoversToday: 0, openTasks: 0,
      lastActivity: nil),
    TeamMember(
      id: 4, login: "paul.m", fullName: "Paul Mbarga", role: .clerk, active: false, handoversToday: 0, openTasks: 0,
      lastActivity: at(60 * 24 * 40)),
  ]

  /// The console with every pane loaded, on `tab`.
  static func state(_ language: Language = .en, size: Size = Size(columns: 80, rows: 24), tab: Tab = .scans) -> AppState {
    var s = AppState(language: language, now: now, size: size, header: header, staff: amina, terminalName: "counter-1")
    _ = Console.update(&s, .alerts(AlertCounts(slaBreaches: 1, lowStock: 1, lockedOrders: 1)))
    _ = Console.update(&s, .scans(.loaded(scans)))
    _ = Console.update(&s, .scans(.detail(scan: 12, .order(order))))
    _ = Console.update(&s, .scans(.detail(scan: 11, .product(product))))
    _ = Console.update(&s, .tasks(.loaded(TaskPage(tasks: tasks, total: tasks.count), staff: staffLogins)))
    _ = Console.update(&s, .stock(.loaded(stock)))
    _ = Console.update(&s, .stock(.history(product: 100_002, Array(movements.dropFirst()))))
    _ = Console.update(&s, .tickets(.loaded(tickets, staff: staffLogins)))
    _ = Console.update(&s, .tickets(.conversation(ticket: 7, conversation)))
    _ = Console.update(&s, .team(.loaded(team)))
    _ = Console.update(&s, .camera(CameraStatus(taken: 3)))
    s.tab = tab
    return s
  }
}

/// Presses keys one after the other, as a person does; the effects they asked for.
@discardableResult
func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
  var effects: [Effect] = []
  for k in keys { effects += Console.update(&state, .key(k)) }
  return effects
}

/// Types a text key by key (a space is the Space key).
func type(_ state: inout AppState, _ text: String) {
  for c in text { _ = Console.update(&state, .key(c == " " ? .named(.space) : .character(c))) }
}

/// Golden screens as text (tig's way): the screen's characters, then its roles, one letter per
/// cell. `RECORD_SNAPSHOTS=1 swift test` writes them anew; review the diff.
enum Golden {
  static let files = GoldenFiles("Goldens", besides: #filePath, fileExtension: "screen", suite: "GoldenScreenTests")
  static var directory: String { files.directory }

  static func text(_ screen: Screen) -> String { screen.text + "\n--- roles ---\n" + screen.roles + "\n" }

  static func check(_ screen: Screen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    files.check(text(screen), name, sourceLocation: sourceLocation)
  }
}
