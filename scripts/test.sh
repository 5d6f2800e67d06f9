#!/usr/bin/env bash
# The one command that runs every check: format, clippy (host and wasm), native tests, the release wasm
# build and its size, and the Playwright suite against the real server with a throwaway database.
# Prints one closing summary line; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

passed=0; failed=0; failures=()
step() {
  local name=$1; shift
  printf '\n\033[1;34m== %s\033[0m\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '\033[1;32m-- %s ok (%ss)\033[0m\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '\033[1;31m-- %s FAILED\033[0m\n' "$name"
  fi
}
finish() {
  echo
  ((failed)) && echo "failed: ${failures[*]}"
  echo "checks: $passed passed, $failed failed"
  exit $((failed > 0))
}

scripts/setup.sh || { failed=1; failures+=(setup); finish; }

# Tests and benches are native; the wasm target lints what ships to the browser.
clippy_wasm() { (wasm_env; cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings); }
e2e() {
  cargo build --release --quiet || return 1
  (cd e2e && npx playwright test)
}

step "format" cargo fmt --all --check
step "dependency boundary" scripts/check-deps.sh
step "clippy (host)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm)" clippy_wasm
step "native tests" cargo test --quiet
step "release web build" scripts/build-web.sh
step "size" scripts/size.sh
step "end-to-end (Playwright, Chromium)" e2e
finish
