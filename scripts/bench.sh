#!/usr/bin/env bash
# Benchmarks pinseal against crypto-js, @noble/ciphers and node:crypto in Node and headless
# Chromium, and measures cold start and size. Prints the table; writes bench/RESULTS.md and
# bench/results.json. Usage: scripts/bench.sh [--quick] [--rounds N]   (about 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/build.sh
node bench/run.mjs "$@"
