import Foundation
import StaffDomain
import Testing

@Suite struct CommandLineTests {
  @Test func initImportCheckBackupFollowTheContract() throws {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    // Global options before the subcommand, as the man page's SYNOPSIS writes them.
    var r = try s.run(["--db", db, "init", "--point", "DLA-AKWA", "--name", "VGK Akwa", "--json"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.hasPrefix("{\"database\":\"\(db)\",\"point\":\"DLA-AKWA\""))
    r = try s.run(["--db", db, "init", "--point", "DLA-AKWA", "--name", "again"])
    #expect(r.status == 1)
    #expect(r.err == "vgk-staff: \(db) already holds pickup point DLA-AKWA; nothing was changed\n")
    for kind in ["products", "staff", "orders"] {
      for ext in ["csv", "json"] {
        r = try s.run(["import", kind, packageRoot + "/Fixtures/import/\(kind).\(ext)", "--db", db, "--json"])
        #expect(r.status == 0, "\(kind).\(ext): \(r.err)")
        #expect(r.out.contains("\"kind\":\"\(kind)\""))
        #expect(r.out.split(separator: "\n").count == 1)
      }
    }
    r = try s.run(["--db=\(db)", "db", "check"])
    #expect(r.status == 0, "\(r.out)\(r.err)")
    r = try s.run(["db", "check", "--json"], env: ["VGK_STAFF_DB": db])
    #expect(r.out == "{\"database\":\"\(db)\",\"kind\":\"real\",\"violations\":0,\"ok\":true}\n")
    r = try s.run(["--db", db, "db", "backup", s.file("copy.sqlite")])
    #expect(r.status == 0)
    r = try s.run(["--db", db, "db", "backup", s.file("copy.sqlite")])
    #expect(r.status == 1)
    r = try s.run(["--db", s.file("copy.sqlite"), "db", "check"])
    #expect(r.status == 0)
  }

  @Test func badUsageAndBadInputExitWithTwo() throws {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--point", "DLA-X", "--name", "X"]).status == 0)
    let cases: [([String], String)] = [
      (["frobnicate"], "unknown subcommand 'frobnicate'"),
      (["init", "--point", "X"], "Missing expected argument '--name <name>'"),
      (["import", "gadgets", "f.csv"], "The value 'gadgets' is invalid for '<kind>'"),
      (["--db", s.file("none.sqlite"), "db", "check"], "no database at \(s.file("none.sqlite"))"),
      (["--db", s.file("no/dir/x.sqlite"), "init", "--point", "DLA-X", "--name", "X"], "the directory \(s.file("no/dir")) does not exist"),
      (["--db", db, "import", "products", s.file("missing.csv")], "cannot read \(s.file("missing.csv")): No such file or directory"),
      (["--db", db, "init", "--point", "dla akwa", "--name", "X"], "--point must start with a capital letter"),
    ]
    for (args, message) in cases {
      let r = try s.run(args)
      #expect(r.status == 2, "\(args): \(r.status) \(r.err)")
      #expect(r.err.contains(message), "\(args): \(r.err)")
    }
    // A malformed import row: FILE:LINE: reason, and nothing imported.
    let bad = s.write("bad.csv", "id,title,category,price_fcfa\n100001,Radio,Maison,8000\n100001,Radio bis,Maison,9000\n")
    let r = try s.run(["--db", db, "import", "products", bad])
    #expect(r.status == 2)
    #expect(r.err == "\(bad):3: duplicate product id 100001 (first on line 2)\nvgk-staff: nothing was imported from \(bad) (1 problem)\n")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM products"]).out == "0\n")
    #expect(try s.run(["--help"]).status == 0)
    #expect(try s.run(["import", "--help"]).out.contains("FILE:LINE: reason"))
  }

  /// Hostile import files, through the binary: each is refused with exit 2, its line and the
  /// column named, and nothing of it is imported (the good rows before the bad one neither).
  @Test func hostileImportFilesAreRefusedWhole() throws {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--point", "DLA-X", "--name", "X"]).status == 0)
    let known = "(known: category, condition, id, low_stock_threshold, price_fcfa, title, unique_item)"
    let good = "100001,Radio,Maison,8000\n"
    let cases: [(kind: String, name: String, text: String, message: String)] = [
      ("products", "header.csv", "id,title,category,price_fcfa,colour\n", "1: unknown column 'colour' \(known)"),
      ("products", "dup.json",
       "[{\"id\": 100001, \"title\": \"Radio\", \"category\": \"Maison\", \"price_fcfa\": 8000},\n"
         + " {\"id\": 100002, \"title\": \"Radio\", \"category\": \"Maison\", \"price_fcfa\": 9000,\n  \"price_fcfa\": 1}]\n",
       "3: duplicate key 'price_fcfa'"),
      ("products", "exp.json",
       "{\"id\": 100001, \"title\": \"Radio\", \"category\": \"Maison\", \"price_fcfa\": 8000}\n"
         + "{\"id\": 8.00013e5, \"title\": \"Radio\", \"category\": \"Maison\", \"price_fcfa\": 8000}\n",
       "2: column 'id': the number 8.00013e5 is not an id (digits only: no spaces, signs, decimals or exponents)"),
      ("products", "space.csv", "id,title,category,price_fcfa\n" + good + "\" 100002\",Radio,Maison,8000\n",
       "3: column 'id': ' 100002' is not an id (digits only: no spaces, signs, decimals or exponents)"),
      ("products", "bidi.csv", "id,title,category,price_fcfa\n" + good + "100002,Radio \u{202E}0008,Maison,8000\n",
       "3: column 'title' contains an invisible character (U+202E), such as a direction override"),
      ("staff", "bidi.json", "{\"login\": \"amina.n\", \"full_name\": \"Amina \\u2066Njoya\", \"role\": \"clerk\"}\n",
       "1: column 'full_name' contains an invisible character (U+2066), such as a direction override"),
    ]
    let count = "SELECT (SELECT count(*) FROM products) || ' ' || (SELECT count(*) FROM staff) || ' ' || (SELECT count(*) FROM audit_log)"
    let before = try shell("sqlite3", [db, count]).out
    for c in cases {
      let file = s.write(c.name, c.text)
      let r = try s.run(["--db", db, "import", c.kind, file])
      #expect(r.status == 2, "\(c.name): \(r.status) \(r.out)")
      #expect(r.err == "\(file):\(c.message)\nvgk-staff: nothing was imported from \(file) (1 problem)\n", "\(c.name)")
    }
    #expect(try shell("sqlite3", [db, count]).out == before)
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }

  @Test func theConfigFileIsReadAndItsErrorsNamed() throws {
    let s = Sandbox()
    let db = s.file("from-config.sqlite")
    let config = s.write("config", "# counter box\ndb = \"\(db)\"\n")
    var r = try s.run(["--config", config, "init", "--point", "DLA-X", "--name", "X"])
    #expect(r.status == 0, "\(r.err)")
    #expect(FileManager.default.fileExists(atPath: db))
    let bad = s.write("bad-config", "db = x\ndatabase_path = y\n")
    r = try s.run(["--config", bad, "db", "check"])
    #expect(r.status == 2)
    let issue = ImportIssue(line: 2, "unknown setting 'database_path' (known: \(ConfigFile.keys.map(\.key).joined(separator: ", ")))")
    #expect(r.err == "vgk-staff: \(bad):2: \(issue.message)\n")
    r = try s.run(["--config", s.file("nope"), "db", "check"])
    #expect(r.status == 2)
    // The default location: XDG data home, made for the user.
    r = try s.run(["init", "--point", "DLA-Y", "--name", "Y"])
    #expect(r.status == 0, "\(r.err)")
    #expect(FileManager.default.fileExists(atPath: s.file("home/.local/share/vgk-staff/vgk-staff.sqlite")))
  }

  @Test func checkReportsAStockRowEditedWithTheSQLiteShell() throws {
    let s = Sandbox()
    let db = s.file("demo.sqlite")
    var r = try s.run(["demo", "--db", db])
    #expect(r.status == 0, "\(r.err)")
    let edit = try shell("sqlite3", [db, "UPDATE stock SET quantity = quantity + 1 WHERE (product_id, location_id) = (SELECT product_id, location_id FROM stock LIMIT 1)"])
    #expect(edit.status == 0, "\(edit.out)")
    r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 1)
    #expect(r.out.hasPrefix("stock: product "))
    #expect(r.out.contains("changed outside the program"))
    r = try s.run(["--db", db, "db", "check", "--json"])
    #expect(r.out.split(separator: "\n").last?.contains("\"violations\":1") == true)
  }

  @Test func aNewerDatabaseIsRefusedAndLeftAlone() throws {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--point", "DLA-X", "--name", "X"]).status == 0)
    #expect(try shell("sqlite3", [db, "INSERT INTO grdb_migrations VALUES ('v7-tomorrow')"]).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    let r = try s.run(["--db", db, "db", "check"])
    #expect(r.status == 2)
    #expect(r.err.contains("was made by a newer version of vgk-staff (unknown migrations: v7-tomorrow)"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
  }

  @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
    let s = Sandbox()
    let db = s.file("shop.sqlite")
    #expect(try shell("sqlite3", [db, "CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Awa')"]).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    for args in [["db", "check"], ["db", "backup", s.file("copy.sqlite")], ["console"]] {
      let r = try s.run(["--db", db] + args)
      #expect(r.status == 2, "\(args)")
      #expect(r.err.contains("is not a VGK Staff database (it holds tables of another program)"), "\(r.err)")
    }
    // Not switched to WAL, no table added and dropped: the same bytes.
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
  }

  @Test func versionNamesEveryLibrary() throws {
    let r = try Sandbox().run(["--version"])
    for lib in ["SQLite 3.", "ncurses 6.", "zbar 0.", "libjpeg-turbo 2.", "libpng 1.", "libqrencode 4."] {
      #expect(r.out.contains(lib), "\(r.out)")
    }
  }
}

@Suite struct ConcurrentProcessTests {
  /// Several processes write the same database at the same moment: all succeed, none reports busy.
  @Test func processesWritingAtTheSameMomentAllSucceed() throws {
    let s = Sandbox()
    let db = s.file("vgk.sqlite")
    #expect(try s.run(["--db", db, "init", "--point", "DLA-X", "--name", "X"]).status == 0)
    let writers = 4
    let rounds = 8
    var files: [[String]] = []
    for w in 0..<writers {
      files.append((0..<rounds).map { r in
        let rows = (0..<50).map { i in "\(100000 + w * 10000 + r * 100 + i),Article \(w)-\(r)-\(i),Maison,\(500 + i)" }
        return s.write("p-\(w)-\(r).csv", "id,title,category,price_fcfa\n" + rows.joined(separator: "\n") + "\n")
      })
    }
    for r in 0..<rounds {
      let running = try (0..<writers).map { w in try s.start(["--db", db, "import", "products", files[w][r]]) }
      for p in running {
        p.process.waitUntilExit()
        let err = (try? String(contentsOfFile: p.err, encoding: .utf8)) ?? ""
        #expect(p.process.terminationStatus == 0, "\(err)")
        #expect(!err.lowercased().contains("busy") && !err.lowercased().contains("locked"), "\(err)")
      }
    }
    #expect(try shell("sqlite3", [db, "SELECT count(*) FROM products"]).out == "\(writers * rounds * 50)\n")
    #expect(try s.run(["--db", db, "db", "check"]).status == 0)
  }
}
