#!/usr/bin/env bash
# Prints raw and brotli bytes of what the first page loads from a release build in dist/, then of the lazy
# wasm modules that other routes fetch when first opened (scripts/build-web.sh splits them out).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-web.sh first" >&2; exit 1; }
row() { printf '%-60s %10s %10s\n' "$1" "$2" "$3"; }
table() {
  local label=$1
  shift
  local total_raw=0 total_br=0 raw br
  for file in "$@"; do
    [ -f "$file" ] || continue
    raw=$(wc -c < "$file"); br=$(brotli -c -q 11 "$file" | wc -c)
    total_raw=$((total_raw + raw)); total_br=$((total_br + br))
    row "${file#dist/}" "$raw" "$br"
  done
  row "$label" "$total_raw" "$total_br"
}
row "file" "raw B" "brotli B"
table "total (first load)" dist/index.html dist/*.js dist/*_bg.wasm dist/*.css
echo
row "lazy module (fetched by the route that needs it)" "raw B" "brotli B"
mapfile -t lazy < <(ls dist/split_*.wasm dist/chunk_*.wasm 2>/dev/null | sort -V)
table "total (lazy modules)" "${lazy[@]}"
