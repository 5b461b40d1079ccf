#!/bin/sh
# The command starts without the .docx and HTML readers' libraries and
# loads them when such an input comes: they are not among what it needs
# at start, it gives none of their names to them (each loaded library
# binds to its own functions), and it still reads both kinds of input.
# usage: lazy_readers.sh OBJDUMP VNPLAN LIBXML2_SONAME LIBZIP_SONAME DOCX HTML
set -eu
objdump=$1 vnplan=$2 libxml2=$3 libzip=$4 docx=$5 html=$6
status=0
needed=$("$objdump" -p "$vnplan" | awk '$1 == "NEEDED" { print $2 }')
for soname in "$libxml2" "$libzip"; do
    if printf '%s\n' "$needed" | grep -qxF "$soname"; then
        echo "$vnplan needs $soname at start"
        status=1
    fi
done
exported=$("$objdump" -T "$vnplan" | grep -vF '*UND*' |
    grep -E ' (xml|html|zip_)[A-Za-z_]*$' || true)
if [ -n "$exported" ]; then
    echo "$vnplan gives the readers' names to the libraries:"
    echo "$exported"
    status=1
fi
for input in "$docx" "$html"; do
    out=$("$vnplan" extract -q --format json "$input") || { echo "$input: not read"; status=1; }
    case $out in *'"source"'*) ;; *) echo "$input: no document written"; status=1 ;; esac
done
exit $status
