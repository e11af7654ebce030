import Foundation
import StaffConsole
import StaffServices
import StaffStore
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A scratch directory of the test's own.
final class Scratch: @unchecked Sendable {
  let directory = TemporaryDirectory("services")
  var path: String { directory.path }
  init() throws {}
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    return path + "/" + name
  }
}

/// Keymaps found by name in the shipped directory or read from a file, whatever the file holds.
@Suite struct KeymapDiscoveryTests {
  static func refusal(_ body: () throws -> Void) -> String? { SettingsTests.refusal(body) }

  @Test func aNameIsLookedUpInTheKeymapsDirectory() throws {
    let dir = try Scratch()
    _ = try dir.write("default.keymap", [])
    _ = try dir.write("vi.keymap", Array("bind global j move-down\nbind global k nonsense\n".utf8))
    let env = ["VGK_STAFF_KEYMAPS": dir.path]
    #expect(try ConsoleSetup.keymapsDirectory(environment: env) == dir.path)
    let (_, problems) = try ConsoleSetup.keymap("vi", environment: env)
    #expect(problems.map(\.line) == [2] && problems.first?.file == dir.path + "/vi.keymap")
    #expect(try ConsoleSetup.keymap(nil, environment: env).1.isEmpty && ConsoleSetup.keymap("default", environment: env).1.isEmpty)
    let missing = Self.refusal { _ = try ConsoleSetup.keymap("dvorak", environment: env) }
    #expect(missing?.contains("default, vi") == true, "\(missing ?? "found")")
  }

  @Test(arguments: ["../etc/passwd-like", "vi;rm", "v\u{0}i", "\u{202E}vi", "ｖｉ"])
  func aNameIsLettersDigitsAndDashes(name: String) throws {
    let dir = try Scratch()
    _ = try dir.write("default.keymap", [])
    let said = Self.refusal { _ = try ConsoleSetup.keymap(name, environment: ["VGK_STAFF_KEYMAPS": dir.path]) }
    #expect(said != nil)
    if !name.contains("/") { #expect(said?.contains("dvorak") == false) }
  }

  @Test func aHostileFileIsRefusedWhole() throws {
    let dir = try Scratch()
    let big = try dir.write("big.keymap", [UInt8](repeating: 0x23, count: 64 * 1024 + 1))
    #expect(Self.refusal { _ = try ConsoleSetup.keymap(big, environment: [:]) }?.contains(big) == true)
    let binary = try dir.write("binary.keymap", [0x62, 0x69, 0x6E, 0x64, 0xFF, 0xFE, 0x0A])
    #expect(Self.refusal { _ = try ConsoleSetup.keymap(binary, environment: [:]) }?.contains(binary) == true)
    #expect(Self.refusal { _ = try ConsoleSetup.keymap(dir.path + "/none.keymap", environment: [:]) } != nil)
  }

  @Test func theScreensLanguageIsTheOptionElseTheLocale() throws {
    #expect(try ConsoleSetup.language("FR", source: "--lang", environment: [:]) == .fr)
    #expect(try ConsoleSetup.language(nil, source: "--lang", environment: ["LANG": "fr_CM.UTF-8"]) == .fr)
    #expect(KeymapDiscoveryTests.refusal { _ = try ConsoleSetup.language("de", source: "--lang", environment: [:]) } == "--lang: 'de' is not fr or en")
  }
}

/// The printer's device and command never hold the counter past their deadline.
@Suite struct PrinterTests {
  static func refusal(_ body: () throws -> Void) -> String? { KeymapDiscoveryTests.refusal(body) }

  @Test func aDeviceThatStopsTakingBytesIsLeftAtTheDeadline() throws {
    let dir = try Scratch()
    let fifo = dir.path + "/lp0"
    #expect(mkfifo(fifo, 0o600) == 0)
    // A reader that never reads: the pipe fills as a printer out of paper would.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    defer { close(reader) }
    let start = Monotonic.now()
    let said = Self.refusal { try Printer.write([UInt8](repeating: 0x1B, count: 1 << 20), to: fifo, timeout: 1) }
    #expect(said?.contains(fifo) == true, "\(said ?? "written")")
    #expect(Monotonic.now() - start < 5)
  }

  @Test func aDirectoryOrAMissingDeviceIsSaid() throws {
    let dir = try Scratch()
    #expect(Self.refusal { try Printer.write([1], to: dir.path, timeout: 1) }?.contains(dir.path) == true)
    #expect(Self.refusal { try Printer.write([1], to: dir.path + "/usb/lp9", timeout: 1) }?.contains(dir.path + "/usb/lp9") == true)
  }

  @Test func aCommandGetsTheLabelAndItsFailureIsSaid() throws {
    let dir = try Scratch()
    let out = dir.path + "/printed"
    try Printer(target: .command("cat > \(out)"), paper: .mm58, format: .text, timeout: 5).send(Array("label\n".utf8))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "label\n")
    let failing = Printer(target: .command("echo 'lp: no such printer' >&2; exit 1"), paper: .mm58, format: .text, timeout: 5)
    #expect(Self.refusal { try failing.send([1]) }?.contains("exit status 1: lp: no such printer") == true)
    #expect(Self.refusal { try Printer(target: nil, paper: .mm58, format: .text, timeout: 5).send([1]) } != nil)
  }
}
