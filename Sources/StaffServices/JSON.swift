import Foundation
import StaffDomain
import StaffStore

/// One JSON value for `--json` output (one object per line, keys in the order given).
public enum JSON: Sendable {
  case string(String), int(Int64), bool(Bool), null, array([JSON]), object([(String, JSON)])
  /// JSON text made elsewhere (a payload as PostgreSQL prints it), written as it is but for the
  /// characters that do not show themselves, escaped as in `quote` (they can only be inside its
  /// strings, where an escape means the same).
  case raw(String)

  public static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  public var encoded: String {
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

  public static func quote(_ s: String) -> String {
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

/// Any error as a message: the store's and the domain's carry one; anything else is an internal
/// error whose technical text stays as it is.
public func said(_ error: any Error) -> Message {
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
