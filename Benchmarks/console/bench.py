#!/usr/bin/env python3
"""`make bench-console`: the console on a large database, in a pseudo-terminal, next to htop.

Each program runs in a pty of the same size (132 x 43, TERM=xterm-256color) whose output is read
by this process and fed to a terminal emulator (pyte), so "a frame" is what a person would see:
  first frame      from exec to the first screen (the login screen); then, from the Enter that
                   sends the clerk's password (bigdb.py sets it), to the first screen with the
                   tab bar drawn and to the first with the scan queue's rows in it (the secret
                   checked, the database opened and read);
  key to frame     a key written to the terminal (Down and Up in turn, one at a time), to the end
                   of the burst of output it caused (no more output for 15 ms): p50 and p99;
  hostile files    the same keys while hostile camera files arrive (hostile.py: a
                   65535 x 65535 header, a million columns, 3 000 scans, truncated, empty, 2 GB
                   sparse, random bytes, a link to /etc/shadow, a FIFO, and one good photo): the
                   keys' times, and each file's time from its arrival to quarantine/ (or processed/);
  idle             on the task board (SLA countdowns on screen), CPU time used and bytes written
                   to the terminal over the idle period; the same for htop with its defaults.
  photos           ordinary photos of a code (each a different file, the same code), one at a time,
                   from the moment the closed file is renamed into the camera folder to the frame
                   that counts it in the status line: p50 and p95 (the camera folder's settle delay, camera_settle_ms,
                   default 250 ms, is part of it: a file is taken once it has not changed for
                   that long);
  refresh          a `vgk-staff scan` run by another process, from its end to its line on the
                   console's screen (no key pressed).
The console's clock is the real one (countdowns and the clock change every minute).

Usage: bench.py --binary VGK_STAFF --db DATABASE --keys DIR [--idle SECONDS] [--keys-pressed N] [--photos N]
                [--results FILE]
With --results FILE the figures below (next to htop's or the goal) are also written to FILE as JSON
lines for `make bench` (Benchmarks/report.py); the output is the same.
"""
import argparse
import fcntl
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time

import pyte

import bigdb
import hostile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchresults import Results  # noqa: E402

COLUMNS, ROWS = 132, 43


class Pty:
    """A program on a pseudo-terminal, its output recorded with times and emulated."""

    def __init__(self, argv, env):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0), close_fds=True)
        os.close(slave)
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.chunks = []  # (time, bytes)
        self.bytes = 0
        self.closed = False
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if not ready:
                    if self.process.poll() is not None:
                        break
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            now = time.perf_counter()
            with self.lock:
                self.chunks.append((now, len(data)))
                self.bytes += len(data)
                self.stream.feed(data)
        self.closed = True

    def text(self):
        with self.lock:
            return "\n".join(self.screen.display)

    def wait_for(self, predicate, timeout=30):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if predicate(self.text()):
                return time.perf_counter()
            time.sleep(0.001)
        raise SystemExit("timed out waiting for the screen; it shows:\n" + self.text())

    def quiet(self, seconds, timeout=10):
        """Waits until nothing has come for `seconds`; the time of the last output."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            with self.lock:
                last = self.chunks[-1][0] if self.chunks else self.started
            if time.perf_counter() - last >= seconds:
                return last
            time.sleep(0.001)
        return None

    def send(self, data):
        os.write(self.master, data)

    def cpu_seconds(self):
        fields = open("/proc/%d/stat" % self.process.pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        try:
            self.process.terminate()
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
        os.close(self.master)


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(len(values) - 1, int(k) + 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def log_in(p):
    """Types the bench's login and password on the login screen, as a person would; the time of
    the last Enter."""
    p.wait_for(lambda t: "Password or PIN" in t)
    p.send(bigdb.LOGIN.encode() + b"\r")
    p.wait_for(lambda t: bigdb.LOGIN in t)
    p.send(bigdb.SECRET.encode())
    time.sleep(0.05)
    sent = time.perf_counter()
    p.send(b"\r")
    return sent


def idle(p, seconds):
    p.quiet(1.0)
    cpu0, bytes0, t0 = p.cpu_seconds(), p.bytes, time.perf_counter()
    time.sleep(seconds)
    cpu1, bytes1, t1 = p.cpu_seconds(), p.bytes, time.perf_counter()
    return (cpu1 - cpu0) / (t1 - t0) * 100, bytes1 - bytes0, t1 - t0


def key_to_frame(p, count, before_key=None):
    """Presses Down and Up in turn, one at a time: for each key, the time to the end of the burst
    of output it caused (until 15 ms of silence) and to its first byte, in ms. `before_key(i)` runs
    before key i (the hostile phase drops camera files from it)."""
    latencies, firsts_out = [], []
    for i in range(count):
        if before_key:
            before_key(i)
        with p.lock:
            before = len(p.chunks)
        sent = time.perf_counter()
        # Down and Up as the terminal sends them in keypad mode (terminfo kcud1, kcuu1).
        p.send(b"\x1bOB" if i % 2 == 0 else b"\x1bOA")
        # The burst the key caused: from the first chunk after it until 15 ms of silence.
        end = time.perf_counter() + 2
        first = None
        while time.perf_counter() < end:
            with p.lock:
                new = p.chunks[before:]
            if new:
                first = first or new[0][0]
                if time.perf_counter() - new[-1][0] >= 0.015:
                    latencies.append((new[-1][0] - sent) * 1000)
                    firsts_out.append((first - sent) * 1000)
                    break
            time.sleep(0.0005)
        p.quiet(0.05)
    return latencies, firsts_out


def hostile_phase(p, camera, staging, count):
    """Hostile camera files arrive one by one (Benchmarks/console/hostile.py) while keys
    are pressed: each file's time from its arrival to processed/ or quarantine/ (with its reason),
    and the keys' times meanwhile."""
    arrivals = [(name, data) for name, data in hostile.files()] + [(name, None) for name in hostile.SPECIAL]
    every = max(1, count // (len(arrivals) + 2))
    arrived, settled = {}, {}
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            for name, at in list(arrived.items()):
                if name not in settled:
                    where = hostile.settled(camera, name)
                    if where:
                        settled[name] = (where, time.perf_counter() - at)
            time.sleep(0.001)

    def drop(i):
        k = i // every
        if i % every == 0 and k < len(arrivals):
            name, data = arrivals[k]
            arrived[name] = time.perf_counter()
            if data is None:
                hostile.arrive_special(name, camera)
            else:
                hostile.arrive(name, data, staging, camera)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    latencies, firsts_out = key_to_frame(p, count, drop)
    end = time.perf_counter() + 15
    while len(settled) < len(arrivals) and time.perf_counter() < end:
        time.sleep(0.01)
    stop.set()
    watcher.join()
    missing = [name for name, _ in arrivals if name not in settled]
    if missing:
        raise SystemExit("bench: camera files never left the folder: " + ", ".join(missing))
    if settled[hostile.GOOD][0] != "processed":
        raise SystemExit("bench: the ordinary photo was not read among the hostile ones")
    return settled, latencies, firsts_out


def photo_phase(p, camera, staging, count):
    """`count` photos of PRODUCT:100001 arrive one at a time (each made different by bytes after the
    image's end, so none is a duplicate of this run or an earlier one): milliseconds from each
    rename into the folder to the frame whose status line counts it among the photos taken."""
    photo = open(hostile.PHOTO, "rb").read()
    taken = re.compile(r"Camera folder: (\d+) photos? taken")

    def count_taken(text):
        m = taken.search(text)
        return int(m.group(1)) if m else 0

    times = []
    for i in range(count):
        before = count_taken(p.text())
        name = "photo-%03d.jpg" % i
        at = time.perf_counter()
        hostile.arrive(name, photo + b"bench %d %.6f" % (i, time.time()), staging, camera)
        seen = p.wait_for(lambda t: count_taken(t) > before, timeout=10)
        times.append((seen - at) * 1000)
        p.quiet(0.05)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--keys", required=True)
    ap.add_argument("--idle", type=float, default=60)
    ap.add_argument("--keys-pressed", type=int, default=300)
    ap.add_argument("--photos", type=int, default=20, help="ordinary photos timed from the folder to the screen")
    ap.add_argument("--results", help="also write the key figures to this file (JSON lines, for make bench)")
    args = ap.parse_args()
    env = {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/tmp"),
           "VGK_STAFF_KEYS": args.keys}
    counts = {k: v for k, v in [
        ("movements", "SELECT count(*) FROM movements"), ("orders", "SELECT count(*) FROM orders"),
        ("tasks", "SELECT count(*) FROM tasks"), ("scans", "SELECT count(*) FROM scans")]}
    import sqlite3
    con = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    sizes = {k: con.execute(q).fetchone()[0] for k, q in counts.items()}
    con.close()

    # First frames, five runs: the login screen, then the console after the login.
    firsts, logins, datas = [], [], []
    for _ in range(5):
        p = Pty([args.binary, "--db", args.db, "console"], env)
        first = p.wait_for(lambda t: "Password or PIN" in t)
        entered = log_in(p)
        logged = p.wait_for(lambda t: "1 Scans" in t and "q quit" in t)
        data = p.wait_for(lambda t: re.search(r"\n\S.{4} (camera|scanner) ", t) is not None)
        firsts.append((first - p.started) * 1000)
        logins.append((logged - entered) * 1000)
        datas.append((data - entered) * 1000)
        p.stop()

    # Key to frame, the console taking the camera folder (empty for now), as at a counter.
    work = os.path.dirname(os.path.abspath(args.db))
    camera, staging = os.path.join(work, "camera"), os.path.join(work, "camera-staging")
    for d in (camera, staging):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    config = os.path.join(work, "camera.conf")
    with open(config, "w") as f:
        f.write("camera_dir = %s\n" % camera)
    p = Pty([args.binary, "--db", args.db, "console"], dict(env, VGK_STAFF_CONFIG=config))
    log_in(p)
    p.wait_for(lambda t: re.search(r"\n\S.{4} (camera|scanner) ", t) is not None)
    p.quiet(0.5)
    latencies, firsts_out = key_to_frame(p, args.keys_pressed)
    # The same keys while the hostile camera files arrive.
    settled, hostile_latencies, hostile_firsts = hostile_phase(p, camera, staging, args.keys_pressed)
    # Ordinary photos, one at a time, from the closed file to the screen.
    photos = photo_phase(p, camera, staging, args.photos)
    # Another process's write, until it is on this screen (no key pressed).
    refresh = []
    for i in range(5):
        product = "PRODUCT:%d" % (100_000 + i * 7)
        started = time.perf_counter()
        subprocess.run([args.binary, "--db", args.db, "scan", "--payload", product], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        written = time.perf_counter()
        seen = p.wait_for(lambda t: ("command  " + product) in t)
        refresh.append(((seen - written) * 1000, (written - started) * 1000))
        p.quiet(0.1)
    # Idle on the task board.
    p.send(b"2")
    p.wait_for(lambda t: re.search(r"Left +(State +)?Priority", t) is not None and re.search(r" h \d\d min", t) is not None)
    ours_cpu, ours_bytes, ours_span = idle(p, args.idle)
    p.stop()

    h = Pty(["htop"], env)
    h.wait_for(lambda t: "PID" in t or "CPU" in t)
    htop_cpu, htop_bytes, htop_span = idle(h, args.idle)
    h.stop()

    print()
    print("The console on a large database: %s movements, %s orders, %s tasks, %s scans; a %dx%d pty"
          % tuple(["{:,}".format(sizes[k]).replace(",", " ") for k in ["movements", "orders", "tasks", "scans"]] + [COLUMNS, ROWS]))
    print("  time to first frame         median %6.1f ms  (of 5 starts: the login screen; goal <= 200 ms)" % statistics.median(firsts))
    print("  login to the tab bar        median %6.1f ms  (from the Enter after the password: the secret checked)"
          % statistics.median(logins))
    print("  time to the scan queue      median %6.1f ms  (from the same Enter: its rows read from the database)"
          % statistics.median(datas))
    print("  key to frame (%d keys)      p50 %5.2f ms  p99 %5.2f ms  max %5.2f ms  (goal p99 <= 16 ms)"
          % (len(latencies), statistics.median(latencies), percentile(latencies, 99), max(latencies)))
    print("    first byte after the key  p50 %5.2f ms  p99 %5.2f ms" % (statistics.median(firsts_out), percentile(firsts_out, 99)))
    print("  while the %d camera files of hostile.py arrive (one every few keys), key to frame (%d keys):"
          % (len(settled), len(hostile_latencies)))
    print("    p50 %5.2f ms  p99 %5.2f ms  max %5.2f ms  (quiet: p99 %5.2f ms)"
          % (statistics.median(hostile_latencies), percentile(hostile_latencies, 99), max(hostile_latencies),
             percentile(latencies, 99)))
    print("    first byte after the key  p50 %5.2f ms  p99 %5.2f ms  (quiet: p99 %5.2f ms)"
          % (statistics.median(hostile_firsts), percentile(hostile_firsts, 99), percentile(firsts_out, 99)))
    for name, (where, seconds) in sorted(settled.items(), key=lambda kv: -kv[1][1]):
        print("    %-14s %-10s after %5.2f s  (goal <= 2 s)" % (name, where, seconds))
    print("  a photo from its closed file in the camera folder to the screen (%d photos): p50 %.0f ms  p95 %.0f ms"
          "  max %.0f ms  (goal p95 <= 300 ms)" % (len(photos), statistics.median(photos), percentile(photos, 95), max(photos)))
    print("  another process's scan on screen, after its command ended: median %.0f ms, max %.0f ms (goal <= 1000 ms)"
          % (statistics.median(r[0] for r in refresh), max(r[0] for r in refresh)))
    print("  idle %.0f s on the task board:" % ours_span)
    print("    vgk-staff  CPU %5.2f %%   %7d bytes to the terminal" % (ours_cpu, ours_bytes))
    print("    htop       CPU %5.2f %%   %7d bytes to the terminal" % (htop_cpu, htop_bytes))
    ratio = ours_bytes / htop_bytes if htop_bytes else float("nan")
    print("    bytes: vgk-staff / htop = %.4f  (goal <= 0.1)" % ratio)

    if args.results:
        out = Results("console")
        build = "release" if "/release/" in args.binary else "debug" if "/debug/" in args.binary else "unknown"
        out.meta(build=build, args="--idle %g --keys-pressed %d" % (args.idle, args.keys_pressed),
                 about="%s movements, %s orders, %s tasks, %s scans; a %dx%d pty; idle %.0f s each"
                 % tuple(["{:,}".format(sizes[k]).replace(",", " ") for k in ["movements", "orders", "tasks", "scans"]]
                         + [COLUMNS, ROWS, ours_span]),
                 notes=["htop is measured idle only (CPU and bytes); the other console figures are against the goals"])
        out.add("time to first frame (the login screen), median of 5 starts", statistics.median(firsts), "ms", "lower",
                goal="≤ 200 ms", goal_value=200)
        out.add("login (Enter after the password) to the tab bar, median", statistics.median(logins), "ms", "lower")
        out.add("login to the scan queue's rows on screen, median", statistics.median(datas), "ms", "lower")
        out.add("key to frame, p50 (%d keys)" % len(latencies), statistics.median(latencies), "ms", "lower")
        out.add("key to frame, p99 (%d keys)" % len(latencies), percentile(latencies, 99), "ms", "lower",
                goal="p99 ≤ 16 ms", goal_value=16)
        out.add("key to frame, max (%d keys)" % len(latencies), max(latencies), "ms", "lower")
        slowest = max(settled.items(), key=lambda kv: kv[1][1])
        out.add("hostile camera files: the slowest out of the folder (%s, of %d)" % (slowest[0], len(settled)),
                slowest[1][1], "s", "lower", goal="≤ 2 s each", goal_value=2)
        out.add("key to frame while they arrive, p99 (%d keys)" % len(hostile_latencies),
                percentile(hostile_latencies, 99), "ms", "lower", peer="same console, no files arriving",
                peer_value=percentile(latencies, 99), goal="p99 ≤ 16 ms", goal_value=16)
        out.add("first byte after a key while they arrive, p99", percentile(hostile_firsts, 99), "ms", "lower",
                peer="same console, no files arriving", peer_value=percentile(firsts_out, 99))
        out.add("a photo from the camera folder to the screen, p50 (%d photos)" % len(photos),
                statistics.median(photos), "ms", "lower")
        out.add("a photo from the camera folder to the screen, p95 (%d photos)" % len(photos),
                percentile(photos, 95), "ms", "lower", goal="p95 ≤ 300 ms", goal_value=300)
        out.add("another process's scan on screen after its command, median", statistics.median(r[0] for r in refresh),
                "ms", "lower", goal="≤ 1000 ms", goal_value=1000)
        out.add("another process's scan on screen after its command, max", max(r[0] for r in refresh),
                "ms", "lower", goal="≤ 1000 ms", goal_value=1000)
        out.add("idle on the task board: CPU", ours_cpu, "%", "lower", peer="htop", peer_value=htop_cpu)
        out.add("idle on the task board: bytes to the terminal", ours_bytes, "bytes", "lower", peer="htop",
                peer_value=htop_bytes, goal="≤ 0.1 × htop's", goal_value=0.1, goal_of="ratio")
        out.write(args.results)


if __name__ == "__main__":
    main()
