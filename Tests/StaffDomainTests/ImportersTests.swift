import Foundation
import Testing

@testable import StaffDomain

func failure(_ body: () throws -> Any) -> [String] {
  do {
    _ = try body()
    return []
  } catch let f as ImportFailure { return f.issues.map { "\($0.line): \($0.message)" } } catch {
    return ["\(error)"]
  }
}

@Suite struct ProductImportTests {
  @Test func goodRows() throws {
    let rows = try csv(
      "id,title,category,price_fcfa,condition,unique_item,low_stock_threshold\n"
        + "100001,Tecno Spark 10,Téléphones,65000,like_new,true,\n"
        + "100002,Piles AA (x4),Maison,1500,new,non,5\n")
    let products = try Importers.products(rows)
    #expect(products.count == 2)
    #expect(products[0] == ProductRecord(line: 2, id: 100001, title: "Tecno Spark 10", category: "Téléphones",
      price: FCFA(65000), condition: .likeNew, uniqueItem: true, lowStockThreshold: nil))
    #expect(products[1].uniqueItem == false && products[1].lowStockThreshold == 5)
  }

  /// Found by `make fuzz` (Fixtures/fuzz/import/crashes): a column name or a value with a control
  /// character came back raw in the message, so an import file could drive the terminal that
  /// prints it. Hidden characters are shown as codes, and a message is at most 500 characters.
  @Test func messagesShowTheFilesHiddenCharactersAsCodes() throws {
    #expect(failure { try Importers.products(try csv("id,title,category,price_fcfa,lo\u{7F}w\n1,a,b,5,x\n")) } == [
      "2: unknown column 'lo<U+007F>w' (known: category, condition, id, low_stock_threshold, price_fcfa, title, unique_item)"
    ])
    #expect(failure { try Importers.products(try csv("id,title,category,price_fcfa\n1,a,b,\"5\u{1B}[2J\"\n")) } == [
      "2: column 'price_fcfa': '5<U+001B>[2J' is not a whole number (write 45000, no spaces or decimals)"
    ])
    let long = failure { try Importers.products(try csv("id,title,category,price_fcfa\n1,a,b,\(String(repeating: "9x", count: 2000))\n")) }
    #expect(long.count == 1 && long[0].count <= 3 + ImportIssue.messageLimit + 1 && long[0].hasSuffix("…"), "\(long)")
  }

  @Test func eachBadInputHasItsOwnMessage() throws {
    let head = "id,title,category,price_fcfa\n"
    #expect(failure { try Importers.products(try csv("id,title,category,price_fcfa,colour\n1,a,b,5,red\n")) } == [
      "2: unknown column 'colour' (known: category, condition, id, low_stock_threshold, price_fcfa, title, unique_item)"
    ])
    #expect(failure { try Importers.products(try csv(head + "7,a,b,5\n8,c,d,6\n7,e,f,7\n")) } == [
      "4: duplicate product id 7 (first on line 2)"
    ])
    #expect(failure { try Importers.products(try csv(head + "7,a,b,-500\n")) } == ["2: column 'price_fcfa': -500 is negative"])
    #expect(failure { try Importers.products(try csv(head + "7,a,b,45 000\n")) } == [
      "2: column 'price_fcfa': '45 000' is not a whole number (write 45000, no spaces or decimals)"
    ])
    #expect(failure { try Importers.products(try csv(head + "07,a,b,5\n")) } == ["2: column 'id' has a leading zero or is zero"])
    #expect(failure { try Importers.products(try csv("id,title,price_fcfa\n7,a,5\n")) } == ["2: column 'category' is missing"])
    #expect(failure { try Importers.products(try json("[{\"id\":7,\"title\":\"a\",\"category\":\"b\",\"price_fcfa\":5.5}]")) } == [
      "1: column 'price_fcfa': the number 5.5 is not a whole number"
    ])
    #expect(failure { try Importers.products(try json("[{\"id\":7,\"title\":\"a\",\"category\":\"b\",\"price_fcfa\":5,\"unique_item\":\"peut-être\"}]")) } == [
      "1: column 'unique_item' must be true or false"
    ])
    // Every bad row is reported, not only the first.
    #expect(failure { try Importers.products(try csv(head + "1,a,b,-1\n2,a,b,x\n")) }.count == 2)
  }
}

@Suite struct StaffImportTests {
  @Test func staffRowsAndTheirErrors() throws {
    let ok = try Importers.staff(try json("{\"login\":\"amina.n\",\"full_name\":\"Amina Njoya\",\"role\":\"clerk\"}\n"))
    #expect(ok == [StaffRecord(line: 1, login: "amina.n", fullName: "Amina Njoya", role: .clerk, active: true)])
    #expect(failure { try Importers.staff(try csv("login,full_name,role\nAmina,A,clerk\n")) } == [
      "2: column 'login' must start with a lower-case letter"
    ])
    #expect(failure { try Importers.staff(try csv("login,full_name,role\nam,A,boss\n")) } == [
      "2: column 'role' 'boss' is not one of: clerk, supervisor, admin"
    ])
    #expect(failure { try Importers.staff(try csv("login,full_name,role\nam,A,clerk\nam,B,admin\n")) } == [
      "3: duplicate login 'am' (first on line 2)"
    ])
  }
}

@Suite struct OrderImportTests {
  static let head =
    "order_id,customer_id,customer_name,customer_phone,pickup_code,status,shelf,created_at,product_id,title,quantity,unit_price_fcfa\n"

  @Test func csvRowsOfOneOrderAreGrouped() throws {
    let rows = try csv(
      Self.head
        + "1040001,20001,Ngo Bassa,677123456,K7Q2MX9A,ready,A-01-1,2026-11-19T10:00:00+01:00,100001,Tecno,1,65000\n"
        + "1040002,20002,Fotso,,AB12CD34,expected,,2026-11-19T11:00:00+01:00,,Sac,1,5000\n"
        + "1040001,20001,Ngo Bassa,677123456,K7Q2MX9A,ready,A-01-1,2026-11-19T10:00:00+01:00,100002,Piles,2,1500\n")
    let orders = try Importers.orders(rows, format: .csv)
    #expect(orders.count == 2)
    #expect(orders[0].items.map(\.productID) == [100001, 100002])
    #expect(orders[0].customerPhone == "+237677123456")
    #expect(orders[1].items.first?.productID == nil)
  }

  @Test func orderRulesAreChecked() throws {
    let t = "2026-11-19T10:00:00+01:00"
    func one(_ row: String) throws -> [String] { failure { try Importers.orders(try csv(Self.head + row + "\n"), format: .csv) } }
    #expect(try one("1,2,N,,K7Q2MX,ready,,\(t),,x,1,5") == ["2: a ready order needs a shelf"])
    #expect(try one("1,2,N,,k7q2mx,expected,,\(t),,x,1,5") == ["2: column 'pickup_code' may hold only digits and capital letters A-Z"])
    #expect(try one("1,2,N,,K7Q2MX,lost,,\(t),,x,1,5") == [
      "2: column 'status' 'lost' is not one of: expected, received, ready, picked_up, returned, cancelled"
    ])
    #expect(try one("1,2,N,,K7Q2MX,expected,,\(t),,x,0,5") == ["2: column 'quantity': 0 is below 1"])
    #expect(try one("1,2,N,,K7Q2MX,expected,,2026-11-19,,x,1,5") == [
      "2: column 'created_at' '2026-11-19' is not a time like 2026-11-20T09:30:00+01:00"
    ])
    let differing = failure {
      try Importers.orders(
        try csv(Self.head + "1,2,N,,K7Q2MX,expected,,\(t),,x,1,5\n1,2,N,,K7Q2MX,ready,B-01,\(t),,y,1,5\n"), format: .csv)
    }
    #expect(differing == ["3: order 1: column 'status' differs from its first row (line 2)"])
    let twice = failure {
      try Importers.orders(
        try csv(Self.head + "1,2,N,,K7Q2MX,expected,,\(t),9,x,1,5\n1,2,N,,K7Q2MX,expected,,\(t),9,y,1,5\n"), format: .csv)
    }
    #expect(twice == ["2: order 1 lists product 9 twice"])
    let customer = failure {
      try Importers.orders(
        try csv(Self.head + "1,2,N,,K7Q2MX,expected,,\(t),,x,1,5\n3,2,M,,K7Q2MX,expected,,\(t),,y,1,5\n"), format: .csv)
    }
    #expect(customer == ["3: customer 2 has a different name or phone than on line 2"])
  }

  @Test func jsonOrdersWithItems() throws {
    let text = """
      [
        {"order_id": 1040001, "customer_id": 20001, "customer_name": "Abena", "pickup_code": "K7Q2MX9A",
         "status": "picked_up", "created_at": "2026-11-19T10:00:00+01:00", "updated_at": "2026-11-19T15:00:00+01:00",
         "handed_over_by": "amina.n",
         "items": [{"product_id": 100001, "title": "Tecno", "quantity": 1, "unit_price_fcfa": 65000}]},
        {"order_id": 1040001, "customer_id": 20001, "customer_name": "Abena", "pickup_code": "K7Q2MX9A",
         "status": "expected", "created_at": "2026-11-19T10:00:00+01:00", "items": [{"title": "x", "quantity": 1, "unit_price_fcfa": 1}]},
        {"order_id": 1040003, "customer_id": 20003, "customer_name": "Ekwalla", "pickup_code": "K7Q2MX9B",
         "status": "expected", "created_at": "2026-11-19T10:00:00+01:00", "handed_over_by": "amina.n",
         "items": [{"title": "Sac", "quantity": 1, "unit_price_fcfa": 5000, "colour": "red"}]}
      ]
      """
    #expect(failure { try Importers.orders(try json(text), format: .json) } == [
      "6: duplicate order id 1040001 (first on line 2)",
      "8: handed_over_by is only for picked_up orders",
      "8: item 1: unknown column 'colour' (known: product_id, quantity, title, unit_price_fcfa)",
    ])
    #expect(failure { try Importers.orders(try json(#"[{"order_id": 5, "customer_id": 6, "customer_name": "A", "pickup_code": "K7Q2MX9A", "status": "expected", "created_at": "2026-11-19T10:00:00+01:00", "items": []}]"#), format: .json) } == ["1: order 5 has no items"])
    let good = try Importers.orders(try json(String(text.split(separator: "\n").prefix(5).joined(separator: "\n").dropLast(1)) + "]"), format: .json)
    #expect(good.first?.status == .pickedUp && good.first?.handedOverBy == "amina.n")
  }
}

@Suite struct ConfigFileTests {
  @Test func parsesKeysCommentsAndQuotes() throws {
    let values = try ConfigFile.parse("# counter box\n\ndb = \"/var/lib/vgk/vgk.sqlite\"\r\nkeys_dir=/etc/vgk/keys\n").get()
    #expect(values == ["db": "/var/lib/vgk/vgk.sqlite", "keys_dir": "/etc/vgk/keys"])
  }

  @Test func refusesWhatItDoesNotKnow() throws {
    #expect(ConfigFile.parse("db = a\ndatabase = b\n") == .failure(ImportIssue(line: 2, "unknown setting 'database' (known: \(ConfigFile.keys.map(\.key).joined(separator: ", ")))")))
    #expect(ConfigFile.parse("db = a\ndb = b\n") == .failure(ImportIssue(line: 2, "'db' is set twice")))
    #expect(ConfigFile.parse("just words\n") == .failure(ImportIssue(line: 1, "expected `key = value`")))
    #expect(ConfigFile.parse("db = \"open\n") == .failure(ImportIssue(line: 1, "the value of 'db' opens a quote it never closes")))
    #expect(ConfigFile.parse("db =\n") == .failure(ImportIssue(line: 1, "'db' has an empty value")))
  }
}

/// The flaws a hostile import file found: each is refused with its line and column, and the
/// whole file with it.
@Suite struct ImportHardeningTests {
  static let head = "id,title,category,price_fcfa\n"

  /// A CSV file's header is checked whether or not rows follow: a header-only file with a
  /// column no kind has was taken as an empty import.
  @Test func aHeaderWithAnUnknownColumnIsRefusedWithOrWithoutRows() throws {
    for body in ["", "1,a,b,5,red\n"] {
      let (header, _) = try ImportReader.table(Array(("id,title,category,price_fcfa,colour\n" + body).utf8), format: .csv)
      #expect(failure { try Importers.checkColumns(header, known: Importers.knownColumns(.products, format: .csv)) } == [
        "1: unknown column 'colour' (known: category, condition, id, low_stock_threshold, price_fcfa, title, unique_item)"
      ])
    }
    for kind in ImportKind.allCases {
      let known = Importers.knownColumns(kind, format: .csv)
      let (header, _) = try ImportReader.table(Array((known.sorted().joined(separator: ",") + "\n").utf8), format: .csv)
      #expect(failure { try Importers.checkColumns(header, known: known) } == [], "\(kind)")
    }
    // JSON has no header: its keys are checked with each record.
    #expect(failure { try Importers.checkColumns(nil, known: []) } == [])
  }

  /// Ids are digits as written: Foundation read the JSON number 8.00013e5 as the id 800013, and
  /// CSV ids were trimmed of spaces.
  @Test func anIdIsDigitsOnlyInCSVAndJSON() throws {
    let rule = "is not an id (digits only: no spaces, signs, decimals or exponents)"
    for id in [" 800013", "800013 ", "800 013", "+800013", "-800013", "800013.0", "8.00013e5", "8E5", "0x1F"] {
      #expect(failure { try Importers.products(try csv(Self.head + "\"\(id)\",a,b,5\n")) } == ["2: column 'id': '\(id)' \(rule)"], "\(id)")
      #expect(failure { try Importers.products(try json("{\"id\":\"\(id)\",\"title\":\"a\",\"category\":\"b\",\"price_fcfa\":5}")) } == [
        "1: column 'id': '\(id)' \(rule)"
      ], "\(id)")
    }
    for number in ["8.00013e5", "800013.0", "8E5", "1e2"] {
      #expect(failure { try Importers.products(try json("{\"id\":\(number),\"title\":\"a\",\"category\":\"b\",\"price_fcfa\":5}")) } == [
        "1: column 'id': the number \(number) \(rule)"
      ], "\(number)")
    }
    // Order and product ids of an order, and its customer's, follow the same rule.
    let order = "order_id,customer_id,customer_name,pickup_code,status,created_at,title,quantity,unit_price_fcfa,product_id\n"
    let rows = "1e3,5,A,ABC123,expected,2026-01-01T10:00:00Z,Radio,1,500,7\n" + "4,+5,A,ABC123,expected,2026-01-01T10:00:00Z,Radio,1,500,7\n"
      + "6,5,A,ABC123,expected,2026-01-01T10:00:00Z,Radio,1,500, 7\n"
    #expect(failure { try Importers.orders(try csv(order + rows), format: .csv) } == [
      "2: column 'order_id': '1e3' \(rule)", "3: column 'customer_id': '+5' \(rule)", "4: column 'product_id': ' 7' \(rule)",
    ])
    #expect(try Importers.products(try csv(Self.head + "800013,a,b,5\n")).map(\.id) == [800013])
    #expect(try Importers.products(try json("{\"id\":800013,\"title\":\"a\",\"category\":\"b\",\"price_fcfa\":5}")).map(\.id) == [800013])
  }

  /// Bidirectional controls and other invisible format characters made a title read as other
  /// than it is (U+202E turns "Radio 5000" around); text fields refuse every character that does
  /// not show itself, by the rule messages use to show them (`Visible.isHidden`).
  @Test func invisibleAndBidirectionalCharactersAreRefusedInTextFields() throws {
    let hidden: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
      0x200B, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x2028, 0x2029]
    for value in hidden {
      let scalar = try #require(Unicode.Scalar(value))
      let code = String(format: "U+%04X", value)
      let title = "Radio \(Character(scalar))0005"
      #expect(failure { try Importers.products(try csv(Self.head + "7,\(title),b,5\n")) } == [
        "2: column 'title' contains an invisible character (\(code)), such as a direction override"
      ], "\(code)")
      #expect(failure { try Importers.staff(try json("{\"login\":\"amina.n\",\"full_name\":\"Amina\\u\(String(format: "%04x", value))\",\"role\":\"clerk\"}")) } == [
        "1: column 'full_name' contains an invisible character (\(code)), such as a direction override"
      ], "\(code)")
    }
    #expect(failure { try Importers.products(try csv(Self.head + "7,Radio\u{7},b,5\n")) } == ["2: column 'title' contains a control character"])
    // What shows itself is kept: accents, other scripts, emoji, and the joiners inside an emoji
    // sequence (a family, a flag with a sign, a skin tone joined); a joiner between letters is not.
    #expect(try Importers.products(try csv(Self.head + "7,Théière ⚽ 日本,b,5\n")).map(\.title) == ["Théière ⚽ 日本"])
    let sequences = "Famille 👨‍👩‍👧 🏳️‍🌈 👩🏽‍💻 🇨🇲"
    #expect(try Importers.products(try csv(Self.head + "7,\(sequences),b,5\n")).map(\.title) == [sequences])
    #expect(Visible.output(sequences) == sequences)
    for joined in ["Radio\u{200D}Tecno", "\u{200D}👨", "👨\u{200D}", "1\u{200D}2", "👨\u{200D}a"] {
      #expect(Visible.firstHidden(in: joined) == "\u{200D}", "\(joined.debugDescription)")
      #expect(Visible.output(joined).contains("<U+200D>"), "\(joined.debugDescription)")
    }
  }
}
