#!/usr/bin/python3
"""Real-world corpus: vnplan reads every document of
$VNPLAN_SHARED/realworld/docs without failing, every JSON and XML output
validates against the schemas, and the two formats agree (the checks of
test_schema.py, applied to each document).

Documents go to vnplan in chunks, each under a time limit; when a chunk
fails, its documents are run one by one to name the one that failed.
Prints "N passed, M failed"; exits 1 on any failure. Without the corpus it
prints "SKIP: ..." and exits 77, which ctest reports as skipped.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_schema as ts  # noqa: E402  (shared helpers, found beside this file)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import skip  # noqa: E402

CHUNK_FILES = 40
CHUNK_TIMEOUT = 30   # seconds for one chunk; the whole corpus takes a few
SINGLE_TIMEOUT = 10  # seconds for one document run alone


def corpus_files():
    shared = os.environ.get("VNPLAN_SHARED")
    docs = os.path.join(shared, "realworld", "docs") if shared else None
    if not docs or not os.path.isdir(docs):
        return None
    names = sorted(os.listdir(docs))
    return [os.path.join(docs, n) for n in names if os.path.isfile(os.path.join(docs, n))]


def run_single(vnplan, out_dir, path):
    """None when vnplan reads the file, else why it did not."""
    try:
        proc = ts.run_extract(vnplan, out_dir, [path], SINGLE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return [f"timed out after {SINGLE_TIMEOUT} s"]
    if proc.returncode == 0:
        return None
    return [ts.describe_exit(proc.returncode)] + proc.stderr.splitlines()[:5]


def run_chunk(vnplan, out_dir, paths):
    """{path: None or failure lines} for one chunk."""
    try:
        if ts.run_extract(vnplan, out_dir, paths, CHUNK_TIMEOUT).returncode == 0:
            return dict.fromkeys(paths)
    except subprocess.TimeoutExpired:
        pass
    # a crash stops the rest of the chunk: run each file alone to name it
    return {p: run_single(vnplan, out_dir, p) for p in paths}


def run_all(checks, vnplan, out_dir, paths):
    """Runs every document; returns the ones vnplan read."""
    read = []
    for i in range(0, len(paths), CHUNK_FILES):
        for path, failure in run_chunk(vnplan, out_dir, paths[i:i + CHUNK_FILES]).items():
            if checks.ok(failure is None, f"{os.path.basename(path)}: vnplan extract succeeds",
                         failure):
                read.append(path)
    return read


def main():
    paths = corpus_files()
    if paths is None:
        skip("no realworld corpus: $VNPLAN_SHARED/realworld/docs is missing")
    vnplan, tool, root = ts.require_env("VNPLAN", "VALIDATE_XML", "VNPLAN_ROOT")
    checks = ts.Checks()
    checks.ok(len(paths) > 0, "realworld/docs holds documents")
    xsd = os.path.join(root, "schema", "vnplan.xsd")
    schema, validator = ts.load_schema(root, checks)
    with tempfile.TemporaryDirectory(prefix="vnplan-realworld-") as out_dir:
        read = run_all(checks, vnplan, out_dir, paths)
        xml_paths = ts.check_outputs(checks, schema, validator, out_dir, read)
        ts.check_xml_batch(checks, tool, xsd, xml_paths)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
