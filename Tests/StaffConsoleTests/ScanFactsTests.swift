import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// The Scans pane says a refusal from the facts the scan log keeps, in the reader's language:
/// the tries left after a wrong code, the end of a lock, in the detail itself.
@Suite struct ScanFactsTests {
  /// Words that are English and never French: one of them on a French screen is a refusal that
  /// reached the screen untranslated.
  static let englishWords: Set<String> = [
    "the", "wrong", "order", "Order", "locked", "until", "Check", "customer", "more", "lock", "locks", "not", "Not",
    "found", "Unreadable", "Duplicate", "Wrong", "kind", "field", "fields", "got", "byte", "space", "unknown", "expected",
    "must", "only", "digits", "letters", "movement", "product", "handed", "over", "again", "supervisor",
    "already", "ready", "shelf", "returned", "cancelled", "seller", "Hold", "period", "collected", "allowed", "verified",
    "checked", "within", "last", "Count", "correct", "first", "is", "was", "and", "or", "of", "to", "at", "by", "for",
    "with", "Log", "Already", "Returned", "Cancelled", "here", "yet", "arrived", "try", "tries", "then", "ask", "after",
    "repeated", "now", "empty", "needs", "takes", "one", "character", "characters", "hold",
  ]

  /// The English words found in `text` (its words split at anything that is not a letter).
  static func english(in text: String) -> [String] {
    let words = text.split { !$0.isLetter }.map(String.init)
    return words.filter { englishWords.contains($0) }
  }

  /// A wrong code at order 1040026 with four tries left before a 30-minute lock.
  static let wrongCode = PickupRefusal(orderID: 1_040_026, .codeNotAccepted(tries: 4, next: .timed(30 * 60), lockedNow: nil))
  /// Order 1040011 locked until 09:55.
  static let locked = PickupRefusal(orderID: 1_040_011, .locked(.until(Morning.now + 25 * 60)))

  /// The console with one refused scan, recorded with its facts, selected.
  static func state(_ refusal: ScanRefusal, _ language: Language, payload: String? = "ORDER:1040026:***", size: Size = Size(columns: 80, rows: 24))
    -> AppState
  {
    var s = AppState(language: language, now: Morning.now, size: size, header: Morning.header, staff: Morning.amina, terminalName: "counter-1")
    _ = Console.update(&s, .alerts(AlertCounts(slaBreaches: 0, lowStock: 0, lockedOrders: 1)))
    let record = ScanRecord(
      id: 40, at: Morning.at(2), source: .scanner, fileName: nil, payload: payload, kind: .order, outcome: refusal.outcome,
      reason: refusal.description, message: refusal.message, orderID: nil, staff: "amina.n", terminal: "counter-1",
      handover: nil, decision: nil)
    _ = Console.update(&s, .scans(.loaded([record])))
    return s
  }

  @Test(arguments: Language.allCases)
  func theWrongCodeAndTheLockedOrderInTheDetail(_ language: Language) {
    for size in [Size(columns: 80, rows: 24), Size(columns: 132, rows: 43)] {
      let wrong = Console.render(Self.state(.pickup(Self.wrongCode), language, size: size), size: size)
      Golden.check(wrong, "scan-wrong-code-\(size.columns)x\(size.rows)-\(language)")
      let lock = Console.render(Self.state(.pickup(Self.locked), language, payload: "ORDER:1040011:***", size: size), size: size)
      Golden.check(lock, "scan-locked-\(size.columns)x\(size.rows)-\(language)")
      let (wrongText, lockText) = (Self.flat(wrong.text), Self.flat(lock.text))
      switch language {
      case .fr:
        #expect(wrongText.contains("encore 4 codes faux bloquent la commande 1040026 pendant 30 minutes"), "\(wrong.text)")
        #expect(wrongText.contains("Vérifiez le code avec le client\u{00A0}:"), "\(wrong.text)")
        #expect(lockText.contains("bloquée après des codes faux répétés jusqu'au 20/11/2026 09:55"), "\(lock.text)")
        #expect(Self.english(in: wrong.text).isEmpty, "\(Self.english(in: wrong.text))")
        #expect(Self.english(in: lock.text).isEmpty, "\(Self.english(in: lock.text))")
        #expect(!wrong.text.contains("Journal") && !lock.text.contains("Journal"), "the facts are the detail, not a log line")
      case .en:
        #expect(wrongText.contains("4 more wrong codes lock order number 1040026 for 30 minutes"), "\(wrong.text)")
        #expect(lockText.contains("locked after repeated wrong codes until 2026-11-20 09:55"), "\(lock.text)")
      }
    }
  }

  /// The screen's text with its lines joined (a wrapped sentence reads whole); on a wide
  /// screen, the detail's side of each line only.
  static func flat(_ text: String) -> String {
    text.split(separator: "\n").map { line in
      let side = line.lastIndex(of: "│").map { line[line.index(after: $0)...] } ?? line[...]
      return side.trimmingCharacters(in: .whitespaces)
    }.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// Every refusal a scan can get, with sample facts.
  static let everyRefusal: [ScanRefusal] = {
    let t = Morning.now
    let amina = HandoverFacts(staffLogin: "amina.n", staffName: "Amina Njoya", terminal: "counter-1", at: t + -3600)
    let reasons: [PickupRefusal.Reason] = [
      .codeNotAccepted(tries: 4, next: .timed(1800), lockedNow: nil), .codeNotAccepted(tries: 1, next: .timed(1800), lockedNow: nil),
      .codeNotAccepted(tries: 0, next: .timed(1800), lockedNow: .until(t + 1800)),
      .codeNotAccepted(tries: 2, next: .supervisor, lockedNow: nil), .codeNotAccepted(tries: 0, next: .supervisor, lockedNow: .supervisor),
      .locked(.until(t + 600)), .locked(.supervisor), .alreadyPickedUp(amina),
      .alreadyPickedUp(HandoverFacts(staffLogin: nil, staffName: nil, terminal: nil, at: t)), .notReady(.expected),
      .notReady(.received), .returned(at: t), .cancelled(at: t), .holdExpired(holdUntil: t),
      .notVerified(Message(.pickupScanNotVerified, .id(12), .id(1_040_026))),
      .notVerified(Message(.pickupCodeReplaced, .id(1_040_026), .id(12))),
      .notVerified(Message(.pickupCheckTooOld, .time(t + -3600), .count(15))),
      .notAllowed(Message(.prefixed, .text("solange.e"), .message(Access.refusal(.supervisor, .handOver)))),
      .stock(Message(.scanNoProduct, .id(100_005))),
    ]
    let payloads: [[UInt8]] = [
      [], Array(repeating: 0x41, count: 1000), Array("ORDER:1:ÀBCDEF".utf8), Array("PRODUCT:1\u{0}".utf8), Array("PRODUCT:1\u{1F}".utf8),
      Array("PRODUCT:1\t".utf8), Array("PRODUCT:1\r".utf8), Array("PRODUCT:1\n".utf8), Array("\u{1B}PRODUCT:1".utf8),
      Array("PRODUCT:1\u{7F}".utf8), Array("PRODUCT: 1".utf8), Array("WIFI".utf8), Array(":1".utf8), Array("Product:1".utf8),
      Array("FOO:1".utf8), Array("ORDER:1".utf8), Array("ORDER:1:ABCDEF:X".utf8), Array("PRODUCT:1:2".utf8), Array("INVENTORY:".utf8),
      Array("ORDER::ABCDEF".utf8), Array("ORDER:1234567890123:ABCDEF".utf8), Array("PRODUCT:12a".utf8), Array("PRODUCT:012".utf8),
      Array("ORDER:1:ABC".utf8), Array("ORDER:1:abcdef".utf8),
    ]
    var all: [ScanRefusal] = reasons.map { .pickup(PickupRefusal(orderID: 1_040_026, $0)) }
    for bytes in payloads {
      guard case .failure(let e) = ScanPayload.parse(bytes) else { continue }
      all.append(.malformed(e))
    }
    for (kind, expected) in [(ScanPayload.product(id: 1), PayloadKind.order), (.order(id: 1, pickupCode: "ABCDEF"), .inventory), (.inventory(movementID: 1), .product)] {
      if case .failure(let e) = kind.expecting(expected) { all.append(.wrongKind(e)) }
    }
    all += [
      .unreadable("an empty file (0 bytes)"), .noCode(Message(.scanNoQRInImage)),
      .noCode(Message(.scanNoQRInPhoto)), .duplicate(Message(.scanSamePhotoAs, .text("processed/IMG_0377.jpg"))),
      .notFound(Message(.scanNoProduct, .id(424_242))), .notFound(Message(.scanNoMovement, .id(424_242))),
    ]
    return all
  }()

  @Test func everyRefusalReadsInFrenchInTheScansDetail() {
    #expect(Self.everyRefusal.count > 50)
    for refusal in Self.everyRefusal {
      let message = refusal.message
      #expect(message.isTranslated, "\(message.code) has no words")
      let size = Size(columns: 132, rows: 43)
      let screen = Console.render(Self.state(refusal, .fr, payload: nil, size: size), size: size).text
      // The image decoder's detail is technical and stays as the decoder wrote it, marked so.
      var shown = screen
      if case .unreadable(let detail) = refusal {
        #expect(Self.flat(screen).contains("Détail technique") && Self.flat(screen).contains(detail), "\(screen)")
        shown = Self.flat(shown).replacingOccurrences(of: detail, with: "")
      } else {
        let french = message.text(.fr)
        // An order already handed over shows the order itself (its detail is read), and who handed it over.
        if refusal.outcome != "already_picked_up" {
          #expect(Self.flat(screen).contains(String(french.prefix(30))), "\(french)\n\(screen)")
        }
        #expect(Self.english(in: french).isEmpty, "\(message.code): \(Self.english(in: french)) in \(french)")
      }
      #expect(Self.english(in: shown).isEmpty, "\(message.code): \(Self.english(in: shown))\n\(screen)")
      #expect(!screen.contains("Journal"), "\(message.code)")
      // French spacing: no ordinary space before a colon that ends a phrase.
      #expect(!message.text(.fr).contains(" : ") && !message.text(.fr).contains(" ; "), "\(message.text(.fr))")
    }
  }

  @Test func aScanRecordedBeforeTheFactsShowsItsReasonAsBefore() {
    var s = AppState(language: .fr, now: Morning.now, size: Size(columns: 132, rows: 43), header: Morning.header, staff: Morning.amina, terminalName: "counter-1")
    let old = Morning.scan(
      41, 3, .scanner, "ORDER:1040026:***", .order, "code_refused",
      reason: "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: 4 more wrong codes lock order number 1040026 for 30 minutes.")
    _ = Console.update(&s, .scans(.loaded([old])))
    let text = Self.flat(Console.render(s, size: s.size).text)
    #expect(text.contains("Mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client."), "\(text)")
    #expect(text.contains("Journal\u{00A0}: Code not accepted") || text.contains("Journal : Code not accepted"), "\(text)")
  }

  /// A handover refused at `y` says why in the reader's language, with the refusal's own facts.
  @Test(arguments: Language.allCases)
  func aHandoverRefusedAtConfirmationSaysWhy(_ language: Language) {
    var state = Morning.state(language)
    let replaced = PickupRefusal(orderID: 1_040_001, .notVerified(Message(.pickupCodeReplaced, .id(1_040_001), .id(12))))
    _ = Console.update(&state, .scans(.handOverRefused(scan: 12, replaced)))
    let role = PickupRefusal(orderID: 1_040_001, .notAllowed(Message(.prefixed, .text("solange.e"), .message(Access.refusal(.supervisor, .handOver)))))
    let first = state.message?.text ?? ""
    _ = Console.update(&state, .scans(.handOverRefused(scan: 12, role)))
    let second = state.message?.text ?? ""
    switch language {
    case .fr:
      #expect(first.contains("le code de retrait de la commande 1040001 a été remplacé après sa vérification par le scan 12"), "\(first)")
      #expect(second.contains("solange.e\u{00A0}: un superviseur ne peut pas remettre des commandes"), "\(second)")
      #expect(Self.english(in: first + " " + second).isEmpty, "\(first) \(second)")
    case .en:
      #expect(first.contains("the pickup code of order 1040001 was replaced after scan 12 checked it"), "\(first)")
      #expect(second.contains("solange.e: a supervisor may not hand orders over or refuse them"), "\(second)")
    }
  }

  @Test func theFilterFindsAScanByItsFrenchWords() {
    var s = Self.state(.pickup(Self.locked), .fr)
    #expect(ScansPane.text(s.scans.pane.items[0]).contains("bloquée"))
    s = Self.state(.pickup(Self.wrongCode), .en)
    #expect(ScansPane.text(s.scans.pane.items[0]).contains("codes faux"))
  }

  @Test(arguments: Language.allCases)
  func theDemosHintIsInTheReadersLanguage(_ language: Language) {
    let hint = LoginHint(
      lines: [
        [.init(login: "amina.n", secret: "2468", kind: .pin, role: .clerk), .init(login: "solange.e", secret: "superviseur", kind: .password, role: .supervisor)],
        [.init(login: "herve.n", secret: "admin-demo", kind: .password, role: .admin), .init(login: "jp.mbarga", secret: "1357", kind: .pin)],
      ], sample: "ORDER:1040054:KL0CBWFF")
    switch language {
    case .en:
      #expect(
        hint.text(.en) == """
          Demo: amina.n PIN 2468 (clerk) · solange.e superviseur (supervisor)
          herve.n admin-demo (admin) · jp.mbarga PIN 1357
          Try a pickup: ORDER:1040054:KL0CBWFF (press s, then type it)
          """)
    case .fr:
      #expect(
        hint.text(.fr) == """
          Démo\u{00A0}: amina.n PIN 2468 (agent) · solange.e superviseur (superviseur)
          herve.n admin-demo (administrateur) · jp.mbarga PIN 1357
          Essayez un retrait\u{00A0}: ORDER:1040054:KL0CBWFF (touche s, puis tapez-le)
          """)
    }
    var state = Morning.state(language, size: Size(columns: 132, rows: 43))
    state.loginHint = hint
    _ = Console.lock(&state, reason: "start", notice: nil)
    let screen = Console.render(state, size: state.size).text
    #expect(screen.contains(language == .fr ? "(agent)" : "(clerk)"), "\(screen)")
    if language == .fr { #expect(!screen.contains("clerk") && !screen.contains("Demo:"), "\(screen)") }
  }
}
