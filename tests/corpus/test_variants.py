#!/usr/bin/python3
"""Encoding and line-ending variants of each seed must give the same output.

For every seed this builds NFD, CRLF, CR-only, BOM and NFD+CRLF+BOM copies,
runs vnplan on each (JSON and XML) and requires the output to be
byte-identical to the original's once the source block is removed: name,
bytes and sha256 describe the file itself and legitimately differ. It also
checks that two runs on one file agree byte for byte, and that --compact
JSON parses to the same object as the indented JSON.
Final line "N passed, M failed"; exits 1 when any check failed.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import brief  # noqa: E402

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")



BOM = "\ufeff"


def variants(text):
    """Name and bytes of each variant; every transform keeps the meaning."""
    nfd = unicodedata.normalize("NFD", text)
    return [
        ("nfd", nfd.encode("utf-8")),
        ("crlf", text.replace("\n", "\r\n").encode("utf-8")),
        ("cr", text.replace("\n", "\r").encode("utf-8")),
        ("bom", (BOM + text).encode("utf-8")),
        ("nfd+crlf+bom", (BOM + nfd.replace("\n", "\r\n")).encode("utf-8")),
    ]


def run(args):
    proc = subprocess.run([VNPLAN, "extract", "-q"] + args, capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("exit %d: %s" % (proc.returncode, brief(proc.stderr.decode("utf-8", "replace"))))
    return proc.stdout


# The indented JSON writes the source block as its own object; it holds no
# nested object, so the shortest match ends at its closing brace.
JSON_SOURCE = re.compile(rb'\n(\s*)"source": \{.*?\n\1\},?', re.S)
XML_SOURCE = re.compile(rb"^[ \t]*<source\b[^>]*/>\r?\n", re.M)


def strip_source(data, fmt):
    pattern = JSON_SOURCE if fmt == "json" else XML_SOURCE
    stripped, count = pattern.subn(b"", data, count=1)
    if count != 1:
        raise RuntimeError("no source block found in the %s output" % fmt)
    return stripped


def first_difference(a, b):
    """Line number and both lines where two outputs first differ."""
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            show = lambda s: s.decode("utf-8", "backslashreplace").strip()[:120]
            return "output line %d: %s | %s" % (i + 1, show(x), show(y))
    return "lengths differ: %d vs %d lines" % (len(la), len(lb))


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, label, fn):
        """Runs one check; fn returns None on success or a reason."""
        try:
            reason = fn()
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            reason = str(e)
        if reason is None:
            self.passed += 1
        else:
            self.failed += 1
            print("%s: %s" % (label, reason))


def same_output(original, variant, fmt):
    want = strip_source(run(["--format", fmt, original]), fmt)
    got = strip_source(run(["--format", fmt, variant]), fmt)
    if want == got:
        return None
    return "%s output differs from the original's: %s" % (fmt, first_difference(want, got))


def deterministic(path, fmt):
    first, second = run(["--format", fmt, path]), run(["--format", fmt, path])
    if first == second:
        return None
    return "two runs differ (%s): %s" % (fmt, first_difference(first, second))


def compact_matches(path):
    pretty = json.loads(run([path]).decode("utf-8"))
    compact_bytes = run(["--compact", path])
    compact = json.loads(compact_bytes.decode("utf-8"))
    if b"\n  " in compact_bytes:
        return "--compact output is indented"
    return None if pretty == compact else "--compact JSON parses to a different object"


def check_seed(seed, workdir, tally):
    name = os.path.basename(seed)
    raw = open(seed, "rb").read()
    text = raw.decode("utf-8")
    for tag, data in variants(text):
        # Same base name in its own folder, so only the path differs.
        folder = os.path.join(workdir, tag.replace("+", "_"))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        for fmt in ("json", "xml"):
            tally.check("%s: %s (%s)" % (name, tag, fmt),
                        lambda: same_output(seed, path, fmt))
    for fmt in ("json", "xml"):
        tally.check("%s: determinism (%s)" % (name, fmt), lambda: deterministic(seed, fmt))
    tally.check("%s: compact" % name, lambda: compact_matches(seed))


def main():
    tally = Tally()
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    seeds = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))
    if not seeds:
        print("no seeds in corpus/seeds")
        tally.failed += 1
    with tempfile.TemporaryDirectory(prefix="vnplan-variants-") as workdir:
        for seed in seeds:
            check_seed(seed, workdir, tally)
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
