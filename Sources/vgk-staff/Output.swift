import Foundation

/// One JSON value for `--json` output (one object per line, keys in the order given).
enum JSON {
  case string(String), int(Int64), bool(Bool), null, array([JSON]), object([(String, JSON)])

  static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  var encoded: String {
    switch self {
    case .string(let s): return Self.quote(s)
    case .int(let n): return String(n)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .array(let a): return "[" + a.map(\.encoded).joined(separator: ",") + "]"
    case .object(let o): return "{" + o.map { Self.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
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
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}

func printJSON(_ pairs: [(String, JSON)]) { print(JSON.object(pairs).encoded) }

/// Writes a line to standard output at once, bypassing print's buffer.
func printNow(_ s: String) {
  FileHandle.standardOutput.write(Data((s + "\n").utf8))
}

/// Writes to standard error.
func printError(_ s: String) {
  FileHandle.standardError.write(Data((s + "\n").utf8))
}
