import ArgumentParser
import CProcess
import Foundation
import StaffCamera
import StaffConsole
import StaffDomain
import StaffScan
import StaffServices
import StaffStore

/// `vgk-staff watch DIR`: the camera folder without the console, for a service unit.
struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Take photos from the camera folder: decode, record, move to processed/ or quarantine/.",
    discussion: """
      Runs until SIGTERM, SIGINT or SIGHUP (or, with --once, until the folder is empty). Each photo \
      is taken once its size and time have not changed for the settle delay, decoded in the \
      sandboxed worker, recorded in the scan log and moved to DIR/processed/, or to \
      DIR/quarantine/ with DIR/quarantine/NAME.reason saying why. Names starting with a dot and \
      names ending in .part or .tmp are ignored; links, FIFOs and devices are quarantined unopened.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("The camera folder (default: camera_dir in the config).", valueName: "dir"))
  var directory: String?
  @Option(help: ArgumentHelp("Settle delay in milliseconds (default 250, or camera_settle_ms).", valueName: "ms"))
  var settleMs: Int?
  @Flag(help: "Take what is in the folder now, then exit.") var once = false
  @Flag(help: "One JSON object per photo taken.") var json = false

  func validate() throws {
    if let settleMs, !(0...60_000).contains(settleMs) {
      throw ValidationError("--settle-ms must be between 0 and 60000.")
    }
  }

  func run() throws {
    let env = try Environment.resolve(global)
    guard let dir = directory ?? env.config.cameraDirectory else {
      throw ValidationError("Give the camera folder, or set camera_dir in the config.")
    }
    let settings = try env.config.camera(settleMs: settleMs)
    let decoder = try env.sandboxedDecoder()
    let database = try env.open()
    let counter = try Counter(database: database, key: try env.keys.pickupCodeKey(create: false))
    let sink = DatabaseCameraSink(database: database, counter: counter, folder: dir, terminal: try? Environment.terminalName()) { entry, results in
      // Unbuffered: a service's log and a pipe see each photo as it is taken.
      printNow(json ? JSON.object(entry.json(results)).encoded : entry.summary(results))
    }
    // The task rules run beside the folder, once a minute (tasks from events, escalations).
    let rules = BackgroundRules(
      try TaskSettings(env.config), database: database, terminal: try Environment.terminalName(), clock: { try currentTime(database) })
    StopSignals.install()
    defer { rules.finish() }
    // With link_url, the link runs beside the folder (not for --once: a pass is `link sync`).
    let link = once ? nil : try env.startLink(database) { printError("vgk-staff: \($0)") }
    defer { link?.stop() }
    do {
      let folder = try CameraFolder(
        path: dir, settings: settings, decoder: decoder, sink: sink, stopped: { StopSignals.requested },
        clock: { (try? currentTime(database))?.iso8601 ?? "unknown" }, log: { printError("vgk-staff: \($0)") })
      if once {
        try folder.drain()
      } else {
        try folder.run {
          rules.everyMinute()
          for problem in rules.takeProblems() { printError("vgk-staff: " + problem.text(Output.language)) }
          return StopSignals.requested
        }
      }
    } catch let error as CameraFolderError {
      // Asked to stop while another process held the folder: nothing was taken, nothing is wrong.
      if StopSignals.requested { return }
      throw StoreError.invalid(.cameraFolder, .text(error.description))
    }
  }
}

/// Hands the camera folder's photos to the counter: each payload is processed as a scan (an order
/// code is checked and waits for a clerk's confirmation in the console), and photos without one
/// are logged with the reason.
final class DatabaseCameraSink: CameraSink {
  let database: AppDatabase
  let counter: Counter
  let report: (CameraEntry, [ScanResult]) -> Void
  let folder: String
  let terminal: String?

  init(
    database: AppDatabase, counter: Counter, folder: String, terminal: String?,
    report: @escaping (CameraEntry, [ScanResult]) -> Void
  ) {
    self.database = database
    self.counter = counter
    self.folder = folder
    self.terminal = terminal
    self.report = report
  }

  func removedProcessed(_ count: Int, keptDays: Int) throws {
    try ScanLog.recordPhotosRemoved(count, keptDays: keptDays, folder: folder, terminal: terminal, now: try currentTime(database), database)
  }

  func previous(sha256: [UInt8]) throws -> String? {
    try ScanLog.previousPhoto(sha256: Data(sha256), database)
  }

  func record(_ entry: CameraEntry) throws {
    let now = try currentTime(database)
    let sha = entry.sha256.map { Data($0) }
    let file = entry.storedAs
    var results: [ScanResult] = []
    switch entry.outcome {
    case .decoded(let symbols, _):
      for symbol in symbols {
        results.append(try counter.process(Array(symbol.data.utf8), source: .camera, fileName: file, contentSHA256: sha, now: now))
      }
    case .noCode:
      results.append(try counter.recordImageFailure(.noCode(StaffDomain.Message(.scanNoQRInPhoto)), source: .camera, fileName: file, contentSHA256: sha, now: now))
    case .duplicate(let previous):
      results.append(try counter.recordImageFailure(.duplicate(StaffDomain.Message(.scanSamePhotoAs, .text(previous))), source: .camera, fileName: file, contentSHA256: sha, now: now))
    case .quarantined(let reason):
      results.append(try counter.recordImageFailure(.unreadable(reason), source: .camera, fileName: file, contentSHA256: sha, now: now))
    }
    report(entry, results)
  }
}

extension CameraEntry {
  /// `NAME<TAB>what the counter says<TAB>where the file went`, one line per photo.
  func summary(_ results: [ScanResult]) -> String {
    let said: String
    switch outcome {
    case .decoded: said = results.map { $0.line }.joined(separator: " / ")
    case .noCode: said = "no QR code found"
    case .duplicate(let previous): said = "duplicate of \(previous)"
    case .quarantined(let reason): said = "quarantined: \(reason)"
    }
    return "\(name)\t\(said)\t\(storedAs)"
  }

  func json(_ results: [ScanResult]) -> [(String, JSON)] {
    let kind: String
    var reason: String? = nil
    switch outcome {
    case .decoded: kind = "decoded"
    case .noCode: kind = "no_code"
    case .duplicate(let previous):
      kind = "duplicate"
      reason = "the same photo as \(previous)"
    case .quarantined(let r):
      kind = "quarantined"
      reason = r
    }
    let scans: [JSON] = results.map { r in
      .object([
        ("scan", .int(r.scanID)), ("payload", .str(r.payload)), ("kind", .str(r.kind?.rawValue.lowercased())),
        ("outcome", .string(r.outcomeWord)), ("reason", .str(r.refusal?.description)),
      ])
    }
    return [
      ("file", .string(name.description)), ("stored_as", .string(storedAs)), ("outcome", .string(kind)),
      ("reason", .str(reason)), ("sha256", .str(sha256.map { Hex.encode($0) })), ("scans", .array(scans)),
    ]
  }
}

/// SIGTERM, SIGINT and SIGHUP ask a long-running command (the watcher, the console) to finish
/// what it is doing and stop. The handler is C (`vgk_catch_quit_signals`): it sets a
/// `volatile sig_atomic_t`, the one thing a handler may touch, and interrupts a waiting read.
enum StopSignals {
  static func install() { vgk_catch_quit_signals() }

  static var requested: Bool { vgk_quit_signal() != 0 }
}

extension ScanResult {
  /// One line for the watcher's log: what the counter made of the scan.
  var line: String {
    switch outcome {
    case .order(let o): "ORDER \(o.id): the code is right; waiting for a clerk to hand it over"
    case .product(let p): "PRODUCT \(p.id) \(p.title)"
    case .movement(let m): "MOVEMENT \(m.id) \(m.type.rawValue)"
    case .transfer(let t): "TRANSFER \(t.id) from \(t.from) (\(t.status))"
    case .refused(let r): "\(payload ?? "-"): \(r.description)"
    }
  }
}

/// The console's own camera-folder taker: a background thread running the same camera folder as
/// `watch`. If another process (a `watch` service) holds the folder, the console leaves the work
/// to it and checks again every few seconds.
final class CameraIngest: @unchecked Sendable {
  let directory: String
  private let lock = NSLock()
  private var stopping = false
  private var count = 0
  private var quarantined = 0
  private var problem: String?
  private var waitingForOther = false
  private var filesInHand = false
  private let finished = DispatchSemaphore(value: 0)

  private init(directory: String) { self.directory = directory }

  static func start(directory: String, env: Environment, database: AppDatabase) throws -> CameraIngest {
    let settings = try env.config.camera(settleMs: nil)
    let decoder = try env.sandboxedDecoder()
    let counter = try Counter(database: database, key: try env.keys.pickupCodeKey(create: false))
    let ingest = CameraIngest(directory: directory)
    Thread.detachNewThread {
      ingest.loop(settings: settings, decoder: decoder, database: database, counter: counter)
      ingest.finished.signal()
    }
    return ingest
  }

  /// Photos taken since the console started (the screen reloads when it changes).
  var taken: Int { lock.withLock { count } }
  var failure: String? { lock.withLock { problem } }
  /// A photo is in the folder and not yet taken: the console looks again soon, not in a quarter
  /// of a second.
  var expectingPhoto: Bool { lock.withLock { filesInHand } }

  var status: CameraStatus {
    lock.withLock { CameraStatus(taken: count, quarantined: quarantined, elsewhere: waitingForOther, failure: problem) }
  }

  /// Asks the thread to stop after the photo in hand; waits up to a few seconds for it.
  func stop() {
    lock.withLock { stopping = true }
    _ = finished.wait(timeout: .now() + 3)
  }

  private var shouldStop: Bool { lock.withLock { stopping } }

  private func loop(settings: CameraFolder.Settings, decoder: SandboxedDecoder, database: AppDatabase, counter: Counter) {
    let sink = DatabaseCameraSink(database: database, counter: counter, folder: directory, terminal: try? Environment.terminalName()) { [self] entry, _ in
      lock.withLock {
        count += 1
        if entry.isQuarantined { quarantined += 1 }
      }
    }
    while !shouldStop {
      do {
        let folder = try CameraFolder(
          path: directory, settings: settings, decoder: decoder, sink: sink, wait: false,
          clock: { (try? currentTime(database))?.iso8601 ?? "unknown" })
        lock.withLock { waitingForOther = false }
        folder.onWait = { [self] inHand in lock.withLock { filesInHand = inHand } }
        try folder.run { shouldStop }
        return
      } catch let error as CameraFolderError where error.isBusy {
        lock.withLock { waitingForOther = true }
        for _ in 0..<25 where !shouldStop { usleep(200_000) }
      } catch {
        lock.withLock { problem = "\(error)" }
        return
      }
    }
  }
}
