import Foundation
import StaffDomain
import StaffStore

/// One JSON value for `--json` output (one object per line, keys in the order given).
enum JSON {
  case string(String), int(Int64), bool(Bool), null, array([JSON]), object([(String, JSON)])
  /// JSON text made elsewhere (a payload as PostgreSQL prints it), written as it is but for the
  /// characters that do not show themselves, escaped as in `quote` (they can only be inside its
  /// strings, where an escape means the same).
  case raw(String)

  static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  var encoded: String {
    switch self {
    case .string(let s): return Self.quote(s)
    case .int(let n): return String(n)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .array(let a): return "[" + a.map(\.encoded).joined(separator: ",") + "]"
    case .object(let o): return "{" + o.map { Self.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
    case .raw(let text):
      var out = ""
      for u in text.unicodeScalars {
        if u.value >= 0x7F && Visible.isHidden(u) {
          for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
        } else {
          out.unicodeScalars.append(u)
        }
      }
      return out
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      // DEL, C1 controls, bidirectional and other hidden characters: escaped too, so the line is
      // the same JSON and safe on a terminal.
      case _ where Visible.isHidden(u):
        for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}

func printJSON(_ pairs: [(String, JSON)]) { print(JSON.object(pairs).encoded) }

// Every line this program writes for people goes through these three, which show control,
// bidirectional and other hidden characters visibly (`Visible.output`): a file name, a payload
// or an import's text never reaches the terminal raw, whichever command prints it. Inside this
// module `print` is this one, not the standard library's.

/// Writes to standard output, as `Swift.print` does, with hidden characters shown visibly.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  Swift.print(Visible.output(items.map { "\($0)" }.joined(separator: separator)), terminator: Visible.output(terminator))
}

/// Writes a line to standard output at once, bypassing print's buffer.
func printNow(_ s: String) {
  FileHandle.standardOutput.write(Data((Visible.output(s) + "\n").utf8))
}

/// Writes to standard error.
func printError(_ s: String) {
  FileHandle.standardError.write(Data((Visible.output(s) + "\n").utf8))
}

/// The language the command line speaks: `--lang` where a command has it, else the config's
/// `lang`, else the locale (LC_ALL, LC_MESSAGES, LANG). Errors and refusals are printed in it;
/// `--json` keeps its fields in English, with the message's code beside them.
enum Output {
  private final class Chosen: @unchecked Sendable {
    let lock = NSLock()
    var language = Language.from(environment: Environment.env)
  }
  private static let chosen = Chosen()

  static var language: Language {
    get { chosen.lock.withLock { chosen.language } }
    set { chosen.lock.withLock { chosen.language = newValue } }
  }

  /// A message of the catalog in the command line's language.
  static func say(_ code: MessageCode, _ args: MessageArg...) -> String { Message(code, args: args).text(language) }

  /// Takes the config's `lang` when it is fr or en (a wrong value is reported by the commands
  /// that use it; the locale stays).
  static func take(config: [String: String]) {
    if let value = config["lang"], let language = Language(rawValue: value.lowercased()) { self.language = language }
  }
}

/// Any error as a message: the store's and the domain's carry one; anything else is an internal
/// error whose technical text stays as it is.
func said(_ error: any Error) -> Message {
  switch error {
  case let e as StoreError: e.message
  case let e as TaskRefusal: e.reason
  case let e as TicketRefusal: e.reason
  case let e as FieldError: e.reason
  case let e as LoginRefusal: e.message
  case let e as DecisionRefusal: e.message
  case let e as Message: e
  default: Message(.internalError, .text("\(error)"))
  }
}
