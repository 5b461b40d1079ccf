# Checks shared by install.sh and subdirectory.sh (sourced; sh).
# Each failure prints FAIL and the reason; the caller exits with $status.
status=0
passed=0

fail() {
    echo "FAIL: $*"
    status=1
}

ok() {
    echo "ok: $*"
    passed=$((passed + 1))
}

# check_program LABEL PROGRAM shared|static SEED EXPECTED.json
# PROGRAM reads SEED and writes the bytes the command writes; linked
# statically, it needs no libvnplan.so at run time.
check_program() {
    label=$1 program=$2 linkage=$3 seed=$4 expected=$5
    if [ ! -x "$program" ]; then
        fail "$label: $program was not built"
        return
    fi
    if ! "$program" "$seed" >"$program.out" 2>"$program.err"; then
        fail "$label: $program exits non-zero: $(head -c 300 "$program.err")"
        return
    fi
    if ! cmp -s "$program.out" "$expected"; then
        fail "$label: the output of $program differs from the command's ($expected)"
        return
    fi
    needed=$(readelf -d "$program" 2>/dev/null | grep 'NEEDED.*libvnplan')
    if [ "$linkage" = shared ] && [ -z "$needed" ]; then
        fail "$label: $program does not load libvnplan.so"
        return
    fi
    if [ "$linkage" = static ] && [ -n "$needed" ]; then
        fail "$label: $program loads libvnplan.so although linked statically"
        return
    fi
    ok "$label: $linkage program reproduces the command's output"
}

# check_clean_flags LABEL compile_commands.json
# vnplan's warning and sanitizer flags stay vnplan's: the program that
# uses the library compiles without them.
check_clean_flags() {
    label=$1 db=$2
    commands=$(grep '"command".*hello\.c' "$db")
    if [ -z "$commands" ]; then
        fail "$label: no compile command for hello.c in $db"
        return
    fi
    leaked=$(echo "$commands" | grep -oE ' (-W[^ ]*|-fsanitize[^ ]*)' | sort -u | tr '\n' ' ')
    if [ -n "$leaked" ]; then
        fail "$label: the library passes its flags to its users: $leaked"
        return
    fi
    ok "$label: the program compiles with its own flags only"
}
