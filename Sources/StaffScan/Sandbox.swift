import CProcess

#if canImport(Glibc)
  import Glibc
#endif

/// Decodes image bytes in a separate worker process (`vgk-scan-worker`) under CPU-time and
/// address-space limits, so a crash, a hang or a memory blow-up in libjpeg, libpng or zbar on a
/// hostile photo costs one failed file, never the console or the watcher.
///
/// The parent opens and reads the file (never following links); the worker only sees the bytes,
/// through an in-memory file on its standard input, and answers on its standard output
/// (`WorkerProtocol`). Its environment is empty and every other descriptor is closed.
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

    public static let standard = Limits(
      cpuSeconds: 5, memoryBytes: 256 << 20, wallSeconds: 10, pixelCap: ImageLoader.defaultPixelCap)

    public init(
      cpuSeconds: Int, memoryBytes: Int, wallSeconds: Double, pixelCap: Int,
      decodedPixels: Int = ImageLoader.decodedPixelBudget
    ) {
      self.cpuSeconds = cpuSeconds
      self.memoryBytes = memoryBytes
      self.wallSeconds = wallSeconds
      self.pixelCap = pixelCap
      self.decodedPixels = decodedPixels
    }
  }

  public var workerPath: String
  public var limits: Limits

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

  /// Decodes `bytes` (a whole image file) in a fresh worker.
  public func decode(_ bytes: [UInt8]) -> Result<QRDecoder.Found, ImageError> {
    decodeMeasured(bytes).result
  }

  /// `decode`, with the most memory the worker held (its peak resident set, from wait4(2), in
  /// bytes; nil when no worker ran): what the tests hold to the 256 MiB the issue allows. An
  /// upper bound: Linux counts the spawning process's own size into a child's peak.
  public func decodeMeasured(_ bytes: [UInt8]) -> (result: Result<QRDecoder.Found, ImageError>, peakResidentBytes: Int?) {
    var peak: Int?
    let result = decode(bytes, peak: &peak)
    return (result, peak)
  }

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
    var pipeFDs: [Int32] = [-1, -1]
    guard vgk_pipe_cloexec(&pipeFDs) == 0 else { return .failure(unavailable("cannot create a pipe: \(errnoText())")) }
    let replyFD = pipeFDs[0]
    defer { close(replyFD) }

    let argv = [workerPath, "--max-pixels", String(limits.pixelCap), "--decoded-pixels", String(limits.decodedPixels)]
    var cLimits = vgk_limits(
      cpu_seconds: UInt(max(0, limits.cpuSeconds)), address_space: UInt64(max(0, limits.memoryBytes)),
      file_size: 0, open_files: 16)
    var pid: pid_t = -1
    var spawnErrno: Int32 = 0
    // "Text file busy": the worker is being replaced (make install), or another process that
    // forked at the wrong moment still holds it open for writing. It passes in a moment.
    for attempt in 0..<5 {
      if attempt > 0 { usleep(20_000) }
      pid = withCStrings(argv) { cArgv in
        withCStrings([]) { cEnv in
          vgk_spawn_limited(workerPath, cArgv, cEnv, input, pipeFDs[1], -1, &cLimits)
        }
      }
      spawnErrno = errno
      guard pid <= 0 && spawnErrno == ETXTBSY else { break }
    }
    close(pipeFDs[1])
    guard pid > 0 else {
      return .failure(unavailable("cannot start the decoding worker \(workerPath): \(String(cString: strerror(spawnErrno)))"))
    }

    let deadline = monotonicSeconds() + limits.wallSeconds
    var reply: [UInt8] = []
    var overflow = false
    var timedOut = false
    var chunk = [UInt8](repeating: 0, count: 65536)
    readLoop: while true {
      let remaining = deadline - monotonicSeconds()
      if remaining <= 0 {
        timedOut = true
        break
      }
      var poller = pollfd(fd: replyFD, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready <= 0 { continue }
      let n = chunk.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return read(replyFD, base, buffer.count)
      }
      if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if n <= 0 { break readLoop }
      if reply.count + n > WorkerProtocol.maximumReplyBytes {
        overflow = true
        break
      }
      reply.append(contentsOf: chunk.prefix(n))
    }
    let (status, usage) = reap(pid, until: timedOut || overflow ? monotonicSeconds() : deadline)
    peak = usage.ru_maxrss * 1024

    if timedOut {
      return .failure(failure("decoding did not finish within \(formatSeconds(limits.wallSeconds)) s (stopped)"))
    }
    if overflow { return .failure(failure("the decoding worker wrote more than a reply can be (stopped)")) }
    switch status {
    case .exited(0):
      guard let result = WorkerProtocol.decode(reply) else {
        return .failure(failure("the decoding worker gave an answer that is not one (\(reply.count) bytes)"))
      }
      return result
    case .exited(let code):
      // Swift and glibc end a process whose allocation failed with a trap or an abort; a worker
      // that exits with a code did so on its own, usually because memory ran out in a library.
      return .failure(failure("the decoding worker failed (exit status \(code)); the image may need more memory than the \(limits.memoryBytes >> 20) MiB allowed"))
    case .signalled(let signal):
      return .failure(failure(describe(signal: signal)))
    case .stillRunning:
      return .failure(failure("decoding did not finish within \(formatSeconds(limits.wallSeconds)) s (stopped)"))
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
