#!/usr/bin/env bash
# Measures the engine inside WebAssembly in Node: builds examples/wasm_bench.rs (release,
# wasm32; the engine enables simd128 per function) and times its exports with benches/wasm_bench.mjs, next to the `aes`
# crate's portable backend in the same module. Prints code sizes when `twiggy` is installed.
# Usage: vpaes/benches/run-wasm-bench.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --release -p pinseal-vpaes --example wasm_bench --target wasm32-unknown-unknown
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
wasm="$target_dir/wasm32-unknown-unknown/release/examples/wasm_bench.wasm"
node vpaes/benches/wasm_bench.mjs "$wasm" "${1:-15}"

if command -v twiggy >/dev/null; then
  echo
  echo "code size (bytes of wasm; each export includes the engine code inlined into it):"
  twiggy top -n 100 "$wasm" | grep -E "(vpaes|aes)_(cbc|block|key)|EncKeys::new|DecKeys::new|Aes192 as .*KeyInit|fixslice" || true
else
  echo "(install twiggy for per-function code sizes)"
fi
