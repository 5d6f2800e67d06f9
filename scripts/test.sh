#!/usr/bin/env bash
# The one command that runs every check: format, clippy (host and wasm), native tests, the store suite on a
# throwaway PostgreSQL cluster, the release wasm build and its size, schemathesis against the API's OpenAPI
# document, and the Playwright suite against the real server with a throwaway database.
# Prints one closing summary line; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

passed=0; failed=0; failures=(); skipped=()
# A step that sets step_skipped=1 could not run here (its tool could not be installed): never counted as passed.
step() {
  local name=$1; shift
  printf '\n\033[1;34m== %s\033[0m\n' "$name"
  local started=$SECONDS status=0
  step_skipped=0
  "$@" || status=$?
  if ((step_skipped)); then
    skipped+=("$name"); printf '\033[1;33m-- %s SKIPPED\033[0m\n' "$name"
  elif ((status == 0)); then
    passed=$((passed + 1)); printf '\033[1;32m-- %s ok (%ss)\033[0m\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '\033[1;31m-- %s FAILED\033[0m\n' "$name"
  fi
}
finish() {
  echo
  ((failed)) && echo "failed: ${failures[*]}"
  ((${#skipped[@]})) && printf '\033[1;33mSKIPPED (could not run here): %s\033[0m\n' "${skipped[*]}"
  echo "checks: $passed passed, $failed failed"
  exit $((failed > 0))
}

scripts/setup.sh || { failed=1; failures+=(setup); finish; }

# Tests and benches are native; the wasm target lints what ships to the browser.
clippy_wasm() { (wasm_env; cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings); }
# The PostgreSQL store's tests (the shared store contract and more) and two servers on one database.
postgres_suite() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    printf '\033[1;33m*** SKIP: PostgreSQL could not be installed on this machine, so the PostgreSQL store suite\n'
    printf '*** did not run. Install the Debian package postgresql to run it. ***\033[0m\n'
    step_skipped=1
    return 0
  fi
  scripts/pg-throwaway.sh bash -c \
    'cargo test --quiet --lib server::store && cargo test --quiet --test api_binary two_servers_share_one_postgres_database'
}
e2e() {
  cargo build --release --quiet || return 1
  # The binary cargo just built (under CARGO_TARGET_DIR when that is set), not a stale one in target/.
  (cd e2e && YIDI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/yidi" npx playwright test)
}

step "format" cargo fmt --all --check
step "dependency boundary" scripts/check-deps.sh
step "clippy (host)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm)" clippy_wasm
step "native tests" cargo test --quiet
step "store suite (PostgreSQL)" postgres_suite
step "release web build" scripts/build-web.sh
step "size" scripts/size.sh
# Schemathesis against the OpenAPI document, with a fixed seed so that a run is repeatable; `make api-check` by
# hand draws a new one each time.
step "API against its OpenAPI document (schemathesis)" scripts/api-check.sh --seed 20261207
step "end-to-end (Playwright, Chromium)" e2e
finish
