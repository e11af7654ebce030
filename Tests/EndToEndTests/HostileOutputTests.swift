import Foundation
import GRDB
import Testing

/// What the real binary prints and creates, given hostile names and malformed codes: no escape
/// sequence, bell, C1 control or bidirectional control reaches the terminal, no pickup code is
/// stored or shown, and every file it makes is its account's alone.
@Suite struct HostileOutputTests {
  let clerk = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T12:00:00+01:00"]
  /// A name that retitles the terminal, rings, turns it red, reverses the line and sends a CSI.
  static let hostile = "d\u{1B}]0;PWN\u{07}\u{1B}[31m\u{202E}gnp\u{2066}\u{9B}2J"

  /// Whether `text` holds a byte or character that drives a terminal.
  func raw(_ text: String) -> [String] {
    var found: [String] = []
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x1B, 0x07, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
        found.append(String(scalar.value, radix: 16))
      default: break
      }
    }
    return found
  }

  func mode(_ path: String) -> mode_t {
    var st = stat()
    return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o7777
  }

  @Test func everyCommandThatEchoesAFileNameShowsItsControlsVisibly() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    let image = s.file(Self.hostile + ".png")
    try FileManager.default.copyItem(atPath: packageRoot + "/Fixtures/scan/product-100001.jpg", toPath: image)
    let csv = s.write(Self.hostile + ".csv", "id,title,category,price_fcfa,unique_item\n100009,Radio\u{1B}[2J,Maison,8000,false\n100010,,,,\n")
    let runs: [(String, [String], [String: String])] = [
      ("decode", ["decode", image], [:]),
      ("decode --json", ["decode", "--json", image], [:]),
      ("decode, missing", ["decode", s.file(Self.hostile + "-missing.png")], [:]),
      ("scan", ["--db", db, "scan", image], clerk),
      ("scan --json", ["--db", db, "scan", "--json", image], clerk),
      ("scan, missing", ["--db", db, "scan", s.file(Self.hostile + "-missing.png")], clerk),
      ("scan --payload", ["--db", db, "scan", "--payload", "PRODUCT:1\u{1B}[31m\u{202E}"], clerk),
      ("import", ["--db", db, "import", "products", csv], clerk),
      ("label -o", ["--db", db, "label", "product", "100001", "--format", "png", "-o", s.file(Self.hostile + "-label.png")], clerk),
      ("db backup", ["--db", db, "db", "backup", s.file(Self.hostile + "-backup.sqlite")], clerk),
      ("db backup, no directory", ["--db", db, "db", "backup", s.file(Self.hostile + "/x.sqlite")], clerk),
    ]
    for (what, args, env) in runs {
      let r = try s.run(args, env: env)
      #expect(raw(r.out + r.err).isEmpty, "\(what) printed \(raw(r.out + r.err)): \((r.out + r.err).debugDescription)")
      // The name is there, written visibly (the JSON escapes it its own way).
      if args.contains(where: { $0.contains(Self.hostile) }) {
        let shown = (r.out + r.err).contains("<U+001B>") || (r.out + r.err).contains("\\u001b")
        #expect(shown, "\(what): \((r.out + r.err).debugDescription)")
      }
    }
    // The scan log holds the name as it was shown.
    let queue = try DatabaseQueue(path: db)
    let names = try queue.read { try String.fetchAll($0, sql: "SELECT file_name FROM scans WHERE file_name IS NOT NULL") }
    #expect(names.count >= 3)
    for name in names { #expect(raw(name).isEmpty, "\(name.debugDescription)") }
  }

  @Test func aMalformedOrderCodeIsNeitherStoredNorShown() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    // 1040001's code is K7Q2MX9A (counterSandbox).
    let shapes = [
      "ORDER;1040001;K7Q2MX9A", " ORDER:1040001:K7Q2MX9A", "ORDER.1040001.K7Q2MX9A", "ORDER 1040001 K7Q2MX9A",
      "\u{041E}RDER:1040001:K7Q2MX9A", "ORDERM&à'ààà&MK7A2?X9Q", "ORDER:1040001:k7q2mx9a", "K7Q2MX9A",
    ]
    for text in shapes {
      for json in [false, true] {
        let r = try s.run(["--db", db, "scan"] + (json ? ["--json"] : []) + ["--payload", text], env: clerk)
        #expect(r.status == 2, "\(text): \(r.out)\(r.err)")
        for form in ["K7Q2MX9A", "k7q2mx9a", "K7A2?X9Q"] {
          #expect(!(r.out + r.err).contains(form), "\(text): \(r.out)\(r.err)")
        }
      }
    }
    let queue = try DatabaseQueue(path: db)
    let stored = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT coalesce(payload, '') || '|' || coalesce(reason, '') FROM scans")
        + String.fetchAll(db, sql: "SELECT coalesce(entity_id, '') || '|' || coalesce(before, '') || '|' || coalesce(after, '') FROM audit_log")
    }
    for line in stored {
      #expect(!line.contains("K7Q2MX9A") && !line.contains("k7q2mx9a") && !line.contains("K7A2?X9Q"), "\(line)")
    }
    // What was scanned stays recognisable.
    #expect(try queue.read { try String.fetchAll($0, sql: "SELECT payload FROM scans") }.contains("ORDER 1040001 ***"))
  }

  @Test func theDatabaseItsBackupLabelsAndPhotosAreThisAccountsAlone() throws {
    let s = Sandbox()
    let dir = s.file("data")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
    chmod(dir, 0o755)
    let db = dir + "/vgk.sqlite"
    #expect(try s.run(["--db", db, "init", "--point", "DLA-MODE", "--name", "Modes", "--training"]).status == 0)
    for file in [db, db + "-wal", db + "-shm", db + ".lock"] where FileManager.default.fileExists(atPath: file) {
      #expect(mode(file) == 0o600, "\(file): \(String(mode(file), radix: 8))")
    }
    #expect(FileManager.default.fileExists(atPath: db + "-wal"))
    #expect(try s.run(["--db", db, "db", "backup", s.file("backup.sqlite")]).status == 0)
    #expect(mode(s.file("backup.sqlite")) == 0o600)

    let products = s.write("products.csv", "id,title,category,price_fcfa,unique_item\n100001,Radio Tecno,Maison,8000,false\n")
    let staff = s.write("staff.csv", "login,full_name,role\namina.n,Amina Njoya,clerk\n")
    #expect(try s.run(["--db", db, "import", "products", products]).status == 0)
    #expect(try s.run(["--db", db, "import", "staff", staff]).status == 0)
    #expect(try s.run(["--db", db, "label", "product", "100001", "--format", "png", "-o", s.file("shelf.png")], env: clerk).status == 0)
    #expect(mode(s.file("shelf.png")) == 0o600)

    // The camera: photos made 0600 in folders made 0700; with processed_days = 0 a photo goes
    // once recorded, and the sweep is in the audit trail.
    let camera = s.file("camera")
    try FileManager.default.createDirectory(atPath: camera, withIntermediateDirectories: false)
    try FileManager.default.copyItem(atPath: packageRoot + "/Fixtures/scan/product-100001.jpg", toPath: camera + "/a.jpg")
    chmod(camera + "/a.jpg", 0o644)
    let config = s.write("config", "processed_days = 7\n")
    var r = try s.run(["--db", db, "--config", config, "watch", "--once", "--settle-ms", "0", camera])
    #expect(r.status == 0, "\(r.out)\(r.err)")
    #expect(mode(camera + "/processed") == 0o700)
    #expect(mode(camera + "/quarantine") == 0o700)
    #expect(mode(camera + "/processed/a.jpg") == 0o600)
    s.write("config", "processed_days = 0\n")
    try FileManager.default.copyItem(atPath: packageRoot + "/Fixtures/scan/order-1040001.png", toPath: camera + "/b.png")
    r = try s.run(["--db", db, "--config", config, "watch", "--once", "--settle-ms", "0", camera])
    #expect(r.status == 0, "\(r.out)\(r.err)")
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: camera + "/processed")) ?? ["?"]).isEmpty)
    let queue = try DatabaseQueue(path: db)
    // a.jpg at the first sweep, b.png once recorded: one row per sweep.
    let sweeps = try queue.read { try String.fetchAll($0, sql: "SELECT after FROM audit_log WHERE action = 'camera.processed_removed'") }
    #expect(sweeps == ["removed=1 processed_days=0", "removed=1 processed_days=0"])
    s.write("config", "processed_days = -1\n")
    r = try s.run(["--db", db, "--config", config, "watch", "--once", camera])
    #expect(r.status == 2, "\(r.out)\(r.err)")
  }
}
