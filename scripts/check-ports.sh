#!/usr/bin/env bash
# What can be checked of the Windows, macOS and Zephyr ports on this Linux x86-64 machine (issue 11). Their C compilers
# (MSVC, Apple clang with the macOS SDK) and linkers are not here, so nothing is linked for them, and Zephyr's tree is
# too large to fetch here; what is checked:
#   ilc-win-x64    ILC (NativeAOT's compiler) generates the win-x64 object of managed/MicroWasm.Native, as the static
#                  library build does (NativeLib=Static), with -p:DisableUnsupportedError=true and no AOT or trim
#                  warning; the object is COFF for x86-64, defines the C API and is copied out by -p:MicroWasmObjectFile
#                  (what CMake's MSVC recipe links). Only the step after it is missing
#                  here: MSVC's lib.exe, which packs the object into MicroWasm.Native.lib.
#   link-items-win the link items CMake's MSVC recipe reads for win-x64 (MicroWasmWriteLinkItems): the runtime's files by
#                  full path, all present, the bootstrapper among them, Windows import libraries by name, no -l flag
#   mingw-headers  every include/*.h compiles alone for Windows x64 (x86_64-w64-mingw32-gcc, C99, warnings as errors)
#   mingw-shim     every native-shim/*.c compiles for Windows x64 the same way, and exactly one of the native-call
#                  shims (invoke_native_win64.c) defines microwasm_shim_invoke_native there
#   wine-call      tests/c/native_call.c with that shim, built by MinGW-w64, runs under wine64: the Microsoft x64
#                  calling convention checked by running it
#   shim-osx-arm64
#                  native-shim/invoke_native_aapcs64.c compiles and assembles for arm64-apple-macos11 with clang-14
#                  (Mach-O, Apple's symbol names; its stack packing is checked under qemu by CTest native_call_layout_apple)
#   build-win-x64, build-osx-arm64, build-osx-x64
#                  `dotnet build -r RID` of the engine (managed/MicroWasm) and the C ABI (managed/MicroWasm.Native),
#                  warnings as errors, AOT/trim analyzers on (IsAotCompatible). For osx-* with -p:PublishAot=false:
#                  the NuGet feed here does not serve runtime.osx-*.Microsoft.DotNet.ILCompiler, which restoring a
#                  PublishAot project for those RIDs asks for; the C# compiled is the same.
#   zephyr-module  ports/zephyr is a Zephyr module by Zephyr's rules: zephyr/module.yml fits the schema of Zephyr's
#                  scripts/zephyr_module.py and its cmake/kconfig/samples entries point at what exists; the Kconfig
#                  defines MICROWASM; each sample has CMakeLists.txt, prj.conf (CONFIG_MICROWASM=y), src/main.c and a
#                  sample.yaml that fits twister's schema; west.yml (the CI workspace) names a Zephyr release
#   zephyr-wasm    samples/hello/src/hello.wasm is what wabt's wat2wasm makes of hello.wat (make-wasm.sh --check)
#   zephyr-host    ports/zephyr/tests/host, NOT Zephyr: the module's CMakeLists.txt under stand-ins for the parts of
#                  Zephyr's build it uses builds the library (add_subdirectory of the repository), and the hello
#                  sample's main.c is built as a plain Linux program (printk and nsi_exit are stand-ins) and run: it
#                  must print the sample's result and PASS
#   zephyr-nsi-link
#                  the same main.c linked the way native_sim links zephyr.exe: pre-linked with hidden visibility and
#                  symbols made local (main must be local, wasm_runtime_* undefined), then linked non-PIE with
#                  --gc-sections to a stand-in runner with the module's native_simulator link options, in the native
#                  simulator Makefile's order; run: the same output
#   workflow       .github/workflows/ports.yml is valid YAML and every script and ports/ path it uses exists
# The managed checks build a copy of the sources in build/check-ports/src, and the Zephyr host build one in
# build/check-ports/zephyr-src, so that they never touch the obj/ folders (restore assets) of builds running in the
# work tree. Installs the Debian packages gcc-mingw-w64-x86-64, wine64 and wabt when missing. Prints one line per check
# and `ports: N checked, N failed`; exits non-zero when a check failed.
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
    -h | --help) sed -n '2,38p' "$0"; exit 0 ;;
    *) echo "check-ports.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

mingw=x86_64-w64-mingw32-gcc
wine=/usr/lib/wine/wine64   # Debian's wine64 package puts no wine64 on PATH
need=()
command -v "$mingw" >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x "$wine" ] || need+=(wine64)
command -v wat2wasm >/dev/null || need+=(wabt)
command -v clang-14 >/dev/null || need+=(clang-14)
command -v llvm-nm-14 >/dev/null || need+=(llvm-14)
command -v file >/dev/null || need+=(file)
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
    "-p:MicroWasmObjectFile=$out/MicroWasm.Native.obj" \
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
  # What CMake's Windows recipe links: the project's copy of ILC's object (MicroWasmCopyNativeObject).
  cmp -s "$obj" "$out/MicroWasm.Native.obj" || { echo "MicroWasmObjectFile: no copy of the object at $out/MicroWasm.Native.obj"; return 1; }
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

# The link items CMake's Windows recipe reads (MicroWasmWriteLinkItems): NativeAOT's runtime objects and libraries by
# full path, then Windows import libraries by file name; no Unix -l flag.
link_items_win_x64() {
  sync_sources
  local items="$out/link-items-win-x64.txt" log="$out/link-items-win-x64.log"
  (cd "$src" && dotnet msbuild -restore managed/MicroWasm.Native/MicroWasm.Native.csproj -nologo -v:quiet \
    -p:RuntimeIdentifier=win-x64 -p:Configuration=Release -t:MicroWasmWriteLinkItems "-p:MicroWasmLinkItemsFile=$items") >"$log" 2>&1 \
    || { tail -n 20 "$log"; echo "MicroWasmWriteLinkItems failed for win-x64"; return 1; }
  local runtime=0 system=0 item
  while IFS= read -r item; do
    case "$item" in
      -l*) echo "a Unix -l flag in the Windows link items: $item"; return 1 ;;
      /*) [ -f "$item" ] || { echo "missing: $item"; return 1; }
          [[ "$item" == *.lib || "$item" == *.obj ]] || { echo "not a .lib or .obj: $item"; return 1; }
          runtime=$((runtime + 1)) ;;
      *.lib) system=$((system + 1)) ;;
      *) echo "unexpected item: $item"; return 1 ;;
    esac
  done <"$items"
  grep -q '/bootstrapperdll\.obj$' "$items" || { echo "no bootstrapperdll.obj (the library bootstrapper)"; return 1; }
  grep -qx 'advapi32.lib' "$items" && grep -qx 'bcrypt.lib' "$items" || { echo "Windows import libraries missing"; return 1; }
  echo "$runtime NativeAOT runtime files (all present, .lib/.obj), $system Windows import libraries, no -l flag"
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
  "$mingw" -std=c99 -O2 -Wall -Wextra -Werror -Itests/c -Inative-shim tests/c/native_call.c native-shim/invoke_native_win64.c -o "$exe" || return 1
  local result
  result="$(WINEDEBUG=-all WINEPREFIX="$out/wine/prefix" timeout 300 "$wine" "$exe" 2>&1)"
  local status=$?
  echo "$result" | grep -v -e '^wine: ' -e '^$'
  [ "$status" -eq 0 ] || { echo "native_call.exe under wine64: exit $status"; return 1; }
  grep -q 'native_call: [0-9]* passed, 0 failed' <<<"$result" || { echo "no pass line from native_call.exe"; return 1; }
  echo "$(echo "$result" | grep -o 'native_call: [0-9]* passed, 0 failed') (MinGW-w64 build under $($wine --version 2>/dev/null))"
}

# The AArch64 shim as macOS would build it: clang's own target, no SDK (the file needs no C library header), so this
# checks Apple's symbol names and Mach-O directives in its assembly; the stack layout is checked under qemu by the
# CTest native_call_layout_apple.
apple_arm64_shim() {
  local obj="$work/shim-apple.o"
  clang-14 --target=arm64-apple-macos11 -ffreestanding -std=c99 -O2 -Wall -Wextra -Werror -Inative-shim \
    -c native-shim/invoke_native_aapcs64.c -o "$obj" || { echo "does not compile for arm64-apple-macos11"; return 1; }
  file "$obj" >"$work/file.txt"
  grep -q 'Mach-O 64-bit arm64 object' "$work/file.txt" || { echo "not a Mach-O arm64 object: $(cat "$work/file.txt")"; return 1; }
  llvm-nm-14 --defined-only "$obj" >"$work/nm.txt"
  grep -q ' T _microwasm_shim_invoke_native$' "$work/nm.txt" || { echo "_microwasm_shim_invoke_native not defined"; return 1; }
  grep -q ' T _microwasm_aapcs64_call$' "$work/nm.txt" || { echo "the trampoline _microwasm_aapcs64_call not defined"; return 1; }
  echo "invoke_native_aapcs64.c compiles and assembles for arm64-apple-macos11 (Mach-O, Apple's stack packing), clang-14"
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

# The Zephyr port: ports/zephyr as Zephyr reads a module (scripts/zephyr_module.py's schema, by hand: pykwalify is not
# here), its sample as twister reads it, and the CI workspace's manifest.
zephyr_module() {
  python3 - <<'EOF'
import os, re, sys, yaml
root = "ports/zephyr"
def fail(message):
    print(message)
    sys.exit(1)
def load(path):
    try:
        return yaml.safe_load(open(path))
    except (OSError, yaml.YAMLError) as e:
        fail(f"{path}: {e}")
def fits(value, schema, where):
    # schema: a type, or a dict of key -> schema (every key optional), or a one-element list (a sequence of it)
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            fail(f"{where}: a map expected")
        for key, item in value.items():
            if key not in schema:
                fail(f"{where}: key {key!r} is not in the schema")
            fits(item, schema[key], f"{where}.{key}")
    elif isinstance(schema, list):
        if not isinstance(value, list):
            fail(f"{where}: a sequence expected")
        for i, item in enumerate(value):
            fits(item, schema[0], f"{where}[{i}]")
    elif not isinstance(value, schema):
        names = schema if isinstance(schema, tuple) else (schema,)
        fail(f"{where}: {' or '.join(t.__name__ for t in names)} expected")

# zephyr/module.yml: the keys and types of METADATA_SCHEMA in Zephyr's scripts/zephyr_module.py.
roots = {k: str for k in ("board_root", "dts_root", "snippet_root", "soc_root", "arch_root", "module_ext_root",
                          "sca_root")}
module_schema = {
    "name": str,
    "build": {"cmake": str, "kconfig": str, "cmake-ext": bool, "kconfig-ext": bool, "sysbuild-cmake": str,
              "sysbuild-kconfig": str, "sysbuild-cmake-ext": bool, "sysbuild-kconfig-ext": bool,
              "depends": [str], "settings": roots},
    "tests": [str], "samples": [str], "boards": [str], "blobs": [dict],
    "security": {"external-references": [str]},
}
meta = load(f"{root}/zephyr/module.yml")
fits(meta, module_schema, "module.yml")
name = meta.get("name", "")
if name != "microwasm":
    fail(f"module.yml: name is {name!r}, not microwasm")
build = meta.get("build", {})
cmake_dir = os.path.join(root, build.get("cmake", "zephyr"))
kconfig = os.path.join(root, build.get("kconfig", "zephyr/Kconfig"))
if not os.path.isfile(os.path.join(cmake_dir, "CMakeLists.txt")):
    fail(f"module.yml: no CMakeLists.txt in {cmake_dir}")
if not os.path.isfile(kconfig):
    fail(f"module.yml: no Kconfig file {kconfig}")
if not re.search(r"^config MICROWASM\n\tbool ", open(kconfig).read(), re.M):
    fail(f"{kconfig} does not define the bool option MICROWASM")

samples = []
for sample_root in meta.get("samples", []):
    for dirpath, dirs, files in os.walk(os.path.join(root, sample_root)):
        if "sample.yaml" in files:
            samples.append(dirpath)
if not samples:
    fail("module.yml: no sample.yaml under its samples entries")
# sample.yaml: the top level of twister's testsuite-schema.yaml and the scenario keys used here.
scenario = {"tags": (str, list), "platform_allow": (str, list), "integration_platforms": [str], "harness": str,
            "harness_config": {"type": str, "ordered": bool, "regex": [str]}, "timeout": int, "build_only": bool}
for sample in samples:
    for needed in ("CMakeLists.txt", "prj.conf", "src/main.c"):
        if not os.path.isfile(os.path.join(sample, needed)):
            fail(f"{sample}: no {needed}")
    if not re.search(r"^CONFIG_MICROWASM=y$", open(os.path.join(sample, "prj.conf")).read(), re.M):
        fail(f"{sample}/prj.conf does not set CONFIG_MICROWASM=y")
    spec = load(os.path.join(sample, "sample.yaml"))
    fits(spec, {"sample": {"name": str, "description": str}, "common": scenario, "tests": dict}, f"{sample}/sample.yaml")
    if not spec.get("tests") or not spec.get("sample", {}).get("name"):
        fail(f"{sample}/sample.yaml: needs sample.name and at least one test")
    for test, body in spec["tests"].items():
        fits(body or {}, scenario, f"{sample}/sample.yaml tests.{test}")

west = load(f"{root}/west.yml")
projects = {p["name"]: p for p in west["manifest"]["projects"]}
zephyr = projects.get("zephyr") or fail("west.yml: no zephyr project")
print(f"module.yml fits Zephyr's schema (microwasm, cmake {build.get('cmake')}, kconfig {build.get('kconfig')}); "
      f"Kconfig: MICROWASM; {len(samples)} sample with prj.conf, sample.yaml; west.yml: zephyr {zephyr['revision']}")
EOF
}

zephyr_wasm() {
  bash ports/zephyr/samples/hello/make-wasm.sh --check
}

# The library's sources for the Zephyr host build, copied like sync_sources: its CMake restores and publishes inside
# the source tree's managed/*/obj. tar keeps the files' times, so a second run publishes again only if C# changed.
zephyr_src="$out/zephyr-src"
zephyr_build="$out/zephyr-host"
zephyr_host_build() {
  [ -f "$work/zephyr-built" ] && return 0
  mkdir -p "$zephyr_src"
  find "$zephyr_src" -type f -not -path '*/bin/*' -not -path '*/obj/*' -delete
  tar -c --exclude=bin --exclude=obj CMakeLists.txt Directory.Build.props cmake include native-shim scripts/lib \
    managed/MicroWasm managed/MicroWasm.Native | tar -x -C "$zephyr_src"
  cmake -S ports/zephyr/tests/host -B "$zephyr_build" -G Ninja --toolchain "$here/ports/linux-x64/toolchain.cmake" \
    -DMICROWASM_SOURCE_DIR="$zephyr_src" >"$out/zephyr-host-configure.log" 2>&1 \
    || { tail -n 20 "$out/zephyr-host-configure.log"; echo "configure failed, see $out/zephyr-host-configure.log"; return 1; }
  cmake --build "$zephyr_build" >"$out/zephyr-host-build.log" 2>&1
  local status=$? object="$zephyr_build/microwasm/managed/MicroWasm.Native.o"
  # A failed NativeAOT publish leaves an empty object behind (and the build goes on to fail at the link): say so, and
  # remove it so that the next run publishes again.
  if [ -f "$object" ] && [ ! -s "$object" ]; then
    grep -E 'error [A-Z]+[0-9]+' "$out/zephyr-host-build.log" | sort -u | head -n 5
    rm -f "$object"
    echo "the library's NativeAOT publish failed (the copied managed sources do not build), see $out/zephyr-host-build.log"
    return 1
  fi
  [ "$status" -eq 0 ] || { tail -n 20 "$out/zephyr-host-build.log"; echo "build failed, see $out/zephyr-host-build.log"; return 1; }
  touch "$work/zephyr-built"
}

# run_hello PROGRAM: runs it, shows its output, and checks the two lines the sample's sample.yaml expects.
run_hello() {
  local output status=0
  output="$(timeout 120 "$zephyr_build/$1" 2>&1)" || status=$?
  echo "$output"
  [ "$status" -eq 0 ] || { echo "$1 exited with status $status"; return 1; }
  grep -qx 'MicroWasm: sum_of_squares(10) = 385, host_square called 10 times' <<<"$output" \
    && grep -qx 'MicroWasm hello: PASS' <<<"$output" || { echo "$1 did not print the expected result"; return 1; }
}

zephyr_host() {
  zephyr_host_build || return 1
  run_hello hello_linux || return 1
  echo "the hello sample's main.c as a plain Linux program (not Zephyr): sum_of_squares(10) = 385, 10 native calls, PASS"
}

zephyr_nsi_link() {
  zephyr_host_build || return 1
  local object="$zephyr_build/hello_embedded.loc.o"
  nm "$object" >"$work/nsi-nm.txt" || { echo "nm cannot read $object"; return 1; }
  grep -q ' t main$' "$work/nsi-nm.txt" || { echo "main is not local in the pre-linked image"; return 1; }
  grep -q ' U wasm_runtime_init$' "$work/nsi-nm.txt" || { echo "wasm_runtime_init is not left undefined"; return 1; }
  # e_type 2 (ET_EXEC): linked without PIE, as the native simulator's final link is
  [ "$(od -An -tu2 -j16 -N2 "$zephyr_build/hello_nsi" | tr -d ' ')" = 2 ] || { echo "hello_nsi is not a non-PIE executable"; return 1; }
  run_hello hello_nsi || return 1
  echo "main.c pre-linked (main local, wasm_runtime_* undefined), linked non-PIE with --gc-sections as native_sim links: PASS"
}

workflow() {
  python3 - <<'EOF'
import os, re, sys, yaml
path = ".github/workflows/ports.yml"
doc = yaml.safe_load(open(path))
jobs = doc.get("jobs") or {}
scripts, paths = set(), set()
for name, job in jobs.items():
    for step in job.get("steps", []):
        run = step.get("run", "")
        scripts.update(re.findall(r"scripts/[\w./-]+\.sh", run))
        paths.update(p.rstrip("/.") for p in re.findall(r"\bports/[\w./-]+", run))
missing = [s for s in sorted(scripts | paths) if not os.path.exists(s)]
if missing:
    print("scripts or paths the workflow uses that do not exist:", " ".join(missing))
    sys.exit(1)
print(f"valid YAML, {len(jobs)} jobs ({', '.join(jobs)}), the {len(scripts)} scripts it runs and the {len(paths)} "
      "ports/ paths it uses exist")
EOF
}

check ilc-win-x64 ilc_win_x64
check link-items-win link_items_win_x64
check mingw-headers mingw_headers
check mingw-shim mingw_shim
check wine-call wine_call
check shim-osx-arm64 apple_arm64_shim
check build-win-x64 build_rid win-x64
check build-osx-arm64 build_rid osx-arm64
check build-osx-x64 build_rid osx-x64
check zephyr-module zephyr_module
check zephyr-wasm zephyr_wasm
check zephyr-host zephyr_host
check zephyr-nsi-link zephyr_nsi_link
check workflow workflow

echo "Windows, macOS and Zephyr ports, what can be checked on $(uname -m) Linux:"
printf '  %s\n' "${results[@]}"
echo "ports: $checked checked, $failed failed ($((SECONDS - start_all)) s)"
[ "$failed" -eq 0 ]
