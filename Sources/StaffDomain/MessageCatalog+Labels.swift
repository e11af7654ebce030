/// The words printed on labels, in the point's language (`lang`): the pickup slip, the shelf
/// label, the transfer slip, and the label command's warning.
extension MessageCode {
  public static let labelOrder = MessageCode("label.order")
  public static let labelShelf = MessageCode("label.shelf")
  public static let labelNoShelf = MessageCode("label.no_shelf")
  public static let labelHoldUntil = MessageCode("label.hold_until")
  public static let labelProduct = MessageCode("label.product")
  public static let labelTransfer = MessageCode("label.transfer")
  public static let labelRoute = MessageCode("label.route")
  public static let labelItem = MessageCode("label.item")
  public static let labelCode = MessageCode("label.code")
  public static let labelCodeWithheld = MessageCode("label.code_withheld")
  public static let labelMissingGlyphs = MessageCode("label.missing_glyphs")
}

extension MessageCatalog {
  static let labels: [MessageCode: Texts] = [
    // {0} the order.
    .labelOrder: ("Order {0}", "Commande {0}"),
    // {0} the location's code.
    .labelShelf: ("Shelf {0}", "Étagère {0}"),
    .labelNoShelf: ("No shelf yet", "Pas encore d’étagère"),
    // {0} the date and time the order is kept until.
    .labelHoldUntil: ("Hold until {0}", "Garder jusqu’au {0}"),
    // {0} the product, {1} its category.
    .labelProduct: ("PRODUCT {0} – {1}", "PRODUIT {0} – {1}"),
    .labelTransfer: ("Transfer {0}", "Transfert {0}"),
    // {0} the sending point, {1} the receiving one.
    .labelRoute: ("{0} → {1}", "{0} → {1}"),
    // {0} the quantity, {1} the product, {2} its title.
    .labelItem: ("{0} × {1} {2}", "{0} × {1} {2}"),
    // A label's payload written out in plain text.
    .labelCode: ("Code: {0}", "Code : {0}"),
    .labelCodeWithheld: ("(pickup code not printed in text)", "(code de retrait non imprimé en texte)"),
    // {0} how many characters, {1} their code points.
    .labelMissingGlyphs: (
      "the label font has no glyph for {0|this character|these characters} ({1}): printed as �",
      "la police des étiquettes n’a pas {0|ce caractère|ces caractères} ({1}) : imprimé{0||s} en �"
    ),
  ]
}
