// vgk-bench-scan: the decoder's side of `make bench-scan` (Benchmarks/scan/bench.py drives it).
// For each file: read it, decode it exactly as the decoding worker does (QRDecoder.scan(imageBytes:)),
// and print one line:
//     FILE<TAB>MILLISECONDS<TAB>PASS<TAB>PAYLOAD-HEX[,PAYLOAD-HEX...]
// MILLISECONDS is the median of --repeat runs, from the read of the file to the decoded text.
// With --worker PATH each run goes through the sandboxed worker process instead, fork and exec
// included, to show what isolation costs.
import StaffDomain
import StaffScan

#if canImport(Glibc)
  import Glibc
#endif

func fail(_ message: String) -> Never {
  _ = FileOutput.writeAll(2, Array("vgk-bench-scan: \(message)\n".utf8))
  exit(2)
}

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

var repeats = 3
var worker: String?
var files: [String] = []
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
  switch arg {
  case "--repeat":
    guard let n = args.popFirst().flatMap({ Int($0) }), n >= 1 else { fail("--repeat needs a positive number") }
    repeats = n
  case "--worker":
    guard let path = args.popFirst() else { fail("--worker needs the worker's path") }
    worker = path
  case let a where a.hasPrefix("-"):
    fail("unknown option \(a); usage: vgk-bench-scan [--repeat N] [--worker PATH] FILE...")
  default:
    files.append(arg)
  }
}
let sandbox = worker.map { SandboxedDecoder(workerPath: $0) }

for file in files {
  var times: [Double] = []
  var last: Result<QRDecoder.Found, ImageError> = .failure(ImageError(.unreadable, "not run"))
  for _ in 0..<repeats {
    let start = now()
    do {
      let bytes = try ImageLoader.readFile(file)
      last = sandbox.map { $0.decode(bytes) } ?? QRDecoder.scan(imageBytes: bytes)
    } catch {
      last = .failure(error)
    }
    times.append(now() - start)
  }
  times.sort()
  let ms = times[times.count / 2]
  let line: String
  switch last {
  case .success(let found):
    let payloads = found.symbols.map { Hex.encode($0.data.utf8) }.joined(separator: ",")
    line = "\(file)\t\(ms)\t\(found.pass?.rawValue ?? "none")\t\(payloads)"
  case .failure(let error):
    line = "\(file)\t\(ms)\terror:\(error.kind.rawValue)\t"
  }
  _ = FileOutput.writeAll(1, Array((line + "\n").utf8))
}
