#!/usr/bin/env bash
# Runs every test of the project: the xunit suite (unit tests and the official spec scripts),
# the spec suite through `microwasm wast` (interpreter and AOT), the C library with CTest (static, then shared with the
# language bindings), and the linux-arm64 port under qemu. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites
ensure_aot_toolchain

echo "== build (Release)"
dotnet build Runtime.sln -c Release --nologo -v quiet -clp:ErrorsOnly

echo "== xunit"
dotnet test Runtime.sln -c Release --no-build --nologo -v quiet -- RunConfiguration.TestSessionTimeout=3000000

echo "== fuzzing: a short coverage-guided pass over every target (scripts/fuzz.sh; fails on any crash or hang)"
bash scripts/fuzz.sh --seconds 90

echo "== differential testing against Wasmtime: 100 random modules (scripts/differential.sh; fails on any divergence)"
bash scripts/differential.sh --modules 100 --seed 1

echo "== spec suite (WebAssembly 2.0, all 147 scripts) through microwasm wast"
suite="$(spec_suite_dir)/wasm-2.0"
# --features 2.0: the 2.0 scripts test as malformed some encodings that the threads proposal defines.
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast --features 2.0 "$suite"/*.wast

echo "== spec suite through AOT (all 147 scripts): every module compiled by microwasm compile and run as native code"
# Artifacts are cached by module and compiler (build/aot-cache): a second run compiles nothing.
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast --features 2.0 --aot --aot-cache build/aot-cache "$suite"/*.wast

echo "== the threads proposal's 4 scripts, interpreted and through AOT"
threads="$(spec_suite_dir)/proposals/threads"
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast --features threads "$threads"/*.wast
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast --features threads --aot --aot-cache build/aot-cache "$threads"/*.wast

echo "== wasi-threads programs through microwasm run, interpreted and through AOT"
bash tests/fixtures/wasi-threads/check-cli.sh

echo "== relaxed SIMD: the 7 relaxed scripts of wasm-3.0 and our exact choices (tests/fixtures/relaxed-simd), interpreted and through AOT"
relaxed=("$(spec_suite_dir)"/wasm-3.0/*relaxed*.wast tests/fixtures/relaxed-simd/choices.wast)
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast "${relaxed[@]}"
dotnet "managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll" wast --aot --aot-cache build/aot-cache "${relaxed[@]}"

echo "== the WebAssembly 3.0 suite: all 264 scripts of wasm-3.0, legacy/ and custom/, each whole (scripts/spec-3.0.sh)"
bash scripts/spec-3.0.sh --strict --failures | grep -v '^PASS'

echo "== the WebAssembly 3.0 suite through AOT (scripts/spec-3.0.sh --aot): every script whole but those using a feature AOT refuses, listed in tests/spec/aot-3.0-refused.txt"
bash scripts/spec-3.0.sh --aot --strict --failures | grep -v '^PASS'

echo "== GC under load: 1.9 GiB allocated by microwasm run, exact result, bounded peak RSS (tests/fixtures/gc)"
bash tests/fixtures/gc/check-cli.sh

echo "== C library: NativeAOT static library, generated headers, CMake target, CTest hosts"
bash scripts/build-c.sh
echo "== the minimal profile (no WASI, no wasm.h) and the hosts it supports"
bash scripts/build-c.sh --profile minimal

echo "== the shared library (libmicrowasm.so) and the language bindings (scripts/test-bindings.sh)"
bash scripts/test-bindings.sh

echo "== the linux-arm64 port, cross-built and run under qemu (scripts/test-arm64.sh)"
bash scripts/test-arm64.sh
