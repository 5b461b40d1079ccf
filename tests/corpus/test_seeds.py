#!/usr/bin/python3
"""Compares vnplan's JSON for each seed document with tests/expected/<seed>.json.

The expectations were written by reading the documents, so a mismatch is a
finding about the program unless the expectation's "notes" say otherwise.
Prints one line per mismatch and a final "N passed, M failed" line (one
check per field per file); exits 1 when any check failed.
"""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import brief  # noqa: E402

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")



# Scalar fields: the name printed in reports and the path into the output.
SCALARS = [
    ("issuer.name", ("document", "issuer", "name")),
    ("issuer.parent", ("document", "issuer", "parent")),
    ("province.name", ("document", "province", "name")),
    ("province.kind", ("document", "province", "kind")),
    ("province.written", ("document", "province", "written")),
    ("province.former", ("document", "province", "former")),
    ("type", ("document", "type")),
    ("type_code", ("document", "type_code")),
    ("number", ("document", "number")),
    ("symbol", ("document", "symbol")),
    ("place", ("document", "place")),
    ("date.year", ("document", "date", "year")),
    ("date.month", ("document", "date", "month")),
    ("date.day", ("document", "date", "day")),
    ("title", ("document", "title")),
    ("period.from", ("document", "period", "from")),
    ("period.to", ("document", "period", "to")),
    ("signer.authority", ("document", "signer", "authority")),
    ("signer.on_behalf_of", ("document", "signer", "on_behalf_of")),
    ("signer.title", ("document", "signer", "title")),
    ("signer.name", ("document", "signer", "name")),
]

# Marks a field or row the output lacks; None is a real value there (null).
MISSING = object()


def show(value):
    """Renders a value the way the expectation files write it."""
    if value is MISSING:
        return "nothing"
    return json.dumps(value, ensure_ascii=False)


def dig(obj, path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return MISSING
        obj = obj[key]
    return obj


def flatten_outline(nodes):
    """The nested outline as [line, level, number, title] rows in document order."""
    rows = []
    for node in nodes or []:
        rows.append([node.get("line"), node.get("level"), node.get("number"), node.get("title")])
        rows.extend(flatten_outline(node.get("children")))
    return rows


def actual_lists(out):
    """The list-valued fields of the output, shaped like the expectations."""
    doc = out.get("document") or {}
    return {
        "recipients": [r.get("text") for r in doc.get("recipients") or []],
        "outline": flatten_outline(out.get("outline")),
        "preamble": [p.get("line") for p in out.get("preamble") or []],
        "annexes": [[a.get("line"), a.get("label"), a.get("caption")]
                    for a in out.get("annexes") or []],
        "footnotes": [[f.get("line"), f.get("marker"), f.get("ref_line")]
                      for f in out.get("footnotes") or []],
    }


def expected_lists(exp):
    return {
        "recipients": exp["document"]["recipients"],
        "outline": exp["outline"],
        "preamble": exp["preamble"],
        "annexes": exp["annexes"],
        "footnotes": exp["footnotes"],
    }


def diff_by_line(expected, actual):
    """Mismatches of rows keyed by their first item (the line): a whole-list
    dump would bury the one heading that differs."""
    exp = {row[0]: row for row in expected}
    act = {row[0]: row for row in actual}
    lines = sorted(set(exp) | set(act), key=lambda x: (x is None, x or 0))
    return [(exp.get(n, MISSING), act.get(n, MISSING)) for n in lines
            if exp.get(n, MISSING) != act.get(n, MISSING)]


def diff_positional(expected, actual):
    n = max(len(expected), len(actual))
    pad = lambda seq, i: seq[i] if i < len(seq) else MISSING
    return [(pad(expected, i), pad(actual, i)) for i in range(n)
            if pad(expected, i) != pad(actual, i)]


def diff_lines(expected, actual):
    """Preamble paragraphs are compared as sets of line numbers."""
    missing = [(n, MISSING) for n in expected if n not in actual]
    extra = [(MISSING, n) for n in actual if n not in expected]
    return missing + extra


LIST_DIFFS = {
    "recipients": diff_positional,
    "outline": diff_by_line,
    "preamble": diff_lines,
    "annexes": diff_by_line,
    "footnotes": diff_by_line,
}


def run_vnplan(path):
    proc = subprocess.run([VNPLAN, "extract", "-q", path], capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("exit %d: %s" % (proc.returncode, brief(proc.stderr.decode("utf-8", "replace"))))
    return json.loads(proc.stdout.decode("utf-8"))


def check_file(exp_path, tally):
    exp = json.load(open(exp_path, encoding="utf-8"))
    name = exp["file"]
    try:
        out = run_vnplan(os.path.join(ROOT, "corpus", "seeds", name))
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
        n = len(SCALARS) + len(LIST_DIFFS)
        print("%s: run: %s (%d checks failed)" % (name, e, n))
        tally[1] += n
        return
    for field, path in SCALARS:
        want, got = dig(exp, path), dig(out, path)
        if want == got:
            tally[0] += 1
        else:
            tally[1] += 1
            print("%s: %s: expected %s, got %s" % (name, field, show(want), show(got)))
    want_lists, got_lists = expected_lists(exp), actual_lists(out)
    for field, differ in LIST_DIFFS.items():
        diffs = differ(want_lists[field], got_lists[field])
        if not diffs:
            tally[0] += 1
            continue
        tally[1] += 1
        for want, got in diffs:
            print("%s: %s: expected %s, got %s" % (name, field, show(want), show(got)))


def main():
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    expectations = sorted(glob.glob(os.path.join(ROOT, "tests", "expected", "*.json")))
    tally = [0, 0]
    if not expectations:
        print("no expectations in tests/expected")
        tally[1] += 1
    for path in expectations:
        check_file(path, tally)
    print("%d passed, %d failed" % (tally[0], tally[1]))
    return 1 if tally[1] else 0


if __name__ == "__main__":
    sys.exit(main())
