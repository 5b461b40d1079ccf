#!/usr/bin/python3
"""The library gives the same bytes under every locale of its caller.

A program that calls setlocale(LC_ALL, "") under vi_VN.UTF-8 or de_DE.UTF-8
has a decimal comma in strtod, atof and printf; the JSON and XML of every
seed and real-world document must still be byte-identical to the C
locale's. Run through tests/locale_run.c. The locales come from setup.sh
(package `locales`, then locale-gen); without them the test says SKIP and
exits 77, which ctest counts as skipped.
"""
import glob
import os
import subprocess
import sys

ROOT = os.environ["VNPLAN_ROOT"]
LOCALE_RUN = os.environ["LOCALE_RUN"]
SHARED = os.environ.get("VNPLAN_SHARED", os.path.join(ROOT, "..", "shared"))
LOCALES = ["vi_VN.UTF-8", "de_DE.UTF-8"]
SKIP = 77


def run(locale, paths):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env["LC_ALL"] = locale
    return subprocess.run([LOCALE_RUN] + paths, capture_output=True, env=env, timeout=900)


def main():
    paths = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))
    paths += sorted(glob.glob(os.path.join(SHARED, "realworld", "docs", "*.md")))
    reference = run("C", paths)
    if reference.returncode != 0:
        print("FAIL: the C locale run failed: %s" % reference.stderr.decode()[-300:])
        return 1
    failed = 0
    for locale in LOCALES:
        got = run(locale, paths)
        if got.returncode == SKIP:
            print("SKIP: locale %s is not installed (sh setup.sh installs it)" % locale)
            return SKIP
        point = got.stderr.decode().splitlines()[0] if got.stderr else ""
        if point != "decimal point ','":
            print("FAIL: %s should have a decimal comma, has %r" % (locale, point))
            failed += 1
            continue
        if got.returncode != 0 or got.stdout != reference.stdout:
            where = next((i for i, (a, b) in enumerate(zip(got.stdout, reference.stdout))
                          if a != b), min(len(got.stdout), len(reference.stdout)))
            print("FAIL: %s: output differs from the C locale's at byte %d: %r" %
                  (locale, where, got.stdout[max(0, where - 80):where + 40]))
            failed += 1
    print("%d documents, %d locales: %d passed, %d failed" %
          (len(paths), len(LOCALES), len(LOCALES) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
