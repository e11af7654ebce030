#if canImport(Glibc)
  import Glibc
#endif

/// Turns three finder patterns into a map of the code, and the map into an upright, evenly lit
/// crop of the code for zbar.
///
/// zbar finds and reads codes by itself, but it scans every line of the frame (the costliest
/// part of decoding a photo), and it models a code seen at a slant poorly when the code has no
/// alignment pattern (version 1) or when its modules are under about 2.5 pixels. The maps tried
/// here: the parallelogram the finders' centres span (no perspective); the symbol's outline
/// traced from the finders' own outer edges (the top edge runs along the top of the two upper
/// finders, the left edge along the two left ones, and the far corner is where the right edge
/// of the top-right finder meets the bottom edge of the bottom-left one, which holds under
/// perspective); and the finders' centres with the alignment pattern, or with that traced far
/// corner. The timing patterns judge between them (`timingScore`).
struct Rectifier {
  struct Point: Equatable {
    var x: Double
    var y: Double
  }

  let image: GreyImage
  let thresholds: ThresholdMap

  /// Pixels per module in the crop handed to zbar.
  static let cropModule = 5.0
  /// Modules of the frame kept around the symbol (its quiet zone, as the camera saw it).
  static let margin = 2.0

  /// The symbol's corners (top-left, top-right, bottom-right, bottom-left) from the finders'
  /// edges (their `outline`s), or nil when the edges cannot be traced.
  func corners(_ t: Locator.Triple, outlines: (topLeft: [Point], topRight: [Point], bottomLeft: [Point])) -> [Point]? {
    let u = unit(t.topRight.x - t.topLeft.x, t.topRight.y - t.topLeft.y)
    let v = unit(t.bottomLeft.x - t.topLeft.x, t.bottomLeft.y - t.topLeft.y)
    guard let tl = sides(of: t.topLeft, outlines.topLeft, u: u, v: v), let tr = sides(of: t.topRight, outlines.topRight, u: u, v: v),
      let bl = sides(of: t.bottomLeft, outlines.bottomLeft, u: u, v: v),
      let top = Line.fit(tl.top + tr.top), let left = Line.fit(tl.left + bl.left),
      let right = Line.fit(tr.right), let bottom = Line.fit(bl.bottom),
      let c0 = top.intersection(left), let c1 = top.intersection(right), let c2 = right.intersection(bottom),
      let c3 = left.intersection(bottom)
    else { return nil }
    let quad = [c0, c1, c2, c3]
    // Each finder's centre lies 3.5 modules in from its corner along both edges: about 5
    // modules away. A corner far from that is a traced edge gone astray.
    for (corner, finder) in [(c0, t.topLeft), (c1, t.topRight), (c3, t.bottomLeft)] {
      let d = distance(corner, Point(x: finder.x, y: finder.y)) / finder.module
      guard d > 2.5 && d < 10 else { return nil }
    }
    guard Rectifier.isConvex(quad) else { return nil }
    // The far corner: within half the code's size of where a parallelogram would put it.
    let guess = parallelogram(t)[2]
    guard distance(c2, guess) < 0.5 * distance(c0, c2) else { return nil }
    return quad
  }

  /// The corners assuming no perspective: each finder's corner 3.5 modules out from its
  /// centre, and the fourth completing the parallelogram.
  func parallelogram(_ t: Locator.Triple) -> [Point] {
    let ux = t.topRight.x - t.topLeft.x, uy = t.topRight.y - t.topLeft.y
    let vx = t.bottomLeft.x - t.topLeft.x, vy = t.bottomLeft.y - t.topLeft.y
    let lu = (ux * ux + uy * uy).squareRoot(), lv = (vx * vx + vy * vy).squareRoot()
    // Distance between finder centres in modules is (size - 7); the centre is 3.5 in.
    let mu = (t.topLeft.module + t.topRight.module) / 2, mv = (t.topLeft.module + t.bottomLeft.module) / 2
    let su = 3.5 * mu / lu, sv = 3.5 * mv / lv
    let ox = t.topLeft.x - su * ux - sv * vx, oy = t.topLeft.y - su * uy - sv * vy
    let ex = ux * (1 + 2 * su), ey = uy * (1 + 2 * su)
    let fx = vx * (1 + 2 * sv), fy = vy * (1 + 2 * sv)
    return [
      Point(x: ox, y: oy), Point(x: ox + ex, y: oy + ey), Point(x: ox + ex + fx, y: oy + ey + fy), Point(x: ox + fx, y: oy + fy),
    ]
  }

  /// Points on a finder's outer edge, sorted by side: rays from the centre cross the centre
  /// square, the gap and the ring; the third crossing of the local threshold is the edge.
  struct Sides {
    var top: [Point] = []
    var bottom: [Point] = []
    var left: [Point] = []
    var right: [Point] = []
  }

  /// Where 48 rays from a finder's centre leave its outer ring.
  func outline(of f: Locator.Finder) -> [Point] {
    let rays = 48
    var points: [Point] = []
    points.reserveCapacity(rays)
    for k in 0..<rays {
      let angle = Double(k) * 2 * Double.pi / Double(rays)
      if let p = edge(from: f, dx: cos(angle), dy: sin(angle)) { points.append(p) }
    }
    return points
  }

  /// A finder's outline sorted by side, in the code's axes `u` (towards the top-right finder)
  /// and `v` (towards the bottom-left one).
  func sides(of f: Locator.Finder, _ outline: [Point], u: Point, v: Point) -> Sides? {
    var s = Sides()
    let determinant = u.x * v.y - u.y * v.x
    guard abs(determinant) > 0.2 else { return nil }
    for p in outline {
      // In the code's own axes: p - centre = a·u + b·v.
      let dx = p.x - f.x, dy = p.y - f.y
      let a = (dx * v.y - dy * v.x) / determinant
      let b = (u.x * dy - u.y * dx) / determinant
      // Near a corner a point could belong to either side: leave it out.
      guard abs(abs(a) - abs(b)) > 0.35 * max(abs(a), abs(b)) else { continue }
      if abs(a) > abs(b) {
        if a > 0 { s.right.append(p) } else { s.left.append(p) }
      } else {
        if b > 0 { s.bottom.append(p) } else { s.top.append(p) }
      }
    }
    return s
  }

  /// The third threshold crossing along a ray from the finder's centre, to a tenth of a pixel.
  func edge(from f: Locator.Finder, dx: Double, dy: Double) -> Point? {
    let step = max(0.35, min(1.0, f.module / 4))
    let reach = f.module * 9
    var crossings = 0
    var previous = sample(f.x, f.y)
    var previousDark = previous.value < previous.threshold
    let centreDark = previousDark
    guard centreDark != f.inverted else { return nil }
    var t = step
    while t <= reach {
      let x = f.x + dx * t, y = f.y + dy * t
      guard x >= 0, y >= 0, x < Double(image.width - 1), y < Double(image.height - 1) else { return nil }
      let here = sample(x, y)
      let dark = here.value < here.threshold
      if dark != previousDark {
        crossings += 1
        if crossings == 3 {
          // Where the grey crossed the threshold between the two samples.
          let a = previous.value - previous.threshold, b = here.value - here.threshold
          let share = a == b ? 0.5 : max(0, min(1, a / (a - b)))
          let at = t - step + step * share
          return Point(x: f.x + dx * at, y: f.y + dy * at)
        }
        previousDark = dark
      }
      previous = here
      t += step
    }
    return nil
  }

  /// The grey value (bilinear) and the local threshold at a point.
  @inline(__always)
  func sample(_ x: Double, _ y: Double) -> (value: Double, threshold: Double) {
    let v = bilinear(x, y)
    let xi = max(0, min(image.width - 1, Int(x))), yi = max(0, min(image.height - 1, Int(y)))
    return (v, Double(thresholds.threshold(x: xi, y: yi)))
  }

  @inline(__always)
  func bilinear(_ x: Double, _ y: Double) -> Double {
    let w = image.width, h = image.height
    let cx = max(0, min(Double(w - 1) - 0.001, x)), cy = max(0, min(Double(h - 1) - 0.001, y))
    let x0 = Int(cx), y0 = Int(cy)
    let fx = cx - Double(x0), fy = cy - Double(y0)
    return image.pixels.withUnsafeBufferPointer { p in
      let i = y0 * w + x0
      let a = Double(p[i]), b = Double(p[i + 1]), c = Double(p[i + w]), d = Double(p[i + w + 1])
      return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
    }
  }

  /// How well the timing patterns (row 6 and column 6, alternating dark and light between the
  /// finders) show through `h`, a map from module coordinates (0...modules across) to the
  /// frame: the share of their modules that read as they should, 0 to 1. A wrong module count,
  /// a bad map, or three finders that are not one code read near a half.
  func timingScore(_ h: Homography, modules: Int, inverted: Bool) -> Double {
    guard modules >= 21 else { return 0 }
    var right = 0
    var total = 0
    for i in 8...(modules - 9) {
      let shouldBeDark = i % 2 == 0
      for (row, column) in [(6.5, Double(i) + 0.5), (Double(i) + 0.5, 6.5)] {
        let p = h.map(column, row)
        guard p.x >= 0, p.y >= 0, p.x < Double(image.width - 1), p.y < Double(image.height - 1) else { return 0 }
        let s = sample(p.x, p.y)
        if ((s.value < s.threshold) != inverted) == shouldBeDark { right += 1 }
        total += 1
      }
    }
    return Double(right) / Double(total)
  }

  /// Resamples the code through `h` (a map from module coordinates to the frame), with a margin
  /// of 2 modules, upright at `cropModule` pixels per module (4 for codes of more than 57
  /// modules), dark on light, with its contrast stretched from the 2nd to the 98th percentile.
  /// `samples` x `samples` points are averaged per pixel (more than one evens out sensor noise
  /// where the code is large in the frame).
  func crop(_ h: Homography, modules: Int, inverted: Bool, samples k: Int = 1) -> GreyImage? {
    guard modules >= 21, modules <= 177, k >= 1 else { return nil }
    let total = Double(modules) + 2 * Rectifier.margin
    let pixelsPerModule = modules > 57 ? 4.0 : Rectifier.cropModule
    let side = Int(total * pixelsPerModule + 0.5)
    var out = [UInt8](repeating: 255, count: side * side)
    var histogram = [Int](repeating: 0, count: 256)
    let scale = 1 / pixelsPerModule  // crop pixels to modules
    let offset = Rectifier.margin
    let w = image.width, ht = image.height
    let maxX = Double(w - 1) - 0.001, maxY = Double(ht - 1) - 0.001
    let weight = 1 / Double(k * k)
    let sub = 1 / Double(k)
    image.pixels.withUnsafeBufferPointer { px in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<side {
          for sy in 0..<k {
            let v = (Double(y) + (Double(sy) + 0.5) * sub) * scale - offset
            // Along a row the homography's numerators and denominator change linearly.
            let u0 = (0.5 * sub) * scale - offset
            var nx = h.a * u0 + h.b * v + h.c, ny = h.d * u0 + h.e * v + h.f, dw = h.g * u0 + h.h * v + h.i
            let step = sub * scale
            let snx = h.a * step, sny = h.d * step, sdw = h.g * step
            var column = 0
            var inPixel = 0
            var sum = 0.0
            for _ in 0..<(side * k) {
              let cx = max(0, min(maxX, nx / dw)), cy = max(0, min(maxY, ny / dw))
              let x0 = Int(cx), y0 = Int(cy)
              let fx = cx - Double(x0), fy = cy - Double(y0)
              let i = y0 * w + x0
              let a = Double(px[i]), b = Double(px[i + 1]), c = Double(px[i + w]), d = Double(px[i + w + 1])
              sum += (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
              nx += snx
              ny += sny
              dw += sdw
              inPixel += 1
              if inPixel == k {
                let index = y * side + column
                if sy == 0 {
                  dst[index] = UInt8(max(0, min(255, Int(sum * weight + 0.5))))
                } else {
                  dst[index] = UInt8(max(0, min(255, Int(dst[index]) + Int(sum * weight + 0.5))))
                }
                sum = 0
                inPixel = 0
                column += 1
              }
            }
          }
        }
        if inverted { for i in 0..<dst.count { dst[i] = 255 - dst[i] } }
        for i in 0..<dst.count { histogram[Int(dst[i])] += 1 }
      }
    }
    // Stretch: 2nd percentile to black, 98th to white.
    let count = side * side
    var seen = 0
    var low = 0
    while low < 255 && seen + histogram[low] < count / 50 { seen += histogram[low]; low += 1 }
    seen = 0
    var high = 255
    while high > 0 && seen + histogram[high] < count / 50 { seen += histogram[high]; high -= 1 }
    if high - low >= 8 {
      var table = [UInt8](repeating: 0, count: 256)
      for v in 0..<256 { table[v] = UInt8(max(0, min(255, (v - low) * 255 / (high - low)))) }
      for i in 0..<count { out[i] = table[Int(out[i])] }
    }
    return GreyImage(width: side, height: side, pixels: out)
  }

  /// How many samples per crop pixel average the source pixels under it (1 to 3), for a map
  /// from module coordinates.
  static func samples(for h: Homography, modules: Int) -> Int {
    let pixelsPerModule = modules > 57 ? 4.0 : cropModule
    let n = Double(modules)
    let o = h.map(0, 0)
    let sourceModule = (distance(o, h.map(n, 0)) + distance(o, h.map(0, n))) / 2 / n
    return max(1, min(3, Int(sourceModule / pixelsPerModule + 0.5)))
  }

  /// The map from module coordinates that puts the three finders' centres where they were
  /// seen and `fourth` (module coordinates) on `seen`: finder centres are the best measured
  /// points of a code, so this beats the traced outline when the fourth point is good.
  static func fromCentres(_ t: Locator.Triple, modules: Int, fourth: Point, seen: Point) -> Homography? {
    let n = Double(modules)
    let src = [Point(x: 3.5, y: 3.5), Point(x: n - 3.5, y: 3.5), fourth, Point(x: 3.5, y: n - 3.5)]
    let dst = [
      Point(x: t.topLeft.x, y: t.topLeft.y), Point(x: t.topRight.x, y: t.topRight.y), seen,
      Point(x: t.bottomLeft.x, y: t.bottomLeft.y),
    ]
    guard isConvex(dst) else { return nil }
    return Homography(from: src, to: dst)
  }

  /// The alignment pattern (a dark module in a light ring in a dark ring, 5 modules across) of
  /// a code of version 2 or more, searched for within 4 modules of where `h` puts it: the
  /// pattern's centre, or nil. The bottom-right one sits 6.5 modules in from both far edges.
  func alignment(_ h: Homography, modules: Int, inverted: Bool) -> Point? {
    guard modules >= 25 else { return nil }
    let n = Double(modules)
    let expected = h.map(n - 6.5, n - 6.5)
    let module = (distance(h.map(n - 7, n - 7), h.map(n - 6, n - 7)) + distance(h.map(n - 7, n - 7), h.map(n - 7, n - 6))) / 2
    guard module >= 1, module * 8 < Double(min(image.width, image.height)), expected.x >= 0, expected.y >= 0,
      expected.x < Double(image.width), expected.y < Double(image.height)
    else { return nil }
    let reach = Int(module * 4 + 1)
    let cx = Int(expected.x), cy = Int(expected.y)
    let w = image.width, ht = image.height
    let x0 = max(1, cx - reach), x1 = min(w - 2, cx + reach)
    let y0 = max(1, cy - reach), y1 = min(ht - 2, cy + reach)
    guard x1 > x0, y1 > y0 else { return nil }
    // The window read once as dark or light, with a margin of a reach for the runs' ends.
    let bx0 = max(0, x0 - reach), bx1 = min(w - 1, x1 + reach)
    let by0 = max(0, y0 - reach), by1 = min(ht - 1, y1 + reach)
    let bw = bx1 - bx0 + 1, bh = by1 - by0 + 1
    var darkness = [Bool](repeating: false, count: bw * bh)
    image.pixels.withUnsafeBufferPointer { px in
      for y in by0...by1 {
        for x in bx0...bx1 {
          darkness[(y - by0) * bw + x - bx0] = (Int(px[y * w + x]) < thresholds.threshold(x: x, y: y)) != inverted
        }
      }
    }
    var best: Point?
    var bestDistance = Double.infinity
    // A dark run of about a module with a light run of about a module on each side and dark
    // beyond, along `step` from `start` (indices into `darkness`), which has `before` and
    // `after` steps of window on either side: the run's centre as an offset from `start`.
    func centreRun(_ start: Int, step: Int, before: Int, after: Int) -> Double? {
      guard darkness[start] else { return nil }
      var a = 0, b = 0
      while a < before && darkness[start - (a + 1) * step] { a += 1 }
      while b < after && darkness[start + (b + 1) * step] { b += 1 }
      let run = a + b + 1
      guard Double(run) >= module * 0.4, Double(run) <= module * 1.8, a < before, b < after else { return nil }
      var left = 0
      while a + 1 + left < before && !darkness[start - (a + 1 + left) * step] { left += 1 }
      var right = 0
      while b + 1 + right < after && !darkness[start + (b + 1 + right) * step] { right += 1 }
      guard a + 1 + left < before, b + 1 + right < after else { return nil }
      for light in [left, right] where Double(light) < module * 0.4 || Double(light) > module * 1.8 { return nil }
      return Double(b - a) / 2
    }
    for y in y0...y1 {
      var x = x0
      while x <= x1 {
        let i = (y - by0) * bw + x - bx0
        if darkness[i], let dx = centreRun(i, step: 1, before: x - bx0, after: bx1 - x) {
          let column = Int((Double(x) + dx).rounded())
          let j = (y - by0) * bw + column - bx0
          if column >= bx0 && column <= bx1, let dy = centreRun(j, step: bw, before: y - by0, after: by1 - y) {
            let p = Point(x: Double(column) + 0.5, y: Double(y) + dy + 0.5)
            let d = distance(p, expected)
            if d < bestDistance {
              bestDistance = d
              best = p
            }
          }
          // Past this run.
          while x <= x1 && darkness[(y - by0) * bw + x - bx0] { x += 1 }
        }
        x += 1
      }
    }
    return best
  }

  /// A module count the finders' spacing allows: versions are 17 + 4·v modules across.
  static func moduleCount(_ t: Locator.Triple) -> Int {
    func d(_ p: Locator.Finder, _ q: Locator.Finder) -> Double { ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot() }
    let across = d(t.topLeft, t.topRight) / ((t.topLeft.module + t.topRight.module) / 2)
    let down = d(t.topLeft, t.bottomLeft) / ((t.topLeft.module + t.bottomLeft.module) / 2)
    let estimate = (across + down) / 2 + 7
    let version = max(1, min(40, Int(((estimate - 17) / 4).rounded())))
    return 17 + 4 * version
  }

  static func isConvex(_ q: [Point]) -> Bool {
    var sign = 0.0
    for i in 0..<4 {
      let a = q[i], b = q[(i + 1) % 4], c = q[(i + 2) % 4]
      let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
      if cross == 0 { return false }
      if sign == 0 { sign = cross } else if (sign > 0) != (cross > 0) { return false }
    }
    return true
  }
}

/// A straight line fitted to points by total least squares (the principal axis of the points),
/// refitted once without the points that stray more than a pixel and a half.
struct Line {
  var x: Double
  var y: Double
  /// Unit direction.
  var dx: Double
  var dy: Double

  static func fit(_ points: [Rectifier.Point]) -> Line? {
    guard var line = principal(points) else { return nil }
    let kept = points.filter { line.distance(to: $0) <= 1.5 }
    if kept.count >= 3 && kept.count < points.count, let refit = principal(kept) { line = refit }
    return line
  }

  private static func principal(_ points: [Rectifier.Point]) -> Line? {
    guard points.count >= 3 else { return nil }
    let n = Double(points.count)
    let mx = points.reduce(0) { $0 + $1.x } / n, my = points.reduce(0) { $0 + $1.y } / n
    var sxx = 0.0, syy = 0.0, sxy = 0.0
    for p in points {
      sxx += (p.x - mx) * (p.x - mx)
      syy += (p.y - my) * (p.y - my)
      sxy += (p.x - mx) * (p.y - my)
    }
    // The larger eigenvector's angle of the 2x2 covariance.
    let angle = 0.5 * atan2(2 * sxy, sxx - syy)
    return Line(x: mx, y: my, dx: cos(angle), dy: sin(angle))
  }

  func distance(to p: Rectifier.Point) -> Double { abs((p.x - x) * dy - (p.y - y) * dx) }

  func intersection(_ o: Line) -> Rectifier.Point? {
    let det = dx * o.dy - dy * o.dx
    guard abs(det) > 1e-6 else { return nil }
    let t = ((o.x - x) * o.dy - (o.y - y) * o.dx) / det
    return Rectifier.Point(x: x + t * dx, y: y + t * dy)
  }
}

/// A projective map of the plane, x' = (a·u + b·v + c) / (g·u + h·v + i) and likewise y' with
/// d, e, f: how a flat code looks to a pinhole camera.
struct Homography: Equatable {
  var a, b, c, d, e, f, g, h, i: Double

  /// The map taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to a quadrilateral
  /// (Heckbert's square-to-quad).
  init?(square q: [Rectifier.Point]) {
    guard q.count == 4 else { return nil }
    let sx = q[0].x - q[1].x + q[2].x - q[3].x
    let sy = q[0].y - q[1].y + q[2].y - q[3].y
    let dx1 = q[1].x - q[2].x, dx2 = q[3].x - q[2].x
    let dy1 = q[1].y - q[2].y, dy2 = q[3].y - q[2].y
    let den = dx1 * dy2 - dx2 * dy1
    guard abs(den) > 1e-9 else { return nil }
    g = (sx * dy2 - dx2 * sy) / den
    h = (dx1 * sy - sx * dy1) / den
    a = q[1].x - q[0].x + g * q[1].x
    b = q[3].x - q[0].x + h * q[3].x
    c = q[0].x
    d = q[1].y - q[0].y + g * q[1].y
    e = q[3].y - q[0].y + h * q[3].y
    f = q[0].y
    i = 1
  }

  init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double, g: Double, h: Double, i: Double) {
    (self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h, self.i) = (a, b, c, d, e, f, g, h, i)
  }

  /// The map taking four points to four others (no three of either in a line).
  init?(from p: [Rectifier.Point], to q: [Rectifier.Point]) {
    guard let toQ = Homography(square: q), let toP = Homography(square: p), let fromP = toP.inverse else { return nil }
    self = toQ.after(fromP)
  }

  var inverse: Homography? {
    let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    guard abs(det) > 1e-12 else { return nil }
    return Homography(
      a: (e * i - f * h) / det, b: (c * h - b * i) / det, c: (b * f - c * e) / det,
      d: (f * g - d * i) / det, e: (a * i - c * g) / det, f: (c * d - a * f) / det,
      g: (d * h - e * g) / det, h: (b * g - a * h) / det, i: (a * e - b * d) / det)
  }

  /// This map applied to what `first` gives.
  func after(_ first: Homography) -> Homography {
    let m = first
    return Homography(
      a: a * m.a + b * m.d + c * m.g, b: a * m.b + b * m.e + c * m.h, c: a * m.c + b * m.f + c * m.i,
      d: d * m.a + e * m.d + f * m.g, e: d * m.b + e * m.e + f * m.h, f: d * m.c + e * m.f + f * m.i,
      g: g * m.a + h * m.d + i * m.g, h: g * m.b + h * m.e + i * m.h, i: g * m.c + h * m.f + i * m.i)
  }

  /// Scales the source plane: the map of (u·k, v·k).
  func scaled(by k: Double) -> Homography {
    Homography(a: a * k, b: b * k, c: c, d: d * k, e: e * k, f: f, g: g * k, h: h * k, i: i)
  }

  @inline(__always)
  func map(_ u: Double, _ v: Double) -> Rectifier.Point {
    let w = g * u + h * v + i
    return Rectifier.Point(x: (a * u + b * v + c) / w, y: (d * u + e * v + f) / w)
  }
}

func distance(_ p: Rectifier.Point, _ q: Rectifier.Point) -> Double { ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot() }

func unit(_ x: Double, _ y: Double) -> Rectifier.Point {
  let l = (x * x + y * y).squareRoot()
  return l > 0 ? Rectifier.Point(x: x / l, y: y / l) : Rectifier.Point(x: 1, y: 0)
}
