import CProcess
import Crypto
import StaffDomain
import StaffScan

#if canImport(Glibc)
  import Glibc
#endif

/// What became of one entry of the camera folder.
public struct CameraEntry: Sendable, Equatable {
  public enum Outcome: Sendable, Equatable {
    /// Codes found (the scan goes to the queue).
    case decoded([QRDecoder.Symbol], QRDecoder.Pass?)
    /// A readable photo without a code.
    case noCode
    /// The same bytes were taken before (`previous` names that file).
    case duplicate(previous: String)
    /// Not decoded: the reason is also written beside the file in `quarantine/`.
    case quarantined(String)
  }

  /// The name the file had in the folder.
  public var name: FileName
  /// Where it went, relative to the folder: `processed/NAME` or `quarantine/NAME`.
  public var storedAs: String
  /// SHA-256 of the content; nil for what was never opened (links, FIFOs, devices).
  public var sha256: [UInt8]?
  public var byteCount: Int
  public var outcome: Outcome

  public var isQuarantined: Bool {
    if case .quarantined = outcome { return true }
    return false
  }
}

/// Where the camera folder's results go: the scan log in the database for `vgk-staff watch` and
/// the console. `record` runs before the file is moved; if it throws, the file stays where it is
/// and is taken again later, so a busy or full database loses no photo.
public protocol CameraSink {
  /// The stored name of an earlier photo with these bytes, if any.
  func previous(sha256: [UInt8]) throws -> String?
  func record(_ entry: CameraEntry) throws
  /// `count` photos were removed from `processed/` after `keptDays` days (0: at once).
  func removedProcessed(_ count: Int, keptDays: Int) throws
}

extension CameraSink {
  public func removedProcessed(_ count: Int, keptDays: Int) throws {}
}

public struct CameraFolderError: Error, CustomStringConvertible, Sendable {
  public var description: String
  /// Another process holds the folder (only with `wait: false`).
  public var isBusy = false
  init(_ description: String, busy: Bool = false) {
    self.description = description
    self.isBusy = busy
  }
}

/// The camera folder: a USB camera (or a phone app) drops photos into it; each is taken once it
/// is stable, decoded in the sandboxed worker, recorded, and moved to `processed/` or to
/// `quarantine/` with a `NAME.reason` file beside it. Nothing is left; photos in `processed/`
/// (which may show live pickup codes) are removed after `processedDays`, and only they.
///
/// New files are noticed through inotify (`IN_CLOSE_WRITE`, `IN_MOVED_TO`) and by a periodic
/// rescan, which also catches what a queue overflow or a restart missed. A file is taken when its
/// size and modification time have not changed for the settle delay and no process still has it
/// open for writing (when the kernel can tell: the file must be ours for that). Symbolic links,
/// FIFOs, devices and sockets are never opened: they are moved to quarantine as they are.
/// Directories are left alone. One process at a time takes files from a folder (a lock file).
public final class CameraFolder {
  public struct Settings: Sendable {
    /// How long size and modification time must stay unchanged.
    public var settleSeconds: Double = 0.25
    /// How often the folder is listed again, for missed events.
    public var rescanSeconds: Double = 2
    /// How many days a photo stays in `processed/` (it may show a live pickup code); 0 removes
    /// it as soon as it is recorded.
    public var processedDays: Int = 7
    /// How often `processed/` is swept for photos past `processedDays`.
    public var sweepSeconds: Double = 3600
    public init(settleSeconds: Double = 0.25, rescanSeconds: Double = 2, processedDays: Int = 7, sweepSeconds: Double = 3600) {
      self.settleSeconds = settleSeconds
      self.rescanSeconds = rescanSeconds
      self.processedDays = max(0, processedDays)
      self.sweepSeconds = sweepSeconds
    }
  }

  public static let processedName = FileName("processed")
  public static let quarantineName = FileName("quarantine")

  public let path: String
  public let settings: Settings
  let decoder: SandboxedDecoder
  let sink: CameraSink
  let log: (String) -> Void
  let clock: () -> String

  let dirFD: Int32
  let processedFD: Int32
  let quarantineFD: Int32
  let lockFD: Int32
  var inotifyFD: Int32 = -1
  var pending: [FileName: Observation] = [:]
  var ignoredDirectories: Set<FileName> = []
  var nextRescan = 0.0
  var nextSweep = 0.0
  /// Names whose recording failed: retried at the next rescan, not in a tight loop.
  var deferred: Set<FileName> = []

  struct Observation {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeNanos: Int64
    var since: Double
    var checkAt: Double
  }

  /// Opens the folder (creating `processed/` and `quarantine/`) and takes its lock, waiting for
  /// another process that holds it when `wait` is true (until `stopped` says so after a signal
  /// interrupted the wait); throws when it is not a directory. `clock` gives the time written in
  /// reason files.
  public init(
    path: String, settings: Settings = Settings(), decoder: SandboxedDecoder, sink: CameraSink,
    wait: Bool = true, stopped: () -> Bool = { false }, clock: @escaping () -> String, log: @escaping (String) -> Void = { _ in }
  ) throws {
    self.path = path
    self.settings = settings
    self.decoder = decoder
    self.sink = sink
    self.log = log
    self.clock = clock
    let dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dir >= 0 else { throw CameraFolderError("\(path): cannot open the camera folder: \(String(cString: strerror(errno)))") }
    var fds: [Int32] = [dir]
    do {
      for sub in [Self.processedName, Self.quarantineName] {
        let made = sub.withCString { mkdirat(dir, $0, 0o700) }
        if made != 0 && errno != EEXIST {
          throw CameraFolderError("\(path)/\(sub): cannot create: \(String(cString: strerror(errno)))")
        }
        let fd = sub.withCString { openat(dir, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else {
          throw CameraFolderError("\(path)/\(sub): not a directory we can use: \(String(cString: strerror(errno)))")
        }
        // Photos hold live pickup codes: the folders are this account's alone (one made by an
        // older version, or by hand, is closed too; one of another account is left as it is).
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & 0o077 != 0, st.st_uid == getuid() { _ = fchmod(fd, 0o700) }
        fds.append(fd)
      }
      let lock = openat(dir, ".vgk-staff-watch.lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard lock >= 0 else { throw CameraFolderError("\(path): cannot create the lock file: \(String(cString: strerror(errno)))") }
      fds.append(lock)
      if flock(lock, LOCK_EX | LOCK_NB) != 0 {
        guard wait else { throw CameraFolderError("\(path): another process is taking files from this folder", busy: true) }
        log("another process is taking files from \(path); waiting for it to stop")
        while flock(lock, LOCK_EX) != 0 {
          guard errno == EINTR, !stopped() else {
            throw CameraFolderError("\(path): stopped while waiting for the other process", busy: true)
          }
        }
      }
    } catch {
      for fd in fds { close(fd) }
      throw error
    }
    dirFD = fds[0]
    processedFD = fds[1]
    quarantineFD = fds[2]
    lockFD = fds[3]
    inotifyFD = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
    let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
    if inotifyFD < 0 || inotify_add_watch(inotifyFD, path, mask) < 0 {
      // Without inotify (limits reached, an odd file system) the rescan still finds everything.
      log("\(path): inotify unavailable (\(String(cString: strerror(errno)))); relying on rescans")
      if inotifyFD >= 0 { close(inotifyFD) }
      inotifyFD = -1
    }
  }

  deinit {
    for fd in [inotifyFD, lockFD, quarantineFD, processedFD, dirFD] where fd >= 0 { close(fd) }
  }

  // MARK: Running

  /// Files seen and not yet taken (settling, or due), other than those put off until the sink or
  /// the worker is back: a caller showing what is taken may look again soon.
  public var hasFilesInHand: Bool { pending.keys.contains { !deferred.contains($0) } }

  /// Called with `hasFilesInHand` before each wait, once what arrived has been seen.
  public var onWait: ((Bool) -> Void)?

  /// Takes files until `shouldStop` returns true (checked at least every `tick` seconds).
  public func run(tick: Double = 0.2, shouldStop: () -> Bool) throws {
    while !shouldStop() {
      try step(maxWait: tick)
    }
  }

  /// Takes everything now in the folder once it is stable, then returns (for `watch --once`);
  /// files that cannot be taken now (sink or worker unavailable) are left for the next run.
  /// Returns how many entries were taken.
  @discardableResult
  public func drain(timeoutSeconds: Double = 60) throws -> Int {
    var taken = 0
    nextRescan = 0
    let deadline = now() + timeoutSeconds
    // A file that could not be recorded or decoded now is tried once per drain, not until the
    // deadline (a rescan forgets which names were deferred).
    var givenUp: Set<FileName> = []
    repeat {
      taken += try step(maxWait: 0.05)
      givenUp.formUnion(deferred)
    } while pending.keys.contains(where: { !givenUp.contains($0) }) && now() < deadline
    return taken
  }

  /// One turn: read events, rescan when due, take what is stable, then wait for the next event or
  /// deadline (at most `maxWait`). Returns how many entries were taken.
  @discardableResult
  public func step(maxWait: Double) throws -> Int {
    try readEvents()
    if now() >= nextRescan {
      try rescan()
      nextRescan = now() + settings.rescanSeconds
    }
    if now() >= nextSweep {
      sweepProcessed()
      nextSweep = now() + settings.sweepSeconds
    }
    var taken = 0
    let turn = now()
    let due = pending.filter { $0.value.checkAt <= turn }.keys.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    for name in due where !deferred.contains(name) {
      if try check(name) { taken += 1 }
    }
    let next = pending.values.map(\.checkAt).min() ?? .infinity
    let wait = max(0, min(maxWait, next - now(), nextRescan - now()))
    onWait?(hasFilesInHand)
    if wait > 0 { waitForEvents(seconds: wait) }
    return taken
  }

  func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  func waitForEvents(seconds: Double) {
    let ms = Int32(min(seconds * 1000, 60_000).rounded(.up))
    if inotifyFD >= 0 {
      var p = pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0)
      _ = poll(&p, 1, ms)
    } else {
      usleep(UInt32(ms) * 1000)
    }
  }

  // MARK: Noticing files

  func readEvents() throws {
    guard inotifyFD >= 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = buffer.withUnsafeMutableBytes { b -> Int in
        guard let base = b.baseAddress else { return -1 }
        return read(inotifyFD, base, b.count)
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      var offset = 0
      while offset + 16 <= n {
        // struct inotify_event: int wd; uint32_t mask, cookie, len; char name[len] (host order).
        let (mask, length) = buffer.withUnsafeBytes { raw in
          (raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
           Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
        }
        let nameBytes = buffer[(offset + 16)..<min(n, offset + 16 + length)].prefix { $0 != 0 }
        offset += 16 + length
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
          log("\(path): the event queue overflowed; rescanning")
          nextRescan = 0
          continue
        }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
          throw CameraFolderError("\(path): the camera folder was removed or moved away")
        }
        let name = FileName(Array(nameBytes))
        guard !name.bytes.isEmpty, !name.isIgnored else { continue }
        deferred.remove(name)
        notice(name)
      }
    }
  }

  /// Lists the folder: new names are observed; a name seen before keeps its observation.
  func rescan() throws {
    deferred.removeAll()
    let dup = dup(dirFD)
    guard dup >= 0, let dir = fdopendir(dup) else {
      throw CameraFolderError("\(path): cannot list the camera folder: \(String(cString: strerror(errno)))")
    }
    defer { closedir(dir) }
    rewinddir(dir)
    // One clock for the whole listing: names seen together settle together and are then taken
    // in name order, whatever order the directory lists them in.
    let t = now()
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        FileName(Array(raw.prefix { $0 != 0 }))
      }
      guard !name.isIgnored, pending[name] == nil, !ignoredDirectories.contains(name) else { continue }
      notice(name, at: t)
    }
  }

  /// Starts the settle clock of a name, or restarts it when the entry changed since it was seen.
  func notice(_ name: FileName, at seen: Double? = nil) {
    var st = stat()
    guard name.withCString({ fstatat(dirFD, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else {
      pending[name] = nil
      return
    }
    let t = seen ?? now()
    let observed = Observation(
      device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
      mtimeNanos: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec), since: t,
      checkAt: t + settings.settleSeconds)
    if var old = pending[name], old.inode == observed.inode, old.size == observed.size,
      old.mtimeNanos == observed.mtimeNanos
    {
      // Unchanged since we first saw it: keep its settle clock running.
      old.checkAt = min(old.checkAt, old.since + settings.settleSeconds)
      pending[name] = old
    } else {
      pending[name] = observed
    }
  }

  // MARK: Taking files

  /// Takes the entry if it is stable; true when it was taken.
  func check(_ name: FileName) throws -> Bool {
    guard let observed = pending[name] else { return false }
    var st = stat()
    guard name.withCString({ fstatat(dirFD, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else {
      pending[name] = nil  // gone (moved away by someone else)
      return false
    }
    let kind = st.st_mode & S_IFMT
    if kind == S_IFDIR {
      pending[name] = nil
      if ignoredDirectories.insert(name).inserted { log("\(path)/\(name): a directory; left alone") }
      return false
    }
    if kind != S_IFREG {
      // Links, FIFOs, devices, sockets: never opened, never followed; moved as they are.
      return try take(name, sha256: nil, byteCount: 0, outcome: .quarantined(Self.describe(kind: kind)))
    }
    let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    if UInt64(st.st_ino) != observed.inode || Int64(st.st_size) != observed.size || mtime != observed.mtimeNanos {
      notice(name)  // still changing: start the settle clock again
      return false
    }
    if now() - observed.since < settings.settleSeconds {
      pending[name]?.checkAt = observed.since + settings.settleSeconds
      return false
    }
    let fd = name.withCString { openat(dirFD, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
    guard fd >= 0 else {
      if errno == ENOENT {
        pending[name] = nil
        return false
      }
      return try take(name, sha256: nil, byteCount: 0, outcome: .quarantined("cannot be opened: \(String(cString: strerror(errno)))"))
    }
    defer { close(fd) }
    var fst = stat()
    guard fstat(fd, &fst) == 0, (fst.st_mode & S_IFMT) == S_IFREG, UInt64(fst.st_ino) == observed.inode else {
      notice(name)  // replaced between the check and the open
      return false
    }
    if vgk_open_for_writing_elsewhere(fd) == 1 {
      // A writer still has it open (a slow copy pausing longer than the settle delay).
      pending[name]?.checkAt = now() + settings.settleSeconds
      return false
    }
    // The photo may show a live pickup code: whatever mode the camera gave it, it is this
    // account's alone from here on (a file of another account keeps its mode).
    _ = fchmod(fd, 0o600)
    if fst.st_size == 0 {
      return try take(name, sha256: [UInt8](SHA256.hash(data: [UInt8]())), byteCount: 0, outcome: .quarantined("an empty file (0 bytes)"))
    }
    if Int(fst.st_size) > ImageLoader.maximumFileSize {
      return try take(
        name, sha256: nil, byteCount: Int(fst.st_size),
        outcome: .quarantined("\(fst.st_size) bytes, over the \(ImageLoader.maximumFileSize >> 20) MiB a photo can be"))
    }
    guard let bytes = readAll(fd, expected: Int(fst.st_size)) else {
      return try take(name, sha256: nil, byteCount: Int(fst.st_size), outcome: .quarantined("cannot be read: \(String(cString: strerror(errno)))"))
    }
    let digest = [UInt8](SHA256.hash(data: bytes))
    if let previous = try sink.previous(sha256: digest) {
      return try take(name, sha256: digest, byteCount: bytes.count, outcome: .duplicate(previous: previous))
    }
    let outcome: CameraEntry.Outcome
    switch decoder.decode(bytes) {
    case .success(let found) where found.symbols.isEmpty: outcome = .noCode
    case .success(let found): outcome = .decoded(found.symbols, found.pass)
    case .failure(let error) where error.kind == .decoderUnavailable:
      log("\(path)/\(name): left in place for a later attempt: \(error.reason)")
      deferred.insert(name)
      return false
    case .failure(let error): outcome = .quarantined(error.reason)
    }
    return try take(name, sha256: digest, byteCount: bytes.count, outcome: outcome)
  }

  /// Records the entry, then moves it (with its reason file, for quarantine). A failure to record
  /// leaves the file in place for a later attempt.
  func take(_ name: FileName, sha256: [UInt8]?, byteCount: Int, outcome: CameraEntry.Outcome) throws -> Bool {
    let quarantine: String? = if case .quarantined(let reason) = outcome { reason } else { nil }
    let targetFD = quarantine == nil ? processedFD : quarantineFD
    let folder = quarantine == nil ? Self.processedName : Self.quarantineName
    let target = freeName(for: name, in: targetFD, withReason: quarantine != nil)
    let entry = CameraEntry(
      name: name, storedAs: "\(folder)/\(target)", sha256: sha256, byteCount: byteCount, outcome: outcome)
    do {
      try sink.record(entry)
    } catch {
      log("\(path)/\(name): not recorded, left in place for a later attempt: \(error)")
      deferred.insert(name)
      return false
    }
    if let quarantine {
      let text = reasonText(quarantine, name: name, sha256: sha256, byteCount: byteCount)
      if !writeReason(text, for: target) {
        log("\(path)/quarantine/\(target).reason: cannot write: \(String(cString: strerror(errno)))")
      }
    }
    let moved = name.withCString { from in target.withCString { to in vgk_rename_noreplace(dirFD, from, targetFD, to) } }
    if moved != 0 {
      let e = errno
      if e == ENOENT {
        pending[name] = nil
        return false
      }
      throw CameraFolderError("\(path)/\(name): cannot move to \(entry.storedAs): \(String(cString: strerror(e)))")
    }
    pending[name] = nil
    if quarantine == nil {
      // Its time in processed/ starts now (the camera's own time may be anything).
      var times = [timespec(tv_sec: 0, tv_nsec: Self.utimeNow), timespec(tv_sec: 0, tv_nsec: Self.utimeNow)]
      _ = target.withCString { utimensat(processedFD, $0, &times, AT_SYMLINK_NOFOLLOW) }
      if settings.processedDays == 0 { sweepProcessed() }
    }
    return true
  }

  /// `UTIME_NOW` of <sys/stat.h>, a macro Swift does not import.
  static let utimeNow = (1 << 30) - 1

  /// Removes the photos of `processed/` that have been there `processedDays` days or more (by
  /// their modification time, set when they were moved there), and reports how many to the
  /// sink (which audits it). Only regular files are removed; anything else is left alone.
  /// Returns how many were removed.
  @discardableResult
  public func sweepProcessed() -> Int {
    var realNow = timespec()
    clock_gettime(CLOCK_REALTIME, &realNow)
    let limit = Int64(realNow.tv_sec) - Int64(settings.processedDays) * 86_400
    let dup = dup(processedFD)
    guard dup >= 0, let dir = fdopendir(dup) else {
      log("\(path)/processed: cannot list: \(String(cString: strerror(errno)))")
      return 0
    }
    // The duplicate shares its position with processedFD: from the start each time.
    rewinddir(dir)
    var old: [FileName] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in FileName(Array(raw.prefix { $0 != 0 })) }
      guard name.bytes != Array(".".utf8), name.bytes != Array("..".utf8) else { continue }
      var st = stat()
      guard name.withCString({ fstatat(processedFD, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0,
        st.st_mode & S_IFMT == S_IFREG, Int64(st.st_mtim.tv_sec) <= limit
      else { continue }
      old.append(name)
    }
    closedir(dir)
    var removed = 0
    for name in old {
      if name.withCString({ unlinkat(processedFD, $0, 0) }) == 0 {
        removed += 1
      } else {
        log("\(path)/processed/\(name): cannot remove: \(String(cString: strerror(errno)))")
      }
    }
    if removed > 0 {
      do {
        try sink.removedProcessed(removed, keptDays: settings.processedDays)
      } catch {
        log("\(path)/processed: \(removed) photos removed, not audited: \(error)")
      }
    }
    return removed
  }

  /// NAME, else NAME-2, NAME-3…: the first name free in the target folder (with NAME.reason free
  /// too in quarantine).
  func freeName(for name: FileName, in folderFD: Int32, withReason: Bool) -> FileName {
    var n = 1
    while true {
      let candidate = name.numbered(n)
      var st = stat()
      let taken = candidate.withCString { fstatat(folderFD, $0, &st, AT_SYMLINK_NOFOLLOW) } == 0
      let reasonTaken =
        withReason && FileName(candidate.bytes + Array(".reason".utf8)).withCString { fstatat(folderFD, $0, &st, AT_SYMLINK_NOFOLLOW) } == 0
      if !taken && !reasonTaken { return candidate }
      n += 1
    }
  }

  func reasonText(_ reason: String, name: FileName, sha256: [UInt8]?, byteCount: Int) -> String {
    var lines = [reason, "file: \(name)", "taken: \(clock())"]
    if let sha256 {
      lines.append("size: \(byteCount) bytes")
      lines.append("sha256: \(Hex.encode(sha256))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes `quarantine/NAME.reason` through a temporary name, so a reader never sees half of it.
  func writeReason(_ text: String, for target: FileName) -> Bool {
    let final = FileName(target.bytes + Array(".reason".utf8))
    let temporary = FileName(Array(".".utf8) + final.bytes.prefix(240) + Array(".tmp".utf8))
    let fd = temporary.withCString { openat(quarantineFD, $0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600) }
    guard fd >= 0 else { return false }
    let written = FileOutput.writeAll(fd, Array(text.utf8)) && fsync(fd) == 0
    close(fd)
    guard written else { return false }
    return temporary.withCString { from in final.withCString { to in renameat(quarantineFD, from, quarantineFD, to) } } == 0
  }

  static func describe(kind: mode_t) -> String {
    switch kind {
    case S_IFLNK: "a symbolic link, not a photo (never followed)"
    case S_IFIFO: "a FIFO, not a photo (never opened)"
    case S_IFCHR: "a character device, not a photo (never opened)"
    case S_IFBLK: "a block device, not a photo (never opened)"
    case S_IFSOCK: "a socket, not a photo (never opened)"
    default: "not a regular file (never opened)"
    }
  }

  func readAll(_ fd: Int32, expected: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: expected)
    var done = 0
    while done < expected {
      let n = bytes.withUnsafeMutableBytes { b -> Int in
        guard let base = b.baseAddress else { return -1 }
        return read(fd, base + done, b.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { return nil }
      if n == 0 { break }
      done += n
    }
    return Array(bytes.prefix(done))
  }
}
