#!/usr/bin/env bash
# Fuzzes pinseal with cargo-fuzz (libFuzzer, nightly): opening tokens, validating both input
# families from arbitrary JSON, parsing partner responses. Time-boxed: FUZZ_SECONDS per target
# (default 60). Seeds come from tests/vectors and the SPEC samples (fuzz/seeds.mjs). A crash is
# saved under fuzz/artifacts/<target>/ and must become a regression test in tests/.
# Usage: scripts/fuzz.sh [target ...]     e.g. FUZZ_SECONDS=300 scripts/fuzz.sh open_token
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(open_token validate_inputs parse_responses)

rustup toolchain list | grep -q '^nightly' || { echo "[fuzz] needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
node fuzz/seeds.mjs

status=0
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  echo "[fuzz] $t for ${seconds}s"
  if cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$seconds" -max_len=8192 >"$log" 2>&1; then
    runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    echo "[fuzz] $t: ${runs:-finished}; no crash"
  else
    status=1
    echo "[fuzz] $t: CRASH — see $log and fuzz/artifacts/$t/" >&2
    tail -30 "$log" >&2
  fi
done
exit $status
