#!/usr/bin/env python3
"""`make bench`'s report: the benchmarks' results files merged into one Markdown table.

Usage: report.py [--out FILE] [--arg NAME=VALUE]... [--section TITLE=FILE]... RESULTS...

Prints the report and, with --out, writes the same to FILE (`make bench`: Benchmarks/RESULTS.md).
Each --arg is shown in the header (the Makefile passes its BENCH_* variables). Each --section
appends a benchmark's own Markdown output (tables of counts, which have no peer and no goal) under
its title, as it printed it. Python 3 standard library only.

A results file (a benchmark's `--results FILE`) holds one JSON object a line:
  {"bench": "tasks", "meta": {"build": "release", "args": "...", "about": "...", "notes": ["..."]}}
      what the run was (optional; every key optional);
  {"bench": "scan", "measure": "decode time, median", "ours": 4.2, "unit": "ms", "better": "lower",
   "peer": "zbarimg", "peer_value": 41.0, "goal": "≤ 16 ms", "goal_value": 16, "goal_of": "ours"}
      one figure: "ours" a number or null (the peer's figure alone), "better" "lower" or
      "higher"; "peer" and "peer_value" (a number or null) when there is a peer; "goal" (text)
      and "goal_value" (a number) when there is a goal, "goal_of" "ours" (the default: the goal
      is on our figure) or "ratio" (on ours / the peer's).
A file that is missing, empty, not JSON lines or not of this shape is an error naming the file
and the line; the exit status is then 1 and nothing is written.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys


class Bad(Exception):
    """A results file that cannot be used: the message names the file (and the line)."""


def _reject_constant(name):
    raise ValueError("%s is not a number JSON allows" % name)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_result(where, line):
    def need(condition, message):
        if not condition:
            raise Bad("%s: %s" % (where, message))

    need(isinstance(line.get("measure"), str) and line["measure"], '"measure" must be a non-empty string')
    need("ours" in line, 'no "ours" (a number, or null when only the peer has the figure)')
    need(line["ours"] is None or _is_number(line["ours"]), '"ours" must be a number or null')
    need(isinstance(line.get("unit"), str), '"unit" must be a string')
    need(line.get("better") in ("lower", "higher"), '"better" must be "lower" or "higher"')
    if "peer" in line or "peer_value" in line:
        need(isinstance(line.get("peer"), str) and line["peer"], '"peer" must be a non-empty string')
        need("peer_value" in line and (line["peer_value"] is None or _is_number(line["peer_value"])),
             '"peer_value" must be a number or null')
    need("goal" not in line or isinstance(line["goal"], str), '"goal" must be a string')
    need("goal_value" not in line or _is_number(line["goal_value"]), '"goal_value" must be a number')
    need(line.get("goal_of", "ours") in ("ours", "ratio"), '"goal_of" must be "ours" or "ratio"')
    need(line.get("goal_of", "ours") == "ours" or "peer" in line, '"goal_of": "ratio" needs a peer')
    need(line["ours"] is not None or "peer" in line, 'a line needs "ours" or a peer\'s figure')


def read_results(path):
    """(metas, results) of one file; raises Bad."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise Bad("%s: no such file (did its benchmark run, with --results %s?)" % (path, path))
    except (OSError, UnicodeDecodeError) as error:
        raise Bad("%s: cannot be read (%s)" % (path, error))
    metas, results = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = "%s:%d" % (path, number)
        try:
            line = json.loads(raw, parse_constant=_reject_constant)
        except ValueError as error:
            raise Bad("%s: not a JSON object (%s)" % (where, error))
        if not isinstance(line, dict):
            raise Bad("%s: not a JSON object" % where)
        if not isinstance(line.get("bench"), str) or not line["bench"]:
            raise Bad('%s: "bench" must be a non-empty string' % where)
        if "meta" in line:
            if not isinstance(line["meta"], dict):
                raise Bad('%s: "meta" must be an object' % where)
            metas.append(line)
        else:
            check_result(where, line)
            results.append(line)
    if not results:
        raise Bad("%s: no results in it (the benchmark did not finish?)" % path)
    return metas, results


def grouped(n):
    """12345 as 12 345 (as the benchmarks print them)."""
    return "{:,}".format(int(round(n))).replace(",", " ")


def number(value):
    if value is None:
        return "—"
    a = abs(value)
    if a >= 1000 or float(value).is_integer():
        return grouped(value)
    if a < 0.001:
        return "%.2g" % value
    # Three significant figures or so: 123, 12.3, 1.23, 0.123 (9.999 is 10.0, not 10.00).
    for limit, decimals, above in [(100, 0, None), (10, 1, 100), (1, 2, 10), (0, 3, 1)]:
        if a >= limit:
            text = "%.*f" % (decimals, value)
            if above is not None and abs(float(text)) >= above:
                text = "%.*f" % (decimals - 1, value)
            return text
    return "%.3f" % value


def figure(value, unit):
    if value is None:
        return "—"
    return number(value) + ("" if not unit else " %" if unit == "%" else " " + unit)


def ratio_cell(line):
    """Ours / the peer's, and which way is better."""
    if "peer" not in line:
        return "—"
    ours, peer = line["ours"], line["peer_value"]
    if ours is None or peer is None:
        return "—"
    lower = line["better"] == "lower"
    way = "< 1 is better" if lower else "> 1 is better"
    if ours < 0 or peer < 0:
        # A difference of two timings (start-up subtracted) can come out below zero on a busy machine.
        return "— (a figure below 0: within the noise)"
    if peer == 0:
        if ours == 0:
            return "— (both 0; even)"
        return "∞ (%s; ours %s)" % (way, "behind" if lower else "ahead")
    r = ours / peer
    text = "%.2f" % r if r >= 0.01 or r == 0 else "%.2g" % r
    if abs(r - 1) < 0.005:
        verdict = "even"
    else:
        verdict = "ours ahead" if (ours < peer) == lower else "ours behind"
    return "%s (%s; %s)" % (text, way, verdict)


def goal_cells(line):
    goal_value = line.get("goal_value")
    text = line.get("goal")
    if text is None and goal_value is not None:
        text = ("≤ " if line["better"] == "lower" else "≥ ") + figure(goal_value, line["unit"])
    if text is None:
        return "—", "—"
    if goal_value is None:
        return text, "—"
    if line.get("goal_of", "ours") == "ratio":
        ours, peer = line["ours"], line["peer_value"]
        value = None if ours is None or not peer else ours / peer
    else:
        value = line["ours"]
    if value is None:
        return text, "—"
    met = value <= goal_value if line["better"] == "lower" else value >= goal_value
    return text, "yes" if met else "**no**"


def cell(text):
    """Text made safe for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "Hardware", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def processors():
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(len(os.sched_getaffinity(0)))


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def read_section(title, path):
    """A benchmark's printed Markdown, under its title; raises Bad."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
    except FileNotFoundError:
        raise Bad("%s: no such file (did its benchmark run?)" % path)
    except (OSError, UnicodeDecodeError) as error:
        raise Bad("%s: cannot be read (%s)" % (path, error))
    if not text:
        raise Bad("%s: empty (the benchmark did not finish?)" % path)
    if "\x1b" in text:
        raise Bad("%s: holds terminal escape sequences, not Markdown" % path)
    return "## %s\n\n%s\n" % (title, text)


def report(files, metas, results, arguments, sections=()):
    builds = sorted({m["meta"].get("build") for m in metas if m["meta"].get("build")})
    build = ", ".join(builds) if builds else "unknown"
    if any(b != "release" for b in builds):
        build += " (figures not representative unless release)"
    if arguments:
        args = "; ".join("%s=%s" % (name, value if value else '""') for name, value in arguments)
    else:
        args = "; ".join("%s %s" % (m["bench"], m["meta"]["args"]) for m in metas if m["meta"].get("args")) or "—"
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    out = ["# Benchmark results", "",
           "Written by `make bench` (Benchmarks/report.py): run it again rather than edit this file. "
           "What each benchmark measures and how: Benchmarks/README.md.", ""]
    out.append("**Benchmarks** — %s; machine: %s (nproc %s), load %s; build: %s; arguments: %s."
               % (now, cpu_model(), processors(), load_average(), build, args))
    out.append("")
    out.append("| Benchmark | Measure | Ours | Peer | Peer's figure | Ratio (ours/peer) | Goal | Met? |")
    out.append("|---|---|---:|---|---:|---|---|---|")
    for line in results:
        goal, met = goal_cells(line)
        out.append("| " + " | ".join(cell(c) for c in [
            line["bench"], line["measure"], figure(line["ours"], line["unit"]), line.get("peer", "—"),
            figure(line["peer_value"], line["unit"]) if "peer" in line else "—", ratio_cell(line), goal, met]) + " |")
    out.append("")
    for m in metas:
        about = m["meta"].get("about")
        notes = m["meta"].get("notes") or []
        if isinstance(notes, str):
            notes = [notes]
        text = "; ".join(str(t) for t in ([about] if about else []) + list(notes))
        if text:
            out.append("- %s: %s." % (m["bench"], text))
    out.append("- Results files: %s." % ", ".join(files))
    for section in sections:
        out.append("")
        out.append(section.rstrip("\n"))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="also write the report to this file")
    ap.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                    help="an argument of the run, shown in the header")
    ap.add_argument("--section", action="append", default=[], metavar="TITLE=FILE",
                    help="a benchmark's own Markdown output, appended under TITLE")
    ap.add_argument("results", nargs="+", help="the benchmarks' results files (JSON lines)")
    args = ap.parse_args()
    arguments = []
    for a in args.arg:
        name, equals, value = a.partition("=")
        if not equals or not name:
            ap.error("--arg needs NAME=VALUE, not %r" % a)
        arguments.append((name, value))
    metas, results, sections = [], [], []
    try:
        for path in args.results:
            m, r = read_results(path)
            metas += m
            results += r
        for s in args.section:
            title, equals, path = s.partition("=")
            if not equals or not title or not path:
                ap.error("--section needs TITLE=FILE, not %r" % s)
            sections.append(read_section(title, path))
    except Bad as error:
        print("report.py: %s" % error, file=sys.stderr)
        return 1
    text = report(args.results, metas, results, arguments, sections)
    if args.out:
        try:
            directory = os.path.dirname(os.path.abspath(args.out))
            os.makedirs(directory, exist_ok=True)
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as error:
            print("report.py: %s: cannot write the report (%s)" % (args.out, error), file=sys.stderr)
            return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
