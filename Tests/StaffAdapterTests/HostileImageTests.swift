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

  /// "The decoding worker never exceeds 256 MiB": every hostile image that reaches
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

  /// A 40 MP camera photo as a progressive JPEG with chroma at full resolution (4:4:4), a QR
  /// code held up in it. libjpeg keeps every coefficient of a progressive file until its last
  /// scan, 240 MB for this one: the worker was stopped at its 256 MiB ("Insufficient memory")
  /// and the photo quarantined. Only luma's are kept now (80 MB) and the picture is decoded at
  /// 1/2: the worker reads it, and its peak, measured from a small process, is under 128 MiB.
  @Test func a40MegapixelProgressive444PhotoIsReadWithAPeakUnder128MiB() throws {
    let jpeg = try #require(Photos.big444, "cjpeg (libjpeg-turbo-progs, installed by make deps) made the photo")
    let result = SandboxedDecoder(workerPath: Workers.real).decode(jpeg)
    #expect(try result.get().symbols.map(\.data) == [Photos.payload], "\(result)")
    let (reply, peak) = try #require(Photos.measured(jpeg), "python3 (installed by make deps) measured the worker")
    #expect(try #require(WorkerProtocol.decode(reply)).get().symbols.map(\.data) == [Photos.payload])
    #expect(peak > 0 && peak < 128 << 20, "\(peak >> 20) MiB")
    print("worker on a 40 MP progressive 4:4:4 photo (\(jpeg.count) bytes): peak \(String(format: "%.1f", Double(peak) / 1_048_576)) MiB, measured from python3")
  }

  /// The same photo's QR is read at the scale the loader picks for large photos (1/2, 3648 px
  /// wide) and at 1/4 (1824 px), in the worker.
  @Test func aBigPhotosCodeIsReadAtHalfAndQuarterScale() throws {
    let jpeg = try #require(Photos.big444, "cjpeg (libjpeg-turbo-progs, installed by make deps) made the photo")
    for budget in [ImageLoader.decodedPixelBudget, 3_000_000] {
      var limits = SandboxedDecoder.Limits.standard
      limits.decodedPixels = budget
      let result = SandboxedDecoder(workerPath: Workers.real, limits: limits).decode(jpeg)
      #expect(try result.get().symbols.map(\.data) == [Photos.payload], "decoded to \(budget) pixels: \(result)")
    }
  }

  /// The loader picks the scale from the header: full size up to 12 MP, then 1/2, 1/4, 1/8
  /// (the smallest, whatever the budget).
  @Test func theScaleIsTheLargestThatFitsTheBudget() throws {
    let photo = try #require(ImageEncoder.jpeg(Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 4000, height: 3000)))
    for (budget, width) in [(ImageLoader.decodedPixelBudget, 4000), (11_999_999, 2000), (3_000_000, 2000), (2_999_999, 1000), (1, 500)] {
      #expect(try ImageLoader.decode(photo, decodedPixels: budget).width == width, "\(budget)")
    }
    #expect(try ImageLoader.decode(photo, decodedPixels: nil).width == 4000)
  }

  /// Luma is decoded exactly although chroma's coefficients are dropped: a progressive file (its
  /// chroma in sinks) gives the very pixels of its baseline twin (no whole-image arrays at all),
  /// with chroma at full resolution and subsampled.
  @Test func aProgressivePhotoDecodesToTheSameGreyAsItsBaselineTwin() throws {
    for sampling in ["1x1", "2x2"] {
      let baseline = try #require(Photos.make(width: 1600, height: 1200, moduleSize: 6, cjpeg: ["-sample", sampling]))
      let progressive = try #require(Photos.make(width: 1600, height: 1200, moduleSize: 6, cjpeg: ["-sample", sampling, "-progressive"]))
      #expect(baseline != progressive)
      let a = try ImageLoader.decode(baseline, decodedPixels: nil)
      let b = try ImageLoader.decode(progressive, decodedPixels: nil)
      #expect(a.width == 1600 && a == b, "\(sampling)")
      #expect(QRDecoder.scan(b).symbols.map(\.data) == [Photos.payload])
    }
  }

  /// The worker decodes from its input file (a JPEG a block at a time, so a large file is not
  /// held beside its coefficients): the same image, or the same refusal, as from the bytes.
  @Test func decodingFromAFileGivesWhatDecodingItsBytesGives() throws {
    let frame = Frames.frame(try Frames.code("PRODUCT:700004", moduleSize: 6), width: 1600, height: 1200)
    let photo = try #require(ImageEncoder.jpeg(frame, progressive: true))
    let bomb = try Self.scanBomb(copies: 200)
    let inputs: [(String, [UInt8])] = [
      ("progressive JPEG", photo), ("truncated JPEG", Array(photo.prefix(photo.count / 2))),
      ("PNG", try #require(ImageEncoder.png(frame))), ("scan bomb", bomb), ("not an image", Array("hello".utf8)),
      ("JPEG of one byte", [0xFF, 0xD8, 0xFF]),
    ]
    for (name, bytes) in inputs {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-fd-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: file) }
      #expect(FileManager.default.createFile(atPath: file.path, contents: Data(bytes)))
      let fd = open(file.path, O_RDONLY)
      #expect(fd >= 0)
      defer { close(fd) }
      let fromFile = Result { () throws(ImageError) in try ImageLoader.decode(fileDescriptor: fd, size: bytes.count) }
      let fromBytes = Result { () throws(ImageError) in try ImageLoader.decode(bytes) }
      #expect(fromFile == fromBytes, "\(name)")
    }
  }

  /// A progressive file stored as RGB has no luma to keep alone: grey needs all three
  /// components' coefficients (240 MB at 40 MP). libjpeg is held to VGK_JPEG_MAX_MEMORY and the
  /// file refused for it, before the memory is taken; a small one still reads.
  @Test func aLargeProgressiveRGBFileIsRefusedForTheMemoryItNeeds() throws {
    let jpeg = try #require(Photos.make(width: 7296, height: 5472, moduleSize: 24, cjpeg: ["-rgb", "-progressive"]))
    var unlimited = SandboxedDecoder.Limits.standard
    unlimited.memoryBytes = 0
    for limits in [SandboxedDecoder.Limits.standard, unlimited] {
      guard case .failure(let e) = SandboxedDecoder(workerPath: Workers.real, limits: limits).decode(jpeg) else {
        Issue.record("a 40 MP progressive RGB file was decoded")
        return
      }
      #expect(e.kind == .tooLarge && e.reason == "a progressive JPEG that needs over 96 MiB to decode: not a camera photo", "\(e)")
    }
    let small = try #require(Photos.make(width: 1600, height: 1200, moduleSize: 6, cjpeg: ["-rgb", "-progressive"]))
    #expect(try SandboxedDecoder(workerPath: Workers.real).decode(small).get().symbols.map(\.data) == [Photos.payload])
  }
}

/// Camera-like colour photos made by libjpeg-turbo's cjpeg (libjpeg-turbo-progs, which `make
/// deps` installs), the picture streamed to it a row at a time: this test runner never holds a
/// 40 MP picture, since Linux counts the spawning process's size into a worker's peak, which
/// `theWorkerStaysUnder256MiBOnEveryHostileImage` measures.
enum Photos {
  static let payload = "ORDER:1040054:KL0CBWFF"

  /// 7296 x 5472 (39.9 MP, a 40 MP phone's frame), progressive, 4:4:4, quality 90, the code at
  /// 24 px a module (about a ninth of the frame's width, held up to a counter camera).
  static let big444: [UInt8]? = make(width: 7296, height: 5472, moduleSize: 24, cjpeg: ["-sample", "1x1", "-progressive"])

  /// The worker's reply on `bytes` and its peak resident set in bytes, measured from a small
  /// process: python3 starts the worker and reads its children's ru_maxrss. (Started from this
  /// runner, the worker's peak would include the runner's own size, which Linux counts into a
  /// child's.) Nil when python3 is missing or fails.
  static func measured(_ bytes: [UInt8]) -> (reply: [UInt8], peak: Int)? {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-measure-\(UUID().uuidString).jpg")
    defer { try? FileManager.default.removeItem(at: file) }
    guard FileManager.default.createFile(atPath: file.path, contents: Data(bytes)) else { return nil }
    let script = """
      import resource, subprocess, sys
      with open(sys.argv[2], "rb") as image:
          reply = subprocess.run([sys.argv[1]], stdin=image, stdout=subprocess.PIPE, env={}).stdout
      sys.stdout.write("%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
      sys.stdout.flush()
      sys.stdout.buffer.write(reply)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, Workers.real, file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let out = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
    process.waitUntilExit()
    guard process.terminationStatus == 0, let newline = out.firstIndex(of: 0x0A),
      let kilobytes = Int(String(decoding: out[..<newline], as: UTF8.self))
    else { return nil }
    return (Array(out[(newline + 1)...]), kilobytes * 1024)
  }

  /// Grey clutter (rectangles) on a light background with the code in the middle, tinted
  /// towards blue in its light tones so the chroma components carry detail too, through
  /// `cjpeg -quality 90 OPTIONS`; nil when cjpeg is missing or fails.
  static func make(width: Int, height: Int, moduleSize: Int, cjpeg options: [String]) -> [UInt8]? {
    guard let code = try? Frames.code(payload, moduleSize: moduleSize) else { return nil }
    var rng = Random(7)
    let boxes = (0..<40).map { _ -> (x: Int, y: Int, w: Int, h: Int, v: UInt8) in
      let w = rng.int(10...width / 4), h = rng.int(10...height / 4)
      return (rng.int(0...width - w), rng.int(0...height - h), w, h, UInt8(rng.int(60...230)))
    }
    let left = (width - code.width) / 2, top = (height - code.height) / 2
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-photo-\(UUID().uuidString).jpg")
    defer { try? FileManager.default.removeItem(at: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/cjpeg")
    process.arguments = ["-quality", "90"] + options + ["-outfile", out.path]
    let pipe = Pipe()
    process.standardInput = pipe
    // A cjpeg that dies must fail this call, not stop the runner with SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    guard (try? process.run()) != nil else { return nil }
    let sink = pipe.fileHandleForWriting
    var grey = [UInt8](repeating: 0, count: width)
    var rgb = [UInt8](repeating: 0, count: width * 3)
    do {
      try sink.write(contentsOf: Data("P6\n\(width) \(height)\n255\n".utf8))
      for y in 0..<height {
        for x in 0..<width { grey[x] = 200 }
        for b in boxes where y >= b.y && y < b.y + b.h {
          for x in b.x..<(b.x + b.w) { grey[x] = b.v }
        }
        if y >= top && y < top + code.height {
          for x in 0..<code.width { grey[left + x] = code.pixels[(y - top) * code.width + x] }
        }
        for x in 0..<width {
          rgb[3 * x] = grey[x]
          rgb[3 * x + 1] = grey[x]
          rgb[3 * x + 2] = UInt8((Int(grey[x]) + 255) / 2)
        }
        try sink.write(contentsOf: Data(rgb))
      }
    } catch {
      try? sink.close()
      process.waitUntilExit()
      return nil
    }
    try? sink.close()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: out.path) else { return nil }
    return [UInt8](data)
  }
}
