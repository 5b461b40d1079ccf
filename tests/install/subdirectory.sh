#!/bin/sh
# Builds a project that adds the vnplan source tree with add_subdirectory
# (tests/install/host) and links a small program to vnplan::vnplan and
# vnplan::vnplan_static: the tree must build from another project, without
# its tests unless asked, and keep its flags to itself.
# usage: subdirectory.sh CMAKE SOURCE_DIR WORK_DIR VNPLAN CC
set -u
cmake=$1 source=$2 work=$3 vnplan=$4 cc=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

seed=$(ls "$source"/corpus/seeds/*.txt | head -n 1)
rm -rf "$work"
mkdir -p "$work"
"$vnplan" extract -q "$seed" >"$work/expected.json" || { echo "FAIL: vnplan extract $seed"; exit 1; }
host=$work/host
if ! "$cmake" -S "$here/host" -B "$host" -DCMAKE_C_COMPILER="$cc" -DVNPLAN_SOURCE="$source" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/host.log" 2>&1 ||
    ! "$cmake" --build "$host" --target hello_shared hello_static >>"$work/host.log" 2>&1; then
    echo "FAIL: the host project does not build: see $work/host.log"
    tail -n 5 "$work/host.log"
    exit 1
fi
ok "add_subdirectory: the host project builds, without vnplan's tests"
check_clean_flags add_subdirectory "$host/compile_commands.json"
check_program add_subdirectory "$host/hello_shared" shared "$seed" "$work/expected.json"
check_program add_subdirectory "$host/hello_static" static "$seed" "$work/expected.json"
echo "$passed passed, status $status"
exit $status
