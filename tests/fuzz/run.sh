#!/bin/sh
# Builds the libFuzzer harnesses with clang in build-fuzz/ and runs each for
# SECONDS (default 60). Exits 1 when any harness found a crash, a leak, a
# timeout or an out-of-memory; the input that did it is saved under
# build-fuzz/fuzz/artifacts/<harness>/ and the log beside it. Once the fault
# is fixed, copy the input into tests/fuzz/regressions/<harness>/ under a
# name that says what it holds: every build replays those (replay.c), and
# the fuzzer starts from them.
#
# usage: tests/fuzz/run.sh [SECONDS] [HARNESS...]
#   HARNESS: fuzz_parse, fuzz_due, fuzz_matchkey, fuzz_docx, fuzz_html,
#            fuzz_pdf_layout (default: all six)
#   FUZZ_JOBS=N   run N fuzzing processes per harness (libFuzzer -fork)
#   FUZZ_KEEP_GOING=1  do not stop at the first finding: fuzz for the whole
#                 time and save every crash, leak and timeout (fork mode)
#
# The corpus each run grows is kept in build-fuzz/fuzz/corpus/<harness>/,
# so later runs start where earlier ones stopped. Nothing is written into
# the source tree.
set -u

seconds=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-fuzz_parse fuzz_due fuzz_matchkey fuzz_docx fuzz_html fuzz_pdf_layout}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build-fuzz
work=$build/fuzz
shared=$root/../shared/realworld/docs

die() {
    echo "run.sh: $*" >&2
    exit 1
}

configure_and_build() {
    generator=
    command -v ninja >/dev/null 2>&1 && generator="-G Ninja"
    if [ -f "$build/CMakeCache.txt" ] &&
        ! grep -q '^CMAKE_C_COMPILER:.*clang' "$build/CMakeCache.txt"; then
        die "$build was configured without clang: remove it and run again"
    fi
    if [ ! -f "$build/CMakeCache.txt" ]; then
        # shellcheck disable=SC2086 # $generator is two words or none
        CC=clang cmake -S "$root" -B "$build" $generator -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            >"$work/configure.log" 2>&1 || die "configure failed: see $work/configure.log"
    fi
    # shellcheck disable=SC2086 # one target per word
    cmake --build "$build" --target $harnesses >"$work/build.log" 2>&1 ||
        die "build failed: see $work/build.log"
}

# A seed file for fuzz_parse: one option byte, then the document.
parse_seed() { # option-byte-octal source destination
    # shellcheck disable=SC2059 # the format is the octal escape of the byte
    { printf "\\$1"; cat "$2"; } >"$3"
}

seed_parse() {
    dir=$work/seeds/fuzz_parse
    mkdir -p "$dir"
    for f in "$root"/corpus/seeds/*.txt; do
        [ -f "$f" ] || continue
        name=$(basename "$f" .txt)
        parse_seed 000 "$f" "$dir/$name"
        parse_seed 003 "$f" "$dir/$name.replace-compact"
    done
    # A few real documents when the shared folder is there: the smaller
    # ones, which fit in -max_len.
    [ -d "$shared" ] || return 0
    find "$shared" -type f -size -64k | sort | head -n 12 | while read -r f; do
        parse_seed 000 "$f" "$dir/realworld-$(basename "$f")"
    done
}

# Time cells: two bytes for the period (2025-2030), then the text.
seed_due() {
    dir=$work/seeds/fuzz_due
    mkdir -p "$dir"
    i=0
    for cell in "Quý II/2026" "Tháng 02" "Trước 31/12 hàng năm" "Thường xuyên" \
        "Theo kế hoạch của Tỉnh" "Sau khi có Kế hoạch của UBND tỉnh (dự kiến quý I/2026)" \
        "Năm 2025 - 2026" "6 tháng đầu năm 2026" "Từ tháng 3 đến tháng 6/2026" \
        "15/10/2025" "Quý I, Quý III hằng năm" "2026-2030"; do
        i=$((i + 1))
        { printf '\031\036'; printf '%s' "$cell"; } >"$dir/cell-$i"
    done
}

seed_matchkey() {
    dir=$work/seeds/fuzz_matchkey
    mkdir -p "$dir"
    i=0
    for word in "Hoá" "hóa" "THUỶ LỢI" "Sở Khoa học và Công nghệ" "ĐẢNG ỦY" \
        "Nghị   quyết" "quý" "Ủy ban nhân dân tỉnh"; do
        i=$((i + 1))
        printf '%s' "$word" >"$dir/word-$i"
    done
}

# The document-form fixtures: each .docx whole (first byte odd) and its
# document.xml (first byte even: the harness zips it); each HTML page.
seed_forms() {
    mkdir -p "$work/seeds/fuzz_docx" "$work/seeds/fuzz_html"
    for f in "$root"/tests/fixtures/*.docx; do
        [ -f "$f" ] || continue
        name=$(basename "$f" .docx)
        parse_seed 001 "$f" "$work/seeds/fuzz_docx/$name.zip"
        { printf '\000'; python3 -c 'import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml")[:60000])' "$f"; } \
            >"$work/seeds/fuzz_docx/$name.xml"
    done
    for f in "$root"/tests/fixtures/*.html; do
        [ -f "$f" ] && head -c 60000 "$f" >"$work/seeds/fuzz_html/$(basename "$f")"
    done
}

# The PDF fixtures' words as pdftotext gives them (first byte even: the
# harness reads the TSV as it is), cut to fit -max_len; and a few words as
# records (first byte odd). Without pdftotext only the records.
seed_pdf_layout() {
    dir=$work/seeds/fuzz_pdf_layout
    mkdir -p "$dir"
    # page 1: "Căn" at (100, 200), 40 by 13 points, and a raised "1" after it
    printf '\001\000\053\006\074\316\120\110\004C\304\203n\000\074\074\074\316\007\040\0011' \
        >"$dir/records"
    command -v pdftotext >/dev/null 2>&1 || return 0
    for f in "$root"/tests/fixtures/pdf/*.pdf; do
        [ -f "$f" ] || continue
        { printf '\000'; pdftotext -q -tsv -enc UTF-8 "$f" - | head -c 60000; } \
            >"$dir/$(basename "$f" .pdf).tsv"
    done
}

# Runs one harness; returns non-zero when libFuzzer reported a problem.
run_harness() {
    name=$1
    corpus=$work/corpus/$name
    artifacts=$work/artifacts/$name
    mkdir -p "$corpus" "$artifacts"
    max_len=65536
    # vnp_due_parse reads at most a 4 KB cell; the harness cuts there.
    [ "$name" = fuzz_due ] && max_len=4202
    fork=
    jobs=${FUZZ_JOBS:-1}
    [ "$jobs" -gt 1 ] && fork="-fork=$jobs"
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] &&
        fork="-fork=$jobs -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
    # the inputs that once made this harness fail, kept in the source tree
    regressions=
    [ -d "$here/regressions/$name" ] && regressions=$here/regressions/$name
    marker=$work/started-$name
    : >"$marker"
    echo "== $name: $seconds s (log: $artifacts/log)"
    # shellcheck disable=SC2086 # $fork is one word or none
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ASAN_OPTIONS=detect_leaks=1 \
        "$build/tests/fuzz/$name" $fork -max_total_time="$seconds" -max_len=$max_len \
        -timeout=20 -rss_limit_mb=4096 -dict="$here/vnplan.dict" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "$corpus" "$work/seeds/$name" $regressions >"$artifacts/log" 2>&1
    status=$?
    found=$(count_findings "$artifacts" "$marker")
    # plain mode prints stat:: lines, fork mode a progress line per job
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$artifacts/log"
    grep -E '^#[0-9]+: cov' "$artifacts/log" | tail -n 1
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        echo "!! $name failed (exit $status, $found new findings):"
        grep -E 'ERROR:|runtime error:|ALARM|out-of-memory|fuzz_[a-z]+: |Test unit written' \
            "$artifacts/log" | sort | uniq -c | sort -rn | head -n 20
        return 1
    fi
    echo "ok: $name"
    return 0
}

# Crash, leak, timeout and out-of-memory inputs saved since the marker
# file was made. In fork mode libFuzzer may exit 0 after finding some, so
# the saved inputs are what tells.
count_findings() { # artifacts-folder marker-file
    find "$1" -maxdepth 1 -type f -newer "$2" \( -name 'crash-*' -o -name 'leak-*' \
        -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l
}

command -v clang >/dev/null 2>&1 || die "clang is needed for libFuzzer"
mkdir -p "$work"
configure_and_build
seed_parse
seed_due
seed_matchkey
seed_forms
seed_pdf_layout

failed=0
for name in $harnesses; do
    run_harness "$name" || failed=1
done
[ $failed -eq 0 ] && echo "all harnesses ran clean" || echo "some harnesses failed"
exit $failed
