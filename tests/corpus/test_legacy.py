#!/usr/bin/python3
"""Each seed in each legacy encoding (tests/fixtures/legacy, written by
tests/fixtures/make_legacy.py) gives the output of the seed in UTF-8, but
for the "source" block: detected, and forced with --encoding. A character
the encoding cannot hold was written as that encoding's users wrote it
(make_legacy.SUBSTITUTES): the UTF-8 text compared is the seed with the
same substitutions. Also: a forced encoding that does not read the text, and
an unknown one, are errors that say so.

Prints one line per file and encoding and "N passed, M failed".
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
from vnptest import ROOT, VNPLAN, brief, skip  # noqa: E402
import make_legacy  # noqa: E402

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "legacy")


def extract(path, *options):
    r = subprocess.run([VNPLAN, "extract", "-q", *options, path], capture_output=True,
                       timeout=120)
    out = json.loads(r.stdout.decode("utf-8")) if r.returncode == 0 else None
    return r, out


def main():
    if not VNPLAN:
        skip("VNPLAN is not set")
    files = sorted(glob.glob(os.path.join(FIXTURES, "*.txt")))
    if not files:
        print("no fixtures in %s: run tests/fixtures/make_legacy.py" % FIXTURES)
        return 1
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(("ok   " if ok else "FAIL ") + what)

    with tempfile.TemporaryDirectory() as tmp:
        expected = {}
        for seed in sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt"))):
            stem = os.path.splitext(os.path.basename(seed))[0]
            with open(seed, encoding="utf-8") as f:
                text = f.read()
            for enc in make_legacy.ENCODINGS:
                held = text
                for ch, sub in make_legacy.SUBSTITUTES.get(enc, {}).items():
                    held = held.replace(ch, sub)
                path = os.path.join(tmp, "%s.%s.utf8.txt" % (stem, enc))
                with open(path, "w", encoding="utf-8") as f:
                    f.write(held)
                r, out = extract(path)
                if out is None:
                    print("the UTF-8 text of %s failed: %s" % (path, brief(r.stderr.decode())))
                    return 1
                out.pop("source")
                expected[(stem, enc)] = out
        for path in files:
            name = os.path.basename(path)
            stem, enc = name.split(".")[:2]
            for forced in (False, True):
                r, out = extract(path, *(["--encoding", enc] if forced else []))
                how = "%s (%s)" % (name, "--encoding " + enc if forced else "detected")
                if out is None:
                    check(False, "%s: exit %d: %s" % (how, r.returncode, brief(r.stderr.decode())))
                    continue
                source = out.pop("source")
                same = out == expected[(stem, enc)]
                conf = source.get("encoding_confidence")
                right = source.get("encoding") == enc and (
                    conf is None if forced else isinstance(conf, (int, float)) and conf >= 0.9)
                diff = ""
                if not same:
                    for key in out:
                        if out[key] != expected[(stem, enc)].get(key):
                            diff = " (differs in %s)" % key
                            break
                check(same and right, "%s: source %s/%s%s" % (how, source.get("encoding"),
                                                               conf, diff))
        # a forced encoding that reads the text far worse than another
        seed = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))[1]
        r, _ = extract(seed, "--encoding", "VISCII")
        err = r.stderr.decode("utf-8", "replace")
        check(r.returncode == 1 and "does not read as VISCII" in err and seed in err,
              "UTF-8 seed forced to VISCII: exit %d, %s" % (r.returncode, err.strip()[:160]))
        vni = [f for f in files if f.endswith(".VNI.txt")][0]
        r, _ = extract(vni, "--encoding", "TCVN3")
        err = r.stderr.decode("utf-8", "replace")
        check(r.returncode == 1 and "does not read as TCVN3" in err,
              "VNI text forced to TCVN3: exit %d, %s" % (r.returncode, err.strip()[:160]))
        r, _ = extract(vni, "--encoding", "KOI8-R")
        err = r.stderr.decode("utf-8", "replace")
        check(r.returncode == 2 and "KOI8-R" in err and "TCVN3" in err,
              "unknown --encoding: exit %d, %s" % (r.returncode, err.strip()[:160]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
