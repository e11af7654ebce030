/// The configuration file: `key = value` lines, `#` comments, blank lines; a value may be wrapped
/// in double quotes. An unknown key, a repeated key or a line without `=` is an error naming the
/// line, so a typo never silently falls back to a default.
public enum ConfigFile {
  /// Every key the program reads, with what it does (the man page lists the same).
  public static let keys: [(key: String, meaning: String)] = [
    ("db", "path of the database file"),
    ("keys_dir", "directory of the secret key files (pickup-code key)"),
    ("camera_dir", "the camera folder taken by `vgk-staff watch` and the console"),
    ("camera_settle_ms", "how long a photo's size and time must stay unchanged before it is taken (default 250)"),
    ("camera_rescan_seconds", "how often the camera folder is listed again for missed events (default 2)"),
    ("processed_days", "days a photo stays in the camera folder's processed/ before it is removed, 0 at once (default 7)"),
    ("decode_cpu_seconds", "CPU time the decoding worker may spend on one image (default 5)"),
    ("decode_memory_mib", "address space of the decoding worker, in MiB (default 256)"),
    ("decode_worker_images", "images one decoding worker takes before it is replaced, 1 to 100000 (default 200)"),
    ("max_pixels", "largest image decoded, in pixels (default 40000000)"),
    ("keymap", "the console's key bindings: default, azerty, vi or a keymap file"),
    ("lang", "the point's language: fr or en; the console's (default: the locale) and the labels' (default: en)"),
    ("sla_urgent", "the SLA of an URGENT task: a duration such as 2h, 90m, 1h30m or 1d (default 2h)"),
    ("sla_high", "the SLA of a HIGH task (default 8h)"),
    ("sla_medium", "the SLA of a MEDIUM task (default 24h)"),
    ("sla_low", "the SLA of a LOW task (default 48h)"),
    ("sla_at_risk_percent", "a task is at risk when less than this share of its SLA is left, 1 to 99 (default 25)"),
    ("escalation_command", "run by /bin/sh once for each breached task, the task as JSON on standard input"),
    ("escalation_timeout_seconds", "how long the escalation command may run before it is stopped (default 30)"),
    ("ticket_response", "first-response targets of tickets, URGENT HIGH MEDIUM LOW (default `1h 4h 8h 1d`)"),
    ("ticket_resolution", "resolution targets of tickets, URGENT HIGH MEDIUM LOW (default `8h 1d 3d 5d`)"),
    ("printer_device", "the label printer's device, e.g. /dev/usb/lp0 (or printer_command)"),
    ("printer_command", "a command that prints the label given on its standard input, e.g. `lp -d counter`"),
    ("printer_paper", "the printer's paper width in millimetres: 58 or 80 (default 58)"),
    ("printer_format", "what the printer is sent: escpos, png or text (default escpos)"),
    ("printer_timeout_seconds", "how long the printer may take a label before it is left pending, 1 to 60 (default 10)"),
    ("standard_minutes", "the standard time of each task type, for efficiency: `STOCK_RECEIVE=20 ORDER_PICKUP=5 …`"),
    ("idle_lock_minutes", "minutes without a key before the console locks and shows the login screen again, 1 to 1440 (default 15)"),
    ("link_url", "the point's connection string to the marketplace's PostgreSQL (`postgresql://…`, from `central add-point`); unset, the point works alone"),
    ("link_poll_seconds", "how often the link looks at the feed when no notification came, 1 to 3600 (default 30)"),
    ("link_listen", "yes: the link keeps one connection open and hears of the feed at once; no: a connection for each pass (default yes)"),
    (
      "schedule.NAME",
      "a recurring task: CRON TYPE PRIORITY TITLE, e.g. `0 7 * * mon-sat CLEANING LOW Clean the counter` (Douala time)"
    ),
  ]

  /// Keys the program no longer reads, and why: a file that still sets one is refused (with
  /// what to do) rather than run with a meaning it no longer has.
  public static let withdrawn: [String: String] = [
    "login_state":
      "the login journal can no longer be moved: it is always in vgk-staff-logins/ beside the database (see FILES in vgk-staff(1)); remove this line"
  ]

  /// The key family of recurring tasks: `schedule.` and a schedule name.
  static let schedulePrefix = "schedule."

  public static func parse(_ text: String) -> Result<[String: String], ImportIssue> {
    parseLines(text).map { $0.mapValues(\.value) }
  }

  /// `parse`, each value with the number of its line (from 1), so that a value found wrong
  /// later is reported where it is written.
  public static func parseLines(_ text: String) -> Result<[String: (value: String, line: Int)], ImportIssue> {
    var out: [String: (value: String, line: Int)] = [:]
    let known = Set(keys.map(\.key))
    // "\r\n" is one Character in Swift, so both line ends are separators.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (n, raw) in lines.enumerated() {
      let line = String(raw).trimmingSpaces
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let eq = line.firstIndex(of: "=") else {
        return .failure(ImportIssue(line: n + 1, "expected `key = value`"))
      }
      let key = String(line[..<eq]).trimmingSpaces
      var value = String(line[line.index(after: eq)...]).trimmingSpaces
      if key.hasPrefix(schedulePrefix) {
        // Only the name is checked here; `schedules` reads the values.
        if case .failure(let e) = TaskSchedule.validName(String(key.dropFirst(schedulePrefix.count))) {
          return .failure(ImportIssue(line: n + 1, "'\(key)': \(e.reason)"))
        }
      } else if let why = withdrawn[key] {
        return .failure(ImportIssue(line: n + 1, "'\(key)' is not a setting any more: \(why)"))
      } else if !known.contains(key) {
        return .failure(
          ImportIssue(line: n + 1, "unknown setting '\(key)' (known: \(keys.map(\.key).joined(separator: ", ")))"))
      }
      guard out[key] == nil else { return .failure(ImportIssue(line: n + 1, "'\(key)' is set twice")) }
      if value.hasPrefix("\"") {
        guard value.count >= 2, value.hasSuffix("\"") else {
          return .failure(ImportIssue(line: n + 1, "the value of '\(key)' opens a quote it never closes"))
        }
        value = String(value.dropFirst().dropLast())
      }
      guard !value.isEmpty else { return .failure(ImportIssue(line: n + 1, "'\(key)' has an empty value")) }
      guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
        return .failure(ImportIssue(line: n + 1, "the value of '\(key)' contains a control character"))
      }
      out[key] = (value, n + 1)
    }
    return .success(out)
  }

  /// Every `schedule.NAME` setting read as a recurring task, sorted by name. The error is
  /// prefixed with the key, e.g. `schedule.clean: the hour field '25': 25 is outside 0-23`.
  public static func schedules(_ config: [String: String]) -> Result<[TaskSchedule], FieldError> {
    var out: [TaskSchedule] = []
    for (key, value) in config.sorted(by: { $0.key < $1.key }) where key.hasPrefix(schedulePrefix) {
      switch TaskSchedule.parse(name: String(key.dropFirst(schedulePrefix.count)), value) {
      case .success(let schedule): out.append(schedule)
      case .failure(let e): return .failure(FieldError(.prefixed, .text(key), .message(e.reason)))
      }
    }
    return .success(out)
  }
}
