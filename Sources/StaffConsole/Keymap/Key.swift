/// A key as the console sees it, after the terminal adapter has decoded it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
  /// A printable character, as typed (an AZERTY `é` arrives as `é`).
  case character(Character)
  case named(Named)
  /// Control and a letter (`C-f`).
  case control(Character)
  /// F1 to F12.
  case function(Int)

  public enum Named: String, CaseIterable, Sendable {
    case enter = "Enter", escape = "Esc", tab = "Tab", backTab = "BackTab", space = "Space"
    case backspace = "Backspace", delete = "Delete", up = "Up", down = "Down", left = "Left", right = "Right"
    case pageUp = "PageUp", pageDown = "PageDown", home = "Home", end = "End", insert = "Insert"
  }

  /// The name a keymap file uses: `q`, `é`, `Enter`, `C-f`, `F1`. `#` is written `Hash`, a space
  /// `Space`, so that a line splits on blanks and comments start with `#`.
  public var description: String {
    switch self {
    case .character("#"): "Hash"
    case .character(let c): String(c)
    case .named(let n): n.rawValue
    case .control(let c): "C-\(c)"
    case .function(let n): "F\(n)"
    }
  }

  /// Parses a key name; nil for anything else.
  public init?(name: some StringProtocol) {
    let text = String(name)
    if let named = Named(rawValue: text) {
      self = .named(named)
      return
    }
    if text == "Hash" {
      self = .character("#")
      return
    }
    if text.count == 1, let c = text.first {
      guard Self.isPrintable(c) else { return nil }
      self = .character(c)
      return
    }
    if text.hasPrefix("C-"), text.count == 3, let c = text.last, c.isASCII, c.isLetter, c.isLowercase {
      self = .control(c)
      return
    }
    if text.hasPrefix("F"), let n = Int(text.dropFirst()), (1...12).contains(n), text == "F\(n)" {
      self = .function(n)
      return
    }
    return nil
  }

  /// One visible character: no controls, no blanks, no combining marks on their own.
  static func isPrintable(_ c: Character) -> Bool {
    guard let first = c.unicodeScalars.first else { return false }
    if c.isWhitespace || c.isNewline { return false }
    switch first.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .nonspacingMark, .enclosingMark, .spacingMark:
      return false
    default:
      return true
    }
  }
}
