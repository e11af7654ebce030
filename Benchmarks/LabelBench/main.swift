// vgk-bench-labels: the figures behind `Label.level` and `Label.minimumVersion`, for
// `make bench-labels`. Draws QR codes at each error-correction level, minimum version and module
// size, puts every drawing through the same 36 cheap print/camera degradations, and counts how
// many one zbar pass (`QRDecoder.decode`) reads back; then reads one ORDER code, tilted and
// keystoned, with one zbar pass and with the whole ladder (`QRDecoder.scan`). Prints both as
// Markdown tables. The figures are counts of reads, not times: they are the same in every run and
// every build; there is no peer and no goal to set them against, so this benchmark has no
// --results for `make bench`'s report. With --png-dir DIR it also writes the sample labels (the
// three kinds, both papers) as PNG files to DIR, to look at or to photograph.
//
//     vgk-bench-labels [--png-dir DIR]
import BenchSupport
import Foundation
import StaffDomain
import StaffLabels
import StaffScan

#if canImport(Glibc)
  import Glibc
#endif

/// The command line.
struct Options {
  var pngDir: String?

  static let usage = "usage: vgk-bench-labels [--png-dir DIR]"

  static func parse(_ arguments: [String]) -> Options {
    var o = Options()
    var flags = Flags(arguments, usage: usage)
    while let arg = flags.next() {
      switch arg {
      case "--png-dir": o.pngDir = flags.text(arg)
      default: flags.unknown(arg)
      }
    }
    return o
  }
}

/// The three kinds, filled in as the database would.
let samples: [Label] = [
  Label(
    kind: .pickup, payload: "ORDER:2050001:K7Q2MX9A", title: "Order 2050001",
    lines: ["Shelf P-01", "M*** N***", "2026-11-20 14:02", "DLA-AKWA"]),
  Label(kind: .shelf, payload: "PRODUCT:700004", title: "Chargeur USB-C rapide 20 W", lines: ["PRODUCT 700004", "50\u{202F}000 FCFA"]),
  Label(
    kind: .transfer, payload: "INVENTORY:123456", title: "Transfer 12",
    lines: ["DLA-AKWA → DLA-BALI", "3 × 700004 Chargeur", "1 × 700123 Écouteurs sans fil (noir)"]),
]

/// Grey as floats, 0 black … 255 white.
struct Grey {
  var width: Int, height: Int, px: [Float]
  subscript(x x: Int, y y: Int) -> Float { x >= 0 && y >= 0 && x < width && y < height ? px[y * width + x] : 255 }

  /// A drawing with `pad` light pixels around it, on thermal paper: not pure black and white.
  init(_ b: Bitmap, pad: Int) {
    let p = b.padded(pad)
    self.init(width: p.width, height: p.height, px: p.dark.map { $0 ? 20 : 235 })
  }

  init(width: Int, height: Int, px: [Float]) {
    self.width = width
    self.height = height
    self.px = px
  }

  var bytes: [UInt8] { px.map { UInt8(max(0, min(255, $0.rounded()))) } }
}

/// The degradations, each cheap and deterministic.
enum Degrade {
  /// Area-averaging downscale by `f` (< 1): a camera with fewer pixels per dot than the printer.
  static func downscale(_ g: Grey, _ f: Float) -> Grey {
    let w = Int(Float(g.width) * f), h = Int(Float(g.height) * f)
    var sums = [Float](repeating: 0, count: w * h), counts = [Float](repeating: 0, count: w * h)
    for y in 0..<g.height {
      let oy = min(h - 1, Int(Float(y) * f))
      for x in 0..<g.width {
        let i = oy * w + min(w - 1, Int(Float(x) * f))
        sums[i] += g.px[y * g.width + x]
        counts[i] += 1
      }
    }
    return Grey(width: w, height: h, px: zip(sums, counts).map { $0 / max(1, $1) })
  }

  /// 3 × 3 box blur: ink spread and a soft focus.
  static func blur(_ g: Grey) -> Grey {
    var out = g
    for y in 0..<g.height {
      for x in 0..<g.width {
        var s: Float = 0
        for dy in -1...1 { for dx in -1...1 { s += g[x: x + dx, y: y + dy] } }
        out.px[y * g.width + x] = s / 9
      }
    }
    return out
  }

  /// A camera held at an angle: rotated by `degrees` and keystoned (the bottom edge about half of
  /// `keystone` narrower than the middle, the top as much wider), sampled bilinearly.
  static func tilt(_ g: Grey, degrees: Float, keystone: Float) -> Grey {
    var out = g
    let cx = Float(g.width) / 2, cy = Float(g.height) / 2
    let (c, s) = (Float(cos(Double(degrees) * .pi / 180)), Float(sin(Double(degrees) * .pi / 180)))
    for y in 0..<g.height {
      for x in 0..<g.width {
        let ny = (Float(y) - cy) / Float(g.height)  // −0.5 … 0.5
        let k = 1 + keystone * ny  // rows below the middle sample wider: drawn narrower
        let u = (Float(x) - cx) * k, v = Float(y) - cy
        let sx = c * u + s * v + cx, sy = -s * u + c * v + cy
        let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
        let fx = sx - Float(x0), fy = sy - Float(y0)
        let top = g[x: x0, y: y0] * (1 - fx) + g[x: x0 + 1, y: y0] * fx
        let bottom = g[x: x0, y: y0 + 1] * (1 - fx) + g[x: x0 + 1, y: y0 + 1] * fx
        out.px[y * g.width + x] = top * (1 - fy) + bottom * fy
      }
    }
    return out
  }

  /// Sensor noise, ±40 uniform, from a linear congruential generator seeded with `seed` (this
  /// generator, not another, so that the figures cited in Label.swift come out again).
  static func noise(_ g: Grey, seed: UInt64) -> Grey {
    var out = g
    var state = seed
    for i in out.px.indices {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      out.px[i] += Float(Int(state >> 33) % 81 - 40)
    }
    return out
  }
}

/// One zbar pass reads exactly `payload`.
func reads(_ g: Grey, _ payload: String) -> Bool {
  QRDecoder.decode(grey: g.bytes, width: g.width, height: g.height).map(\.data) == [payload]
}

/// The whole ladder (our locator and rectifier, then zbar's passes) reads exactly `payload`.
func readsLadder(_ g: Grey, _ payload: String) -> Bool {
  QRDecoder.scan(GreyImage(width: g.width, height: g.height, pixels: g.bytes)).symbols.map(\.data) == [payload]
}

/// The level's letter, as the QR standard names it.
func letter(_ level: QRMatrix.Level) -> String {
  switch level {
  case .low: "L"
  case .medium: "M"
  case .quartile: "Q"
  case .high: "H"
  }
}

let modules = Array(2...8)

/// Reads of 36 degradations (and of the 24 tilted ones) for each level, minimum version and
/// module size: 3 scales × 2 blurs × 3 tilts × 2 noises.
func decodeRates() throws -> [String] {
  let tilts: [(degrees: Float, keystone: Float)?] = [nil, (7, 0.15), (7, 0.25)]
  var rows = [
    "| payload | level | min version | version | size | " + modules.map { "\($0) dots" }.joined(separator: " | ") + " |",
    "|---|---|---:|---:|---:|" + String(repeating: "---:|", count: modules.count),
  ]
  for payload in ["ORDER:2050001:K7Q2MX9A", "PRODUCT:700004"] {
    for level in [QRMatrix.Level.low, .medium, .quartile] {
      // One row a symbol: where both minimum versions give the same one, the row names both.
      var symbols: [(minimums: [Int], matrix: QRMatrix)] = []
      for minimum in [1, 2] {
        let m = try QRMatrix.encode(payload, level: level, minimumVersion: minimum)
        if let i = symbols.firstIndex(where: { $0.matrix == m }) {
          symbols[i].minimums.append(minimum)
        } else {
          symbols.append(([minimum], m))
        }
      }
      for (minimums, m) in symbols {
        var cells: [String] = []
        for module in modules {
          let clean = Grey(Bitmap(matrix: m, moduleSize: module), pad: 24)
          var ok = 0, tiltedOK = 0
          for f in [Float(0.5), 0.6, 0.7] {
            for blurred in [false, true] {
              for tilt in tilts {
                for seed in [UInt64(0), 1] {
                  var g = clean
                  if let tilt { g = Degrade.tilt(g, degrees: tilt.degrees, keystone: tilt.keystone) }
                  if blurred { g = Degrade.blur(g) }
                  g = Degrade.downscale(g, f)
                  if seed > 0 { g = Degrade.noise(g, seed: seed) }
                  if reads(g, payload) {
                    ok += 1
                    if tilt != nil { tiltedOK += 1 }
                  }
                }
              }
            }
          }
          cells.append("\(ok) (\(tiltedOK))")
        }
        let name = "\(payload.prefix { $0 != ":" }) (\(payload.utf8.count) bytes)"
        rows.append("| \(name) | \(letter(level)) | \(minimums.map(String.init).joined(separator: ", ")) | \(m.version) | \(m.size) | " + cells.joined(separator: " | ") + " |")
      }
    }
  }
  return rows
}

/// One ORDER code (M, version 2), rotated and keystoned, read by one zbar pass and by the ladder.
func tiltVariants() throws -> [String] {
  let payload = "ORDER:2050001:K7Q2MX9A"
  let m = try QRMatrix.encode(payload, level: .medium, minimumVersion: 2)
  let variants: [(degrees: Float, keystone: Float)] = [(0, 0), (3, 0), (7, 0), (15, 0), (0, 0.15), (0, 0.3), (7, 0.3)]
  let word: (Bool) -> String = { $0 ? "yes" : "no" }
  var rows = ["| module dots | rotation ° | keystone | zbar, one pass | ladder (`scan`) |", "|---:|---:|---:|---|---|"]
  for module in [4, 6, 8] {
    let clean = Grey(Bitmap(matrix: m, moduleSize: module), pad: 24)
    for (d, k) in variants {
      let g = Degrade.tilt(clean, degrees: d, keystone: k)
      rows.append("| \(module) | \(Int(d)) | \(String(format: "%g", k)) | \(word(reads(g, payload))) | \(word(readsLadder(g, payload))) |")
    }
  }
  return rows
}

/// Writes each sample label on each paper to `dir` as `KIND-PAPER.png`.
func writePNGs(to dir: String) throws -> Int {
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  var written = 0
  for label in samples {
    for paper in ESCPOS.Paper.allCases {
      try Data(try label.png(paper: paper)).write(to: URL(fileURLWithPath: "\(dir)/\(label.kind)-\(paper).png"))
      written += 1
    }
  }
  return written
}

/// A file error's cause in a few words (the system's, when there is one).
func reason(_ error: Error) -> String {
  let ns = error as NSError
  let posix = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError } ?? ns
  return posix.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(posix.code))) : "\(error)"
}

func run(_ options: Options) throws {
  let start = milliseconds()
  if let dir = options.pngDir {
    do {
      let n = try writePNGs(to: dir)
      print("vgk-bench-labels: \(n) sample labels written to \(dir).")
    } catch {
      fail("cannot write the sample labels to \(dir): \(reason(error))")
    }
  }
  let zbar = QRDecoder.libraryVersions.first { $0.name == "zbar" }?.version ?? "?"
  print("vgk-bench-labels: libqrencode \(QRMatrix.libraryVersion), zbar \(zbar).")
  print("")
  print("Decode rates: each code drawn at 2…8 dots a module with 24 light pixels around, then put through 36 degradations")
  print("(downscaled to 0.5/0.6/0.7 with averaging; with and without a 3 × 3 blur; straight or tilted 7° with a 15 % or 25 %")
  print("keystone; with and without ±40 sensor noise), read by one zbar pass (`QRDecoder.decode`). A cell: reads of 36")
  print("(of them tilted, of 24).")
  print("")
  for row in try decodeRates() { print(row) }
  print("")
  print("Tilt variants: the ORDER code at M, version 2, rotated and keystoned (the bottom edge narrower by about half the keystone),")
  print("read by one zbar pass (`QRDecoder.decode`) and by the whole ladder (`QRDecoder.scan`).")
  print("")
  for row in try tiltVariants() { print(row) }
  print("")
  print(String(format: "vgk-bench-labels: %.1f s.", (milliseconds() - start) / 1000))
}

do {
  try run(Options.parse(Array(CommandLine.arguments.dropFirst())))
} catch {
  fail("\(error)")
}
