#!/usr/bin/env bash
# Tests the AES engine crate (vpaes/, package pinseal-vpaes) natively and inside WebAssembly:
#   1. native: unit, integration, property and doc tests (portable backend);
#   2. wasm lints: clippy for wasm32 (simd128 backend);
#   3. wasm in Node: the same unit and integration tests under wasm-bindgen-test-runner;
#   4. wasm in headless Chromium: the same again, when chromedriver is installed.
# Every step either runs or says loudly why not; any failure exits non-zero.
# Usage: scripts/test-engine.sh [--wasm-only]   (scripts/setup.sh --browser installs what it needs)
#   --wasm-only  skip steps 1-2 for a caller that already ran `cargo test --workspace` and the
#                wasm32 clippy of pinseal-vpaes (scripts/test.sh); the skip is announced.
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_only=0
for a in "$@"; do
  case "$a" in
    --wasm-only) wasm_only=1 ;;
    *) echo "usage: scripts/test-engine.sh [--wasm-only]" >&2; exit 2 ;;
  esac
done

WASM_BINDGEN_VERSION=0.2.130
TARGET=wasm32-unknown-unknown

step() { printf '\n=== engine: %s\n' "$*"; }
fail() { printf 'engine: FAILED: %s\n' "$*" >&2; exit 1; }
timed() {
  local start=$SECONDS
  "$@"
  printf 'engine: (%ss)\n' "$((SECONDS - start))"
}

# The wasm steps need the wasm target, the test runner matching the locked wasm-bindgen, and
# the simd128 flag from .cargo/config.toml (RUSTFLAGS from the environment would replace it, and
# tests/api.rs would then fail on purpose).
rustup target list --installed | grep -qx "$TARGET" \
  || fail "rust target $TARGET missing (run scripts/setup.sh)"
runner_version=$(wasm-bindgen-test-runner --version 2>/dev/null || true)
[ "$runner_version" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ] \
  || fail "need wasm-bindgen-test-runner $WASM_BINDGEN_VERSION, found '${runner_version:-none}' (run scripts/setup.sh)"
if [ -n "${RUSTFLAGS:-}${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
  echo "engine: note: RUSTFLAGS is set and overrides +simd128 from .cargo/config.toml"
fi

if [ "$wasm_only" = 1 ]; then
  step "native tests and wasm32 clippy: SKIPPED on request (--wasm-only; the caller runs them)"
else
  step "native tests (portable backend)"
  timed cargo test -p pinseal-vpaes

  step "clippy for $TARGET (simd128 backend)"
  timed cargo clippy -p pinseal-vpaes --all-targets --target "$TARGET" -- -D warnings
fi

# The same test files in wasm. tests/properties.rs (proptest) is native-only and reports
# "no tests to run!" here; the doc test ran natively in step 1.
wasm_test() {
  env -u GECKODRIVER -u SAFARIDRIVER -u MSEDGEDRIVER \
    -u GECKODRIVER_REMOTE -u SAFARIDRIVER_REMOTE -u CHROMEDRIVER_REMOTE -u MSEDGEDRIVER_REMOTE \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=300 \
    "$@" cargo test -p pinseal-vpaes --target "$TARGET" --lib --tests
}

step "wasm tests in Node $(node --version)"
timed wasm_test

step "wasm tests in headless Chromium"
chromedriver=${CHROMEDRIVER:-$(command -v chromedriver || true)}
if [ -n "$chromedriver" ] && [ -x "$chromedriver" ]; then
  timed wasm_test WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$chromedriver" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/vpaes/webdriver.json"
else
  echo "engine: SKIPPED headless Chromium: no chromedriver (install with scripts/setup.sh --browser)"
fi

echo
echo "engine: all engine tests passed"
