import Foundation
import Testing
import TestSupport

/// The crash harness: processes of the real binary confirm handovers and record
/// movements against one database while this parent kills random ones with SIGKILL at random
/// moments, and starts them again. After the round: every handover a process reported is in the
/// database, no order went out twice, and `db check` passes (SQLite's integrity and foreign-key
/// checks, stock = ledger, handovers = order states, the record and audit chains). `make test` kills
/// $VGK_CRASH_KILLS processes (default 50); `make crash` 1000.
@Suite struct CrashTests {
  /// How many processes to kill in this round.
  static var kills: Int { Int(ProcessInfo.processInfo.environment["VGK_CRASH_KILLS"] ?? "") ?? 50 }

  @Test func killedAtRandomMomentsNoHandoverIsLostOrDoubledAndTheDatabaseHolds() throws {
    let kills = Self.kills
    let orders = max(20, kills / 2)
    let (s, db) = try counterSandbox(readyOrders: orders)
    let seed = UInt64(ProcessInfo.processInfo.environment["VGK_CRASH_SEED"] ?? "") ?? 20_261_201
    var rng = SplitMix(state: seed)
    let env = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T12:00:00+01:00"]
    // The work: each order handed over (a process may be killed and the order tried again), and
    // movements in between; several processes at once.
    // counterSandbox's codes: order 6000000 + n has CODE01…CODE99, then CODE100…
    func handover(_ n: Int) -> [String] {
      ["scan", "--confirm", "--json", "--payload", "ORDER:\(6_000_000 + n):CODE" + (n < 100 ? String(format: "%02d", n) : String(n))]
    }
    var work: [[String]] = (1...orders).map(handover)
    work += (0..<orders).map { _ in ["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "1", "--to", "BACK", "--json"] }
    work.shuffle(using: &rng)
    var reported: Set<Int64> = []
    var killed = 0
    var started = 0
    var running: [(process: Process, out: String, args: [String], killAt: Date?)] = []
    let deadline = Date().addingTimeInterval(Double(kills) * 2 + 60)
    while (killed < kills || !work.isEmpty || !running.isEmpty) && Date() < deadline {
      // Keep four at work; once the work is done and kills are still due, hand over orders again
      // (refused: already handed over) and move more stock, to have processes to kill.
      while running.count < 4 {
        if work.isEmpty {
          guard killed < kills else { break }
          work.append(
            Bool.random(using: &rng)
              ? handover(Int.random(in: 1...orders, using: &rng))
              : ["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "1", "--to", "BACK", "--json"])
        }
        let args = work.removeLast()
        let p = try s.start(["--db", db] + args, env: env)
        started += 1
        // About one in two is killed, somewhere in its first 120 ms (its life is about 50 ms).
        let killAt = killed + running.filter { $0.killAt != nil }.count < kills && Bool.random(using: &rng)
          ? Date().addingTimeInterval(Double(Int.random(in: 0...120, using: &rng)) / 1000) : nil
        running.append((p.process, p.out, args, killAt))
      }
      pause(.milliseconds(2))  // The harness's tick: kills fall at moments in time, not on conditions.
      var still: [(process: Process, out: String, args: [String], killAt: Date?)] = []
      for r in running {
        if r.process.isRunning {
          if let at = r.killAt, Date() >= at {
            kill(r.process.processIdentifier, SIGKILL)
            r.process.waitUntilExit()
            killed += 1
            // Killed: whatever it did is all or nothing; its work is done again.
            work.insert(r.args, at: 0)
            continue
          }
          still.append(r)
          continue
        }
        let out = (try? String(contentsOfFile: r.out, encoding: .utf8)) ?? ""
        if r.process.terminationReason == .uncaughtSignal { killed += r.killAt == nil ? 0 : 1; work.insert(r.args, at: 0); continue }
        for line in out.split(separator: "\n") {
          guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], o["outcome"] as? String == "handed_over",
            let order = (o["order"] as? [String: Any])?["id"] as? Int
          else { continue }
          #expect(!reported.contains(Int64(order)), "order \(order) reported handed over twice")
          reported.insert(Int64(order))
        }
        if r.args.first == "scan" && !out.contains("handed_over") {
          // The right code for an order that went out already: refused as such, nothing else.
          #expect(out.contains("already_picked_up"), "\(r.args): \(out)")
        }
      }
      running = still
    }
    #expect(Date() < deadline, "the round did not finish in time")
    #expect(killed >= kills, "\(killed) kills of \(kills)")
    // Every reported handover is in the database, every order went out once.
    let handed = try shell("sqlite3", [db, "SELECT order_id FROM handovers ORDER BY order_id"]).out.split(separator: "\n").compactMap { Int64($0) }
    #expect(Set(handed).count == handed.count, "an order handed over twice")
    #expect(reported.isSubset(of: Set(handed)), "reported but not in the database: \(reported.subtracting(Set(handed)).sorted())")
    #expect(handed.count == orders, "every order went out in the end (\(handed.count) of \(orders))")
    let check = try s.run(["--db", db, "db", "check"])
    #expect(check.status == 0, "\(check.out)\(check.err)")
    let integrity = try shell("sqlite3", [db, "PRAGMA integrity_check; PRAGMA foreign_key_check"]).out
    #expect(integrity == "ok\n", "\(integrity)")
    print("crash round: \(started) processes started, \(killed) killed with SIGKILL, \(handed.count) handovers, seed \(seed)")
  }
}
