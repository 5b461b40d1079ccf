#!/usr/bin/env python3
"""The spec runner's own verdicts: a wrong expectation fails with its
file:line, a known failure that fails is XFAIL and passes the run, one
that passes is XPASS and fails it, a malformed file fails, and a fragment
matches as format.md says (subset objects, whole arrays, "..." runs)."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import run_spec  # noqa: E402
import vnptest  # noqa: E402

FENCE = "````````"
TEXT = "I. NHIỆM VỤ\nThực hiện Nghị định số 5/2024/NĐ-CP của Chính phủ.\n"
RIGHT = '{"references": [{"number": "5", "issuer": "Chính phủ"}]}'
WRONG = '{"references": [{"number": "6"}]}'

failures = []


def check(what, ok):
    print("%s: %s" % ("ok" if ok else "FAILED", what))
    if not ok:
        failures.append(what)


def example(expected, tag=""):
    return "%s example%s\n%s.\n%s\n%s\n" % (FENCE, " " + tag if tag else "", TEXT, expected, FENCE)


def run(tmp, name, body):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)
    p = subprocess.run([sys.executable, os.path.join(HERE, "run_spec.py"),
                        "--program", vnptest.VNPLAN, path], capture_output=True, text=True)
    return p.returncode, p.stdout


def check_verdicts(tmp):
    rc, out = run(tmp, "pass.md", "# A\n\n" + example(RIGHT))
    check("a right expectation passes", rc == 0 and "1 passed" in out)
    rc, out = run(tmp, "fail.md", "# A\n\ntext\n\n" + example(WRONG))
    check("a wrong expectation fails, named by file:line",
          rc == 1 and "fail.md:5: FAIL: A: $.references[0].number" in out)
    rc, out = run(tmp, "xfail.md", example(WRONG, "known-failure"))
    check("a known failure that fails is XFAIL and passes the run", rc == 0 and "1 known failures" in out)
    rc, out = run(tmp, "xpass.md", example(RIGHT, "known-failure"))
    check("a known failure that passes is XPASS and fails the run",
          rc == 1 and "xpass.md:1: XPASS" in out)
    rc, out = run(tmp, "bad.md", example("{not json"))
    check("a fragment that is not JSON fails the run, with its line", rc == 1 and "bad.md:1: error" in out)
    rc, out = run(tmp, "tag.md", example(RIGHT, "known-failur"))
    check("an unknown tag fails the run", rc == 1 and "unknown tag" in out)
    rc, out = run(tmp, "open.md", "%s example\n%s.\n{}\n" % (FENCE, TEXT))
    check("an example left open fails the run", rc == 1 and "not closed" in out)
    rc, out = run(tmp, "none.md", "# Nothing here\n")
    check("a file without examples fails the run", rc == 1 and "no examples" in out)


def check_matching():
    m = lambda want, got: run_spec.match(want, got, "$") is None
    check("keys the fragment does not give are not looked at", m({"a": 1}, {"a": 1, "b": 2}))
    check("a missing key fails", not m({"c": 1}, {"a": 1}))
    check("arrays have the output's length", not m([1], [1, 2]) and not m([1, 2], [1]))
    check("arrays match in order", not m([2, 1], [1, 2]) and m([1, 2], [1, 2]))
    check("'...' stands for any run", m([1, "..."], [1, 2, 3]) and m(["...", 3], [1, 2, 3])
          and m(["...", 2, "..."], [1, 2, 3]) and m([1, "..."], [1]) and not m(["...", 4, "..."], [1, 2]))
    check("types are told apart", not m(1, "1") and not m(True, 1) and not m(None, 0) and not m(0, False))
    check("null matches only null", m(None, None) and not m(None, "x"))
    check("objects inside arrays are subsets too", m([{"a": 1}], [{"a": 1, "b": 2}]))


def main():
    if not vnptest.VNPLAN:
        vnptest.skip("VNPLAN is not set")
    check_matching()
    with tempfile.TemporaryDirectory() as tmp:
        check_verdicts(tmp)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
