import Foundation
import StaffDomain
import StaffScan
import Testing

@testable import StaffLabels

/// The three kinds, filled in as the database would.
private let samples: [Label] = [
  Label(
    kind: .pickup, payload: "ORDER:2050001:K7Q2MX9A", title: "Order 2050001",
    lines: ["Shelf P-01", "M*** N***", "2026-11-20 14:02", "DLA-AKWA"]),
  Label(kind: .shelf, payload: "PRODUCT:700004", title: "Chargeur USB-C rapide 20 W", lines: ["PRODUCT 700004", "50\u{202F}000 FCFA"]),
  Label(
    kind: .transfer, payload: "INVENTORY:123456", title: "Transfer 12",
    lines: ["DLA-AKWA → DLA-BALI", "3 × 700004 Chargeur", "1 × 700123 Écouteurs sans fil (noir)"]),
]

// MARK: Golden previews

private enum LabelGolden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("LabelGoldens").path

  static func check(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = directory + "/" + name + ".txt"
    let actual = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try? actual.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record("no golden preview \(name).txt: run RECORD_SNAPSHOTS=1 swift test --filter LabelTests", sourceLocation: sourceLocation)
      return
    }
    if expected != actual {
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
      Issue.record(
        """
        \(name).txt differs from line \(first + 1):
        expected: \(first < e.count ? String(e[first]) : "(end)")
        actual:   \(first < a.count ? String(a[first]) : "(end)")
        If the change is right: RECORD_SNAPSHOTS=1 swift test --filter LabelTests, then review the diff.
        """, sourceLocation: sourceLocation)
    }
  }
}

@Suite struct LabelTests {
  @Test(arguments: samples, ESCPOS.Paper.allCases)
  func thePNGDecodesToThePayload(label: Label, paper: ESCPOS.Paper) throws {
    let png = try label.png(paper: paper)
    let image = try ImageLoader.decode(png)
    #expect(image.width == paper.dots)
    #expect(QRDecoder.decode(grey: image.pixels, width: image.width, height: image.height) == [.init(type: "QR-Code", data: label.payload)])
    // The ladder a counter photo goes through reads it too.
    #expect(QRDecoder.scan(image).symbols.map(\.data) == [label.payload])
  }

  @Test(arguments: samples, ESCPOS.Paper.allCases)
  func theCodeIsVersion2OrMoreAtTheModuleSizeItSays(label: Label, paper: ESCPOS.Paper) throws {
    let matrix = try label.qr()
    #expect(matrix.version == 2)
    // Q where it stays version 2 (PRODUCT, INVENTORY), M for ORDER (Q would be version 3).
    let level: QRMatrix.Level = label.kind == .pickup ? .medium : .quartile
    #expect(matrix == (try QRMatrix.encode(label.payload, level: level, minimumVersion: 2)))
    #expect(try QRMatrix.encode(label.payload, level: .quartile, minimumVersion: 2).version == (label.kind == .pickup ? 3 : 2))
    let dots = try label.moduleDots(paper: paper)
    #expect(dots >= 4 && dots <= 8)
    let side = (matrix.size + 8) * dots
    #expect(side <= (paper == .mm58 ? paper.dots * 2 / 3 : paper.dots / 2))
    // The label's top is exactly that code, centred.
    let page = try label.bitmap(paper: paper)
    var top = Bitmap(width: paper.dots, height: side)
    top.place(page, x: 0, y: 0)
    var expected = Bitmap(width: paper.dots, height: side)
    expected.place(Bitmap(matrix: matrix, moduleSize: dots), x: (paper.dots - side) / 2, y: 0)
    #expect(top == expected)
    // And text under it.
    #expect(page.height > side + 2 * 7 * 2)
  }

  @Test(arguments: samples, ESCPOS.Paper.allCases)
  func theESCPOSStreamIsInitRasterTextFeedCut(label: Label, paper: ESCPOS.Paper) throws {
    let bytes = try label.escpos(paper: paper)
    let commands = try parse(bytes)
    #expect(commands.first == .initialise)
    #expect(Array(commands.suffix(2)) == [.feed(3), .cut(mode: 66, n: 0)])
    let code = try label.qrBitmap(paper: paper)
    guard case .raster(_, let w, let h, _) = commands[1] else {
      Issue.record("no raster second in \(commands.prefix(2))")
      return
    }
    #expect(w == paper.bytesPerRow && h == code.height)
    let back = try #require(rasterImage(commands))
    #expect(decoded(back) == [label.payload])
    // The text lines: printable ASCII only, at most the printer's columns, title first.
    let texts = commands.compactMap { c -> [UInt8]? in if case .text(let t) = c { t } else { nil } }
    #expect(texts.count == commands.count - 4)
    #expect(texts.allSatisfy { $0.count <= paper.dots / 12 && $0.allSatisfy { (0x20..<0x7F).contains($0) } })
    #expect(String(decoding: texts.first ?? [], as: UTF8.self) == Font.clip(label.title, scale: 1, maxWidth: 1000))
    // Only the raster header and the commands carry ESC and GS.
    let outsideRaster = bytes.count - commands.reduce(0) { if case .raster(_, let w, let h, _) = $1 { $0 + w * h } else { $0 } }
    #expect(bytes.filter { $0 == 0x1B || $0 == 0x1D }.count <= outsideRaster)
    #expect(texts.allSatisfy { !$0.contains(0x1B) && !$0.contains(0x1D) })
  }

  @Test func theTransferSlipSpellsItsArrowAndTimes() throws {
    let texts = samples[2].textRows(columns: 48)
    #expect(texts == ["Transfer 12", "DLA-AKWA -> DLA-BALI", "3 x 700004 Chargeur", "1 x 700123 Ecouteurs sans fil (noir)"])
    #expect(samples[1].textRows(columns: 32) == ["Chargeur USB-C rapide 20 W", "PRODUCT 700004", "50 000 FCFA"])
  }

  @Test func aPickupLabelNeverWritesItsCode() throws {
    let pickup = samples[0]
    let text = pickup.plainText()
    #expect(!text.contains("K7Q2MX9A") && !text.contains("ORDER:"))
    #expect(text.contains("(pickup code not printed in text)") && text.contains("Order 2050001") && text.contains("Shelf P-01"))
    #expect(try pickup.preview().allSatisfy { !$0.contains("K7Q2MX9A") })
    for label in samples.dropFirst() {
      #expect(label.plainText().contains(label.payload))
      #expect(try label.preview().last == label.payload)
    }
    // Nor does the printer's text.
    for paper in ESCPOS.Paper.allCases {
      let texts = try parse(try pickup.escpos(paper: paper)).compactMap { c -> String? in
        if case .text(let t) = c { String(decoding: t, as: UTF8.self) } else { nil }
      }
      #expect(texts.allSatisfy { !$0.contains("K7Q2MX9A") })
    }
  }

  @Test(arguments: samples)
  func goldenPreviews(label: Label) throws {
    let lines = try label.preview()
    #expect(lines.allSatisfy { $0.unicodeScalars.count <= 80 })
    LabelGolden.check(lines, label.kind.rawValue)
  }

  @Test func hostileInput() throws {
    let long = String(repeating: "Ébène & Çà ", count: 455)  // 5 000 characters
    let evil = "Ama\u{1B}@\u{1D}V\u{0}\u{7F}\u{85}\r\nDou\tala 🙂"
    let label = Label(kind: .shelf, payload: "PRODUCT:700004", title: "", lines: [long, evil, "", long])
    for paper in ESCPOS.Paper.allCases {
      let page = try label.bitmap(paper: paper)
      #expect(page.width == paper.dots && page.height < 2000)
      #expect(decoded(page) == ["PRODUCT:700004"])
      let commands = try parse(try label.escpos(paper: paper))
      let texts = commands.compactMap { c -> [UInt8]? in if case .text(let t) = c { t } else { nil } }
      #expect(texts.count == 2 * Label.maxRowsPerLine + 1)
      #expect(texts.contains(Array("Ama@VDouala ?".utf8)))
      #expect(String(decoding: texts[Label.maxRowsPerLine - 1], as: UTF8.self).hasSuffix("..."))
    }
    let preview = try label.preview()
    #expect(preview.allSatisfy { $0.unicodeScalars.count <= 80 && !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
    #expect(!label.plainText().unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F })
    // Payloads: too long, empty, not ASCII, control bytes: errors that say so.
    let tooLong = "ORDER:" + String(repeating: "9", count: 59)
    #expect(throws: Label.Failure.payloadTooLong(bytes: 65)) { try Label(kind: .pickup, payload: tooLong, title: "x", lines: []).png(paper: .mm58) }
    #expect(throws: Label.Failure.emptyPayload) { try Label(kind: .shelf, payload: "", title: "x", lines: []).escpos(paper: .mm80) }
    #expect(throws: Label.Failure.payloadNotASCII) { try Label(kind: .shelf, payload: "PRODUCT:7é", title: "x", lines: []).qr() }
    #expect(throws: Label.Failure.payloadNotASCII) { try Label(kind: .shelf, payload: "PRODUCT:7\n", title: "x", lines: []).preview() }
    #expect(Label.Failure.payloadTooLong(bytes: 65).description == "QR payload too long: 65 bytes, at most 64")
    // The longest payload allowed still prints, large enough, on both papers, and decodes.
    let longest = Label(kind: .transfer, payload: "INVENTORY:" + String(repeating: "7", count: 54), title: "T", lines: [])
    for paper in ESCPOS.Paper.allCases {
      #expect(try longest.moduleDots(paper: paper) >= 4)
      #expect(decoded(try longest.bitmap(paper: paper)) == [longest.payload])
    }
    #expect(try longest.preview().allSatisfy { $0.unicodeScalars.count <= 80 })
  }
}

@Suite struct FontTests {
  @Test func glyphsAreDrawnAtTheirScale() {
    let one = Font.draw("1", scale: 1)
    #expect(one.width == 5 && one.height == 7)
    let rows = (0..<7).map { y in String((0..<5).map { one[x: $0, y: y] ? "#" : "." }) }
    #expect(rows == ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."])
    let big = Font.draw("1", scale: 3)
    #expect(big.width == 15 && big.height == 21 && big[x: 6, y: 0] && big[x: 8, y: 2] && !big[x: 5, y: 0])
    #expect(Font.width("Order 2050001", scale: 2) == (13 * 6 - 1) * 2)
    #expect(Font.draw("", scale: 2).width == 0)
    #expect(Font.draw("A", scale: 0) == Font.draw("A", scale: 1) && Font.draw("A", scale: 99) == Font.draw("A", scale: 8))
  }

  @Test func textIsFoldedAndUnknownsAreQuestionMarks() {
    #expect(Font.fold("Étagère ç 50\u{202F}000 FCFA\u{1B}") == "Etagere c 50 000 FCFA")
    #expect(Font.draw("é", scale: 1) == Font.draw("e", scale: 1))
    #expect(Font.draw("🙂", scale: 1) == Font.draw("?", scale: 1))
    #expect(Font.draw("~", scale: 1) == Font.draw("?", scale: 1))  // ASCII with no glyph
    // Every glyph the brief lists is its own drawing (not the fallback).
    let question = Font.draw("?", scale: 1)
    for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz :-./*#(),'+=%&><!\"_;" {
      #expect(Font.draw(String(ch), scale: 1) != question, "\(ch)")
    }
  }

  @Test func clippingAndWrapping() {
    #expect(Font.clip("Chargeur rapide", scale: 1, maxWidth: 6 * 10 - 1) == "Chargeu...")
    #expect(Font.draw("Chargeur rapide", scale: 2, maxWidth: 100).width <= 100)
    #expect(Font.wrap("DLA-AKWA -> DLA-BALI", scale: 1, maxWidth: 6 * 12 - 1) == ["DLA-AKWA ->", "DLA-BALI"])
    #expect(Font.wrap(String(repeating: "A", count: 25), scale: 1, maxWidth: 59) == ["AAAAAAAAAA", "AAAAAAAAAA", "AAAAA"])
    #expect(Font.wrap(String(repeating: "word ", count: 100), scale: 1, maxWidth: 59, maxLines: 2).last?.hasSuffix("...") == true)
    #expect(Font.wrap("  ", scale: 1, maxWidth: 59) == [] && Font.wrap("abc", scale: 1, maxWidth: 0) == [])
  }
}
