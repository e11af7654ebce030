import Foundation
import StaffLabels
import Testing

@testable import StaffScan

/// Codes seen at a slant: the code's square drawn into a frame through a perspective map solved
/// here independently of the decoder's own (an 8 x 8 linear system, by elimination), and
/// supersampled 4 x 4 as a lens would integrate light.
enum Slant {
  /// The 3 x 3 map (row-major, last entry 1) taking (0,0), (1,0), (1,1), (0,1) to `corners`.
  static func solve(_ corners: [(Double, Double)]) -> [Double] {
    let square: [(Double, Double)] = [(0, 0), (1, 0), (1, 1), (0, 1)]
    var m = [[Double]]()
    for (k, (u, v)) in square.enumerated() {
      let (x, y) = corners[k]
      m.append([u, v, 1, 0, 0, 0, -u * x, -v * x, x])
      m.append([0, 0, 0, u, v, 1, -u * y, -v * y, y])
    }
    for c in 0..<8 {
      let p = (c..<8).max { abs(m[$0][c]) < abs(m[$1][c]) } ?? c
      m.swapAt(c, p)
      for r in 0..<8 where r != c {
        let f = m[r][c] / m[c][c]
        for k in c...8 { m[r][k] -= f * m[c][k] }
      }
    }
    return (0..<8).map { m[$0][8] / m[$0][$0] } + [1]
  }

  /// `code` (a square image) drawn onto `frame` with its corners at `corners` (clockwise from
  /// the top-left).
  static func draw(_ code: GreyImage, on frame: GreyImage, corners: [(Double, Double)]) -> GreyImage {
    let h = solve(corners)
    // Inverse by the adjugate: frame point to code point.
    let (a, b, c, d, e, f, g, hh, i) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8])
    let inv = [e * i - f * hh, c * hh - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * hh - e * g, b * g - a * hh, a * e - b * d]
    var out = frame.pixels
    let xs = corners.map(\.0), ys = corners.map(\.1)
    let x0 = max(0, Int(xs.min() ?? 0) - 1), x1 = min(frame.width - 1, Int(xs.max() ?? 0) + 1)
    let y0 = max(0, Int(ys.min() ?? 0) - 1), y1 = min(frame.height - 1, Int(ys.max() ?? 0) + 1)
    guard x1 > x0, y1 > y0 else { return frame }
    for y in y0...y1 {
      for x in x0...x1 {
        var sum = 0
        var inside = 0
        for sy in 0..<4 {
          for sx in 0..<4 {
            let px = Double(x) + (Double(sx) + 0.5) / 4, py = Double(y) + (Double(sy) + 0.5) / 4
            let w = inv[6] * px + inv[7] * py + inv[8]
            let u = (inv[0] * px + inv[1] * py + inv[2]) / w, v = (inv[3] * px + inv[4] * py + inv[5]) / w
            guard u >= 0, v >= 0, u < 1, v < 1 else { continue }
            sum += Int(code.pixels[Int(v * Double(code.height)) * code.width + Int(u * Double(code.width))])
            inside += 1
          }
        }
        guard inside > 0 else { continue }
        let background = Int(frame.pixels[y * frame.width + x])
        out[y * frame.width + x] = UInt8((sum + background * (16 - inside)) / 16)
      }
    }
    return GreyImage(width: frame.width, height: frame.height, pixels: out)
  }

  /// A grey frame with a few darker and lighter rectangles, as a counter top.
  static func background(width: Int, height: Int, seed: UInt64 = 3) -> GreyImage {
    Frames.frame(GreyImage(width: 1, height: 1, pixels: [200]), width: width, height: height, seed: seed)
  }
}

@Suite struct LocatorTests {
  func zbarAlone(_ image: GreyImage) -> [String] {
    QRDecoder.decode(grey: image.pixels, width: image.width, height: image.height).map(\.data)
  }

  /// Version-1 codes have no alignment pattern, and zbar models a slanted one poorly: at this
  /// keystone (the near edge twice the far one) zbar alone reads nothing, our ladder reads it.
  @Test func aVersion1CodeAtAStrongSlantIsRead() throws {
    let payload = "PRODUCT:100001"
    let code = try Frames.code(payload, moduleSize: 8)
    #expect(try QRMatrix.encode(payload).version == 1)
    let frame = Slant.draw(code, on: Slant.background(width: 1280, height: 720), corners: [(520, 180), (700, 230), (720, 470), (480, 560)])
    let photo = try Frames.viaJPEG(Frames.blur(frame, passes: 1))
    #expect(zbarAlone(photo).isEmpty, "zbar now reads strong keystone by itself; the located pass may be simpler")
    let found = QRDecoder.scan(photo)
    #expect(found.symbols.map(\.data) == [payload])
    #expect(found.pass == .located)
  }

  /// Twenty slants of every kind of code, each read with the right payload.
  @Test func slantedCodesOfEveryKindAreRead() throws {
    var rng = Random(77)
    var read = 0
    let payloads = ["PRODUCT:100001", "ORDER:1040001:K7Q2MX9A", "INVENTORY:42", "ORDER:999999999999:ABCDEFGH12"]
    for n in 0..<20 {
      let payload = payloads[n % payloads.count]
      let code = try Frames.code(payload, moduleSize: 8)
      // A square of 260 px around (640, 360), each corner pulled towards or away from the centre.
      let base: [(Double, Double)] = [(510, 230), (770, 230), (770, 490), (510, 490)]
      let pull = (0..<4).map { _ in 0.55 + Double(rng.int(0...45)) / 100 }
      let near = rng.int(0...3)
      let corners = base.enumerated().map { k, p -> (Double, Double) in
        let s = k == near || k == (near + 1) % 4 ? 1.15 : pull[k]
        return (640 + (p.0 - 640) * s, 360 + (p.1 - 360) * s)
      }
      let photo = try Frames.viaJPEG(Slant.draw(code, on: Slant.background(width: 1280, height: 720, seed: UInt64(n)), corners: corners))
      let found = QRDecoder.scan(photo).symbols.map(\.data)
      #expect(found.allSatisfy { $0 == payload }, "slant \(n): misread \(found)")
      if found == [payload] { read += 1 }
    }
    #expect(read == 20)
  }

  /// Modules of 2.3 and 2.4 px in a 1080p frame, slightly out of focus: zbar alone misses the
  /// code, the locator finds it and zbar reads the crop, resampled at 5 px per module.
  @Test func aCodeOfUnderTwoAndAHalfPixelsPerModuleIsRead() throws {
    let payload = "ORDER:1040001:K7Q2MX9A"
    let matrix = try QRMatrix.encode(payload)
    let code = try Frames.code(payload, moduleSize: 8)
    for ppm in [2.3, 2.4] {
      let side = Double(matrix.size + 8) * ppm
      let frame = Slant.draw(code, on: Slant.background(width: 1920, height: 1080), corners: [(900, 500), (900 + side, 500), (900 + side, 500 + side), (900, 500 + side)])
      let photo = try Frames.viaJPEG(Frames.blur(frame, passes: 1), quality: 85)
      #expect(zbarAlone(photo).isEmpty, "zbar now reads \(ppm) px modules by itself")
      #expect(QRDecoder.scan(photo).symbols.map(\.data) == [payload], "\(ppm) px")
    }
  }

  @Test func lightOnDarkCodesAreLocatedInTheSamePass() throws {
    let payload = "ORDER:1040001:K7Q2MX9A"
    let frame = Frames.invert(Frames.frame(try Frames.code(payload, moduleSize: 6), width: 1280, height: 720, degrees: 20))
    let found = QRDecoder.scan(try Frames.viaJPEG(frame))
    #expect(found.symbols.map(\.data) == [payload])
    #expect(found.pass == .located)
  }

  @Test func veryNoisyFramesAreAveragedFirst() throws {
    let payload = "INVENTORY:42"
    let frame = Frames.noise(Frames.frame(try Frames.code(payload, moduleSize: 8), width: 1280, height: 720), amplitude: 70)
    let found = QRDecoder.scan(try Frames.viaJPEG(frame))
    #expect(found.symbols.map(\.data) == [payload])
    #expect(found.pass == .denoised)
  }

  /// The three finders of an upright code, found where they are, of the right size.
  @Test func findersAreFoundWhereTheyAre() throws {
    let code = try Frames.code("PRODUCT:100001", moduleSize: 6)  // 21 modules + 4 quiet on each side
    var frame = GreyImage(width: 400, height: 300, pixels: [UInt8](repeating: 255, count: 400 * 300))
    for y in 0..<code.height { for x in 0..<code.width { frame.pixels[(y + 40) * 400 + x + 60] = code.pixels[y * code.width + x] } }
    for inverted in [false, true] {
      let image = inverted ? Frames.invert(frame) : frame
      let finders = Locator(image).finders()
      // The three, and at most a pattern of the data that happens to read 1:1:3:1:1 both ways.
      #expect(finders.count >= 3 && finders.count <= 4, "\(finders)")
      // Centres at modules (3.5, 3.5), (17.5, 3.5), (3.5, 17.5) of the code, after its 4-module quiet zone.
      let expected: [(Double, Double)] = [(7.5, 7.5), (21.5, 7.5), (7.5, 21.5)].map { (60 + $0.0 * 6, 40 + $0.1 * 6) }
      for (x, y) in expected {
        #expect(finders.contains { abs($0.x - x) <= 1 && abs($0.y - y) <= 1 && abs($0.module - 6) <= 0.9 && $0.inverted == inverted }, "\(x),\(y) in \(finders)")
      }
      let triples = Locator.triples(finders)
      let t = try #require(triples.first)
      #expect(abs(t.topLeft.x - expected[0].0) <= 1 && abs(t.topRight.x - expected[1].0) <= 1 && abs(t.bottomLeft.y - expected[2].1) <= 1)
    }
  }

  @Test func theRatioAllowsHalfAModuleOrAPixel() {
    #expect(Locator.ratioHolds(2, 2, 6, 2, 2))
    #expect(Locator.ratioHolds(10, 10, 30, 10, 10))
    #expect(Locator.ratioHolds(7, 12, 28, 9, 11))
    #expect(Locator.ratioHolds(2, 1, 6, 2, 3))  // small: a pixel off is fine
    #expect(!Locator.ratioHolds(1, 2, 7, 2, 3))  // but not more
    #expect(!Locator.ratioHolds(1, 1, 3, 1, 1))  // 1 px modules: noise
    #expect(!Locator.ratioHolds(10, 10, 10, 10, 10))
    #expect(!Locator.ratioHolds(10, 3, 30, 10, 10))
    #expect(!Locator.ratioHolds(0, 10, 30, 10, 10))
  }

  @Test func flatFramesHaveNoThresholdAndNoiseIsMeasured() {
    let flat = GreyImage(width: 320, height: 240, pixels: [UInt8](repeating: 128, count: 320 * 240))
    let map = ThresholdMap(flat)
    #expect(map.values.allSatisfy { $0 == 0 })
    #expect(map.flatRange == 0)
    #expect(Locator(flat).finders().isEmpty)
    let noisy = ThresholdMap(Frames.noise(flat, amplitude: 40))
    #expect(noisy.flatRange >= 40)
  }

  @Test func homographiesMapWhatTheySay() throws {
    let quad = [Rectifier.Point(x: 10, y: 20), Rectifier.Point(x: 110, y: 30), Rectifier.Point(x: 100, y: 140), Rectifier.Point(x: 5, y: 100)]
    let h = try #require(Homography(square: quad))
    for (k, (u, v)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].enumerated() {
      #expect(distance(h.map(u, v), quad[k]) < 1e-9)
    }
    let inverse = try #require(h.inverse)
    let p = h.map(0.3, 0.7)
    let back = inverse.map(p.x, p.y)
    #expect(abs(back.x - 0.3) < 1e-9 && abs(back.y - 0.7) < 1e-9)
    let from = [Rectifier.Point(x: 3.5, y: 3.5), Rectifier.Point(x: 17.5, y: 3.5), Rectifier.Point(x: 18, y: 18), Rectifier.Point(x: 3.5, y: 17.5)]
    let g = try #require(Homography(from: from, to: quad))
    for k in 0..<4 { #expect(distance(g.map(from[k].x, from[k].y), quad[k]) < 1e-6) }
    #expect(Homography(square: [quad[0], quad[0], quad[0], quad[0]]) == nil)
    // The same map agrees with the test's own solution of the 8 x 8 system.
    let m = Slant.solve(quad.map { ($0.x, $0.y) })
    let w = m[6] * 0.25 + m[7] * 0.5 + 1
    #expect(distance(h.map(0.25, 0.5), Rectifier.Point(x: (m[0] * 0.25 + m[1] * 0.5 + m[2]) / w, y: (m[3] * 0.25 + m[4] * 0.5 + m[5]) / w)) < 1e-6)
  }

  /// Images no camera makes: tiny, thin, flat, checkered, random, or tiled with finder patterns.
  /// Every one is scanned to the end and gives nothing.
  @Test func hostileImagesGiveNothingAndNeverCrash() throws {
    var images: [GreyImage] = []
    for (w, h) in [(1, 1), (2, 2), (7, 7), (1, 5000), (5000, 1), (3, 2000), (2000, 3), (21, 21), (64, 64)] {
      images.append(GreyImage(width: w, height: h, pixels: [UInt8](repeating: 0, count: w * h)))
      images.append(GreyImage(width: w, height: h, pixels: [UInt8](repeating: 255, count: w * h)))
      images.append(GreyImage(width: w, height: h, pixels: (0..<(w * h)).map { UInt8(($0 % w + $0 / w) % 2 * 255) }))
    }
    var rng = Random(5)
    for _ in 0..<60 {
      let w = rng.int(1...300), h = rng.int(1...300)
      images.append(GreyImage(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
    }
    // Hundreds of finder patterns in a grid: many triples, none a code.
    let finder = try Frames.code("PRODUCT:1", moduleSize: 3)
    var tiled = GreyImage(width: 960, height: 540, pixels: [UInt8](repeating: 255, count: 960 * 540))
    for ty in stride(from: 0, to: 540 - 27, by: 30) {
      for tx in stride(from: 0, to: 960 - 27, by: 30) {
        for y in 0..<27 { for x in 0..<27 { tiled.pixels[(ty + y) * 960 + tx + x] = finder.pixels[(12 + y) * finder.width + 12 + x] } }
      }
    }
    images.append(tiled)
    // Half a code hanging off the frame's edge.
    images.append(Slant.draw(try Frames.code("ORDER:1:ABCDEF", moduleSize: 8), on: Slant.background(width: 640, height: 480), corners: [(-120, -100), (160, -90), (150, 180), (-110, 170)]))
    for image in images {
      #expect(QRDecoder.scan(image).symbols.isEmpty, "\(image.width)x\(image.height)")
    }
  }
}
