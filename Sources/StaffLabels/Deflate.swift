/// Deflate (RFC 1951) with the fixed Huffman codes and greedy LZ77 matching over hash chains:
/// small and quick, and a 1-bit label (long white runs, rows that repeat) shrinks well with it.
enum Deflate {
  static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
  static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  static let distanceBase: [Int] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
    16385, 24577,
  ]
  static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

  static let window = 32768
  static let maxMatch = 258
  static let maxChain = 32

  /// LSB-first bit output; Huffman codes go in most significant bit first.
  struct Bits {
    var out: [UInt8] = []
    var buffer: UInt64 = 0
    var count = 0

    mutating func put(_ value: Int, _ n: Int) {
      buffer |= UInt64(value) << UInt64(count)
      count += n
      while count >= 8 {
        out.append(UInt8(buffer & 0xFF))
        buffer >>= 8
        count -= 8
      }
    }

    mutating func code(_ code: Int, _ length: Int) {
      var reversed = 0
      for i in 0..<length where code >> i & 1 == 1 { reversed |= 1 << (length - 1 - i) }
      put(reversed, length)
    }

    /// A literal/length symbol (0…287) in the fixed code.
    mutating func symbol(_ s: Int) {
      switch s {
      case 0...143: code(0x30 + s, 8)
      case 144...255: code(0x190 + s - 144, 9)
      case 256...279: code(s - 256, 7)
      default: code(0xC0 + s - 280, 8)
      }
    }

    mutating func flush() -> [UInt8] {
      if count > 0 { out.append(UInt8(buffer & 0xFF)) }
      buffer = 0
      count = 0
      return out
    }
  }

  /// One final fixed-Huffman block holding all of `data`.
  static func fixed(_ data: [UInt8]) -> [UInt8] {
    var bits = Bits()
    bits.out.reserveCapacity(data.count / 4 + 16)
    bits.put(1, 1)  // BFINAL
    bits.put(1, 2)  // BTYPE 01: fixed Huffman
    let n = data.count
    let hashSize = 1 << 15
    var head = [Int](repeating: -1, count: hashSize)
    var previous = [Int](repeating: -1, count: window)
    data.withUnsafeBufferPointer { d in
      func hash(_ i: Int) -> Int { (Int(d[i]) << 10 ^ Int(d[i + 1]) << 5 ^ Int(d[i + 2])) & (hashSize - 1) }
      func insert(_ i: Int) {
        guard i + 2 < n else { return }
        let h = hash(i)
        previous[i & (window - 1)] = head[h]
        head[h] = i
      }
      var i = 0
      while i < n {
        var bestLength = 0
        var bestDistance = 0
        if i + 2 < n {
          var candidate = head[hash(i)]
          var chain = maxChain
          let limit = min(maxMatch, n - i)
          while candidate >= 0 && i - candidate <= window && chain > 0 {
            var length = 0
            while length < limit && d[candidate + length] == d[i + length] { length += 1 }
            if length > bestLength {
              bestLength = length
              bestDistance = i - candidate
              if length == limit { break }
            }
            let next = previous[candidate & (window - 1)]
            guard next < candidate else { break }  // an overwritten slot points forward: stop
            candidate = next
            chain -= 1
          }
        }
        if bestLength >= 3 {
          var code = lengthBase.count - 1
          while lengthBase[code] > bestLength { code -= 1 }
          bits.symbol(257 + code)
          bits.put(bestLength - lengthBase[code], lengthExtra[code])
          var dcode = distanceBase.count - 1
          while distanceBase[dcode] > bestDistance { dcode -= 1 }
          bits.code(dcode, 5)
          bits.put(bestDistance - distanceBase[dcode], distanceExtra[dcode])
          for k in i..<(i + bestLength) { insert(k) }
          i += bestLength
        } else {
          bits.symbol(Int(d[i]))
          insert(i)
          i += 1
        }
      }
    }
    bits.symbol(256)
    return bits.flush()
  }
}
