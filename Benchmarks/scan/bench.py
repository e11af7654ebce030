#!/usr/bin/env python3
"""`make bench-scan`: our decoder, zbarimg and zxing-cpp on the same camera-like frames, in one run.

Every decoder runs on one CPU core (this process and its children are pinned to it), on the same
JPEG files, and is timed from the file to the decoded text, JPEG loading included:
  ours       vgk-bench-scan (a release build): QRDecoder.scan(imageBytes:), exactly what the
             decoding worker runs, in-process; the worker's own fork and exec are measured apart.
  zbarimg    Debian's zbar-tools, QR only, one process per file; its time is the process's
             wall time less the start-up of zbarimg on a blank 8x8 image (measured in the same run).
  zxing-cpp  the zxing-cpp Python package, read_barcodes(formats=QRCode) on cv2.imread(GRAYSCALE),
             in-process.
End to end (with --staff): `vgk-staff decode` over every frame in one command (start-up, reading,
the sandboxed worker, printing) against a Python process that imports cv2 and zxingcpp and loops
over the same files, start-up included; the median of three runs each, in the same run.
A frame counts as read when the expected payload, and nothing else, comes out. A misread is any
other payload; a frame with no code must give nothing.

Usage: bench.py --ours BIN --frames DIR [--per-category N] [--repeat R] [--cpu K] [--worker PATH]
                [--staff BIN] [--only ours|all] [--misses] [--results FILE]
With --results FILE the key figures (read rate, misreads, times; ours next to each peer's) are
also written to FILE as JSON lines for `make bench` (Benchmarks/report.py); the output is the same.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import frames  # noqa: E402
from benchresults import Results  # noqa: E402


def ensure_frames(directory, per_category, seed):
    """Generates the frames unless the same generator already made them with the same settings."""
    with open(os.path.join(HERE, "frames.py"), "rb") as f:
        stamp = "%s %d %d\n" % (hashlib.sha256(f.read()).hexdigest(), per_category, seed)
    stamp_path = os.path.join(directory, "stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".jpg"):
            os.remove(os.path.join(directory, name))
    started = time.time()
    subprocess.run([sys.executable, os.path.join(HERE, "frames.py"), directory,
                    "--per-category", str(per_category), "--seed", str(seed)], check=True)
    print("bench: generated frames in %.0f s" % (time.time() - started), file=sys.stderr)
    with open(stamp_path, "w") as f:
        f.write(stamp)


def read_manifest(directory):
    rows = []
    for line in open(os.path.join(directory, "manifest.tsv")):
        name, category, w, h, payload, params = line.rstrip("\n").split("\t")
        rows.append({"file": os.path.join(directory, name), "name": name, "category": category,
                     "width": int(w), "height": int(h), "payload": None if payload == "-" else payload,
                     "params": params})
    return rows


def run_ours(binary, rows, repeat, worker=None):
    args = [binary, "--repeat", str(repeat)]
    if worker:
        args += ["--worker", worker]
    out = subprocess.run(args + [r["file"] for r in rows], check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        file, ms, passed, payloads = line.split("\t")
        decoded = [bytes.fromhex(p).decode("ascii") for p in payloads.split(",") if p]
        results[file] = {"ms": float(ms), "decoded": decoded, "pass": passed}
    return results


def run_zbarimg(rows, repeat, scratch):
    blank = os.path.join(scratch, "blank.pgm")
    with open(blank, "wb") as f:
        f.write(b"P5 8 8 255\n" + b"\xff" * 64)
    command = ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable"]

    def timed(path):
        start = time.perf_counter()
        p = subprocess.run(command + [path], capture_output=True)
        return (time.perf_counter() - start) * 1000, p

    startup = statistics.median(timed(blank)[0] for _ in range(15))
    results = {}
    for r in rows:
        times = []
        for _ in range(repeat):
            ms, p = timed(r["file"])
            times.append(ms)
        decoded = [line for line in p.stdout.decode("ascii", "replace").splitlines() if line]
        results[r["file"]] = {"ms": max(0.0, statistics.median(times) - startup), "decoded": decoded}
    return results, startup


def run_zxing(rows, repeat):
    import cv2
    import zxingcpp
    cv2.setNumThreads(1)
    results = {}
    for r in rows:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            image = cv2.imread(r["file"], cv2.IMREAD_GRAYSCALE)
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            times.append((time.perf_counter() - start) * 1000)
        decoded = [b.text for b in found if b.valid]
        results[r["file"]] = {"ms": statistics.median(times), "decoded": decoded}
    return results


ZXING_LOOP = """
import sys, cv2, zxingcpp
cv2.setNumThreads(1)
for path in sys.argv[1:]:
    image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        if b.valid:
            print(path + "\\t" + b.text)
"""


def end_to_end(rows, staff, worker, runs=3):
    """Seconds for `vgk-staff decode` and for zxing-cpp's Python loop over every frame, each the
    median of `runs` whole runs, and how many frames each read right."""
    files = [r["file"] for r in rows]
    env = dict(os.environ, VGK_STAFF_WORKER=worker) if worker else dict(os.environ)

    def timed(command, environment):
        start = time.perf_counter()
        p = subprocess.run(command, capture_output=True, text=True, env=environment)
        seconds = time.perf_counter() - start
        if p.returncode not in (0, 1):
            sys.exit("bench: %s failed (%d): %s" % (command[0], p.returncode, p.stderr[-500:]))
        return seconds, p.stdout

    def right(out):
        found = {}
        for line in out.splitlines():
            file, _, payload = line.partition("\t")
            found.setdefault(file, []).append(payload)
        return sum((found.get(r["file"], []) == [r["payload"]]) if r["payload"] else not found.get(r["file"])
                   for r in rows)

    figures = {}
    for name, command, environment in [("vgk-staff decode", [staff, "decode"] + files, env),
                                       ("zxing-cpp", [sys.executable, "-c", ZXING_LOOP] + files, os.environ)]:
        runs_out = [timed(command, environment) for _ in range(runs)]
        figures[name] = (statistics.median(s for s, _ in runs_out), right(runs_out[0][1]))
    return figures


def score(rows, results):
    """Per category: (read, misread, frames, median ms); plus every frame's outcome."""
    outcome = {}
    for r in rows:
        got = results[r["file"]]["decoded"]
        if r["payload"] is None:
            outcome[r["file"]] = "false" if got else "ok"
        elif any(g != r["payload"] for g in got):
            outcome[r["file"]] = "misread"
        elif r["payload"] in got:
            outcome[r["file"]] = "ok"
        else:
            outcome[r["file"]] = "miss"
    return outcome


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(len(values) - 1, int(k) + 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ours", required=True)
    ap.add_argument("--frames", required=True)
    ap.add_argument("--per-category", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpu", type=int, default=None, help="the core to pin to (default: the last one)")
    ap.add_argument("--worker", help="also time our decoder through this worker binary")
    ap.add_argument("--staff", help="also time `vgk-staff decode` of every frame against zxing-cpp's Python loop")
    ap.add_argument("--only", choices=["ours", "all"], default="all")
    ap.add_argument("--misses", action="store_true", help="list the frames our decoder did not read")
    ap.add_argument("--results", help="also write the key figures to this file (JSON lines, for make bench)")
    args = ap.parse_args()

    cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    ensure_frames(args.frames, args.per_category, args.seed)
    rows = read_manifest(args.frames)
    categories = [c for c in frames.CATEGORIES if any(r["category"] == c for r in rows)]

    peers = [("ours", run_ours(args.ours, rows, args.repeat))]
    zbar_startup = None
    if args.only == "all":
        zbar, zbar_startup = run_zbarimg(rows, args.repeat, args.frames)
        peers.append(("zbarimg", zbar))
        peers.append(("zxing-cpp", run_zxing(rows, args.repeat)))
    scores = {name: score(rows, res) for name, res in peers}

    def stats(name, res, subset):
        files = [r["file"] for r in subset]
        ok = sum(scores[name][f] == "ok" for f in files)
        return ok, len(files), statistics.median(res[f]["ms"] for f in files)

    print()
    print("Decoding camera-like frames: %d frames (%d with a code), one core (cpu %d), median of %d runs per frame"
          % (len(rows), sum(r["payload"] is not None for r in rows), cpu, args.repeat))
    header = "%-13s %4s" % ("category", "n")
    for name, _ in peers:
        header += " | %-9s %6s %7s" % (name, "rate", "med ms")
    if len(peers) > 1:
        header += " | ours vs zxing-cpp: rate, time ratio"
    print(header)
    if len(peers) > 1:
        print("(time ratio: our median ms over zxing-cpp's; under 1 is faster)")
    print("-" * len(header))
    by_category = {}
    for c in categories + ["ALL"]:
        subset = rows if c == "ALL" else [r for r in rows if r["category"] == c]
        line = "%-13s %4d" % (c, len(subset))
        figures = {}
        for name, res in peers:
            ok, n, med = stats(name, res, subset)
            figures[name] = (ok / n, med)
            line += " | %-9s %5.1f%% %7.2f" % ("", 100 * ok / n, med)
        by_category[c] = figures
        if len(peers) > 1:
            (ro, mo), (rz, mz) = figures["ours"], figures["zxing-cpp"]
            line += " | %+6.1f pts, %5.2f" % (100 * (ro - rz), mo / mz if mz > 0 else float("inf"))
        print(line)
    print()
    coded = [r for r in rows if r["payload"] is not None]
    overall = {}
    for name, res in peers:
        times = [res[r["file"]]["ms"] for r in rows]
        blank1080 = [res[r["file"]]["ms"] for r in rows if r["payload"] is None and r["height"] == 1080]
        misreads = sum(scores[name][r["file"]] == "misread" for r in rows)
        false = sum(scores[name][r["file"]] == "false" for r in rows)
        ok = sum(scores[name][r["file"]] == "ok" for r in coded)
        overall[name] = {"read": 100 * ok / len(coded), "misreads": misreads, "false": false,
                         "median": statistics.median(times), "p95": percentile(times, 95),
                         "blank1080": statistics.median(blank1080) if blank1080 else None}
        print("%-9s read %5.1f%% of frames with a code; misreads %d; codes found in frames with none %d; "
              "median %.2f ms, p95 %.2f ms, 1080p with no code median %.2f ms"
              % (name, 100 * ok / len(coded), misreads, false, statistics.median(times), percentile(times, 95),
                 statistics.median(blank1080) if blank1080 else float("nan")))
    if zbar_startup is not None:
        print("(zbarimg's figures exclude its start-up, %.1f ms per process, measured on a blank 8x8 image)" % zbar_startup)
    worker_extra = None
    if args.worker:
        sample = rows[:: max(1, len(rows) // 40)]
        through = run_ours(args.ours, sample, args.repeat, worker=args.worker)
        direct = peers[0][1]
        extra = statistics.median(through[r["file"]]["ms"] - direct[r["file"]]["ms"] for r in sample)
        same = sum(sorted(through[r["file"]]["decoded"]) == sorted(direct[r["file"]]["decoded"]) for r in sample)
        worker_extra = (extra, len(sample), same)
        print("through the sandboxed worker (%d frames): %.1f ms more per frame (the request, the reply, a worker's "
              "start shared by the frames it decodes); "
              "same answers for %d of %d" % (len(sample), extra, same, len(sample)))
    whole = None
    if args.staff and args.only == "all":
        whole = end_to_end(rows, args.staff, args.worker)
        (ours_s, ours_ok), (zx_s, zx_ok) = whole["vgk-staff decode"], whole["zxing-cpp"]
        print("end to end, %d frames, one core, start-up included (median of 3 runs): vgk-staff decode %.2f s "
              "(%d right), zxing-cpp's Python loop %.2f s (%d right); ratio %.2f (under 1 is faster)"
              % (len(rows), ours_s, ours_ok, zx_s, zx_ok, ours_s / zx_s))
    passes = {}
    for r in rows:
        p = peers[0][1][r["file"]]["pass"]
        passes[p] = passes.get(p, 0) + 1
    print("ours, frames by the pass that ended the ladder: " + ", ".join("%s %d" % kv for kv in sorted(passes.items())))
    if args.misses:
        print()
        for r in rows:
            if scores["ours"][r["file"]] != "ok":
                others = " ".join("%s:%s" % (name, scores[name][r["file"]]) for name, _ in peers[1:])
                print("ours %-7s %s %s  %s" % (scores["ours"][r["file"]], r["name"], others, r["params"]))
    if args.results:
        write_results(args, cpu, rows, categories, peers, overall, by_category, zbar_startup, worker_extra, whole)


def write_results(args, cpu, rows, categories, peers, overall, by_category, zbar_startup, worker_extra, whole):
    """The figures printed above, ours next to each peer's, as JSON lines in args.results."""
    out = Results("scan")
    build = "release" if "/release/" in args.ours else "debug" if "/debug/" in args.ours else "unknown"
    notes = ["times are from the file to the decoded text, JPEG loading included, one core, median of %d runs"
             % args.repeat]
    if zbar_startup is not None:
        notes.append("zbarimg's times exclude its start-up, %.1f ms per process" % zbar_startup)
    out.meta(build=build, args="--per-category %d --repeat %d" % (args.per_category, args.repeat),
             about="%d frames (%d with a code), cpu %d" % (len(rows), sum(r["payload"] is not None for r in rows), cpu),
             notes=notes)
    others = [name for name, _ in peers[1:]] or [None]
    measures = [
        ("read rate, frames with a code", "read", "%", "higher"),
        ("misreads", "misreads", "frames", "lower"),
        ("codes found in frames with none", "false", "frames", "lower"),
        ("decode time, median", "median", "ms", "lower"),
        ("decode time, p95", "p95", "ms", "lower"),
        ("decode time, 1080p with no code, median", "blank1080", "ms", "lower"),
    ]
    for measure, key, unit, better in measures:
        for peer in others:
            out.add(measure, overall["ours"][key], unit, better, peer=peer,
                    peer_value=overall[peer][key] if peer else None)
    # The per-category table: the share of frames right (the code read, or nothing found in a
    # frame with none) and the median time.
    for c in categories:
        figures = by_category[c]
        for peer in others:
            out.add("frames right, %s" % c, 100 * figures["ours"][0], "%", "higher", peer=peer,
                    peer_value=100 * figures[peer][0] if peer else None)
        for peer in others:
            out.add("median time, %s" % c, figures["ours"][1], "ms", "lower", peer=peer,
                    peer_value=figures[peer][1] if peer else None)
    if worker_extra is not None:
        extra, sampled, same = worker_extra
        out.add("decoding through the sandboxed worker (request, reply, a shared start): more per frame", extra, "ms", "lower")
        notes.append("the worker's cost from %d frames, the same answers as in-process for %d" % (sampled, same))
    if whole is not None:
        out.add("vgk-staff decode of every frame, end to end, one core", whole["vgk-staff decode"][0], "s", "lower",
                peer="zxing-cpp", peer_value=whole["zxing-cpp"][0], goal="≤ 1 × zxing-cpp's", goal_value=1,
                goal_of="ratio")
        notes.append("end to end: one vgk-staff decode over all %d frames against one Python process looping "
                     "zxing-cpp over them, start-up included, median of 3 runs" % len(rows))
    out.write(args.results)


if __name__ == "__main__":
    main()
