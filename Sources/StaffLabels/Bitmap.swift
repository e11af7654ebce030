/// A 1-bit image, row-major, `true` is dark (ink). What every label output (terminal preview, PNG,
/// ESC/POS raster) is drawn from; the label layout places a QR and text lines on one canvas.
public struct Bitmap: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// Row-major, `width * height` values; true is dark.
  public private(set) var dark: [Bool]

  /// A light (blank) canvas. Negative sizes are taken as 0.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    dark = [Bool](repeating: false, count: self.width * self.height)
  }

  /// From row-major pixels; `nil` when the count is not `width * height`.
  public init?(width: Int, height: Int, dark: [Bool]) {
    guard width >= 0, height >= 0, dark.count == width * height else { return nil }
    self.width = width
    self.height = height
    self.dark = dark
  }

  /// A QR code with a light quiet zone of `quietZone` modules on each side, each module
  /// `moduleSize` × `moduleSize` pixels (values below 1 are taken as 1; a negative zone as 0).
  public init(matrix: QRMatrix, moduleSize: Int, quietZone: Int = 4) {
    let scale = max(1, moduleSize)
    let zone = max(0, quietZone)
    let side = (matrix.size + 2 * zone) * scale
    self.init(width: side, height: side)
    for r in 0..<matrix.size {
      var row = [Bool](repeating: false, count: matrix.size * scale)
      var any = false
      for c in 0..<matrix.size where matrix[r, c] {
        any = true
        for dx in 0..<scale { row[c * scale + dx] = true }
      }
      guard any else { continue }
      for dy in 0..<scale {
        let start = ((r + zone) * scale + dy) * side + zone * scale
        dark.replaceSubrange(start..<(start + row.count), with: row)
      }
    }
  }

  /// Whether (x, y) is dark; outside the image reads as light.
  public subscript(x x: Int, y y: Int) -> Bool {
    get { x >= 0 && y >= 0 && x < width && y < height && dark[y * width + x] }
    set {
      guard x >= 0, y >= 0, x < width, y < height else { return }
      dark[y * width + x] = newValue
    }
  }

  /// Copies `other` (its light pixels too) with its top-left corner at (x, y); whatever falls
  /// outside this bitmap is clipped.
  public mutating func place(_ other: Bitmap, x: Int, y: Int) {
    let x0 = max(0, x), x1 = min(width, x + other.width)
    let y0 = max(0, y), y1 = min(height, y + other.height)
    guard x0 < x1, y0 < y1 else { return }
    for yy in y0..<y1 {
      let src = (yy - y) * other.width + (x0 - x)
      let dst = yy * width + x0
      dark.replaceSubrange(dst..<(dst + x1 - x0), with: other.dark[src..<(src + x1 - x0)])
    }
  }

  /// The same picture with `count` light pixels added on every side.
  public func padded(_ count: Int) -> Bitmap {
    let n = max(0, count)
    var out = Bitmap(width: width + 2 * n, height: height + 2 * n)
    out.place(self, x: n, y: n)
    return out
  }

  /// 8-bit grey ("Y800": 0 black, 255 white), row-major: what the decoder reads.
  public func greyPixels() -> [UInt8] { dark.map { $0 ? 0 : 255 } }
}
