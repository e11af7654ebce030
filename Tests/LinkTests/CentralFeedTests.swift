import Foundation
import StaffDomain
import StaffLink
import StaffStore
import Testing
import TestSupport

@Suite struct CentralFeedTests {
  /// Runs `body` on a thread of its own; the group is left when it returns.
  static func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
      body()
      group.leave()
    }.start()
  }

  @Test func aWriterWaitsForTheOneBeforeItSoSeqOrderIsCommitOrder() throws {
    let db = try CentralDB.make()
    let (code, _, point) = try db.point()
    let first = try db.admin()
    try first.run("BEGIN")
    try first.execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, 'product', '{\"id\": 1}')", [code])
    let second = Locked<Result<FeedWritten, any Error>?>(nil)
    let group = DispatchGroup()
    let url = db.adminURL
    Self.spawn(group) {
      let r = Result { try Central(url: url).feed(point: code, kind: .product, records: ["{\"id\": 2}"]) }
      second.with { $0 = r }
    }
    // The second writer is waiting on the point's row lock, not done.
    let watcher = try db.admin()
    #expect(
      try holds(within: 10) {
        try watcher.execute(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", [db.name]
        ).scalar == "1"
      })
    #expect(second.with { $0 } == nil)
    // Until the first commits, a point sees nothing: no record 2 visible before 1.
    #expect(try point.execute("SELECT count(*) FROM vgk_link.feed").scalar == "0")
    try first.run("COMMIT")
    #expect(group.wait(timeout: .now() + 30) == .success)
    #expect(try second.with { try $0?.get().firstSeq } == 2)
    #expect(try point.execute("SELECT seq, payload ->> 'id' FROM vgk_link.feed ORDER BY seq").rows == [["1", "1"], ["2", "2"]])
  }

  @Test func aRolledBackRecordLeavesNoGap() throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    let admin = try db.admin()
    try admin.run("BEGIN")
    try admin.execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, 'product', '{\"id\": 1}')", [code])
    try admin.run("ROLLBACK")
    #expect(try db.feed(code, .product, ["{\"id\": 2}", "{\"id\": 3}"]) == FeedWritten(point: code, kind: .product, count: 2, firstSeq: 1, lastSeq: 2))
  }

  @Test func seqsFollowOnAcrossStatementsAndAfterOldRecordsAreDeleted() throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    #expect(try db.feed(code, .product, (1...3).map { "{\"id\": \($0)}" }) == FeedWritten(point: code, kind: .product, count: 3, firstSeq: 1, lastSeq: 3))
    let admin = try db.admin()
    try admin.run("BEGIN")
    for id in 4...5 {
      try admin.execute("INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, 'product', jsonb_build_object('id', $2::int))", [code, String(id)])
    }
    try admin.run("COMMIT")
    #expect(try admin.execute("SELECT feed_head FROM vgk_link.points").scalar == "5")
    // Records the point has taken may be deleted (retention): a seq is never given twice.
    try admin.execute("DELETE FROM vgk_link.feed WHERE seq >= 3")
    #expect(try db.feed(code, .product, ["{\"id\": 6}"]).firstSeq == 6)
    #expect(try admin.execute("SELECT feed_head FROM vgk_link.points").scalar == "6")
  }

  /// Four writers, some of whose transactions roll back, and a point pulling after its cursor
  /// all the while: every pull is gapless from the cursor, and in the end the feed is 1...N.
  @Test func concurrentWritersLeaveAGaplessFeedThatACursorNeverSkips() throws {
    let db = try CentralDB.make()
    let (code, credentials, _) = try db.point()
    let writers = 4
    let transactions = 20
    let url = db.adminURL
    let failures = Locked<[String]>([])
    let group = DispatchGroup()
    for w in 0..<writers {
      Self.spawn(group) {
        do {
          let c = try PGConnection(url)
          for t in 0..<transactions {
            try c.run("BEGIN")
            for i in 0..<2 {
              try c.execute(
                "INSERT INTO vgk_link.feed (point, kind, payload) VALUES ($1, 'product', jsonb_build_object('w', $2::int, 't', $3::int, 'i', $4::int))",
                [code, String(w), String(t), String(i)])
            }
            try c.run(t % 5 == 4 ? "ROLLBACK" : "COMMIT")
          }
        } catch {
          failures.with { $0.append("writer \(w): \(error)") }
        }
      }
    }
    let expected = writers * transactions / 5 * 4 * 2
    let reader = try PGConnection(credentials.url)
    var cursor: Int64 = 0
    var pulled: [(seq: Int64, w: Int, t: Int, i: Int)] = []
    let deadline = Date().addingTimeInterval(60)
    while pulled.count < expected && Date() < deadline {
      let rows = try reader.execute(
        "SELECT seq, payload ->> 'w', payload ->> 't', payload ->> 'i' FROM vgk_link.feed WHERE seq > $1 ORDER BY seq LIMIT 7",
        [String(cursor)]
      ).rows
      for r in rows {
        let seq = Int64(r[0] ?? "") ?? -1
        #expect(seq == cursor + 1, "a pull after \(cursor) gave \(seq)")
        cursor = seq
        pulled.append((seq, Int(r[1] ?? "") ?? -1, Int(r[2] ?? "") ?? -1, Int(r[3] ?? "") ?? -1))
      }
      if rows.isEmpty { pause(.milliseconds(2)) }  // The reader's pace: at once while rows come.
    }
    #expect(group.wait(timeout: .now() + 60) == .success)
    #expect(failures.with { $0 } == [])
    #expect(pulled.count == expected)
    #expect(pulled.map(\.seq) == (1...Int64(expected)).map { $0 })
    // No rolled back record was pulled; each transaction's two records are adjacent and each
    // writer's transactions come in its own order.
    #expect(!pulled.contains { $0.t % 5 == 4 })
    for k in stride(from: 0, to: pulled.count, by: 2) {
      #expect(pulled[k].w == pulled[k + 1].w && pulled[k].t == pulled[k + 1].t && pulled[k].i == 0 && pulled[k + 1].i == 1)
    }
    for w in 0..<writers {
      let mine = pulled.filter { $0.w == w && $0.i == 0 }.map(\.t)
      #expect(mine == mine.sorted())
    }
    #expect(try db.admin().execute("SELECT feed_head FROM vgk_link.points WHERE code = $1", [code]).scalar == String(expected))
  }

  @Test func feedWritesAllOrNothing() throws {
    let db = try CentralDB.make()
    let (code, _, _) = try db.point()
    #expect(throws: LinkError.self) { try db.feed(code, .order, [CentralDB.order(1), "[1]", CentralDB.order(2)]) }
    #expect(try db.admin().execute("SELECT count(*), max(feed_head) FROM vgk_link.feed, vgk_link.points").rows == [["0", nil]])
    #expect(try db.feed(code, .order, [CentralDB.order(1)]).firstSeq == 1)
  }

  @Test func importRecordsGoThroughTheFeedAndComeBackTheSame() throws {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path + "/Fixtures/demo"
    let cases: [(ImportKind, String)] = [(.orders, "orders.json"), (.products, "products.csv"), (.staff, "staff.csv")]
    for (kind, file) in cases {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + file)))
      let parsed = try Importer.parse(kind, bytes: bytes, file: file)
      let objects = try FeedPayloads.objects(parsed)
      #expect(!objects.isEmpty)
      // Through PostgreSQL's jsonb and back, as a point pulls them.
      let db = try CentralDB.make()
      let (code, _, point) = try db.point()
      try db.feed(code, FeedPayloads.kind(of: parsed), objects)
      let pulled = try point.execute("SELECT payload::text FROM vgk_link.feed ORDER BY seq").rows.compactMap { $0[0] }
      let again = try Importer.parse(kind, bytes: Array(pulled.joined(separator: "\n").utf8), file: "feed.jsonl")
      #expect(Self.withoutLines(again) == Self.withoutLines(parsed), "\(kind)")
    }
  }

  static func withoutLines(_ parsed: Importer.ParsedImport) -> String {
    switch parsed {
    case .orders(let r): return "\(r.map { var o = $0; o.line = 0; return o })"
    case .products(let r): return "\(r.map { var p = $0; p.line = 0; return p })"
    case .staff(let r): return "\(r.map { var s = $0; s.line = 0; return s })"
    }
  }
}
