import Foundation
import StaffLabels
import StaffScan
import Testing
import TestSupport

/// A photo of a QR code as a camera might save it: the code on white, as a PNG.
enum QRPhoto {
  static func png(_ payload: String, module: Int = 6) throws -> [UInt8] {
    let (pixels, side) = try QRMatrix.encode(payload).greyPixels(scale: module)
    let width = side + 200, height = side + 120
    var frame = [UInt8](repeating: 235, count: width * height)
    for y in 0..<side { for x in 0..<side { frame[(y + 60) * width + x + 100] = pixels[y * side + x] } }
    guard let png = ImageEncoder.png(GreyImage(width: width, height: height, pixels: frame)) else {
      throw CocoaError(.fileWriteUnknown)
    }
    return png
  }
}

@Suite struct DemoTests {
  /// A demo built before logins existed has accounts without secrets: opening it gives them
  /// theirs, so its login screen can be passed.
  @Test func anOlderDemoGetsItsSecrets() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    #expect(try s.run(["demo", "--db", db]).status == 0)
    try shell("sqlite3", [db, "UPDATE staff SET secret_hash = NULL"])
    #expect(try s.run(["demo", "--db", db]).status == 0)
    let keys = ["VGK_STAFF_KEYS": s.file("demo-keys")]
    #expect(try s.run(["--db", db, "staff", "login", "amina.n"], env: keys, input: "2468\n").status == 0)
    #expect(try s.run(["--db", db, "staff", "login", "solange.e"], env: keys, input: "superviseur\n").status == 0)
    #expect(try s.run(["--db", db, "db", "check"]).status == 0, "the secrets were set through the program, audited")
  }

  @Test func theDemoIsBuiltFromFixturesKeptAndReset() throws {
    let s = Sandbox()
    let db = s.file("demo/demo.sqlite")
    try FileManager.default.createDirectory(atPath: s.file("demo"), withIntermediateDirectories: true)
    var r = try s.run(["demo", "--db", db], env: ["VGK_STAFF_NOW": "2026-11-25T10:00:00+01:00"])
    #expect(r.status == 0, "\(r.err)")
    // Not a terminal: the console's first screen is printed as text.
    #expect(r.out.contains("DLA-AKWA"), "\(r.out)")
    #expect(r.out.contains("no one on duty   10:00"), "\(r.out)")
    #expect(r.out.contains("VGK Staff Console — log in") && r.out.contains("Demo: amina.n PIN 2468 (clerk)"), "\(r.out)")
    #expect(r.err.contains("Camera folder: \(s.file("demo/camera"))"))
    // The fixtures hold 20 ready orders, 4 of them past their hold: the console's first pass of
    // the task rules returns those 4, each with its return task.
    #expect(try shell("sqlite3", [db, "SELECT status, count(*) FROM orders GROUP BY status ORDER BY status"]).out
      == "cancelled|3\nexpected|10\npicked_up|12\nready|16\nreceived|10\nreturned|9\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tasks WHERE source_key LIKE 'order-return:%'"]).out == "4\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tasks WHERE source_key LIKE 'order-receive:%'"]).out == "10\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM staff"]).out == "5\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM products"]).out == "209\n")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM tickets"]).out == "12\n")
    // Times in the fixtures are shifted to now: the newest order is less than 10 days old.
    let newest = try shell("sqlite3", [db, "SELECT max(created_at) FROM orders"]).out
    let pinned: Int64 = 1_795_683_600  // 2026-11-25T10:00:00+01:00
    #expect(Int64(newest.trimmingCharacters(in: .whitespacesAndNewlines)).map { pinned - $0 < 10 * 86400 && $0 <= pinned } == true)
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
    // Kept on the next run; rebuilt with --reset.
    try shell("sqlite3", [db, "INSERT INTO settings VALUES ('marker', 'x')"])
    r = try s.run(["demo", "--db", db])
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM settings WHERE key = 'marker'"]).out == "1\n")
    r = try s.run(["demo", "--db", db, "--reset"])
    #expect(r.status == 0, "\(r.err)")
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM settings WHERE key = 'marker'"]).out == "0\n")
  }

  @Test func brokenFixturesAreReportedAndLeaveNoHalfDemo() throws {
    let s = Sandbox()
    let fixtures = s.file("fixtures")
    try FileManager.default.copyItem(atPath: packageRoot + "/Fixtures", toPath: fixtures)
    let tasks = fixtures + "/demo/tasks.csv"
    let text = try String(contentsOfFile: tasks, encoding: .utf8)
    try (text + "CLEANING,LOW,open,Balayer,yesterday,,,,,,\n").write(toFile: tasks, atomically: true, encoding: .utf8)
    let db = s.file("demo.sqlite")
    let r = try s.run(["demo", "--db", db], env: ["VGK_STAFF_FIXTURES": fixtures])
    #expect(r.status == 2)
    #expect(r.err.contains("\(tasks):\(text.split(separator: "\n").count + 1): column 'created_at' 'yesterday' is not a time"))
    #expect(!FileManager.default.fileExists(atPath: db))
  }
}

/// The console as a person sees it: in a real terminal (tmux, on its own socket), started with
/// `vgk-staff demo`.
@Suite(.serialized) struct TmuxTests {
  let socket = "vgk-e2e-\(getpid())"

  @discardableResult
  func tmux(_ args: [String], blocking: [Int32] = []) throws -> (status: Int32, out: String) {
    try shell("tmux", ["-L", socket] + args, blocking: blocking)
  }
  func screen(_ session: String) -> String { (try? tmux(["capture-pane", "-p", "-t", session]).out) ?? "" }

  func waitFor(_ session: String, _ text: String) -> Bool {
    holds(within: 20, interval: .milliseconds(50)) { screen(session).contains(text) }
  }

  /// Logs in on the console's login screen, as a person types it (`prompt`: the secret's label in
  /// the console's language; `tabs`: the first tab as the keymap's tab bar names it).
  func logIn(_ session: String, _ login: String, _ secret: String, prompt: String = "Password or PIN", tabs: String = "1 Scans") throws {
    #expect(waitFor(session, prompt), "the login screen: \(screen(session))")
    try tmux(["send-keys", "-t", session, "-l", login])
    try tmux(["send-keys", "-t", session, "Enter"])
    try tmux(["send-keys", "-t", session, "-l", secret])
    try tmux(["send-keys", "-t", session, "Enter"])
    #expect(waitFor(session, tabs), "logged in: \(screen(session))")
  }

  /// A shell command line that runs the binary with exactly the sandbox's environment.
  func commandLine(_ s: Sandbox, _ args: [String], term: String, env extra: [String: String] = [:]) -> String {
    var env = s.environment.merging(extra) { $1 }
    env["TERM"] = term
    env["LANG"] = "C.UTF-8"
    let assignments = env.sorted { $0.key < $1.key }.map { shellQuote("\($0.key)=\($0.value)") }
    return "env -i " + (assignments + [shellQuote(binary)] + args.map(shellQuote)).joined(separator: " ")
  }

  /// How the console is started: as usual, and with SIGWINCH blocked by whoever starts it (a
  /// blocked mask survives exec and tmux; a program launched from a libdispatch thread has it).
  /// Either way it must follow the terminal's size.
  enum Launch: String, CaseIterable, Sendable {
    case plain, winchBlocked
  }

  @Test(arguments: Launch.allCases)
  func theDemoOpensInATerminalFollowsResizesAndQuits(_ launch: Launch) throws {
    let s = Sandbox()
    let session = launch.rawValue
    // bash, unlike dash, passes its signal mask on to the commands it runs.
    let statusFile = s.file("status")
    let command = "bash -c " + shellQuote(
      commandLine(s, ["demo", "--db", s.file("demo.sqlite")], term: "xterm-256color") + "; echo $? > " + shellQuote(statusFile))
    let started = try tmux(
      ["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
      blocking: launch == .winchBlocked ? [SIGWINCH] : [])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    #expect(waitFor(session, "VGK Staff  DLA-AKWA"), "\(screen(session))")
    let bash = pid_t(try tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).out
      .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    if launch == .winchBlocked {
      #expect(signalMask(bash, "SigBlk") & (UInt64(1) << (UInt64(SIGWINCH) - 1)) != 0, "the premise: SIGWINCH blocked")
    }
    try logIn(session, "amina.n", "2468")
    #expect(waitFor(session, "No scans yet."), "\(screen(session))")
    try tmux(["resize-window", "-t", session, "-x", "40", "-y", "10"])
    #expect(waitFor(session, "Terminal too small: 40x10"), "\(screen(session))")
    try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
    #expect(waitFor(session, "No scans yet."), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "q"])
    var status: String?
    waitUntil("the console's status in \(statusFile)", timeout: 30) {
      status = try? String(contentsOfFile: statusFile, encoding: .utf8)
      return status?.hasSuffix("\n") == true
    }
    #expect(status == "0\n", "q must end the console with status 0")
  }

  /// With camera_dir set, the console takes photos itself: a photo dropped into the folder shows
  /// on the screen as the latest scan.
  @Test func theConsoleTakesPhotosFromTheCameraFolder() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let camera = s.file("camera")
    try FileManager.default.createDirectory(atPath: camera, withIntermediateDirectories: true)
    s.write("config", "camera_dir = \(camera)\ncamera_settle_ms = 50\n")
    let session = "camera"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
      "exec " + commandLine(s, ["console", "--db", db, "--config", s.file("config")], term: "xterm"),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    #expect(waitFor(session, "Camera folder: 0 photos taken"), "\(screen(session))")
    try FileManager.default.copyItem(atPath: packageRoot + "/Fixtures/scan/product-100001.jpg", toPath: camera + "/p.jpg.part")
    #expect(rename(camera + "/p.jpg.part", camera + "/p.jpg") == 0)
    #expect(waitFor(session, "camera   PRODUCT:100001           Shown"), "\(screen(session))")
    #expect(waitFor(session, "Camera folder: 1 photo taken"), "\(screen(session))")
    #expect(waitFor(session, "Product 100001   Radio Tecno"), "the product's detail: \(screen(session))")
    #expect(FileManager.default.fileExists(atPath: camera + "/processed/p.jpg"))
    // A second taker (a watch service started meanwhile) waits: one taker per folder.
    let watch = try s.start(["--db", db, "watch", "--once", camera])
    waitUntil("the watch to say it waits for the console") {
      ((try? String(contentsOfFile: watch.err, encoding: .utf8)) ?? "").contains("waiting for it to stop")
    }
    #expect(watch.process.isRunning)
    try tmux(["send-keys", "-t", session, "q"])
    watch.process.waitUntilExit()
    #expect(watch.process.terminationStatus == 0)
  }

  /// With link_url set, the console keeps the link beside its work: a centre that cannot be
  /// reached shows on the top line as down since when, the counter works on, and q still quits
  /// at once (the link's thread stops with it).
  @Test func aLinkThatIsDownShowsOnTheTopLineAndTheConsoleWorksOn() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    // A port nobody listens on: the connection is refused at once.
    s.write("config", "link_url = postgresql://vgk_point_x:secret@127.0.0.1:9/vgk?connect_timeout=2\nlink_poll_seconds = 5\n")
    let session = "link"
    let statusFile = s.file("status")
    let command = "bash -c " + shellQuote(
      commandLine(s, ["console", "--db", db, "--config", s.file("config")], term: "xterm") + "; echo $? > " + shellQuote(statusFile))
    let started = try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    #expect(waitFor(session, "Link down since"), "\(screen(session))")
    try logIn(session, "amina.n", "2468")
    #expect(waitFor(session, "Link down since"), "\(screen(session))")
    #expect(!screen(session).contains("secret"))
    // The database says so too, and the command line reads it without contacting anyone.
    let status = try s.run(["--db", db, "--config", s.file("config"), "link", "status", "--json"])
    #expect(status.status == 1)
    #expect(status.out.contains("\"up\":false") && status.out.contains("vgk_point_x:***@"), "\(status.out)")
    #expect(!status.out.contains("secret") && !status.err.contains("secret"))
    try tmux(["send-keys", "-t", session, "q"])
    var code: String?
    waitUntil("the console's status in \(statusFile)") {
      code = try? String(contentsOfFile: statusFile, encoding: .utf8)
      return code?.hasSuffix("\n") == true
    }
    #expect(code == "0\n", "q must end the console with status 0")
  }

  /// The task board in a real terminal: the rules' tasks appear, a task is started and done
  /// with its keys (the database says so), and a new one is added with a, a type, a priority and
  /// a title.
  @Test func theTaskBoardWorksFromTheKeys() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let env = ["VGK_STAFF_NOW": "2026-11-20T09:00:00+01:00", "VGK_STAFF_USER": "amina.n"]
    let added = try s.run(["--db", db, "tasks", "add", "--type", "REPORTING", "--priority", "URGENT", "--title", "Rapport coupure"], env: env)
    #expect(added.status == 0, "\(added.err)")
    let session = "tasks"
    var line = commandLine(s, ["console", "--db", db, "--lang", "en"], term: "xterm")
    line = line.replacingOccurrences(of: "env -i ", with: "env -i VGK_STAFF_NOW=2026-11-20T09:00:00+01:00 ")
    let started = try tmux(["new-session", "-d", "-s", session, "-x", "132", "-y", "43", "exec " + line])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    #expect(waitFor(session, "No scans yet."), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "2"])
    #expect(waitFor(session, "waiting     medium   order pickup  Hand over order 104"), "the rules' pickup task: \(screen(session))")
    #expect(screen(session).contains("2 h 00 min open        urgent   reporting"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "s"])
    #expect(waitFor(session, "Task 1 started."), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT status || ' ' || assignee_id FROM tasks WHERE id = 1"]).out == "in_progress 1\n")
    try tmux(["send-keys", "-t", session, "d"])
    #expect(waitFor(session, "Mark task 1 done?"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Task 1 done."), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT status FROM tasks WHERE id = 1"]).out == "done\n")
    try tmux(["send-keys", "-t", session, "a", "5", "4"])
    #expect(waitFor(session, "New cleaning task, low, title:"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "-l", "Balayer l'entrée"])
    try tmux(["send-keys", "-t", session, "Enter"])
    #expect(waitFor(session, "added."), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT type || ' ' || priority || ' ' || title FROM tasks WHERE created_by = 1"]).out
      == "REPORTING URGENT Rapport coupure\nCLEANING LOW Balayer l'entrée\n")
    try tmux(["send-keys", "-t", session, "q"])
  }

  /// A count closed from the console in a real terminal: C shows what it posts; stock received
  /// there from the command line meanwhile makes the store refuse the y, and the console shows
  /// the new differences; y (twice: nothing was counted) posts those. Then a movement to a shelf
  /// never used asks "New location ZZZ-9?" first.
  @Test func aCountCloseShowsWhatItPostsAndANewShelfIsAsked() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let session = "count"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "100", "-y", "30", "exec " + commandLine(s, ["console", "--db", db, "--lang", "en"], term: "xterm"),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    try tmux(["send-keys", "-t", session, "3"])
    #expect(waitFor(session, "Radio Tecno"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "c"])
    #expect(waitFor(session, "Count which locations:"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "-l", "S-1"])
    try tmux(["send-keys", "-t", session, "Enter"])
    #expect(waitFor(session, "Count 1 open for S-1"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "C"])
    #expect(waitFor(session, "Close count 1 (S-1): what will be posted"), "\(screen(session))")
    #expect(screen(session).contains("S-1          100001 Radio Tecno"), "\(screen(session))")
    // Another terminal receives two more radios on S-1 while the differences are on screen.
    let moved = try s.run(
      ["--db", db, "stock", "move", "--type", "RECEIVE", "--product", "100001", "--qty", "2", "--to", "S-1"], env: ["VGK_STAFF_USER": "brice.k"])
    #expect(moved.status == 0, "\(moved.err)")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Nothing was counted in count 1"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "The stock changed since the differences were shown"), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT status FROM stock_counts"]).out == "open\n", "nothing posted")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "(units: 3,"), "the new differences: \(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Count 1 closed: 1 line, 1 adjusted."), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT quantity FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = 'S-1'"]).out == "0\n")
    // The lamp moved from its shelf P-01 (offered) to ZZZ-9, typed, and asked about.
    #expect(waitFor(session, "Product 100002   Lampe solaire"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "m", "6", "Enter", "Enter"])
    #expect(waitFor(session, "To (location):"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "-l", "ZZZ-9"])
    try tmux(["send-keys", "-t", session, "Enter"])
    #expect(waitFor(session, "New location ZZZ-9? This point has never used it."), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "(new location ZZZ-9)"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Movement"), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT sum(quantity) FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.code = 'ZZZ-9'"]).out == "1\n")
    try tmux(["send-keys", "-t", session, "q"])
  }

  /// A shelf label from the console: the stock tab, `l` shows its preview, `y` prints it on the
  /// configured printer (a file standing in for /dev/usb/lp0), and the queue says so.
  @Test func aShelfLabelIsPreviewedThenPrintedFromTheStockTab() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let device = s.file("lp0")
    #expect(FileManager.default.createFile(atPath: device, contents: nil))
    s.write("config", "printer_device = \(device)\nprinter_paper = 80\n")
    let session = "label"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
      "exec " + commandLine(s, ["console", "--db", db, "--config", s.file("config"), "--lang", "en"], term: "xterm"),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    try tmux(["send-keys", "-t", session, "3"])
    #expect(waitFor(session, "Radio Tecno"), "\(screen(session))")
    try tmux(["send-keys", "-t", session, "l"])
    #expect(waitFor(session, "Print this label?  y print   n close"), "\(screen(session))")
    #expect(screen(session).contains("▀"), "the code, in half blocks: \(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Label printed (job 1)."), "\(screen(session))")
    let size = (try FileManager.default.attributesOfItem(atPath: device)[.size] as? Int) ?? 0
    let status = try shell("sqlite3", [db, "SELECT status FROM print_jobs"]).out
    #expect(size > 0 && status == "printed\n", "\(size) \(status)")
    try tmux(["send-keys", "-t", session, "q"])
  }

  /// A walk-through: the demo console, a photo of a ready order's code dropped into
  /// its camera folder, the order on the screen, `y`, the order picked up in the database; then
  /// the terminal shrunk to 40 x 10 and back, and killed: the console is gone within 2 s.
  @Test func aPhotoOfAReadyOrderIsHandedOverWithOneKey() throws {
    let s = Sandbox()
    let db = s.file("demo/demo.sqlite")
    try FileManager.default.createDirectory(atPath: s.file("demo"), withIntermediateDirectories: true)
    let built = try s.run(["demo", "--db", db])
    #expect(built.status == 0, "\(built.err)")
    guard let payload = built.err.split(separator: " ").last(where: { $0.hasPrefix("ORDER:") }).map({ String($0.prefix { !$0.isNewline }) }),
      let id = payload.split(separator: ":").dropFirst().first
    else {
      Issue.record("the demo printed no sample pickup: \(built.err)")
      return
    }
    #expect(try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = \(id)"]).out == "ready\n")
    let session = "handover"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
      "exec " + commandLine(s, ["demo", "--db", db], term: "xterm-256color"),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    #expect(waitFor(session, "Camera folder: 0 photos taken"), "\(screen(session))")
    let camera = s.file("demo/camera")
    let photo = try QRPhoto.png(payload)
    #expect(FileManager.default.createFile(atPath: camera + "/counter.png.part", contents: Data(photo)))
    #expect(rename(camera + "/counter.png.part", camera + "/counter.png") == 0)
    #expect(waitFor(session, "Hand over order \(id) from shelf"), "\(screen(session))")
    #expect(screen(session).contains("Order \(id)   Right code: hand it over"), "\(screen(session))")
    #expect(screen(session).contains("camera   ORDER:\(id):***"), "the code never shows: \(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Order \(id) handed over."), "\(screen(session))")
    #expect(try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = \(id)"]).out == "picked_up\n")
    #expect(try shell("sqlite3", [db, "SELECT s.login FROM handovers h JOIN staff s ON s.id = h.staff_id WHERE h.order_id = \(id)"]).out == "amina.n\n")
    // Another process's scan shows without a key.
    let cli = try s.run(["--db", db, "scan", "--payload", "PRODUCT:100001"], env: ["VGK_STAFF_KEYS": s.file("demo/demo-keys")])
    #expect(cli.status == 0, "\(cli.err)")
    #expect(waitFor(session, "command  PRODUCT:100001"), "\(screen(session))")
    try tmux(["resize-window", "-t", session, "-x", "40", "-y", "10"])
    #expect(waitFor(session, "Terminal too small: 40x10"), "\(screen(session))")
    try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
    #expect(waitFor(session, "Handed over: amina.n"), "\(screen(session))")
    let pid = pid_t(try tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    #expect(processName(pid) == "vgk-staff")
    let killed = Date()
    try tmux(["kill-session", "-t", session])
    _ = holds(within: 10) { !isRunning(pid) }
    let after = Date().timeIntervalSince(killed)
    #expect(!isRunning(pid) && after < 2, "the console outlived its terminal by \(after) s")
    #expect(try s.run(["db", "check", "--db", db]).status == 0)
  }

  /// The demo's ready orders with their codes, the most recently shelved first (the fixtures
  /// hold the codes in clear; the database only their HMAC).
  func readyOrders() throws -> [(id: Int, code: String)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Fixtures/demo/orders.json"))
    let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    return rows.filter { $0["status"] as? String == "ready" }
      .sorted { ($0["updated_at"] as? String ?? "") > ($1["updated_at"] as? String ?? "") }
      .compactMap { row in (row["order_id"] as? Int).flatMap { id in (row["pickup_code"] as? String).map { (id, $0) } } }
  }

  /// Types a code on the scanner line, as a clerk does: `s`, the line (`prompt` in the console's
  /// language), the code, Enter.
  func typeCode(_ session: String, _ code: String, prompt: String = "Code:") throws {
    try tmux(["send-keys", "-t", session, "s"])
    #expect(waitFor(session, prompt), "the scanner line: \(screen(session))")
    try tmux(["send-keys", "-t", session, "-l", code])
    try tmux(["send-keys", "-t", session, "Enter"])
  }

  /// Drops a photo of `payload` into the camera folder as a camera does (written aside, renamed in).
  func dropPhoto(_ payload: String, into camera: String, name: String) throws {
    #expect(FileManager.default.createFile(atPath: camera + "/" + name + ".part", contents: Data(try QRPhoto.png(payload))))
    #expect(rename(camera + "/" + name + ".part", camera + "/" + name) == 0)
  }

  /// The walk that handed over the wrong parcel: order A's question is open, the next customer's
  /// photo of order B lands; the screen keeps A and says B waits, and y hands over A, never B.
  /// Then in French: the refusal's reasons open for C, a photo of D lands, & then y refuse C.
  @Test func aPhotoArrivingDuringAQuestionNeverChangesWhatYDoes() throws {
    let s = Sandbox()
    let db = s.file("demo/demo.sqlite")
    try FileManager.default.createDirectory(atPath: s.file("demo"), withIntermediateDirectories: true)
    #expect(try s.run(["demo", "--db", db]).status == 0)
    let ready = try readyOrders()
    guard ready.count >= 4 else {
      Issue.record("the demo has fewer than 4 ready orders")
      return
    }
    let (a, b, c, d) = (ready[0], ready[1], ready[2], ready[3])
    func status(_ id: Int) throws -> String { try shell("sqlite3", [db, "SELECT status FROM orders WHERE id = \(id)"]).out }
    let camera = s.file("demo/camera")
    defer { _ = try? tmux(["kill-server"]) }

    let session = "question"
    #expect(try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "exec " + commandLine(s, ["demo", "--db", db], term: "xterm-256color")]).status == 0)
    try logIn(session, "amina.n", "2468")
    try typeCode(session, "ORDER:\(a.id):\(a.code)")
    #expect(waitFor(session, "Hand over order \(a.id) from shelf"), "\(screen(session))")
    try dropPhoto("ORDER:\(b.id):\(b.code)", into: camera, name: "next-customer.png")
    #expect(waitFor(session, "New scan waiting: ORDER \(b.id) (camera)."), "\(screen(session))")
    #expect(screen(session).contains("Hand over order \(a.id) from shelf"), "the question stays on A: \(screen(session))")
    #expect(!screen(session).contains("Order \(b.id)   "), "B's detail is not shown: \(screen(session))")
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "Order \(a.id) handed over."), "\(screen(session))")
    #expect(try status(a.id) == "picked_up\n" && status(b.id) == "ready\n", "A went out, B did not")
    #expect(screen(session).contains("Waiting: 1 (press Home)."), "\(screen(session))")
    // A second y does not reach B: the screen asks nothing now.
    try tmux(["send-keys", "-t", session, "y"])
    #expect(waitFor(session, "No question here") || waitFor(session, "Handed over by"), "\(screen(session))")
    #expect(try status(b.id) == "ready\n")
    try tmux(["send-keys", "-t", session, "q"])

    let fr = "refus"
    #expect(try tmux(["new-session", "-d", "-s", fr, "-x", "100", "-y", "30", "exec " + commandLine(s, ["demo", "--db", db, "--lang", "fr", "--keymap", "azerty"], term: "xterm-256color")]).status == 0)
    try logIn(fr, "amina.n", "2468", prompt: "Mot de passe ou code PIN", tabs: "& Scans")
    try typeCode(fr, "ORDER:\(c.id):\(c.code)", prompt: "Code\u{00A0}:")
    #expect(waitFor(fr, "Remettre la commande \(c.id) de l'étagère"), "\(screen(fr))")
    try tmux(["send-keys", "-t", fr, "r"])
    #expect(waitFor(fr, "Pourquoi ne pas remettre la commande \(c.id)\u{202F}?"), "\(screen(fr))")
    try dropPhoto("ORDER:\(d.id):\(d.code)", into: camera, name: "client-suivant.png")
    #expect(waitFor(fr, "Nouveau scan en attente\u{00A0}: ORDER \(d.id) (caméra)."), "\(screen(fr))")
    try tmux(["send-keys", "-t", fr, "&"])
    #expect(waitFor(fr, "Refuser la commande \(c.id)\u{00A0}: pas l'acheteur\u{202F}?"), "\(screen(fr))")
    try tmux(["send-keys", "-t", fr, "o"])  // oui
    #expect(waitFor(fr, "Commande \(c.id) non remise"), "\(screen(fr))")
    let decided = try shell("sqlite3", [db, "SELECT s.order_id, d.reason FROM scan_decisions d JOIN scans s ON s.id = d.scan_id"]).out
    #expect(decided == "\(c.id)|wrong_person\n", "C refused, D untouched: \(decided)")
    try tmux(["send-keys", "-t", fr, "q"])
    #expect(try s.run(["db", "check", "--db", db]).status == 0)
  }

  /// SIGTERM (a service manager, a shutdown) ends the console cleanly: status 0, the terminal
  /// given back, the database fine.
  @Test func sigtermEndsTheConsoleCleanly() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    #expect(try s.run(["demo", "--db", db]).status == 0)
    let session = "term"
    let statusFile = s.file("status")
    let command =
      commandLine(s, ["console", "--db", db], term: "xterm", env: ["VGK_STAFF_KEYS": s.file("demo-keys")]) + "; echo $? > "
      + shellQuote(statusFile) + "; sleep 30"
    #expect(try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "bash -c " + shellQuote(command)]).status == 0)
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "solange.e", "superviseur")
    let shellPID = pid_t(try tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    let children = (try? String(contentsOfFile: "/proc/\(shellPID)/task/\(shellPID)/children", encoding: .utf8)) ?? ""
    guard let pid = children.split(separator: " ").compactMap({ pid_t($0) }).first(where: { processName($0) == "vgk-staff" }) else {
      Issue.record("no console under the shell: \(children)")
      return
    }
    kill(pid, SIGTERM)
    var status: String?
    waitUntil("the console's status in \(statusFile)", timeout: 2) {
      status = try? String(contentsOfFile: statusFile, encoding: .utf8)
      return status?.hasSuffix("\n") == true
    }
    #expect(status == "0\n")
    #expect(!screen(session).contains("1 Scans"), "the terminal is given back: \(screen(session))")
    #expect(try s.run(["db", "check", "--db", db]).status == 0)
  }

  @Test func killingTheTerminalEndsTheConsole() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    #expect(try s.run(["demo", "--db", db]).status == 0)
    let session = "kill"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
      "exec " + commandLine(s, ["console", "--db", db], term: "xterm", env: ["VGK_STAFF_KEYS": s.file("demo-keys")]),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "herve.n", "admin-demo")
    let pid = pid_t(try tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).out
      .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    #expect(pid > 0)
    #expect(processName(pid) == "vgk-staff")
    try tmux(["kill-session", "-t", session])
    let gone = holds(within: 20, interval: .milliseconds(50)) { !isRunning(pid) }
    #expect(gone, "the console (pid \(pid)) outlived its terminal by 20 s")
    // The lock and the database are left in a state the next run accepts.
    #expect(try s.run(["db", "check", "--db", db]).status == 0)
    // The session, with its terminal, is in the host's login journal, ended by the hang-up.
    let sessions = try shell("sqlite3", [s.file("vgk-staff-logins/logins.sqlite"), "SELECT login, role, terminal <> '', end_reason FROM sessions"])
    #expect(sessions.out == "herve.n|admin|1|hangup\n", "\(sessions.out)")
  }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The command name of a process, from /proc.
func processName(_ pid: pid_t) -> String {
  ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "")
    .trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One of a process's signal masks from /proc (SigBlk, SigIgn…): bit n-1 for signal n.
func signalMask(_ pid: pid_t, _ field: String) -> UInt64 {
  let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
  guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
  return UInt64(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
}

/// True while the process exists and is not a zombie waiting to be reaped.
func isRunning(_ pid: pid_t) -> Bool {
  guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
  guard let close = status.lastIndex(of: ")") else { return false }
  let state = status[status.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
  return state != "Z" && state != "X"
}
