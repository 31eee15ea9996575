#!/usr/bin/env bash
# Fuzzes pinseal with cargo-fuzz (libFuzzer, nightly, AddressSanitizer): opening tokens,
# validating both input families from arbitrary JSON, parsing partner responses, the
# vector-permute AES engine against RustCrypto, and the sandbox's request bodies.
# Two modes per target:
#   FUZZ_RUNS=N     exactly N executions (libFuzzer -runs=N), e.g. FUZZ_RUNS=10000000
#   FUZZ_SECONDS=S  time-boxed (libFuzzer -max_total_time=S); the default, S=60
# Seeds come from tests/vectors, the SPEC samples and the sandbox tests' bodies (fuzz/seeds.mjs).
# Every target is built before the first one runs, so a long run is not disturbed by edits.
# Each target's log is fuzz/artifacts/<target>.log; a crash is saved under fuzz/artifacts/<target>/
# and must become a regression test in tests/ or sandbox/tests/.
# FUZZ_MAX_LEN=B caps an input's length (default 8192 bytes; libFuzzer -max_len).
# Long runs share the CPU: prefix with `nice -n 19`.
# Usage: [FUZZ_RUNS=N | FUZZ_SECONDS=S] scripts/fuzz.sh [target ...]
#   e.g. FUZZ_RUNS=10000000 nice -n 19 scripts/fuzz.sh open_token vpaes_diff
set -euo pipefail
cd "$(dirname "$0")/.."
max_len="${FUZZ_MAX_LEN:-8192}"
[[ "$max_len" =~ ^[1-9][0-9]*$ ]] || { echo "[fuzz] FUZZ_MAX_LEN must be a positive integer" >&2; exit 2; }
all=(open_token validate_inputs parse_responses vpaes_diff sandbox_bodies)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
if [ -n "${FUZZ_RUNS:-}" ]; then
  [[ "$FUZZ_RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "[fuzz] FUZZ_RUNS must be a positive integer" >&2; exit 2; }
  limit=(-runs="$FUZZ_RUNS")
  mode="$FUZZ_RUNS runs"
else
  seconds="${FUZZ_SECONDS:-60}"
  [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "[fuzz] FUZZ_SECONDS must be a positive integer" >&2; exit 2; }
  limit=(-max_total_time="$seconds")
  mode="${seconds}s"
fi

rustup toolchain list | grep -q '^nightly' || { echo "[fuzz] needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
command -v node >/dev/null || { echo "[fuzz] needs node (writes the seed corpus)" >&2; exit 1; }
node fuzz/seeds.mjs

triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
for t in "${targets[@]}"; do
  echo "[fuzz] building $t"
  cargo +nightly fuzz build "$t"
done

status=0
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
  echo "[fuzz] $t: $mode, log $log"
  start=$(date +%s)
  if "fuzz/target/$triple/release/$t" -artifact_prefix="fuzz/artifacts/$t/" "${limit[@]}" \
    -max_len="$max_len" -print_final_stats=1 "fuzz/corpus/$t" >"$log" 2>&1; then
    wall=$(($(date +%s) - start))
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    echo "[fuzz] $t: ${execs:-?} executions in ${wall}s wall (${rate:-?} exec/s); no crash"
    echo "[fuzz] $t: ${done_line:-no DONE line}"
  else
    status=1
    echo "[fuzz] $t: CRASH — see $log and fuzz/artifacts/$t/" >&2
    tail -30 "$log" >&2
  fi
done
exit $status
