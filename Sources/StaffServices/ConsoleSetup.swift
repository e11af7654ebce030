import Foundation
import StaffConsole
import StaffDomain
import StaffStore

/// The console's settings from options and the config file.
public enum ConsoleSetup {
  /// The ticket desk, when the personal-data key can be read (a console without it still runs).
  public static func desk(keys: KeyStore, settings: Settings, database: AppDatabase, now: Timestamp?) -> TicketDesk? {
    guard let key = try? PersonalData.key(keys, database), let targets = try? settings.ticketTargets(), let now else { return nil }
    return try? TicketDesk(database: database, key: key, targets: targets, now: now)
  }

  /// The screens' language: `option` (from `source`), else the locale of `environment`.
  public static func language(_ option: String?, source: String, environment: [String: String]) throws -> Language {
    guard let option = Settings.nonEmpty(option) else { return Language.from(environment: environment) }
    guard let language = Language(rawValue: option.lowercased()) else {
      throw StoreError.invalid(.notLanguage, .text(source), .text(option))
    }
    return language
  }

  /// The default keymap with `choice` read on top: a name (`azerty`, `vi`, `default`) from the
  /// Keymaps directory, or a file. Lines that cannot be used are returned as `FILE:LINE: reason`.
  public static func keymap(_ choice: String?, environment: [String: String]) throws -> (Keymap, [Keymap.Problem]) {
    var keymap = Keymap.standard
    guard let choice = Settings.nonEmpty(choice), choice != "default" else { return (keymap, []) }
    let path: String
    if choice.contains("/") || choice.hasSuffix(".keymap") {
      path = choice
    } else {
      guard choice.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
        throw StoreError.invalid(.keymapName, .text(choice))
      }
      let directory = try keymapsDirectory(environment: environment)
      path = directory + "/" + choice + ".keymap"
      guard FileManager.default.fileExists(atPath: path) else {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
          .filter { $0.hasSuffix(".keymap") }.map { String($0.dropLast(7)) }.sorted()
        throw StoreError.invalid(.keymapMissing, .text(choice), .text(names.joined(separator: ", ")))
      }
    }
    let bytes = try Importer.readFile(path)
    guard bytes.count <= 64 * 1024 else { throw StoreError.invalid(.keymapTooBig, .text(path)) }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw StoreError.invalid(.notUTF8, .text(path)) }
    let problems = keymap.read(text, file: path)
    return (keymap, problems)
  }

  /// `$VGK_STAFF_KEYMAPS`, else installed beside the binary (`PREFIX/share/vgk-staff/Keymaps`),
  /// else found walking up from the binary (a build tree).
  public static func keymapsDirectory(environment: [String: String]) throws -> String {
    guard let dir = SharedFiles.directory("Keymaps", variable: "VGK_STAFF_KEYMAPS", marker: "default.keymap", environment: environment) else {
      throw StoreError.invalid(.noKeymaps)
    }
    return dir
  }
}

/// The directories the program ships (`Fixtures`, `Keymaps`).
public enum SharedFiles {
  /// `$variable`, else installed beside the binary (`PREFIX/share/vgk-staff/NAME`), else found
  /// walking up from the binary (a build tree); the one holding `marker`.
  public static func directory(_ name: String, variable: String, marker: String, environment: [String: String]) -> String? {
    if let dir = Settings.nonEmpty(environment[variable]) { return dir }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let bin = exe.deletingLastPathComponent()
    let installed = bin.deletingLastPathComponent().appendingPathComponent("share/vgk-staff/" + name).path
    if FileManager.default.fileExists(atPath: installed + "/" + marker) { return installed }
    var dir = bin
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent(name).path
      if FileManager.default.fileExists(atPath: candidate + "/" + marker) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }
}
