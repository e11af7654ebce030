// vgk-fuzz: `make fuzz`'s libFuzzer program, and in an ordinary build a replayer of saved inputs.
// Built with -DFUZZING (Makefile, target fuzz) it is libFuzzer's entry point for the target named
// by VGK_FUZZ_TARGET; otherwise `vgk-fuzz TARGET FILE...` runs the target on each file.
import StaffFuzz

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a line to standard error (unbuffered: the process may abort right after).
func complain(_ text: String) {
  var bytes = Array(text.utf8)
  while !bytes.isEmpty {
    let n = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    if n <= 0 { return }
    bytes.removeFirst(n)
  }
}

#if FUZZING
  /// The target, read once from the environment; the Makefile always sets it.
  let selected: FuzzTarget = {
    guard let name = getenv("VGK_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
      complain("vgk-fuzz: set VGK_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n")
      exit(2)
    }
    return target
  }()

  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let broken = selected.run(bytes) {
      complain("vgk-fuzz \(selected.rawValue): \(broken)\n")
      abort()  // libFuzzer saves the input as a crash file.
    }
    return 0
  }

  /// libFuzzer's driver, for a program that has its own `main` (FuzzerInterface.h).
  @_silgen_name("LLVMFuzzerRunDriver")
  func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  /// SwiftPM links an executable with `main` defined as `<module>_main`, so libFuzzer's own `main`
  /// is never pulled in: this is that entry point, and it hands over to libFuzzer's driver.
  @_cdecl("vgk_fuzz_main")
  public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return runFuzzerDriver(&count, &vector) { data, size in fuzzOne(data, size) }
  }
#else
  @main struct Replay {
    static func main() {
      var args = CommandLine.arguments.dropFirst()
      guard let name = args.popFirst(), let target = FuzzTarget(rawValue: name), !args.isEmpty else {
        complain("usage: vgk-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n")
        exit(2)
      }
      var failed = false
      for path in args {
        guard let bytes = read(path) else {
          complain("vgk-fuzz: cannot read \(path)\n")
          exit(2)
        }
        if let broken = target.run(bytes) {
          print("\(path): \(broken)")
          failed = true
        }
      }
      exit(failed ? 1 : 0)
    }

    static func read(_ path: String) -> [UInt8]? {
      guard let file = fopen(path, "rb") else { return nil }
      defer { fclose(file) }
      var out: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 65536)
      while true {
        let n = fread(&chunk, 1, chunk.count, file)
        out += chunk.prefix(n)
        if n < chunk.count { return ferror(file) == 0 ? out : nil }
      }
    }
  }
#endif
