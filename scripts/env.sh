# Sourced by the scripts: puts the project's tools on PATH and chooses the wasm toolchain.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tools/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Only where setup had to fall back to Debian's Rust for wasm (shared/toolchain.md): build std for wasm.
wasm_env() {
  if [ -f "$ROOT/.wasm-toolchain" ]; then
    export RUSTUP_TOOLCHAIN="$(cat "$ROOT/.wasm-toolchain")" RUSTC_BOOTSTRAP=1 \
      CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
  fi
}

# The release build of the web app (scripts/build-web.sh) compiles std itself, sized for size, with panics that
# abort at once: no panic message, location or formatting code is linked in. Measured: 16 KB less brotli in the
# main module, 34 KB less over all modules, 16-26 KB less on each route's first visit (docs/benchmarks.md). A panic
# in the browser is then an `unreachable` trap in the console, without its message: reproduce it in a test or a
# debug build to read it. The rustflags repeat .cargo/config.toml's, which this setting may replace.
wasm_release_env() {
  wasm_env
  export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort"
}

# Starts the release server on a free loopback port with a throwaway database and no web app, in the folder $1;
# extra VAR=value arguments are passed to it. Sets SERVER_PID, BASE and DATABASE; stops it when the script exits.
start_throwaway_server() {
  local work=$1
  shift
  local target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  DATABASE="$work/server.sqlite3"
  env YIDI_PORT="$port" YIDI_DATABASE="$DATABASE" YIDI_DIST="$work" RUST_LOG=yidi=warn "$@" \
    "$target_dir/release/yidi" serve >"$work/server.log" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "'"$work"'"' EXIT
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "$BASE/api/health" >/dev/null && return 0
    sleep 0.1
  done
  echo "the server did not start:" >&2
  tail -5 "$work/server.log" >&2
  return 1
}

# Files the sample filing of tests/api_support through the API at $1 (a Tianjin retiree resettled in Langfang, from
# today on China's clock) and prints its number, so that the filing pages can be visited with a real one.
make_sample_filing() {
  local today body
  today=$(TZ=Asia/Shanghai date +%F)
  body='{"applicant":{"for":"myself"},
    "person":{"name":"王小明","resident_id":"11010519491231002x","phone":"13912345678",
              "insured_city":"120000","scheme":"employee_retired"},
    "category":"resettled_retiree","destination":{"province":"130000","city":"131000"},
    "start_date":"'"$today"'","proof":{"commitment_agreed":true}}'
  curl -fsS -X POST "$1/api/filings" -H 'content-type: application/json' \
    -H "idempotency-key: sample-$$-$RANDOM" --data "$body" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["filing"]["number"])'
}
