import Foundation
import StaffScan
import Testing

/// Helpers for tests that need the real worker binary or stand-in workers (shell scripts that
/// crash, spin, hang or lie the way a compromised decoder might).
enum Workers {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// The worker built beside the program under test (`make test` sets VGK_STAFF_BIN).
  static var real: String {
    // `make tsan` runs the plain worker: under ThreadSanitizer it cannot live in its 256 MiB.
    if let worker = ProcessInfo.processInfo.environment["VGK_STAFF_WORKER"], !worker.isEmpty { return worker }
    if let bin = ProcessInfo.processInfo.environment["VGK_STAFF_BIN"], !bin.isEmpty {
      return (bin as NSString).deletingLastPathComponent + "/vgk-scan-worker"
    }
    return packageRoot + "/.build/debug/vgk-scan-worker"
  }

  /// A worker made of a shell script, in a fresh temporary directory.
  static func script(_ body: String) throws -> String {
    let dir = try Scratch.directory("worker")
    let path = dir + "/fake-worker"
    try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }
}

enum Scratch {
  static func directory(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "vgk-\(label)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}

@Suite struct SandboxTests {
  let fixture = Workers.packageRoot + "/Fixtures/scan/order-1040001.png"

  func limits(cpu: Int = 5, memoryMiB: Int = 256, wall: Double = 10, pixels: Int = ImageLoader.defaultPixelCap)
    -> SandboxedDecoder.Limits
  {
    SandboxedDecoder.Limits(cpuSeconds: cpu, memoryBytes: memoryMiB << 20, wallSeconds: wall, pixelCap: pixels)
  }

  func reason(_ result: Result<QRDecoder.Found, ImageError>) -> String? {
    if case .failure(let e) = result { return e.reason }
    return nil
  }

  @Test func theRealWorkerDecodesAndExplains() throws {
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    let bytes = try ImageLoader.readFile(fixture)
    let found = try sandbox.decode(bytes).get()
    #expect(found.symbols.map(\.data) == ["ORDER:1040001:K7Q2MX9A"])
    #expect(found.pass != nil)
    // Its answers are the in-process decoder's answers.
    #expect(found == QRDecoder.scan(try ImageLoader.decode(bytes)))
    #expect(throws: ImageError(.notAnImage, "not a JPEG, PNG or PGM/PPM image")) {
      try sandbox.decode(Array("just text, not a photo\n".utf8)).get()
    }
    #expect(reason(sandbox.decode([])) == "an empty file (0 bytes)")
    // The pixel cap is passed to the worker.
    let capped = SandboxedDecoder(workerPath: Workers.real, limits: limits(pixels: 1000))
    #expect(reason(capped.decode(bytes)) == "640x480 is 0.3 megapixels, over the limit of 0.0")
  }

  @Test func aCrashingWorkerCostsOneFile() throws {
    let sandbox = SandboxedDecoder(workerPath: try Workers.script("kill -SEGV $$"))
    let result = sandbox.decode([1, 2, 3])
    #expect(reason(result) == "the decoder crashed on this image (signal 11, memory fault)")
    if case .failure(let e) = result { #expect(e.kind == .decoderFailed) }
  }

  @Test func aSpinningWorkerIsStoppedByItsCPULimit() throws {
    let sandbox = SandboxedDecoder(workerPath: try Workers.script("while :; do :; done"), limits: limits(cpu: 1, wall: 20))
    #expect(reason(sandbox.decode([1])) == "decoding used more than 1 s of CPU time (stopped)")
  }

  @Test func aHangingWorkerIsStoppedByTheWallClock() throws {
    let sandbox = SandboxedDecoder(workerPath: try Workers.script("exec sleep 60"), limits: limits(wall: 0.5))
    #expect(reason(sandbox.decode([1])) == "decoding did not finish within 0.5 s (stopped)")
  }

  /// A 64-megapixel PNG (tiny on disk) under a 96 MiB address-space limit: the worker cannot
  /// allocate its pixels; the parent reports it and goes on. The same image decodes (to nothing)
  /// with the default 256 MiB.
  @Test func aMemoryBlowUpIsContained() throws {
    let side = 8000
    let png = try #require(ImageEncoder.png(GreyImage(width: side, height: side, pixels: [UInt8](repeating: 255, count: side * side))))
    #expect(png.count < 1 << 20)
    let small = SandboxedDecoder(workerPath: Workers.real, limits: limits(memoryMiB: 96, pixels: 100_000_000))
    let result = small.decode(png)
    let failure = try #require(reason(result))
    #expect(failure.contains("memory") || failure.contains("cannot allocate"), "\(failure)")
    let roomy = SandboxedDecoder(workerPath: Workers.real, limits: limits(memoryMiB: 256, pixels: 100_000_000))
    #expect(try roomy.decode(png).get().symbols.isEmpty)
  }

  @Test func lyingWorkersAreNotBelieved() throws {
    let cases: [(String, String)] = [
      ("echo hello", "the decoding worker gave an answer that is not one (6 bytes)"),
      // A well-formed reply with a payload that is not ASCII (0xC3 0xA9 is "é").
      ("printf 'vgk-scan-worker 2 1\\nsymbol QR-Code 4fc3a9\\npass full\\n'", "the decoding worker gave an answer that is not one (52 bytes)"),
      ("exit 3", "the decoding worker failed (exit status 3); the image may need more memory than the 256 MiB allowed"),
      ("exec cat /dev/zero", "the decoding worker wrote more than a reply can be (stopped)"),
    ]
    for (body, expected) in cases {
      let sandbox = SandboxedDecoder(workerPath: try Workers.script(body))
      #expect(reason(sandbox.decode([1, 2, 3])) == expected, "\(body)")
    }
  }

  @Test func theWorkerGetsNoEnvironmentNoDescriptorsAndItsLimits() throws {
    // Replies "found" only if the environment is empty, only 0-2 are open (ls itself opens one
    // more to list the directory), and the limits are the ones asked for: one image's CPU time
    // (soft), and the hard limit for the 200 images a worker may take, plus a second.
    let script = try Workers.script(
      """
      [ ! -s /proc/$$/environ ] || exit 10
      [ "$(/bin/ls /proc/self/fd | /usr/bin/wc -l)" -eq 4 ] || exit 11
      [ "$(ulimit -t)" = 3 ] || exit 12
      [ "$(ulimit -v)" = $((200 * 1024)) ] || exit 13
      [ "$(ulimit -c)" = 0 ] || exit 14
      [ "$(ulimit -H -t)" = $((3 * 200 + 1)) ] || exit 15
      printf 'vgk-scan-worker 2 1\\nsymbol QR-Code 50524f445543543a31\\npass full\\n'
      """)
    let leaked = open("/dev/null", O_RDONLY)  // not close-on-exec: must still not reach the worker
    defer { close(leaked) }
    let sandbox = SandboxedDecoder(workerPath: script, limits: limits(cpu: 3, memoryMiB: 200))
    #expect(try sandbox.decode([1]).get().symbols.map(\.data) == ["PRODUCT:1"])
  }

  @Test func aMissingWorkerIsNamed() {
    let sandbox = SandboxedDecoder(workerPath: "/nonexistent/vgk-scan-worker")
    #expect(reason(sandbox.decode([1])) == "cannot start the decoding worker /nonexistent/vgk-scan-worker: No such file or directory")
  }

  @Test func workerRepliesRoundTripAndHostileOnesAreRefused() {
    let found = QRDecoder.Found(symbols: [.init(type: "QR-Code", data: "ORDER:1:ABCDEF")], pass: .thresholded)
    let cases: [Result<QRDecoder.Found, ImageError>] = [
      .success(found), .success(.init(symbols: [], pass: nil)), .failure(ImageError(.truncated, "the file ends early")),
    ]
    for c in cases {
      #expect(WorkerProtocol.decode(Array(WorkerProtocol.encode(c).utf8)) == c)
      let numbered = Array(WorkerProtocol.encode(c, request: 41).utf8)
      #expect(WorkerProtocol.reply(numbered)?.request == 41)
      #expect(WorkerProtocol.framing(numbered) == .complete(length: numbered.count))
      #expect(WorkerProtocol.framing(Array(numbered.dropLast())) == .incomplete)
    }
    // Control characters in a reason are flattened: a reply is always one line per field.
    let odd = WorkerProtocol.encode(.failure(ImageError(.corrupt, "bad\nline\u{7}")))
    #expect(WorkerProtocol.decode(Array(odd.utf8)) == .failure(ImageError(.corrupt, "bad?line?")))
    let hostile = [
      // The old single-image header is not this protocol's.
      "", "vgk-scan-worker 2 1\n", "vgk-scan-worker 2\npass none\n", "vgk-scan-worker 1\npass none\n",
      "vgk-scan-worker 2 01\npass none\n", "vgk-scan-worker 2 -1\npass none\n", "vgk-scan-worker 2 1 \npass none\n",
      "vgk-scan-worker 2 1234567890123456\npass none\n", "vgk-scan-worker 2 1\npass none",
      "vgk-scan-worker 2 1\npass sideways\n", "vgk-scan-worker 2 1\npass full\n",
      "vgk-scan-worker 2 1\nsymbol QR-Code 41\npass none\n", "vgk-scan-worker 2 1\nsymbol EAN-13 41\npass full\n",
      "vgk-scan-worker 2 1\nsymbol QR-Code 4\npass full\n", "vgk-scan-worker 2 1\nsymbol QR-Code zz\npass full\n",
      "vgk-scan-worker 2 1\nsymbol QR-Code 00\npass full\n", "vgk-scan-worker 2 1\nsymbol QR-Code \npass full\n",
      "vgk-scan-worker 2 1\nerror nonsense reason\n", "vgk-scan-worker 2 1\nerror corrupt \n",
      "vgk-scan-worker 2 1\nerror corrupt x\npass none\n", "vgk-scan-worker 2 1\r\npass none\r\n",
      // Found by `make fuzz`: upper-case hex is not what the worker writes.
      "vgk-scan-worker 2 1\nsymbol QR-Code 5052\nsymbol QR-Code 4F\npass full\n",
    ]
    for h in hostile {
      #expect(WorkerProtocol.decode(Array(h.utf8)) == nil, "\(h.debugDescription)")
    }
    #expect(WorkerProtocol.decode([UInt8](repeating: 0x41, count: WorkerProtocol.maximumReplyBytes + 1) + [0x0A]) == nil)
  }
}
