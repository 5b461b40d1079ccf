#!/usr/bin/python3
"""The tables of every real-world document ($VNPLAN_SHARED/realworld/docs):
a report of what the table stage finds (tables by kind, records, task
records with an empty task cell, tables whose every column is "other"),
and checks: no record is empty (no number, title or cell) unless its
source line holds no text, and the counts of defects stay at or below the
ceilings measured (CEILINGS; they only go down). The task records with an
empty task cell left are rows under a merged step or task cell (the cell
above covers theirs) and rows the tables ran into (a page's footer).
Without the corpus it prints "skipped: no realworld corpus" and exits 0.
Final line "N passed, M failed".
"""
import collections
import json
import os
import re
import subprocess
import sys

TASK_KINDS = ("tasks", "procedure")
CHUNK = 40
CEILINGS = {"task records with an empty task cell": 15,
            "tables whose every column is other": 1}


def corpus_files():
    shared = os.environ.get("VNPLAN_SHARED")
    docs = os.path.join(shared, "realworld", "docs") if shared else None
    if not docs or not os.path.isdir(docs):
        return None
    return [os.path.join(docs, n) for n in sorted(os.listdir(docs))
            if os.path.isfile(os.path.join(docs, n))]


def outputs(vnplan, paths):
    for i in range(0, len(paths), CHUNK):
        chunk = paths[i:i + CHUNK]
        proc = subprocess.run([vnplan, "extract", "-q", "--format", "jsonl"] + chunk,
                              capture_output=True, timeout=300)
        lines = proc.stdout.decode("utf-8").splitlines()
        if len(lines) != len(chunk):
            raise RuntimeError("vnplan gave %d documents for %d files (exit %d)"
                               % (len(lines), len(chunk), proc.returncode))
        for path, line in zip(chunk, lines):
            yield path, json.loads(line)


def is_empty(rec):
    return not (rec.get("number") or rec.get("title") or rec.get("cells") or rec.get("other"))


def source_line(path, number):
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f, 1):
            if i == number:
                return line
    return ""


def main():
    paths = corpus_files()
    if paths is None:
        print("skipped: no realworld corpus")
        return 0
    vnplan = os.environ["VNPLAN"]
    c = collections.Counter()
    kinds = collections.Counter()
    defects = []
    for path, out in outputs(vnplan, paths):
        tables = out.get("tables") or []
        c["documents with tables"] += bool(tables)
        for t in tables:
            kinds[t["kind"]] += 1
            columns = t.get("columns") or []
            c["tables whose every column is other"] += bool(columns) and all(
                col["role"] == "other" for col in columns)
            for rec in t.get("records") or []:
                c["records"] += 1
                if t["kind"] in TASK_KINDS and rec["kind"] == "task":
                    c["task records"] += 1
                    c["task records with an empty task cell"] += not (rec.get("cells") or {}).get("task")
                if is_empty(rec):
                    c["empty records"] += 1
                    text = source_line(path, rec["line"])
                    if re.search(r"\w", text.replace("|", "")):
                        defects.append("%s:%d: empty record of a row with text: %r"
                                       % (os.path.basename(path), rec["line"], text.strip()[:80]))
    print("real-world tables: %d documents, %d with tables" % (len(paths), c["documents with tables"]))
    print("tables by kind: %s (%d in all)" % (
        ", ".join("%s %d" % kv for kv in sorted(kinds.items())), sum(kinds.values())))
    for key in ("records", "task records", "task records with an empty task cell",
                "tables whose every column is other", "empty records"):
        print("%s: %d" % (key, c[key]))
    for key, ceiling in sorted(CEILINGS.items()):
        if c[key] > ceiling:
            defects.append("%s: %d, more than the ceiling %d" % (key, c[key], ceiling))
    for d in defects:
        print("FAIL: " + d)
    ok = not defects
    print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
