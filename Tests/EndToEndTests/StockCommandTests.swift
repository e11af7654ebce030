import Foundation
import Testing

private func objects(_ out: String) -> [[String: Any]] {
  out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

/// `vgk-staff stock` and `vgk-staff transfer` end to end: two pickup points, each its own
/// database and key, and the transfer's news carried between them by files.
@Suite struct StockCommandTests {
  let env = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T09:00:00+01:00"]

  /// A point with a counted product (700004, 10 on A-01-1) and a single item (700001 on A-02).
  func point(_ s: Sandbox, _ name: String, code: String, stocked: Bool) throws -> (db: String, env: [String: String]) {
    let db = s.file("\(name).sqlite")
    var e = env
    e["VGK_STAFF_KEYS"] = s.file("keys-\(name)")
    #expect(try s.run(["--db", db, "init", "--training", "--point", code, "--name", "Point \(name)"], env: e).status == 0)
    let products = s.write("products-\(name).csv", "id,title,category,price_fcfa,unique_item\n700004,Chargeur Tecno,Téléphones,3000,false\n700001,Galaxy A15,Téléphones,82000,true\n")
    let staff = s.write("staff-\(name).csv", "login,full_name,role\namina.n,Amina Njoya,clerk\nbrice.k,Brice Kamga,clerk\nsolange.e,Solange Ekambi,supervisor\n")
    #expect(try s.run(["--db", db, "import", "products", products], env: e).status == 0)
    #expect(try s.run(["--db", db, "import", "staff", staff], env: e).status == 0)
    if stocked {
      #expect(try s.run(["--db", db, "stock", "move", "--type", "RECEIVE", "--product", "700004", "--qty", "10", "--to", "A-01-1", "--new-location"], env: e).status == 0)
      #expect(try s.run(["--db", db, "stock", "move", "--type", "receive", "--product", "PRODUCT:700001", "--qty", "1", "--to", "A-02", "--new-location"], env: e).status == 0)
    }
    return (db, e)
  }

  @Test func aTransferBetweenTwoPointsWithAVariance() throws {
    let s = Sandbox()
    let a = try point(s, "akwa", code: "DLA-AKWA", stocked: true)
    let b = try point(s, "bali", code: "DLA-BALI", stocked: false)
    let c = try point(s, "bonaberi", code: "DLA-BONA", stocked: false)
    let announcement = s.file("announcement.jsonl")
    // A file that cannot be written is found before anything is sent.
    var r = try s.run(["--db", a.db, "transfer", "send", "--to", "DLA-BALI", "700004:5@A-01-1", "-o", s.file("nowhere/a.jsonl")], env: a.env)
    #expect(r.status == 2 && r.err.contains("cannot create"), "\(r.err)")
    r = try s.run(["--db", a.db, "stock", "where", "700004"], env: a.env)
    #expect(r.out == "A-01-1\t10\n", "nothing went to TRANSIT: \(r.out)")
    r = try s.run(["--db", a.db, "transfer", "send", "--to", "DLA-BALI", "700004:5@A-01-1", "700001", "-o", announcement, "--json"], env: a.env)
    #expect(r.status == 0, "\(r.err)")
    let sent = try #require(objects(r.out).first)
    let slip = try #require(sent["slip"] as? String)
    #expect(slip.hasPrefix("INVENTORY:") && sent["status"] as? String == "sent")
    r = try s.run(["--db", a.db, "stock", "where", "700004"], env: a.env)
    #expect(r.out == "A-01-1\t5\nTRANSIT\t5\n", "\(r.out)")
    // The sender cannot receive its own transfer; a point that only heard of it may not either.
    r = try s.run(["--db", a.db, "transfer", "receive", slip], env: a.env)
    #expect(r.status == 1 && r.err.contains("was sent from here to DLA-BALI: it is received there"), "\(r.err)")
    for p in [b, c] { #expect(try s.run(["--db", p.db, "transfer", "import", announcement], env: p.env).status == 0) }
    r = try s.run(["--db", c.db, "transfer", "receive", slip], env: c.env)
    #expect(r.status == 1 && r.err.contains("goes to DLA-BALI, not to DLA-BONA"), "\(r.err)")
    // Imported twice: nothing doubled.
    r = try s.run(["--db", b.db, "transfer", "import", announcement], env: b.env)
    #expect(r.out.contains("0 transfer(s) to expect, 0 of ours received, 0 cancelled, 1 unchanged"), "\(r.out)")
    // One charger arrived broken: a different quantity needs a reason.
    r = try s.run(["--db", b.db, "transfer", "receive", slip, "--qty", "700004=4"], env: b.env)
    #expect(r.status == 1 && r.err.contains("give the reason"), "\(r.err)")
    let receipt = s.file("receipt.jsonl")
    // B-01 is a shelf this point has never used: said so, or refused (a typo is no new shelf).
    r = try s.run(["--db", b.db, "transfer", "receive", slip, "--qty", "700004=4", "--reason", "un chargeur cassé", "--into", "B-01"], env: b.env)
    #expect(r.status == 2 && r.err.contains("B-01 is not a location of this point (never used): check the code, or give --new-location"), "\(r.err)")
    r = try s.run(
      ["--db", b.db, "transfer", "receive", slip, "--qty", "700004=4", "--reason", "un chargeur cassé", "--into", "B-01", "--new-location", "-o", receipt,
       "--json"],
      env: b.env)
    #expect(r.status == 0, "\(r.err)")
    #expect((objects(r.out).first?["lines"] as? [[String: Any]])?.compactMap { $0["received"] as? Int } == [4, 1])
    r = try s.run(["--db", b.db, "transfer", "receive", slip], env: b.env)
    #expect(r.status == 1 && r.err.contains("was already received on 2026-11-20 09:00 by amina.n"), "\(r.err)")
    r = try s.run(["--db", b.db, "stock", "history", "--product", "700004", "--json"], env: b.env)
    let moves = objects(r.out).map { "\($0["type"] ?? "") \($0["quantity"] ?? "") \($0["from"] as? String ?? "-")>\($0["to"] as? String ?? "-")" }
    #expect(moves == ["ADJUSTMENT 1 TRANSIT>-", "TRANSFER 4 TRANSIT>B-01", "TRANSFER 5 ->TRANSIT"], "\(moves)")
    // Back at the origin, the receipt empties TRANSIT.
    r = try s.run(["--db", a.db, "transfer", "import", receipt], env: a.env)
    #expect(r.out.contains("1 of ours received"), "\(r.out)")
    r = try s.run(["--db", a.db, "stock", "where", "700004"], env: a.env)
    #expect(r.out == "A-01-1\t5\n", "\(r.out)")
    r = try s.run(["--db", a.db, "stock", "where", "700001"], env: a.env)
    #expect(r.status == 1, "the phone left: \(r.out)")
    r = try s.run(["--db", b.db, "stock", "where", "700001"], env: b.env)
    #expect(r.out == "B-01\t1\n", "\(r.out)")
    for p in [a, b, c] { #expect(try s.run(["--db", p.db, "db", "check"], env: p.env).status == 0) }
  }

  @Test func aTransferSentByMistakeIsCancelled() throws {
    let s = Sandbox()
    let a = try point(s, "akwa", code: "DLA-AKWA", stocked: true)
    let b = try point(s, "bali", code: "DLA-BALI", stocked: false)
    let news = s.file("news.jsonl")
    var r = try s.run(["--db", a.db, "transfer", "send", "--to", "DLA-BALI", "700004:4", "-o", news, "--json"], env: a.env)
    let sent = try #require(objects(r.out).first)
    let id = try #require(sent["id"] as? Int)
    let slip = try #require(sent["slip"] as? String)
    #expect(try s.run(["--db", b.db, "transfer", "import", news], env: b.env).status == 0)
    r = try s.run(["--db", a.db, "transfer", "cancel", String(id), "--reason", " "], env: a.env)
    #expect(r.status == 1 && r.err.contains("needs a reason"), "\(r.err)")
    r = try s.run(["--db", a.db, "transfer", "cancel", String(id), "--reason", "mauvais point", "-o", news], env: a.env)
    #expect(r.status == 0 && r.out.contains("(cancelled)"), "\(r.out)\(r.err)")
    #expect(try s.run(["--db", a.db, "stock", "where", "700004"], env: a.env).out == "A-01-1\t10\n", "back where it was")
    r = try s.run(["--db", a.db, "transfer", "cancel", String(id), "--reason", "encore"], env: a.env)
    #expect(r.status == 1 && r.err.contains("is cancelled: only a transfer on its way"), "\(r.err)")
    r = try s.run(["--db", b.db, "transfer", "import", news], env: b.env)
    #expect(r.out.contains("1 cancelled, 1 unchanged"), "the file holds the announcement and the cancellation: \(r.out)")
    r = try s.run(["--db", b.db, "transfer", "receive", slip], env: b.env)
    #expect(r.status == 1 && r.err.contains("is cancelled"), "\(r.err)")
    for p in [a, b] { #expect(try s.run(["--db", p.db, "db", "check"], env: p.env).status == 0) }
  }

  @Test func movementsReversalsCountsAndTheirRefusals() throws {
    let s = Sandbox()
    let a = try point(s, "akwa", code: "DLA-AKWA", stocked: true)
    func run(_ args: [String]) throws -> Sandbox.Result { try s.run(["--db", a.db, "stock"] + args, env: a.env) }
    let refusals: [([String], Int32, String)] = [
      (["move", "--type", "PICK", "--product", "700004", "--qty", "11", "--from", "A-01-1"], 1, "only 10 of product 700004 at A-01-1"),
      (["move", "--type", "DAMAGE", "--product", "700004", "--qty", "1", "--from", "A-01-1"], 1, "a DAMAGE movement needs a reason"),
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--from", "A-01-1"], 1, "a RECEIVE puts goods somewhere"),
      (["move", "--type", "RECEIVE", "--product", "700001", "--qty", "1", "--to", "A-03", "--new-location"], 1, "single item and is already in stock at A-02"),
      (["move", "--type", "PICK", "--product", "700004", "--qty", "1", "--from", "Z-99"], 1, "this point has no location Z-99"),
      (["move", "--type", "STEAL", "--product", "700004", "--qty", "1"], 2, "--type: 'STEAL' is not one of"),
      (["move", "--type", "PICK", "--product", "700004", "--qty", "0", "--from", "A-01-1"], 1, "at least 1 unit"),
      (["move", "--type", "RECEIVE", "--product", "999999", "--qty", "1", "--to", "A-01-1"], 1, "not in the catalogue"),
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "a b"], 2, "the location 'a b'"),
      (["reverse", "INVENTORY:99", "--reason", "x"], 1, "there is no movement 99"),
      (["reverse", "1", "--reason", "  "], 1, "a reversal needs a reason"),
    ]
    let before = try shell("sqlite3", [a.db, "SELECT count(*) FROM movements; SELECT count(*) FROM audit_log"]).out
    // A supervisor reviews the stock; she does not change it.
    var supervisor = a.env
    supervisor["VGK_STAFF_USER"] = "solange.e"
    for args in [["move", "--type", "PICK", "--product", "700004", "--qty", "1", "--from", "A-01-1"], ["count", "open", "--location", "A-01-1"]] {
      let r = try s.run(["--db", a.db, "stock"] + args, env: supervisor)
      #expect(r.status == 1 && r.err.contains("solange.e: a supervisor may not change stock (see ROLES in vgk-staff(1))"), "\(args) \(r.err)")
    }
    #expect(try s.run(["--db", a.db, "stock", "where", "700004"], env: supervisor).status == 0, "she reads it")
    for (args, status, message) in refusals {
      let r = try run(args)
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    #expect(try shell("sqlite3", [a.db, "SELECT count(*) FROM movements; SELECT count(*) FROM audit_log"]).out == before, "nothing written")
    var r = try run(["move", "--type", "TRANSFER", "--product", "700004", "--qty", "3", "--from", "A-01-1", "--to", "BACK", "--json"])
    let moved = try #require(objects(r.out).first?["id"] as? Int)
    r = try run(["reverse", String(moved), "--reason", "mauvaise étagère"])
    #expect(r.status == 0 && r.out.contains("TRANSFER 3 x 700004") && r.out.contains("BACK -> A-01-1") && r.out.contains("reverses #\(moved)"), "\(r.out)")
    r = try run(["reverse", String(moved), "--reason", "encore"])
    #expect(r.status == 1 && r.err.contains("was already reversed by movement"), "\(r.err)")
    // A blind count: what is expected is never shown before closing.
    r = try run(["count", "open", "--location", "A-01-1", "--json"])
    let count = try #require(objects(r.out).first?["id"] as? Int)
    r = try run(["count", "open", "--location", "A-01-1"])
    #expect(r.status == 1 && r.err.contains("A-01-1 is already being counted"), "\(r.err)")
    r = try run(["count", "add", String(count), "PRODUCT:700004"])
    r = try run(["count", "add", String(count), "700004"])
    #expect(r.out == "Count \(count): 2 x 700004 Chargeur Tecno at A-01-1.\n" && !r.out.contains("10"), "\(r.out)")
    r = try run(["count", "add", String(count), "700004", "--qty", "8"])
    r = try run(["count", "show", String(count), "--json"])
    #expect((objects(r.out).first?["results"] as? [Any])?.isEmpty == true, "blind while open")
    r = try run(["count", "close", String(count), "--yes"])
    #expect(r.status == 0 && r.out.contains("A-01-1\t700004\tcounted 8\texpected 10\t-2\tChargeur Tecno"), "\(r.out)")
    r = try run(["where", "700004"])
    #expect(r.out == "A-01-1\t8\n")
    r = try run(["count", "add", String(count), "700004"])
    #expect(r.status == 1 && r.err.contains("count \(count) is closed"), "\(r.err)")
    r = try run(["count", "accuracy", "--json"])
    #expect(objects(r.out).first?["confirmed"] as? Int == 0 && objects(r.out).first?["lines"] as? Int == 1, "\(r.out)")
    // Thresholds and alerts.
    #expect(try run(["alerts"]).status == 1)
    #expect(try run(["threshold", "--product", "700004", "9"]).status == 0)
    r = try run(["alerts", "--json"])
    #expect(objects(r.out).first?["threshold_from"] as? String == "point" && objects(r.out).first?["stock"] as? Int == 8, "\(r.out)")
    // A file of movements: all or nothing.
    let bad = s.write("moves.csv", "type,product_id,quantity,from,to,reason\nRECEIVE,700004,5,,A-01-1,\nPICK,700004,99,A-01-1,,\nDAMAGE,700004,1,A-01-1,,\n")
    r = try run(["import", bad])
    #expect(r.status == 2 && r.err.contains("moves.csv:3: only 13 of product 700004") && r.err.contains("moves.csv:4: a DAMAGE movement needs a reason"), "\(r.err)")
    #expect(try run(["where", "700004"]).out == "A-01-1\t8\n", "nothing posted")
    let good = s.write("good.csv", "type,product_id,quantity,from,to,reason\nRECEIVE,700004,5,,A-01-1,\nDAMAGE,700004,1,A-01-1,,écran fendu\n")
    #expect(try run(["import", good]).out.contains("2 movements posted"))
    r = try run(["history", "--location", "A-01-1", "--limit", "2"])
    #expect(r.out.contains("DAMAGE 1 x 700004") && r.out.contains("More: --before"), "\(r.out)")
    #expect(try s.run(["--db", a.db, "db", "check"], env: a.env).status == 0)
  }

  /// Closing a count shows its differences first (counted / expected / difference, then what
  /// nobody counted, written off) and posts them only with --yes; --expect posts them only if
  /// they are still those shown; a count where nothing was counted writes off only with
  /// --nothing-counted as well.
  @Test func aCountCloseShowsItsDifferencesAndPostsThemOnlyWhenConfirmed() throws {
    let s = Sandbox()
    let a = try point(s, "akwa", code: "DLA-AKWA", stocked: true)
    func run(_ args: [String]) throws -> Sandbox.Result { try s.run(["--db", a.db, "stock"] + args, env: a.env) }
    func ledger() throws -> String { try shell("sqlite3", [a.db, "SELECT count(*) FROM movements; SELECT group_concat(status) FROM stock_counts"]).out }
    #expect(try run(["move", "--type", "RECEIVE", "--product", "700001", "--qty", "1", "--to", "A-02"]).status == 1)
    var r = try run(["count", "open", "--location", "A-01-1", "--json"])
    let count = String(try #require(objects(r.out).first?["id"] as? Int))
    _ = try run(["count", "add", count, "700004", "--qty", "8"])
    let before = try ledger()
    r = try run(["count", "close", count])
    #expect(r.status == 1 && r.out.contains("A-01-1\t700004\tcounted 8\texpected 10\t-2\tChargeur Tecno"), "\(r.out)")
    #expect(r.err.contains("nothing was posted: add --yes to post these 1 difference"), "\(r.err)")
    let fingerprint = try #require(r.out.split(separator: " ").last.map { String($0.dropLast()) })
    #expect(fingerprint.count == 16, "\(r.out)")
    r = try run(["count", "close", count, "--json"])
    let shown = try #require(objects(r.out).first)
    #expect(r.status == 1 && shown["fingerprint"] as? String == fingerprint && shown["differences"] as? Int == 1, "\(r.out)")
    #expect((shown["counted"] as? [[String: Any]])?.first?["expected"] as? Int == 10)
    // Another look found two more: the differences shown before are no longer what would post.
    _ = try run(["count", "add", count, "700004", "--qty", "10"])
    for bogus in [fingerprint, "", "zzzz", String(repeating: "0", count: 300), "'; DROP TABLE movements; --"] {
      r = try run(["count", "close", count, "--yes", "--expect", bogus])
      #expect(r.status == 1 && r.err.contains("are no longer those of fingerprint"), "\(bogus): \(r.err)")
    }
    #expect(try ledger() == before, "nothing posted")
    r = try run(["count", "close", count, "--json"])
    #expect(r.status == 0 && objects(r.out).first?["status"] as? String == "closed", "no difference left: nothing to confirm \(r.out)")
    // Nothing counted: everything at A-02 would go; that takes --nothing-counted as well.
    r = try run(["count", "open", "--location", "A-02", "--json"])
    let empty = String(try #require(objects(r.out).first?["id"] as? Int))
    r = try run(["count", "close", empty, "--yes"])
    #expect(r.status == 1 && r.out.contains("Not counted, written off (expected -> 0):\n  A-02\t700001\tnot counted\texpected 1\t-1"), "\(r.out)")
    #expect(r.err.contains("nothing was counted in count \(empty): closing it writes off 1 unit of 1 product; if nothing is there, add --nothing-counted"), "\(r.err)")
    #expect(try run(["where", "700001"]).out == "A-02\t1\n")
    r = try run(["count", "close", empty, "--yes", "--nothing-counted"])
    #expect(r.status == 0 && r.out.contains("Count \(empty) closed: 1 line, 1 adjusted."), "\(r.out)")
    #expect(try run(["where", "700001"]).status == 1)
    for (args, status) in [(["count", "close", "abc", "--yes"], Int32(2)), (["count", "close", "999", "--yes"], 1), (["count", "close", count, "--yes"], 1)] {
      #expect(try run(args).status == status, "\(args)")
    }
    #expect(try s.run(["--db", a.db, "db", "check"], env: a.env).status == 0)
  }

  /// A location code the point has never used is refused (exit 2), named, unless --new-location
  /// says it is meant; TRANSIT is never counted.
  @Test func aNewLocationNeedsSaying() throws {
    let s = Sandbox()
    let a = try point(s, "akwa", code: "DLA-AKWA", stocked: true)
    func run(_ args: [String]) throws -> Sandbox.Result { try s.run(["--db", a.db, "stock"] + args, env: a.env) }
    let before = try shell("sqlite3", [a.db, "SELECT count(*) FROM movements; SELECT count(*) FROM locations"]).out
    let refusals: [([String], Int32, String)] = [
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "ZZZ-9"], 2,
       "ZZZ-9 is not a location of this point (never used): check the code, or give --new-location to create it"),
      (["move", "--type", "TRANSFER", "--product", "700004", "--qty", "1", "--from", "A-01-1", "--to", "backk"], 2, "BACKK is not a location"),
      (["count", "open", "--location", "A-01-1", "--location", "Q-1", "--location", "Q-2"], 2,
       "Q-1, Q-2 are not locations of this point (never used): check the code, or give --new-location to create them"),
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "a b", "--new-location"], 2, "the location 'a b' may hold only"),
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "ZZZ-9\u{202E}", "--new-location"], 2, "may hold only"),
      (["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", String(repeating: "A", count: 17), "--new-location"], 2,
       "must be 1 to 16 characters"),
      (["count", "open", "--location", "TRANSIT"], 1, "TRANSIT holds transfers on their way: it is not counted"),
    ]
    for (args, status, message) in refusals {
      let r = try run(args)
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    #expect(try shell("sqlite3", [a.db, "SELECT count(*) FROM movements; SELECT count(*) FROM locations"]).out == before, "nothing written")
    // Lower case is the same code; said to be new, it is created.
    var r = try run(["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "zzz-9", "--new-location"])
    #expect(r.status == 0 && r.out.contains("-> ZZZ-9"), "\(r.out)\(r.err)")
    r = try run(["move", "--type", "RECEIVE", "--product", "700004", "--qty", "1", "--to", "zzz-9"])
    #expect(r.status == 0, "known now: \(r.err)")
    r = try run(["count", "open", "--location", "Q-1", "--new-location"])
    #expect(r.status == 0 && r.out.contains("Count 1 open for Q-1."), "\(r.out)\(r.err)")
  }
}

/// The slip scanned at the destination: the scan shows the transfer to receive.
@Suite struct TransferScanTests {
  @Test func aSlipScannedWhereItIsGoingShowsTheTransfer() throws {
    let s = Sandbox()
    let t = StockCommandTests()
    let a = try t.point(s, "akwa", code: "DLA-AKWA", stocked: true)
    let b = try t.point(s, "bali", code: "DLA-BALI", stocked: false)
    let announcement = s.file("a.jsonl")
    var r = try s.run(["--db", a.db, "transfer", "send", "--to", "DLA-BALI", "700004:2", "-o", announcement, "--json"], env: a.env)
    let slip = try #require((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any])["slip"] as? String
    let slipText = try #require(slip)
    r = try s.run(["--db", b.db, "scan", "--payload", slipText], env: b.env)
    #expect(r.status == 1 && r.out.contains("no stock movement"), "not announced yet: \(r.out)")
    _ = try s.run(["--db", b.db, "transfer", "import", announcement], env: b.env)
    r = try s.run(["--db", b.db, "scan", "--payload", slipText, "--json"], env: b.env)
    let scan = try #require((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any])
    let transfer = try #require(scan["transfer"] as? [String: Any])
    #expect(scan["outcome"] as? String == "shown" && transfer["from"] as? String == "DLA-AKWA" && transfer["status"] as? String == "sent")
    r = try s.run(["--db", b.db, "scan", "--payload", slipText], env: b.env)
    #expect(r.out.contains("TRANSFER 1  from DLA-AKWA") && r.out.contains("2 x 700004 Chargeur Tecno") && r.out.contains("transfer receive \(slipText)"), "\(r.out)")
  }
}
