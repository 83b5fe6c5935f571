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

# The interpreter's dispatch block must not straddle a 64-byte line (25-40% slower on every kernel when it
# does: scripts/lib/dispatch_alignment.py). Methods are placed 32-byte aligned, in the order of
# startup-order.txt; Executor.Run goes first, and if its dispatch block straddles a line, a second publish puts
# one tiny method (one return, 32 bytes with padding) before it, which moves it by 32 bytes.
order="managed/MicroWasm.Cli/startup-order.txt"
run_method="MicroWasm_Engine_MicroWasm_Interpreter_Executor__Run"
pad_method="MicroWasm_Engine_MicroWasm_Runtime_FunctionInstance__get_Kind"
publish() { # $1: "pad" or "nopad" (a method before Executor.Run); $2: "shift" to shift the block inside it
  { [ "$1" = pad ] && echo "$pad_method"; echo "$run_method"; grep -v -x -e "$run_method" -e "$pad_method" "$order"; } >"$work/order.txt"
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

# Method starts move the block by 32 bytes; when neither start fits (block at 26-31 of a 32-byte half), a few
# bytes of cold code inside Executor.Run (the DISPATCH_PADDING build) move it further.
publish nopad
if [[ "$rid" == *x64 ]] && command -v objdump >/dev/null; then
  placed=no
  for attempt in "nopad" "pad" "nopad shift" "pad shift"; do
    [ "$attempt" = nopad ] || publish $attempt
    status=0; alignment || status=$?
    if [ "$status" != 3 ]; then placed=yes; break; fi
  done
  [ "$placed" = yes ] || echo "publish-cli.sh: warning: the interpreter's dispatch block crosses a 64-byte line (slower)" >&2
fi
echo "size: $(stat -c %s "$out/microwasm") bytes (stripped; symbols in microwasm.dbg)" >&2
echo "$out/microwasm"
