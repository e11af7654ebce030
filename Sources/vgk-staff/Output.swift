import Foundation
import StaffDomain
import StaffServices
import StaffStore

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
  static func take(_ settings: Settings) {
    if let language = try? settings.language() { self.language = language }
  }
}
