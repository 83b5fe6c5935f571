#!/usr/bin/env bash
# Builds every kernel natively (gcc -O2) and to wasm32 (clang-14 -O2), into tests/bench/build/.
# Needs Debian's gcc, clang-14 and lld-14; installs the latter two when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"
mkdir -p "$out"
if ! command -v clang-14 >/dev/null || ! command -v wasm-ld-14 >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 lld-14 >/dev/null
fi
for src in "$here"/kernels/*.c; do
  name="$(basename "$src" .c)"
  gcc -O2 -o "$out/$name.native" "$src" "$here/native/main.c"
  clang-14 --target=wasm32 -O2 -mbulk-memory -nostdlib -fuse-ld=lld -Wl,--no-entry -o "$out/$name.wasm" "$src"
done
echo "built: $(ls "$out" | tr '\n' ' ')"
