/// The audit trail in words: its actions, what a row is about, and the before/after texts the
/// store writes (`open HIGH sla=7200`, `ready`, `failed=1 lifetime=3 locked_until=…`), whose
/// vocabulary keys, labels and times are put into the reader's language. Free text inside them
/// (a name, a reason someone typed) stays as written.
extension Words {
  /// Every action the store writes (`grep 'action' Sources/StaffStore`; a test checks each has
  /// words in both languages).
  public static let auditActions: Table = [
    // orders, scans, handovers
    "order.code_accepted": ("code accepted", "code accepté"), "order.code_refused": ("code refused", "code refusé"),
    "order.locked": ("order locked", "commande bloquée"), "order.locked_for_supervisor": ("locked, supervisor", "bloquée, superviseur"),
    "order.unlocked": ("order unlocked", "commande débloquée"), "order.handed_over": ("order handed over", "commande remise"),
    "order.handover_refused": ("handover refused", "remise refusée"), "order.code_replaced": ("code replaced", "code remplacé"),
    "order.conflict": ("cancelled after handover", "annulée après remise"), "order.expected": ("order announced", "commande annoncée"),
    "order.received": ("order received", "commande reçue"), "order.ready": ("order ready", "commande prête"),
    "order.picked_up": ("order picked up", "commande retirée"), "order.returned": ("order returned", "commande retournée"),
    "order.cancelled": ("order cancelled", "commande annulée"),
    // tasks
    "task.created": ("task created", "tâche créée"), "task.start": ("task started", "tâche commencée"),
    "task.wait": ("task waiting", "tâche en attente"), "task.resume": ("task resumed", "tâche reprise"),
    "task.done": ("task done", "tâche faite"), "task.cancel": ("task cancelled", "tâche annulée"),
    "task.assign": ("task assigned", "tâche attribuée"), "task.priority": ("priority changed", "priorité changée"),
    "task.escalated": ("late task escalated", "retard signalé"), "task.escalation_retried": ("escalation retried", "signalement relancé"),
    "task.escalation_failed": ("escalation failed", "signalement échoué"),
    // stock, counts
    "stock.move": ("stock movement", "mouvement de stock"), "stock.reverse": ("movement reversed", "mouvement annulé"),
    "stock.threshold": ("threshold set", "seuil fixé"), "count.opened": ("count opened", "inventaire ouvert"),
    "count.counted": ("item counted", "article compté"), "count.closed": ("count closed", "inventaire clos"),
    // transfers
    "transfer.sent": ("transfer sent", "transfert envoyé"), "transfer.received": ("transfer received", "transfert reçu"),
    "transfer.cancelled": ("transfer cancelled", "transfert annulé"), "transfer.confirmed": ("transfer confirmed", "transfert confirmé"),
    "transfer.announced": ("transfer announced", "transfert annoncé"),
    // tickets
    "ticket.opened": ("ticket opened", "ticket ouvert"), "ticket.note": ("note added", "note ajoutée"),
    "ticket.message_in": ("customer message", "message du client"), "ticket.reply": ("reply sent", "réponse envoyée"),
    "ticket.resolved": ("ticket resolved", "ticket résolu"), "ticket.closed": ("ticket closed", "ticket fermé"),
    "ticket.reopened": ("ticket reopened", "ticket rouvert"), "ticket.rated": ("ticket rated", "ticket noté"),
    "ticket.status": ("ticket status set", "statut du ticket"), "ticket.message": ("ticket message", "message du ticket"),
    "ticket.assigned": ("ticket assigned", "ticket attribué"), "ticket.phone_revealed": ("phone shown", "numéro affiché"),
    // staff, logins
    "staff.added": ("staff added", "agent ajouté"), "staff.changed": ("staff changed", "agent modifié"),
    "staff.secret_set": ("secret set", "secret défini"), "staff.login": ("logged in", "connexion"),
    "staff.unlocked": ("login unlocked", "connexion débloquée"), "logins.journal_made": ("login journal made", "journal des connexions créé"),
    "logins.journal_replaced": ("login journal replaced", "journal des connexions remplacé"),
    // imports
    "import.products": ("products imported", "produits importés"), "import.orders": ("orders imported", "commandes importées"),
    "import.staff": ("staff imported", "personnel importé"), "import.movements": ("movements imported", "mouvements importés"),
    // labels, printing
    "print.queued": ("label queued", "étiquette en file"), "print.reprinted": ("label reprinted", "étiquette réimprimée"),
    "print.interrupted": ("printing interrupted", "impression interrompue"), "print.printed": ("label printed", "étiquette imprimée"),
    "print.failed": ("printing failed", "impression échouée"), "print.cancelled": ("printing cancelled", "impression annulée"),
    "print.exported": ("label exported", "étiquette exportée"),
    // the point, keys, the link
    "point.init": ("point set up", "point créé"), "point.kind": ("point's kind set", "type de point fixé"),
    "keys.rotated": ("keys rotated", "clés renouvelées"), "personal_data.sealed": ("personal data sealed", "données personnelles scellées"),
    "camera.processed_removed": ("old photos removed", "anciennes photos supprimées"), "link.feed": ("marketplace feed", "flux de la place de marché"),
    "link.feed_refused": ("feed record refused", "enregistrement refusé"), "demo.build": ("demo built", "démo créée"),
    "demo.renew": ("demo renewed", "démo renouvelée"),
  ]

  /// What a row is about (`audit_log.entity`).
  public static let auditEntities: Table = [
    "order": ("order", "commande"), "orders": ("orders", "commandes"), "task": ("task", "tâche"), "movement": ("movement", "mouvement"),
    "ticket": ("ticket", "ticket"), "transfer": ("transfer", "transfert"), "file": ("file", "fichier"), "staff": ("staff", "agent"),
    "point": ("point", "point"), "print_job": ("print job", "impression"), "count": ("count", "inventaire"), "feed": ("feed", "flux"),
    "camera_folder": ("camera folder", "dossier photo"), "customers": ("customers", "clients"), "key": ("key", "clé"),
    "logins": ("logins", "connexions"), "fixtures": ("fixtures", "données de démo"), "product": ("product", "produit"),
    "category": ("category", "catégorie"), "pickup": ("pickup slip", "bon de retrait"), "shelf": ("shelf label", "étiquette d'étagère"),
  ]

  /// The labels of the `key=value` pairs in before/after texts.
  public static let auditLabels: Table = [
    "sla": ("SLA", "délai"), "paused": ("paused", "en pause"), "assignee": ("assignee", "attribuée à"),
    "waiting": ("waiting for", "attend"), "reason": ("reason:", "motif\u{00A0}:"), "scan": ("scan", "scan"), "movements": ("movements", "mouvements"),
    "return_task": ("return task", "tâche de retour"), "task": ("task", "tâche"), "hold_until": ("held until", "gardée jusqu'au"),
    "customer": ("customer", "client"), "session": ("session", "session"), "failed": ("failed", "échecs"),
    "lifetime": ("in all", "en tout"), "locked_until": ("locked until", "bloquée jusqu'au"), "removed": ("removed", "supprimées"),
    "processed_days": ("days kept", "jours gardés"),
    "added": ("added", "ajouts"), "updated": ("updated", "mises à jour"), "unchanged": ("unchanged", "sans changement"),
    "applied": ("applied", "appliqués"), "refused": ("refused", "refusés"), "conflicts": ("conflicts", "conflits"),
  ]

  /// Words the store writes bare in before/after texts, besides the vocabularies' keys.
  public static let auditTerms: Table = [
    "active": ("active", "actif"), "disabled": ("disabled", "désactivé"), "unlocked": ("unlocked", "débloquée"),
    "nobody": ("nobody", "personne"), "cleared": ("cleared", "effacé"), "locked_for_supervisor": ("locked for a supervisor", "bloquée pour un superviseur"),
  ]

  /// The reasons the task rules give in parentheses after a change (`(order picked up)`).
  public static let auditRuleReasons: Table = {
    var table: Table = [
      "order ready": ("order ready", "commande prête"), "ticket waiting": ("ticket waiting", "ticket en attente"),
      "customer answered": ("customer answered", "le client a répondu"), "order picked up": ("order picked up", "commande remise"),
    ]
    for (key, w) in orderStatuses { table["order " + key] = ("order " + w.en, "commande " + w.fr) }
    for (key, w) in ticketStatuses { table["ticket " + key] = ("ticket " + w.en, "ticket " + w.fr) }
    for (key, w) in ["received": ("received", "reçu"), "cancelled": ("cancelled", "annulé"), "sent": ("sent", "envoyé")] {
      table["transfer " + key] = ("transfer " + w.0, "transfert " + w.1)
    }
    return table
  }()
}

/// The audit trail's rows put into words.
public enum AuditWords {
  /// An action's words; an action this build does not know shows as it is.
  public static func action(_ action: String, _ language: Language) -> String {
    guard let w = Words.auditActions[action] else { return action }
    return language == .fr ? w.fr : w.en
  }

  /// `commande 1040005`.
  public static func subject(entity: String?, id: String?, _ language: Language) -> String {
    let what = entity.map { Words.auditEntities[$0].map { language == .fr ? $0.fr : $0.en } ?? $0 }
    return [what, id].compactMap { $0 }.joined(separator: " ")
  }

  /// The vocabularies whose keys a family of actions writes in its texts (`open` is a task's
  /// `ouverte` and a ticket's `ouvert`).
  static func tables(_ action: String) -> [Words.Table] {
    let family = action.split(separator: ".").first.map(String.init) ?? ""
    let own: [Words.Table] =
      switch family {
      case "task": [Words.taskTypes, Words.priorities, Words.taskStatuses, Words.waitingReasons]
      case "order": [Words.orderStatuses, Words.refusalReasons]
      case "ticket": [Words.ticketStatuses, Words.ticketCategories, Words.priorities]
      case "staff": [Words.roles]
      case "stock", "count", "import": [Words.movementTypes]
      case "print": [Words.auditEntities]
      default: []
      }
    return own + [Words.auditTerms]
  }

  /// A before/after text of a row of `action` in `language`.
  public static func change(_ text: String, action: String, _ language: Language) -> String {
    let tables = tables(action)
    var out = ""
    var rest = Substring(text)
    while let first = rest.first {
      // `reason=` holds typed text to the end.
      if rest.hasPrefix("reason="), let label = Words.auditLabels["reason"] {
        out += (language == .fr ? label.fr : label.en) + " " + TaskTitle.reason(String(rest.dropFirst(7)), language)
        break
      }
      // A rule's reason in parentheses, several words.
      if first == "(", let close = rest.firstIndex(of: ")"),
        let w = Words.auditRuleReasons[String(rest[rest.index(after: rest.startIndex)..<close])]
      {
        out += "(" + (language == .fr ? w.fr : w.en) + ")"
        rest = rest[rest.index(after: close)...]
        continue
      }
      if first == " " {
        out.append(first)
        rest = rest.dropFirst()
        continue
      }
      let end = rest.firstIndex(of: " ") ?? rest.endIndex
      out += word(String(rest[..<end]), tables, language)
      rest = rest[end...]
    }
    return out
  }

  /// One word: a vocabulary key, `key=value`, a time, or itself; a trailing `,` `;` or `)` and a
  /// leading `(` are kept around it.
  static func word(_ token: String, _ tables: [Words.Table], _ language: Language) -> String {
    var core = Substring(token)
    var head = "", tail = ""
    while let f = core.first, f == "(" { head.append(f); core = core.dropFirst() }
    while let l = core.last, l == "," || l == ";" || l == ")" || l == ":" { tail = String(l) + tail; core = core.dropLast() }
    guard !core.isEmpty else { return token }
    return head + value(String(core), tables, language) + tail
  }

  static func value(_ core: String, _ tables: [Words.Table], _ language: Language) -> String {
    for table in tables {
      if let w = table[core] { return language == .fr ? w.fr : w.en }
    }
    if core.count >= 20, case .success(let t) = Timestamp.parse(core) { return MessageArg.time(t).text(language) }
    if let eq = core.firstIndex(of: "="), let label = Words.auditLabels[String(core[..<eq])] {
      let key = String(core[..<eq])
      let raw = String(core[core.index(after: eq)...])
      let shown: String
      switch key {
      case "sla", "paused":
        shown = Int64(raw).map { MessageArg.minutes($0 / 60).text(language) } ?? raw
      default:
        shown = value(raw, tables, language)
      }
      return (language == .fr ? label.fr : label.en) + " " + shown
    }
    if core.hasPrefix("source="), let m = TaskTitle.source(String(core.dropFirst(7))) { return m.text(language) }
    return core
  }
}
