import Foundation
import StaffConsole
import StaffDomain
import StaffLink
import StaffStore

/// The stock pane's commands, performed against the inventory.
public enum StockEffects {
  /// Performs `command`; `newLocations` are the codes the clerk said are new (see `.creating`).
  public static func perform(
    _ command: StockCommand, newLocations: Set<String> = [], inventory: Inventory, staff: String, terminal: String, now: Timestamp
  ) throws -> StockNews {
    switch command {
    case .creating(let codes, let inner):
      return try perform(inner, newLocations: newLocations.union(codes), inventory: inventory, staff: staff, terminal: terminal, now: now)
    case .move(let type, let product, let quantity, let from, let to, let reason):
      return .moved(
        try inventory.move(
          MovementRequest(type: type, productID: product, quantity: quantity, from: from, to: to, reason: reason),
          newLocations: newLocations, by: staff, terminal: terminal, now: now))
    case .reverse(let movement, let reason):
      return .reversed(try inventory.reverse(movement, reason: reason, by: staff, terminal: terminal, now: now))
    case .send(let to, let product, let quantity, let from):
      let t = try inventory.send(
        to: to, lines: [TransferLineRequest(productID: product, quantity: quantity, from: from)], by: staff, terminal: terminal, now: now)
      return .sent(transfer: t.id, slip: t.slip, to: t.to)
    case .receive(let slip, let into):
      let t = try inventory.receive(slip: slip, into: into, newLocations: newLocations, by: staff, terminal: terminal, now: now)
      return .received(transfer: t.id, from: t.from, units: t.lines.reduce(0) { $0 + ($1.received ?? 0) })
    case .openCount(let locations):
      // A count already open over these locations is picked up again, not refused.
      if let open = try inventory.openCount(covering: locations) {
        return .countResumed(id: open.id, locations: open.locations, lines: open.counted.count)
      }
      let c = try inventory.openCount(locations: locations, newLocations: newLocations, by: staff, terminal: terminal, now: now)
      return .countOpened(id: c.id, locations: c.locations)
    case .count(let count, let product, let quantity):
      let item = try inventory.count(count, product: product, quantity: quantity, by: staff, terminal: terminal, now: now)
      return .counted(product: item.productID, location: item.location, quantity: item.quantity)
    case .closeCount(let id, let fingerprint, let nothingCounted):
      let c = try inventory.closeCount(
        id, expecting: fingerprint, nothingCounted: nothingCounted, by: staff, terminal: terminal, now: now)
      return .countClosed(id: c.id, lines: c.results.count, adjusted: c.results.filter { $0.variance != 0 }.count)
    }
  }

  /// Reads what the stock pane asks before a question; writes nothing.
  public static func answer(_ query: StockQuery, inventory: Inventory) throws -> StockAnswer {
    switch query {
    case .closeCount(let id): .closeCount(try inventory.closingPreview(id), changed: false)
    case .newLocations(let codes): .newLocations(asked: codes, new: try inventory.newLocations(codes))
    }
  }
}

/// The tickets pane's commands, performed at the desk.
public enum TicketEffects {
  public static func perform(
    _ command: TicketCommand, on id: Int64, desk: TicketDesk, staff: String, terminal: String, now: Timestamp
  ) throws -> TicketsPane.Event {
    switch command {
    case .write(let direction, let body, let waiting):
      _ = try desk.write(direction, on: id, body: body, waiting: waiting, by: staff, terminal: terminal, now: now)
    case .resolve: _ = try desk.apply(.resolved, to: id, by: staff, terminal: terminal, now: now)
    case .close(let rating): _ = try desk.apply(.closed(rating: rating), to: id, by: staff, terminal: terminal, now: now)
    case .reopen: _ = try desk.apply(.reopened, to: id, by: staff, terminal: terminal, now: now)
    case .assign(let who): _ = try desk.assign(id, to: who, by: staff, terminal: terminal, now: now)
    case .reveal:
      return .done(ticket: id, command, phone: try desk.revealPhone(id, by: staff, terminal: terminal, now: now))
    }
    return .done(ticket: id, command, phone: nil)
  }
}

/// The console's labels: drawn for the preview, then queued and printed.
public enum Labels {
  public static func facts(_ request: LabelRequest, _ queue: PrintQueue) throws -> (Label, ref: Int64) {
    switch request {
    case .shelf(let product): return (try queue.shelf(product), product)
    case .transfer(let id): return (try queue.transfer(id), id)
    }
  }

  public static func preview(_ request: LabelRequest, database: AppDatabase, language: Language) -> Event {
    do {
      let (facts, _) = try facts(request, PrintQueue(database: database, key: nil, language: language))
      // The quiet zone's blank rows are the screen's own background: without them the label fits 80 x 24.
      var lines: [String] = []
      for line in try facts.preview() {
        let blank = line.allSatisfy { $0 == " " }
        if blank && (lines.isEmpty || lines.last == "") { continue }
        lines.append(blank ? "" : line)
      }
      return .labelPreview(request, lines: lines)
    } catch {
      return .failed(said(error))
    }
  }

  public static func print(
    _ request: LabelRequest, database: AppDatabase, language: Language, printer: Printer?, staff: String?, terminal: String, now: Timestamp
  ) -> Event {
    do {
      let queue = PrintQueue(database: database, key: nil, language: language)
      let (facts, ref) = try facts(request, queue)
      let id = try queue.enqueue(facts.kind, ref: ref, by: staff, terminal: terminal, now: now)
      guard let printer else { return .labelPending(job: id, reason: "no printer is configured, or its configuration is wrong") }
      let outcome = try printer.print(queue, only: id, by: staff, terminal: terminal, now: now)
      if let failure = outcome.failed.first { return .labelPending(job: id, reason: failure.reason) }
      return .labelPrinted(job: id)
    } catch {
      return .failed(said(error))
    }
  }
}

/// Where the console learns the link's state: the database, which the runner (this console's,
/// or another process's for a read-only console) keeps.
public final class ConsoleLink {
  public let database: AppDatabase
  private var read: (at: Double, status: LinkStatus?) = (-100, nil)

  public init(database: AppDatabase) { self.database = database }

  /// Read at most once a second: the state is a few rows, and a handover made here or elsewhere
  /// shows in the count of events waiting within that second.
  public func status() -> LinkStatus? {
    let clock = ProcessInfo.processInfo.systemUptime
    if clock - read.at >= 1 {
      read = (clock, try? LinkStore(database).status(configured: true))
    }
    return read.status
  }
}
