import Foundation
import GRDB
import StaffDomain

/// The chain over the records the counter's promises rest on: every movement and handover has a
/// row in `record_chain`, appended in the transaction that writes it, whose hash covers the
/// record's fields and the row before (`RecordChainFormat`, frozen with migration v12-record-chain). `db check`
/// recomputes it, so a movement or handover inserted, edited or deleted outside the program is
/// named, even when the append-only triggers were dropped to do it.
enum RecordChain {
  enum Entity: String {
    case movement, handover

    /// The record's fields as the chain hashes them, by its id (a movement's id, a handover's order).
    var fieldsSQL: String {
      switch self {
      case .movement: "SELECT \(RecordChainFormat.movementFields) FROM movements WHERE id = ?"
      case .handover: "SELECT \(RecordChainFormat.handoverFields) FROM handovers WHERE order_id = ?"
      }
    }

    func name(_ id: Int64) -> String {
      switch self {
      case .movement: "movement \(id)"
      case .handover: "the handover of order \(id)"
      }
    }
  }

  /// Chains the movement just inserted from the values it was inserted with, written as
  /// `RecordChainFormat.movementFields` reads them back (SQLite's `quote()`): posting pays no
  /// second read of the row. `db check` recomputes the hash from the row itself, so a value
  /// written here otherwise than SQLite quotes it would be reported, never hidden.
  static func appendMovement(
    id: Int64, pointID: Int64, type: String, productID: Int64, quantity: Int64, from: Int64?, to: Int64?, staffID: Int64?,
    reason: String?, orderID: Int64?, transferID: Int64?, reversesID: Int64?, createdAt: Int64, _ db: Database
  ) throws {
    var fields = ""
    fields.reserveCapacity(128)
    SQLQuote.integer(id, into: &fields)
    fields += ","
    SQLQuote.integer(pointID, into: &fields)
    fields += ","
    SQLQuote.text(type, into: &fields)
    for value in [productID, quantity, from, to, staffID] {
      fields += ","
      SQLQuote.integer(value, into: &fields)
    }
    fields += ","
    SQLQuote.text(reason, into: &fields)
    for value in [orderID, transferID, reversesID, createdAt] {
      fields += ","
      SQLQuote.integer(value, into: &fields)
    }
    try insert(.movement, id: id, fields: fields, after: try Tails.shared[db] ?? tail(db), db)
  }

  /// The chain's last row (`seq` 0 and no hash for an empty chain).
  static func tail(_ db: Database) throws -> Tail {
    guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM record_chain ORDER BY seq DESC LIMIT 1")) else {
      return Tail(seq: 0, hash: nil)
    }
    return Tail(seq: row["seq"], hash: row["hash"])
  }

  struct Tail: Sendable {
    var seq: Int64
    var hash: Data?
  }

  /// The chain's last row as the write transaction on a connection has left it, so that posting
  /// many movements in one transaction reads it once: `AppDatabase.write` sets it when the
  /// transaction begins and drops it when it ends, each append moves it once its row is in.
  /// A statement that fails undoes only itself, so the tail stays right whatever the caller does
  /// with the error. The one savepoint the program rolls back (a feed record refused,
  /// `LinkStore.attempt`) reads the tail again after it.
  final class Tails: @unchecked Sendable {
    static let shared = Tails()
    private let lock = NSLock()
    private var tails: [ObjectIdentifier: Tail] = [:]

    subscript(db: Database) -> Tail? {
      get { lock.withLock { tails[ObjectIdentifier(db)] } }
      set { lock.withLock { tails[ObjectIdentifier(db)] = newValue } }
    }
  }

  /// Chains the record just written, inside the caller's write transaction (one of
  /// `AppDatabase.write`'s, which records the head when it ends).
  static func append(_ entity: Entity, id: Int64, _ db: Database) throws {
    // One statement for the record and the chain's end.
    let sql = """
      SELECT (\(entity.fieldsSQL)) AS fields, last.seq, last.hash
        FROM (SELECT 1) LEFT JOIN (SELECT seq, hash FROM record_chain ORDER BY seq DESC LIMIT 1) last
      """
    guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]), let fields: String = row["fields"] else {
      throw StoreError.internal("\(entity.name(id)) is not in the database: it cannot be chained")
    }
    try insert(entity, id: id, fields: fields, after: Tail(seq: row["seq"] as Int64? ?? 0, hash: row["hash"]), db)
  }

  /// Appends the row of a record whose fields are `fields`, after `last`.
  private static func insert(_ entity: Entity, id: Int64, fields: String, after last: Tail, _ db: Database) throws {
    let seq = last.seq + 1
    let hash = RecordChainFormat.hash(prev: last.hash, entity: entity.rawValue, fields: fields)
    try db.cachedStatement(sql: "INSERT INTO record_chain (seq, entity, entity_id, hash) VALUES (?, ?, ?, ?)")
      .execute(arguments: [seq, entity.rawValue, id, hash])
    if Tails.shared[db] != nil { Tails.shared[db] = Tail(seq: seq, hash: hash) }
  }

  /// Records the chain's head, kept apart from the chain: rows removed from its end leave no gap
  /// in what is left, but they leave the head pointing past the last row (see `head`). Run by
  /// `AppDatabase.write` at the end of every write transaction (once, however many rows it
  /// appended), so the head commits with the rows. Only a transaction that appended moves it
  /// (`lastSeq` read when it began): any other leaves a head that disagrees with the chain as
  /// it found it, for `db check` to report.
  static func recordHead(_ db: Database, appendedAfter before: Int64) throws {
    guard let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM record_chain ORDER BY seq DESC LIMIT 1"))
    else { return }
    let seq: Int64 = last["seq"]
    guard seq > before else { return }
    let value = "\(seq) \(Hex.encode(last["hash"] as Data))"
    let key = RecordChainFormat.headKey
    try db.cachedStatement(
      sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    ).execute(arguments: [key, value])
  }

  /// Walks the chain against the records; one message per finding, each naming its record or row.
  static func verify(_ db: Database) throws -> [String] {
    var problems: [String] = []
    let walk = """
      SELECT c.seq, c.entity, c.entity_id, c.hash,
             CASE c.entity
               WHEN 'movement' THEN (SELECT \(RecordChainFormat.movementFields) FROM movements WHERE id = c.entity_id)
               WHEN 'handover' THEN (SELECT \(RecordChainFormat.handoverFields) FROM handovers WHERE order_id = c.entity_id)
             END AS fields
        FROM record_chain c ORDER BY c.seq
      """
    var prev: Data? = nil
    var lastSeq: Int64 = 0
    let rows = try Row.fetchCursor(db, sql: walk)
    while let row = try rows.next() {
      let seq: Int64 = row["seq"]
      let id: Int64 = row["entity_id"]
      let stored: Data = row["hash"]
      guard let entity = Entity(rawValue: row["entity"]) else {
        problems.append("record chain row \(seq) names no kind of record the program chains")
        continue
      }
      let gap = seq != lastSeq + 1
      if gap {
        let removed = lastSeq + 1 == seq - 1 ? "row \(lastSeq + 1) was" : "rows \(lastSeq + 1) to \(seq - 1) were"
        problems.append("record chain \(removed) removed outside the program (the records they held are no longer proved)")
      }
      if let fields: String = row["fields"] {
        // After a gap the row's predecessor is gone: its hash cannot be checked, only its successors'.
        if !gap && stored != RecordChainFormat.hash(prev: prev, entity: entity.rawValue, fields: fields) {
          problems.append("\(entity.name(id)) was changed outside the program (it does not match its hash in record chain row \(seq))")
        }
      } else {
        problems.append("\(entity.name(id)) was deleted outside the program (record chain row \(seq) holds it)")
      }
      prev = stored
      lastSeq = seq
    }
    for entity in [Entity.movement, .handover] {
      let (table, key) = entity == .movement ? ("movements", "id") : ("handovers", "order_id")
      for id in try Int64.fetchAll(
        db,
        sql: """
          SELECT \(key) FROM \(table) WHERE \(key) NOT IN (SELECT entity_id FROM record_chain WHERE entity = ?) ORDER BY \(key)
          """, arguments: [entity.rawValue])
      {
        problems.append("\(entity.name(id)) is not in the record chain: it was added outside the program")
      }
    }
    return problems + (try head(db, lastSeq: lastSeq, lastHash: prev))
  }

  /// The chain's last row against the head recorded when it was written: what is left after
  /// its newest rows are removed is still a chain.
  static func head(_ db: Database, lastSeq: Int64, lastHash: Data?) throws -> [String] {
    let key = RecordChainFormat.headKey
    guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) else {
      return lastSeq == 0 ? [] : ["the record chain's head (settings \(key)) was removed outside the program"]
    }
    let parts = text.split(separator: " ")
    guard parts.count == 2, let headSeq = Int64(parts[0]), let headHash = Hex.decode(parts[1]) else {
      return ["the record chain's head (settings \(key)) is unreadable: it was changed outside the program"]
    }
    if lastSeq < headSeq {
      return ["record chain rows after row \(lastSeq) were removed outside the program (the last row the program wrote is row \(headSeq))"]
    }
    if lastSeq > headSeq {
      return ["record chain rows after row \(headSeq) were added outside the program (the chain now ends at row \(lastSeq))"]
    }
    if lastHash != Data(headHash) {
      return ["record chain row \(lastSeq) is not the row the program wrote last (its hash is not the recorded head's)"]
    }
    return []
  }
}

/// SQLite's `quote()` of an integer or a text, appended: what `RecordChainFormat`'s SQL makes
/// of a row.
enum SQLQuote {
  static func integer(_ value: Int64?, into out: inout String) {
    if let value { out += String(value) } else { out += "NULL" }
  }

  /// A text in single quotes, each quote in it doubled (the rest, UTF-8 included, as it is).
  static func text(_ value: String?, into out: inout String) {
    guard let value else {
      out += "NULL"
      return
    }
    out += "'"
    if value.utf8.contains(UInt8(ascii: "'")) {
      for scalar in value.unicodeScalars {
        if scalar == "'" { out += "''" } else { out.unicodeScalars.append(scalar) }
      }
    } else {
      out += value
    }
    out += "'"
  }
}
