import StaffDomain
import StaffStore
import Testing

/// A store error as a test expects it: refused or invalid, and what it says in English. The store
/// throws messages (codes and arguments); tests that name the English words compare those.
struct Said: Equatable, CustomStringConvertible {
  enum Kind: Equatable { case refused, invalid, other }
  var kind: Kind
  var english: String

  static func refused(_ english: String) -> Said { Said(kind: .refused, english: english) }
  static func invalid(_ english: String) -> Said { Said(kind: .invalid, english: english) }

  init(kind: Kind, english: String) {
    self.kind = kind
    self.english = english
  }

  init(_ error: StoreError) {
    switch error {
    case .refused: kind = .refused
    case .invalid: kind = .invalid
    default: kind = .other
    }
    english = error.description
  }

  var description: String { "\(kind): \(english)" }
}

/// Expects `body` to throw a store error that says `expected`, with words in both languages.
func expectSaid<R>(
  _ expected: Said, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
  let error = #expect(throws: StoreError.self, comment, sourceLocation: sourceLocation) { _ = try body() }
  guard let error else { return }
  #expect(Said(error) == expected, comment, sourceLocation: sourceLocation)
  let code = error.message.code.rawValue
  #expect(error.message.isTranslated, Comment(rawValue: "no words for " + code), sourceLocation: sourceLocation)
}
