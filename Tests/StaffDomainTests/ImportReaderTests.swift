import Testing

@testable import StaffDomain

func csv(_ s: String) throws -> [ImportRow] { try ImportReader.rows(Array(s.utf8), format: .csv) }
func json(_ s: String) throws -> [ImportRow] { try ImportReader.rows(Array(s.utf8), format: .json) }
func issues(_ body: () throws -> Any) -> [ImportIssue] {
  do {
    _ = try body()
    return []
  } catch let f as ImportFailure { return f.issues } catch { return [ImportIssue(line: 0, "\(error)")] }
}

@Suite struct CSVTests {
  @Test func quotingCRLFBOMAndMultiLineFields() throws {
    let text = "\u{FEFF}id,title\r\n1,\"Robe, wax\"\r\n\r\n2,\"dit \"\"neuf\"\"\"\r\n3,\"deux\nlignes\"\n4,  plain  \n"
    let rows = try csv(text)
    #expect(rows.map(\.line) == [2, 4, 5, 7])
    #expect(rows[0].fields["title"] == .text("Robe, wax"))
    #expect(rows[1].fields["title"] == .text("dit \"neuf\""))
    #expect(rows[2].fields["title"] == .text("deux\nlignes"))
    #expect(rows[3].fields["title"] == .text("  plain  "))
  }

  @Test func headerNamesAreCaseInsensitiveAndEmptyCellsAbsent() throws {
    let rows = try csv("ID , Title\n1,\n")
    #expect(rows[0].fields == ["id": .text("1")])
  }

  @Test func malformedCSVIsReportedWithItsLine() throws {
    #expect(issues { try csv("") } == [ImportIssue(line: 1, "is empty: a header row is required")])
    #expect(issues { try csv("a,b\n1,\"open\n2,3\n") } == [ImportIssue(line: 2, "has a quoted field that is never closed")])
    #expect(issues { try csv("a,b\n1,x\"y\n") }.first?.line == 2)
    #expect(issues { try csv("a,b\n1,\"x\"y\n") } == [ImportIssue(line: 2, "has text after a closing quote")])
    #expect(issues { try csv("a,b\n1,2,3\n4\n") } == [
      ImportIssue(line: 2, "has 3 fields, the header has 2"), ImportIssue(line: 3, "has 1 fields, the header has 2"),
    ])
    #expect(issues { try csv("a,a\n1,2\n") } == [ImportIssue(line: 1, "column 'a' appears twice in the header")])
    #expect(issues { try csv("a,,b\n1,2,3\n") } == [ImportIssue(line: 1, "has an empty column name in the header")])
  }

  @Test func nonUTF8IsRefusedWithLineAndByte() {
    var bytes = Array("id,title\n1,ok\n2,Caf".utf8)
    bytes += [0xE9, 0x0A]  // Latin-1 "é"
    let found = issues { try ImportReader.rows(bytes, format: .csv) }
    #expect(found == [ImportIssue(line: 3, "is not UTF-8 (byte 0xE9 at column 6); save the file as UTF-8 and import it again")])
    #expect(issues { try ImportReader.rows([0x61, 0x0A, 0x00, 0x62], format: .csv) }.first?.message.contains("NUL") == true)
  }
}

@Suite struct JSONTests {
  @Test func arrayElementsKeepTheirLines() throws {
    let rows = try json("[\n  {\"id\": 1, \"t\": \"a,]}\"},\n\n  {\"id\": \"2\",\n   \"ok\": true, \"n\": null}\n]\n")
    #expect(rows.map(\.line) == [2, 4])
    #expect(rows[0].fields == ["id": .integer(1), "t": .text("a,]}")])
    #expect(rows[1].fields == ["id": .text("2"), "ok": .bool(true)])
  }

  /// Our reader is the only JSON reader: it refuses what RFC 8259 refuses, with the line.
  @Test func jsonIsReadStrictly() throws {
    let refused: [(String, String)] = [
      ("{\"a\":01}", "not a JSON value"), ("{\"a\":1.}", "not a JSON value"), ("{\"a\":.5}", "not a JSON value"),
      ("{\"a\":+1}", "not a JSON value"), ("{\"a\":-}", "not a JSON value"), ("{\"a\":1e}", "not a JSON value"),
      ("{\"a\":\"x\ty\"}", "a control character inside a string: write it as an escape"),
      ("{\"a\":tru}", "an unknown word"), ("{\"a\":1,}", "a key is due"), ("{\"a\" 1}", "':' is due after a key"),
      ("{\"a\":\"\\x\"}", "an unknown escape"), ("{\"a\":1} 2", "text after the value"),
    ]
    for (text, why) in refused {
      #expect(issues { try json(text) } == [ImportIssue(line: 1, "is not valid JSON (\(why))")], "\(text)")
    }
    // Bytes that are not UTF-8 inside a string.
    let bad = issues { try ImportReader.rows(Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8), format: .json) }
    #expect(bad.first?.line == 1, "\(bad)")
    // What it accepts: every number form, escapes, a surrogate pair.
    let rows = try json(#"{"i":-0,"f":1.5e-3,"s":"\u00e9\ud83d\ude00\n","t":true,"n":null}"#)
    #expect(rows.count == 1)
  }

  @Test func jsonLines() throws {
    let rows = try json("{\"id\": 1}\n\n{\"id\": 2, \"items\": [{\"q\": 1.5}]}\n")
    #expect(rows.map(\.line) == [1, 3])
    guard case .rows(let items) = rows[1].fields["items"] else {
      Issue.record("items")
      return
    }
    #expect(items.first?.fields["q"] == .unsupported("the number 1.5"))
  }

  @Test func malformedJSONIsReportedWithItsLine() throws {
    #expect(issues { try json("") } == [ImportIssue(line: 1, "is empty")])
    #expect(issues { try json("[{\"a\":1},\n{\"a\":}]") }.first?.line == 2)
    #expect(issues { try json("[{\"a\":1},\n 5]") } == [ImportIssue(line: 2, "is not a JSON object")])
    #expect(issues { try json("[{\"a\":1}\n") } == [ImportIssue(line: 2, "ends before the array's closing ']'")])
    #expect(issues { try json("[{\"a\":1}] x") } == [ImportIssue(line: 1, "has text after the closing ']'")])
    #expect(issues { try json("[{\"a\":1},,{\"a\":2}]") } == [ImportIssue(line: 1, "has an empty element in the array")])
    #expect(issues { try json("{\"a\":1}\nnot json\n") }.first?.line == 2)
  }

  /// Found by `make fuzz` (Fixtures/fuzz/import/crashes): lines that were JSON but not objects
  /// went past the limit of 50 problems, and a lone "-" was described in Foundation's words.
  @Test func aFileOfManyBadLinesStopsAtTheLimit() throws {
    let lines = (0..<120).map { $0 % 2 == 0 ? "5" : "-" }.joined(separator: "\n")
    let found = issues { try json(lines) }
    #expect(found.count == ImportFailure.limit)
    #expect(found.first == ImportIssue(line: 1, "is not a JSON object"))
    #expect(found.dropFirst().first == ImportIssue(line: 2, "is not valid JSON (not a JSON value)"))
  }

  /// Foundation's decoder kept one of two equal keys and read nothing wrong: a record saying two
  /// things about one column is refused, at the line of the second key, whatever their case.
  @Test func aDuplicateKeyIsRefusedWithItsLine() throws {
    #expect(issues { try json("[\n{\"id\": 1,\n \"title\": \"a\",\n \"id\": 2}\n]") } == [ImportIssue(line: 4, "duplicate key 'id'")])
    #expect(issues { try json("{\"id\": 1, \"ID\": 2}\n") } == [ImportIssue(line: 1, "duplicate key 'ID'")])
    #expect(issues { try json("{\"id\": 1, \"items\": [{\"q\": 1, \"q\": 2}]}\n") } == [ImportIssue(line: 1, "duplicate key 'q'")])
    #expect(issues { try json("{\"i\\u0064\": 1, \"id\": 2}\n") } == [ImportIssue(line: 1, "duplicate key 'id'")])
    // The same key in two records, or in a record and its items, is no duplicate.
    #expect(try json("[{\"id\": 1, \"items\": [{\"id\": 3}]}, {\"id\": 2}]").count == 2)
  }

  /// A number is an integer only when written as one: Foundation read 8.00013e5 and 800013.0
  /// as 800013.
  @Test func numbersKeepHowTheyWereWritten() throws {
    let rows = try json("{\"a\": 8.00013e5, \"b\": 800013.0, \"c\": -12, \"d\": 1E3, \"e\": 123456789012345678901, \"f\": 0}")
    #expect(rows[0].fields == [
      "a": .unsupported("the number 8.00013e5"), "b": .unsupported("the number 800013.0"), "c": .integer(-12),
      "d": .unsupported("the number 1E3"), "e": .unsupported("the number 123456789012345678901"), "f": .integer(0),
    ])
    // Strings, escapes and surrogate pairs read as Foundation reads them.
    let text = try json(#"{"t": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "u": true, "n": null, "x": []}"#)
    #expect(text[0].fields == ["t": .text("a\"b\\c/d\né😀"), "u": .bool(true), "x": .rows([])])
  }

  @Test func deepNestingDoesNotCrash() throws {
    let deep = "[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
    #expect(!issues { try json(deep) }.isEmpty)
  }

  @Test func formatGuess() throws {
    #expect(ImportFormat.guess(fileName: "x.CSV", bytes: Array("[".utf8)) == .csv)
    #expect(ImportFormat.guess(fileName: "x.jsonl", bytes: []) == .json)
    #expect(ImportFormat.guess(fileName: "export", bytes: Array("\u{FEFF} [".utf8)) == .json)
    #expect(ImportFormat.guess(fileName: "export", bytes: Array("id,title".utf8)) == .csv)
  }
}
