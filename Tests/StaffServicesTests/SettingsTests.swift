import Foundation
import StaffCamera
import StaffDomain
import StaffScan
import StaffServices
import StaffStore
import Testing

/// The config file read once into typed settings: defaults, every key, and what is refused.
@Suite struct SettingsTests {
  static let file = "/etc/vgk/config"

  /// The English text of what went wrong.
  static func refusal(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return said(error).text(.en)
    }
  }

  @Test func withoutAFileEveryKeyHasItsDefault() throws {
    let s = Settings.none
    #expect(s.file == nil && s.keys.isEmpty)
    #expect(s.database == nil && s.keysDirectory == nil && s.cameraDirectory == nil && s.keymap == nil && s.languageText == nil)
    #expect(try s.language() == nil)
    #expect(try s.labelLanguage() == .en)
    #expect(try s.idleLock() == IdleLock(seconds: 15 * 60))
    #expect(try s.decoderLimits() == SandboxedDecoder.Limits.standard)
    let camera = try s.camera()
    #expect(camera.settleSeconds == 0.25 && camera.rescanSeconds == 2 && camera.processedDays == 7)
    #expect(try s.slaPolicy() == .standard)
    #expect(try s.standardTimes() == .standard)
    #expect(try s.schedules().isEmpty)
    #expect(try s.escalation().command == nil && s.escalation().timeout == 30)
    #expect(try s.ticketTargets() == .standard)
    let printer = try s.printer()
    #expect(printer.target == nil && printer.paper == .mm58 && printer.format == .escpos && printer.timeout == 10)
    #expect(try s.link() == nil)
    try s.check()
  }

  @Test func everyKeyTheProgramReadsIsTakenAsWritten() throws {
    let text = """
      # a point's whole configuration
      db = /var/lib/vgk/point.sqlite
      keys_dir = /etc/vgk/keys
      camera_dir = /srv/camera
      camera_settle_ms = 500
      camera_rescan_seconds = 5
      processed_days = 0
      decode_cpu_seconds = 3
      decode_memory_mib = 128
      max_pixels = 1000000
      decode_worker_images = 50
      keymap = azerty
      lang = FR
      sla_urgent = 1h
      sla_high = 90m
      sla_medium = 1d
      sla_low = 2d
      sla_at_risk_percent = 40
      escalation_command = "mail -s breach boss"
      escalation_timeout_seconds = 600
      ticket_response = 30m 2h 4h 1d
      ticket_resolution = 4h 1d 2d 3d
      printer_command = lp -d counter
      printer_paper = 80
      printer_format = png
      printer_timeout_seconds = 60
      standard_minutes = STOCK_RECEIVE=20 ORDER_PICKUP=5
      idle_lock_minutes = 1440
      link_url = postgresql://point@central.example/vgk
      link_poll_seconds = 3600
      link_listen = no
      schedule.clean = 0 7 * * mon-sat CLEANING LOW Clean the counter
      """
    let s = try Settings.parse(text, file: Self.file)
    // Every documented key is set above (the family schedule.NAME by one of its names).
    let documented = Set(ConfigFile.keys.map(\.key).filter { $0 != "schedule.NAME" })
    #expect(documented.subtracting(s.keys) == ["printer_device"], "printer_device and printer_command exclude each other")
    #expect(s.database == "/var/lib/vgk/point.sqlite" && s.keysDirectory == "/etc/vgk/keys" && s.cameraDirectory == "/srv/camera")
    #expect(s.keymap == "azerty" && s.languageText == "FR")
    #expect(try s.language() == .fr && s.labelLanguage() == .fr)
    let camera = try s.camera()
    #expect(camera.settleSeconds == 0.5 && camera.rescanSeconds == 5 && camera.processedDays == 0)
    #expect(try s.camera(settleMs: 100).settleSeconds == 0.1, "the option wins over the config")
    let limits = try s.decoderLimits()
    #expect(limits.cpuSeconds == 3 && limits.wallSeconds == 6 && limits.memoryBytes == 128 << 20 && limits.pixelCap == 1_000_000)
    #expect(limits.imagesPerWorker == 50)
    #expect(try s.decoderLimits(pixelCap: 5).pixelCap == 5)
    let policy = try s.slaPolicy()
    #expect(policy.seconds(.urgent) == 3600 && policy.seconds(.high) == 5400 && policy.seconds(.medium) == 86400)
    #expect(policy.seconds(.low) == 172_800 && policy.atRiskShare == 0.4)
    #expect(try s.escalation().command == "mail -s breach boss" && s.escalation().timeout == 600)
    #expect(try s.ticketTargets().response(.urgent) == 1800 && s.ticketTargets().resolution(.low) == 3 * 86400)
    let printer = try s.printer()
    #expect(printer.target == .command("lp -d counter") && printer.paper == .mm80 && printer.format == .png && printer.timeout == 60)
    #expect(try s.standardTimes().of(.stockReceive) == 20)
    #expect(try s.idleLock().seconds == 1440 * 60)
    let link = try #require(try s.link())
    #expect(link.url == "postgresql://point@central.example/vgk" && link.pollSeconds == 3600 && !link.listen)
    #expect(try s.schedules().map(\.name) == ["clean"])
    try s.check()
  }

  @Test(arguments: [
    ("camera_settle_ms", "60001"), ("camera_rescan_seconds", "0"), ("processed_days", "-1"), ("decode_cpu_seconds", "601"),
    ("decode_memory_mib", "63"), ("max_pixels", "0"), ("decode_worker_images", "0"), ("decode_worker_images", "100001"),
    ("sla_at_risk_percent", "100"), ("escalation_timeout_seconds", "1.5"),
    ("printer_timeout_seconds", "61"), ("idle_lock_minutes", "99999999999999999999999"), ("link_poll_seconds", "ten"),
  ])
  func aWholeNumberOutOfItsRangeIsRefusedWhereItIsWritten(key: String, value: String) throws {
    // The link's keys are read once link_url is set.
    let s = try Settings.parse("link_url = postgresql://p@h/db\n\n\(key) = \(value)\n", file: Self.file)
    let said = Self.refusal { try s.check() }
    #expect(said?.hasPrefix("\(Self.file):3: config \(key): '\(value)' is not a whole number from ") == true, "\(said ?? "accepted")")
  }

  @Test(arguments: [
    ("lang", "de", "/etc/vgk/config:1: config lang: 'de' is not fr or en"),
    ("printer_paper", "90", "/etc/vgk/config:1: config printer_paper: '90' is not 58 or 80 (millimetres)"),
    ("printer_format", "pdf", "/etc/vgk/config:1: config printer_format: 'pdf' is not escpos, png or text"),
    ("link_listen", "maybe", "/etc/vgk/config:1: link_listen must be yes or no, not 'maybe'"),
    ("sla_high", "soon", "/etc/vgk/config:1: config sla_high: "),
    ("standard_minutes", "CLEANING", "/etc/vgk/config:1: config standard_minutes: "),
    ("ticket_response", "1h 2h", "/etc/vgk/config:1: config ticket_response: "),
    ("schedule.clean", "0 25 * * * CLEANING LOW Clean", "/etc/vgk/config:1: config schedule.clean: the hour field '25': 25 is outside 0-23"),
    ("link_url", "http://example.com", "/etc/vgk/config:1: link_url: "),
  ])
  func aBadValueNamesItsFileLineAndKey(key: String, value: String, expected: String) throws {
    let s = try Settings.parse("\(key) = \(value)" + (key == "link_url" ? "" : "\nlink_url = postgresql://p@h/db"), file: Self.file)
    let said = Self.refusal { try s.check() }
    #expect(said?.hasPrefix(expected) == true, "\(said ?? "accepted")")
  }

  @Test func aBadGroupStopsOnlyWhatUsesIt() throws {
    let s = try Settings.parse("printer_paper = 90\nidle_lock_minutes = 5", file: Self.file)
    #expect(try s.idleLock().seconds == 300, "the console still runs")
    #expect(Self.refusal { _ = try s.printer() } != nil)
  }

  @Test func bothPrintersAreRefusedAtTheDevicesLine() throws {
    let s = try Settings.parse("printer_command = lp\nprinter_device = /dev/usb/lp0", file: Self.file)
    #expect(Self.refusal { _ = try s.printer() } == "\(Self.file):2: config: give printer_device or printer_command, not both")
  }

  @Test func aValueSetByTheProgramHasNoLine() throws {
    var s = try Settings.parse("camera_dir = /srv/camera\nlink_url = postgresql://p@h/db", file: Self.file)
    s.set("camera_dir", "/tmp/demo")
    s.set("link_url", nil)
    s.set("printer_paper", "12")
    #expect(s.cameraDirectory == "/tmp/demo")
    #expect(try s.link() == nil)
    #expect(Self.refusal { _ = try s.printer() } == "config printer_paper: '12' is not 58 or 80 (millimetres)")
  }

  @Test(arguments: [
    ("colour = blue", "/etc/vgk/config:1: unknown setting 'colour' (known: "),
    ("# ok\nlang", "/etc/vgk/config:2: expected `key = value`"),
    ("lang = fr\nlang = en", "/etc/vgk/config:2: 'lang' is set twice"),
    ("keymap = ", "/etc/vgk/config:1: 'keymap' has an empty value"),
    ("keymap = \"vi", "/etc/vgk/config:1: the value of 'keymap' opens a quote it never closes"),
    ("escalation_command = echo \u{1B}[2J", "/etc/vgk/config:1: the value of 'escalation_command' contains a control character"),
    ("keymap = a\u{0}b", "/etc/vgk/config:1: the value of 'keymap' contains a control character"),
    ("login_state = /tmp/x", "/etc/vgk/config:1: 'login_state' is not a setting any more: "),
    ("schedule.Bad Name = @daily CLEANING LOW x", "/etc/vgk/config:1: 'schedule.Bad Name': "),
  ])
  func aLineThatIsNotASettingIsRefusedWithItsNumber(text: String, expected: String) {
    let said = Self.refusal { _ = try Settings.parse(text, file: Self.file) }
    #expect(said?.hasPrefix(expected) == true, "\(said ?? "accepted")")
  }

  @Test func hugeAndHostileValuesAreNumbersNoLonger() throws {
    let long = String(repeating: "9", count: 100_000)
    let s = try Settings.parse("max_pixels = \(long)\nkeymap = \u{202E}evil", file: Self.file)
    #expect(Self.refusal { _ = try s.decoderLimits() }?.hasPrefix("\(Self.file):1: config max_pixels: '") == true)
    #expect(s.keymap == "\u{202E}evil", "a name is taken as written; what shows it makes it visible")
    // A bidi control in a value the program shows is shown visibly by the message's printer.
    let listen = try Settings.parse("link_url = postgresql://p@h/db\nlink_listen = \u{202E}yes", file: Self.file)
    #expect(Self.refusal { _ = try listen.link() }?.contains("\u{202E}") == false)
  }

  @Test func aFileIsLoadedOnlyFromWhereItIsNamed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-settings-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    try FileManager.default.createDirectory(atPath: dir + "/vgk-staff", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(try Settings.load(nil, environment: [:], configHome: dir).file == nil, "no file at the XDG place: the defaults")
    try Data("lang = fr\n".utf8).write(to: URL(fileURLWithPath: dir + "/vgk-staff/config"))
    #expect(try Settings.load(nil, environment: [:], configHome: dir).languageText == "fr")
    try Data("lang = en\n".utf8).write(to: URL(fileURLWithPath: dir + "/other"))
    #expect(try Settings.load(nil, environment: ["VGK_STAFF_CONFIG": dir + "/other"], configHome: dir).languageText == "en")
    #expect(try Settings.load(dir + "/vgk-staff/config", environment: ["VGK_STAFF_CONFIG": dir + "/other"], configHome: dir).languageText == "fr")
    #expect(Self.refusal { _ = try Settings.load(dir + "/missing", environment: [:], configHome: dir) } != nil, "a named file must exist")
    try Data([0x6C, 0x61, 0x6E, 0x67, 0x20, 0x3D, 0x20, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: dir + "/binary"))
    #expect(Self.refusal { _ = try Settings.load(dir + "/binary", environment: [:], configHome: dir) }?.contains(dir + "/binary") == true)
  }
}
