import StaffDomain

extension StockPane {
  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let zoomed = state.showingFeed ? state.feed.zoomed : state.pane.zoomed
    let (list, detail) = Layout.panes(size, zoomed: zoomed)
    if !zoomed && list.height > 1 {
      var head = state.showingFeed ? s[.stockFeedTitle] : s[.stockProductsTitle]
      if let open = state.count { head += "   " + s(.countOpenLine, String(open.id), open.locations.joined(separator: ", "), String(open.entries)) }
      screen.put(head.clipped(to: list.width - 1), row: list.row, column: list.column + 1, role: state.count == nil ? .muted : .warning)
      let table = Area(row: list.row + 1, column: list.column, width: list.width, height: list.height - 1)
      if state.showingFeed {
        let columns = Columns(columns: [
          .init(title: s[.colTime], width: 11), .init(title: s[.colType], width: 10), .init(title: s[.colQuantity], width: 5, right: true),
          .init(title: s[.colProduct], width: nil), .init(title: s[.colWhere], width: 16), .init(title: s[.detailBy], width: 9),
        ])
        PaneDrawing.list(
          state.feed, columns: columns, rows: state.feed.visible(feedText), area: table, screen: &screen, strings: s,
          empty: s[.emptyList],
          cells: { m in
            [(s.when(m.at, now: c.now), .muted), (s.name(m.type), m.reverses == nil ? .normal : .warning), (String(m.quantity), .normal),
             ("\(m.productID) \(m.productTitle)", .normal), ((m.from ?? "·") + "→" + (m.to ?? "·"), .normal), (m.staff ?? "-", .muted)]
          })
      } else {
        let columns = Columns(columns: [
          .init(title: s[.colProduct], width: nil), .init(title: s[.colCategory], width: 14),
          .init(title: s[.colQuantity], width: 5, right: true), .init(title: s[.colWhere], width: 16),
          .init(title: s[.colPrice], width: 13, right: true),
        ])
        PaneDrawing.list(
          state.pane, columns: columns, rows: state.pane.visible(text), area: table, screen: &screen, strings: s,
          empty: s[.emptyList],
          cells: { r in
            let quantity = r.isLow ? "\(r.total) " + s[.lowStock] : String(r.total)
            return [("\(r.productID) \(r.title)", .normal), (r.category, .muted), (quantity, r.isLow ? .warning : .normal),
                    (r.locations.map(\.location).joined(separator: " "), .normal), (s.money(r.price), .muted)]
          })
      }
      PaneDrawing.divider(size, screen: &screen)
    }
    var w = DetailWriter(detail)
    if let prompt = state.prompt, !isTyping(prompt) {
      question(prompt, state: state, writer: &w, screen: &screen, context: c)
      w.skip()
    }
    if state.showingFeed {
      guard let m = state.feed.selectedItem else { return }
      movementDetail(m, writer: &w, screen: &screen, strings: s)
    } else {
      guard let r = state.pane.selectedItem else { return }
      productDetail(r, history: state.history[r.productID], writer: &w, screen: &screen, context: c)
    }
  }

  static func isTyping(_ p: Prompt) -> Bool {
    if case .text = p { return true }
    return false
  }

  static func productDetail(_ r: StockRecord, history: [MovementView]?, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    w.line(s(.detailProduct, String(r.productID)) + "   " + r.title, .title, screen: &screen)
    w.field(s[.detailCategory], r.category, screen: &screen)
    w.field(s[.detailPrice], s.money(r.price), screen: &screen)
    var total = r.locations.isEmpty ? s[.detailNowhere] : s(.detailInAll, String(r.total))
    if let t = r.threshold { total += "   " + s(.threshold, String(t)) }
    w.field(s[.detailStock], total, r.isLow ? .warning : .normal, screen: &screen)
    for line in r.locations.prefix(6) {
      w.field("  " + line.location, "\(line.quantity)  (\(s.name(line.kind)))", screen: &screen)
    }
    guard let history else {
      w.line(s[.detailLoading], .muted, screen: &screen)
      return
    }
    guard !history.isEmpty else { return }
    w.skip()
    w.line(s[.lastMovements], .muted, screen: &screen)
    for m in history {
      w.line(
        "\(s.when(m.at, now: c.now))  \(s.name(m.type)) \(m.quantity)  \(m.from ?? "·")→\(m.to ?? "·")  \(m.staff ?? "")",
        m.reverses == nil ? .normal : .warning, screen: &screen)
    }
  }

  static func movementDetail(_ m: MovementView, writer w: inout DetailWriter, screen: inout Screen, strings s: Strings) {
    w.line(s(.detailMovement, String(m.id)) + "   " + s.name(m.type), .title, screen: &screen)
    w.field(s[.detailProduct].replacingOccurrences(of: " {0}", with: ""), "\(m.productID) \(m.productTitle)", screen: &screen)
    w.field(s[.detailQuantity], String(m.quantity), screen: &screen)
    w.field(s[.detailFrom], m.from ?? "-", screen: &screen)
    w.field(s[.detailTo], m.to ?? "-", screen: &screen)
    w.field(s[.detailBy], m.staff ?? "-", screen: &screen)
    w.field(s[.created], s.dateTime(m.at), .muted, screen: &screen)
    if let o = m.orderID { w.field(s[.orderLabel], String(o), screen: &screen) }
    if let r = m.reverses { w.field(s[.detailReverses], "#\(r)", .warning, screen: &screen) }
    if let reason = m.reason {
      w.field(s[.detailReason], "", screen: &screen)
      w.wrapped(reason, .normal, indent: 2, screen: &screen)
    }
  }

  /// The type picker or the y/n, above the detail.
  static func question(_ p: Prompt, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    func key(_ a: Action) -> String { c.keymap.keys(for: a, in: .stock).first.map(s.keyName) ?? "?" }
    switch p {
    case .moveType(let product, let index):
      w.line(s(.chooseMovementType, String(product)), .warning, screen: &screen)
      for (i, t) in MovementType.allCases.enumerated() {
        w.line("  \(i + 1)  \(s.name(t))", i == index ? .selected : .normal, screen: &screen)
      }
      w.line(s(.chooseHint, String(MovementType.allCases.count)), .muted, screen: &screen)
    case .confirm(let command):
      w.ask(describe(command, strings: s), keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .text:
      break
    }
  }

  static func describe(_ command: StockCommand, strings s: Strings) -> String {
    switch command {
    case .move(let type, let product, let quantity, let from, let to, let reason):
      return s(.confirmMove, s.name(type), String(quantity), String(product), from ?? "·", to ?? "·") + (reason.map { " (\($0))" } ?? "")
    case .reverse(let m, let reason): return s(.confirmReverse, String(m), reason)
    case .send(let to, let product, let quantity, let from): return s(.confirmSend, String(quantity), String(product), to, from)
    case .receive(let slip, let into): return s(.confirmReceive, "INVENTORY:\(slip)", into)
    case .openCount(let locations): return locations.joined(separator: ", ")
    case .count(_, let product, let quantity): return "\(product) \(quantity.map(String.init) ?? "+1")"
    case .closeCount(let id): return s(.confirmCloseCount, String(id))
    }
  }

  /// The prompt of the text being typed, for the message line.
  static func typingPrompt(_ state: State, strings s: Strings) -> (String, TextField)? {
    guard case .text(let which, let f)? = state.prompt else { return nil }
    let label: String
    switch which {
    case .quantity(let d):
      label = s(StockPane.goesEitherWay(d.type) ? .askSignedQuantity : .askQuantity, s.name(d.type), String(d.product))
    case .from: label = s[.askFrom]
    case .to: label = s[.askTo]
    case .reason: label = s[.askReason]
    case .reverseReason(let m): label = s(.askReverseReason, String(m))
    case .destination: label = s[.askDestination]
    case .sendQuantity(let p, let to): label = s(.askSendQuantity, String(p), to)
    case .sendFrom: label = s[.askFrom]
    case .slip: label = s[.askSlip]
    case .into: label = s[.askInto]
    case .countLocations: label = s[.askCountLocations]
    case .countQuantity(_, let p): label = s(.askCountQuantity, String(p))
    }
    return (label, f)
  }
}
