#!/usr/bin/env bash
# The shared library and what uses it: libmicrowasm.so built with CMake's BUILD_SHARED_LIBS=ON and every CTest host
# run against it (scripts/build-c.sh --shared), installed into build/bindings-prefix, an application's CMake project
# built against the installed package, then each language binding's own tests against the installed library
# (bindings/python, go, rust), and the .NET NuGet package restored from a local feed by an application.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

bash scripts/build-c.sh --shared
prefix="$here/build/bindings-prefix"
rm -rf "$prefix"
cmake --install build/c-linux-x64-shared --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

echo "== an application's CMake project against the installed shared library (find_package)"
cmake -S tests/c/consumer -B build/consumer-installed-shared -G Ninja -DMICROWASM_INSTALLED=ON \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/consumer-installed-shared >/dev/null
ctest --test-dir build/consumer-installed-shared --output-on-failure

echo "== Python (ctypes; the library found through pkg-config)"
(cd bindings/python && python3 -m unittest discover -s tests -t .)

echo "== Go (cgo; the library found through pkg-config)"
command -v go >/dev/null || { echo "== installing golang-go"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null; }
# No module proxy here and no dependency: nothing is fetched.
(cd bindings/go && GOFLAGS=-mod=mod GOPROXY=off go vet ./... && GOFLAGS=-mod=mod GOPROXY=off go test -count=1 -v ./... | grep -v '^=== RUN')

echo "== Rust (FFI declarations and a safe wrapper; build.rs runs pkg-config)"
command -v cargo >/dev/null || { echo "== installing cargo"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cargo >/dev/null; }
(cd bindings/rust && CARGO_TARGET_DIR="$here/build/bindings-rust" cargo test --offline)

echo "== .NET: the MicroWasm NuGet package, restored from a local folder feed by an application"
rm -rf build/nuget-feed build/nuget-packages  # the version stays 0.1.0: never let a stale package be used
dotnet pack managed/MicroWasm/MicroWasm.csproj -c Release -o build/nuget-feed -nologo -v quiet -clp:ErrorsOnly
dotnet run --project bindings/dotnet/PackageTest -c Release -- "$here/bindings/testdata/example.wasm" \
  "$here/bindings/testdata/example.out" "$here/build/nuget-packages/microwasm/0.1.0"
