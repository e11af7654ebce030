import Foundation
import StaffCamera
import StaffDomain
import StaffLabels
import StaffLink
import StaffScan
import StaffStore

/// The config file, read once, with every key the program reads as a typed value with its
/// default. Each group is checked when it is asked for, so that a wrong printer line stops
/// printing, not the handing over of orders; a wrong value is reported as `FILE:LINE: ` and what
/// is wrong with the key.
public struct Settings: Sendable {
  /// The file the settings came from (nil when there was none).
  public private(set) var file: String?
  private var entries: [String: Entry]

  struct Entry: Sendable, Equatable {
    var value: String
    /// Its line in `file`; 0 for a value set by the program (`set`).
    var line: Int
  }

  /// No file: every key at its default.
  public static let none = Settings(file: nil, entries: [:])

  private init(file: String?, entries: [String: Entry]) {
    self.file = file
    self.entries = entries
  }

  /// The settings written in `text` (the contents of `file`); a line that is not `key = value`,
  /// an unknown or withdrawn key, a key set twice, an empty value or a control character is
  /// refused as `FILE:LINE: reason`.
  public static func parse(_ text: String, file: String) throws -> Settings {
    switch ConfigFile.parseLines(text) {
    case .success(let found):
      return Settings(file: file, entries: found.mapValues { Entry(value: $0.value, line: $0.line) })
    case .failure(let issue):
      throw StoreError.invalid(.configLine, .text(file), .text(String(issue.line)), .text(issue.message))
    }
  }

  /// The settings of `path` (which must exist), else of `$VGK_STAFF_CONFIG` (which must exist),
  /// else of `$XDG_CONFIG_HOME/vgk-staff/config` when there is one, else none.
  public static func load(_ path: String?, environment: [String: String], configHome: String) throws -> Settings {
    let chosen: String
    if let given = nonEmpty(path) ?? nonEmpty(environment["VGK_STAFF_CONFIG"]) {
      chosen = given
    } else {
      chosen = configHome + "/vgk-staff/config"
      if !FileManager.default.fileExists(atPath: chosen) { return .none }
    }
    let bytes = try Importer.readFile(chosen)
    guard let text = String(validating: bytes, as: UTF8.self) else { throw StoreError.invalid(.notUTF8, .text(chosen)) }
    return try parse(text, file: chosen)
  }

  /// Sets (or with nil, removes) a key for this run: the demo's own camera folder, no link.
  public mutating func set(_ key: String, _ value: String?) {
    entries[key] = value.map { Entry(value: $0, line: 0) }
  }

  /// The keys set, sorted.
  public var keys: [String] { entries.keys.sorted() }

  // MARK: Paths and names, taken as written

  /// `db`: the database file.
  public var database: String? { entries["db"]?.value }
  /// `keys_dir`: the directory of the secret key files.
  public var keysDirectory: String? { entries["keys_dir"]?.value }
  /// `camera_dir`: the camera folder of `watch` and the console.
  public var cameraDirectory: String? { entries["camera_dir"]?.value }
  /// `keymap`: a keymap's name or file.
  public var keymap: String? { entries["keymap"]?.value }
  /// `lang` as written (the console reports a wrong one as its `--lang` is reported).
  public var languageText: String? { entries["lang"]?.value }

  // MARK: Typed groups

  /// `lang`: the point's language; nil when not set.
  public func language() throws -> Language? {
    guard let text = entries["lang"]?.value else { return nil }
    guard let language = Language(rawValue: text.lowercased()) else {
      throw bad("lang", Message(.notLanguage, .text("config lang"), .text(text)))
    }
    return language
  }

  /// The labels' language: the point's `lang`, English when the config has none.
  public func labelLanguage() throws -> Language { try language() ?? .en }

  /// `idle_lock_minutes`, 1 to 1440 (default 15).
  public func idleLock() throws -> IdleLock {
    IdleLock(seconds: Int64(try whole("idle_lock_minutes", 1...1440) ?? 15) * 60)
  }

  /// `decode_cpu_seconds` (1 to 600, default 5), `decode_memory_mib` (64 to 65536, default 256),
  /// `max_pixels` (default 40000000, or `pixelCap` when given); the wall time is twice the CPU time.
  public func decoderLimits(pixelCap: Int? = nil) throws -> SandboxedDecoder.Limits {
    var limits = SandboxedDecoder.Limits.standard
    limits.cpuSeconds = try whole("decode_cpu_seconds", 1...600) ?? limits.cpuSeconds
    limits.memoryBytes = (try whole("decode_memory_mib", 64...65536)).map { $0 << 20 } ?? limits.memoryBytes
    limits.wallSeconds = Double(limits.cpuSeconds) * 2
    limits.pixelCap = try pixelCap ?? whole("max_pixels", 1...1_000_000_000) ?? limits.pixelCap
    limits.imagesPerWorker = try whole("decode_worker_images", 1...100_000) ?? limits.imagesPerWorker
    return limits
  }

  /// `camera_settle_ms` (0 to 60000, default 250, or `settleMs` when given),
  /// `camera_rescan_seconds` (1 to 3600, default 2), `processed_days` (0 to 3650, default 7).
  public func camera(settleMs: Int? = nil) throws -> CameraFolder.Settings {
    let settle = try settleMs ?? whole("camera_settle_ms", 0...60_000) ?? 250
    let rescan = try whole("camera_rescan_seconds", 1...3600) ?? 2
    let days = try whole("processed_days", 0...3650) ?? 7
    return CameraFolder.Settings(settleSeconds: Double(settle) / 1000, rescanSeconds: Double(rescan), processedDays: days)
  }

  /// `sla_urgent`, `sla_high`, `sla_medium`, `sla_low` (durations such as `2h`, `90m`, `1d`) and
  /// `sla_at_risk_percent` (1 to 99, default 25).
  public func slaPolicy() throws -> SLAPolicy {
    var policy = SLAPolicy.standard
    for p in Priority.allCases {
      let key = "sla_" + p.rawValue.lowercased()
      guard let text = entries[key]?.value else { continue }
      switch SLAPolicy.duration(text) {
      case .success(let seconds): policy.set(p, seconds)
      case .failure(let e): throw bad(key, Message(.configProblem, .message(Message(.prefixed, .text(key), .message(e.reason)))))
      }
    }
    if let percent = try whole("sla_at_risk_percent", 1...99) { policy.atRiskShare = Double(percent) / 100 }
    return policy
  }

  /// `standard_minutes`: `TYPE=MINUTES` pairs (the others keep their standard).
  public func standardTimes() throws -> StandardTimes {
    guard let text = entries["standard_minutes"]?.value else { return .standard }
    switch StandardTimes.parse(text) {
    case .success(let s): return s
    case .failure(let e):
      throw bad("standard_minutes", Message(.configProblem, .message(Message(.prefixed, .text("standard_minutes"), .message(e.reason)))))
    }
  }

  /// Every `schedule.NAME`, sorted by name.
  public func schedules() throws -> [TaskSchedule] {
    for key in keys where key.hasPrefix("schedule.") {
      if case .failure(let e) = ConfigFile.schedules([key: entries[key]?.value ?? ""]) {
        throw bad(key, Message(.configProblem, .message(e.reason)))
      }
    }
    return try ConfigFile.schedules(entries.mapValues(\.value)).get()
  }

  /// `escalation_command` (none by default) and `escalation_timeout_seconds` (1 to 600, default 30).
  public func escalation() throws -> (command: String?, timeout: Double) {
    (entries["escalation_command"]?.value, Double(try whole("escalation_timeout_seconds", 1...600) ?? 30))
  }

  /// `ticket_response` and `ticket_resolution`: four durations each (URGENT HIGH MEDIUM LOW).
  public func ticketTargets() throws -> TicketTargets {
    var t = TicketTargets.standard
    for (key, path) in [("ticket_response", \TicketTargets.response), ("ticket_resolution", \TicketTargets.resolution)] {
      guard let text = entries[key]?.value else { continue }
      switch TicketTargets.durations(text) {
      case .success(let d): t[keyPath: path] = d
      case .failure(let e): throw bad(key, Message(.configProblem, .message(Message(.prefixed, .text(key), .message(e.reason)))))
      }
    }
    return t
  }

  /// `printer_device` or `printer_command` (not both), `printer_paper` (58 or 80, default 58),
  /// `printer_format` (escpos, png or text; default escpos), `printer_timeout_seconds` (1 to 60,
  /// default 10).
  public func printer() throws -> Printer {
    let device = entries["printer_device"]
    let command = entries["printer_command"]
    if let device, command != nil { throw bad("printer_device", device, Message(.printerBoth)) }
    let target = device.map { Printer.Target.device($0.value) } ?? command.map { .command($0.value) }
    let paper: ESCPOS.Paper
    switch entries["printer_paper"]?.value ?? "58" {
    case "58": paper = .mm58
    case "80": paper = .mm80
    case let other: throw bad("printer_paper", Message(.printerPaper, .text(other)))
    }
    let formatText = entries["printer_format"]?.value ?? "escpos"
    guard let format = Printer.Format(rawValue: formatText) else { throw bad("printer_format", Message(.printerFormat, .text(formatText))) }
    // Under PrintQueue.stale, so a job still being printed is never taken for an interrupted one.
    let timeout = Double(try whole("printer_timeout_seconds", 1...60) ?? 10)
    return Printer(target: target, paper: paper, format: format, timeout: timeout)
  }

  /// `link_url` (unset: the point works alone), `link_poll_seconds` (1 to 3600, default 30),
  /// `link_listen` (yes or no, default yes).
  public func link() throws -> LinkRunner.Settings? {
    guard let url = entries["link_url"]?.value else { return nil }
    guard !url.isEmpty else { throw bad("link_url", Message(.linkURLEmpty)) }
    do {
      try PGConnection.validate(url)
    } catch let error as LinkError {
      throw bad("link_url", Message(.linkURLBad, .text("\(error)")))
    }
    let poll = try whole("link_poll_seconds", 1...3600) ?? 30
    let listen: Bool
    switch entries["link_listen"]?.value.lowercased() {
    case nil, "yes", "true", "1", "oui": listen = true
    case "no", "false", "0", "non": listen = false
    case let other?: throw bad("link_listen", Message(.linkListen, .text(Visible.field(other))))
    }
    return LinkRunner.Settings(url: url, pollSeconds: Double(poll), listen: listen)
  }

  /// Every group read once: the first wrong value, where it is written.
  public func check() throws {
    _ = try language()
    _ = try idleLock()
    _ = try decoderLimits()
    _ = try camera()
    _ = try slaPolicy()
    _ = try standardTimes()
    _ = try schedules()
    _ = try escalation()
    _ = try ticketTargets()
    _ = try printer()
    _ = try link()
  }

  // MARK: Reading values

  /// A whole number within `range`; nil when the key is absent.
  func whole(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
    guard let text = entries[key]?.value else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw bad(key, Message(.configWhole, .text(key), .text(text), .text(String(range.lowerBound)), .text(String(range.upperBound))))
    }
    return value
  }

  /// What is wrong with `key`, after the file and line where it is set.
  func bad(_ key: String, _ message: Message) -> StoreError {
    guard let entry = entries[key] else { return .invalid(message) }
    return bad(key, entry, message)
  }

  func bad(_ key: String, _ entry: Entry, _ message: Message) -> StoreError {
    guard let file, entry.line > 0 else { return .invalid(message) }
    return .invalid(Message(.configLine, .text(file), .text(String(entry.line)), .message(message)))
  }

  static func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
}
