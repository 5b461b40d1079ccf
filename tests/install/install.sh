#!/bin/sh
# Installs the library into a temporary prefix and builds a small program
# against it (tests/install/hello.c), static and shared, once through
# pkg-config and once through find_package(vnplan). Each program must write
# for a seed the bytes the command writes.
# usage: install.sh CMAKE BUILD_DIR WORK_DIR VNPLAN CC
set -u
cmake=$1 build=$2 work=$3 vnplan=$4 cc=$5
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"

seed=$(ls "$root"/corpus/seeds/*.txt | head -n 1)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
if ! "$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
    echo "FAIL: cmake --install $build: see $work/install.log"
    exit 1
fi
"$vnplan" extract -q "$seed" >"$work/expected.json" || { echo "FAIL: vnplan extract $seed"; exit 1; }

# ---- pkg-config
pc=$(find "$prefix" -name vnplan.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no vnplan.pc under $prefix"; exit 1; }
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
if [ "$(pkg-config --modversion vnplan)" != "$("$vnplan" --version | sed 's/^vnplan \([^ ]*\).*/\1/')" ]; then
    fail "pkg-config: version $(pkg-config --modversion vnplan) is not the command's"
fi
case "$(pkg-config --cflags --libs --static vnplan)" in
*-W* | *-fsanitize*) fail "pkg-config: vnplan.pc passes compiler flags: $(pkg-config --cflags vnplan)" ;;
esac
# shellcheck disable=SC2046 # pkg-config prints one flag a word
"$cc" -o "$work/pc-shared" "$here/hello.c" $(pkg-config --cflags --libs vnplan) \
    -Wl,-rpath,"$libdir" >"$work/pc-shared.log" 2>&1 ||
    fail "pkg-config: building the shared program: $(head -c 300 "$work/pc-shared.log")"
check_program pkg-config "$work/pc-shared" shared "$seed" "$work/expected.json"
# -lvnplan would take the .so: name the archive, with the libraries it needs
# shellcheck disable=SC2046
"$cc" -o "$work/pc-static" "$here/hello.c" $(pkg-config --cflags vnplan) \
    $(pkg-config --static --libs vnplan | sed "s|-lvnplan|$libdir/libvnplan.a|") \
    >"$work/pc-static.log" 2>&1 ||
    fail "pkg-config: building the static program: $(head -c 300 "$work/pc-static.log")"
check_program pkg-config "$work/pc-static" static "$seed" "$work/expected.json"

# ---- find_package
targets=$(find "$prefix" -name 'vnplanTargets*.cmake')
if grep -E 'INTERFACE_(COMPILE|LINK)_OPTIONS|vnplan_flags' $targets; then
    fail "find_package: the exported targets carry compile or link options"
fi
consumer=$work/consumer
if ! "$cmake" -S "$here/consumer" -B "$consumer" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    >"$work/consumer.log" 2>&1 ||
    ! "$cmake" --build "$consumer" >>"$work/consumer.log" 2>&1; then
    fail "find_package: the consumer project does not build: see $work/consumer.log"
else
    found=$(sed -n 's/^vnplan_DIR:PATH=//p' "$consumer/CMakeCache.txt")
    case "$found" in
    "$prefix"/*) ok "find_package: finds the installed package ($found)" ;;
    *) fail "find_package: found vnplan in '$found', not under $prefix" ;;
    esac
    check_clean_flags find_package "$consumer/compile_commands.json"
    check_program find_package "$consumer/hello_shared" shared "$seed" "$work/expected.json"
    check_program find_package "$consumer/hello_static" static "$seed" "$work/expected.json"
fi

echo "$passed passed, status $status"
exit $status
