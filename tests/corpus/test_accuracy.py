"""The accuracy the project promises on the seed documents, against the
gold in corpus/gold: reference F1 at least 0.97 (mention level, every field
right), table records at least 0.98 precision and recall, their cells at
least 0.98 exact, and every deadline right; on the real-world documents of
corpus/realworld, reference F1 at the floors below (strict: every field
right; detect: line and type), each the measured figure rounded down."""
import os
import subprocess
import sys

ROOT = os.environ["VNPLAN_ROOT"]
VNPLAN = os.environ["VNPLAN"]

cmd = [sys.executable, os.path.join(ROOT, "tests", "score.py"), "--vnplan", VNPLAN,
       "--root", ROOT, "--min-refs-f1", "0.97", "--min-cells", "0.98", "--min-records", "0.98",
       "--all-deadlines", "--min-real-strict", "0.99", "--min-real-detect", "0.99"]
proc = subprocess.run(cmd, capture_output=True, text=True)
print(proc.stdout, end="")
print(proc.stderr, end="", file=sys.stderr)
ok = proc.returncode == 0
print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
sys.exit(0 if ok else 1)
