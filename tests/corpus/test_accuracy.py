"""The accuracy the project promises on the seed documents, against the
gold in corpus/gold: reference F1 at least 0.97 (mention level, every field
right), table records at least 0.98 precision and recall, their cells at
least 0.98 exact, and every deadline right; on the real-world documents of
corpus/realworld, reference F1 at the floors below (strict: every field
right; detect: line and type), each the measured figure rounded down; and
on the held-out documents of corpus/heldout (gold tests/heldout/
refs_heldout.tsv, read after the reference stage was written), at their
own floors, measured and rounded down the same way."""
import os
import subprocess
import sys

ROOT = os.environ["VNPLAN_ROOT"]
VNPLAN = os.environ["VNPLAN"]

cmd = [sys.executable, os.path.join(ROOT, "tests", "score.py"), "--vnplan", VNPLAN,
       "--root", ROOT, "--min-refs-f1", "0.97", "--min-cells", "0.98", "--min-records", "0.98",
       "--all-deadlines", "--min-real-strict", "0.99", "--min-real-detect", "0.99"]
heldout = [sys.executable, os.path.join(ROOT, "tests", "score.py"), "--vnplan", VNPLAN,
           "--root", ROOT, "--real-gold", os.path.join("tests", "heldout", "refs_heldout.tsv"),
           "--real-docs", os.path.join("corpus", "heldout"),
           "--min-real-strict", "0.98", "--min-real-detect", "1.00"]
passed = failed = 0
for label, command in (("seeds and development gold", cmd), ("held-out gold", heldout)):
    proc = subprocess.run(command, capture_output=True, text=True)
    print("== %s" % label)
    print(proc.stdout, end="")
    print(proc.stderr, end="", file=sys.stderr)
    if proc.returncode == 0:
        passed += 1
    else:
        failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
