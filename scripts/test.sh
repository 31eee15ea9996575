#!/usr/bin/env bash
# Runs every test of pinseal. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "rustfmt and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p pinseal --all-targets --features serde -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p pinseal --lib -- -D warnings
# A wasm32 project's dependency without the JavaScript exports (the `js` feature off).
cargo clippy --target wasm32-unknown-unknown -p pinseal --lib --no-default-features -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p pinseal --lib --features module -- -D warnings
# The boundary's tests inside WebAssembly (tests/wasm_boundary.rs, wasm32 only): lint them too.
cargo clippy --target wasm32-unknown-unknown -p pinseal --test wasm_boundary -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p pinseal-vpaes --all-targets -- -D warnings

step "Rust tests (native): core, AES engine, sandbox"
cargo test --workspace
# The serde feature: the wire types serialize to the hand writers' exact bytes.
cargo test -p pinseal --features serde --test serde_wire

step "AES engine inside WebAssembly: Node, Chromium, Firefox, WebKit"
scripts/test-engine.sh --wasm-only

step "pinseal's boundary inside WebAssembly (wasm-bindgen-test): Node, Chromium, Firefox, WebKit"
scripts/test-wasm.sh

step "build pkg/ (the build marks the module for JavaScriptCore and fails if the SIMD pattern remains)"
scripts/build.sh

step "the SIMD pattern: its check and mark on hand-built modules; none in pkg/ or any wasm test build"
node --test tests/module/

step "fresh-module trials, every output byte against OpenSSL: Chromium, Firefox, WebKit (early optimizing tier too)"
node scripts/engine-trials.mjs --engine chromium --trials 10 --quiet
node scripts/engine-trials.mjs --engine firefox --trials 10 --quiet
node scripts/engine-trials.mjs --engine webkit --trials 10 --quiet
node scripts/engine-trials.mjs --engine webkit --trials 20 --quiet --env JSC_thresholdForOMGOptimizeAfterWarmUp=500

step "JavaScript tests: Node, Chromium, Firefox, WebKit"
node --test tests/boundary/

step "npm package: consumer checks and every README usage snippet, from the packed tarball (pages in all three browsers)"
node --test tests/consumers/
# Both crates together: pinseal depends on the engine crate, not yet on crates.io.
cargo publish -p pinseal-vpaes -p pinseal --dry-run --allow-dirty

step "end-to-end: sandbox and demo page in Chromium, Firefox and WebKit"
cargo build -p pinseal-sandbox
node --test tests/e2e/

echo
echo "all test suites passed"
