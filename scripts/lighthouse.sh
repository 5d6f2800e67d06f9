#!/usr/bin/env bash
# Lighthouse (mobile profile, simulated slow 4G and a 4x slower CPU) on every route of the release build, served
# by the real release server over a throwaway SQLite file; prints one row per route. A filing is made through the
# API first, so the filing routes show a real number. JSON reports go to var/lighthouse/.
# LIGHTHOUSE_RUNS=3 runs each route three times and shows the run with the median performance score.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

runs=${LIGHTHOUSE_RUNS:-1}
reports="$ROOT/var/lighthouse"
lighthouse="$ROOT/tools/node_modules/.bin/lighthouse"

[ -x "$lighthouse" ] || scripts/setup.sh
[ -f dist/index.html ] || scripts/build-web.sh
cargo build --release --quiet

work=$(mktemp -d)
start_throwaway_server "$work" YIDI_DIST="$ROOT/dist"

# The sample filing of tests/api_support: a Tianjin retiree resettled in Langfang, from today (China's clock).
today=$(TZ=Asia/Shanghai date +%F)
body='{"applicant":{"for":"myself"},
  "person":{"name":"王小明","resident_id":"11010519491231002x","phone":"13912345678",
            "insured_city":"120000","scheme":"employee_retired"},
  "category":"resettled_retiree","destination":{"province":"130000","city":"131000"},
  "start_date":"'"$today"'","proof":{"commitment_agreed":true}}'
number=$(curl -fsS -X POST "$BASE/api/filings" -H 'content-type: application/json' \
  -H "idempotency-key: lighthouse-$$" --data "$body" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["filing"]["number"])')

routes=(
  / /guide/file-first /guide/select-point /guide/code-card
  /file /file/who /file/person /file/insured /file/category /file/destination /file/dates /file/proof /file/check
  "/file/done/$number" /filings "/filings/$number" "/filings/$number/card" "/filings/$number/points" /points
  /estimate /no-such-page
)
# Routes given as arguments replace the list (NUMBER stands for the filing's number): scripts/lighthouse.sh /estimate
if (($# > 0)); then routes=("${@//NUMBER/$number}"); fi

rm -rf "$reports"
mkdir -p "$reports"
export CHROME_PATH="$CHROMIUM"
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
--disable-component-update --disable-sync"
for route in "${routes[@]}"; do
  name=$(echo "$route" | sed -e "s/$number/NUMBER/" -e 's#^/$#home#' -e 's#^/##' -e 's#/#_#g')
  for run in $(seq "$runs"); do
    printf 'lighthouse %s (run %s of %s)\n' "$route" "$run" "$runs" >&2
    "$lighthouse" "$BASE$route" --quiet --chrome-flags="$flags" \
      --only-categories=performance,accessibility,best-practices \
      --output=json --output-path="$reports/$name-$run.json"
  done
done

node scripts/lighthouse-table.mjs "$reports" "$number" "${routes[@]}"
