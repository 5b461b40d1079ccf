#!/bin/bash
# Do two vnplan binaries write the same bytes? bench/same_output.sh OLD NEW
# Runs both on the seeds, the real-world documents, the seeds repeated into
# one 40 MB plan and the seeds with their tables enlarged 100 times, in
# every output form (JSON, XML, JSON Lines, tasks, refs) with the
# diagnostics, and compares the results byte for byte. Exit 0 when all are
# identical, 1 with the differing files named otherwise. For changes that
# must not change what vnplan writes (speed, memory).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 OLD_VNPLAN NEW_VNPLAN" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
docs=${VNPLAN_SHARED:-$root/../shared}/realworld/docs
seeds=$root/corpus/seeds
# a comparison without the real-world documents would pass without having
# compared what matters most: refuse to run one
n_docs=$({ find "$docs" -maxdepth 1 -type f 2>/dev/null || true; } | wc -l)
[ "$n_docs" -gt 0 ] || {
    echo "$0: no documents in $docs (set VNPLAN_SHARED to the folder holding realworld/docs)" >&2
    exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the derived inputs
mkdir -p "$tmp/in"
for _ in $(seq 175); do cat "$seeds"/*.txt; done > "$tmp/in/plan40.txt"
/usr/bin/python3 - "$seeds" "$tmp/in" "$root" <<'EOF'
import os, sys
sys.path.insert(0, os.path.join(sys.argv[3], "bench"))
import bench
vocab = bench.header_vocabulary(os.path.join(sys.argv[3], "grammars", "table_headers.tsv"))
for name in sorted(os.listdir(sys.argv[1])):
    text = open(os.path.join(sys.argv[1], name), encoding="utf-8").read()
    big = bench.enlarge_tables(text, 100, vocab)[0]
    open(os.path.join(sys.argv[2], "tables100_" + name), "w", encoding="utf-8").write(big)
EOF

run_all() { # binary, output folder
    local bin=$1 out=$2
    mkdir -p "$out/d"
    set +e
    "$bin" extract --format both -d "$out/d" "$seeds"/*.txt "$tmp"/in/*.txt > "$out/summary" 2> "$out/diag"
    echo "rc $?" >> "$out/summary"
    "$bin" extract --format jsonl --jobs 1 "$docs"/* > "$out/rw.jsonl" 2> "$out/rw.diag"
    echo "rc $?" >> "$out/summary"
    "$bin" extract --format xml --jobs 1 "$docs"/* > "$out/rw.xml" 2> /dev/null
    for d in "$docs"/*; do "$bin" extract --compact -q "$d"; done > "$out/rw.compact"
    "$bin" tasks --format csv "$seeds"/*.txt "$docs"/* > "$out/tasks.csv" 2> /dev/null
    "$bin" refs --format csv "$seeds"/*.txt "$docs"/* > "$out/refs.csv" 2> /dev/null
    "$bin" check "$seeds"/*.txt "$docs"/* > "$out/check" 2>&1
    echo "rc $?" >> "$out/summary"
    set -e
}

run_all "$old" "$tmp/old"
run_all "$new" "$tmp/new"
if diff -rq "$tmp/old" "$tmp/new"; then
    echo "same output: $(find "$tmp/old" -type f | wc -l) files, $(du -sh "$tmp/old" | cut -f1)"
else
    exit 1
fi
