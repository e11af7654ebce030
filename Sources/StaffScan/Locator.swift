/// Finds QR codes in a grey frame by their three finder patterns (the nested squares whose cross
/// section reads dark-light-dark-light-dark in the ratio 1:1:3:1:1), fast enough to run on every
/// photo before zbar: zbar then reads a small upright crop instead of the whole frame (see
/// `Rectifier`). One pass over the pixels finds normal and light-on-dark codes alike.
struct Locator {
  /// One finder pattern: its centre, its module size (pixels), and whether it is light on dark.
  struct Finder: Equatable {
    var x: Double
    var y: Double
    var module: Double
    var inverted: Bool
    /// How many scan lines confirmed it.
    var count: Int
    /// Its place in the list `finders` returns.
    var id = 0
  }

  /// Three finders that can be one code: `topLeft` is the corner, `topRight` and `bottomLeft`
  /// are ordered as in an upright code (clockwise in image coordinates).
  struct Triple: Equatable {
    var topLeft: Finder
    var topRight: Finder
    var bottomLeft: Finder
    var inverted: Bool { topLeft.inverted }
  }

  let image: GreyImage
  let thresholds: ThresholdMap

  init(_ image: GreyImage) {
    self.image = image
    thresholds = ThresholdMap(image)
  }

  /// Finder patterns, most often confirmed first. `rowStep` trades small codes for speed.
  func finders(rowStep: Int = 1) -> [Finder] {
    var found: [Finder] = []
    let w = image.width
    let h = image.height
    image.pixels.withUnsafeBufferPointer { px in
      thresholds.values.withUnsafeBufferPointer { th in
        let block = thresholds.block
        let bw = thresholds.blocksWide
        var runs = Runs()
        var y = 0
        while y < h {
          let row = y * w
          let trow = (y / block) * bw
          runs.start(dark: px[row] < th[trow])
          var x = 0
          var b = trow
          // A block at a time, with its threshold held; the inner loop only compares, and
          // leaves the rare change of colour to `Runs`.
          while x < w {
            let t = th[b]
            let end = min(w, (b - trow + 1) * block)
            let current = runs.dark
            while x < end {
              if (px[row + x] < t) != current { break }
              x &+= 1
            }
            if x < end {
              if let hit = runs.change(at: x) { check(hit, y: y, px, th, &found) }
            } else {
              b &+= 1
            }
          }
          if let hit = runs.change(at: w) { check(hit, y: y, px, th, &found) }
          y += rowStep
        }
      }
    }
    found.sort { $0.count > $1.count }
    for k in found.indices { found[k].id = k }
    return found
  }

  /// The runs of one scan line: where the current one began and the four before it.
  struct Runs {
    var dark = false
    var began = 0
    var r0 = 0, r1 = 0, r2 = 0, r3 = 0

    mutating func start(dark: Bool) {
      self.dark = dark
      began = 0
      r0 = 0; r1 = 0; r2 = 0; r3 = 0
    }

    /// The colour changes at `x`: the run that ends there and the four before it, when they
    /// read 1:1:3:1:1 (the run just ended and r0, r2 are of its colour).
    @inline(__always)
    mutating func change(at x: Int) -> (centre: Double, total: Int, inverted: Bool)? {
      let r4 = x - began
      var hit: (Double, Int, Bool)?
      if r0 > 0 && Locator.ratioHolds(r0, r1, r2, r3, r4) {
        hit = (Double(x - r4 - r3) - Double(r2) / 2, r0 + r1 + r2 + r3 + r4, !dark)
      }
      r0 = r1; r1 = r2; r2 = r3; r3 = r4
      began = x
      dark.toggle()
      return hit
    }
  }

  /// A frame with more finder-like patterns than this is not a photo of a code (a noisy frame
  /// has under a thousand); past it, new ones are not looked at, which bounds the work.
  static let maximumFinders = 2000

  /// A row hit: counted on the finder it repeats, or checked down its column and added.
  @inline(never)
  private func check(
    _ hit: (centre: Double, total: Int, inverted: Bool), y: Int, _ px: UnsafeBufferPointer<UInt8>,
    _ th: UnsafeBufferPointer<UInt8>, _ found: inout [Finder]
  ) {
    if let k = Locator.known(found, x: hit.centre, y: Double(y), total: hit.total, inverted: hit.inverted) {
      found[k].count += 1
    } else if found.count < Locator.maximumFinders,
      let f = confirm(px, th, x: hit.centre, y: y, horizontal: hit.total, inverted: hit.inverted)
    {
      Locator.merge(f, into: &found)
    }
  }

  /// 1:1:3:1:1, each module within half a module (the tolerance zxing uses) or, for small
  /// codes where a pixel more or less is already half a module, within a pixel and a seventh.
  @inline(__always)
  static func ratioHolds(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ e: Int) -> Bool {
    let total = a + b + c + d + e
    // Under 1.4 pixels a module is noise, not a code (the smallest codes we read are 2 px).
    guard total >= 10 else { return false }
    // In sevenths of a pixel, to stay in integers: the module is total/7.
    let module = total
    let tolerance = max(total / 2, 8)
    return abs(a * 7 - module) < tolerance && abs(b * 7 - module) < tolerance && abs(d * 7 - module) < tolerance
      && abs(e * 7 - module) < tolerance && abs(c * 7 - 3 * module) < 3 * tolerance
  }

  /// Checks a row hit down its column and back along its row; the finder with its refined
  /// centre, or nil.
  private func confirm(
    _ px: UnsafeBufferPointer<UInt8>, _ th: UnsafeBufferPointer<UInt8>, x: Double, y: Int, horizontal: Int, inverted: Bool
  ) -> Finder? {
    let cx = Int(x)
    guard let (vy, vertical) = crossCheck(px, th, along: .column, at: cx, from: y, inverted: inverted, expected: horizontal)
    else { return nil }
    // Along the row again through the vertical centre, for a better centre; where a pixel of
    // blur spoils that row, the first row's reading stands.
    let (hx, horizontalAgain) =
      crossCheck(px, th, along: .row, at: Int(vy), from: cx, inverted: inverted, expected: horizontal) ?? (x, horizontal)
    let module = (Double(vertical) * Double(horizontalAgain)).squareRoot() / 7
    return Finder(x: hx + 0.5, y: vy + 0.5, module: module, inverted: inverted, count: 1)
  }

  enum Direction { case row, column }

  /// Counts the five runs through (`line`, `from`) along a row or a column, outwards from the
  /// centre run; the centre of the pattern along that line and its length, or nil when the
  /// ratio does not hold or the length is far from `expected` (perspective allows 2.5x).
  private func crossCheck(
    _ px: UnsafeBufferPointer<UInt8>, _ th: UnsafeBufferPointer<UInt8>, along direction: Direction, at line: Int, from start: Int,
    inverted: Bool, expected: Int
  ) -> (Double, Int)? {
    let w = image.width
    let h = image.height
    let block = thresholds.block
    let bw = thresholds.blocksWide
    let limit = direction == .column ? h : w
    guard line >= 0, line < (direction == .column ? w : h), start >= 0, start < limit else { return nil }
    let maxRun = expected * 2
    @inline(__always) func isCentreColour(_ i: Int) -> Bool {
      let (x, y) = direction == .column ? (line, i) : (i, line)
      let dark = Int(px[y * w + x]) < Int(th[(y / block) * bw + x / block])
      return dark != inverted
    }
    guard isCentreColour(start) else { return nil }
    // Outwards: the centre run, then the gap, then the ring, on each side.
    var c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0
    var i = start
    while i >= 0 && isCentreColour(i) { c2 += 1; i -= 1 }
    while i >= 0 && !isCentreColour(i) && c1 <= maxRun { c1 += 1; i -= 1 }
    guard i >= 0, c1 > 0, c1 <= maxRun else { return nil }
    while i >= 0 && isCentreColour(i) && c0 <= maxRun { c0 += 1; i -= 1 }
    guard c0 > 0, c0 <= maxRun else { return nil }
    i = start + 1
    while i < limit && isCentreColour(i) { c2 += 1; i += 1 }
    while i < limit && !isCentreColour(i) && c3 <= maxRun { c3 += 1; i += 1 }
    guard i < limit, c3 > 0, c3 <= maxRun else { return nil }
    while i < limit && isCentreColour(i) && c4 <= maxRun { c4 += 1; i += 1 }
    guard c4 > 0, c4 <= maxRun else { return nil }
    let total = c0 + c1 + c2 + c3 + c4
    guard total * 5 >= expected * 2, total * 2 <= expected * 5 else { return nil }
    guard Locator.ratioHolds(c0, c1, c2, c3, c4) else { return nil }
    // i is one past the outer ring's end.
    let centre = Double(i - c4 - c3) - Double(c2) / 2
    return (centre, total)
  }

  /// The finder that a row hit centred at (x, y) lies within: same colour, inside its centre
  /// square, and of about its size.
  @inline(__always)
  static func known(_ found: [Finder], x: Double, y: Double, total: Int, inverted: Bool) -> Int? {
    let size = Double(total) / 7
    for k in found.indices {
      let g = found[k]
      if g.inverted == inverted && abs(g.x - x) <= g.module * 1.5 && abs(g.y - y) <= g.module * 1.5
        && size > g.module * 0.6 && size < g.module * 1.6
      {
        return k
      }
    }
    return nil
  }

  /// Adds a sighting to the finder it repeats (same colour, within a module of it), or as new.
  static func merge(_ f: Finder, into found: inout [Finder]) {
    for k in found.indices {
      let g = found[k]
      guard g.inverted == f.inverted else { continue }
      let reach = max(g.module, f.module) * 1.5
      if abs(g.x - f.x) <= reach && abs(g.y - f.y) <= reach {
        let n = Double(g.count)
        found[k] = Finder(
          x: (g.x * n + f.x) / (n + 1), y: (g.y * n + f.y) / (n + 1), module: (g.module * n + f.module) / (n + 1),
          inverted: g.inverted, count: g.count + 1)
        return
      }
    }
    found.append(f)
  }

  /// Groups of three finders that can form a code, the likeliest first: similar module sizes,
  /// distances of 10 to 200 modules, and a corner angle of 50 to 130 degrees (wide, for codes
  /// seen at a slant).
  static func triples(_ finders: [Finder], limit: Int = 40) -> [Triple] {
    var scored: [(Double, Triple)] = []
    for inverted in [false, true] {
      let pool = Array(finders.filter { $0.inverted == inverted }.prefix(16))
      guard pool.count >= 3 else { continue }
      for i in 0..<(pool.count - 2) {
        for j in (i + 1)..<(pool.count - 1) {
          for k in (j + 1)..<pool.count {
            scored += triples(pool[i], pool[j], pool[k])
          }
        }
      }
    }
    return scored.sorted { $0.0 > $1.0 }.prefix(limit).map(\.1)
  }

  /// Every reading of three finders as one code: each can be the corner (under strong
  /// perspective the corner is not always opposite the longest side), when the angle there and
  /// the distances allow it. The score favours square, evenly sized and often confirmed ones.
  static func triples(_ a: Finder, _ b: Finder, _ c: Finder) -> [(Double, Triple)] {
    let modules = [a.module, b.module, c.module]
    guard let lo = modules.min(), let hi = modules.max(), hi <= lo * 2.2 else { return [] }
    let module = (a.module + b.module + c.module) / 3
    var out: [(Double, Triple)] = []
    for (corner, p, q) in [(a, b, c), (b, c, a), (c, a, b)] {
      let ux = p.x - corner.x, uy = p.y - corner.y
      let vx = q.x - corner.x, vy = q.y - corner.y
      let lu = (ux * ux + uy * uy).squareRoot(), lv = (vx * vx + vy * vy).squareRoot()
      guard lu / module >= 9, lv / module >= 9, lu / module <= 220, lv / module <= 220 else { continue }
      guard max(lu, lv) <= min(lu, lv) * 3 else { continue }
      let cosine = (ux * vx + uy * vy) / (lu * lv)
      guard abs(cosine) <= 0.8 else { continue }
      // Upright codes have the top-right finder clockwise from the bottom-left one (y grows down).
      let cross = ux * vy - uy * vx
      let (right, down) = cross > 0 ? (p, q) : (q, p)
      let score = Double(min(a.count, b.count, c.count)) * (1 - abs(cosine)) * (min(lu, lv) / max(lu, lv)) * (lo / hi)
      out.append((score, Triple(topLeft: corner, topRight: right, bottomLeft: down)))
    }
    return out
  }
}

/// A local threshold for every block of `block` x `block` pixels: the mean mid-value of the
/// blocks within 3 blocks that hold an edge (a range well above the frame's noise). Blocks with
/// no edge in reach get 0, so flat areas read as light and cost the scan nothing. Dark is below
/// the threshold.
struct ThresholdMap {
  let block: Int
  let blocksWide: Int
  let blocksHigh: Int
  /// One threshold per block, row-major.
  var values: [UInt8]
  /// The median range (max - min) of a block: the frame's sensor noise, as most blocks of a
  /// photo hold no edge.
  let flatRange: Int

  init(_ image: GreyImage, minimumRange: Int = 20) {
    let block = image.height >= 1000 ? 16 : 8
    self.block = block
    let bw = (image.width + block - 1) / block
    let bh = (image.height + block - 1) / block
    blocksWide = bw
    blocksHigh = bh
    var lows = [UInt8](repeating: 255, count: bw * bh)
    var highs = [UInt8](repeating: 0, count: bw * bh)
    let w = image.width
    image.pixels.withUnsafeBufferPointer { px in
      lows.withUnsafeMutableBufferPointer { lo in
        highs.withUnsafeMutableBufferPointer { hi in
          // Every other row: the range barely changes, and it halves the cost.
          for y in stride(from: 0, to: image.height, by: 2) {
            let row = y * w
            var b = (y / block) * bw
            var x = 0
            while x < w {
              let end = min(w, x + block)
              var mn = lo[b], mx = hi[b]
              for i in (row + x)..<(row + end) {
                let v = px[i]
                mn = min(mn, v)
                mx = max(mx, v)
              }
              lo[b] = mn
              hi[b] = mx
              x = end
              b += 1
            }
          }
        }
      }
    }
    // What counts as an edge: a range well above what sensor noise gives a flat block, and at
    // least `minimumRange`.
    var rangeHistogram = [Int](repeating: 0, count: 256)
    for b in 0..<(bw * bh) { rangeHistogram[Int(highs[b]) - Int(lows[b])] += 1 }
    var median = 0
    var seen = 0
    while median < 255 && seen + rangeHistogram[median] < bw * bh / 2 {
      seen += rangeHistogram[median]
      median += 1
    }
    flatRange = median
    let edgeRange = max(minimumRange, median * 5 / 4)
    // Summed-area tables of the edge blocks' mid-values and of their number. The mid-value (not
    // the mean) because a block of white paper with a few dark modules has a mean near white.
    let satWidth = bw + 1
    var midSAT = [Int](repeating: 0, count: satWidth * (bh + 1))
    var countSAT = [Int](repeating: 0, count: satWidth * (bh + 1))
    for by in 0..<bh {
      var rowMid = 0
      var rowCount = 0
      for bx in 0..<bw {
        let b = by * bw + bx
        if Int(highs[b]) - Int(lows[b]) >= edgeRange {
          rowMid += (Int(highs[b]) + Int(lows[b])) / 2
          rowCount += 1
        }
        midSAT[(by + 1) * satWidth + bx + 1] = midSAT[by * satWidth + bx + 1] + rowMid
        countSAT[(by + 1) * satWidth + bx + 1] = countSAT[by * satWidth + bx + 1] + rowCount
      }
    }
    var values = [UInt8](repeating: 0, count: bw * bh)
    let radius = 3
    for by in 0..<bh {
      let y0 = max(0, by - radius), y1 = min(bh, by + radius + 1)
      for bx in 0..<bw {
        let x0 = max(0, bx - radius), x1 = min(bw, bx + radius + 1)
        let n = countSAT[y1 * satWidth + x1] - countSAT[y0 * satWidth + x1] - countSAT[y1 * satWidth + x0] + countSAT[y0 * satWidth + x0]
        guard n > 0 else { continue }
        let m = midSAT[y1 * satWidth + x1] - midSAT[y0 * satWidth + x1] - midSAT[y1 * satWidth + x0] + midSAT[y0 * satWidth + x0]
        values[by * bw + bx] = UInt8(m / n)
      }
    }
    self.values = values
  }

  @inline(__always)
  func threshold(x: Int, y: Int) -> Int { Int(values[(y / block) * blocksWide + x / block]) }
}

