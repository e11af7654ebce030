import Foundation
import StaffConsole
import StaffCurses
import StaffDomain
import StaffLabels
import StaffScan
import Testing

@Suite struct QRRoundTripTests {
  @Test func everyPayloadKindEncodesAndDecodesBack() throws {
    for payload in ["ORDER:1040001:K7Q2MX9A", "PRODUCT:100001", "INVENTORY:42", "ORDER:999999999999:ABCDEFGH12"] {
      let m = try QRMatrix.encode(payload)
      let (pixels, side) = m.greyPixels(scale: 4)
      #expect(QRDecoder.decode(grey: pixels, width: side, height: side) == [.init(type: "QR-Code", data: payload)])
    }
  }

  @Test func nonASCIIPayloadsAreNotOurs() throws {
    let m = try QRMatrix.encode("ORDER:1:Ç")
    let (pixels, side) = m.greyPixels(scale: 4)
    #expect(QRDecoder.decode(grey: pixels, width: side, height: side) == [])
  }

  @Test func nothingIsFoundInABlankOrTooSmallImage() {
    #expect(QRDecoder.decode(grey: [UInt8](repeating: 255, count: 100 * 100), width: 100, height: 100) == [])
    #expect(QRDecoder.decode(grey: [1, 2, 3], width: 10, height: 10) == [])
    #expect(QRDecoder.decode(grey: [], width: 0, height: 0) == [])
  }

  @Test func versionsAreReported() {
    #expect(QRMatrix.libraryVersion.first?.isNumber == true)
    #expect(QRDecoder.libraryVersions.map(\.name) == ["zbar", "libjpeg-turbo", "libpng"])
  }
}

@Suite struct ScreenTests {
  @Test func putClipsAndNeutralisesControlCharacters() {
    var s = Screen(Size(columns: 10, rows: 2))
    s.put("Réception\u{1B}[2J", row: 0, column: 0, role: .warning)
    s.put("àçœ", row: 1, column: 8)
    s.put("ignored", row: 5, column: 0)
    #expect(s.text == "Réception\n        àç")
    #expect(s[0, 0].role == .warning && s[1, 0].role == .normal)
  }

  @Test func summaryScreenGoldenAndTooSmall() {
    let figures = SummaryFigures(
      pointCode: "DLA-AKWA", pointName: "VGK Akwa, Douala", databasePath: "/tmp/demo.sqlite",
      lines: [("Products in the catalogue", "209", .normal), ("Tasks past their SLA", "4", .overdue)])
    let now = Timestamp(seconds: 1_795_163_400)
    let screen = SummaryView.render(figures, now: now, size: Size(columns: 80, rows: 24))
    let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 24)
    #expect(lines[0] == " VGK Staff  DLA-AKWA  VGK Akwa, Douala" + String(repeating: " ", count: 25) + "2026-11-20 09:30")
    #expect(lines[5] == "    Tasks past their SLA            4")
    #expect(lines[23] == " q quit")
    #expect(screen[5, 36].role == .overdue)
    let small = SummaryView.render(figures, now: now, size: Size(columns: 40, rows: 10))
    #expect(small.text.hasPrefix("Terminal too small: 40x10,\nneed at least 80x24."))
  }
}

@Suite(.serialized) struct CursesAdapterTests {
  @Test func wideCharactersAndAttributesArriveIntact() throws {
    setenv("LINES", "24", 1)
    setenv("COLUMNS", "80", 1)
    setenv("LC_ALL", "C.UTF-8", 1)
    guard let out = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else {
      Issue.record("cannot open /dev/null")
      return
    }
    defer {
      fclose(out)
      fclose(input)
    }
    let terminal = try Terminal(type: "xterm-256color", output: out, input: input)
    defer { terminal.close() }
    #expect(terminal.size == Size(columns: 80, rows: 24))
    var screen = Screen(terminal.size)
    screen.put("Réception: élève à la caisse, garçon, œuvre", row: 2, column: 0)
    screen.put("EN RETARD", row: 3, column: 4, role: .overdue)
    screen.put("choisi", row: 4, column: 0, role: .selected)
    terminal.draw(screen)
    #expect(terminal.readBack(row: 2).hasPrefix("Réception: élève à la caisse, garçon, œuvre"))
    #expect(terminal.readBack(row: 3).hasPrefix("    EN RETARD"))
    #expect(terminal.attributes(row: 3, column: 4) & Terminal.bold != 0)
    #expect(terminal.attributes(row: 4, column: 0) & Terminal.reverse != 0)
    #expect(terminal.attributes(row: 2, column: 0) == 0)
  }
}
