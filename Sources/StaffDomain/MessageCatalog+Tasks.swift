/// The titles and details of the tasks the program makes (the task rules, the marketplace's feed,
/// the end of a hold), and the names of the rules that make them. A task keeps its title as a
/// message, so each reader sees it in their own language; a title typed by a person has none
/// and stays as typed.
extension MessageCatalog {
  static let tasks: [MessageCode: Texts] = [
    .taskReceiveOrder: ("Receive order {0} ({1} {1|item|items})", "Réceptionner la commande {0} ({1} {1|article|articles})"),
    .taskReceiveTransfer: (
      "Receive transfer {0} from {1} ({2} {2|item|items})", "Réceptionner le transfert {0} venant de {1} ({2} {2|article|articles})"
    ),
    .taskHandOver: ("Hand over order {0}{1}", "Remettre la commande {0}{1}"),
    .taskCount: ("Count {0}: {1} left (threshold {2})", "Compter {0} : {1} {1|restant|restants} (seuil {2})"),
    .taskTicket: ("Ticket {0}: {1}", "Ticket {0} : {1}"),
    .taskReturnCancelled: (
      "Return order {0} to the seller: cancelled by the marketplace{1}",
      "Renvoyer la commande {0} au vendeur : annulée par la place de marché{1}"
    ),
    .taskReturnMarked: (
      "Return order {0} to the seller: marked returned by the marketplace{1}",
      "Renvoyer la commande {0} au vendeur : déclarée retournée par la place de marché{1}"
    ),
    .taskReturnExpired: (
      "Return order {0} to the seller: not collected by {1}{2}", "Renvoyer la commande {0} au vendeur : non retirée avant le {1}{2}"
    ),
    .taskOrderConflict: (
      "Order {0} was cancelled by the marketplace after its handover here",
      "Commande {0} annulée par la place de marché après sa remise ici"
    ),
    .taskShelf: (" (shelf {0})", " (étagère {0})"),

    .taskDetailsReceiveOrder: (
      "Announced by the marketplace: check the parcel in and put it on a shelf.",
      "Annoncée par la place de marché : enregistrez le colis à son arrivée et rangez-le sur une étagère."
    ),
    .taskDetailsReceiveTransfer: (
      "Scan the transfer slip when the goods arrive.", "Scannez le bordereau du transfert à l'arrivée de la marchandise."
    ),
    .taskDetailsHandOver: (
      "Put the parcel on its shelf; once the order is ready the task waits for the buyer, and the handover closes it.",
      "Rangez le colis sur son étagère ; une fois la commande prête, la tâche attend l'acheteur, et la remise la clôt."
    ),
    .taskDetailsCount: (
      "Below its low-stock threshold: count it and tell the marketplace.",
      "Sous son seuil de stock bas : comptez-le et prévenez la place de marché."
    ),
    .taskDetailsReturn: (
      "Take the parcel off its shelf and send it back; the marketplace refunds the buyer.",
      "Retirez le colis de son étagère et renvoyez-le ; la place de marché rembourse l'acheteur."
    ),
    .taskDetailsConflict: (
      "Handed over{0}; cancelled by the marketplace on {1}. The handover stands: settle the refund or the seller's payment with the marketplace.",
      "Remise{0} ; annulée par la place de marché le {1}. La remise est acquise : réglez le remboursement ou le paiement du vendeur avec la place de marché."
    ),
    .taskHandedOn: (" on {0}", " le {0}"),
    .taskHandedBy: (" by {0}", " par {0}"),
    .taskHandedOnBy: (" on {0} by {1}", " le {0} par {1}"),

    .taskSourceOrderReceive: ("rule: order announced ({0})", "règle : commande annoncée ({0})"),
    .taskSourceTransferReceive: ("rule: transfer on its way ({0})", "règle : transfert en route ({0})"),
    .taskSourceOrderPickup: ("rule: order at the point ({0})", "règle : commande au point ({0})"),
    .taskSourceOrderReturn: ("rule: order to return ({0})", "règle : commande à renvoyer ({0})"),
    .taskSourceOrderConflict: ("rule: cancelled after its handover ({0})", "règle : annulée après sa remise ({0})"),
    .taskSourceLowStock: ("rule: low stock ({0})", "règle : stock bas ({0})"),
    .taskSourceTicket: ("rule: ticket to answer ({0})", "règle : ticket à traiter ({0})"),
    .taskSourceSchedule: ("schedule {0}", "planning {0}"),

    .taskReasonOrderEnded: ("the order was {0}", "la commande a été {0}"),
    .taskReasonTransferCancelled: ("the transfer was cancelled", "le transfert a été annulé"),
    .taskReasonNotCollected: ("order returned: not collected by {0}", "commande retournée : non retirée avant le {0}"),
  ]
}

extension MessageCode {
  /// Order {0}, with {1} items.
  public static let taskReceiveOrder = MessageCode("task.receive_order")
  /// Transfer {0} from point {1}, with {2} items.
  public static let taskReceiveTransfer = MessageCode("task.receive_transfer")
  /// Order {0}; {1} is `taskShelf` or empty text.
  public static let taskHandOver = MessageCode("task.hand_over")
  /// Product title {0}, {1} left, threshold {2}.
  public static let taskCount = MessageCode("task.count")
  /// Ticket {0}, its subject {1} (as the customer wrote it).
  public static let taskTicket = MessageCode("task.ticket")
  /// Order {0}; {1} is `taskShelf` or empty text.
  public static let taskReturnCancelled = MessageCode("task.return_cancelled")
  public static let taskReturnMarked = MessageCode("task.return_marked")
  /// Order {0}, its hold's end {1}; {2} is `taskShelf` or empty text.
  public static let taskReturnExpired = MessageCode("task.return_expired")
  /// Order {0}.
  public static let taskOrderConflict = MessageCode("task.order_conflict")
  /// A shelf {0}, after a title.
  public static let taskShelf = MessageCode("task.shelf")

  public static let taskDetailsReceiveOrder = MessageCode("task.details.receive_order")
  public static let taskDetailsReceiveTransfer = MessageCode("task.details.receive_transfer")
  public static let taskDetailsHandOver = MessageCode("task.details.hand_over")
  public static let taskDetailsCount = MessageCode("task.details.count")
  public static let taskDetailsReturn = MessageCode("task.details.return")
  /// {0}: `taskHandedOn`, `taskHandedBy`, `taskHandedOnBy` or empty text; {1}: when it was cancelled.
  public static let taskDetailsConflict = MessageCode("task.details.conflict")
  public static let taskHandedOn = MessageCode("task.handed_on")
  public static let taskHandedBy = MessageCode("task.handed_by")
  public static let taskHandedOnBy = MessageCode("task.handed_on_by")

  /// The rules that make tasks, by their source key's first part; {0} is the rest of the key.
  public static let taskSourceOrderReceive = MessageCode("task.source.order_receive")
  public static let taskSourceTransferReceive = MessageCode("task.source.transfer_receive")
  public static let taskSourceOrderPickup = MessageCode("task.source.order_pickup")
  public static let taskSourceOrderReturn = MessageCode("task.source.order_return")
  public static let taskSourceOrderConflict = MessageCode("task.source.order_conflict")
  public static let taskSourceLowStock = MessageCode("task.source.low_stock")
  public static let taskSourceTicket = MessageCode("task.source.ticket")
  public static let taskSourceSchedule = MessageCode("task.source.schedule")

  /// Why the rules cancelled a task (kept as English text in `cancel_reason`, recognised when shown).
  public static let taskReasonOrderEnded = MessageCode("task.reason.order_ended")
  public static let taskReasonTransferCancelled = MessageCode("task.reason.transfer_cancelled")
  public static let taskReasonNotCollected = MessageCode("task.reason.not_collected")
}

/// The titles of the tasks the program makes, as messages.
public enum TaskTitle {
  /// ` (shelf C-04-2)` after a title, or nothing.
  static func onShelf(_ code: String?) -> MessageArg { code.map { .message(Message(.taskShelf, .text($0))) } ?? .text("") }

  public static func receiveOrder(_ order: Int64, items: Int64) -> Message { Message(.taskReceiveOrder, .id(order), .count(items)) }

  public static func receiveTransfer(_ transfer: Int64, from point: String, items: Int64) -> Message {
    Message(.taskReceiveTransfer, .id(transfer), .text(point), .count(items))
  }

  public static func handOver(_ order: Int64, shelf: String?) -> Message { Message(.taskHandOver, .id(order), onShelf(shelf)) }

  /// A product's title is cut to 60 characters, so the task's title stays within 120.
  public static func count(_ product: String, left: Int64, threshold: Int64) -> Message {
    Message(.taskCount, .text(String(product.prefix(60))), .count(left), .count(threshold))
  }

  /// The subject is cut to 80 characters.
  public static func ticket(_ ticket: Int64, subject: String) -> Message { Message(.taskTicket, .id(ticket), .text(String(subject.prefix(80)))) }

  /// The marketplace cancelled (or marked returned) an order that was at the point.
  public static func returnToSeller(_ order: Int64, cancelled: Bool, shelf: String?) -> Message {
    Message(cancelled ? .taskReturnCancelled : .taskReturnMarked, .id(order), onShelf(shelf))
  }

  /// An order's hold ended before anyone collected it.
  public static func returnExpired(_ order: Int64, holdUntil: Timestamp, shelf: String?) -> Message {
    Message(.taskReturnExpired, .id(order), .time(holdUntil), onShelf(shelf))
  }

  public static func orderConflict(_ order: Int64) -> Message { Message(.taskOrderConflict, .id(order)) }

  public static func conflictDetails(handedAt: Timestamp?, by login: String?, cancelledAt: Timestamp) -> Message {
    let handed: MessageArg =
      switch (handedAt, login) {
      case (let at?, let login?): .message(Message(.taskHandedOnBy, .time(at), .text(login)))
      case (let at?, nil): .message(Message(.taskHandedOn, .time(at)))
      case (nil, let login?): .message(Message(.taskHandedBy, .text(login)))
      case (nil, nil): .text("")
      }
    return Message(.taskDetailsConflict, handed, .time(cancelledAt))
  }

  /// The rule or schedule a source key names (`order-pickup:1042`), as a message; nil for a key of
  /// no known rule (shown as it is).
  public static func source(_ key: String) -> Message? {
    guard let colon = key.firstIndex(of: ":") else { return nil }
    let code: MessageCode
    switch key[..<colon] {
    case "order-receive": code = .taskSourceOrderReceive
    case "transfer-receive": code = .taskSourceTransferReceive
    case "order-pickup": code = .taskSourceOrderPickup
    case "order-return": code = .taskSourceOrderReturn
    case "order-conflict": code = .taskSourceOrderConflict
    case "low-stock": code = .taskSourceLowStock
    case "ticket": code = .taskSourceTicket
    case "schedule": code = .taskSourceSchedule
    default: return nil
    }
    return Message(code, .text(String(key[key.index(after: colon)...])))
  }

  /// A cancel reason the task rules wrote (`the order was cancelled`, `order returned: not
  /// collected by 2026-11-22 09:00`) as a message; nil for a reason a person typed, shown as typed.
  public static func ruleReason(_ text: String) -> Message? {
    switch text {
    case "the order was cancelled", "the order was returned":
      return Message(.taskReasonOrderEnded, .word(.orderStatus, String(text.dropFirst("the order was ".count))))
    case "the transfer was cancelled": return Message(.taskReasonTransferCancelled)
    default: break
    }
    let prefix = "order returned: not collected by "
    guard text.hasPrefix(prefix) else { return nil }
    let when = text.dropFirst(prefix.count)
    guard when.count == 16, case .success(let t) = Timestamp.parse(String(when.map { $0 == " " ? "T" : $0 }) + ":00+01:00") else {
      return nil
    }
    return Message(.taskReasonNotCollected, .time(t))
  }

  /// A cancel reason in `language`: the rules' own in words, a typed one as typed.
  public static func reason(_ text: String, _ language: Language) -> String { ruleReason(text)?.text(language) ?? text }

  /// The messages the program makes titles and details with, each with sample arguments (the
  /// catalog's tests render every one in both languages).
  public static let samples: [Message] = [
    receiveOrder(1_040_026, items: 1), receiveOrder(1_040_026, items: 3),
    receiveTransfer(4, from: "DLA-BALI", items: 1), receiveTransfer(4, from: "DLA-BALI", items: 12),
    handOver(1_040_005, shelf: "C-04-2"), handOver(1_040_005, shelf: nil),
    count("Téléphone Tecno Spark 10", left: 1, threshold: 5), count("Téléphone Tecno Spark 10", left: 0, threshold: 5),
    count("Téléphone Tecno Spark 10", left: 2, threshold: 5),
    ticket(7, subject: "Colis abîmé"),
    returnToSeller(1_040_011, cancelled: true, shelf: "B-02-1"), returnToSeller(1_040_011, cancelled: false, shelf: nil),
    returnExpired(1_040_012, holdUntil: Timestamp(seconds: 1_763_625_600), shelf: "A-01-3"),
    orderConflict(1_040_001),
    Message(.taskDetailsReceiveOrder), Message(.taskDetailsReceiveTransfer), Message(.taskDetailsHandOver),
    Message(.taskDetailsCount), Message(.taskDetailsReturn),
    conflictDetails(handedAt: Timestamp(seconds: 1_763_625_600), by: "amina.n", cancelledAt: Timestamp(seconds: 1_763_629_200)),
    conflictDetails(handedAt: Timestamp(seconds: 1_763_625_600), by: nil, cancelledAt: Timestamp(seconds: 1_763_629_200)),
    conflictDetails(handedAt: nil, by: "amina.n", cancelledAt: Timestamp(seconds: 1_763_629_200)),
    conflictDetails(handedAt: nil, by: nil, cancelledAt: Timestamp(seconds: 1_763_629_200)),
  ] + ["order-receive:1", "transfer-receive:4", "order-pickup:1", "order-return:1", "order-conflict:1:7", "low-stock:100001:903",
       "ticket:7", "schedule:cleaning:1763625600"].compactMap(source)
    + ["the order was cancelled", "the order was returned", "the transfer was cancelled",
       "order returned: not collected by 2026-11-22 09:00"].compactMap(ruleReason)
}
