import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it
/// when the last reference goes.
public final class TemporaryDirectory: @unchecked Sendable {
  public let path: String

  /// `label` names the directory (`vgk-<label>-<uuid>`), so a leftover says whose it was.
  public init(_ label: String = "test") {
    path = NSTemporaryDirectory() + "vgk-\(label)-\(UUID().uuidString)"
    precondition(
      (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil,
      "cannot create \(path)")
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  public func file(_ name: String) -> String { path + "/" + name }

  /// Writes `bytes` to `name`; the file's path.
  @discardableResult
  public func write(_ name: String, _ bytes: Data) -> String {
    precondition(FileManager.default.createFile(atPath: file(name), contents: bytes), "cannot create \(file(name))")
    return file(name)
  }

  @discardableResult
  public func write(_ name: String, _ text: String) -> String { write(name, Data(text.utf8)) }

  /// The text of `name`, or "" when it cannot be read.
  public func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
}
