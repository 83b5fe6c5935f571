# Shared by the scripts in scripts/: checks and installs what a fresh machine needs.

# The official spec scripts live in shared/testsuite beside the repository (or where
# MICROWASM_SPEC_TESTSUITE says, for checkouts elsewhere).
spec_suite_dir() {
  local d="${MICROWASM_SPEC_TESTSUITE:-}"
  [ -n "$d" ] || d="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/testsuite"
  if [ ! -d "$d" ]; then
    echo "error: spec test suite not found at $d (expected ../shared/testsuite beside the repository)" >&2
    return 1
  fi
  echo "$d"
}

ensure_prerequisites() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is required" >&2
    exit 1
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# The AOT compiler (`microwasm compile`, `wast --aot`) runs the system's C compiler: gcc by default, and clang-14 with
# lld-14 (which links for any target without a sysroot) where the tests ask for it or no gcc targets the machine.
ensure_aot_toolchain() {
  local need=()
  command -v gcc >/dev/null || need+=(gcc)
  command -v clang-14 >/dev/null || need+=(clang-14)
  command -v ld.lld-14 >/dev/null || need+=(lld-14)
  if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]} (the AOT compiler's C toolchain)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}
