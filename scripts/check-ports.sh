#!/usr/bin/env bash
# What can be checked of the Windows and macOS ports on this Linux x86-64 machine (issue 11). Their C compilers (MSVC,
# Apple clang with the macOS SDK) and linkers are not here, so nothing is linked for them; what is checked:
#   ilc-win-x64    ILC (NativeAOT's compiler) generates the win-x64 object of managed/MicroWasm.Native, as the static
#                  library build does (NativeLib=Static), with -p:DisableUnsupportedError=true and no AOT or trim
#                  warning; the object is COFF for x86-64 and defines the C API. Only the step after it is missing
#                  here: MSVC's lib.exe, which packs the object into MicroWasm.Native.lib.
#   mingw-headers  every include/*.h compiles alone for Windows x64 (x86_64-w64-mingw32-gcc, C99, warnings as errors)
#   mingw-shim     every native-shim/*.c compiles for Windows x64 the same way, and exactly one of the native-call
#                  shims (invoke_native_win64.c) defines microwasm_shim_invoke_native there
#   wine-call      tests/c/native_call.c with that shim, built by MinGW-w64, runs under wine64: the Microsoft x64
#                  calling convention checked by running it
#   build-win-x64, build-osx-arm64, build-osx-x64
#                  `dotnet build -r RID` of the engine (managed/MicroWasm) and the C ABI (managed/MicroWasm.Native),
#                  warnings as errors, AOT/trim analyzers on (IsAotCompatible). For osx-* with -p:PublishAot=false:
#                  the NuGet feed here does not serve runtime.osx-*.Microsoft.DotNet.ILCompiler, which restoring a
#                  PublishAot project for those RIDs asks for; the C# compiled is the same.
#   workflow       .github/workflows/ports.yml is valid YAML and every script it runs exists
# The managed checks build a copy of the sources in build/check-ports/src, so that they never touch the obj/ folders
# (restore assets) of builds running in the work tree. Installs the Debian packages gcc-mingw-w64-x86-64 and wine64
# when missing. Prints one line per check and `ports: N checked, N failed`; exits non-zero when a check failed.
#   usage: scripts/check-ports.sh [--only CHECK,...]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=",${2:?--only needs a list of checks},"; shift 2 ;;
    -h | --help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "check-ports.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

mingw=x86_64-w64-mingw32-gcc
wine=/usr/lib/wine/wine64   # Debian's wine64 package puts no wine64 on PATH
need=()
command -v "$mingw" >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x "$wine" ] || need+=(wine64)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

out="$here/build/check-ports"
src="$out/src"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The managed sources, copied over the previous copy (its bin/ and obj/ are kept, so a second run is incremental).
sync_sources() {
  [ -f "$work/synced" ] && return 0
  mkdir -p "$src"
  find "$src" -type f -not -path '*/bin/*' -not -path '*/obj/*' -delete
  tar -c --exclude=bin --exclude=obj managed/MicroWasm managed/MicroWasm.Native Directory.Build.props | tar -x -C "$src"
  touch "$work/synced"
}

results=() checked=0 failed=0 start_all=$SECONDS
# check NAME FUNCTION [ARG...]: runs FUNCTION, whose last line of output is the result's summary; records pass or fail.
check() {
  local name="$1" fn="$2" start=$SECONDS status=0 line
  shift 2
  [ -z "$only" ] || [[ "$only" == *",$name,"* ]] || return 0
  echo "== $name" >&2
  "$fn" "$@" >"$work/$name.out" 2>&1 || status=$?
  line="$(tail -n 1 "$work/$name.out")"
  checked=$((checked + 1))
  if [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
    tail -n 40 "$work/$name.out" >&2
    results+=("$(printf '%-15s FAILED  %4d s  %s' "$name" $((SECONDS - start)) "$line")")
  else
    results+=("$(printf '%-15s ok      %4d s  %s' "$name" $((SECONDS - start)) "$line")")
  fi
  echo "${results[-1]}" >&2
  return "$status"
}

# The publish of cmake/MicroWasmManaged.cmake (scripts/lib/publish-native-library.sh) up to ILC's object: the targets
# `dotnet publish` runs before LinkNative, which would call lib.exe.
ilc_win_x64() {
  sync_sources
  local obj="$src/managed/MicroWasm.Native/obj/Release/net10.0/win-x64/native/MicroWasm.Native.obj" log="$out/ilc-win-x64.log"
  rm -f "$obj"
  (cd "$src" && dotnet msbuild -restore managed/MicroWasm.Native/MicroWasm.Native.csproj -nologo \
    -p:RuntimeIdentifier=win-x64 -p:Configuration=Release -p:_IsPublishing=true -p:DisableUnsupportedError=true \
    '-t:Build;_ComputeResolvedCopyLocalPublishAssets;_ComputeAssembliesToCompileToNative;IlcCompile') >"$log" 2>&1
  local status=$?
  # The SDK runs findvcvarsall.bat (looking for MSVC) through sh here: its complaints are noise, not warnings.
  grep -v -e findvcvarsall.bat -e ': not found$' "$log"
  [ "$status" -eq 0 ] || { echo "the build stopped (exit $status), see $log"; return 1; }
  grep -q "Generating native code" "$log" || { echo "ILC did not run"; return 1; }
  local warnings
  warnings="$(grep -ciE '(warning|error) [A-Z]+[0-9]+|ILC: .*will always throw' "$log")"
  [ "$warnings" -eq 0 ] || { echo "$warnings warnings or errors (AOT, trim or ILC), see $log"; return 1; }
  [ -f "$obj" ] || { echo "no object at $obj"; return 1; }
  # An x86-64 COFF object starts with the machine field 0x8664 (little-endian).
  local machine
  machine="$(od -An -tx2 -N2 "$obj" | tr -d ' ')"
  [ "$machine" = 8664 ] || { echo "not a COFF x86-64 object (machine 0x$machine)"; return 1; }
  # (Output to files, not `| grep -q`: with pipefail an early grep exit would fail the pipeline.)
  x86_64-w64-mingw32-objdump -f "$obj" >"$work/objdump.txt"
  grep -q 'file format pe-x86-64' "$work/objdump.txt" || { echo "objdump does not read it as pe-x86-64"; return 1; }
  x86_64-w64-mingw32-nm --defined-only "$obj" >"$work/nm.txt" || { echo "nm cannot read the object"; return 1; }
  local api
  api="$(grep -cE ' T (wasm_runtime_|wasm_engine_|wasm_instance_)' "$work/nm.txt")"
  grep -q ' T wasm_runtime_init$' "$work/nm.txt" || { echo "wasm_runtime_init not defined"; return 1; }
  echo "$(stat -c %s "$obj") bytes, COFF machine 0x8664 (x86-64), $api wasm_runtime_*, wasm_engine_*, wasm_instance_* functions defined, 0 warnings; lib.exe not run (MSVC)"
}

mingw_headers() {
  local h n=0
  for h in include/*.h; do
    printf '#include "%s"\nint main(void) { return 0; }\n' "$(basename "$h")" >"$work/h.c"
    "$mingw" -std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$work/h.c" -o "$work/h.o" || { echo "$h: does not compile"; return 1; }
    n=$((n + 1))
  done
  echo "$n of $n headers compile alone ($mingw -std=c99 -Wall -Wextra -Wpedantic -Werror)"
}

mingw_shim() {
  local c n=0 defining=()
  for c in native-shim/*.c native-shim/generated/*.c; do
    "$mingw" -std=c99 -O2 -Wall -Wextra -Werror -Iinclude -Inative-shim -c "$c" -o "$work/shim.o" || { echo "$c: does not compile"; return 1; }
    x86_64-w64-mingw32-nm --defined-only "$work/shim.o" >"$work/nm.txt"
    grep -q ' T microwasm_shim_invoke_native$' "$work/nm.txt" && defining+=("$(basename "$c")")
    n=$((n + 1))
  done
  [ "${defining[*]}" = invoke_native_win64.c ] || { echo "microwasm_shim_invoke_native defined by: ${defining[*]:-none}"; return 1; }
  echo "$n of $n files compile (-Wall -Wextra -Werror); the native call comes from invoke_native_win64.c"
}

wine_call() {
  local exe="$out/wine/native_call.exe"
  mkdir -p "$out/wine"
  "$mingw" -std=c99 -O2 -Wall -Wextra -Werror -Itests/c tests/c/native_call.c native-shim/invoke_native_win64.c -o "$exe" || return 1
  local result
  result="$(WINEDEBUG=-all WINEPREFIX="$out/wine/prefix" timeout 300 "$wine" "$exe" 2>&1)"
  local status=$?
  echo "$result" | grep -v -e '^wine: ' -e '^$'
  [ "$status" -eq 0 ] || { echo "native_call.exe under wine64: exit $status"; return 1; }
  grep -q 'native_call: [0-9]* passed, 0 failed' <<<"$result" || { echo "no pass line from native_call.exe"; return 1; }
  echo "$(echo "$result" | grep -o 'native_call: [0-9]* passed, 0 failed') (MinGW-w64 build under $($wine --version 2>/dev/null))"
}

build_rid() {
  local rid="$1" extra=() note="" proj log
  sync_sources
  # See the header: the osx NativeAOT compiler packages are not served here.
  if [[ "$rid" == osx-* ]]; then extra=(-p:PublishAot=false); note=" (-p:PublishAot=false)"; fi
  for proj in MicroWasm MicroWasm.Native; do
    log="$out/build-$rid-$proj.log"
    (cd "$src" && dotnet build "managed/$proj/$proj.csproj" -r "$rid" -c Release "${extra[@]}" -nologo) >"$log" 2>&1 \
      || { tail -n 20 "$log"; echo "dotnet build -r $rid of $proj failed, see $log"; return 1; }
    grep -q ' 0 Warning(s)' "$log" || { echo "$proj: warnings, see $log"; return 1; }
  done
  echo "MicroWasm and MicroWasm.Native build for $rid, 0 warnings$note"
}

workflow() {
  python3 - <<'EOF'
import os, re, sys, yaml
path = ".github/workflows/ports.yml"
doc = yaml.safe_load(open(path))
jobs = doc.get("jobs") or {}
scripts = set()
for name, job in jobs.items():
    for step in job.get("steps", []):
        scripts.update(re.findall(r"scripts/[\w./-]+\.sh", step.get("run", "")))
missing = [s for s in sorted(scripts) if not os.path.isfile(s)]
if missing:
    print("scripts the workflow runs that do not exist:", " ".join(missing))
    sys.exit(1)
print(f"valid YAML, {len(jobs)} jobs ({', '.join(jobs)}), the {len(scripts)} scripts it runs exist")
EOF
}

check ilc-win-x64 ilc_win_x64
check mingw-headers mingw_headers
check mingw-shim mingw_shim
check wine-call wine_call
check build-win-x64 build_rid win-x64
check build-osx-arm64 build_rid osx-arm64
check build-osx-x64 build_rid osx-x64
check workflow workflow

echo "Windows and macOS ports, what can be checked on $(uname -m) Linux:"
printf '  %s\n' "${results[@]}"
echo "ports: $checked checked, $failed failed ($((SECONDS - start_all)) s)"
[ "$failed" -eq 0 ]
