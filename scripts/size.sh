#!/usr/bin/env bash
# Prints raw and brotli bytes of what the first page loads from a release build in dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-web.sh first" >&2; exit 1; }
row() { printf '%-34s %10s %10s\n' "$1" "$2" "$3"; }
total_raw=0; total_br=0
row "file" "raw B" "brotli B"
for file in dist/index.html dist/*.js dist/*_bg.wasm dist/*.css; do
  [ -f "$file" ] || continue
  raw=$(wc -c < "$file"); br=$(brotli -c -q 11 "$file" | wc -c)
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  row "${file#dist/}" "$raw" "$br"
done
row "total (first load)" "$total_raw" "$total_br"
