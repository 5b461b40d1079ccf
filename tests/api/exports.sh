#!/bin/sh
# The library gives others exactly the functions vnplan.h declares: every
# name starts with vnp_ (an internal name would clash with an embedder's
# own), and none of the header's is missing. For the shared library that is
# its dynamic symbol table; for the static one, the global names its
# objects define.
# usage: exports.sh NM LIBRARY.so|LIBRARY.a vnplan.h   exits 77 (skip) without nm
set -u
nm_tool=$1 lib=$2 header=$3
[ -n "$nm_tool" ] && command -v "$nm_tool" >/dev/null 2>&1 || nm_tool=nm
command -v "$nm_tool" >/dev/null 2>&1 || { echo "SKIP: no nm to read $lib"; exit 77; }

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
case "$lib" in
*.a) table=-g ;;
*) table=-D ;;
esac
"$nm_tool" $table --defined-only "$lib" >"$work/nm" || { echo "FAIL: $nm_tool $table $lib"; exit 1; }
# an archive lists "member.o:" before the member's names
awk 'NF >= 2 { print $NF }' "$work/nm" | sed 's/@.*//' | sort -u >"$work/exported"
# A declaration starts in column 0 with its return type; the function's
# name is the identifier before the first "(".
grep -E '^[a-z].*[a-z0-9_]+\(' "$header" | grep -v '^#' |
    sed -E 's/^[^(]*[^a-z0-9_(]([a-z0-9_]+)\(.*/\1/' | sort -u >"$work/declared"

status=0
offenders=$(grep -v '^vnp_' "$work/exported")
if [ -n "$offenders" ]; then
    echo "FAIL: $(echo "$offenders" | wc -l) exported names lack the vnp_ prefix:"
    echo "$offenders" | sed 's/^/  /'
    status=1
fi
missing=$(comm -23 "$work/declared" "$work/exported")
if [ -n "$missing" ]; then
    echo "FAIL: declared in vnplan.h but not exported:"
    echo "$missing" | sed 's/^/  /'
    status=1
fi
extra=$(comm -13 "$work/declared" "$work/exported" | grep '^vnp_')
if [ -n "$extra" ]; then
    echo "FAIL: exported but not declared in vnplan.h:"
    echo "$extra" | sed 's/^/  /'
    status=1
fi
echo "$(wc -l <"$work/exported") exported, $(wc -l <"$work/declared") declared in vnplan.h"
[ $status -eq 0 ] && echo "ok: the shared library exports exactly the API"
exit $status
