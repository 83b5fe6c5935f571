#!/usr/bin/env bash
# Publishes the `microwasm` command as one NativeAOT executable for this machine's platform and
# prints its path (the last line of output). This executable, not the JIT build, is what users
# run and what tests/bench benchmarks. Fails if the publish reports any warning: a trimming or
# AOT warning means something may break only in the published build.
#   usage: scripts/publish-cli.sh [RID]     (RID defaults to linux-x64)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

rid="${1:-linux-x64}"
# NativeAOT links with the platform's C toolchain (clang or gcc) and needs zlib.
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null || [ ! -e /usr/include/zlib.h ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null
fi

out="$here/artifacts/microwasm/$rid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The interpreter's dispatch block must not straddle a 64-byte line: scripts/lib/dispatch-placement.sh.
source scripts/lib/dispatch-placement.sh
publish() { # $1: pad|nopad, $2: shift (see dispatch-placement.sh)
  write_dispatch_order "$work/order.txt" "$1" managed/MicroWasm.Cli/startup-order.txt
  echo "publishing microwasm (NativeAOT, $rid) to $out ..." >&2
  if ! dotnet publish managed/MicroWasm.Cli -c Release -r "$rid" -o "$out" -p:IlcOrderFile="$work/order.txt" \
      -p:DispatchPadding="$([ "${2:-}" = shift ] && echo true || echo false)" \
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
  publish nopad
fi
echo "size: $(stat -c %s "$out/microwasm") bytes (stripped; symbols in microwasm.dbg)" >&2
echo "$out/microwasm"
