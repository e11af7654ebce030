/// RFC 4180 CSV: comma separated, `"` quoting with `""` inside quotes, quoted fields may span
/// lines, LF or CRLF. The first record is the header. Blank lines are skipped. A row's line is
/// the line its record starts on.
public enum CSVReader {
  public static func rows(_ text: String) throws(ImportFailure) -> [ImportRow] {
    try table(text).rows
  }

  /// The rows with the header they were read under: its line and its column names, in order.
  public static func table(_ text: String) throws(ImportFailure) -> (header: ImportHeader, rows: [ImportRow]) {
    let records = try records(Array(text.utf8))
    guard let header = records.first else {
      throw ImportFailure([ImportIssue(line: 1, "is empty: a header row is required")])
    }
    var names: [String] = []
    for raw in header.fields {
      let name = raw.trimmingSpaces.lowercased()
      guard !name.isEmpty else { throw ImportFailure([ImportIssue(line: header.line, "has an empty column name in the header")]) }
      guard !names.contains(name) else {
        throw ImportFailure([ImportIssue(line: header.line, "column '\(name)' appears twice in the header")])
      }
      names.append(name)
    }
    var rows: [ImportRow] = []
    var issues: [ImportIssue] = []
    for record in records.dropFirst() {
      guard record.fields.count == names.count else {
        issues.append(
          ImportIssue(line: record.line, "has \(record.fields.count) fields, the header has \(names.count)"))
        continue
      }
      var fields: [String: FieldValue] = [:]
      for (name, value) in zip(names, record.fields) where !value.trimmingSpaces.isEmpty {
        fields[name] = .text(value)
      }
      rows.append(ImportRow(line: record.line, fields: fields))
    }
    if !issues.isEmpty { throw ImportFailure(Array(issues.prefix(ImportFailure.limit))) }
    return (ImportHeader(line: header.line, columns: names), rows)
  }

  struct Record {
    var line: Int
    var fields: [String]
  }

  static func records(_ b: [UInt8]) throws(ImportFailure) -> [Record] {
    var out: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var i = 0
    var inQuotes = false
    var wasQuoted = false
    var recordHasContent = false

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      wasQuoted = false
    }

    while i < b.count {
      let c = b[i]
      if inQuotes {
        if c == 0x22 {
          if i + 1 < b.count && b[i + 1] == 0x22 {
            field.append(0x22)
            i += 2
            continue
          }
          inQuotes = false
          wasQuoted = true
          i += 1
          continue
        }
        if c == 0x0A { line += 1 }
        field.append(c)
        i += 1
        continue
      }
      switch c {
      case 0x22:
        guard field.allSatisfy({ $0 == 0x20 }) && !wasQuoted else {
          throw ImportFailure([ImportIssue(line: line, "has a '\"' inside an unquoted field (quote the whole field and double the quote)")])
        }
        field.removeAll()
        inQuotes = true
        recordHasContent = true
      case 0x2C:
        endField()
        recordHasContent = true
      case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A:
        break
      case 0x0A:
        if recordHasContent {
          endField()
          out.append(Record(line: recordLine, fields: fields))
        }
        fields.removeAll()
        field.removeAll()
        recordHasContent = false
        line += 1
        recordLine = line
      default:
        if wasQuoted && c != 0x20 {
          throw ImportFailure([ImportIssue(line: line, "has text after a closing quote")])
        }
        if !wasQuoted { field.append(c) }
        if c != 0x20 && c != 0x09 { recordHasContent = true }
      }
      i += 1
    }
    if inQuotes {
      throw ImportFailure([ImportIssue(line: recordLine, "has a quoted field that is never closed")])
    }
    if recordHasContent {
      endField()
      out.append(Record(line: recordLine, fields: fields))
    }
    return out
  }
}
