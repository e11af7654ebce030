import Foundation
import Testing

/// `make bench` writes Benchmarks/RESULTS.md through Benchmarks/report.py from the files the
/// benchmarks leave: a file that is missing, cut short or not of the agreed shape must stop the
/// report with the file's name, never turn into a table of wrong figures.
@Suite struct BenchReportTests {
  let script = packageRoot + "/Benchmarks/report.py"

  func report(_ box: Sandbox, _ args: [String]) throws -> (status: Int32, out: String, written: String?) {
    let out = box.file("RESULTS.md")
    let (status, text) = try shell("python3", [script, "--out", out] + args)
    return (status, text, try? String(contentsOfFile: out, encoding: .utf8))
  }

  @Test func figuresAndSectionsMakeOneFile() throws {
    let box = Sandbox()
    let results = box.write(
      "scan.jsonl",
      """
      {"bench": "scan", "meta": {"build": "release", "about": "330 frames"}}
      {"bench": "scan", "measure": "decode, median", "ours": 4.2, "unit": "ms", "better": "lower", "peer": "zbarimg", "peer_value": 42.0}
      {"bench": "scan", "measure": "read", "ours": 96.7, "unit": "%", "better": "higher", "goal": "≥ 95 %", "goal_value": 95}

      """)
    let labels = box.write("labels.md", "| payload | reads |\n|---|---:|\n| ORDER | 36 |\n")
    let (status, out, written) = try report(box, ["--arg", "BENCH_SCAN_ARGS=--repeat 1", "--section", "Labels=\(labels)", results])
    #expect(status == 0, "\(out)")
    let file = try #require(written)
    #expect(file.hasPrefix("# Benchmark results\n"))
    #expect(file.contains("| scan | decode, median | 4.20 ms | zbarimg | 42 ms | 0.10 (< 1 is better; ours ahead) | — | — |"), "\(file)")
    #expect(file.contains("| scan | read | 96.7 % |"))
    #expect(file.contains("| yes |"))
    #expect(file.contains("## Labels\n\n| payload | reads |"))
    #expect(file.contains("BENCH_SCAN_ARGS=--repeat 1"))
    #expect(out == file)
  }

  @Test func badResultsStopTheReportAndWriteNothing() throws {
    let cases: [(String, String)] = [
      ("", "no results in it"),
      ("{\"bench\": \"scan\", \"meta\": {}}\n", "no results in it"),
      ("not json\n", "not a JSON object"),
      ("[1, 2]\n", "not a JSON object"),
      ("{\"bench\": \"scan\", \"measure\": \"x\", \"ours\": NaN, \"unit\": \"ms\", \"better\": \"lower\"}\n", "not a number JSON allows"),
      ("{\"bench\": \"scan\", \"measure\": \"x\", \"ours\": \"4\", \"unit\": \"ms\", \"better\": \"lower\"}\n", "\"ours\" must be a number"),
      ("{\"bench\": \"scan\", \"measure\": \"x\", \"ours\": 4, \"unit\": \"ms\", \"better\": \"sideways\"}\n", "\"better\" must be"),
      ("{\"bench\": \"\", \"measure\": \"x\", \"ours\": 4, \"unit\": \"ms\", \"better\": \"lower\"}\n", "\"bench\" must be"),
      ("{\"bench\": \"scan\", \"measure\": \"x\", \"ours\": 4, \"unit\": \"ms\", \"better\": \"lower\", \"goal_of\": \"ratio\"}\n", "needs a peer"),
    ]
    for (text, reason) in cases {
      let box = Sandbox()
      let path = box.write("bad.jsonl", text)
      let (status, out, written) = try report(box, [path])
      #expect(status == 1, "\(text)")
      #expect(out.contains(path) && out.contains(reason), "\(text): \(out)")
      #expect(written == nil, "\(text)")
    }
    let box = Sandbox()
    let (status, out, written) = try report(box, [box.file("never-written.jsonl")])
    #expect(status == 1 && out.contains("no such file") && written == nil, "\(out)")
  }

  @Test func badSectionsStopTheReportToo() throws {
    let box = Sandbox()
    let results = box.write(
      "ok.jsonl", "{\"bench\": \"tasks\", \"measure\": \"frame\", \"ours\": 3.6, \"unit\": \"ms\", \"better\": \"lower\"}\n")
    let empty = box.write("empty.md", "\n \n")
    let escapes = box.write("escapes.md", "| a |\n\u{1B}[31mred\u{1B}[0m\n")
    for (args, reason) in [
      (["--section", "Labels=\(empty)"], "empty"),
      (["--section", "Labels=\(escapes)"], "escape sequences"),
      (["--section", "Labels=\(box.file("missing.md"))"], "no such file"),
      (["--section", "no-equals-sign"], "TITLE=FILE"),
    ] {
      let (status, out, written) = try report(box, args + [results])
      #expect(status != 0 && out.contains(reason) && written == nil, "\(args): \(out)")
    }
  }
}
