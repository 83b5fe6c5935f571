#!/usr/bin/env bash
# Runs a C host under valgrind's memcheck: any invalid access, use of uninitialised memory or
# definite leak fails the test. Usage: memcheck.sh HOST [ARGS...]
# Valgrind 3.19 cannot read the DWARF 5 debug information of the .NET runtime objects linked into
# the host, so it runs a copy stripped of debug information (symbol names remain for reports).
set -euo pipefail
host="$1"; shift
copy="$(mktemp)"
trap 'rm -f "$copy"' EXIT
strip -g -o "$copy" "$host"
chmod +x "$copy"
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
  --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --suppressions="$(dirname "${BASH_SOURCE[0]}")/valgrind.supp" "$copy" "$@"
