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
