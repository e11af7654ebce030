/// Pixel operations for the decoder's retry ladder. Plain loops over grey bytes: each is one pass
/// over the image, so they cost less than the zbar pass they prepare.
enum Filters {
  /// Averages `factor` x `factor` blocks into one pixel (a box filter, which also smooths noise).
  static func reduce(_ image: GreyImage, by factor: Int) -> GreyImage {
    guard factor > 1 else { return image }
    let w = image.width / factor
    let h = image.height / factor
    guard w > 0 && h > 0 else { return image }
    var out = [UInt8](repeating: 0, count: w * h)
    let area = factor * factor
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        var sums = [Int](repeating: 0, count: w)
        for y in 0..<h {
          for i in 0..<w { sums[i] = 0 }
          for dy in 0..<factor {
            let row = (y * factor + dy) * image.width
            for x in 0..<w {
              var s = 0
              let start = row + x * factor
              for dx in 0..<factor { s += Int(src[start + dx]) }
              sums[x] += s
            }
          }
          for x in 0..<w { dst[y * w + x] = UInt8(sums[x] / area) }
        }
      }
    }
    return GreyImage(width: w, height: h, pixels: out)
  }

  /// The pixels of a rectangle inside the image.
  static func window(_ image: GreyImage, x: Int, y: Int, width: Int, height: Int) -> GreyImage {
    var out = [UInt8](repeating: 0, count: width * height)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for row in 0..<height {
          for column in 0..<width { dst[row * width + column] = src[(y + row) * image.width + x + column] }
        }
      }
    }
    return GreyImage(width: width, height: height, pixels: out)
  }

  static func invert(_ image: GreyImage) -> GreyImage {
    GreyImage(width: image.width, height: image.height, pixels: image.pixels.map { 255 - $0 })
  }

  /// Black where a pixel is darker than the mean of its neighbourhood (a window of about an
  /// eighth of the shorter side) by a small margin, white elsewhere: evens out glare and lifts
  /// low contrast. Uses an integral image, so the window size does not change the cost.
  static func threshold(_ image: GreyImage) -> GreyImage {
    let w = image.width
    let h = image.height
    let radius = max(4, min(w, h) / 16)
    var integral = [Int](repeating: 0, count: (w + 1) * (h + 1))
    image.pixels.withUnsafeBufferPointer { src in
      integral.withUnsafeMutableBufferPointer { ii in
        for y in 0..<h {
          var rowSum = 0
          for x in 0..<w {
            rowSum += Int(src[y * w + x])
            ii[(y + 1) * (w + 1) + x + 1] = ii[y * (w + 1) + x + 1] + rowSum
          }
        }
      }
    }
    var out = [UInt8](repeating: 255, count: w * h)
    image.pixels.withUnsafeBufferPointer { src in
      integral.withUnsafeBufferPointer { ii in
        out.withUnsafeMutableBufferPointer { dst in
          for y in 0..<h {
            let y0 = max(0, y - radius)
            let y1 = min(h, y + radius + 1)
            for x in 0..<w {
              let x0 = max(0, x - radius)
              let x1 = min(w, x + radius + 1)
              let sum = ii[y1 * (w + 1) + x1] - ii[y0 * (w + 1) + x1] - ii[y1 * (w + 1) + x0] + ii[y0 * (w + 1) + x0]
              let count = (y1 - y0) * (x1 - x0)
              // Dark if more than 3 % below the local mean.
              if Int(src[y * w + x]) * count * 100 < sum * 97 { dst[y * w + x] = 0 }
            }
          }
        }
      }
    }
    return GreyImage(width: w, height: h, pixels: out)
  }

  /// Twice the size, bilinear, so that modules of 2 px become 4 px for zbar's finder.
  static func enlarge(_ image: GreyImage) -> GreyImage {
    let w = image.width
    let h = image.height
    let ow = w * 2
    let oh = h * 2
    var out = [UInt8](repeating: 0, count: ow * oh)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<oh {
          // Source coordinate in half-pixels: (y - 0.5) / 2, clamped.
          let sy2 = max(0, y - 1)
          let y0 = min(h - 1, sy2 / 2)
          let y1 = min(h - 1, y0 + 1)
          let fy = sy2 & 1
          for x in 0..<ow {
            let sx2 = max(0, x - 1)
            let x0 = min(w - 1, sx2 / 2)
            let x1 = min(w - 1, x0 + 1)
            let fx = sx2 & 1
            let a = Int(src[y0 * w + x0]), b = Int(src[y0 * w + x1])
            let c = Int(src[y1 * w + x0]), d = Int(src[y1 * w + x1])
            let top = fx == 0 ? a * 3 + b : a + b * 3
            let bottom = fx == 0 ? c * 3 + d : c + d * 3
            let v = fy == 0 ? top * 3 + bottom : top + bottom * 3
            dst[y * ow + x] = UInt8((v + 8) / 16)
          }
        }
      }
    }
    return GreyImage(width: ow, height: oh, pixels: out)
  }
}
