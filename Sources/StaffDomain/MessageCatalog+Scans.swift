/// The words of scans: the QR payload grammar's reasons (`PayloadError`), the answers to a scan
/// (`ScanRefusal`) and the pickup rules' refusals (`PickupRefusal`). The English texts are the
/// ones the scan log and `--json` have always written; the French ones are what the counter reads.
///
/// A pickup refusal says nothing about whether an order exists before the right code is shown,
/// in either language: "la commande {0}" after a wrong code names the number that was scanned.
extension MessageCatalog {
  static let scans: [MessageCode: Texts] = [
    // The payload grammar.
    .payloadEmpty: ("empty code", "code vide"),
    .payloadTooLong: (
      "code is {0} {0|byte|bytes}, longer than the {1} a VGK code can be",
      "le code fait {0} {0|octet|octets}, plus que les {1} qu'un code VGK peut faire"
    ),
    .payloadNotASCII: ("not plain ASCII (byte {0} at position {1})", "pas de l'ASCII simple (octet {0} en position {1})"),
    .payloadControl: ("control character {0} at position {1}", "caractère de contrôle {0} en position {1}"),
    .payloadControlNamed: ("control character {0} ({1}) at position {2}", "caractère de contrôle {0} ({1}) en position {2}"),
    .payloadSpace: ("space at position {0} (a VGK code has no spaces)", "espace en position {0} (un code VGK n'a pas d'espace)"),
    .payloadNoSeparator: ("no ':' separator, not a VGK code", "pas de séparateur ':', ce n'est pas un code VGK"),
    .payloadNoKind: (
      "no kind before the first ':' (expected ORDER, PRODUCT or INVENTORY)",
      "pas de type avant le premier ':' (attendu : ORDER, PRODUCT ou INVENTORY)"
    ),
    .payloadKindCase: ("kind must be upper case ({0}, not '{1}')", "le type s'écrit en majuscules ({0}, pas '{1}')"),
    .payloadUnknownKind: (
      "unknown kind '{0}' (expected ORDER, PRODUCT or INVENTORY)",
      "type inconnu '{0}' (attendu : ORDER, PRODUCT ou INVENTORY)"
    ),
    .payloadOrderFields: (
      "ORDER needs an order id and a pickup code (ORDER:id:code), got {0} {0|field|fields}",
      "ORDER demande un numéro de commande et un code de retrait (ORDER:numéro:code), reçu {0} {0|champ|champs}"
    ),
    .payloadProductFields: (
      "PRODUCT takes one product id (PRODUCT:id), got {0} {0|field|fields}",
      "PRODUCT prend un seul numéro de produit (PRODUCT:numéro), reçu {0} {0|champ|champs}"
    ),
    .payloadInventoryFields: (
      "INVENTORY takes one movement id (INVENTORY:id), got {0} {0|field|fields}",
      "INVENTORY prend un seul numéro de mouvement (INVENTORY:numéro), reçu {0} {0|champ|champs}"
    ),
    .payloadIDEmpty: ("{0} is empty", "{0} est vide"),
    .payloadIDTooLong: ("{0} has more than 12 digits", "{0} a plus de 12 chiffres"),
    .payloadIDNotDecimal: ("{0} is not a decimal number", "{0} n'est pas un nombre décimal"),
    .payloadIDLeadingZero: ("{0} has a leading zero or is zero", "{0} commence par un zéro ou vaut zéro"),
    .payloadCodeLength: ("{0} must be 6 to 10 characters, got {1}", "{0} doit compter de 6 à 10 caractères, ici {1}"),
    .payloadCodeAlphabet: (
      "{0} may hold only digits and capital letters A-Z", "{0} ne peut contenir que des chiffres et des majuscules A-Z"
    ),
    .payloadWrongKind: ("this is {0}, not {1}", "c'est {0}, pas {1}"),
    .fieldOrderID: ("order id", "le numéro de commande"),
    .fieldProductID: ("product id", "le numéro de produit"),
    .fieldMovementID: ("movement id", "le numéro de mouvement"),
    .fieldPickupCode: ("pickup code", "le code de retrait"),
    .kindOrder: ("an order code", "un code de commande"),
    .kindProduct: ("a product code", "un code produit"),
    .kindInventory: ("an inventory code", "un code d'inventaire"),
    .charNUL: ("NUL", "NUL"),
    .charTab: ("tab", "tabulation"),
    .charLineFeed: ("line feed", "saut de ligne"),
    .charCarriageReturn: ("carriage return", "retour chariot"),
    .charEscape: ("escape", "échappement"),
    .charDEL: ("DEL", "DEL"),

    // The answers to a scan.
    .scanUnreadable: ("Unreadable image: {0}.", "Image illisible : {0}."),
    .scanNoCode: ("No code: {0}.", "Pas de code : {0}."),
    .scanNoQRInImage: ("no QR code found in the image", "aucun code QR trouvé sur l'image"),
    .scanNoQRInPhoto: ("no QR code found in the photo", "aucun code QR trouvé sur la photo"),
    .scanDuplicate: ("Duplicate photo: {0}.", "Photo en double : {0}."),
    .scanSamePhotoAs: ("the same photo as {0}", "la même photo que {0}"),
    .scanMalformed: ("Not a VGK code: {0}.", "Pas un code VGK : {0}."),
    .scanWrongKind: ("Wrong kind of code: {0}.", "Mauvais type de code : {0}."),
    .scanNotFound: ("Not found: {0}.", "Introuvable : {0}."),
    .scanNoProduct: ("no product {0} in the catalogue", "aucun produit {0} au catalogue"),
    .scanNoMovement: (
      "no stock movement {0} (nor a transfer slip announced to this point)",
      "aucun mouvement de stock {0} (ni bordereau de transfert annoncé à ce point)"
    ),

    // The pickup rules.
    .pickupCodeLockedUntil: (
      "Code not accepted: wrong pickup code or unknown order number. Order number {0} is now locked until {1} after repeated wrong codes.",
      "Code refusé : mauvais code de retrait ou numéro de commande inconnu. La commande {0} est maintenant bloquée jusqu'au {1} après des codes faux répétés."
    ),
    .pickupCodeLockedForSupervisor: (
      "Code not accepted: wrong pickup code or unknown order number. Order number {0} is now locked until a supervisor unlocks it (too many wrong codes).",
      "Code refusé : mauvais code de retrait ou numéro de commande inconnu. La commande {0} est maintenant bloquée jusqu'à ce qu'un superviseur la débloque (trop de codes faux)."
    ),
    .pickupCodeTriesTimed: (
      "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: {0} more wrong {0|code locks|codes lock} order number {1} for {2} {2|minute|minutes}.",
      "Code refusé : mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client : encore {0} {0|code faux bloque|codes faux bloquent} la commande {1} pendant {2} {2|minute|minutes}."
    ),
    .pickupCodeTriesSupervisor: (
      "Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: {0} more wrong {0|code locks|codes lock} order number {1} until a supervisor unlocks it.",
      "Code refusé : mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client : encore {0} {0|code faux bloque|codes faux bloquent} la commande {1} jusqu'à ce qu'un superviseur la débloque."
    ),
    .pickupLockedUntil: (
      "Order number {0} is locked after repeated wrong codes until {1}: try again then, or ask a supervisor to unlock it.",
      "La commande {0} est bloquée après des codes faux répétés jusqu'au {1} : réessayez à ce moment-là, ou demandez à un superviseur de la débloquer."
    ),
    .pickupLockedForSupervisor: (
      "Order number {0} is locked after too many wrong codes: a supervisor must unlock it (vgk-staff orders unlock {0}).",
      "La commande {0} est bloquée après trop de codes faux : un superviseur doit la débloquer (vgk-staff orders unlock {0})."
    ),
    .pickupAlreadyHandedOver: (
      "Already handed over: order {0} was handed over by {1}. Do not hand anything over.",
      "Déjà remise : la commande {0} a été remise par {1}. Ne rien remettre."
    ),
    .handoverWhoWhen: ("{0} on {1}", "{0} le {1}"),
    .handoverWhoWhenWhere: ("{0} on {1} at {2}", "{0} le {1} au poste {2}"),
    .handoverUnrecordedStaff: ("an unrecorded staff member", "un membre du personnel non enregistré"),
    .pickupNotHereYet: (
      "Not here yet: order {0} has not arrived at the point.", "Pas encore là : la commande {0} n'est pas encore arrivée au point."
    ),
    .pickupNotOnShelf: (
      "Not ready yet: order {0} has arrived but is not on a shelf yet (status {1}).",
      "Pas encore prête : la commande {0} est arrivée mais n'est pas encore sur une étagère (statut : {1})."
    ),
    .pickupReturned: (
      "Returned: order {0} was not collected in time and went back to the seller ({1}).",
      "Retournée : la commande {0} n'a pas été retirée à temps et est repartie chez le vendeur ({1})."
    ),
    .pickupCancelled: (
      "Cancelled: order {0} was cancelled ({1}). Do not hand anything over.",
      "Annulée : la commande {0} a été annulée ({1}). Ne rien remettre."
    ),
    .pickupHoldExpired: (
      "Hold period over: order {0} was to be collected by {1}; it goes back to the seller (vgk-staff orders expire).",
      "Délai de garde dépassé : la commande {0} devait être retirée avant le {1} ; elle repart chez le vendeur (vgk-staff orders expire)."
    ),
    .pickupNotConfirmed: ("Not confirmed: {0}. Scan the customer's code again.", "Non confirmé : {0}. Scannez de nouveau le code du client."),
    .pickupScanNotVerified: ("scan {0} is not a verified code of order {1}", "le scan {0} n'est pas un code vérifié de la commande {1}"),
    .pickupCodeReplaced: (
      "the pickup code of order {0} was replaced after scan {1} checked it: scan the new code",
      "le code de retrait de la commande {0} a été remplacé après sa vérification par le scan {1} : scannez le nouveau code"
    ),
    .pickupCheckTooOld: (
      "the code was checked at {0}, not within the last {1} {1|minute|minutes}",
      "le code a été vérifié le {0}, il y a plus de {1} {1|minute|minutes}"
    ),
    .pickupNotAllowed: ("Not allowed: {0}.", "Non autorisé : {0}."),
    .pickupStock: (
      "Not handed over: {0}. Count the shelf and correct the stock first.",
      "Non remise : {0}. Comptez l'étagère et corrigez d'abord le stock."
    ),

    // A demo's login screen.
    .demoAccounts: ("Demo: {0}", "Démo : {0}"),
    .demoTryPickup: ("Try a pickup: {0} (press s, then type it)", "Essayez un retrait : {0} (touche s, puis tapez-le)"),
  ]
}

extension MessageCode {
  // The payload grammar.
  public static let payloadEmpty = MessageCode("payload.empty")
  /// {0} the code's length in bytes, {1} the most a code may have.
  public static let payloadTooLong = MessageCode("payload.too_long")
  /// {0} the byte in hex (`0xC3`), {1} its position from 1.
  public static let payloadNotASCII = MessageCode("payload.not_ascii")
  /// {0} the byte in hex, {1} its position.
  public static let payloadControl = MessageCode("payload.control")
  /// {0} the byte in hex, {1} its name (a `char.*` message), {2} its position.
  public static let payloadControlNamed = MessageCode("payload.control_named")
  /// {0} the position.
  public static let payloadSpace = MessageCode("payload.space")
  public static let payloadNoSeparator = MessageCode("payload.no_separator")
  public static let payloadNoKind = MessageCode("payload.no_kind")
  /// {0} the kind in upper case, {1} as scanned.
  public static let payloadKindCase = MessageCode("payload.kind_case")
  /// {0} the first field as the scan log may show it.
  public static let payloadUnknownKind = MessageCode("payload.unknown_kind")
  /// {0} the number of fields after the kind.
  public static let payloadOrderFields = MessageCode("payload.order_fields")
  public static let payloadProductFields = MessageCode("payload.product_fields")
  public static let payloadInventoryFields = MessageCode("payload.inventory_fields")
  /// {0} the field (a `field.*` message).
  public static let payloadIDEmpty = MessageCode("payload.id_empty")
  public static let payloadIDTooLong = MessageCode("payload.id_too_long")
  public static let payloadIDNotDecimal = MessageCode("payload.id_not_decimal")
  public static let payloadIDLeadingZero = MessageCode("payload.id_leading_zero")
  /// {0} the field, {1} the length found.
  public static let payloadCodeLength = MessageCode("payload.code_length")
  public static let payloadCodeAlphabet = MessageCode("payload.code_alphabet")
  /// {0} the kind scanned, {1} the kind expected (`kind.*` messages).
  public static let payloadWrongKind = MessageCode("payload.wrong_kind")
  public static let fieldOrderID = MessageCode("field.order_id")
  public static let fieldProductID = MessageCode("field.product_id")
  public static let fieldMovementID = MessageCode("field.movement_id")
  public static let fieldPickupCode = MessageCode("field.pickup_code")
  public static let kindOrder = MessageCode("kind.order")
  public static let kindProduct = MessageCode("kind.product")
  public static let kindInventory = MessageCode("kind.inventory")
  public static let charNUL = MessageCode("char.nul")
  public static let charTab = MessageCode("char.tab")
  public static let charLineFeed = MessageCode("char.line_feed")
  public static let charCarriageReturn = MessageCode("char.carriage_return")
  public static let charEscape = MessageCode("char.escape")
  public static let charDEL = MessageCode("char.del")

  // The answers to a scan.
  /// {0} the image decoder's own words (technical, as the decoder wrote them).
  public static let scanUnreadable = MessageCode("scan.unreadable")
  /// {0} a `scan.no_qr_*` message.
  public static let scanNoCode = MessageCode("scan.no_code")
  public static let scanNoQRInImage = MessageCode("scan.no_qr_in_image")
  public static let scanNoQRInPhoto = MessageCode("scan.no_qr_in_photo")
  /// {0} a `scan.same_photo_as` message.
  public static let scanDuplicate = MessageCode("scan.duplicate")
  /// {0} where the earlier photo went (`processed/NAME`).
  public static let scanSamePhotoAs = MessageCode("scan.same_photo_as")
  /// {0} the grammar's reason (a `payload.*` message).
  public static let scanMalformed = MessageCode("scan.malformed")
  public static let scanWrongKind = MessageCode("scan.wrong_kind")
  /// {0} what was not found (`scan.no_product`, `scan.no_movement`).
  public static let scanNotFound = MessageCode("scan.not_found")
  public static let scanNoProduct = MessageCode("scan.no_product")
  public static let scanNoMovement = MessageCode("scan.no_movement")

  // The pickup rules.
  /// {0} the order number, {1} the lock's end (`.time`).
  public static let pickupCodeLockedUntil = MessageCode("pickup.code_refused_locked_until")
  /// {0} the order number.
  public static let pickupCodeLockedForSupervisor = MessageCode("pickup.code_refused_locked_for_supervisor")
  /// {0} wrong codes left, {1} the order number, {2} the lock's length in minutes.
  public static let pickupCodeTriesTimed = MessageCode("pickup.code_refused_tries_timed")
  /// {0} wrong codes left, {1} the order number.
  public static let pickupCodeTriesSupervisor = MessageCode("pickup.code_refused_tries_supervisor")
  /// {0} the order number, {1} the lock's end.
  public static let pickupLockedUntil = MessageCode("pickup.locked_until")
  /// {0} the order number.
  public static let pickupLockedForSupervisor = MessageCode("pickup.locked_for_supervisor")
  /// {0} the order number, {1} who handed it over and when (`handover.*`).
  public static let pickupAlreadyHandedOver = MessageCode("pickup.already_handed_over")
  /// {0} who, {1} when; with {2} the terminal.
  public static let handoverWhoWhen = MessageCode("handover.who_when")
  public static let handoverWhoWhenWhere = MessageCode("handover.who_when_where")
  public static let handoverUnrecordedStaff = MessageCode("handover.unrecorded_staff")
  /// {0} the order number.
  public static let pickupNotHereYet = MessageCode("pickup.not_here_yet")
  /// {0} the order number, {1} its status (`.word(.orderStatus, …)`).
  public static let pickupNotOnShelf = MessageCode("pickup.not_on_shelf")
  /// {0} the order number, {1} when.
  public static let pickupReturned = MessageCode("pickup.returned")
  public static let pickupCancelled = MessageCode("pickup.cancelled")
  /// {0} the order number, {1} the end of its hold.
  public static let pickupHoldExpired = MessageCode("pickup.hold_expired")
  /// {0} why (`pickup.scan_not_verified`, `pickup.code_replaced`, `pickup.check_too_old`).
  public static let pickupNotConfirmed = MessageCode("pickup.not_confirmed")
  /// {0} the scan, {1} the order number.
  public static let pickupScanNotVerified = MessageCode("pickup.scan_not_verified")
  /// {0} the order number, {1} the scan.
  public static let pickupCodeReplaced = MessageCode("pickup.code_replaced")
  /// {0} when the code was checked, {1} the window in minutes.
  public static let pickupCheckTooOld = MessageCode("pickup.check_too_old")
  /// {0} why (the login and the role table's refusal).
  public static let pickupNotAllowed = MessageCode("pickup.not_allowed")
  /// {0} the ledger's refusal (a store message).
  public static let pickupStock = MessageCode("pickup.stock")

  // A demo's login screen.
  /// {0} the accounts with their secrets and roles.
  public static let demoAccounts = MessageCode("demo.accounts")
  /// {0} a payload that works now.
  public static let demoTryPickup = MessageCode("demo.try_pickup")
}
