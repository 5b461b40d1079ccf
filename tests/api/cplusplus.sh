#!/bin/sh
# vnplan.h compiles as C++ (g++ -std=c++11, every warning an error,
# -pedantic) and a C++ program links against the library and runs.
# usage: cplusplus.sh CXX SOURCE INCLUDE_DIR LIBRARY   exits 77 (skip) without CXX
set -u
cxx=$1 src=$2 include=$3 lib=$4
command -v "$cxx" >/dev/null 2>&1 || { echo "SKIP: no C++ compiler ($cxx)"; exit 77; }
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
libdir=$(dirname "$lib")
"$cxx" -std=c++11 -Wall -Wextra -Werror -pedantic -I"$include" -o "$work/cplusplus" "$src" \
    "$lib" -Wl,-rpath,"$libdir" || { echo "FAIL: vnplan.h does not build as C++11"; exit 1; }
"$work/cplusplus" || { echo "FAIL: the C++ program"; exit 1; }
echo "PASS: vnplan.h builds as C++11 (-Wall -Wextra -Werror -pedantic) and links"
