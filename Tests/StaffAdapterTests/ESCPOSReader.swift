import StaffLabels
import StaffScan

// What the label suites share: reading a printer stream back, and decoding a bitmap.

func decoded(_ b: Bitmap) -> [String] {
  QRDecoder.decode(grey: b.greyPixels(), width: b.width, height: b.height).map(\.data)
}

/// ESC/POS read back: the commands the writer may emit, nothing else.
enum Command: Equatable {
  case initialise
  case raster(mode: UInt8, widthBytes: Int, height: Int, data: [UInt8])
  case text([UInt8])
  case feed(UInt8)
  case cut(mode: UInt8, n: UInt8)
}

struct Unparsable: Error { var at: Int }

func parse(_ s: [UInt8]) throws -> [Command] {
  var out: [Command] = []
  var i = 0
  func need(_ n: Int) throws { if i + n > s.count { throw Unparsable(at: i) } }
  while i < s.count {
    switch s[i] {
    case 0x1B:
      try need(2)
      switch s[i + 1] {
      case 0x40: out.append(.initialise); i += 2
      case 0x64: try need(3); out.append(.feed(s[i + 2])); i += 3
      default: throw Unparsable(at: i)
      }
    case 0x1D:
      try need(2)
      switch s[i + 1] {
      case 0x76:
        try need(8)
        guard s[i + 2] == 0x30 else { throw Unparsable(at: i) }
        let w = Int(s[i + 4]) | Int(s[i + 5]) << 8, h = Int(s[i + 6]) | Int(s[i + 7]) << 8
        try need(8 + w * h)
        out.append(.raster(mode: s[i + 3], widthBytes: w, height: h, data: Array(s[(i + 8)..<(i + 8 + w * h)])))
        i += 8 + w * h
      case 0x56:
        try need(3)
        if s[i + 2] == 65 || s[i + 2] == 66 {
          try need(4); out.append(.cut(mode: s[i + 2], n: s[i + 3])); i += 4
        } else {
          out.append(.cut(mode: s[i + 2], n: 0)); i += 3
        }
      default: throw Unparsable(at: i)
      }
    case 0x20..<0x7F:
      var line: [UInt8] = []
      while i < s.count && s[i] != 0x0A {
        guard (0x20..<0x7F).contains(s[i]) else { throw Unparsable(at: i) }
        line.append(s[i]); i += 1
      }
      try need(1)
      out.append(.text(line)); i += 1
    case 0x0A: out.append(.text([])); i += 1
    default: throw Unparsable(at: i)
    }
  }
  return out
}

/// The rasters of a stream stacked back into one bitmap, as wide as the paper.
func rasterImage(_ commands: [Command]) -> Bitmap? {
  var rows: [[Bool]] = []
  var width: Int?
  for case .raster(_, let w, let h, let data) in commands {
    if let width, width != w * 8 { return nil }
    width = w * 8
    for y in 0..<h { rows.append((0..<(w * 8)).map { x in data[y * w + x / 8] & (0x80 >> UInt8(x % 8)) != 0 }) }
  }
  guard let width else { return nil }
  return Bitmap(width: width, height: rows.count, dark: rows.flatMap { $0 })
}

