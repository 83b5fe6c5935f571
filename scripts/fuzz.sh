#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine with SharpFuzz and AFL++ (issue 14).
#
#   bash scripts/fuzz.sh --seconds N [--target NAME] [--seeds N] [--timeout MS] [--keep]
#
# Builds the harness (tests/fuzz/MicroWasm.Fuzz), instruments a copy of the engine assemblies with SharpFuzz, makes
# starting corpora from the spec suite (../shared/testsuite/wasm-2.0, read with the engine's own .wast parser), replays
# the seeds, then runs afl-fuzz on each target in turn for its share of N seconds. Findings are kept in
# build/fuzz/findings/TARGET (crashes/, hangs/, queue/, afl.log) and replayed to show their exceptions. Ends with
# `fuzz: N execs, N crashes, N hangs` and exits non-zero if anything crashed or hung.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh

usage() {
  cat <<'EOF'
usage: bash scripts/fuzz.sh --seconds N [--target NAME] [--seeds N] [--timeout MS] [--keep]

  --seconds N     fuzzing time in all, shared equally by the targets (required)
  --target NAME   fuzz one target only: decoder, validator, text, execution, capi, aot (default: all of them)
  --seeds N       seeds per corpus taken from the spec suite (default: 2 per second of each target's share, 100 to 4000)
  --timeout MS    an input running longer than this is a hang (default 5000; WebAssembly execution itself is stopped
                  after 100 ms by Store.Terminate, so only the engine's own loops can reach it)
  --keep          continue from the queues of the previous run in build/fuzz/findings instead of the seeds
  --help          this text

Prints one line per target and ends with `fuzz: N execs, N crashes, N hangs`; exits 1 if any input crashed or hung.
EOF
}

seconds="" target="" seeds="" timeout_ms=5000 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    --target) target="${2:?--target needs a value}"; shift 2 ;;
    --seeds) seeds="${2:?--seeds needs a value}"; shift 2 ;;
    --timeout) timeout_ms="${2:?--timeout needs a value}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "error: --seconds N is required (a positive number)" >&2; exit 2; }
[[ "$timeout_ms" =~ ^[0-9]+$ ]] || { echo "error: --timeout needs milliseconds" >&2; exit 2; }

all_targets=(decoder validator text execution capi aot)
if [ -n "$target" ]; then
  [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "error: unknown target $target (known: ${all_targets[*]})" >&2; exit 2; }
  targets=("$target")
else
  targets=("${all_targets[@]}")
fi
share=$(( seconds / ${#targets[@]} ))
[ "$share" -ge 5 ] || share=5
if [ -z "$seeds" ]; then
  seeds=$(( share * 2 )); [ "$seeds" -ge 100 ] || seeds=100; [ "$seeds" -le 4000 ] || seeds=4000
fi

ensure_prerequisites
suite="$(spec_suite_dir)/wasm-2.0"
work="build/fuzz"
mkdir -p "$work"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing afl++"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
sharpfuzz="$work/tools/sharpfuzz"
if [ ! -x "$sharpfuzz" ]; then
  echo "== installing the SharpFuzz command-line tool (instrumentation)"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi
# The aot target's seeds are compiled at seeding time by the AOT compiler, which runs the system's C compiler.
if [[ " ${targets[*]} " == *" aot "* ]] && ! command -v clang-14 >/dev/null && ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  ensure_aot_toolchain
fi

echo "== build the harness (tests/fuzz/MicroWasm.Fuzz)"
dotnet build tests/fuzz/MicroWasm.Fuzz -c Release --nologo -v quiet -clp:ErrorsOnly
built="tests/fuzz/MicroWasm.Fuzz/bin/Release/net10.0"
plain="$work/plain" instrumented="$work/instrumented"
rm -rf "$plain" "$instrumented"
cp -r "$built" "$plain"
cp -r "$built" "$instrumented"
# The engine and the C API's managed layer get AFL++ edge coverage; the harness, SharpFuzz and the compiler do not.
for assembly in MicroWasm.Engine.dll MicroWasm.Native.dll; do
  "$sharpfuzz" "$instrumented/$assembly" >/dev/null
done

echo "== seeds from $suite (at most $seeds per corpus)"
aot_seeds=0
[[ " ${targets[*]} " == *" aot "* ]] && aot_seeds=6
dotnet "$plain/MicroWasm.Fuzz.dll" seeds --suite "$suite" --out "$work/seeds" --max "$seeds" --aot "$aot_seeds"

# How afl-fuzz runs a .NET target: the dotnet host is not instrumented (SKIP_BIN_CHECK), SharpFuzz's fork server
# starts slowly, and nothing here may pin CPUs on a shared machine. The seeds were replayed beforehand (below), so
# AFL++ calibrates them briefly and skips any that crash or time out instead of stopping. The child's stderr goes to
# afl.log (AFL_DEBUG_CHILD), where the .NET runtime's last words ("Stack overflow.", a fatal error) can be read; the
# harness writes nothing else there. Exceptions that escape a target are also logged to exceptions.log.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FAST_CAL=1 AFL_SKIP_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_IGNORE_UNKNOWN_ENVS=1 AFL_NO_CRASH_README=1 \
  AFL_DEBUG_CHILD=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

total_execs=0 total_crashes=0 total_hangs=0
afl_stat() { grep -E "^$1 *:" "$2" 2>/dev/null | head -1 | sed 's/.*: *//' || true; }
count_files() { [ -d "$1" ] && find "$1" -maxdepth 1 -type f ! -name 'README*' | wc -l || echo 0; }

for t in "${targets[@]}"; do
  kind="$(dotnet "$plain/MicroWasm.Fuzz.dll" targets | awk -v t="$t" '$1 == t { print $2 }')"
  out="$work/findings/$t"
  echo "== $t: replay of the seeds"
  seed_crashes=0 seed_hangs=0
  set +e
  dotnet "$plain/MicroWasm.Fuzz.dll" run --timeout "$timeout_ms" "$t" "$work/seeds/$kind" > "$work/seeds-$t.log"
  rc=$?
  set -e
  tail -n 1 "$work/seeds-$t.log"
  if [ "$rc" -ne 0 ]; then
    grep -E '^(crash|hang):' "$work/seeds-$t.log" | head -n 5 || true
    seed_crashes=$(grep -c '^crash:' "$work/seeds-$t.log" || true)
    seed_hangs=$(grep -c '^hang:' "$work/seeds-$t.log" || true)
  fi

  input="$work/seeds/$kind"
  if [ "$keep" -eq 1 ] && [ -d "$out/default/queue" ]; then
    input="-"   # afl-fuzz resumes from the previous run's state in $out
  else
    rm -rf "$out"
  fi
  mkdir -p "$out"
  # Tokens of the text format or of the binary encoding, from the engine's instruction table.
  dictionary=()
  dotnet "$plain/MicroWasm.Fuzz.dll" dictionary "$t" > "$work/dictionary-$t.txt"
  [ -s "$work/dictionary-$t.txt" ] && dictionary=(-x "$work/dictionary-$t.txt")
  echo "== $t: afl-fuzz for $share s"
  start=$(date +%s)
  set +e
  # A fixed time limit: with AFL++'s "+" it would derive one from the seeds' speed (20 ms here), kill the .NET child at
  # every JIT or GC pause and restart it, which cost 97% of the executions and could report a late status as a crash.
  MICROWASM_FUZZ_EXCEPTIONS="$out/exceptions.log" \
    afl-fuzz -i "$input" -o "$out" "${dictionary[@]}" -t "$timeout_ms" -m none -V "$share" -- \
    dotnet "$instrumented/MicroWasm.Fuzz.dll" fuzz "$t" > "$out/afl.log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "error: afl-fuzz did not run for $t (exit $rc); the end of $out/afl.log:" >&2
    tail -n 20 "$out/afl.log" >&2
    exit 1
  fi
  execs="$(afl_stat execs_done "$stats")"
  crashes="$(count_files "$out/default/crashes")"
  hangs="$(count_files "$out/default/hangs")"
  crashes=$(( crashes + seed_crashes )) hangs=$(( hangs + seed_hangs ))
  echo "fuzz: $t: ${execs:-0} execs, $crashes crashes, $hangs hangs in ${elapsed} s ($(afl_stat corpus_count "$stats") inputs in the queue, $(afl_stat bitmap_cvg "$stats") of the map covered)"
  if [ -d "$out/default/crashes" ] && [ "$(count_files "$out/default/crashes")" -gt 0 ]; then
    echo "   the crashes, replayed (build/fuzz/plain/MicroWasm.Fuzz.dll run $t FILE):"
    dotnet "$plain/MicroWasm.Fuzz.dll" run --timeout "$timeout_ms" "$t" "$out/default/crashes" 2>&1 | grep -E '^(crash|hang|replay):|^ +at |Stack overflow' | head -n 40 || true
    [ -s "$out/exceptions.log" ] && { echo "   exceptions logged while fuzzing ($out/exceptions.log):"; head -n 20 "$out/exceptions.log"; }
  fi
  if [ -d "$out/default/hangs" ] && [ "$(count_files "$out/default/hangs")" -gt 0 ]; then
    echo "   hangs are in $out/default/hangs"
  fi
  total_execs=$(( total_execs + ${execs:-0} ))
  total_crashes=$(( total_crashes + crashes ))
  total_hangs=$(( total_hangs + hangs ))
done

echo "fuzz: $total_execs execs, $total_crashes crashes, $total_hangs hangs"
[ "$total_crashes" -eq 0 ] && [ "$total_hangs" -eq 0 ]
