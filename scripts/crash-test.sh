#!/usr/bin/env bash
# Durability under kill -9: files from 32 clients at once against the release server, SIGKILLs it mid-load,
# restarts it on the same database and checks every filing answered 201 is there. Prints "N answered, M lost",
# once on SQLite and once on a throwaway PostgreSQL cluster (scripts/pg-throwaway.sh), if PostgreSQL is installed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
crash() {
  cargo test --release --quiet --test api_binary -- --ignored --nocapture --exact "$1" 2>&1 \
    | grep -E "crash test|SKIP|test result|panicked|assert"
}
crash every_answered_filing_survives_kill_9
# On the project's disk, not a tmpfs, so PostgreSQL's fsyncs are real.
PG_PARENT=${CARGO_TARGET_DIR:-$ROOT/target} scripts/pg-throwaway.sh \
  bash -c "$(declare -f crash); crash every_answered_filing_survives_kill_9_on_postgres"
