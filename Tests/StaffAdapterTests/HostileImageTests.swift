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

  @Test func aProgressiveJPEGWithThousandsOfScansIsRefusedAtTheScanLimit() throws {
    let plain = try #require(ImageEncoder.jpeg(Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 1600, height: 1200), progressive: true))
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    #expect(try sandbox.decode(plain).get().symbols.map(\.data) == ["PRODUCT:700004"], "an ordinary progressive photo reads")
    let bomb = try Self.scanBomb(copies: 3000)
    let started = Date()
    let result = sandbox.decode(bomb)
    let seconds = Date().timeIntervalSince(started)
    guard case .failure(let e) = result else {
      Issue.record("the scan bomb was decoded")
      return
    }
    #expect(e.reason == "a progressive JPEG of over 100 scans (a camera writes about ten)", "\(e.reason)")
    print("scan bomb: \(bomb.count) bytes, 3000 extra scans, refused in \(String(format: "%.2f", seconds)) s")
  }

  @Test func aPNGAMillionColumnsWideIsAnsweredWithAReason() throws {
    let wide = GreyImage(width: 1_000_000, height: 8, pixels: [UInt8](repeating: 255, count: 8_000_000))
    let png = try #require(ImageEncoder.png(wide))
    let sandbox = SandboxedDecoder(workerPath: Workers.real)
    let started = Date()
    let result = sandbox.decode(png)
    let seconds = Date().timeIntervalSince(started)
    switch result {
    case .success(let found): #expect(found.symbols.isEmpty, "a blank strip holds no code")
    case .failure(let e): #expect(!e.reason.isEmpty)
    }
    print("million columns: \(png.count) bytes of PNG, answered in \(String(format: "%.2f", seconds)) s")
  }
}
