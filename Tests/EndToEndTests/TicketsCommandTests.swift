import Foundation
import Testing

private func objects(_ out: String) -> [[String: Any]] {
  out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

/// `vgk-staff tickets` and `keys rotate` end to end, the clock pinned.
@Suite struct TicketsCommandTests {
  func env(_ s: Sandbox, _ offset: Int64) -> [String: String] {
    ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": String(1_795_161_600 + offset)]  // 2026-11-20 09:00 + offset
  }

  @Test func aTicketFromTheCounterToItsRating() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db, env: env(s, -3600))
    var r = try s.run(
      ["--db", db, "tickets", "open", "--phone", "+237 690 11 22 33", "--name", "Aïssatou Bello", "--category", "damaged",
       "--priority", "HIGH", "--subject", "Écran fissuré", "--message", "L'écran est arrivé fissuré.", "--order", "1040001", "--json"],
      env: env(s, 0))
    #expect(r.status == 0, "\(r.err)")
    let opened = try #require(objects(r.out).first)
    #expect(opened["customer"] as? String == "A*** B***" && opened["phone"] as? String == "••••••••••33")
    #expect(opened["response_seconds_left"] as? Int == 4 * 3600 && opened["status"] as? String == "new")
    r = try s.run(["--db", db, "tickets", "reply", "1", "--waiting", "Pouvez-vous nous envoyer une photo ?", "--json"], env: env(s, 1800))
    #expect(objects(r.out).first?["status"] as? String == "waiting_customer")
    // Three hours waiting for the photo: the resolution clock stood still.
    r = try s.run(["--db", db, "tickets", "message", "1", "--channel", "whatsapp", "Voilà la photo", "--json"], env: env(s, 12_600))
    let back = try #require(objects(r.out).first)
    #expect(back["status"] as? String == "open" && back["paused_seconds"] as? Int == 10_800)
    #expect(back["resolution_seconds_left"] as? Int == 86400 + 10_800 - 12_600)
    _ = try s.run(["--db", db, "tickets", "note", "1", "Remboursement demandé au vendeur"], env: env(s, 13_000))
    r = try s.run(["--db", db, "tickets", "close", "1", "--rating", "6"], env: env(s, 14_000))
    #expect(r.status == 2 && r.err.contains("a rating is from 1 to 5, not 6"), "\(r.err)")
    r = try s.run(["--db", db, "tickets", "rate", "1", "0"], env: env(s, 14_000))
    #expect(r.status == 2 && r.err.contains("a rating is from 1 to 5, not 0"), "\(r.err)")
    _ = try s.run(["--db", db, "tickets", "resolve", "1"], env: env(s, 20_000))
    r = try s.run(["--db", db, "tickets", "reopen", "1", "--json"], env: env(s, 30_000))
    #expect(objects(r.out).first?["reopened"] as? Int == 1)
    _ = try s.run(["--db", db, "tickets", "close", "1", "--rating", "4"], env: env(s, 40_000))
    r = try s.run(["--db", db, "tickets", "show", "1", "--json"], env: env(s, 41_000))
    let shown = try #require(objects(r.out).first)
    #expect((shown["messages"] as? [[String: Any]])?.compactMap { $0["direction"] as? String } == ["in", "out", "in", "note"])
    #expect(shown["rating"] as? Int == 4)
    r = try s.run(["--db", db, "tickets", "metrics", "--json", "--from", "2026-11-20T00:00:00+01:00", "--to", "2026-11-21T00:00:00+01:00"], env: env(s, 50_000))
    let m = try #require(objects(r.out).first)
    #expect(m["opened"] as? Int == 1 && m["resolved"] as? Int == 1 && m["median_first_response_seconds"] as? Int == 1800)
    #expect(m["reopen_permille"] as? Int == 1000 && m["mean_rating_tenths"] as? Int == 40)
    // One's own figures, anyone; someone else's, supervisors and admins (proven by the password).
    let window = ["--from", "2026-11-20T00:00:00+01:00", "--to", "2026-11-21T00:00:00+01:00"]
    r = try s.run(["--db", db, "tickets", "metrics", "--of", "amina.n"] + window, env: env(s, 50_000))
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(["--db", db, "tickets", "metrics", "--of", "brice.k"] + window, env: env(s, 50_000))
    #expect(r.status == 1 && r.err.contains("a clerk may not read the team's performance"), "\(r.err)")
    r = try s.run(["--db", db, "tickets", "metrics", "--of", "brice.k", "--staff", "solange.e"] + window, env: env(s, 50_000), input: "solange-pass\n")
    #expect(r.status == 0, "\(r.err)")
    // The phone in clear, once asked for: audited.
    r = try s.run(["--db", db, "tickets", "reveal", "1"], env: env(s, 50_000))
    #expect(r.out == "+237690112233\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE action = 'ticket.phone_revealed'"]).out == "1\n")
    // Found again by phone, written another way.
    r = try s.run(["--db", db, "tickets", "open", "--phone", "690112233", "--category", "other", "--subject", "Encore", "--json"], env: env(s, 60_000))
    #expect(objects(r.out).first?["customer"] as? String == "A*** B***")
    // Nothing of it is in the database's bytes, before and after a rotation.
    for _ in 0..<2 {
      for file in [db, db + "-wal"] {
        let bytes = FileManager.default.contents(atPath: file) ?? Data()
        for secret in ["690112233", "Aïssatou", "Bello", "fissuré.", "Voilà la photo", "Remboursement"] {
          #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)")
        }
      }
      r = try s.run(["--db", db, "keys", "rotate"], env: env(s, 70_000), input: "2468\n")
      #expect(r.status == 1 && r.err.contains("amina.n: a clerk may not manage staff accounts"), "an admin's work: \(r.err)")
      r = try s.run(["--db", db, "keys", "rotate", "--staff", "admin.e2e"], env: env(s, 70_000), input: "admin-e2e-pass\n")
      #expect(r.status == 0 && r.out.contains("values sealed again"), "\(r.err)")
    }
    r = try s.run(["--db", db, "tickets", "show", "1"], env: env(s, 80_000))
    #expect(r.out.contains("Voilà la photo"), "readable after two rotations: \(r.out)\(r.err)")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func badInputAndAWrongKey() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let cases: [([String], Int32, String)] = [
      (["open", "--phone", "12", "--category", "late", "--subject", "x"], 2, "the phone number must have 9 digits"),
      (["open", "--customer", "30001", "--phone", "690112233", "--category", "late", "--subject", "x"], 2, "give --customer or --phone, not both"),
      (["open", "--phone", "677123456", "--category", "late", "--subject", "x"], 1, "no customer has the phone ••••••••••56"),
      (["open", "--category", "late", "--subject", "x"], 2, "say who the customer is"),
      (["open", "--customer", "30001", "--category", "lost", "--subject", "x"], 2, "--category: 'lost' is not one of"),
      (["open", "--customer", "999", "--category", "late", "--subject", "x"], 1, "there is no customer 999"),
      (["open", "--customer", "30001", "--category", "late", "--subject", "  "], 2, "the subject is empty"),
      (["reply", "99", "bonjour"], 1, "there is no ticket 99"),
      (["status", "1", "closed"], 1, "set to open or waiting_customer by hand"),
    ]
    _ = try s.run(["--db", db, "tickets", "open", "--customer", "30001", "--category", "late", "--subject", "Retard"], env: env(s, 0))
    for (args, status, message) in cases {
      let r = try s.run(["--db", db, "tickets"] + args, env: env(s, 60))
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    let r0 = try s.run(["--db", db, "tickets", "reply", "1", "bip\u{7}"], env: env(s, 60))
    #expect(r0.status == 2 && r0.err.contains("control character"), "\(r0.err)")
    // Another key directory's personal-data key is refused, naming both fingerprints.
    var other = env(s, 60)
    other["VGK_STAFF_KEYS"] = s.file("other-keys")
    try FileManager.default.createDirectory(atPath: s.file("other-keys"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: s.file("keys/pickup-code.key"), toPath: s.file("other-keys/pickup-code.key"))
    let r = try s.run(["--db", db, "tickets", "list"], env: other)
    #expect(r.status == 2 && r.err.contains("personal-data key") && r.err.contains("missing"), "\(r.err)")
  }
}

/// `vgk-staff report performance` in its three formats.
@Suite struct ReportCommandTests {
  @Test func theTeamsFiguresAsATableCSVAndJSON() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db, env: ["VGK_STAFF_NOW": "2026-11-19T12:00:00+01:00"])
    var env = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T12:00:00+01:00"]
    #expect(try s.run(["--db", db, "scan", "--confirm", "--payload", "ORDER:6000001:CODE01"], env: env).status == 0)
    var r = try s.run(["--db", db, "report", "performance", "--from", "2026-11-20", "--to", "2026-11-20", "--format", "json"], env: env, input: "solange-pass\n")
    #expect(r.status == 1 && r.err.contains("amina.n: a clerk may not read the team's performance"), "supervisors and admins: \(r.err)")
    env["VGK_STAFF_USER"] = "solange.e"
    r = try s.run(["--db", db, "report", "performance", "--from", "2026-11-20", "--to", "2026-11-20", "--format", "json"], env: env, input: "solange-pass\n")
    #expect(r.status == 0, "\(r.err)")
    let rows = r.out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    let amina = try #require(rows.first { $0["staff"] as? String == "amina.n" })
    #expect(amina["handovers"] as? Int == 1 && amina["median_scan_to_handover_seconds"] as? Int == 0)
    #expect(amina["punctuality"] as? String == "1.000" && amina["work_minutes"] as? String == "5.0" && amina["worked_minutes"] as? String == "15.0")
    #expect(amina["efficiency"] as? String == "0.333", "5 standard minutes in 15")
    r = try s.run(["--db", db, "report", "performance", "--from", "2026-11-20", "--format", "csv"], env: env, input: "solange-pass\n")
    let lines = r.out.split(separator: "\n")
    #expect(lines.first == "staff,name,role,efficiency,punctuality,inventory_accuracy,rating,handovers,median_scan_to_handover_seconds,work_minutes,worked_minutes")
    #expect(lines.contains("amina.n,Amina Njoya,clerk,0.333,1.000,,,1,0,5.0,15.0"), "\(r.out)")
    r = try s.run(["--db", db, "report", "performance", "--from", "2026-11-20"], env: env, input: "solange-pass\n")
    #expect(r.out.contains("amina.n") && r.out.contains("0.33") && r.out.contains("100 %"), "\(r.out)")
    for (args, message) in [
      (["--from", "2026-13-01"], "--from:"), (["--from", "2026-11-21", "--to", "2026-11-20"], "--from is after --to"),
      (["--format", "xml"], "xml"), (["--member", "nobody.x"], "'nobody.x' is not a staff login"),
      (["--staff", "nobody.x"], "'nobody.x' is not a staff login"),
    ] {
      let r = try s.run(["--db", db, "report", "performance"] + args, env: env, input: "solange-pass\n")
      #expect(r.status == 2 && r.err.contains(message), "\(args): \(r.err)")
    }
    r = try s.run(["--db", db, "report", "performance", "--from", "2026-01-01", "--to", "2026-01-02"], env: env, input: "solange-pass\n")
    #expect(r.status == 1, "nobody worked then")
  }
}
