#!/usr/bin/env bash
# Rebuilds the bindings' test module: example.wat becomes example.wasm, with the engine's own text parser (the
# header generator's wat2wasm). The .wasm is committed, so the bindings' tests need neither .NET nor a WAT tool.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
dotnet run --project "$root/managed/MicroWasm.HeaderGen" -c Release -- wat2wasm "$here/example.wat" "$here/example.wasm"
echo "wrote $here/example.wasm"
