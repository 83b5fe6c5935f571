#!/usr/bin/env bash
# The footprint table of README (Footprint): stripped size of the `microwasm` command and of a C host of the library
# (tests/c/minimal_host.c, WAMR's API) per profile, and start-up time and peak RSS of `microwasm run` on an empty WASI
# module against the .NET floor: a NativeAOT "hello world" with the size options (OptimizationPreference=Size,
# InvariantGlobalization, UseSystemResourceKeys), built here in a temporary directory. Times are medians of interleaved
# runs (scripts/lib/interleaved_runs.py); on a busy machine they vary, their ratio less. Prints Markdown.
#   usage: scripts/footprint.sh [--runs N] [--cli PATH]     (default 21 runs; --cli skips publishing the command)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

runs=21; cli=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --cli) cli="$2"; shift ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "footprint.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== the .NET floor: a NativeAOT hello world with the size options" >&2
mkdir -p "$work/hello"
cat >"$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <PublishAot>true</PublishAot>
    <OptimizationPreference>Size</OptimizationPreference>
    <InvariantGlobalization>true</InvariantGlobalization>
    <UseSystemResourceKeys>true</UseSystemResourceKeys>
    <StripSymbols>true</StripSymbols>
  </PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("Hello, World!");' >"$work/hello/Program.cs"
dotnet publish "$work/hello" -c Release -r linux-x64 -o "$work/hello/out" -nologo -v quiet -clp:ErrorsOnly >&2
hello="$work/hello/out/hello"

if [ -z "$cli" ]; then
  echo "== microwasm (scripts/publish-cli.sh)" >&2
  cli="$(bash scripts/publish-cli.sh | tail -n 1)"
fi

declare -A host_size
for profile in default minimal; do
  build="build/size-$profile"
  echo "== C host, profile $profile ($build)" >&2
  cmake -S . -B "$build" -G Ninja --toolchain ports/linux-x64/toolchain.cmake -DMICROWASM_PROFILE="$profile" >/dev/null
  cmake --build "$build" --target minimal_host >&2
  strip -o "$work/minimal_host" "$build/tests/c/minimal_host"
  host_size[$profile]=$(stat -c %s "$work/minimal_host")
done

# (module (func (export "_start"))): what a WASI program that does nothing is.
python3 -c "import sys; open(sys.argv[1], 'wb').write(bytes.fromhex('0061736d0100000001040160000003020100070a01065f737461727400000a040102000b'))" "$work/empty.wasm"
echo "== start-up: $runs interleaved runs" >&2
python3 scripts/lib/interleaved_runs.py --runs "$runs" --json "hello=$hello" "microwasm=$cli run $work/empty.wasm" >"$work/startup.json"

python3 - "$work/startup.json" "$(stat -c %s "$cli")" "$(stat -c %s "$hello")" "${host_size[default]}" "${host_size[minimal]}" "$runs" <<'PY'
import json, platform, subprocess, sys, datetime
startup = json.load(open(sys.argv[1]))
cli, hello, host_default, host_minimal = (int(a) for a in sys.argv[2:6])
runs = sys.argv[6]
mb = lambda b: f"{b / 1e6:.2f} MB"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
h, m = startup["hello"], startup["microwasm"]
print(f"Measured {datetime.date.today()} on {cpu} ({subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores), "
      f"linux-x64; start-up: medians of {runs} interleaved runs (scripts/footprint.sh).\n")
print("| | stripped size | start-up (empty module) | peak RSS |")
print("|---|---|---|---|")
print(f"| `microwasm` command | {mb(cli)} | {m['wall_ms']:.1f} ms ({m['wall_ms'] / h['wall_ms']:.2f}x the floor) | {m['rss_kib'] / 1024:.1f} MiB |")
print(f"| C host, WAMR API, default profile | {mb(host_default)} | | |")
print(f"| C host, WAMR API, `minimal` profile | {mb(host_minimal)} | | |")
print(f"| .NET floor: NativeAOT hello world, size options | {mb(hello)} | {h['wall_ms']:.1f} ms | {h['rss_kib'] / 1024:.1f} MiB |")
print("| WAMR `iwasm`, interpreter only (quoted, issue 15) | about 0.3 MB | 28 ms | 10 MB |")
print("| wasm3 (quoted, issue 15) | about 0.2 MB | | |")
PY
