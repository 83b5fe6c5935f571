#!/usr/bin/env bash
# Publishes the `microwasm` command as one NativeAOT executable (for this machine's platform unless --rid
# says otherwise) and prints its path (the last line of output). This executable, not the JIT build, is
# what users run and what tests/bench benchmarks. Fails if the publish reports any warning: a trimming or
# AOT warning means something may break only in the published build.
#   usage: scripts/publish-cli.sh [--rid RID | RID]     (RID defaults to linux-x64)
# --rid linux-arm64 on an x86-64 machine cross-compiles (scripts/lib/nativeaot-target.sh); the result runs here under
# `qemu-aarch64 -L /usr/aarch64-linux-gnu`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
source scripts/lib/nativeaot-target.sh
ensure_prerequisites

rid=linux-x64
case "${1:-}" in
  --rid) rid="${2:?publish-cli.sh: --rid needs a runtime identifier}" ;;
  --rid=*) rid="${1#--rid=}" ;;
  -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
  "") ;;
  *) rid="$1" ;;
esac
# NativeAOT links with the platform's C toolchain (clang or gcc) and needs zlib.
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null || [ ! -e /usr/include/zlib.h ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null
fi
nativeaot_ensure_toolchain "$rid"
mapfile -t target_args < <(nativeaot_publish_args "$rid")

out="$here/artifacts/microwasm/$rid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The interpreter's dispatch block must not straddle a 64-byte line: scripts/lib/dispatch-placement.sh.
source scripts/lib/dispatch-placement.sh
publish() { # $1: pad|nopad, $2: shift (see dispatch-placement.sh)
  write_dispatch_order "$work/order.txt" "$1" managed/MicroWasm.Cli/startup-order.txt
  echo "publishing microwasm (NativeAOT, $rid) to $out ..." >&2
  if ! dotnet publish managed/MicroWasm.Cli -c Release -r "$rid" -o "$out" -p:IlcOrderFile="$work/order.txt" \
      -p:DispatchPadding="$([ "${2:-}" = shift ] && echo true || echo false)" "${target_args[@]}" \
      --nologo -v quiet -clp:NoSummary >"$work/log" 2>&1; then
    cat "$work/log" >&2
    echo "publish-cli.sh: dotnet publish failed" >&2
    exit 1
  fi
  if grep -E -i 'warning (IL|CS|NETSDK)[0-9]+' "$work/log" >&2; then
    echo "publish-cli.sh: the publish reported warnings (above); the NativeAOT build may differ from the JIT build" >&2
    exit 1
  fi
}
alignment() { python3 scripts/lib/dispatch_alignment.py "$out/microwasm" "$out/microwasm.dbg" >&2; }

if [[ "$rid" == *x64 ]] && command -v objdump >/dev/null; then
  place_dispatch publish alignment \
    || echo "publish-cli.sh: warning: the interpreter's dispatch block crosses a 64-byte line (slower)" >&2
else
  [[ "$rid" == *x64 ]] || echo "publish-cli.sh: $rid: dispatch-block placement skipped (it checks x86-64 code only)" >&2
  publish nopad
fi
echo "size: $(stat -c %s "$out/microwasm") bytes (stripped; symbols in microwasm.dbg)" >&2
echo "$out/microwasm"
