#!/usr/bin/env bash
# Runs the threaded C hosts under valgrind's drd with drd.supp (the .NET runtime's own reports) and lists what is left,
# grouped by the innermost frame of our code (MicroWasm_*, wasm_*) on each report's stack.
# Usage: drd.sh BUILD_DIR [SCALE] [LOG_DIR]   (BUILD_DIR: e.g. build/c-linux-x64; SCALE divides the stress hosts' rounds,
# default 10; LOG_DIR keeps drd's full reports, one .log per run)
# Valgrind 3.19 cannot read the DWARF 5 debug information of the runtime objects, so stripped copies run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "$1" && pwd)/tests/c"
# A gen0 budget of 1 GiB keeps the collector from running: memory a collection frees and another thread's allocation
# reuses is ordered by the runtime's suspension, which drd cannot see, so it would report fresh objects as races.
export DOTNET_GCgen0size=0x40000000 DOTNET_GCgen0MaxBudget=0x40000000
scale="${2:-10}"
if [ -n "${3:-}" ]; then
    mkdir -p "$3"
    work="$(cd "$3" && pwd)"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
for host in thread_api_host thread_stress_host; do strip -g -o "$work/$host" "$build/$host"; done
run() {
    local name="$1"; shift
    valgrind --tool=drd --suppressions="$here/drd.supp" "$@" >"$work/$name.out" 2>"$work/$name.log" || true
    local summary
    summary=$(grep -o "ERROR SUMMARY: .*" "$work/$name.log" || echo "no summary")
    echo "$name: $(tail -1 "$work/$name.out") | $summary"
}
run thread_api "$work/thread_api_host" "$build/threads_shared.wasm"
for part in instances spawned churn; do
    run "thread_stress_$part" "$work/thread_stress_host" "$build/threads_shared.wasm" "$part" "$scale"
done
echo "== reports left, by the innermost frame of our code (count of report contexts)"
cat "$work"/*.log | awk '
    /^==[0-9]+== (Conflicting|Thread [0-9]+:$)/ { inreport = /Conflicting/; found = 0; next }
    inreport && /(Allocation context|Other segment|Mutex)/ { if (!found) print "(no frame of ours)"; inreport = 0 }
    inreport && !found && /(at|by) 0x[0-9A-F]+: (MicroWasm_|wasm_|microwasm_)/ {
        sub(/.*: /, ""); sub(/ \(in .*/, ""); print; found = 1 }
    /^==[0-9]+== $/ { if (inreport && !found) print "(no frame of ours)"; inreport = 0 }
' | sort | uniq -c | sort -rn
