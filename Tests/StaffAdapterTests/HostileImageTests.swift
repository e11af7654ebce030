import Foundation
import StaffLabels
import StaffScan
import Testing

/// Issue 10's hostile camera files that the earlier suites did not have: a progressive JPEG with
/// thousands of scans (each a pass over the whole image) and a PNG a million columns wide. Each is
/// answered by the real worker; the times are printed as figures, not asserted.
@Suite struct HostileImageTests {
  /// A progressive JPEG of a camera-sized frame whose last scan is repeated `copies` times.
  static func scanBomb(copies: Int) throws -> [UInt8] {
    let frame = Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 1600, height: 1200)
    let jpeg = try #require(ImageEncoder.jpeg(frame, progressive: true))
    // Segments: the last SOS (FF DA) runs to EOI (FF D9); entropy data never holds FF D9 or FF DA
    // unescaped (FF is stuffed as FF 00), so the byte search is exact.
    let sos = try #require((0..<(jpeg.count - 1)).last { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA })
    let eoi = try #require((0..<(jpeg.count - 1)).last { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xD9 })
    let scan = Array(jpeg[sos..<eoi])
    return Array(jpeg[..<eoi]) + Array(repeating: scan, count: copies).flatMap { $0 } + [0xFF, 0xD9]
  }

  /// A white PNG of 1 000 000 x 8 pixels: under the pixel cap, but a strip, not a photo.
  static func millionColumns() throws -> [UInt8] {
    try #require(ImageEncoder.png(GreyImage(width: 1_000_000, height: 8, pixels: [UInt8](repeating: 255, count: 8_000_000))))
  }

  /// `bytes` through the real worker, and how long it took (printed, never asserted).
  static func timedDecode(_ bytes: [UInt8]) -> (Result<QRDecoder.Found, ImageError>, seconds: String) {
    let started = Date()
    let result = SandboxedDecoder(workerPath: Workers.real).decode(bytes)
    return (result, String(format: "%.2f", Date().timeIntervalSince(started)))
  }

  @Test func aProgressiveJPEGWithThousandsOfScansIsRefusedAtTheScanLimit() throws {
    let plain = try #require(ImageEncoder.jpeg(Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 1600, height: 1200), progressive: true))
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    #expect(try sandbox.decode(plain).get().symbols.map(\.data) == ["PRODUCT:700004"], "an ordinary progressive photo reads")
    let bomb = try Self.scanBomb(copies: 3000)
    let (result, seconds) = Self.timedDecode(bomb)
    guard case .failure(let e) = result else {
      Issue.record("the scan bomb was decoded")
      return
    }
    #expect(e.reason == "a progressive JPEG of over 100 scans (a camera writes about ten)", "\(e.reason)")
    print("scan bomb: \(bomb.count) bytes, 3000 extra scans, refused in \(seconds) s")
  }

  @Test func aPNGAMillionColumnsWideIsRefusedForItsShape() throws {
    let png = try Self.millionColumns()
    let (result, seconds) = Self.timedDecode(png)
    guard case .failure(let e) = result else {
      Issue.record("a million columns were decoded")
      return
    }
    #expect(e.kind == .tooLarge && e.reason == "1000000x8 has a side over 16384 pixels: not a camera photo", "\(e.reason)")
    print("million columns: \(png.count) bytes of PNG, refused in \(seconds) s")
  }

  /// "The decoding worker never exceeds 256 MiB": every hostile image of the issue that reaches
  /// the worker, and an ordinary photo, decoded once under the standard limits and once with no
  /// address-space limit at all, so the figure is the design's (pixel cap before allocation, scan
  /// limit), not the kernel stopping it. The peak resident set comes from wait4(2); it is an
  /// upper bound, since Linux counts the size of the process that spawned the worker (this test
  /// runner's, about 70 MiB) into a child's peak.
  @Test func theWorkerStaysUnder256MiBOnEveryHostileImage() throws {
    let frame = Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 1600, height: 1200)
    let photo = try #require(ImageEncoder.jpeg(frame))
    var huge = photo
    let sof = try #require((0..<(huge.count - 9)).first { huge[$0] == 0xFF && huge[$0 + 1] == 0xC0 })
    for i in 5...8 { huge[sof + i] = 0xFF }  // 65535 x 65535
    var random = SystemRandomNumberGenerator()
    let files: [(String, [UInt8])] = [
      ("ordinary 1600x1200 photo", photo),
      ("JPEG header claiming 65535x65535", huge),
      ("PNG of 1 000 000 columns", try Self.millionColumns()),
      ("progressive JPEG, 3000 extra scans", try Self.scanBomb(copies: 3000)),
      ("truncated JPEG", Array(photo.prefix(photo.count / 2))),
      ("1 MB of random bytes", (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &random) }),
    ]
    let limit = 256 << 20
    var unlimited = SandboxedDecoder.Limits.standard
    unlimited.memoryBytes = 0
    for (name, bytes) in files {
      for limits in [SandboxedDecoder.Limits.standard, unlimited] {
        let (result, peak) = SandboxedDecoder(workerPath: Workers.real, limits: limits).decodeMeasured(bytes)
        let bytesHeld = try #require(peak, "\(name): a worker ran")
        #expect(bytesHeld > 0 && bytesHeld <= limit, "\(name): \(bytesHeld >> 20) MiB")
        if name.hasPrefix("ordinary") { #expect(try result.get().symbols.map(\.data) == ["PRODUCT:700004"]) }
        print("worker on \(name)\(limits.memoryBytes == 0 ? " (no memory limit)" : ""): peak \(String(format: "%.1f", Double(bytesHeld) / 1_048_576)) MiB")
      }
    }
  }
}
