#!/usr/bin/env bash
# Publishes managed/MicroWasm.Native as a NativeAOT static library and extracts its managed code object, with the
# interpreter's dispatch block inside one 64-byte line (scripts/lib/dispatch-placement.sh): the object's code
# section is given 64-byte alignment, so the place checked here is the place it has in the host's program. The
# placement is checked on x86-64 code only; for other targets (linux-arm64, cross-compiled) it is skipped.
# Called by cmake/MicroWasmManaged.cmake.
#   usage: publish-native-library.sh RID CONFIGURATION PUBLISH_DIR OBJECT [MSBUILD_ARG...]
# The MSBuild arguments (-p:MicroWasmWasi=false, ...) choose the profile's features (MicroWasm.Native.csproj).
set -euo pipefail
rid="$1"; configuration="$2"; publish_dir="$3"; object="$4"
shift 4
feature_args=("$@")
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source scripts/lib/dispatch-placement.sh
source scripts/lib/nativeaot-target.sh
nativeaot_ensure_toolchain "$rid"
mapfile -t target_args < <(nativeaot_publish_args "$rid")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Failures exit explicitly: place_dispatch runs this inside an `||`, where bash ignores `set -e`, and a failed publish
# must not leave CMake an empty or stale object that fails only at the host's link.
publish() { # $1: pad|nopad, $2: shift
  write_dispatch_order "$work/order.txt" "$1"
  if ! dotnet publish managed/MicroWasm.Native/MicroWasm.Native.csproj -r "$rid" -c "$configuration" -o "$publish_dir" \
      -p:IlcOrderFile="$work/order.txt" -p:DispatchPadding="$([ "${2:-}" = shift ] && echo true || echo false)" \
      "${target_args[@]}" "${feature_args[@]}" -nologo -v quiet -clp:ErrorsOnly; then
    echo "publish-native-library.sh: dotnet publish failed" >&2
    exit 1
  fi
  if ! (cd "$work" && ar x "$publish_dir/MicroWasm.Native.a" MicroWasm.Native.o) || [ ! -s "$work/MicroWasm.Native.o" ]; then
    echo "publish-native-library.sh: $publish_dir/MicroWasm.Native.a has no MicroWasm.Native.o" >&2
    exit 1
  fi
  if [[ "$rid" == *x64 ]] && command -v objcopy >/dev/null; then
    objcopy --set-section-alignment __managedcode=64 "$work/MicroWasm.Native.o"
  fi
  cp "$work/MicroWasm.Native.o" "$object"
  # With IlcGenerateMapFile=true in the environment (scripts/size-report.sh), ILC wrote a map of the object: keep it.
  local map="managed/MicroWasm.Native/obj/$configuration/net10.0/$rid/native/MicroWasm.Native.map.xml"
  if [ "${IlcGenerateMapFile:-}" = true ] && [ -f "$map" ]; then cp "$map" "${object%.o}.map.xml"; fi
}
alignment() {
  objdump -h "$object" | grep -q "__managedcode.*2\*\*6" || return 3
  python3 scripts/lib/dispatch_alignment.py "$object" "$object"
}

if [[ "$rid" == *x64 ]] && command -v objdump >/dev/null && command -v objcopy >/dev/null; then
  place_dispatch publish alignment \
    || echo "publish-native-library.sh: warning: the interpreter's dispatch block crosses a 64-byte line (slower)" >&2
else
  [[ "$rid" == *x64 ]] || echo "publish-native-library.sh: $rid: dispatch-block placement skipped (it checks x86-64 code only)" >&2
  publish nopad
fi
