"""vnplan index never leaves a broken database: killed with SIGKILL at
several points of a run (adding documents, and replacing them), the file
passes SQLite's integrity check, its foreign keys and its FTS index hold,
every document in it has all its rows (of one version), and a rerun
completes to the same rows as an uninterrupted run. A full disk and a
read-only database are errors with their cause and exit 1, the database
still consistent (in a mount namespace with a small tmpfs: SKIP when the
machine gives none)."""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from index_helpers import SEEDS, VNPLAN, Checks, connect, consistency, rows_by_path, run

check = Checks()


def corpus(folder, count, tag):
    """count distinct documents: the seeds, each with a line of its own."""
    os.makedirs(folder, exist_ok=True)
    texts = []
    for s in SEEDS:
        with open(s, encoding="utf-8") as f:
            texts.append(f.read())
    for i in range(count):
        with open(os.path.join(folder, "doc%04d.txt" % i), "w", encoding="utf-8") as f:
            f.write(texts[i % len(texts)] + "\nGhi chú %s số %d.\n" % (tag, i))


def snapshot(db):
    con = connect(db)
    rows = rows_by_path(con)
    con.close()
    return rows


def killed_run(db, docs, delay):
    p = subprocess.Popen([VNPLAN, "index", "-q", db, docs], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    return p.returncode == -signal.SIGKILL


def after_kill(db, versions, what):
    """The database a kill left: consistent, each document whole and of
    one of its versions."""
    con = connect(db)
    problems = consistency(con)
    rows = rows_by_path(con)
    con.close()
    check(problems == [], "%s: integrity, foreign keys and FTS index hold" % what, problems)
    broken = [p for p, r in rows.items() if not any(v.get(p) == r for v in versions)]
    check(broken == [], "%s: every document has all the rows of one version" % what, broken[:3])
    return len(rows)


def kills(tmp):
    docs = os.path.join(tmp, "docs")
    corpus(docs, 150, "A")
    clean_db = os.path.join(tmp, "clean.db")
    start = time.monotonic()
    out = run(["index", "-q", clean_db, docs])
    took = time.monotonic() - start
    check(out.returncode == 0, "an uninterrupted run completes", out.stderr)
    clean = snapshot(clean_db)
    corpus(os.path.join(tmp, "docs_b"), 150, "B")
    clean_b_db = os.path.join(tmp, "clean_b.db")
    run(["index", "-q", clean_b_db, os.path.join(tmp, "docs_b")])
    clean_b = {os.path.join(docs, os.path.basename(p)): r for p, r in snapshot(clean_b_db).items()}

    midway = 0
    for k in range(1, 6):
        db = os.path.join(tmp, "killed%d.db" % k)
        if not killed_run(db, docs, took * k / 6):
            print("SKIP: kill %d: the run ended before the signal" % k)
            continue
        n = after_kill(db, [clean], "kill %d/6 of the way" % k)
        midway += 0 < n < 150
        rerun = run(["index", "-q", db, docs])
        check(rerun.returncode == 0, "after kill %d a rerun completes" % k, rerun.stderr)
        check(snapshot(db) == clean, "after kill %d the rerun gives the uninterrupted rows" % k)
    check(midway >= 2, "at least two kills landed mid-run (%d did)" % midway)

    # Killed while replacing every document with a new version.
    db = os.path.join(tmp, "killed1.db")
    for i in range(150):
        shutil.copy(os.path.join(tmp, "docs_b", "doc%04d.txt" % i), os.path.join(docs, "doc%04d.txt" % i))
    start = time.monotonic()
    if killed_run(db, docs, took / 2):
        after_kill(db, [clean, clean_b], "killed while replacing")
        rerun = run(["index", "-q", db, docs])
        check(rerun.returncode == 0 and snapshot(db) == clean_b,
              "after a kill while replacing, a rerun gives the new version's rows", rerun.stderr)


def in_namespace(tmp):
    """Runs inside `unshare -m`: a 400 KB tmpfs fills up; made read-only, it refuses writes."""
    mnt = os.path.join(tmp, "mnt")
    os.makedirs(mnt, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", mnt], check=True)
    docs = os.path.join(tmp, "docs")
    db = os.path.join(mnt, "archive.db")
    full = run(["index", "-q", db, docs])
    check(full.returncode == 1 and b"database or disk is full" in full.stderr,
          "a full disk: exit 1 with the cause", full.stderr[-300:])
    check(b"stopped" in full.stderr, "a full disk stops the run", full.stderr[-300:])
    clean = snapshot(os.path.join(tmp, "clean.db"))
    con = connect(db)
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    after_kill(db, [clean], "a full disk")
    check(n > 0, "documents committed before the disk filled are kept (%d)" % n)
    subprocess.run(["mount", "-o", "remount,size=64m", mnt], check=True)
    more = run(["index", "-q", db, docs])
    check(more.returncode == 0 and snapshot(db) == clean,
          "with room again, a rerun completes to the full index", more.stderr[-300:])
    subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
    with open(os.path.join(docs, "doc0000.txt"), "a", encoding="utf-8") as f:
        f.write("Thêm một dòng.\n")
    ro = run(["index", "-q", db, docs])
    check(ro.returncode == 1 and b"read-only" in ro.stderr,
          "a read-only database: exit 1 with the cause", ro.stderr[-300:])
    con = sqlite3.connect("file:%s?immutable=1" % db, uri=True)
    check(consistency_ro(con) == [], "the read-only database is as it was")
    con.close()
    print("%d passed, %d failed" % (check.passed, check.failed))
    sys.exit(1 if check.failed else 0)


def consistency_ro(con):
    problems = [r[0] for r in con.execute("PRAGMA integrity_check") if r[0] != "ok"]
    return problems + ["foreign key: %r" % (r,) for r in con.execute("PRAGMA foreign_key_check")]


def disk_errors(tmp):
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        print("SKIP: full disk and read-only database: no mount namespace here (%s)"
              % probe.stderr.decode().strip()[:100])
        return
    shutil.rmtree(os.path.join(tmp, "docs"))
    corpus(os.path.join(tmp, "docs"), 150, "A")
    inner = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable,
                            os.path.abspath(__file__), "--in-namespace", tmp],
                           capture_output=True, timeout=600)
    out = inner.stdout.decode()
    print(out, end="")
    for line in out.splitlines():
        if line.endswith(" failed") and " passed, " in line:
            p, f = line.split(" passed, ")
            check.passed += int(p)
            check.failed += int(f.split()[0])
    check(inner.returncode == 0, "the checks in the mount namespace pass", inner.stderr[-300:])


if len(sys.argv) == 3 and sys.argv[1] == "--in-namespace":
    in_namespace(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    kills(tmp)
    disk_errors(tmp)
check.end()
