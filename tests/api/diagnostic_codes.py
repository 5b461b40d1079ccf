#!/usr/bin/python3
"""Every diagnostic code the library's sources give is listed in
docs/diagnostics.md, with the severity they give it; every code listed there
is given by the sources or marked retired; no code is listed twice.

The sources give codes through diag_add(doc, VNP_SEV_..., "code", ...): a
call whose code or severity is not written out cannot be checked and fails.
usage: diagnostic_codes.py [ROOT]
"""
import glob
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CALL = re.compile(r"\bdiag_add\s*\(")
LITERAL = re.compile(r'\s*[A-Za-z_][A-Za-z0-9_]*\s*,\s*VNP_SEV_([A-Z]+)\s*,\s*"([^"\\]+)"')
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([a-z]+)\s*\|")
SEVERITIES = {"error", "warning", "note", "retired"}


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def source_codes(failures):
    """{code: {(severity, "file:line")...}} from the library's sources."""
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "extract", "src", "*.[ch]"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rel = os.path.relpath(path, ROOT)
        for call in CALL.finditer(text):
            where = "%s:%d" % (rel, line_of(text, call.start()))
            head = text[max(0, call.start() - 40):call.start()]
            if re.search(r"\bvoid\s+$", head):
                continue  # the declaration or the definition
            m = LITERAL.match(text, call.end())
            if not m:
                failures.append("%s: diag_add without a written severity and code" % where)
                continue
            found.setdefault(m.group(2), set()).add((m.group(1).lower(), where))
    return found


def table_codes(failures):
    """{code: severity} from docs/diagnostics.md."""
    path = os.path.join(ROOT, "docs", "diagnostics.md")
    listed = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = ROW.match(line)
            if not m:
                continue
            code, sev = m.groups()
            if code in listed:
                failures.append("docs/diagnostics.md:%d: %s is listed twice" % (n, code))
            if sev not in SEVERITIES:
                failures.append("docs/diagnostics.md:%d: %s has severity %r, not one of %s"
                                % (n, code, sev, ", ".join(sorted(SEVERITIES))))
            listed[code] = sev
    return listed


def main():
    failures = []
    used = source_codes(failures)
    listed = table_codes(failures)
    if not used:
        failures.append("no diag_add call found under extract/src")
    for code, uses in sorted(used.items()):
        for sev, where in sorted(uses):
            if code not in listed:
                failures.append("%s: code %r is not in docs/diagnostics.md" % (where, code))
            elif listed[code] != sev:
                failures.append("%s: code %r is given as %s, docs/diagnostics.md says %s"
                                % (where, code, sev, listed[code]))
    for code, sev in sorted(listed.items()):
        if code not in used and sev != "retired":
            failures.append("docs/diagnostics.md: %r is given nowhere in extract/src: "
                            "mark it retired (codes are never removed)" % code)
    for f in failures:
        print("FAIL: " + f)
    print("%d codes given, %d listed, %d failures" % (len(used), len(listed), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
