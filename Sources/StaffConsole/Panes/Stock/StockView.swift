import Foundation
import StaffDomain

extension StockPane {
  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    if case .closePreview(let preview, let changed, let top)? = state.prompt {
      closePreview(preview, changed: changed, top: top, area: Layout.body(size), screen: &screen, context: c)
      return
    }
    let blind = c.blind
    let zoomed = state.showingFeed ? state.feed.zoomed : state.pane.zoomed
    let (list, detail) = Layout.panes(size, zoomed: zoomed)
    if !zoomed && list.height > 1 {
      var head = state.showingFeed ? s[.stockFeedTitle] : s[.stockProductsTitle]
      if let open = state.count { head += "   " + s(.countOpenLine, .id(open.id), .text(open.locations.joined(separator: ", ")), .count(Int64(open.entries))) }
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
            [(s.when(m.at, now: c.now), .muted), (s.name(m.type), m.reverses == nil ? .normal : .warning), (quantity(m, blind, s), .normal),
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
            var quantity = r.isLow ? s.number(r.total) + " " + s[.lowStock] : s.number(r.total)
            var role: StyleRole = r.isLow ? .warning : .normal
            if let outside = outsideCount(r, blind) {
              // Blind: what is at the counted locations is not shown, nor whether it is low.
              quantity = outside > 0 ? s.number(outside) + "+…" : "…"
              role = .muted
            }
            return [("\(r.productID) \(r.title)", .normal), (r.category, .muted), (quantity, role),
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
      movementDetail(m, blind: blind, writer: &w, screen: &screen, strings: s)
    } else {
      guard let r = state.pane.selectedItem else { return }
      productDetail(r, history: state.history[r.productID], blind: blind, writer: &w, screen: &screen, context: c)
    }
  }

  /// The locations of the count open here: while it is open the console is blind there (no
  /// quantity the ledger holds there is shown, nor a movement's, which would tell it).
  static func blind(_ state: State) -> Set<String> { Set(state.count?.locations ?? []) }

  /// What the product has outside the counted locations, when it has some at one of them (nil
  /// when nothing of it is being counted).
  static func outsideCount(_ r: StockRecord, _ blind: Set<String>) -> Int64? {
    let hidden = r.locations.filter { blind.contains($0.location) }
    guard !hidden.isEmpty else { return nil }
    return r.total - hidden.reduce(0) { $0 + $1.quantity }
  }

  /// A movement's quantity, or `…` when it went in or out of a counted location.
  static func quantity(_ m: MovementView, _ blind: Set<String>, _ s: Strings) -> String {
    [m.from, m.to].contains { $0.map(blind.contains) ?? false } ? "…" : s.number(m.quantity)
  }

  static func isTyping(_ p: Prompt) -> Bool {
    if case .text = p { return true }
    return false
  }

  static func productDetail(
    _ r: StockRecord, history: [MovementView]?, blind: Set<String> = [], writer w: inout DetailWriter, screen: inout Screen,
    context c: PaneContext
  ) {
    let s = c.strings
    w.line(s(.detailProduct, String(r.productID)) + "   " + r.title, .title, screen: &screen)
    w.field(s[.detailCategory], r.category, screen: &screen)
    w.field(s[.detailPrice], s.money(r.price), screen: &screen)
    let outside = outsideCount(r, blind)
    var total = r.locations.isEmpty ? s[.detailNowhere] : outside.map { $0 > 0 ? s(.detailOutsideCount, .count($0)) : s[.countingMarker] } ?? s(.detailInAll, .count(r.total))
    if let t = r.threshold { total += "   " + s(.threshold, .count(t)) }
    w.field(s[.detailStock], total, r.isLow && outside == nil ? .warning : .normal, screen: &screen)
    for line in r.locations.prefix(6) {
      if blind.contains(line.location) {
        w.field("  " + line.location, s[.countingMarker] + "  (\(s.name(line.kind)))", .muted, screen: &screen)
      } else {
        w.field("  " + line.location, s.number(line.quantity) + "  (\(s.name(line.kind)))", screen: &screen)
      }
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
        "\(s.when(m.at, now: c.now))  \(s.name(m.type)) \(quantity(m, blind, s))  \(m.from ?? "·")→\(m.to ?? "·")  \(m.staff ?? "")",
        m.reverses == nil ? .normal : .warning, screen: &screen)
    }
  }

  static func movementDetail(
    _ m: MovementView, blind: Set<String> = [], writer w: inout DetailWriter, screen: inout Screen, strings s: Strings
  ) {
    w.line(s(.detailMovement, String(m.id)) + "   " + s.name(m.type), .title, screen: &screen)
    w.field(s[.detailProduct].replacingOccurrences(of: " {0}", with: ""), "\(m.productID) \(m.productTitle)", screen: &screen)
    let shown = quantity(m, blind, s)
    w.field(s[.detailQuantity], shown == "…" ? s[.countingMarker] : shown, shown == "…" ? .muted : .normal, screen: &screen)
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
    func key(_ a: Action) -> String { c.key(a, in: .stock) }
    switch p {
    case .moveType(let product, let index):
      w.line(s(.chooseMovementType, String(product)), .warning, screen: &screen)
      for (i, t) in MovementType.allCases.enumerated() {
        w.line("  \(i + 1)  \(s.name(t))", i == index ? .selected : .normal, screen: &screen)
      }
      w.line(s(.chooseHint, String(MovementType.allCases.count)), .muted, screen: &screen)
    case .confirm(let command):
      w.ask(describe(command, strings: s), keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .checkingLocations(_, _, let codes):
      w.line(s(.checkingLocations, codes.joined(separator: ", ")), .muted, screen: &screen)
    case .newLocations(_, _, _, let new):
      w.ask(
        s(new.count == 1 ? .newLocationQuestion : .newLocationsQuestion, new.joined(separator: ", ")),
        keys: s(.newLocationKeys, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .previewingClose(let count):
      w.line(s(.previewingClose, String(count)), .muted, screen: &screen)
    case .confirmNothingCounted(let p):
      let off = p.writeOff
      w.ask(
        s(.nothingCountedQuestion, .id(p.countID), .count(Int64(off.units)), .count(Int64(off.products))),
        keys: s(.nothingCountedKeys, key(.confirm), key(.decline)), .warning, screen: &screen)
    case .text, .closePreview:
      break
    }
  }

  /// What closing a count posts, over the whole pane: each product counted (counted, expected,
  /// the difference), then what nobody counted (written off), from line `top`; the keys last.
  static func closePreview(_ p: CountPreview, changed: Bool, top: Int, area: Area, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    func key(_ a: Action) -> String { c.key(a, in: .stock) }
    var row = area.row
    screen.put(
      s(.closePreviewTitle, String(p.countID), p.locations.joined(separator: ", ")).clipped(to: area.width - 1), row: row, column: 1,
      role: .title)
    row += 1
    if changed {
      screen.put(s[.countChangedMessage].clipped(to: area.width - 1), row: row, column: 1, role: .warning)
      row += 1
    }
    let columns = Columns(columns: [
      .init(title: s[.colLocation], width: 12), .init(title: s[.colProduct], width: nil), .init(title: s[.colCounted], width: 8, right: true),
      .init(title: s[.colExpected], width: 8, right: true), .init(title: s[.colDifference], width: 7, right: true),
    ])
    let inner = Area(row: row, column: area.column + 1, width: area.width - 2, height: 0)
    columns.header(row: row, in: inner, screen: &screen)
    row += 1
    enum Row {
      case line(CountPreview.Line, counted: Bool)
      case heading(String)
      case note(String)
    }
    // A single item brought from elsewhere says so on a line of its own (a cell would clip it).
    var rows: [Row] = p.counted.flatMap { l in [Row.line(l, counted: true)] + (l.from.map { [.note(s(.previewMovedFrom, $0))] } ?? []) }
    if !p.uncounted.isEmpty { rows += [.heading(s[.previewUncounted])] + p.uncounted.map { .line($0, counted: false) } }
    if rows.isEmpty { rows = [.heading(s[.previewNothing])] }
    // Two rows stay for the summary and the keys.
    let room = max(1, area.row + area.height - 2 - row)
    let first = max(0, min(top, rows.count - room))
    for item in rows.dropFirst(first).prefix(room) {
      switch item {
      case .heading(let text):
        screen.put(text.clipped(to: inner.width), row: row, column: inner.column, role: .warning)
      case .note(let text):
        screen.put(text.clipped(to: inner.width - 13), row: row, column: inner.column + 13, role: .muted)
      case .line(let l, let counted):
        let product = "\(l.productID) \(l.title)"
        let difference = l.difference == 0 ? "0" : (l.difference > 0 ? "+" : "") + s.number(l.difference)
        columns.draw(
          [(l.location, .normal), (product, .normal), (counted ? s.number(l.counted) : "-", counted ? .normal : .muted),
           (s.number(l.expected), .normal), (difference, l.difference == 0 ? .muted : .warning)],
          row: row, in: inner, screen: &screen)
      }
      row += 1
    }
    let bottom = area.row + area.height - 2
    screen.put(s(.previewSummary, .count(Int64(p.differences))).clipped(to: area.width - 1), row: bottom, column: 1, role: .warning)
    screen.put(s(.previewKeys, key(.confirm), key(.decline)).clipped(to: area.width - 1), row: bottom + 1, column: 1, role: .warning)
    // The question y answers: post count N, as listed above.
    screen.question = s(.closePreviewTitle, String(p.countID), p.locations.joined(separator: ", ")) + " " + s(.previewSummary, .count(Int64(p.differences)))
      + " " + s(.previewKeys, key(.confirm), key(.decline))
  }

  static func describe(_ command: StockCommand, strings s: Strings) -> String {
    switch command {
    case .move(let type, let product, let quantity, let from, let to, let reason):
      return s(.confirmMove, .text(s.name(type)), .count(quantity), .id(product), .text(from ?? "·"), .text(to ?? "·")) + (reason.map { " (\($0))" } ?? "")
    case .reverse(let m, let reason): return s(.confirmReverse, String(m), reason)
    case .send(let to, let product, let quantity, let from): return s(.confirmSend, .count(quantity), .id(product), .text(to), .text(from))
    case .receive(let slip, let into): return s(.confirmReceive, "INVENTORY:\(slip)", into)
    case .openCount(let locations): return locations.joined(separator: ", ")
    case .count(_, let product, let quantity): return "\(product) " + (quantity.map(s.number) ?? "+1")
    case .closeCount(let id, _, _): return s(.confirmCloseCount, String(id))
    case .creating(let locations, let command): return describe(command, strings: s) + " " + s(.createsLocation, locations.joined(separator: ", "))
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
