#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm -> wasm-bindgen (web target) -> wasm-opt, then
# the hand-written entry npm/pinseal.js bundled with the generated glue by esbuild.
# Usage: scripts/build.sh   (run scripts/setup.sh first on a fresh machine)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=wasm-release
# simd128 as in .cargo/config.toml (this variable replaces that setting), plus: no build-machine
# paths in the shipped module's panic locations (shorter, and reproducible across machines).
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$registry= --remap-path-prefix=$PWD=pinseal"
# The crate is an rlib (Cargo.toml): the module is its cdylib, made here.
cargo rustc --profile "$profile" --target wasm32-unknown-unknown -p pinseal --lib --features module \
  --crate-type cdylib
target="${CARGO_TARGET_DIR:-target}"
raw="$target/pkg-raw"
rm -rf "$raw" pkg
mkdir -p pkg
wasm-bindgen --target web --no-typescript --out-dir "$raw" --out-name pinseal \
  "$target/wasm32-unknown-unknown/$profile/pinseal.wasm"
# wasm-opt from the npm binaryen package (Debian's v108 emits modules that fail to instantiate).
# Flags chosen by measurement (README, "Size ledger").
node_modules/.bin/wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-reference-types \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --strip-debug --strip-producers \
  "$raw/pinseal_bg.wasm" -o pkg/pinseal_bg.wasm
# JavaScriptCore (WebKit bug 316918, docs/webkit-simd.md): every function that can reach SIMD
# code by calls gets a v128 local, so that it compiles as a SIMD function; then the module must
# have no call edge from a non-SIMD to a SIMD function and no v128 carried across a loop.
node scripts/simd-pattern.mjs --mark pkg/pinseal_bg.wasm pkg/pinseal_bg.wasm
node scripts/simd-pattern.mjs pkg/pinseal_bg.wasm \
  || { echo "[build] pkg/pinseal_bg.wasm has the SIMD pattern above" >&2; exit 1; }
cp npm/pinseal.js "$raw/entry.js"
# read.js imports ./error.js, its sibling in npm/: the bundle takes the glue's copy instead.
sed "s#from './error.js'#from 'pinseal-error-class'#" npm/read.js > "$raw/read.js"
# The entry imports the very error.js module the glue imports (wasm-bindgen copies it into a
# hashed snippets/ folder), so the bundle holds one PinsealError class.
error_js=$(find "$raw/snippets" -path '*/npm/error.js' | head -n 1)
case "$error_js" in /*) ;; *) error_js="./$error_js" ;; esac
[ -n "$error_js" ] || { echo "[build] npm/error.js snippet not found in $raw/snippets" >&2; exit 1; }
node_modules/.bin/esbuild "$raw/entry.js" --bundle --format=esm --platform=neutral --minify --line-limit=120 \
  --sourcemap --sources-content=true \
  --alias:pinseal-error-class="$error_js" --log-level=warning --outfile=pkg/pinseal.js
# --line-limit can cut a string literal with a backslash-newline continuation; a cut inside
# `new URL("pinseal_bg.wasm", import.meta.url)` hides the asset from bundlers that look for that
# pattern (Vite): the line break moves in front of the string (other cut strings are valid
# JavaScript as they are). Lines keep their numbers, so the source map stays right but for the
# columns of that one line.
perl -0pi -e 's/new URL\("([^"\n]*)\\\n([^"\n]*)"/new URL(\n"$1$2"/g' pkg/pinseal.js
grep -Pzq 'new URL\(\n?"pinseal_bg.wasm",import.meta.url\)' pkg/pinseal.js \
  || { echo "[build] pkg/pinseal.js lost new URL(\"pinseal_bg.wasm\", import.meta.url)" >&2; exit 1; }
# Turn it into the npm package (package.json, types, Node/CommonJS entries).
node scripts/package.mjs
wasm=$(wc -c < pkg/pinseal_bg.wasm)
wasm_gz=$(gzip -9 -c pkg/pinseal_bg.wasm | wc -c)
glue_gz=$(gzip -9 -c pkg/pinseal.js | wc -c)
echo "[build] pkg/pinseal_bg.wasm: $wasm bytes, $wasm_gz gzip -9; pkg/pinseal.js: $glue_gz gzip -9; total $((wasm_gz + glue_gz)) bytes gzip -9"
