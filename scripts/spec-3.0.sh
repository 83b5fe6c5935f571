#!/usr/bin/env bash
# Runs every script of the WebAssembly 3.0 spec suite (wasm-3.0, wasm-3.0/legacy, wasm-3.0/custom), each in its own
# `microwasm wast` process, and prints one line per script (PASS when whole: 0 failed, 0 skipped) and a total line:
# scripts whole, commands passed/failed/skipped. Exits 0 unless the CLI is missing, or with --strict unless every script
# is whole (what .ci/run checks).
#   usage: scripts/spec-3.0.sh [--aot] [--failures] [--strict] [PATTERN]
#     --aot        every module through microwasm compile (artifacts cached in build/aot-cache); scripts listed in
#                  tests/spec/aot-3.0-refused.txt use a feature AOT refuses: they must not pass whole (the list stays
#                  true), and --strict asks every other script to be whole
#     --failures   also print each failed or skipped command (the CLI's own lines)
#     --strict     exit 1 unless every script passed whole
#     PATTERN      only scripts whose name contains it (e.g. return_call, memory)
# Uses the Release build of managed/MicroWasm.Cli (dotnet build managed/MicroWasm.Cli -c Release), or $MICROWASM_CLI
# (e.g. the NativeAOT executable from scripts/publish-cli.sh) when set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh

show_failures=false strict=false aot=false pattern=""
for arg in "$@"; do
  case "$arg" in
    --aot) aot=true ;;
    --failures) show_failures=true ;;
    --strict) strict=true ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "spec-3.0.sh: unknown option $arg" >&2; exit 2 ;;
    *) pattern="$arg" ;;
  esac
done

if [ -n "${MICROWASM_CLI:-}" ]; then
  cli=("$MICROWASM_CLI")
else
  dll="managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll"
  [ -f "$dll" ] || { echo "spec-3.0.sh: $dll missing (dotnet build managed/MicroWasm.Cli -c Release)" >&2; exit 2; }
  cli=(dotnet "$dll")
fi

wast_options=()
declare -A refused=()
if $aot; then
  wast_options=(--aot --aot-cache build/aot-cache)
  # "script: feature" lines; # starts a comment.
  while IFS= read -r line; do
    line="${line%%#*}"
    [[ "$line" =~ ^[[:space:]]*([^:[:space:]]+):[[:space:]]*(.+[^[:space:]])[[:space:]]*$ ]] && refused[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]}"
  done < tests/spec/aot-3.0-refused.txt
fi

suite="$(spec_suite_dir)/wasm-3.0"
scripts=()
for f in "$suite"/*.wast "$suite"/legacy/*.wast "$suite"/custom/*.wast; do
  [[ -z "$pattern" || "$(basename "$f")" == *"$pattern"* ]] && scripts+=("$f")
done

whole=0 passed=0 failed=0 skipped=0 refused_count=0 stale=0
for f in "${scripts[@]}"; do
  name="${f#"$suite"/}"
  out="$("${cli[@]}" wast "${wast_options[@]}" "$f" 2>/dev/null)" || true
  # The CLI's last line: "wast: N passed, N failed, N skipped"; a crash leaves none and counts as one failure.
  summary="$(grep -E '^wast: [0-9]+ passed' <<<"$out" | tail -1 || true)"
  if [[ "$summary" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
    p=${BASH_REMATCH[1]} fl=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
  else
    p=0 fl=1 s=0
  fi
  passed=$((passed + p)) failed=$((failed + fl)) skipped=$((skipped + s))
  if [ "$fl" -eq 0 ] && [ "$s" -eq 0 ]; then status=PASS whole=$((whole + 1)); else status=FAIL; fi
  if [ -n "${refused[$name]:-}" ]; then
    # AOT refuses a module of it: its commands after that module fail or are skipped; whole would mean the list is stale.
    if [ "$status" = PASS ]; then status=STALE stale=$((stale + 1)); else status=REFUSED refused_count=$((refused_count + 1)); fi
    printf '%-7s %-40s %6d passed %6d failed %6d skipped  (AOT refuses: %s)\n' "$status" "$name" "$p" "$fl" "$s" "${refused[$name]}"
    continue
  fi
  printf '%-7s %-40s %6d passed %6d failed %6d skipped\n' "$status" "$name" "$p" "$fl" "$s"
  if $show_failures && [ "$status" = FAIL ]; then { grep -v -E '^wast: ' <<<"$out" | sed 's/^/       /' | head -20; } || true; fi
done
if $aot; then
  echo "total through AOT: ${whole}/${#scripts[@]} scripts whole, $refused_count not whole because AOT refuses a feature they use (tests/spec/aot-3.0-refused.txt), $stale listed there but whole; commands: $passed passed, $failed failed, $skipped skipped"
  if $strict && { [ $((whole + refused_count)) -ne "${#scripts[@]}" ] || [ "$stale" -ne 0 ]; }; then exit 1; fi
  exit 0
fi
echo "total: ${whole}/${#scripts[@]} scripts whole; commands: $passed passed, $failed failed, $skipped skipped"
if $strict && [ "$whole" -ne "${#scripts[@]}" ]; then exit 1; fi
