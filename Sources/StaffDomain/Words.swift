/// The words of the domain's fixed vocabularies in both languages, keyed by the raw value the
/// database stores. The console's vocabularies and the messages' `.word` arguments read them.
public enum Words {
  public typealias Table = [String: (en: String, fr: String)]

  /// The table of a vocabulary.
  public static func table(_ vocabulary: Vocabulary) -> Table {
    switch vocabulary {
    case .taskType: taskTypes
    case .priority: priorities
    case .taskStatus: taskStatuses
    case .ticketStatus: ticketStatuses
    case .ticketCategory: ticketCategories
    case .role: roles
    case .orderStatus: orderStatuses
    case .scanSource: sources
    case .refusalReason: refusalReasons
    case .waitingReason: waitingReasons
    case .movementType: movementTypes
    case .permission: permissions
    case .auditFamily: auditFamilies
    case .channel: channels
    case .locationKind: locationKinds
    case .outcome: outcomes
    case .itemCondition: itemConditions
    }
  }

  /// A word in a language; an unknown key shows as itself with spaces for underscores.
  public static func word(_ vocabulary: Vocabulary, _ key: String, _ language: Language) -> String {
    word(key, table(vocabulary), language)
  }

  public static func word(_ key: String, _ table: Table, _ language: Language) -> String {
    guard let entry = table[key] else { return String(key.map { $0 == "_" ? " " : $0 }) }
    // French words get French spacing ("Bon code : à remettre" with a no-break space).
    return language == .fr ? Typography.frenchSpacing(entry.fr) : entry.en
  }


  public static let taskTypes: Table = [
    "STOCK_RECEIVE": ("receive stock", "réception"), "INVENTORY_COUNT": ("stock count", "inventaire"),
    "ORDER_PICKUP": ("order pickup", "retrait"), "CUSTOMER_SERVICE": ("customer service", "service client"),
    "CLEANING": ("cleaning", "nettoyage"), "REPORTING": ("reporting", "rapport"),
  ]
  public static let priorities: Table = [
    "URGENT": ("urgent", "urgente"), "HIGH": ("high", "haute"), "MEDIUM": ("medium", "moyenne"), "LOW": ("low", "basse"),
  ]
  public static let taskStatuses: Table = [
    "open": ("open", "ouverte"), "in_progress": ("in progress", "en cours"), "waiting": ("waiting", "en attente"),
    "done": ("done", "faite"), "cancelled": ("cancelled", "annulée"),
  ]
  public static let ticketStatuses: Table = [
    "new": ("new", "nouveau"), "open": ("open", "ouvert"), "waiting_customer": ("waiting for customer", "attente client"),
    "resolved": ("resolved", "résolu"), "closed": ("closed", "fermé"),
  ]
  public static let ticketCategories: Table = [
    "missing_item": ("missing item", "article manquant"), "damaged": ("damaged", "endommagé"),
    "wrong_item": ("wrong item", "mauvais article"), "late": ("late", "en retard"),
    "payment_refund": ("payment, refund", "paiement, remboursement"), "other": ("other", "autre"),
  ]
  public static let roles: Table = [
    "clerk": ("clerk", "agent"), "supervisor": ("supervisor", "superviseur"), "admin": ("admin", "administrateur"),
  ]
  public static let orderStatuses: Table = [
    "expected": ("expected", "attendue"), "received": ("received", "reçue"), "ready": ("ready", "prête"),
    "picked_up": ("picked up", "remise"), "returned": ("returned", "retournée"), "cancelled": ("cancelled", "annulée"),
  ]
  public static let sources: Table = [
    "camera": ("camera", "caméra"), "scanner": ("scanner", "lecteur"), "cli": ("command", "commande"),
  ]
  public static let refusalReasons: Table = [
    "wrong_person": ("not the buyer", "pas l'acheteur"), "parcel_not_found": ("parcel not found", "colis introuvable"),
    "parcel_damaged": ("parcel damaged", "colis abîmé"), "customer_declined": ("customer declined", "le client renonce"),
    "other": ("other reason", "autre motif"),
  ]
  public static let waitingReasons: Table = [
    "customer": ("customer", "client"), "supplier": ("supplier", "fournisseur"), "other_staff": ("other staff", "collègue"),
  ]
  public static let movementTypes: Table = [
    "RECEIVE": ("receive", "réception"), "PICK": ("pick", "retrait"), "RETURN": ("return", "retour"),
    "DAMAGE": ("damage", "casse"), "ADJUSTMENT": ("adjustment", "ajustement"), "TRANSFER": ("transfer", "transfert"),
  ]
  public static let permissions: Table = [
    "read": ("read lists", "lire les listes"), "scan": ("process scans", "traiter les scans"),
    "handOver": ("hand orders over or refuse them", "remettre ou refuser des commandes"),
    "unlockOrder": ("unlock orders", "débloquer des commandes"), "workTask": ("work on tasks", "travailler sur les tâches"),
    "manageTask": ("add, assign or cancel tasks", "ajouter, attribuer ou annuler des tâches"),
    "changeStock": ("change stock", "modifier le stock"), "setThreshold": ("set stock thresholds", "fixer les seuils de stock"),
    "workTicket": ("work on tickets", "traiter les tickets"), "noteTicket": ("note on tickets", "annoter les tickets"),
    "assignTicket": ("assign tickets", "attribuer les tickets"), "revealPhone": ("reveal phone numbers", "afficher les numéros"),
    "readTeam": ("see the team's figures", "voir les chiffres de l'équipe"), "readAudit": ("read the audit trail", "lire le journal d'audit"),
    "manageStaff": ("manage staff", "gérer le personnel"), "unlockAccount": ("unlock accounts", "débloquer des comptes"),
    "importData": ("import data", "importer des données"), "printLabels": ("print labels", "imprimer des étiquettes"),
  ]
  /// The audit view's families of actions (`AuditFamily`).
  public static let auditFamilies: Table = [
    "order": ("orders, handovers", "commandes, remises"), "task": ("tasks", "tâches"), "stock": ("stock, counts", "stock, inventaires"),
    "transfer": ("transfers", "transferts"), "ticket": ("tickets", "tickets"), "staff": ("staff, logins", "personnel, connexions"),
    "import": ("imports", "imports"), "print": ("labels, printing", "étiquettes, impression"), "system": ("the point, keys", "le point, les clés"),
  ]
  public static let channels: Table = [
    "counter": ("counter", "comptoir"), "phone": ("phone", "téléphone"), "sms": ("SMS", "SMS"), "whatsapp": ("WhatsApp", "WhatsApp"),
    "email": ("email", "e-mail"),
  ]
  public static let locationKinds: Table = [
    "shelf": ("shelf", "étagère"), "back_room": ("back room", "réserve"), "in_transit": ("in transit", "en transit"),
    "counter": ("counter", "comptoir"),
  ]
  /// The words `scans.outcome` holds, as headlines.
  public static let outcomes: Table = [
    "verified": ("Right code: hand it over", "Bon code : à remettre"), "shown": ("Shown", "Affiché"),
    "code_refused": ("Code not accepted", "Code refusé"), "locked": ("Locked", "Bloquée"),
    "already_picked_up": ("Already handed over", "Déjà remise"), "not_ready": ("Not ready", "Pas prête"),
    "returned": ("Returned to the seller", "Retournée au vendeur"), "cancelled": ("Cancelled", "Annulée"),
    "hold_expired": ("Hold period over", "Délai de garde dépassé"), "not_verified": ("Not confirmed", "Non confirmé"),
    "not_allowed": ("Not allowed", "Non autorisé"), "stock_mismatch": ("Stock mismatch", "Stock incohérent"),
    "unreadable": ("Unreadable photo", "Photo illisible"), "no_code": ("No code in the photo", "Pas de code sur la photo"),
    "duplicate": ("Same photo again", "Photo en double"), "rejected": ("Not a VGK code", "Pas un code VGK"),
    "wrong_kind": ("Wrong kind of code", "Mauvais type de code"), "not_found": ("Not found", "Introuvable"),
  ]
  /// A second-hand item's condition (`ItemCondition`), as the shelf label says it.
  public static let itemConditions: Table = [
    "new": ("new", "neuf"), "like_new": ("like new", "très bon état"), "good": ("good condition", "bon état"),
    "fair": ("fair condition", "état correct"),
  ]
}

/// The vocabularies a message may name a word of.
public enum Vocabulary: String, Sendable, Codable, CaseIterable {
  case taskType, priority, taskStatus, ticketStatus, ticketCategory, role, orderStatus, scanSource, refusalReason
  case waitingReason, movementType, permission, auditFamily, channel, locationKind, outcome
  case itemCondition
}
