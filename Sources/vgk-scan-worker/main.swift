// vgk-scan-worker: decodes images sent by its parent and answers each on the same socket
// (StaffScan.WorkerProtocol). Started by the console, `vgk-staff watch`, `decode` and `scan`
// under CPU-time and address-space limits, with an empty environment and no other descriptors:
// the only process that parses untrusted image bytes. It serves requests until its parent closes
// the socket; the parent replaces it after a failure or a number of images.
import CProcess
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
var cpuSeconds = 0
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
  switch arg {
  case "--max-pixels":
    guard let value = args.popFirst().flatMap({ Int($0) }), value >= 1 else { fail("--max-pixels needs a positive number") }
    pixelCap = value
  case "--decoded-pixels":
    guard let value = args.popFirst().flatMap({ Int($0) }), value >= 1 else { fail("--decoded-pixels needs a positive number") }
    decodedPixels = value
  case "--cpu-seconds":
    guard let value = args.popFirst().flatMap({ Int($0) }), value >= 0 else { fail("--cpu-seconds needs a whole number") }
    cpuSeconds = value
  default:
    fail("unknown argument \(arg) (this program is started by vgk-staff; see vgk-staff(1))")
  }
}

/// Gives the next image its own CPU time: the soft limit becomes what was used so far plus
/// `cpuSeconds` (one image's), within the hard limit the parent set for the worker's whole life. Done before the
/// image's bytes are parsed, while this process can still be trusted.
func grantCPU(_ cpuSeconds: Int) {
  guard cpuSeconds > 0 else { return }
  var usage = rusage()
  var limit = rlimit()
  guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0, getrlimit(Int32(RLIMIT_CPU.rawValue), &limit) == 0 else { return }
  let used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1)
  limit.rlim_cur = min(used + rlim_t(cpuSeconds), limit.rlim_max)
  _ = setrlimit(Int32(RLIMIT_CPU.rawValue), &limit)
}

@MainActor func scan(_ fd: Int32, size: Int) -> Result<QRDecoder.Found, ImageError> {
  QRDecoder.scan(fileDescriptor: fd, size: size, pixelCap: pixelCap, decodedPixels: decodedPixels)
}

// A regular file on standard input (run by hand, or measured by the tests): one image, request 0.
var inputStat = stat()
if fstat(0, &inputStat) == 0, (inputStat.st_mode & S_IFMT) == S_IFREG {
  let reply = WorkerProtocol.encode(scan(0, size: Int(inputStat.st_size)))
  exit(FileOutput.writeAll(1, Array(reply.utf8)) ? 0 : 2)
}

// Requests: one line each, the image attached as an in-memory file.
var line: [UInt8] = []
var image: Int32 = -1
var chunk = [UInt8](repeating: 0, count: WorkerProtocol.maximumRequestBytes)
while true {
  var received: Int32 = -1
  let n = chunk.withUnsafeMutableBytes { buffer -> Int in
    guard let base = buffer.baseAddress else { return -1 }
    return vgk_recv_with_fd(0, base, buffer.count, &received)
  }
  if received >= 0 {
    if image >= 0 { fail("two images for one request") }
    image = received
  }
  if n < 0 { fail("cannot read a request: \(String(cString: strerror(errno)))") }
  if n == 0 {
    if line.isEmpty && image < 0 { exit(0) }
    fail("the request ends early")
  }
  line.append(contentsOf: chunk.prefix(n))
  guard let newline = line.firstIndex(of: 0x0A) else {
    if line.count > WorkerProtocol.maximumRequestBytes { fail("a request line too long") }
    continue
  }
  guard newline == line.count - 1, let request = WorkerProtocol.parseRequest(Array(line.prefix(newline))) else {
    fail("a request that is not one")
  }
  guard image >= 0 else { fail("a request without its image") }
  var imageStat = stat()
  let result: Result<QRDecoder.Found, ImageError>
  if fstat(image, &imageStat) == 0, (imageStat.st_mode & S_IFMT) == S_IFREG, Int(imageStat.st_size) == request.size,
    lseek(image, 0, SEEK_SET) == 0
  {
    grantCPU(cpuSeconds)
    result = scan(image, size: request.size)
  } else {
    fail("the image attached is not the file the request describes")
  }
  close(image)
  image = -1
  line.removeAll(keepingCapacity: true)
  guard FileOutput.writeAll(1, Array(WorkerProtocol.encode(result, request: request.number).utf8)) else { exit(2) }
}
