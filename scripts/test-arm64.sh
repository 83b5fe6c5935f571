#!/usr/bin/env bash
# The Linux ARM64 port checked end to end. On an x86-64 machine everything is cross-built and every aarch64 executable
# runs under qemu-aarch64 (on an ARM64 machine, natively):
#   publish    scripts/publish-cli.sh --rid linux-arm64 (NativeAOT cross compilation)
#   spec       the WebAssembly 2.0 spec scripts (../shared/testsuite/wasm-2.0) through that microwasm, one shard per core
#   wasi       WASI programs (tests/fixtures/wasi) with --dir, --env, arguments, stdin and exit codes
#   bench      the bench kernels (tests/bench) at a small N: checksums equal to the native executables' (built by gcc
#              for this machine); the SIMD dot-product kernel equal to its scalar build
#   aot        AOT on AArch64: that microwasm compiles every module of the 2.0 scripts for aarch64 (clang-14 runs as a
#              host program) and runs them as native code (wast --aot); WASI programs compiled to artifacts give the
#              interpreter's output and exit codes
#   c-library  scripts/build-c.sh linux-arm64: the static library and the C hosts, CTest under qemu
#   consumer   an application's own CMake project that adds the source tree with add_subdirectory (tests/c/consumer)
# Prints one line per check and `arm64: N checked, N failed`; exits non-zero when a check failed.
#   usage: scripts/test-arm64.sh [--only CHECK,...] [--bench-scale X]
#          (--only: run just these checks, e.g. spec,wasi (they need a published microwasm); X: fraction of
#          kernels.conf's N, default 0.01)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
source scripts/lib/nativeaot-target.sh
ensure_prerequisites

rid=linux-arm64
bench_scale=0.01
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bench-scale) bench_scale="${2:?--bench-scale needs a number}"; shift 2 ;;
    --only) only=",${2:?--only needs a list of checks},"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "test-arm64.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
jobs="$(nproc)"
suite="$(spec_suite_dir)" || exit 1
nativeaot_ensure_toolchain "$rid" || exit 1
mapfile -t runner < <(nativeaot_runner "$rid")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
exe="$here/artifacts/microwasm/$rid/microwasm"
microwasm() { "${runner[@]}" "$exe" "$@"; }

results=() checked=0 failed=0 start_all=$SECONDS
# check NAME FUNCTION: runs FUNCTION, whose last line of output is the result's summary; records pass or fail.
check() {
  local name="$1" fn="$2" start=$SECONDS status=0 line
  [ -z "$only" ] || [[ "$only" == *",$name,"* ]] || return 0
  echo "== $name" >&2
  "$fn" >"$work/$name.out" 2>&1 || status=$?
  line="$(tail -n 1 "$work/$name.out")"
  checked=$((checked + 1))
  if [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
    tail -n 40 "$work/$name.out" >&2
    results+=("$(printf '%-10s FAILED  %4d s  %s' "$name" $((SECONDS - start)) "$line")")
  else
    results+=("$(printf '%-10s ok      %4d s  %s' "$name" $((SECONDS - start)) "$line")")
  fi
  echo "${results[-1]}" >&2
  return "$status"
}

publish() {
  bash scripts/publish-cli.sh --rid "$rid" >/dev/null || return 1
  # e_machine of the ELF header: 183 is AArch64.
  local machine
  machine="$(od -An -tu2 -j18 -N2 "$exe" | tr -d ' ')"
  echo "$(stat -c %s "$exe") bytes, ELF machine $machine$([ "$machine" = 183 ] && echo " (AArch64)")"
  [ "$machine" = 183 ]
}

# The scripts in $jobs shards (largest first, dealt round-robin), each run by one microwasm; the counts are summed.
spec() {
  local i=0 f passed=0 fail=0 skipped=0 status=0 p x s
  mapfile -t files < <(ls -S "$suite"/wasm-2.0/*.wast)
  [ ${#files[@]} -gt 0 ] || { echo "no scripts in $suite/wasm-2.0"; return 1; }
  for f in "${files[@]}"; do echo "$f" >>"$work/shard.$((i++ % jobs))"; done
  for ((i = 0; i < jobs && i < ${#files[@]}; i++)); do
    (mapfile -t shard <"$work/shard.$i"; microwasm wast --features 2.0 "${shard[@]}" >"$work/spec.$i.log" 2>&1) &
  done
  wait || true
  for ((i = 0; i < jobs && i < ${#files[@]}; i++)); do
    read -r p x s < <(sed -n 's/^wast: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$work/spec.$i.log")
    if [ -z "${p:-}" ]; then
      echo "shard $i ended without a summary:"; tail -n 20 "$work/spec.$i.log"; status=1; continue
    fi
    grep -v -e '^wast: ' -e '^[0-9]* scripts in ' "$work/spec.$i.log" | head -n 50
    passed=$((passed + p)) fail=$((fail + x)) skipped=$((skipped + s))
  done
  echo "wasm-2.0, ${#files[@]} scripts: $passed passed, $fail failed, $skipped skipped"
  [ "$status" -eq 0 ] && [ "$fail" -eq 0 ] && [ "$skipped" -eq 0 ] && [ "$passed" -gt 0 ]
}

# The 2.0 suite through AOT artifacts made for aarch64, and WASI programs as artifacts (the same output as interpreted).
aot() (
  local fx="$here/tests/fixtures/wasi" d="$work/aot" summary status=0
  ensure_aot_toolchain >/dev/null
  mkdir -p "$d/in" "$d/out" && printf 'twelve bytes' >"$d/in/a.txt"
  cd "$d" || return 1
  for p in hello args_env copy; do microwasm compile "$fx/$p.wasm" -o "$p.aot" >/dev/null 2>&1 || { echo "compile $p failed"; status=1; }; done
  # argv[0] is the file's name, which differs (args_env.aot, args_env.wasm): compare the rest.
  [ "$(microwasm run --env GREETING=hi --env EMPTY= args_env.aot one "two three" | grep -v '^argv\[0\]')" == \
    "$(microwasm run --env GREETING=hi --env EMPTY= "$fx/args_env.wasm" one "two three" | grep -v '^argv\[0\]')" ] || { echo "args_env differs"; status=1; }
  [ "$(microwasm run hello.aot)" == "Hello, WASI!" ] || { echo "hello differs"; status=1; }
  [ "$(microwasm run --dir in::/src --dir out::/dst copy.aot /src/a.txt /dst/a.txt)" == "copied 12 bytes" ] || { echo "copy differs"; status=1; }
  [ "$(cat out/a.txt 2>&1)" == "twelve bytes" ] || { echo "copy wrote the wrong bytes"; status=1; }
  microwasm wast --features 2.0 --aot --aot-cache "$here/build/aot-cache-$rid" "$suite"/wasm-2.0/*.wast >"$d/wast.log" 2>&1 || status=1
  grep -v -e '^wast: ' -e '^aot: ' -e ' scripts in ' "$d/wast.log" | head -n 50
  summary="$(grep '^wast: ' "$d/wast.log")"
  # The threads proposal's atomics as AArch64 code (exclusive-access loops) under qemu.
  microwasm wast --features threads --aot --aot-cache "$here/build/aot-cache-$rid" "$suite"/proposals/threads/*.wast >"$d/threads.log" 2>&1 || status=1
  grep -v -e '^wast: ' -e '^aot: ' -e ' scripts in ' "$d/threads.log" | head -n 50
  # Relaxed SIMD: our exact choices (tests/fixtures/relaxed-simd) must hold in AArch64 code as on x86-64.
  microwasm wast --aot --aot-cache "$here/build/aot-cache-$rid" "$suite"/wasm-3.0/*relaxed*.wast "$here/tests/fixtures/relaxed-simd/choices.wast" >"$d/relaxed.log" 2>&1 || status=1
  grep -v -e '^wast: ' -e '^aot: ' -e ' scripts in ' "$d/relaxed.log" | head -n 50
  echo "wasm-2.0 through aarch64 artifacts: ${summary#wast: }; threads: $(grep '^wast: ' "$d/threads.log" | sed 's/^wast: //'); relaxed SIMD: $(grep '^wast: ' "$d/relaxed.log" | sed 's/^wast: //'); WASI artifacts $([ $status -eq 0 ] && echo "as interpreted" || echo "FAILED")"
  return $status
)

# expect NAME EXPECTED ACTUAL
expect() {
  if [ "$2" == "$3" ]; then wasi_ok=$((wasi_ok + 1)); else
    echo "$1: expected [$2], got [$3]"; wasi_bad=$((wasi_bad + 1))
  fi
}
wasi() ( # a subshell: it works in its own directory
  local fx="$here/tests/fixtures/wasi" d="$work/wasi" out code
  wasi_ok=0 wasi_bad=0
  mkdir -p "$d/in" "$d/out" "$d/data" && printf 'twelve bytes' >"$d/in/a.txt"
  cd "$d" || return 1
  expect hello "Hello, WASI!" "$(microwasm run "$fx/hello.wasm")"
  expect args_env "$(printf 'argc=3\nargv[0]=args_env.wasm\nargv[1]=one\nargv[2]=two three\nenv GREETING=hello\nenv EMPTY=')" \
    "$(microwasm run --env GREETING=hello --env EMPTY= "$fx/args_env.wasm" one "two three")"
  expect copy "copied 12 bytes" "$(microwasm run --dir in::/src --dir out::/dst "$fx/copy.wasm" /src/a.txt /dst/a.txt)"
  expect copy-content "twelve bytes" "$(cat out/a.txt 2>&1)"
  expect file_io ok "$(microwasm run --dir data "$fx/file_io.wasm" | tail -n 1)"
  expect dirs ok "$(microwasm run --dir data "$fx/dirs.wasm" | tail -n 1)"
  expect poll ok "$(microwasm run --dir data "$fx/poll.wasm" | tail -n 1)"
  expect clocks ok "$(microwasm run "$fx/clocks.wasm" | tail -n 1)"
  expect random ok "$(microwasm run "$fx/random.wasm" | tail -n 1)"
  expect stdio "HELLO, QEMU" "$(echo "hello, qemu" | microwasm run "$fx/stdio.wasm" 2>/dev/null)"
  code=0; microwasm run "$fx/exit_code.wasm" 7 2>/dev/null || code=$?
  expect exit_code 7 "$code"
  expect invoke 6765 "$(microwasm run --invoke fib "$here/examples/fib.wat" 20)"
  code=0; out="$(microwasm run --invoke fib --stack-size 4096 "$here/examples/fib.wat" 100000 2>&1)" || code=$?
  expect trap-status 134 "$code"
  expect trap-message "Error: trap: call stack exhausted" "$(head -n 1 <<<"$out")"
  echo "$wasi_ok of $((wasi_ok + wasi_bad)) WASI and run checks as expected"
  [ "$wasi_bad" -eq 0 ]
)

# Each kernel's checksum from the arm64 microwasm (i32 results print signed, the native harness unsigned).
bench() {
  local b="$here/tests/bench/build" name n ignored i=0 ok=0 bad=0 a m
  bash tests/bench/build.sh >/dev/null || return 1
  gcc -O2 -o "$work/dot.native" tests/bench/simd/dot.c tests/bench/native/main.c -lm || return 1
  local wasm_cc=(clang-14 --target=wasm32 -O2 -nostdlib -fuse-ld=lld -Wl,--no-entry)
  "${wasm_cc[@]}" -msimd128 -o "$work/dot_simd.wasm" tests/bench/simd/dot.c || return 1
  "${wasm_cc[@]}" -o "$work/dot_scalar.wasm" tests/bench/simd/dot.c || return 1
  : >"$work/kernels"
  while read -r name n ignored; do
    case "$name" in '' | '#'*) continue ;; esac
    echo "$name $b/$name.native $b/$name.wasm $(awk "BEGIN { n = int($n * $bench_scale); print n < 1 ? 1 : n }")" >>"$work/kernels"
  done <tests/bench/kernels.conf
  echo "dot_simd $work/dot.native $work/dot_simd.wasm 200" >>"$work/kernels"
  echo "dot_scalar $work/dot.native $work/dot_scalar.wasm 200" >>"$work/kernels"
  while read -r name native wasm n; do
    ((i++ % jobs == 0)) && wait
    (
      a="$("$native" "$n")"
      m="$(microwasm run --invoke run "$wasm" "$n" 2>&1)"
      [[ "$m" =~ ^-?[0-9]+$ ]] && m=$((m & 0xFFFFFFFF))
      echo "$name $n $a $m" >"$work/bench.$name"
    ) &
  done <"$work/kernels"
  wait
  while read -r name native wasm n; do
    read -r name n a m <"$work/bench.$name"
    if [ -n "${m:-}" ] && [ "$a" == "$m" ]; then ok=$((ok + 1)); else
      bad=$((bad + 1)); echo "$name($n): native $a, arm64 microwasm ${m:-(nothing)}"
    fi
  done <"$work/kernels"
  echo "$ok of $((ok + bad)) kernels give the native checksum (N = kernels.conf x $bench_scale)"
  [ "$bad" -eq 0 ]
}

c_library() {
  local status=0 excluded=""
  CTEST_PARALLEL_LEVEL="$jobs" bash scripts/build-c.sh "$rid" >"$work/c-library.log" 2>&1 || status=$?
  cat "$work/c-library.log"
  grep -q "memcheck.*not registered" "$work/c-library.log" && excluded="; valgrind memcheck not registered (cross build)"
  echo "CTest: $(grep -h -o '[0-9]*% tests passed, [0-9]* tests failed out of [0-9]*' "$work/c-library.log" || echo "did not run")$excluded"
  return "$status"
}

consumer() {
  local build="build/consumer-$rid"
  cmake -S tests/c/consumer -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$here/ports/$rid/toolchain.cmake" \
    -DMICROWASM_SOURCE_DIR="$here" >/dev/null || return 1
  cmake --build "$build" || return 1
  ctest --test-dir "$build" --output-on-failure | tail -n 5
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  "${runner[@]}" "$build/consumer"
}

[ -z "$only" ] || [[ "$only" == *",publish,"* ]] || [ -x "$exe" ] || { echo "test-arm64.sh: no $exe: run the publish check" >&2; exit 1; }
[ -n "$only" ] && [[ "$only" != *",publish,"* ]] || rm -f "$exe"
if check publish publish; then
  check spec spec
  check wasi wasi
  check bench bench
  check aot aot
fi
check c-library c_library
check consumer consumer

echo
echo "Linux ARM64 port ($rid${runner[0]:+, under ${runner[0]}}):"
printf '  %s\n' "${results[@]}"
echo "arm64: $checked checked, $failed failed ($((SECONDS - start_all)) s)"
[ "$failed" -eq 0 ]
