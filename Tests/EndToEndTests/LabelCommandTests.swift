import Foundation
import StaffDomain
import StaffStore
import Testing

/// `vgk-staff label` and `vgk-staff print` with the real binary: every label kind as PNG decodes
/// back (with `vgk-staff decode`, our own decoder) to exactly its payload; the print queue keeps a
/// job while the printer is missing and prints it once when it is back.
@Suite struct LabelCommandTests {
  let clerk = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T10:00:00+01:00"]

  func decoded(_ s: Sandbox, _ file: String) throws -> String {
    let r = try s.run(["decode", file])
    return r.out.split(separator: "\t").dropFirst().joined(separator: "\t").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func everyLabelKindDecodesBackToItsPayload() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    #expect(try s.run(["--db", db, "transfer", "send", "--to", "DLA-BALI", "100001:1"], env: clerk).status == 0)
    for paper in ["58", "80"] {
      var r = try s.run(["--db", db, "label", "product", "100001", "--format", "png", "--paper", paper, "-o", s.file("shelf.png")], env: clerk)
      #expect(r.status == 0, "\(r.err)")
      #expect(try decoded(s, s.file("shelf.png")) == "PRODUCT:100001")
      r = try s.run(["--db", db, "label", "transfer", "1", "--format", "png", "--paper", paper, "-o", s.file("transfer.png")], env: clerk)
      #expect(r.status == 0, "\(r.err)")
      #expect(try decoded(s, s.file("transfer.png")).hasPrefix("INVENTORY:"))
      r = try s.run(
        ["--db", db, "label", "order", "6000001", "--format", "png", "--paper", paper, "-o", s.file("pickup.png")], env: clerk, input: "CODE01\n")
      #expect(r.status == 0, "\(r.err)")
      #expect(try decoded(s, s.file("pickup.png")) == "ORDER:6000001:CODE01")
      let mode = try FileManager.default.attributesOfItem(atPath: s.file("pickup.png"))[.posixPermissions] as? Int
      #expect(mode == 0o600, "a slip holds the customer's code: this account's only")
    }
    // The terminal preview: the code and the text, never a pickup code in clear.
    var r = try s.run(["--db", db, "label", "order", "6000001"], env: clerk, input: "CODE01\n")
    #expect(r.status == 0 && r.out.contains("Order 6000001") && r.out.contains("Shelf S-1") && r.out.contains("▀"), "\(r.out)")
    #expect(!r.out.contains("CODE01"), "\(r.out)")
    // A slip made in the back room is no customer at the counter: no scan waits for a handover.
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM scans WHERE outcome = 'verified'"]).out == "0\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE action = 'print.exported'"]).out == "3\n", "two PNGs and the preview")
    r = try s.run(["--db", db, "label", "product", "100001", "--format", "text"], env: clerk)
    #expect(r.out.contains("Radio Tecno") && r.out.contains("8\u{202F}000\u{00A0}FCFA") && r.out.contains("PRODUCT:100001"), "\(r.out)")
    // ESC/POS: initialise first, a raster as wide as the paper, a cut at the end.
    r = try s.run(["--db", db, "label", "product", "100001", "--format", "escpos", "--paper", "80", "-o", s.file("shelf.bin")], env: clerk)
    let bytes = [UInt8](FileManager.default.contents(atPath: s.file("shelf.bin")) ?? Data())
    #expect(Array(bytes.prefix(2)) == [0x1B, 0x40])
    let raster = bytes.indices.first { bytes[$0] == 0x1D && bytes[$0 + 1] == 0x76 && bytes[$0 + 2] == 0x30 }
    #expect(raster.map { Int(bytes[$0 + 4]) | Int(bytes[$0 + 5]) << 8 } == 72, "576 dots = 72 bytes a row")
    #expect(bytes.suffix(4).contains(0x56), "a cut (GS V) at the end")
  }

  /// With `lang = fr` in the point's configuration its labels speak French, with every accent, in
  /// the preview, the plain text and the picture; a character the font lacks is printed as `�` and
  /// named on standard error. Without `lang` they speak English.
  @Test func aFrenchPointsLabelsSpeakFrenchWithEveryAccent() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let database = try AppDatabase.open(path: db, create: false)
    let products = s.write(
      "more.csv", "id,title,category,price_fcfa,condition,unique_item\n100003,Écouteurs 🎧 sans fil,Téléphones,50000,like_new,false\n")
    _ = try Importer.importFile(
      .products, path: products, into: database, keys: KeyStore(directory: s.file("keys")), now: try Timestamp.parse("2026-11-20T08:00:00+01:00").get())
    try database.close()
    s.write("config", "lang = fr\n")
    let c = ["--db", db, "--config", s.file("config")]
    var r = try s.run(c + ["label", "product", "100003"], env: clerk)
    #expect(r.status == 0 && r.out.hasSuffix("\n\nÉcouteurs � sans fil\nPRODUIT 100003 – Téléphones\ntrès bon état\n50\u{202F}000\u{00A0}FCFA\nPRODUCT:100003\n"), "\(r.out)")
    #expect(r.err == "vgk-staff: la police des étiquettes n’a pas ce caractère (U+1F3A7)\u{00A0}: imprimé en �\n", "\(r.err)")
    r = try s.run(c + ["label", "order", "6000001", "--format", "text"], env: clerk, input: "CODE01\n")
    #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
    #expect(r.out.hasPrefix("Commande 6000001\nÉtagère S-1\n") && r.out.contains("\n20/11/2026 10:00\nDLA-E2E\n"), "\(r.out)")
    #expect(r.out.hasSuffix("\n(code de retrait non imprimé en texte)\n") && !r.out.contains("CODE01"), "\(r.out)")
    r = try s.run(c + ["label", "transfer", "1"], env: clerk)
    // The point speaks French: so does the command line.
    #expect(r.status == 1 && r.err.contains("il n'y a pas de transfert 1"), "\(r.err)")
    r = try s.run(c + ["transfer", "send", "--to", "DLA-BALI", "100001:1"], env: clerk)
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(c + ["label", "transfer", "1", "--format", "text"], env: clerk)
    #expect(r.status == 0 && r.out.hasPrefix("Transfert 1\nDLA-E2E → DLA-BALI\n20/11/2026 10:00\n1 × 100001 Radio Tecno\nCode\u{00A0}: INVENTORY:"), "\(r.out)")
    r = try s.run(c + ["label", "product", "100003", "-o", s.file("fr.png")], env: clerk)
    #expect(r.status == 0 && r.err.contains("U+1F3A7"), "\(r.err)")
    #expect(try decoded(s, s.file("fr.png")) == "PRODUCT:100003")
    // The same point without `lang`: English words, the same accents in the data.
    r = try s.run(["--db", db, "label", "product", "100003", "--format", "text"], env: clerk)
    #expect(r.out.contains("PRODUCT 100003 – Téléphones\nlike new\n50\u{202F}000\u{00A0}FCFA\nCode: PRODUCT:100003\n"), "\(r.out)")
    #expect(r.err.hasPrefix("vgk-staff: the label font has no glyph for this character (U+1F3A7): printed as �"), "\(r.err)")
    s.write("bad", "lang = de\n")
    r = try s.run(["--db", db, "--config", s.file("bad"), "label", "product", "100001"], env: clerk)
    #expect(r.status == 2 && r.err.contains("config lang: 'de' is not fr or en"), "\(r.err)")
  }

  @Test func aWrongCodeMakesNoSlipAndCountsTowardsTheLock() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let r = try s.run(["--db", db, "label", "order", "6000001"], env: clerk, input: "WRONG1\n")
    #expect(r.status == 1 && r.err.contains("no slip"), "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT failed_attempts FROM orders WHERE id = 6000001"]).out == "1\n", "a guess is a guess")
  }

  /// An admin proves who they are before the slip: the password on the first line of standard
  /// input, the pickup code on the next (as every command that reads both).
  @Test func anAdminsSlipTakesThePasswordThenTheCode() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let admin = ["VGK_STAFF_USER": "admin.e2e", "VGK_STAFF_NOW": "2026-11-20T10:00:00+01:00"]
    let slip = ["--db", db, "label", "order", "6000001", "--format", "png", "-o", s.file("slip.png")]
    // The code first: it is taken for the password and refused; no slip, no guess counted.
    var r = try s.run(slip, env: admin, input: "CODE01\nadmin-e2e-pass\n")
    #expect(r.status == 1, "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: s.file("slip.png")))
    #expect(try shell("sqlite3", [db, "SELECT failed_attempts FROM orders WHERE id = 6000001"]).out == "0\n")
    r = try s.run(slip, env: admin, input: "admin-e2e-pass\nCODE01\n")
    #expect(r.status == 0, "\(r.err)")
    #expect(try decoded(s, s.file("slip.png")) == "ORDER:6000001:CODE01")
  }

  @Test func aMissingPrinterLeavesTheJobPendingAndALaterRetryPrintsItOnce() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let device = s.file("lp0")
    s.write("config", "printer_device = \(device)\nprinter_paper = 58\n")
    let c = ["--db", db, "--config", s.file("config")]
    var r = try s.run(c + ["label", "order", "6000001", "--print", "--copies", "2"], env: clerk, input: "CODE01\n")
    #expect(r.status == 1 && r.err.contains("job 1 stays in the queue") && r.err.contains("is it plugged in"), "\(r.err)")
    r = try s.run(c + ["print", "queue", "--json"], env: clerk)
    #expect(r.status == 0 && r.out.contains(#""status":"pending""#) && r.out.contains(#""attempts":1"#), "\(r.out)")
    // The pickup code is in the queue only sealed.
    for file in [db, db + "-wal"] {
      let raw = FileManager.default.contents(atPath: file) ?? Data()
      #expect(raw.range(of: Data("CODE01".utf8)) == nil, "\(file) holds the code in clear")
    }
    #expect(FileManager.default.createFile(atPath: device, contents: nil), "the printer is back")
    r = try s.run(c + ["print", "retry", "1"], env: clerk)
    #expect(r.status == 0 && r.out == "Printed job 1.\n", "\(r.err)")
    let once = (try FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) ?? 0
    #expect(once > 0)
    r = try s.run(c + ["print", "run"], env: clerk)
    #expect(r.status == 0 && r.out.isEmpty, "nothing waits: \(r.out)")
    #expect((try FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) == once, "printed once")
    // Printed, the slip's code is not kept; a pickup slip is made again only from its code.
    #expect(try shell("sqlite3", [db, "SELECT payload_sealed IS NULL FROM print_jobs WHERE id = 1"]).out == "1\n")
    r = try s.run(c + ["print", "retry", "1"], env: clerk)
    #expect(r.status == 1 && r.err.contains("only from its code"), "\(r.err)")
    // A shelf label's reprint is a job of its own, in the audit trail.
    r = try s.run(c + ["label", "product", "100001", "--print"], env: clerk)
    #expect(r.status == 0 && r.out == "Printed job 2.\n", "\(r.err)")
    let shelf = ((try FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) ?? 0) - once
    r = try s.run(c + ["print", "retry", "2"], env: clerk)
    #expect(r.status == 0 && r.out == "Printed job 3.\n", "\(r.err)")
    #expect((try FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) == once + 2 * shelf)
    let audit = try shell("sqlite3", [db, "SELECT action || ' ' || entity_id FROM audit_log WHERE action LIKE 'print.%' ORDER BY id"]).out
    #expect(
      audit == "print.queued 1\nprint.failed 1\nprint.printed 1\nprint.queued 2\nprint.printed 2\nprint.reprinted 3\nprint.printed 3\n", "\(audit)")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func aFailingOrHangingPrinterCommandLeavesTheJobPending() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    s.write("config", "printer_command = echo 'lp: no paper' >&2; exit 3\n")
    var r = try s.run(["--db", db, "--config", s.file("config"), "label", "product", "100001", "--print"], env: clerk)
    #expect(r.status == 1 && r.err.contains("exit status 3: lp: no paper"), "\(r.err)")
    s.write("config", "printer_command = sleep 30\nprinter_timeout_seconds = 1\n")
    let started = Date()
    r = try s.run(["--db", db, "--config", s.file("config"), "print", "run"], env: clerk)
    #expect(r.status == 1 && r.err.contains("did not finish within 1 s"), "\(r.err)")
    #expect(Date().timeIntervalSince(started) < 10)
    s.write("config", "printer_command = cat > \(s.file("printed.bin"))\n")
    r = try s.run(["--db", db, "--config", s.file("config"), "print", "cancel", "1"], env: clerk)
    #expect(r.status == 0 && r.out == "Job 1 cancelled.\n")
    r = try s.run(["--db", db, "--config", s.file("config"), "print", "run"], env: clerk)
    #expect(r.status == 0 && !FileManager.default.fileExists(atPath: s.file("printed.bin")), "a cancelled job never prints")
  }

  @Test func badInputIsRefusedAndQueuesNothing() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    s.write("bad-format", "printer_format = pdf\n")
    s.write("both", "printer_device = /dev/null\nprinter_command = cat\n")
    s.write("slow", "printer_command = cat\nprinter_timeout_seconds = 300\n")
    let cases: [([String], [String: String], Int32, String)] = [
      (["label", "product", "100001", "--copies", "0", "--print"], clerk, 2, "--copies is 1 to 20"),
      (["label", "product", "100001", "--print", "-o", s.file("x")], clerk, 2, "not both"),
      (["label", "product", "100001", "--paper", "57"], clerk, 2, "is not 58 or 80"),
      (["label", "product", "01"], clerk, 2, "the product id"),
      (["label", "product", "999"], clerk, 1, "there is no product 999"),
      (["label", "transfer", "7"], clerk, 1, "there is no transfer 7"),
      (["label", "order", "6000001", "--code", "CODE01"], clerk, 2, "Unknown option '--code'"),
      (["label", "order", "6000001"], clerk, 2, "on standard input"),
      (["label", "product", "100001", "--format", "pdf"], clerk, 2, "pdf"),
      (["--config", s.file("bad-format"), "label", "product", "100001"], clerk, 2, "printer_format"),
      (["--config", s.file("both"), "label", "product", "100001"], clerk, 2, "not both"),
      (["label", "product", "100001", "--print"], ["VGK_STAFF_USER": "solange.e"], 1, "a supervisor may not print labels"),
      (["print", "retry", "0"], clerk, 2, "a job id"),
      (["print", "queue", "--limit=-1"], clerk, 2, "--limit is 0 to 10000"),
      (["print", "cancel", "x"], clerk, 2, "x"),
      (["print", "cancel", "9"], clerk, 1, "there is no print job 9"),
      (["label", "product", "100001", "--print"], ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_CONFIG": s.file("slow")], 2, "printer_timeout_seconds"),
    ]
    for (args, env, status, message) in cases {
      let r = try s.run(["--db", db] + args, env: env, input: args.contains("order") ? "" : nil)
      #expect(r.status == status && r.err.contains(message), "\(args): \(r.status) \(r.err)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM print_jobs"]).out == "0\n")
  }
}
