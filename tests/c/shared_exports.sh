#!/usr/bin/env bash
# libmicrowasm.so exports the C API and nothing else: its dynamic symbols are exactly the functions the installed
# headers declare (the version script native-shim/generated/exports.map lists them), at most 700 of them, and it
# needs nothing a host could not provide.
# usage: shared_exports.sh LIBMICROWASM.so EXPORTS.map
set -euo pipefail
library="$1"; map="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
nm -D --defined-only "$library" | awk '{print $NF}' | sort >"$work/exported"
sed -n 's/^ *\([A-Za-z_][A-Za-z_0-9]*\);$/\1/p' "$map" | sort >"$work/declared"
exported=$(wc -l <"$work/exported")
declared=$(wc -l <"$work/declared")
passed=0; failed=0
check() { # $1: description, $2: 0 if it holds
  if [ "$2" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "check failed: $1" >&2; fi
}
check "at most 700 dynamic symbols ($exported)" "$([ "$exported" -le 700 ] && echo 0 || echo 1)"
check "the headers declare some functions ($declared)" "$([ "$declared" -gt 0 ] && echo 0 || echo 1)"
extra=$(comm -23 "$work/exported" "$work/declared")
check "no symbol beyond the C API${extra:+: $(echo $extra | head -c 400)}" "$([ -z "$extra" ] && echo 0 || echo 1)"
missing=$(comm -13 "$work/exported" "$work/declared")
check "every declared function exported${missing:+, missing: $(echo $missing | head -c 400)}" "$([ -z "$missing" ] && echo 0 || echo 1)"
# Hosts that link the library need every symbol it leaves undefined (beyond weak ones) to come from a system library.
unresolved=$(nm -D --undefined-only "$library" | awk '$1 == "U" && $2 !~ /@/ {print $2}')
check "nothing undefined but versioned system symbols${unresolved:+: $(echo $unresolved | head -c 400)}" "$([ -z "$unresolved" ] && echo 0 || echo 1)"
soname=$(readelf -d "$library" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check "a versioned soname ($soname)" "$([[ "$soname" =~ ^libmicrowasm\.so\.[0-9]+\.[0-9]+$ ]] && echo 0 || echo 1)"
echo "shared_exports: $exported dynamic symbols, $declared declared; $passed passed, $failed failed"
[ "$failed" = 0 ]
