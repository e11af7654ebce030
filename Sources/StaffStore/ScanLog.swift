import Foundation
import GRDB
import StaffDomain

/// The scan log (`scans`): every camera photo, scanner line and CLI scan, with what became of it.
public enum ScanLog {
  /// Where an earlier photo with these bytes went (`processed/NAME`), if one was taken and not
  /// quarantined: the camera folder counts the same photo once.
  public static func previousPhoto(sha256: [UInt8], _ database: AppDatabase) throws -> String? {
    try database.read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT coalesce(file_name, '(unnamed)') FROM scans
          WHERE content_sha256 = ? AND source = 'camera' AND outcome <> 'quarantined'
          ORDER BY id LIMIT 1
          """,
        arguments: [Data(sha256)])
    }
  }

  /// A camera photo that carried no payload to act on: no code, a duplicate, or quarantined.
  public static func recordPhoto(
    fileName: String, sha256: [UInt8]?, outcome: PhotoOutcome, reason: String?, now: Timestamp, _ database: AppDatabase
  ) throws -> Int64 {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      try db.execute(
        sql: """
          INSERT INTO scans (point_id, source, file_name, content_sha256, outcome, reason, created_at)
          VALUES (?, 'camera', ?, ?, ?, ?, ?)
          """,
        arguments: [point.id, fileName, sha256.map { Data($0) }, outcome.rawValue, reason, now.seconds])
      return db.lastInsertedRowID
    }
  }

  /// A camera photo with codes: one scan row per payload, its kind when the grammar accepts it,
  /// its rejection reason when not. Returns the first row's id.
  public static func recordDecodedPhoto(
    fileName: String, sha256: [UInt8]?, payloads: [String], now: Timestamp, _ database: AppDatabase
  ) throws -> Int64 {
    try database.write { db in
      let point = try PointSetup.currentPoint(db)
      var first: Int64?
      for text in payloads {
        let kind: String?
        let outcome: String
        let reason: String?
        switch ScanPayload.parse(text) {
        case .success(let payload):
          kind = payload.kind.rawValue.lowercased()
          outcome = "read"
          reason = nil
        case .failure(let error):
          kind = nil
          outcome = "rejected"
          reason = error.reason
        }
        try db.execute(
          sql: """
            INSERT INTO scans (point_id, source, file_name, content_sha256, payload, kind, outcome, reason, created_at)
            VALUES (?, 'camera', ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [point.id, fileName, sha256.map { Data($0) }, text, kind, outcome, reason, now.seconds])
        first = first ?? db.lastInsertedRowID
      }
      return first ?? 0
    }
  }

  public enum PhotoOutcome: String, Sendable {
    case noCode = "no_code"
    case duplicate
    case quarantined
  }
}
