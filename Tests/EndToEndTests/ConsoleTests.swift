import Foundation
import Testing

/// The console's options and the keymaps, through the real binary (without a terminal the
/// console prints its first screen, which is what is checked here).
@Suite struct ConsoleCommandTests {
  func demo(_ s: Sandbox) throws -> String {
    let db = s.file("demo.sqlite")
    let built = try s.run(["demo", "--db", db], env: ["VGK_STAFF_NOW": "2026-11-25T10:00:00+01:00"])
    #expect(built.status == 0, "\(built.err)")
    return db
  }

  @Test func languageAndKeymapFromOptionsConfigAndLocale() throws {
    let s = Sandbox()
    let db = try demo(s)
    var r = try s.run(["console", "--db", db, "--lang", "fr"], env: ["VGK_STAFF_NOW": "2026-11-25T10:00:00+01:00"])
    #expect(r.status == 0, "\(r.err)")
    // Nobody is logged in yet: the first screen is the login screen.
    #expect(r.out.contains("VGK Staff Console — connexion") && r.out.contains("Mot de passe ou code PIN"), "\(r.out)")
    #expect(r.out.contains("personne de service"), "no one is on duty: \(r.out)")
    #expect(!r.out.contains("1 Scans"), "no tab is shown before the login")
    r = try s.run(["console", "--db", db], env: ["LANG": "fr_CM.UTF-8", "LC_ALL": ""])
    #expect(r.out.contains("Identifiant"), "the locale chooses French: \(r.out)")
    s.write("config", "lang = en\nkeymap = vi\n")
    r = try s.run(["--config", s.file("config"), "console", "--db", db], env: ["LANG": "fr_FR.UTF-8"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("Password or PIN") && r.out.contains("no one on duty"), "the config's lang wins over the locale: \(r.out)")
    r = try s.run(["console", "--db", db, "--lang", "de"])
    #expect(r.status == 2 && r.err.contains("--lang: 'de' is not fr or en"), "\(r.err)")
    s.write("bad-config", "lang = de\n")
    r = try s.run(["--config", s.file("bad-config"), "console", "--db", db])
    #expect(r.status == 2 && r.err.contains("config lang: 'de' is not fr or en"), "\(r.err)")
    // The role comes from the login, never from a flag.
    r = try s.run(["console", "--db", db, "--staff", "amina.n"])
    #expect(r.status == 2 && r.err.contains("Unknown option '--staff'"), "\(r.err)")
  }

  /// A keymap with mistakes: each is named `FILE:LINE: reason`, the console still starts and
  /// says so, and the good lines and the defaults work.
  @Test func aBrokenKeymapIsReportedAndTheRestWorks() throws {
    let s = Sandbox()
    let db = try demo(s)
    let keymap = s.write(
      "mine.keymap",
      """
      # mine
      bind scans x confirm
      bind scans z frobnicate
      bindd global q quit
      bind nowhere q quit
      bind global F13 quit

      """)
    let r = try s.run(["console", "--db", db, "--keymap", keymap])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.err.contains("\(keymap):3: unknown action 'frobnicate'"), "\(r.err)")
    #expect(r.err.contains("\(keymap):4: expected `bind <pane|global> <key> <action>`, found 'bindd'"), "\(r.err)")
    #expect(r.err.contains("\(keymap):5: unknown pane 'nowhere'"), "\(r.err)")
    #expect(r.err.contains("\(keymap):6: unknown key 'F13'"), "\(r.err)")
    #expect(r.out.contains("Keymap: 4 lines skipped, first mine.keymap:3: unknown action 'frobnicate'"), "\(r.out)")

    var bad = try s.run(["console", "--db", db, "--keymap", "qwertz"])
    #expect(bad.status == 2 && bad.err.contains("no keymap 'qwertz' (there are: azerty, default, vi; or give a file)"), "\(bad.err)")
    bad = try s.run(["console", "--db", db, "--keymap", s.file("missing.keymap")])
    #expect(bad.status == 2, "\(bad.err)")
    #expect(FileManager.default.createFile(atPath: s.file("binary.keymap"), contents: Data([0xFF, 0xFE, 0x00, 0x41])))
    bad = try s.run(["console", "--db", db, "--keymap", s.file("binary.keymap")])
    #expect(bad.status == 2 && bad.err.contains("is not UTF-8 text"), "\(bad.err)")
    #expect(FileManager.default.createFile(atPath: s.file("huge.keymap"), contents: Data(repeating: 0x23, count: 70_000)))
    bad = try s.run(["console", "--db", db, "--keymap", s.file("huge.keymap")])
    #expect(bad.status == 2 && bad.err.contains("over 64 KiB"), "\(bad.err)")
    let azerty = try s.run(["console", "--db", db, "--keymap", "azerty"])
    #expect(azerty.status == 0 && azerty.err.isEmpty, "\(azerty.err)")
  }

  /// The login settings: a bad idle time is bad input; a login journal that cannot be used is
  /// said on the login screen, and the console still starts (nobody can log in, nothing is lost).
  @Test func badLoginSettingsAreNamed() throws {
    let s = Sandbox()
    let db = try demo(s)
    for value in ["0", "1441", "ten", "-5"] {
      s.write("config", "idle_lock_minutes = \(value)\n")
      let r = try s.run(["--config", s.file("config"), "console", "--db", db])
      #expect(r.status == 2 && r.err.contains("config idle_lock_minutes: '\(value)' is not a whole number from 1 to 1440"), "\(value): \(r.err)")
    }
    // The journal's place is not a setting: a configuration that still names one is refused.
    s.write("config", "idle_lock_minutes = 5\nlogin_state = \(s.file("elsewhere.sqlite"))\n")
    var r = try s.run(["--config", s.file("config"), "console", "--db", db])
    #expect(r.status == 2 && r.err.contains("config:2: 'login_state' is not a setting any more: the login journal can no longer be moved"), "\(r.err)")
    #expect(!FileManager.default.fileExists(atPath: s.file("elsewhere.sqlite")))
    // A journal that cannot be used, at its place beside the database.
    let journal = (db as NSString).deletingLastPathComponent + "/vgk-staff-logins/logins.sqlite"
    try FileManager.default.createDirectory(atPath: (journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    precondition(FileManager.default.createFile(atPath: journal, contents: Data("just some text, not SQLite".utf8)))
    r = try s.run(["console", "--db", db])
    #expect(r.status == 0 && r.out.contains("Password or PIN"), "\(r.err)")
    r = try s.run(["--db", db, "staff", "login", "amina.n"], input: "2468\n")
    #expect(r.status == 2 && (r.err.contains("not a vgk-staff login journal") || r.err.contains("not an SQLite file")), "\(r.err)")
    #expect(try String(contentsOfFile: journal, encoding: .utf8) == "just some text, not SQLite", "left as it was")
  }
}
