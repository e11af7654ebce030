#!/usr/bin/env python3
"""`make bench-link`: many points linked to one throwaway PostgreSQL, next to pgbench.

The run, in order:
  server      a PostgreSQL (15, else the newest >= 15) made for the run with initdb under /tmp:
              its own socket directory and TCP port on 127.0.0.1, scram-sha-256 for every role,
              max_connections = 100 (the default), fsync and synchronous_commit left on. As
              root it runs as the `postgres` account (or `vgk-pgbench`, created when neither
              exists). It is stopped and removed at the end, also after a failure or Ctrl-C.
  setup       `central setup`, then for each point: `central add-point --json` (its URL kept in
              the point's config), `init --training`, a staff file (one clerk) and a products
              file fed by `central feed`, one `link sync` to apply them, and `stock import` of
              --movements RECEIVE movements by the clerk: the ledger is the point's outbox, so
              each movement waits as one `stock.movement` event. Points are set up --jobs at a
              time; every point has its own keys, code and role.
  burst       every point's `link sync` started at once. The server takes 97 non-superuser
              connections: a sync refused ("too many clients") exits 1 and is started again
              after 1, 2, 4... seconds (x 0.8-1.2, as `link run` waits). Events/s into the
              centre = the events counted there afterwards / the time from the start to the last
              sync's exit 0. Next to it: pgbench on the same server, -c 8, a script of one plain
              INSERT per transaction into a table shaped like vgk_link.events (same columns and
              unique key, no triggers), for about as long as the burst took, right after it and
              again at the end of the run; the higher rate is the peer.
  steady      every point's `link run` (link_listen = no, link_poll_seconds = 1), for --steady
              seconds: this driver commits handover-like rows into random points' outboxes
              (`INSERT INTO outbox` with the sqlite3 module, as a handover's transaction does; no
              vgk-staff process per event, to keep the CPU for the link) at --event-rate a second,
              and feed records (a product each) at the centre at --feed-rate a second (INSERT
              INTO vgk_link.feed as `central feed` does, one transaction each). Measured:
                handover -> centre: events.received_at (the push transaction's start) minus
                  the outbox row's commit time here;
                feed record -> point: the first time the point's link_state.cursor reaches the
                  record's seq (watched every 50 ms) minus feed.created_at; the console reads
                  the database every 250 ms, so a clerk sees it up to 250 ms later.
  listen      the same for --listen-points points with link_listen = yes (one connection held
              each) for --listen-seconds; the other points stay stopped.
Point connections (usename vgk_point_*) are sampled from pg_stat_activity every 100 ms in each
phase; CPU use of the whole machine from /proc/stat.

Usage: bench.py --binary VGK_STAFF --work DIR [--points 200] [--movements 500] [--steady 60]
                [--listen-points 90] [--listen-seconds 30] [--event-rate 20] [--feed-rate 10]
                [--jobs 4] [--results FILE]
Python 3 standard library; psql, pgbench, initdb and pg_ctl from Debian's postgresql packages.
"""
import argparse
import concurrent.futures
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchresults import Results  # noqa: E402

ADMIN = "vgk_admin"
DATABASE = "vgk_central"
CLERK = "bench.clerk"
PRODUCT_IDS = list(range(910001, 910011))


def percentile(values, p):
    """The p-th percentile by nearest rank (values need not be sorted)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(round(p / 100.0 * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1]


def cpu_ticks():
    """(busy, total) jiffies of the whole machine from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def process_ticks(pid):
    """utime + stime of a live process, in the same jiffies as /proc/stat (0 once it is gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def cpu_busy(before, after):
    busy = after[0] - before[0]
    total = after[1] - before[1]
    return 100.0 * busy / total if total else float("nan")


class Server:
    """The throwaway PostgreSQL of the run."""

    def __init__(self):
        self.bin = self.binaries()
        self.account = self.server_account() if os.geteuid() == 0 else None
        self.dir = tempfile.mkdtemp(prefix="vgk-link-bench-", dir="/tmp")
        self.password = "".join(random.SystemRandom().choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(32))
        self.port = None
        self.started = False

    @staticmethod
    def binaries():
        preferred = "/usr/lib/postgresql/15/bin"
        if os.access(preferred + "/initdb", os.X_OK):
            return preferred
        versions = sorted((int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit() and int(v) >= 15), reverse=True) \
            if os.path.isdir("/usr/lib/postgresql") else []
        for v in versions:
            if os.access("/usr/lib/postgresql/%d/bin/initdb" % v, os.X_OK):
                return "/usr/lib/postgresql/%d/bin" % v
        sys.exit("bench-link: no PostgreSQL 15 or later (initdb) under /usr/lib/postgresql: `make deps` installs it")

    @staticmethod
    def server_account():
        """PostgreSQL refuses to run as root: the `postgres` account, else one made for this."""
        for name in ("postgres", "vgk-pgbench"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                pass
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", "vgk-pgbench"], check=True)
        return pwd.getpwnam("vgk-pgbench")

    def as_account(self, argv):
        if self.account is None:
            return argv
        return ["setpriv", "--reuid=%d" % self.account.pw_uid, "--regid=%d" % self.account.pw_gid, "--clear-groups", "--"] + argv

    def run_as(self, argv):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
        return subprocess.run(self.as_account(argv), cwd=self.dir, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def start(self):
        os.mkdir(self.dir + "/sock")
        with open(self.dir + "/pwfile", "w") as f:
            f.write(self.password + "\n")
        os.chmod(self.dir + "/pwfile", 0o600)
        if self.account is not None:
            for path in (self.dir, self.dir + "/sock", self.dir + "/pwfile"):
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        os.chmod(self.dir, 0o700)
        made = self.run_as([self.bin + "/initdb", "-D", self.dir + "/data", "-U", ADMIN, "--pwfile=" + self.dir + "/pwfile",
                            "-A", "scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"])
        os.unlink(self.dir + "/pwfile")
        if made.returncode != 0:
            sys.exit("bench-link: initdb failed: " + made.stdout)
        for _ in range(5):
            self.port = free_port()
            options = "-k %s/sock -p %d -c listen_addresses=127.0.0.1 -c max_connections=100" % (self.dir, self.port)
            started = self.run_as([self.bin + "/pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/server.log", "-w",
                                   "-t", "60", "-o", options, "start"])
            if started.returncode == 0:
                self.started = True
                break
        if not self.started:
            sys.exit("bench-link: pg_ctl could not start the server: " + started.stdout)
        self.psql("CREATE DATABASE %s" % DATABASE, database="postgres")

    def stop(self):
        if self.started:
            self.run_as([self.bin + "/pg_ctl", "-D", self.dir + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def version(self):
        return self.psql("SHOW server_version").strip()

    def url(self, database=DATABASE):
        return "postgresql://%s:%s@127.0.0.1:%d/%s" % (ADMIN, self.password, self.port, database)

    def client_env(self):
        env = dict(os.environ)
        env.update({"PGPASSWORD": self.password, "PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": ADMIN,
                    "PGCONNECT_TIMEOUT": "10"})
        return env

    def psql(self, sql, database=DATABASE):
        """Runs `sql` (statements each in its own transaction) as the administrator; the rows,
        one a line, fields separated by |."""
        done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database], input=sql,
                              env=self.client_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError("psql: " + done.stderr.strip())
        return done.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sampler(threading.Thread):
    """The point connections in pg_stat_activity every 100 ms, by one psql running \\watch."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server = server
        self.counts = []
        sql = ("SELECT count(*) FILTER (WHERE usename LIKE 'vgk_point_%'), count(*) FILTER (WHERE backend_type = 'client backend') "
               "FROM pg_stat_activity \\watch 0.1\n")
        self.process = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-d", DATABASE], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=server.client_env(), text=True)
        self.process.stdin.write(sql)
        self.process.stdin.flush()

    def run(self):
        for line in self.process.stdout:
            parts = line.strip().split("|")
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                self.counts.append((int(parts[0]), int(parts[1])))

    def finish(self):
        self.process.terminate()
        self.process.wait()
        self.join(5)
        points = [c[0] for c in self.counts]
        clients = [c[1] for c in self.counts]
        return {"samples": len(points), "points_max": max(points, default=0), "clients_max": max(clients, default=0),
                "points_median": statistics.median(points) if points else 0}


class Point:
    def __init__(self, work, index):
        self.code = "BENCH-%03d" % index
        self.name = "Bench point %d" % index
        self.dir = os.path.join(work, "points", self.code)
        self.db = os.path.join(self.dir, "point.sqlite")
        self.config = os.path.join(self.dir, "config")
        self.url = None
        self.env = dict(os.environ)
        self.env.update({"VGK_STAFF_CONFIG": self.config, "VGK_STAFF_USER": CLERK, "HOME": self.dir,
                         "XDG_CONFIG_HOME": self.dir, "XDG_DATA_HOME": self.dir, "TZ": "Africa/Douala"})
        self.env.pop("VGK_STAFF_DB", None)
        self.env.pop("VGK_STAFF_KEYS", None)

    def write_config(self, listen):
        with open(self.config, "w") as f:
            f.write("db = %s\nkeys_dir = %s\nlink_url = %s\nlink_poll_seconds = 1\nlink_listen = %s\n"
                    % (self.db, os.path.join(self.dir, "keys"), self.url, "yes" if listen else "no"))


def run(argv, env, what):
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (what, done.returncode, (done.stderr or done.stdout).strip()))
    return done.stdout


def write_inputs(work, movements):
    """The staff, products and movements files every point imports (ids are per point)."""
    inputs = os.path.join(work, "inputs")
    os.makedirs(inputs, exist_ok=True)
    with open(os.path.join(inputs, "staff.csv"), "w") as f:
        f.write("login,full_name,role\n%s,Bench Clerk,clerk\n" % CLERK)
    with open(os.path.join(inputs, "products.csv"), "w") as f:
        f.write("id,title,category,price_fcfa,unique_item\n")
        for i in PRODUCT_IDS:
            f.write("%d,Chargeur banc %d,Accessoires,2500,false\n" % (i, i))
    with open(os.path.join(inputs, "movements.csv"), "w") as f:
        f.write("type,product_id,quantity,to\n")
        for n in range(movements):
            f.write("RECEIVE,%d,1,BACK\n" % PRODUCT_IDS[n % len(PRODUCT_IDS)])
    return inputs


def setup_point(binary, admin_url, inputs, point):
    if os.path.exists(point.dir):
        shutil.rmtree(point.dir)
    os.makedirs(point.dir)
    added = json.loads(run([binary, "central", "add-point", "--url", admin_url, "--point", point.code, "--name", point.name, "--json"],
                           point.env, "central add-point"))
    point.url = added["url"]
    point.write_config(listen=False)
    run([binary, "init", "--training", "--point", point.code, "--name", point.name], point.env, "init")
    run([binary, "central", "feed", "--url", admin_url, "--point", point.code, "staff", os.path.join(inputs, "staff.csv")],
        point.env, "central feed staff")
    run([binary, "central", "feed", "--url", admin_url, "--point", point.code, "products", os.path.join(inputs, "products.csv")],
        point.env, "central feed products")
    run([binary, "link", "sync"], point.env, "link sync (setup)")
    run([binary, "stock", "import", os.path.join(inputs, "movements.csv")], point.env, "stock import")
    return point


def burst(binary, server, points):
    """Every point's `link sync` at once; a refused one again after a jittered, doubling wait."""
    before = int(server.psql("SELECT count(*) FROM vgk_link.events").strip())
    sampler = Sampler(server)
    sampler.start()
    time.sleep(0.3)
    cpu0 = cpu_ticks()
    start = time.monotonic()
    running = {}
    waiting = []  # (due, point, delay)
    attempts = {p.code: 0 for p in points}
    refused = 0
    for p in points:
        running[p.code] = (p, 1.0, subprocess.Popen([binary, "link", "sync"], env=p.env, stdin=subprocess.DEVNULL,
                                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        attempts[p.code] += 1
    done_at = start
    reasons = {}
    while running or waiting:
        now = time.monotonic()
        for due, p, delay in [w for w in waiting if w[0] <= now]:
            waiting.remove((due, p, delay))
            running[p.code] = (p, delay, subprocess.Popen([binary, "link", "sync"], env=p.env, stdin=subprocess.DEVNULL,
                                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            attempts[p.code] += 1
        for code, (p, delay, proc) in list(running.items()):
            status = proc.poll()
            if status is None:
                continue
            err = proc.stderr.read().decode("utf-8", "replace")
            proc.stderr.close()
            del running[code]
            if status == 0:
                done_at = time.monotonic()
            elif status == 1:
                refused += 1
                key = re.sub(r"\d+", "N", err.strip())[:120]
                reasons[key] = reasons.get(key, 0) + 1
                waiting.append((time.monotonic() + delay * random.uniform(0.8, 1.2), p, min(delay * 2, 60.0)))
            else:
                raise RuntimeError("link sync of %s exited %d: %s" % (code, status, err.strip()))
        time.sleep(0.01)
    wall = done_at - start
    cpu = cpu_busy(cpu0, cpu_ticks())
    connections = sampler.finish()
    after = int(server.psql("SELECT count(*) FROM vgk_link.events").strip())
    return {"events": after - before, "seconds": wall, "rate": (after - before) / wall, "refused_runs": refused,
            "max_attempts": max(attempts.values()), "connections": connections, "cpu": cpu, "reasons": reasons}


def pgbench(server, seconds, clients=8):
    """pgbench's plain INSERT rate, one row per transaction, into a table shaped like vgk_link.events."""
    server.psql("""
        DROP TABLE IF EXISTS bench_events;
        CREATE TABLE bench_events (id bigserial PRIMARY KEY, point text NOT NULL, dedup_key text NOT NULL,
          event_type text NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(), UNIQUE (point, dedup_key));
        """)
    # A payload of the same size as the burst's (a stock.movement event's).
    payload = server.psql("SELECT payload::text FROM vgk_link.events WHERE event_type = 'stock.movement' LIMIT 1").strip()
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False)
    script.write("INSERT INTO bench_events (point, dedup_key, event_type, payload, occurred_at) VALUES "
                 "('BENCH-' || :client_id, 'stock.movement:' || gen_random_uuid(), 'stock.movement', '%s'::jsonb, now());\n"
                 % payload.replace("'", "''"))
    script.close()
    try:
        done = subprocess.run(["pgbench", "-n", "-f", script.name, "-c", str(clients), "-j", "2", "-T", str(seconds), DATABASE],
                              env=server.client_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        os.unlink(script.name)
    if done.returncode != 0:
        raise RuntimeError("pgbench: " + done.stdout)
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
    if not match:
        raise RuntimeError("pgbench: no tps in its output: " + done.stdout)
    server.psql("DROP TABLE bench_events")
    return float(match.group(1))


class Steady:
    """`link run` on `points` while events are made at the points and feed records at the centre."""

    def __init__(self, binary, server, points, seconds, event_rate, feed_rate, tag):
        self.binary, self.server, self.points = binary, server, points
        self.seconds, self.event_rate, self.feed_rate, self.tag = seconds, event_rate, feed_rate, tag
        self.stop = threading.Event()   # the makers stop
        self.drain = threading.Event()  # the makers have stopped: the watchers wait for what is missing, then stop
        self.lock = threading.Lock()
        self.event_commits = {}   # dedup_key -> commit time (epoch seconds)
        self.event_arrivals = {}  # dedup_key -> received_at
        self.feed_created = {}    # (point, seq) -> created_at
        self.feed_present = {}    # (point, seq) -> first seen in the point's SQLite
        self.errors = []

    def make_events(self):
        connections = {p.code: sqlite3.connect(p.db, timeout=10, isolation_level=None) for p in self.points}
        n = 0
        interval = 1.0 / self.event_rate
        due = time.monotonic()
        while not self.stop.is_set():
            p = random.choice(self.points)
            n += 1
            key = "order.picked_up:%s:%s:%d" % (p.code, self.tag, n)
            payload = json.dumps({"order_id": 700000000 + n, "point": p.code, "staff": CLERK, "items": 1})
            try:
                connections[p.code].execute(
                    "INSERT INTO outbox (event_type, payload, dedup_key, created_at) VALUES ('order.picked_up', ?, ?, ?)",
                    (payload, key, int(time.time())))
                committed = time.time()
                with self.lock:
                    self.event_commits[key] = committed
            except sqlite3.Error as error:
                self.errors.append("outbox insert at %s: %s" % (p.code, error))
            due += interval
            time.sleep(max(0.0, due - time.monotonic()))
        for c in connections.values():
            c.close()

    def make_feed(self):
        n = 0
        tick = 0.5
        start = time.monotonic()
        while not self.stop.is_set():
            began = time.monotonic()
            statements = []
            # As many as are due by now: a psql slowed by a busy machine does not lower the rate.
            for _ in range(max(1, int(self.feed_rate * (began - start + tick)) - n)):
                p = random.choice(self.points)
                n += 1
                product = {"id": 920000000 + n, "title": "Produit banc %d" % n, "category": "Accessoires",
                           "price_fcfa": 1000 + n, "condition": "good", "unique_item": False}
                statements.append(
                    "INSERT INTO vgk_link.feed (point, kind, payload) VALUES ('%s', 'product', '%s'::jsonb) "
                    "RETURNING point, seq, extract(epoch FROM created_at);" % (p.code, json.dumps(product).replace("'", "''")))
            try:
                out = self.server.psql("\n".join(statements))
                with self.lock:
                    for line in out.splitlines():
                        point, seq, created = line.split("|")
                        self.feed_created[(point, int(seq))] = float(created)
            except (RuntimeError, ValueError) as error:
                self.errors.append("feed insert: %s" % error)
            time.sleep(max(0.0, tick - (time.monotonic() - began)))

    def watch_centre(self):
        last = int(self.server.psql("SELECT coalesce(max(id), 0) FROM vgk_link.events").strip())
        while True:
            stopping = self.drain.is_set()
            try:
                # Ids are taken at INSERT, rows seen at COMMIT: a smaller id may appear after a larger
                # one, so each look goes back 2 000 ids.
                out = self.server.psql("SELECT id, dedup_key, extract(epoch FROM received_at) FROM vgk_link.events "
                                       "WHERE id > %d ORDER BY id" % (last - 2000))
            except RuntimeError as error:
                self.errors.append("centre watch: %s" % error)
                out = ""
            with self.lock:
                for line in out.splitlines():
                    ident, key, received = line.split("|")
                    last = max(last, int(ident))
                    self.event_arrivals.setdefault(key, float(received))
                missing = [k for k in self.event_commits if k not in self.event_arrivals]
            if stopping and (not missing or time.monotonic() > self.drain_deadline):
                return
            time.sleep(0.2)

    def watch_points(self):
        connections = {}
        while True:
            stopping = self.drain.is_set()
            with self.lock:
                pending = [k for k in self.feed_created if k not in self.feed_present]
            by_point = {}
            for point, seq in pending:
                by_point.setdefault(point, []).append(seq)
            for point, seqs in by_point.items():
                if point not in connections:
                    p = next(x for x in self.points if x.code == point)
                    connections[point] = sqlite3.connect("file:%s?mode=ro" % p.db, uri=True, timeout=10, isolation_level=None)
                try:
                    cursor = connections[point].execute("SELECT cursor FROM link_state").fetchone()[0]
                except sqlite3.Error:
                    continue
                seen = time.time()
                with self.lock:
                    for seq in seqs:
                        if cursor >= seq:
                            self.feed_present[(point, seq)] = seen
            if stopping and (not pending or time.monotonic() > self.drain_deadline):
                break
            time.sleep(0.05)
        for c in connections.values():
            c.close()

    def go(self):
        logs = os.path.join(os.path.dirname(self.points[0].dir), "..", "logs-%s" % self.tag)
        os.makedirs(logs, exist_ok=True)
        runners = []
        for p in self.points:
            log = open(os.path.join(logs, p.code + ".log"), "w")
            runners.append((subprocess.Popen([self.binary, "link", "run"], env=p.env, stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=log, start_new_session=True), log))
        time.sleep(5)  # the runners connect and make a first pass
        sampler = Sampler(self.server)
        sampler.start()
        threads = [threading.Thread(target=f, daemon=True) for f in (self.watch_centre, self.watch_points)]
        makers = [threading.Thread(target=f, daemon=True) for f in (self.make_events, self.make_feed)]
        cpu0 = cpu_ticks()
        ours0 = sum(process_ticks(proc.pid) for proc, _ in runners)
        for t in threads + makers:
            t.start()
        time.sleep(self.seconds)
        cpu1 = cpu_ticks()
        cpu = cpu_busy(cpu0, cpu1)
        # The runners' share of the machine's busy time (the rest: PostgreSQL, this driver, the
        # machine's other work).
        runners_share = 100.0 * (sum(process_ticks(proc.pid) for proc, _ in runners) - ours0) / max(1, cpu1[0] - cpu0[0])
        self.drain_deadline = time.monotonic() + 15
        self.stop.set()
        for t in makers:
            t.join(30)
        self.drain.set()
        for t in threads:
            t.join(30)
        connections = sampler.finish()
        for proc, log in runners:
            proc.send_signal(signal.SIGTERM)
        for proc, log in runners:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
        with self.lock:
            handover = [self.event_arrivals[k] - t for k, t in self.event_commits.items() if k in self.event_arrivals]
            feed = [self.feed_present[k] - t for k, t in self.feed_created.items() if k in self.feed_present]
            lost_events = len(self.event_commits) - len(handover)
            lost_feed = len(self.feed_created) - len(feed)
        return {"events": len(self.event_commits), "events_late": lost_events, "feed": len(self.feed_created),
                "feed_late": lost_feed, "handover_p50": statistics.median(handover) if handover else float("nan"),
                "handover_p95": percentile(handover, 95), "handover_max": max(handover, default=float("nan")),
                "feed_p50": statistics.median(feed) if feed else float("nan"), "feed_p95": percentile(feed, 95),
                "feed_max": max(feed, default=float("nan")), "connections": connections, "cpu": cpu,
                "runners_share": runners_share,
                "errors": self.errors[:5]}


def main():
    parser = argparse.ArgumentParser(description="The link at scale: many points, one PostgreSQL.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--movements", type=int, default=500, help="stock movements (events) each point sends in the burst")
    parser.add_argument("--steady", type=float, default=60, help="seconds of the steady phase (link_listen = no)")
    parser.add_argument("--listen-points", type=int, default=90)
    parser.add_argument("--listen-seconds", type=float, default=30)
    parser.add_argument("--event-rate", type=float, default=20, help="handover events a second, all points together")
    parser.add_argument("--feed-rate", type=float, default=10, help="feed records a second, all points together")
    parser.add_argument("--jobs", type=int, default=4, help="points set up at a time")
    parser.add_argument("--results")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    for tool in ("psql", "pgbench"):
        if shutil.which(tool) is None:
            sys.exit("bench-link: %s is missing: `make deps` installs the postgresql packages" % tool)

    server = Server()
    stopping = lambda *_: (server.stop(), sys.exit(130))  # noqa: E731
    signal.signal(signal.SIGTERM, stopping)
    signal.signal(signal.SIGINT, stopping)
    try:
        server.start()
        version = server.version()
        print("PostgreSQL %s on 127.0.0.1:%d (max_connections 100), %d points" % (version, server.port, args.points), flush=True)
        admin = server.url()
        run([binary, "central", "setup", "--url", admin], dict(os.environ), "central setup")
        inputs = write_inputs(work, args.movements)
        points = [Point(work, i + 1) for i in range(args.points)]
        began = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(lambda p: setup_point(binary, admin, inputs, p), points))
        setup_seconds = time.monotonic() - began
        print("setup: %d points in %.0f s (%d at a time)" % (len(points), setup_seconds, args.jobs), flush=True)

        b = burst(binary, server, points)
        expected = args.points * args.movements
        print("burst: %d events (expected %d) in %.1f s = %.0f events/s; %d syncs refused and run again (at most %d runs "
              "for a point); point connections max %d (all clients max %d); CPU %.0f %%"
              % (b["events"], expected, b["seconds"], b["rate"], b["refused_runs"], b["max_attempts"],
                 b["connections"]["points_max"], b["connections"]["clients_max"], b["cpu"]), flush=True)
        for reason, count in sorted(b["reasons"].items(), key=lambda x: -x[1])[:3]:
            print("  refused x%d: %s" % (count, reason))
        if b["events"] != expected:
            raise RuntimeError("the centre holds %d new events, not %d" % (b["events"], expected))
        bench_seconds = max(10, int(round(b["seconds"])))
        # pgbench right after the burst and again at the end of the run (the machine's other load
        # moves from minute to minute): the higher of the two is the peer, which can only lower our ratio.
        tps_after = pgbench(server, bench_seconds)
        print("pgbench right after the burst: %.0f single-row INSERT transactions/s (-c 8, %d s); ratio ours / pgbench %.2f"
              % (tps_after, bench_seconds, b["rate"] / tps_after), flush=True)

        s = Steady(binary, server, points, args.steady, args.event_rate, args.feed_rate, "poll").go()
        print("steady, %d points, link_listen = no, poll 1 s, %.0f s: %d events, handover -> centre p50 %.2f s p95 %.2f s "
              "max %.2f s (%d not arrived); %d feed records, feed -> point p50 %.2f s p95 %.2f s max %.2f s (%d not arrived); "
              "point connections max %d median %s; CPU %.0f %%"
              % (len(points), args.steady, s["events"], s["handover_p50"], s["handover_p95"], s["handover_max"], s["events_late"],
                 s["feed"], s["feed_p50"], s["feed_p95"], s["feed_max"], s["feed_late"], s["connections"]["points_max"],
                 s["connections"]["points_median"], s["cpu"]), flush=True)
        print("  the %d link run processes used %.0f %% of the machine's busy time" % (len(points), s["runners_share"]))
        for e in s["errors"]:
            print("  error: " + e)

        listened = None
        if args.listen_points > 0:
            few = points[:args.listen_points]
            for p in few:
                p.write_config(listen=True)
            scale = len(few) / float(len(points))
            listened = Steady(binary, server, few, args.listen_seconds, args.event_rate * scale, args.feed_rate * scale, "listen").go()
            print("listen, %d points, link_listen = yes, %.0f s: %d events, handover -> centre p50 %.2f s p95 %.2f s; "
                  "%d feed records, feed -> point p50 %.2f s p95 %.2f s (%d not arrived); point connections max %d; CPU %.0f %%"
                  % (len(few), args.listen_seconds, listened["events"], listened["handover_p50"], listened["handover_p95"],
                     listened["feed"], listened["feed_p50"], listened["feed_p95"], listened["feed_late"],
                     listened["connections"]["points_max"], listened["cpu"]), flush=True)
            print("  the %d link run processes used %.0f %% of the machine's busy time" % (len(few), listened["runners_share"]))
            for e in listened["errors"]:
                print("  error: " + e)

        tps_end = pgbench(server, bench_seconds)
        tps = max(tps_after, tps_end)
        print("pgbench at the end: %.0f transactions/s; ratio ours / the higher pgbench %.2f" % (tps_end, b["rate"] / tps), flush=True)

        if args.results:
            out = Results("link")
            out.meta(build="release", args="--points %d --movements %d --steady %g --listen-points %d" %
                     (args.points, args.movements, args.steady, args.listen_points),
                     about="%d points on one PostgreSQL %s (max_connections 100), 2 shared cores" % (args.points, version),
                     notes=["burst: %d events in %.1f s, %d refused syncs run again; pgbench %.0f after it, %.0f at the end (the higher is the peer)"
                            % (b["events"], b["seconds"], b["refused_runs"], tps_after, tps_end),
                            "steady: CPU %.0f %% of the machine with %d points polling every second" % (s["cpu"], args.points)])
            out.add("burst: events into the centre, %d points' link sync at once" % args.points, b["rate"], "events/s", "higher",
                    peer="pgbench single-row INSERT, -c 8", peer_value=tps, goal="≥ 0.5 × pgbench", goal_value=0.5, goal_of="ratio")
            out.add("burst: point connections at most", b["connections"]["points_max"], "connections", "lower")
            out.add("steady (%d points, poll 1 s): handover -> centre, p95" % len(points), s["handover_p95"], "s", "lower",
                    goal="≤ 2 s", goal_value=2)
            out.add("steady: feed record -> point's database, p95", s["feed_p95"], "s", "lower", goal="≤ 2 s", goal_value=2)
            out.add("steady: point connections at most", s["connections"]["points_max"], "connections", "lower")
            if listened:
                out.add("listen (%d points): feed record -> point's database, p95" % args.listen_points, listened["feed_p95"], "s",
                        "lower", goal="≤ 2 s", goal_value=2)
            out.write(args.results)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
