import Foundation
import StaffCamera
import StaffScan
import Testing
import TestSupport

/// A sink that keeps entries in memory, and can be told to fail (a busy or full database).
final class MemorySink: CameraSink, @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [CameraEntry] = []
  private var failing = false

  var entries: [CameraEntry] { lock.withLock { stored } }
  func setFailing(_ f: Bool) { lock.withLock { failing = f } }

  func previous(sha256: [UInt8]) throws -> String? {
    lock.withLock {
      stored.first { $0.sha256 == sha256 && !$0.isQuarantined }.map(\.storedAs)
    }
  }

  func record(_ entry: CameraEntry) throws {
    try lock.withLock {
      if failing { throw SinkDown() }
      stored.append(entry)
    }
  }
}

struct SinkDown: Error, CustomStringConvertible {
  var description: String { "database is locked" }
}

/// Runs a camera folder on its own thread until stopped, as `vgk-staff watch` and the console do.
final class RunningFolder: @unchecked Sendable {
  private let lock = NSLock()
  private var stop = false
  private var failure: Error?
  private let done = DispatchSemaphore(value: 0)

  init(_ make: @escaping @Sendable () throws -> CameraFolder) {
    Thread.detachNewThread { [self] in
      do {
        let folder = try make()
        try folder.run(tick: 0.05) { self.lock.withLock { self.stop } }
      } catch {
        self.lock.withLock { self.failure = error }
      }
      self.done.signal()
    }
  }

  func finish() throws {
    lock.withLock { stop = true }
    done.wait()
    if let failure = lock.withLock({ failure }) { throw failure }
  }
}

@Suite(.serialized) struct CameraFolderTests {
  let decoder = SandboxedDecoder(workerPath: Workers.real)

  func photo(_ payload: String, seed: UInt64 = 7) throws -> [UInt8] {
    let frame = Frames.frame(try Frames.code(payload, moduleSize: 4), width: 320, height: 240, seed: seed)
    return try #require(ImageEncoder.jpeg(frame))
  }

  func folder(_ dir: String, sink: CameraSink, settle: Double = 0.25) throws -> CameraFolder {
    try CameraFolder(
      path: dir, settings: .init(settleSeconds: settle, rescanSeconds: 0.5), decoder: decoder, sink: sink,
      clock: { "2026-11-25T10:00:00+01:00" })
  }

  func listing(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
  }

  @Test func aPhotoWrittenSlowlyIsTakenOnceWhenComplete() throws {
    let dir = try Scratch.directory("camera")
    let sink = MemorySink()
    let running = RunningFolder { try self.folder(dir, sink: sink) }
    let bytes = try photo("ORDER:1040001:K7Q2MX9A")
    // One open, six chunks over three seconds: pauses longer than the settle delay.
    let fd = open(dir + "/slow.jpg", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    #expect(fd >= 0)
    let chunk = (bytes.count + 5) / 6
    for i in 0..<6 {
      let part = Array(bytes[(i * chunk)..<min(bytes.count, (i + 1) * chunk)])
      #expect(FileOutput.writeAll(fd, part))
      pause(.milliseconds(500))  // Time must pass: each pause outlasts the settle delay.
      #expect(sink.entries.isEmpty, "taken while still being written (chunk \(i))")
    }
    close(fd)
    waitUntil("the photo taken", timeout: 20) { !sink.entries.isEmpty }
    try running.finish()
    let entries = sink.entries
    #expect(entries.count == 1)
    #expect(entries.first?.outcome == .decoded([.init(type: "QR-Code", data: "ORDER:1040001:K7Q2MX9A")], entries.first.flatMap {
      if case .decoded(_, let p) = $0.outcome { p } else { nil }
    }))
    #expect(entries.first?.byteCount == bytes.count)
    #expect(listing(dir + "/processed") == ["slow.jpg"])
    #expect(listing(dir).filter { !$0.hasPrefix(".") } == ["processed", "quarantine"])
  }

  @Test func threeCopiesAreOneScanAndTwoDuplicates() throws {
    let dir = try Scratch.directory("camera")
    let bytes = try photo("PRODUCT:100001")
    for name in ["a.jpg", "b.jpg", "c.jpg"] { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    let sink = MemorySink()
    let taken = try folder(dir, sink: sink, settle: 0.05).drain()
    #expect(taken == 3)
    let outcomes = sink.entries.map(\.outcome)
    #expect(outcomes.count == 3)
    #expect(outcomes.filter { if case .decoded = $0 { true } else { false } }.count == 1)
    #expect(outcomes.filter { $0 == .duplicate(previous: "processed/a.jpg") }.count == 2)
    #expect(listing(dir + "/processed") == ["a.jpg", "b.jpg", "c.jpg"])
  }

  @Test func hostileEntriesAreQuarantinedWithAReasonAndTheFolderGoesOn() throws {
    let dir = try Scratch.directory("camera")
    let good = try photo("INVENTORY:42")
    var huge = good
    let sof = try #require((0..<(huge.count - 9)).first { huge[$0] == 0xFF && huge[$0 + 1] == 0xC0 })
    for i in 5...8 { huge[sof + i] = 0xFF }  // 65535 x 65535
    try Data(huge).write(to: URL(fileURLWithPath: dir + "/huge.jpg"))
    try Data(good.prefix(good.count / 2)).write(to: URL(fileURLWithPath: dir + "/truncated.jpg"))
    try Data().write(to: URL(fileURLWithPath: dir + "/empty.jpg"))
    try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir + "/text.jpg"))
    #expect(symlink("/etc/shadow", dir + "/shadow.jpg") == 0)
    #expect(mkfifo(dir + "/pipe.jpg", 0o644) == 0)
    // A 2 GB sparse file named like a photo: refused from its size, never read.
    let sparse = open(dir + "/sparse.jpg", O_WRONLY | O_CREAT, 0o644)
    #expect(sparse >= 0 && ftruncate(sparse, 2 << 30) == 0)
    close(sparse)
    try Data(good).write(to: URL(fileURLWithPath: dir + "/good.jpg"))
    let sink = MemorySink()
    #expect(try folder(dir, sink: sink, settle: 0.05).drain() == 8)

    let quarantine = dir + "/quarantine"
    func reason(_ name: String) -> String? {
      (try? String(contentsOfFile: quarantine + "/" + name + ".reason", encoding: .utf8))?.split(separator: "\n").first.map(String.init)
    }
    #expect(reason("huge.jpg") == "65535x65535 is 4294.8 megapixels, over the limit of 40.0")
    #expect(reason("truncated.jpg") == "truncated: the file ends before the image does")
    #expect(reason("empty.jpg") == "an empty file (0 bytes)")
    #expect(reason("sparse.jpg") == "2147483648 bytes, over the 64 MiB a photo can be")
    #expect(reason("text.jpg") == "not a JPEG, PNG or PGM/PPM image")
    #expect(reason("shadow.jpg") == "a symbolic link, not a photo (never followed)")
    #expect(reason("pipe.jpg") == "a FIFO, not a photo (never opened)")
    // The link and the FIFO were moved as they are, not followed or opened.
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: quarantine + "/shadow.jpg")) == "/etc/shadow")
    var st = stat()
    #expect(lstat(quarantine + "/pipe.jpg", &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
    #expect(listing(dir + "/processed") == ["good.jpg"])
    #expect(listing(dir).filter { !$0.hasPrefix(".") } == ["processed", "quarantine"])
    // The reason file also says what was taken and when.
    let full = try String(contentsOfFile: quarantine + "/truncated.jpg.reason", encoding: .utf8)
    #expect(full.contains("file: truncated.jpg\ntaken: 2026-11-25T10:00:00+01:00\nsize: \(good.count / 2) bytes\nsha256: "))
  }

  @Test func temporaryNamesAndDirectoriesAreLeftAlone() throws {
    let dir = try Scratch.directory("camera")
    let bytes = try photo("PRODUCT:7")
    for name in ["photo.jpg.part", "IMG.TMP", ".hidden.jpg", "done.jpg"] {
      try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
    }
    try FileManager.default.createDirectory(atPath: dir + "/DCIM", withIntermediateDirectories: false)
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/DCIM/inside.jpg"))
    let sink = MemorySink()
    #expect(try folder(dir, sink: sink, settle: 0.05).drain() == 1)
    #expect(sink.entries.map(\.storedAs) == ["processed/done.jpg"])
    #expect(listing(dir).filter { $0 != ".vgk-staff-watch.lock" } == [".hidden.jpg", "DCIM", "IMG.TMP", "photo.jpg.part", "processed", "quarantine"])
    #expect(listing(dir + "/DCIM") == ["inside.jpg"])
  }

  @Test func aFailingSinkLosesNothingAndNamesDoNotCollide() throws {
    let dir = try Scratch.directory("camera")
    let first = try photo("PRODUCT:1", seed: 1)
    try Data(first).write(to: URL(fileURLWithPath: dir + "/same.jpg"))
    let sink = MemorySink()
    sink.setFailing(true)
    let folder = try folder(dir, sink: sink, settle: 0.05)
    #expect(try folder.drain(timeoutSeconds: 1) == 0)
    #expect(listing(dir).contains("same.jpg"))
    sink.setFailing(false)
    #expect(try folder.drain() == 1)
    // A second photo under the same name: it gets a numbered name, nothing is overwritten.
    try Data(try photo("PRODUCT:2", seed: 2)).write(to: URL(fileURLWithPath: dir + "/same.jpg"))
    #expect(try folder.drain() == 1)
    #expect(listing(dir + "/processed") == ["same-2.jpg", "same.jpg"])
    #expect(sink.entries.map(\.storedAs) == ["processed/same.jpg", "processed/same-2.jpg"])
  }

  @Test func namesThatAreNotTextStillMoveAndPrintSafely() throws {
    let dir = try Scratch.directory("camera")
    let bytes = try photo("PRODUCT:9")
    let raw: [UInt8] = Array("ph".utf8) + [0xFF, 0x0A] + Array("oto.jpg".utf8)
    let path = Array(dir.utf8) + [UInt8(ascii: "/")] + raw
    let fd = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    #expect(fd >= 0)
    #expect(FileOutput.writeAll(fd, bytes))
    close(fd)
    let sink = MemorySink()
    #expect(try folder(dir, sink: sink, settle: 0.05).drain() == 1)
    let entry = try #require(sink.entries.first)
    #expect(entry.name.bytes == raw)
    #expect(entry.name.description == "ph\u{FFFD}\\x0aoto.jpg")
    #expect(!entry.storedAs.contains("\n"))
  }

  /// A worker that cannot start is not the photo's fault: the file waits, nothing is quarantined.
  @Test func aMissingWorkerLeavesPhotosInPlace() throws {
    let dir = try Scratch.directory("camera")
    try Data(try photo("PRODUCT:3")).write(to: URL(fileURLWithPath: dir + "/p.jpg"))
    let sink = MemorySink()
    let broken = try CameraFolder(
      path: dir, settings: .init(settleSeconds: 0.05), decoder: SandboxedDecoder(workerPath: "/nonexistent/worker"),
      sink: sink, clock: { "" })
    #expect(try broken.drain(timeoutSeconds: 1) == 0)
    #expect(sink.entries.isEmpty)
    #expect(listing(dir).contains("p.jpg"))
    #expect(listing(dir + "/quarantine").isEmpty)
  }

  /// Another process holding the folder: a second one refuses (or waits), never takes files too.
  @Test func oneProcessAtATime() throws {
    let dir = try Scratch.directory("camera")
    let first = try folder(dir, sink: MemorySink())
    #expect(throws: CameraFolderError.self) {
      try CameraFolder(path: dir, decoder: decoder, sink: MemorySink(), wait: false, clock: { "" })
    }
    _ = first
    #expect(throws: CameraFolderError.self) {
      try CameraFolder(path: dir + "/missing", decoder: decoder, sink: MemorySink(), clock: { "" })
    }
  }

  /// Two thousand photos dropped at once (copies of a few, so dedupe is exercised too): every
  /// one is taken, none lost or left behind.
  @Test func twoThousandFilesAreAllTaken() throws {
    let dir = try Scratch.directory("camera")
    let drop = try Scratch.directory("drop")
    var photos: [[UInt8]] = []
    for i in 0..<20 { photos.append(try photo("PRODUCT:\(i + 1)", seed: UInt64(i))) }
    for i in 0..<2000 {
      let name = String(format: "img-%04d.jpg", i)
      try Data(photos[i % photos.count]).write(to: URL(fileURLWithPath: drop + "/" + name))
    }
    let sink = MemorySink()
    let running = RunningFolder { try self.folder(dir, sink: sink, settle: 0.1) }
    // Dropped at once: renamed into the folder (IN_MOVED_TO), as a camera app's atomic save does.
    for i in 0..<2000 {
      let name = String(format: "img-%04d.jpg", i)
      #expect(rename(drop + "/" + name, dir + "/" + name) == 0)
    }
    waitUntil("2000 photos taken", timeout: 120) { sink.entries.count >= 2000 }
    try running.finish()
    let entries = sink.entries
    #expect(entries.count == 2000)
    #expect(Set(entries.map(\.name)).count == 2000)
    #expect(entries.filter { if case .decoded = $0.outcome { true } else { false } }.count == 20)
    #expect(entries.filter { if case .duplicate = $0.outcome { true } else { false } }.count == 1980)
    #expect(listing(dir + "/processed").count == 2000)
    #expect(listing(dir).filter { !$0.hasPrefix(".") } == ["processed", "quarantine"])
  }
}
