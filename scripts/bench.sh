#!/usr/bin/env bash
# Benchmarks pinseal against @noble/ciphers (and node:crypto in Node) in headless Chromium,
# Firefox and WebKit and in Node, in one run: the same page and cases in every engine, peers
# interleaved round by round within each engine, medians with spread, pinseal ÷ noble per engine,
# every goal of issue 18 with its ratio and PASS/MISS (its targets for Chromium and Node; Firefox
# and WebKit: no row below 1.5x, cold start at most noble's), cold start per engine and size. The browsers are driven
# through tests/engines.mjs (WebDriver). Prints the report and writes bench/RESULTS.md and
# bench/results.json (a --quick run writes bench/.build/RESULTS.quick.md and results.quick.json
# instead; PINSEAL_ENGINES=firefox,webkit narrows the browsers and then writes under bench/.build/
# too). About 10 minutes on 2 cores (--quick: about 3).
# Usage: scripts/bench.sh [--quick] [--rounds N] [--pkg DIR] [--note TEXT]
#   Builds pkg/ first; --pkg DIR measures another build instead (it is copied before measuring).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/build.sh
uptime   # other work on the machine shows in the figures: the report prints the load average too
node bench/run.mjs "$@"
