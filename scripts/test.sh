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
cargo clippy --target wasm32-unknown-unknown -p pinseal --lib -- -D warnings

step "Rust tests (native)"
cargo test --workspace

step "build pkg/"
scripts/build.sh

step "JavaScript tests (Node and headless Chromium)"
# js tests
node --test tests/boundary/

step "npm package: six consumer checks from the packed tarball"
# consumer tests
node --test tests/consumers/
cargo publish -p pinseal --dry-run --allow-dirty

step "end-to-end: sandbox and demo page in headless Chromium"
cargo build -p pinseal-sandbox
# e2e tests
node --test tests/e2e/

echo
echo "all test suites passed"
