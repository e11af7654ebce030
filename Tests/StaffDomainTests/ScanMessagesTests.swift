import Testing

@testable import StaffDomain

/// The words of scans, the payload grammar and the pickup rules (MessageCatalog+Scans): both
/// languages, the same facts, French agreement and spacing.
@Suite struct ScanMessagesTests {
  /// The placeholders of a template: `{0}`, `{1|…|…}` counted by their number.
  static func placeholders(_ template: String) -> [String] {
    var out: [String] = []
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      out.append(String(rest[rest.index(after: open)..<close].prefix { $0 != "|" }))
      rest = rest[rest.index(after: close)...]
    }
    return out.sorted()
  }

  @Test func everyTextHasBothLanguagesWithTheSamePlaceholders() {
    #expect(MessageCatalog.scans.count > 60)
    for (code, texts) in MessageCatalog.scans {
      #expect(!texts.en.isEmpty && !texts.fr.isEmpty, "\(code)")
      #expect(Set(Self.placeholders(texts.en)) == Set(Self.placeholders(texts.fr)), "\(code): \(texts.en) / \(texts.fr)")
      #expect(MessageCatalog.texts[code] != nil, "\(code) is not registered in MessageCatalog.areas")
    }
  }

  @Test func theTriesLeftAgreeWithTheirNumberInBothLanguages() {
    func wrong(_ tries: Int) -> PickupRefusal {
      PickupRefusal(orderID: 1_040_026, .codeNotAccepted(tries: tries, next: .timed(15 * 60), lockedNow: nil))
    }
    #expect(wrong(4).message.text(.fr).hasSuffix("Vérifiez le code avec le client\u{00A0}: encore 4 codes faux bloquent la commande 1040026 pendant 15 minutes."))
    #expect(wrong(1).message.text(.fr).hasSuffix("encore 1 code faux bloque la commande 1040026 pendant 15 minutes."))
    #expect(wrong(1).description.hasSuffix("1 more wrong code locks order number 1040026 for 15 minutes."))
    #expect(wrong(4).message.text(.fr).hasPrefix("Code refusé\u{00A0}: mauvais code de retrait ou numéro de commande inconnu."))
    let supervisor = PickupRefusal(orderID: 7, .codeNotAccepted(tries: 1, next: .supervisor, lockedNow: nil))
    #expect(supervisor.message.text(.fr).hasSuffix("encore 1 code faux bloque la commande 7 jusqu'à ce qu'un superviseur la débloque."))
  }

  @Test func theLocksEndIsADateInTheReadersWay() {
    let t = Timestamp(seconds: 1_795_163_400)  // 2026-11-20 09:30 in Douala
    let locked = PickupRefusal(orderID: 7, .locked(.until(t)))
    #expect(locked.message == Message(.pickupLockedUntil, .id(7), .time(t)))
    #expect(locked.message.text(.fr).contains("jusqu'au 20/11/2026 09:30\u{00A0}: réessayez"))
    #expect(locked.description.contains("until 2026-11-20 09:30: try again then"))
    let handover = HandoverFacts(staffLogin: "amina.n", staffName: "Amina Njoya", terminal: "counter-1", at: t)
    #expect(handover.phraseMessage.text(.fr) == "Amina Njoya (amina.n) le 20/11/2026 09:30 au poste counter-1")
    #expect(handover.phrase == "Amina Njoya (amina.n) on 2026-11-20 09:30 at counter-1")
    #expect(
      HandoverFacts(staffLogin: nil, staffName: nil, terminal: "", at: t).phraseMessage.text(.fr)
        == "un membre du personnel non enregistré le 20/11/2026 09:30")
  }

  /// The grammar's reasons keep their facts typed: positions and bytes in hex in both languages,
  /// the scanned text shown only by the scan log's rule.
  @Test func thePayloadGrammarsReasonsInFrench() {
    func fr(_ text: String) -> String? {
      guard case .failure(let e) = ScanPayload.parse(text) else { return nil }
      return e.message.text(.fr)
    }
    #expect(fr("") == "code vide")
    #expect(fr("PRODUCT:\t12") == "caractère de contrôle 0x09 (tabulation) en position 9")
    #expect(fr("PRODUCT:1\u{1F}") == "caractère de contrôle 0x1F en position 10")
    #expect(fr("ORDER:12:ÀBCDEF") == "pas de l'ASCII simple (octet 0xC3 en position 10)")
    #expect(fr("PRODUCT:12 ") == "espace en position 11 (un code VGK n'a pas d'espace)")
    #expect(fr("order:1:ABCDEF") == "le type s'écrit en majuscules (ORDER, pas 'order')")
    #expect(fr("ABCDEFGHIJKLMNOPQRSTUVWXYZ:1") == "type inconnu '***' (attendu\u{00A0}: ORDER, PRODUCT ou INVENTORY)")
    #expect(fr("ORDER:1") == "ORDER demande un numéro de commande et un code de retrait (ORDER:numéro:code), reçu 1 champ")
    #expect(fr("PRODUCT:1:2") == "PRODUCT prend un seul numéro de produit (PRODUCT:numéro), reçu 2 champs")
    #expect(fr("ORDER:012:ABCDEF") == "le numéro de commande commence par un zéro ou vaut zéro")
    #expect(fr("INVENTORY:") == "le numéro de mouvement est vide")
    #expect(fr("ORDER:1:ABC") == "le code de retrait doit compter de 6 à 10 caractères, ici 3")
    #expect(fr("ORDER:1:abcdef") == "le code de retrait ne peut contenir que des chiffres et des majuscules A-Z")
    #expect(fr(String(repeating: "A", count: 1000)) == "le code fait 1000 octets, plus que les 64 qu'un code VGK peut faire")
    if case .failure(let e) = ScanPayload.product(id: 1).expecting(.order) {
      #expect(e.message.text(.fr) == "c'est un code produit, pas un code de commande")
    }
    // A pickup code is never in a reason, in either language.
    for text in ["ORDER:1:SECRET1X\u{0}", "ORDER:1:SECRET1X ", "ORDER:SECRET1X", "SECRET1X:1"] {
      guard case .failure(let e) = ScanPayload.parse(text) else { continue }
      #expect(!e.message.text(.fr).contains("SECRET") && !e.reason.contains("SECRET"), "\(text)")
    }
  }

  @Test func everyOtherScanRefusalReadsInFrench() {
    #expect(ScanRefusal.noCode(Message(.scanNoQRInPhoto)).message.text(.fr) == "Pas de code\u{00A0}: aucun code QR trouvé sur la photo.")
    #expect(
      ScanRefusal.duplicate(Message(.scanSamePhotoAs, .text("processed/IMG_1.jpg"))).message.text(.fr)
        == "Photo en double\u{00A0}: la même photo que processed/IMG_1.jpg.")
    #expect(ScanRefusal.notFound(Message(.scanNoProduct, .id(424_242))).message.text(.fr) == "Introuvable\u{00A0}: aucun produit 424242 au catalogue.")
    #expect(ScanRefusal.notFound(Message(.scanNoProduct, .id(424_242))).description == "Not found: no product 424242 in the catalogue.")
    let role = PickupRefusal(orderID: 1, .notAllowed(Message(.prefixed, .text("solange.e"), .message(Access.refusal(.supervisor, .handOver)))))
    #expect(
      role.message.text(.fr)
        == "Non autorisé\u{00A0}: solange.e\u{00A0}: un superviseur ne peut pas remettre des commandes ou les refuser (voir ROLES dans vgk-staff(1)).")
    #expect(role.description == "Not allowed: solange.e: a supervisor may not hand orders over or refuse them (see ROLES in vgk-staff(1)).")
  }
}
