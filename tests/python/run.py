#!/usr/bin/python3
"""Installs python/ with pip into a virtual environment of Debian's
python3 (python3 -m venv --system-site-packages: pytest and dask come from
Debian's packages) and runs its pytest suite against the library just
built, or with SCRIPT that script with the environment's python (its exit
status is the test's). Exits 77 (skipped) when venv, pip or pytest is
missing.
usage: run.py ROOT BUILD_DIR LIBRARY VNPLAN [SCRIPT]"""
import os
import shutil
import subprocess
import sys

root, build, library, command = sys.argv[1:5]
SKIP = 77
probe = subprocess.run([sys.executable, "-c", "import venv, ensurepip, pytest"], capture_output=True)
if probe.returncode != 0:
    print("SKIP: python3-venv or python3-pytest is missing: %s" % probe.stderr.decode().strip()[-200:])
    sys.exit(SKIP)
venv = os.path.join(build, "python-venv")
python = os.path.join(venv, "bin", "python")
if not os.path.exists(python):
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
# pip builds in the folder it is given: a copy keeps the source tree clean.
src = os.path.join(build, "python-src")
shutil.rmtree(src, ignore_errors=True)
shutil.copytree(os.path.join(root, "python"), src, ignore=shutil.ignore_patterns("tests", "__pycache__"))
subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps",
                "--no-index", "--force-reinstall", src], check=True)
env = dict(os.environ, VNPLAN_LIBRARY=library, VNPLAN_ROOT=root, VNPLAN=command,
           VNPLAN_EXPECT_PREFIX=os.path.realpath(venv))
if len(sys.argv) > 5:
    sys.exit(subprocess.run([python, sys.argv[5]], env=env, cwd=build).returncode)
tests = os.path.join(root, "python", "tests")
sys.exit(subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests],
                        env=env, cwd=build).returncode)
