#!/usr/bin/env bash
# Benchmarks pinseal against @noble/ciphers (and node:crypto in Node) in headless Chromium and
# Node in one run: peers interleaved round by round, medians with spread, every goal of the speed
# issue with its ratio and PASS/MISS, cold start and size. Prints the table and writes
# bench/RESULTS.md and bench/results.json (a --quick run writes bench/.build/RESULTS.quick.md and
# results.quick.json instead). About 4 minutes (--quick: under 1).
# Usage: scripts/bench.sh [--quick] [--rounds N] [--pkg DIR] [--note TEXT]
#   Builds pkg/ first; --pkg DIR measures another build instead (it is copied before measuring).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/build.sh
node bench/run.mjs "$@"
