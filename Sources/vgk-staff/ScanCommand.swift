import ArgumentParser
import Foundation
import StaffDomain
import StaffScan
import StaffServices
import StaffStore

/// `vgk-staff scan`: scans processed as the counter would, each recorded in the scan log.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Process scans as the counter would: order, product and inventory codes.",
    discussion: """
      Give image files (decoded here) or the text a barcode scanner typed (--payload). An order \
      code with the right pickup code shows the order, its shelf and items; --confirm then hands \
      it over. A product code shows its stock by location; an inventory code its movement. \
      Every scan is recorded. Exit status 0 when every scan was answered, 1 when one was refused \
      or found nothing, 2 when a payload or a file was unusable.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "One JSON object per scan.") var json = false
  @Flag(help: "Hand the order over once its code is verified (needs --staff or VGK_STAFF_USER).")
  var confirm = false
  @Option(help: ArgumentHelp("The text a barcode scanner typed, instead of image files.", valueName: "text"))
  var payload: String?
  @Option(help: ArgumentHelp("Your staff login (default: $VGK_STAFF_USER).", valueName: "login"))
  var staff: String?
  @Option(help: ArgumentHelp("Refuse images of more pixels than this (default 40000000, or max_pixels in the config).", valueName: "n"))
  var maxPixels: Int?
  @Argument(help: ArgumentHelp("Image files (JPEG, PNG, PGM/PPM).", valueName: "file")) var files: [String] = []

  func validate() throws {
    if payload == nil && files.isEmpty { throw ValidationError("Give image files or --payload TEXT.") }
    if payload != nil && !files.isEmpty { throw ValidationError("Give either image files or --payload, not both.") }
    guard (maxPixels ?? 1) >= 1 else { throw ValidationError("--max-pixels must be at least 1.") }
  }

  func run() throws {
    let env = try Environment.resolve(global)
    if confirm, try Environment.staffLogin(staff) == nil {
      throw Environment.missingStaff("scan --confirm")
    }
    let terminal = try Environment.terminalName()
    let key = try env.keys.pickupCodeKey(create: false)
    let database = try env.open()
    let login = try env.require(confirm ? .handOver : .scan, ifNamed: staff, database)
    let counter = try Counter(database: database, key: key)
    var report = ScanReport(json: json)

    func answer(_ result: ScanResult, file: String?) throws {
      var handover: Result<Handover, PickupRefusal>? = nil
      if confirm, case .order(let view) = result.outcome, let login {
        handover = try counter.confirmHandover(
          orderID: view.id, scanID: result.scanID, staff: login, terminal: terminal, now: try currentTime(database))
      }
      report.show(result, file: file, handover: handover, confirming: confirm)
    }

    if let payload {
      try answer(
        try counter.process(
          Array(payload.utf8), source: .cli, expecting: confirm ? .order : nil, staff: login, terminal: terminal,
          now: try currentTime(database)), file: nil)
    } else {
      let decoder = try env.sandboxedDecoder(pixelCap: maxPixels)
      for file in files {
        let decoded = decodeImageFile(file, decoder: decoder)
        switch decoded.payloads {
        case .failure(let error):
          try answer(
            try counter.recordImageFailure(
              .unreadable(error.reason), source: .cli, fileName: file, contentSHA256: decoded.sha256, staff: login,
              terminal: terminal, now: try currentTime(database)), file: file)
        case .success(let payloads) where payloads.isEmpty:
          try answer(
            try counter.recordImageFailure(
              .noCode(Message(.scanNoQRInImage)), source: .cli, fileName: file, contentSHA256: decoded.sha256,
              staff: login, terminal: terminal, now: try currentTime(database)), file: file)
        case .success(let payloads):
          for bytes in payloads {
            try answer(
              try counter.process(
                bytes, source: .cli, fileName: file, contentSHA256: decoded.sha256, expecting: confirm ? .order : nil,
                staff: login, terminal: terminal, now: try currentTime(database)), file: file)
          }
        }
      }
    }
    if report.status != 0 { throw ExitCode(report.status) }
  }
}

/// The QR payloads in one image file and the SHA-256 of its bytes, decoded in the sandboxed
/// worker (a hostile image costs that file, not the run).
func decodeImageFile(_ path: String, decoder: SandboxedDecoder) -> (sha256: Data?, payloads: Result<[[UInt8]], ImageError>) {
  let bytes: [UInt8]
  do {
    bytes = try ImageLoader.readFile(path)
  } catch {
    return (nil, .failure(error))
  }
  let sha = ScanLog.sha256(bytes)
  return (sha, decoder.decode(bytes).map { $0.symbols.map { Array($0.data.utf8) } })
}

/// Prints scan results for a clerk (text) or a script (one JSON object per scan), and works out
/// the exit status: 2 if any scan was unusable, else 1 if any was refused, else 0.
struct ScanReport {
  var json: Bool
  var status: Int32 = 0

  mutating func show(
    _ result: ScanResult, file: String?, handover: Result<Handover, PickupRefusal>?, confirming: Bool
  ) {
    var refusal = result.refusal
    if case .failure(let r)? = handover { refusal = .pickup(r) }
    if let refusal { status = max(status, refusal.isBadInput ? 2 : 1) }
    if json {
      printJSON(jsonObject(result, file: file, handover: handover, refusal: refusal))
    } else {
      let prefix = file.map { "\(Visible.field($0)): " } ?? ""
      for line in text(result, handover: handover, refusal: refusal, confirming: confirming) { print(prefix + line) }
    }
  }

  func text(
    _ result: ScanResult, handover: Result<Handover, PickupRefusal>?, refusal: ScanRefusal?, confirming: Bool
  ) -> [String] {
    if case .success(let h)? = handover {
      return [Output.say(.scanOutHandedOver, .id(h.orderID), .message(h.facts.phraseMessage), .id(h.scanID))]
    }
    if let refusal { return [refused(refusal)] }
    switch result.outcome {
    case .order(let o):
      var lines = [Output.say(.scanOutOrder, .id(o.id)), Output.say(.scanOutCustomer, .text(o.customer)), Output.say(.scanOutShelf, .text(o.shelf ?? "-"))]
      if let hold = o.holdUntil { lines.append(Output.say(.scanOutHoldUntil, .time(hold))) }
      for item in o.items {
        lines.append("  \(item.quantity) x \(item.title)  \(item.lineTotal)")
      }
      lines.append(Output.say(.scanOutTotal, .money(o.total.amount)))
      if !confirming { lines.append(Output.say(.scanOutNotYet, .id(result.scanID))) }
      return lines
    case .product(let p):
      var lines = [
        Output.say(.scanOutProduct, .id(p.id), .text(p.title), .money(p.price.amount), .word(.itemCondition, p.condition.rawValue), .text(p.category))
      ]
      if p.stock.isEmpty {
        lines.append(Output.say(.scanOutStock, .message(Message(.scanOutNoStock))))
      } else {
        let places = p.stock.map { "\($0.location) \($0.quantity)" }.joined(separator: ", ")
        lines.append(Output.say(.scanOutStock, .message(Message(.scanOutStockAt, .text(places), .count(p.totalStock)))))
      }
      return lines
    case .movement(let m):
      let outside = MessageArg.message(Message(.scanOutOutside))
      var line = Output.say(
        .scanOutMovement, .id(m.id), .word(.movementType, m.type.rawValue), .count(m.quantity), .id(m.productID), .text(m.productTitle),
        m.from.map(MessageArg.text) ?? outside, m.to.map(MessageArg.text) ?? outside, .time(m.at))
      if let staff = m.staff { line += Output.say(.scanOutBy, .text(staff)) }
      if let order = m.orderID { line += Output.say(.scanOutForOrder, .id(order)) }
      if let reason = m.reason { line += " (\(reason))" }
      return [line]
    case .transfer(let t):
      var lines = [Output.say(.scanOutTransfer, .id(t.id), .text(t.from), .time(t.sentAt), .state("transfer", t.status))]
      lines += t.lines.map { "  \($0.quantity) x \($0.productID) \($0.title)" }
      if t.status == "sent" { lines.append(Output.say(.scanOutReceiveIt, .text("vgk-staff transfer receive INVENTORY:\(t.slip) [--into LOCATION] [--qty PRODUCT=N --reason R]"))) }
      return lines
    case .refused(let r):
      return [refused(r)]
    }
  }

  /// `REFUSED  …` with the refusal in the language in use (`REFUSÉ  …` in French).
  func refused(_ refusal: ScanRefusal) -> String {
    Output.say(.scanOutRefused, .message(refusal.message))
  }

  func jsonObject(
    _ result: ScanResult, file: String?, handover: Result<Handover, PickupRefusal>?, refusal: ScanRefusal?
  ) -> [(String, JSON)] {
    var outcome = result.outcomeWord
    var handed: JSON = .null
    switch handover {
    case .success(let h)?:
      outcome = "handed_over"
      handed = Self.json(h.facts, orderID: h.orderID)
    case .failure(let r)?:
      outcome = r.outcome
    case nil: break
    }
    if case .pickup(let r)? = refusal, case .alreadyPickedUp(let facts) = r.reason {
      handed = Self.json(facts, orderID: r.orderID)
    }
    var order: JSON = .null
    var product: JSON = .null
    var movement: JSON = .null
    var transfer: JSON = .null
    switch result.outcome {
    case .order(let o):
      order = .object([
        ("id", .int(o.id)), ("status", .string(o.status.rawValue)), ("customer", .string(o.customer)),
        ("shelf", .str(o.shelf)), ("hold_until", .str(o.holdUntil?.iso8601)),
        (
          "items",
          .array(
            o.items.map {
              .object([
                ("product_id", $0.productID.map { .int($0) } ?? .null), ("title", .string($0.title)),
                ("quantity", .int($0.quantity)), ("unit_price_fcfa", .int($0.unitPrice.amount)),
              ])
            })
        ),
        ("total_fcfa", .int(o.total.amount)),
      ])
    case .product(let p):
      product = .object([
        ("id", .int(p.id)), ("title", .string(p.title)), ("category", .string(p.category)),
        ("price_fcfa", .int(p.price.amount)), ("condition", .string(p.condition.rawValue)),
        ("stock", .array(p.stock.map { .object([("location", .string($0.location)), ("quantity", .int($0.quantity))]) })),
      ])
    case .movement(let m):
      movement = .object([
        ("id", .int(m.id)), ("type", .string(m.type.rawValue)), ("product_id", .int(m.productID)),
        ("product_title", .string(m.productTitle)), ("quantity", .int(m.quantity)), ("from", .str(m.from)),
        ("to", .str(m.to)), ("staff", .str(m.staff)), ("order_id", m.orderID.map { .int($0) } ?? .null),
        ("reason", .str(m.reason)), ("at", .string(m.at.iso8601)),
      ])
    case .transfer(let t):
      transfer = .object([
        ("id", .int(t.id)), ("slip", .string("INVENTORY:\(t.slip)")), ("from", .string(t.from)), ("status", .string(t.status)),
        ("sent_at", .string(t.sentAt.iso8601)),
        ("lines", .array(t.lines.map { .object([("product_id", .int($0.productID)), ("title", .string($0.title)), ("quantity", .int($0.quantity))]) })),
      ])
    case .refused: break
    }
    return [
      ("scan", .int(result.scanID)), ("file", .str(file)), ("payload", .str(result.payload)),
      ("kind", .str(result.kind?.rawValue.lowercased())), ("outcome", .string(outcome)),
      ("reason", .str(refusal?.description)), ("code", .str(refusal?.message.code.rawValue)), ("order", order), ("product", product), ("movement", movement),
      ("transfer", transfer), ("handover", handed),
    ]
  }

  static func json(_ h: HandoverFacts, orderID: Int64) -> JSON {
    .object([
      ("order_id", .int(orderID)), ("staff", .str(h.staffLogin)), ("staff_name", .str(h.staffName)),
      ("terminal", .str(h.terminal)), ("at", .string(h.at.iso8601)),
    ])
  }
}
