import CProcess
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Decodes image bytes in a separate worker process (`vgk-scan-worker`) under CPU-time and
/// address-space limits, so a crash, a hang or a memory blow-up in libjpeg, libpng or zbar on a
/// hostile photo costs one failed file, never the console or the watcher.
///
/// The parent opens and reads the file (never following links); the worker only sees the bytes,
/// as an in-memory file sent over its socket, and answers on the same socket (`WorkerProtocol`).
/// Its environment is empty and every other descriptor is closed.
///
/// A worker is long-lived: it takes image after image, each under its own limits (CPU time, wall
/// clock, pixels; the address space is the process's). It is replaced after a crash, a limit hit,
/// a timeout, an answer that does not parse or answers another request, an image it could not
/// load, and after `Limits.imagesPerWorker` images. Copies of a decoder share their idle workers;
/// callers on several threads each take a worker of their own (one is started when none is
/// idle), so a slow image never holds up another caller's.
public struct SandboxedDecoder: Sendable {
  public struct Limits: Sendable, Equatable {
    /// CPU time for one image (the kernel stops the worker past it).
    public var cpuSeconds: Int
    /// Address space of the worker, in bytes.
    public var memoryBytes: Int
    /// Wall-clock time for one image, for a worker that hangs without using CPU.
    public var wallSeconds: Double
    /// Largest image, in pixels, checked from the header before any pixel buffer is allocated.
    public var pixelCap: Int
    /// The most pixels a JPEG is decoded to (`ImageLoader.decode`'s `decodedPixels`).
    public var decodedPixels: Int
    /// Images one worker decodes before it is replaced (1: a fresh worker for every image).
    public var imagesPerWorker: Int

    public static let standard = Limits(
      cpuSeconds: 5, memoryBytes: 256 << 20, wallSeconds: 10, pixelCap: ImageLoader.defaultPixelCap)

    public init(
      cpuSeconds: Int, memoryBytes: Int, wallSeconds: Double, pixelCap: Int,
      decodedPixels: Int = ImageLoader.decodedPixelBudget, imagesPerWorker: Int = 200
    ) {
      self.cpuSeconds = cpuSeconds
      self.memoryBytes = memoryBytes
      self.wallSeconds = wallSeconds
      self.pixelCap = pixelCap
      self.decodedPixels = decodedPixels
      self.imagesPerWorker = imagesPerWorker
    }
  }

  public var workerPath: String
  public var limits: Limits
  let pool = WorkerPool()

  public init(workerPath: String, limits: Limits = .standard) {
    self.workerPath = workerPath
    self.limits = limits
  }

  /// The worker installed beside the running program: `$VGK_STAFF_WORKER`, else
  /// `vgk-scan-worker` in the program's directory, else `../lib/vgk-staff/vgk-scan-worker`
  /// (where `make install` puts it).
  public static func locateWorker(environment: [String: String]) -> String? {
    if let path = environment["VGK_STAFF_WORKER"], !path.isEmpty { return path }
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    let exe = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = exe.lastIndex(of: "/") else { return nil }
    let dir = String(exe[..<slash])
    for candidate in [dir + "/vgk-scan-worker", dir + "/../lib/vgk-staff/vgk-scan-worker"]
    where access(candidate, X_OK) == 0 {
      return candidate
    }
    return nil
  }

  /// Decodes `bytes` (a whole image file) in a worker.
  public func decode(_ bytes: [UInt8]) -> Result<QRDecoder.Found, ImageError> {
    decodeMeasured(bytes).result
  }

  /// `decode`, with the most memory the worker held (its peak resident set, in bytes; nil when
  /// no worker ran): what the tests hold to the 256 MiB a worker may use. An upper bound: a
  /// worker's peak over every image it decoded so far; for a worker that ended, from wait4(2),
  /// where Linux counts the spawning process's own size in.
  public func decodeMeasured(_ bytes: [UInt8]) -> (result: Result<QRDecoder.Found, ImageError>, peakResidentBytes: Int?) {
    var peak: Int?
    let result = decode(bytes, peak: &peak)
    return (result, peak)
  }

  /// The process ids of the workers waiting for an image (for tests and diagnostics).
  public var idleWorkerProcessIDs: [Int32] { pool.idleProcessIDs }

  /// Ends the idle workers now (they also end when the last copy of this decoder goes).
  public func stopIdleWorkers() { pool.drain() }

  private func decode(_ bytes: [UInt8], peak: inout Int?) -> Result<QRDecoder.Found, ImageError> {
    guard !bytes.isEmpty else { return .failure(ImageError(.empty, "an empty file (0 bytes)")) }
    // The image goes to the worker as an in-memory file: no pipe to keep fed, no deadlock if the
    // worker dies before reading, and the bytes it decodes are exactly the bytes we hashed.
    let input = vgk_memfd("vgk-scan-input")
    guard input >= 0 else { return .failure(unavailable("cannot create the worker's input: \(errnoText())")) }
    defer { close(input) }
    guard FileOutput.writeAll(input, bytes), lseek(input, 0, SEEK_SET) == 0 else {
      return .failure(unavailable("cannot write the worker's input: \(errnoText())"))
    }
    var worker = pool.take(path: workerPath, limits: limits)
    let reused = worker != nil
    if worker == nil {
      switch start() {
      case .success(let w): worker = w
      case .failure(let e): return .failure(e)
      }
    }
    guard var current = worker else { return .failure(unavailable("no decoding worker")) }
    var answer = ask(current, input: input, size: bytes.count)
    // A worker that had already served and ended without a byte of answer, killed or gone rather
    // than crashed, may have died between images: the image gets one fresh worker before it is
    // blamed.
    if reused, answer.silentEnd {
      switch start() {
      case .success(let fresh):
        current = fresh
        answer = ask(current, input: input, size: bytes.count)
      case .failure(let e): return .failure(e)
      }
    }
    peak = answer.peak
    if answer.keep {
      current.served += 1
      if current.served < max(1, limits.imagesPerWorker) {
        pool.put(current)
      } else {
        current.end()
      }
    } else {
      current.end()
    }
    return answer.result
  }

  /// Starts a worker with this decoder's path and limits.
  func start() -> Result<Worker, ImageError> {
    var sockets: [Int32] = [-1, -1]
    guard vgk_socketpair_cloexec(&sockets) == 0 else { return .failure(unavailable("cannot create a socket: \(errnoText())")) }
    let argv = [
      workerPath, "--max-pixels", String(limits.pixelCap), "--decoded-pixels", String(limits.decodedPixels),
      "--cpu-seconds", String(max(0, limits.cpuSeconds)),
    ]
    let cpu = max(0, limits.cpuSeconds)
    var cLimits = vgk_limits(
      cpu_seconds: UInt(cpu), address_space: UInt64(max(0, limits.memoryBytes)), file_size: 0, open_files: 16)
    // The hard limit covers every image the worker may take, and a second for its start.
    let (lifetime, overflow) = cpu.multipliedReportingOverflow(by: max(1, limits.imagesPerWorker))
    let hard = UInt(overflow ? Int.max : lifetime) &+ 1
    var pid: pid_t = -1
    var spawnErrno: Int32 = 0
    // "Text file busy": the worker is being replaced (make install), or another process that
    // forked at the wrong moment still holds it open for writing. It passes in a moment.
    for attempt in 0..<5 {
      if attempt > 0 { usleep(20_000) }
      pid = withCStrings(argv) { cArgv in
        withCStrings([]) { cEnv in
          vgk_spawn_worker(workerPath, cArgv, cEnv, sockets[1], &cLimits, hard)
        }
      }
      spawnErrno = errno
      guard pid <= 0 && spawnErrno == ETXTBSY else { break }
    }
    close(sockets[1])
    guard pid > 0 else {
      close(sockets[0])
      return .failure(unavailable("cannot start the decoding worker \(workerPath): \(String(cString: strerror(spawnErrno)))"))
    }
    return .success(Worker(pid: pid, socket: sockets[0], path: workerPath, limits: limits))
  }

  struct Answer {
    var result: Result<QRDecoder.Found, ImageError>
    /// The worker may take another image.
    var keep: Bool
    /// The worker ended without writing a byte, before its deadline, and not of a signal the
    /// image could have brought about: it may have died before it got the image.
    var silentEnd: Bool
    var peak: Int?
  }

  /// Sends one image to `worker` and reads its answer within the wall-clock limit. A worker that
  /// is not to be kept has been killed and reaped when this returns.
  func ask(_ worker: Worker, input: Int32, size: Int) -> Answer {
    let number = worker.nextRequest
    worker.nextRequest += 1
    let deadline = monotonicSeconds() + limits.wallSeconds
    let line = Array(WorkerProtocol.request(number: number, size: size).utf8)
    // A worker that cannot take the request has usually ended: what it wrote before is still
    // read below, then its end.
    _ = line.withUnsafeBytes { buffer -> Int in
      guard let base = buffer.baseAddress else { return -1 }
      return vgk_send_with_fd(worker.socket, base, buffer.count, input)
    }

    var reply: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let remaining = deadline - monotonicSeconds()
      if remaining <= 0 {
        return ended(worker, reply: reply, deadline: deadline, timedOut: true)
      }
      var poller = pollfd(fd: worker.socket, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
      if ready <= 0 { continue }
      let n = chunk.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return read(worker.socket, base, buffer.count)
      }
      if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if n <= 0 { return ended(worker, reply: reply, deadline: deadline, timedOut: false) }
      if reply.count + n > WorkerProtocol.maximumReplyBytes {
        worker.kill()
        return Answer(
          result: .failure(failure("the decoding worker wrote more than a reply can be (stopped)")), keep: false,
          silentEnd: false, peak: worker.peakResidentBytes)
      }
      reply.append(contentsOf: chunk.prefix(n))
      let framing = WorkerProtocol.framing(reply)
      if framing == .incomplete { continue }
      // A whole answer: anything after it, or an answer that does not parse, is a worker not to
      // be believed again.
      guard case .complete(let length) = framing, length == reply.count, let (request, result) = WorkerProtocol.reply(reply) else {
        let peak = worker.peakResidentBytes
        worker.kill()
        return Answer(
          result: .failure(failure("the decoding worker gave an answer that is not one (\(reply.count) bytes)")), keep: false,
          silentEnd: false, peak: peak)
      }
      let peak = worker.peakResidentBytes
      guard request == number else {
        worker.kill()
        return Answer(
          result: .failure(failure("the decoding worker answered request \(request), not \(number) (stopped)")), keep: false,
          silentEnd: false, peak: peak)
      }
      // A worker that could not load an image may have been left short of memory: it goes.
      if case .failure = result { worker.kill() }
      return Answer(result: result, keep: (try? result.get()) != nil, silentEnd: false, peak: peak)
    }
  }

  /// The answer of a worker whose socket closed, that could not be sent its request, or that
  /// ran out of time: why it ended, after it was reaped (killed first if still running).
  private func ended(_ worker: Worker, reply: [UInt8], deadline: Double, timedOut: Bool) -> Answer {
    let peakAlive = worker.peakResidentBytes
    let (status, usage) = reap(worker.pid, until: timedOut ? monotonicSeconds() : deadline)
    worker.reaped = true
    let peak = peakAlive ?? usage.ru_maxrss * 1024
    func answer(_ reason: String, silent: Bool = true) -> Answer {
      Answer(result: .failure(failure(reason)), keep: false, silentEnd: silent && reply.isEmpty, peak: peak)
    }
    if timedOut {
      return answer("decoding did not finish within \(formatSeconds(limits.wallSeconds)) s (stopped)", silent: false)
    }
    switch status {
    case .exited(0):
      return answer("the decoding worker gave an answer that is not one (\(reply.count) bytes)")
    case .exited(let code):
      // Swift and glibc end a process whose allocation failed with a trap or an abort; a worker
      // that exits with a code did so on its own, usually because memory ran out in a library.
      return answer("the decoding worker failed (exit status \(code)); the image may need more memory than the \(limits.memoryBytes >> 20) MiB allowed")
    case .signalled(let signal):
      // Signals an image brings about (a fault, an abort, the CPU limit) are this image's; a
      // worker killed or ended from outside is not.
      return answer(describe(signal: signal), silent: [SIGKILL, SIGTERM, SIGHUP, SIGINT, SIGPIPE].contains(signal))
    case .stillRunning:
      return answer("decoding did not finish within \(formatSeconds(limits.wallSeconds)) s (stopped)", silent: false)
    }
  }

  enum Status: Equatable {
    case exited(Int32)
    case signalled(Int32)
    case stillRunning
  }

  /// Waits for the worker until `deadline`, then kills it; always reaps it, with what it used.
  func reap(_ pid: pid_t, until deadline: Double) -> (Status, rusage) {
    var status: Int32 = 0
    var usage = rusage()
    while true {
      let r = wait4(pid, &status, WNOHANG, &usage)
      if r == pid { break }
      if r < 0 && errno == EINTR { continue }
      if r < 0 { return (.stillRunning, usage) }
      if monotonicSeconds() >= deadline {
        kill(pid, SIGKILL)
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return (.stillRunning, usage)
      }
      usleep(2000)
    }
    let low = status & 0x7F
    if low == 0 { return (.exited((status >> 8) & 0xFF), usage) }
    return (.signalled(low), usage)
  }

  func describe(signal: Int32) -> String {
    switch signal {
    case SIGXCPU:
      "decoding used more than \(limits.cpuSeconds) s of CPU time (stopped)"
    case SIGKILL:
      "the decoding worker was killed (over its \(limits.cpuSeconds) s CPU or \(limits.memoryBytes >> 20) MiB memory limit)"
    case SIGSEGV, SIGBUS:
      "the decoder crashed on this image (signal \(signal), memory fault)"
    case SIGABRT, SIGILL, SIGTRAP:
      "the decoder stopped on this image (signal \(signal)); it may need more memory than the \(limits.memoryBytes >> 20) MiB allowed"
    default:
      "the decoder was stopped by signal \(signal)"
    }
  }

  func failure(_ reason: String) -> ImageError { ImageError(.decoderFailed, reason) }
  func unavailable(_ reason: String) -> ImageError { ImageError(.decoderUnavailable, reason) }
}

/// One running worker: its process and the parent's end of its socket. Used by one caller at a
/// time (taken out of the pool under its lock, put back when done).
final class Worker: @unchecked Sendable {
  let pid: pid_t
  let socket: Int32
  let path: String
  let limits: SandboxedDecoder.Limits
  var served = 0
  var nextRequest = 1
  var reaped = false
  private var closed = false

  init(pid: pid_t, socket: Int32, path: String, limits: SandboxedDecoder.Limits) {
    self.pid = pid
    self.socket = socket
    self.path = path
    self.limits = limits
  }

  /// Still running (not exited, not killed, not a zombie); reaps it when it has ended.
  var isAlive: Bool {
    guard !reaped else { return false }
    var status: Int32 = 0
    var r: pid_t
    repeat { r = waitpid(pid, &status, WNOHANG) } while r < 0 && errno == EINTR
    if r == 0 { return true }
    reaped = true
    return false
  }

  /// The worker wrote while it was not asked anything (bytes after its last answer): it is not
  /// to be asked again.
  var hasUnaskedOutput: Bool {
    var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, 0) != 0
  }

  /// The worker's peak resident set (VmHWM) while it runs, in bytes.
  var peakResidentBytes: Int? {
    guard !reaped else { return nil }
    let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return nil }
    for line in buffer.prefix(n).split(separator: 0x0A) where line.starts(with: Array("VmHWM:".utf8)) {
      let digits = line.filter { $0 >= 0x30 && $0 <= 0x39 }
      return Int(String(decoding: digits, as: UTF8.self)).map { $0 * 1024 }
    }
    return nil
  }

  /// Stops and reaps the worker.
  func kill() {
    if !reaped {
      _ = Glibc.kill(pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      reaped = true
    }
    if !closed {
      close(socket)
      closed = true
    }
  }

  /// Ends the worker (the same as `kill`: an idle worker holds nothing worth a goodbye).
  func end() { kill() }

  deinit { kill() }
}

/// The idle workers shared by copies of a `SandboxedDecoder`.
final class WorkerPool: Sendable {
  /// More idle workers than this are ended rather than kept.
  static let maximumIdle = 4
  private let idle = Mutex<[Worker]>([])

  /// An idle worker started with `path` and `limits` and still running, or nil.
  func take(path: String, limits: SandboxedDecoder.Limits) -> Worker? {
    while let worker = idle.withLock({ $0.popLast() }) {
      if worker.path == path && worker.limits == limits && worker.isAlive && !worker.hasUnaskedOutput { return worker }
      worker.end()
    }
    return nil
  }

  func put(_ worker: Worker) {
    let extra: Worker? = idle.withLock { workers in
      guard workers.count < Self.maximumIdle else { return worker }
      workers.append(worker)
      return nil
    }
    extra?.end()
  }

  var idleProcessIDs: [Int32] { idle.withLock { $0.map(\.pid) } }

  func drain() {
    let workers = idle.withLock { workers -> [Worker] in
      defer { workers.removeAll() }
      return workers
    }
    for worker in workers { worker.end() }
  }

  deinit { drain() }
}

func errnoText() -> String { String(cString: strerror(errno)) }

func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func formatSeconds(_ s: Double) -> String {
  s == s.rounded() ? String(Int(s)) : String(s)
}

public enum FileOutput {
  /// Writes every byte (retrying short writes and EINTR); false on an error.
  public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return write(fd, base + done, buffer.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      done += n
    }
    return true
  }
}

/// Calls `body` with a NULL-terminated C array of the strings.
/// NULL-terminated C strings (an argv or envp) for the duration of `body`.
public func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { for p in pointers { free(p) } }
  return pointers.withUnsafeBufferPointer { buffer in
    guard let base = buffer.baseAddress else { fatalError("an array always has storage") }
    return body(base)
  }
}
