#!/usr/bin/env bash
# Rebuilds src/hello.wasm, the module the hello sample embeds, from src/hello.wat with wabt's wat2wasm (Debian package
# wabt). The binary is committed: building the sample (with west, or the Linux check in ports/zephyr/tests/host) only
# reads it.
#   usage: make-wasm.sh          write src/hello.wasm
#          make-wasm.sh --check  exit 1 if src/hello.wasm is not what hello.wat gives (scripts/check-ports.sh uses this)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wat="$here/src/hello.wat" wasm="$here/src/hello.wasm"

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
  *) echo "make-wasm.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac
command -v wat2wasm >/dev/null || { echo "make-wasm.sh: wat2wasm not found (Debian: apt-get install wabt)" >&2; exit 1; }

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# No custom sections (--debug-names off by default): the bytes depend only on the module's text.
wat2wasm "$wat" -o "$out"
if $check; then
  if cmp -s "$out" "$wasm"; then
    echo "src/hello.wasm ($(stat -c %s "$wasm") bytes) is what wat2wasm $(wat2wasm --version) makes of src/hello.wat"
  else
    echo "src/hello.wasm differs from what wat2wasm makes of src/hello.wat: run $0" >&2
    exit 1
  fi
else
  cp "$out" "$wasm"
  echo "wrote $wasm ($(stat -c %s "$wasm") bytes)"
fi
