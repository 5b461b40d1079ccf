"""Shared pieces of the Python tests (corpus and robustness suites)."""
import os

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
