import Foundation
@testable import StaffLabels
import StaffScan
import Testing

/// The three payload kinds a label carries.
private let labelPayloads = ["ORDER:2050001:K7Q2MX9A", "PRODUCT:700004", "INVENTORY:123456"]
/// Module sizes in dots a 203 dpi printer gives (0.25 to 0.63 mm).
private let printerModules = [2, 3, 4, 5]

private func bitmap(_ rows: [String]) -> Bitmap {
  let w = rows.first?.count ?? 0
  var b = Bitmap(width: w, height: rows.count)
  for (y, row) in rows.enumerated() { for (x, ch) in row.enumerated() where ch == "#" { b[x: x, y: y] = true } }
  return b
}


@Suite struct BitmapTests {
  @Test func aQRBitmapHasItsQuietZoneAndModules() throws {
    let m = try QRMatrix.encode("PRODUCT:700004")
    let b = Bitmap(matrix: m, moduleSize: 3)
    #expect(b.width == (m.size + 8) * 3 && b.height == b.width)
    for y in 0..<b.height {
      for x in 0..<b.width {
        let (r, c) = (y / 3 - 4, x / 3 - 4)
        let inside = r >= 0 && c >= 0 && r < m.size && c < m.size
        #expect(b[x: x, y: y] == (inside && m[r, c]))
      }
    }
    // The same pixels as the matrix's own grey rendering.
    #expect(b.greyPixels() == m.greyPixels(scale: 3).pixels)
    #expect(Bitmap(matrix: m, moduleSize: 0, quietZone: -1).width == m.size)
  }

  @Test func placingCopiesAndClips() {
    var canvas = Bitmap(width: 5, height: 4)
    canvas[x: 4, y: 3] = true
    let block = bitmap(["##", "#."])
    canvas.place(block, x: 1, y: 1)
    canvas.place(block, x: 4, y: -1)  // only its bottom-left pixel lands
    canvas.place(block, x: -5, y: 0)  // entirely outside
    #expect(canvas == bitmap(["....#", ".##..", ".#...", "....#"]))
    canvas.place(Bitmap(width: 2, height: 2), x: 1, y: 1)  // light pixels are copied too
    #expect(canvas == bitmap(["....#", ".....", ".....", "....#"]))
    #expect(canvas[x: -1, y: 0] == false && canvas[x: 99, y: 99] == false)
    #expect(Bitmap(width: -3, height: 2).dark.isEmpty)
    #expect(Bitmap(width: 2, height: 2, dark: [true]) == nil)
    #expect(block.padded(1) == bitmap(["....", ".##.", ".#..", "...."]))
  }
}

@Suite struct HalfBlockTests {
  @Test func aTinyBitmapDrawsExactly() {
    let b = bitmap(["#.#.", "##..", ".#.#"])
    #expect(HalfBlocks.lines(b) == ["█▄▀ ", " ▀ ▀"])
    #expect(HalfBlocks.lines(Bitmap(width: 0, height: 0)) == [])
  }

  @Test func aVersion1QRIsOneModulePerColumn() throws {
    let m = try QRMatrix.encode("PRODUCT:1", level: .low)
    #expect(m.version == 1)
    let lines = HalfBlocks.lines(m)
    #expect(lines.count == (21 + 8 + 1) / 2)
    #expect(lines.allSatisfy { $0.unicodeScalars.count == 29 })
    #expect(lines[0] == String(repeating: " ", count: 29))
    // Row 2 of the text holds module rows 4 and 5: the finder's top edge, then its ring.
    #expect(lines[2].hasPrefix("    █▀▀▀▀▀█"))
  }
}

@Suite struct PNGWriterTests {
  @Test func fixedHuffmanMatchesKnownStreams() {
    // "a", then length 9 at distance 1, then end of block (zlib.decompress(…, -15) gives b"a" * 10;
    // zlib itself writes 4b 4c 84 01 00: two literals, length 8).
    #expect(Deflate.fixed(Array(repeating: UInt8(ascii: "a"), count: 10)) == [0x4B, 0x84, 0x03, 0x00])
    #expect(Deflate.fixed([]) == [0x03, 0x00])
  }

  @Test func compressionShrinksALabel() throws {
    let b = Bitmap(matrix: try QRMatrix.encode("ORDER:2050001:K7Q2MX9A"), moduleSize: 4)
    let small = try #require(PNGWriter.encode(b)), stored = try #require(PNGWriter.encode(b, compression: .stored))
    #expect(small.count * 3 < stored.count)
    #expect(try ImageLoader.decode(small).pixels == b.greyPixels())
  }

  @Test func ourLoaderNoticesABadChecksum() throws {
    // So the round trips below also prove the CRC-32 and Adler-32 right.
    let png = try #require(PNGWriter.encode(Bitmap(matrix: try QRMatrix.encode("PRODUCT:700004"), moduleSize: 3)))
    for flip in [png.count - 13, png.count - 17] {  // IDAT's CRC, then the Adler-32 before it
      var bad = png
      bad[flip] ^= 1
      #expect(throws: ImageError.self) { try ImageLoader.decode(bad) }
    }
  }

  @Test func checksumsMatchTheirReferenceValues() {
    #expect(PNGWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(PNGWriter.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    #expect(PNGWriter.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    #expect(PNGWriter.adler32([UInt8](repeating: 255, count: 100_000)) == 0x149A_302C)  // zlib.adler32; overflow-prone input
  }

  @Test func theFileHasItsChunksInOrder() throws {
    let png = try #require(PNGWriter.encode(bitmap(["#."])))
    #expect(Array(png.prefix(8)) == PNGWriter.signature)
    #expect(Array(png[8..<33]) == [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0] + Array(png[29..<33]))
    #expect(Array(png.suffix(12)) == [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
    #expect(PNGWriter.encode(Bitmap(width: 0, height: 5)) == nil)
  }

  @Test(arguments: [PNGWriter.Depth.one, .eight], [PNGWriter.Compression.fixedHuffman, .stored])
  func ourLoaderReadsBackTheSamePixels(depth: PNGWriter.Depth, compression: PNGWriter.Compression) throws {
    // Odd widths (bits left over in a row), and one image past a stored block's 65 535 bytes.
    var big = Bitmap(width: 1001, height: 600)
    var seed: UInt64 = 42
    for y in 0..<big.height {
      for x in 0..<big.width {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        big[x: x, y: y] = seed >> 63 == 1
      }
    }
    // Long runs and far repeats too: matches of 258 bytes, distances near the 32 K window.
    var stripes = Bitmap(width: 3000, height: 300)
    for y in 0..<stripes.height where y % 40 < 3 { for x in 0..<stripes.width where x % 17 != 0 { stripes[x: x, y: y] = true } }
    for b in [bitmap(["#"]), bitmap(["#.#.#.#.#", "..#####..", "#........"]), big, stripes, Bitmap(width: 2000, height: 400)] {
      let png = try #require(PNGWriter.encode(b, depth: depth, compression: compression))
      let back = try ImageLoader.decode(png)
      #expect(back.width == b.width && back.height == b.height)
      #expect(back.pixels == b.greyPixels())
    }
  }

  @Test(arguments: labelPayloads)
  func aQRLabelDecodesAtPrinterModuleSizes(payload: String) throws {
    let m = try QRMatrix.encode(payload)
    for module in printerModules {
      for depth in [PNGWriter.Depth.one, .eight] {
        let png = try #require(PNGWriter.encode(Bitmap(matrix: m, moduleSize: module), depth: depth))
        let image = try ImageLoader.decode(png)
        let found = QRDecoder.decode(grey: image.pixels, width: image.width, height: image.height)
        #expect(found == [.init(type: "QR-Code", data: payload)], "module \(module) px, \(depth)")
      }
    }
  }
}

@Suite struct ESCPOSTests {
  @Test(arguments: ESCPOS.Paper.allCases)
  func aSlipIsTheCommandsItWasBuiltFrom(paper: ESCPOS.Paper) throws {
    let payload = "ORDER:2050001:K7Q2MX9A"
    let qr = Bitmap(matrix: try QRMatrix.encode(payload), moduleSize: 4)
    let doc = ESCPOS.Document(
      paper: paper,
      parts: [.initialise, .image(qr), .text("Commande 2050001 — Étagère B3"), .text("50\u{202F}000 FCFA"), .feed(lines: 2), .cut(feedDots: 48)])
    let commands = try parse(try doc.bytes())
    #expect(commands.count == 6)
    #expect(commands.first == .initialise)
    #expect(commands[2] == .text(Array("Commande 2050001 - Etagere B3".utf8)))
    #expect(commands[3] == .text(Array("50 000 FCFA".utf8)))
    #expect(Array(commands.suffix(2)) == [.feed(2), .cut(mode: 66, n: 48)])
    guard case .raster(let mode, let widthBytes, let height, _) = commands[1] else {
      Issue.record("no raster in \(commands)")
      return
    }
    #expect(mode == 0 && widthBytes == (paper == .mm58 ? 48 : 72) && height == qr.height)
    // Back to a bitmap: the QR, centred by light padding, and it decodes.
    let back = try #require(rasterImage(commands))
    var expected = Bitmap(width: paper.dots, height: qr.height)
    expected.place(qr, x: (paper.dots - qr.width) / 2, y: 0)
    #expect(back == expected)
    #expect(decoded(back) == [payload])
  }

  @Test(arguments: labelPayloads)
  func everyPayloadDecodesFromTheRasterAtPrinterModuleSizes(payload: String) throws {
    let m = try QRMatrix.encode(payload)
    for paper in ESCPOS.Paper.allCases {
      for module in printerModules {
        let bytes = try ESCPOS.Document(paper: paper, parts: [.initialise, .image(Bitmap(matrix: m, moduleSize: module))]).bytes()
        let back = try #require(rasterImage(try parse(bytes)))
        #expect(decoded(back) == [payload], "\(paper), module \(module)")
      }
    }
  }

  @Test func aTallImageIsSplitIntoBandsThatStackBack() throws {
    var tall = Bitmap(width: 384, height: 4500)
    for y in stride(from: 0, to: 4500, by: 7) { tall[x: y % 384, y: y] = true }
    let commands = try parse(try ESCPOS.raster(tall, paper: .mm58))
    let heights = commands.compactMap { c -> Int? in if case .raster(_, 48, let h, _) = c { h } else { nil } }
    #expect(heights == [2000, 2000, 500])
    #expect(rasterImage(commands) == tall)
  }

  @Test func hostileInput() throws {
    // An image wider than the paper is refused, not cropped; the paper's own width is fine.
    let wide = Bitmap(width: 385, height: 10)
    #expect(throws: ESCPOS.Failure.imageTooWide(width: 385, paperDots: 384)) {
      try ESCPOS.Document(paper: .mm58, parts: [.image(wide)]).bytes()
    }
    #expect(try ESCPOS.Document(paper: .mm80, parts: [.image(wide)]).bytes().count == 8 + 72 * 10)
    // An empty bitmap prints nothing.
    #expect(try ESCPOS.Document(paper: .mm80, parts: [.image(Bitmap(width: 0, height: 0)), .image(Bitmap(width: 10, height: 0))]).bytes() == [])
    // Control bytes in text never reach the printer: ESC @ / GS V inside a name stay text.
    let evil = "Ama\u{1B}@\u{1D}V\u{0}\u{7F}\u{85}\r\nDou\tala\u{301} 🙂 € œ"
    let bytes = try ESCPOS.Document(paper: .mm58, parts: [.text(evil)]).bytes()
    #expect(bytes == Array("Ama@VDouala ? EUR oe\n".utf8))
    #expect(!bytes.contains(0x1B) && !bytes.contains(0x1D))
    #expect(ESCPOS.text("Ça coûte à peu près: Forêt, Noël, garçon") == Array("Ca coute a peu pres: Foret, Noel, garcon".utf8))
    // Feeds and cuts clamp their counts into a byte.
    #expect(try ESCPOS.Document(paper: .mm58, parts: [.feed(lines: 999), .feed(lines: -4), .cut(feedDots: 300)]).bytes()
      == [0x1B, 0x64, 255, 0x1B, 0x64, 0, 0x1D, 0x56, 0x42, 255])
  }
}


