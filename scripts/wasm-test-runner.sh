#!/usr/bin/env bash
# The cargo runner of every wasm32 test build (.cargo/config.toml): marks the test module with
# scripts/simd-pattern.mjs (every function that can reach SIMD code by calls gets a v128 local,
# so that JavaScriptCore compiles it as a SIMD function: docs/webkit-simd.md), checks that the
# marked module has neither a call edge from a non-SIMD to a SIMD function nor a v128 value
# carried across a loop's back edge (naming each if it has), and then runs it:
#   - with PINSEAL_WASM_ENGINE=chromium|firefox|webkit, in that browser through
#     scripts/wasm-browser-test.mjs, which marks and checks again the module the browser gets
#     (wasm-bindgen, run by the runner, adds functions of its own);
#   - otherwise with wasm-bindgen-test-runner itself (Node by default).
# WASM_BINDGEN_TEST_RUNNER overrides which wasm-bindgen-test-runner.
#   cargo runner protocol: scripts/wasm-test-runner.sh TEST.wasm [ARGS...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 TEST.wasm [ARGS...]" >&2; exit 2; }
module=$1
shift
runner=${WASM_BINDGEN_TEST_RUNNER:-$(command -v wasm-bindgen-test-runner || true)}
[ -n "$runner" ] || { echo "wasm-test-runner: wasm-bindgen-test-runner not found (cargo install wasm-bindgen-cli)" >&2; exit 1; }
# Next to the original, same name (the runner names the test binary after the file).
dir="$(dirname "$module")/simd-marked"
mkdir -p "$dir"
marked="$dir/$(basename "$module")"
node "$here/simd-pattern.mjs" --mark "$module" "$marked" >&2
node "$here/simd-pattern.mjs" "$marked" >&2 \
  || { echo "wasm-test-runner: $marked still has the SIMD pattern above" >&2; exit 1; }
export WASM_BINDGEN_TEST_RUNNER="$runner"
if [ -n "${PINSEAL_WASM_ENGINE:-}" ]; then
  exec node "$here/wasm-browser-test.mjs" --engine "$PINSEAL_WASM_ENGINE" "$marked" "$@"
fi
exec "$runner" "$marked" "$@"
