import Foundation
import Testing

/// The command line speaks the language in use: the config's `lang`, else the locale (LC_ALL,
/// LC_MESSAGES, LANG). Refusals and errors are printed in it; `--json` keeps English fields and
/// adds the message's code.
@Suite struct LanguageTests {
  let env = ["VGK_STAFF_USER": "amina.n", "VGK_STAFF_NOW": "2026-11-20T09:00:00+01:00"]

  /// A training point with 10 of product 700004 on A-01-1.
  func point(_ s: Sandbox) throws -> String {
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--training", "--point", "DLA-AKWA", "--name", "Akwa"], env: env).status == 0)
    let products = s.write("products.csv", "id,title,category,price_fcfa,unique_item\n700004,Chargeur Tecno,Téléphones,3000,false\n")
    let staff = s.write("staff.csv", "login,full_name,role\namina.n,Amina Njoya,clerk\nsolange.e,Solange Ekambi,supervisor\n")
    #expect(try s.run(["--db", db, "import", "products", products], env: env).status == 0)
    #expect(try s.run(["--db", db, "import", "staff", staff], env: env).status == 0)
    let received = try s.run(["--db", db, "stock", "move", "--type", "RECEIVE", "--product", "700004", "--qty", "10", "--to", "A-01-1", "--new-location"], env: env)
    #expect(received.status == 0, "\(received.err)")
    return db
  }

  static let pickTooMany = ["stock", "move", "--type", "PICK", "--product", "700004", "--qty", "999", "--from", "A-01-1"]

  @Test func aStoreRefusalInTheLocalesLanguage() throws {
    let s = Sandbox()
    let db = try point(s)
    let french = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8"]) { $1 })
    #expect(french.status == 1)
    #expect(
      french.err
        == "vgk-staff: il n'y a que 10 du produit 700004 en A-01-1\u{00A0}: impossible d'en retirer 999 (le stock ne descend jamais sous zéro)\n",
      "\(french.err)")
    let english = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "en_GB.UTF-8"]) { $1 })
    #expect(english.status == 1)
    #expect(english.err == "vgk-staff: only 10 of product 700004 at A-01-1: cannot take 999 (stock never goes below zero)\n", "\(english.err)")
    // LC_ALL comes before LANG, as POSIX has it; LC_MESSAGES before LANG.
    let all = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8"]) { $1 })
    #expect(all.err.hasPrefix("vgk-staff: only 10"), "\(all.err)")
    let messages = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "C.UTF-8", "LC_MESSAGES": "fr_CM.UTF-8"]) { $1 })
    #expect(messages.err.hasPrefix("vgk-staff: il n'y a que 10"), "\(messages.err)")
    // A role refused, and a login unknown, in French too.
    let supervisor = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8", "VGK_STAFF_USER": "solange.e"]) { $1 })
    #expect(supervisor.status == 1)
    #expect(supervisor.err == "vgk-staff: solange.e\u{00A0}: un superviseur ne peut pas modifier le stock (voir ROLES dans vgk-staff(1))\n", "\(supervisor.err)")
    let nobody = try s.run(["--db", db] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8", "VGK_STAFF_USER": "nobody.x"]) { $1 })
    #expect(nobody.status == 2)
    #expect(nobody.err.contains("n'est pas un identifiant du personnel de ce point"), "\(nobody.err)")
    // Nothing was taken.
    #expect(try shell("sqlite3", [db, "SELECT quantity FROM stock WHERE product_id = 700004"]).out == "10\n")
  }

  @Test func theConfigsLangComesBeforeTheLocale() throws {
    let s = Sandbox()
    let db = try point(s)
    let config = s.write("config", "lang = fr\n")
    let r = try s.run(["--db", db, "--config", config] + Self.pickTooMany, env: env.merging(["LANG": "en_US.UTF-8"]) { $1 })
    #expect(r.status == 1 && r.err.hasPrefix("vgk-staff: il n'y a que 10 du produit 700004"), "\(r.err)")
    let english = s.write("config-en", "lang = en\n")
    let e = try s.run(["--db", db, "--config", english] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8"]) { $1 })
    #expect(e.status == 1 && e.err.hasPrefix("vgk-staff: only 10 of product 700004"), "\(e.err)")
    // An error before any database is opened is said in the locale's language.
    let missing = try s.run(["--db", s.file("none.sqlite")] + Self.pickTooMany, env: env.merging(["LANG": "fr_FR.UTF-8"]) { $1 })
    #expect(missing.status == 2 && missing.err.hasPrefix("vgk-staff: pas de base en "), "\(missing.err)")
  }

  @Test func jsonCarriesTheCodeBesideTheEnglishReason() throws {
    let s = Sandbox()
    let db = try point(s)
    let r = try s.run(
      ["--db", db, "staff", "login", "amina.n", "--json"], env: env.merging(["LANG": "fr_FR.UTF-8"]) { $1 }, input: "wrong-secret\n")
    #expect(r.status == 1, "\(r.err)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], "\(r.out)")
    #expect(object["accepted"] as? Bool == false)
    #expect((object["reason"] as? String)?.hasPrefix("wrong login or secret") == true || (object["reason"] as? String)?.hasPrefix("this account") == true, "\(r.out)")
    #expect((object["code"] as? String)?.hasPrefix("login.") == true, "\(r.out)")
  }
}
