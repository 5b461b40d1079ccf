#!/bin/sh
# Installs what vnplan needs on Debian 12 (as root or through sudo), builds
# it, and runs the main job: extract every corpus document to out/.
# Usage: sh setup.sh [--deps-only]
set -eu
cd "$(dirname "$0")"

PACKAGES="build-essential g++ cmake pkg-config libpcre2-dev libutf8proc-dev libxml2-dev \
libzip-dev libcmocka-dev python3 python3-jsonschema parallel clang valgrind \
libsqlite3-dev sqlite3 python3-venv python3-pip python3-setuptools python3-pytest python3-dask \
python3-distributed locales poppler-utils chromium chromium-driver python3-selenium"

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
# tests/corpus/test_locale.py runs the library under locales with a decimal
# comma: generate them once (the `locales` package lists them, commented
# out, in /etc/locale.gen).
for l in "vi_VN UTF-8" "de_DE.UTF-8 UTF-8"; do
  name="${l%% *}"
  if ! locale -a 2>/dev/null | grep -qix "$(echo "${name%.UTF-8}" | sed 's/$/.utf8/')"; then
    if grep -qx "# *$l" /etc/locale.gen 2>/dev/null; then
      $SUDO sed -i "s/^# *$l\$/$l/" /etc/locale.gen
    elif ! grep -qx "$l" /etc/locale.gen 2>/dev/null; then
      echo "$l" | $SUDO tee -a /etc/locale.gen > /dev/null
    fi
    generate_locales=1
  fi
done
if [ -n "${generate_locales:-}" ]; then
  echo "setup: generating the vi_VN.UTF-8 and de_DE.UTF-8 locales"
  $SUDO locale-gen > /dev/null
fi
[ "${1:-}" = "--deps-only" ] && exit 0
make run
