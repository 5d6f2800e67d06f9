#!/usr/bin/env bash
# Property-based check of the API against its own OpenAPI document with schemathesis: starts the release
# server on a free port with a throwaway database and runs a bounded number of generated requests per
# operation. Schemathesis lives in a venv under var/ (git-ignored), installed from PyPI on first use.
# MAX_EXAMPLES (default 50) bounds the examples per operation.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
MAX_EXAMPLES=${MAX_EXAMPLES:-50}
venv="$ROOT/var/schemathesis-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis>=4,<5"
fi

cargo build --release --quiet
target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Generated requests come fast: the write limit is raised so that checks see answers, not 429s.
YIDI_PORT=$port YIDI_DATABASE="$work/check.sqlite3" YIDI_DIST="$work" YIDI_WRITE_RATE=1000000 RUST_LOG=yidi=warn \
  "$target_dir/release/yidi" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/api/health" >/dev/null && break; sleep 0.1; done

# From the temp dir, so schemathesis' cache folder is thrown away with it.
(cd "$work" && "$venv/bin/schemathesis" run "$base/api/openapi.json" --url "$base" \
  --max-examples "$MAX_EXAMPLES" --checks all --exclude-checks positive_data_acceptance \
  --no-color "$@")
