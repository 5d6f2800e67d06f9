#!/usr/bin/env bash
# The long tasks of a cold load per route, and how much of them is V8 compiling wasm on the main thread
# (scripts/long-tasks.mjs says how it measures). The release build over a throwaway SQLite file, on this machine's
# Chromium; LONG_TASK_RUNS (default 5) loads per route and setting. Routes as arguments replace the default list.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

[ -d e2e/node_modules/@playwright/test ] || scripts/setup.sh
[ -f dist/index.html ] || scripts/build-web.sh
cargo build --release --quiet

routes=(/ /file/category /file/check /filings /points /estimate)
if (($# > 0)); then routes=("$@"); fi
work=$(mktemp -d)
start_throwaway_server "$work" YIDI_DIST="$ROOT/dist"
ROOT="$ROOT" node scripts/long-tasks.mjs "$BASE" "${LONG_TASK_RUNS:-5}" "${routes[@]}"
