import Foundation
import StaffDomain
import Testing

/// The man page and the README are part of the product: they must name what the program has.
@Suite struct DocumentationTests {
  let manPage = (try? String(contentsOfFile: packageRoot + "/man/vgk-staff.1", encoding: .utf8)) ?? ""
  let readme = (try? String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)) ?? ""

  /// The man page's text with roff's escaped hyphens made plain.
  var manText: String { manPage.replacingOccurrences(of: "\\-", with: "-") }

  /// Subcommands as the program lists them in its own help.
  func subcommands(_ args: [String]) throws -> [String] {
    let help = try Sandbox().run(args + ["--help"]).out
    guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
    return help[start.upperBound...].split(separator: "\n")
      .prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("See '") }
      .compactMap { line in
        guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
        return line.split(separator: " ").first.map(String.init)
      }
  }

  @Test func theManPageDescribesEverySubcommand() throws {
    let top = try subcommands([])
    #expect(top.contains("console") && top.contains("db"), "\(top)")
    let groups = ["db", "orders", "tasks", "stock", "transfer", "tickets", "keys", "report", "staff", "label", "print", "central", "link"]
    for command in top where !groups.contains(command) {
      #expect(manText.contains(".B \(command)") || manText.contains(".BR \(command)"), "\(command)")
    }
    for group in groups {
      let commands = try subcommands([group])
      #expect(!commands.isEmpty, "\(group)")
      for command in commands {
        #expect(manText.contains(".B \(group) \(command)"), "\(group) \(command)")
      }
    }
  }

  @Test func theManPageNamesEveryImportColumnAndSetting() {
    let columns = Importers.productColumns.union(Importers.staffColumns).union(Importers.orderColumns)
      .union(Importers.itemColumns)
    for column in columns.sorted() {
      #expect(manText.range(of: "\\.(B|BR) ([a-z_]+ \", \" )*\(column)\\b", options: .regularExpression) != nil, "\(column)")
    }
    for setting in ConfigFile.keys {
      #expect(manText.contains(".B \(setting.key)"), "\(setting.key)")
    }
    let variables = [
      "VGK_STAFF_DB", "VGK_STAFF_CONFIG", "VGK_STAFF_KEYS", "VGK_STAFF_FIXTURES", "VGK_STAFF_NOW", "VGK_STAFF_USER",
      "VGK_STAFF_TERMINAL", "VGK_STAFF_WORKER", "VGK_STAFF_KEYMAPS",
    ]
    for variable in variables {
      #expect(manText.contains(".B \(variable)"), "\(variable)")
    }
  }

  @Test func theManPageHasNoRoffWarnings() throws {
    let r = try shell("groff", ["-ww", "-man", "-z", packageRoot + "/man/vgk-staff.1"])
    #expect(r.status == 0 && r.out.isEmpty, "\(r.out)")
  }

  @Test func theReadmeOpensWithTheTwoCommands() {
    let firstCommands = readme.split(separator: "\n").filter { $0.hasPrefix("make ") || $0.hasPrefix("    make ") }
      .prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(firstCommands == ["make demo", "make test"], "\(firstCommands)")
    let ci = (try? String(contentsOfFile: packageRoot + "/.ci/run", encoding: .utf8)) ?? ""
    let ciCommands = ci.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    #expect(ciCommands.last?.hasSuffix("make test") == true, "\(ciCommands)")
  }
}
