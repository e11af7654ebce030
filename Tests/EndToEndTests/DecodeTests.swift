import Foundation
import Testing

/// `vgk-staff decode` as the man page states it, on the images in Fixtures/scan (made by
/// Tests/StaffAdapterTests, see FixtureImageTests).
@Suite struct DecodeCommandTests {
  /// The worker parses untrusted images for every photo: it links no Foundation (nor its ICU),
  /// so it starts small and fast. A module it uses that imports Foundation brings it back.
  @Test func theWorkerLinksNoFoundation() throws {
    let worker = (binary as NSString).deletingLastPathComponent + "/vgk-scan-worker"
    let r = try shell("ldd", [worker])
    #expect(r.status == 0, "\(r.out)")
    #expect(r.out.contains("libswiftCore"), "\(r.out)")
    #expect(!r.out.contains("Foundation"), "\(r.out)")
  }

  @Test func textJSONAndExitCodesFollowTheContract() throws {
    let s = Sandbox()
    let fixtures = packageRoot + "/Fixtures/scan"
    let order = fixtures + "/order-1040001.png"
    let product = fixtures + "/product-100001.jpg"
    let none = fixtures + "/no-code.jpg"
    var r = try s.run(["decode", order, product])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out == "\(order)\tORDER:1040001:K7Q2MX9A\n\(product)\tPRODUCT:100001\n")
    r = try s.run(["decode", "--json", order, none])
    #expect(r.status == 1)
    #expect(r.out == """
      {"file":"\(order)","symbols":[{"type":"QR-Code","data":"ORDER:1040001:K7Q2MX9A"}],"error":null}
      {"file":"\(none)","symbols":[],"error":null}

      """)
    r = try s.run(["decode", order, none])
    #expect(r.status == 1)
    #expect(r.err == "vgk-staff: \(none): no QR code found\n")
    let junk = s.write("junk.jpg", "not a photo")
    r = try s.run(["decode", "--json", junk, order])
    #expect(r.status == 2)
    #expect(r.out.hasPrefix("{\"file\":\"\(junk)\",\"symbols\":[],\"error\":\"not a JPEG, PNG or PGM/PPM image\"}\n"))
    r = try s.run(["decode", "--max-pixels", "1000", product])
    #expect(r.status == 2)
    #expect(r.err.contains("megapixels, over the limit of 0.0"))
    r = try s.run(["decode"])
    #expect(r.status == 2)
    r = try s.run(["decode", "--max-pixels", "0", order])
    #expect(r.status == 2)
    // A FIFO is refused at once, not waited on.
    #expect(mkfifo(s.file("camera.fifo"), 0o600) == 0)
    r = try s.run(["decode", s.file("camera.fifo")])
    #expect(r.status == 2)
    #expect(r.err.contains("not a regular file (a FIFO)"))
  }

  /// The camera-like photos of Fixtures/scan/camera (slanted version-1 codes, 2 px modules, a
  /// dark-mode phone, glare, faded print), which zbar alone reads none of: each one through
  /// the sandboxed worker, with the payload its manifest names.
  @Test func cameraLikePhotosAreRead() throws {
    let s = Sandbox()
    let directory = packageRoot + "/Fixtures/scan/camera"
    let rows = try String(contentsOfFile: directory + "/camera.tsv", encoding: .utf8).split(separator: "\n")
      .filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
    #expect(rows.count >= 7)
    let files = rows.map { directory + "/" + $0[0] }
    let r = try s.run(["decode"] + files)
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out == zip(files, rows).map { "\($0)\t\($1[1])\n" }.joined())
  }

  /// Many files through workers that each take two images, a file the worker cannot load among
  /// them: every file gets its own answer, in order.
  @Test func manyFilesGoThroughWorkersReplacedAsConfigured() throws {
    let s = Sandbox()
    let fixtures = packageRoot + "/Fixtures/scan"
    let order = fixtures + "/order-1040001.png"
    let product = fixtures + "/product-100001.jpg"
    let junk = s.write("junk.jpg", "not a photo")
    let config = s.write("config", "decode_worker_images = 2\n")
    let files = [order, product, junk, order, product, order, product]
    let r = try s.run(["--config", config, "decode", "--json"] + files)
    #expect(r.status == 2)
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines.count == files.count)
    for (line, file) in zip(lines, files) {
      let payload = file == order ? "ORDER:1040001:K7Q2MX9A" : file == product ? "PRODUCT:100001" : nil
      if let payload {
        #expect(line == "{\"file\":\"\(file)\",\"symbols\":[{\"type\":\"QR-Code\",\"data\":\"\(payload)\"}],\"error\":null}")
      } else {
        #expect(line.contains("\"error\":\"not a JPEG, PNG or PGM/PPM image\""))
      }
    }
    for bad in ["0", "100001", "many"] {
      let wrong = s.write("config", "decode_worker_images = \(bad)\n")
      let refused = try s.run(["--config", wrong, "decode", order])
      #expect(refused.status == 2)
      #expect(refused.err.contains("config decode_worker_images: '\(bad)' is not a whole number from 1 to 100000"), "\(refused.err)")
    }
  }
}
