#!/usr/bin/python3
"""Scores vnplan's task records on real-world documents against
corpus/gold/realworld_tasks.tsv (documents in corpus/realworld/), or against
another gold in the same columns (--gold, documents in --docs).

usage: score_tasks.py --vnplan BIN --root ROOT [--gold TSV --docs DIR]
                      [--min-cells X] [--min-records Y] [-v]

Which records are compared: the numbered records of kind "task" in the
tables that list work (kind "tasks" or "procedure"). The gold's rows are
the rows whose first cell is a task number; rows without one (the second
part of a task under a merged number cell, a "Tổng thời gian" total) are
not rows of the gold, so records without a number are left out. Those tables are numbered 1, 2, ...
in source order within a file; that number is the gold's table_index.

How a record is matched to a gold row: on (table number, task number,
group), where the record's group is its "section" (the innermost section
row above it), both compared as folded text. Within one key, gold rows and
records are paired in source order. Record precision is matched records
over compared records, recall matched gold rows over gold rows.

Cell-exact: every non-empty field of a gold row (task, lead, support,
deadline, output) is compared with the matched record's cell of that role;
the fields of an unmatched gold row count as wrong. Cells a record has
where the gold field is empty are counted apart ("extra").

Exit 1 when vnplan fails on a document or a threshold is not met.
"""
import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import unicodedata

FIELDS = ["task", "lead", "support", "deadline", "output"]
TASK_TABLE_KINDS = ("tasks", "procedure")


def norm(value):
    """Text as the gold writes it: NFC, white space folded, None as ''."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def read_gold(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def run_vnplan(binary, path):
    name = os.path.basename(path)
    try:
        proc = subprocess.run([binary, "extract", "-q", path], capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError("%s: cannot run %s: %s" % (name, binary, e))
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError("%s: vnplan exited %d: %s" % (name, proc.returncode,
                                                          err[0] if err else ""))
    try:
        return json.loads(proc.stdout.decode("utf-8"))
    except ValueError as e:
        raise RuntimeError("%s: output is not JSON: %s" % (name, e))


def task_records(out):
    """(key, record) of every task record of every task table, in order."""
    rows, number = [], 0
    for table in out.get("tables") or []:
        if table.get("kind") not in TASK_TABLE_KINDS:
            continue
        number += 1
        for rec in table.get("records") or []:
            if rec.get("kind") == "task" and norm(rec.get("number")):
                rows.append(((number, norm(rec.get("number")), norm(rec.get("section"))), rec))
    return rows


def gold_key(row):
    return (int(row["table_index"]), norm(row["task_number"]), norm(row["group"]))


def score_file(gold_rows, predicted, verbose, name):
    """Counts for one file: gold, pred, matched, exact, compared, extra."""
    pool = collections.defaultdict(list)
    for key, rec in predicted:
        pool[key].append(rec)
    c = collections.Counter(gold=len(gold_rows), pred=len(predicted))
    for row in gold_rows:
        wanted = [f for f in FIELDS if row[f]]
        c["compared"] += len(wanted)
        candidates = pool.get(gold_key(row))
        if not candidates:
            if verbose:
                print("%s: missed %s" % (name, gold_key(row)))
            continue
        rec = candidates.pop(0)
        c["matched"] += 1
        cells = rec.get("cells") or {}
        for f in FIELDS:
            got = norm(cells.get(f))
            if row[f]:
                ok = got == norm(row[f])
                c["exact"] += ok
                if verbose and not ok:
                    print("%s: %s %s: gold %r, got %r" % (name, gold_key(row), f, row[f], got))
            elif got:
                c["extra"] += 1
                if verbose:
                    print("%s: %s %s: gold empty, got %r" % (name, gold_key(row), f, got))
    if verbose:
        for key, recs in sorted(pool.items()):
            for rec in recs:
                print("%s: spurious %s (line %s)" % (name, key, rec.get("line")))
    return c


def rate(a, b):
    return a / b if b else 0.0


def report_row(name, c):
    return [name, str(c["gold"]), str(c["pred"]), str(c["matched"]),
            "%.3f" % rate(c["matched"], c["pred"]), "%.3f" % rate(c["matched"], c["gold"]),
            "%d/%d" % (c["exact"], c["compared"]), "%.3f" % rate(c["exact"], c["compared"]),
            str(c["extra"])]


def print_table(header, rows):
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(x.ljust(widths[0]) if i == 0 else x.rjust(widths[i])
                        for i, x in enumerate(r)))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Score vnplan's task records on real-world gold.")
    ap.add_argument("--vnplan", required=True, help="path of the vnplan binary")
    ap.add_argument("--root", required=True, help="project root (holds corpus/)")
    ap.add_argument("--gold", help="gold TSV (default corpus/gold/realworld_tasks.tsv)")
    ap.add_argument("--docs", help="folder of the gold's documents (default corpus/realworld)")
    ap.add_argument("--min-cells", type=float, help="exit 1 when overall cell-exact is lower")
    ap.add_argument("--min-records", type=float,
                    help="exit 1 when record precision or recall is lower")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    args = ap.parse_args(argv)

    gold = read_gold(args.gold or os.path.join(args.root, "corpus", "gold", "realworld_tasks.tsv"))
    docs = args.docs or os.path.join(args.root, "corpus", "realworld")
    by_file = collections.OrderedDict()
    for row in gold:
        by_file.setdefault(row["file"], []).append(row)
    rows, total = [], collections.Counter()
    for name in sorted(by_file):
        path = os.path.join(docs, name)
        try:
            out = run_vnplan(args.vnplan, path)
        except RuntimeError as e:
            print("error: %s" % e)
            return 1
        c = score_file(by_file[name], task_records(out), args.verbose, name)
        total.update(c)
        rows.append(report_row(name, c))
    rows.append(report_row("overall", total))
    print("task records of the real-world gold")
    print_table(["file", "gold", "pred", "match", "precision", "recall", "cells exact",
                 "cell rate", "extra"], rows)

    status = 0
    cells = rate(total["exact"], total["compared"])
    precision, recall = rate(total["matched"], total["pred"]), rate(total["matched"], total["gold"])
    if args.min_cells is not None and cells < args.min_cells:
        print("cell-exact %.3f is below %.3f" % (cells, args.min_cells))
        status = 1
    if args.min_records is not None and min(precision, recall) < args.min_records:
        print("record precision %.3f / recall %.3f is below %.3f"
              % (precision, recall, args.min_records))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
