#!/usr/bin/env bash
# Builds the SIMD kernel (dot.c) twice, with wasm_simd128.h intrinsics (-msimd128) and as plain scalar C, runs
# both through the interpreter (microwasm run --invoke run FILE N) 5 times interleaved, and prints the median
# wall times and the ratio. Usage: tests/bench/simd/run.sh [N]  (default N=20000).
# Needs clang-14 and lld-14 (installed when missing) and the .NET SDK for the command-line tool.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$here/build"
n="${1:-20000}"
mkdir -p "$out"
if ! command -v clang-14 >/dev/null || ! command -v wasm-ld-14 >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 lld-14 >/dev/null
fi
flags=(--target=wasm32 -O2 -nostdlib -fuse-ld=lld -Wl,--no-entry)
clang-14 "${flags[@]}" -msimd128 -o "$out/dot_simd.wasm" "$here/dot.c"
clang-14 "${flags[@]}" -o "$out/dot_scalar.wasm" "$here/dot.c"

dotnet build "$root/managed/MicroWasm.Cli" -c Release -v q -nologo >/dev/null
cli="$root/managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll"

# Wall time in milliseconds of one run; the checksum must be the same for both builds.
time_one() {
  local start end result
  start=$(date +%s%N)
  result=$(dotnet "$cli" run --invoke run "$1" "$n")
  end=$(date +%s%N)
  echo "$result" >"$out/$(basename "$1" .wasm).result"
  echo $(((end - start) / 1000000))
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(((${#@} + 1) / 2))p"; }

simd=() scalar=()
for i in 1 2 3 4 5; do
  simd+=("$(time_one "$out/dot_simd.wasm")")
  scalar+=("$(time_one "$out/dot_scalar.wasm")")
  echo "run $i: simd ${simd[-1]} ms, scalar ${scalar[-1]} ms" >&2
done
if ! cmp -s "$out/dot_simd.result" "$out/dot_scalar.result"; then
  echo "checksums differ: $(cat "$out/dot_simd.result") vs $(cat "$out/dot_scalar.result")" >&2
  exit 1
fi
ms=$(median "${simd[@]}") mc=$(median "${scalar[@]}")
echo "dot.c run($n), median of 5: simd ${ms} ms, scalar ${mc} ms, scalar/simd = $(awk "BEGIN { printf \"%.2f\", $mc / $ms }")x"
