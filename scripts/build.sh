#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm -> wasm-bindgen (web target) -> wasm-opt.
# Usage: scripts/build.sh   (run scripts/setup.sh first on a fresh machine)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown -p pinseal
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name pinseal \
  target/wasm32-unknown-unknown/release/pinseal.wasm
node scripts/patch-glue.mjs pkg/pinseal.js
# wasm-opt from the npm binaryen package (Debian's v108 emits modules that fail to instantiate).
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  pkg/pinseal_bg.wasm -o pkg/pinseal_bg.wasm
# Turn the wasm-bindgen output into the npm package (package.json, Node/CommonJS entries).
if [ -f scripts/package.mjs ]; then node scripts/package.mjs; fi
raw=$(wc -c < pkg/pinseal_bg.wasm)
gz=$(gzip -9 -c pkg/pinseal_bg.wasm | wc -c)
echo "[build] pkg/pinseal_bg.wasm: $raw bytes, $gz bytes gzip -9"
