#!/usr/bin/python3
"""Scores vnplan's references and table records against corpus/gold/.

usage: score.py --vnplan BIN --root ROOT [--min-refs-f1 X] [--min-cells Y]
                [--min-real-strict S] [--min-real-detect D]
                [--real-gold TSV --real-docs DIR] [-v]

References are scored at mention level: a predicted mention matches a gold
row of refs.tsv when file, line, type, number, year, symbol, date, issuer
and role all agree.

The real-world documents of corpus/realworld/ are scored against
realworld_refs.tsv (notes in realworld_notes.md), per file and overall, in
two ways; --real-gold and --real-docs score another set of documents in the
same layout against its own gold with the same rules (the held-out set:
tests/heldout/refs_heldout.tsv over corpus/heldout/). Strict: line, type, number, year in the symbol, symbol, date and
issuer all agree (that gold has no role). Its symbol is written as in the
text with the spaces taken out ("KH- UBND" is "KH-UBND", "CTTg" stays), so a
mention's symbol_raw, spaces removed, is compared when vnplan repaired the
symbol. Detect: the line and the type word agree, the type compared without
regard to case (the gold keeps "QUYẾT ĐỊNH" in capitals: that is a field to
read right, which strict checks; detect asks whether the mention was found
at its place). The line of a mention is the line of its first word. Table records match a row of tables.tsv on file, table
index, seq, kind, number, section and parent; for each matched record every
non-empty role column of the gold row is compared with the record's cells.
Deadlines are compared only once records carry a "due" object.

With --form-dir DIR --form-ext EXT (pdf, docx, ...), each seed is read
from DIR/<seed name without .txt>.EXT instead, the same document in another
form, and scored against the same gold; the real-world documents are then
not scored. Such a form numbers its own lines, so a reference's line is
left out of its key there (multiset matching on every other field).

Exit 1 when the program fails, when its output lacks "references" or
"tables", or when a given threshold is not met; otherwise 0.
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata

REF_KEY = ["line", "doc_type", "number", "year_in_symbol", "symbol", "date_iso", "issuer", "role"]
# gold column -> field of a predicted reference
REF_FIELDS = {"line": "line", "doc_type": "type", "number": "number",
              "year_in_symbol": "year", "symbol": "symbol", "date_iso": "date",
              "issuer": "issuer", "role": "role"}
REAL_KEY = ["line", "doc_type", "number", "year_in_symbol", "symbol", "date_iso", "issuer"]
RECORD_KEY = ["table", "seq", "kind", "number", "section", "parent"]
ROLES = ["title", "objective", "task", "activity", "output", "lead", "support", "start",
         "deadline", "note", "indicator", "unit", "value"]
DUE_FIELDS = ["kind", "start", "end", "recurrence", "until", "condition"]


class ProgramError(Exception):
    pass


def norm(value):
    """Text as the gold writes it: NFC, runs of white space folded, None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict) and {"year", "month", "day"} <= set(value):
        return iso_date(value)
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def iso_date(d):
    if not all(isinstance(d.get(k), int) for k in ("year", "month", "day")):
        return ""
    return "%04d-%02d-%02d" % (d["year"], d["month"], d["day"])


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# ---- running the program ----------------------------------------------------

def run_vnplan(binary, path):
    try:
        proc = subprocess.run([binary, "extract", "-q", path], capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ProgramError("%s: cannot run %s: %s" % (os.path.basename(path), binary, e))
    name = os.path.basename(path)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProgramError("%s: vnplan exited %d: %s" % (name, proc.returncode, err[0] if err else ""))
    try:
        out = json.loads(proc.stdout.decode("utf-8"))
    except ValueError as e:
        raise ProgramError("%s: output is not JSON: %s" % (name, e))
    missing = [k for k in ("references", "tables") if not isinstance(out.get(k), list)]
    if missing:
        raise ProgramError("%s: output lacks %s" % (name, " and ".join('"%s"' % k for k in missing)))
    return out


# ---- references --------------------------------------------------------------

def gold_ref_key(row, lines=True):
    return tuple(norm(row[c]) for c in REF_KEY if lines or c != "line")


def pred_ref_key(ref, lines=True):
    return tuple(norm(ref.get(REF_FIELDS[c])) for c in REF_KEY if lines or c != "line")


def real_symbol(ref):
    """The symbol as the real-world gold writes it: as in the text, no spaces."""
    written = ref.get("symbol_raw") or ref.get("symbol")
    return re.sub(r"\s+", "", norm(written))


def real_pred_keys(ref):
    """(strict key, detect key) of a predicted reference."""
    fields = dict(ref, symbol=real_symbol(ref))
    strict = tuple(norm(fields.get(REF_FIELDS[c])) for c in REAL_KEY)
    return strict, (strict[0], strict[1].casefold())


def real_gold_keys(row):
    strict = tuple(norm(row[c]) for c in REAL_KEY)
    return strict, (strict[0], strict[1].casefold())


def match_counts(gold_keys, pred_keys):
    """Multiset matching: a document cited twice on one line is two mentions."""
    g, p = collections.Counter(gold_keys), collections.Counter(pred_keys)
    return sum((g & p).values()), g - p, p - g


def prf(match, gold, pred):
    precision = match / pred if pred else 0.0
    recall = match / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---- tables ------------------------------------------------------------------

def pred_records(out):
    """(key, record) for every record of every table; the table index is the
    table's own "index" or its 1-based position, seq likewise."""
    rows = []
    for t_pos, table in enumerate(out.get("tables") or [], 1):
        t_index = table.get("index", t_pos)
        for r_pos, rec in enumerate(table.get("records") or [], 1):
            fields = dict(rec, table=t_index, seq=rec.get("seq", r_pos))
            rows.append((tuple(norm(fields.get(c)) for c in RECORD_KEY), rec))
    return rows


def gold_record_key(row):
    return tuple(norm(row[c]) for c in RECORD_KEY)


def cell_of(rec, role):
    # Section and group titles may live beside the cells rather than in them.
    cells = rec.get("cells") or {}
    return cells.get(role, rec.get(role) if role == "title" else None)


def score_records(gold_rows, predicted):
    """Record matches plus cell comparisons of the matched gold rows."""
    pool = collections.defaultdict(list)
    for key, rec in predicted:
        pool[key].append(rec)
    matched, exact, compared, pairs = 0, 0, 0, []
    for row in gold_rows:
        candidates = pool.get(gold_record_key(row))
        if not candidates:
            continue
        rec = candidates.pop(0)
        matched += 1
        pairs.append((row, rec))
        for role in ROLES:
            if row[role]:
                compared += 1
                exact += norm(cell_of(rec, role)) == norm(row[role])
    return matched, exact, compared, pairs


# ---- deadlines ---------------------------------------------------------------

def period_text(out):
    period = (out.get("document") or {}).get("period") or {}
    a, b = period.get("from"), period.get("to")
    if not a:
        return ""
    return str(a) if not b or a == b else "%s-%s" % (a, b)


def expected_due(row, deadlines, period):
    """The gold reading of a record's time cells, or None when unknown."""
    def lookup(text):
        rows = deadlines.get(norm(text), [])
        exact = [r for r in rows if r["period"] == period]
        return (exact or rows or [None])[0]
    if row["start"] and row["deadline"]:
        first, last = lookup(row["start"]), lookup(row["deadline"])
        if not first or not last:
            return None
        return {"kind": "range", "start": first["start"], "end": last["end"],
                "recurrence": "", "until": "", "condition": ""}
    if row["deadline"]:
        return lookup(row["deadline"])
    return None


def score_deadlines(pairs_by_file, deadlines, outputs):
    exact = compared = 0
    for name, pairs in pairs_by_file.items():
        period = period_text(outputs[name])
        for row, rec in pairs:
            want = expected_due(row, deadlines, period)
            if want is None:
                continue
            got = rec.get("due") or {}
            for field in DUE_FIELDS:
                compared += 1
                exact += norm(got.get(field)) == norm(want[field])
    return exact, compared


# ---- real-world references ------------------------------------------------

def score_realworld(args, gold_path, folder):
    """Scores the documents of folder against gold_path and prints the
    table; returns (strict P/R/F1, detect P/R/F1), or None without that gold."""
    if not os.path.exists(gold_path):
        return None
    gold = read_tsv(gold_path)
    names = sorted({r["file"] for r in gold})
    rows, tot = [], collections.Counter()
    for name in names:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            raise ProgramError("%s: the gold names it but %s lacks it" % (name, folder))
        out = run_vnplan(args.vnplan, path)
        g = [real_gold_keys(r) for r in gold if r["file"] == name]
        p = [real_pred_keys(r) for r in out["references"]]
        strict, missed, spurious = match_counts([k[0] for k in g], [k[0] for k in p])
        detect, d_missed, d_spurious = match_counts([k[1] for k in g], [k[1] for k in p])
        tot.update(g=len(g), p=len(p), s=strict, d=detect)
        rows.append([name, str(len(g)), str(len(p)), str(strict)]
                    + [pct(x) for x in prf(strict, len(g), len(p))]
                    + [str(detect)] + [pct(x) for x in prf(detect, len(g), len(p))])
        if args.verbose:
            for key in sorted(missed.elements(), key=str):
                print("%s: missed %s%s" % (name, dict(zip(REAL_KEY, key)),
                                             "" if (key[0], key[1].casefold()) in d_missed
                                             else " (detected)"))
            for key in sorted(spurious.elements(), key=str):
                print("%s: spurious %s%s" % (name, dict(zip(REAL_KEY, key)),
                                               "" if (key[0], key[1].casefold()) in d_spurious
                                               else " (detected)"))
    strict_prf = prf(tot["s"], tot["g"], tot["p"])
    detect_prf = prf(tot["d"], tot["g"], tot["p"])
    rows.append(["overall", str(tot["g"]), str(tot["p"]), str(tot["s"])]
                + [pct(x) for x in strict_prf] + [str(tot["d"])] + [pct(x) for x in detect_prf])
    print_table("real-world references, %s (mention level; strict: every field, detect: line and type)"
                % os.path.relpath(gold_path, args.root),
                ["file", "gold", "pred", "strict", "P", "R", "F1", "detect", "P", "R", "F1"], rows)
    return strict_prf, detect_prf


# ---- report ------------------------------------------------------------------

def print_table(title, header, rows):
    """Rows of strings, first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                              for i, c in enumerate(r))
    print(title)
    print(fmt(header))
    for r in rows:
        print(fmt(r))
    print()


def pct(x):
    return "%.3f" % x


def main(argv=None):
    ap = argparse.ArgumentParser(description="Score vnplan against corpus/gold/.")
    ap.add_argument("--vnplan", required=True, help="path of the vnplan binary")
    ap.add_argument("--root", required=True, help="project root (holds corpus/)")
    ap.add_argument("--min-refs-f1", type=float, help="exit 1 when overall reference F1 is lower")
    ap.add_argument("--min-cells", type=float, help="exit 1 when the cell-exact rate is lower")
    ap.add_argument("--min-records", type=float,
                    help="exit 1 when record precision or recall is lower")
    ap.add_argument("--all-deadlines", action="store_true",
                    help="exit 1 unless every deadline field of every record is right")
    ap.add_argument("--min-real-strict", type=float,
                    help="exit 1 when the real-world strict reference F1 is lower")
    ap.add_argument("--min-real-detect", type=float,
                    help="exit 1 when the real-world detect reference F1 is lower")
    ap.add_argument("--real-gold", help="real-world gold to score instead of "
                    "corpus/gold/realworld_refs.tsv (a path under ROOT or absolute)")
    ap.add_argument("--real-docs", help="folder of the documents --real-gold names "
                    "(default corpus/realworld)")
    ap.add_argument("--form-dir", help="read each seed from this folder, in another form")
    ap.add_argument("--form-ext", default="pdf", help="the extension of the form's files")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious mentions")
    args = ap.parse_args(argv)

    gold_dir = os.path.join(args.root, "corpus", "gold")
    seeds = sorted(glob.glob(os.path.join(args.root, "corpus", "seeds", "*.txt")))
    refs_gold = read_tsv(os.path.join(gold_dir, "refs.tsv"))
    tables_gold = read_tsv(os.path.join(gold_dir, "tables.tsv"))
    deadlines = collections.defaultdict(list)
    for row in read_tsv(os.path.join(gold_dir, "deadlines.tsv")):
        deadlines[norm(row["text"])].append(row)
    if not seeds:
        print("no seeds in %s" % os.path.join(args.root, "corpus", "seeds"))
        return 1

    outputs, failures = {}, []
    lines = not args.form_dir
    for path in seeds:
        read = path
        if args.form_dir:
            stem = os.path.splitext(os.path.basename(path))[0]
            read = os.path.join(args.form_dir, "%s.%s" % (stem, args.form_ext))
        try:
            outputs[os.path.basename(path)] = run_vnplan(args.vnplan, read)
        except ProgramError as e:
            failures.append(str(e))
    for f in failures:
        print("error: %s" % f)
    if failures:
        return 1

    ref_rows, rec_rows, pairs_by_file = [], [], {}
    tot = collections.Counter()
    for name, out in outputs.items():
        gold = [gold_ref_key(r, lines) for r in refs_gold if r["file"] == name]
        pred = [pred_ref_key(r, lines) for r in out["references"]]
        match, missed, spurious = match_counts(gold, pred)
        tot.update(rg=len(gold), rp=len(pred), rm=match)
        ref_rows.append([name, str(len(gold)), str(len(pred)), str(match)]
                        + [pct(x) for x in prf(match, len(gold), len(pred))])
        if args.verbose:
            for key in sorted(missed.elements()):
                print("%s: missed reference %s" % (name, dict(zip(REF_KEY[1 - lines:], key))))
            for key in sorted(spurious.elements()):
                print("%s: spurious reference %s" % (name, dict(zip(REF_KEY[1 - lines:], key))))

        gold_recs = [r for r in tables_gold if r["file"] == name]
        predicted = pred_records(out)
        matched, exact, compared, pairs = score_records(gold_recs, predicted)
        pairs_by_file[name] = pairs
        tot.update(tg=len(gold_recs), tp=len(predicted), tm=matched, ce=exact, cc=compared)
        p, r, _ = prf(matched, len(gold_recs), len(predicted))
        rec_rows.append([name, str(len(gold_recs)), str(len(predicted)), str(matched), pct(p), pct(r),
                         "%d/%d" % (exact, compared), pct(exact / compared if compared else 0.0)])

    refs_prf = prf(tot["rm"], tot["rg"], tot["rp"])
    ref_rows.append(["overall", str(tot["rg"]), str(tot["rp"]), str(tot["rm"])] + [pct(x) for x in refs_prf])
    cell_rate = tot["ce"] / tot["cc"] if tot["cc"] else 0.0
    p, r, _ = prf(tot["tm"], tot["tg"], tot["tp"])
    rec_p, rec_r = p, r
    rec_rows.append(["overall", str(tot["tg"]), str(tot["tp"]), str(tot["tm"]), pct(p), pct(r),
                     "%d/%d" % (tot["ce"], tot["cc"]), pct(cell_rate)])

    print_table("references (mention level)",
                ["file", "gold", "pred", "match", "precision", "recall", "F1"], ref_rows)
    print_table("table records",
                ["file", "gold", "pred", "match", "precision", "recall", "cells exact", "cell rate"],
                rec_rows)
    gold_cells = sum(1 for row in tables_gold for role in ROLES if row[role])
    print("cells are compared for matched records only; the gold has %d non-empty cells" % gold_cells)
    print()

    has_due = any("due" in rec for out in outputs.values() for _, rec in pred_records(out))
    exact = compared = 0
    if has_due:
        exact, compared = score_deadlines(pairs_by_file, deadlines, outputs)
        print("deadlines: %d/%d fields exact (%s)" % (exact, compared,
                                                      pct(exact / compared if compared else 0.0)))
    else:
        print("deadlines: not scored yet")

    try:
        real_gold = os.path.join(args.root, args.real_gold or
                                 os.path.join("corpus", "gold", "realworld_refs.tsv"))
        real_docs = os.path.join(args.root, args.real_docs or os.path.join("corpus", "realworld"))
        # another form of the seeds is scored on the seed gold alone
        real = None if args.form_dir else score_realworld(args, real_gold, real_docs)
    except ProgramError as e:
        print("error: %s" % e)
        return 1

    status = 0
    for floor, index, label in ((args.min_real_strict, 0, "strict"), (args.min_real_detect, 1, "detect")):
        if floor is None:
            continue
        if real is None:
            print("real-world %s floor given but %s is missing"
                  % (label, args.real_gold or "corpus/gold/realworld_refs.tsv"))
            status = 1
        elif real[index][2] < floor:
            print("real-world %s reference F1 %.3f is below %.3f" % (label, real[index][2], floor))
            status = 1
    if args.min_refs_f1 is not None and refs_prf[2] < args.min_refs_f1:
        print("reference F1 %.3f is below %.3f" % (refs_prf[2], args.min_refs_f1))
        status = 1
    if args.min_cells is not None and cell_rate < args.min_cells:
        print("cell-exact rate %.3f is below %.3f" % (cell_rate, args.min_cells))
        status = 1
    if args.min_records is not None and min(rec_p, rec_r) < args.min_records:
        print("record precision %.3f / recall %.3f is below %.3f" % (rec_p, rec_r, args.min_records))
        status = 1
    if args.all_deadlines and (not compared or exact != compared):
        print("deadlines: %d of %d fields wrong" % (compared - exact, compared))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
