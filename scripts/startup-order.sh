#!/usr/bin/env bash
# Regenerates managed/MicroWasm.Cli/startup-order.txt, the order file that makes NativeAOT place the
# managed methods `microwasm run` executes on start-up first and together: start-up then maps a few
# 64 KiB windows of code instead of nearly all of them (0.9 MiB less peak RSS). Run it after
# changes to the start-up path (CLI, decoder, validator, instantiation, WASI setup); a stale file
# costs memory, never correctness (names that no longer exist are ignored). Needs valgrind.
#   usage: scripts/startup-order.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
command -v valgrind >/dev/null || { echo "startup-order.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

exe="$(bash scripts/publish-cli.sh | tail -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind cannot read NativeAOT's symbols: profile a copy without microwasm.dbg beside it.
cp "$exe" "$work/microwasm"

# The two start-ups that matter: calling an export of a small module (the startup benchmark's empty
# module, tests/bench/startup/empty.c compiled by clang-14), and a WASI program's _start.
python3 - "$work/empty.wasm" <<'EOF'
import sys
open(sys.argv[1], "wb").write(bytes.fromhex(
    "0061736d0100000001060160017f017f030201000405017001010105030100020608017f01418088040b07100206"
    "6d656d6f727902000372756e00000a060104002000"
    "0b0021046e616d65010601000372756e07120100"
    "0f5f5f737461636b5f706f696e746572002d0970726f647563657273010c70726f6365737365642d6279010c44"
    "656269616e20636c616e670631342e302e36001e0f7461726765745f6665617475726573012b0b62756c6b2d6d"
    "656d6f7279"))
EOF
profile() {
  local name="$1"; shift
  echo "profiling: microwasm $*" >&2
  valgrind --quiet --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/$name.cg" "$work/microwasm" "$@" >/dev/null
}
profile invoke run --invoke run "$work/empty.wasm" 0
profile wasi run tests/fixtures/wasi/hello.wasm

python3 scripts/lib/startup_order.py "$exe.dbg" "$work"/*.cg > managed/MicroWasm.Cli/startup-order.txt
echo "wrote managed/MicroWasm.Cli/startup-order.txt ($(grep -vc '^#' managed/MicroWasm.Cli/startup-order.txt) methods); publish again to use it" >&2
