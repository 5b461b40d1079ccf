#!/usr/bin/python3
"""The task records of real-world documents nobody tuned on, scored by
tests/score_tasks.py against corpus/gold/realworld_tasks.tsv (the
development gold) and against tests/heldout/tasks_heldout.tsv (documents
in corpus/heldout/, read after the rules were written): overall cell-exact
and record precision and recall must stay at or above the floors below
(the figures measured, rounded down; they only go up).

The scorer is checked too: a stand-in program that answers with the gold
itself must score 1.000, and one that loses a field must not.
Final line "N passed, M failed"; exits 1 when any check failed.
"""
import os
import stat
import subprocess
import sys
import tempfile

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")
SCORER = os.path.join(ROOT, "tests", "score_tasks.py")

MIN_CELLS = 1.00
MIN_RECORDS = 1.00
HELDOUT_MIN_CELLS = 0.98
HELDOUT_MIN_RECORDS = 0.99
HELDOUT = ["--gold", os.path.join(ROOT, "tests", "heldout", "tasks_heldout.tsv"),
           "--docs", os.path.join(ROOT, "corpus", "heldout")]

# A stand-in for vnplan: the gold rows of the file it is given, shaped as
# vnplan's JSON (one task table per gold table, behind a table of another
# kind that must not count). MODE "no-lead" drops every lead cell.
FAKE = r'''#!%(python)s
import csv, json, os, sys
GOLD, MODE = %(gold)r, %(mode)r
name = os.path.basename(sys.argv[-1])
with open(GOLD, encoding="utf-8", newline="") as f:
    rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["file"] == name]
tables = [{"kind": "indicators", "records": [{"kind": "task", "number": "1", "section": None}]}]
for r in rows:
    while len(tables) <= int(r["table_index"]):
        tables.append({"kind": "procedure", "records": []})
    cells = {k: r[k] for k in ("task", "lead", "support", "deadline", "output") if r[k]}
    if MODE == "no-lead":
        cells.pop("lead", None)
    tables[int(r["table_index"])]["records"].append(
        {"kind": "task", "number": r["task_number"], "section": r["group"] or None, "cells": cells})
print(json.dumps({"tables": tables}, ensure_ascii=False))
'''


def overall(report):
    rows = [line.split() for line in report.splitlines() if line.startswith("overall")]
    return rows[0] if rows else []


def score(binary, *extra):
    proc = subprocess.run([sys.executable, SCORER, "--vnplan", binary, "--root", ROOT] + list(extra),
                          capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def fake(folder, mode):
    path = os.path.join(folder, "fake-" + mode)
    with open(path, "w", encoding="utf-8") as f:
        f.write(FAKE % {"python": sys.executable, "mode": mode,
                        "gold": os.path.join(ROOT, "corpus", "gold", "realworld_tasks.tsv")})
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def main():
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    results = []
    code, report = score(VNPLAN, "--min-cells", str(MIN_CELLS), "--min-records", str(MIN_RECORDS))
    print(report.rstrip())
    results.append(("real documents at or above the floors", code == 0))
    code, report = score(VNPLAN, "--min-cells", str(HELDOUT_MIN_CELLS),
                         "--min-records", str(HELDOUT_MIN_RECORDS), *HELDOUT)
    print("held-out documents (tests/heldout/)")
    print(report.rstrip())
    results.append(("held-out documents at or above the floors", code == 0))
    with tempfile.TemporaryDirectory(prefix="vnplan-tasks-") as folder:
        code, report = score(fake(folder, "gold"), "--min-cells", "1", "--min-records", "1")
        results.append(("gold answers score 1.000", code == 0 and overall(report)[4:6] == ["1.000"] * 2
                        and overall(report)[7] == "1.000"))
        code, report = score(fake(folder, "no-lead"), "--min-cells", "1")
        results.append(("a lost field lowers cell-exact only", code == 1
                        and overall(report)[4:6] == ["1.000"] * 2 and overall(report)[7] != "1.000"))
    for label, ok in results:
        if not ok:
            print("%s: failed" % label)
    failed = sum(1 for _, ok in results if not ok)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
