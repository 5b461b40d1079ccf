#!/bin/sh
# The command starts without the libraries of the .docx and HTML readers
# and of the index, and loads them when they are needed: they are not
# among what it needs at start, it gives none of their names to them
# (each loaded library binds to its own functions), and it still reads
# both kinds of input and writes and searches an index.
# usage: lazy_libraries.sh OBJDUMP VNPLAN LIBXML2 LIBZIP SQLITE3 DOCX HTML
# (the libraries by their file names, SONAME)
set -eu
objdump=$1 vnplan=$2 libxml2=$3 libzip=$4 sqlite3=$5 docx=$6 html=$7
status=0
needed=$("$objdump" -p "$vnplan" | awk '$1 == "NEEDED" { print $2 }')
for soname in "$libxml2" "$libzip" "$sqlite3"; do
    if printf '%s\n' "$needed" | grep -qxF "$soname"; then
        echo "$vnplan needs $soname at start"
        status=1
    fi
done
exported=$("$objdump" -T "$vnplan" | grep -vF '*UND*' |
    grep -E ' (xml|html|zip_|sqlite3_)[A-Za-z0-9_]*$' || true)
if [ -n "$exported" ]; then
    echo "$vnplan gives the readers' names to the libraries:"
    echo "$exported"
    status=1
fi
for input in "$docx" "$html"; do
    out=$("$vnplan" extract -q --format json "$input") || { echo "$input: not read"; status=1; }
    case $out in *'"source"'*) ;; *) echo "$input: no document written"; status=1 ;; esac
done
db=$(mktemp -d)/index.db
trap 'rm -rf "$(dirname "$db")"' EXIT
"$vnplan" index -q "$db" "$docx" || { echo "index: not written"; status=1; }
"$vnplan" index --search "$db" CCHC >/dev/null || { echo "index: not searched"; status=1; }
exit $status
