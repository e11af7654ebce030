/// What `vgk-staff scan` prints for a scan, in the reader's language. The first word of each
/// block names what was scanned; scripts read `--json`, whose fields do not change.
extension MessageCode {
  /// {0} order, {1} who and when (a handover's phrase), {2} the scan.
  public static let scanOutHandedOver = MessageCode("scan_out.handed_over")
  /// {0} order.
  public static let scanOutOrder = MessageCode("scan_out.order")
  /// {0} a field's name, {1} its value: one aligned line of a block.
  public static let scanOutCustomer = MessageCode("scan_out.customer")
  public static let scanOutShelf = MessageCode("scan_out.shelf")
  public static let scanOutHoldUntil = MessageCode("scan_out.hold_until")
  public static let scanOutTotal = MessageCode("scan_out.total")
  public static let scanOutStock = MessageCode("scan_out.stock")
  /// {0} the scan.
  public static let scanOutNotYet = MessageCode("scan_out.not_yet")
  /// {0} product, {1} title, {2} price, {3} condition (`.word(.itemCondition…)`), {4} category.
  public static let scanOutProduct = MessageCode("scan_out.product")
  public static let scanOutNoStock = MessageCode("scan_out.no_stock")
  /// {0} the places and quantities, {1} the total.
  public static let scanOutStockAt = MessageCode("scan_out.stock_at")
  /// {0} movement, {1} type, {2} quantity, {3} product, {4} title, {5} from, {6} to, {7} when.
  public static let scanOutMovement = MessageCode("scan_out.movement")
  public static let scanOutOutside = MessageCode("scan_out.outside")
  /// {0} who.
  public static let scanOutBy = MessageCode("scan_out.by")
  /// {0} order.
  public static let scanOutForOrder = MessageCode("scan_out.for_order")
  /// {0} transfer, {1} from, {2} when, {3} its state (`.state`).
  public static let scanOutTransfer = MessageCode("scan_out.transfer")
  /// {0} the command that receives it.
  public static let scanOutReceiveIt = MessageCode("scan_out.receive_it")
  /// {0} the refusal.
  public static let scanOutRefused = MessageCode("scan_out.refused")
}

extension MessageCatalog {
  static let scanOutput: [MessageCode: Texts] = [
    .scanOutHandedOver: ("HANDED OVER  order {0} by {1} (scan {2}).", "REMISE  commande {0} par {1} (scan {2})."),
    .scanOutOrder: (
      "ORDER {0}  the code is right: hand it over once you have found the parcel",
      "COMMANDE {0}  le code est bon : remettez-la une fois le colis trouvé"
    ),
    .scanOutCustomer: ("  Customer    {0}", "  Client      {0}"),
    .scanOutShelf: ("  Shelf       {0}", "  Étagère     {0}"),
    .scanOutHoldUntil: ("  Hold until  {0}", "  Garde       {0}"),
    .scanOutTotal: ("  Total       {0}", "  Total       {0}"),
    .scanOutStock: ("  Stock       {0}", "  Stock       {0}"),
    .scanOutNotYet: (
      "  Not handed over yet: scan again with --confirm to hand it over (scan {0}).",
      "  Pas encore remise : scannez à nouveau avec --confirm pour la remettre (scan {0})."
    ),
    .scanOutProduct: ("PRODUCT {0}  {1}  {2} ({3}, {4})", "PRODUIT {0}  {1}  {2} ({3}, {4})"),
    .scanOutNoStock: ("none at this point", "aucun à ce point"),
    .scanOutStockAt: ("{0} ({1} in all)", "{0} ({1} en tout)"),
    .scanOutMovement: (
      "MOVEMENT {0}  {1} {2} x product {3} {4}  {5} -> {6}  on {7}",
      "MOUVEMENT {0}  {1} {2} x produit {3} {4}  {5} -> {6}  le {7}"
    ),
    .scanOutOutside: ("outside", "extérieur"),
    .scanOutBy: (" by {0}", " par {0}"),
    .scanOutForOrder: (" for order {0}", " pour la commande {0}"),
    .scanOutTransfer: ("TRANSFER {0}  from {1}, sent {2} ({3})", "TRANSFERT {0}  de {1}, envoyé le {2} ({3})"),
    .scanOutReceiveIt: ("  Receive it: {0}", "  Pour le recevoir : {0}"),
    .scanOutRefused: ("REFUSED  {0}", "REFUSÉ  {0}"),
  ]
}
