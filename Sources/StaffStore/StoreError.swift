import StaffDomain

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
  case invalid(Message)
  /// An operation the rules refuse (e.g. stock below zero), with the reason.
  case refused(Message)
  /// A write on a database whose schema differs from what the migrations make (an append-only
  /// trigger dropped, say): nothing is written until it is put right.
  case schemaChanged(path: String, problems: [String])
  /// A write on a database this account may only read (a supervisor over SSH).
  case readOnly(path: String)
  case `internal`(String)

  /// What went wrong, as a message the console and the command line put in the reader's language.
  public var message: Message {
    switch self {
    case .missing(let p): Message(.storeMissing, .text(p))
    case .alreadyInitialised(let p, let point): Message(.storeAlreadyInitialised, .text(p), .text(point))
    case .noDirectory(let p): Message(.storeNoDirectory, .text(p))
    case .notWritable(let p, let r): Message(.storeNotWritable, .text(p), .text(r))
    case .notOurs(let p, let r): Message(.storeNotOurs, .text(p), .text(r))
    case .newerVersion(let p, let u): Message(.storeNewerVersion, .text(p), .text(u.joined(separator: ", ")))
    case .unsafeSetting(let s): Message(.storeUnsafeSetting, .text(s))
    case .key(let s): Message(.storeKey, .text(s))
    case .refused(let m), .invalid(let m): m
    case .schemaChanged(let p, let problems):
      problems.count > 1
        ? Message(.storeSchemaChangedMore, .text(p), .text(problems[0]), .count(Int64(problems.count - 1)))
        : Message(.storeSchemaChanged, .text(p), .text(problems.first ?? "its schema differs"))
    case .readOnly(let p): Message(.storeReadOnly, .text(p))
    case .internal(let s): Message(.internalError, .text(s))
    }
  }

  /// The error in English (logs; `--json` keeps its `reason` in English next to the code).
  public var description: String { message.description }

  /// A refusal of the rules: `.refused(.noOrder, .id(1042))`.
  public static func refused(_ code: MessageCode, _ args: MessageArg...) -> StoreError { .refused(Message(code, args: args)) }

  /// Input the program cannot use: `.invalid(.notStaffLogin, .text(login))`.
  public static func invalid(_ code: MessageCode, _ args: MessageArg...) -> StoreError { .invalid(Message(code, args: args)) }

  /// The command-line exit code this error stands for (vgk-staff(1), EXIT STATUS: 1 refused, 2 bad input, 3 internal).
  public var exitCode: Int32 {
    switch self {
    case .alreadyInitialised, .refused, .readOnly, .schemaChanged: 1
    case .missing, .noDirectory, .notWritable, .notOurs, .newerVersion, .key, .invalid: 2
    case .unsafeSetting, .internal: 3
    }
  }
}
