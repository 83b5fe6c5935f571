#!/usr/bin/env bash
# Differential testing against Wasmtime (issue 14).
#
#   bash scripts/differential.sh --modules N [--seed S] [harness options]
#
# Makes N random valid modules with binaryen's `wasm-opt -ttf` (Debian's binaryen, installed when missing) from the
# bytes of a seeded generator, and runs every export of each on MicroWasm's interpreter, on MicroWasm's AOT code
# (`microwasm compile` through the managed API, the default C compiler, artifacts cached in build/differential/aot-cache)
# and on Wasmtime (NuGet Wasmtime 50.0.1), comparing results, traps, logged values and exported memories and globals.
# Ends with `differential: N modules, N calls, N divergences`; divergences are saved in build/differential/divergences
# (module.wasm and divergence.txt each) and make the script exit 1. Every option is the harness's
# (tests/differential/MicroWasm.Differential; --help lists them). With --reference-types the modules also use reference
# types, made by the npm package binaryen 132 (installed in build/differential/binaryen; Debian's 108 cannot make Wasm 2.0
# reference-types modules).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ] || [ $# -eq 0 ]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  [ $# -eq 0 ] && exit 2 || exit 0
fi

ensure_prerequisites
ensure_aot_toolchain
if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "== installing binaryen (wasm-opt, the module generator)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null
fi

extra=()
if [[ " $* " == *" --reference-types "* ]]; then
  generator="build/differential/binaryen/node_modules/binaryen/bin/wasm-opt"
  if [ ! -x "$generator" ]; then
    command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
    echo "== installing binaryen 132 from npm (wasm-opt with reference types)"
    mkdir -p build/differential/binaryen
    npm install --prefix build/differential/binaryen --no-audit --no-fund --silent binaryen@132.0.0 >/dev/null
  fi
  extra=(--wasm-opt "$generator")
fi

echo "== build the harness (tests/differential/MicroWasm.Differential)"
dotnet build tests/differential/MicroWasm.Differential -c Release --nologo -v quiet -clp:ErrorsOnly
rm -rf build/differential/divergences
exec dotnet tests/differential/MicroWasm.Differential/bin/Release/net10.0/MicroWasm.Differential.dll \
  --out build/differential --aot-cache build/differential/aot-cache "${extra[@]}" "$@"
