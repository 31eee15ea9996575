#!/usr/bin/env bash
# Runs a wasm-bindgen-test suite inside WebAssembly in Node and in the three browser engines, from
# one test build, and checks that every run really happened in the engine it was meant for.
#
#   scripts/test-wasm.sh [--suite pinseal|vpaes] [ENGINE...]
#
# Suites:
#   pinseal   (default) pinseal's JavaScript boundary, tests/wasm_boundary.rs:
#             cargo test -p pinseal --test wasm_boundary --target wasm32-unknown-unknown
#   vpaes     the AES engine crate vpaes/ (pinseal-vpaes), its unit and integration tests; what
#             scripts/test-engine.sh runs:
#             cargo test -p pinseal-vpaes --lib --tests --target wasm32-unknown-unknown
# Engines (default: all four, in this order):
#   node      Node (the runner's default mode)
#   chromium  headless Chromium         \  through the engine layer tests/engines.mjs (WebDriver:
#   firefox   headless Firefox ESR       > chromedriver, geckodriver, WebKitWebDriver with
#   webkit    WebKitGTK's MiniBrowser   /  MiniBrowser on an Xvfb display of its own)
# Every test module is marked for JavaScriptCore's SIMD miscompile and checked (the cargo runner,
# scripts/wasm-test-runner.sh); in a browser, the module the page receives (after wasm-bindgen)
# is marked and checked again (scripts/wasm-browser-test.mjs): docs/webkit-simd.md.
#
# Both suites print `engine: <Node version or navigator.userAgent>`. An engine passes only if that
# line names it (Node: `Node v`; Chromium: `HeadlessChrome/`; Firefox: `Firefox/` without
# `Chrome`; WebKit: `AppleWebKit/` without `Chrome` or `Firefox/`), every test binary reports
# `test result: ok.`, and it ran as many tests as the first engine of the run.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-test-runner of the same version as the
# wasm-bindgen in Cargo.lock, node; the browsers and drivers scripts/setup.sh --browser installs
# (tests/engines.mjs names what is missing for an engine: an error, never a skip); timeout and ps
# (Debian: coreutils, procps) to bound each run and stop what it leaves behind.
# Logs: target/test-wasm/<suite>-<engine>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=pinseal
engines=()
usage() {
  echo "usage: scripts/test-wasm.sh [--suite pinseal|vpaes] [node] [chromium] [firefox] [webkit]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --suite)
      [ $# -ge 2 ] || usage
      suite=$2
      shift 2
      ;;
    node | chromium | firefox | webkit) engines+=("$1"); shift ;;
    *) usage ;;
  esac
done
[ ${#engines[@]} -gt 0 ] || engines=(node chromium firefox webkit)

me="test-wasm($suite)"
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
wants() { [[ " ${engines[*]} " == *" $1 "* ]]; }

# Per suite: the test command, the limit of the tests inside the engine per test binary
# (WASM_BINDGEN_TEST_TIMEOUT; the runner's default 20 s is tight on 2 shared cores), and the hard
# limit of one engine's whole run, all binaries included (a hung browser fails that engine instead
# of the CI job: per binary the runner alone may wait 60 s + 300 s + the test limit). Normal runs
# take under 30 s (pinseal) and 60 s (vpaes, six binaries) per engine.
case "$suite" in
  pinseal)
    cargo_test=(cargo test -p pinseal --test wasm_boundary --target wasm32-unknown-unknown)
    test_timeout=180 engine_limit=300
    ;;
  vpaes)
    cargo_test=(cargo test -p pinseal-vpaes --lib --tests --target wasm32-unknown-unknown)
    test_timeout=300 engine_limit=600
    ;;
  *) die "unknown suite '$suite' (pinseal or vpaes)" ;;
esac
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-$test_timeout}
# How long a driver may take to bind its port (runner default 5 s).
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}
engine_limit=${WASM_TEST_ENGINE_LIMIT:-$engine_limit}

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
command -v timeout >/dev/null || die "timeout (coreutils) not found"
command -v ps >/dev/null || die "ps not found (apt-get install procps)"
logs=target/test-wasm
mkdir -p "$logs"
# Every test module is marked and checked for JavaScriptCore's SIMD miscompile pattern before it
# runs (scripts/wasm-test-runner.sh, docs/webkit-simd.md), then run by this runner.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$PWD/scripts/wasm-test-runner.sh"
export WASM_BINDGEN_TEST_RUNNER="$RUNNER"

# --- processes this script starts, and their cleanup --------------------------------------
run_group=''
# The PIDs of process group $1: the live ones, or with a second argument the zombies too.
group_members() {
  ps -eo pid=,pgid=,stat= | awk -v g="$1" -v all="${2:-}" '$2 == g && (all != "" || $3 !~ /^Z/) { print $1 }'
}
# Stops what a run left in its process group (a browser whose driver the runner killed), by PID:
# a few seconds to exit on its own, then TERM, then KILL. Then waits a little for the exited ones
# to be reaped (their parent is gone, so init reaps them, not always at once).
end_group() {
  local group=$1 engine=$2 left i
  for i in $(seq 20); do
    left=$(group_members "$group")
    [ -n "$left" ] || break
    sleep 0.25
  done
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086 # $left is a list of PIDs
    echo "$me: $engine: stopping what the run left running:" \
      "$(ps -o pid=,comm= -p "$(echo $left | tr ' ' ,)" | xargs)" >&2
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
    for i in $(seq 20); do
      left=$(group_members "$group")
      [ -n "$left" ] || break
      sleep 0.25
    done
    # shellcheck disable=SC2086
    [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
  fi
  for i in $(seq 40); do
    [ -n "$(group_members "$group" all)" ] || return 0
    sleep 0.25
  done
}
cleanup() {
  if [ -n "$run_group" ]; then
    kill -TERM "$run_group" 2>/dev/null || true # timeout passes it on to its process group
    end_group "$run_group" interrupted
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build once -----------------------------------------------------------------------------
start=$(now)
echo "$me: building the test module (${cargo_test[*]} --no-run)"
"${cargo_test[@]}" --no-run
echo "$me: built in $(since "$start")"

# --- run ------------------------------------------------------------------------------------
# run ENGINE WANT REJECT ENV...: runs the suite with only ENV selecting the engine; passes if the
# `engine:` lines match the extended regex WANT and not REJECT (if not empty) and all binaries
# pass. Prints the engine, the counts, and the wall time; on failure the log's tail.
first_engine='' first_passed='' summary=()
run() {
  local engine=$1 want=$2 reject=$3; shift 3
  local log="$logs/$suite-$engine.log" start rc=0
  start=$(now)
  echo
  echo "$me: $engine: running"
  # Only this run's selection: no driver, driver argument or mode variable may leak in (the
  # runner takes GECKODRIVER over SAFARIDRIVER over CHROMEDRIVER, then any driver on PATH).
  # timeout puts the run in a process group of its own, which end_group then checks.
  timeout --kill-after=10 "$engine_limit" env \
    -u WASM_BINDGEN_USE_BROWSER -u WASM_BINDGEN_USE_NODE_EXPERIMENTAL -u WASM_BINDGEN_USE_DENO \
    -u WASM_BINDGEN_USE_DEDICATED_WORKER -u WASM_BINDGEN_USE_SHARED_WORKER \
    -u WASM_BINDGEN_USE_SERVICE_WORKER -u WASM_BINDGEN_TEST_ONLY_NODE -u WASM_BINDGEN_TEST_ONLY_WEB \
    -u WASM_BINDGEN_TEST_WEBDRIVER_JSON -u WASM_BINDGEN_TEST_ADDRESS -u NO_HEADLESS \
    -u GECKODRIVER -u SAFARIDRIVER -u CHROMEDRIVER -u MSEDGEDRIVER \
    -u GECKODRIVER_REMOTE -u SAFARIDRIVER_REMOTE -u CHROMEDRIVER_REMOTE -u MSEDGEDRIVER_REMOTE \
    -u GECKODRIVER_ARGS -u SAFARIDRIVER_ARGS -u CHROMEDRIVER_ARGS -u MSEDGEDRIVER_ARGS \
    -u PINSEAL_WASM_ENGINE \
    "$@" "${cargo_test[@]}" -- --nocapture >"$log" 2>&1 &
  run_group=$!
  wait "$run_group" || rc=$?
  end_group "$run_group" "$engine"
  run_group=''

  local took engine_lines results passed failed bad_engine=''
  took=$(since "$start")
  engine_lines=$(grep '^engine: ' "$log" | sort -u || true)
  # "name: test result: ..." per test binary (a binary without tests for wasm prints none).
  results=$(awk '/^ +Running / { name = $0; sub(/^ +Running /, "", name); sub(/ \(.*/, "", name) }
                 /^test result: / { print name ": " $0 }' "$log")
  read -r passed failed < <(awk '/^test result: / {
      for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i - 1); if ($i ~ /^failed/) f += $(i - 1) } }
      END { print p + 0, f + 0 }' "$log")
  if [ -z "$engine_lines" ]; then
    bad_engine="no 'engine:' line"
  elif grep -Evq "$want" <<<"$engine_lines" \
    || { [ -n "$reject" ] && grep -Eq "$reject" <<<"$engine_lines"; }; then
    bad_engine="the engine is not the one asked for (want /$want/${reject:+, not /$reject/})"
  fi
  local problem=''
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    problem="timed out after $engine_limit s (WASM_TEST_ENGINE_LIMIT)"
  elif [ "$rc" -ne 0 ]; then
    problem="exit $rc"
  elif awk '/^test result: / && !/^test result: ok\./ { bad = 1 } END { exit !bad }' "$log"; then
    problem="a test binary did not pass"
  elif [ "$passed" -eq 0 ]; then
    problem="no test ran"
  elif [ -n "$bad_engine" ]; then
    problem=$bad_engine
  elif [ -n "$first_passed" ] && [ "$passed" -ne "$first_passed" ]; then
    problem="ran $passed tests, but $first_engine ran $first_passed"
  fi
  if [ -n "$problem" ]; then
    grep -v '^Invoking test: ' "$log" | tail -n 200 >&2
    echo >&2
    echo "$me: $engine: FAILED: $problem ($took; full log: $log)" >&2
    [ -z "$engine_lines" ] || sed "s/^/$me: $engine: /" <<<"$engine_lines" >&2
    [ -z "$results" ] || sed "s/^/$me: $engine: /" <<<"$results" >&2
    [ -z "$bad_engine" ] || [ "$problem" = "$bad_engine" ] \
      || echo "$me: $engine: also: $bad_engine" >&2
    summary+=("$engine FAILED ($took)")
    return 1
  fi
  [ -n "$first_passed" ] || { first_engine=$engine first_passed=$passed; }
  grep -E '^(live cipher|freed):' "$log" | sed "s/^/$me: $engine: /" || true
  sed "s/^/$me: $engine: /" <<<"$engine_lines"
  sed "s/^/$me: $engine: /" <<<"$results"
  echo "$me: $engine: $passed passed, $failed failed; wall $took (log $log)"
  summary+=("$engine $passed passed in $took")
}

failed=0
for e in "${engines[@]}"; do
  case "$e" in
    node) run node '^engine: Node v[0-9]' '' || failed=1 ;;
    chromium)
      run chromium '^engine: Mozilla/5\.0 .*HeadlessChrome/[0-9]' 'Firefox/' \
        PINSEAL_WASM_ENGINE=chromium || failed=1
      ;;
    firefox)
      run firefox '^engine: Mozilla/5\.0 .*Gecko/[0-9]+ Firefox/[0-9]' 'Chrome|AppleWebKit' \
        PINSEAL_WASM_ENGINE=firefox || failed=1
      ;;
    webkit)
      run webkit '^engine: Mozilla/5\.0 .*AppleWebKit/[0-9.]+ .*Safari/[0-9]' 'Chrome|Chromium|Firefox/' \
        PINSEAL_WASM_ENGINE=webkit || failed=1
      ;;
  esac
done
echo
for line in "${summary[@]}"; do echo "$me: $line"; done
if [ "$failed" -ne 0 ]; then
  echo "$me: FAILED" >&2
  exit 1
fi
echo "$me: all passed (${engines[*]}) in $(since "$start")"
