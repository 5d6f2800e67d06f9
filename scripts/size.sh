#!/usr/bin/env bash
# The size gate: every route's first visit as people get it. Each route of the route table (dist/routes.json) is
# loaded fresh in headless Chromium from the release server over a throwaway SQLite file (a filing made through the
# API gives the filing pages a real number), cache disabled and service worker blocked, until the network is idle;
# the bytes as sent are summed per route (scripts/route-bytes.mjs). Fails when a route is over its budget in
# size-budget.toml, then checks that the gate bites: lowered below its measure, a budget must fail.
# Also lists the lazy wasm modules as built. The measures go to var/size/routes.json.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/routes.json ] || { echo "no dist/routes.json: run scripts/build-web.sh first" >&2; exit 1; }
cargo build --release --quiet

# Each route's own module and the chunks it shares, as built (sent sizes).
row() { printf '%-60s %10s %10s\n' "$1" "$2" "$3"; }
row "wasm module" "raw B" "sent B"
for path in dist/*_bg.wasm $(ls dist/split_*.wasm dist/chunk_*.wasm 2>/dev/null | sort -V); do
  row "${path#dist/}" "$(wc -c < "$path")" "$(wc -c < "$path.br")"
done
echo

work=$(mktemp -d)
start_throwaway_server "$work" YIDI_DIST="$ROOT/dist"
number=$(make_sample_filing "$BASE")
mkdir -p var/size
node scripts/route-bytes.mjs "$BASE" "$number" > var/size/routes.json
python3 scripts/size-check.py size-budget.toml var/size/routes.json
python3 scripts/size-check.py --self-test size-budget.toml var/size/routes.json
