#!/usr/bin/env bash
# The one command to start the app: set up, build the web app and the server, serve on http://127.0.0.1:8080.
# YIDI_PORT, YIDI_HOST and YIDI_DATABASE (default var/yidi.sqlite3) override the defaults.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh
scripts/build-web.sh
cargo build --release --quiet
echo "Yidi: http://${YIDI_HOST:-127.0.0.1}:${YIDI_PORT:-8080}  (database: ${YIDI_DATABASE:-var/yidi.sqlite3}; Ctrl-C stops)"
# The binary cargo just built: under CARGO_TARGET_DIR when that is set, not a stale one in target/.
exec "${CARGO_TARGET_DIR:-$ROOT/target}/release/yidi" serve
