import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

/// The print queue on a real database: a job waits until a printer takes it, is printed once,
/// survives a process killed while printing, and every step is audited.
@Suite struct PrintQueueTests {
  struct PrinterDown: Error, CustomStringConvertible { var description: String { "no paper" } }

  func setUp(_ dir: TempDir) throws -> (AppDatabase, PrintQueue) {
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    return (db, PrintQueue(database: db, key: try PersonalData.key(keys, db)))
  }

  @Test func aJobWaitsForThePrinterThenPrintsOnce() throws {
    let dir = TempDir()
    let (db, queue) = try setUp(dir)
    let id = try queue.enqueue(.shelf, ref: 700004, copies: 2, by: nil, terminal: "t", now: testNow)
    #expect(try ConsoleQueries.alerts(db, now: testNow).printsWaiting == 1)
    var sent: [[UInt8]] = []
    var outcome = try queue.run(by: nil, terminal: "t", now: testNow, render: { Array($0.payload.utf8) }, send: { _ in throw PrinterDown() })
    #expect(outcome.printed.isEmpty && outcome.failed.map(\.reason) == ["no paper"])
    #expect(try queue.job(id)?.status == .pending && queue.job(id)?.attempts == 1 && queue.job(id)?.lastError == "no paper")
    outcome = try queue.run(by: nil, terminal: "t", now: testNow + 60, render: { Array($0.payload.utf8) }, send: { sent.append($0) })
    #expect(outcome.printed == [id] && sent == [Array("PRODUCT:700004PRODUCT:700004".utf8)], "two copies in one send")
    outcome = try queue.run(by: nil, terminal: "t", now: testNow + 120, render: { Array($0.payload.utf8) }, send: { sent.append($0) })
    #expect(outcome.printed.isEmpty && sent.count == 1, "printed once")
    #expect(try ConsoleQueries.alerts(db, now: testNow + 120).printsWaiting == 0)
    expectSaid(.refused("print job \(id) is printed: only a job waiting to print can be cancelled")) {
      try queue.cancel(id, by: nil, terminal: "t", now: testNow + 180)
    }
    let again = try queue.retry(id, by: nil, terminal: "t", now: testNow + 240)
    #expect(again != id)
    #expect(try queue.job(again)?.reprintOf == id)
    let actions = try db.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log WHERE entity = 'print_job' ORDER BY id") }
    #expect(actions == ["print.queued", "print.failed", "print.printed", "print.reprinted"])
    #expect(try DatabaseCheck.run(db) == [])
  }

  /// A process killed while printing leaves its claim: nobody else prints the job meanwhile; once
  /// the claim is stale the job is interrupted (it may have printed) and waits for a person.
  @Test func aClaimLeftByAKilledProcessWaitsForAPerson() throws {
    let dir = TempDir()
    let (_, queue) = try setUp(dir)
    let id = try queue.enqueue(.shelf, ref: 700004, by: nil, terminal: "t", now: testNow)
    #expect(try queue.claim(only: nil, now: testNow)?.id == id, "a process claims it, then dies")
    var sent = 0
    func run(_ at: Int64, only: Int64? = nil) throws -> PrintQueue.Outcome {
      try queue.run(only: only, by: nil, terminal: "t", now: Timestamp(seconds: at), render: { _ in [1] }, send: { _ in sent += 1 })
    }
    #expect(try run(testNow.seconds + PrintQueue.stale - 1).printed.isEmpty, "another process does not print it twice")
    #expect(try run(testNow.seconds + PrintQueue.stale).printed.isEmpty && sent == 0, "stale: not sent again by itself")
    #expect(try queue.job(id)?.status == .interrupted)
    #expect(try queue.retry(id, by: nil, terminal: "t", now: testNow) == id)
    #expect(try run(testNow.seconds + PrintQueue.stale + 1, only: id).printed == [id] && sent == 1, "a person asked for it")
  }

  @Test func aJobThatCannotBeDrawnDoesNotHoldUpTheOthers() throws {
    let dir = TempDir()
    let (_, queue) = try setUp(dir)
    let missing = try queue.enqueue(.shelf, ref: 999_999, by: nil, terminal: "t", now: testNow)
    let fine = try queue.enqueue(.shelf, ref: 700004, by: nil, terminal: "t", now: testNow)
    let outcome = try queue.run(by: nil, terminal: "t", now: testNow, render: { Array($0.payload.utf8) }, send: { _ in })
    #expect(outcome.printed == [fine] && outcome.failed.map(\.id) == [missing])
    let third = try queue.enqueue(.shelf, ref: 700004, by: nil, terminal: "t", now: testNow)
    #expect(try queue.claim(only: third, now: testNow)?.id == third)
    expectSaid(.refused("print job \(third) is being printed now")) { try queue.retry(third, by: nil, terminal: "t", now: testNow) }
  }

  @Test func aPickupSlipKeepsItsCodeSealed() throws {
    let dir = TempDir()
    let (db, queue) = try setUp(dir)
    _ = try Importer.importFile(.orders, path: fixture("import/orders.csv"), into: db, keys: KeyStore(directory: dir.file("keys")), now: testNow)
    let order = try #require(try db.read { try Int64.fetchOne($0, sql: "SELECT min(id) FROM orders") })
    let id = try queue.enqueue(.pickup, ref: order, payload: "ORDER:\(order):SECRET99", by: nil, terminal: "t", now: testNow)
    let stored = try db.read { try Data.fetchOne($0, sql: "SELECT payload_sealed FROM print_jobs WHERE id = ?", arguments: [id]) }
    #expect(stored.map { $0.range(of: Data("SECRET99".utf8)) == nil } == true)
    let facts = try queue.facts(try #require(try queue.job(id)), now: testNow)
    #expect(facts.payload == "ORDER:\(order):SECRET99" && facts.title == "Order \(order)")
    #expect(throws: StoreError.self) { try PrintQueue(database: db, key: nil).enqueue(.pickup, ref: order, payload: "x", by: nil, terminal: nil, now: testNow) }
    expectSaid(.invalid("copies are 1 to 20, not 21")) { try queue.enqueue(.shelf, ref: 700004, copies: 21, by: nil, terminal: nil, now: testNow) }
  }

  /// A label's words are the point's language's (the queue's), with every accent; its data
  /// (titles, categories, shelf codes) as it was imported.
  @Test func aLabelSpeaksThePointsLanguage() throws {
    let dir = TempDir()
    let (db, english) = try setUp(dir)
    _ = try Importer.importFile(.orders, path: fixture("import/orders.csv"), into: db, keys: KeyStore(directory: dir.file("keys")), now: testNow)
    let french = PrintQueue(database: db, key: nil, language: .fr)
    #expect(english.language == .en && french.language == .fr)
    var label = try french.shelf(700001)
    #expect(label.language == .fr && label.title == "Samsung Galaxy A15 128 Go – très bon état")
    #expect(label.lines == ["PRODUIT 700001 – Téléphones", "bon état", "82\u{202F}000\u{00A0}FCFA"])
    #expect(try english.shelf(700002).lines == ["PRODUCT 700002 – Vêtements", "like new", "30\u{202F}000\u{00A0}FCFA"])
    label = try french.pickup(2050001, payload: "ORDER:2050001:K7M2Q9TX", now: testNow)
    #expect(label.title == "Commande 2050001" && label.lines.first == "Étagère A-02-1", "\(label.lines)")
    #expect(label.lines.contains(MessageArg.time(testNow).text(.fr)))
    let englishSlip = try english.pickup(2050001, payload: "ORDER:2050001:K7M2Q9TX", now: testNow)
    #expect(englishSlip.title == "Order 2050001" && englishSlip.lines.first == "Shelf A-02-1" && englishSlip.lines.contains(testNow.douala))
    // An order kept until a day says so, in the same language.
    try db.write { try $0.execute(sql: "UPDATE orders SET hold_until = ? WHERE id = 2050001", arguments: [testNow.seconds + 86_400]) }
    let hold = Timestamp(seconds: testNow.seconds + 86_400)
    #expect(try french.pickup(2050001, payload: "ORDER:2050001:K7M2Q9TX", now: testNow).lines.last == "Garder jusqu’au " + MessageArg.time(hold).text(.fr))
    #expect(try english.pickup(2050001, payload: "ORDER:2050001:K7M2Q9TX", now: testNow).lines.last == "Hold until " + hold.douala)
    // Refusals stay what they were.
    expectSaid(.refused("there is no product 9")) { try french.shelf(9) }
  }
}
