#!/usr/bin/env bash
# The main job: build the npm package into pkg/, then start the sandbox server, which serves the
# demo page (www/) and the partner endpoints on loopback. Ctrl-C stops it.
# Usage: scripts/demo.sh [--port N]   (default 8080; PORT=N works too)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-8080}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    *) echo "usage: scripts/demo.sh [--port N]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
scripts/build.sh
cargo build --release -p pinseal-sandbox
echo "[demo] open the printed URL in a browser; Ctrl-C stops the sandbox"
exec target/release/pinseal-sandbox --port "$port"
