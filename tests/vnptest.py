"""Shared pieces of the Python tests (corpus and robustness suites)."""
import os
import sys

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VNPLAN = os.environ.get("VNPLAN")


def brief(stderr):
    """The gist of an error output: a sanitizer report is long, so keep its
    ERROR line and the first frame that names a source line."""
    lines = stderr.strip().splitlines()
    if any("Sanitizer" in l or "runtime error:" in l for l in lines):
        keep = [l.strip() for l in lines if "ERROR:" in l or "runtime error:" in l][:1]
        keep += [l.strip() for l in lines if l.strip().startswith("#") and ".c:" in l][:1]
        return " | ".join(keep)
    return " ".join(lines)[:300]


# A test that cannot run (the shared corpus beside the project is missing,
# a tool is not installed) says so and exits SKIP_CODE, which ctest shows
# as skipped (tests/CMakeLists.txt sets SKIP_RETURN_CODE on every script
# test): it never reports a pass for checks it did not make. A part of a
# test that cannot run prints a line "SKIP: <what and why>" and the test goes
# on with the rest.
SKIP_CODE = 77


def skip(reason):
    """Ends the whole test as skipped, saying why."""
    print("SKIP: " + reason, flush=True)
    sys.exit(SKIP_CODE)
