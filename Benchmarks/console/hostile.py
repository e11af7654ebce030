"""Hostile camera files (huge headers, truncated, empty, scan bombs), made for `make bench-console`'s last phase.

Each is written into a staging folder on the same file system as the camera folder and renamed
in (or, for the link and the FIFO, made there), as a camera writing a finished file would:
  huge.jpg         a real photo whose header claims 65535 x 65535 pixels
  wide.png         a PNG of 1 000 000 columns (8 rows of white)
  scans.jpg        a progressive JPEG whose last scan is repeated 3 000 times
  truncated.jpg    the first half of a real photo
  empty.jpg        zero bytes
  sparse.jpg       a 2 GB sparse file
  random.jpg       1 MB of random bytes
  shadow.jpg       a symbolic link to /etc/shadow
  pipe.jpg         a FIFO
  good.jpg         an ordinary photo with a code (PRODUCT:100001), which must still be read
"""
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PHOTO = os.path.join(ROOT, "Fixtures", "scan", "product-100001.jpg")
PROGRESSIVE = os.path.join(ROOT, "Fixtures", "fuzz", "image", "seeds", "qr-product-progressive.jpg")

# The file that is not hostile, and what reading it gives.
GOOD = "good.jpg"


def _huge(photo):
    data = bytearray(photo)
    sof = next(i for i in range(len(data) - 9) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC2))
    data[sof + 5:sof + 9] = b"\xff\xff\xff\xff"
    return bytes(data)


def _wide_png(width=1_000_000, height=8):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _scan_bomb(progressive, copies=3000):
    sos = progressive.rfind(b"\xff\xda")
    eoi = progressive.rfind(b"\xff\xd9")
    return progressive[:eoi] + progressive[sos:eoi] * copies + b"\xff\xd9"


def files():
    """(name, bytes) of the regular files, in the order they arrive."""
    photo = open(PHOTO, "rb").read()
    rng = random.Random(20261201)
    return [
        ("huge.jpg", _huge(photo)),
        ("wide.png", _wide_png()),
        ("scans.jpg", _scan_bomb(open(PROGRESSIVE, "rb").read())),
        ("truncated.jpg", photo[:len(photo) // 2]),
        ("empty.jpg", b""),
        ("random.jpg", bytes(rng.getrandbits(8) for _ in range(1 << 20))),
        (GOOD, photo),
    ]


def arrive(name, data, staging, camera):
    """Puts one file into the camera folder at once (written aside, then renamed in)."""
    path = os.path.join(staging, name)
    with open(path, "wb") as f:
        f.write(data)
    os.rename(path, os.path.join(camera, name))


def arrive_special(name, camera):
    """The entries that are not regular files: made in the folder directly."""
    path = os.path.join(camera, name)
    if name == "sparse.jpg":
        with open(path, "wb") as f:
            f.truncate(2 << 30)
    elif name == "shadow.jpg":
        os.symlink("/etc/shadow", path)
    elif name == "pipe.jpg":
        os.mkfifo(path)
    else:
        raise ValueError(name)


SPECIAL = ["sparse.jpg", "shadow.jpg", "pipe.jpg"]


def settled(camera, name):
    """Where the file went ("processed" or "quarantine") once it has; None before."""
    for where in ("processed", "quarantine"):
        if os.path.lexists(os.path.join(camera, where, name)):
            # A quarantined file's reason is written beside it; wait for that too.
            if where == "quarantine" and not os.path.exists(os.path.join(camera, where, name + ".reason")):
                return None
            return where
    return None
