#!/usr/bin/env python3
"""Example import files (documentation and test inputs for `vgk-staff import ...`).

Writes products.csv, products.json, staff.csv, staff.json (JSON Lines), orders.csv and
orders.json next to this script, in the formats of ../FORMATS.md, then checks them with the
checker in ../demo/generate.py. Standard library only; the data is fixed, so every run writes
byte-identical files.

Ids do not collide between files of the same kind (products 7000xx in CSV, 90000000x in JSON;
orders 205000x; customers 3000x), nor with the demo data. The orders reference products.csv,
so import products.csv first.
"""
import csv
import importlib.util
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PRODUCTS_CSV = [
    # id, title, category, price_fcfa, condition ("" = absent, default good), unique_item, low_stock_threshold
    (700001, "Samsung Galaxy A15 128 Go – très bon état", "Téléphones", 82000, "good", "true", ""),
    (700002, "Pagne wax Vlisco, 6 yards", "Vêtements", 30000, "like_new", "true", ""),
    (700003, "Ventilateur sur pied Binatone", "Électroménager", 15000, "good", "true", ""),
    (700004, "Chargeur Tecno 18 W", "Téléphones", 3000, "new", "false", 5),
    (700005, "Annales du BEPC 2025", "Livres", 3500, "fair", "true", ""),
    (700006, "Mixeur Moulinex bol en verre", "Cuisine", 20000, "", "true", ""),
    (700007, "Nike Air Force 1 pointure 42", "Chaussures", 32000, "good", "true", ""),
    (700008, "Poussette Chicco Liteway", "Bébé", 35000, "like_new", "true", ""),
]

PRODUCTS_JSON = [
    {"id": 900000001, "title": "Infinix Hot 40i 128 Go", "category": "Téléphones", "price_fcfa": 68000,
     "condition": "like_new", "unique_item": True},
    {"id": 900000002, "title": "Robe en wax taille M", "category": "Vêtements", "price_fcfa": 14000,
     "condition": "good", "unique_item": True},
    {"id": 900000003, "title": "Fer à repasser Philips", "category": "Électroménager", "price_fcfa": 9500,
     "condition": "fair", "unique_item": True},
    {"id": 900000004, "title": "Cahiers 100 pages (lot de 5)", "category": "Livres", "price_fcfa": 2500,
     "condition": "new", "unique_item": False, "low_stock_threshold": 10},
    {"id": 900000005, "title": "Chaise haute en bois", "category": "Bébé", "price_fcfa": 18000,
     "unique_item": True},
]

STAFF_CSV = [
    ("paul.ngue", "Paul Ngué", "clerk", "true"),
    ("f.abessolo", "Florence Abessolo", "clerk", "true"),
    ("r.tabi", "Roger Tabi", "supervisor", "true"),
]

STAFF_JSONL = [
    {"login": "nadia.b", "full_name": "Nadia Bilong", "role": "admin", "active": True},
    {"login": "g.mouafo", "full_name": "Guy Mouafo", "role": "clerk", "active": False},
]

ORDER_COLUMNS = ["order_id", "customer_id", "customer_name", "customer_phone", "pickup_code", "status", "shelf",
                 "created_at", "updated_at", "product_id", "title", "quantity", "unit_price_fcfa"]
ORDERS_CSV = [
    # one row per item; the two rows of 2050001 agree on every order-level column
    (2050001, 30001, "Bertrand Ngando", "+237677452310", "K7M2Q9TX", "ready", "A-02-1",
     "2026-11-17T14:20:00+01:00", "2026-11-18T10:05:00+01:00", 700001, "Samsung Galaxy A15 128 Go – très bon état", 1, 82000),
    (2050001, 30001, "Bertrand Ngando", "+237677452310", "K7M2Q9TX", "ready", "A-02-1",
     "2026-11-17T14:20:00+01:00", "2026-11-18T10:05:00+01:00", 700004, "Chargeur Tecno 18 W", 2, 3000),
    (2050002, 30002, "Solange Mbarga Ateba", "+237699018844", "3HWZ8RNB", "received", "",
     "2026-11-18T19:45:00+01:00", "2026-11-19T09:30:00+01:00", 700002, "Pagne wax Vlisco, 6 yards", 1, 30000),
    (2050003, 30003, "Kevin Fon", "+237650772913", "P4TC6YEA", "expected", "",
     "2026-11-19T21:10:00+01:00", "", 700005, "Annales du BEPC 2025", 1, 3500),
]

ORDERS_JSON = [
    {"order_id": 2050004, "customer_id": 30004, "customer_name": "Mireille Ndzana", "customer_phone": "+237696330127",
     "pickup_code": "QX5N2D8L", "status": "expected", "created_at": "2026-11-19T08:40:00+01:00",
     "items": [{"product_id": 700006, "title": "Mixeur Moulinex bol en verre", "quantity": 1, "unit_price_fcfa": 20000}]},
    {"order_id": 2050005, "customer_id": 30005, "customer_name": "Emmanuel Tchakounté", "customer_phone": "+237682144905",
     "pickup_code": "9RB4VHMF", "status": "ready", "shelf": "A-03-2", "created_at": "2026-11-16T11:25:00+01:00",
     "updated_at": "2026-11-17T15:50:00+01:00",
     "items": [{"product_id": 700007, "title": "Nike Air Force 1 pointure 42", "quantity": 1, "unit_price_fcfa": 32000},
               {"product_id": 700008, "title": "Poussette Chicco Liteway", "quantity": 1, "unit_price_fcfa": 35000}]},
]


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_text(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def generate():
    write_csv("products.csv",
              ["id", "title", "category", "price_fcfa", "condition", "unique_item", "low_stock_threshold"],
              PRODUCTS_CSV)
    write_text("products.json", json.dumps(PRODUCTS_JSON, ensure_ascii=False, indent=2) + "\n")
    write_csv("staff.csv", ["login", "full_name", "role", "active"], STAFF_CSV)
    write_text("staff.json", "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in STAFF_JSONL))
    write_csv("orders.csv", ORDER_COLUMNS, ORDERS_CSV)
    write_text("orders.json", json.dumps(ORDERS_JSON, ensure_ascii=False, indent=2) + "\n")


def load_checker():
    sys.dont_write_bytecode = True
    path = os.path.join(os.path.dirname(HERE), "demo", "generate.py")
    spec = importlib.util.spec_from_file_location("vgk_demo_generate", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        generate()
    sys.exit(0 if load_checker().run_checks(demo=False, imports=True) else 1)
