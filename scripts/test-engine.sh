#!/usr/bin/env bash
# Tests the AES engine crate (vpaes/, package pinseal-vpaes) natively and inside WebAssembly:
#   1. native: unit, integration, property and doc tests (portable backend);
#   2. wasm lints: clippy for wasm32 (simd128 backend);
#   3. wasm in each engine: the same unit and integration tests under wasm-bindgen-test-runner,
#      built once and run in Node, headless Chromium, headless Firefox and WebKit (MiniBrowser on
#      Xvfb, through tests/engines.mjs), by `scripts/test-wasm.sh --suite vpaes` (which checks each engine is the one asked
#      for and names it in every failure).
# Every step either runs or fails loudly; a missing engine or driver is a failure, not a skip.
# Usage: scripts/test-engine.sh [--wasm-only] [ENGINE...]   (scripts/setup.sh --browser installs
#   what it needs)
#   --wasm-only  skip steps 1-2 for a caller that already ran `cargo test --workspace` and the
#                wasm32 clippy of pinseal-vpaes (scripts/test.sh); the skip is announced.
#   ENGINE       node, chromium, firefox, webkit (default: all four).
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_only=0
engines=()
for a in "$@"; do
  case "$a" in
    --wasm-only) wasm_only=1 ;;
    node | chromium | firefox | webkit) engines+=("$a") ;;
    *) echo "usage: scripts/test-engine.sh [--wasm-only] [node] [chromium] [firefox] [webkit]" >&2; exit 2 ;;
  esac
done
[ ${#engines[@]} -gt 0 ] || engines=(node chromium firefox webkit)

WASM_BINDGEN_VERSION=0.2.130
TARGET=wasm32-unknown-unknown

step() { printf '\n=== engine: %s\n' "$*"; }
fail() { printf 'engine: FAILED: %s\n' "$*" >&2; exit 1; }
timed() {
  local start=$SECONDS
  "$@"
  printf 'engine: (%ss)\n' "$((SECONDS - start))"
}

# The wasm steps need the wasm target and the test runner matching the locked wasm-bindgen. The
# engine enables simd128 per function (no flag needed); RUSTFLAGS from the environment would
# replace .cargo/config.toml's target settings, so it is reported.
rustup target list --installed | grep -qx "$TARGET" \
  || fail "rust target $TARGET missing (run scripts/setup.sh)"
runner_version=$(wasm-bindgen-test-runner --version 2>/dev/null || true)
[ "$runner_version" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ] \
  || fail "need wasm-bindgen-test-runner $WASM_BINDGEN_VERSION, found '${runner_version:-none}' (run scripts/setup.sh)"
if [ -n "${RUSTFLAGS:-}${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
  echo "engine: note: RUSTFLAGS is set and replaces the target settings of .cargo/config.toml"
fi

if [ "$wasm_only" = 1 ]; then
  step "native tests and wasm32 clippy: SKIPPED on request (--wasm-only; the caller runs them)"
else
  step "native tests (portable backend)"
  timed cargo test -p pinseal-vpaes

  step "clippy for $TARGET (simd128 backend)"
  timed cargo clippy -p pinseal-vpaes --all-targets --target "$TARGET" -- -D warnings
fi

# The same test files in wasm, one build, each engine in turn. tests/properties.rs (proptest) is
# native-only and reports "no tests to run!" there; the doc test ran natively in step 1.
step "wasm tests in ${engines[*]}"
timed scripts/test-wasm.sh --suite vpaes "${engines[@]}"

echo
echo "engine: all engine tests passed"
