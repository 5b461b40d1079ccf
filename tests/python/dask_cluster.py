"""python/examples/extract_on_cluster.py on a LocalCluster of two worker
processes over ../shared/realworld/docs: every document comes out once,
and the partition files in name order are byte for byte the command's own
JSON Lines for the same paths. A list with a file that cannot be read
gives the others and the failure with its place, exit 1. Run by run.py
with the python of the test environment (the vnplan package installed);
exits 77 (SKIP) without python3-distributed or without ../shared."""
import json
import os
import subprocess
import sys
import tempfile
import time

SKIP = 77
ROOT = os.environ["VNPLAN_ROOT"]
VNPLAN = os.environ["VNPLAN"]
DOCS = os.path.join(os.environ.get("VNPLAN_SHARED", os.path.join(ROOT, "..", "shared")),
                    "realworld", "docs")
EXAMPLE = os.path.join(ROOT, "python", "examples", "extract_on_cluster.py")

try:
    import distributed  # noqa: F401
except ImportError as e:
    print("SKIP: python3-distributed is missing (%s)" % e)
    sys.exit(SKIP)
if not os.path.isdir(DOCS):
    print("SKIP: %s is absent" % DOCS)
    sys.exit(SKIP)

failed = 0


def check(ok, what, detail=""):
    global failed
    if not ok:
        failed += 1
        print("FAIL: %s %s" % (what, str(detail)[:600]), flush=True)


def on_cluster(paths, folder, partitions):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".list", delete=False) as f:
        f.write("".join(p + "\n" for p in paths))
    start = time.monotonic()
    p = subprocess.run([sys.executable, EXAMPLE, "--local", "2", "--partitions", str(partitions),
                        "-o", folder, "--files-from", f.name], capture_output=True, timeout=540)
    os.unlink(f.name)
    return p, time.monotonic() - start


def joined(folder):
    names = sorted(n for n in os.listdir(folder))
    data = b""
    for n in names:
        with open(os.path.join(folder, n), "rb") as f:
            data += f.read()
    return names, data


paths = sorted(os.path.join(DOCS, n) for n in os.listdir(DOCS))
command = subprocess.run([VNPLAN, "extract", "--format", "jsonl", "-q", "--files-from", "-"],
                         input="".join(p + "\n" for p in paths).encode(), capture_output=True,
                         timeout=540)
check(command.returncode == 0, "the command extracts the documents", command.stderr[-300:])

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out")
    run, seconds = on_cluster(paths, out, 12)
    err = run.stderr.decode("utf-8", "replace")
    check(run.returncode == 0, "the example exits 0", err[-600:])
    check("2 workers" in err, "two worker processes ran it", err[-300:])
    names, data = joined(out)
    check(names == ["%05d.jsonl" % i for i in range(12)], "one file per partition, in order", names)
    names_out = [json.loads(l)["source"]["name"] for l in data.splitlines()]
    check(sorted(names_out) == paths and len(set(names_out)) == len(paths),
          "every document came out once", (len(names_out), len(paths)))
    check(data == command.stdout, "the files are byte for byte the command's JSON Lines",
          (len(data), len(command.stdout)))
    print("LocalCluster, 2 worker processes, 12 partitions: %.1f s in all; %s"
          % (seconds, (err.strip().splitlines() or [""])[-1]))

    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"K\xe1\xba\xbf ho\xff\n")
    mixed = os.path.join(tmp, "mixed")
    run, _ = on_cluster([paths[0], bad, paths[1]], mixed, 2)
    err = run.stderr.decode("utf-8", "replace")
    names, data = joined(mixed)
    check(run.returncode == 1 and "%s:1:" % bad in err and "1 errors" in err,
          "a file that cannot be read: named with its place, exit 1", err[-400:])
    check([json.loads(l)["source"]["name"] for l in data.splitlines()] == [paths[0], paths[1]],
          "the other documents are written", data[:200])
print("FAILED: %d checks" % failed if failed else "passed")
sys.exit(1 if failed else 0)
