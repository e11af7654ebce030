#!/usr/bin/env python3
"""Camera-like frames for `make bench-scan`.

Every frame is a colour JPEG, 1280x720 or 1920x1080, as a USB camera over a counter would deliver
it: a cluttered background (the counter, papers, packaging, a phone), and, in all but the no-code
category, one QR code made by libqrencode (the library our labels use, called through ctypes) on a
pickup slip or a phone screen, then seen through a camera: placement in 3-D, lens blur, light,
sensor noise and JPEG compression.

Categories and what each one stresses:
  nominal        mild conditions only (the counter's common case)
  rotation       any angle in the plane
  perspective    the slip tilted 35-60 degrees, held close to the lens (strong keystone)
  blur           out of focus or moving (Gaussian and motion blur up to ~0.45 module)
  noise          dim-light sensor noise
  low_contrast   faded thermal print, grey ink on grey paper
  glare          a specular highlight and a washed-out side across the code
  small          codes of 2.0-3.0 px per module
  inverted       light-on-dark codes on a phone screen in dark mode
  combined       rotation, tilt, blur, noise and low contrast at once, each moderate
  no_code        clutter only, with QR-like decoys (finder squares, checkerboards, 1-D barcodes)

The frames depend only on the seed: the same command writes the same files. A manifest
(manifest.tsv: file, category, width, height, payload or '-', and the parameters) goes beside them.

Usage: frames.py OUTDIR [--per-category N] [--seed S]
"""
import argparse
import ctypes
import math
import os
import sys

import cv2
import numpy as np

CATEGORIES = [
    "nominal", "rotation", "perspective", "blur", "noise", "low_contrast", "glare", "small",
    "inverted", "combined", "no_code",
]


class QRcode(ctypes.Structure):
    _fields_ = [("version", ctypes.c_int), ("width", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte))]


_lib = ctypes.CDLL("libqrencode.so.4")
_lib.QRcode_encodeString.restype = ctypes.POINTER(QRcode)
_lib.QRcode_encodeString.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
_lib.QRcode_encodeData.restype = ctypes.POINTER(QRcode)
_lib.QRcode_encodeData.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
_lib.QRcode_free.argtypes = [ctypes.POINTER(QRcode)]


def qr_matrix(payload, level, eight_bit):
    """Modules as a bool array (True = dark). eight_bit: whole payload in 8-bit mode, as our
    labels encode it; otherwise libqrencode picks the modes (alphanumeric for our payloads), as a
    marketplace app might, which often gives a smaller version."""
    data = payload.encode("ascii")
    if eight_bit:
        code = _lib.QRcode_encodeData(len(data), data, 0, level)
    else:
        code = _lib.QRcode_encodeString(data, 0, level, 2, 1)
    if not code:
        raise RuntimeError("libqrencode refused " + payload)
    try:
        w = code.contents.width
        raw = np.ctypeslib.as_array(code.contents.data, shape=(w * w,)).copy()
        return (raw & 1).astype(bool).reshape(w, w), code.contents.version
    finally:
        _lib.QRcode_free(code)


def random_payload(rng):
    kind = rng.choice(["order", "order", "order", "product", "inventory"])
    def ident(lo, hi):
        return str(int(rng.integers(lo, hi)))
    if kind == "order":
        n = int(rng.integers(6, 11))
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        code = "".join(alphabet[int(i)] for i in rng.integers(0, 36, n))
        return "ORDER:%s:%s" % (ident(1000, 10**9), code)
    if kind == "product":
        return "PRODUCT:%s" % ident(100, 10**7)
    return "INVENTORY:%s" % ident(1, 10**6)


# MARK: background and clutter

FONTS = [cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX, cv2.FONT_HERSHEY_PLAIN]
WORDS = ["VGK", "Douala", "Akwa", "COLIS", "Livraison", "FCFA", "50 000", "Bonapriso", "Fragile", "ORDER",
         "Retrait", "Pickup", "Yaounde", "Merci", "Tel 6 99 00", "Carton 12", "Lot 4", "BP 123"]


def colour(rng, lo=0.0, hi=1.0):
    return tuple(float(v) for v in rng.uniform(lo, hi, 3))


def background(rng, w, h):
    """A counter top with papers, boxes, text and stripes on it (float32 BGR in 0..1)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a, b = np.array(colour(rng, 0.25, 0.75), np.float32), np.array(colour(rng, 0.25, 0.75), np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    t = ((xx * math.cos(angle) + yy * math.sin(angle)) / max(w, h) + 1) / 2
    img = a * (1 - t[..., None]) + b * t[..., None]
    # Low-frequency texture (wood grain, stains).
    tex = cv2.GaussianBlur(rng.normal(0, 1, (h // 8, w // 8)).astype(np.float32), (0, 0), 3)
    tex = cv2.resize(tex, (w, h), interpolation=cv2.INTER_LINEAR)
    img += (tex * 0.08)[..., None]
    for _ in range(int(rng.integers(18, 40))):
        kind = rng.choice(["rect", "rect", "circle", "line", "text", "text", "stripes", "checker", "finder"])
        c = colour(rng, 0.0, 1.0)
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        if kind == "rect":
            rw, rh = int(rng.integers(20, w // 3)), int(rng.integers(20, h // 3))
            box = cv2.boxPoints(((x, y), (rw, rh), float(rng.uniform(0, 180)))).astype(np.int32)
            cv2.fillConvexPoly(img, box, c, lineType=cv2.LINE_AA)
        elif kind == "circle":
            cv2.circle(img, (x, y), int(rng.integers(8, h // 6)), c, -1, lineType=cv2.LINE_AA)
        elif kind == "line":
            cv2.line(img, (x, y), (int(rng.integers(0, w)), int(rng.integers(0, h))), c,
                     int(rng.integers(1, 8)), lineType=cv2.LINE_AA)
        elif kind == "text":
            text = " ".join(rng.choice(WORDS, int(rng.integers(1, 4))))
            cv2.putText(img, text, (x, y), int(rng.choice(FONTS)), float(rng.uniform(0.6, 2.5)), c,
                        int(rng.integers(1, 4)), lineType=cv2.LINE_AA)
        elif kind == "stripes":  # a 1-D barcode on a parcel
            bw, bh = int(rng.integers(80, 260)), int(rng.integers(30, 90))
            patch = np.ones((bh, bw, 3), np.float32) * 0.95
            pos = 4
            while pos < bw - 4:
                width = int(rng.integers(1, 5))
                if rng.random() < 0.5:
                    patch[:, pos:pos + width] = 0.05
                pos += width
            paste(img, patch, x, y)
        elif kind == "checker":
            n, cell = int(rng.integers(4, 12)), int(rng.integers(3, 10))
            board = (np.indices((n, n)).sum(axis=0) % 2).astype(np.float32)
            board = cv2.resize(board, (n * cell, n * cell), interpolation=cv2.INTER_NEAREST)
            paste(img, np.repeat(board[..., None], 3, axis=2) * 0.9 + 0.05, x, y)
        elif kind == "finder":  # the 1:1:3:1:1 square of a QR code, alone or in pairs
            cell = int(rng.integers(3, 9))
            for k in range(int(rng.integers(1, 3))):
                paste(img, finder_patch(cell), x + k * cell * 14, y)
    return np.clip(img, 0, 1)


def finder_patch(cell):
    m = np.ones((9, 9), np.float32)
    m[1:8, 1:8] = 0
    m[2:7, 2:7] = 1
    m[3:6, 3:6] = 0
    m = cv2.resize(m, (9 * cell, 9 * cell), interpolation=cv2.INTER_NEAREST)
    return np.repeat(m[..., None], 3, axis=2) * 0.9 + 0.05


def paste(img, patch, x, y):
    h, w = img.shape[:2]
    ph, pw = patch.shape[:2]
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(w, x + pw), min(h, y + ph)
    if x1 > x0 and y1 > y0:
        img[y0:y1, x0:x1] = patch[y0 - y:y1 - y, x0 - x:x1 - x]


# MARK: the code, placed in 3-D

def code_quad(rng, frame_w, frame_h, side_px, rotation_deg, tilt_deg, distance, quiet_share):
    """Corners (4x2, clockwise from top-left of the code) of a square of `side_px` (its apparent
    size when seen face-on) rotated in its plane, tilted by `tilt_deg` about a random axis and
    seen by a pinhole camera at `distance` code sides away (smaller = stronger keystone). The quiet
    zone and the slip, `quiet_share` code sides on each side, stay in the frame too."""
    s = 1.0
    pts = np.array([[-s / 2, -s / 2, 0], [s / 2, -s / 2, 0], [s / 2, s / 2, 0], [-s / 2, s / 2, 0]])
    r = math.radians(rotation_deg)
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    axis_angle = rng.uniform(0, 2 * math.pi)
    axis = np.array([math.cos(axis_angle), math.sin(axis_angle), 0.0])
    t = math.radians(tilt_deg)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rt = np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * (k @ k)
    p = (rt @ (rz @ pts.T)).T
    p[:, 2] += distance
    proj = p[:, :2] / p[:, 2:3] * distance  # unit scale at the code's centre
    proj *= side_px
    # Keep the whole code in the frame, with a margin.
    span = proj.max(axis=0) - proj.min(axis=0)
    margin = 10 + side_px * quiet_share
    cx = rng.uniform(margin + span[0] / 2, max(margin + span[0] / 2 + 1, frame_w - margin - span[0] / 2))
    cy = rng.uniform(margin + span[1] / 2, max(margin + span[1] / 2 + 1, frame_h - margin - span[1] / 2))
    centre = (proj.max(axis=0) + proj.min(axis=0)) / 2
    return (proj - centre + [cx, cy]).astype(np.float32)


def render_code(img, modules, quad, ink, paper, quiet, slip, supersample=4):
    """Draws the code (with `quiet` modules of quiet zone, on a slip with printed lines when
    `slip`) into img so that its module grid lands on `quad`. Supersampled, then area-averaged,
    as a lens and sensor integrate light."""
    n = modules.shape[0]
    unit = 8  # source pixels per module
    border = quiet + (4 if slip else 0)
    total = n + 2 * border
    src = np.ones((total * unit, total * unit), np.float32)
    grid = np.kron(modules.astype(np.float32), np.ones((unit, unit), np.float32))
    src[border * unit:(border + n) * unit, border * unit:(border + n) * unit] = 1 - grid
    if slip:  # printed lines of text below and above the code, on the slip
        for row in [1, 2, total - 3, total - 2]:
            x = unit
            while x < (total - 2) * unit:
                word = int(np.random.default_rng(row * 1000 + x).integers(2, 6)) * unit
                src[row * unit + 2:row * unit + unit - 2, x:min(x + word, (total - 2) * unit)] = 0.1
                x += word + unit
    # The quad holds the code's corners; extend it to the slip's.
    corners_src = np.float32([[border, border], [border + n, border], [border + n, border + n], [border, border + n]]) * unit
    h_code = cv2.getPerspectiveTransform(corners_src, quad)
    full_src = np.float32([[0, 0], [total * unit, 0], [total * unit, total * unit], [0, total * unit]])
    outer = cv2.perspectiveTransform(full_src[None], h_code)[0]
    x0, y0 = np.floor(outer.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(outer.max(axis=0)).astype(int) + 2
    H, W = img.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
    if x1 <= x0 or y1 <= y0:
        return
    ss = supersample
    shift = np.float64([[ss, 0, -x0 * ss], [0, ss, -y0 * ss], [0, 0, 1]])
    m = shift @ h_code
    size = ((x1 - x0) * ss, (y1 - y0) * ss)
    warped = cv2.warpPerspective(src, m, size, flags=cv2.INTER_LINEAR, borderValue=1.0)
    mask = cv2.warpPerspective(np.ones_like(src), m, size, flags=cv2.INTER_LINEAR, borderValue=0.0)
    warped = cv2.resize(warped, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    mask = cv2.resize(mask, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    ink = np.array(ink, np.float32)
    paper = np.array(paper, np.float32)
    shade = ink + (paper - ink) * warped[..., None]
    region = img[y0:y1, x0:x1]
    img[y0:y1, x0:x1] = region * (1 - mask[..., None]) + shade * mask[..., None]


# MARK: camera effects

def illumination(rng, img, strength):
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    r = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / math.hypot(w, h)
    field = 1 - strength * r ** 2 * 2
    return img * field[..., None]


def glare(rng, img, quad, strength):
    """A specular highlight over part of the code, and light washing out one side."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    side = float(np.linalg.norm(quad[1] - quad[0]))
    centre = quad.mean(axis=0) + rng.uniform(-0.45, 0.45, 2) * side
    sigma = rng.uniform(0.10, 0.25) * side
    spot = np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * sigma ** 2))
    angle = rng.uniform(0, 2 * math.pi)
    wash = np.clip(((xx - quad[:, 0].mean()) * math.cos(angle) + (yy - quad[:, 1].mean()) * math.sin(angle)) / (side * 1.5) + 0.5, 0, 1)
    img = img + (spot * strength + wash * rng.uniform(0.15, 0.35))[..., None]
    return img


def blur(img, sigma):
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0.05 else img


def motion_blur(img, length, angle):
    if length < 1.0:
        return img
    size = int(math.ceil(length)) * 2 + 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    cv2.line(kernel, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1.0, 1, cv2.LINE_AA)
    kernel /= kernel.sum()
    return cv2.filter2D(img, -1, kernel)


def sensor_noise(rng, img, sigma):
    return img + rng.normal(0, sigma / 255.0, img.shape).astype(np.float32)


# MARK: one frame per category

def make_frame(category, index, seed):
    rng = np.random.default_rng([seed, CATEGORIES.index(category), index])
    w, h = (1280, 720) if index % 2 == 0 else (1920, 1080)
    img = background(rng, w, h)
    p = {"rotation": rng.uniform(-12, 12), "tilt": rng.uniform(0, 15), "distance": rng.uniform(4, 8),
         "blur": rng.uniform(0.3, 0.8), "motion": 0.0, "noise": rng.uniform(2, 5),
         "quality": int(rng.integers(80, 93)), "ink": rng.uniform(0.03, 0.15), "paper": rng.uniform(0.82, 0.97),
         "light": rng.uniform(0.0, 0.25), "glare": 0.0, "quiet": 4, "phone": False,
         "span": rng.uniform(0.16, 0.42)}  # code side as a share of the frame height
    payload = None
    if category != "no_code":
        payload = random_payload(rng)
    if category == "rotation":
        p["rotation"] = rng.uniform(0, 360)
    elif category == "perspective":
        p["tilt"], p["distance"], p["rotation"] = rng.uniform(35, 60), rng.uniform(1.3, 3.0), rng.uniform(0, 360)
        p["span"] = rng.uniform(0.25, 0.5)
    elif category == "blur":
        p["span"] = rng.uniform(0.18, 0.35)
        if rng.random() < 0.6:
            p["blur_modules"] = rng.uniform(0.25, 0.45)
        else:
            p["motion_modules"] = rng.uniform(0.6, 1.2)
    elif category == "noise":
        p["noise"] = rng.uniform(14, 32)
        p["paper"] = rng.uniform(0.55, 0.8)  # dim light: noise is what dim light brings
    elif category == "low_contrast":
        p["paper"] = rng.uniform(0.55, 0.85)
        p["ink"] = p["paper"] - rng.uniform(0.10, 0.22)
    elif category == "glare":
        p["glare"] = rng.uniform(0.4, 1.3)
    elif category == "small":
        p["ppm"] = rng.uniform(2.0, 3.0)
        p["blur"] = rng.uniform(0.3, 0.55)
    elif category == "inverted":
        p["phone"] = True
        p["quiet"] = int(rng.integers(2, 5))
        p["ink"], p["paper"] = rng.uniform(0.80, 0.95), rng.uniform(0.04, 0.15)  # light modules, dark screen
        p["glare"] = rng.uniform(0.0, 0.5) if rng.random() < 0.4 else 0.0
    elif category == "combined":
        p["rotation"], p["tilt"], p["distance"] = rng.uniform(0, 360), rng.uniform(15, 35), rng.uniform(2.5, 5)
        p["blur_modules"] = rng.uniform(0.15, 0.3)
        p["noise"] = rng.uniform(6, 14)
        p["paper"] = rng.uniform(0.65, 0.9)
        p["ink"] = p["paper"] - rng.uniform(0.25, 0.4)
        p["span"] = rng.uniform(0.2, 0.4)

    meta = {}
    if payload is not None:
        eight_bit = rng.random() < 0.6  # our labels: 8-bit mode at level M; the app: optimised modes
        level = 1 if eight_bit else int(rng.choice([0, 1, 1, 2]))
        modules, version = qr_matrix(payload, level, eight_bit)
        n = modules.shape[0]
        if "ppm" in p:
            side_px = p["ppm"] * n
        else:
            side_px = p["span"] * h
        ppm = side_px / n
        if "blur_modules" in p:
            p["blur"] = p["blur_modules"] * ppm
        if "motion_modules" in p:
            p["motion"] = p["motion_modules"] * ppm
        quad = code_quad(rng, w, h, side_px, p["rotation"], p["tilt"], p["distance"], (p["quiet"] + 2) / n)
        if p["phone"]:
            # The phone, in the code's plane: a black body, and its dark screen around the code.
            q = p["quiet"]
            to_frame = cv2.getPerspectiveTransform(np.float32([[0, 0], [n, 0], [n, n], [0, n]]), quad)
            for (left, top, right, bottom), shade in [((q + 3, q + 14, q + 3, q + 20), 0.015), ((q + 1, q + 9, q + 1, q + 12), p["paper"])]:
                rect = np.float32([[-left, -top], [n + right, -top], [n + right, n + bottom], [-left, n + bottom]])
                corners = cv2.perspectiveTransform(rect[None], to_frame)[0]
                cv2.fillConvexPoly(img, np.round(corners).astype(np.int32), (shade,) * 3, lineType=cv2.LINE_AA)
        paper_tint = np.clip(np.array([p["paper"]] * 3) + rng.uniform(-0.03, 0.03, 3), 0, 1)
        render_code(img, modules, quad, [p["ink"]] * 3, paper_tint, p["quiet"], slip=not p["phone"])
        meta = {"version": version, "modules": n, "ppm": round(ppm, 2)}
        if p["glare"] > 0:
            img = glare(rng, img, quad, p["glare"])
    img = illumination(rng, img, p["light"])
    img = blur(img, p["blur"])
    if p["motion"] > 0:
        img = motion_blur(img, p["motion"], rng.uniform(0, math.pi))
    img = sensor_noise(rng, img, p["noise"])
    out = (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, p["quality"]])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    params = dict(meta)
    for k in ["rotation", "tilt", "distance", "blur", "motion", "noise", "quality", "ink", "paper", "glare"]:
        params[k] = round(float(p[k]), 2) if isinstance(p[k], float) else p[k]
    return w, h, payload, jpeg.tobytes(), params


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--per-category", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    rows = []
    for category in CATEGORIES:
        for i in range(args.per_category):
            w, h, payload, jpeg, params = make_frame(category, i, args.seed)
            name = "%s-%03d-%dp.jpg" % (category, i, h)
            with open(os.path.join(args.outdir, name), "wb") as f:
                f.write(jpeg)
            rows.append("\t".join([name, category, str(w), str(h), payload or "-",
                                   " ".join("%s=%s" % kv for kv in sorted(params.items()))]))
    with open(os.path.join(args.outdir, "manifest.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("frames.py: %d frames in %s" % (len(rows), args.outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
