#!/usr/bin/env bash
# Runs a C host under valgrind's memcheck: any invalid access, use of uninitialised memory or
# definite leak fails the test. Usage: memcheck.sh HOST [ARGS...]
# Valgrind 3.19 cannot read the DWARF 5 debug information of the .NET runtime objects linked into
# the host, so it runs a copy stripped of debug information (symbol names remain for reports). With
# MICROWASM_MEMCHECK_LIBRARY set to libmicrowasm.so (the shared build), the host loads a stripped copy of it instead.
set -euo pipefail
host="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$work/$(basename "$host")"
strip -g -o "$copy" "$host"
chmod +x "$copy"
if [ -n "${MICROWASM_MEMCHECK_LIBRARY:-}" ]; then
  soname=$(readelf -d "$MICROWASM_MEMCHECK_LIBRARY" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  strip -g -o "$work/$soname" "$MICROWASM_MEMCHECK_LIBRARY"
  export LD_LIBRARY_PATH="$work${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
  --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --suppressions="$(dirname "${BASH_SOURCE[0]}")/valgrind.supp" "$copy" "$@"
