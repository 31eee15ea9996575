#!/usr/bin/env bash
# Installs what pinseal's build and tests need, skipping what is already there.
# Safe to run again: each step checks first. Usage: scripts/setup.sh [--browser]
#
# Always: the wasm32 target, wasm-bindgen-cli (the exact version Cargo.lock pins), openssl (the
# interop test's reference), the npm dev dependencies (package-lock.json).
# --browser, for the tests in the three browser engines portals meet:
#   Chromium  Debian chromium + chromium-driver (chromedriver)
#   Firefox   Debian firefox-esr + geckodriver (built from the crates registry: Mozilla ships no
#             Debian package of it and this machine kind cannot download release binaries)
#   WebKit    Debian webkit2gtk-driver (WebKitWebDriver; pulls libwebkit2gtk-4.1-0, whose
#             MiniBrowser is the browser it drives) + xvfb (MiniBrowser has no headless mode:
#             the tests start their own X display and stop it by PID)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
GECKODRIVER_VERSION=0.37.1
want_browser=0
for a in "$@"; do [ "$a" = "--browser" ] && want_browser=1; done

log() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes several minutes)"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian packages: openssl (the CLI the interop test compares against) always; the three
# browser engines and their drivers for the browser tests.
apt_wanted=()
command -v openssl >/dev/null || apt_wanted+=(openssl)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || apt_wanted+=(chromium)
  command -v chromedriver >/dev/null || apt_wanted+=(chromium-driver)
  command -v firefox-esr >/dev/null || apt_wanted+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || apt_wanted+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || apt_wanted+=(xvfb)
  command -v ps >/dev/null || apt_wanted+=(procps) # the browser scripts stop what a run leaves
fi
if [ ${#apt_wanted[@]} -gt 0 ]; then
  log "installing ${apt_wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_wanted[@]}" >/dev/null
fi

if [ "$want_browser" = 1 ] \
  && [ "$(geckodriver --version 2>/dev/null | head -n 1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  log "installing geckodriver $GECKODRIVER_VERSION (Firefox's WebDriver; takes a few minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ok"
