import StaffConsole
import StaffDomain
import StaffScan

/// The bodies of `make fuzz`'s targets: each takes any bytes, runs one input path of the console
/// on them, and checks what must hold whatever the bytes (not only "no crash"). The same bodies
/// replay the saved seeds and crash files in `make test` (Tests/FuzzReplayTests).
/// A body never stops the process itself: it returns what went wrong, and the fuzzer's entry
/// point (vgk-fuzz) aborts so libFuzzer saves the input.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// `ScanPayload.parse` and `parseTyped`, against a grammar written out apart from the parser.
  case payload
  /// The keymap reader as the console runs it on a file (64 KiB, UTF-8), and its round trip.
  case keymap
  /// The import readers (CSV, JSON, JSON lines) and the products, staff and orders checks; the
  /// first byte picks the kind and the format, the rest is the file.
  case imports = "import"
  /// The image loader (JPEG, PNG, PGM/PPM) with the QR ladder (zbar), and the worker's reply
  /// written and read back.
  case image
  /// The configuration file as the program reads it (UTF-8), its schedules (cron) and the team's
  /// standard times.
  case config
  /// The worker's reply as the parent reads it: the worker parses hostile images, so what it
  /// writes is not trusted either.
  case reply

  /// Runs the target on `bytes`; nil when everything held, else what did not.
  public func run(_ bytes: [UInt8]) -> String? {
    switch self {
    case .payload: PayloadFuzz.run(bytes)
    case .keymap: KeymapFuzz.run(bytes)
    case .imports: ImportFuzz.run(bytes)
    case .image: ImageFuzz.run(bytes)
    case .config: ConfigFuzz.run(bytes)
    case .reply: ReplyFuzz.run(bytes)
    }
  }
}

/// A message a clerk may be shown: one line, no control or format characters (no escapes that
/// could drive the terminal, no bidi overrides), and not a page long.
func isOneShownLine(_ text: String, limit: Int = 400) -> Bool {
  !text.isEmpty && text.unicodeScalars.count <= limit
    && text.unicodeScalars.allSatisfy { s in
      let category = s.properties.generalCategory
      return category != .control && category != .format && category != .lineSeparator
        && category != .paragraphSeparator
    }
}

enum PayloadFuzz {
  static func run(_ bytes: [UInt8]) -> String? {
    let parsed = ScanPayload.parse(bytes)
    let expected = grammarAccepts(bytes)
    switch parsed {
    case .success(let payload):
      guard expected else { return "accepted outside the grammar: \(payload)" }
      guard Array(payload.text.utf8) == bytes else { return "text \(payload.text) is not the scanned bytes" }
      for kind in PayloadKind.allCases {
        let wanted = ScanPayload.parse(bytes, expecting: kind)
        if (kind == payload.kind) != ((try? wanted.get()) != nil) { return "expecting \(kind) disagrees" }
      }
    case .failure(let error):
      guard !expected else { return "refused a code of the grammar: \(error.reason)" }
      guard error.reason.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !error.reason.isEmpty, error.reason.utf8.count <= 200
      else { return "reason is not one short printable ASCII line: \(Array(error.reason.utf8))" }
    }
    // What a scanner types is the same bytes and one Enter at most.
    if let text = String(validating: bytes, as: UTF8.self), case .success(let typed) = ScanPayload.parseTyped(text) {
      var body = bytes
      if body.last == 0x0A { body.removeLast() }
      if body.last == 0x0D { body.removeLast() }
      guard Array(typed.text.utf8) == body, grammarAccepts(body) else { return "parseTyped accepted \(bytes)" }
    }
    return nil
  }

  /// The payload grammar (vgk-staff(1), PICKUP), written apart from the parser (PayloadTests uses it
  /// too): at most 64 bytes; `ORDER:ID:CODE`, `PRODUCT:ID`, `INVENTORY:ID`; ID 1–12 digits
  /// without a leading zero; CODE 6–10 of `0-9A-Z`.
  static func grammarAccepts(_ bytes: [UInt8]) -> Bool {
    guard bytes.count <= 64 else { return false }
    func isID(_ s: ArraySlice<UInt8>) -> Bool {
      (1...12).contains(s.count) && s.first != UInt8(ascii: "0") && s.allSatisfy { (0x30...0x39).contains($0) }
    }
    func isCode(_ s: ArraySlice<UInt8>) -> Bool {
      (6...10).contains(s.count) && s.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }
    let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
    switch (Array(parts[0]), parts.count) {
    case (Array("ORDER".utf8), 3): return isID(parts[1]) && isCode(parts[2])
    case (Array("PRODUCT".utf8), 2), (Array("INVENTORY".utf8), 2): return isID(parts[1])
    default: return false
    }
  }
}

enum KeymapFuzz {
  static func run(_ bytes: [UInt8]) -> String? {
    // As ConsoleRunner.keymap reads a file: at most 64 KiB of UTF-8.
    guard bytes.count <= 64 * 1024, let text = String(validating: bytes, as: UTF8.self) else { return nil }
    var keymap = Keymap.standard
    let problems = keymap.read(text, file: "fuzz.keymap")
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
    for p in problems {
      guard (1...max(lines, 1)).contains(p.line) else { return "problem on line \(p.line) of \(lines)" }
      guard isOneShownLine(p.reason) else { return "problem reason not one plain line: \(p.reason.unicodeScalars.map(\.value))" }
    }
    var seen = Set<String>()
    for b in keymap.bindings {
      guard seen.insert("\(b.scope.rawValue) \(b.key)").inserted else { return "two bindings of \(b.key) in \(b.scope)" }
      guard Key(name: b.key.description) == b.key else { return "key \(b.key) does not read back" }
    }
    // What was read, written out again, reads back to the same bindings with no problem.
    let written = keymap.bindings.map { "bind \($0.scope.rawValue) \($0.key) \($0.action.rawValue)" }.joined(separator: "\n")
    var again = Keymap()
    let second = again.read(written, file: "again.keymap")
    guard second.isEmpty else { return "written keymap has problems: \(second)" }
    guard again.bindings == keymap.bindings else { return "keymap does not round-trip" }
    return nil
  }
}

enum ImportFuzz {
  static func run(_ bytes: [UInt8]) -> String? {
    guard let selector = bytes.first else { return nil }
    let kind = ImportKind.allCases[Int(selector) % ImportKind.allCases.count]
    let format: ImportFormat = (selector / 3) % 2 == 0 ? .csv : .json
    let file = Array(bytes.dropFirst())
    let lineCount = 1 + file.filter { $0 == 0x0A }.count
    do {
      let (header, rows) = try ImportReader.table(file, format: format)
      for row in rows where !(1...lineCount).contains(row.line) { return "row on line \(row.line) of \(lineCount)" }
      // As the store reads a file: its kind first, then its records.
      try Importers.checkKind(kind, rows, header: header)
      try Importers.checkColumns(header, known: Importers.knownColumns(kind, format: format))
      switch kind {
      case .products:
        let records = try Importers.products(rows)
        guard Set(records.map(\.id)).count == records.count else { return "two products with one id" }
        for r in records where r.id < 1 || r.price.amount < 0 { return "product \(r.id) out of range" }
      case .staff:
        _ = try Importers.staff(rows)
      case .orders:
        let records = try Importers.orders(rows, format: format)
        for r in records where r.id < 1 { return "order id \(r.id)" }
      }
    } catch {
      guard !error.issues.isEmpty, error.issues.count <= ImportFailure.limit + 1 else {
        return "\(error.issues.count) issues"
      }
      for issue in error.issues {
        guard (1...lineCount).contains(issue.line) else { return "issue on line \(issue.line) of \(lineCount): \(issue.message)" }
        guard isOneShownLine(issue.message, limit: ImportIssue.messageLimit + 1) else {
          return "issue message not one plain line: \(issue.message.unicodeScalars.map(\.value))"
        }
      }
    }
    return nil
  }
}

enum ImageFuzz {
  /// A million pixels, as libjpeg-turbo's own fuzzers: what a file may claim above that only
  /// slows the fuzzer down (the pixel cap itself is tested with real sizes in CameraFolderTests).
  static let pixelCap = 1_000_000

  static func run(_ bytes: [UInt8]) -> String? {
    let result = QRDecoder.scan(imageBytes: bytes, pixelCap: pixelCap)
    switch result {
    case .success(let found):
      for s in found.symbols where s.data.isEmpty || !s.data.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
        return "symbol data not printable ASCII: \(Array(s.data.utf8))"
      }
      guard found.symbols.isEmpty == (found.pass == nil) else { return "symbols and pass disagree" }
    case .failure(let error):
      guard !error.reason.isEmpty else { return "failure without a reason" }
    }
    // The worker's reply, written then read as the parent reads it, is the same answer.
    let reply = WorkerProtocol.encode(result)
    guard let back = WorkerProtocol.decode(Array(reply.utf8)) else { return "the worker's own reply does not read: \(reply)" }
    switch (result, back) {
    case (.success(let a), .success(let b)) where a == b: break
    case (.failure(let a), .failure(let b)) where a.kind == b.kind && !b.reason.isEmpty: break
    default: return "reply read back differs: \(reply)"
    }
    // And the reply parser on the image bytes themselves: never a scan from what is not a reply.
    if case .success(let found)? = WorkerProtocol.decode(bytes), !bytes.starts(with: Array(WorkerProtocol.header.utf8)) {
      return "bytes without the header read as a reply: \(found)"
    }
    return nil
  }
}

enum ConfigFuzz {
  /// A Tuesday noon in Douala, the clock the schedules are tried at.
  static let now = Timestamp(seconds: 1_796_122_800)

  static func run(_ bytes: [UInt8]) -> String? {
    guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
    switch ConfigFile.parse(text) {
    case .failure(let issue):
      guard (1...max(1, lines)).contains(issue.line) else { return "issue on line \(issue.line) of \(lines)" }
      guard isOneShownLine(issue.message, limit: ImportIssue.messageLimit + 1) else {
        return "issue message not one plain line: \(issue.message.unicodeScalars.map(\.value))"
      }
    case .success(let values):
      let known = Set(ConfigFile.keys.map(\.key))
      for key in values.keys where !known.contains(key) && !key.hasPrefix("schedule.") { return "unknown key \(key) accepted" }
      switch ConfigFile.schedules(values) {
      case .failure(let e):
        for text in [e.reason.text(.en), e.reason.text(.fr)] {
          guard !text.isEmpty, !text.contains("\n") else { return "schedule reason: \(text)" }
        }
        guard e.reason.isTranslated else { return "schedule reason without words: \(e.reason.code)" }
      case .success(let schedules):
        for schedule in schedules {
          if let at = schedule.cron.latest(atOrBefore: now, within: 86400) {
            guard at <= now, now - at <= 86400, schedule.cron.matches(at) else { return "\(schedule.cronText): latest \(at) is wrong" }
          }
          if let next = schedule.cron.next(after: now) {
            guard next > now, schedule.cron.matches(next) else { return "\(schedule.cronText): next \(next) is wrong" }
          }
        }
      }
      if let standard = values["standard_minutes"], case .failure(let e) = StandardTimes.parse(standard), e.description.isEmpty {
        return "standard_minutes refused without a reason"
      }
    }
    return nil
  }
}

enum ReplyFuzz {
  static func run(_ bytes: [UInt8]) -> String? {
    guard let (request, result) = WorkerProtocol.reply(bytes) else { return nil }
    // The parser takes only what the worker writes: the reply written again is the same bytes.
    guard WorkerProtocol.framing(bytes) == .complete(length: bytes.count) else { return "a reply that does not end where the framing says" }
    let again = Array(WorkerProtocol.encode(result, request: request).utf8)
    guard again == bytes else { return "accepted a reply the worker does not write: \(Array(bytes.prefix(200)))" }
    if case .success(let found) = result {
      for s in found.symbols where !s.data.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return "symbol not printable ASCII" }
    }
    return nil
  }
}
