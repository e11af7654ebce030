import Foundation
import StaffDomain
import StaffStore

/// Keeps a point in step with the centre, on a thread of its own: the console, `watch` and
/// `link run` each start one when `link_url` is set.
///
/// - Listening (the default): one connection held open, LISTEN on the point's feed channel, so a
///   feed record arrives within a moment; the outbox is pushed as soon as this database changes
///   (PRAGMA data_version, looked at four times a second); a full pass every `pollSeconds` in case
///   a notification was missed.
/// - Not listening (`link_listen = no`, for networks of points larger than the server's
///   connections): a connection for each pass only, after a local change and every `pollSeconds`.
/// - Down: the failure is recorded (the console shows since when), then retried after 1, 2, 4… up
///   to 60 seconds. A server that is full ("too many clients") is just another reason to wait.
///
/// One runner per database: a lock beside the database file. A second console on the same box
/// finds it taken and only shows the link's state, which the first keeps in the database.
public final class LinkRunner: @unchecked Sendable {
  public struct Settings: Sendable {
    public var url: String
    public var pollSeconds: Double
    public var listen: Bool

    public init(url: String, pollSeconds: Double = 30, listen: Bool = true) {
      self.url = url
      self.pollSeconds = pollSeconds
      self.listen = listen
    }
  }

  private let settings: Settings
  private let sync: LinkSync
  private let database: AppDatabase
  private let log: @Sendable (String) -> Void
  private let lock = NSLock()
  private var stopping = false
  private let finished = DispatchSemaphore(value: 0)
  private let wakeUp = DispatchSemaphore(value: 0)

  private init(settings: Settings, sync: LinkSync, database: AppDatabase, log: @escaping @Sendable (String) -> Void) {
    self.settings = settings
    self.sync = sync
    self.database = database
    self.log = log
  }

  /// Starts the runner's thread. `log` receives one line when the link goes up or down.
  public static func start(
    _ settings: Settings, sync: LinkSync, database: AppDatabase, log: @escaping @Sendable (String) -> Void = { _ in }
  ) -> LinkRunner {
    let runner = LinkRunner(settings: settings, sync: sync, database: database, log: log)
    Thread.detachNewThread {
      runner.loop()
      runner.finished.signal()
    }
    return runner
  }

  /// Asks the thread to stop; waits up to `seconds` for it (a statement in flight finishes first).
  public func stop(waiting seconds: Double = 5) {
    lock.withLock { stopping = true }
    wakeUp.signal()
    _ = finished.wait(timeout: .now() + seconds)
  }

  /// Runs until `stop()` or `shouldStop` says so, on the calling thread (`link run`).
  public func waitUntilStopped(polling shouldStop: () -> Bool) {
    while finished.wait(timeout: .now() + 0.25) == .timedOut {
      if shouldStop() {
        stop()
        return
      }
    }
  }

  private var isStopping: Bool { lock.withLock { stopping } }

  /// Sleeps up to `seconds`, waking at once for `stop()`.
  private func pause(_ seconds: Double) {
    _ = wakeUp.wait(timeout: .now() + seconds)
  }

  private func loop() {
    guard let exclusive = RunnerLock(path: database.path + ".link-lock") else {
      log("link: cannot open the lock beside \(database.path); the link does not run")
      return
    }
    var retry = 1.0
    var wasUp: Bool?
    while !isStopping {
      guard exclusive.tryLock() else {
        // Another console or `link run` on this box keeps the link; its state is read from the database.
        pause(5)
        continue
      }
      do {
        if settings.listen {
          try listening { if wasUp != true { log("link: up") }; wasUp = true; retry = 1 }
        } else {
          try polling { if wasUp != true { log("link: up") }; wasUp = true; retry = 1 }
        }
      } catch {
        let line = (error as? LinkError)?.description ?? "\(error)"
        if let now = try? sync.clock() { try? sync.store.recordFailure(line, at: now) }
        if wasUp != false { log("link: down: \(line)") }
        wasUp = false
        // A little jitter so that points cut off together do not all come back in the same second.
        pause(retry * Double.random(in: 0.8...1.2))
        retry = min(retry * 2, 60)
      }
    }
    exclusive.unlock()
  }

  /// One connection kept open: LISTEN, push on local change, pull on notification, a full pass
  /// every pollSeconds. Returns only on stop; throws when the connection fails.
  private func listening(up: () -> Void) throws {
    let connection = try PGConnection(settings.url)
    let point = try sync.store.pointCode()
    try connection.listen(LinkSync.feedChannel(point: point))
    _ = try sync.pass(connection)
    up()
    // Nothing it reports is swallowed: a commit made while a push was under way is pushed at
    // the next look (our own writes cost one more look that finds nothing to send).
    let watcher = try ChangeWatcher(database)
    defer { try? watcher.close() }
    var lastPass = ProcessInfo.processInfo.systemUptime
    while !isStopping {
      let notified = try connection.waitForNotifications(timeout: 0.25)
      let clock = ProcessInfo.processInfo.systemUptime
      if clock - lastPass >= settings.pollSeconds {
        _ = try sync.pass(connection)
        lastPass = clock
        up()
        continue
      }
      var worked = false
      if try watcher.changed() {
        let (pushed, _) = try sync.push(connection)
        worked = worked || pushed > 0
      }
      if !notified.isEmpty {
        // What the records made here (a ready order's receipts, a conflict) leaves at once.
        if try sync.pull(connection).count > 0 { _ = try sync.push(connection) }
        worked = true
      }
      if worked {
        try sync.store.recordContact(at: try sync.clock())
        up()
      }
    }
  }

  /// A connection for each pass only: after a local change and every pollSeconds.
  private func polling(up: () -> Void) throws {
    let watcher = try ChangeWatcher(database)
    defer { try? watcher.close() }
    var due = true
    var lastPass = 0.0
    while !isStopping {
      let clock = ProcessInfo.processInfo.systemUptime
      if due || clock - lastPass >= settings.pollSeconds {
        let connection = try PGConnection(settings.url)
            _ = try sync.pass(connection)
        lastPass = ProcessInfo.processInfo.systemUptime
        up()
        due = false
      }
      pause(0.25)
      // A commit made during the pass is seen here too; the pass's own writes leave nothing waiting.
      if try watcher.changed(), try sync.store.status(configured: true).waiting > 0 { due = true }
    }
  }
}

/// `flock(2)` without waiting, on a file beside the database: one runner per database.
final class RunnerLock: @unchecked Sendable {
  private let fd: Int32
  private var held = false

  init?(path: String) {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return nil }
    self.fd = fd
  }

  deinit { close(fd) }

  func tryLock() -> Bool {
    if held { return true }
    held = flock(fd, LOCK_EX | LOCK_NB) == 0
    return held
  }

  func unlock() {
    if held { _ = flock(fd, LOCK_UN) }
    held = false
  }
}
