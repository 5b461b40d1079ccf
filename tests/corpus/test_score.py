#!/usr/bin/python3
"""Runs tests/score.py on the seeds and checks the scorer itself.

With the real vnplan and no thresholds the scorer must run (exit 0) and
print a row per seed and an overall row in both tables; its report is shown
here so the ctest log carries today's scores. A stand-in program that
answers with the gold itself must score 1.000, one that answers every
mention twice must lose precision only, and thresholds and a missing
"references" key must make the scorer exit 1.
Final line "N passed, M failed"; exits 1 when any check failed.
"""
import glob
import os
import stat
import subprocess
import sys
import tempfile

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")
SCORER = os.path.join(ROOT, "tests", "score.py")

# A stand-in for vnplan: prints the gold of the seed it is given, shaped as
# vnplan's JSON. MODE chooses how faithful it is.
FAKE = r'''#!%(python)s
import collections, csv, json, os, sys

GOLD = %(gold)r
MODE = %(mode)r
ROLES = ["title", "objective", "task", "activity", "output", "lead", "support", "start",
         "deadline", "note", "indicator", "unit", "value"]


def rows(name, file):
    with open(os.path.join(GOLD, name), encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["file"] == file]


def reference(r):
    return {"line": int(r["line"]), "type": r["doc_type"], "number": r["number"] or None,
            "year": int(r["year_in_symbol"]) if r["year_in_symbol"] else None,
            "symbol": r["symbol"] or None, "symbol_raw": r.get("symbol_raw") or None,
            "date": r["date_iso"] or None, "issuer": r["issuer"] or None,
            "role": r.get("role", "body"), "text": r["raw"]}


def tables(file):
    grouped = collections.OrderedDict()
    for r in rows("tables.tsv", file):
        rec = {"seq": int(r["seq"]), "kind": r["kind"], "number": r["number"],
               "section": r["section"] or None, "parent": r["parent"] or None,
               "cells": {k: r[k] for k in ROLES if r[k]}}
        if MODE == "due":
            rec["due"] = {"kind": "year", "start": "2026-01-01", "end": "2026-12-31"}
        grouped.setdefault(r["table"], {"index": int(r["table"]), "title": r["table_title"],
                                         "records": []})["records"].append(rec)
    return list(grouped.values())


file = os.path.basename(sys.argv[-1])
out = {"document": {"period": {"from": 2026, "to": 2026}}, "tables": tables(file)}
refs = [reference(r) for r in rows("realworld_refs.tsv" if file.endswith(".md") else "refs.tsv", file)]
if MODE != "no-refs":
    out["references"] = refs * 2 if MODE == "double" else refs
print(json.dumps(out, ensure_ascii=False))
'''


def make_fake(folder, mode):
    path = os.path.join(folder, "fake-vnplan-%s" % mode)
    with open(path, "w", encoding="utf-8") as f:
        f.write(FAKE % {"python": sys.executable, "gold": os.path.join(ROOT, "corpus", "gold"),
                        "mode": mode})
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def score(binary, *extra):
    proc = subprocess.run([sys.executable, SCORER, "--vnplan", binary, "--root", ROOT] + list(extra),
                          capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


REALWORLD = os.path.exists(os.path.join(ROOT, "corpus", "gold", "realworld_refs.tsv"))
OVERALL_ROWS = 3 if REALWORLD else 2


def overall_rows(report):
    """The "overall" rows (references, table records, then the real-world
    references when that gold is there), split."""
    return [line.split() for line in report.splitlines() if line.startswith("overall")]


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("%s: failed%s" % (label, ": " + detail if detail else ""))


def check_real(t, seeds):
    code, report = score(VNPLAN)
    print(report.rstrip())
    print()
    t.check("score.py runs without thresholds", code == 0, "exit %d" % code)
    for name in seeds:
        rows = [l for l in report.splitlines() if l.startswith(name)]
        t.check("%s has a row in both tables" % name, len(rows) == 2, "%d rows" % len(rows))
    t.check("overall rows", len(overall_rows(report)) == OVERALL_ROWS)
    t.check("deadlines line", "deadlines:" in report)
    code, _ = score(VNPLAN, "--min-refs-f1", "1.01")
    t.check("an unreachable --min-refs-f1 exits 1", code == 1, "exit %d" % code)
    code, _ = score(VNPLAN, "--min-cells", "1.01")
    t.check("an unreachable --min-cells exits 1", code == 1, "exit %d" % code)
    if REALWORLD:
        for flag in ("--min-real-strict", "--min-real-detect"):
            code, _ = score(VNPLAN, flag, "1.01")
            t.check("an unreachable %s exits 1" % flag, code == 1, "exit %d" % code)
    heldout = ["--real-gold", os.path.join("tests", "heldout", "refs_heldout.tsv"),
               "--real-docs", os.path.join("corpus", "heldout")]
    code, report = score(VNPLAN, *heldout)
    t.check("the held-out gold is scored with --real-gold", code == 0 and
            "tests/heldout/refs_heldout.tsv" in report and len(overall_rows(report)) == 3,
            "exit %d" % code)
    code, _ = score(VNPLAN, *(heldout + ["--min-real-strict", "1.01"]))
    t.check("an unreachable held-out floor exits 1", code == 1, "exit %d" % code)
    code, _ = score(VNPLAN, "--real-gold", "tests/heldout/no-such.tsv", "--min-real-strict", "0.5")
    t.check("a floor on a missing --real-gold exits 1", code == 1, "exit %d" % code)


def check_fakes(t, folder):
    floors = ["--min-refs-f1", "1", "--min-cells", "1"]
    if REALWORLD:
        floors += ["--min-real-strict", "1", "--min-real-detect", "1"]
    code, report = score(make_fake(folder, "gold"), *floors)
    rows = overall_rows(report)
    t.check("gold answers score 1.000", code == 0 and len(rows) == OVERALL_ROWS
            and rows[0][-3:] == ["1.000"] * 3 and rows[1][4:6] == ["1.000"] * 2
            and rows[1][-1] == "1.000"
            and (not REALWORLD or rows[2][4:7] + rows[2][8:] == ["1.000"] * 6),
            report if code else str(rows))
    t.check("gold answers: deadlines not scored", "deadlines: not scored yet" in report)

    code, report = score(make_fake(folder, "double"))
    rows = overall_rows(report)
    t.check("doubled mentions halve precision only", code == 0 and len(rows) == OVERALL_ROWS
            and rows[0][-3:] == ["0.500", "1.000", "0.667"]
            and (not REALWORLD or rows[2][4:7] == ["0.500", "1.000", "0.667"]), str(rows))

    code, report = score(make_fake(folder, "due"))
    t.check("records with due are scored", code == 0 and "deadlines: not scored yet" not in report
            and "fields exact" in report, report[-300:])

    code, report = score(make_fake(folder, "no-refs"))
    t.check("output without references exits 1", code == 1 and "references" in report,
            "exit %d" % code)


def main():
    t = Tally()
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    seeds = [os.path.basename(p) for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))]
    check_real(t, seeds)
    with tempfile.TemporaryDirectory(prefix="vnplan-score-") as folder:
        check_fakes(t, folder)
    print("%d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
