/// The decoder's own passes, before zbar sees a whole frame: finder patterns found by
/// `Locator`, mapped by `Rectifier`, checked by their timing patterns and read by zbar as a small
/// upright crop.
enum Ladder {
  /// The median block range (see `ThresholdMap.flatRange`) from which a frame counts as noisy
  /// (the `denoised` pass is tried after `located`), and very noisy (tried before it). Clean
  /// frames read 2 to 17; the benchmark's dim-light frames 45 to 115.
  static let noisyRange = 18
  static let veryNoisyRange = 30

  /// The `located` pass: triples of finders, each traced (and also taken as a parallelogram),
  /// ranked by how well their timing patterns show; the best few are cropped and read by zbar,
  /// first as grey, then thresholded, then averaged where the code is large.
  static func locate(in image: GreyImage, locator: Locator, finders: [Locator.Finder], _ attempt: (GreyImage) -> [QRDecoder.Symbol])
    -> [QRDecoder.Symbol]?
  {
    let rectifier = Rectifier(image: image, thresholds: locator.thresholds)
    var outlines: [Int: [Rectifier.Point]] = [:]
    func outline(_ f: Locator.Finder) -> [Rectifier.Point] {
      if let known = outlines[f.id] { return known }
      let traced = rectifier.outline(of: f)
      outlines[f.id] = traced
      return traced
    }
    struct Candidate {
      var score: Double
      var map: Homography
      var modules: Int
      var inverted: Bool
    }
    var candidates: [Candidate] = []
    var tried = 0
    func read(_ c: Candidate) -> [QRDecoder.Symbol]? {
      tried += 1
      guard let crop = rectifier.crop(c.map, modules: c.modules, inverted: c.inverted) else { return nil }
      var found = attempt(crop)
      if found.isEmpty { found = attempt(Filters.threshold(crop)) }
      // A large code in a noisy frame: average the pixels under each crop pixel.
      let samples = Rectifier.samples(for: c.map, modules: c.modules)
      if found.isEmpty && samples > 1, let smooth = rectifier.crop(c.map, modules: c.modules, inverted: c.inverted, samples: samples) {
        found = attempt(smooth)
      }
      return found.isEmpty ? nil : found
    }
    for triple in Locator.triples(finders) {
      guard let candidate = bestMap(triple, rectifier: rectifier, outlines: (outline(triple.topLeft), outline(triple.topRight), outline(triple.bottomLeft)))
      else { continue }
      let c = Candidate(score: candidate.score, map: candidate.map, modules: candidate.modules, inverted: triple.inverted)
      // Timing patterns this clean are a code: read it now (the common photo ends here).
      if c.score >= 0.9 && tried < 3 {
        if let found = read(c) { return found }
      } else {
        candidates.append(c)
      }
    }
    // The rest (never one read above), best timing first.
    let ranked = candidates.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
    for c in ranked.prefix(6) {
      if let found = read(c) { return found }
    }
    return nil
  }

  /// The map from module coordinates to the frame that shows a triple's timing patterns best,
  /// with its module count and score (0 to 1), or nil when none reaches 0.6. Tried: the traced
  /// outline and the parallelogram at five module counts around the finders' spacing; then,
  /// unless one of those already reads 0.9, the finder centres with the alignment pattern
  /// (version 2 and up) or with the traced far corner, for every count half right or better.
  static func bestMap(
    _ triple: Locator.Triple, rectifier: Rectifier,
    outlines: (topLeft: [Rectifier.Point], topRight: [Rectifier.Point], bottomLeft: [Rectifier.Point])
  ) -> (score: Double, map: Homography, modules: Int)? {
    var quads = [rectifier.parallelogram(triple)]
    let traced = rectifier.corners(triple, outlines: outlines)
    if let traced { quads.insert(traced, at: 0) }
    let squares = quads.compactMap { Homography(square: $0) }
    let estimate = Rectifier.moduleCount(triple)
    let counts = [estimate, estimate - 4, estimate + 4, estimate - 8, estimate + 8].filter { $0 >= 21 && $0 <= 177 }
    var found: (score: Double, map: Homography, modules: Int)?
    var tries: [(modules: Int, maps: [Homography], best: Double)] = []
    for modules in counts {
      let maps = squares.map { $0.scaled(by: 1 / Double(modules)) }
      let scores = maps.map { rectifier.timingScore($0, modules: modules, inverted: triple.inverted) }
      for (map, score) in zip(maps, scores) where score > (found?.score ?? -1) { found = (score, map, modules) }
      tries.append((modules, maps, scores.max() ?? 0))
    }
    // Perspective: the finder centres with the alignment pattern (searched for where each map
    // puts it) or with the traced far corner; only where no plain map shows clean timing.
    if (found?.score ?? 0) < 0.9 {
      for t in tries where t.best >= 0.5 {
        let n = Double(t.modules)
        var refined: [Homography] = []
        for map in t.maps {
          if let a = rectifier.alignment(map, modules: t.modules, inverted: triple.inverted),
            let centred = Rectifier.fromCentres(triple, modules: t.modules, fourth: Rectifier.Point(x: n - 6.5, y: n - 6.5), seen: a),
            !refined.contains(centred)
          {
            refined.append(centred)
          }
        }
        if let traced, let centred = Rectifier.fromCentres(triple, modules: t.modules, fourth: Rectifier.Point(x: n, y: n), seen: traced[2]) {
          refined.append(centred)
        }
        for map in refined {
          let score = rectifier.timingScore(map, modules: t.modules, inverted: triple.inverted)
          if score > (found?.score ?? -1) { found = (score, map, t.modules) }
        }
      }
    }
    guard let found else { return nil }
    return found.score >= 0.6 ? found : nil
  }

  struct Window: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
  }

  /// Up to three windows around finders of under 3 px per module, each reaching 32 modules
  /// around its finder (the other two finders of a code of up to version 4 fall inside).
  static func smallCodeWindows(_ finders: [Locator.Finder], width: Int, height: Int) -> [Window] {
    var windows: [Window] = []
    for f in finders where f.module < 3 && f.module >= 1.4 {
      let reach = Int(f.module * 32)
      let x0 = max(0, Int(f.x) - reach), y0 = max(0, Int(f.y) - reach)
      let x1 = min(width, Int(f.x) + reach), y1 = min(height, Int(f.y) + reach)
      // A finder well inside a window already taken is that window's.
      if windows.contains(where: { w in
        Int(f.x) > w.x + reach / 2 && Int(f.x) < w.x + w.width - reach / 2 && Int(f.y) > w.y + reach / 2
          && Int(f.y) < w.y + w.height - reach / 2
      }) {
        continue
      }
      guard x1 - x0 >= 16, y1 - y0 >= 16 else { continue }
      windows.append(Window(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
      if windows.count == 3 { break }
    }
    return windows
  }
}
