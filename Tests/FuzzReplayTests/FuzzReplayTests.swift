import Foundation
import StaffLabels
import StaffScan
import Testing

@testable import StaffFuzz

/// `make fuzz`'s targets on every saved input: the seeds it starts from and each crash it found
/// (Fixtures/fuzz/TARGET/seeds and crashes; libFuzzer writes its crash files straight there).
/// A crash file stays as a regression test once the bug is fixed.
@Suite struct FuzzReplayTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

  static func files(_ target: FuzzTarget, _ kind: String) -> [URL] {
    let dir = fixtures.appendingPathComponent("\(target.rawValue)/\(kind)")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
  }

  @Test(arguments: FuzzTarget.allCases)
  func everySavedInputHolds(_ target: FuzzTarget) throws {
    let seeds = Self.files(target, "seeds")
    #expect(seeds.count >= 3, "\(target.rawValue) has seeds to start from")
    for url in seeds + Self.files(target, "crashes") {
      let bytes = [UInt8](try Data(contentsOf: url))
      #expect(target.run(bytes) == nil, "\(url.lastPathComponent)")
    }
  }

  // MARK: The checks can fail: each property is seen to catch what it is there for.

  @Test func theIndependentGrammarMatchesTheDesign() {
    let yes = ["ORDER:1:ABC123", "ORDER:999999999999:ZZZZZZZZZZ", "PRODUCT:7", "INVENTORY:42"]
    let no = [
      "", "ORDER:01:ABC123", "ORDER:1:abc123", "ORDER:1:ABC12", "ORDER:1:ABC123:", "order:1:ABC123",
      "PRODUCT:1234567890123", "PRODUCT:", "PRODUCT:0", "INVENTORY:1:2", "ORDER:1:ABCDEFGHIJK", " PRODUCT:1",
    ]
    for s in yes { #expect(PayloadFuzz.grammarAccepts(Array(s.utf8)), "\(s)") }
    for s in no { #expect(!PayloadFuzz.grammarAccepts(Array(s.utf8)), "\(s)") }
    #expect(!PayloadFuzz.grammarAccepts(Array(("PRODUCT:1" + String(repeating: "", count: 0)).utf8) + [0x0A]))
  }

  @Test func aShownLineRefusesEscapesNewlinesAndBidiOverrides() {
    #expect(isOneShownLine("unknown key 'é' (a character…)"))
    for bad in ["", "two\nlines", "clear \u{1B}[2J", "\u{202E}txet", "zero\u{200B}width", "tab\tin", String(repeating: "x", count: 401)] {
      #expect(!isOneShownLine(bad), "\(bad.unicodeScalars.map(\.value))")
    }
  }

  @Test func theImageTargetReadsItsSeedsCodes() throws {
    // Not only "no crash": the seeds with a code are decoded, so the fuzzer starts from real work.
    let png = try #require(Self.files(.image, "seeds").first { $0.lastPathComponent == "qr-product.png" })
    let found = try QRDecoder.scan(imageBytes: [UInt8](Data(contentsOf: png)), pixelCap: ImageFuzz.pixelCap).get()
    #expect(found.symbols.map(\.data) == ["PRODUCT:700004"])
  }

  /// Writes the image seeds (small frames with a code, in each format the loader reads). Run once
  /// with WRITE_FUZZ_SEEDS=1; the files are kept in the repository.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["WRITE_FUZZ_SEEDS"] == "1"))
  func writeImageSeeds() throws {
    let matrix = try QRMatrix.encode("PRODUCT:700004")
    let (modules, side) = matrix.greyPixels(scale: 3)
    let margin = 12
    let width = side + 2 * margin
    var pixels = [UInt8](repeating: 255, count: width * width)
    for y in 0..<side { for x in 0..<side { pixels[(y + margin) * width + x + margin] = modules[y * side + x] } }
    let image = GreyImage(width: width, height: width, pixels: pixels)
    let dir = Self.fixtures.appendingPathComponent("image/seeds")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data(try #require(ImageEncoder.png(image))).write(to: dir.appendingPathComponent("qr-product.png"))
    try Data(try #require(ImageEncoder.jpeg(image, quality: 60))).write(to: dir.appendingPathComponent("qr-product.jpg"))
    try Data(try #require(ImageEncoder.jpeg(image, quality: 60, progressive: true))).write(to: dir.appendingPathComponent("qr-product-progressive.jpg"))
    let pgm = Array("P5\n# seed\n\(width) \(width)\n255\n".utf8) + pixels
    try Data(pgm).write(to: dir.appendingPathComponent("qr-product.pgm"))
    let ppm = Array("P6\n\(width) \(width)\n255\n".utf8) + pixels.flatMap { [$0, $0, $0] }
    try Data(ppm).write(to: dir.appendingPathComponent("qr-product.ppm"))
    let ascii = "P2\n4 2\n15\n0 15 0 15\n15 0 15 0\n"
    try Data(ascii.utf8).write(to: dir.appendingPathComponent("tiny-ascii.pgm"))
  }
}
