/// The stock ledger's rules, pure: which locations each movement type takes, how a movement is
/// reversed, what a stock count finds, and how accurate a counter has been. Who may change
/// stock is `Access.table`'s.

/// Where a movement's goods come from and go to, as the rules see it.
public struct MovementShape: Sendable, Equatable {
  public var type: MovementType
  public var from: Bool
  public var to: Bool
  /// The movement is one leg of a transfer between points (it may enter or leave the point).
  public var crossesPoints: Bool
  /// The movement reverses another of its type: it goes the other way, so its shape is the
  /// mirror of the type's (a RECEIVE reversed takes goods out of where they came in).
  public var reverses: Bool

  public init(type: MovementType, from: Bool, to: Bool, crossesPoints: Bool = false, reverses: Bool = false) {
    self.type = type
    self.from = from
    self.to = to
    self.crossesPoints = crossesPoints
    self.reverses = reverses
  }

  /// RECEIVE puts goods in (a location to), PICK takes them out to a buyer (from), DAMAGE writes
  /// them off (from), RETURN and ADJUSTMENT go either way (one side), TRANSFER moves them between
  /// two locations of the point, or in or out of it as a leg of a transfer between points.
  public func check() -> Result<Void, FieldError> {
    if reverses {
      return MovementShape(type: type, from: to, to: from, crossesPoints: crossesPoints).check().mapError {
        FieldError(.moveReversalWay, .message($0.reason))
      }
    }
    let name = type.rawValue
    switch type {
    case .receive:
      guard to && !from else { return .failure(FieldError(.moveReceiveTo)) }
    case .pick:
      guard from && !to else { return .failure(FieldError(.movePickFrom)) }
    case .damage:
      guard from && !to else { return .failure(FieldError(.moveDamageFrom)) }
    case .return_, .adjustment:
      guard from != to else {
        return .failure(FieldError(.moveOneSide, .text(name)))
      }
    case .transfer:
      if crossesPoints {
        guard from || to else { return .failure(FieldError(.moveTransferLeg)) }
      } else {
        guard from && to else { return .failure(FieldError(.moveTransferBoth)) }
      }
    }
    return .success(())
  }
}

/// A movement as the ledger holds it, for the rules that look back at it.
public struct LedgerEntry: Sendable, Equatable {
  public var id: Int64
  public var type: MovementType
  public var productID: Int64
  public var quantity: Int64
  public var fromLocation: Int64?
  public var toLocation: Int64?
  public var reverses: Int64?
  /// The movement that reverses this one, if any.
  public var reversedBy: Int64?
  public var transferID: Int64?

  public init(
    id: Int64, type: MovementType, productID: Int64, quantity: Int64, fromLocation: Int64?, toLocation: Int64?,
    reverses: Int64? = nil, reversedBy: Int64? = nil, transferID: Int64? = nil
  ) {
    self.id = id
    self.type = type
    self.productID = productID
    self.quantity = quantity
    self.fromLocation = fromLocation
    self.toLocation = toLocation
    self.reverses = reverses
    self.reversedBy = reversedBy
    self.transferID = transferID
  }

  /// The movement that undoes this one: the same type, product and quantity the other way, with a
  /// reason. Refused for a movement already reversed, for a reversal (post the movement again
  /// instead), and for a movement of a transfer between points, its legs and its variances (the
  /// transfer has its own way back).
  public func reversal() -> Result<(from: Int64?, to: Int64?), FieldError> {
    if let by = reversedBy { return .failure(FieldError(.moveAlreadyReversed, .id(id), .id(by))) }
    if let r = reverses {
      return .failure(FieldError(.moveIsReversal, .id(id), .id(r)))
    }
    if let t = transferID {
      return .failure(FieldError(.moveInTransfer, .id(id), .id(t)))
    }
    return .success((from: toLocation, to: fromLocation))
  }
}

/// One product at one location in a stock count, once it is closed: what the ledger expected,
/// what was counted (0 when nobody counted it), and the difference to post.
public struct CountResult: Sendable, Equatable {
  public var productID: Int64
  public var locationID: Int64
  public var expected: Int64
  public var counted: Int64
  /// Who counted it last (nil: not counted, so counted as none).
  public var countedBy: Int64?
  public var variance: Int64 { counted - expected }

  public init(productID: Int64, locationID: Int64, expected: Int64, counted: Int64, countedBy: Int64?) {
    self.productID = productID
    self.locationID = locationID
    self.expected = expected
    self.counted = counted
    self.countedBy = countedBy
  }
}

public enum StockCount {
  /// The lines of a closing count: every product the ledger holds at the counted locations and
  /// every product counted there, in product then location order. What nobody counted is taken
  /// as none there (a count covers its locations in full).
  public static func results(
    expected: [Int64: [Int64: Int64]], counted: [Int64: [Int64: (quantity: Int64, by: Int64?)]]
  ) -> [CountResult] {
    var keys = Set<[Int64]>()
    for (p, byLocation) in expected { for (l, q) in byLocation where q != 0 { keys.insert([p, l]) } }
    for (p, byLocation) in counted { for l in byLocation.keys { keys.insert([p, l]) } }
    return keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { k in
      let c = counted[k[0]]?[k[1]]
      return CountResult(
        productID: k[0], locationID: k[1], expected: expected[k[0]]?[k[1]] ?? 0, counted: c?.quantity ?? 0, countedBy: c?.by)
    }
  }
}

/// A counted line, for inventory accuracy: who counted what, where, when, what the ledger
/// expected when the count closed, and what they found.
public struct CountedLine: Sendable, Equatable {
  public var countID: Int64
  public var staffID: Int64?
  public var productID: Int64
  public var locationID: Int64
  public var expected: Int64
  public var counted: Int64
  public var closedAt: Timestamp

  public init(countID: Int64, staffID: Int64?, productID: Int64, locationID: Int64, expected: Int64, counted: Int64, closedAt: Timestamp) {
    self.countID = countID
    self.staffID = staffID
    self.productID = productID
    self.locationID = locationID
    self.expected = expected
    self.counted = counted
    self.closedAt = closedAt
  }
}

/// How many of a counter's lines were confirmed.
public struct Accuracy: Sendable, Equatable {
  public var lines: Int
  public var confirmed: Int
  /// confirmed / lines (nil without lines).
  public var share: Double? { lines == 0 ? nil : Double(confirmed) / Double(lines) }

  public init(lines: Int, confirmed: Int) {
    self.lines = lines
    self.confirmed = confirmed
  }
}

extension StockCount {
  /// Inventory accuracy per staff member: the share of the lines they counted that are confirmed.
  /// A line is confirmed when the ledger agreed with it at closing (counted = expected), or when
  /// the next count of the same product and location found the ledger right (its expected =
  /// its counted): closing posts the counted quantity, so a later count that agrees confirms it.
  /// A line without a later count that disagreed with the ledger is not confirmed. Lines nobody
  /// counted are nobody's.
  /// `recounts` are the lines that may confirm them (default: the same lines).
  public static func accuracy(_ lines: [CountedLine], recounts: [CountedLine]? = nil) -> [Int64: Accuracy] {
    let byPlace = Dictionary(grouping: recounts ?? lines) { [$0.productID, $0.locationID] }
    var out: [Int64: Accuracy] = [:]
    for line in lines {
      guard let staff = line.staffID else { continue }
      var confirmed = line.counted == line.expected
      if !confirmed {
        let later = (byPlace[[line.productID, line.locationID]] ?? [])
          .filter { ($0.closedAt, $0.countID) > (line.closedAt, line.countID) }
          .min { ($0.closedAt, $0.countID) < ($1.closedAt, $1.countID) }
        confirmed = later.map { $0.counted == $0.expected } ?? false
      }
      var a = out[staff] ?? Accuracy(lines: 0, confirmed: 0)
      a.lines += 1
      if confirmed { a.confirmed += 1 }
      out[staff] = a
    }
    return out
  }
}

/// What closing a count would post, before it is posted: each product counted at a location
/// (counted, expected, the difference), and apart from them the products the ledger holds at a
/// counted location that nobody counted, which the close writes off (expected to 0). The close
/// posts these lines or nothing: it is given the `fingerprint` and refuses when what it would
/// post has changed since (another terminal moved stock, someone counted more).
public struct CountPreview: Sendable, Equatable {
  public struct Line: Sendable, Equatable {
    public var productID: Int64
    public var title: String
    public var location: String
    public var expected: Int64
    public var counted: Int64
    /// A single item counted here that the ledger has at this other location (not counted):
    /// the close moves it here rather than adjusting.
    public var from: String?
    public var difference: Int64 { counted - expected }

    public init(productID: Int64, title: String, location: String, expected: Int64, counted: Int64, from: String? = nil) {
      self.productID = productID
      self.title = title
      self.location = location
      self.expected = expected
      self.counted = counted
      self.from = from
    }
  }

  public var countID: Int64
  public var locations: [String]
  /// Products counted, per location, in location then title order.
  public var counted: [Line]
  /// Products nobody counted at the count's locations, which the close writes off.
  public var uncounted: [Line]
  public var fingerprint: String

  public init(countID: Int64, locations: [String], counted: [Line], uncounted: [Line]) {
    self.countID = countID
    self.locations = locations
    self.counted = counted
    self.uncounted = uncounted
    self.fingerprint = Self.fingerprint(countID: countID, counted + uncounted)
  }

  /// Nothing was counted: the close would only write off.
  public var nothingCounted: Bool { counted.isEmpty }
  /// Lines whose close posts a movement.
  public var differences: Int { (counted + uncounted).filter { $0.difference != 0 }.count }
  /// What the close writes off as uncounted: units, and how many products they are.
  public var writeOff: (units: Int64, products: Int) {
    (uncounted.reduce(0) { $0 + $1.expected }, Set(uncounted.map(\.productID)).count)
  }

  /// FNV-1a (64 bits) of every line's product, location, expected, counted and origin: the same
  /// lines give the same text in every process (Swift's `Hasher` is seeded per process).
  public static func fingerprint(countID: Int64, _ lines: [Line]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    let text = "\(countID)\n" + lines.map { "\($0.productID)@\($0.location):\($0.expected)>\($0.counted)<\($0.from ?? "")" }.joined(separator: "\n")
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
