import StaffDomain

extension ScansPane {
  static func columns(_ s: Strings) -> Columns {
    Columns(columns: [
      .init(title: s[.colTime], width: 5), .init(title: s[.colFrom], width: 8), .init(title: s[.colCode], width: 24),
      .init(title: s[.colResult], width: nil),
    ])
  }

  /// What the list says of a scan, and in which role.
  static func result(_ scan: ScanRecord, state: State, strings s: Strings, now: Timestamp) -> (String, StyleRole) {
    if scan.outcome == "verified" {
      if let h = scan.handover { return (s(.handedOverShort, h.staffLogin ?? h.staffName ?? "?", s.when(h.at, now: now)), .muted) }
      if let d = scan.decision {
        return (s(.refusedShort, RefusalReason(rawValue: d.reason).map(s.name) ?? d.reason, d.staff ?? "?"), .warning)
      }
      if !awaitsHandover(scan, now: now) { return (s[.verifiedExpired], .muted) }
      if state.declined.contains(scan.id) { return (s.outcome("verified"), .normal) }
      return (s.outcome("verified"), .ok)
    }
    return (s.outcome(scan.outcome), role(scan.outcome))
  }

  static func role(_ outcome: String) -> StyleRole {
    switch outcome {
    case "verified": .ok
    case "shown": .normal
    case "code_refused", "locked", "already_picked_up", "cancelled", "returned", "not_allowed", "stock_mismatch": .error
    case "no_code", "duplicate": .muted
    default: .warning
    }
  }

  static func code(_ scan: ScanRecord) -> String { scan.payload ?? scan.fileName ?? "-" }

  static func render(_ state: State, into screen: inout Screen, context c: PaneContext, size: Size) {
    let s = c.strings
    let (list, detail) = Layout.panes(size, zoomed: state.pane.zoomed)
    if !state.pane.zoomed {
      let rows = state.pane.visible(text)
      let hint = c.keymap.keys(for: .scanInput, in: .scans).first.map(s.keyName) ?? "s"
      PaneDrawing.list(
        state.pane, columns: columns(s), rows: rows, area: list, screen: &screen, strings: s, empty: s(.emptyScans, hint),
        cells: { scan in
          let (text, role) = result(scan, state: state, strings: s, now: c.now)
          return [(s.shortWhen(scan.at, now: c.now), .muted), (s.name(scan.source), .muted), (code(scan), .normal), (text, role)]
        })
      PaneDrawing.divider(size, screen: &screen)
    }
    guard let scan = state.pane.selectedItem else { return }
    var w = DetailWriter(detail)
    drawDetail(scan, state: state, writer: &w, screen: &screen, context: c)
  }

  static func drawDetail(_ scan: ScanRecord, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    var (headline, role) = result(scan, state: state, strings: s, now: c.now)
    // What became of it is said in full under the detail; the headline stays short.
    if scan.outcome == "verified" && scan.handover != nil { headline = s[.handedOver] }
    if scan.outcome == "verified" && scan.handover == nil && scan.decision != nil { headline = s[.refusedHeadline] }
    switch state.details[scan.id] {
    case .order(let o)?:
      w.line(s(.detailOrder, String(o.id)) + "   " + headline, role == .normal ? .title : role, screen: &screen)
      w.field(s[.detailCustomer], o.customer, screen: &screen)
      w.field(s[.detailShelf], o.shelf ?? "-", .title, screen: &screen)
      if let until = o.holdUntil { w.field(s[.detailHoldUntil], s.dateTime(until), screen: &screen) }
      for item in o.items.prefix(max(1, w.area.height - 8)) {
        let price = s.money(item.lineTotal)
        let left = s.number(item.quantity) + " x " + item.title
        w.line(left.padded(to: max(1, w.area.width - price.count - 1)) + " " + price, screen: &screen)
      }
      if o.items.count > 1 { w.field(s[.detailTotal], s.money(o.total), screen: &screen) }
    case .product(let p)?:
      w.line(s(.detailProduct, String(p.id)) + "   " + p.title, .title, screen: &screen)
      w.field(s[.detailPrice], s.money(p.price), screen: &screen)
      w.field(s[.detailCategory], p.category, screen: &screen)
      // A count open here keeps the console blind at its locations, here too.
      let counting = p.stock.contains { c.blind.contains($0.location) }
      let total = p.stock.isEmpty ? s[.detailNowhere] : counting ? s[.countingMarker] : s(.detailInAll, .count(p.totalStock))
      w.field(s[.detailStock], total, counting ? .muted : .normal, screen: &screen)
      for line in p.stock.prefix(max(1, w.area.height - 6)) {
        let quantity = c.blind.contains(line.location) ? s[.countingMarker] : s.number(line.quantity)
        w.field("  " + line.location, "\(quantity)  (\(s.name(line.kind)))", screen: &screen)
      }
    case .movement(let m)?:
      w.line(s(.detailMovement, String(m.id)) + "   " + s.name(m.type), .title, screen: &screen)
      w.field(s[.productLabel], "\(m.productID) \(m.productTitle)", screen: &screen)
      let hidden = [m.from, m.to].contains { $0.map(c.blind.contains) ?? false }
      w.field(s[.detailQuantity], hidden ? s[.countingMarker] : s.number(m.quantity), hidden ? .muted : .normal, screen: &screen)
      w.field(s[.detailFrom], m.from ?? "-", screen: &screen)
      w.field(s[.detailTo], m.to ?? "-", screen: &screen)
      if let by = m.staff { w.field(s[.detailBy], by, screen: &screen) }
      if let reason = m.reason { w.field(s[.detailReason], reason, screen: &screen) }
      if let r = m.reverses { w.line(s(.detailReverses, String(r)), .muted, screen: &screen) }
      w.field(s[.colTime], s.dateTime(m.at), .muted, screen: &screen)
    case .transfer(let t)?:
      w.line(s(.transferFrom, String(t.id), t.from) + "   " + s.dateTime(t.sentAt), .title, screen: &screen)
      for line in t.lines.prefix(max(1, w.area.height - 5)) {
        w.line(s.number(line.quantity) + " x \(line.productID) \(line.title)", screen: &screen)
      }
      w.skip()
      if case .receive(_, let transfer, let slip)? = question(state, now: c.now, permissions: c.permissions) {
        let key = c.key(.confirm, in: .scans)
        w.ask(s(.receiveQuestion, String(transfer), String(slip)), keys: s(.pressYes, key), .ok, screen: &screen)
      } else {
        w.line(s(.transferIs, t.status), .muted, screen: &screen)
      }
    case .none?, nil:
      if needsDetail(scan) && state.details[scan.id] == nil {
        w.line(code(scan) + "   " + headline, role, screen: &screen)
        w.line(s[.detailLoading], .muted, screen: &screen)
      } else {
        w.line(headline, role == .normal ? .title : role, screen: &screen)
        w.line(code(scan), screen: &screen)
        w.skip()
        // The scan log's facts say the most (tries left, the lock's end), in the reader's
        // language; a handover known now is said from its own facts. A scan recorded before
        // the log kept facts has only its English sentence: in French, the explanation first
        // and that sentence under it.
        if let message = scan.message, scan.outcome != "already_picked_up" || scan.handover == nil {
          explain(message, strings: s, writer: &w, screen: &screen)
        } else if s.language == .en, let reason = scan.reason, scan.outcome != "already_picked_up" || scan.handover == nil {
          w.wrapped(reason, screen: &screen)
        } else {
          w.wrapped(why(scan, strings: s), screen: &screen)
          if let reason = scan.reason {
            w.skip()
            w.wrapped(s[.detailLog] + " " + reason, .muted, screen: &screen)
          }
        }
      }
    }
    w.skip()
    prompt(scan, state: state, writer: &w, screen: &screen, context: c)
    var origin = s.name(scan.source) + " " + s.dateTime(scan.at)
    if let file = scan.fileName { origin += "  " + s[.detailFile] + " " + file }
    if let who = scan.staff { origin += "  " + s[.detailScannedBy] + " " + who }
    if let t = scan.terminal { origin += "  " + s[.detailTerminal] + " " + t }
    let last = w.area.row + w.area.height - 1
    if w.row <= last { screen.put(origin.clipped(to: w.area.width), row: last, column: w.area.column, role: .muted) }
  }

  /// The question under the selected scan, naming its subject (`ScansPane.question`: what the
  /// keys answer), or what became of the scan.
  static func prompt(_ scan: ScanRecord, state: State, writer w: inout DetailWriter, screen: inout Screen, context c: PaneContext) {
    let s = c.strings
    func key(_ a: Action) -> String { c.key(a, in: .scans) }
    switch question(state, now: c.now, permissions: c.permissions) {
    case .refusal(.choosing(_, let order, let index))?:
      w.ask(s(.chooseReason, String(order)), .warning, screen: &screen)
      for (i, reason) in RefusalReason.allCases.enumerated() {
        w.line("  \(i + 1)  \(s.name(reason))", i == index ? .selected : .normal, screen: &screen)
      }
      w.line(s(.chooseReasonHint, String(RefusalReason.allCases.count)), .muted, screen: &screen)
      return
    case .refusal(.confirming(_, let order, let reason))?:
      w.ask(s(.confirmRefusal, String(order), s.name(reason)), keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
      return
    case .unlock(let u)?:
      w.ask(s(.confirmUnlock, String(u.order)), keys: s(.pressYesOrNo, key(.confirm), key(.decline)), .warning, screen: &screen)
      return
    case .handOver(_, let order, let shelf)?:
      w.ask(s(.handOverQuestion, String(order), shelf ?? "-"), keys: s(.handOverKeys, key(.confirm), key(.decline), key(.reject)), .ok, screen: &screen)
      w.line(s(.codeCheckedAgo, s.ago(scan.at, now: c.now)), .muted, screen: &screen)
      return
    case .receive?, nil:
      break
    }
    if let h = scan.handover, scan.outcome == "verified" || scan.outcome == "already_picked_up" {
      w.wrapped(s(.handedOverBy, who(h), s.dateTime(h.at)), .muted, screen: &screen)
      return
    }
    if let d = scan.decision {
      w.wrapped(s(.refusedBy, d.staff ?? "?", s.dateTime(d.at), RefusalReason(rawValue: d.reason).map(s.name) ?? d.reason), .warning, screen: &screen)
      return
    }
    guard scan.outcome == "verified" else { return }
    if !awaitsHandover(scan, now: c.now) {
      w.wrapped(s[.verificationExpired], .warning, screen: &screen)
    } else if state.pending == scan.id || state.details[scan.id] == nil {
      // The question waits for the order itself: the clerk sees what goes out before y.
      w.line(s[.detailLoading], .muted, screen: &screen)
    } else if state.declined.contains(scan.id) {
      w.wrapped(s(.declinedAlready, String(scan.orderID ?? 0)), .muted, screen: &screen)
    }
  }

  /// A recorded refusal in the reader's language. The image decoder's detail is technical and
  /// stays as the decoder wrote it: in French, the explanation first and the detail under it.
  static func explain(_ message: StaffDomain.Message, strings s: Strings, writer w: inout DetailWriter, screen: inout Screen) {
    if s.language == .fr, message.code == .scanUnreadable, case .text(let detail)? = message.args.first {
      w.wrapped(s[.whyUnreadable], screen: &screen)
      w.skip()
      w.wrapped(s[.detailTechnical] + " " + detail, .muted, screen: &screen)
    } else {
      w.wrapped(message.text(s.language), screen: &screen)
    }
  }

  /// Why a scan shows no order, product or movement, in the console's language.
  static func why(_ scan: ScanRecord, strings s: Strings) -> String {
    switch scan.outcome {
    case "already_picked_up":
      if let h = scan.handover { return s(.whyAlreadyHandedOver, who(h), s.dateTime(h.at)) }
      return s.outcome("already_picked_up")
    case "code_refused": return s[.whyCodeRefused]
    case "locked": return s[.whyLocked]
    case "not_ready": return s[.whyNotReady]
    case "returned": return s[.whyReturned]
    case "cancelled": return s[.whyCancelled]
    case "hold_expired": return s[.whyHoldExpired]
    case "rejected": return s[.whyRejected]
    case "wrong_kind": return s[.whyWrongKind]
    case "not_found": return s[.whyNotFound]
    case "unreadable": return s[.whyUnreadable]
    case "no_code": return s[.whyNoCode]
    case "duplicate": return s[.whyDuplicate]
    default: return s[.whyOther]
    }
  }
}

extension ScansPane.Refusal {
  var scan: Int64 {
    switch self {
    case .choosing(let scan, _, _), .confirming(let scan, _, _): scan
    }
  }
}
