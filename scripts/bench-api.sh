#!/usr/bin/env bash
# Load benchmark of the filings API on loopback with wrk: durable filings/s (each request a new
# Idempotency-Key, so each one is a real insert, committed to disk) and lookups/s, with p50/p99 latency,
# for each store in turn: SQLite (a file) and PostgreSQL (a throwaway cluster from scripts/pg-throwaway.sh).
# DURATION (default 10s), CONNECTIONS (default 64), THREADS (default 2) and STORES (default "sqlite postgres")
# override the defaults; YIDI_DATABASE_POOL sets the server's PostgreSQL pool (default 16).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)"; exit 1; }
target_dir=${CARGO_TARGET_DIR:-$ROOT/target}

# Without STORE, run once per store, each in a fresh process (one server, one database at a time).
if [ -z "${STORE:-}" ]; then
  cargo build --release --quiet
  for store in ${STORES:-sqlite postgres}; do
    case $store in
      sqlite) STORE=sqlite "$0" ;;
      # On the project's disk, not a tmpfs: the fsyncs must be real for the figure to mean "durable".
      postgres) PG_PARENT=$target_dir STORE=postgres scripts/pg-throwaway.sh "$0" ;;
      *) echo "unknown store $store (sqlite or postgres)"; exit 1 ;;
    esac
  done
  exit 0
fi

# On the project's disk, not a tmpfs: the fsyncs must be real for the figure to mean "durable".
work=$(mktemp -d "$target_dir/bench-api.XXXXXX")
case $STORE in
  sqlite) start_throwaway_server "$work" YIDI_WRITE_RATE=1000000000 ;;
  postgres) start_throwaway_server "$work" YIDI_WRITE_RATE=1000000000 DATABASE_URL="$PG_URL" ;;
esac
base=$BASE

today=$(date -u -d '+8 hours' +%F) # China's date: UTC+8, as the server reckons it.
body='{"applicant":{"for":"myself"},"person":{"name":"王小明","resident_id":"11010519491231002X","phone":"13912345678","insured_city":"120000","scheme":"employee_retired"},"category":"resettled_retiree","destination":{"province":"130000","city":"131000"},"start_date":"'$today'","proof":{"commitment_agreed":true}}'

cat >"$work/filings.lua" <<LUA
-- Each wrk thread numbers its own requests; the thread id keeps keys distinct across threads.
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local n = 0
local body = '$body'
-- A person may hold one filing of a kind in effect, so each filing is for a person of its own: a valid ID
-- number (110101, a birth date, a sequence and its ISO 7064 MOD 11-2 check character) made from a count.
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local function resident_id(count)
  local d = math.floor(count / 1000)
  local digits = string.format("110101%04d%02d%02d%03d",
    1930 + math.floor(d / 336) % 70, math.floor(d / 28) % 12 + 1, d % 28 + 1, count % 1000)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(digits:sub(i, i)) * weights[i] end
  local check = ("10X98765432"):sub(sum % 11 + 1, sum % 11 + 1)
  return digits .. check
end
function request()
  n = n + 1
  local person = body:gsub("11010519491231002X", resident_id(n * 64 + id), 1)
  return wrk.format("POST", "/api/filings",
    {["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. id .. "-" .. n}, person)
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
LUA

number=$(curl -fs -X POST "$base/api/filings" -H 'Content-Type: application/json' -H 'Idempotency-Key: bench-lookup' \
  -d "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["filing"]["number"])')
cat >"$work/lookups.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"number":"$number","resident_id":"11010519491231002x"}'
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
LUA

report() {
  local name=$1 out=$2
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/non-2xx:/ {print $2}' <<<"$out")
  printf '%-9s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

store_name=$STORE
[ "$STORE" = postgres ] && store_name="postgres (pool ${YIDI_DATABASE_POOL:-16})"
echo "$store_name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $base ($(nproc) cores)"
# PostgreSQL counts its WAL flushes: flushes per filing says how many filings share one fsync (group commit).
pg_counts() { psql "$PG_URL" -Atc "select (select wal_sync from pg_stat_wal), (select count(*) from filings)"; }
[ "$STORE" = postgres ] && before=$(pg_counts)
filings=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/filings.lua" "$base")
[ "$STORE" = postgres ] && after=$(pg_counts)
lookups=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/lookups.lua" "$base/api/filings/lookup")
report filings "$filings"
report lookups "$lookups"
if [ "$STORE" = postgres ]; then
  stored=$(psql "$PG_URL" -Atc 'select count(*) from filings')
  IFS='|' read -r syncs0 filed0 <<<"$before"; IFS='|' read -r syncs1 filed1 <<<"$after"
  echo "WAL flushes during the filings run: $((syncs1 - syncs0)) for $((filed1 - filed0)) filings"
else
  stored=$(python3 -c "import sqlite3; print(sqlite3.connect('file:$DATABASE?mode=ro', uri=True).execute('select count(*) from filings').fetchone()[0])")
fi
echo "filings stored: $stored"
