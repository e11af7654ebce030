/// What the store refuses or cannot do, in words a person at the counter can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No database at the path (commands other than `init` need one).
  case missing(path: String)
  /// `init` on a database that already holds a pickup point.
  case alreadyInitialised(path: String, point: String)
  /// The directory meant to hold the database does not exist.
  case noDirectory(path: String)
  case notWritable(path: String, reason: String)
  /// The file is not a VGK Staff database (another SQLite file, or not SQLite at all).
  case notOurs(path: String, reason: String)
  /// Made by a newer version of the program: we do not know some of its migrations.
  case newerVersion(path: String, unknown: [String])
  /// A safety setting did not take (synchronous, journal mode, busy timeout).
  case unsafeSetting(String)
  /// The pickup-code key is missing, unreadable, too open, or not the database's own.
  case key(String)
  /// Input the program cannot use (bad argument, bad value), with the reason.
  case invalid(String)
  /// An operation the rules refuse (e.g. stock below zero), with the reason.
  case refused(String)
  /// A write on a database whose schema differs from what the migrations make (an append-only
  /// trigger dropped, say): nothing is written until it is put right.
  case schemaChanged(path: String, problems: [String])
  /// A write on a database this account may only read (a supervisor over SSH).
  case readOnly(path: String)
  case `internal`(String)

  public var description: String {
    switch self {
    case .missing(let p):
      "no database at \(p): create one with `vgk-staff init --point CODE --name NAME` (or pass --db PATH)"
    case .alreadyInitialised(let p, let point): "\(p) already holds pickup point \(point); nothing was changed"
    case .noDirectory(let p): "the directory \(p) does not exist: create it first or choose another --db path"
    case .notWritable(let p, let r): "cannot write \(p): \(r)"
    case .notOurs(let p, let r): "\(p) is not a VGK Staff database (\(r))"
    case .newerVersion(let p, let u):
      "\(p) was made by a newer version of vgk-staff (unknown migrations: \(u.joined(separator: ", "))); "
        + "upgrade this program before opening it"
    case .unsafeSetting(let s): "the database refused a safety setting: \(s)"
    case .key(let s): s
    case .refused(let s): s
    case .schemaChanged(let p, let problems):
      "\(p) was changed outside the program, so nothing is written to it: \(problems.first ?? "its schema differs")"
        + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "")
        + "; run `vgk-staff db check` for the whole list, then restore the database from a backup"
    case .readOnly(let p): "\(p) is read-only for this account: nothing can be changed from here (the console of a supervisor over SSH reads only)"
    case .invalid(let s): s
    case .internal(let s): "internal error: \(s)"
    }
  }

  /// The command-line exit code this error stands for (DESIGN: 1 refused, 2 bad input, 3 internal).
  public var exitCode: Int32 {
    switch self {
    case .alreadyInitialised, .refused, .readOnly, .schemaChanged: 1
    case .missing, .noDirectory, .notWritable, .notOurs, .newerVersion, .key, .invalid: 2
    case .unsafeSetting, .internal: 3
    }
  }
}
