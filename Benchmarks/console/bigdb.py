#!/usr/bin/env python3
"""A large pickup point for `make bench-console`: 1 M stock movements, 100 k orders, 50 k tasks,
200 k scans, 50 k products, 5 k tickets, on a database made by `vgk-staff init` (so it is one of
ours, with its pickup-code key) and filled here with plain SQL in one transaction. Two accounts
get secrets through `vgk-staff staff passwd` (LOGIN and SECRET below: whom bench.py logs in as).

The data is plausible rather than exact (pickup codes are random digests; the audit chain holds
only the init row): it is there to give the console's queries their size. Stock is the sum of the
movements, never negative.

Usage: bigdb.py VGK_STAFF_BINARY DATABASE KEYS_DIR [--seed S]
"""
import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time

NOW = int(time.time()) // 60 * 60  # the console runs on the real clock: the data is made around now
# Who bench.py logs in as on the console's login screen (a clerk, with a password), and the
# point's admin who sets that password.
LOGIN, SECRET = "staff01", "bench-clerk-secret"
ADMIN, ADMIN_SECRET = "staff00", "bench-admin-secret"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("database")
    ap.add_argument("keys")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--movements", type=int, default=1_000_000)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--tasks", type=int, default=50_000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    # The login journal beside the database goes too: it counts the secrets set per hour.
    journal = os.path.join(os.path.dirname(os.path.realpath(args.database)), "vgk-staff-logins", "logins.sqlite")
    for path in [args.database + suffix for suffix in ["", "-wal", "-shm", ".lock"]] + [journal + suffix for suffix in ["", "-wal", "-shm"]]:
        if os.path.exists(path):
            os.remove(path)
    env = dict(os.environ, VGK_STAFF_KEYS=args.keys, VGK_STAFF_NOW=str(NOW - 60 * 86400))
    subprocess.run([args.binary, "--db", args.database, "init", "--training", "--point", "DLA-BENCH", "--name", "VGK Bench, Douala"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(args.database)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    point = db.execute("SELECT id FROM points").fetchone()[0]

    staff = []
    for i in range(20):
        role = "supervisor" if i in (3, 11) else "admin" if i == 0 else "clerk"
        db.execute("INSERT INTO staff (login, full_name, role, point_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (f"staff{i:02d}", f"Agent {i:02d} Test", role, point, 1 if i < 18 else 0, NOW - 90 * 86400, NOW - 90 * 86400))
        staff.append(db.execute("SELECT last_insert_rowid()").fetchone()[0])

    shelves = []
    for aisle in "ABCDEFGHIJ":
        for bay in range(1, 11):
            for level in range(1, 5):
                db.execute("INSERT INTO locations (point_id, code, kind) VALUES (?, ?, 'shelf')", (point, f"{aisle}-{bay:02d}-{level}"))
                shelves.append(db.execute("SELECT last_insert_rowid()").fetchone()[0])
    back = db.execute("SELECT id FROM locations WHERE code = 'BACK'").fetchone()[0]
    places = shelves + [back]

    categories = ["Maison", "Mode", "Téléphones", "Accessoires", "Enfants", "Beauté", "Sport", "Informatique"]
    products = 50_000
    db.executemany(
        "INSERT INTO products (id, title, category, price_fcfa, condition, unique_item, low_stock_threshold, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((100_000 + p, f"Article d'occasion n° {p}", rng.choice(categories), rng.randrange(500, 300_000, 500),
          rng.choice(["new", "like_new", "good", "fair"]), 1 if p % 5 else 0, 3 if p % 10 == 0 else None,
          NOW - 120 * 86400, NOW - 120 * 86400) for p in range(products)))
    db.execute("INSERT INTO low_stock_thresholds (point_id, category, threshold) VALUES (?, 'Accessoires', 2)", (point,))

    # The ledger: receipts into shelves, picks and transfers out of what is there.
    stock = {}
    keys = []
    rows = []
    for m in range(args.movements):
        at = NOW - 60 * 86400 + m * (60 * 86400 // args.movements)
        if m % 2 == 0 or not keys:
            product, place = 100_000 + rng.randrange(products), rng.choice(places)
            qty = rng.randint(1, 3)
            if (product, place) not in stock:
                keys.append((product, place))
            stock[(product, place)] = stock.get((product, place), 0) + qty
            rows.append(("RECEIVE", product, qty, None, place, rng.choice(staff), None, at))
        else:
            i = rng.randrange(len(keys))
            product, place = keys[i]
            qty = 1
            stock[(product, place)] -= qty
            if stock[(product, place)] == 0:
                keys[i] = keys[-1]
                keys.pop()
            kind = "PICK" if m % 7 else "DAMAGE"
            rows.append((kind, product, qty, place, None, rng.choice(staff), "cassé au déballage" if kind == "DAMAGE" else None, at))
        if len(rows) == 50_000:
            flush_movements(db, point, rows)
            rows = []
    flush_movements(db, point, rows)
    db.executemany("INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (?, ?, ?, ?)",
                   ((p, l, q, NOW) for (p, l), q in stock.items() if q != 0))

    customers = 60_000
    db.executemany("INSERT INTO customers (id, name, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                   ((30_000 + c, f"Client{c} Nom{c % 997}", f"+2376{c:08d}", NOW - 200 * 86400, NOW - 200 * 86400) for c in range(customers)))
    statuses = ["picked_up"] * 80 + ["returned"] * 5 + ["cancelled"] * 3 + ["ready"] * 4 + ["received"] * 4 + ["expected"] * 4
    orders = []
    items = []
    handovers = []
    for o in range(args.orders):
        oid = 1_000_000 + o
        status = rng.choice(statuses)
        created = NOW - 90 * 86400 + o * (90 * 86400 // args.orders)
        ready = created + 86400 if status in ("ready", "picked_up", "returned") else None
        location = rng.choice(shelves) if status == "ready" else None
        locked = NOW + 600 if status == "ready" and o % 997 == 0 else None
        orders.append((oid, point, 30_000 + rng.randrange(customers), status, os.urandom(32), location, created, (ready or created) + 3600,
                       ready, ready, ready + 7 * 86400 if ready else None, 5 if locked else 0, 5 if locked else 0, locked))
        items.append((oid, 100_000 + rng.randrange(products), f"Article {o}", 1, rng.randrange(500, 100_000, 500)))
        if status == "picked_up":
            handovers.append((oid, rng.choice(staff), "counter-1", ready + rng.randrange(3600, 5 * 86400)))
    db.executemany(
        "INSERT INTO orders (id, point_id, customer_id, status, pickup_code_hmac, location_id, created_at, updated_at, received_at, "
        "ready_at, hold_until, failed_attempts, lifetime_failed_attempts, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", orders)
    db.executemany("INSERT INTO order_items (order_id, product_id, title, quantity, unit_price_fcfa) VALUES (?, ?, ?, ?, ?)", items)
    db.executemany("INSERT INTO handovers (order_id, staff_id, terminal, handed_over_at) VALUES (?, ?, ?, ?)", handovers)

    types = ["STOCK_RECEIVE", "INVENTORY_COUNT", "ORDER_PICKUP", "CUSTOMER_SERVICE", "CLEANING", "REPORTING"]
    slas = {"URGENT": 7200, "HIGH": 28800, "MEDIUM": 86400, "LOW": 172800}
    tasks = []
    for t in range(args.tasks):
        priority = rng.choice(list(slas))
        if t >= args.tasks - 2_000:  # the open ones: most within their SLA, some a little late
            created = NOW - rng.randrange(60, int(slas[priority] * 1.2))
            status = rng.choice(["open", "open", "in_progress", "waiting"])
            closed = None
        else:
            created = NOW - 60 * 86400 + t * (58 * 86400 // args.tasks)
            status = "done" if t % 20 else "cancelled"
            closed = created + rng.randrange(600, slas[priority] * 2)
        tasks.append((point, rng.choice(types), priority, status, f"Tâche {t} : {rng.choice(['colis', 'étagère', 'client', 'rapport'])}",
                      rng.choice(staff) if t % 3 else None, created, slas[priority], 0,
                      created + 600 if status == "waiting" else None, "customer" if status == "waiting" else None,
                      created + 60 if status != "open" else None, closed, "doublon" if status == "cancelled" else None))
    db.executemany(
        "INSERT INTO tasks (point_id, type, priority, status, title, assignee_id, created_at, sla_seconds, paused_seconds, "
        "waiting_since, waiting_reason, started_at, closed_at, cancel_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tasks)

    outcomes = ["verified"] * 6 + ["code_refused"] * 2 + ["shown"] * 2 + ["no_code", "duplicate", "already_picked_up", "locked", "rejected"]
    scans = []
    for s in range(200_000):
        outcome = rng.choice(outcomes)
        oid = 1_000_000 + rng.randrange(args.orders)
        kind = None if outcome in ("no_code", "duplicate", "rejected") else "product" if outcome == "shown" else "order"
        payload = None if kind is None else f"PRODUCT:{100_000 + rng.randrange(products)}" if kind == "product" else f"ORDER:{oid}:***"
        scans.append((point, rng.choice(["camera", "scanner"]), f"IMG_{s:06d}.jpg" if s % 2 else None, payload, kind, outcome,
                      None, oid if kind == "order" and outcome != "code_refused" else None, rng.choice(staff), "counter-1",
                      NOW - 60 * 86400 + s * (60 * 86400 // 200_000)))
    db.executemany(
        "INSERT INTO scans (point_id, source, file_name, payload, kind, outcome, reason, order_id, staff_id, terminal, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", scans)

    for t in range(5_000):
        status = rng.choice(["new", "open", "waiting_customer", "resolved", "closed", "closed", "closed"])
        created = NOW - rng.randrange(3600, 60 * 86400)
        db.execute(
            "INSERT INTO tickets (point_id, customer_id, order_id, category, priority, status, assignee_id, subject, created_at, closed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (point, 30_000 + rng.randrange(customers), 1_000_000 + rng.randrange(args.orders),
             rng.choice(["missing_item", "damaged", "wrong_item", "late", "payment_refund", "other"]), rng.choice(list(slas)), status,
             rng.choice(staff), f"Réclamation {t}", created, created + 86400 if status == "closed" else None))
        ticket = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        db.execute("INSERT INTO ticket_messages (ticket_id, direction, channel, body, created_at) VALUES (?, 'in', 'counter', ?, ?)",
                   (ticket, "Bonjour, j'ai un problème avec ma commande.", created))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    # The secrets, through the program (no admin can log in yet, so the admin's needs no other).
    cli = dict(os.environ, VGK_STAFF_KEYS=args.keys)
    for argv, secrets in [(["staff", "passwd", ADMIN], [ADMIN_SECRET]),
                          (["staff", "passwd", LOGIN, "--staff", ADMIN], [ADMIN_SECRET, SECRET])]:
        subprocess.run([args.binary, "--db", args.database] + argv, input="".join(x + "\n" for x in secrets), text=True,
                       check=True, env=cli, stdout=subprocess.DEVNULL)
    print("bigdb.py: %s in %.0f s (%.0f MB)" % (args.database, time.time() - started, os.path.getsize(args.database) / 1e6), file=sys.stderr)


def flush_movements(db, point, rows):
    db.executemany(
        "INSERT INTO movements (point_id, type, product_id, quantity, from_location_id, to_location_id, staff_id, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ((point,) + r for r in rows))


if __name__ == "__main__":
    main()
