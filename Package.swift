// swift-tools-version: 6.0
// VGK Staff Console: one package, in layers (README, Layout).
// Dependencies point only downwards: domain <- store <- console <- executable.
import PackageDescription

let package = Package(
  name: "vgk-staff",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "vgk-staff", targets: ["vgk-staff"])
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // MARK: Libraries
    // Pure domain: rules, grammar, money, time arithmetic. No C, no I/O, no clock.
    .target(name: "StaffDomain"),
    // Storage: GRDB on the system SQLite, frozen migrations, invariant-keeping writes.
    .target(
      name: "StaffStore",
      dependencies: [
        "StaffDomain",
        .product(name: "GRDB", package: "GRDB.swift"),
        "CArgon2",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Scanning: zbar (QR only) over 8-bit grey pixels; image codecs in CImage.
    .target(
      name: "StaffScan",
      dependencies: ["StaffDomain", "CZBar", "CImage", "CProcess"]),
    // The camera folder: settle, dedupe by SHA-256, decode in the worker, processed/ or quarantine/.
    .target(
      name: "StaffCamera",
      dependencies: ["StaffDomain", "StaffScan", "CProcess", .product(name: "Crypto", package: "swift-crypto")]),
    // Labels: libqrencode matrices.
    .target(name: "StaffLabels", dependencies: ["StaffDomain", "CQREncode"]),
    // The marketplace link: the outbox out and the feed in over libpq, the central schema (vgk_link)
    // with its per-point roles and row-level security, the sync loop run by the console, `watch` and
    // `link run` alike.
    .target(name: "StaffLink", dependencies: ["StaffDomain", "StaffStore", "CPostgres"]),
    // Console core: state, events, effects, screens as cell grids. Knows nothing of ncurses.
    .target(name: "StaffConsole", dependencies: ["StaffDomain"]),
    // Between the store and the executable: what is neither parsing arguments nor printing.
    // The config's typed settings (read in one place), commands run with a deadline, the
    // escalation of breached tasks, the printer, the console's store work and keymap discovery.
    .target(
      name: "StaffServices",
      dependencies: ["StaffDomain", "StaffStore", "StaffScan", "StaffCamera", "StaffLabels", "StaffLink", "StaffConsole", "CProcess"]),
    // The only code that calls ncurses.
    .target(name: "StaffCurses", dependencies: ["StaffConsole", "CNcurses"]),

    // MARK: C modules (module map + shim header; every wrapper says why it exists)
    // No pkgConfig for ncursesw: SwiftPM would warn that it drops its -D_XOPEN_SOURCE flags on
    // every build; shim.h defines what those flags were for, and the module map links the library.
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
    .systemLibrary(name: "CZBar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
    .systemLibrary(
      name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
    .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    // Image codecs need real C: libjpeg's error handler must longjmp, which Swift cannot do.
    .target(
      name: "CImage",
      linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),
    // Limits must be set between fork and exec, and a few Linux calls need _GNU_SOURCE.
    .target(name: "CProcess"),

    // MARK: Executable
    .executableTarget(
      name: "vgk-staff",
      dependencies: [
        "StaffDomain", "StaffStore", "StaffScan", "StaffCamera", "StaffLabels", "StaffConsole", "StaffCurses", "StaffLink", "StaffServices",
        "CProcess", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // The decoding worker: the only process that parses untrusted image bytes, under limits.
    .executableTarget(name: "vgk-scan-worker", dependencies: ["StaffScan", "CProcess"]),

    // `make fuzz`: the bodies of the fuzz targets (replayed by the tests) and libFuzzer's program.
    .target(name: "StaffFuzz", dependencies: ["StaffDomain", "StaffConsole", "StaffScan"]),
    .executableTarget(name: "vgk-fuzz", dependencies: ["StaffFuzz"]),

    // The decoder's side of `make bench-scan` (Benchmarks/scan/bench.py runs it and the peers).
    .executableTarget(name: "vgk-bench-scan", dependencies: ["StaffScan", "StaffDomain"], path: "Benchmarks/ScanBench"),

    // What the benchmarks share (a seeded generator, clocks, percentiles, flags).
    .target(name: "BenchSupport", path: "Benchmarks/BenchSupport"),

    // `make bench-tasks`: the task board's frame (query, update, render) on 50 k open tasks.
    .executableTarget(
      name: "vgk-bench-tasks",
      dependencies: ["BenchSupport", "StaffStore", "StaffConsole", "StaffDomain", .product(name: "GRDB", package: "GRDB.swift")],
      path: "Benchmarks/TasksBench"),

    // `make bench-stock`: the ledger on 1 M movements next to the sqlite3 shell on the same file.
    .executableTarget(
      name: "vgk-bench-stock",
      dependencies: ["BenchSupport", "StaffStore", "StaffDomain", .product(name: "GRDB", package: "GRDB.swift")],
      path: "Benchmarks/StockBench"),

    // `make bench-logins`: a refused login's time for a known and an unknown login, each the first
    // attempt of a fresh process; no peer and no goal, so not in `make bench`'s report.
    .executableTarget(
      name: "vgk-bench-logins",
      dependencies: ["BenchSupport", "StaffStore", "StaffDomain"],
      path: "Benchmarks/LoginBench"),

    // `make bench-labels`: the figures behind the labels' QR level and version (reads after
    // print/camera degradations); no peer and no goal, so not in `make bench`'s report.
    .executableTarget(
      name: "vgk-bench-labels",
      dependencies: ["BenchSupport", "StaffLabels", "StaffScan", "StaffDomain"],
      path: "Benchmarks/LabelBench"),

    // MARK: Tests
    // What the test targets share: golden files, a seeded generator, child processes waited for
    // with a deadline, temporary directories, polling for a condition. No GRDB, no StaffStore.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
    .testTarget(name: "StaffDomainTests", dependencies: ["StaffDomain", "StaffFuzz", "TestSupport"]),
    .testTarget(name: "FuzzReplayTests", dependencies: ["StaffFuzz", "StaffScan", "StaffLabels", "TestSupport"]),
    .testTarget(name: "StaffConsoleTests", dependencies: ["StaffConsole", "StaffDomain", "TestSupport"], exclude: ["Goldens"]),
    .testTarget(
      name: "StaffStoreTests",
      dependencies: [
        "StaffStore", "StaffDomain", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "StaffAdapterTests", dependencies: ["StaffScan", "StaffCamera", "StaffLabels", "StaffCurses", "StaffConsole", "TestSupport"], exclude: ["LabelGoldens"]),
    // The link against a throwaway PostgreSQL server the tests start themselves (initdb, own socket).
    .testTarget(
      name: "LinkTests",
      dependencies: ["StaffLink", "StaffStore", "StaffDomain", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "StaffServicesTests",
      dependencies: ["StaffServices", "StaffStore", "StaffDomain", "StaffConsole", "TestSupport"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["StaffStore", "StaffDomain", "StaffLabels", "StaffScan", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
  ],
  swiftLanguageModes: [.v6]
)
