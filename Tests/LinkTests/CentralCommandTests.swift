import Foundation
import StaffLink
import Testing

/// `vgk-staff central …`, the real binary against the test server.
@Suite final class CentralCommandTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  /// $VGK_STAFF_BIN (set by `make test`), else the debug build in this checkout.
  static let binary: String = {
    if let b = ProcessInfo.processInfo.environment["VGK_STAFF_BIN"], !b.isEmpty { return b }
    return packageRoot + "/.build/debug/vgk-staff"
  }()

  typealias Run = BinaryRun

  let directory: String

  init() throws {
    directory = NSTemporaryDirectory() + "vgk-central-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  func write(_ name: String, _ text: String) -> String {
    let path = directory + "/" + name
    precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write \(path)")
    return path
  }

  /// Runs the binary to its end, output through files; a clean environment but for `env`.
  func run(_ args: [String], env: [String: String] = [:]) throws -> Run {
    try PointRig.runBinary(args, env: env, directory: directory)
  }

  static func object(_ line: String) -> [String: Any] {
    ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]) ?? [:]
  }

  @Test func setupAddPointFeedAndEventsFromTheCommandLine() throws {
    let db = try CentralDB.make(setUp: false)
    let url = db.adminURL
    let setup = try run(["central", "setup", "--url", url, "--json"])
    #expect(setup.status == 0, "\(setup.err)")
    #expect(Self.object(setup.out)["applied"] as? [String] == CentralSchema.migrations.map(\.name))
    let again = try run(["central", "setup", "--url", url])
    #expect(again.status == 0 && again.out.contains("up to date"))

    let code = PostgresServer.pointCode("DLA")
    let added = try run(["central", "add-point", "--url", url, "--point", code, "--name", "Douala Akwa", "--json"])
    #expect(added.status == 0, "\(added.err)")
    #expect(added.lines.count == 1)
    let made = Self.object(added.out)
    #expect(made["point"] as? String == code && made["role"] as? String == Central.roleName(for: code))
    let pointURL = try #require(made["url"] as? String)
    #expect(try PGConnection(pointURL).execute("SELECT vgk_link.current_point()").scalar == code)

    let twice = try run(["central", "add-point", "--url", url, "--point", code, "--name", "Douala Akwa"])
    #expect(twice.status == 1 && twice.err.contains("--rotate") && twice.out.isEmpty)
    let rotated = try run(["central", "add-point", "--url", url, "--point", code, "--rotate"])
    #expect(rotated.status == 0 && rotated.lines.count == 3, "\(rotated.err)")
    let newURL = rotated.lines[2]
    #expect(newURL != pointURL)
    #expect(throws: LinkError.self) { try PGConnection(pointURL) }
    let point = try PGConnection(newURL)

    let orders = write(
      "orders.csv",
      """
      order_id,customer_id,customer_name,pickup_code,status,shelf,created_at,title,quantity,unit_price_fcfa
      2050001,7,Awa,AB12CD34,ready,A-01,2026-11-20T09:30:00+01:00,Radio,1,5000
      2050001,7,Awa,AB12CD34,ready,A-01,2026-11-20T09:30:00+01:00,Piles,4,500
      2050002,8,Jean,ZX98YT76,expected,,2026-11-20T10:00:00+01:00,Lampe,1,3000

      """)
    let fed = try run(["central", "feed", "--url", url, "--point", code, "orders", orders, "--json"])
    #expect(fed.status == 0, "\(fed.err)")
    let written = Self.object(fed.out)
    #expect(written["records"] as? Int == 2 && written["first_seq"] as? Int == 1 && written["last_seq"] as? Int == 2)
    let pulled = try point.execute("SELECT kind, payload ->> 'order_id', jsonb_array_length(payload -> 'items'), payload ->> 'pickup_code' FROM vgk_link.feed ORDER BY seq").rows
    #expect(pulled == [["order", "2050001", "2", "AB12CD34"], ["order", "2050002", "1", "ZX98YT76"]])

    let none = try run(["central", "events", "--url", url, "--point", code])
    #expect(none.status == 1 && none.out.isEmpty)
    try point.execute(
      "INSERT INTO vgk_link.events (dedup_key, event_type, payload, occurred_at) VALUES ('order.picked_up:2050001', 'order.picked_up', $1::jsonb, '2026-11-20T11:00:00+01:00')",
      ["{\"order_id\": 2050001, \"note\": \"\u{202E}evil\"}"])
    let events = try run(["central", "events", "--url", url, "--json"])
    #expect(events.status == 0 && events.lines.count == 1, "\(events.err)")
    let event = Self.object(events.out)
    #expect(event["point"] as? String == code && event["type"] as? String == "order.picked_up")
    #expect(event["occurred_at"] as? String == "2026-11-20T10:00:00Z")
    #expect((event["payload"] as? [String: Any])?["order_id"] as? Int == 2050001)
    // A hidden character in a payload reaches the terminal escaped, still the same JSON.
    #expect(!events.out.unicodeScalars.contains("\u{202E}") && events.out.contains("\\u202e"))
    #expect((event["payload"] as? [String: Any])?["note"] as? String == "\u{202E}evil")
    let text = try run(["central", "events", "--url", url])
    #expect(text.status == 0 && text.out.hasPrefix("1\t\(code)\t2026-11-20T10:00:00Z\torder.picked_up\torder.picked_up:2050001\t"))
  }

  @Test func aBadFileIsRefusedWholeAndNothingReachesTheFeed() throws {
    let db = try CentralDB.make()
    let code = PostgresServer.pointCode()
    _ = try db.central().addPoint(code: code, name: "P")
    let files = [
      write("bad.csv", "id,title,category,price_fcfa\n1,Radio,Audio,5000\n2,Lamp,Light,-3\n"),
      write("bad.json", "[{\"id\": 1, \"title\": \"Radio\", \"category\": \"Audio\", \"price_fcfa\": 5000}, {\"id\": 2, \"title\": \"x\""),
      write("dup.json", "{\"id\": 1, \"id\": 2, \"title\": \"Radio\", \"category\": \"Audio\", \"price_fcfa\": 5000}\n"),
      write("control.csv", "id,title,category,price_fcfa\n1,\"Ra\u{1B}[2Jdio\",Audio,5000\n"),
      write("orders.csv", "order_id,customer_id\n1,2\n"),
      write("huge.csv", "id,title,category,price_fcfa\n1,Radio,Audio,99999999999999999999\n"),
    ]
    for file in files {
      let r = try run(["central", "feed", "--url", db.adminURL, "--point", code, "products", file])
      #expect(r.status == 2, "\(file): \(r.out) \(r.err)")
      #expect(r.err.contains(file))
    }
    let missing = try run(["central", "feed", "--url", db.adminURL, "--point", code, "products", directory + "/nope.csv"])
    #expect(missing.status == 2)
    let wrongKind = try run(["central", "feed", "--url", db.adminURL, "--point", code, "tickets", files[0]])
    #expect(wrongKind.status == 2)
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.feed").scalar == "0")
    // A good file for a point the centre does not know: refused.
    let good = write("good.csv", "id,title,category,price_fcfa\n1,Radio,Audio,5000\n")
    let unknown = try run(["central", "feed", "--url", db.adminURL, "--point", "NO-SUCH", "products", good])
    #expect(unknown.status == 1 && unknown.err.contains("no point NO-SUCH"))
  }

  @Test func badInputIsExitTwoAndNamesWhatWasWrong() throws {
    let db = try CentralDB.make()
    for code in ["dla", "'; DROP SCHEMA vgk_link CASCADE; --", "X"] {
      let r = try run(["central", "add-point", "--url", db.adminURL, "--point", code, "--name", "N"])
      #expect(r.status == 2 && r.err.contains("--point"), "\(code): \(r.err)")
    }
    let noName = try run(["central", "add-point", "--url", db.adminURL, "--point", "DLA-X"])
    #expect(noName.status == 2 && noName.err.contains("--name"))
    let noURL = try run(["central", "setup"])
    #expect(noURL.status == 2 && noURL.err.contains("--url"))
    let badLimit = try run(["central", "events", "--url", db.adminURL, "--limit", "0"])
    #expect(badLimit.status == 2)
    let badURL = try run(["central", "setup", "--url", "postgresql://admin:hunter22@h/d?nonsense=1"])
    #expect(badURL.status == 2 && !badURL.err.contains("hunter22") && badURL.err.split(separator: "\n").count == 1, "\(badURL.err)")
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.points").scalar == "0")
  }

  @Test func anUnreachableCentreIsOneLineWithoutThePassword() throws {
    let port = try PostgresServer.freePort()
    let url = "postgresql://admin:hunter22@127.0.0.1:\(port)/market"
    for args in [["setup"], ["add-point", "--point", "DLA-X", "--name", "N"], ["events"]] {
      let r = try run(["central"] + args + ["--url", url, "--connect-timeout", "2"])
      #expect(r.status == 1, "\(args): \(r.err)")
      #expect(r.err.split(separator: "\n").count == 1 && r.err.contains("cannot reach the centre"), "\(r.err)")
      #expect(!r.err.contains("hunter22") && r.err.contains("admin:***@127.0.0.1"))
      #expect(r.out.isEmpty)
    }
    // The URL may come from the environment instead.
    let r = try run(["central", "events", "--connect-timeout", "2"], env: ["VGK_STAFF_CENTRAL_URL": url])
    #expect(r.status == 1 && !r.err.contains("hunter22"))
  }

  @Test func aPointsRoleCannotRunTheCentralCommands() throws {
    let db = try CentralDB.make()
    let (code, credentials, _) = try db.point()
    let setup = try run(["central", "setup", "--url", credentials.url])
    #expect(setup.status == 1 && setup.err.contains("refused") && !setup.err.contains(credentials.password), "\(setup.err)")
    let add = try run(["central", "add-point", "--url", credentials.url, "--point", "ZZ-NEW", "--name", "N"])
    #expect(add.status == 1, "\(add.err)")
    let good = write("good.csv", "id,title,category,price_fcfa\n1,Radio,Audio,5000\n")
    let feed = try run(["central", "feed", "--url", credentials.url, "--point", code, "products", good])
    #expect(feed.status == 1, "\(feed.err)")
    let events = try run(["central", "events", "--url", credentials.url])
    #expect(events.status == 1, "\(events.err)")
    #expect(try db.admin().execute("SELECT count(*) FROM vgk_link.feed").scalar == "0")
  }

  /// The centre and two points through the real binary: a feed reaches its point once, the
  /// pickup codes leave the centre once acknowledged, and a transfer sent from one point is in
  /// the other's feed, from the sender.
  @Test func aPointSyncsWithTheCentreItWasGiven() throws {
    let db = try CentralDB.make()
    let url = db.adminURL
    let codes = [PostgresServer.pointCode("DLA"), PostgresServer.pointCode("BON")]
    var pointEnv: [[String: String]] = []
    var pointDB: [String] = []
    for (n, code) in codes.enumerated() {
      let added = try run(["central", "add-point", "--url", url, "--point", code, "--name", "Point \(n)", "--json"])
      let link = try #require(Self.object(added.out)["url"] as? String)
      let config = write("config-\(n)", "link_url = \"\(link)\"\n")
      pointEnv.append(["VGK_STAFF_KEYS": directory + "/keys-\(n)", "VGK_STAFF_CONFIG": config])
      pointDB.append(directory + "/point-\(n).sqlite")
      let made = try run(["--db", pointDB[n], "init", "--point", code, "--name", "Point \(n)"], env: pointEnv[n])
      #expect(made.status == 0, "\(made.err)")
    }
    let products = write("products.csv", "id,title,category,price_fcfa,unique_item\n800001,Radio,Audio,5000,false\n")
    let orders = write(
      "orders.json",
      """
      {"order_id": 2050001, "customer_id": 7, "customer_name": "Awa", "pickup_code": "AB12CD34", "status": "ready", "shelf": "A-01", \
      "created_at": "2026-11-20T09:30:00+01:00", "items": [{"product_id": 800001, "title": "Radio", "quantity": 2, "unit_price_fcfa": 5000}]}

      """)
    let staff = write("staff.csv", "login,full_name,role\namina.n,Amina N,clerk\n")
    #expect(try run(["central", "feed", "--url", url, "--point", codes[0], "products", products]).status == 0)
    #expect(try run(["central", "feed", "--url", url, "--point", codes[0], "staff", staff]).status == 0)
    #expect(try run(["central", "feed", "--url", url, "--point", codes[0], "orders", orders]).status == 0)
    let sync = try run(["--db", pointDB[0], "link", "sync", "--json"], env: pointEnv[0])
    #expect(sync.status == 0, "\(sync.err)")
    let pass = Self.object(sync.out)
    #expect(pass["pulled"] as? Int == 3 && pass["cursor"] as? Int == 3, "\(sync.out)")
    let admin = try db.admin()
    #expect(try admin.execute("SELECT count(*) FROM vgk_link.feed WHERE payload ? 'pickup_code'").scalar == "0")
    #expect(try admin.execute("SELECT acked, last_seen IS NOT NULL FROM vgk_link.points WHERE code = $1", [codes[0]]).rows == [["3", "t"]])
    // A second pass finds nothing new and sends nothing twice.
    let again = try run(["--db", pointDB[0], "link", "sync", "--json"], env: pointEnv[0])
    #expect(again.status == 0 && Self.object(again.out)["pulled"] as? Int == 0, "\(again.err)")
    let received = try run(["central", "events", "--url", url, "--point", codes[0], "--json"])
    let keys = received.lines.compactMap { Self.object($0)["dedup_key"] as? String }
    #expect(Set(keys).count == keys.count)

    // A transfer from the first point to the second reaches the second's feed.
    let sent = try run(
      ["--db", pointDB[0], "transfer", "send", "--to", codes[1], "--staff", "amina.n", "800001:1@A-01"], env: pointEnv[0])
    try #require(sent.status == 0, "\(sent.err)")
    #expect(try run(["--db", pointDB[0], "link", "sync"], env: pointEnv[0]).status == 0)
    let routed = try admin.execute("SELECT payload ->> 'from' FROM vgk_link.feed WHERE point = $1 AND kind = 'transfer'", [codes[1]]).rows
    #expect(routed == [[codes[0]]])
    let other = try run(["--db", pointDB[1], "link", "sync", "--json"], env: pointEnv[1])
    #expect(other.status == 0 && Self.object(other.out)["pulled"] as? Int == 1, "\(other.out) \(other.err)")
  }
}
