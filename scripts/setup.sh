#!/usr/bin/env bash
# Installs what pinseal's build and tests need, skipping what is already there.
# Safe to run again: each step checks first. Usage: scripts/setup.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
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

# Debian packages: openssl (the CLI the interop test compares against) always; Chromium and its
# driver for the browser tests.
apt_wanted=()
command -v openssl >/dev/null || apt_wanted+=(openssl)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || apt_wanted+=(chromium)
  command -v chromedriver >/dev/null || apt_wanted+=(chromium-driver)
fi
if [ ${#apt_wanted[@]} -gt 0 ]; then
  log "installing ${apt_wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_wanted[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ok"
