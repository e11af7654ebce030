#!/usr/bin/env python3
"""Demo data for the VGK Staff Console (pickup point, Douala).

Writes products.csv, staff.csv, orders.json, stock.csv, tasks.csv and tickets.json next to this
script, then re-reads every file and checks it against ../FORMATS.md and the demo rules. The
checker also validates the example import files in ../import/ when they exist.

Standard library only. The random seed is fixed and "now" is the demo reference time
2026-11-20T12:00:00+01:00, so every run writes byte-identical files.

    python3 generate.py            generate, then check
    python3 generate.py --check    check only
"""
import csv
import io
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
IMPORT_DIR = os.path.join(os.path.dirname(HERE), "import")
TZ = timezone(timedelta(hours=1))  # Africa/Douala, UTC+1 all year
NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=TZ)
SEED = 20261120
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
HOLD = 7 * DAY  # hold period of a ready parcel
SLA_HOURS = {"URGENT": 2, "HIGH": 8, "MEDIUM": 24, "LOW": 48}

# Vocabularies (FORMATS.md)
CONDITIONS = ["new", "like_new", "good", "fair"]
ROLES = ["clerk", "supervisor", "admin"]
ORDER_STATUSES = ["expected", "received", "ready", "picked_up", "returned", "cancelled"]
TASK_TYPES = ["STOCK_RECEIVE", "INVENTORY_COUNT", "ORDER_PICKUP", "CUSTOMER_SERVICE", "CLEANING", "REPORTING"]
PRIORITIES = ["URGENT", "HIGH", "MEDIUM", "LOW"]
TASK_STATUSES = ["open", "in_progress", "waiting", "done", "cancelled"]
WAITING_REASONS = ["customer", "supplier", "other_staff"]
TICKET_CATEGORIES = ["missing_item", "damaged", "wrong_item", "late", "payment_refund", "other"]
TICKET_STATUSES = ["new", "open", "waiting_customer", "resolved", "closed"]
DIRECTIONS = ["in", "out", "note"]
CHANNELS = ["counter", "phone", "sms", "whatsapp", "email"]
BOOL_SPELLINGS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False,
                  "oui": True, "non": False}
CATEGORIES = ["Téléphones", "Vêtements", "Chaussures", "Cuisine", "Électroménager", "Livres", "Bébé",
              "Maison", "Outils", "Informatique"]

PRODUCT_COLUMNS = ["id", "title", "category", "price_fcfa", "condition", "unique_item", "low_stock_threshold"]
STAFF_COLUMNS = ["login", "full_name", "role", "active"]
ORDER_LEVEL = ["order_id", "customer_id", "customer_name", "customer_phone", "pickup_code", "status", "shelf",
               "created_at", "updated_at", "handed_over_by"]
ITEM_KEYS = ["product_id", "title", "quantity", "unit_price_fcfa"]
STOCK_COLUMNS = ["product_id", "location", "quantity", "received_at"]
TASK_COLUMNS = ["type", "priority", "status", "title", "created_at", "assignee", "order_id", "product_id",
                "waiting_reason", "closed_at", "cancel_reason"]
TICKET_KEYS = ["customer_id", "order_id", "category", "priority", "status", "assignee", "subject", "created_at",
               "rating", "messages"]
MESSAGE_KEYS = ["direction", "channel", "staff", "at", "body"]


def iso(dt):
    return dt.astimezone(TZ).replace(microsecond=0).isoformat()


def minutes_ago(m):
    return NOW - timedelta(minutes=m)


def round500(x):
    return int(round(x / 500.0)) * 500


def fcfa(n):
    return "{:,}".format(n).replace(",", " ")


# --------------------------------------------------------------------------------------------
# Source data
# --------------------------------------------------------------------------------------------

# (title, category, typical second-hand price in FCFA)
UNIQUE_PRODUCTS = [
    # Téléphones
    ("Tecno Spark 10 Pro 128 Go noir – très bon état", "Téléphones", 65000),
    ("Tecno Camon 20 256GB blue with box", "Téléphones", 98000),
    ("Tecno Pop 7 32 Go", "Téléphones", 36000),
    ("Tecno Spark Go 2023 – écran légèrement rayé", "Téléphones", 30000),
    ("Tecno Pova 5 8/128 Go", "Téléphones", 88000),
    ("Tecno Camon 19 Neo vert", "Téléphones", 72000),
    ("Itel A70 64 Go double SIM", "Téléphones", 39000),
    ("Itel P40 – batterie 6000 mAh", "Téléphones", 47000),
    ("Itel S23 8GB RAM like new", "Téléphones", 62000),
    ("Itel it2163 téléphone à touches", "Téléphones", 7500),
    ("Infinix Hot 30i 128 Go", "Téléphones", 57000),
    ("Infinix Hot 40 Pro 256GB", "Téléphones", 92000),
    ("Infinix Note 30 avec chargeur d'origine", "Téléphones", 99000),
    ("Infinix Smart 7 64 Go", "Téléphones", 44000),
    ("Infinix Zero 30 5G 256 Go", "Téléphones", 168000),
    ("Samsung Galaxy A14 64 Go bleu", "Téléphones", 76000),
    ("Samsung Galaxy A24 128GB black", "Téléphones", 105000),
    ("Samsung Galaxy A54 5G 128 Go", "Téléphones", 185000),
    ("Samsung Galaxy S21 128 Go débloqué", "Téléphones", 198000),
    ("Samsung Galaxy A03 Core 32 Go", "Téléphones", 38000),
    ("Samsung Galaxy Note 10+ 256GB – small scratch on back", "Téléphones", 172000),
    ("Tablette Samsung Galaxy Tab A8 32 Go", "Téléphones", 112000),
    ("iPhone 11 64 Go – batterie 86 %", "Téléphones", 215000),
    ("iPhone XR 128GB red", "Téléphones", 152000),
    ("Nokia 105 avec radio FM", "Téléphones", 9000),
    ("Xiaomi Redmi Note 12 128 Go", "Téléphones", 96000),
    # Vêtements
    ("Pagne wax Vlisco 6 yards motif éventail", "Vêtements", 32000),
    ("Pagne wax hollandais 6 yards – jamais cousu", "Vêtements", 25000),
    ("Robe en wax taille M à manches bouffantes", "Vêtements", 15000),
    ("Wax print maxi dress size L", "Vêtements", 18000),
    ("Robe kaba ngondo brodée taille unique", "Vêtements", 22000),
    ("Jean Levi's 501 taille 32", "Vêtements", 12000),
    ("Men's slim jeans W34 L32", "Vêtements", 9000),
    ("Chemise en pagne homme taille L", "Vêtements", 11000),
    ("Ensemble boubou en bazin blanc homme", "Vêtements", 35000),
    ("Maillot Lions Indomptables 2022 taille M", "Vêtements", 14000),
    ("Veste en jean délavée taille S", "Vêtements", 10000),
    ("Leather jacket men size XL", "Vêtements", 28000),
    ("Costume homme gris 3 pièces taille 50", "Vêtements", 45000),
    ("Jupe crayon en wax taille 38", "Vêtements", 8000),
    ("Uniforme scolaire chemise + short 10 ans", "Vêtements", 5000),
    ("Robe de soirée noire à paillettes taille 40", "Vêtements", 24000),
    ("Toghu embroidered top size M", "Vêtements", 30000),
    ("Foulard de tête en wax assorti", "Vêtements", 3000),
    ("Survêtement Adidas bleu marine taille L", "Vêtements", 17000),
    ("Polo Lacoste blanc taille M", "Vêtements", 13000),
    ("Kids' school sweater navy size 8", "Vêtements", 4000),
    ("Robe de mariée taille 38 avec voile", "Vêtements", 120000),
    ("Manteau femme taille 42 (retour d'Europe)", "Vêtements", 20000),
    ("Pantalon chino beige taille 40", "Vêtements", 8500),
    ("Robe d'enfant en pagne 4 ans", "Vêtements", 6000),
    ("Blouse en dentelle blanche taille M", "Vêtements", 9500),
    ("Sac à main en cuir marron", "Vêtements", 16000),
    # Chaussures
    ("Nike Air Force 1 blanches pointure 42", "Chaussures", 35000),
    ("Adidas Stan Smith size 40", "Chaussures", 28000),
    ("Sandales en cuir faites main pointure 41", "Chaussures", 9000),
    ("Babouches brodées pointure 43", "Chaussures", 7000),
    ("Escarpins noirs pointure 38", "Chaussures", 12000),
    ("Converse Chuck Taylor high top size 39", "Chaussures", 18000),
    ("Bottes de pluie enfant pointure 30", "Chaussures", 5500),
    ("Crocs classiques pointure 42", "Chaussures", 11000),
    ("Chaussures de sécurité pointure 43", "Chaussures", 16000),
    ("Mocassins en daim marron pointure 44", "Chaussures", 14000),
    ("Nike Air Max 90 size 43", "Chaussures", 40000),
    ("Ballerines dorées fille pointure 32", "Chaussures", 4500),
    ("Chaussures de foot à crampons Puma 41", "Chaussures", 15000),
    ("Men's leather derby shoes size 45", "Chaussures", 22000),
    # Cuisine
    ("Marmite en aluminium, 10 litres", "Cuisine", 12000),
    ("Cocotte-minute SEB 8 L", "Cuisine", 28000),
    ("Mixeur Moulinex avec moulin à épices", "Cuisine", 22000),
    ("Mortier et pilon en bois", "Cuisine", 6000),
    ("Réchaud à gaz 2 feux", "Cuisine", 18000),
    ("Set de 6 assiettes en porcelaine", "Cuisine", 9000),
    ("Lot de 3 casseroles en inox", "Cuisine", 15000),
    ("Poêle Tefal 28 cm", "Cuisine", 8000),
    ("Thermos 2 litres fleuri", "Cuisine", 5500),
    ("Glacière Coleman 40 L", "Cuisine", 26000),
    ("Cafetière italienne 6 tasses", "Cuisine", 7000),
    ("Service à thé en céramique 12 pièces", "Cuisine", 14000),
    ("Binatone blender 1.5 L glass jar", "Cuisine", 21000),
    ("Couscoussier 2 étages", "Cuisine", 11000),
    ("Planche à découper en cœur d'iroko", "Cuisine", 4500),
    ("Faitout en fonte 6 L", "Cuisine", 19000),
    ("Râpe à manioc manuelle", "Cuisine", 4000),
    ("Cast iron frying pan 30 cm", "Cuisine", 12500),
    # Électroménager
    ("Ventilateur sur pied Binatone 16 pouces", "Électroménager", 17000),
    ("Fer à repasser vapeur Philips", "Électroménager", 11000),
    ("Radio FM Sonitec à piles", "Électroménager", 6000),
    ("Poste radio-cassette Panasonic vintage", "Électroménager", 14000),
    ('Télévision Samsung 32" LED', "Électroménager", 85000),
    ("Réfrigérateur Hisense 120 L", "Électroménager", 145000),
    ("Congélateur coffre Innova 200 L", "Électroménager", 175000),
    ("Bouilloire électrique Kenwood", "Électroménager", 9000),
    ("Micro-ondes LG 20 L", "Électroménager", 42000),
    ("Décodeur Canal+ avec télécommande", "Électroménager", 15000),
    ("Climatiseur split Midea 1 CV", "Électroménager", 160000),
    ("Stabilisateur de tension 1000 VA", "Électroménager", 21000),
    ("Lampe rechargeable solaire", "Électroménager", 7500),
    ("Rice cooker Saachi 1.8 L", "Électroménager", 16000),
    ("Sèche-cheveux Babyliss", "Électroménager", 10000),
    ("Tondeuse à cheveux Kemei", "Électroménager", 8000),
    ("Machine à laver Hisense 7 kg", "Électroménager", 155000),
    ("JBL Flip 5 Bluetooth speaker", "Électroménager", 45000),
    ("Home cinéma Sony 5.1", "Électroménager", 95000),
    ("Table fan 12 inch 3 speeds", "Électroménager", 9500),
    ("Plaque chauffante électrique 1 feu", "Électroménager", 8500),
    # Livres
    ("Le Cours de Maths 6e (programme camerounais)", "Livres", 3500),
    ("Majors in Mathematics Form 1", "Livres", 4000),
    ("Mon livre de français CE2", "Livres", 2500),
    ("Excellence in English Form 3", "Livres", 4500),
    ("Physique-Chimie 3e – collection Majors", "Livres", 4000),
    ("Une vie de boy – Ferdinand Oyono", "Livres", 2500),
    ("Ville cruelle – Mongo Beti", "Livres", 3000),
    ("Things Fall Apart – Chinua Achebe", "Livres", 3500),
    ("Les Misérables tome 1 – Victor Hugo", "Livres", 4000),
    ("L'Enfant noir – Camara Laye", "Livres", 2500),
    ("Dictionnaire Larousse de poche 2020", "Livres", 5000),
    ("Oxford Advanced Learner's Dictionary 9th edition", "Livres", 9000),
    ("GCE O Level Biology past questions", "Livres", 3000),
    ("Annales du BEPC toutes matières", "Livres", 3500),
    ("Annales du Probatoire série C", "Livres", 4000),
    ("Bescherelle : la conjugaison pour tous", "Livres", 4500),
    ("Le Petit Prince – Saint-Exupéry", "Livres", 2000),
    ("Histoire-Géographie 4e – manuel de l'élève", "Livres", 3500),
    ("Primary English Pupil's Book 5", "Livres", 3000),
    ("Cahier d'activités de mathématiques CM1", "Livres", 2000),
    ("Œuvres complètes de Molière tome 2", "Livres", 6000),
    ("English for Cameroon Form 2 workbook", "Livres", 3000),
    # Bébé
    ("Poussette Chicco pliable", "Bébé", 38000),
    ("Siège auto bébé 0-13 kg", "Bébé", 25000),
    ("Lit parapluie avec matelas", "Bébé", 22000),
    ("Chaise haute en bois", "Bébé", 18000),
    ("Porte-bébé ergonomique", "Bébé", 12000),
    ("Baignoire bébé avec support", "Bébé", 8000),
    ("Lot de 10 bodies 0-3 mois", "Bébé", 6000),
    ("Parc bébé pliant", "Bébé", 20000),
    ("Trotteur musical", "Bébé", 11000),
    ("Baby monitor with camera", "Bébé", 24000),
    ("Tapis d'éveil Fisher-Price", "Bébé", 9500),
    ("Stérilisateur à biberons Philips Avent", "Bébé", 16000),
    ("Berceau en rotin", "Bébé", 27000),
    ("Sac à langer noir", "Bébé", 7500),
    # Maison
    ("Canapé 3 places en simili cuir", "Maison", 120000),
    ("Table basse en bois d'iroko", "Maison", 45000),
    ("Lot de 4 chaises en plastique", "Maison", 14000),
    ("Matelas Vitafoam 2 places 15 cm", "Maison", 65000),
    ("Armoire 2 portes en contreplaqué", "Maison", 55000),
    ("Lit en bois 160 x 200", "Maison", 85000),
    ("Bureau d'écolier avec chaise", "Maison", 25000),
    ("Étagère murale 3 niveaux", "Maison", 12000),
    ("Miroir sur pied", "Maison", 18000),
    ("Rideaux occultants (la paire)", "Maison", 9000),
    ("Tapis de salon 2 x 3 m", "Maison", 22000),
    ("Buffet de cuisine vitré", "Maison", 70000),
    ("Table à manger 6 places", "Maison", 95000),
    ("Fauteuil en rotin", "Maison", 28000),
    ("Lampe de chevet en céramique", "Maison", 6500),
    ("Wooden bookshelf 5 levels", "Maison", 35000),
    ("Coussins en wax (lot de 4)", "Maison", 8000),
    ("Horloge murale vintage", "Maison", 5500),
    ("Plastic water tank 500 L", "Maison", 48000),
    # Outils
    ("Perceuse à percussion Bosch", "Outils", 38000),
    ("Meuleuse d'angle Makita 125 mm", "Outils", 42000),
    ("Boîte à outils complète 82 pièces", "Outils", 30000),
    ("Groupe électrogène Firman 2800 W", "Outils", 240000),
    ("Scie circulaire Black+Decker", "Outils", 45000),
    ("Brouette renforcée", "Outils", 25000),
    ("Échelle en aluminium 3 m", "Outils", 35000),
    ("Clé à molette 30 cm", "Outils", 4000),
    ("Niveau à bulle 60 cm", "Outils", 3500),
    ("Multimètre numérique", "Outils", 9000),
    ("Compresseur d'air 24 L", "Outils", 85000),
    ("Kärcher pressure washer K2", "Outils", 65000),
    ("Motopompe 2 pouces", "Outils", 110000),
    ("Cordless drill Makita 18V with 2 batteries", "Outils", 58000),
    # Informatique
    ("HP EliteBook 840 G3 i5 8 Go 256 Go SSD", "Informatique", 145000),
    ("Lenovo ThinkPad T470 i5 – clavier AZERTY", "Informatique", 155000),
    ("Dell Latitude E7450 i7 16GB", "Informatique", 175000),
    ("MacBook Air 2017 13 pouces", "Informatique", 265000),
    ("MacBook Pro 2019 16 pouces i7", "Informatique", 335000),
    ("Imprimante HP DeskJet 2710", "Informatique", 35000),
    ("Souris sans fil Logitech", "Informatique", 6000),
    ("Écran Dell 22 pouces", "Informatique", 50000),
    ("Routeur 4G Huawei B310", "Informatique", 30000),
    ("Onduleur APC 650 VA", "Informatique", 38000),
    ("Disque dur externe 1 To", "Informatique", 28000),
    ("Tablette Lenovo Tab M10", "Informatique", 75000),
    ("Laptop bag 15.6 inch", "Informatique", 9000),
    ("Vidéoprojecteur Epson", "Informatique", 120000),
]

# Counted goods: (title, category, price, low_stock_threshold). Always new.
COUNTED_PRODUCTS = [
    ("Pack de 4 piles AA Energizer", "Maison", 2000, 10),
    ("Pack of 4 AAA batteries Duracell", "Maison", 2500, 8),
    ("Chargeur Tecno 18 W", "Téléphones", 3000, 6),
    ("Chargeur rapide Samsung 25 W USB-C", "Téléphones", 7000, 4),
    ("Câble USB-C 1 m", "Téléphones", 1500, 10),
    ("Câble micro-USB 1 m", "Téléphones", 1500, 8),
    ("Écouteurs filaires Itel", "Téléphones", 2000, 6),
    ("Protection d'écran en verre trempé", "Téléphones", 1500, 10),
    ("Coque silicone Infinix Hot 30", "Téléphones", 2000, 5),
    ("Cahiers 100 pages (lot de 5)", "Livres", 2500, 10),
    ("Exercise books 200 pages (pack of 10)", "Livres", 5000, 6),
    ("Stylos Bic bleus (boîte de 50)", "Livres", 4500, 4),
    ("Clé USB SanDisk 32 Go", "Informatique", 4000, 5),
    ("Souris USB filaire", "Informatique", 2500, 4),
    ("Carte microSD 16 Go", "Informatique", 3500, 5),
    ("Ampoule LED 12 W", "Maison", 1500, 10),
    ("Multiprise 4 prises avec interrupteur", "Électroménager", 4500, 4),
    ("Couches Pampers taille 3 (paquet de 40)", "Bébé", 6500, 5),
    ("Rallonge électrique 5 m", "Outils", 3500, 3),
    ("Ruban adhésif isolant (lot de 10)", "Outils", 2000, 3),
]

STAFF = [
    ("amina.n", "Amina Njoya", "clerk"),
    ("jp.mbarga", "Jean-Pierre Mbarga", "clerk"),
    ("brice.k", "Brice Kamga", "clerk"),
    ("solange.e", "Solange Ekambi", "supervisor"),
    ("herve.n", "Hervé Nkeng", "admin"),
]
CLERKS = [s[0] for s in STAFF if s[2] == "clerk"]

CUSTOMER_NAMES = [
    "Marie-Claire Ngo Bassa", "Serge Fotso", "Aïcha Tchoupo", "Wilfried Mbappé", "Prisca Abena",
    "Junior Ekwalla", "Christelle Nkoulou", "Désiré Essomba", "Gaëlle Kamdem", "Rodrigue Djoumessi",
    "Félicité Ebongue", "Armel Mbida", "Laure Onana", "Patrice Atangana", "Sandrine Ndjock",
    "Boris Eyenga", "Thérèse Moukouri", "Franck Tchinda", "Nadège Wandji", "Yannick Fouda",
    "Josiane Biyong", "Cédric Ngono", "Viviane Mvondo", "Landry Etoa", "Estelle Kotto",
    "Arnaud Doumbè", "Léonie Epée", "Steve Ndoumbè", "Carine Njanga", "Ulrich Tsafack",
    "Mireille Yimga", "Hermann Zambo", "Rosine Ayissi", "Blaise Belinga", "Chantal Owona",
    "Gervais Nlend", "Brenda Tagne", "Martial Feudjio", "Hortense Kuete", "Loïc Simo",
    "Paulette Nguemo", "Ibrahim Mefire", "Rachel Kingue", "Eric Dikongue", "Adèle Sende",
]

PICKUP_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O

# Ages in hours (created_at = NOW - age) per status; minutes are added at random.
EXPECTED_AGES = [1.5, 3, 8, 15, 26, 40, 55, 75, 96, 118]
RECEIVED_AGES = [5, 9, 14, 22, 31, 44, 60, 80, 110, 140]
# Ready: a few hours to 9 days; the last four are past the 7-day hold however it is measured.
READY_AGES = [4, 6, 9, 20, 28, 35, 47, 55, 70, 80, 96, 110, 125, 140, 150, 158, 184, 194, 205, 214]


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

def build_products(rng):
    rows = []
    for title, cat, base in UNIQUE_PRODUCTS:
        price = min(350000, max(1500, round500(base * rng.uniform(0.92, 1.08))))
        cond = rng.choices(CONDITIONS, weights=[8, 22, 50, 20])[0]
        rows.append({"title": title, "category": cat, "price_fcfa": price, "condition": cond,
                     "unique_item": True, "low_stock_threshold": None})
    for title, cat, price, thr in COUNTED_PRODUCTS:
        rows.append({"title": title, "category": cat, "price_fcfa": price, "condition": "new",
                     "unique_item": False, "low_stock_threshold": thr})
    rng.shuffle(rows)
    for i, r in enumerate(rows):
        r["id"] = 100001 + i
    return rows


def build_customers(rng):
    phones = set()
    customers = []
    for i, name in enumerate(CUSTOMER_NAMES):
        while True:
            phone = "+2376" + rng.choice("5789") + "".join(rng.choice("0123456789") for _ in range(7))
            if phone not in phones:
                phones.add(phone)
                break
        customers.append({"id": 20001 + i, "name": name, "phone": phone})
    return customers


OPEN_HOURS = (8 * 60, 18 * 60 + 30)  # the counter: 08:00-18:30
ONLINE_HOURS = (6 * 60, 23 * 60)  # when buyers order or cancel on the marketplace


def snap(dt, lo, hi, hours=OPEN_HOURS):
    """dt moved into the daily window `hours` (minutes of the day) while staying in [lo, hi]:
    the nearest opening or closing of the window on either side; dt itself if none fits."""
    start, end = hours
    m = dt.hour * 60 + dt.minute
    if start <= m <= end:
        return dt
    day = dt.replace(hour=0, minute=0, second=0)
    j = (dt.minute * 7 + dt.hour * 31) % min(150, end - start)  # spread snapped times over the window
    if m < start:
        cands = [day + timedelta(minutes=start + j), day - DAY + timedelta(minutes=end - j)]
        cands += [day + timedelta(minutes=start), day - DAY + timedelta(minutes=end)]
    else:
        cands = [day + timedelta(minutes=end - j), day + DAY + timedelta(minutes=start + j)]
        cands += [day + timedelta(minutes=end), day + DAY + timedelta(minutes=start)]
    for c in cands:
        if lo <= c <= hi:
            return c
    return dt


def in_window(dt, hours):
    m = dt.astimezone(TZ).hour * 60 + dt.astimezone(TZ).minute
    return hours[0] <= m <= hours[1]


def order_times(rng, status, k):
    """(created, updated or None) for the k-th order of a status. created_at falls in the hours
    buyers shop online; every change made at the counter falls in opening hours."""
    def created_at(age_minutes):
        c = minutes_ago(age_minutes)
        return snap(c, NOW - 10 * DAY + HOUR, NOW - HOUR, ONLINE_HOURS)

    def later(created, lo_min, hi_min, hours=OPEN_HOURS, cap=NOW - 30 * timedelta(minutes=1)):
        lo = created + timedelta(minutes=lo_min)
        hi = min(created + timedelta(minutes=hi_min), cap)
        return snap(lo + timedelta(minutes=rng.randint(0, max(0, int((hi - lo).total_seconds() // 60)))), lo, hi, hours)

    jitter = rng.randint(0, 50)
    if status == "expected":
        return created_at(int(EXPECTED_AGES[k] * 60) + jitter), None
    if status == "received":
        created = created_at(RECEIVED_AGES[k] * 60 + jitter)
        return created, later(created, 60, 10 * 24 * 60)
    if status == "ready":
        created = created_at(READY_AGES[k] * 60 + jitter)
        if NOW - created > HOLD + 2 * HOUR:  # past hold: the ready time is past hold as well
            return created, later(created, 60, 14 * 60, cap=NOW - HOLD - HOUR)
        return created, later(created, 60, 30 * 60)
    if status == "picked_up":
        created = created_at(rng.randint(30 * 60, 238 * 60))
        return created, later(created, 10 * 60, 7 * 24 * 60, cap=NOW - HOUR)
    if status == "returned":
        if k < 3:  # not collected within the hold period, sent back to the seller
            created = created_at(rng.randint(218 * 60, 238 * 60))
            return created, later(created, 193 * 60, 229 * 60)
        # refused by the buyer at the counter, sent back to the seller
        created = created_at(rng.randint(70 * 60, 200 * 60))
        return created, later(created, 26 * 60, 60 * 60)
    if status == "cancelled":
        created = created_at(rng.randint(10 * 60, 230 * 60))
        return created, later(created, 30, 20 * 60, hours=ONLINE_HOURS)
    raise ValueError(status)


def build_orders(rng, products, customers):
    plan = [("expected", 10), ("received", 10), ("ready", 20), ("picked_up", 12), ("returned", 5),
            ("cancelled", 3)]
    orders = []
    for status, n in plan:
        for k in range(n):
            created, updated = order_times(rng, status, k)
            orders.append({"status": status, "created": created, "updated": updated})
    orders.sort(key=lambda o: o["created"])
    for i, o in enumerate(orders):
        o["order_id"] = 1040001 + i

    # Customers: everyone orders once, fifteen order twice or more.
    who = list(range(len(customers))) + [rng.randrange(len(customers)) for _ in range(len(orders) - len(customers))]
    rng.shuffle(who)
    codes = set()
    for o, c in zip(orders, who):
        o["customer"] = customers[c]
        while True:
            code = "".join(rng.choice(PICKUP_ALPHABET) for _ in range(8))
            if code not in codes:
                codes.add(code)
                break
        o["pickup_code"] = code

    # Shelves: each ready parcel has its own slot in rows A-B; half the received ones wait in BACK.
    slots = ["%s-%02d-%d" % (r, b, l) for r in "AB" for b in range(1, 7) for l in range(1, 4)]
    ready = [o for o in orders if o["status"] == "ready"]
    for o, s in zip(ready, rng.sample(slots, len(ready))):
        o["shelf"] = s
    received = [o for o in orders if o["status"] == "received"]
    for i, o in enumerate(rng.sample(received, len(received))):
        o["shelf"] = "BACK" if i % 2 == 0 else None
    for o in orders:
        o.setdefault("shelf", None)

    # Items: unique items once at most; eight counted goods, each in exactly one order.
    unique_pool = [p for p in products if p["unique_item"]]
    counted_pool = [p for p in products if not p["unique_item"]]
    rng.shuffle(unique_pool)
    counted_for_orders = rng.sample(counted_pool, 8)
    counted_orders = set(o["order_id"] for o in rng.sample(orders, 8))
    for o in orders:
        n = rng.choices([1, 2, 3], weights=[58, 30, 12])[0]
        items = []
        if o["order_id"] in counted_orders:
            p = counted_for_orders.pop()
            items.append({"product_id": p["id"], "title": p["title"], "quantity": rng.randint(1, 3),
                          "unit_price_fcfa": p["price_fcfa"]})
            n -= 1
        for _ in range(n):
            p = unique_pool.pop()
            items.append({"product_id": p["id"], "title": p["title"], "quantity": 1,
                          "unit_price_fcfa": p["price_fcfa"]})
        if not items:
            p = unique_pool.pop()
            items.append({"product_id": p["id"], "title": p["title"], "quantity": 1,
                          "unit_price_fcfa": p["price_fcfa"]})
        rng.shuffle(items)
        o["items"] = items
        o["handed_over_by"] = rng.choice(CLERKS) if o["status"] == "picked_up" else None
    return orders


def order_json(o):
    out = {"order_id": o["order_id"], "customer_id": o["customer"]["id"], "customer_name": o["customer"]["name"],
           "customer_phone": o["customer"]["phone"], "pickup_code": o["pickup_code"], "status": o["status"]}
    if o["shelf"]:
        out["shelf"] = o["shelf"]
    out["created_at"] = iso(o["created"])
    if o["updated"]:
        out["updated_at"] = iso(o["updated"])
    if o["handed_over_by"]:
        out["handed_over_by"] = o["handed_over_by"]
    out["items"] = o["items"]
    return out


def build_stock(rng, products, orders):
    lines = []
    # Parcels that are in the building: one RECEIVE per item at the order's shelf.
    for o in orders:
        if o["status"] not in ("received", "ready"):
            continue
        loc = o["shelf"] or "BACK"
        for it in o["items"]:
            if o["status"] == "ready":  # arrived between order and shelving
                span = int((o["updated"] - o["created"]).total_seconds() // 60)
                at = snap(o["created"] + timedelta(minutes=rng.randint(0, span)), o["created"], o["updated"])
                if not in_window(at, OPEN_HOURS):  # no opening hours in between: shelved on arrival
                    at = o["updated"]
            else:
                at = o["updated"]
            lines.append({"product_id": it["product_id"], "location": loc, "quantity": it["quantity"],
                          "received_at": at})
    # Unsold goods on the shop shelves (rows C-D) and in BACK.
    used = defaultdict(set)
    for o in orders:
        for it in o["items"]:
            used[it["product_id"]].add(o["status"])
    goods_slots = ["%s-%02d-%d" % (r, b, l) for r in "CD" for b in range(1, 7) for l in range(1, 4)]
    free_unique = [p for p in products if p["unique_item"] and p["id"] not in used]
    free_counted = [p for p in products if not p["unique_item"]
                    and not (used[p["id"]] - {"received", "ready"})]
    for p in rng.sample(free_unique, 46):
        lines.append({"product_id": p["id"], "location": rng.choice(goods_slots + ["BACK"]), "quantity": 1,
                      "received_at": snap(minutes_ago(rng.randint(20 * 60, 30 * 24 * 60)), NOW - 31 * DAY, NOW - 3 * HOUR)})
    counted = rng.sample(free_counted, 12)
    for i, p in enumerate(counted):
        thr = p["low_stock_threshold"]
        if i < 4:  # running low: below the threshold in total
            q = rng.randint(2, max(2, thr - 1))
            assert q < thr
            locs = [(rng.choice(goods_slots), q)]
        elif i < 6:  # split between a shop shelf and the back room
            locs = [(rng.choice(goods_slots), rng.randint(thr, 12)), ("BACK", rng.randint(6, 25))]
        else:
            locs = [(rng.choice(goods_slots), rng.randint(thr + 1, 25))]
        for loc, q in locs:
            lines.append({"product_id": p["id"], "location": loc, "quantity": q,
                          "received_at": snap(minutes_ago(rng.randint(20 * 60, 25 * 24 * 60)), NOW - 26 * DAY, NOW - 3 * HOUR)})
    return lines


TASK_PLAN = [
    # type, priority, status, title, hours ago, assignee, link, waiting_reason, closed after (h), cancel_reason
    ("STOCK_RECEIVE", "URGENT", "open", "Réception livraison Jumia Express", 0.5, "amina.n", None, None, None, None),
    ("STOCK_RECEIVE", "HIGH", "in_progress", "Réception des colis vendeurs de Bonabéri", 3, "jp.mbarga", None, None, None, None),
    ("STOCK_RECEIVE", "MEDIUM", "done", "Receive parcels from the Yaoundé hub", 27, "brice.k", None, None, 3.5, None),
    ("STOCK_RECEIVE", "LOW", "waiting", "Carton de chargeurs incomplet – relancer le fournisseur", 20, "jp.mbarga", None, "supplier", None, None),
    ("INVENTORY_COUNT", "MEDIUM", "open", "Count shelf B-02", 3, "brice.k", None, None, None, None),
    ("INVENTORY_COUNT", "LOW", "open", "Inventaire du rayon Livres", 52, None, None, None, None, None),
    ("INVENTORY_COUNT", "HIGH", "in_progress", "Stock bas : compter {product}", 19, "amina.n", "low_stock", None, None, None),
    ("INVENTORY_COUNT", "MEDIUM", "cancelled", "Count shelf D-05", 44, "jp.mbarga", None, None, 17, "Étagère D-05 démontée pour réparation"),
    ("ORDER_PICKUP", "URGENT", "open", "Colis {order} non retiré depuis {days} jours – appeler le client", 1.6, "amina.n", "ready_old", None, None, None),
    ("ORDER_PICKUP", "URGENT", "in_progress", "Client au comptoir : retrait commande {order}", 0.25, "brice.k", "ready", None, None, None),
    ("ORDER_PICKUP", "HIGH", "waiting", "Client injoignable pour la commande {order} – rappeler", 19, "jp.mbarga", "ready", "customer", None, None),
    ("ORDER_PICKUP", "MEDIUM", "open", "Prepare parcel {order} for pickup", 4, "amina.n", "ready", None, None, None),
    ("ORDER_PICKUP", "LOW", "open", "SMS de rappel : colis {order} prêt au retrait", 20, None, "ready", None, None, None),
    ("ORDER_PICKUP", "HIGH", "done", "Appeler {name} : colis {order} prêt", 26, "brice.k", "ready", None, 1, None),
    ("CUSTOMER_SERVICE", "HIGH", "open", "Réclamation : article endommagé au retrait", 2, "jp.mbarga", None, None, None, None),
    ("CUSTOMER_SERVICE", "URGENT", "open", "Client mécontent au comptoir – demande de remboursement", 3, "solange.e", None, None, None, None),
    ("CUSTOMER_SERVICE", "MEDIUM", "waiting", "Attente des photos du produit abîmé (WhatsApp)", 22, "jp.mbarga", None, "customer", None, None),
    ("CUSTOMER_SERVICE", "MEDIUM", "waiting", "Remboursement à valider par la superviseure", 27.5, "amina.n", None, "other_staff", None, None),
    ("CUSTOMER_SERVICE", "LOW", "done", "Answer email about Saturday opening hours", 50, "amina.n", None, None, 2, None),
    ("CLEANING", "LOW", "open", "Nettoyage du comptoir", 4, "brice.k", None, None, None, None),
    ("CLEANING", "MEDIUM", "done", "Balayer et ranger l'arrière-boutique", 27, "jp.mbarga", None, None, 1.5, None),
    ("CLEANING", "LOW", "cancelled", "Clean the front window", 45, "amina.n", None, None, 20, "Pluie toute la journée – reporté"),
    ("CLEANING", "MEDIUM", "in_progress", "Ranger la zone BACK avant la livraison", 20, "brice.k", None, None, None, None),
    ("REPORTING", "MEDIUM", "open", "Rapport de caisse hebdomadaire", 26, "solange.e", None, None, None, None),
    ("REPORTING", "LOW", "in_progress", "Monthly returns report for the marketplace", 44, "solange.e", None, None, None, None),
    ("REPORTING", "HIGH", "done", "Liste des colis non retirés depuis plus de 7 jours", 28, "solange.e", None, None, 4, None),
    ("REPORTING", "URGENT", "done", "Rapport d'incident : coupure de courant, scanner hors service", 48, "herve.n", None, None, 1.5, None),
]


def build_tasks(rng, products, orders, stock):
    by_id = {p["id"]: p for p in products}
    totals = Counter()
    for s in stock:
        totals[s["product_id"]] += s["quantity"]
    low = sorted(pid for pid, q in totals.items()
                 if not by_id[pid]["unique_item"] and q < by_id[pid]["low_stock_threshold"])
    ready = [o for o in orders if o["status"] == "ready"]
    taken = set()
    rows = []
    for (ttype, prio, status, title, hours, assignee, link, waiting, closed_after, cancel) in TASK_PLAN:
        created = NOW - timedelta(minutes=int(hours * 60))
        order_id = product_id = None
        if link == "low_stock":
            product_id = rng.choice(low)
            title = title.format(product=by_id[product_id]["title"])
        elif link in ("ready", "ready_old"):
            cands = [o for o in ready if o["order_id"] not in taken and o["updated"] <= created - HOUR
                     and (created - o["updated"] < 5 * DAY if link == "ready" else created - o["updated"] >= 8 * DAY)]
            o = rng.choice(cands)
            taken.add(o["order_id"])
            order_id = o["order_id"]
            title = title.format(order=order_id, days=(created - o["updated"]).days,
                                 name=o["customer"]["name"])
        closed = created + timedelta(minutes=int(closed_after * 60)) if closed_after else None
        rows.append({"type": ttype, "priority": prio, "status": status, "title": title, "created_at": iso(created),
                     "assignee": assignee, "order_id": order_id, "product_id": product_id,
                     "waiting_reason": waiting, "closed_at": iso(closed) if closed else None,
                     "cancel_reason": cancel})
    return rows


# Ticket templates. Messages: (direction, channel, staff, minutes after the first message, body).
# need: the status of the order the ticket is about (None: no order); multi: the order has two
# items or more; cats: {item} is the order's first item in one of these categories; delay: the
# least hours between the order's last change and the ticket; spread: the most minutes after that.
# Offsets are chosen so that a ticket opened between 08:30 and 16:00 gets every staff message
# within opening hours.
FRAGILE = {"Téléphones", "Électroménager", "Cuisine", "Informatique", "Maison", "Outils", "Bébé"}
TICKET_PLAN = [
    dict(category="missing_item", priority="HIGH", status="open", assignee="amina.n", need="picked_up", multi=True,
         delay=14, subject="Article manquant dans le colis", rating=None, messages=[
             ("in", "counter", None, 0, "Bonjour, j'ai retiré la commande {order}, mais « {item} » n'était pas dans le carton."),
             ("note", "counter", "amina.n", 8, "Photo du colis à la réception vérifiée : carton fermé, scotch du vendeur intact. Voir avec le vendeur."),
             ("out", "whatsapp", "amina.n", 50, "Bonjour {first}, nous vérifions avec le vendeur et revenons vers vous d'ici demain midi."),
         ]),
    dict(category="damaged", priority="HIGH", status="waiting_customer", assignee="jp.mbarga", need="picked_up",
         cats={"Téléphones", "Informatique"}, unique=True, delay=5, subject="Item damaged after pickup",
         rating=None, messages=[
             ("in", "whatsapp", None, 0, "Hello, the {item} I collected has a crack on the corner. It was not like that in the photos."),
             ("out", "whatsapp", "jp.mbarga", 35, "Sorry about that, {first}. Please send us clear photos of the item and of the box so we can open a claim."),
         ]),
    dict(category="wrong_item", priority="MEDIUM", status="resolved", assignee="brice.k", need="picked_up", delay=3,
         subject="Mauvais article remis au comptoir", rating=None, messages=[
             ("in", "counter", None, 0, "On m'a remis un article qui ne correspond pas à l'annonce « {item} ». Je veux l'échanger."),
             ("note", "counter", "brice.k", 6, "Erreur d'étiquette côté vendeur. Échange accepté, le bon article part de chez lui demain."),
             ("out", "sms", "brice.k", 1410, "Bonjour {first}, le bon article est arrivé. Passez au comptoir avec l'article à échanger."),
             ("in", "counter", None, 1560, "Merci, l'échange est fait, tout est bon."),
         ]),
    dict(category="late", priority="LOW", status="new", assignee=None, need="expected", delay=30,
         subject="Commande pas encore arrivée", rating=None, messages=[
             ("in", "sms", None, 0, "Bonjour, ma commande {order} n'est toujours pas arrivée au point relais ? Merci de me dire quand passer."),
         ]),
    dict(category="payment_refund", priority="MEDIUM", status="closed", assignee="solange.e", need="cancelled", delay=2,
         subject="Remboursement Mobile Money après annulation", rating=4, messages=[
             ("in", "phone", None, 0, "J'ai annulé la commande {order} mais l'argent n'est pas revenu sur mon compte Mobile Money."),
             ("note", "phone", "solange.e", 20, "Remboursement MoMo relancé auprès de la marketplace, délai annoncé 48 h."),
             ("out", "sms", "solange.e", 25, "Bonjour {first}, le remboursement de {total} FCFA est lancé. Délai : 48 h au maximum."),
             ("in", "sms", None, 1500, "Bien reçu sur mon compte, merci beaucoup."),
             ("out", "sms", "solange.e", 1510, "Avec plaisir, bonne journée !"),
         ]),
    dict(category="other", priority="LOW", status="closed", assignee="amina.n", need=None, delay=1,
         subject="Saturday opening hours", rating=5, messages=[
             ("in", "whatsapp", None, 0, "Hello, what time do you close on Saturdays? I want to collect my parcel after work."),
             ("out", "whatsapp", "amina.n", 12, "Hello {first}, on Saturdays we are open from 8:00 to 18:00. Bring your QR code or your pickup code."),
             ("in", "whatsapp", None, 20, "Perfect, thank you!"),
         ]),
    dict(category="late", priority="HIGH", status="open", assignee="jp.mbarga", need="expected", delay=60,
         subject="Order late – needed before Monday", rating=None, messages=[
             ("in", "phone", None, 0, "Good morning, my order {order} should have arrived by now. I need it before Monday."),
             ("out", "phone", "jp.mbarga", 4, "We have no arrival scan yet. We are asking the carrier and will call you back today."),
             ("note", "phone", "jp.mbarga", 40, "Transporteur relancé : colis bloqué au hub de Yaoundé, départ prévu ce soir."),
         ]),
    dict(category="payment_refund", priority="MEDIUM", status="resolved", assignee="solange.e", need="returned", past_hold=True, delay=3,
         subject="Remboursement après retour du colis", rating=None, messages=[
             ("in", "email", None, 0, "Bonjour, mon colis {order} a été retourné au vendeur car je n'ai pas pu passer à temps. Puis-je être remboursé ?"),
             ("out", "email", "solange.e", 95, "Bonjour {first}, le colis a bien été retourné. Le remboursement de {total} FCFA est en cours auprès de la marketplace."),
             ("note", "email", "solange.e", 150, "Remboursement confirmé par la marketplace (virement MoMo sous 24 h)."),
         ]),
    dict(category="damaged", priority="URGENT", status="closed", assignee="brice.k", need="picked_up", cats=FRAGILE, unique=True,
         delay=0.05, spread=25, subject="Article cassé constaté au retrait", rating=2, messages=[
             ("in", "counter", None, 0, "Je viens de retirer « {item} » : l'article est cassé ! Je ne peux pas partir avec ça."),
             ("note", "counter", "brice.k", 5, "Constaté au comptoir devant le client, photos prises. Article repris en retour."),
             ("out", "counter", "brice.k", 9, "Nous reprenons l'article et ouvrons un retour. Le remboursement de {price} FCFA sera fait sous 5 jours."),
             ("in", "sms", None, 1500, "C'est long, 5 jours pour un remboursement…"),
             ("out", "sms", "brice.k", 1560, "Remboursement validé aujourd'hui. Toutes nos excuses pour le désagrément."),
         ]),
    dict(category="missing_item", priority="URGENT", status="new", assignee=None, need="ready", multi=True, delay=1,
         subject="Un article manque dans ma commande", rating=None, messages=[
             ("in", "email", None, 0, "Bonjour, j'ai reçu le SMS « commande {order} prête », mais le détail n'affiche qu'un seul article. « {item} » est-il bien arrivé ? Je ne veux pas me déplacer pour rien."),
         ]),
    dict(category="other", priority="LOW", status="waiting_customer", assignee="amina.n", need="received", delay=0.5,
         subject="Retrait par une autre personne", rating=None, messages=[
             ("in", "whatsapp", None, 0, "Bonjour, mon frère va récupérer le colis {order} à ma place. C'est possible ?"),
             ("out", "whatsapp", "amina.n", 15, "Oui {first}. Envoyez-nous son nom complet ; il devra présenter le code de retrait et sa CNI."),
         ]),
    dict(category="wrong_item", priority="MEDIUM", status="closed", assignee="jp.mbarga", need="picked_up",
         cats={"Vêtements", "Chaussures"}, unique=True, delay=20, subject="Wrong colour delivered", rating=3, messages=[
             ("in", "counter", None, 0, "The colour of the {item} I received is not the one shown in the listing."),
             ("out", "counter", "jp.mbarga", 10, "Sorry, {first}. The seller agrees to a refund if you bring it back within 7 days."),
             ("in", "counter", None, 1450, "I'm bringing it back today, I prefer the refund."),
             ("out", "counter", "jp.mbarga", 1465, "Item received back. Refund of {price} FCFA approved."),
         ]),
]


def build_tickets(rng, products, orders):
    by_id = {p["id"]: p for p in products}
    first_order = {}
    for o in orders:
        cid = o["customer"]["id"]
        if cid not in first_order or o["created"] < first_order[cid]["created"]:
            first_order[cid] = o
    used_orders, used_customers = set(), set()

    def item_of(t, o):
        for it in o["items"]:
            p = by_id[it["product_id"]]
            if ("cats" not in t or p["category"] in t["cats"]) and (p["unique_item"] or not t.get("unique")):
                return it
        return None

    def candidates(t):
        span = timedelta(minutes=t["messages"][-1][3] + 20)
        delay = timedelta(minutes=int(t["delay"] * 60))
        if t["need"] is None:
            pool = list(first_order.values())
        else:
            pool = [o for o in orders if o["status"] == t["need"] and o["order_id"] not in used_orders
                    and (not t.get("multi") or len(o["items"]) >= 2) and item_of(t, o)
                    and (not t.get("past_hold") or o["updated"] - o["created"] > HOLD)]
        return [o for o in pool if o["customer"]["id"] not in used_customers
                and NOW - ((o["updated"] or o["created"]) if t["need"] else o["created"]) > delay + span + HOUR]

    out = []
    todo = list(TICKET_PLAN)
    while todo:
        # The most constrained template first, so every template finds an order.
        t = min(todo, key=lambda t: len(candidates(t)))
        todo.remove(t)
        span = timedelta(minutes=t["messages"][-1][3] + 20)
        delay = timedelta(minutes=int(t["delay"] * 60))
        cands = candidates(t)
        if not cands:
            raise SystemExit("no order fits ticket %r" % t["subject"])
        order = rng.choice(cands)
        base = (order["updated"] or order["created"]) if t["need"] else order["created"]
        used_orders.add(order["order_id"])
        used_customers.add(order["customer"]["id"])
        lo, hi = base + delay, NOW - span
        room = int((hi - lo).total_seconds() // 60)
        start = snap(lo + timedelta(minutes=rng.randint(1, min(room, t.get("spread", 36 * 60)))), lo, hi,
                     (8 * 60 + 30, 16 * 60))
        it = item_of(t, order)
        fill = {"order": order["order_id"], "first": order["customer"]["name"].split()[0],
                "item": it["title"], "price": fcfa(it["quantity"] * it["unit_price_fcfa"]),
                "total": fcfa(sum(i["quantity"] * i["unit_price_fcfa"] for i in order["items"]))}
        ticket = {"customer_id": order["customer"]["id"]}
        if t["need"]:
            ticket["order_id"] = order["order_id"]
        ticket.update({"category": t["category"], "priority": t["priority"], "status": t["status"]})
        if t["assignee"]:
            ticket["assignee"] = t["assignee"]
        ticket["subject"] = t["subject"]
        ticket["created_at"] = iso(start)
        if t["rating"]:
            ticket["rating"] = t["rating"]
        ticket["messages"] = [
            {"direction": d, "channel": ch, "staff": st, "at": iso(start + timedelta(minutes=m)),
             "body": body.format(**fill)}
            for d, ch, st, m, body in t["messages"]]
        out.append(ticket)
    out.sort(key=lambda t: t["created_at"])
    return out


def write_csv(path, columns, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else fmt_cell(r[c]) for c in columns])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def fmt_cell(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return iso(v)
    return str(v)


def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def generate():
    rng = random.Random(SEED)
    products = build_products(rng)
    customers = build_customers(rng)
    orders = build_orders(rng, products, customers)
    stock = build_stock(rng, products, orders)
    tasks = build_tasks(rng, products, orders, stock)
    tickets = build_tickets(rng, products, orders)

    write_csv(os.path.join(HERE, "products.csv"), PRODUCT_COLUMNS, products)
    write_csv(os.path.join(HERE, "staff.csv"), STAFF_COLUMNS,
              [{"login": l, "full_name": n, "role": r, "active": True} for l, n, r in STAFF])
    write_json(os.path.join(HERE, "orders.json"), [order_json(o) for o in orders])
    stock.sort(key=lambda s: (s["received_at"], s["product_id"], s["location"]))
    write_csv(os.path.join(HERE, "stock.csv"), STOCK_COLUMNS, stock)
    tasks.sort(key=lambda t: t["created_at"])
    write_csv(os.path.join(HERE, "tasks.csv"), TASK_COLUMNS, tasks)
    write_json(os.path.join(HERE, "tickets.json"), tickets)


# --------------------------------------------------------------------------------------------
# Checker (FORMATS.md + demo rules)
# --------------------------------------------------------------------------------------------

class Check:
    def __init__(self):
        self.errors = []
        self.summaries = []

    def ok(self, cond, where, msg):
        if not cond:
            self.errors.append("%s: %s" % (where, msg))
        return bool(cond)


ID_RE = re.compile(r"^[1-9][0-9]{0,11}$")
INT_RE = re.compile(r"^(0|[1-9][0-9]*)$")
PICKUP_RE = re.compile(r"^[0-9A-Z]{6,10}$")
LOCATION_RE = re.compile(r"^[A-Z][A-Z0-9-]{0,15}$")
LOGIN_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
DOUALA_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+01:00$")
CM_PHONE_RE = re.compile(r"^\+2376[0-9]{8}$")


def read_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig")  # raises on bad UTF-8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip().lower() for h in rows[0]]
    data = []
    for n, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        if len(r) != len(header):
            raise ValueError("%s line %d: %d fields, header has %d" % (path, n, len(r), len(header)))
        data.append({h: v for h, v in zip(header, r) if v.strip()})
    return header, data, text


def read_json(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    if text.lstrip().startswith("["):
        objs, form = json.loads(text), "array"
    else:
        objs, form = [json.loads(l) for l in text.splitlines() if l.strip()], "lines"
    for o in objs:
        if not isinstance(o, dict):
            raise ValueError("%s: element is not an object" % path)
    return objs, form


def as_id(v):
    if isinstance(v, bool):
        return None
    s = str(v) if isinstance(v, int) else v
    return int(s) if isinstance(s, str) and ID_RE.match(s) else None


def as_int(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    return int(v) if isinstance(v, str) and INT_RE.match(v.strip()) else None


def text_ok(v, max_len):
    if not isinstance(v, str):
        return False
    t = v.strip(" \t")
    return 1 <= len(t) <= max_len and not any(unicodedata.category(c) == "Cc" for c in t)


def as_time(v, strict=True):
    if not isinstance(v, str) or not TIME_RE.match(v) or (strict and not DOUALA_TIME_RE.match(v)):
        return None
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None


def phone_ok(v):
    if not isinstance(v, str) or not re.match(r"^\+?[0-9 -]+$", v):
        return False
    digits = re.sub(r"[^0-9]", "", v)
    return (not v.startswith("+") and len(digits) == 9) or 8 <= len(digits) <= 15


def check_columns(ck, where, keys, allowed, required):
    ck.ok(not (set(keys) - set(allowed)), where, "unknown column(s) %s" % sorted(set(keys) - set(allowed)))


def check_required(ck, where, row, required):
    for c in required:
        ck.ok(c in row and row[c] is not None, where, "missing required %s" % c)


def check_product_rows(ck, name, rows):
    out = {}
    for i, r in enumerate(rows):
        w = "%s[%d]" % (name, i)
        check_columns(ck, w, r.keys(), PRODUCT_COLUMNS, None)
        check_required(ck, w, r, ["id", "title", "category", "price_fcfa"])
        pid = as_id(r.get("id"))
        ck.ok(pid is not None, w, "bad id %r" % r.get("id"))
        ck.ok(pid not in out, w, "duplicate id %s" % pid)
        ck.ok(text_ok(r.get("title"), 120), w, "bad title")
        ck.ok(text_ok(r.get("category"), 40), w, "bad category")
        price = as_int(r.get("price_fcfa"))
        ck.ok(price is not None and price >= 0, w, "bad price %r" % r.get("price_fcfa"))
        cond = r.get("condition", "good")
        ck.ok(cond in CONDITIONS, w, "bad condition %r" % cond)
        uq = r.get("unique_item", True)
        if not isinstance(uq, bool):
            ck.ok(str(uq).strip().lower() in BOOL_SPELLINGS, w, "bad unique_item %r" % uq)
            uq = BOOL_SPELLINGS.get(str(uq).strip().lower(), True)
        thr = r.get("low_stock_threshold")
        if thr is not None:
            ck.ok(as_int(thr) is not None, w, "bad low_stock_threshold %r" % thr)
            thr = as_int(thr)
        out[pid] = {"id": pid, "title": r.get("title"), "category": r.get("category"), "price": price,
                    "condition": cond, "unique": uq, "threshold": thr, "raw": r}
    return out


def check_staff_rows(ck, name, rows):
    out = {}
    for i, r in enumerate(rows):
        w = "%s[%d]" % (name, i)
        check_columns(ck, w, r.keys(), STAFF_COLUMNS, None)
        check_required(ck, w, r, ["login", "full_name", "role"])
        login = r.get("login")
        ck.ok(isinstance(login, str) and LOGIN_RE.match(login), w, "bad login %r" % login)
        ck.ok(login not in out, w, "duplicate login %r" % login)
        ck.ok(text_ok(r.get("full_name"), 80), w, "bad full_name")
        ck.ok(r.get("role") in ROLES, w, "bad role %r" % r.get("role"))
        act = r.get("active", True)
        ck.ok(isinstance(act, bool) or str(act).lower() in BOOL_SPELLINGS, w, "bad active %r" % act)
        out[login] = r
    return out


def check_order_objects(ck, name, orders, products, staff, strict_time=True):
    """orders: list of (where, order-level dict, list of item dicts)."""
    out = {}
    unique_seen = {}
    for w, o, items in orders:
        check_columns(ck, w, o.keys(), ORDER_LEVEL + ["items"], None)
        check_required(ck, w, o, ["order_id", "customer_id", "customer_name", "pickup_code", "status", "created_at"])
        oid = as_id(o.get("order_id"))
        ck.ok(oid is not None, w, "bad order_id %r" % o.get("order_id"))
        ck.ok(oid not in out, w, "duplicate order_id %s" % oid)
        ck.ok(as_id(o.get("customer_id")) is not None, w, "bad customer_id")
        ck.ok(text_ok(o.get("customer_name"), 80), w, "bad customer_name")
        if o.get("customer_phone") is not None:
            ck.ok(phone_ok(o["customer_phone"]), w, "bad phone %r" % o["customer_phone"])
        ck.ok(isinstance(o.get("pickup_code"), str) and PICKUP_RE.match(o["pickup_code"]), w, "bad pickup_code")
        st = o.get("status")
        ck.ok(st in ORDER_STATUSES, w, "bad status %r" % st)
        shelf = o.get("shelf")
        if st == "ready":
            ck.ok(shelf is not None, w, "ready order without shelf")
        if shelf is not None:
            ck.ok(isinstance(shelf, str) and LOCATION_RE.match(shelf), w, "bad shelf %r" % shelf)
        created = as_time(o.get("created_at"), strict_time)
        ck.ok(created is not None, w, "bad created_at %r" % o.get("created_at"))
        updated = created
        if o.get("updated_at") is not None:
            updated = as_time(o["updated_at"], strict_time)
            ck.ok(updated is not None and created is not None and updated >= created, w, "bad updated_at")
        hob = o.get("handed_over_by")
        if hob is not None:
            ck.ok(st == "picked_up", w, "handed_over_by on a %s order" % st)
            ck.ok(hob in staff, w, "handed_over_by %r is not a staff login" % hob)
        ck.ok(len(items) >= 1, w, "no items")
        seen = set()
        for j, it in enumerate(items):
            wi = "%s.items[%d]" % (w, j)
            check_columns(ck, wi, it.keys(), ITEM_KEYS, None)
            check_required(ck, wi, it, ["title", "quantity", "unit_price_fcfa"])
            q = as_int(it.get("quantity"))
            ck.ok(q is not None and q >= 1, wi, "bad quantity %r" % it.get("quantity"))
            price = as_int(it.get("unit_price_fcfa"))
            ck.ok(price is not None and price >= 0, wi, "bad unit_price_fcfa")
            ck.ok(text_ok(it.get("title"), 120), wi, "bad title")
            if it.get("product_id") is not None:
                pid = as_id(it["product_id"])
                ck.ok(pid in products, wi, "unknown product_id %r" % it["product_id"])
                ck.ok(pid not in seen, wi, "product %s twice in one order" % pid)
                seen.add(pid)
                p = products.get(pid)
                if p:
                    ck.ok(it.get("title") == p["title"], wi, "title differs from product %s" % pid)
                    ck.ok(price == p["price"], wi, "unit price differs from product %s" % pid)
                    if p["unique"]:
                        ck.ok(q == 1, wi, "unique item with quantity %r" % q)
                        ck.ok(pid not in unique_seen, wi, "unique item %s also in order %s" % (pid, unique_seen.get(pid)))
                        unique_seen[pid] = oid
        out[oid] = {"o": o, "items": items, "status": st, "created": created, "updated": updated,
                    "customer": as_id(o.get("customer_id")), "shelf": shelf}
    return out


def orders_from_json(name, objs):
    res = []
    for i, o in enumerate(objs):
        lvl = {k: v for k, v in o.items() if v is not None}
        items = lvl.get("items")
        res.append(("%s[%d]" % (name, i), lvl, items if isinstance(items, list) else []))
    return res


def orders_from_csv(ck, name, rows):
    groups = {}
    order = []
    for i, r in enumerate(rows):
        oid = r.get("order_id")
        lvl = {k: v for k, v in r.items() if k in ORDER_LEVEL}
        item = {k: v for k, v in r.items() if k not in ORDER_LEVEL}
        if oid not in groups:
            groups[oid] = ("%s[row %d]" % (name, i + 2), lvl, [])
            order.append(oid)
        else:
            ck.ok(groups[oid][1] == lvl, "%s[row %d]" % (name, i + 2), "order-level columns disagree for %s" % oid)
        groups[oid][2].append(item)
    return [groups[k] for k in order]


def check_demo(ck):
    d = lambda f: os.path.join(HERE, f)

    # products.csv
    header, rows, text = read_csv(d("products.csv"))
    check_columns(ck, "products.csv", header, PRODUCT_COLUMNS, None)
    ck.ok("condition" in header, "products.csv", "no condition column")
    products = check_product_rows(ck, "products.csv", rows)
    ids = sorted(products)
    ck.ok(190 <= len(ids) <= 210, "products.csv", "%d products" % len(ids))
    ck.ok(ids == list(range(100001, 100001 + len(ids))), "products.csv", "ids are not 100001.. consecutive")
    counted = [p for p in products.values() if not p["unique"]]
    ck.ok(17 <= len(counted) <= 23, "products.csv", "%d counted goods" % len(counted))
    for p in products.values():
        w = "products.csv id %s" % p["id"]
        ck.ok(p["price"] is not None and 1500 <= p["price"] <= 350000 and p["price"] % 500 == 0, w, "price %r" % p["price"])
        ck.ok(p["category"] in CATEGORIES, w, "category %r" % p["category"])
        ck.ok("condition" in p["raw"], w, "condition empty")
        ck.ok(p["raw"].get("unique_item") in ("true", "false"), w, "unique_item not spelled true/false")
        if p["unique"]:
            ck.ok(p["threshold"] is None, w, "unique item with a low_stock_threshold")
        else:
            ck.ok(p["threshold"] is not None and 3 <= p["threshold"] <= 10, w, "threshold %r" % p["threshold"])
    titles = [p["title"] for p in products.values()]
    ck.ok(len(set(titles)) == len(titles), "products.csv", "duplicate titles")
    ck.ok(sum("," in t for t in titles) == 1, "products.csv", "need exactly one title with a comma")
    ck.ok(sum('"' in t for t in titles) == 1, "products.csv", "need exactly one title with a double quote")
    for ch in "éèàçœ":
        ck.ok(any(ch in t.lower() for t in titles), "products.csv", "no title with %s" % ch)
    ck.ok(set(p["category"] for p in products.values()) == set(CATEGORIES), "products.csv", "category missing")
    ck.ok('""' in text, "products.csv", "quote not doubled in the file")
    ck.summaries.append("products.csv: %d products (%d unique items, %d counted goods), %d categories, ids %d..%d"
                        % (len(ids), len(ids) - len(counted), len(counted), len(CATEGORIES), ids[0], ids[-1]))

    # staff.csv
    header, rows, _ = read_csv(d("staff.csv"))
    check_columns(ck, "staff.csv", header, STAFF_COLUMNS, None)
    staff = check_staff_rows(ck, "staff.csv", rows)
    roles = Counter(r["role"] for r in staff.values())
    ck.ok(len(staff) == 5 and roles == Counter(clerk=3, supervisor=1, admin=1), "staff.csv", "roles %s" % dict(roles))
    clerks = {l for l, r in staff.items() if r["role"] == "clerk"}
    ck.summaries.append("staff.csv: %d staff (%s)" % (len(staff), ", ".join("%d %s" % (n, r) for r, n in sorted(roles.items()))))

    # orders.json
    objs, form = read_json(d("orders.json"))
    ck.ok(form == "array", "orders.json", "not a JSON array")
    for i, o in enumerate(objs):
        for k in ("order_id", "customer_id"):
            ck.ok(isinstance(o.get(k), int) and not isinstance(o.get(k), bool), "orders.json[%d]" % i, "%s not a number" % k)
        for j, it in enumerate(o.get("items", [])):
            for k in ("product_id", "quantity", "unit_price_fcfa"):
                ck.ok(type(it.get(k)) is int, "orders.json[%d].items[%d]" % (i, j), "%s not an integer" % k)
    orders = check_order_objects(ck, "orders.json", orders_from_json("orders.json", objs), products, staff)
    ck.ok(len(orders) == 60, "orders.json", "%d orders" % len(orders))
    ck.ok(sorted(orders) == list(range(1040001, 1040061)), "orders.json", "order ids not 1040001..1040060")
    st = Counter(o["status"] for o in orders.values())
    want = Counter(expected=10, received=10, ready=20, picked_up=12, returned=5, cancelled=3)
    ck.ok(st == want, "orders.json", "status mix %s" % dict(st))
    customers = {}
    codes = set()
    ready_ages = []
    for oid, o in orders.items():
        w = "orders.json order %s" % oid
        raw = o["o"]
        cid = o["customer"]
        ck.ok(cid is not None and 20001 <= cid <= 99999, w, "customer id %r" % cid)
        ck.ok(CM_PHONE_RE.match(raw.get("customer_phone", "")), w, "phone %r" % raw.get("customer_phone"))
        key = (raw.get("customer_name"), raw.get("customer_phone"))
        ck.ok(customers.setdefault(cid, key) == key, w, "customer %s name/phone differ between orders" % cid)
        code = raw.get("pickup_code", "")
        ck.ok(len(code) == 8 and code not in codes, w, "pickup code %r" % code)
        codes.add(code)
        c, u = o["created"], o["updated"]
        ck.ok(c is not None and NOW - 10 * DAY <= c < NOW, w, "created_at outside the 10 days before NOW")
        ck.ok(u is not None and u < NOW, w, "updated_at not before NOW")
        ck.ok(c is not None and in_window(c, ONLINE_HOURS), w, "created_at in the middle of the night")
        if u is not None and "updated_at" in raw:
            ck.ok(in_window(u, ONLINE_HOURS if o["status"] == "cancelled" else OPEN_HOURS), w,
                  "updated_at %s outside opening hours" % raw["updated_at"])
        ck.ok(1 <= len(o["items"]) <= 3, w, "%d items" % len(o["items"]))
        s = o["status"]
        if s == "ready":
            ck.ok(re.match(r"^[A-D]-0[1-6]-[1-3]$", o["shelf"] or ""), w, "ready shelf %r" % o["shelf"])
            ck.ok("updated_at" in raw, w, "ready order without updated_at")
            ready_ages.append((NOW - c, NOW - u))
        elif s == "received":
            ck.ok(o["shelf"] in (None, "BACK"), w, "received shelf %r" % o["shelf"])
        else:
            ck.ok(o["shelf"] is None, w, "%s order with a shelf" % s)
        if s == "picked_up":
            ck.ok("updated_at" in raw and raw.get("handed_over_by") in clerks, w, "picked_up needs updated_at and a clerk")
        if s != "expected":
            ck.ok("updated_at" in raw, w, "%s order without updated_at" % s)
    shelves = [o["shelf"] for o in orders.values() if o["status"] == "ready"]
    ck.ok(len(set(shelves)) == len(shelves), "orders.json", "two ready orders share a shelf")
    ck.ok(40 <= len(customers) <= 50, "orders.json", "%d customers" % len(customers))
    ck.ok(len({v[1] for v in customers.values()}) == len(customers), "orders.json", "two customers share a phone")
    ck.ok(len({v[0] for v in customers.values()}) == len(customers), "orders.json", "two customers share a name")
    ck.ok(min(a for a, _ in ready_ages) < 12 * HOUR and max(a for a, _ in ready_ages) <= 9 * DAY,
          "orders.json", "ready ages not from a few hours to 9 days")
    old = [1 for a, b in ready_ages if a > HOLD and b > HOLD]
    ck.ok(len(old) >= 3, "orders.json", "fewer than 3 ready orders past the hold period")
    ck.ok(all((a > HOLD) == (b > HOLD) for a, b in ready_ages), "orders.json",
          "a ready order is past hold by created_at but not by updated_at (ambiguous)")
    n_items = sum(len(o["items"]) for o in orders.values())
    ck.summaries.append("orders.json: %d orders, %d items, %d customers, statuses %s, %d ready past the 7-day hold"
                        % (len(orders), n_items, len(customers),
                           " ".join("%s=%d" % (k, st[k]) for k in ORDER_STATUSES), len(old)))

    # stock.csv
    header, rows, _ = read_csv(d("stock.csv"))
    ck.ok(header == STOCK_COLUMNS, "stock.csv", "header %s" % header)
    forbidden = set()
    in_orders = set()
    for o in orders.values():
        for it in o["items"]:
            pid = as_id(it.get("product_id"))
            in_orders.add(pid)
            if o["status"] not in ("received", "ready"):
                forbidden.add(pid)
    pairs = set()
    unique_count = Counter()
    totals = Counter()
    stock = {}
    for i, r in enumerate(rows):
        w = "stock.csv[row %d]" % (i + 2)
        check_required(ck, w, r, STOCK_COLUMNS)
        pid = as_id(r.get("product_id"))
        ck.ok(pid in products, w, "unknown product %r" % r.get("product_id"))
        loc = r.get("location", "")
        ck.ok(LOCATION_RE.match(loc), w, "bad location %r" % loc)
        q = as_int(r.get("quantity"))
        ck.ok(q is not None and q >= 1, w, "bad quantity %r" % r.get("quantity"))
        at = as_time(r.get("received_at"))
        ck.ok(at is not None and at < NOW, w, "bad received_at %r" % r.get("received_at"))
        ck.ok(at is not None and in_window(at, OPEN_HOURS), w, "received_at outside opening hours")
        ck.ok((pid, loc) not in pairs, w, "(product, location) (%s, %s) twice" % (pid, loc))
        pairs.add((pid, loc))
        ck.ok(pid not in forbidden, w, "product %s belongs to a picked_up/returned/cancelled/expected order" % pid)
        p = products.get(pid)
        if p and p["unique"]:
            unique_count[pid] += 1
            ck.ok(unique_count[pid] == 1, w, "unique item %s in stock twice" % pid)
            ck.ok(q == 1, w, "unique item with quantity %r" % q)
        totals[pid] += q or 0
        stock[(pid, loc)] = (q, at)
    order_lines = set()
    for oid, o in orders.items():
        if o["status"] not in ("received", "ready"):
            continue
        loc = o["shelf"] or "BACK"
        for it in o["items"]:
            pid = as_id(it["product_id"])
            w = "stock.csv order %s product %s" % (oid, pid)
            got = stock.get((pid, loc))
            if ck.ok(got is not None, w, "no RECEIVE line at %s" % loc):
                order_lines.add((pid, loc))
                q, at = got
                ck.ok(q == it["quantity"], w, "quantity %s, item has %s" % (q, it["quantity"]))
                ck.ok(at is not None and o["created"] <= at < NOW and at <= o["updated"], w,
                      "received_at not between order created_at and its last change")
    unsold = [k for k in stock if k not in order_lines]
    ck.ok(50 <= len(unsold) <= 70, "stock.csv", "%d unsold lines" % len(unsold))
    for pid, loc in unsold:
        w = "stock.csv unsold %s@%s" % (pid, loc)
        ck.ok(pid not in in_orders or not products[pid]["unique"], w, "unique item of an order stocked as unsold")
        ck.ok(re.match(r"^[A-D]-0[1-6]-[1-3]$", loc) or loc == "BACK", w, "location %r" % loc)
        if not products[pid]["unique"]:
            ck.ok(2 <= stock[(pid, loc)][0] <= 25, w, "counted quantity %s" % stock[(pid, loc)][0])
    low = [pid for pid in totals if not products[pid]["unique"] and totals[pid] < products[pid]["threshold"]]
    ck.ok(len(low) >= 2, "stock.csv", "fewer than 2 counted goods below their threshold")
    ck.summaries.append("stock.csv: %d RECEIVE lines (%d for %d received/ready orders, %d unsold), %d counted goods below threshold"
                        % (len(rows), len(order_lines), st["received"] + st["ready"], len(unsold), len(low)))

    # tasks.csv
    header, rows, _ = read_csv(d("tasks.csv"))
    check_columns(ck, "tasks.csv", header, TASK_COLUMNS, None)
    seen = {k: set() for k in ("type", "priority", "status")}
    buckets = Counter()
    assignees = Counter()
    for i, r in enumerate(rows):
        w = "tasks.csv[row %d]" % (i + 2)
        check_required(ck, w, r, ["type", "priority", "status", "title", "created_at"])
        ck.ok(r.get("type") in TASK_TYPES, w, "bad type %r" % r.get("type"))
        ck.ok(r.get("priority") in PRIORITIES, w, "bad priority %r" % r.get("priority"))
        s = r.get("status")
        ck.ok(s in TASK_STATUSES, w, "bad status %r" % s)
        for k in seen:
            seen[k].add(r.get(k))
        ck.ok(text_ok(r.get("title"), 120), w, "bad title")
        c = as_time(r.get("created_at"))
        ck.ok(c is not None and NOW - 10 * DAY <= c < NOW, w, "bad created_at")
        ck.ok(c is not None and in_window(c, OPEN_HOURS), w, "created_at outside opening hours")
        if "assignee" in r:
            ck.ok(r["assignee"] in staff, w, "unknown assignee %r" % r["assignee"])
            assignees[staff.get(r["assignee"], {}).get("role")] += 1
        if "order_id" in r:
            oid = as_id(r["order_id"])
            ck.ok(oid in orders, w, "unknown order %r" % r["order_id"])
        if r.get("type") == "ORDER_PICKUP":
            o = orders.get(as_id(r.get("order_id", "")))
            if ck.ok(o is not None and o["status"] == "ready", w, "ORDER_PICKUP not linked to a ready order"):
                ck.ok(c is not None and c >= o["updated"], w, "task created before the order was ready")
        if "product_id" in r:
            ck.ok(as_id(r["product_id"]) in products, w, "unknown product %r" % r["product_id"])
        ck.ok(("waiting_reason" in r) == (s == "waiting"), w, "waiting_reason present iff waiting")
        if "waiting_reason" in r:
            ck.ok(r["waiting_reason"] in WAITING_REASONS, w, "bad waiting_reason %r" % r["waiting_reason"])
        ck.ok(("closed_at" in r) == (s in ("done", "cancelled")), w, "closed_at present iff done/cancelled")
        if "closed_at" in r:
            cl = as_time(r["closed_at"])
            ck.ok(cl is not None and c is not None and c <= cl < NOW, w, "bad closed_at")
            ck.ok(cl is not None and in_window(cl, OPEN_HOURS), w, "closed_at outside opening hours")
        ck.ok(("cancel_reason" in r) == (s == "cancelled"), w, "cancel_reason present iff cancelled")
        if "cancel_reason" in r:
            ck.ok(text_ok(r["cancel_reason"], 200), w, "bad cancel_reason")
        if s in ("open", "in_progress", "waiting") and c is not None:
            ratio = (NOW - c) / timedelta(hours=SLA_HOURS.get(r.get("priority"), 1))
            buckets["within" if ratio < 0.6 else "at_risk" if 0.75 <= ratio < 1 else "breached" if ratio >= 1 else "grey"] += 1
    ck.ok(20 <= len(rows) <= 30, "tasks.csv", "%d tasks" % len(rows))
    ck.ok(seen["type"] == set(TASK_TYPES), "tasks.csv", "types %s" % seen["type"])
    ck.ok(seen["priority"] == set(PRIORITIES), "tasks.csv", "priorities %s" % seen["priority"])
    ck.ok(seen["status"] == set(TASK_STATUSES), "tasks.csv", "statuses %s" % seen["status"])
    ck.ok(buckets["within"] >= 3 and buckets["at_risk"] >= 3 and buckets["breached"] >= 3 and not buckets["grey"],
          "tasks.csv", "SLA buckets %s" % dict(buckets))
    ck.ok(assignees["clerk"] > sum(assignees.values()) / 2, "tasks.csv", "clerks are not most assignees")
    ck.summaries.append("tasks.csv: %d tasks, %d types, %d priorities, %d statuses; open ones: %d within SLA, %d at risk, %d breached"
                        % (len(rows), len(seen["type"]), len(seen["priority"]), len(seen["status"]),
                           buckets["within"], buckets["at_risk"], buckets["breached"]))

    # tickets.json
    tickets, form = read_json(d("tickets.json"))
    ck.ok(form == "array", "tickets.json", "not a JSON array")
    first_order = {}
    for o in orders.values():
        cid = o["customer"]
        if o["created"] is None:
            continue
        if cid not in first_order or o["created"] < first_order[cid]:
            first_order[cid] = o["created"]
    cats, stats, prios = set(), set(), set()
    n_msgs = 0
    for i, t in enumerate(tickets):
        w = "tickets.json[%d]" % i
        check_columns(ck, w, t.keys(), TICKET_KEYS, None)
        check_required(ck, w, t, ["customer_id", "category", "priority", "status", "subject", "created_at", "messages"])
        cid = as_id(t.get("customer_id"))
        ck.ok(cid in first_order, w, "customer %r has no order" % t.get("customer_id"))
        floor = first_order.get(cid)
        if t.get("order_id") is not None:
            o = orders.get(as_id(t["order_id"]))
            if ck.ok(o is not None and o["customer"] == cid, w, "order %r is not this customer's" % t["order_id"]):
                floor = o["created"]
        ck.ok(t.get("category") in TICKET_CATEGORIES, w, "bad category")
        ck.ok(t.get("priority") in PRIORITIES, w, "bad priority")
        ck.ok(t.get("status") in TICKET_STATUSES, w, "bad status")
        cats.add(t.get("category")); stats.add(t.get("status")); prios.add(t.get("priority"))
        if t.get("assignee") is not None:
            ck.ok(t["assignee"] in staff, w, "unknown assignee")
        ck.ok(text_ok(t.get("subject"), 120), w, "bad subject")
        created = as_time(t.get("created_at"))
        ck.ok(created is not None and floor is not None and floor < created < NOW, w, "created_at out of range")
        if t.get("rating") is not None:
            ck.ok(t.get("status") == "closed", w, "rating on a ticket that is not closed")
            ck.ok(type(t["rating"]) is int and 1 <= t["rating"] <= 5, w, "bad rating")
        msgs = t.get("messages") or []
        ck.ok(isinstance(msgs, list) and 1 <= len(msgs) <= 5, w, "%d messages" % len(msgs))
        n_msgs += len(msgs)
        prev = created
        for j, m in enumerate(msgs):
            wm = "%s.messages[%d]" % (w, j)
            check_columns(ck, wm, m.keys(), MESSAGE_KEYS, None)
            ck.ok(m.get("direction") in DIRECTIONS, wm, "bad direction")
            ck.ok(m.get("channel") in CHANNELS, wm, "bad channel")
            if j == 0:
                ck.ok(m.get("direction") == "in", wm, "first message is not direction in")
            if m.get("direction") == "in":
                ck.ok("staff" in m and m["staff"] is None, wm, "inbound message must have staff null")
            else:
                ck.ok(m.get("staff") in staff, wm, "out/note without a staff login")
            at = as_time(m.get("at"))
            ck.ok(at is not None and prev is not None and prev <= at < NOW, wm, "at not chronological / not before NOW")
            if j == 0:
                ck.ok(at == created, wm, "first message not at created_at")
            if (m.get("channel") == "counter" or m.get("direction") != "in") and at is not None:
                ck.ok(in_window(at, OPEN_HOURS), wm, "counter or staff message outside opening hours")
            prev = at
            ck.ok(text_ok(m.get("body"), 2000), wm, "bad body")
    ck.ok(10 <= len(tickets) <= 14, "tickets.json", "%d tickets" % len(tickets))
    ck.ok(cats == set(TICKET_CATEGORIES), "tickets.json", "categories %s" % cats)
    ck.ok(stats == set(TICKET_STATUSES), "tickets.json", "statuses %s" % stats)
    ck.ok(prios == set(PRIORITIES), "tickets.json", "priorities %s" % prios)
    ck.summaries.append("tickets.json: %d tickets, %d messages, %d categories, %d statuses"
                        % (len(tickets), n_msgs, len(cats), len(stats)))


def check_import(ck):
    """The example import files in ../import (documentation and test inputs)."""
    d = lambda f: os.path.join(IMPORT_DIR, f)
    if not os.path.exists(d("products.csv")):
        ck.summaries.append("import/: not generated yet (run ../import/generate.py)")
        return
    header, rows, text = read_csv(d("products.csv"))
    check_columns(ck, "import/products.csv", header, PRODUCT_COLUMNS, None)
    pcsv = check_product_rows(ck, "import/products.csv", rows)
    ck.ok(len(pcsv) == 8, "import/products.csv", "%d rows" % len(pcsv))
    comma = [p for p in pcsv.values() if "," in p["title"]]
    ck.ok(len(comma) >= 1 and all(('"%s"' % p["title"]) in text for p in comma), "import/products.csv",
          "no quoted title with a comma")
    objs, _ = read_json(d("products.json"))
    pjson = check_product_rows(ck, "import/products.json", objs)
    ck.ok(sorted(pjson) == list(range(900000001, 900000006)), "import/products.json", "ids %s" % sorted(pjson))
    ck.ok(not set(pcsv) & set(pjson), "import/products", "ids collide between csv and json")
    ck.summaries.append("import/products.csv: %d products; import/products.json: %d products" % (len(pcsv), len(pjson)))

    header, rows, _ = read_csv(d("staff.csv"))
    check_columns(ck, "import/staff.csv", header, STAFF_COLUMNS, None)
    scsv = check_staff_rows(ck, "import/staff.csv", rows)
    objs, form = read_json(d("staff.json"))
    ck.ok(form == "lines", "import/staff.json", "not JSON Lines")
    sjson = check_staff_rows(ck, "import/staff.json", objs)
    ck.ok(len(scsv) == 3 and len(sjson) == 2, "import/staff", "%d + %d rows" % (len(scsv), len(sjson)))
    ck.ok(not set(scsv) & set(sjson), "import/staff", "logins collide")
    ck.summaries.append("import/staff.csv: %d staff; import/staff.json: %d staff (JSON Lines)" % (len(scsv), len(sjson)))

    staff = dict(scsv, **sjson)
    header, rows, _ = read_csv(d("orders.csv"))
    check_columns(ck, "import/orders.csv", header, ORDER_LEVEL + ITEM_KEYS, None)
    ocsv_groups = orders_from_csv(ck, "import/orders.csv", rows)
    objs, _ = read_json(d("orders.json"))
    ojson_groups = orders_from_json("import/orders.json", objs)
    # Checked together so a unique item cannot sit in an order of each file.
    both = check_order_objects(ck, "import/orders", ocsv_groups + ojson_groups, pcsv, staff, strict_time=True)
    ocsv = {as_id(g[1].get("order_id")) for g in ocsv_groups}
    ojson = {as_id(g[1].get("order_id")) for g in ojson_groups}
    ck.ok(len(rows) == 4 and len(ocsv) == 3, "import/orders.csv", "%d rows, %d orders" % (len(rows), len(ocsv)))
    ck.ok(any(len(g[2]) == 2 for g in ocsv_groups), "import/orders.csv", "no order with 2 items")
    ck.ok(any(g[1].get("status") == "ready" and g[1].get("shelf") == "A-02-1" for g in ocsv_groups),
          "import/orders.csv", "no ready order at A-02-1")
    ck.ok(len(ojson) == 2 and {g[1].get("status") for g in ojson_groups} == {"expected", "ready"},
          "import/orders.json", "statuses")
    ck.ok(not ocsv & ojson, "import/orders", "order ids collide")
    cust = {}
    for g in ocsv_groups + ojson_groups:
        key = (g[1].get("customer_name"), g[1].get("customer_phone"))
        ck.ok(cust.setdefault(g[1].get("customer_id"), key) == key, "import/orders", "customer differs")
    codes = [g[1].get("pickup_code") for g in ocsv_groups + ojson_groups]
    ck.ok(len(set(codes)) == len(codes), "import/orders", "duplicate pickup code")
    ck.summaries.append("import/orders.csv: %d orders in %d rows; import/orders.json: %d orders"
                        % (len(ocsv), len(rows), len(ojson)))


def run_checks(demo=True, imports=True):
    ck = Check()
    try:
        if demo:
            check_demo(ck)
        if imports:
            check_import(ck)
    except (ValueError, KeyError, OSError, UnicodeDecodeError) as e:
        ck.errors.append("unreadable: %s" % e)
    except (TypeError, AttributeError) as e:  # a value so wrong that a later check could not run
        ck.errors.append("check stopped early (%s: %s); fix the problems above first" % (type(e).__name__, e))
    for s in ck.summaries:
        print(s)
    if ck.errors:
        print("\n%d problem(s):" % len(ck.errors), file=sys.stderr)
        for e in ck.errors[:100]:
            print("  " + e, file=sys.stderr)
        return False
    print("all checks passed")
    return True


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        generate()
    sys.exit(0 if run_checks() else 1)
