#!/usr/bin/env bash
# pinseal's JavaScript boundary tested inside WebAssembly: src/wasm/tests.rs (wasm-bindgen-test),
# run once in Node and once in headless Chromium (chromedriver), from one test build.
#
#   scripts/test-wasm.sh            both engines
#   scripts/test-wasm.sh node       Node only
#   scripts/test-wasm.sh chromium   headless Chromium only
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-test-runner of the same version as the
# wasm-bindgen in Cargo.lock, node, and for Chromium `chromium` + `chromedriver` (CHROMEDRIVER
# overrides the driver path). Anything missing is an error, never a skip.
# The build has no `--features module` (that feature makes the shipped module no_std).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test-wasm: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(node chromium)
for e in "${engines[@]}"; do
  case "$e" in node | chromium) ;; *) die "unknown engine '$e' (node or chromium)" ;; esac
done

# --- what the runs need -------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found"
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || die "the wasm32-unknown-unknown target is not installed (rustup target add wasm32-unknown-unknown)"
RUNNER=$(command -v wasm-bindgen-test-runner) \
  || die "wasm-bindgen-test-runner not found (cargo install wasm-bindgen-cli --version <the wasm-bindgen of Cargo.lock>)"
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$("$RUNNER" --version | awk '{ print $2 }')
[ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
[ "$have" = "$want" ] || die "wasm-bindgen-test-runner is $have but Cargo.lock has wasm-bindgen $want"
command -v node >/dev/null || die "node not found"
if [[ " ${engines[*]} " == *" chromium "* ]]; then
  CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver || true)}
  [ -n "$CHROMEDRIVER" ] && [ -x "$CHROMEDRIVER" ] || die "chromedriver not found (apt-get install chromium-driver, or set CHROMEDRIVER)"
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
    || die "no chromium / google-chrome binary found (apt-get install chromium)"
  [ -f webdriver.json ] || die "webdriver.json (the Chromium capabilities) is missing"
fi

logs=target/test-wasm
mkdir -p "$logs"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$RUNNER"
# The whole suite's limit inside the engine (2 shared cores: the runner's default 20 s is tight).
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
cargo_test=(cargo test -p pinseal --lib --target wasm32-unknown-unknown)

# --- build once -----------------------------------------------------------------------------
start=$(now)
echo "test-wasm: building the test module (${cargo_test[*]} --no-run)"
"${cargo_test[@]}" --no-run
echo "test-wasm: built in $(since "$start")"

# --- run ------------------------------------------------------------------------------------
# run ENGINE EXPECTED_ENGINE_PATTERN ENV...: runs the suite, prints the engine and the counts.
run() {
  local engine=$1 pattern=$2; shift 2
  local log="$logs/$engine.log" start rc=0
  start=$(now)
  echo
  echo "test-wasm: $engine: running"
  # Only this run's selection: no other driver or mode variable may leak in (the runner picks
  # GECKODRIVER over CHROMEDRIVER, and a stray WASM_BINDGEN_USE_* switches the mode).
  env -u WASM_BINDGEN_USE_BROWSER -u WASM_BINDGEN_USE_NODE_EXPERIMENTAL -u WASM_BINDGEN_USE_DENO \
    -u WASM_BINDGEN_USE_DEDICATED_WORKER -u WASM_BINDGEN_USE_SHARED_WORKER \
    -u WASM_BINDGEN_USE_SERVICE_WORKER -u WASM_BINDGEN_TEST_ONLY_NODE -u WASM_BINDGEN_TEST_ONLY_WEB \
    -u GECKODRIVER -u SAFARIDRIVER -u MSEDGEDRIVER -u CHROMEDRIVER -u GECKODRIVER_REMOTE \
    -u SAFARIDRIVER_REMOTE -u CHROMEDRIVER_REMOTE -u MSEDGEDRIVER_REMOTE -u NO_HEADLESS \
    "$@" "${cargo_test[@]}" -- --nocapture >"$log" 2>&1 || rc=$?
  local took engine_line result
  took=$(since "$start")
  engine_line=$(grep -m1 '^engine: ' "$log" || true)
  result=$(grep -m1 '^test result: ' "$log" || true)
  if [ "$rc" -ne 0 ] || [[ "$result" != "test result: ok."* ]] || ! grep -Eq "$pattern" <<<"$engine_line"; then
    grep -v '^Invoking test: ' "$log" | tail -n 200 >&2
    echo >&2
    echo "test-wasm: $engine: FAILED (exit $rc, $took; full log: $log)" >&2
    [ -n "$engine_line" ] && echo "test-wasm: $engine: ${engine_line}" >&2
    [ -n "$result" ] && echo "test-wasm: $engine: ${result}" >&2
    [ -z "$engine_line" ] || grep -Eq "$pattern" <<<"$engine_line" \
      || echo "test-wasm: $engine: the engine is not the one asked for (want /$pattern/)" >&2
    return 1
  fi
  local passed
  passed=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$result")
  [ "$passed" -gt 0 ] || { echo "test-wasm: $engine: no test ran" >&2; return 1; }
  grep -E '^(live cipher|freed):' "$log" | sed "s/^/test-wasm: $engine: /" || true
  echo "test-wasm: $engine: ${engine_line}"
  echo "test-wasm: $engine: ${result} (wall $took; log $log)"
}

failed=0
for e in "${engines[@]}"; do
  case "$e" in
    node) run node '^engine: Node v' || failed=1 ;;
    chromium)
      run chromium '^engine: .*HeadlessChrome/' \
        WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$CHROMEDRIVER" \
        WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json" || failed=1
      ;;
  esac
done
echo
if [ "$failed" -ne 0 ]; then
  echo "test-wasm: FAILED" >&2
  exit 1
fi
echo "test-wasm: all passed (${engines[*]}) in $(since "$start")"
