import Foundation
import GRDB
import StaffDomain

extension Counter {
  /// Records that the clerk refused to hand over the order of a verified scan (the person is not
  /// the buyer, the parcel is missing or damaged…): a `scan_decisions` row, an audit row and an
  /// `order.handover_refused` event, in one transaction. The order stays ready; a new scan can
  /// still hand it over. Refused, and nothing written, for a role that may not hand over.
  public func refuseHandover(
    scanID: Int64, reason: RefusalReason, staff: String, terminal: String? = nil, now: Timestamp
  ) throws -> Result<ScanDecision, DecisionRefusal> {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      let member = try db.require(.handOver, by: staff)
      guard
        let scan = try Row.fetchOne(db, sql: "SELECT outcome, order_id, source FROM scans WHERE id = ?", arguments: [scanID]),
        (scan["outcome"] as String?) == "verified", let orderID: Int64 = scan["order_id"]
      else { return .failure(.notVerified(scanID: scanID)) }
      if let facts = try Self.pickupFacts(orderID, db), let handover = facts.facts.handover {
        return .failure(.alreadyHandedOver(handover))
      }
      if let row = try Row.fetchOne(
        db,
        sql: """
          SELECT d.reason, d.decided_at, s.login FROM scan_decisions d LEFT JOIN staff s ON s.id = d.staff_id
           WHERE d.scan_id = ?
          """, arguments: [scanID])
      {
        return .failure(
          .alreadyDecided(ScanDecision(kind: .refused, reason: row["reason"], staff: row["login"], at: Timestamp(seconds: row["decided_at"]))))
      }
      try db.execute(
        sql: """
          INSERT INTO scan_decisions (scan_id, decision, reason, staff_id, terminal, decided_at)
          VALUES (?, 'refused', ?, ?, ?, ?)
          """, arguments: [scanID, reason.rawValue, member.id, terminal, now.seconds])
      try Audit.append(
        at: now, staffID: member.id, terminal: terminal, action: "order.handover_refused", entity: "order",
        entityID: String(orderID), before: "scan=\(scanID)", after: reason.rawValue, db)
      try Outbox.append(
        type: "order.handover_refused",
        payload: OrderHandoverRefusedEvent(
          order_id: orderID, point: point.code, reason: reason.rawValue, refused_by: "clerk", scan_id: scanID,
          source: scan["source"], refused_at: now.iso8601),
        dedupKey: "order.handover_refused:\(point.code):\(scanID)", now: now, db)
      return .success(ScanDecision(kind: .refused, reason: reason.rawValue, staff: member.login, at: now))
    }
  }
}
