#!/usr/bin/env bash
# Where the bytes go: builds the `microwasm` command and a C host of the library (tests/c/minimal_host.c: init, natives,
# load, instantiate, calls through WAMR's API, linked with microwasm::runtime) with ILC's map file, prints each one's
# stripped size and, from the map (scripts/lib/size_map.py), its bytes by assembly and namespace (ours against
# System.*), the nodes no type owns (metadata, frozen objects, type data) and the largest methods.
#   usage: scripts/size-report.sh [--top N] [--profile NAME]... [--no-cli]
# Each --profile (default: default and minimal; see MICROWASM_PROFILE in README) is built in build/size-PROFILE.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

top=15; profiles=(); cli=1
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top="$2"; shift ;;
    --profile) profiles+=("$2"); shift ;;
    --no-cli) cli=0 ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "size-report.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#profiles[@]} -gt 0 ] || profiles=(default minimal)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export IlcGenerateMapFile=true  # MSBuild reads the environment as properties: every publish below writes its map

if [ "$cli" = 1 ]; then
  echo "== microwasm (the command), NativeAOT linux-x64" >&2
  dotnet publish managed/MicroWasm.Cli -c Release -r linux-x64 -o "$work/cli" -nologo -v quiet -clp:ErrorsOnly >&2
  echo "# microwasm: $(stat -c %s "$work/cli/microwasm") bytes stripped"
  python3 scripts/lib/size_map.py managed/MicroWasm.Cli/obj/Release/net10.0/linux-x64/native/microwasm.map.xml --top "$top"
  echo
fi
for profile in "${profiles[@]}"; do
  build="build/size-$profile"
  echo "== C host, profile $profile ($build)" >&2
  cmake -S . -B "$build" -G Ninja --toolchain ports/linux-x64/toolchain.cmake -DMICROWASM_PROFILE="$profile" >/dev/null
  # A build from before this script kept no map: publish again.
  [ -f "$build/managed/MicroWasm.Native.map.xml" ] || rm -f "$build/managed/MicroWasm.Native.o"
  cmake --build "$build" --target minimal_host >&2
  strip -o "$work/minimal_host" "$build/tests/c/minimal_host"
  echo "# C host (tests/c/minimal_host.c), profile $profile: $(stat -c %s "$work/minimal_host") bytes stripped"
  echo "#   of which the library's managed code and data (MicroWasm.Native.o, text+data): $(size -d "$build/managed/MicroWasm.Native.o" | awk 'NR == 2 { print $1 + $2 }') bytes"
  python3 scripts/lib/size_map.py "$build/managed/MicroWasm.Native.map.xml" --top "$top"
  echo
done
