#!/usr/bin/python3
"""Scores the seeds read as .docx and as HTML (tests/fixtures/, made by
make_fixtures.py) against the seed gold, as tests/score.py scores the text.

A fixture numbers its lines by paragraph, the gold by seed line: the
fixture's NAME.FORM.lines file gives the seed lines of each paragraph, and
both sides are brought to the first seed line of the paragraph (a row's
cells all stand on the row's line; a paragraph the seed hard-broke over two
lines is one paragraph). References match on every field of score.py's key,
table records on theirs, cells as score.py compares them. Each form must
keep its floor (the measured figure, rounded down); the text's own scores
are printed beside them. Prints "N passed, M failed".
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import score  # noqa: E402
from vnptest import ROOT, VNPLAN, brief, skip  # noqa: E402

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
# form: (reference F1, cell-exact rate, record precision and recall)
# measured: both forms give the text's own figures (F1 0.9787: its three misses)
FLOORS = {"docx": (0.978, 1.0, 1.0), "html": (0.978, 1.0, 1.0)}


def run(path, form):
    proc = subprocess.run([VNPLAN, "extract", "-q", path], capture_output=True, timeout=300)
    if proc.returncode != 0:
        raise score.ProgramError("%s: exit %d: %s" % (path, proc.returncode,
                                                      brief(proc.stderr.decode("utf-8", "replace"))))
    out = json.loads(proc.stdout.decode("utf-8"))
    if out["source"]["form"] != form:
        raise score.ProgramError("%s: read as %s, not %s" % (path, out["source"]["form"], form))
    return out


def line_maps(path):
    """paragraph -> first seed line, seed line -> first seed line of its paragraph."""
    rows = score.read_tsv(path)
    first = {}
    for r in rows:
        p, s = int(r["paragraph"]), int(r["seed_line"])
        first[p] = min(first.get(p, s), s)
    canon = {}
    for r in rows:
        canon.setdefault(int(r["seed_line"]), first[int(r["paragraph"])])
    return first, canon


def with_line(key, line):
    return (str(line),) + tuple(key[1:])


def score_form(form, names, refs_gold, tables_gold):
    tot = collections.Counter()
    for name in names:
        base = os.path.join(FIXTURES, os.path.splitext(name)[0])
        out = run("%s.%s" % (base, form), form)
        first, canon = line_maps("%s.%s.lines" % (base, form))
        gold = []
        for r in refs_gold:
            if r["file"] == name:
                k = score.gold_ref_key(r)
                gold.append(with_line(k, canon.get(int(k[0]), "?%s" % k[0])))
        pred = []
        for r in out["references"]:
            k = score.pred_ref_key(r)
            pred.append(with_line(k, first.get(int(k[0]), "?%s" % k[0])))
        match, missed, spurious = score.match_counts(gold, pred)
        for key in sorted(missed.elements()):
            print("  %s.%s: missed %s" % (name, form, dict(zip(score.REF_KEY, key))))
        for key in sorted(spurious.elements()):
            print("  %s.%s: spurious %s" % (name, form, dict(zip(score.REF_KEY, key))))
        recs = [r for r in tables_gold if r["file"] == name]
        predicted = score.pred_records(out)
        m, exact, compared, _ = score.score_records(recs, predicted)
        tot.update(rg=len(gold), rp=len(pred), rm=match, tg=len(recs), tp=len(predicted), tm=m,
                   ce=exact, cc=compared)
    f1 = score.prf(tot["rm"], tot["rg"], tot["rp"])[2]
    cells = tot["ce"] / tot["cc"] if tot["cc"] else 0.0
    p, r, _ = score.prf(tot["tm"], tot["tg"], tot["tp"])
    return f1, cells, min(p, r), tot


def text_scores(names, refs_gold, tables_gold):
    tot = collections.Counter()
    for name in names:
        out = score.run_vnplan(VNPLAN, os.path.join(ROOT, "corpus", "seeds", name))
        gold = [score.gold_ref_key(r) for r in refs_gold if r["file"] == name]
        pred = [score.pred_ref_key(r) for r in out["references"]]
        match = score.match_counts(gold, pred)[0]
        recs = [r for r in tables_gold if r["file"] == name]
        _, exact, compared, _ = score.score_records(recs, score.pred_records(out))
        tot.update(rg=len(gold), rp=len(pred), rm=match, ce=exact, cc=compared)
    return score.prf(tot["rm"], tot["rg"], tot["rp"])[2], tot["ce"] / tot["cc"]


def main():
    if not VNPLAN:
        skip("VNPLAN is not set")
    gold_dir = os.path.join(ROOT, "corpus", "gold")
    refs_gold = score.read_tsv(os.path.join(gold_dir, "refs.tsv"))
    tables_gold = score.read_tsv(os.path.join(gold_dir, "tables.tsv"))
    names = sorted(f for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")) if f.endswith(".txt"))
    passed = failed = 0
    f1, cells = text_scores(names, refs_gold, tables_gold)
    print("text: references F1 %.3f, cells %.3f" % (f1, cells))
    for form, (min_f1, min_cells, min_records) in sorted(FLOORS.items()):
        missing = [n for n in names if not os.path.exists(
            os.path.join(FIXTURES, "%s.%s" % (os.path.splitext(n)[0], form)))]
        if missing:
            print("FAIL %s: fixtures missing for %s (run tests/fixtures/make_fixtures.py)"
                  % (form, ", ".join(missing)))
            failed += 1
            continue
        try:
            f1, cells, records, tot = score_form(form, names, refs_gold, tables_gold)
        except (score.ProgramError, ValueError, KeyError) as e:
            print("FAIL %s: %s" % (form, e))
            failed += 1
            continue
        print("%s: references %d/%d gold, %d predicted, F1 %.3f; records %d/%d (min P/R %.3f); "
              "cells %d/%d = %.3f" % (form, tot["rm"], tot["rg"], tot["rp"], f1, tot["tm"],
                                      tot["tg"], records, tot["ce"], tot["cc"], cells))
        for what, got, floor in (("references F1", f1, min_f1), ("cells", cells, min_cells),
                                 ("records", records, min_records)):
            if got + 1e-9 >= floor:
                passed += 1
            else:
                print("FAIL %s: %s %.3f below the floor %.3f" % (form, what, got, floor))
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
