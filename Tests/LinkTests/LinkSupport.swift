import Foundation
import GRDB
import StaffDomain
import StaffLink
import StaffStore
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The instant every point of the link's end-to-end tests lives at (a training database takes
/// it from VGK_STAFF_NOW): the orders fed are ready since the day before, their holds running.
let linkNow = "2026-11-20T12:00:00+01:00"

/// One pickup point driven through the real binary: a training database made by `init
/// --training`, its keys, and a config file whose `link_url` is the connection string `central
/// add-point` printed (or another, for the tests that break it).
final class PointRig: @unchecked Sendable {
  let directory: String
  let code: String
  /// The point's connection string as the centre gave it (with its password).
  let url: String
  let password: String
  var db: String { directory + "/point.sqlite" }
  var config: String { directory + "/config" }
  var keys: String { directory + "/keys" }

  /// A new point at `central`: added there (through the binary when `viaBinary`), its
  /// database made, its config written with `link_url` (through `port` instead of the server's
  /// when given: a proxy's).
  init(_ central: CentralDB, prefix: String = "P", viaBinary: Bool = false, port: Int? = nil, extraConfig: String = "") throws {
    directory = NSTemporaryDirectory() + "vgk-link-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
    let code = PostgresServer.pointCode(prefix)
    self.code = code
    if viaBinary {
      let added = try Self.runBinary(
        ["central", "add-point", "--url", central.adminURL, "--point", code, "--name", "Point \(code)", "--json"], env: [:],
        directory: directory)
      guard added.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(added.out.utf8)) as? [String: Any],
        let url = object["url"] as? String
      else { throw PostgresServer.ServerError("add-point failed: \(added.status) \(added.out) \(added.err)") }
      self.url = url
    } else {
      self.url = try central.central().addPoint(code: code, name: "Point \(code)").url
    }
    password = URLComponents(string: url)?.password ?? ""
    let made = try Self.runBinary(
      ["--db", directory + "/point.sqlite", "init", "--training", "--point", code, "--name", "Point \(code)"], env: Self.baseEnv(directory),
      directory: directory)
    guard made.status == 0 else { throw PostgresServer.ServerError("init failed: \(made.out) \(made.err)") }
    let linkURL = port.map { Self.replacingPort(url, with: $0) } ?? url
    writeConfig("link_url = \(linkURL)\n" + extraConfig)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// `url` with its port replaced (`…@127.0.0.1:PORT/db`).
  static func replacingPort(_ url: String, with port: Int) -> String {
    guard var c = URLComponents(string: url) else { return url }
    c.port = port
    return c.string ?? url
  }

  func writeConfig(_ text: String) {
    precondition(FileManager.default.createFile(atPath: config, contents: Data(text.utf8)), "cannot write \(config)")
  }

  static func baseEnv(_ directory: String) -> [String: String] {
    ["HOME": directory + "/home", "VGK_STAFF_KEYS": directory + "/keys", "VGK_STAFF_NOW": linkNow]
  }

  /// The binary on this point's database and config.
  func run(_ args: [String], env: [String: String] = [:]) throws -> BinaryRun {
    try Self.runBinary(["--db", db, "--config", config] + args, env: Self.baseEnv(directory).merging(env) { $1 }, directory: directory)
  }

  func start(_ args: [String], env: [String: String] = [:]) throws -> StartedBinary {
    try Self.startBinary(["--db", db, "--config", config] + args, env: Self.baseEnv(directory).merging(env) { $1 }, directory: directory)
  }

  /// `link sync --json`, its figures read.
  func sync() throws -> (run: BinaryRun, report: [String: Any]) {
    let r = try run(["link", "sync", "--json"])
    return (r, (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any] ?? [:])
  }

  /// Hands order `id` over with `code` at the counter (`scan --confirm`).
  func handOver(_ id: Int64, code: String, staff: String = "amina.n") throws -> BinaryRun {
    try run(["scan", "--payload", "ORDER:\(id):\(code)", "--confirm", "--staff", staff, "--json"])
  }

  /// The test's own connection to the point's database, when it has one open: reads go
  /// through it (a second connection of one process to one WAL file is not opened meanwhile).
  var open: AppDatabase?

  /// A read of the point's database (opened for this read and closed after, unless `open`).
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    if let open { return try open.read(body) }
    let database = try AppDatabase.open(path: db, readOnly: true)
    return try database.read(body)
  }

  func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
  }

  /// Every event the point has made: its outbox rows' keys and its ledger's movements as keys.
  func eventKeys() throws -> Set<String> {
    try read { db in
      Set(try String.fetchAll(db, sql: "SELECT dedup_key FROM outbox"))
        .union(try Int64.fetchAll(db, sql: "SELECT id FROM movements").map { "stock.movement:\(code):\($0)" })
    }
  }

  /// The whole database as bytes: the file and what its WAL holds.
  func fileBytes() -> Data {
    [db, db + "-wal", db + "-journal"].reduce(into: Data()) { all, path in
      if let d = FileManager.default.contents(atPath: path) { all.append(d) }
    }
  }

  // MARK: The binary

  static func runBinary(_ args: [String], env: [String: String], directory: String) throws -> BinaryRun {
    let started = try startBinary(args, env: env, directory: directory)
    return started.wait()
  }

  static func startBinary(_ args: [String], env: [String: String], directory: String) throws -> StartedBinary {
    let id = UUID().uuidString
    let out = directory + "/out-" + id
    let err = directory + "/err-" + id
    precondition(FileManager.default.createFile(atPath: out, contents: nil), "cannot write \(out)")
    precondition(FileManager.default.createFile(atPath: err, contents: nil), "cannot write \(err)")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CentralCommandTests.binary)
    p.arguments = args
    var environment = ["PATH": "/usr/bin:/bin", "HOME": directory, "LANG": "C.UTF-8"]
    environment.merge(env) { $1 }
    p.environment = environment
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle(forWritingAtPath: out)
    p.standardError = FileHandle(forWritingAtPath: err)
    try p.run()
    return StartedBinary(process: p, out: out, err: err)
  }
}

struct BinaryRun {
  var status: Int32
  var out: String
  var err: String
  var lines: [String] { out.split(separator: "\n").map(String.init) }
  var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(out.utf8))) as? [String: Any] ?? [:] }
}

struct StartedBinary {
  var process: Process
  var out: String
  var err: String

  func wait() -> BinaryRun {
    process.waitUntilExit()
    return BinaryRun(
      status: process.terminationStatus, out: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
      err: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
  }
}

// MARK: Feed records

enum Records {
  static let products = [
    #"{"id": 100001, "title": "Radio Tecno", "category": "Maison", "price_fcfa": 8000, "unique_item": false}"#,
    #"{"id": 100002, "title": "Piles AA", "category": "Maison", "price_fcfa": 500, "unique_item": false}"#,
  ]
  static let staff = [
    #"{"login": "amina.n", "full_name": "Amina Njoya", "role": "clerk"}"#,
    #"{"login": "solange.e", "full_name": "Solange Ekambi", "role": "supervisor"}"#,
  ]

  /// A ready order on shelf S-{n mod 50} with `items` items (product 100001, then 100002…).
  static func order(_ id: Int64, code: String, items: Int = 1, status: String = "ready") -> String {
    let lines = (0..<items).map { i in
      #"{"product_id": \#(100001 + Int64(i % 2)), "title": "Item \#(i)", "quantity": \#(i + 1), "unit_price_fcfa": 5000}"#
    }
    return """
      {"order_id": \(id), "customer_id": 7, "customer_name": "Awa Client", "pickup_code": "\(code)", "status": "\(status)", \
      "shelf": "S-\(id % 50)", "created_at": "2026-11-18T09:00:00+01:00", "updated_at": "2026-11-19T10:00:00+01:00", \
      "items": [\(lines.joined(separator: ", "))]}
      """
  }

  /// The pickup code of order `id` in the tests' feeds: 8 of [A-Z0-9].
  static func code(_ id: Int64) -> String { "K" + String(format: "%07d", id % 10_000_000) }
}

// MARK: A proxy that can be cut

/// A TCP proxy on 127.0.0.1: what connects to `port` is connected to `target` and the bytes
/// forwarded both ways (one thread, poll). `cut()` closes the listening socket and every
/// connection (the point sees the centre go away: resets and refused connections); `restore()`
/// listens again on the same port.
final class TCPProxy: @unchecked Sendable {
  let port: Int
  let target: Int
  private let lock = NSLock()
  private var wanted = true
  private var stopping = false
  /// What the thread last did about `wanted` (so cut() returns once it is done).
  private var applied = false
  private var listener: Int32 = -1
  private var pairs: [(Int32, Int32)] = []
  private let finished = DispatchSemaphore(value: 0)

  init(target: Int) throws {
    self.target = target
    port = try PostgresServer.freePort()
    try listen()
    lock.withLock { applied = true }
    Thread.detachNewThread { [self] in
      loop()
      finished.signal()
    }
  }


  /// Cuts every connection and refuses new ones until `restore()`; returns once done.
  func cut() { set(false) }
  func restore() { set(true) }

  func stop() {
    lock.withLock { stopping = true }
    _ = finished.wait(timeout: .now() + 5)
  }

  private func set(_ up: Bool) {
    lock.withLock {
      wanted = up
      applied = false
    }
    _ = holds(within: 5, interval: .milliseconds(2)) { lock.withLock { applied } }
  }

  private func listen() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PostgresServer.ServerError("socket: \(PostgresServer.errorText())") }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = Self.address(port)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, Glibc.listen(fd, 64) == 0 else {
      close(fd)
      throw PostgresServer.ServerError("the proxy cannot listen on \(port): \(PostgresServer.errorText())")
    }
    listener = fd
  }

  private static func address(_ port: Int) -> sockaddr_in {
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_port = in_port_t(UInt16(port).bigEndian)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    return a
  }

  private func closeAll() {
    if listener >= 0 { close(listener) }
    listener = -1
    for (a, b) in pairs {
      shutdown(a, Int32(SHUT_RDWR))
      shutdown(b, Int32(SHUT_RDWR))
      close(a)
      close(b)
    }
    pairs = []
  }

  private func loop() {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let (want, stop, done) = lock.withLock { (wanted, stopping, applied) }
      if stop {
        closeAll()
        return
      }
      if !done {
        if !want {
          closeAll()
        } else if listener < 0 {
          try? listen()
        }
        lock.withLock { applied = true }
      }
      var fds: [pollfd] = []
      if listener >= 0 { fds.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0)) }
      for (a, b) in pairs {
        fds.append(pollfd(fd: a, events: Int16(POLLIN), revents: 0))
        fds.append(pollfd(fd: b, events: Int16(POLLIN), revents: 0))
      }
      let ready = poll(&fds, nfds_t(fds.count), 20)
      guard ready > 0 else { continue }
      var dead: Set<Int32> = []
      for p in fds where p.revents != 0 {
        if p.fd == listener {
          let client = accept(listener, nil, nil)
          guard client >= 0 else { continue }
          let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
          var address = Self.address(target)
          let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
          }
          if connected == 0 {
            pairs.append((client, server))
          } else {
            close(client)
            close(server)
          }
          continue
        }
        guard let pair = pairs.first(where: { $0.0 == p.fd || $0.1 == p.fd }) else { continue }
        let other = pair.0 == p.fd ? pair.1 : pair.0
        let n = read(p.fd, &buffer, buffer.count)
        if n <= 0 {
          dead.insert(pair.0)
          continue
        }
        var sent = 0
        while sent < n {
          let w = buffer.withUnsafeBytes { write(other, $0.baseAddress! + sent, n - sent) }
          if w <= 0 { break }
          sent += w
        }
        if sent < n { dead.insert(pair.0) }
      }
      if !dead.isEmpty {
        for (a, b) in pairs where dead.contains(a) {
          close(a)
          close(b)
        }
        pairs.removeAll { dead.contains($0.0) }
      }
    }
  }
}
