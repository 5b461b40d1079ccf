#!/bin/bash
# vnplan benchmark: bench/run.sh [path/to/vnplan]
# Times `vnplan extract` on the real-world documents (1x, 10x, 100x), the
# seeds (1x, 10x, 100x) and the seeds with enlarged tables, against cat and
# grep -cP on the same files. The report goes to stdout and to
# bench/results/latest.txt. See bench/README.md.
#
# Environment:
#   VNPLAN_SHARED        folder holding realworld/docs (default: ../shared, next to the project)
#   VNPLAN_BENCH_REPS    runs per measurement, the median is reported (default 3)
#   VNPLAN_BENCH_BUDGET  seconds the whole run may take; rw-100x gets fewer runs, or none,
#                        when it would not fit (default 540)
#   VNPLAN_BENCH_NO_100X set to 1 to skip the rw-100x corpus
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${VNPLAN_SHARED:-$root/../shared}
docs=$shared/realworld/docs
seeds=$root/corpus/seeds
py=/usr/bin/python3

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$py" ] || die "$py not found (Debian: apt-get install python3)"
[ -d "$docs" ] || die "no real-world documents in $docs (set VNPLAN_SHARED to the folder holding realworld/docs)"
[ -d "$seeds" ] || die "no seeds in $seeds"
command -v grep >/dev/null && command -v cat >/dev/null || die "grep and cat are needed"

if [ $# -ge 1 ]; then
    vnplan=$1
else
    vnplan=$root/build-bench/vnplan
    # built every time (incrementally): a stale copy would measure old code
    echo "bench: building a release copy in build-bench/ ..." >&2
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build-bench" -j"$(nproc)" --target vnplan >/dev/null
fi
[ -x "$vnplan" ] || die "$vnplan is not an executable"

gnu_time=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    gnu_time=/usr/bin/time
else
    echo "bench: GNU time is missing (Debian: apt-get install time); peak RSS comes from" \
         "python3's getrusage of each child instead" >&2
fi

extra=()
[ "${VNPLAN_BENCH_NO_100X:-0}" = 1 ] && extra+=(--no-rw100)

mkdir -p "$here/results"
out=$here/results/latest.txt
"$py" "$here/bench.py" --vnplan "$vnplan" --root "$root" --shared "$docs" \
    --shared-label "${VNPLAN_SHARED:-../shared}/realworld/docs" \
    --seeds "$seeds" --gnu-time "$gnu_time" \
    --reps "${VNPLAN_BENCH_REPS:-3}" --budget "${VNPLAN_BENCH_BUDGET:-540}" \
    "${extra[@]}" > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
