#!/usr/bin/env bash
# Builds the release web app into dist/ and writes .br and .gz beside every text and wasm file.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
(
  wasm_env
  trunk build --release --offline
)
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) |
  while read -r file; do
    brotli -f -q 11 -o "$file.br" "$file"
    gzip -f -9 -k "$file"
  done
