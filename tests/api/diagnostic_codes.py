#!/usr/bin/python3
"""The diagnostic codes are one list, kept four times in step:
  - vnplan.h's enum vnp_diag_code: its values numbered from 0 in order
    (append-only: no value given another number), each with its name in a
    comment;
  - diag.c's table of names, one `[VNP_DIAG_X] = "name"` per value: a value
    without a name, a name without a value, or a name given twice fails;
    DIAG_CODE_COUNT (internal.h) is the count;
  - docs/diagnostics.md's table, in the enum's order, with a severity each;
  - the README's list of codes.
Every code the sources give is listed with the severity they give it; every
code listed is given by the sources or marked retired.

The sources give codes through diag_add(doc, VNP_SEV_..., VNP_DIAG_..., ...):
a call whose code or severity is not written out cannot be checked and fails.
usage: diagnostic_codes.py [ROOT]
"""
import glob
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CALL = re.compile(r"\bdiag_add\s*\(")
LITERAL = re.compile(r'\s*[A-Za-z_][A-Za-z0-9_]*\s*,\s*VNP_SEV_([A-Z]+)\s*,\s*(VNP_DIAG_[A-Z0-9_]+)\b')
ENUM = re.compile(r"typedef enum vnp_diag_code \{(.*?)\} vnp_diag_code;", re.S)
MEMBER = re.compile(r"^\s*(VNP_DIAG_[A-Z0-9_]+)\s*(=\s*([0-9]+))?\s*,?\s*/\*\s*\"([^\"]+)\"\s*\*/", re.M)
NAME = re.compile(r'\[(VNP_DIAG_[A-Z0-9_]+)\]\s*=\s*"([^"]+)"')
COUNT = re.compile(r"#define DIAG_CODE_COUNT \(\(size_t\)(VNP_DIAG_[A-Z0-9_]+) \+ 1\)")
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([a-z]+)\s*\|")
SEVERITIES = {"error", "warning", "note", "retired"}


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def enum_codes(failures):
    """[(VNP_DIAG_X, "name")...] in the order of vnplan.h's enum."""
    m = ENUM.search(read("extract", "include", "vnplan.h"))
    if not m:
        failures.append("extract/include/vnplan.h: no enum vnp_diag_code")
        return []
    body = re.sub(r"/\*[^\"]*?\*/", "", m.group(1))  # comments that give no name
    members = MEMBER.findall(body)
    listed = re.findall(r"\bVNP_DIAG_[A-Z0-9_]+\b", body)
    if len(listed) != len(members):
        failures.append("vnplan.h: every vnp_diag_code value is one line with its name "
                        "in a comment (%d values, %d with a name)" % (len(listed), len(members)))
    out = []
    for i, (name, _, value, string) in enumerate(members):
        if value and (i != 0 or value != "0"):
            failures.append("vnplan.h: %s = %s: the codes are numbered in order from 0, "
                            "none given a number of its own" % (name, value))
        out.append((name, string))
    return out


def name_table(enum, failures):
    """Checks diag.c's names and DIAG_CODE_COUNT against the enum."""
    names = NAME.findall(read("extract", "src", "diag.c"))
    by_value = {}
    for value, string in names:
        if value in by_value:
            failures.append("diag.c: %s is given two names" % value)
        by_value[value] = string
    strings = [string for _, string in names]
    for string in sorted(set(x for x in strings if strings.count(x) > 1)):
        failures.append("diag.c: the name %r is given to two codes" % string)
    for value, string in enum:
        if value not in by_value:
            failures.append("diag.c: %s has no name" % value)
        elif by_value[value] != string:
            failures.append("diag.c: %s is named %r, vnplan.h says %r"
                            % (value, by_value[value], string))
    known = {value for value, _ in enum}
    for value in sorted(set(by_value) - known):
        failures.append("diag.c: the name %r has no value %s in vnplan.h"
                        % (by_value[value], value))
    m = COUNT.search(read("extract", "src", "internal.h"))
    if not m or not enum or m.group(1) != enum[-1][0]:
        failures.append("internal.h: DIAG_CODE_COUNT must be ((size_t)%s + 1), the last code"
                        % (enum[-1][0] if enum else "VNP_DIAG_..."))


def source_codes(enum, failures):
    """{code: {(severity, "file:line")...}} from the library's sources."""
    string_of = dict(enum)
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
            if m.group(2) not in string_of:
                failures.append("%s: %s is no value of vnp_diag_code" % (where, m.group(2)))
                continue
            found.setdefault(string_of[m.group(2)], set()).add((m.group(1).lower(), where))
    return found


def table_codes(failures):
    """[(code, severity)...] from docs/diagnostics.md, in its order."""
    listed = []
    for n, line in enumerate(read("docs", "diagnostics.md").splitlines(), 1):
        m = ROW.match(line)
        if not m:
            continue
        code, sev = m.groups()
        if code in dict(listed):
            failures.append("docs/diagnostics.md:%d: %s is listed twice" % (n, code))
        if sev not in SEVERITIES:
            failures.append("docs/diagnostics.md:%d: %s has severity %r, not one of %s"
                            % (n, code, sev, ", ".join(sorted(SEVERITIES))))
        listed.append((code, sev))
    return listed


def readme_codes(enum, failures):
    """The README's list of codes (a line starting `Diagnostic codes`) holds each."""
    text = read("README.md")
    m = re.search(r"^Diagnostic codes[^\n]*\n((?:.+\n)+)", text, re.M)
    words = set(re.findall(r"`([a-z0-9-]+)`", m.group(0))) if m else set()
    if not m:
        failures.append("README.md: no paragraph starting 'Diagnostic codes'")
    for _, string in enum:
        if string not in words:
            failures.append("README.md: the code %r is not in its list of codes" % string)
    for word in sorted(words - {string for _, string in enum}):
        failures.append("README.md: %r is in its list of codes but no vnp_diag_code" % word)


def main():
    failures = []
    enum = enum_codes(failures)
    name_table(enum, failures)
    used = source_codes(enum, failures)
    table = table_codes(failures)
    listed = dict(table)
    readme_codes(enum, failures)
    if not used:
        failures.append("no diag_add call found under extract/src")
    if [code for code, _ in table] != [string for _, string in enum]:
        failures.append("docs/diagnostics.md lists the codes %s; vnplan.h's enum, in order, "
                        "is %s" % ([c for c, _ in table], [x for _, x in enum]))
    for code, uses in sorted(used.items()):
        for sev, where in sorted(uses):
            if code not in listed:
                failures.append("%s: code %r is not in docs/diagnostics.md" % (where, code))
            elif listed[code] != sev:
                failures.append("%s: code %r is given as %s, docs/diagnostics.md says %s"
                                % (where, code, sev, listed[code]))
    for code, sev in table:
        if code not in used and sev != "retired":
            failures.append("docs/diagnostics.md: %r is given nowhere in extract/src: "
                            "mark it retired (codes are never removed)" % code)
    for f in failures:
        print("FAIL: " + f)
    print("%d codes in the enum, %d given, %d listed, %d failures"
          % (len(enum), len(used), len(table), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
