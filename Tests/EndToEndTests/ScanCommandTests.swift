import Foundation
import GRDB
import StaffDomain
import StaffStore
import Testing

/// A database on disk in a sandbox, set up through the store (as `init` and `import` would),
/// with `readyOrders` ready orders 6000001... (code `CODE` + 2 digits) stocked on their shelves.
func counterSandbox(readyOrders: Int = 3) throws -> (Sandbox, String) {
  let s = Sandbox()
  let path = s.file("vgk.sqlite")
  let key = try KeyStore(directory: s.file("keys")).pickupCodeKey(create: true)
  let now = try Timestamp.parse("2026-11-20T08:00:00+01:00").get()
  let database = try AppDatabase.open(path: path, create: true)
  _ = try PointSetup.initialise(database, pointCode: "DLA-E2E", name: "E2E point", key: key, kind: .training, now: now)
  let products = s.write(
    "products.csv", "id,title,category,price_fcfa,unique_item\n100001,Radio Tecno,Maison,8000,false\n100002,Lampe solaire,Maison,6000,true\n")
  let staff = s.write(
    "staff.csv",
    "login,full_name,role\namina.n,Amina Njoya,clerk\nbrice.k,Brice Kamga,clerk\nsolange.e,Solange Ekambi,supervisor\n")
  var orders = "order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,updated_at,product_id,title,quantity,unit_price_fcfa\n"
  let ready = "2026-11-19T10:00:00+01:00"
  orders += "1040001,30001,Marie Ngono,K7Q2MX9A,ready,P-01,2026-11-18T09:00:00+01:00,\(ready),100002,Lampe solaire,1,6000\n"
  for n in 1...readyOrders {
    orders += "\(6_000_000 + n),\(40000 + n),Client \(n) Test,CODE\(String(format: "%02d", n)),ready,S-\(n),"
    orders += "2026-11-18T09:00:00+01:00,\(ready),100001,Radio Tecno,1,8000\n"
  }
  // The ready orders' items come into stock on their shelves with the import.
  for (kind, file) in [(ImportKind.products, products), (.staff, staff), (.orders, s.write("orders.csv", orders))] {
    _ = try Importer.importFile(kind, path: file, into: database, keys: KeyStore(directory: s.file("keys")), now: now)
  }
  return (s, path)
}

private let pinned = "2026-11-20T12:00:00+01:00"
private let pinnedSeconds: Int64 = 1_795_172_400  // the same instant as `pinned`

private func json(_ line: Substring) -> [String: Any] {
  (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
}

@Suite struct ScanCommandTests {
  @Test func twoTerminalsRacingToConfirmHandEachOrderOverOnce() throws {
    let rounds = 20
    let (s, db) = try counterSandbox(readyOrders: rounds)
    let names = ["amina.n": "Amina Njoya", "brice.k": "Brice Kamga"]
    for n in 1...rounds {
      let order = 6_000_000 + n
      let payload = "ORDER:\(order):CODE\(String(format: "%02d", n))"
      var runs: [(process: Process, out: String, err: String, staff: String)] = []
      for (staff, terminal) in [("amina.n", "counter-1"), ("brice.k", "counter-2")] {
        let p = try s.start(
          ["--db", db, "scan", "--payload", payload, "--confirm", "--staff", staff],
          env: ["VGK_STAFF_NOW": pinned, "VGK_STAFF_TERMINAL": terminal])
        runs.append((p.process, p.out, p.err, staff))
      }
      var winners: [String] = []
      var losers: [String] = []
      for r in runs {
        r.process.waitUntilExit()
        let out = (try? String(contentsOfFile: r.out, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: r.err, encoding: .utf8)) ?? ""
        switch r.process.terminationStatus {
        case 0:
          #expect(out.hasPrefix("HANDED OVER  order \(order) by \(names[r.staff] ?? "?") (\(r.staff)) on 2026-11-20 12:00"), "\(out)")
          winners.append(r.staff)
        case 1: losers.append(out)
        default: Issue.record("round \(n): status \(r.process.terminationStatus): \(out)\(err)")
        }
      }
      #expect(winners.count == 1 && losers.count == 1, "round \(n): \(winners) \(losers)")
      if let winner = winners.first, let loser = losers.first {
        let terminal = winner == "amina.n" ? "counter-1" : "counter-2"
        #expect(
          loser == "REFUSED  Already handed over: order \(order) was handed over by \(names[winner] ?? "?") (\(winner)) "
            + "on 2026-11-20 12:00 at \(terminal). Do not hand anything over.\n", "round \(n)")
      }
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*), count(DISTINCT order_id) FROM handovers WHERE order_id > 6000000"]).out == "\(rounds)|\(rounds)\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM outbox WHERE event_type = 'order.picked_up'"]).out == "\(rounds)\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM movements WHERE type = 'PICK'"]).out == "\(rounds)\n")
    let check = try s.run(["--db", db, "db", "check"])
    #expect(check.status == 0, "\(check.out)")
  }

  @Test func jsonIsOneObjectPerScanWithAStableShape() throws {
    let (s, db) = try counterSandbox()
    let env = ["VGK_STAFF_NOW": pinned, "VGK_STAFF_TERMINAL": "t1", "VGK_STAFF_USER": "amina.n"]
    let keys = ["scan", "file", "payload", "kind", "outcome", "reason", "code", "order", "product", "movement", "transfer", "handover"]
    var r = try s.run(["--db", db, "scan", "--json", "--payload", "ORDER:6000001:CODE01"], env: env)
    #expect(r.status == 0, "\(r.err)")
    var lines = r.out.split(separator: "\n")
    #expect(lines.count == 1)
    let o = json(lines[0])
    #expect(Set(o.keys) == Set(keys))
    #expect(o["payload"] as? String == "ORDER:6000001:***" && o["kind"] as? String == "order" && o["outcome"] as? String == "verified")
    #expect(o["reason"] is NSNull && o["handover"] is NSNull && o["product"] is NSNull)
    let order = o["order"] as? [String: Any] ?? [:]
    #expect(order["id"] as? Int == 6_000_001 && order["customer"] as? String == "C*** 1*** T***" && order["shelf"] as? String == "S-1")
    #expect(order["hold_until"] as? String == "2026-11-26T10:00:00+01:00" && order["total_fcfa"] as? Int == 8000)
    let items = order["items"] as? [[String: Any]] ?? []
    #expect(items.count == 1 && items.first?["title"] as? String == "Radio Tecno" && items.first?["unit_price_fcfa"] as? Int == 8000)
    #expect(!r.out.contains("CODE01"))

    // Files: a product photo, an order slip handed over, a photo without a code, a file that is not an image.
    let notImage = s.write("notes.txt", "hello")
    let files = [
      packageRoot + "/Fixtures/scan/product-100001.jpg", packageRoot + "/Fixtures/scan/order-1040001.png",
      packageRoot + "/Fixtures/scan/no-code.jpg", notImage,
    ]
    r = try s.run(["--db", db, "scan", "--json", "--confirm"] + files, env: env)
    #expect(r.status == 2, "\(r.err)")
    lines = r.out.split(separator: "\n")
    #expect(lines.count == 4, "\(r.out)")
    guard lines.count == 4 else { return }
    let objects = lines.map(json)
    #expect(objects.allSatisfy { Set($0.keys) == Set(keys) })
    #expect(objects.map { $0["outcome"] as? String ?? "?" } == ["wrong_kind", "handed_over", "no_code", "unreadable"])
    #expect(objects.map { $0["file"] as? String ?? "?" } == files)
    #expect(objects[0]["reason"] as? String == "Wrong kind of code: this is a product code, not an order code.")
    let handover = objects[1]["handover"] as? [String: Any] ?? [:]
    #expect(handover["staff"] as? String == "amina.n" && handover["terminal"] as? String == "t1" && handover["at"] as? String == pinned)
    #expect((objects[2]["payload"] is NSNull) && (objects[3]["reason"] as? String ?? "").hasPrefix("Unreadable image: "))
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM scans WHERE content_sha256 IS NOT NULL"]).out == "4\n")

    // Without --confirm a product photo shows its stock; text output for a clerk.
    r = try s.run(["--db", db, "scan", packageRoot + "/Fixtures/scan/product-100001.jpg"], env: env)
    #expect(r.status == 0)
    #expect(r.out.hasSuffix("product-100001.jpg: PRODUCT 100001  Radio Tecno  8\u{202F}000\u{00A0}FCFA (good condition, Maison)\n" + packageRoot + "/Fixtures/scan/product-100001.jpg:   Stock       S-1 1, S-2 1, S-3 1 (3 in all)\n"), "\(r.out)")
  }

  @Test func theLockoutFollowsThePinnedClock() throws {
    let (s, db) = try counterSandbox()
    func scan(_ payload: String, at now: String, _ extra: [String] = []) throws -> Sandbox.Result {
      try s.run(["--db", db, "scan", "--payload", payload] + extra, env: ["VGK_STAFF_NOW": now, "VGK_STAFF_USER": "amina.n"])
    }
    for n in 1...4 {
      let r = try scan("ORDER:6000002:WRONG\(n)", at: String(pinnedSeconds + Int64(n)))
      #expect(r.status == 1)
      #expect(r.out.contains("\(5 - n) more wrong code"), "\(r.out)")
    }
    var r = try scan("ORDER:6000002:WRONG5", at: String(pinnedSeconds + 5))
    #expect(r.out.contains("Order number 6000002 is now locked until 2026-11-20 12:30"), "\(r.out)")
    // The same five attempts on a number no order has: the same answers, the same lock.
    for n in 1...4 { _ = try scan("ORDER:6999999:WRONG\(n)", at: String(pinnedSeconds + Int64(n))) }
    let unknown = try scan("ORDER:6999999:WRONG5", at: String(pinnedSeconds + 5))
    #expect(unknown.status == r.status && unknown.out == r.out.replacingOccurrences(of: "6000002", with: "6999999"))
    // One second before the lock ends, the right code is refused; at its end, it is accepted.
    r = try scan("ORDER:6000002:CODE02", at: String(pinnedSeconds + 1804), ["--confirm"])
    #expect(r.status == 1 && r.out.hasPrefix("REFUSED  Order number 6000002 is locked after repeated wrong codes until 2026-11-20 12:30"), "\(r.out)")
    r = try scan("ORDER:6000002:CODE02", at: "2026-11-20T12:30:05+01:00", ["--confirm"])
    #expect(r.status == 0 && r.out.hasPrefix("HANDED OVER  order 6000002 by Amina Njoya (amina.n) on 2026-11-20 12:30"), "\(r.out)\(r.err)")
    // A bad clock is bad input.
    r = try scan("PRODUCT:100001", at: "yesterday")
    #expect(r.status == 2 && r.err.contains("VGK_STAFF_NOW: 'yesterday' is not a time like 2026-11-20T09:30:00+01:00"))
  }

  @Test func unlockAndExpireFromTheCommandLine() throws {
    let (s, db) = try counterSandbox()
    try giveSecrets(s, db)
    let env = ["VGK_STAFF_NOW": pinned]
    for n in 1...5 {
      _ = try s.run(["--db", db, "scan", "--payload", "ORDER:6000003:BAD00\(n)"], env: env)
    }
    var r = try s.run(["--db", db, "orders", "unlock", "6000003", "--staff", "amina.n"], env: env)
    #expect(r.status == 1 && r.err == "vgk-staff: amina.n: a clerk may not unlock orders (see ROLES in vgk-staff(1))\n")
    r = try s.run(["--db", db, "orders", "unlock", "6000003"], env: env)
    #expect(r.status == 2 && r.err.contains("pass --staff LOGIN or set VGK_STAFF_USER"))
    r = try s.run(["--db", db, "orders", "unlock", "06000003", "--staff", "solange.e"], env: env)
    #expect(r.status == 2 && r.err.contains("the order id has a leading zero or is zero"))
    // A supervisor's name on the command line is not enough: their password, on standard input.
    r = try s.run(["--db", db, "orders", "unlock", "6000003", "--staff", "solange.e"], env: env)
    #expect(r.status == 2 && r.err.contains("no secret on standard input"), "\(r.err)")
    r = try s.run(["--db", db, "orders", "unlock", "6000003", "--staff", "solange.e"], env: env, input: "not-her-password\n")
    #expect(r.status == 1 && r.err.contains("solange.e: wrong login or secret"), "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE action = 'order.unlocked'"]).out == "0\n")
    r = try s.run(
      ["--db", db, "orders", "unlock", "6000003", "--json"], env: env.merging(["VGK_STAFF_USER": "solange.e"]) { $1 }, input: "solange-pass\n")
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out == "{\"order\":6000003,\"lifted\":\"timed\",\"locked_until\":\"2026-11-20T12:30:00+01:00\",\"failed_attempts\":0,\"lifetime_failed_attempts\":5,\"staff\":\"solange.e\"}\n")
    // An order that is not locked and one that does not exist get the same answer.
    r = try s.run(["--db", db, "orders", "unlock", "6000003", "--staff", "solange.e"], env: env, input: "solange-pass\n")
    #expect(r.status == 1 && r.err == "vgk-staff: order 6000003 is not locked; nothing changed\n", "\(r.err)")
    r = try s.run(["--db", db, "orders", "unlock", "6000099", "--staff", "solange.e"], env: env, input: "solange-pass\n")
    #expect(r.status == 1 && r.err == "vgk-staff: order 6000099 is not locked; nothing changed\n", "\(r.err)")
    // Expiry: nothing before the hold ends (2026-11-26 10:00), then every ready order, once.
    r = try s.run(["--db", db, "orders", "expire"], env: ["VGK_STAFF_NOW": "2026-11-26T10:00:00+01:00"])
    #expect(r.status == 0 && r.out == "No ready order is past its hold at 2026-11-26 10:00.\n")
    r = try s.run(["--db", db, "orders", "expire", "--json"], env: ["VGK_STAFF_NOW": "2026-11-26T10:00:01+01:00"])
    #expect(r.status == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 5, "\(r.out)")
    #expect(lines.dropLast().map { json($0)["order"] as? Int ?? 0 } == [1_040_001, 6_000_001, 6_000_002, 6_000_003])
    #expect(lines.last == "{\"returned\":4,\"at\":\"2026-11-26T10:00:01+01:00\"}")
    r = try s.run(["--db", db, "orders", "expire"], env: ["VGK_STAFF_NOW": "2026-11-27T10:00:00+01:00"])
    #expect(r.out == "No ready order is past its hold at 2026-11-27 10:00.\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tasks WHERE source_key LIKE 'order-return:%'"]).out == "4\n")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func badScansAndBadUsageExitWithTwo() throws {
    let (s, db) = try counterSandbox()
    let env = ["VGK_STAFF_NOW": pinned]
    let cases: [([String], String?)] = [
      (["scan"], "Give image files or --payload TEXT."),
      (["scan", "--payload", "PRODUCT:1", "a.jpg"], "Give either image files or --payload, not both."),
      (["scan", "--confirm", "--payload", "ORDER:6000001:CODE01"], "--confirm needs your staff login"),
      (["scan", "--staff", "Amina", "--payload", "PRODUCT:1"], "--staff: a staff login must start with a lower-case letter"),
      (["scan", "--staff", "nobody", "--payload", "PRODUCT:1"], "'nobody' is not a staff login of this point"),
      (["scan", "--payload", "ORDER:6000001:code01"], nil),
      (["scan", "--payload", "ORDER:6000001:CODE01' OR 1=1 --"], nil),
    ]
    for (args, message) in cases {
      let r = try s.run(["--db", db] + args, env: env)
      #expect(r.status == 2, "\(args): \(r.status) \(r.out) \(r.err)")
      if let message { #expect(r.err.contains(message), "\(args): \(r.err)") }
    }
    let r = try s.run(["--db", db, "scan", "--payload", "ORDER:6000001:code01"], env: env)
    #expect(r.out == "REFUSED  Not a VGK code: pickup code may hold only digits and capital letters A-Z.\n")
    // Nothing but the two rejected scans was written.
    #expect(try shell("sqlite3", [db, "SELECT count(*), min(outcome), max(outcome) FROM scans"]).out == "3|rejected|rejected\n")
    // The setup's rows: the point and its kind, three imports and the four items they received.
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log"]).out == "9\n")
  }
}

@Suite struct DemoPickupTests {
  @Test func theDemoPrintsAPickupCodeThatWorks() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    let r = try s.run(["demo", "--db", db], env: ["VGK_STAFF_NOW": pinned])
    #expect(r.status == 0, "\(r.err)")
    let hint = try #require(r.err.split(separator: "\n").first { $0.hasPrefix("Try a pickup: ") })
    #expect(hint == "Try a pickup: VGK_STAFF_KEYS=\(s.path)/demo-keys vgk-staff --db \(db) scan --staff amina.n --payload ORDER:1040054:KL0CBWFF")
    let words = hint.split(separator: " ").map(String.init)
    let keys = String(words[3].dropFirst("VGK_STAFF_KEYS=".count))
    let args = Array(words[5...]) + ["--confirm"]
    let scan = try s.run(args, env: ["VGK_STAFF_KEYS": keys, "VGK_STAFF_NOW": "2026-11-20T12:05:00+01:00"])
    #expect(scan.status == 0, "\(scan.out)\(scan.err)")
    #expect(scan.out.hasPrefix("HANDED OVER  order 1040054 by Amina Njoya (amina.n) on 2026-11-20 12:05"))
    // Orders in every state are there, and each state answers the right code as it should.
    let states = try shell("sqlite3", [db, "SELECT group_concat(status, ',') FROM (SELECT DISTINCT status FROM orders ORDER BY 1)"])
    #expect(states.out == "cancelled,expected,picked_up,ready,received,returned\n")
    let expected = try s.run(["--db", db, "scan", "--payload", "ORDER:1040023:UD58SHLJ"], env: ["VGK_STAFF_KEYS": keys, "VGK_STAFF_NOW": pinned])
    #expect(expected.status == 1 && expected.out == "REFUSED  Not here yet: order 1040023 has not arrived at the point.\n")
  }
}

/// `scan` says a refusal in the command line's language (config `lang`, else the locale), and
/// `--json` keeps its English reason for scripts with the message's code beside it.
@Suite struct ScanLanguageTests {
  /// `link status` of a point without a link (its ledger's two movements wait), in French and in English.
  @Test func theLinksStatusInTheReadersLanguage() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let french = ["VGK_STAFF_NOW": pinned, "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"]
    var r = try s.run(["--db", db, "link", "status"], env: french)
    #expect(r.status == 0, "\(r.err)")
    #expect(
      r.out == "Liaison\u{00A0}:      non configurée (link_url n'est pas fixé)\nÉtat\u{00A0}:        éteinte\n"
        + "En attente\u{00A0}:  2 événements, le plus ancien du 2026-11-19T10:00:00+01:00\nDernier contact\u{00A0}: jamais\nCurseur du flux\u{00A0}: 0\n", "\(r.out)")
    r = try s.run(["--db", db, "link", "status"], env: ["VGK_STAFF_NOW": pinned])
    #expect(
      r.out == "Link:          not configured (link_url is not set)\nState:         off\nWaiting:       2 events, the oldest from 2026-11-19T10:00:00+01:00\n"
        + "Last contact:  never\nFeed cursor:   0\n", "\(r.out)")
  }

  @Test func aWrongCodeIsRefusedInFrenchUnderAFrenchLocaleAndInEnglishOtherwise() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let french = ["VGK_STAFF_NOW": pinned, "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"]
    var r = try s.run(["--db", db, "scan", "--payload", "ORDER:6000001:WRONG1", "--staff", "amina.n"], env: french)
    #expect(r.status == 1)
    #expect(
      r.out
        == "REFUSÉ  Code refusé\u{00A0}: mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client\u{00A0}: "
        + "encore 4 codes faux bloquent la commande 6000001 pendant 30 minutes.\n", "\(r.out)\(r.err)")
    // A payload that breaks the grammar, in French too (exit status 2: bad input).
    r = try s.run(["--db", db, "scan", "--payload", "PRODUCT: 1"], env: french)
    #expect(r.status == 2 && r.out == "REFUSÉ  Pas un code VGK\u{00A0}: espace en position 9 (un code VGK n'a pas d'espace).\n", "\(r.out)\(r.err)")
    // What a scan shows is French too, values as they are stored.
    r = try s.run(["--db", db, "scan", "--payload", "PRODUCT:100001"], env: french)
    let product = r.out.split(separator: "\n").map(String.init)
    #expect(r.status == 0 && product.count == 2, "\(r.out)\(r.err)")
    #expect(product.first?.hasPrefix("PRODUIT 100001  Radio Tecno  8\u{202F}000\u{00A0}FCFA (") == true, "\(r.out)")
    #expect(product.last?.hasPrefix("  Stock       ") == true && !r.out.contains("PRODUCT") && !r.out.contains(" in all"), "\(r.out)")
    // The config's `lang` wins over the locale.
    let config = s.write("config", "lang = en\n")
    r = try s.run(["--config", config, "--db", db, "scan", "--payload", "ORDER:6000001:WRONG2"], env: french)
    #expect(r.out.hasPrefix("REFUSED  Code not accepted: wrong pickup code or unknown order number. Check the code with the customer: 3 more"), "\(r.out)")
    // JSON: the same fields as ever, the English reason, and the code.
    r = try s.run(["--db", db, "scan", "--json", "--payload", "ORDER:6000001:WRONG3"], env: french)
    let object = json(r.out.split(separator: "\n").first ?? "")
    #expect(object["code"] as? String == "pickup.code_refused_tries_timed")
    #expect((object["reason"] as? String)?.hasPrefix("Code not accepted: wrong pickup code") == true)
    #expect(object["outcome"] as? String == "code_refused")
    // The scan log kept the facts: the console reads the tries left from them.
    let stored = try shell("sqlite3", [db, "SELECT json_extract(message, '$.code') FROM scans ORDER BY id DESC LIMIT 1"]).out
    #expect(stored == "pickup.code_refused_tries_timed\n")
  }
}
