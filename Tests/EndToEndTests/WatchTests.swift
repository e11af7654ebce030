import Foundation
import GRDB
import Testing
import TestSupport

/// `vgk-staff watch`: the real binary, a real on-disk database, a real folder.
@Suite struct WatchCommandTests {
  let fixtures = packageRoot + "/Fixtures/scan"

  /// The counter's sandbox (ScanCommandTests): ready order 1040001 with code K7Q2MX9A, the
  /// one on Fixtures/scan/order-1040001.png, and product 100001. The database is `db.sqlite`.
  func initialised() throws -> Sandbox {
    let (s, path) = try counterSandbox(readyOrders: 1)
    #expect(rename(path, s.file("db.sqlite")) == 0)
    // The WAL goes with it: a closed pool whose last connection was a reader leaves it behind.
    for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
      #expect(rename(path + suffix, s.file("db.sqlite") + suffix) == 0)
    }
    try FileManager.default.createDirectory(atPath: s.file("camera"), withIntermediateDirectories: true)
    return s
  }

  func rows(_ s: Sandbox) throws -> [Row] {
    let queue = try DatabaseQueue(path: s.file("db.sqlite"))
    return try queue.read { try Row.fetchAll($0, sql: "SELECT source, file_name, payload, kind, outcome, reason FROM scans ORDER BY id") }
  }

  func lines(_ path: String) -> [String] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  /// Whether process `pid` holds a flock on `file` (from /proc/locks: holders, not waiters).
  func holdsLock(_ pid: pid_t, _ file: String) -> Bool {
    var info = stat()
    guard stat(file, &info) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return false }
    return locks.split(separator: "\n").contains { line in
      let f = line.split(separator: " ")
      return f.count > 5 && f[1] == "FLOCK" && f[4] == "\(pid)" && f[5].hasSuffix(":\(info.st_ino)")
    }
  }

  /// A second watcher waits while the first holds the folder; SIGTERM stops the waiting one at
  /// once, with status 0 and nothing taken (it once retried the lock forever).
  @Test func aWatcherWaitingForTheFolderStopsOnSIGTERM() throws {
    let s = try initialised()
    let camera = s.file("camera")
    let first = try s.start(["--db", s.file("db.sqlite"), "watch", camera])
    defer {
      kill(first.process.processIdentifier, SIGKILL)
      first.process.waitUntilExit()
    }
    waitUntil("the first watcher to hold the folder's lock") { holdsLock(first.process.processIdentifier, camera + "/.vgk-staff-watch.lock") }
    let second = try s.start(["--db", s.file("db.sqlite"), "watch", "--once", camera])
    waitUntil("the second watcher to say it waits") { lines(second.err).contains(where: { $0.contains("waiting for it to stop") }) }
    #expect(second.process.isRunning, "the second watcher waits: \(lines(second.err))")
    let sent = Date()
    kill(second.process.processIdentifier, SIGTERM)
    _ = holds(within: 5) { !second.process.isRunning }
    #expect(!second.process.isRunning && Date().timeIntervalSince(sent) < 2, "SIGTERM ends the wait")
    if !second.process.isRunning {
      #expect(second.process.terminationStatus == 0, "\(lines(second.err))")
    } else {
      kill(second.process.processIdentifier, SIGKILL)
    }
    second.process.waitUntilExit()
  }

  @Test func aRunningWatcherTakesPhotosAsTheyArriveAndStopsOnSIGTERM() throws {
    let s = try initialised()
    let camera = s.file("camera")
    // The clock is pinned inside the order's hold period (it was ready on 2026-11-19; 7 days).
    let p = try s.start(
      ["--db", s.file("db.sqlite"), "watch", "--json", "--settle-ms", "100", camera],
      env: ["VGK_STAFF_NOW": "2026-11-20T12:00:00+01:00"])
    // Saved the way camera apps do: written under a temporary name, then renamed.
    try FileManager.default.copyItem(atPath: fixtures + "/order-1040001.png", toPath: camera + "/shot.png.part")
    #expect(rename(camera + "/shot.png.part", camera + "/shot.png") == 0)
    try FileManager.default.copyItem(atPath: fixtures + "/no-code.jpg", toPath: camera + "/blank.jpg")
    try FileManager.default.copyItem(atPath: fixtures + "/order-1040001.png", toPath: camera + "/again.png")
    waitUntil("three photos reported", timeout: 30) { lines(p.out).count >= 3 }
    kill(p.process.processIdentifier, SIGTERM)
    p.process.waitUntilExit()
    #expect(p.process.terminationReason == .exit && p.process.terminationStatus == 0, "\(lines(p.err))")
    let out = lines(p.out)
    #expect(out.count == 3, "\(out) \(lines(p.err))")
    // The two copies of one photo: one decoded, the other a duplicate of it (whichever came first).
    let copies = out.filter { $0.contains("\"file\":\"shot.png\"") || $0.contains("\"file\":\"again.png\"") }
    // The order's code is checked at once: it waits for a clerk; the code never reaches the log.
    #expect(copies.filter { $0.contains("\"outcome\":\"decoded\"") && $0.contains("\"payload\":\"ORDER:1040001:***\",\"kind\":\"order\",\"outcome\":\"verified\"") }.count == 1, "\(copies)")
    #expect(copies.filter { $0.contains("\"outcome\":\"duplicate\"") }.count == 1)
    #expect(out.contains { $0.contains("\"file\":\"blank.jpg\",\"stored_as\":\"processed/blank.jpg\",\"outcome\":\"no_code\"") })
    let logged = try rows(s)
    #expect(logged.count == 3)
    #expect(logged.allSatisfy { $0["source"] == "camera" })
    let duplicate = logged.filter { $0["outcome"] == "duplicate" }.map { $0["reason"] as String? }
    #expect(duplicate.count == 1 && (duplicate.first??.contains("the same photo as processed/") ?? false), "\(duplicate)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: camera + "/processed").sorted() == ["again.png", "blank.jpg", "shot.png"])
  }

  @Test func onceTakesWhatIsThereQuarantinesHostileEntriesAndReadsTheConfig() throws {
    let s = try initialised()
    let camera = s.file("camera")
    #expect(symlink("/etc/shadow", camera + "/shadow.jpg") == 0)
    #expect(mkfifo(camera + "/pipe.jpg", 0o600) == 0)
    s.write("camera/junk.jpg", "junk")
    try FileManager.default.copyItem(atPath: fixtures + "/product-100001.jpg", toPath: camera + "/ok.jpg")
    s.write("config", "camera_dir = \(camera)\ncamera_settle_ms = 0\n")
    let r = try s.run(["--db", s.file("db.sqlite"), "--config", s.file("config"), "watch", "--once"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.split(separator: "\n").sorted() == [
      "junk.jpg\tquarantined: not a JPEG, PNG or PGM/PPM image\tquarantine/junk.jpg",
      "ok.jpg\tPRODUCT 100001 Radio Tecno\tprocessed/ok.jpg",
      "pipe.jpg\tquarantined: a FIFO, not a photo (never opened)\tquarantine/pipe.jpg",
      "shadow.jpg\tquarantined: a symbolic link, not a photo (never followed)\tquarantine/shadow.jpg",
    ])
    #expect(try FileManager.default.contentsOfDirectory(atPath: camera + "/quarantine").sorted() == [
      "junk.jpg", "junk.jpg.reason", "pipe.jpg", "pipe.jpg.reason", "shadow.jpg", "shadow.jpg.reason",
    ])
    let logged = try rows(s)
    #expect(logged.count == 4)
    #expect(logged.contains { ($0["payload"] as String?) == "PRODUCT:100001" && ($0["kind"] as String?) == "product" && $0["outcome"] == "shown" })
    #expect(logged.filter { $0["outcome"] == "unreadable" }.count == 3)
  }

  @Test func badUsageAndBadConfigAreRefusedClearly() throws {
    let s = try initialised()
    var r = try s.run(["--db", s.file("db.sqlite"), "watch", "--once"])
    #expect(r.status == 2)
    #expect(r.err.contains("Give the camera folder, or set camera_dir in the config."))
    r = try s.run(["--db", s.file("db.sqlite"), "watch", "--once", s.file("nowhere")])
    #expect(r.status == 2)
    #expect(r.err.contains("nowhere: cannot open the camera folder: No such file or directory"))
    r = try s.run(["--db", s.file("db.sqlite"), "watch", "--once", "--settle-ms", "-5", s.file("camera")])
    #expect(r.status == 2)
    s.write("config", "decode_memory_mib = lots\n")
    r = try s.run(["--db", s.file("db.sqlite"), "--config", s.file("config"), "watch", "--once", s.file("camera")])
    #expect(r.status == 2)
    #expect(r.err.contains("config decode_memory_mib: 'lots' is not a whole number from 64 to 65536"))
    // A worker that is not there: the photo stays where it is, nothing is quarantined.
    try FileManager.default.copyItem(atPath: fixtures + "/product-100001.jpg", toPath: s.file("camera/ok.jpg"))
    r = try s.run(["--db", s.file("db.sqlite"), "watch", "--once", s.file("camera")], env: ["VGK_STAFF_WORKER": "/nonexistent/worker"])
    #expect(FileManager.default.fileExists(atPath: s.file("camera/ok.jpg")))
    #expect(try FileManager.default.contentsOfDirectory(atPath: s.file("camera/quarantine")).isEmpty)
    #expect(r.err.contains("cannot start the decoding worker /nonexistent/worker"))
  }
}
