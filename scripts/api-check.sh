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
# Generated requests come fast: the write limit is raised so that checks see answers, not 429s.
work=$(mktemp -d)
start_throwaway_server "$work" YIDI_WRITE_RATE=1000000
base=$BASE

# From the temp dir, so schemathesis' cache folder is thrown away with it.
(cd "$work" && "$venv/bin/schemathesis" run "$base/api/openapi.json" --url "$base" \
  --max-examples "$MAX_EXAMPLES" --checks all --exclude-checks positive_data_acceptance \
  --no-color "$@")
