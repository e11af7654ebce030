import Foundation
import StaffLabels
@testable import StaffScan
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A small deterministic generator (xorshift64*), so every synthetic frame is the same each run.
struct Random {
  var state: UInt64
  init(_ seed: UInt64) { state = seed | 1 }
  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 2_685_821_657_736_338_717
  }
  mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}

/// Camera-like frames made from a libqrencode matrix: placed on a cluttered background, then
/// rotated, blurred, noised, dimmed or inverted.
enum Frames {
  static func code(_ payload: String, moduleSize: Int) throws -> GreyImage {
    let (pixels, side) = try QRMatrix.encode(payload).greyPixels(scale: moduleSize)
    return GreyImage(width: side, height: side, pixels: pixels)
  }

  /// A frame with grey clutter (rectangles) and the code pasted at (x, y), rotated by `degrees`.
  static func frame(_ code: GreyImage, width: Int, height: Int, degrees: Double = 0, seed: UInt64 = 7) -> GreyImage {
    var rng = Random(seed)
    var px = [UInt8](repeating: 200, count: width * height)
    for _ in 0..<40 {
      let w = rng.int(10...width / 4), h = rng.int(10...height / 4)
      let x = rng.int(0...width - w), y = rng.int(0...height - h)
      let v = UInt8(rng.int(60...230))
      for yy in y..<(y + h) { for xx in x..<(x + w) { px[yy * width + xx] = v } }
    }
    let cx = Double(width) / 2, cy = Double(height) / 2
    let a = degrees * .pi / 180
    let (c, s) = (cos(a), sin(a))
    let half = Double(code.width) / 2
    let reach = Int(half * 1.5) + 2
    for y in max(0, Int(cy) - reach)..<min(height, Int(cy) + reach) {
      for x in max(0, Int(cx) - reach)..<min(width, Int(cx) + reach) {
        // Inverse rotation: where in the code does this frame pixel come from?
        let dx = Double(x) - cx, dy = Double(y) - cy
        let u = Int((c * dx + s * dy + half).rounded(.down))
        let v = Int((-s * dx + c * dy + half).rounded(.down))
        if u >= 0 && v >= 0 && u < code.width && v < code.height { px[y * width + x] = code.pixels[v * code.width + u] }
      }
    }
    return GreyImage(width: width, height: height, pixels: px)
  }

  static func blur(_ i: GreyImage, passes: Int) -> GreyImage {
    var p = i.pixels
    for _ in 0..<passes {
      var q = p
      for y in 1..<(i.height - 1) {
        for x in 1..<(i.width - 1) {
          var s = 0
          for dy in -1...1 { for dx in -1...1 { s += Int(p[(y + dy) * i.width + x + dx]) } }
          q[y * i.width + x] = UInt8(s / 9)
        }
      }
      p = q
    }
    return GreyImage(width: i.width, height: i.height, pixels: p)
  }

  static func noise(_ i: GreyImage, amplitude: Int, seed: UInt64 = 11) -> GreyImage {
    var rng = Random(seed)
    return GreyImage(width: i.width, height: i.height, pixels: i.pixels.map {
      UInt8(max(0, min(255, Int($0) + rng.int(-amplitude...amplitude))))
    })
  }

  /// Black becomes `low`, white becomes `high`.
  static func contrast(_ i: GreyImage, low: Int, high: Int) -> GreyImage {
    GreyImage(width: i.width, height: i.height, pixels: i.pixels.map { UInt8(low + (high - low) * Int($0) / 255) })
  }

  /// A bright glare spot whose light washes out one side of the frame.
  static func glare(_ i: GreyImage) -> GreyImage {
    var p = i.pixels
    for y in 0..<i.height {
      for x in 0..<i.width {
        let boost = 120 * x / i.width
        p[y * i.width + x] = UInt8(min(255, Int(p[y * i.width + x]) / 2 + boost + 40))
      }
    }
    return GreyImage(width: i.width, height: i.height, pixels: p)
  }

  static func invert(_ i: GreyImage) -> GreyImage {
    GreyImage(width: i.width, height: i.height, pixels: i.pixels.map { 255 - $0 })
  }

  /// Through a JPEG of the given quality and back, as a camera would deliver it.
  static func viaJPEG(_ i: GreyImage, quality: Int = 85) throws -> GreyImage {
    let bytes = try #require(ImageEncoder.jpeg(i, quality: quality))
    return try ImageLoader.decode(bytes)
  }
}

@Suite struct DecodeLadderTests {
  let payload = "ORDER:1040001:K7Q2MX9A"

  func found(_ image: GreyImage) -> QRDecoder.Found { QRDecoder.scan(image) }

  @Test func camerLikeFramesDecode() throws {
    let code = try Frames.code(payload, moduleSize: 8)
    let base = Frames.frame(code, width: 1280, height: 720)
    let cases: [(String, GreyImage)] = [
      ("nominal", base),
      ("rotated 30°", Frames.frame(code, width: 1280, height: 720, degrees: 30)),
      ("blurred", Frames.blur(base, passes: 2)),
      ("noisy", Frames.noise(base, amplitude: 40)),
      ("low contrast", Frames.contrast(base, low: 100, high: 150)),
      ("glare", Frames.glare(base)),
      ("inverted", Frames.invert(base)),
      ("small in 1080p", Frames.frame(try Frames.code(payload, moduleSize: 3), width: 1920, height: 1080)),
    ]
    for (name, frame) in cases {
      let result = found(try Frames.viaJPEG(frame))
      #expect(result.symbols.map(\.data) == [payload], "\(name): \(String(describing: result.pass))")
    }
  }

  @Test func theLadderStopsAtTheCheapestPassThatWorks() throws {
    let code = try Frames.code(payload, moduleSize: 8)
    #expect(found(Frames.frame(code, width: 1920, height: 1080)).pass == .located)
    #expect(found(Frames.frame(code, width: 800, height: 600)).pass == .located)
    #expect(found(Frames.invert(Frames.frame(code, width: 800, height: 600))).pass == .located)
  }

  /// The safety net under the locator: zbar on the whole frame, each pass where it is needed.
  @Test func theWholeFramePassesReadWhatTheyAreFor() throws {
    func wholeFrame(_ image: GreyImage) -> QRDecoder.Found {
      QRDecoder.wholeFrame(image) { QRDecoder.decode(grey: $0.pixels, width: $0.width, height: $0.height) }
    }
    let code = try Frames.code(payload, moduleSize: 6)
    let small = Frames.frame(code, width: 640, height: 480)
    #expect(wholeFrame(small) == QRDecoder.Found(symbols: [.init(type: "QR-Code", data: payload)], pass: .full))
    #expect(wholeFrame(Frames.invert(small)).pass == .inverted)
    #expect(wholeFrame(Frames.frame(code, width: 1280, height: 720)).pass == .reduced)
    #expect(wholeFrame(Frames.contrast(Frames.glare(Frames.frame(code, width: 1280, height: 720)), low: 120, high: 150)).symbols.map(\.data) == [payload])
    // Modules of 1.7 px: zbar needs them enlarged.
    let side = Double(try QRMatrix.encode(payload).size + 8) * 1.7
    let tiny = Slant.draw(try Frames.code(payload, moduleSize: 8), on: Slant.background(width: 640, height: 480),
      corners: [(200, 150), (200 + side, 150), (200 + side, 150 + side), (200, 150 + side)])
    #expect(wholeFrame(tiny).pass == .enlarged)
    #expect(wholeFrame(Slant.background(width: 1280, height: 720)).pass == nil)
  }

  @Test func framesWithoutACodeFindNothing() throws {
    let empty = Frames.frame(GreyImage(width: 1, height: 1, pixels: [200]), width: 1920, height: 1080)
    #expect(found(try Frames.viaJPEG(Frames.noise(empty, amplitude: 60))).symbols.isEmpty)
    #expect(found(GreyImage(width: 1, height: 1, pixels: [0])).symbols.isEmpty)
  }

  @Test func everyPayloadKindSurvivesACameraFrame() throws {
    for p in ["ORDER:999999999999:ABCDEFGH12", "PRODUCT:100001", "INVENTORY:42"] {
      let frame = Frames.frame(try Frames.code(p, moduleSize: 6), width: 1280, height: 720, degrees: 10)
      #expect(found(try Frames.viaJPEG(frame)).symbols.map(\.data) == [p])
    }
  }
}

@Suite struct ImageLoaderTests {
  let sample = GreyImage(width: 7, height: 5, pixels: (0..<35).map { UInt8($0 * 7) })

  @Test func pngAndPNMAreExactJPEGIsClose() throws {
    #expect(try ImageLoader.decode(try #require(ImageEncoder.png(sample))) == sample)
    let p5 = Array("P5\n# a comment\n7 5\n255\n".utf8) + sample.pixels
    #expect(try ImageLoader.decode(p5) == sample)
    let p2 = Array(("P2 7 5 255\n" + sample.pixels.map(String.init).joined(separator: " ") + "\n").utf8)
    #expect(try ImageLoader.decode(p2) == sample)
    let p6 = Array("P6 7 5 255\n".utf8) + sample.pixels.flatMap { [$0, $0, $0] }
    let colour = try ImageLoader.decode(p6)
    #expect(zip(colour.pixels, sample.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
    let p5wide = Array("P5 7 5 65535\n".utf8) + sample.pixels.flatMap { [$0, $0] }
    #expect(try ImageLoader.decode(p5wide) == sample)
    let jpeg = try ImageLoader.decode(try #require(ImageEncoder.jpeg(sample, quality: 100)))
    #expect(jpeg.width == 7 && jpeg.height == 5)
    #expect(zip(jpeg.pixels, sample.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 8 })
  }

  func kind(_ bytes: [UInt8], pixelCap: Int = ImageLoader.defaultPixelCap) -> ImageError.Kind? {
    do {
      _ = try ImageLoader.decode(bytes, pixelCap: pixelCap)
      return nil
    } catch { return error.kind }
  }

  func reason(_ bytes: [UInt8]) -> String {
    do {
      _ = try ImageLoader.decode(bytes)
      return ""
    } catch { return error.reason }
  }

  @Test func brokenFilesEachGetAReason() throws {
    let big = Frames.frame(try Frames.code("PRODUCT:1", moduleSize: 4), width: 320, height: 240)
    let jpeg = try #require(ImageEncoder.jpeg(big))
    let png = try #require(ImageEncoder.png(big))
    #expect(kind([]) == .empty)
    #expect(kind(Array("hello, world".utf8)) == .notAnImage)
    #expect(reason(Array("GIF89a....".utf8)) == "not a JPEG, PNG or PGM/PPM image")
    #expect(kind(Array(jpeg.prefix(jpeg.count / 2))) == .truncated)
    #expect(kind(Array(jpeg.prefix(3))) != nil)
    #expect(kind(Array(png.prefix(png.count / 2))) != nil)
    #expect(kind(Array(png.prefix(20))) != nil)
    #expect(kind(Array("P5 7 5 255\n".utf8) + [1, 2, 3]) == .truncated)
    #expect(kind(Array("P5 7".utf8)) == .truncated)
    #expect(kind(Array("P5 0 5 255\n".utf8)) == .corrupt)
    #expect(kind(Array("P5 7 5 70000\n".utf8)) == .corrupt)
    #expect(kind(Array("P2 2 1 10\n5 11\n".utf8)) == .corrupt)
    #expect(kind(Array("P5 99999999999 5 255\n".utf8)) == .corrupt)
    #expect(kind(Array("P5 70000 70000 255\n".utf8)) == .tooLarge)
    #expect(kind(jpeg, pixelCap: 1000) == .tooLarge)
    #expect(kind(png, pixelCap: 1000) == .tooLarge)
  }

  /// A JPEG whose header claims 65535x65535 (4.3 gigapixels) is refused from the header, before
  /// any pixel buffer exists.
  @Test func aHeaderClaimingAHugeImageIsRefusedBeforeAllocating() throws {
    var jpeg = try #require(ImageEncoder.jpeg(sample))
    let sof = try #require((0..<(jpeg.count - 9)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    jpeg[sof + 5] = 0xFF
    jpeg[sof + 6] = 0xFF
    jpeg[sof + 7] = 0xFF
    jpeg[sof + 8] = 0xFF
    #expect(reason(jpeg) == "65535x65535 is 4294.8 megapixels, over the limit of 40.0")
    // 10000 x 5000: within libjpeg's limits, over ours.
    jpeg[sof + 5] = 0x13
    jpeg[sof + 6] = 0x88
    jpeg[sof + 7] = 0x27
    jpeg[sof + 8] = 0x10
    #expect(reason(jpeg) == "10000x5000 is 50.0 megapixels, over the limit of 40.0")
    // The same for PNG: IHDR's width and height, with the chunk's CRC made right again.
    var png = try #require(ImageEncoder.png(sample))
    for i in 16..<24 { png[i] = i % 4 == 0 || i % 4 == 1 ? 0 : 0xFF }  // 65535 x 65535
    let crc = crc32(Array(png[12..<29]))
    png[29] = UInt8(crc >> 24)
    png[30] = UInt8(crc >> 16 & 0xFF)
    png[31] = UInt8(crc >> 8 & 0xFF)
    png[32] = UInt8(crc & 0xFF)
    #expect(reason(png) == "65535x65535 is 4294.8 megapixels, over the limit of 40.0")
  }

  /// A strip a million pixels wide is under the pixel cap but is no camera's photo: any format
  /// with a side over 16 384 pixels is refused from its header; 16 384 itself is read.
  @Test func anImageWithASideOverTheLimitIsRefusedWhateverItsPixelCount() throws {
    let long = ImageLoader.maximumSide
    for (width, height) in [(long + 1, 4), (4, long + 1), (1_000_000, 8)] {
      let strip = GreyImage(width: width, height: height, pixels: [UInt8](repeating: 255, count: width * height))
      let expected = "\(width)x\(height) has a side over 16384 pixels: not a camera photo"
      #expect(reason(try #require(ImageEncoder.png(strip))) == expected)
      #expect(reason(Array("P5 \(width) \(height) 255\n".utf8) + strip.pixels) == expected)
      if width <= 65500 && height <= 65500 { #expect(reason(try #require(ImageEncoder.jpeg(strip))) == expected) }
    }
    let edge = GreyImage(width: long, height: 2, pixels: [UInt8](repeating: 255, count: long * 2))
    #expect(reason(try #require(ImageEncoder.png(edge))) == "")
    #expect(reason(try #require(ImageEncoder.jpeg(edge))) == "")
  }

  /// Thousands of damaged variants of real files: every one decodes or is refused with a reason;
  /// none ends the process.
  @Test func mutatedFilesNeverCrash() throws {
    let frame = Frames.frame(try Frames.code("INVENTORY:42", moduleSize: 3), width: 160, height: 120)
    let originals = [try #require(ImageEncoder.jpeg(frame)), try #require(ImageEncoder.png(frame)),
                     Array("P5 160 120 255\n".utf8) + frame.pixels]
    var rng = Random(2026)
    var refused = 0
    for n in 0..<1500 {
      var bytes = originals[n % originals.count]
      for _ in 0..<rng.int(1...8) {
        let at = rng.int(0...bytes.count - 1)
        switch rng.int(0...2) {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1: bytes = Array(bytes.prefix(max(1, at)))
        default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        }
      }
      do {
        let image = try ImageLoader.decode(bytes, pixelCap: 4_000_000)
        #expect(image.pixels.count == image.width * image.height)
        _ = QRDecoder.scan(image)
      } catch {
        refused += 1
        #expect(!error.reason.isEmpty)
      }
    }
    #expect(refused > 100)
  }

  @Test func onlyRegularFilesAreOpened() throws {
    let dir = NSTemporaryDirectory() + "vgk-img-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let photo = dir + "/photo.png"
    #expect(FileManager.default.createFile(atPath: photo, contents: Data(try #require(ImageEncoder.png(sample)))))
    #expect(try ImageLoader.load(path: photo) == sample)
    try FileManager.default.createSymbolicLink(atPath: dir + "/link.png", withDestinationPath: photo)
    #expect(try ImageLoader.load(path: dir + "/link.png", followLinks: true) == sample)
    #expect(throws: ImageError(.notARegularFile, "a symbolic link, not a photo (not followed)")) {
      try ImageLoader.load(path: dir + "/link.png", followLinks: false)
    }
    #expect(mkfifo(dir + "/fifo", 0o600) == 0)
    // Opening a FIFO for reading would wait for a writer forever: it must be refused at once.
    #expect(throws: ImageError(.notARegularFile, "not a regular file (a FIFO)")) { try ImageLoader.load(path: dir + "/fifo") }
    #expect(throws: ImageError(.notARegularFile, "not a regular file (a directory)")) { try ImageLoader.load(path: dir) }
    #expect(throws: ImageError(.notARegularFile, "not a regular file (a character device)")) {
      try ImageLoader.load(path: "/dev/zero")
    }
    #expect(FileManager.default.createFile(atPath: dir + "/zero.jpg", contents: Data()))
    #expect(throws: ImageError(.empty, "an empty file (0 bytes)")) { try ImageLoader.load(path: dir + "/zero.jpg") }
    #expect(throws: ImageError.self) { try ImageLoader.load(path: dir + "/missing.jpg") }
  }
}

/// CRC-32 (IEEE), for re-signing a PNG chunk the test edited.
func crc32(_ bytes: [UInt8]) -> UInt32 {
  var c: UInt32 = 0xFFFF_FFFF
  for b in bytes {
    c ^= UInt32(b)
    for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
  }
  return ~c
}

/// The images in Fixtures/scan, used by the end-to-end tests of `vgk-staff decode`. They are made
/// here (set VGK_REGENERATE_FIXTURES=1 to write them again) and checked on every run.
@Suite struct FixtureImageTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path + "/Fixtures/scan"

  static func images() throws -> [(name: String, bytes: [UInt8], payload: String?)] {
    let order = Frames.frame(try Frames.code("ORDER:1040001:K7Q2MX9A", moduleSize: 5), width: 640, height: 480, degrees: 8)
    let product = Frames.noise(Frames.frame(try Frames.code("PRODUCT:100001", moduleSize: 6), width: 1280, height: 720), amplitude: 20)
    let none = Frames.noise(Frames.frame(GreyImage(width: 1, height: 1, pixels: [200]), width: 1280, height: 720), amplitude: 20)
    return [
      ("order-1040001.png", try #require(ImageEncoder.png(order)), "ORDER:1040001:K7Q2MX9A"),
      ("product-100001.jpg", try #require(ImageEncoder.jpeg(product, quality: 80)), "PRODUCT:100001"),
      ("no-code.jpg", try #require(ImageEncoder.jpeg(none, quality: 80)), nil),
    ]
  }

  @Test func fixtureImagesDecodeAsNamed() throws {
    let regenerate = ProcessInfo.processInfo.environment["VGK_REGENERATE_FIXTURES"] == "1"
    for image in try Self.images() {
      let path = Self.directory + "/" + image.name
      if regenerate {
        try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
        try Data(image.bytes).write(to: URL(fileURLWithPath: path))
      }
      let found = QRDecoder.scan(try ImageLoader.load(path: path)).symbols.map(\.data)
      #expect(found == (image.payload.map { [$0] } ?? []), "\(image.name)")
    }
  }

  /// Fixtures/scan/camera: photos from the benchmark's generator, named with their payloads in
  /// camera.tsv. zbar on the whole frame reads none of them; the ladder reads all.
  @Test func cameraLikePhotosDecodeAsNamed() throws {
    let directory = Self.directory + "/camera"
    let rows = try String(contentsOfFile: directory + "/camera.tsv", encoding: .utf8).split(separator: "\n")
      .filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
    #expect(rows.count >= 7)
    for row in rows {
      let image = try ImageLoader.load(path: directory + "/" + row[0])
      #expect(QRDecoder.decode(grey: image.pixels, width: image.width, height: image.height).isEmpty, "\(row[0])")
      #expect(QRDecoder.scan(image).symbols.map(\.data) == [row[1]], "\(row[0])")
    }
  }
}
