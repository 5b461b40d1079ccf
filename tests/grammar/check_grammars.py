#!/usr/bin/env python3
"""The build's grammar check (cmake/grammar_check.c) on broken copies of
grammars/: each break fails the check with the file and the line it is
on; lexicon words with pattern characters are escaped, both by the check
and by the library (a "(" or "#" in a doctypes.tsv row is a character of
a type word, never syntax).

Usage: check_grammars.py GRAMMAR_CHECK GRAMMARS_DIR VNPLAN
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(what, ok, detail=""):
    print("%s: %s%s" % ("ok" if ok else "FAILED", what, "" if ok else " -- " + detail))
    if not ok:
        failures.append(what)


def run_check(checker, folder):
    p = subprocess.run([checker, folder], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def line_of(path, needle):
    """1-based line of the first line of path that holds needle."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    raise SystemExit("%s: no line holds %r (the grammar changed: update this test)" % (path, needle))


def edit_line(path, n, change):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    lines[n - 1] = change(lines[n - 1])
    with open(path, "wb") as f:
        f.write(b"\n".join(lines))


class Copy:
    """A fresh copy of the grammar folder for one break."""

    def __init__(self, src, tmp, name):
        self.dir = os.path.join(tmp, name)
        shutil.copytree(src, self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)


def expect_error(checker, copy, file, line, message):
    rc, out = run_check(checker, copy.dir)
    want = "%s/%s:%d: error: %s" % (copy.dir, file, line, message)
    check("%s, line %d: %s" % (file, line, message), rc == 1 and want in out,
          "exit %d, output %r, wanted %r" % (rc, out.strip(), want))


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    checker, grammars, vnplan = sys.argv[1:]
    rc, out = run_check(checker, grammars)
    check("the grammars as they are pass, silently", rc == 0 and out == "", out)
    with tempfile.TemporaryDirectory() as tmp:
        # A pattern line of reference.pcre after @TYPES@ was put in: the
        # line is counted in the file, not in the built pattern.
        c = Copy(grammars, tmp, "property")
        n = line_of(c.path("reference.pcre"), "(?<num>")
        edit_line(c.path("reference.pcre"), n, lambda l: l.replace(b"(?<num>", b"(?<num> \\p{Nope}"))
        expect_error(checker, c, "reference.pcre", n, "unknown property")

        c = Copy(grammars, tmp, "paren")
        n = line_of(c.path("date.pcre"), "(?i:ngày)")
        edit_line(c.path("date.pcre"), n, lambda l: b") " + l)
        expect_error(checker, c, "date.pcre", n, "unmatched closing parenthesis")

        c = Copy(grammars, tmp, "quantifier")
        n = line_of(c.path("time.pcre"), "thường \\s+ xuyên")
        edit_line(c.path("time.pcre"), n, lambda l: l.replace(b"xuy", b"x{3,1}uy"))
        expect_error(checker, c, "time.pcre", n, "numbers out of order")

        # A stray "(" is seen only at the end of the pattern: the end is
        # named, with the group PCRE2 found still open.
        c = Copy(grammars, tmp, "open")
        n = line_of(c.path("law_number.pcre"), "(?<num>")
        edit_line(c.path("law_number.pcre"), n, lambda l: l.replace(b"(?<num>", b"((?<num>"))
        rc, out = run_check(checker, c.dir)
        check("a stray '(' fails, naming law_number.pcre",
              rc == 1 and "/law_number.pcre:" in out and "missing closing parenthesis" in out
              and "note: this '(' is still open" in out, out)

        c = Copy(grammars, tmp, "utf8")
        with open(c.path("issuing_bodies.tsv"), "ab") as f:
            f.write(b"B\xe1\xbb ngo\xe1i giao\tbody\n")
        with open(c.path("issuing_bodies.tsv"), "rb") as f:
            n = f.read().count(b"\n")
        expect_error(checker, c, "issuing_bodies.tsv", n, "invalid UTF-8")

        c = Copy(grammars, tmp, "empty")
        for name in os.listdir(c.dir):
            os.unlink(c.path(name))
        rc, out = run_check(checker, c.dir)
        check("a folder without grammar files fails", rc == 1 and "no grammar files" in out, out)

        # Type words holding pattern characters: escaped, so the check
        # passes and the library reads references with them.
        c = Copy(grammars, tmp, "words")
        with open(c.path("doctypes.tsv"), "a", encoding="utf-8") as f:
            f.write("Quyết định (mới\tQĐ\nMẫu #\tMX\nPhiếu.\tPH\n")
        rc, out = run_check(checker, c.dir)
        check("type words with '(', '#' and '.' compile", rc == 0 and out == "", out)
        doc = os.path.join(tmp, "doc.txt")
        with open(doc, "w", encoding="utf-8") as f:
            f.write("I. NHIỆM VỤ\nThực hiện Quyết định số 5/QĐ-UBND, Mẫu # số 3/MX-UBND và Phiếu số 4/PH-UBND.\n")
        p = subprocess.run([vnplan, "extract", "--compact", "-q", "--grammars", c.dir, doc],
                           capture_output=True, text=True)
        got = json.loads(p.stdout) if p.stdout else {}
        refs = [(r["type"], r["number"]) for r in got.get("references", [])]
        grammar_errors = [d for d in got.get("diagnostics", []) if d["code"] == "grammar"]
        check("the library escapes them: both references read, no grammar error, '.' no wildcard",
              refs == [("Quyết định", "5"), ("Mẫu #", "3")] and not grammar_errors,
              "references %r, diagnostics %r" % (refs, grammar_errors))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
