import Foundation
import GRDB
import StaffDomain
import Testing

@testable import StaffStore

@Suite struct ConcurrencyTests {
  @Test func twoConnectionsWritingAtOnceBothSucceed() async throws {
    // Given two independent opens of one file (as two terminals would have)
    let dir = TempDir()
    let (first, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: first, keys: keys, now: testNow)
    let second = try AppDatabase.open(path: dir.file("vgk.sqlite"))
    // When both post movements as fast as they can
    let perWriter = 300
    try await withThrowingTaskGroup(of: Void.self) { group in
      for (n, db) in [first, second].enumerated() {
        group.addTask {
          for i in 0..<perWriter {
            try db.write { d in
              let p = try PointSetup.currentPoint(d).id
              let shelf = try PointSetup.location("W-0\(n)", pointID: p, d)
              try Ledger.post(NewMovement(type: .receive, productID: 700004, quantity: 1, to: shelf, at: testNow + Int64(i)), pointID: p, d)
            }
          }
        }
      }
      try await group.waitForAll()
    }
    // Then every write landed and the ledger balances
    #expect(try first.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM movements") } == 2 * perWriter)
    #expect(try first.read { try Int.fetchOne($0, sql: "SELECT sum(quantity) FROM stock") } == 2 * perWriter)
    #expect(try DatabaseCheck.run(second) == [])
  }

  @Test func aBackupTakenWhileOthersWriteIsConsistent() async throws {
    let dir = TempDir()
    let (db, keys) = try makeDatabase(dir)
    _ = try Importer.importFile(.products, path: fixture("import/products.csv"), into: db, keys: keys, now: testNow)
    let writer = Task.detached {
      for i in 0..<400 {
        try db.write { d in
          let p = try PointSetup.currentPoint(d).id
          let shelf = try PointSetup.location("B-01", pointID: p, d)
          try Ledger.post(NewMovement(type: .receive, productID: 700004, quantity: 1, to: shelf, at: testNow + Int64(i)), pointID: p, d)
        }
      }
    }
    var sizes: [Int] = []
    for n in 0..<5 {
      sizes.append(try db.backup(to: dir.file("backup-\(n).sqlite"), overwrite: false))
      let copy = try AppDatabase.open(path: dir.file("backup-\(n).sqlite"))
      #expect(try DatabaseCheck.run(copy) == [])
      try copy.close()
    }
    try await writer.value
    #expect(sizes.allSatisfy { $0 > 0 })
    expectSaid(.refused("\(dir.file("backup-0.sqlite")) already exists; pass --force to replace it")) {
      try db.backup(to: dir.file("backup-0.sqlite"), overwrite: false)
    }
    // Errors name the backup's path, not the database's.
    expectSaid(
      .invalid(
        "cannot write the backup \(dir.file("nowhere/b.sqlite")): the directory \(dir.file("nowhere")) does not exist (create it first, or choose another path)")
    ) { try db.backup(to: dir.file("nowhere/b.sqlite"), overwrite: false) }
    // sysfs takes no new files, whoever asks (root included).
    let refused = #expect(throws: StoreError.self) { try db.backup(to: "/sys/vgk-backup.sqlite", overwrite: false) }
    #expect(refused?.description.hasPrefix("cannot write the backup /sys/vgk-backup.sqlite: ") == true, "\(String(describing: refused))")
    #expect(refused?.exitCode == 2)
    expectSaid(.refused("the backup cannot replace the database itself")) {
      try db.backup(to: dir.file("vgk.sqlite"), overwrite: true)
    }
    // No temporary file is left behind.
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".partial-") }
    #expect(left.isEmpty)
  }
}
