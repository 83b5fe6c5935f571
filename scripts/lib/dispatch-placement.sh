# Placement of the interpreter's dispatch block (sourced by scripts/publish-cli.sh and
# scripts/lib/publish-native-library.sh). Every WebAssembly instruction goes through that block of
# Executor.Run; when it straddles a 64-byte line, every kernel runs 25-40% slower (measured,
# managed/MicroWasm/Interpreter/README.md). NativeAOT places methods 32-byte aligned in the order of an
# order file: Executor.Run goes first; a tiny method before it moves it by 32 bytes; a few bytes of never-run
# code inside it (the DISPATCH_PADDING build, -p:DispatchPadding=true) move the block within it.

dispatch_run_method="MicroWasm_Engine_MicroWasm_Interpreter_Executor__Run"
dispatch_pad_method="MicroWasm_Engine_MicroWasm_Binary_ByteReader__get_Length"

# write_dispatch_order FILE pad|nopad [BASE_ORDER_FILE]: the order file for one placement.
write_dispatch_order() {
  local file="$1" variant="$2" base="${3:-}"
  {
    [ "$variant" = pad ] && echo "$dispatch_pad_method"
    echo "$dispatch_run_method"
    [ -n "$base" ] && grep -v -x -e "$dispatch_run_method" -e "$dispatch_pad_method" "$base"
    true
  } >"$file"
}

# place_dispatch PUBLISH CHECK: calls "PUBLISH pad|nopad [shift]" for each placement until "CHECK" (which
# exits 3 when the block straddles a line) accepts one. Returns 1 when none does (the build is kept, slower).
place_dispatch() {
  local publish="$1" check="$2" attempt status
  for attempt in "nopad" "pad" "nopad shift" "pad shift"; do
    $publish $attempt
    status=0; $check || status=$?
    [ "$status" != 3 ] && return 0
  done
  return 1
}
