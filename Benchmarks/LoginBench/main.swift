// vgk-bench-logins: how long a refused login takes for a login that exists and for one that does
// not, each the first attempt of a fresh process (as a guesser starting `vgk-staff` again and
// again sees it). Builds a database with one account, then runs itself once per attempt,
// alternating the two kinds, each child timing one `Accounts.logIn` with a wrong secret on a
// journal of its own (so the throttle never locks). Prints the medians, their ratio and how many
// attempts a threshold halfway between the medians would classify right (50 % is chance).
//
//     vgk-bench-logins [--runs N] [--dir PATH]
import BenchSupport
import Foundation
import StaffDomain
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

let pepper = [UInt8](repeating: 7, count: 32)
let hasher = SecretHasher(pepper: pepper, terminalKey: nil)
let now = Timestamp(seconds: 1_795_172_400)

/// One attempt in this process: prints its milliseconds.
func child(kind: String, db path: String, journal: String) throws {
  let database = try AppDatabase.open(path: path)
  let state = try LoginState.open(path: journal)
  let login = kind == "known" ? "known.staff" : "nobody.here"
  let start = milliseconds()
  let result = try Accounts.logIn(
    database, journal: state, hasher: hasher, login: login, secret: "wrong-password", terminal: "bench", now: now, audited: false)
  let elapsed = milliseconds() - start
  guard case .failure = result else { fail("a wrong password was accepted") }
  print(String(format: "%.3f", elapsed))
}

func runChild(_ kind: String, db: String, journal: String) -> Double {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  p.arguments = ["--child", kind, "--db", db, "--journal", journal]
  let pipe = Pipe()
  p.standardOutput = pipe
  do { try p.run() } catch { fail("cannot run a child: \(error)") }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  guard p.terminationStatus == 0, let text = String(data: data, encoding: .utf8),
    let ms = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
  else { fail("a child failed (\(p.terminationStatus))") }
  return ms
}

var flags = Flags(Array(CommandLine.arguments.dropFirst()), usage: "usage: vgk-bench-logins [--runs N] [--dir PATH]")
var runs = 30
var dir: String?
var childKind: String?
var childDB = ""
var childJournal = ""
while let arg = flags.next() {
  switch arg {
  case "--runs": runs = flags.number(arg, min: 2)
  case "--dir": dir = flags.text(arg)
  case "--child": childKind = flags.text(arg)
  case "--db": childDB = flags.text(arg)
  case "--journal": childJournal = flags.text(arg)
  default: flags.unknown(arg)
  }
}

do {
  if let childKind {
    try child(kind: childKind, db: childDB, journal: childJournal)
    exit(0)
  }
  let base = dir ?? NSTemporaryDirectory() + "vgk-bench-logins-\(getpid())"
  try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
  defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
  let path = base + "/bench.sqlite"
  try? FileManager.default.removeItem(atPath: path)
  let database = try AppDatabase.open(path: path, create: true)
  let key = try KeyStore(directory: base + "/keys").pickupCodeKey(create: true)
  _ = try PointSetup.initialise(database, pointCode: "DLA-BENCH", name: "Bench", key: key, now: now)
  _ = try Accounts.add(database, login: "known.staff", fullName: "Known Staff", role: .admin, by: nil, terminal: "bench", now: now)
  try Accounts.setSecret(
    database, login: "known.staff", secret: "the-right-password", kind: .password, hasher: hasher, by: nil, terminal: "bench", now: now)
  try database.close()
  var times: [String: [Double]] = ["known": [], "unknown": []]
  for i in 0..<(2 * runs) {
    let kind = i % 2 == 0 ? "known" : "unknown"
    let journal = base + "/journal-\(i).sqlite"
    times[kind, default: []].append(runChild(kind, db: path, journal: journal))
  }
  let known = percentile(times["known"] ?? [], 0.5)
  let unknown = percentile(times["unknown"] ?? [], 0.5)
  let threshold = (known + unknown) / 2
  let slowerIsUnknown = unknown > known
  let right =
    (times["unknown"] ?? []).filter { ($0 > threshold) == slowerIsUnknown }.count
    + (times["known"] ?? []).filter { ($0 > threshold) != slowerIsUnknown }.count
  print("| login | runs | median ms | p90 ms |")
  print("|---|---|---|---|")
  for kind in ["known", "unknown"] {
    let t = times[kind] ?? []
    print("| \(kind) | \(t.count) | " + String(format: "%.2f | %.2f |", percentile(t, 0.5), percentile(t, 0.9)))
  }
  print(String(format: "unknown / known: %.3f; told apart by one try: %.0f %% (50 %% is chance)", unknown / known, 100 * Double(right) / Double(2 * runs)))
} catch {
  fail("\(error)")
}
