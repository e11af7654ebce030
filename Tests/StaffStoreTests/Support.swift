import Foundation
import GRDB
import StaffDomain
import TestSupport
@testable import StaffStore

/// A fresh directory under the system temp dir, removed when the value goes away.
typealias TempDir = TemporaryDirectory

/// The package's root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path
func fixture(_ relative: String) -> String { packageRoot + "/Fixtures/" + relative }

let testNow = Timestamp(seconds: 1_795_681_800)  // 2026-11-26T09:30:00+01:00

/// A database for point DLA-TEST in `dir`, with its key.
func makeDatabase(_ dir: TempDir, name: String = "vgk.sqlite") throws -> (AppDatabase, KeyStore) {
  let keys = KeyStore(directory: dir.file("keys"))
  let key = try keys.pickupCodeKey(create: true)
  let db = try AppDatabase.open(path: dir.file(name), create: true)
  _ = try PointSetup.initialise(db, pointCode: "DLA-TEST", name: "Test point", key: key, now: testNow)
  return (db, keys)
}

/// A raw connection that bypasses the program, as the sqlite3 shell would.
func behindTheProgramsBack(_ path: String, _ sql: String) throws {
  let queue = try DatabaseQueue(path: path)
  try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
  try queue.close()
}

/// `sql` run behind the program's back with `triggers` dropped, then the triggers put back exactly
/// as they were: what someone careful does, so that the schema itself shows nothing.
func behindTheProgramsBack(_ path: String, droppingTriggers triggers: [String], _ sql: String) throws {
  let queue = try DatabaseQueue(path: path)
  defer { try? queue.close() }
  try queue.writeWithoutTransaction { db in
    var saved: [String] = []
    for name in triggers {
      guard let text = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [name])
      else { throw DatabaseError(message: "no trigger \(name) to drop") }
      saved.append(text)
      try db.execute(sql: "DROP TRIGGER \(name)")
    }
    try db.execute(sql: sql)
    for text in saved { try db.execute(sql: text) }
  }
}

/// One integer from a query.
func count(_ db: AppDatabase, _ sql: String) throws -> Int? { try db.read { try Int.fetchOne($0, sql: sql) } }

extension Inventory {
  /// Closes a count as a clerk who has just looked at its differences: with the fingerprint of
  /// its preview, writing off what nobody counted.
  @discardableResult
  func closeCount(_ id: Int64, by login: String, now: Timestamp) throws -> CountView {
    try closeCount(id, expecting: try closingPreview(id).fingerprint, nothingCounted: true, by: login, now: now)
  }
}
