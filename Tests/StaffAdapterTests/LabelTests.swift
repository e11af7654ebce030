import Foundation
import StaffDomain
import StaffScan
import Testing
import TestSupport

@testable import StaffLabels

/// The three kinds in both languages, worded as the print queue words them (the labels catalog),
/// with accented titles and lines.
private func samples(_ language: Language) -> [Label] {
  func w(_ code: MessageCode, _ args: MessageArg...) -> String { Message(code, args: args).text(language) }
  let sent = Timestamp(seconds: 1_795_179_720)  // 2026-11-20 14:02 in Douala
  return [
    Label(
      kind: .pickup, payload: "ORDER:2050001:K7Q2MX9A", title: w(.labelOrder, .id(2_050_001)),
      lines: [
        w(.labelShelf, .text("P-01")), "M*** N***", MessageArg.time(sent).text(language), "DLA-AKWA",
        w(.labelHoldUntil, .time(Timestamp(seconds: sent.seconds + 7 * 86_400))),
      ], language: language),
    Label(
      kind: .shelf, payload: "PRODUCT:700123", title: "Écouteurs sans fil « Kribi » — très bon son",
      lines: [
        w(.labelProduct, .id(700_123), .text("Téléphones")), MessageArg.word(.itemCondition, "like_new").text(language),
        MessageArg.money(50_000).text(language),
      ], language: language),
    Label(
      kind: .transfer, payload: "INVENTORY:123456", title: w(.labelTransfer, .id(12)),
      lines: [
        w(.labelRoute, .text("DLA-AKWA"), .text("DLA-BALI")), MessageArg.time(sent).text(language),
        w(.labelItem, .count(3), .id(700_004), .text("Chargeur")), w(.labelItem, .count(1), .id(700_123), .text("Écouteurs sans fil (noir)")),
        w(.labelItem, .count(1_200), .id(700_200), .text("Cœur de palmier, bocal")),
      ], language: language),
  ]
}

private let allSamples = samples(.en) + samples(.fr)

/// zbarimg (zbar-tools, installed by `make deps`) on a PNG file: the payloads it reads, or nil
/// when it is not installed.
private func zbarimg(_ png: [UInt8]) throws -> [String]? {
  let paths = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"]
  guard let tool = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
  let file = FileManager.default.temporaryDirectory.appendingPathComponent("vgk-label-\(UUID().uuidString).png")
  defer { try? FileManager.default.removeItem(at: file) }
  try Data(png).write(to: file)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: tool)
  process.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
  let out = Pipe()
  process.standardOutput = out
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

// MARK: Golden previews

private enum LabelGolden {
  static let files = GoldenFiles("LabelGoldens", besides: #filePath, fileExtension: "txt", suite: "LabelTests")

  static func check(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    files.check(lines.joined(separator: "\n") + "\n", name, sourceLocation: sourceLocation)
  }
}

@Suite struct LabelTests {
  @Test(arguments: allSamples, ESCPOS.Paper.allCases)
  func thePNGReadsBackWithOurDecoderAndWithZbarimg(label: Label, paper: ESCPOS.Paper) throws {
    let png = try label.png(paper: paper)
    let image = try ImageLoader.decode(png)
    #expect(image.width == paper.dots)
    #expect(QRDecoder.decode(grey: image.pixels, width: image.width, height: image.height) == [.init(type: "QR-Code", data: label.payload)])
    // The ladder a counter photo goes through reads it too.
    #expect(QRDecoder.scan(image).symbols.map(\.data) == [label.payload])
    guard let read = try zbarimg(png) else {
      Issue.record("zbarimg is missing: it comes with zbar-tools, which make deps installs")
      return
    }
    #expect(read == [label.payload])
  }

  @Test(arguments: allSamples, ESCPOS.Paper.allCases)
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
    // Then the title's rows and the lines' rows, each in its face, centred.
    let rows = label.drawnRows(paper: paper)
    #expect(page.height == side + rows.reduce(0) { $0 + $1.face.height + Label.rowGap } + Label.bottomMargin)
    var y = side
    for row in rows {
      let drawn = Font.draw(row.text, row.face)
      var cut = Bitmap(width: drawn.width, height: drawn.height)
      cut.place(page, x: -(paper.dots - drawn.width) / 2, y: -y)
      #expect(cut == drawn, "\(row.text)")
      y += row.face.height + Label.rowGap
    }
  }

  @Test(arguments: allSamples, ESCPOS.Paper.allCases)
  func theESCPOSStreamIsTheWholeLabelAsARaster(label: Label, paper: ESCPOS.Paper) throws {
    let bytes = try label.escpos(paper: paper)
    let commands = try parse(bytes)
    #expect(commands.first == .initialise)
    #expect(Array(commands.suffix(2)) == [.feed(3), .cut(mode: 66, n: 0)])
    // No text in the printer's own font: its code pages have no œ nor ’, so the text is drawn.
    #expect(commands.allSatisfy { if case .text = $0 { false } else { true } })
    let back = try #require(rasterImage(commands))
    #expect(back == (try label.bitmap(paper: paper)))
    #expect(decoded(back) == [label.payload])
  }

  @Test func theWordsFollowTheLanguageWithEveryAccent() throws {
    let (en, fr) = (samples(.en), samples(.fr))
    #expect(
      en[0].textRows(columns: 80) == ["Order 2050001", "Shelf P-01", "M*** N***", "2026-11-20 14:02", "DLA-AKWA", "Hold until 2026-11-27 14:02"])
    #expect(
      fr[0].textRows(columns: 80) == [
        "Commande 2050001", "Étagère P-01", "M*** N***", "20/11/2026 14:02", "DLA-AKWA", "Garder jusqu’au 27/11/2026 14:02",
      ])
    #expect(
      fr[1].textRows(columns: 80) == [
        "Écouteurs sans fil « Kribi » — très bon son", "PRODUIT 700123 – Téléphones", "très bon état", "50\u{202F}000\u{00A0}FCFA",
      ])
    #expect(en[1].textRows(columns: 80).dropFirst().elementsEqual(["PRODUCT 700123 – Téléphones", "like new", "50\u{202F}000\u{00A0}FCFA"]))
    #expect(
      fr[2].textRows(columns: 80) == [
        "Transfert 12", "DLA-AKWA → DLA-BALI", "20/11/2026 14:02", "3 × 700004 Chargeur", "1 × 700123 Écouteurs sans fil (noir)",
        "1\u{202F}200 × 700200 Cœur de palmier, bocal",
      ])
    // Drawn, every accent is its own glyph: the French rows differ from the same words unaccented.
    #expect(Font.draw("Étagère", .title) != Font.draw("Etagere", .title))
    #expect(Font.draw("très bon état", .line) != Font.draw("tres bon etat", .line))
    for label in allSamples { #expect(label.missingCharacters.isEmpty, "\(label.title)") }
    // The plain text's own words follow the label's language.
    #expect(fr[0].plainText().hasSuffix("(code de retrait non imprimé en texte)\n"))
    #expect(fr[1].plainText().hasSuffix("Code\u{00A0}: PRODUCT:700123\n"))
    #expect(en[1].plainText().hasSuffix("Code: PRODUCT:700123\n"))
  }

  @Test(arguments: [Language.en, .fr])
  func aPickupLabelNeverWritesItsCode(language: Language) throws {
    let labels = samples(language)
    let pickup = labels[0]
    let text = pickup.plainText()
    #expect(!text.contains("K7Q2MX9A") && !text.contains("ORDER:"))
    #expect(text.contains(Message(.labelCodeWithheld).text(language)) && text.contains(pickup.title) && text.contains(pickup.lines[0]))
    #expect(try pickup.preview().allSatisfy { !$0.contains("K7Q2MX9A") })
    for label in labels.dropFirst() {
      #expect(label.plainText().contains(label.payload))
      #expect(try label.preview().last == label.payload)
    }
  }

  @Test(arguments: allSamples)
  func goldenPreviews(label: Label) throws {
    let lines = try label.preview()
    #expect(lines.allSatisfy { $0.count <= 80 })
    LabelGolden.check(lines, label.kind.rawValue + "-" + label.language.rawValue)
  }

  /// The accented words as the paper shows them, in half blocks: a change of font or of a glyph
  /// shows here.
  @Test func goldenAccentedWords() {
    var lines: [String] = []
    for (text, face, name) in [
      ("Étagère", Font.Face.title, "title"), ("Téléphones", .line, "line"), ("très bon état", .line, "line"), ("Écouteurs", .line, "line"),
      ("Cœur « œuf » …", .line, "line"), ("50\u{202F}000 FCFA", .line, "line"), ("Ça, Ñ, ß, Ł, ő 🙂", .line, "line"),
    ] {
      lines.append("\(name): \(Font.printable(text))")
      lines += HalfBlocks.lines(Font.draw(text, face)).map { line in
        var trimmed = line
        while trimmed.hasSuffix(" ") { trimmed.removeLast() }
        return trimmed
      }
    }
    LabelGolden.check(lines, "accents")
  }

  @Test func hostileInput() throws {
    let longWord = String(repeating: "Ébène", count: 1_000)  // 5 000 characters, no space
    let long = String(repeating: "Ébène & Çà ", count: 455)
    let controls = "Ama\u{1B}[2J\u{1D}V\u{0}\u{7F}\u{85}\r\nDou\tala \u{9B}31m"
    let bidi = "Prix \u{202E}0001\u{202C} FCFA \u{2066}x\u{2069}\u{200F}"
    let outside = "🙂 👍🏽 👨‍👩‍👧 中文 ﷺ e\u{301}\u{302} a\u{20DD} ©\u{FE0F}"
    let label = Label(kind: .shelf, payload: "PRODUCT:700004", title: longWord, lines: [long, controls, bidi, outside, "", long] + Array(repeating: "x", count: 50))
    for paper in ESCPOS.Paper.allCases {
      let page = try label.bitmap(paper: paper)
      #expect(page.width == paper.dots && page.height < 2_000)
      #expect(decoded(page) == ["PRODUCT:700004"])
      let rows = label.drawnRows(paper: paper)
      #expect(rows.count == Label.maxTitleRows + Label.maxRowsPerLine * 2 + 1 + 1 + 1 + Label.maxLines - 6)
      #expect(rows[Label.maxTitleRows - 1].text.hasSuffix("…") && rows.allSatisfy { Font.width($0.text, $0.face) <= paper.dots - 2 * Label.margin })
      #expect(try parse(try label.escpos(paper: paper)).allSatisfy { if case .text = $0 { false } else { true } })
    }
    // Nothing the font lacks is dropped: each becomes one visible U+FFFD; a family emoji is one.
    let shown = label.textRows(columns: 80)
    #expect(shown.contains("Ama�[2J�V��  Dou ala �31m"))
    #expect(shown.contains("Prix �0001� FCFA �x��"))
    #expect(shown.contains("� � � �� � � � ©"))
    #expect(
      label.missingCharacters == [
        "U+001B", "U+001D", "U+0000", "U+007F", "U+009B", "U+202E", "U+202C", "U+2066", "U+2069", "U+200F", "U+1F642",
        "U+1F44D U+1F3FD", "U+1F468 U+200D U+1F469 U+200D U+1F467", "U+4E2D", "U+6587", "U+FDFA", "U+0065 U+0301 U+0302", "U+0061 U+20DD",
      ])
    // The preview and the plain text are the font's characters only: no control, no bidi
    // override reaches the terminal; every character is one column.
    let face = Font.Face.line
    for line in try label.preview() + label.plainText().split(separator: "\n").map(String.init) {
      #expect(line.count <= 80)
      #expect(line.allSatisfy { face.has($0) || HalfBlocks.characters.contains($0) }, "\(line)")
    }
    #expect(
      Message(.labelMissingGlyphs, .count(2), .text("U+1F642, U+202E")).text(.fr)
        == "la police des étiquettes n’a pas ces caractères (U+1F642, U+202E)\u{00A0}: imprimés en �")
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
    #expect(try longest.preview().allSatisfy { $0.count <= 80 })
  }
}

@Suite struct FontTests {
  /// Latin-1 (but the soft hyphen, which is never drawn), Latin Extended-A, the no-break spaces
  /// and the typographic punctuation.
  static let required: [Character] =
    (Array(0x20...0x7E) + Array(0xA0...0xAC) + Array(0xAE...0x17F) + [0x202F, 0x2019, 0x2018, 0x201C, 0x201D, 0x2013, 0x2014, 0x2026, 0x20AC, 0x2192])
    .compactMap { Unicode.Scalar(UInt32($0)).map(Character.init) }

  @Test func everyRequiredCharacterHasItsOwnGlyphInBothFaces() {
    for face in [Font.Face.title, .line] {
      #expect(face.glyphs.count > 400)
      let blank = Bitmap(width: face.width, height: face.height)
      let replacement = Font.draw(String(Font.replacement), face)
      #expect(replacement != blank)
      for ch in Self.required {
        #expect(face.has(ch), "U+\(String(ch.unicodeScalars.first?.value ?? 0, radix: 16))")
        let drawn = Font.draw(String(ch), face)
        #expect(drawn.width == face.width && drawn.height == face.height)
        let isSpace = ch == " " || ch == "\u{A0}" || ch == "\u{202F}"
        #expect((drawn == blank) == isSpace, "U+\(String(ch.unicodeScalars.first?.value ?? 0, radix: 16))")
        #expect(drawn != replacement)
      }
      // Every glyph has the face's rows (a line of FontData that did not parse would be missing).
      #expect(face.glyphs.values.allSatisfy { $0.count == face.height })
    }
    // Accents are glyphs of their own, not the bare letter.
    for (accented, bare) in zip("éèêëàçôœÉÈÀÇŒŸñ", "eeeeacooEEACOYn") {
      #expect(Font.draw(String(accented), .line) != Font.draw(String(bare), .line), "\(accented)")
    }
  }

  @Test func textIsMadePrintableAndNothingIsDroppedSilently() {
    #expect(Font.printable("Étagère ç 50\u{202F}000 FCFA") == "Étagère ç 50\u{202F}000 FCFA")
    // Combining accents are drawn as the precomposed glyph.
    #expect(Font.printable("E\u{301}tage\u{300}re") == "Étagère")
    #expect(Font.draw("e\u{301}", .line) == Font.draw("é", .line))
    #expect(Font.missing("e\u{301}").isEmpty)
    // Line breaks and tabs separate words; other controls and bidi characters show as �.
    #expect(Font.printable("a\tb\r\nc\nd\u{2028}e") == "a b c d e")
    #expect(Font.printable("a\u{1B}b\u{202E}c\u{0}d\u{200B}e\u{200F}") == "a�b�c�d�e�")
    #expect(Font.printable("Cha\u{AD}peau") == "Chapeau" && Font.missing("Cha\u{AD}peau").isEmpty)
    #expect(Font.draw("🙂", .line) == Font.draw("\u{FFFD}", .line))
    #expect(Font.printable("👨‍👩‍👧👍🏽") == "��")
    #expect(Font.missing("🙂 🙂 x") == ["U+1F642"])
    // A variation selector asks for a style, not another character.
    #expect(Font.printable("©\u{FE0F}") == "©" && Font.missing("©\u{FE0E}").isEmpty)
    // The replacement itself, in the text, is a character like any other.
    #expect(Font.missing("\u{FFFD}").isEmpty)
  }

  @Test func glyphsAreTheFacesCells() {
    #expect(Font.Face.title.width == 16 && Font.Face.title.height == 32)
    #expect(Font.Face.line.width == 12 && Font.Face.line.height == 24)
    #expect(Font.width("Commande 2050001", .line) == 16 * 12)
    #expect(Font.draw("", .title).width == 0)
    #expect(Font.draw("Étagère", .title).width == 7 * 16)
    // An accent above a capital stays inside the cell: its top row is light, the accent under it.
    let e = Font.draw("É", .title)
    #expect((0..<e.width).allSatisfy { !e[x: $0, y: 0] } && (0..<e.width).contains { e[x: $0, y: 4] || e[x: $0, y: 5] || e[x: $0, y: 6] })
  }

  @Test func clippingAndWrapping() {
    #expect(Font.clip("Chargeur rapide", .line, maxWidth: 12 * 10) == "Chargeur…")
    #expect(Font.clip("Étagère", .line, maxWidth: 12 * 7) == "Étagère")
    #expect(Font.draw("Chargeur rapide", .line, maxWidth: 100).width <= 100)
    #expect(Font.wrap("DLA-AKWA → DLA-BALI", .line, maxWidth: 12 * 12) == ["DLA-AKWA →", "DLA-BALI"])
    #expect(Font.wrap(String(repeating: "É", count: 25), .line, maxWidth: 12 * 10) == ["ÉÉÉÉÉÉÉÉÉÉ", "ÉÉÉÉÉÉÉÉÉÉ", "ÉÉÉÉÉ"])
    #expect(Font.wrap(String(repeating: "word ", count: 100), .line, maxWidth: 120, maxLines: 2).last?.hasSuffix("…") == true)
    #expect(Font.wrap("  ", .line, maxWidth: 120) == [] && Font.wrap("abc", .line, maxWidth: 0) == [])
    // A no-break space holds an amount together.
    #expect(Font.wrap("Prix 50\u{202F}000\u{00A0}FCFA", .line, maxWidth: 12 * 12) == ["Prix", "50\u{202F}000\u{00A0}FCFA"])
  }
}
