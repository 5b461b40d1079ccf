"""Batch extraction: --jobs gives the same JSON Lines as one thread, in
input order; folders and a file list on stdin work; a failing file is
reported and skipped while the others complete; the GNU parallel command
line the README gives produces one line per document."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

VNPLAN = os.environ["VNPLAN"]
ROOT = os.environ["VNPLAN_ROOT"]
SEEDS = sorted(os.path.join(ROOT, "corpus", "seeds", f)
               for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")))
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (what, detail))


def run(args, stdin=None):
    return subprocess.run([VNPLAN] + args, input=stdin, capture_output=True, timeout=300)


def lines(out):
    return [json.loads(l) for l in out.decode().splitlines()]


one = run(["extract", "--format", "jsonl", "-q"] + SEEDS)
two = run(["extract", "--jobs", "2", "-q"] + SEEDS)
check(one.returncode == 0 and two.returncode == 0, "batch runs exit 0")
check(one.stdout == two.stdout, "--jobs 2 gives the same bytes as one thread")
docs = lines(one.stdout)
check([d["source"]["name"] for d in docs] == SEEDS, "documents come out in input order")
check(b"5 files" in one.stderr, "a summary line on stderr", one.stderr[-200:])

folder = run(["extract", "--jobs", "2", "-q", os.path.join(ROOT, "corpus", "seeds")])
check(len(lines(folder.stdout)) == len(SEEDS), "a folder gives its files")

listed = run(["extract", "--format", "jsonl", "--files-from", "-", "-q"],
             stdin="\n".join(SEEDS).encode() + b"\n")
check(listed.stdout == one.stdout, "a file list on stdin gives the same output")

with tempfile.TemporaryDirectory() as tmp:
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"abc\xff\n")
    mixed = run(["extract", "--jobs", "2", "-q", SEEDS[0], bad, SEEDS[1]])
    check(mixed.returncode == 1, "a failing file makes the exit code 1")
    check(len(lines(mixed.stdout)) == 2, "the other files still complete")
    check(b"bad.txt:1:4: error" in mixed.stderr, "the failure names file, line and column",
          mixed.stderr[:300])
    check(b"1 errors" in mixed.stderr, "the summary counts the failure")

    if shutil.which("parallel"):
        # the README's command: GNU parallel splits the list, each job reads its share
        cmd = ("printf '%%s\\n' %s | parallel --pipe -N 2 %s extract --format jsonl "
               "--files-from - -q" % (" ".join(SEEDS), VNPLAN))
        par = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=300)
        got = sorted(d["source"]["name"] for d in lines(par.stdout))
        check(par.returncode == 0 and got == SEEDS, "GNU parallel runs the batch", par.stderr[-300:])
    else:
        print("SKIP: GNU parallel is not installed (setup.sh installs it)")

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
