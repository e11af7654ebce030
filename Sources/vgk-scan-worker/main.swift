// vgk-scan-worker: decodes one image read from standard input and answers on standard output
// (StaffScan.WorkerProtocol). Started by the console, `vgk-staff watch` and `vgk-staff scan` under
// CPU-time and address-space limits, with an empty environment and no other descriptors: it is
// the only process that parses untrusted image bytes.
import StaffScan

#if canImport(Glibc)
  import Glibc
#endif

func fail(_ message: String) -> Never {
  _ = FileOutput.writeAll(2, Array("vgk-scan-worker: \(message)\n".utf8))
  exit(2)
}

var pixelCap = ImageLoader.defaultPixelCap
var decodedPixels = ImageLoader.decodedPixelBudget
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
  switch arg {
  case "--max-pixels":
    guard let value = args.popFirst().flatMap({ Int($0) }), value >= 1 else { fail("--max-pixels needs a positive number") }
    pixelCap = value
  case "--decoded-pixels":
    guard let value = args.popFirst().flatMap({ Int($0) }), value >= 1 else { fail("--decoded-pixels needs a positive number") }
    decodedPixels = value
  default:
    fail("unknown argument \(arg) (this program is started by vgk-staff; see vgk-staff(1))")
  }
}

// The sandbox gives the image as an in-memory file: decoded from the file (a JPEG a block at a
// time, not held whole). Anything else on standard input (a pipe) is read into memory first.
var inputStat = stat()
if fstat(0, &inputStat) == 0, (inputStat.st_mode & S_IFMT) == S_IFREG {
  let reply = WorkerProtocol.encode(
    QRDecoder.scan(fileDescriptor: 0, size: Int(inputStat.st_size), pixelCap: pixelCap, decodedPixels: decodedPixels))
  exit(FileOutput.writeAll(1, Array(reply.utf8)) ? 0 : 2)
}

var input: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 1 << 16)
while true {
  let n = chunk.withUnsafeMutableBytes { buffer -> Int in
    guard let base = buffer.baseAddress else { return -1 }
    return read(0, base, buffer.count)
  }
  if n < 0 && errno == EINTR { continue }
  if n < 0 { fail("cannot read the image: \(String(cString: strerror(errno)))") }
  if n == 0 { break }
  input.append(contentsOf: chunk.prefix(n))
  if input.count > ImageLoader.maximumFileSize { break }
}

let result: Result<QRDecoder.Found, ImageError>
if input.count > ImageLoader.maximumFileSize {
  result = .failure(ImageError(.tooLarge, "over the \(ImageLoader.maximumFileSize >> 20) MiB a photo can be"))
} else {
  result = QRDecoder.scan(imageBytes: input, pixelCap: pixelCap, decodedPixels: decodedPixels)
}
let reply = WorkerProtocol.encode(result)
exit(FileOutput.writeAll(1, Array(reply.utf8)) ? 0 : 2)
