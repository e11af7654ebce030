// The stock the benchmark's movements act on, kept in memory so that every movement it makes is
// one the ledger accepts: nothing is taken from a location that does not hold it, a single item
// is received only when it is nowhere in stock and moves one at a time.
import BenchSupport
import StaffDomain

/// Some of a product at one location (an index into `StockModel.codes`).
struct Holding {
  var location: Int
  var quantity: Int64
}

/// One movement, with locations as indices into `StockModel.codes`.
struct Move {
  var type: MovementType
  var product: Int
  var quantity: Int64
  var from: Int?
  var to: Int?
  var reason: String?
}

let damageReasons = ["carton écrasé", "emballage déchiré", "dégât des eaux", "écran fissuré", "tombé du rayon"]

struct StockModel {
  /// The catalogue: marketplace ids and whether each is a single item.
  let productIDs: [Int64]
  let unique: [Bool]
  /// Product indices, the most moved first (a shuffled order, so single items and counted goods mix).
  let ranking: [Int]
  /// Location codes: the back room first, then the shelves.
  let codes: [String]
  static let backRoom = 0
  var holdings: [[Holding]]
  /// Movements made so far, per product.
  var moves: [Int]

  init(productIDs: [Int64], unique: [Bool], shelves: [String], rng: inout SplitMix64) {
    self.productIDs = productIDs
    self.unique = unique
    self.ranking = Array(productIDs.indices).shuffled(using: &rng)
    self.codes = ["BACK"] + shelves
    self.holdings = Array(repeating: [], count: productIDs.count)
    self.moves = Array(repeating: 0, count: productIDs.count)
  }

  func total(_ p: Int) -> Int64 { holdings[p].reduce(0) { $0 + $1.quantity } }

  /// A product, the first of the ranking far more often than the last (u², so the busiest has a
  /// few percent of all movements and the quietest a handful).
  func chooseProduct(_ rng: inout SplitMix64) -> Int {
    let u = Double.random(in: 0..<1, using: &rng)
    return ranking[min(Int(u * u * Double(ranking.count)), ranking.count - 1)]
  }

  func randomShelf(_ rng: inout SplitMix64, except: Int? = nil) -> Int {
    while true {
      let s = 1 + rng.index(codes.count - 1)
      if s != except { return s }
    }
  }

  /// A valid movement of a product chosen by popularity, already applied to the model.
  mutating func next(_ rng: inout SplitMix64) -> Move {
    next(product: chooseProduct(&rng), &rng)
  }

  mutating func next(product p: Int, _ rng: inout SplitMix64) -> Move {
    let type: MovementType
    if total(p) == 0 {
      type = .receive
    } else if unique[p] {
      type = rng.pick([(MovementType.pick, 55), (.transfer, 35), (.damage, 10)])
    } else {
      type = rng.pick([(MovementType.receive, 20), (.pick, 55), (.transfer, 20), (.damage, 5)])
    }
    var m = Move(type: type, product: p, quantity: 1)
    let here = holdings[p].isEmpty ? nil : holdings[p][rng.index(holdings[p].count)]
    switch type {
    case .receive:
      m.quantity = unique[p] ? 1 : Int64.random(in: 1...12, using: &rng)
      if let here, rng.chance(0.6) {
        m.to = here.location
      } else {
        m.to = rng.chance(0.25) ? Self.backRoom : randomShelf(&rng)
      }
    case .transfer:
      guard let here else { fatalError("a transfer of a product with no stock") }
      m.from = here.location
      m.quantity = Int64.random(in: 1...here.quantity, using: &rng)
      // Half the time onto a shelf that already holds some (consolidating), else any shelf.
      let others = holdings[p].filter { $0.location != here.location && $0.location != Self.backRoom }
      if !others.isEmpty && rng.chance(0.5) {
        m.to = others[rng.index(others.count)].location
      } else {
        m.to = randomShelf(&rng, except: here.location)
      }
    case .pick, .damage:
      guard let here else { fatalError("a \(type.rawValue) of a product with no stock") }
      m.from = here.location
      m.quantity = Int64.random(in: 1...min(here.quantity, type == .pick ? 4 : 2), using: &rng)
      if type == .damage { m.reason = damageReasons[rng.index(damageReasons.count)] }
    case .return_, .adjustment:
      break
    }
    apply(m)
    return m
  }

  mutating func apply(_ m: Move) {
    moves[m.product] += 1
    if let from = m.from, let i = holdings[m.product].firstIndex(where: { $0.location == from }) {
      holdings[m.product][i].quantity -= m.quantity
      if holdings[m.product][i].quantity == 0 { holdings[m.product].remove(at: i) }
    }
    if let to = m.to {
      if let i = holdings[m.product].firstIndex(where: { $0.location == to }) {
        holdings[m.product][i].quantity += m.quantity
      } else {
        holdings[m.product].append(Holding(location: to, quantity: m.quantity))
      }
    }
  }
}
