import ArgumentParser
import StaffDomain
import StaffScan
import StaffServices

/// `vgk-staff decode`: QR codes from image files, touching no data (it opens no database).
struct Decode: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Decode the QR codes in image files (JPEG, PNG, PGM/PPM), touching no data.",
    discussion: """
      Text: one line FILE<TAB>PAYLOAD per code found; problems go to standard error. JSON: one \
      object per file. Exit status 0 when every file held a code, 1 when some held none, 2 when a \
      file could not be read.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "One JSON object per file: {\"file\", \"symbols\": [{\"type\", \"data\"}], \"error\"}.") var json = false
  @Option(help: ArgumentHelp("Refuse images of more pixels than this (default 40000000, or max_pixels in the config).", valueName: "n"))
  var maxPixels: Int?
  @Argument(help: ArgumentHelp("Image files.", valueName: "file")) var files: [String]

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("Give at least one image file.") }
    guard (maxPixels ?? 1) >= 1 else { throw ValidationError("--max-pixels must be at least 1.") }
  }

  func run() throws {
    // Each file is decoded in the sandboxed worker: a file that crashes or starves the decoder
    // is reported like any unreadable file and the next one goes on.
    let decoder = try Environment.resolve(global).sandboxedDecoder(pixelCap: maxPixels)
    var unreadable = false
    var empty = false
    for file in files {
      let symbols: [QRDecoder.Symbol]
      do {
        symbols = try decoder.decode(try ImageLoader.readFile(file)).get().symbols
      } catch {
        unreadable = true
        if json {
          printJSON([("file", .string(file)), ("symbols", .array([])), ("error", .string(error.reason))])
        } else {
          printError("vgk-staff: \(Visible.field(file)): \(error.reason)")
        }
        continue
      }
      if symbols.isEmpty { empty = true }
      if json {
        let list = symbols.map { JSON.object([("type", .string($0.type)), ("data", .string($0.data))]) }
        printJSON([("file", .string(file)), ("symbols", .array(list)), ("error", .null)])
      } else {
        for s in symbols { print("\(Visible.field(file))\t\(Visible.field(s.data))") }
        if symbols.isEmpty { printError("vgk-staff: \(Visible.field(file)): no QR code found") }
      }
    }
    if unreadable { throw ExitCode(2) }
    if empty { throw ExitCode(1) }
  }
}
