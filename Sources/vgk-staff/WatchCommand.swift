import ArgumentParser
import Foundation
import StaffCamera
import StaffDomain
import StaffScan
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
    guard let dir = directory ?? env.config["camera_dir"] else {
      throw ValidationError("Give the camera folder, or set camera_dir in the config.")
    }
    let settings = try env.cameraSettings(settleMs: settleMs)
    let decoder = try env.sandboxedDecoder()
    let database = try env.open()
    defer { try? database.close() }
    let sink = DatabaseCameraSink(database: database) { entry, scanID in
      // Unbuffered: a service's log and a pipe see each photo as it is taken.
      printNow(json ? JSON.object(entry.json(scanID: scanID)).encoded : entry.summary)
    }
    StopSignals.install()
    do {
      let folder = try CameraFolder(
        path: dir, settings: settings, decoder: decoder, sink: sink,
        clock: { (try? currentTime())?.iso8601 ?? "unknown" }, log: { printError("vgk-staff: \($0)") })
      if once {
        try folder.drain()
      } else {
        try folder.run { StopSignals.requested }
      }
    } catch let error as CameraFolderError {
      throw StoreError.invalid(error.description)
    }
  }
}

/// Records the camera folder's photos in the scan log.
final class DatabaseCameraSink: CameraSink {
  let database: AppDatabase
  let report: (CameraEntry, Int64) -> Void

  init(database: AppDatabase, report: @escaping (CameraEntry, Int64) -> Void) {
    self.database = database
    self.report = report
  }

  func previous(sha256: [UInt8]) throws -> String? {
    try ScanLog.previousPhoto(sha256: sha256, database)
  }

  func record(_ entry: CameraEntry) throws {
    let now = try currentTime()
    let id: Int64
    switch entry.outcome {
    case .decoded(let symbols, _):
      id = try ScanLog.recordDecodedPhoto(
        fileName: entry.storedAs, sha256: entry.sha256, payloads: symbols.map(\.data), now: now, database)
    case .noCode:
      id = try ScanLog.recordPhoto(fileName: entry.storedAs, sha256: entry.sha256, outcome: .noCode, reason: "no QR code found", now: now, database)
    case .duplicate(let previous):
      id = try ScanLog.recordPhoto(
        fileName: entry.storedAs, sha256: entry.sha256, outcome: .duplicate, reason: "the same photo as \(previous)", now: now, database)
    case .quarantined(let reason):
      id = try ScanLog.recordPhoto(fileName: entry.storedAs, sha256: entry.sha256, outcome: .quarantined, reason: reason, now: now, database)
    }
    report(entry, id)
  }
}

extension CameraEntry {
  var summary: String {
    switch outcome {
    case .decoded(let symbols, _): "\(name)\t\(symbols.map(\.data).joined(separator: " "))\t\(storedAs)"
    case .noCode: "\(name)\tno QR code found\t\(storedAs)"
    case .duplicate(let previous): "\(name)\tduplicate of \(previous)\t\(storedAs)"
    case .quarantined(let reason): "\(name)\tquarantined: \(reason)\t\(storedAs)"
    }
  }

  func json(scanID: Int64) -> [(String, JSON)] {
    let kind: String
    var payloads: [JSON] = []
    var reason: String? = nil
    switch outcome {
    case .decoded(let symbols, _):
      kind = "decoded"
      payloads = symbols.map { .string($0.data) }
    case .noCode: kind = "no_code"
    case .duplicate(let previous):
      kind = "duplicate"
      reason = "the same photo as \(previous)"
    case .quarantined(let r):
      kind = "quarantined"
      reason = r
    }
    return [
      ("scan", .int(scanID)), ("file", .string(name.description)), ("stored_as", .string(storedAs)),
      ("outcome", .string(kind)), ("payloads", .array(payloads)), ("reason", .str(reason)),
      ("sha256", .str(sha256.map { Hex.encode($0) })),
    ]
  }
}

/// SIGTERM, SIGINT and SIGHUP ask a long-running command to finish its current file and stop.
enum StopSignals {
  nonisolated(unsafe) static var flag: sig_atomic_t = 0

  static func install() {
    var set = sigset_t()
    sigemptyset(&set)
    for s in [SIGTERM, SIGINT, SIGHUP] {
      signal(s) { _ in StopSignals.flag = 1 }
      sigaddset(&set, s)
    }
    // A process started from a thread that blocks signals (any libdispatch worker does) inherits
    // that mask: unblock ours, or SIGTERM would wait forever.
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  static var requested: Bool { flag != 0 }
}
