#!/usr/bin/env python3
"""Runs the examples of tests/spec/*.md through vnplan.

Each example is a fenced block whose info string starts with `example`:
the input text, a line holding only `.`, then a JSON fragment that must be
found in vnplan's JSON output (format.md says how a fragment matches).
In the input, `→` stands for a tab. A tag after `example` changes the
verdict: `known-failure` marks an example the program gets wrong today
(XFAIL while it fails; XPASS, which fails the run, once it passes, so that
the tag is taken off).

Usage: run_spec.py [--program VNPLAN] [--verbose] [--xfail-list] [FILE.md ...]
Without files, every tests/spec/*.md. Exit 0 when every example passes or
fails as known, 1 otherwise.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import vnptest  # noqa: E402

FENCE = re.compile(r"^(`{3,})\s*example\b(.*)$")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
KNOWN_TAGS = {"known-failure"}
TIMEOUT = 20


class SpecError(Exception):
    """A spec file that cannot be read as examples: file and line."""


class Example:
    def __init__(self, path, line, section, tags, text, expected):
        self.path, self.line, self.section = path, line, section
        self.tags, self.text, self.expected = tags, text, expected

    @property
    def where(self):
        return "%s:%d" % (os.path.relpath(self.path), self.line)


def read_examples(path):
    """The examples of one file, in order; a malformed one is a SpecError."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    examples, section, i = [], "", 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        h = HEADING.match(lines[i])
        if h:
            section = h.group(1)
        if not m:
            i += 1
            continue
        start, fence, tags = i + 1, m.group(1), m.group(2).split()
        unknown = [t for t in tags if t not in KNOWN_TAGS]
        if unknown:
            raise SpecError("%s:%d: error: unknown tag %s" % (path, start, " ".join(unknown)))
        i += 1
        body, expected = [], None
        while i < len(lines) and lines[i] != fence:
            if lines[i] == "." and expected is None:
                expected = []
            elif expected is None:
                body.append(lines[i])
            else:
                expected.append(lines[i])
            i += 1
        if i == len(lines):
            raise SpecError("%s:%d: error: example not closed by %s" % (path, start, fence))
        if expected is None:
            raise SpecError("%s:%d: error: example without a '.' line" % (path, start))
        try:
            want = json.loads("\n".join(expected))
        except ValueError as e:
            raise SpecError("%s:%d: error: expected fragment is not JSON: %s" % (path, start, e))
        text = "\n".join(body).replace("\u2192", "\t") + "\n"
        examples.append(Example(path, start, section, set(tags), text, want))
        i += 1
    return examples


# ---- matching a fragment ----------------------------------------------------
# An object matches when each of its keys is in the output with a matching
# value (other keys are not looked at); an array matches element by element,
# in order, with the same length, where the string "..." stands for any run
# of elements (none included); any other value must be equal, of the same
# JSON type.

def same_scalar(want, got):
    if isinstance(want, bool) or isinstance(got, bool):
        return isinstance(want, bool) and isinstance(got, bool) and want == got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return want == got
    return type(want) is type(got) and want == got


def match(want, got, path):
    """None when got matches want, else (path, what was wanted, what was found)."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return (path, want, got)
        for k, v in want.items():
            if k not in got:
                return (path + "." + k, v, "(no such key)")
            bad = match(v, got[k], path + "." + k)
            if bad:
                return bad
        return None
    if isinstance(want, list):
        if not isinstance(got, list):
            return (path, want, got)
        return match_list(want, got, path)
    return None if same_scalar(want, got) else (path, want, got)


def match_list(want, got, path):
    """Element-wise match with "..." as a wildcard run (backtracking; the
    fragments are small)."""
    best = [None]

    def go(i, j):
        if i == len(want):
            if j == len(got):
                return True
            if best[0] is None:
                best[0] = (path + "[%d]" % j, "(no more elements)", got[j])
            return False
        if want[i] == "...":
            return any(go(i + 1, k) for k in range(j, len(got) + 1))
        if j == len(got):
            if best[0] is None:
                best[0] = (path + "[%d]" % j, want[i], "(no more elements)")
            return False
        bad = match(want[i], got[j], path + "[%d]" % j)
        if bad:
            if best[0] is None or len(bad[0]) > len(best[0][0]):
                best[0] = bad
            return False
        return go(i + 1, j + 1)

    return None if go(0, 0) else best[0]


# ---- running -----------------------------------------------------------------

def run_example(program, ex, tmp):
    """(True, None) on a match, else (False, why)."""
    src = os.path.join(tmp, "example.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(ex.text)
    try:
        p = subprocess.run([program, "extract", "--compact", "-q", src],
                           capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "no output within %d s" % TIMEOUT
    if p.returncode not in (0, 1) or not p.stdout:
        return False, "vnplan exited %d: %s" % (p.returncode,
                                               vnptest.brief(p.stderr.decode("utf-8", "replace")))
    try:
        got = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        return False, "output is not JSON: %s" % e
    bad = match(ex.expected, got, "$")
    if not bad:
        return True, None
    where, want, found = bad
    show = lambda v: v if isinstance(v, str) and v.startswith("(") else json.dumps(v, ensure_ascii=False)
    return False, "%s: expected %s, got %s" % (where, show(want)[:300], show(found)[:300])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--program", default=vnptest.VNPLAN)
    ap.add_argument("--verbose", "-v", action="store_true", help="a line for every example")
    ap.add_argument("--xfail-list", action="store_true", help="list the known failures")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if not args.program:
        print("run_spec.py: no program (--program or VNPLAN)", file=sys.stderr)
        return 2
    files = args.files or sorted(glob.glob(os.path.join(HERE, "*.md")))
    bad_run, totals = False, [0, 0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            try:
                examples = read_examples(path)
            except SpecError as e:
                print("%s" % e, flush=True)
                bad_run = True
                continue
            counts = [0, 0, 0, 0]  # pass, fail, xfail, xpass
            for ex in examples:
                ok, why = run_example(args.program, ex, tmp)
                known = "known-failure" in ex.tags
                if ok and not known:
                    counts[0] += 1
                    if args.verbose:
                        print("%s: PASS: %s" % (ex.where, ex.section))
                elif not ok and not known:
                    counts[1] += 1
                    print("%s: FAIL: %s: %s" % (ex.where, ex.section, why))
                elif not ok:
                    counts[2] += 1
                    if args.verbose or args.xfail_list:
                        print("%s: XFAIL: %s: %s" % (ex.where, ex.section, why))
                else:
                    counts[3] += 1
                    print("%s: XPASS: %s: passes now; take off its known-failure tag"
                          % (ex.where, ex.section))
            if not examples:
                print("%s: error: no examples" % os.path.relpath(path))
                bad_run = True
            print("%s: %d examples: %d passed, %d failed, %d known failures, %d unexpected passes"
                  % (os.path.relpath(path), len(examples), *counts), flush=True)
            totals[0] += len(examples)
            for k in range(4):
                totals[k + 1] += counts[k]
    print("all: %d examples: %d passed, %d failed, %d known failures, %d unexpected passes"
          % tuple(totals))
    return 1 if bad_run or totals[2] or totals[4] else 0


if __name__ == "__main__":
    sys.exit(main())
