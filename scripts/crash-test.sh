#!/usr/bin/env bash
# Durability under kill -9: files from 32 clients at once against the release server, SIGKILLs it mid-load,
# restarts it on the same SQLite file and checks every filing answered 201 is there. Prints "N answered, M lost".
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo test --release --quiet --test api_binary -- --ignored --nocapture every_answered_filing_survives_kill_9 2>&1 \
  | grep -E "crash test:|test result|panicked|assert"
