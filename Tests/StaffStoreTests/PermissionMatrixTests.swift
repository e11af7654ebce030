import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// Every write the store does for a person, tried by every kind of actor: a clerk, a supervisor,
/// an admin, a disabled account and a login nobody has. What each may do is read from
/// `Access.table` itself, so the table is the only truth: a role it allows gets through (and,
/// set up for it, succeeds); any other actor is refused and nothing at all is written.
@Suite struct PermissionMatrixTests {
  /// One write: the permission it needs, what the admin prepares for it on a fresh point (an
  /// id it acts on), and the write itself on behalf of `login`. `succeeds`: whether an allowed
  /// actor's write goes through on this fixture (some are refused for their own reasons).
  struct Write: Sendable {
    var name: String
    var permission: Permission
    var succeeds: Bool
    var prepare: @Sendable (Matrix) throws -> Int64
    var act: @Sendable (Matrix, Int64, String) throws -> Void
    init(
      _ name: String, _ permission: Permission, succeeds: Bool = true, prepare: @escaping @Sendable (Matrix) throws -> Int64 = { _ in 0 },
      act: @escaping @Sendable (Matrix, Int64, String) throws -> Void
    ) {
      (self.name, self.permission, self.succeeds, self.prepare, self.act) = (name, permission, succeeds, prepare, act)
    }
  }

  /// A fresh point (the counter fixture's staff, orders and stock) and the things a write acts on.
  final class Matrix: @unchecked Sendable {
    let f: CounterFixture
    let inventory: Inventory
    let board: TaskBoard
    let desk: TicketDesk
    let queue: PrintQueue
    let admin = "herve.n"
    init() throws {
      f = try CounterFixture()
      inventory = Inventory(database: f.database)
      board = TaskBoard(database: f.database)
      desk = try TicketDesk(database: f.database, key: try PersonalData.key(f.keys, f.database), now: testNow)
      queue = PrintQueue(database: f.database, key: try PersonalData.key(f.keys, f.database))
    }
    var database: AppDatabase { f.database }
    var counter: Counter { f.counter }

    /// Row counts of every table a write of a person touches, and each staff row as it is.
    func fingerprint() throws -> [String] {
      let tables = [
        "audit_log", "scans", "handovers", "scan_decisions", "movements", "stock", "tasks", "tickets", "ticket_messages",
        "print_jobs", "low_stock_thresholds", "stock_counts", "stock_count_lines", "transfers", "outbox", "orders", "products",
      ]
      return try database.read { db in
        try tables.map { "\($0)=\(try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1)" }
          + String.fetchAll(
            db,
            sql: """
              SELECT login || ' ' || role || ' ' || active || ' ' || coalesce(secret_hash, '-') || ' ' || updated_at
                FROM staff ORDER BY login
              """)
          + String.fetchAll(db, sql: "SELECT id || ' ' || status || ' ' || coalesce(locked_until, '-') || ' ' || failed_attempts FROM orders ORDER BY id")
          + String.fetchAll(db, sql: "SELECT id || ' ' || status || ' ' || coalesce(assignee_id, '-') || ' ' || priority FROM tasks ORDER BY id")
          + String.fetchAll(db, sql: "SELECT id || ' ' || status || ' ' || coalesce(assignee_id, '-') || ' ' || reveals FROM tickets ORDER BY id")
          + String.fetchAll(db, sql: "SELECT coalesce(product_id, '-') || ' ' || threshold FROM low_stock_thresholds ORDER BY 1")
      }
    }

    /// A verified scan of order 5001, by the clerk.
    func verifiedScan() throws -> Int64 {
      try counter.process(text: "ORDER:5001:ABC123", source: .scanner, staff: "amina.n", now: testNow).scanID
    }
  }

  static let hasher = SecretHasher(pepper: [UInt8](repeating: 7, count: 32), terminalKey: nil)

  static let writes: [Write] = [
    // The counter.
    Write("scan", .scan) { m, _, login in
      _ = try m.counter.process(text: "ORDER:5001:ABC123", source: .scanner, staff: login, now: testNow)
    },
    Write("unreadable photo", .scan) { m, _, login in
      _ = try m.counter.recordImageFailure(
        .noCode(Message(.scanNoQRInPhoto)), source: .camera, fileName: "x.jpg", staff: login, now: testNow)
    },
    Write("hand over", .handOver, prepare: { try $0.verifiedScan() }) { m, scan, login in
      switch try m.counter.confirmHandover(orderID: 5001, scanID: scan, staff: login, now: testNow) {
      case .success: break
      case .failure(let refusal):
        guard case .notAllowed(let message) = refusal.reason else { throw StoreError.internal("\(refusal)") }
        throw Refused(message: message)
      }
    },
    Write("refuse a handover", .handOver, prepare: { try $0.verifiedScan() }) { m, scan, login in
      if case .failure(let r) = try m.counter.refuseHandover(scanID: scan, reason: .wrongPerson, staff: login, now: testNow) {
        throw StoreError.internal("\(r)")
      }
    },
    Write(
      "unlock an order", .unlockOrder,
      prepare: { m in
        for n in 1...5 { _ = try m.counter.process(text: "ORDER:5008:WRONG\(n)", source: .scanner, now: testNow + Int64(n)) }
        return 5008
      }
    ) { m, order, login in
      _ = try m.counter.unlock(orderID: order, staff: login, now: testNow + 60)
    },
    Write("expire holds", .read) { m, _, login in
      _ = try m.counter.expireHolds(now: testNow + 30 * 86400, staff: login)
    },
    // Stock.
    Write("move", .changeStock) { m, _, login in
      _ = try m.inventory.move(MovementRequest(type: .receive, productID: 100002, quantity: 1, to: "A-01-1"), by: login, now: testNow)
    },
    Write(
      "reverse", .changeStock,
      prepare: { m in
        try m.inventory.move(MovementRequest(type: .receive, productID: 100002, quantity: 1, to: "A-01-1"), by: m.admin, now: testNow).id
      }
    ) { m, movement, login in
      _ = try m.inventory.reverse(movement, reason: "typed twice", by: login, now: testNow + 1)
    },
    Write("import movements", .changeStock) { m, _, login in
      let file = m.f.dir.write("moves.csv", "type,product_id,quantity,from,to,reason,at\nreceive,100002,1,,A-01-1,,\n")
      _ = try m.inventory.importMovements(path: file, by: login, now: testNow)
    },
    Write("set a threshold", .setThreshold) { m, _, login in
      try m.inventory.setThreshold(product: 100001, to: 3, by: login, now: testNow)
    },
    Write("open a count", .changeStock) { m, _, login in
      _ = try m.inventory.openCount(locations: ["A-01-1"], by: login, now: testNow)
    },
    Write("count", .changeStock, prepare: { m in try m.inventory.openCount(locations: ["A-01-1"], by: m.admin, now: testNow).id }) {
      m, count, login in
      _ = try m.inventory.count(count, product: 100002, at: "A-01-1", quantity: 5, by: login, now: testNow + 1)
    },
    Write(
      "close a count", .changeStock,
      prepare: { m in
        let count = try m.inventory.openCount(locations: ["A-01-1"], by: m.admin, now: testNow).id
        _ = try m.inventory.count(count, product: 100002, at: "A-01-1", quantity: 5, by: m.admin, now: testNow + 1)
        return count
      }
    ) { m, count, login in
      let preview = try m.inventory.closingPreview(count)
      _ = try m.inventory.closeCount(count, expecting: preview.fingerprint, by: login, now: testNow + 2)
    },
    Write("send a transfer", .changeStock) { m, _, login in
      _ = try m.inventory.send(
        to: "DLA-TWO", lines: [TransferLineRequest(productID: 100002, quantity: 1, from: "A-01-1")], by: login, now: testNow)
    },
    Write(
      "cancel a transfer", .changeStock,
      prepare: { m in
        try m.inventory.send(
          to: "DLA-TWO", lines: [TransferLineRequest(productID: 100002, quantity: 1, from: "A-01-1")], by: m.admin, now: testNow
        ).id
      }
    ) { m, transfer, login in
      _ = try m.inventory.cancelTransfer(transfer, reason: "wrong point", by: login, now: testNow + 1)
    },
    // No transfer is on its way here: an allowed actor is told so, the others are refused first.
    Write("receive a transfer", .changeStock, succeeds: false) { m, _, login in
      _ = try m.inventory.receive(slip: 999_999, by: login, now: testNow)
    },
    // Tasks.
    Write("add a task", .manageTask) { m, _, login in
      _ = try m.board.add(NewTask(type: .cleaning, priority: .low, title: "Clean"), by: login, now: testNow)
    },
    Write("start a task", TaskCommand.start.permission, prepare: { try $0.task() }) { m, task, login in
      _ = try m.board.apply(.start, to: task, by: login, now: testNow + 1)
    },
    Write("reprioritise a task", TaskCommand.priority(.urgent).permission, prepare: { try $0.task() }) { m, task, login in
      _ = try m.board.apply(.priority(.urgent), to: task, by: login, now: testNow + 1)
    },
    // Tickets.
    Write("open a ticket", .workTicket) { m, _, login in
      _ = try m.desk.open(
        NewTicket(phone: "+237 677 58 19 04", name: "Marie Ngono", category: .other, priority: .low, subject: "Question"), by: login, now: testNow)
    },
    Write("reply on a ticket", .workTicket, prepare: { try $0.ticket() }) { m, ticket, login in
      _ = try m.desk.write(.outbound, on: ticket, body: "We are looking", by: login, now: testNow + 1)
    },
    Write("note on a ticket", .noteTicket, prepare: { try $0.ticket() }) { m, ticket, login in
      _ = try m.desk.write(.note, on: ticket, body: "Called twice", by: login, now: testNow + 1)
    },
    Write("resolve a ticket", .workTicket, prepare: { try $0.ticket() }) { m, ticket, login in
      _ = try m.desk.apply(.resolved, to: ticket, by: login, now: testNow + 1)
    },
    Write("assign a ticket", .assignTicket, prepare: { try $0.ticket() }) { m, ticket, login in
      _ = try m.desk.assign(ticket, to: "brice.k", by: login, now: testNow + 1)
    },
    Write("reveal a phone", .revealPhone, prepare: { try $0.ticket() }) { m, ticket, login in
      _ = try m.desk.revealPhone(ticket, by: login, now: testNow + 1)
    },
    // Labels.
    Write("queue a label", .printLabels) { m, _, login in
      _ = try m.queue.enqueue(.shelf, ref: 100001, by: login, terminal: nil, now: testNow)
    },
    Write("cancel a print", .printLabels, prepare: { try $0.queue.enqueue(.shelf, ref: 100001, by: nil, terminal: nil, now: testNow) }) {
      m, job, login in
      try m.queue.cancel(job, by: login, terminal: nil, now: testNow + 1)
    },
    Write(
      "reprint", .printLabels,
      prepare: { m in
        let job = try m.queue.enqueue(.shelf, ref: 100001, by: nil, terminal: nil, now: testNow)
        try m.queue.cancel(job, by: nil, terminal: nil, now: testNow + 1)
        return job
      }
    ) { m, job, login in
      _ = try m.queue.retry(job, by: login, terminal: nil, now: testNow + 2)
    },
    Write("record an export", .printLabels) { m, _, login in
      try m.queue.recordExport(.shelf, ref: 100001, format: "png", by: login, terminal: nil, now: testNow)
    },
    Write("run the print queue", .printLabels, prepare: { try $0.queue.enqueue(.shelf, ref: 100001, by: nil, terminal: nil, now: testNow) }) {
      m, _, login in
      _ = try m.queue.run(by: login, terminal: nil, now: testNow + 1, render: { _ in [0x41] }, send: { _ in })
    },
    // Staff and data.
    Write("add staff", .manageStaff) { m, _, login in
      _ = try Accounts.add(m.database, login: "new.k", fullName: "New Kamga", role: .clerk, by: login, terminal: "t", now: testNow)
    },
    Write("disable staff", .manageStaff) { m, _, login in
      _ = try Accounts.update(m.database, login: "brice.k", active: false, by: login, terminal: "t", now: testNow)
    },
    Write("set someone's secret", .manageStaff) { m, _, login in
      try Accounts.setSecret(
        m.database, login: "brice.k", secret: "long enough pass", kind: .password, hasher: PermissionMatrixTests.hasher, by: login,
        terminal: "t", now: testNow)
    },
    Write("unlock an account", .unlockAccount) { m, _, login in
      let journal = try LoginState.open(path: m.f.dir.file("logins.sqlite"))
      defer { try? journal.close() }
      _ = try Accounts.unlock(m.database, journal: journal, login: "brice.k", by: login, terminal: "t", now: testNow)
    },
    Write("import staff", .manageStaff) { m, _, login in
      let file = m.f.dir.write("more-staff.csv", "login,full_name,role,active\nnew.k,New Kamga,clerk,true\n")
      _ = try Importer.importFile(.staff, path: file, into: m.database, keys: m.f.keys, by: login, now: testNow)
    },
    Write("import products", .importData) { m, _, login in
      let file = m.f.dir.write("more-products.csv", "id,title,category,price_fcfa,unique_item\n100009,Ventilateur,Maison,12000,true\n")
      _ = try Importer.importFile(.products, path: file, into: m.database, keys: m.f.keys, by: login, now: testNow)
    },
    Write("rotate the personal-data key", .manageStaff) { m, _, login in
      _ = try PersonalData.rotate(m.f.keys, m.database, by: login, now: testNow)
    },
  ]

  /// A refusal a write reports as its own value (a handover's), not thrown by the store.
  struct Refused: Error { var message: Message }

  /// Who tries: each role's active account, a disabled clerk, and a login nobody has.
  static let actors: [(login: String, role: StaffRole?)] = [
    ("amina.n", .clerk), ("solange.e", .supervisor), ("herve.n", .admin), ("old.k", nil), ("nobody.x", nil),
  ]

  /// Each actor on a fresh point: an allowed one gets through; any other is refused with the
  /// store's words for it, in both languages, and the database is exactly as it was.
  @Test(arguments: writes.map(\.name))
  func everyActorIsRefusedOrAllowedAsTheTableSays(_ name: String) throws {
    let write = try #require(Self.writes.first { $0.name == name })
    let allowed = try #require(Access.table[write.permission], "the table names \(write.permission)")
    for (login, role) in Self.actors {
      let m = try Matrix()
      let id = try write.prepare(m)
      let before = try m.fingerprint()
      let allowedHere = role.map { allowed.contains($0) } ?? false
      do {
        try write.act(m, id, login)
        #expect(allowedHere && write.succeeds, "\(name): \(login) got through")
        continue
      } catch let error as StoreError where !allowedHere {
        switch role {
        case .none where login == "old.k":
          #expect(
            error == .refused(.accountNotActive, .text(login)) || error == .refused(.accountDisabled, .text(login)), "\(name): \(error)")
        case .none:
          #expect(
            error == .invalid(.notStaffLoginImport, .text(login)) || error == .invalid(.notStaffLogin, .text(login)), "\(name): \(error)")
        case .some(let role):
          #expect(
            error == .refused(Message(.prefixed, .text(login), .message(Access.refusal(role, write.permission)))), "\(name): \(error)")
        }
        #expect(error.message.isTranslated, "\(name): \(error)")
        #expect(error.message.text(.fr) != error.message.text(.en), "\(name): \(error)")
      } catch let refused as Refused where !allowedHere {
        // The handover answers with its own value: the same decision, in the same words.
        let role = try #require(role, "\(name): \(login) was not refused as unknown or disabled")
        #expect(refused.message == Message(.prefixed, .text(login), .message(Access.refusal(role, write.permission))), "\(name): \(refused.message)")
        #expect(refused.message.isTranslated)
      } catch {
        // Allowed, but refused for the write's own reason on this fixture: never for the role.
        #expect(allowedHere && !write.succeeds, "\(name) by \(login): \(error)")
        if let store = error as? StoreError { #expect(store.message.code != .prefixed, "\(name) by \(login): \(store)") }
      }
      #expect(try m.fingerprint() == before, "\(name) by \(login) wrote something")
    }
  }

  /// A staff file with nobody named is the setting-up's: once an admin can log in, it needs one.
  @Test func aStaffFileWithNobodyNamedIsRefusedOnceAnAdminCanLogIn() throws {
    let m = try Matrix()
    let file = m.f.dir.write("more-staff.csv", "login,full_name,role,active\nnew.k,New Kamga,clerk,true\n")
    #expect(try Importer.importFile(.staff, path: file, into: m.database, keys: m.f.keys, now: testNow).added == 1)
    try Accounts.setSecret(
      m.database, login: m.admin, secret: "long enough pass", kind: .password, hasher: Self.hasher, by: nil, terminal: "t", now: testNow)
    let other = m.f.dir.write("other-staff.csv", "login,full_name,role,active\nnew.k,New Kamga,admin,true\n")
    let before = try m.fingerprint()
    expectSaid(.refused("this needs an admin: pass --staff ADMIN (an admin with a password)")) {
      try Importer.importFile(.staff, path: other, into: m.database, keys: m.f.keys, now: testNow + 1)
    }
    #expect(try m.fingerprint() == before)
    #expect(try Importer.importFile(.staff, path: other, into: m.database, keys: m.f.keys, by: m.admin, now: testNow + 2).updated == 1)
  }

  /// Every permission that guards a write is tried above, and the table names every permission.
  @Test func theMatrixCoversTheTable() {
    #expect(Set(Access.table.keys) == Set(Permission.allCases))
    let tried = Set(Self.writes.map(\.permission))
    // Reading, the team's figures and the audit trail write nothing for a person.
    #expect(tried.union([.readTeam, .readAudit]) == Set(Permission.allCases))
  }
}

extension PermissionMatrixTests.Matrix {
  /// A task added by the admin.
  func task() throws -> Int64 {
    try board.add(NewTask(type: .cleaning, priority: .low, title: "Clean"), by: admin, now: testNow).id
  }

  /// A ticket opened by the admin.
  func ticket() throws -> Int64 {
    try desk.open(NewTicket(phone: "+237 677 58 19 04", name: "Marie Ngono", category: .other, priority: .low, subject: "Question"), by: admin, now: testNow)
      .id
  }
}
