#!/usr/bin/env bash
# Builds everything the benchmark needs and runs it: every kernel natively, on microwasm (the
# NativeAOT executable), Wasmtime (through its .NET package), Node.js (V8) and wabt's wasm-interp.
# Prints a Markdown table; see README.md.
#   usage: bash tests/bench/run.sh [--runs N] [--json FILE] [--kernels a,b] [--engines a,b]
#                                  [--scale F] [--timeout S]
# Installs missing Debian packages (gcc, clang-14, lld-14, wabt, nodejs, time, python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

missing=()
for tool in gcc:gcc clang-14:clang-14 wasm-ld-14:lld-14 wasm-interp:wabt node:nodejs python3:python3; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== building kernels" >&2
bash "$here/build.sh" >&2
echo "== publishing microwasm (NativeAOT)" >&2
microwasm="$(bash "$root/scripts/publish-cli.sh" | tail -n 1)"
echo "== building the Wasmtime host" >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/hosts/WasmtimeHost" -c Release --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
wasmtime_host="$here/hosts/WasmtimeHost/bin/Release/net10.0/wasmtime-host"

echo "== running" >&2
python3 "$here/driver.py" --microwasm "$microwasm" --wasmtime-host "$wasmtime_host" "$@"
