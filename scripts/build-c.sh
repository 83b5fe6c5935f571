#!/usr/bin/env bash
# Builds the C library (NativeAOT static library + native shim) with CMake for a port, builds the C test hosts and
# runs them with CTest. Usage: scripts/build-c.sh [--shared] [--profile NAME] [PORT] (default linux-x64); the build goes
# to build/c-PORT, with --shared (libmicrowasm.so, CMake's BUILD_SHARED_LIBS=ON; the same hosts link it) to
# build/c-PORT-shared, with --profile minimal (MICROWASM_PROFILE: no WASI, no wasm.h; the hosts that need neither) to
# build/c-PORT-minimal. Profiles share the managed project's obj directory, so build them one after another.
# A port for another architecture (linux-arm64 on x86-64) is cross-built, and CTest runs its hosts under QEMU.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

shared=OFF profile=default
while [ $# -gt 0 ]; do
  case "$1" in
    --shared) shared=ON; shift ;;
    --profile) profile="${2:?--profile needs a name}"; shift 2 ;;
    *) break ;;
  esac
done
port="${1:-linux-x64}"
suffix=""
[ "$shared" = OFF ] || suffix=-shared
[ "$profile" = default ] || suffix="$suffix-$profile"
build="build/c-$port$suffix"
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v ninja >/dev/null || need+=(ninja-build)
command -v cc >/dev/null || need+=(gcc)
command -v c++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -f "ports/$port/toolchain.cmake" ]; then
  echo "build-c.sh: no port $port (ports/$port/toolchain.cmake)" >&2
  exit 2
fi
# A Linux port for another architecture: the cross compilers, NativeAOT's cross linker and QEMU.
source scripts/lib/nativeaot-target.sh
if [[ "$port" == linux-* ]] && [ "$port" != "$(nativeaot_host_rid)" ]; then
  nativeaot_ensure_toolchain "$port"
fi

echo "== configure ($port$([ "$shared" = ON ] && echo ", shared library"), profile $profile)"
cmake -S . -B "$build" -G Ninja --toolchain "ports/$port/toolchain.cmake" -DBUILD_SHARED_LIBS=$shared \
  -DMICROWASM_PROFILE="$profile" >/dev/null
echo "== build"
cmake --build "$build"
echo "== ctest"
ctest --test-dir "$build" --output-on-failure
