// vgk-bench-stock: the stock ledger on a large database, for `make bench-stock`.
// Builds a real on-disk database the way a point is set up (init, product and staff imports, a
// movements import that makes the shelves) and posts N movements through `Ledger.post` in a
// few large transactions — a valid mix of RECEIVE, TRANSFER, PICK and DAMAGE, checked against a
// running stock so that nothing ever goes below zero. Then it times, through the program's own
// API (the code the CLI runs), one product's current stock (`Inventory.whereIs`), a page of a
// busy product's history and the next one (`Inventory.history`), and a bulk import
// (`Inventory.importMovements`, on a backup copy), each next to the same SQL run by the
// `sqlite3` shell on the same file in the same run. Prints a Markdown table next to its
// goals: stock ≤ 1 ms, a history page ≤ 5 ms, import ≥ 20 000 movements/s. With --results FILE
// it also writes the table's figures to FILE as JSON lines for `make bench`.
//
//     vgk-bench-stock [--movements N] [--repeat N] [--import N] [--dir PATH] [--results FILE]
//
// How the shell is timed is explained at the top of Shell.swift.
import BenchSupport
import Foundation
import GRDB
import StaffDomain
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// A line of progress on standard error.
func progress(_ message: String) {
  FileHandle.standardError.write(Data("vgk-bench-stock: \(message)\n".utf8))
}

/// The command line.
struct Options {
  var movements = 1_000_000
  var repetitions = 200
  var importCount = 100_000
  var dir: String?
  var results: String?

  static func parse(_ arguments: [String]) -> Options {
    var o = Options()
    var flags = Flags(
      arguments, usage: "usage: vgk-bench-stock [--movements N] [--repeat N] [--import N] [--dir PATH] [--results FILE]")
    while let arg = flags.next() {
      switch arg {
      case "--movements": o.movements = flags.number(arg, min: 1000)
      case "--repeat": o.repetitions = flags.number(arg, min: 1)
      case "--import": o.importCount = flags.number(arg, min: 1)
      case "--dir": o.dir = flags.text(arg)
      case "--results": o.results = flags.text(arg)
      default: flags.unknown(arg)
      }
    }
    return o
  }
}

/// The 1-minute load average (Linux), to tell a run on a busy machine; nil elsewhere.
func loadAverage() -> String? {
  (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init)
}

func writeLines(_ path: String, _ lines: [String]) throws {
  guard FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
    throw BenchError("cannot write \(path)")
  }
}

/// The size of a file in bytes (0 when there is none).
func fileSize(_ path: String) -> Int64 {
  ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}

/// What a copy's stock and ledger add up to, to check that two imports did the same.
struct Summary: Equatable, CustomStringConvertible {
  var movements: Int64
  var stockRows: Int64
  var units: Int64
  var checksum: Int64
  var negative: Int64

  var description: String {
    "\(grouped(Double(movements))) movements, \(grouped(Double(stockRows))) stock rows ≠ 0, \(grouped(Double(units))) units, "
      + "checksum \(checksum)"
  }

  static let sql = """
    SELECT (SELECT count(*) FROM movements) AS movements, count(*) AS rows, coalesce(sum(quantity), 0) AS units,
           coalesce(sum(quantity * (product_id % 1009) * (location_id % 1013)), 0) AS checksum,
           (SELECT count(*) FROM stock WHERE quantity < 0) AS negative
      FROM stock WHERE quantity <> 0
    """

  init(_ db: Database) throws {
    guard let row = try Row.fetchOne(db, sql: Self.sql) else { throw BenchError("no summary row") }
    movements = row["movements"]
    stockRows = row["rows"]
    units = row["units"]
    checksum = row["checksum"]
    negative = row["negative"]
  }

  /// Of a closed file, through a plain connection.
  static func of(_ path: String) throws -> Summary {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { try Summary($0) }
  }
}

// The SQL Counter.product and Counter.movement run, word for word, with the values inlined.
func productSQL(_ p: Int64) -> String { "SELECT title, category, price_fcfa, condition FROM products WHERE id = \(p);" }
func stockSQL(_ p: Int64) -> String {
  "SELECT l.code, l.kind, s.quantity FROM stock s JOIN locations l ON l.id = s.location_id "
    + "WHERE s.product_id = \(p) AND s.quantity <> 0 ORDER BY l.code;"
}
// Inventory.history's id page.
func pageSQL(_ p: Int64, before: Int64, limit: Int) -> String {
  "SELECT id FROM movements WHERE product_id = \(p) AND id < \(before) ORDER BY id DESC LIMIT \(limit);"
}
let movementColumns = """
  m.type, m.product_id, p.title, m.quantity, lf.code AS from_code, lt.code AS to_code, s.login, \
  m.order_id, m.reason, m.reverses_id, m.created_at
  """
let movementJoins = """
  JOIN products p ON p.id = m.product_id \
  LEFT JOIN locations lf ON lf.id = m.from_location_id LEFT JOIN locations lt ON lt.id = m.to_location_id \
  LEFT JOIN staff s ON s.id = m.staff_id
  """
func movementSQL(_ id: Int64) -> String { "SELECT \(movementColumns) FROM movements m \(movementJoins) WHERE m.id = \(id);" }
/// The page and its rows as one statement (what one would write by hand): not what the program
/// runs, shown to tell the cost of 51 statements from the cost of the reads.
func joinedPageSQL(_ p: Int64, before: Int64, limit: Int) -> String {
  "SELECT m.id, \(movementColumns) FROM (SELECT id FROM movements WHERE product_id = \(p) AND id < \(before) "
    + "ORDER BY id DESC LIMIT \(limit)) page JOIN movements m ON m.id = page.id \(movementJoins) ORDER BY m.id DESC;"
}

/// The shell's bulk load: the CSV into a staging table, then the ledger rows and the stock in
/// two set statements, one transaction. No checks at all (no stock test, no single-item rule,
/// no foreign keys: the shell has them off), so this is a ceiling, not an equal.
func shellImportScript(csv: String, pointID: Int64, staffID: Int64) -> String {
  """
  PRAGMA synchronous = FULL;
  BEGIN IMMEDIATE;
  CREATE TEMP TABLE staging (type TEXT, product_id INTEGER, quantity INTEGER, from_code TEXT, to_code TEXT, reason TEXT, at TEXT);
  .import --csv --skip 1 --schema temp '\(csv)' staging
  INSERT INTO movements (point_id, type, product_id, quantity, from_location_id, to_location_id, staff_id, reason, created_at)
    SELECT \(pointID), s.type, s.product_id, s.quantity, lf.id, lt.id, \(staffID), nullif(s.reason, ''), unixepoch(s.at)
      FROM temp.staging s
      LEFT JOIN locations lf ON lf.point_id = \(pointID) AND lf.code = nullif(s.from_code, '')
      LEFT JOIN locations lt ON lt.point_id = \(pointID) AND lt.code = nullif(s.to_code, '')
     ORDER BY s.rowid;
  INSERT INTO stock (product_id, location_id, quantity, updated_at)
    SELECT product_id, location_id, sum(delta), max(at) FROM (
      SELECT s.product_id, l.id AS location_id, -s.quantity AS delta, unixepoch(s.at) AS at
        FROM temp.staging s JOIN locations l ON l.point_id = \(pointID) AND l.code = s.from_code
      UNION ALL
      SELECT s.product_id, l.id, s.quantity, unixepoch(s.at)
        FROM temp.staging s JOIN locations l ON l.point_id = \(pointID) AND l.code = s.to_code)
     WHERE true GROUP BY product_id, location_id
    ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity, updated_at = excluded.updated_at;
  COMMIT;

  """
}

let categories = ["Téléphones", "Livres", "Bébé", "Chaussures", "Cuisine", "Vêtements", "Informatique", "Jouets", "Beauté", "Maison"]
let nouns = ["Chargeur", "Cahier", "Biberon", "Sandales", "Marmite", "Chemise", "Clé USB", "Ballon", "Savon", "Lampe"]

func run(_ options: Options) throws {
  let fm = FileManager.default
  let temporary = options.dir == nil
  let dir = options.dir ?? (NSTemporaryDirectory() + "vgk-bench-stock-\(UUID().uuidString)")
  try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { if temporary { try? fm.removeItem(atPath: dir) } }
  let path = dir + "/bench.sqlite"
  guard !fm.fileExists(atPath: path) else { fail("\(path) exists already: give --dir an empty directory") }
  guard let sqlite3 = SQLiteShell.find() else { fail("the sqlite3 shell is not on the PATH (make deps installs it)") }
  let scratch = dir + "/shell"
  try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
  let shell = SQLiteShell(executable: sqlite3, scratch: scratch)

  let loadAtStart = loadAverage()
  let cores = ProcessInfo.processInfo.activeProcessorCount

  // 1. The database, made the real way. A fixed clock (2026-11-26T09:30:00+01:00) and seed.
  let now = Timestamp(seconds: 1_795_681_800)
  var rng = SplitMix64(state: 0x5647_4B31_5354_4F4B)
  let keys = KeyStore(directory: dir + "/keys")
  var database = try AppDatabase.open(path: path, create: true)
  let point = try PointSetup.initialise(database, pointCode: "DLA-BENCH", name: "Bench", key: keys.pickupCodeKey(create: true), now: now)

  // 5 000 products: nine in ten counted goods, one in ten single items.
  let productCount = 5000
  let productIDs = (0..<productCount).map { Int64(300_001 + $0) }
  let unique = (0..<productCount).map { $0 % 10 == 9 }
  var productLines = ["id,title,category,price_fcfa,condition,unique_item,low_stock_threshold"]
  for i in 0..<productCount {
    let c = rng.index(categories.count)
    let title = unique[i] ? "\(nouns[c]) d'occasion n° \(i + 1)" : "\(nouns[c]) modèle \(i + 1) (lot)"
    let price = 500 + 100 * Int.random(in: 0...500, using: &rng)
    let threshold = unique[i] || !rng.chance(0.3) ? "" : String(Int.random(in: 2...20, using: &rng))
    productLines.append(
      "\(productIDs[i]),\(title),\(categories[c]),\(price),\(unique[i] ? "good" : "new"),\(unique[i]),\(threshold)")
  }
  try writeLines(dir + "/products.csv", productLines)
  _ = try Importer.importFile(.products, path: dir + "/products.csv", into: database, keys: keys, now: now)
  let login = "clerk01.s"
  var staffLines = ["login,full_name,role,active"]
  for n in 1...5 { staffLines.append("clerk0\(n).s,Commis \(n) Stock,clerk,true") }
  staffLines.append("sup01.s,Superviseur Stock,supervisor,true")
  try writeLines(dir + "/staff.csv", staffLines)
  _ = try Importer.importFile(.staff, path: dir + "/staff.csv", into: database, keys: keys, now: now)
  let staffIDs = try database.read { try Int64.fetchAll($0, sql: "SELECT id FROM staff ORDER BY id") }
  guard let importStaffID = try database.read({ try Int64.fetchOne($0, sql: "SELECT id FROM staff WHERE login = ?", arguments: [login]) }),
    !staffIDs.isEmpty
  else { throw BenchError("the staff import made no \(login)") }

  // 300 shelves A-01-1 … J-10-3, made as a real import makes them: a movements file with one
  // RECEIVE onto each (a new `to` code becomes a shelf).
  var shelves: [String] = []
  for aisle in "ABCDEFGHIJ" {
    for bay in 1...10 { for level in 1...3 { shelves.append("\(aisle)-\(bay < 10 ? "0" : "")\(bay)-\(level)") } }
  }
  var model = StockModel(productIDs: productIDs, unique: unique, shelves: shelves, rng: &rng)
  let year: Int64 = 365 * 86400
  let first = now + (-year)
  func at(_ step: Int) -> Timestamp { first + Int64(step) * year / Int64(options.movements) }
  let header = "type,product_id,quantity,from,to,reason,at"
  var preludeLines = [header]
  for shelf in 1..<model.codes.count {
    var p = model.chooseProduct(&rng)
    while unique[p] { p = model.chooseProduct(&rng) }
    let m = Move(type: .receive, product: p, quantity: Int64.random(in: 1...12, using: &rng), to: shelf)
    model.apply(m)
    preludeLines.append("RECEIVE,\(productIDs[p]),\(m.quantity),,\(model.codes[shelf]),,\(at(shelf - 1).iso8601)")
  }
  try writeLines(dir + "/shelves.csv", preludeLines)
  let prelude = try Inventory(database: database).importMovements(path: dir + "/shelves.csv", by: login, now: now)
  let codeIDs = try database.read { db in
    try Row.fetchAll(db, sql: "SELECT code, id FROM locations WHERE point_id = ?", arguments: [point]).reduce(into: [String: Int64]()) {
      $0[$1["code"]] = $1["id"]
    }
  }
  let locationIDs = try model.codes.map { code in
    guard let id = codeIDs[code] else { throw BenchError("no location \(code) after the shelves import") }
    return id
  }

  // The rest through Ledger.post, in ten write transactions (the movements are drawn before
  // each transaction, so the timing is the ledger's alone).
  let transactions = 10
  let perTransaction = (options.movements - prelude + transactions - 1) / transactions
  var posted = prelude
  var postMS = 0.0
  while posted < options.movements {
    let n = min(perTransaction, options.movements - posted)
    var batch: [NewMovement] = []
    batch.reserveCapacity(n)
    for k in 0..<n {
      let m = model.next(&rng)
      batch.append(
        NewMovement(
          type: m.type, productID: productIDs[m.product], quantity: m.quantity, from: m.from.map { locationIDs[$0] },
          to: m.to.map { locationIDs[$0] }, staffID: staffIDs[rng.index(staffIDs.count)], reason: m.reason, at: at(posted + k)))
    }
    let start = milliseconds()
    try database.write { db in
      for movement in batch { try Ledger.post(movement, pointID: point, db) }
    }
    postMS += milliseconds() - start
    posted += n
    progress("posted \(grouped(Double(posted))) of \(grouped(Double(options.movements))) movements")
  }
  let postCount = posted - prelude
  let postRate = Double(postCount) / (postMS / 1000)

  // Closed (the WAL is checkpointed into the file) and opened again, as the CLI would.
  let built = try database.read { try Summary($0) }
  try database.close()
  database = try AppDatabase.open(path: path)
  let expectedUnits = productIDs.indices.reduce(Int64(0)) { $0 + model.total($1) }
  guard built.negative == 0, built.units == expectedUnits, built.movements == Int64(options.movements) else {
    throw BenchError("the database does not match the running stock: \(built), expected \(expectedUnits) units")
  }

  // 2 and 3. The reads: ours in-process, then the shell on the same file.
  let inventory = Inventory(database: database)
  let repetitions = options.repetitions
  let limit = 50
  var sink = 0
  let stocked = productIDs.indices.filter { model.total($0) > 0 }
  let stockSamples = (0...repetitions).map { _ in productIDs[stocked[rng.index(stocked.count)]] }
  let busiest = productIDs.indices.sorted { model.moves[$0] > model.moves[$1] }
  let busy = Array(busiest.prefix(max(1, productCount / 20)))
  let historySamples = (0...repetitions).map { _ in productIDs[busy[rng.index(busy.count)]] }

  /// Times `body` for each sample; the first (index 0) is the untimed warm-up.
  func ours<S>(_ samples: [S], _ body: (Int, S) throws -> Void) rethrows -> OurFigures {
    var f = OurFigures()
    for (i, s) in samples.enumerated() {
      let t = milliseconds()
      let c = cpuMilliseconds()
      try body(i, s)
      let cpu = cpuMilliseconds() - c
      let wall = milliseconds() - t
      if i > 0 {
        f.wall.append(wall)
        f.cpu.append(cpu)
      }
    }
    return f
  }

  progress("timing the reads")
  let stockOurs = try ours(stockSamples) { _, p in sink += try inventory.whereIs(p).stock.count }
  var page1IDs: [[Int64]] = Array(repeating: [], count: historySamples.count)
  var page2IDs: [[Int64]] = Array(repeating: [], count: historySamples.count)
  let page1Ours = try ours(historySamples) { i, p in
    page1IDs[i] = try inventory.history(product: p, limit: limit).map(\.id)
  }
  let page2Ours = try ours(historySamples) { i, p in
    page2IDs[i] = try inventory.history(product: p, before: page1IDs[i].last ?? Int64.max, limit: limit).map(\.id)
  }
  sink += page1IDs.reduce(0) { $0 + $1.count } + page2IDs.reduce(0) { $0 + $1.count }
  let shortPages = page2IDs.filter { $0.count < limit }.count

  progress("timing the sqlite3 shell")
  let stockStatements = stockSamples.map { [productSQL($0), stockSQL($0)] }
  let stockShell = try shell.measure(
    path, name: "stock", warmUp: stockStatements[0], samples: Array(stockStatements.dropFirst()))
  func historyStatements(_ before: (Int) -> Int64, _ ids: [[Int64]]) -> [[String]] {
    historySamples.indices.map { i in [pageSQL(historySamples[i], before: before(i), limit: limit)] + ids[i].map(movementSQL) }
  }
  let page1Statements = historyStatements({ _ in Int64.max }, page1IDs)
  let page2Statements = historyStatements({ page1IDs[$0].last ?? Int64.max }, page2IDs)
  let page1Shell = try shell.measure(path, name: "page1", warmUp: page1Statements[0], samples: Array(page1Statements.dropFirst()))
  let page2Shell = try shell.measure(path, name: "page2", warmUp: page2Statements[0], samples: Array(page2Statements.dropFirst()))
  let joinedStatements = historySamples.map { [joinedPageSQL($0, before: Int64.max, limit: limit)] }
  let joinedShell = try shell.measure(
    path, name: "joined", warmUp: joinedStatements[0], samples: Array(joinedStatements.dropFirst()))

  // Where a page's time goes, in-process with GRDB on page 1's ids (a diagnostic, not the
  // program's path): the same row statement prepared for each movement as Counter.movement does,
  // the same statement cached, and the whole page as one joined statement.
  let rowSQL = "SELECT \(movementColumns) FROM movements m \(movementJoins) WHERE m.id = ?"
  let joinedSQL =
    "SELECT m.id, \(movementColumns) FROM (SELECT id FROM movements WHERE product_id = ? AND id < ? ORDER BY id DESC LIMIT ?) page "
    + "JOIN movements m ON m.id = page.id \(movementJoins) ORDER BY m.id DESC"
  func diagnostic(_ body: (Database, Int) throws -> Int) throws -> Double {
    percentile(
      try ours(historySamples) { i, _ in sink += try database.read { db in try body(db, i) } }.wall, 0.5)
  }
  let prepareEach = try diagnostic { db, i in
    try page1IDs[i].reduce(0) { n, id in n + (try Row.fetchOne(db, sql: rowSQL, arguments: [id]) == nil ? 0 : 1) }
  }
  let cachedEach = try diagnostic { db, i in
    try page1IDs[i].reduce(0) { n, id in n + (try Row.fetchOne(db.cachedStatement(sql: rowSQL), arguments: [id]) == nil ? 0 : 1) }
  }
  let oneJoined = try diagnostic { db, i in
    try Row.fetchAll(db, sql: joinedSQL, arguments: [historySamples[i], Int64.max, limit]).count
  }
  let idPage = try diagnostic { db, i in
    try Int64.fetchAll(
      db, sql: "SELECT id FROM movements WHERE product_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
      arguments: [historySamples[i], Int64.max, limit]
    ).count
  }

  // Where a read's time goes: the query plans.
  let plans = try database.read { db in
    try [
      ("stock", stockSQL(1)), ("page", pageSQL(1, before: Int64.max, limit: limit)), ("movement", movementSQL(1)),
    ].map { name, sql in
      "\(name): " + (try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; "))
    }
  }

  // Counts for the notes, then a consistent copy for the import.
  let counts = try database.read { db in
    (
      products: try Int.fetchOne(db, sql: "SELECT count(*) FROM products") ?? 0,
      locations: try Int.fetchOne(db, sql: "SELECT count(*) FROM locations") ?? 0,
      stockRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM stock") ?? 0,
      staff: try Int.fetchOne(db, sql: "SELECT count(*) FROM staff") ?? 0,
      audit: try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0,
      types: try Row.fetchAll(db, sql: "SELECT type, count(*) AS n FROM movements GROUP BY type ORDER BY n DESC").map {
        "\($0["type"] as String) \(grouped(Double($0["n"] as Int)))"
      }
    )
  }
  let oursCopy = dir + "/import-ours.sqlite"
  let shellCopy = dir + "/import-shell.sqlite"
  progress("copying the database for the import (online backup with integrity check)")
  _ = try database.backup(to: oursCopy, overwrite: false)
  try database.close()
  let databaseBytes = fileSize(path) + fileSize(path + "-wal")
  try fm.copyItem(atPath: oursCopy, toPath: shellCopy)

  // c. The import: valid movements continuing from the stock as it is now.
  var importLines = [header]
  importLines.reserveCapacity(options.importCount + 1)
  let importStart = now + 3600
  for k in 0..<options.importCount {
    let m = model.next(&rng)
    let from = m.from.map { model.codes[$0] } ?? ""
    let to = m.to.map { model.codes[$0] } ?? ""
    importLines.append(
      "\(m.type.rawValue),\(productIDs[m.product]),\(m.quantity),\(from),\(to),\(m.reason ?? ""),\((importStart + Int64(k) * 20).iso8601)")
  }
  let csv = dir + "/movements.csv"
  try writeLines(csv, importLines)

  progress("timing the import (ours)")
  let importDB = try AppDatabase.open(path: oursCopy)
  let importTimer = milliseconds()
  let imported = try Inventory(database: importDB).importMovements(path: csv, by: login, now: importStart)
  let importMS = milliseconds() - importTimer
  try importDB.close()
  guard imported == options.importCount else { throw BenchError("the import posted \(imported) of \(options.importCount)") }

  progress("timing the import (sqlite3 shell)")
  var shellBase: [Double] = []
  for _ in 0..<3 { shellBase.append(try shell.run(shellCopy, script: "SELECT count(*) FROM points;\n", name: "import-base", capture: false).ms) }
  let shellImport = try shell.run(
    shellCopy, script: shellImportScript(csv: csv, pointID: point, staffID: importStaffID), name: "import", capture: false)
  let shellImportMS = shellImport.ms - (shellBase.min() ?? 0)

  let oursAfter = try Summary.of(oursCopy)
  let shellAfter = try Summary.of(shellCopy)
  let modelUnits = productIDs.indices.reduce(Int64(0)) { $0 + model.total($1) }

  // 4. The table.
  #if DEBUG
    let build = "debug build (figures not representative: use -c release)"
  #else
    let build = "release build"
  #endif
  let rate: (Double) -> String = grouped
  var rows: [TableRow] = []
  func timeRows(_ name: String, _ o: OurFigures, _ s: ShellFigures, goal: Double, p99: Bool = false) {
    rows.append(TableRow(name: "\(name), median ms", measure: "\(name), median", unit: "ms", ours: percentile(o.wall, 0.5), shell: percentile(s.cpu, 0.5), goal: goal, lowerIsBetter: true, format: ms))
    rows.append(TableRow(name: "\(name), p95 ms", measure: "\(name), p95", unit: "ms", ours: percentile(o.wall, 0.95), shell: percentile(s.cpu, 0.95), goal: goal, lowerIsBetter: true, format: ms))
    if p99 {
      rows.append(TableRow(name: "\(name), p99 ms", measure: "\(name), p99", unit: "ms", ours: percentile(o.wall, 0.99), shell: percentile(s.cpu, 0.99), goal: goal, lowerIsBetter: true, format: ms))
    }
    rows.append(TableRow(name: "\(name), mean ms (wall)", measure: "\(name), mean (wall)", unit: "ms", ours: mean(o.wall), shell: s.meanWall, goal: goal, lowerIsBetter: true, format: ms))
  }
  timeRows("a. current stock of one product (`whereIs`)", stockOurs, stockShell, goal: 1, p99: true)
  timeRows("b. history page 1 (50, `history(product:limit:)`)", page1Ours, page1Shell, goal: 5)
  timeRows("b. history page 2 (`before:` last id of page 1)", page2Ours, page2Shell, goal: 5)
  rows.append(TableRow(name: "b. page 1 as one joined statement (shell only), median ms", measure: "b. page 1 as one joined statement (shell only), median", unit: "ms", ours: nil, shell: percentile(joinedShell.cpu, 0.5), goal: 5, lowerIsBetter: true, format: ms))
  rows.append(TableRow(name: "b. page 1 as one joined statement (shell only), mean ms (wall)", measure: "b. page 1 as one joined statement (shell only), mean (wall)", unit: "ms", ours: nil, shell: joinedShell.meanWall, goal: 5, lowerIsBetter: true, format: ms))
  rows.append(
    TableRow(
      name: "c. bulk import \(grouped(Double(options.importCount))) movements (`importMovements`; shell: no checks), movements/s",
      measure: "c. bulk import \(grouped(Double(options.importCount))) movements (`importMovements`; shell: no checks)", unit: "movements/s",
      ours: Double(imported) / (importMS / 1000), shell: Double(options.importCount) / (shellImportMS / 1000), goal: 20_000,
      lowerIsBetter: false, format: rate))
  rows.append(
    TableRow(
      name: "build: \(grouped(Double(postCount))) movements through `Ledger.post` in \(transactions) transactions, movements/s",
      measure: "build: \(grouped(Double(postCount))) movements through `Ledger.post` in \(transactions) transactions", unit: "movements/s",
      ours: postRate, shell: nil, goal: 20_000, lowerIsBetter: false, format: rate))

  print("vgk-bench-stock: \(grouped(Double(options.movements))) movements on \(productCount) products (\(unique.filter { $0 }.count) single items), "
    + "\(shelves.count) shelves + BACK; \(build); sqlite3 \(shell.version) at \(sqlite3).")
  print("Build: \(prelude) movements imported to make the shelves, then \(grouped(Double(postCount))) posted through Ledger.post in "
    + "\(transactions) write transactions in \(String(format: "%.1f", postMS / 1000)) s = \(grouped(postRate)) movements/s.")
  print("Reads: \(repetitions) timed calls each after one warm-up; stock of random products that have some, history of random "
    + "products of the busiest \(busy.count) (\(model.moves[busy.last ?? 0])–\(model.moves[busiest.first ?? 0]) movements each).")
  print("")
  print("| measurement | ours | sqlite3 shell | ours / shell | goal | ours / goal |")
  print("|---|---:|---:|---:|---:|---:|")
  for row in rows { print(row.text) }
  print("")
  print("Database: \(String(format: "%.1f", Double(databaseBytes) / 1_048_576)) MB after close (\(databaseBytes) bytes); rows: "
    + "movements \(grouped(Double(built.movements))) (\(counts.types.joined(separator: ", "))), stock \(grouped(Double(counts.stockRows))) "
    + "(\(grouped(Double(built.stockRows))) ≠ 0, \(grouped(Double(built.units))) units, none below 0), products \(counts.products), "
    + "locations \(counts.locations), staff \(counts.staff), audit_log \(counts.audit).")
  print("Method: ours = wall clock around each call in this process (median CPU: stock \(ms(percentile(stockOurs.cpu, 0.5))), "
    + "page 1 \(ms(percentile(page1Ours.cpu, 0.5))), page 2 \(ms(percentile(page2Ours.cpu, 0.5))) ms). Shell median/p95/p99 = "
    + "user+sys CPU of the sample's statements from `.timer on` in one sqlite3 process (its `real` has 1 ms resolution); "
    + "shell mean = (fastest of 11 runs of the script − fastest of 11 runs of the same start and warm-up without the timed "
    + "statements) / \(repetitions), i.e. start-up subtracted (start-up ≈ \(ms(stockShell.startUp)) ms). Shell statements are "
    + "the program's own, values inlined: stock = Counter.product's 2 statements; a page = the id page + 1 join per movement "
    + "(51 statements; \(shortPages) of \(historySamples.count) second pages were short).")
  print("Import: ours on an online-backup copy (`importMovements` timed, file parsing included); shell on a second copy: "
    + "`.import --csv` into a temp table + `INSERT … SELECT` into movements + one `INSERT … SELECT … ON CONFLICT DO UPDATE` "
    + "into stock, one transaction, synchronous FULL, wall \(ms(shellImport.ms)) ms − start-up \(ms(shellBase.min() ?? 0)) ms. "
    + "The shell checks nothing (no stock test, no single-item rule, no foreign keys): a ceiling, not an equal. After both: "
    + (oursAfter == shellAfter && oursAfter.units == modelUnits && oursAfter.negative == 0
      ? "the same ledger and stock (\(oursAfter))." : "DIFFERENT: ours \(oursAfter), shell \(shellAfter), expected \(modelUnits) units."))
  print("Page 1's time in-process with GRDB (medians, each in one read): the id page \(ms(idPage)) ms; its 50 rows by "
    + "Counter.movement's statement prepared each time \(ms(prepareEach)) ms, the same statement cached \(ms(cachedEach)) ms; "
    + "the whole page as one joined statement \(ms(oneJoined)) ms. Ours max: stock \(ms(stockOurs.wall.max() ?? 0)), "
    + "page 1 \(ms(page1Ours.wall.max() ?? 0)), page 2 \(ms(page2Ours.wall.max() ?? 0)) ms.")
  print("Plans: " + plans.joined(separator: " | "))
  print("Machine: \(cores) cores; 1-minute load average \(loadAtStart ?? "?") at the start, \(loadAverage() ?? "?") at the end "
    + "(other work on the machine shows in every figure).")
  print(temporary ? "(The files were in a temporary directory and are removed.)" : "(Kept in \(dir).)")
  if sink < 0 { print("(sink \(sink))") }

  if let resultsPath = options.results {
    var results = ResultsFile(bench: "stock")
    results.meta(
      build: build.hasPrefix("release") ? "release" : "debug",
      args: "--movements \(options.movements) --repeat \(repetitions) --import \(options.importCount)",
      about: "\(grouped(Double(options.movements))) movements, \(productCount) products; sqlite3 \(shell.version); "
        + "load \(loadAtStart ?? "?") → \(loadAverage() ?? "?")",
      notes: [
        "ours is the wall time of each call in-process; the shell's median/p95/p99 are its statements' CPU time "
          + "(.timer), its mean the wall time with start-up subtracted",
        "the shell's import checks nothing (no stock test, no single-item rule, no foreign keys): a ceiling, not an equal",
      ])
    for row in rows { row.record(&results) }
    try results.write(to: resultsPath)
  }
}

do {
  try run(Options.parse(Array(CommandLine.arguments.dropFirst())))
} catch {
  fail("\(error)")
}
