import Foundation
import Testing

private func objects(_ out: String) -> [[String: Any]] {
  out.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

/// A fresh point set up only through the command line: its imports make sense at the counter.
@Suite struct FreshPointTests {
  let clerk = ["VGK_STAFF_USER": "paul.ngue", "VGK_STAFF_NOW": "2026-11-19T12:00:00+01:00"]

  func freshPoint() throws -> (Sandbox, String) {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--training", "--point", "DLA-NEW", "--name", "New point"]).status == 0)
    for kind in ["products", "staff"] {
      let r = try s.run(["--db", db, "import", kind, packageRoot + "/Fixtures/import/\(kind).csv"])
      #expect(r.status == 0, "\(r.err)")
    }
    return (s, db)
  }

  /// A ready order imported into a new database is handed over at once: its items came into
  /// stock on its shelf with the import, which says so; a second import receives nothing.
  @Test func aReadyOrderImportedIsHandedOverAtOnce() throws {
    let (s, db) = try freshPoint()
    let orders = packageRoot + "/Fixtures/import/orders.csv"
    var r = try s.run(["--db", db, "import", "orders", orders])
    #expect(r.status == 0 && r.out == "\(orders): 3 added, 0 updated, 0 unchanged orders; 2 items received into stock.\n", "\(r.out)\(r.err)")
    r = try s.run(["--db", db, "import", "orders", orders, "--json"])
    #expect(objects(r.out).first?["received"] as? Int == 0 && objects(r.out).first?["unchanged"] as? Int == 3, "\(r.out)")
    r = try s.run(["--db", db, "import", "orders", packageRoot + "/Fixtures/import/orders.json", "--json"])
    #expect(objects(r.out).first?["received"] as? Int == 2, "\(r.out)")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM movements WHERE type = 'RECEIVE'"]).out == "4\n")
    #expect(try s.run(["--db", db, "stock", "where", "700004"], env: clerk).out.contains("A-02-1\t2"))
    r = try s.run(["--db", db, "scan", "--confirm", "--payload", "ORDER:2050001:K7M2Q9TX"], env: clerk)
    #expect(r.status == 0 && r.out.contains("HANDED OVER  order 2050001"), "\(r.out)\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = 2050001"]).out == "picked_up\n")
    #expect(try shell("sqlite3", [db, "SELECT coalesce(sum(quantity), 0) FROM stock WHERE product_id IN (700001, 700004)"]).out == "0\n")
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 0, "\(r.out)")
  }

  /// A file of another kind: one error naming what was expected, not one per row.
  @Test func aFileOfAnotherKindGetsOneError() throws {
    let (s, db) = try freshPoint()
    let products = packageRoot + "/Fixtures/import/products.csv"
    var r = try s.run(["--db", db, "import", "orders", products])
    #expect(r.status == 2)
    let lines = r.err.split(separator: "\n")
    #expect(lines.count == 2, "\(r.err)")
    #expect(lines.first?.hasPrefix("\(products):1: is not an orders file: it has no column 'order_id'") == true, "\(r.err)")
    #expect(lines.first?.contains("it looks like a products file") == true)
    #expect(lines.last == "vgk-staff: nothing was imported from \(products) (1 problem)")
    let staff = packageRoot + "/Fixtures/import/staff.json"
    r = try s.run(["--db", db, "import", "products", staff])
    #expect(r.status == 2 && r.err.split(separator: "\n").count == 2 && r.err.contains("is not a products file"), "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM orders"]).out == "0\n")
  }
}

/// The command line says exactly what is wrong.
@Suite struct CommandLineWordsTests {
  @Test func anUnknownSubcommandIsNamedAsOne() throws {
    let s = Sandbox()
    var r = try s.run(["frobnicate"])
    #expect(r.status == 2)
    #expect(r.err.hasPrefix("vgk-staff: unknown subcommand 'frobnicate' (vgk-staff has: console, demo, init, import"), "\(r.err)")
    #expect(r.err.hasSuffix("see 'vgk-staff --help'\n") && !r.err.contains("Unexpected argument"), "\(r.err)")
    r = try s.run(["--db", s.file("x.sqlite"), "tasks", "frobnicate"])
    #expect(r.status == 2)
    #expect(r.err == "vgk-staff: unknown subcommand 'frobnicate' (vgk-staff tasks has: list, show, add, start, wait, resume, done, cancel, assign, priority, sync); see 'vgk-staff tasks --help'\n", "\(r.err)")
    // A hostile word is shown, not obeyed, and cut short.
    r = try s.run(["\u{1B}[2Jgone" + String(repeating: "x", count: 1000)])
    #expect(r.status == 2 && r.err.hasPrefix("vgk-staff: unknown subcommand '<U+001B>[2Jgonexxx") && r.err.count < 600, "\(r.err)")
    #expect(!r.err.contains("\u{1B}"))
    // Options and real subcommands go on to the parser as before.
    #expect(try s.run(["help", "tasks"]).status == 0)
    #expect(try s.run(["tasks", "--help"]).status == 0)
  }

  @Test func aMissingStaffLoginIsNamedWithHowToGiveIt() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let none = ["VGK_STAFF_USER": ""]
    for (args, command) in [
      (["stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "1", "--to", "BACK"], "stock move"),
      (["tasks", "add", "--type", "CLEANING", "--title", "Vitrine"], "tasks add"),
      (["orders", "unlock", "6000001"], "orders unlock"),
      (["scan", "--confirm", "--payload", "ORDER:6000001:CODE01"], "scan --confirm"),
    ] {
      let r = try s.run(["--db", db] + args, env: none)
      #expect(r.status == 2, "\(args): \(r.status) \(r.err)")
      #expect(
        r.err == "vgk-staff: --staff is missing: \(command) needs your staff login (who does it, for the audit log): pass --staff LOGIN or set VGK_STAFF_USER\n",
        "\(args): \(r.err)")
    }
  }

  @Test func backupErrorsNameTheBackup() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    var r = try s.run(["--db", db, "db", "backup", s.file("nowhere/copy.sqlite")])
    #expect(r.status == 2)
    #expect(
      r.err == "vgk-staff: cannot write the backup \(s.file("nowhere/copy.sqlite")): the directory \(s.file("nowhere")) does not exist (create it first, or choose another path)\n",
      "\(r.err)")
    // sysfs takes no new file, whoever asks.
    r = try s.run(["--db", db, "db", "backup", "/sys/vgk-copy.sqlite"])
    #expect(r.status == 2 && r.err.hasPrefix("vgk-staff: cannot write the backup /sys/vgk-copy.sqlite: ") && !r.err.contains("--db"), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: "/sys/vgk-copy.sqlite"))
  }

  /// `-o FILE` writes what its extension says, unless --format says otherwise.
  @Test func aLabelFileFollowsItsExtension() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let clerk = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T10:00:00+01:00"]
    func bytes(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: s.file(name)) ?? Data()) }
    var r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file("shelf.png")], env: clerk)
    #expect(r.status == 0, "\(r.err)")
    #expect(Array(bytes("shelf.png").prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    #expect(try s.run(["decode", s.file("shelf.png")]).out.contains("PRODUCT:100001"))
    r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file("shelf.txt")], env: clerk)
    #expect(r.status == 0 && String(decoding: bytes("shelf.txt"), as: UTF8.self).contains("Radio Tecno"), "\(r.err)")
    #expect(!String(decoding: bytes("shelf.txt"), as: UTF8.self).contains("▀"), "plain text, not the half-block preview")
    for name in ["shelf.bin", "shelf.escpos"] {
      r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file(name)], env: clerk)
      #expect(r.status == 0 && Array(bytes(name).prefix(2)) == [0x1B, 0x40], "\(name): \(r.err)")
    }
    r = try s.run(["--db", db, "label", "product", "100001", "--format", "png", "-o", s.file("shelf.dat")], env: clerk)
    #expect(r.status == 0 && bytes("shelf.dat").starts(with: [0x89, 0x50, 0x4E, 0x47]), "--format wins: \(r.err)")
    r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file("shelf.jpg")], env: clerk)
    #expect(r.status == 2 && r.err.contains("-o \(s.file("shelf.jpg")): the format follows the file's extension (.png, .txt, .bin or .escpos)"), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: s.file("shelf.jpg")))
    // No extension, a hidden name, a control character: usage errors, the name shown harmlessly.
    for name in ["shelf", ".png", "shelf\u{1B}[2J.gif"] {
      r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file(name)], env: clerk)
      #expect(r.status == 2 && r.err.contains("the format follows the file's extension") && !r.err.contains("\u{1B}"), "\(name): \(r.err)")
      #expect(!FileManager.default.fileExists(atPath: s.file(name)))
    }
    r = try s.run(["--db", db, "label", "product", "100001", "-o", s.file("SHELF.PNG")], env: clerk)
    #expect(r.status == 0 && bytes("SHELF.PNG").starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(r.err)")
  }

  @Test func theTicketListNamesItsColumns() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let clerk = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T10:00:00+01:00"]
    var r = try s.run(["--db", db, "tickets", "open", "--customer", "40001", "--category", "late", "--subject", "Colis en retard"], env: clerk)
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(["--db", db, "tickets", "list"], env: clerk)
    let lines = r.out.split(separator: "\n")
    #expect(r.status == 0 && lines.count == 2, "\(r.out)")
    #expect(lines.first == "ID\tLEFT\tSTATUS\tPRIORITY\tCUSTOMER\tASSIGNEE\tSUBJECT")
    #expect(lines.last?.hasPrefix("1\t") == true && lines.last?.hasSuffix("\tColis en retard") == true, "\(r.out)")
    r = try s.run(["--db", db, "tickets", "list", "--json"], env: clerk)
    #expect(r.out.split(separator: "\n").count == 1 && objects(r.out).count == 1, "no header in JSON: \(r.out)")
  }
}

/// The demo on its login screen: a code that works, whenever it is opened; no path of this
/// machine in what it made.
@Suite struct DemoDataTests {
  func hintedPayload(_ out: String) -> String? {
    guard let range = out.range(of: #"ORDER:[0-9]+:[0-9A-Z]+"#, options: .regularExpression) else { return nil }
    return String(out[range])
  }

  @Test func theLoginScreenShowsAWorkingCodeEvenDaysLater() throws {
    let s = Sandbox()
    let db = s.file("demo/demo.sqlite")
    try FileManager.default.createDirectory(atPath: s.file("demo"), withIntermediateDirectories: true)
    let keys = ["VGK_STAFF_KEYS": s.file("demo/demo-keys")]
    var r = try s.run(["demo", "--db", db], env: ["VGK_STAFF_NOW": "2026-11-25T10:00:00+01:00"])
    #expect(r.status == 0, "\(r.err)")
    let payload = try #require(hintedPayload(r.out), "the login screen: \(r.out)")
    #expect(r.out.contains("Try a pickup: \(payload) (press s, then type it)"), "\(r.out)")
    #expect(r.err.contains("--payload \(payload)"), "the command printed when it was built shows the same code: \(r.err)")
    let ready = try shell("sqlite3", [db, "SELECT count(*) FROM orders WHERE status = 'ready'"]).out
    #expect(ready == "16\n")

    // Ten days later the parcels still wait within their hold, and the hint's code still works.
    let later = ["VGK_STAFF_NOW": "2026-12-05T10:00:00+01:00"]
    r = try s.run(["demo", "--db", db], env: later)
    #expect(r.status == 0, "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM orders WHERE status = 'ready' AND hold_until > 1796547600"]).out == ready)
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM audit_log WHERE action = 'demo.renew'"]).out == "1\n")
    let again = try #require(hintedPayload(r.out), "\(r.out)")
    #expect(again == payload)
    r = try s.run(["--db", db, "scan", "--payload", again], env: keys.merging(later) { $1 })
    #expect(r.status == 0 && r.out.contains("hand it over"), "\(r.out)\(r.err)")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)

    // In French too; once handed over, the hint names another order.
    r = try s.run(["demo", "--db", db, "--lang", "fr"], env: later)
    #expect(r.out.contains("Essayez un retrait\u{00A0}: \(payload) (touche s, puis tapez-le)"), "\(r.out)")
    r = try s.run(["--db", db, "scan", "--confirm", "--staff", "amina.n", "--payload", payload], env: keys.merging(later) { $1 })
    #expect(r.status == 0, "\(r.err)")
    r = try s.run(["demo", "--db", db], env: later)
    let next = try #require(hintedPayload(r.out), "\(r.out)")
    #expect(next != payload)
    #expect(try s.run(["--db", db, "scan", "--payload", next], env: keys.merging(later) { $1 }).status == 0)
  }

  @Test func nothingTheDemoMadeNamesAPathOfThisMachine() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    #expect(try s.run(["demo", "--db", db]).status == 0)
    let root = packageRoot
    for sql in [
      "SELECT count(*) FROM tasks WHERE source_key LIKE '%/%' OR title LIKE '%\(root)%' OR details LIKE '%\(root)%'",
      "SELECT count(*) FROM audit_log WHERE entity_id LIKE '%/%' OR after LIKE '%\(root)%'",
    ] {
      #expect(try shell("sqlite3", [db, sql]).out == "0\n", "\(sql)")
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tasks WHERE source_key LIKE 'demo:tasks.csv:%'"]).out == "27\n")
  }
}
