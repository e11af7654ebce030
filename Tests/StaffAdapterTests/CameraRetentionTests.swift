import Foundation
import StaffCamera
import StaffScan
import Testing

/// A memory sink that also counts the sweeps of `processed/` it is told of.
final class SweepSink: CameraSink, @unchecked Sendable {
  let inner = MemorySink()
  private let lock = NSLock()
  private var removed: [(Int, Int)] = []
  var sweeps: [(count: Int, days: Int)] { lock.withLock { removed } }

  func previous(sha256: [UInt8]) throws -> String? { try inner.previous(sha256: sha256) }
  func record(_ entry: CameraEntry) throws { try inner.record(entry) }
  func removedProcessed(_ count: Int, keptDays: Int) throws { lock.withLock { removed.append((count, keptDays)) } }
}

/// Photos may show live pickup codes: the camera folder keeps them private and not for long.
@Suite(.serialized) struct CameraRetentionTests {
  let decoder = SandboxedDecoder(workerPath: Workers.real)

  func photo(_ payload: String, seed: UInt64 = 7) throws -> [UInt8] {
    let frame = Frames.frame(try Frames.code(payload, moduleSize: 4), width: 320, height: 240, seed: seed)
    return try #require(ImageEncoder.jpeg(frame))
  }

  func folder(_ dir: String, sink: CameraSink, days: Int) throws -> CameraFolder {
    try CameraFolder(
      path: dir, settings: .init(settleSeconds: 0.05, rescanSeconds: 0.5, processedDays: days), decoder: decoder, sink: sink,
      clock: { "2026-11-25T10:00:00+01:00" })
  }

  func mode(_ path: String) -> mode_t {
    var st = stat()
    return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o7777
  }

  func listing(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
  }

  @Test func photosAndTheirFoldersAreThisAccountsAlone() throws {
    let dir = try Scratch.directory("camera")
    // Folders made by hand, or by an older version, open to everyone: closed when opened.
    for sub in ["processed", "quarantine"] {
      try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: false)
      chmod(dir + "/" + sub, 0o755)
    }
    try Data(try photo("ORDER:1040001:K7Q2MX9A")).write(to: URL(fileURLWithPath: dir + "/code.jpg"))
    chmod(dir + "/code.jpg", 0o644)
    try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir + "/text.jpg"))
    chmod(dir + "/text.jpg", 0o666)
    let sink = SweepSink()
    #expect(try folder(dir, sink: sink, days: 7).drain() == 2)
    #expect(mode(dir + "/processed") == 0o700)
    #expect(mode(dir + "/quarantine") == 0o700)
    #expect(mode(dir + "/processed/code.jpg") == 0o600)
    #expect(mode(dir + "/quarantine/text.jpg") == 0o600)
    #expect(mode(dir + "/quarantine/text.jpg.reason") == 0o600)
    // Nothing was old enough to go.
    #expect(sink.sweeps.isEmpty)
    #expect(listing(dir + "/processed") == ["code.jpg"])
  }

  @Test func processedPhotosGoAfterTheirDaysAndEachSweepIsReported() throws {
    let dir = try Scratch.directory("camera")
    let processed = dir + "/processed"
    try FileManager.default.createDirectory(atPath: processed, withIntermediateDirectories: false)
    // Two photos moved there 8 days ago, one 6 days ago, and what is not a photo.
    let now = Date().timeIntervalSince1970
    for (name, age) in [("old-1.jpg", 8.0), ("old-2.jpg", 8.5), ("recent.jpg", 6.0)] {
      try Data("x".utf8).write(to: URL(fileURLWithPath: processed + "/" + name))
      var times = [timespec(tv_sec: Int(now - age * 86_400), tv_nsec: 0), timespec(tv_sec: Int(now - age * 86_400), tv_nsec: 0)]
      #expect(utimensat(AT_FDCWD, processed + "/" + name, &times, 0) == 0)
    }
    #expect(symlink("/etc/passwd", processed + "/link.jpg") == 0)
    try FileManager.default.createDirectory(atPath: processed + "/sub", withIntermediateDirectories: false)
    let sink = SweepSink()
    let camera = try folder(dir, sink: sink, days: 7)
    // The first turn sweeps.
    try camera.step(maxWait: 0)
    #expect(listing(processed) == ["link.jpg", "recent.jpg", "sub"])
    #expect(sink.sweeps.map(\.count) == [2])
    #expect(sink.sweeps.map(\.days) == [7])
    // A sweep that finds nothing says nothing.
    #expect(camera.sweepProcessed() == 0)
    #expect(sink.sweeps.count == 1)
  }

  @Test func withZeroDaysAPhotoGoesAsSoonAsItIsRecorded() throws {
    let dir = try Scratch.directory("camera")
    try Data(try photo("ORDER:1040001:K7Q2MX9A")).write(to: URL(fileURLWithPath: dir + "/a.jpg"))
    try Data(try photo("PRODUCT:100001", seed: 9)).write(to: URL(fileURLWithPath: dir + "/b.jpg"))
    let sink = SweepSink()
    #expect(try folder(dir, sink: sink, days: 0).drain() == 2)
    #expect(sink.inner.entries.map(\.storedAs) == ["processed/a.jpg", "processed/b.jpg"])
    #expect(listing(dir + "/processed").isEmpty)
    #expect(sink.sweeps.map(\.count) == [1, 1])
  }
}
