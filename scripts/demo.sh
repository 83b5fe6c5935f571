#!/usr/bin/env bash
# Builds MicroWasm and runs it on an example: recursive Fibonacci written in WAT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/lib/setup.sh
ensure_prerequisites

dotnet build managed/MicroWasm.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
cli="managed/MicroWasm.Cli/bin/Release/net10.0/microwasm.dll"
echo "\$ microwasm run --invoke fib examples/fib.wat 25"
dotnet "$cli" run --invoke fib examples/fib.wat 25
