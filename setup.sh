#!/bin/sh
# Installs what vnplan needs on Debian 12 (as root or through sudo), builds
# it, and runs the main job: extract every corpus document to out/.
# Usage: sh setup.sh [--deps-only]
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential cmake pkg-config libpcre2-dev libutf8proc-dev libxml2-dev \
libcmocka-dev python3 python3-jsonschema parallel clang valgrind \
libsqlite3-dev sqlite3 python3-venv python3-pip python3-setuptools python3-pytest python3-dask"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
[ "${1:-}" = "--deps-only" ] && exit 0
make run
