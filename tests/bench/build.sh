#!/usr/bin/env bash
# Builds every kernel in kernels/ natively (gcc -O2, with native/main.c) and to wasm32
# (clang-14 -O2, freestanding, exporting run), plus the empty module for startup times, into
# tests/bench/build/. For wabt's wasm-interp, which cannot pass arguments, each kernel is also
# built as NAME.fixed.wasm exporting bench() = run(N_interp) with N_interp from kernels.conf.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"
mkdir -p "$out"
if ! command -v gcc >/dev/null || ! command -v clang-14 >/dev/null || ! command -v wasm-ld-14 >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc clang-14 lld-14 >/dev/null
fi
wasm_cc=(clang-14 --target=wasm32 -O2 -Wall -Wextra -mbulk-memory -nostdlib -fuse-ld=lld -Wl,--no-entry)

native_and_wasm() { # SOURCE NAME
  gcc -O2 -Wall -Wextra -o "$out/$2.native" "$1" "$here/native/main.c" -lm
  "${wasm_cc[@]}" -o "$out/$2.wasm" "$1"
}

while read -r name n n_interp; do
  case "$name" in ''|'#'*) continue ;; esac
  src="$here/kernels/$name.c"
  [ -f "$src" ] || { echo "build.sh: kernels.conf names $name but $src is missing" >&2; exit 1; }
  native_and_wasm "$src" "$name"
  "${wasm_cc[@]}" -DFIXED_N="$n_interp" -o "$out/$name.fixed.wasm" "$src"
done < "$here/kernels.conf"
native_and_wasm "$here/startup/empty.c" empty
"${wasm_cc[@]}" -DFIXED_N=0 -o "$out/empty.fixed.wasm" "$here/startup/empty.c"
echo "built $(ls "$out" | wc -l) files in $out"
