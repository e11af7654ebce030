import Foundation
import GRDB
import PropertyBased
import StaffDomain
import Testing

@testable import StaffStore

// MARK: - A point to test on

/// The catalogue every test point imports: three counted goods and two single items.
private enum P {
  static let cable: Int64 = 900_001  // counted, category Accessoires, no marketplace threshold
  static let charger: Int64 = 900_002  // counted, category Accessoires, marketplace threshold 10
  static let soap: Int64 = 900_003  // counted, category Hygiène
  static let radio: Int64 = 900_011  // single item
  static let bag: Int64 = 900_012  // single item
  static let all: [Int64] = [cable, charger, soap, radio, bag]
  static let single: Set<Int64> = [radio, bag]
}

private let catalogueCSV = """
  id,title,category,price_fcfa,condition,unique_item,low_stock_threshold
  900001,Câble USB-C 1 m,Accessoires,1500,new,false,
  900002,Chargeur Tecno 18 W,Accessoires,3000,new,false,10
  900003,Savon Azur,Hygiène,500,new,false,
  900011,Radio Tecno,Maison,8000,good,true,
  900012,Sac à main cuir,Mode,15000,like_new,true,

  """

private let staffCSV = """
  login,full_name,role,active
  amina.n,Amina Njoya,clerk,true
  brice.k,Brice Kamga,clerk,true
  solange.e,Solange Ekambi,supervisor,true
  herve.n,Hervé Nkeng,admin,true
  old.k,Old Kamdem,clerk,false

  """

private func at(_ seconds: Int) -> Timestamp { testNow + Int64(seconds) }

/// One point's database on disk with the catalogue and the staff imported. DLA-TEST comes from
/// `makeDatabase`; other codes are initialised the same way.
private struct Store {
  let dir: TempDir
  let database: AppDatabase
  let inventory: Inventory
  let code: String

  init(_ code: String = "DLA-TEST") throws {
    let dir = TempDir()
    let keys: KeyStore
    let database: AppDatabase
    if code == "DLA-TEST" {
      (database, keys) = try makeDatabase(dir)
    } else {
      keys = KeyStore(directory: dir.file("keys"))
      database = try AppDatabase.open(path: dir.file("vgk.sqlite"), create: true)
      _ = try PointSetup.initialise(
        database, pointCode: code, name: "Point \(code)", key: try keys.pickupCodeKey(create: true), now: testNow)
    }
    _ = try Importer.importFile(.products, path: dir.write("products.csv", catalogueCSV), into: database, keys: keys, now: testNow)
    _ = try Importer.importFile(.staff, path: dir.write("staff.csv", staffCSV), into: database, keys: keys, now: testNow)
    self.dir = dir
    self.database = database
    self.inventory = Inventory(database: database)
    self.code = code
  }

  /// A fresh copy of a closed template's database file in a directory of its own (set up once,
  /// copied for each property case: much quicker than initialising and importing every time).
  init(copying template: Template) throws {
    dir = TempDir()
    try FileManager.default.copyItem(atPath: template.path, toPath: dir.file("vgk.sqlite"))
    database = try AppDatabase.open(path: dir.file("vgk.sqlite"))
    inventory = Inventory(database: database)
    code = template.code
  }

  /// A movement; its `to` may be a location the point has never used unless `new` is false.
  @discardableResult
  func move(
    _ type: MovementType, _ product: Int64, _ quantity: Int64, from: String? = nil, to: String? = nil, reason: String? = nil,
    new: Bool = true, by login: String = "amina.n", now: Timestamp = testNow
  ) throws -> MovementView {
    try inventory.move(
      MovementRequest(type: type, productID: product, quantity: quantity, from: from, to: to, reason: reason),
      newLocations: new ? Set([to].compactMap { $0 }) : [], by: login, now: now)
  }

  func quantity(_ product: Int64, at code: String) throws -> Int64 {
    try database.read {
      try Int64.fetchOne(
        $0, sql: "SELECT s.quantity FROM stock s JOIN locations l ON l.id = s.location_id WHERE s.product_id = ? AND l.code = ?",
        arguments: [product, code])
    } ?? 0
  }

  /// All of a product this point holds, TRANSIT included.
  func total(_ product: Int64) throws -> Int64 {
    try int("SELECT coalesce(sum(quantity), 0) FROM stock WHERE product_id = ?", [product]) ?? 0
  }

  func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int64? {
    try database.read { try Int64.fetchOne($0, sql: sql, arguments: arguments) }
  }

  func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
    try database.read { try String.fetchAll($0.cachedStatement(sql: sql), arguments: arguments) }
  }

  func ids(_ sql: String, _ arguments: StatementArguments = []) throws -> [Int64] {
    try database.read { try Int64.fetchAll($0.cachedStatement(sql: sql), arguments: arguments) }
  }

  /// A file in this point's directory holding `text` (an event to import, a CSV).
  func file(_ name: String, _ text: String) -> String { dir.write(name, text) }

  /// Row counts of every table an inventory operation writes, with the stock, transfers and
  /// counts themselves: what a refused operation must leave exactly as it was.
  func snapshot() throws -> String { try database.read { try Self.snapshot($0) } }

  static func snapshot(_ db: Database) throws -> String {
    try String.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT (SELECT count(*) FROM movements) || ' ' || (SELECT count(*) FROM stock) || ' ' || (SELECT count(*) FROM audit_log)
              || ' ' || (SELECT count(*) FROM transfers) || ' ' || (SELECT count(*) FROM transfer_lines)
              || ' ' || (SELECT count(*) FROM stock_counts) || ' ' || (SELECT count(*) FROM stock_count_lines)
              || ' ' || (SELECT count(*) FROM stock_count_locations) || ' ' || (SELECT count(*) FROM outbox)
              || ' ' || (SELECT count(*) FROM locations) || ' ' || (SELECT count(*) FROM points)
              || ' ' || (SELECT count(*) FROM tasks) || ' ' || (SELECT count(*) FROM low_stock_thresholds)
              || ' | ' || coalesce((SELECT group_concat(k, ',') FROM (SELECT product_id || '@' || location_id || '=' || quantity AS k
                                                                       FROM stock ORDER BY product_id, location_id)), '')
              || ' | ' || coalesce((SELECT group_concat(k, ',') FROM (SELECT id || ':' || status || ':' || coalesce(received_at, '-') AS k
                                                                       FROM transfers ORDER BY id)), '')
              || ' | ' || coalesce((SELECT group_concat(k, ',') FROM (SELECT transfer_id || ':' || product_id || ':'
                                                                              || coalesce(quantity_received, '-') AS k
                                                                       FROM transfer_lines ORDER BY id)), '')
              || ' | ' || coalesce((SELECT group_concat(k, ',') FROM (SELECT id || ':' || status AS k FROM stock_counts ORDER BY id)), '')
              || ' | ' || coalesce((SELECT group_concat(k, ',') FROM (SELECT id || ':' || counted_quantity || ':' || coalesce(counted_by, '-') AS k
                                                                       FROM stock_count_lines ORDER BY id)), '')
          """)) ?? "?"
  }

  /// The ledger's invariants, computed here with our own SQL:
  /// (a) every stock row equals the movements in minus the movements out, and every place the
  ///     ledger says holds something has that in its stock row;
  /// (b) stock is below zero only where an ADJUSTMENT with a reason took it out;
  /// (d) a single item is in stock at most once in all.
  func violations() throws -> [String] { try database.read { try violations($0) } }

  /// The snapshot and the violations, read together.
  func state() throws -> (snapshot: String, violations: [String]) {
    try database.read { (try Self.snapshot($0), try violations($0)) }
  }

  func violations(_ db: Database) throws -> [String] {
    var out: [String] = []
    for r in try Row.fetchAll(
      db.cachedStatement(
        sql: """
          WITH ledger(product_id, location_id, q) AS (
                 SELECT product_id, to_location_id, quantity FROM movements WHERE to_location_id IS NOT NULL
                 UNION ALL
                 SELECT product_id, from_location_id, -quantity FROM movements WHERE from_location_id IS NOT NULL),
               sums AS (SELECT product_id, location_id, sum(q) AS q FROM ledger GROUP BY 1, 2),
               places AS (SELECT product_id, location_id FROM sums UNION SELECT product_id, location_id FROM stock)
          SELECT p.product_id, l.code, coalesce(s.quantity, 0) AS stock, coalesce(m.q, 0) AS ledger
            FROM places p JOIN locations l ON l.id = p.location_id
            LEFT JOIN stock s ON s.product_id = p.product_id AND s.location_id = p.location_id
            LEFT JOIN sums m ON m.product_id = p.product_id AND m.location_id = p.location_id
           WHERE coalesce(s.quantity, 0) <> coalesce(m.q, 0)
          """))
    {
      out.append(
        "(a) \(code): product \(r["product_id"] as Int64) at \(r["code"] as String): stock \(r["stock"] as Int64), ledger \(r["ledger"] as Int64)"
      )
    }
    for r in try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT s.product_id, l.code, s.quantity FROM stock s JOIN locations l ON l.id = s.location_id
           WHERE s.quantity < 0 AND NOT EXISTS (
                 SELECT 1 FROM movements m WHERE m.type = 'ADJUSTMENT' AND m.product_id = s.product_id
                    AND m.from_location_id = s.location_id AND length(trim(coalesce(m.reason, ''))) > 0)
          """))
    {
      out.append(
        "(b) \(code): product \(r["product_id"] as Int64) at \(r["code"] as String) is \(r["quantity"] as Int64) without an ADJUSTMENT")
    }
    for r in try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT s.product_id, sum(max(s.quantity, 0)) AS units, group_concat(l.code || '=' || s.quantity) AS places
            FROM stock s JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id
           WHERE p.unique_item GROUP BY s.product_id HAVING sum(max(s.quantity, 0)) > 1
          """))
    {
      out.append("(d) \(code): single item \(r["product_id"] as Int64) is in stock \(r["units"] as Int64) times (\(r["places"] as String))")
    }
    return out
  }

  /// What is in TRANSIT, product by product (should be nothing once every transfer is settled).
  func inTransit() throws -> [String] {
    try strings(
      """
      SELECT s.product_id || '=' || s.quantity FROM stock s JOIN locations l ON l.id = s.location_id
       WHERE l.kind = 'in_transit' AND s.quantity <> 0 ORDER BY s.product_id
      """)
  }

  /// Net units ADJUSTMENTs brought in (positive) or took out of the point, for a product.
  func adjusted(_ product: Int64) throws -> Int64 {
    try int(
      """
      SELECT coalesce(sum(CASE WHEN to_location_id IS NOT NULL THEN quantity ELSE -quantity END), 0)
        FROM movements WHERE type = 'ADJUSTMENT' AND product_id = ?
      """, [product]) ?? 0
  }
}

/// A point's database set up once (as `Store` does), closed, to be copied for each case.
private struct Template {
  let dir: TempDir
  let path: String
  let code: String

  init(_ code: String = "DLA-TEST", _ prepare: (Store) throws -> Void = { _ in }) throws {
    let store = try Store(code)
    try prepare(store)
    try store.database.close()
    dir = store.dir
    path = store.dir.file("vgk.sqlite")
    self.code = code
  }
}

/// Runs `body` and expects exactly `error`, and that it changed nothing in any of `stores`.
private func expectRefusal<R>(
  _ error: Said, in stores: [Store], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) throws {
  let before = try stores.map { try $0.snapshot() }
  expectSaid(error, sourceLocation: sourceLocation) { _ = try body() }
  #expect(try stores.map { try $0.snapshot() } == before, "the refusal changed something", sourceLocation: sourceLocation)
}

// MARK: - Random operations

/// One random operation: `kind` picks what it is, the other numbers pick its arguments (read
/// against the database's state when it runs, e.g. which earlier movement to reverse).
private struct Step: Sendable, CustomStringConvertible {
  var kind: Int
  var a: Int
  var b: Int
  var c: Int
  var d: Int
  var e: Int
  var description: String { "[\(kind) \(a) \(b) \(c) \(d) \(e)]" }
}

private let stepGen = zip(
  Gen.int(in: 0...99), Gen.int(in: 0...9999), Gen.int(in: 0...9999), Gen.int(in: 0...9999), Gen.int(in: 0...9999),
  Gen.int(in: 0...9999)
).map { (t: (Int, Int, Int, Int, Int, Int)) -> Step in Step(kind: t.0, a: t.1, b: t.2, c: t.3, d: t.4, e: t.5) }

/// Sequences of 10 to 40 operations (up to 60 takes a property well over 2 s in a debug build:
/// each operation is a write transaction with its audit row, then a read of every invariant).
private let sequenceGen = stepGen.array(of: 10...40)

/// Runs `body` on `cases` inputs drawn from `gen`, each from its own fixed seed (so every run
/// sees the same inputs), and reports the first case whose body returns problems. Answers
/// whether every case passed.
///
/// (Not `propertyCheck`: without `.fixedSeed` it draws a new seed each run, and with it it runs a
/// single case and always records an issue, by design, so that the trait is not committed.)
@discardableResult
private func forEachCase<Input, S: SendableSequenceType>(
  _ cases: Int, seed: UInt64, _ gen: Generator<Input, S>, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: (Input) throws -> [String]
) -> Bool {
  for i in 0..<cases {
    var rng = Xoshiro(seed: (seed, UInt64(i) &* 0x9E37_79B9_7F4A_7C15 | 1, 0xD1B5_4A32_D192_ED03, 0x8CB9_2BA7_2F3D_8DD7 ^ UInt64(i)))
    for _ in 0..<4 { _ = rng.next() }
    let input = gen.run(using: &rng)
    do {
      let problems = try body(input)
      if !problems.isEmpty {
        Issue.record(
          Comment(rawValue: "case \(i) of seed \(seed) failed:\n" + problems.joined(separator: "\n")), sourceLocation: sourceLocation)
        return false
      }
    } catch {
      Issue.record(Comment(rawValue: "case \(i) of seed \(seed) threw \(error)"), sourceLocation: sourceLocation)
      return false
    }
  }
  return true
}

/// How many operations of each kind were done or refused, over all cases (so a property that
/// only ever exercises refusals is noticed).
private struct Tally {
  var done: [String: Int] = [:]
  var refused: [String: Int] = [:]
  var operations: Int { done.values.reduce(0, +) + refused.values.reduce(0, +) }
}

private let fromCodes = ["BACK", "COUNTER", "A-01-1", "A-01-2", "TRANSIT", "Z-99-9"]
private let toCodes = ["BACK", "COUNTER", "A-01-1", "A-01-2", "A-02-1", "TRANSIT"]
private let shelves = ["BACK", "COUNTER", "A-01-1", "A-01-2"]
/// Mostly small; sometimes none, and once in a while more than a movement may move.
private let quantities: [Int64] = [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6, 8, 12, 1, 100_001]
private let reasons: [String?] = [
  nil, "  ", "shelf recount", "broken in transport", "found behind the counter", "supplier error", "mislabelled", "water damage",
]
private let logins = ["amina.n", "brice.k"]
/// Movement types by weight: receipts most, so there is stock to pick, move, damage and count.
private let movementTypes: [MovementType] = [
  .receive, .receive, .receive, .receive, .receive, .receive, .pick, .pick, .pick, .return_, .return_, .damage, .damage,
  .adjustment, .adjustment, .adjustment, .transfer, .transfer, .transfer, .transfer,
]

private func pick<T>(_ list: [T], _ n: Int) -> T { list[n % list.count] }

/// What a step does on one point, described, and the call that does it. Arguments are drawn
/// mostly from the point's state (where a product is, which counts are open) so that most
/// operations can succeed, and sometimes at random so that many are refused.
private func plan(_ st: Step, on s: Store, now: Timestamp) throws -> (kind: String, what: String, run: () throws -> Void) {
  let login = logins[st.a % 2]
  /// Where a product is in stock (TRANSIT too unless `transit` is false).
  func held(_ product: Int64, transit: Bool = true) throws -> [String] {
    try s.strings(
      """
      SELECT l.code FROM stock s JOIN locations l ON l.id = s.location_id
       WHERE s.product_id = ? AND s.quantity > 0 AND (? OR l.kind <> 'in_transit') ORDER BY l.code
      """, [product, transit])
  }
  switch st.kind {
  case 0..<45:
    let type = pick(movementTypes, st.a)
    let product = st.b % 17 == 16 ? 999_999 : pick(P.all, st.b)
    let q = pick(quantities, st.c)
    let places = try held(product)
    let f = !places.isEmpty && st.d % 3 != 0 ? pick(places, st.d / 3) : pick(fromCodes, st.d)
    let t = pick(toCodes, st.e)
    var from: String?
    var to: String?
    if (st.a / 20) % 5 != 0 {  // mostly the shape the type needs
      switch type {
      case .receive: to = t
      case .pick, .damage: from = f
      case .return_, .adjustment: if st.d % 2 == 0 { from = f } else { to = t }
      case .transfer: (from, to) = (f, t)
      }
    } else {
      from = st.d % 3 == 0 ? nil : f
      to = st.e % 3 == 0 ? nil : t
    }
    let reason = pick(reasons, st.e / 6)
    let what = "move \(type.rawValue) \(product) x\(q) \(from ?? "-")>\(to ?? "-") reason=\(reason.map { "'\($0)'" } ?? "nil")"
    return ("move", what, { _ = try s.move(type, product, q, from: from, to: to, reason: reason, by: login, now: now) })
  case 45..<60:
    let candidates =
      switch st.d % 3 {
      case 0: try s.ids("SELECT id FROM movements ORDER BY id")
      case 1: try s.ids("SELECT id FROM movements m WHERE NOT EXISTS (SELECT 1 FROM movements r WHERE r.reverses_id = m.id) ORDER BY id")
      default:
        try s.ids(
          """
          SELECT id FROM movements m WHERE type IN ('TRANSFER', 'RETURN', 'ADJUSTMENT') AND reverses_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM movements r WHERE r.reverses_id = m.id) ORDER BY id
          """)
      }
    let id = candidates.isEmpty ? 1 : pick(candidates, st.b)
    let reason = st.c % 8 == 0 ? " " : "entered by mistake"
    return ("reverse", "reverse \(id) reason='\(reason)'", { _ = try s.inventory.reverse(id, reason: reason, by: login, now: now) })
  case 60..<70:
    let destination = st.d % 10 == 0 ? s.code : "DLA-B"
    var lines: [TransferLineRequest] = []
    for (k, product) in [pick(P.all, st.b), pick(P.all, st.b / 5)].prefix(st.c % 3 == 0 ? 2 : 1).enumerated() {
      let places = try held(product, transit: false)
      let from: String? = st.e % 4 == 0 ? nil : !places.isEmpty && st.e % 4 != 1 ? pick(places, st.e / 4 + k) : pick(shelves, st.e / 4 + k)
      lines.append(TransferLineRequest(productID: product, quantity: pick(quantities, st.c / 3 + 7 * k), from: from))
    }
    let what = "send to \(destination): " + lines.map { "\($0.productID)@\($0.from ?? "?") x\($0.quantity)" }.joined(separator: ", ")
    return ("send", what, { _ = try s.inventory.send(to: destination, lines: lines, by: login, now: now) })
  case 70..<78:
    var codes = [pick(shelves, st.b)]
    if st.c % 2 == 0 { codes.append(pick(shelves, st.c / 2)) }
    return ("openCount", "open a count of \(codes)", { _ = try s.inventory.openCount(locations: codes, by: login, now: now) })
  case 78..<92:
    let open = try s.ids("SELECT id FROM stock_counts WHERE status = 'open' ORDER BY id")
    let any = try s.ids("SELECT id FROM stock_counts ORDER BY id")
    let id: Int64 = !open.isEmpty && st.b % 6 != 0 ? pick(open, st.b / 6) : !any.isEmpty && st.b % 12 != 0 ? pick(any, st.b / 12) : 999
    let covered = try s.strings(
      "SELECT l.code FROM stock_count_locations c JOIN locations l ON l.id = c.location_id WHERE c.count_id = ? ORDER BY l.code", [id])
    let place: String? = st.d % 5 == 0 ? nil : !covered.isEmpty && st.d % 5 != 1 ? pick(covered, st.d / 5) : pick(shelves, st.d / 5)
    let there =
      try place.map { code in
        try s.ids(
          "SELECT s.product_id FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = ? AND s.quantity > 0 ORDER BY 1", [code]
        )
      } ?? []
    let product = !there.isEmpty && st.c % 2 == 0 ? pick(there, st.c / 2) : pick(P.all, st.c / 2)
    let q: Int64? = st.e % 3 == 0 ? nil : Int64((st.e / 3) % 5)
    let what = "count \(id): \(product)@\(place ?? "?") \(q.map(String.init) ?? "scan") by \(login)"
    return ("count", what, { _ = try s.inventory.count(id, product: product, at: place, quantity: q, by: login, now: now) })
  default:
    let open = try s.ids("SELECT id FROM stock_counts WHERE status = 'open' ORDER BY id")
    let any = try s.ids("SELECT id FROM stock_counts ORDER BY id")
    let id: Int64 = !open.isEmpty && st.b % 5 != 0 ? pick(open, st.b) : !any.isEmpty ? pick(any, st.b) : 999
    return ("closeCount", "close count \(id)", { _ = try s.inventory.closeCount(id, by: login, now: now) })
  }
}

/// Runs `call`; a refusal (a StoreError other than an internal one, a TaskRefusal, an
/// ImportFileError) is returned, anything else is a problem.
private func attempt(_ call: () throws -> Void) -> (refusal: String?, problem: String?) {
  do {
    try call()
    return (nil, nil)
  } catch let e as StoreError {
    if case .internal = e { return ("\(e)", "an internal error: \(e)") }
    return ("\(e)", nil)
  } catch let e as TaskRefusal {
    return ("\(e)", nil)
  } catch let e as ImportFileError {
    return (e.lines.joined(separator: "; "), nil)
  } catch {
    return ("\(error)", "an unexpected error \(type(of: error)): \(error)")
  }
}

// MARK: - Tests

@Suite struct InventoryTests {
  // MARK: Properties

  /// Random sequences of moves of every type, reversals, transfers out and counts on one point:
  /// after every operation the stock equals the ledger, stock is below zero only through an
  /// ADJUSTMENT, a refused operation changed nothing, and a single item is in stock at most once
  /// (fails today: an ADJUSTMENT, typed or posted by a count, may put a single item in stock twice).
  @Test func randomOperationsKeepTheLedgerInvariants() throws {
    var tally = Tally()
    // Some stock to start from, on shelves that exist.
    let template = try Template { s in
      try s.move(.receive, P.cable, 20, to: "A-01-1")
      try s.move(.receive, P.charger, 6, to: "A-01-2")
      try s.move(.receive, P.soap, 8, to: "BACK")
      try s.move(.receive, P.radio, 1, to: "A-01-2")
    }
    // The first case that puts a single item in stock twice: reported on its own (it is a known
    // bug, see aSingleItemIsNeverInStockTwiceEvenThroughAnAdjustment) while every case still
    // runs to check the other invariants.
    var twice: [String]?
    let passed = forEachCase(100, seed: 0x5EED_0001, sequenceGen) { steps in
      let s = try Store(copying: template)
      var log: [String] = []
      var before = try s.state().snapshot
      var reported = false
      for (i, st) in steps.enumerated() {
        let now = at(60 * (i + 1))
        let (kind, what, run) = try plan(st, on: s, now: now)
        let (refusal, problem) = attempt(run)
        var problems: [String] = problem.map { [$0] } ?? []
        let after = try s.state()
        if let refusal {
          tally.refused[kind, default: 0] += 1
          if after.snapshot != before { problems.append("(c) the refused operation changed something") }
          log.append("\(i) \(st) \(what) -> refused: \(refusal)")
        } else {
          tally.done[kind, default: 0] += 1
          log.append("\(i) \(st) \(what) -> done")
        }
        before = after.snapshot
        let single = after.violations.filter { $0.hasPrefix("(d)") }
        if !single.isEmpty && !reported {
          reported = true
          if twice == nil { twice = log + single }
        }
        problems += after.violations.filter { !$0.hasPrefix("(d)") }
        if !problems.isEmpty { return log + problems }
      }
      let checks = try DatabaseCheck.run(s.database)
      return checks.isEmpty ? [] : log + checks.map { "DatabaseCheck: \($0.check): \($0.detail)" }
    }
    if let twice { Issue.record(Comment(rawValue: "(d) a single item is in stock twice:\n" + twice.joined(separator: "\n"))) }
    // The property means something only if every kind of operation both succeeds and is refused.
    guard passed else { return }
    for kind in ["move", "reverse", "send", "openCount", "count", "closeCount"] {
      #expect((tally.done[kind] ?? 0) > 0, "no \(kind) ever succeeded")
      #expect((tally.refused[kind] ?? 0) > 0, "no \(kind) was ever refused")
    }
    #expect(tally.operations > 2000)
  }

  /// Random transfers from A to B: announced at B from the event file (sometimes twice), received
  /// there with random quantities (a reason when they differ, sometimes forgotten), the receipt
  /// imported back at A (sometimes twice). At the end both TRANSITs are empty, both databases pass
  /// their check, and A + B hold what they held but for the recorded ADJUSTMENTs.
  @Test func transfersBetweenTwoPointsConserveStock() throws {
    var tally = Tally()
    // A holds each product in one place (so a line needs no location); B has some of its own.
    let templateA = try Template { a in
      for (product, quantity, place) in [
        (P.cable, 40, "A-01-1"), (P.charger, 30, "A-01-1"), (P.soap, 20, "BACK"), (P.radio, 1, "A-01-2"), (P.bag, 1, "A-01-2"),
      ] as [(Int64, Int64, String)] {
        try a.move(.receive, product, quantity, to: place)
      }
    }
    let templateB = try Template("DLA-B") { b in
      try b.move(.receive, P.cable, 5, to: "A-01-1")
      try b.move(.receive, P.soap, 3, to: "BACK")
    }
    let passed = forEachCase(50, seed: 0x5EED_0002, sequenceGen) { steps in
      try transferCase(steps, a: try Store(copying: templateA), b: try Store(copying: templateB), tally: &tally)
    }
    guard passed else { return }
    for kind in ["send", "announce", "receive", "confirm"] {
      #expect((tally.done[kind] ?? 0) > 0, "no \(kind) ever succeeded")
    }
    for kind in ["send", "receive"] { #expect((tally.refused[kind] ?? 0) > 0, "no \(kind) was ever refused") }
  }

  // MARK: Refusals: movements

  /// A point with 3 cables on A-01-1 and the radio (a single item) on A-01-2.
  private func stocked() throws -> Store {
    let s = try Store()
    try s.move(.receive, P.cable, 3, to: "A-01-1")
    try s.move(.receive, P.radio, 1, to: "A-01-2")
    return s
  }

  @Test func movementsTheRulesRefuseChangeNothing() throws {
    let s = try stocked()
    try expectRefusal(.refused("only 3 of product 900001 at A-01-1: cannot take 5 (stock never goes below zero)"), in: [s]) {
      try s.move(.pick, P.cable, 5, from: "A-01-1")
    }
    try expectRefusal(.refused("a DAMAGE movement needs a reason"), in: [s]) { try s.move(.damage, P.cable, 1, from: "A-01-1") }
    try expectRefusal(.refused("a DAMAGE movement needs a reason"), in: [s]) {
      try s.move(.damage, P.cable, 1, from: "A-01-1", reason: "   ")
    }
    try expectRefusal(.refused("an ADJUSTMENT movement needs a reason"), in: [s]) { try s.move(.adjustment, P.cable, 1, to: "A-01-1") }
    try expectRefusal(.refused("a RECEIVE puts goods somewhere: give --to, not --from"), in: [s]) {
      try s.move(.receive, P.cable, 1, from: "A-01-1", to: "BACK")
    }
    try expectRefusal(.refused("a RECEIVE puts goods somewhere: give --to, not --from"), in: [s]) {
      try s.move(.receive, P.cable, 1, from: "A-01-1")
    }
    try expectRefusal(.refused("a TRANSFER moves goods between two locations: give --from and --to"), in: [s]) {
      try s.move(.transfer, P.cable, 1, from: "A-01-1")
    }
    try expectRefusal(.refused("product 900011 is a single item and is already in stock at A-01-2"), in: [s]) {
      try s.move(.receive, P.radio, 1, to: "A-01-1")
    }
    try expectRefusal(.refused("product 900011 is a single item: it moves one at a time, not 2"), in: [s]) {
      try s.move(.transfer, P.radio, 2, from: "A-01-2", to: "BACK")
    }
    try expectRefusal(.refused("product 900012 is a single item: it moves one at a time, not 2"), in: [s]) {
      try s.move(.receive, P.bag, 2, to: "BACK")
    }
    try expectRefusal(.refused("product 999999 is not in the catalogue (import products first)"), in: [s]) {
      try s.move(.receive, 999_999, 1, to: "BACK")
    }
    try expectRefusal(.refused("this point has no location Z-09-9"), in: [s]) { try s.move(.pick, P.cable, 1, from: "Z-09-9") }
    try expectRefusal(.refused("a movement moves at least 1 unit"), in: [s]) { try s.move(.receive, P.cable, 0, to: "A-09-9") }
    #expect(try s.quantity(P.cable, at: "A-01-1") == 3)
    #expect(try DatabaseCheck.run(s.database).isEmpty)
  }

  @Test func reversalsTheRulesRefuseChangeNothing() throws {
    let s = try stocked()
    let moved = try s.move(.transfer, P.cable, 1, from: "A-01-1", to: "BACK")
    let reversal = try s.inventory.reverse(moved.id, reason: "wrong shelf", by: "brice.k", now: at(60))
    #expect(reversal.type == .transfer && reversal.from == "BACK" && reversal.to == "A-01-1" && reversal.reverses == moved.id)
    #expect(reversal.reason == "wrong shelf" && reversal.staff == "brice.k")
    #expect(try s.quantity(P.cable, at: "A-01-1") == 3 && s.quantity(P.cable, at: "BACK") == 0)
    try expectRefusal(.refused("movement \(moved.id) was already reversed by movement \(reversal.id)"), in: [s]) {
      try s.inventory.reverse(moved.id, reason: "again", by: "amina.n", now: at(120))
    }
    try expectRefusal(
      .refused("movement \(reversal.id) is itself the reversal of movement \(moved.id): post the movement again instead"), in: [s]
    ) { try s.inventory.reverse(reversal.id, reason: "undo the undo", by: "amina.n", now: at(120)) }
    try expectRefusal(.refused("a reversal needs a reason"), in: [s]) {
      try s.inventory.reverse(moved.id, reason: "  ", by: "amina.n", now: at(120))
    }
    try expectRefusal(.refused("there is no movement 4242"), in: [s]) {
      try s.inventory.reverse(4242, reason: "typo", by: "amina.n", now: at(120))
    }
    // A leg of a transfer between points is undone by the transfer.
    let sent = try s.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 1)], by: "amina.n", now: at(180))
    try expectRefusal(
      .refused("movement \(sent.slip) belongs to transfer \(sent.id): it is undone by the transfer (cancel it), not reversed"), in: [s]
    ) { try s.inventory.reverse(sent.slip, reason: "not sent after all", by: "amina.n", now: at(240)) }
    // The stock a reversal would take back is gone.
    let shelved = try s.move(.transfer, P.cable, 2, from: "A-01-1", to: "A-01-2", now: at(300))
    try s.move(.pick, P.cable, 1, from: "A-01-2", now: at(360))
    try expectRefusal(.refused("only 1 of product 900001 at A-01-2: cannot take 2 (stock never goes below zero)"), in: [s]) {
      try s.inventory.reverse(shelved.id, reason: "wrong shelf", by: "amina.n", now: at(420))
    }
    // An ADJUSTMENT may be reversed below zero: it is an ADJUSTMENT with a reason.
    let found = try s.move(.adjustment, P.soap, 2, to: "BACK", reason: "found", now: at(480))
    try s.move(.pick, P.soap, 2, from: "BACK", now: at(540))
    _ = try s.inventory.reverse(found.id, reason: "it was never there", by: "herve.n", now: at(600))
    #expect(try s.quantity(P.soap, at: "BACK") == -2)
    #expect(try s.violations().isEmpty && DatabaseCheck.run(s.database).isEmpty)
  }

  /// BUG (Inventory.reverse / MovementShape.check): a reversal is posted with the same type the
  /// other way, and the shape rule then refuses it for RECEIVE, PICK and DAMAGE, so those can
  /// never be reversed, although `reverse` documents only the refusals above.
  @Test func aReceiveAPickAndADamageCanBeReversed() throws {
    let s = try stocked()
    let received = try s.move(.receive, P.soap, 4, to: "BACK")
    #expect(throws: Never.self) { try s.inventory.reverse(received.id, reason: "delivered to the wrong point", by: "amina.n", now: at(60)) }
    #expect(try s.quantity(P.soap, at: "BACK") == 0)
    let picked = try s.move(.pick, P.cable, 1, from: "A-01-1", now: at(120))
    #expect(throws: Never.self) { try s.inventory.reverse(picked.id, reason: "the customer did not take it", by: "amina.n", now: at(180)) }
    #expect(try s.quantity(P.cable, at: "A-01-1") == 3)
    let damaged = try s.move(.damage, P.cable, 1, from: "A-01-1", reason: "cracked", now: at(240))
    #expect(throws: Never.self) { try s.inventory.reverse(damaged.id, reason: "it works after all", by: "amina.n", now: at(300)) }
    #expect(try s.quantity(P.cable, at: "A-01-1") == 3)
    // The stock a RECEIVE's reversal would take back is no longer there.
    let more = try s.move(.receive, P.charger, 4, to: "A-01-1", now: at(360))
    try s.move(.pick, P.charger, 3, from: "A-01-1", now: at(420))
    try expectRefusal(.refused("only 1 of product 900002 at A-01-1: cannot take 4 (stock never goes below zero)"), in: [s]) {
      try s.inventory.reverse(more.id, reason: "wrong delivery", by: "amina.n", now: at(480))
    }
    #expect(try s.violations().isEmpty && DatabaseCheck.run(s.database).isEmpty)
  }

  /// BUG (Ledger.post): the single-item check is skipped for every ADJUSTMENT, so an ADJUSTMENT
  /// into stock (typed, a reversed ADJUSTMENT out, or a count that finds the item where the ledger
  /// does not have it) puts a single item in stock a second time.
  @Test func aSingleItemIsNeverInStockTwiceEvenThroughAnAdjustment() throws {
    let s = try stocked()
    try expectRefusal(.refused("product 900011 is a single item and is already in stock at A-01-2"), in: [s]) {
      try s.move(.adjustment, P.radio, 1, to: "A-01-1", reason: "found it")
    }
    #expect(try s.violations().isEmpty)
    // Written off as lost, received again (a return), then the write-off reversed.
    let u = try Store()
    try u.move(.receive, P.bag, 1, to: "BACK", now: at(0))
    let lost = try u.move(.adjustment, P.bag, 1, from: "BACK", reason: "lost", now: at(10))
    try u.move(.return_, P.bag, 1, to: "A-01-1", now: at(20))
    try expectRefusal(.refused("product 900012 is a single item and is already in stock at A-01-1"), in: [u]) {
      try u.inventory.reverse(lost.id, reason: "not lost after all", by: "herve.n", now: at(30))
    }
    #expect(try u.violations().isEmpty)
    // A count that finds the item on a shelf the ledger does not have it on.
    let t = try Store()
    try t.move(.receive, P.radio, 1, to: "A-01-2")
    try t.move(.receive, P.cable, 1, to: "A-01-1")
    let count = try t.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(60))
    _ = try t.inventory.count(count.id, product: P.radio, quantity: 1, by: "amina.n", now: at(120))
    let closed = try t.inventory.closeCount(count.id, by: "amina.n", now: at(180))
    #expect(try t.violations().isEmpty)
    // Found here: it is moved here from where the ledger had it, not added.
    #expect(try t.inventory.whereIs(P.radio).stock.map(\.location) == ["A-01-1"])
    let found = try #require(closed.results.first { $0.productID == P.radio }?.adjustment)
    let move = try #require(try t.inventory.history(product: P.radio, limit: 1).first)
    #expect(move.id == found && move.type == .transfer && move.from == "A-01-2" && move.reason == "stock count \(count.id): found here")
  }

  // MARK: Refusals: transfers

  @Test func transferReceiptsTheRulesRefuseChangeNothing() throws {
    let a = try Store()
    let b = try Store("DLA-B")
    let c = try Store("DLA-C")
    try a.move(.receive, P.cable, 10, to: "A-01-1")
    try a.move(.receive, P.soap, 4, to: "BACK")
    let sent = try a.inventory.send(
      to: "dla-b", lines: [TransferLineRequest(productID: P.cable, quantity: 5), TransferLineRequest(productID: P.soap, quantity: 2)],
      by: "amina.n", now: at(60))
    #expect(sent.to == "DLA-B" && sent.status == "sent" && sent.payload == "INVENTORY:\(sent.slip)")
    let announcement = b.file("sent.jsonl", sent.event + "\n")

    // A slip nobody announced, at B.
    try expectRefusal(
      .refused(
        "no transfer here has the slip INVENTORY:\(sent.slip) (import the transfer's announcement first: vgk-staff import transfers FILE)"),
      in: [b]
    ) { try b.inventory.receive(slip: sent.slip, by: "brice.k", now: at(120)) }

    #expect(try b.inventory.importTransfers(path: announcement, now: at(120)) == .init(announced: 1, received: 0, unchanged: 0))
    let once = try b.snapshot()
    #expect(try b.inventory.importTransfers(path: announcement, now: at(130)) == .init(announced: 0, received: 0, unchanged: 1))
    #expect(try b.snapshot() == once)
    #expect(try b.int("SELECT count(*) FROM transfers") == 1 && b.int("SELECT count(*) FROM transfer_lines") == 2)
    let local = try #require(try b.int("SELECT id FROM transfers"))

    // At the sending point itself.
    try expectRefusal(.refused("transfer \(sent.id) was sent from here to DLA-B: it is received there"), in: [a]) {
      try a.inventory.receive(slip: sent.slip, by: "amina.n", now: at(140))
    }
    // At a third point that knows the announcement.
    #expect(try c.inventory.importTransfers(path: c.file("sent.jsonl", sent.event + "\n"), now: at(140)).announced == 1)
    let atC = try #require(try c.int("SELECT id FROM transfers"))
    try expectRefusal(.refused("transfer \(atC) from DLA-TEST goes to DLA-B, not to DLA-C: send it on there"), in: [c]) {
      try c.inventory.receive(slip: sent.slip, by: "brice.k", now: at(150))
    }
    // A quantity that differs needs a reason.
    try expectRefusal(.refused("what was received differs from what was sent: give the reason (--reason)"), in: [b]) {
      try b.inventory.receive(slip: sent.slip, received: [P.cable: 4], reason: "  ", by: "brice.k", now: at(160))
    }
    try expectRefusal(.refused("what was received differs from what was sent: give the reason (--reason)"), in: [b]) {
      try b.inventory.receive(slip: sent.slip, received: [P.soap: 3], by: "brice.k", now: at(160))
    }
    let received = try b.inventory.receive(slip: sent.slip, by: "brice.k", now: at(180))
    #expect(received.status == "received" && received.lines.map(\.received) == [5, 2])
    try expectRefusal(.refused("transfer \(local) was already received on \(at(180).douala) by brice.k"), in: [b]) {
      try b.inventory.receive(slip: sent.slip, by: "amina.n", now: at(240))
    }
    for s in [a, b, c] { #expect(try DatabaseCheck.run(s.database).isEmpty) }
  }

  @Test func malformedAnnouncementsAreRefusedWithTheirLinesAndImportNothing() throws {
    let a = try Store()
    let b = try Store("DLA-B")
    try a.move(.receive, P.cable, 10, to: "A-01-1")
    let sent = try a.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 5)], by: "amina.n", now: at(60))
    let before = try b.snapshot()

    let badJSON = b.file("bad.jsonl", sent.event + "\n{\"event\": \"transfer.sent\", \"transfer\": 7,\n")
    do {
      _ = try b.inventory.importTransfers(path: badJSON, now: at(120))
      Issue.record("a file with bad JSON was imported")
    } catch let e as ImportFileError {
      #expect(e.file == badJSON && e.issues.map(\.line) == [2])
      #expect(e.issues.first?.message.hasPrefix("is not valid JSON") == true, "\(e.lines)")
    }
    #expect(try b.snapshot() == before)

    let sentAt = testNow.iso8601
    let missing =
      #"{"event":"transfer.sent","transfer":77,"from":"DLA-X","to":"DLA-B","sent_at":"\#(sentAt)","lines":[{"product":900001,"title":"Câble","quantity":1}]}"#
    let unknown =
      #"{"event":"transfer.sent","transfer":78,"slip":90,"from":"DLA-X","to":"DLA-B","sent_at":"\#(sentAt)","lines":[{"product":999999,"title":"?","quantity":1}]}"#
    let noLines = #"{"event":"transfer.sent","transfer":79,"slip":91,"from":"DLA-X","to":"DLA-B","sent_at":"\#(sentAt)","lines":[]}"#
    let badQuantity =
      #"{"event":"transfer.sent","transfer":80,"slip":92,"from":"DLA-X","to":"DLA-B","sent_at":"\#(sentAt)","lines":[{"product":900001,"quantity":0}]}"#
    let file = b.file("mixed.jsonl", [sent.event, missing, unknown, noLines, badQuantity].joined(separator: "\n") + "\n")
    #expect(
      throws: ImportFileError(
        file: file,
        issues: [
          ImportIssue(line: 2, "column 'slip' is missing"),
          ImportIssue(line: 3, "product 999999 is not in the catalogue here (import products first)"),
          ImportIssue(line: 4, "a transfer needs at least one line"),
          ImportIssue(line: 5, "a line: column 'quantity': 0 is below 1"),
        ])
    ) { try b.inventory.importTransfers(path: file, now: at(120)) }
    #expect(try b.snapshot() == before)
    #expect(try b.int("SELECT count(*) FROM transfers") == 0)
  }

  // MARK: Refusals: counts

  @Test func countsTheRulesRefuseChangeNothing() throws {
    let s = try stocked()
    let first = try s.inventory.openCount(locations: ["a-01-1"], by: "amina.n", now: at(60))
    #expect(first.status == "open" && first.locations == ["A-01-1"] && first.openedBy == "amina.n")
    try expectRefusal(.refused("A-01-1 is already being counted (count \(first.id))"), in: [s]) {
      try s.inventory.openCount(locations: ["BACK", "A-01-1"], by: "brice.k", now: at(120))
    }
    let second = try s.inventory.openCount(locations: ["A-01-2"], by: "brice.k", now: at(120))
    #expect(try s.inventory.count(second.id, product: P.radio, by: "brice.k", now: at(130)).quantity == 1)
    try expectRefusal(.refused("product 900011 is a single item: it is there (1) or not (0), not 2"), in: [s]) {
      try s.inventory.count(second.id, product: P.radio, by: "brice.k", now: at(140))
    }
    try expectRefusal(.refused("product 900011 is a single item: it is there (1) or not (0), not 2"), in: [s]) {
      try s.inventory.count(second.id, product: P.radio, at: "A-01-2", quantity: 2, by: "brice.k", now: at(140))
    }
    try expectRefusal(.refused("count \(second.id) covers A-01-2, not A-01-1"), in: [s]) {
      try s.inventory.count(second.id, product: P.cable, at: "A-01-1", quantity: 3, by: "brice.k", now: at(140))
    }
    _ = try s.inventory.count(first.id, product: P.cable, quantity: 3, by: "amina.n", now: at(150))
    let closed = try s.inventory.closeCount(first.id, by: "amina.n", now: at(200))
    #expect(closed.status == "closed" && closed.results.map(\.variance) == [0])
    try expectRefusal(.refused("count \(first.id) is closed"), in: [s]) {
      try s.inventory.count(first.id, product: P.cable, quantity: 2, by: "amina.n", now: at(210))
    }
    try expectRefusal(.refused("count \(first.id) is closed"), in: [s]) {
      try s.inventory.closeCount(first.id, by: "amina.n", now: at(210))
    }
    try expectRefusal(.refused("there is no count 999"), in: [s]) {
      try s.inventory.count(999, product: P.cable, quantity: 2, by: "amina.n", now: at(210))
    }
    // Once closed, A-01-1 may be counted again.
    #expect(try s.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(220)).status == "open")
  }

  /// A count left open (a console locked mid-count) is found again by the locations it covers,
  /// so the console can take it up: all of the locations asked for, open, at this point.
  @Test func anOpenCountIsFoundByTheLocationsItCovers() throws {
    let s = try stocked()
    #expect(try s.inventory.openCount(covering: ["A-01-1"]) == nil)
    let open = try s.inventory.openCount(locations: ["A-01-1", "A-01-2"], by: "amina.n", now: at(60))
    _ = try s.inventory.count(open.id, product: P.cable, quantity: 3, by: "amina.n", now: at(70))
    let found = try #require(try s.inventory.openCount(covering: ["a-01-2"]))
    #expect(found.id == open.id && found.counted.count == 1)
    #expect(try s.inventory.openCount(covering: ["A-01-1", "A-01-2"])?.id == open.id)
    #expect(try s.inventory.openCount(covering: ["A-01-1", "BACK"]) == nil, "not when it covers only some of them")
    #expect(try s.inventory.openCount(covering: []) == nil)
    _ = try s.inventory.closeCount(open.id, by: "amina.n", now: at(80))
    #expect(try s.inventory.openCount(covering: ["A-01-1"]) == nil, "a closed count is not taken up")
  }

  /// What moves after a line was counted (a PICK for a handover) is not a variance at closing.
  @Test func movementsAfterALineWasCountedAreNotVariances() throws {
    let s = try stocked()
    let count = try s.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(60))
    _ = try s.inventory.count(count.id, product: P.cable, quantity: 3, by: "amina.n", now: at(150))
    try s.move(.pick, P.cable, 1, from: "A-01-1", now: at(170))
    let closed = try s.inventory.closeCount(count.id, by: "amina.n", now: at(200))
    #expect(closed.results.map(\.variance) == [0], "counted 3, one picked since: nothing to adjust")
    let adjustments = try s.database.read {
      try Int.fetchOne($0, sql: "SELECT count(*) FROM movements WHERE type = 'ADJUSTMENT'")
    }
    #expect(adjustments == 0)
    #expect(try s.violations().isEmpty)
  }

  // MARK: A close posts what its preview showed

  /// The preview lists each counted product (counted / expected / difference) and, apart, what
  /// nobody counted at the counted locations (written off); it writes nothing; the close posts
  /// those very lines, and refuses, posting nothing, when they changed since (stock moved
  /// elsewhere, someone counted more), answering with the new preview.
  @Test func aClosePostsWhatItsPreviewShowedOrNothing() throws {
    let s = try stocked()
    try s.move(.receive, P.soap, 2, to: "A-01-1")
    let count = try s.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(60))
    _ = try s.inventory.count(count.id, product: P.cable, quantity: 2, by: "amina.n", now: at(70))
    let before = try s.snapshot()
    let first = try s.inventory.closingPreview(count.id)
    #expect(try s.snapshot() == before, "a preview writes nothing")
    #expect(first.counted == [.init(productID: P.cable, title: "Câble USB-C 1 m", location: "A-01-1", expected: 3, counted: 2)])
    #expect(first.uncounted == [.init(productID: P.soap, title: "Savon Azur", location: "A-01-1", expected: 2, counted: 0)])
    #expect(first.differences == 2 && first.writeOff.units == 2 && first.writeOff.products == 1)
    #expect(try s.inventory.closingPreview(count.id) == first, "the same lines, the same fingerprint")
    // Another terminal receives soap at A-01-1: the close shown is no longer what would be posted.
    try s.move(.receive, P.soap, 1, to: "A-01-1", now: at(80))
    let moved = try s.snapshot()
    do {
      _ = try s.inventory.closeCount(count.id, expecting: first.fingerprint, by: "amina.n", now: at(90))
      Issue.record("a close of lines no longer shown was posted")
    } catch let e as CountChanged {
      #expect(e.preview.uncounted.map(\.expected) == [3] && e.preview.fingerprint != first.fingerprint)
      #expect(e.preview == (try s.inventory.closingPreview(count.id)))
    }
    #expect(try s.snapshot() == moved, "nothing was posted")
    // Someone counts more on another terminal: changed again.
    let second = try s.inventory.closingPreview(count.id)
    _ = try s.inventory.count(count.id, product: P.soap, quantity: 3, by: "brice.k", now: at(100))
    #expect(throws: CountChanged.self) { try s.inventory.closeCount(count.id, expecting: second.fingerprint, by: "amina.n", now: at(110)) }
    // A fingerprint nobody was shown (garbage, hostile) posts nothing either.
    for bogus in ["", "0000000000000000", String(repeating: "f", count: 5000), "' OR 1=1 --", "\u{0}"] {
      #expect(throws: CountChanged.self) { try s.inventory.closeCount(count.id, expecting: bogus, by: "amina.n", now: at(110)) }
    }
    // The close as shown: exactly its lines are posted.
    let shown = try s.inventory.closingPreview(count.id)
    #expect(shown.uncounted.isEmpty && shown.counted.map(\.difference) == [-1, 0])
    let closed = try s.inventory.closeCount(count.id, expecting: shown.fingerprint, by: "amina.n", now: at(120))
    let posted = closed.results.map { CountPreview.Line(productID: $0.productID, title: $0.title, location: $0.location, expected: $0.expected, counted: $0.counted) }
    #expect(posted == shown.counted + shown.uncounted)
    #expect(try s.quantity(P.cable, at: "A-01-1") == 2 && s.quantity(P.soap, at: "A-01-1") == 3)
    #expect(try s.violations().isEmpty)
    try expectRefusal(.refused("count \(count.id) is closed"), in: [s]) { try s.inventory.closingPreview(count.id) }
    try expectRefusal(.refused("there is no count 999"), in: [s]) { try s.inventory.closingPreview(999) }
  }

  /// A count where nothing was counted writes off everything at its locations only when told
  /// that nothing is there; a count of empty locations closes without it (it posts nothing).
  @Test func aCountWithNothingCountedWritesOffOnlyWhenToldSo() throws {
    let s = try stocked()
    try s.move(.receive, P.soap, 2, to: "A-01-1")
    let count = try s.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(60))
    let preview = try s.inventory.closingPreview(count.id)
    #expect(preview.nothingCounted && preview.counted.isEmpty && preview.uncounted.count == 2)
    #expect(preview.writeOff.units == 5 && preview.writeOff.products == 2)
    try expectRefusal(
      .refused("nothing was counted in count \(count.id): closing it writes off 5 units of 2 products; confirm that nothing is there"),
      in: [s]
    ) { try s.inventory.closeCount(count.id, expecting: preview.fingerprint, by: "amina.n", now: at(70)) }
    let closed = try s.inventory.closeCount(count.id, expecting: preview.fingerprint, nothingCounted: true, by: "amina.n", now: at(80))
    #expect(closed.results.map(\.variance) == [-3, -2])
    #expect(try s.quantity(P.cable, at: "A-01-1") == 0)
    // An empty shelf counted empty: nothing to write off, nothing to confirm twice.
    try s.move(.receive, P.soap, 1, to: "B-01", now: at(90))
    try s.move(.pick, P.soap, 1, from: "B-01", now: at(91))
    let empty = try s.inventory.openCount(locations: ["B-01"], by: "amina.n", now: at(100))
    let nothing = try s.inventory.closingPreview(empty.id)
    #expect(nothing.nothingCounted && nothing.uncounted.isEmpty && nothing.differences == 0)
    #expect(try s.inventory.closeCount(empty.id, expecting: nothing.fingerprint, by: "amina.n", now: at(110)).status == "closed")
  }

  /// A single item found on a counted shelf while the ledger has it on another: the preview says
  /// where it comes from, and the close moves it from there.
  @Test func aFoundSingleItemShowsWhereItComesFrom() throws {
    let s = try stocked()
    let count = try s.inventory.openCount(locations: ["A-01-1"], by: "amina.n", now: at(60))
    _ = try s.inventory.count(count.id, product: P.cable, quantity: 3, by: "amina.n", now: at(70))
    _ = try s.inventory.count(count.id, product: P.radio, quantity: 1, by: "amina.n", now: at(80))
    let preview = try s.inventory.closingPreview(count.id)
    #expect(preview.counted.map(\.from) == [nil, "A-01-2"] && preview.counted.map(\.difference) == [0, 1])
    _ = try s.inventory.closeCount(count.id, expecting: preview.fingerprint, by: "amina.n", now: at(90))
    #expect(try s.inventory.whereIs(P.radio).stock.map(\.location) == ["A-01-1"])
  }

  // MARK: New locations

  /// A location code the point has never used becomes a location only when the caller says it
  /// is new (a movement's `to`, a receipt's `into`, a count's locations); otherwise it is refused,
  /// named, and nothing changes. Codes are checked against their grammar first, with the reason.
  @Test func aNewLocationIsCreatedOnlyWhenSaidToBeNew() throws {
    let s = try stocked()
    try expectRefusal(.invalid("ZZZ-9 is a new location: this point has never used it (check the code, or say it is new)"), in: [s]) {
      try s.move(.receive, P.cable, 1, to: "zzz-9", new: false)
    }
    try expectRefusal(.invalid("ZZZ-9 is a new location: this point has never used it (check the code, or say it is new)"), in: [s]) {
      try s.inventory.move(
        MovementRequest(type: .receive, productID: P.cable, quantity: 1, to: "ZZZ-9"), newLocations: ["ZZZ-8"], by: "amina.n", now: at(10))
    }
    try expectRefusal(.invalid("Q-1 is a new location: this point has never used it (check the code, or say it is new)"), in: [s]) {
      try s.inventory.openCount(locations: ["A-01-1", "Q-1"], by: "amina.n", now: at(20))
    }
    #expect(try s.inventory.newLocations(["BACK", "zzz-9", "ZZZ-9", "A-01-1", "Q-1"]) == ["ZZZ-9", "Q-1"])
    #expect(try s.inventory.newLocations([]) == [])
    for (code, reason) in [
      ("a b", "may hold only A-Z, 0-9 and '-'"), ("", "must be 1 to 16 characters"), ("A-0123456789ABCDEF", "must be 1 to 16 characters"),
      ("9-A", "must start with a capital letter"), ("É-1", "must start with a capital letter"), ("A-1\u{202E}", "may hold only A-Z, 0-9 and '-'"),
      ("A-1\n", "may hold only A-Z, 0-9 and '-'"), ("A_1", "may hold only A-Z, 0-9 and '-'"),
    ] {
      try expectRefusal(.invalid("the location '\(code)' \(reason)"), in: [s]) { try s.inventory.newLocations([code]) }
      try expectRefusal(.invalid("the location '\(code)' \(reason)"), in: [s]) { try s.move(.receive, P.cable, 1, to: code) }
    }
    // Said to be new (in any case): created, once.
    let m = try s.inventory.move(
      MovementRequest(type: .receive, productID: P.cable, quantity: 1, to: "zzz-9"), newLocations: ["zzz-9"], by: "amina.n", now: at(30))
    #expect(m.to == "ZZZ-9")
    #expect(try s.inventory.newLocations(["ZZZ-9"]) == [])
    let c = try s.inventory.openCount(locations: ["Q-1"], newLocations: ["Q-1"], by: "amina.n", now: at(40))
    #expect(c.locations == ["Q-1"])
    // TRANSIT is never counted: its goods are on their way.
    try expectRefusal(.refused("TRANSIT holds transfers on their way: it is not counted (receive or cancel them instead)"), in: [s]) {
      try s.inventory.openCount(locations: ["transit"], by: "amina.n", now: at(50))
    }
  }

  /// A receipt into a location the point has never used is refused unless it is said to be new.
  @Test func aReceiptIntoANewLocationIsSaidToBeNew() throws {
    let a = try Store()
    let b = try Store("DLA-B")
    try a.move(.receive, P.cable, 4, to: "A-01-1")
    let sent = try a.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 4)], by: "amina.n", now: at(10))
    _ = try b.inventory.importTransfers(path: b.file("sent.jsonl", sent.event + "\n"), now: at(20))
    try expectRefusal(.invalid("R-9 is a new location: this point has never used it (check the code, or say it is new)"), in: [b]) {
      try b.inventory.receive(slip: sent.slip, into: "R-9", by: "brice.k", now: at(30))
    }
    let got = try b.inventory.receive(slip: sent.slip, into: "R-9", newLocations: ["R-9"], by: "brice.k", now: at(40))
    #expect(got.status == "received")
    #expect(try b.quantity(P.cable, at: "R-9") == 4)
  }

  // MARK: A transfer with a variance

  @Test func aTransferWithAVarianceIsExplainedByBothLedgers() throws {
    let a = try Store()
    let b = try Store("DLA-B")
    try a.move(.receive, P.cable, 12, to: "A-01-1")
    let sent = try a.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 5)], by: "amina.n", now: at(60))
    #expect(try a.quantity(P.cable, at: "TRANSIT") == 5 && a.quantity(P.cable, at: "A-01-1") == 7)
    _ = try b.inventory.importTransfers(path: b.file("sent.jsonl", sent.event), now: at(120))
    let got = try b.inventory.receive(
      slip: sent.slip, received: [P.cable: 4], reason: "one box crushed", by: "brice.k", now: at(180))
    #expect(got.status == "received" && got.reason == "one box crushed" && got.lines.map(\.sent) == [5] && got.lines.map(\.received) == [4])

    let ledger = try b.database.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT m.type, m.quantity, lf.code AS f, lt.code AS t, m.reason FROM movements m
            LEFT JOIN locations lf ON lf.id = m.from_location_id LEFT JOIN locations lt ON lt.id = m.to_location_id
           WHERE m.transfer_id = ? ORDER BY m.id
          """, arguments: [got.id]
      ).map {
        "\($0["type"] as String) \($0["quantity"] as Int64) \($0["f"] as String? ?? "-")>\($0["t"] as String? ?? "-") \($0["reason"] as String? ?? "")"
      }
    }
    #expect(
      ledger == [
        "TRANSFER 5 ->TRANSIT transfer \(got.id) from DLA-TEST",
        "TRANSFER 4 TRANSIT>BACK ",
        "ADJUSTMENT 1 TRANSIT>- transfer \(got.id): 1 missing: one box crushed",
      ])
    #expect(try b.int("SELECT quantity_received FROM transfer_lines WHERE transfer_id = ?", [got.id]) == 4)
    #expect(try b.quantity(P.cable, at: "BACK") == 4 && b.inTransit().isEmpty)

    let receipt = try #require(try JSONSerialization.jsonObject(with: Data(got.event.utf8)) as? [String: Any])
    #expect(receipt["event"] as? String == "transfer.received" && receipt["transfer"] as? Int == Int(sent.id))
    let imported = try a.inventory.importTransfers(path: a.file("received.jsonl", got.event), now: at(240))
    #expect(imported == .init(announced: 0, received: 1, unchanged: 0))
    #expect(try a.inTransit().isEmpty && a.quantity(P.cable, at: "A-01-1") == 7)
    let atA = try a.inventory.transfer(sent.id)
    #expect(atA.status == "received" && atA.lines.map(\.received) == [4] && atA.reason == "one box crushed")
    #expect(try a.inventory.importTransfers(path: a.file("again.jsonl", got.event), now: at(300)) == .init(unchanged: 1))
    // A: 12 received, 5 left; B: 5 came in, 1 written off. 12 = 7 + 4 + 1.
    #expect(try a.total(P.cable) + b.total(P.cable) == 12 + a.adjusted(P.cable) + b.adjusted(P.cable))
    for s in [a, b] { #expect(try DatabaseCheck.run(s.database).isEmpty && s.violations().isEmpty) }
  }

  /// PROBABLE BUG (LedgerEntry.reversal): the ADJUSTMENT that writes a transfer's missing units
  /// out of TRANSIT carries the transfer but is not a TRANSFER, so it can be reversed, and then
  /// TRANSIT holds units no transfer will ever take out.
  @Test func aTransferVarianceCannotBeReversedBackIntoTransit() throws {
    let a = try Store()
    let b = try Store("DLA-B")
    try a.move(.receive, P.cable, 12, to: "A-01-1")
    let sent = try a.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 5)], by: "amina.n", now: at(60))
    _ = try b.inventory.importTransfers(path: b.file("sent.jsonl", sent.event), now: at(120))
    let got = try b.inventory.receive(slip: sent.slip, received: [P.cable: 4], reason: "one box crushed", by: "brice.k", now: at(180))
    let variance = try #require(try b.int("SELECT id FROM movements WHERE transfer_id = ? AND type = 'ADJUSTMENT'", [got.id]))
    #expect(throws: StoreError.self) { try b.inventory.reverse(variance, reason: "found it", by: "brice.k", now: at(240)) }
    #expect(try b.inTransit().isEmpty)
  }

  // MARK: Count accuracy

  @Test func countAccuracyIsScoredPerCounterWithLaterRecounts() throws {
    let s = try Store()
    try s.move(.receive, P.cable, 5, to: "A-01-1")
    try s.move(.receive, P.charger, 3, to: "A-01-1")
    try s.move(.receive, P.bag, 1, to: "A-01-1")
    try s.move(.receive, P.soap, 4, to: "A-01-2")
    try s.move(.receive, P.radio, 1, to: "A-01-2")
    let task = try TaskBoard(database: s.database).add(
      NewTask(type: .inventoryCount, priority: .medium, title: "Count aisle A"), by: "solange.e", now: at(10))
    let first = try s.inventory.openCount(locations: ["A-01-1", "A-01-2"], task: task.id, by: "herve.n", now: at(20))
    #expect(first.taskID == task.id)
    _ = try s.inventory.count(first.id, product: P.cable, at: "A-01-1", quantity: 5, by: "amina.n", now: at(30))  // agrees
    for _ in 0..<3 { _ = try s.inventory.count(first.id, product: P.charger, by: "amina.n", now: at(40)) }  // 3 scans, agrees
    _ = try s.inventory.count(first.id, product: P.soap, at: "A-01-2", quantity: 6, by: "amina.n", now: at(50))  // ledger says 4
    _ = try s.inventory.count(first.id, product: P.radio, at: "A-01-2", quantity: 0, by: "brice.k", now: at(60))  // ledger says 1
    // Nobody counts the bag on A-01-1: taken as none, and the line is nobody's.
    let open = try s.inventory.countView(first.id)
    #expect(open.results.isEmpty && open.counted.count == 4)
    let closed = try s.inventory.closeCount(first.id, by: "herve.n", now: at(100))
    let outcome = Dictionary(
      uniqueKeysWithValues: closed.results.map { ("\($0.productID)@\($0.location)", "\($0.expected)>\($0.counted) \($0.by ?? "-")") })
    #expect(
      outcome == [
        "900001@A-01-1": "5>5 amina.n", "900002@A-01-1": "3>3 amina.n", "900012@A-01-1": "1>0 -", "900003@A-01-2": "4>6 amina.n",
        "900011@A-01-2": "1>0 brice.k",
      ])
    #expect(closed.results.filter { $0.variance == 0 }.allSatisfy { $0.adjustment == nil })
    let adjustments = try s.strings(
      "SELECT product_id || ' ' || quantity || ' ' || (from_location_id IS NULL) FROM movements WHERE type = 'ADJUSTMENT' AND reason = ? ORDER BY product_id",
      ["stock count \(first.id)"])
    #expect(adjustments == ["900003 2 1", "900011 1 0", "900012 1 0"])
    #expect(closed.results.filter { $0.variance != 0 }.allSatisfy { $0.adjustment != nil })
    #expect(try TaskBoard(database: s.database).task(task.id).status == .done)
    #expect(try s.quantity(P.soap, at: "A-01-2") == 6 && s.quantity(P.radio, at: "A-01-2") == 0)

    let second = try s.inventory.openCount(locations: ["A-01-2"], by: "herve.n", now: at(150))
    _ = try s.inventory.count(second.id, product: P.soap, quantity: 6, by: "brice.k", now: at(160))  // confirms amina's 6
    _ = try s.inventory.count(second.id, product: P.radio, quantity: 1, by: "amina.n", now: at(170))  // contradicts brice's 0
    _ = try s.inventory.closeCount(second.id, by: "herve.n", now: at(200))

    // The first count: amina 3 of 3 (the recount confirms her 6), brice 0 of 1.
    #expect(
      try s.inventory.accuracy(from: at(100), to: at(100)) == [
        "amina.n": Accuracy(lines: 3, confirmed: 3), "brice.k": Accuracy(lines: 1, confirmed: 0),
      ])
    // Both counts: amina's radio line is not confirmed (nothing recounted it), brice's soap line agreed.
    #expect(
      try s.inventory.accuracy(from: at(0), to: at(300)) == [
        "amina.n": Accuracy(lines: 4, confirmed: 3), "brice.k": Accuracy(lines: 2, confirmed: 1),
      ])
    #expect(try s.inventory.accuracy(from: at(201), to: at(300)).isEmpty)
    #expect(try s.inventory.counts().map(\.id) == [second.id, first.id])
    #expect(try DatabaseCheck.run(s.database).isEmpty && s.violations().isEmpty)
  }

  // MARK: History, alerts, imports

  @Test func historyPagesNewestFirstWithoutGapsOrRepeats() throws {
    let s = try Store()
    for i in 0..<12 {
      try s.move(.receive, P.cable, 2, to: "A-01-1", now: at(i * 10))
      try s.move(.transfer, P.cable, 1, from: "A-01-1", to: "BACK", now: at(i * 10 + 1))
      try s.move(.receive, P.soap, 1, to: i % 2 == 0 ? "BACK" : "A-01-2", now: at(i * 10 + 2))
    }
    func pages(_ limit: Int, _ page: (Int64?) throws -> [MovementView]) throws -> [[Int64]] {
      var out: [[Int64]] = []
      var before: Int64?
      while true {
        let ids = try page(before).map(\.id)
        if ids.isEmpty { return out }
        #expect(ids.count <= limit)
        out.append(ids)
        before = ids.last
      }
    }
    let byProduct = try pages(5) { try s.inventory.history(product: P.cable, before: $0, limit: 5) }
    #expect(byProduct.flatMap { $0 } == (try s.ids("SELECT id FROM movements WHERE product_id = ? ORDER BY id DESC", [P.cable])))
    #expect(byProduct.map(\.count) == [5, 5, 5, 5, 4])
    let back = try s.ids("SELECT id FROM locations WHERE code = 'BACK'")[0]
    let byLocation = try pages(4) { try s.inventory.history(location: "back", before: $0, limit: 4) }
    #expect(
      byLocation.flatMap { $0 }
        == (try s.ids("SELECT id FROM movements WHERE from_location_id = ? OR to_location_id = ? ORDER BY id DESC", [back, back])))
    #expect(byLocation.flatMap { $0 }.count == 18)
    let all = try pages(7) { try s.inventory.history(before: $0, limit: 7) }
    #expect(all.flatMap { $0 } == (try s.ids("SELECT id FROM movements ORDER BY id DESC")))
    expectSaid(.refused("this point has no location Z-01-1")) { try s.inventory.history(location: "Z-01-1") }
  }

  /// The console's counters name the locations under an open count, from any terminal, so that
  /// every console stays blind there until it is closed.
  @Test func theCountersNameTheLocationsBeingCounted() throws {
    let s = try Store()
    try s.move(.receive, P.cable, 2, to: "A-01-1")
    #expect(try ConsoleQueries.alerts(s.database, now: at(30)).counting.isEmpty)
    let count = try s.inventory.openCount(locations: ["A-01-1", "BACK"], by: "amina.n", now: at(60))
    #expect(try ConsoleQueries.alerts(s.database, now: at(90)).counting == ["A-01-1", "BACK"])
    _ = try s.inventory.count(count.id, product: P.cable, quantity: 2, by: "amina.n", now: at(120))
    _ = try s.inventory.closeCount(count.id, by: "amina.n", now: at(180))
    #expect(try ConsoleQueries.alerts(s.database, now: at(240)).counting.isEmpty)
  }

  @Test func alertsHonourThePointsThresholdsAndIgnoreTransit() throws {
    let s = try Store()
    try s.move(.receive, P.charger, 2, to: "A-01-1")
    try s.move(.receive, P.cable, 8, to: "A-01-1")
    // Only the marketplace's threshold: the charger under 10.
    #expect(
      try s.inventory.alerts() == [
        LowStock(
          productID: P.charger, title: "Chargeur Tecno 18 W", category: "Accessoires", total: 2, threshold: 10, source: "marketplace")
      ])
    // The point's own threshold for the product wins over the marketplace's.
    try s.inventory.setThreshold(product: P.charger, to: 3, by: "solange.e", now: at(10))
    #expect(
      try s.inventory.alerts() == [
        LowStock(productID: P.charger, title: "Chargeur Tecno 18 W", category: "Accessoires", total: 2, threshold: 3, source: "point")
      ])
    try s.move(.receive, P.charger, 1, to: "A-01-1", now: at(20))
    #expect(try s.inventory.alerts().isEmpty)  // 3 is not under 3, though under the marketplace's 10
    // A category threshold for products without their own: the cable, not the charger.
    try s.inventory.setThreshold(category: "Accessoires", to: 6, by: "solange.e", now: at(30))
    #expect(try s.inventory.alerts().isEmpty)  // 8 cables
    _ = try s.inventory.send(to: "DLA-B", lines: [TransferLineRequest(productID: P.cable, quantity: 3)], by: "amina.n", now: at(40))
    // 3 cables in TRANSIT do not count: 5 left, under 6.
    #expect(
      try s.inventory.alerts() == [
        LowStock(productID: P.cable, title: "Câble USB-C 1 m", category: "Accessoires", total: 5, threshold: 6, source: "category")
      ])
    // Clearing the point's threshold for the charger gives it back the marketplace's (not the category's).
    try s.inventory.setThreshold(product: P.charger, to: nil, by: "solange.e", now: at(50))
    #expect(
      try s.inventory.alerts() == [
        LowStock(
          productID: P.charger, title: "Chargeur Tecno 18 W", category: "Accessoires", total: 3, threshold: 10, source: "marketplace"),
        LowStock(productID: P.cable, title: "Câble USB-C 1 m", category: "Accessoires", total: 5, threshold: 6, source: "category"),
      ])
    // The point's product threshold also wins over its category threshold.
    try s.inventory.setThreshold(product: P.cable, to: 2, by: "solange.e", now: at(60))
    #expect(try s.inventory.alerts().map(\.productID) == [P.charger])
    expectSaid(.refused("there is no product 999999")) {
      try s.inventory.setThreshold(product: 999_999, to: 1, by: "solange.e", now: at(70))
    }
    expectSaid(.refused("no product is in the category 'Jouets'")) {
      try s.inventory.setThreshold(category: "Jouets", to: 1, by: "solange.e", now: at(70))
    }
  }

  @Test func importMovementsPostsAValidFileAndRefusesAFileWithABadRow() throws {
    let s = try Store()
    let good = s.file(
      "movements.csv",
      """
      type,product_id,quantity,from,to,reason,at
      RECEIVE,900001,10,,A-03-1,,
      transfer,900001,4,A-03-1,BACK,,
      DAMAGE,900001,1,BACK,,dropped,2026-11-26T10:00:00+01:00

      """)
    #expect(try s.inventory.importMovements(path: good, by: "amina.n", now: at(10)) == 3)
    #expect(try s.quantity(P.cable, at: "A-03-1") == 6 && s.quantity(P.cable, at: "BACK") == 3)
    #expect(
      try s.int("SELECT created_at FROM movements WHERE type = 'DAMAGE'") == Timestamp.parse("2026-11-26T10:00:00+01:00").get().seconds)
    #expect(try s.int("SELECT count(*) FROM audit_log WHERE action = 'import.movements'") == 1)

    let before = try s.snapshot()
    let bad = s.file(
      "bad.csv",
      """
      type,product_id,quantity,from,to,reason,at
      RECEIVE,900003,10,,A-04-1,,
      PICK,900003,50,A-04-1,,,
      DAMAGE,900002,1,BACK,,,
      RECEIVE,900001,0,,BACK,,
      LOSE,900001,1,,BACK,,
      PICK,900001,1,Z-99-9,,,

      """)
    #expect(
      throws: ImportFileError(
        file: bad,
        issues: [
          ImportIssue(line: 3, "only 10 of product 900003 at A-04-1: cannot take 50 (stock never goes below zero)"),
          ImportIssue(line: 4, "a DAMAGE movement needs a reason"),
          ImportIssue(line: 5, "column 'quantity': 0 is below 1"),
          ImportIssue(line: 6, "column 'type' 'LOSE' is not one of: RECEIVE, PICK, RETURN, DAMAGE, ADJUSTMENT, TRANSFER"),
          ImportIssue(line: 7, "this point has no location Z-99-9"),
        ])
    ) { try s.inventory.importMovements(path: bad, by: "amina.n", now: at(20)) }
    #expect(try s.snapshot() == before)
    #expect(try s.int("SELECT count(*) FROM locations WHERE code = 'A-04-1'") == 0)
    #expect(try DatabaseCheck.run(s.database).isEmpty)
  }

  @Test func whereIsAndStockAtAgreeWithTheLedger() throws {
    let s = try stocked()
    try s.move(.transfer, P.cable, 1, from: "A-01-1", to: "counter")
    let view = try s.inventory.whereIs(P.cable)
    #expect(view.stock.map { "\($0.location)=\($0.quantity)" } == ["A-01-1=2", "COUNTER=1"] && view.totalStock == 3)
    #expect(try s.inventory.stock(at: "A-01-2").map(\.productID) == [P.radio])
    expectSaid(.refused("there is no product 4242")) { try s.inventory.whereIs(4242) }
    expectSaid(.refused("this point has no location A-09-9")) { try s.inventory.stock(at: "A-09-9") }
  }
}

// MARK: - The two-point property, one case

/// A transfer from A to B as the case follows it: sent, announced at B, received there, its
/// receipt imported at A.
private struct Shipment {
  var id: Int64
  var slip: Int64
  var event: String
  var lines: [(product: Int64, sent: Int64)]
  var stage = 0  // 0 sent, 1 announced at B, 2 received at B, 3 confirmed at A
  var receipt = ""
  var variance: [Int64: Int64] = [:]
}

private func transferCase(_ steps: [Step], a: Store, b: Store, tally: inout Tally) throws -> [String] {
  let initial = try Dictionary(uniqueKeysWithValues: P.all.map { ($0, try a.total($0) + b.total($0)) })
  var shipments: [Shipment] = []
  var log: [String] = []
  var n = 0
  var last = [a.code: try a.snapshot(), b.code: try b.snapshot()]

  /// Runs one operation on point `s` (an operation opens no other point's database, so the other
  /// one cannot change) and checks that point's invariants; `refusalExpected` nil means either
  /// outcome is fine.
  func step(_ kind: String, _ what: String, on s: Store, refusalExpected: Bool?, _ call: () throws -> Void) throws -> (
    done: Bool, problems: [String]
  ) {
    n += 1
    let (refusal, problem) = attempt(call)
    var problems: [String] = problem.map { [$0] } ?? []
    let after = try s.state()
    defer { last[s.code] = after.snapshot }
    if let refusal {
      tally.refused[kind, default: 0] += 1
      log.append("\(n) \(what) -> refused: \(refusal)")
      if after.snapshot != last[s.code] { problems.append("(c) the refused operation changed something") }
      if refusalExpected == false { problems.append("this should not have been refused") }
    } else {
      tally.done[kind, default: 0] += 1
      log.append("\(n) \(what) -> done")
      if refusalExpected == true { problems.append("this should have been refused") }
    }
    problems += after.violations
    return (refusal == nil, problems)
  }

  func send(_ st: Step) throws -> [String] {
    let count = 1 + st.a % 3
    let held = try a.ids(
      """
      SELECT DISTINCT s.product_id FROM stock s JOIN locations l ON l.id = s.location_id
       WHERE s.quantity > 0 AND l.kind <> 'in_transit' ORDER BY 1
      """)
    let choice = held.count >= count && st.d % 4 != 0 ? held : P.all  // mostly what A still has
    let products = (0..<count).map { choice[(st.b + $0) % choice.count] }
    var lines: [TransferLineRequest] = []
    var ok = true
    for (k, p) in products.enumerated() {
      let q: Int64 = P.single.contains(p) ? ((st.c >> k) % 7 == 0 ? 2 : 1) : [1, 2, 3, 4, 6, 9, 0, 50][(st.c / (k + 1)) % 8]
      let have =
        try a.int(
          "SELECT coalesce(sum(s.quantity), 0) FROM stock s JOIN locations l ON l.id = s.location_id WHERE s.product_id = ? AND l.kind <> 'in_transit'",
          [p]) ?? 0
      ok = ok && q >= 1 && q <= have && (!P.single.contains(p) || q == 1)
      lines.append(TransferLineRequest(productID: p, quantity: q))
    }
    var view: TransferView?
    let what = "A sends " + lines.map { "\($0.productID) x\($0.quantity)" }.joined(separator: ", ")
    let r = try step("send", what, on: a, refusalExpected: !ok) {
      view = try a.inventory.send(to: "DLA-B", lines: lines, by: "amina.n", now: at(n * 60))
    }
    if let view {
      shipments.append(Shipment(id: view.id, slip: view.slip, event: view.event, lines: view.lines.map { ($0.productID, $0.sent) }))
    }
    return r.problems
  }

  func announce(_ k: Int, twice: Bool) throws -> [String] {
    let file = b.file("sent-\(shipments[k].id).jsonl", shipments[k].event + "\n")
    return try importEvent(
      k, file, on: b, kind: "announce", what: "B imports the announcement of", name: "announcement", stage: 1,
      expected: .init(announced: 1), twice: twice)
  }

  /// One point importing the other's event line: it imports once as `expected`; again, nothing changes.
  func importEvent(
    _ k: Int, _ file: String, on store: Store, kind: String, what: String, name: String, stage: Int,
    expected: Inventory.TransferImport, twice: Bool
  ) throws -> [String] {
    var result: Inventory.TransferImport?
    var r = try step(kind, "\(what) \(shipments[k].id)", on: store, refusalExpected: false) {
      result = try store.inventory.importTransfers(path: file, now: at(n * 60))
    }
    if r.done {
      shipments[k].stage = stage
      if result != expected { r.problems.append("the \(name) imported as \(String(describing: result))") }
    }
    if twice && r.done {
      let again = try store.inventory.importTransfers(path: file, now: at(n * 60 + 1))
      if try again != .init(unchanged: 1) || store.snapshot() != last[store.code] {
        r.problems.append("importing the \(name) again changed something: \(again)")
      }
    }
    return r.problems
  }

  func receive(_ k: Int, _ st: Step, exact: Bool) throws -> [String] {
    var got: [Int64: Int64] = [:]
    var differs = false
    var ok = true
    for (i, line) in shipments[k].lines.enumerated() where !exact {
      let mode = (st.c / [1, 6, 36][i]) % 6
      let q: Int64 =
        switch mode {
        case 3: Int64(st.d % Int(line.sent))  // fewer
        case 4: line.sent + 1 + Int64(st.d % 2)  // more
        case 5: 0
        default: line.sent
        }
      if mode != 0 || q != line.sent { got[line.product] = q }  // sometimes say the same quantity explicitly
      if q != line.sent { differs = true }
      if P.single.contains(line.product) && q > 1 { ok = false }
    }
    let reason: String? = differs ? (st.e % 5 == 0 ? nil : "box damaged in the taxi") : (st.e % 2 == 0 ? nil : "checked")
    if differs && reason == nil { ok = false }
    let into = ["BACK", "A-01-1", "A-05-1"][st.e % 3]
    var view: TransferView?
    let what = "B receives \(shipments[k].id) (slip \(shipments[k].slip)) into \(into) \(got) reason=\(reason ?? "nil")"
    let r = try step("receive", what, on: b, refusalExpected: !ok) {
      view = try b.inventory.receive(
        slip: shipments[k].slip, into: into, received: got, reason: reason, newLocations: [into], by: "brice.k", now: at(n * 60))
    }
    if let view {
      shipments[k].stage = 2
      shipments[k].receipt = view.event
      for line in shipments[k].lines { shipments[k].variance[line.product] = (got[line.product] ?? line.sent) - line.sent }
    }
    return r.problems
  }

  func confirm(_ k: Int, twice: Bool) throws -> [String] {
    let file = a.file("received-\(shipments[k].id).jsonl", shipments[k].receipt + "\n")
    return try importEvent(
      k, file, on: a, kind: "confirm", what: "A imports the receipt of", name: "receipt", stage: 3,
      expected: .init(received: 1), twice: twice)
  }

  func pick(_ stage: Int, _ x: Int) -> Int? {
    let found = shipments.indices.filter { shipments[$0].stage == stage }
    return found.isEmpty ? nil : found[x % found.count]
  }

  for st in steps {
    var problems: [String] = []
    switch st.kind {
    case 0..<30: problems = try send(st)
    case 30..<55: if let k = pick(0, st.b) { problems = try announce(k, twice: st.c % 3 == 0) }
    case 55..<80: if let k = pick(1, st.b) { problems = try receive(k, st, exact: false) }
    default: if let k = pick(2, st.b) { problems = try confirm(k, twice: st.c % 3 == 0) }
    }
    if !problems.isEmpty { return log + problems }
  }
  // Settle every transfer still on its way.
  for k in shipments.indices {
    var problems: [String] = []
    if shipments[k].stage == 0 { problems += try announce(k, twice: false) }
    if shipments[k].stage == 1 { problems += try receive(k, Step(kind: 0, a: 0, b: 0, c: 0, d: 0, e: 0), exact: true) }
    if shipments[k].stage == 2 { problems += try confirm(k, twice: false) }
    if !problems.isEmpty { return log + problems }
  }

  var problems: [String] = []
  if shipments.contains(where: { $0.stage != 3 }) { problems.append("a transfer was not settled") }
  for s in [a, b] {
    if try !s.inTransit().isEmpty { problems.append("\(s.code) still has in TRANSIT: \(try s.inTransit())") }
    problems += try DatabaseCheck.run(s.database).map { "DatabaseCheck \(s.code): \($0.check): \($0.detail)" }
  }
  if try a.int("SELECT count(*) FROM transfers WHERE status <> 'received'") != 0 { problems.append("A has a transfer not received") }
  if try b.int("SELECT count(*) FROM transfers WHERE status <> 'received'") != 0 { problems.append("B has a transfer not received") }
  let receivedAtA = try a.strings(
    "SELECT transfer_id || ':' || product_id || '=' || coalesce(quantity_received, '-') FROM transfer_lines ORDER BY 1")
  let receivedAtB = try b.strings(
    "SELECT t.origin_id || ':' || l.product_id || '=' || l.quantity_received FROM transfer_lines l JOIN transfers t ON t.id = l.transfer_id ORDER BY 1"
  )
  if receivedAtA != receivedAtB { problems.append("A records received \(receivedAtA), B \(receivedAtB)") }
  for p in P.all {
    let variance = shipments.reduce(0) { $0 + ($1.variance[p] ?? 0) }
    let (adjustedA, adjustedB) = (try a.adjusted(p), try b.adjusted(p))
    if adjustedA != 0 { problems.append("A adjusted product \(p) by \(adjustedA)") }
    if adjustedB != variance { problems.append("B adjusted product \(p) by \(adjustedB), the receipts differ by \(variance)") }
    let now = try a.total(p) + b.total(p)
    if now != (initial[p] ?? 0) + adjustedA + adjustedB {
      problems.append("product \(p): A + B hold \(now), were \(initial[p] ?? 0), adjusted by \(adjustedA + adjustedB)")
    }
  }
  return problems.isEmpty ? [] : log + problems
}
