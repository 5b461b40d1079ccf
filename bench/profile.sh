#!/bin/bash
# Profiles one `vnplan extract -q -d TMP FILES` run over the real-world
# documents and prints the functions with the most self time.
#   bench/profile.sh [path/to/vnplan] [N]     (N functions, default 15)
# Uses perf (Debian: linux-perf) with the cpu-clock software event, which
# works in VMs without hardware counters; falls back to valgrind's callgrind
# (Debian: valgrind) when perf cannot sample. The report also goes to
# bench/results/profile.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
docs=${VNPLAN_SHARED:-$root/../shared}/realworld/docs
vnplan=${1:-$root/build-bench/vnplan}
top=${2:-15}
[ -x "$vnplan" ] || { echo "profile: $vnplan is missing (bench/run.sh builds it)" >&2; exit 2; }
vnplan=$(cd "$(dirname "$vnplan")" && pwd)/$(basename "$vnplan") # the script changes folder
[ -d "$docs" ] || { echo "profile: no documents in $docs (set VNPLAN_SHARED)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vnplan-profile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/results"
out=$here/results/profile.txt
cd "$docs"
files=(*)
set +o pipefail   # head closes the report pipes early
if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$tmp/probe.data" true >/dev/null 2>&1; then
    perf record -q -e cpu-clock -F 4999 -o "$tmp/perf.data" -- \
        "$vnplan" extract -q -d "$tmp/out" "${files[@]}" >/dev/null 2>"$tmp/err"
    {
        echo "perf record -e cpu-clock -F 4999: vnplan extract -q -d TMP/out over ${#files[@]} real-world documents"
        echo "top $top functions by self time (perf report --no-children --sort dso,symbol)"
        perf report -i "$tmp/perf.data" --stdio --no-children --sort dso,symbol 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -n "$top" | sed -E 's/([[:space:]]+-)+[[:space:]]*$//'
        echo "self time by library (perf report --sort dso)"
        perf report -i "$tmp/perf.data" --stdio --no-children --sort dso 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -n 8 | sed -E 's/([[:space:]]+-)+[[:space:]]*$//'
    } | tee "$out"
elif command -v valgrind >/dev/null; then
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
        "$vnplan" extract -q -d "$tmp/out" "${files[@]}" >/dev/null 2>"$tmp/err"
    {
        echo "valgrind --tool=callgrind (perf unusable): vnplan extract over ${#files[@]} real-world documents"
        echo "top $top functions by self instructions (callgrind_annotate)"
        callgrind_annotate "$tmp/cg.out" 2>/dev/null | sed -n '/^Ir/,$p' | head -n $((top + 3))
    } | tee "$out"
else
    echo "profile: neither perf (apt-get install linux-perf) nor valgrind (apt-get install valgrind) is usable" >&2
    exit 2
fi
