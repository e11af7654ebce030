import StaffDomain

/// The stock, read-only until the inventory issue: products held, those under their low-stock
/// threshold first, each with where it is.
public enum StockPane {
  public struct State: Sendable, Equatable {
    public var pane = PaneList<StockRecord>()
    public init() {}
  }

  static func text(_ r: StockRecord) -> String {
    ([String(r.productID), r.title, r.category] + r.locations.map(\.location)).joined(separator: " ")
  }

  static func update(_ state: inout State, action: Action, context c: PaneContext) -> PaneOutcome {
    state.pane.navigate(action, page: c.page, text) ? PaneOutcome() : .unhandled
  }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    let columns = Columns(columns: [
      .init(title: s[.colProduct], width: nil), .init(title: s[.colCategory], width: 14),
      .init(title: s[.colQuantity], width: 5, right: true), .init(title: s[.colWhere], width: 16),
      .init(title: s[.colPrice], width: 13, right: true),
    ])
    if !state.pane.zoomed {
      PaneDrawing.list(
        state.pane, columns: columns, rows: state.pane.visible(text), area: list, screen: &screen, strings: s,
        empty: s[.emptyList],
        cells: { r in
          let quantity = r.isLow ? "\(r.total) " + s[.lowStock] : String(r.total)
          return [("\(r.productID) \(r.title)", .normal), (r.category, .muted), (quantity, r.isLow ? .warning : .normal),
                  (r.locations.map(\.location).joined(separator: " "), .normal), (s.money(r.price), .muted)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let r = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    w.line(s(.detailProduct, String(r.productID)) + "   " + r.title, .title, screen: &screen)
    w.field(s[.detailCategory], r.category, screen: &screen)
    w.field(s[.detailPrice], s.money(r.price), screen: &screen)
    var total = r.locations.isEmpty ? s[.detailNowhere] : s(.detailInAll, String(r.total))
    if let t = r.threshold { total += "   " + s(.threshold, String(t)) }
    w.field(s[.detailStock], total, r.isLow ? .warning : .normal, screen: &screen)
    for line in r.locations.prefix(max(1, w.area.height - 6)) {
      w.field("  " + line.location, "\(line.quantity)  (\(s.name(line.kind)))", screen: &screen)
    }
    w.skip()
    w.line(s[.readOnly], .muted, screen: &screen)
  }
}
