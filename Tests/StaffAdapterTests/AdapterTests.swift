import Foundation
import StaffConsole
@testable import StaffCurses
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
}

@Suite(.serialized) struct CursesAdapterTests {
  @Test func wideCharactersAndAttributesArriveIntact() throws {
    try CursesAdapterTests.headless { terminal in
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

  /// ncurses on /dev/null with LINES and COLUMNS set: a headless 80 x 24 screen.
  static func headless(_ body: (Terminal) throws -> Void) throws { try headless(outputPath: "/dev/null", body) }
}

extension CursesAdapterTests {
  /// Headless ncurses is one global screen: these tests run in the serialized suite.
  @Suite(.serialized) struct Drawing {
  /// Only what changed is written: the same frame again writes nothing, a new clock one cell or
  /// two; double-width characters keep their place.
  @Test func onlyChangedCellsAreWritten() throws {
    try CursesAdapterTests.headless { terminal in
      var screen = Screen(terminal.size)
      screen.put("Commande 1040001 – Étagère P-01 漢字", row: 0, column: 0, role: .title)
      screen.put("09:30", row: 0, column: 75)
      terminal.draw(screen)
      #expect(terminal.cellsWritten > 30)
      terminal.draw(screen)
      #expect(terminal.cellsWritten == 0)
      screen.put("09:31", row: 0, column: 75)
      terminal.draw(screen)
      #expect(terminal.cellsWritten == 1)
      #expect(terminal.readBack(row: 0).hasPrefix("Commande 1040001 – Étagère P-01 漢字"))
      #expect(terminal.readBack(row: 0).hasSuffix("09:31"))
    }
  }

  @Test func charactersBecomeKeys() {
    #expect(Terminal.key(Unicode.Scalar(13)) == .named(.enter))
    #expect(Terminal.key(Unicode.Scalar(10)) == .named(.enter))
    #expect(Terminal.key(Unicode.Scalar(9)) == .named(.tab))
    #expect(Terminal.key(Unicode.Scalar(27)) == .named(.escape))
    #expect(Terminal.key(Unicode.Scalar(127)) == .named(.backspace))
    #expect(Terminal.key(Unicode.Scalar(6)) == .control("f"))
    #expect(Terminal.key(" ") == .named(.space))
    #expect(Terminal.key("é") == .character("é"))
    #expect(Terminal.key(kind: 1) == .named(.up) && Terminal.key(kind: 8) == .named(.pageDown))
    #expect(Terminal.key(kind: 13) == .named(.backTab) && Terminal.key(kind: 110) == .function(10) && Terminal.key(kind: 0) == nil)
  }
}
}
