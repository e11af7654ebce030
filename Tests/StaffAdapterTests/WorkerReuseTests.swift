import Foundation
import StaffScan
import TestSupport
import Testing

/// A long-lived worker takes image after image; whatever goes wrong with one image (or with the
/// worker between images) costs that image only, and the next gets a fresh worker and its answer.
@Suite struct WorkerReuseTests {
  let fixture = Workers.packageRoot + "/Fixtures/scan/order-1040001.png"
  let payload = "ORDER:1040001:K7Q2MX9A"

  func limits(wall: Double = 10, images: Int = 200) -> SandboxedDecoder.Limits {
    SandboxedDecoder.Limits(
      cpuSeconds: 5, memoryBytes: 256 << 20, wallSeconds: wall, pixelCap: ImageLoader.defaultPixelCap, imagesPerWorker: images)
  }

  func data(_ result: Result<QRDecoder.Found, ImageError>) -> [String]? {
    (try? result.get())?.symbols.map(\.data)
  }

  func reason(_ result: Result<QRDecoder.Found, ImageError>) -> String? {
    if case .failure(let e) = result { return e.reason }
    return nil
  }

  /// A stand-in worker that speaks the protocol: for each request line it runs `answer`, a shell
  /// snippet with the request's number in `$n` (the attached image is dropped by `read`).
  static func server(_ answer: String) throws -> String {
    try Workers.script(
      """
      while read -r verb n size; do
        [ "$verb" = decode ] || exit 9
      \(answer)
      done
      """)
  }

  @Test func oneWorkerDecodesManyImages() throws {
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    let bytes = try ImageLoader.readFile(fixture)
    var pids: Set<Int32> = []
    for _ in 0..<5 {
      #expect(data(sandbox.decode(bytes)) == [payload])
      pids.formUnion(sandbox.idleWorkerProcessIDs)
    }
    #expect(pids.count == 1)
    // A photo without a code keeps the worker too.
    let blank = try #require(ImageEncoder.png(GreyImage(width: 64, height: 64, pixels: [UInt8](repeating: 255, count: 64 * 64))))
    #expect(data(sandbox.decode(blank)) == [])
    #expect(Set(sandbox.idleWorkerProcessIDs) == pids)
    sandbox.stopIdleWorkers()
    #expect(sandbox.idleWorkerProcessIDs.isEmpty)
  }

  @Test func anImageTheWorkerCannotLoadCostsThatImageOnly() throws {
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    let bytes = try ImageLoader.readFile(fixture)
    #expect(data(sandbox.decode(bytes)) == [payload])
    let first = sandbox.idleWorkerProcessIDs
    var random = SystemRandomNumberGenerator()
    let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
    #expect(reason(sandbox.decode(noise)) != nil)
    #expect(reason(sandbox.decode(Array(bytes.prefix(bytes.count / 2)))) != nil)
    #expect(data(sandbox.decode(bytes)) == [payload])
    #expect(sandbox.idleWorkerProcessIDs.count == 1 && sandbox.idleWorkerProcessIDs != first, "a failed image retires its worker")
  }

  @Test func aCrashInTheMiddleOfABatchCostsOneImage() throws {
    // The first worker crashes on its second request, as a decoder would on a hostile photo.
    let marks = try Scratch.directory("crash")
    let worker = try Self.server(
      """
        if [ "$n" = 2 ] && [ ! -e '\(marks)/crashed' ]; then : > '\(marks)/crashed'; kill -SEGV $$; fi
        printf 'vgk-scan-worker 2 %s\\nsymbol QR-Code 50524f445543543a31\\npass full\\n' "$n"
      """)
    let sandbox = SandboxedDecoder(workerPath: worker)
    #expect(data(sandbox.decode([1])) == ["PRODUCT:1"])
    let first = sandbox.idleWorkerProcessIDs
    #expect(reason(sandbox.decode([2])) == "the decoder crashed on this image (signal 11, memory fault)")
    #expect(sandbox.idleWorkerProcessIDs.isEmpty)
    for _ in 0..<3 { #expect(data(sandbox.decode([3])) == ["PRODUCT:1"]) }
    #expect(sandbox.idleWorkerProcessIDs.count == 1 && sandbox.idleWorkerProcessIDs != first)
  }

  @Test func aWorkerKilledFromOutsideBetweenImagesIsReplaced() throws {
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    let bytes = try ImageLoader.readFile(fixture)
    #expect(data(sandbox.decode(bytes)) == [payload])
    let pid = try #require(sandbox.idleWorkerProcessIDs.first)
    kill(pid, SIGKILL)
    // Dead and not yet reaped (a zombie: state Z in /proc/PID/stat).
    #expect(holds(within: 10) {
      let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
      return stat.contains(") Z ")
    })
    #expect(data(sandbox.decode(bytes)) == [payload])
    #expect(sandbox.idleWorkerProcessIDs.count == 1 && sandbox.idleWorkerProcessIDs != [pid])
    // Killed and decoded at once, without waiting for it to die: the image still gets its answer.
    let second = try #require(sandbox.idleWorkerProcessIDs.first)
    kill(second, SIGKILL)
    #expect(data(sandbox.decode(bytes)) == [payload])
  }

  @Test func aReplySplitAcrossReadsIsPutTogether() throws {
    let worker = try Self.server(
      """
        printf 'vgk-scan-worker 2 %s\\nsymbol QR-Code 5052' "$n"
        sleep 0.1
        printf '4f445543543a31\\n'
        sleep 0.1
        printf 'pass full\\n'
      """)
    let sandbox = SandboxedDecoder(workerPath: worker)
    #expect(data(sandbox.decode([1])) == ["PRODUCT:1"])
    let pid = sandbox.idleWorkerProcessIDs
    #expect(data(sandbox.decode([1])) == ["PRODUCT:1"])
    #expect(sandbox.idleWorkerProcessIDs == pid && pid.count == 1, "the same worker answered both")
  }

  @Test func workersThatAnswerWrongAreStoppedAtOnceAndReplaced() throws {
    let cases: [(String, String)] = [
      // Garbage, then waiting: stopped on the first bad line, not at the wall clock.
      ("printf 'garbage\\n'; sleep 60", "the decoding worker gave an answer that is not one"),
      ("printf 'vgk-scan-worker 2 %s\\nsymbol QR-Code 41\\nsideways\\n' \"$n\"; sleep 60", "the decoding worker gave an answer that is not one"),
      ("printf 'vgk-scan-worker 2 %s\\n\\001\\n' \"$n\"; sleep 60", "the decoding worker gave an answer that is not one"),
      // A line that never ends.
      ("exec tr '\\000' a < /dev/zero", "the decoding worker wrote more than a reply can be (stopped)"),
      // The answer to another request.
      ("printf 'vgk-scan-worker 2 %s\\npass none\\n' $((n + 1))", "the decoding worker answered request 2, not 1 (stopped)"),
      // A whole answer with more after it.
      ("printf 'vgk-scan-worker 2 %s\\npass none\\nvgk-scan-worker 2 %s\\npass none\\n' \"$n\" \"$n\"",
       "the decoding worker gave an answer that is not one"),
    ]
    for (answer, expected) in cases {
      let sandbox = SandboxedDecoder(workerPath: try Self.server(answer), limits: limits(wall: 30))
      let started = Date()
      let said = reason(sandbox.decode([1])) ?? "decoded"
      #expect(said.hasPrefix(expected), "\(answer): \(said)")
      #expect(Date().timeIntervalSince(started) < 15, "\(answer): not left to the wall clock")
      #expect(sandbox.idleWorkerProcessIDs.isEmpty, "\(answer)")
    }
    // And the next image gets a fresh worker: request 1 again, answered.
    let honestAfterFirst = try Self.server(
      """
        [ "$n" = 1 ] || exit 7
        printf 'vgk-scan-worker 2 %s\\npass none\\nextra\\n' "$n"
      """)
    let sandbox = SandboxedDecoder(workerPath: honestAfterFirst)
    for _ in 0..<3 {
      let result = sandbox.decode([1])
      // Either the extra line came with the answer (refused), or after it (the worker is not
      // asked again): a fresh worker answers request 1 each time, never a leftover line.
      #expect(result == .success(QRDecoder.Found(symbols: [], pass: nil)) || reason(result)?.contains("not one") == true, "\(result)")
    }
  }

  @Test func aWorkerIsReplacedAfterItsNumberOfImages() throws {
    let sandbox = SandboxedDecoder(workerPath: Workers.real, limits: limits(images: 3))
    let bytes = try ImageLoader.readFile(fixture)
    var idle: [[Int32]] = []
    for _ in 0..<7 {
      #expect(data(sandbox.decode(bytes)) == [payload])
      idle.append(sandbox.idleWorkerProcessIDs)
    }
    #expect(idle.map(\.count) == [1, 1, 0, 1, 1, 0, 1])
    #expect(idle[0] == idle[1] && idle[3] == idle[4] && Set([idle[0], idle[3], idle[6]]).count == 3)
    // One image per worker: none is kept.
    let single = SandboxedDecoder(workerPath: Workers.real, limits: limits(images: 1))
    #expect(data(single.decode(bytes)) == [payload])
    #expect(single.idleWorkerProcessIDs.isEmpty)
  }

  /// Callers on two threads each get a worker of their own: these workers answer only when two
  /// of them are running at once, so decoding one at a time would end in the wall clock.
  @Test func twoThreadsDecodeAtOnceEachWithItsOwnWorker() throws {
    let meeting = try Scratch.directory("meeting")
    let worker = try Self.server(
      """
        : > '\(meeting)'/$$
        while [ "$(/bin/ls '\(meeting)' | /usr/bin/wc -l)" -lt 2 ]; do sleep 0.02; done
        printf 'vgk-scan-worker 2 %s\\nsymbol QR-Code 50524f445543543a31\\npass full\\n' "$n"
      """)
    let sandbox = SandboxedDecoder(workerPath: worker, limits: limits(wall: 20))
    let results = Results()
    onThreads(2) { i in results.set(i, sandbox.decode([UInt8(i + 1)])) }
    for i in 0..<2 { #expect(data(try #require(results.get(i))) == ["PRODUCT:1"]) }
    #expect(sandbox.idleWorkerProcessIDs.count == 2)
    // Both workers are taken again afterwards; callers beyond them start their own.
    onThreads(4) { i in results.set(i, sandbox.decode([1])) }
    for i in 0..<4 { #expect(data(try #require(results.get(i))) == ["PRODUCT:1"]) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: meeting).count <= 4)
  }

  /// Runs `body` on `count` threads of its own at once, and waits for them all.
  func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for i in 0..<count {
      Thread {
        body(i)
        done.signal()
      }.start()
    }
    for _ in 0..<count { done.wait() }
  }

  final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Result<QRDecoder.Found, ImageError>] = [:]
    func set(_ i: Int, _ r: Result<QRDecoder.Found, ImageError>) { lock.withLock { values[i] = r } }
    func get(_ i: Int) -> Result<QRDecoder.Found, ImageError>? { lock.withLock { values[i] } }
  }
}
