#!/usr/bin/env bash
# Prints raw and sent (brotli) bytes of what a first visit loads from the release build in dist/ (see size-budget.toml
# for what is counted) and fails when the brotli total is over the budget recorded there; then lists the lazy wasm
# modules that other routes fetch when first opened (scripts/build-web.sh splits them out).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-web.sh first" >&2; exit 1; }

setting() { grep -E "^$1 *=" size-budget.toml | cut -d= -f2- | tr -d ' _'; }
goal=$(setting goal_bytes)
budget=$(setting budget_bytes)
mapfile -t data < <(setting data | grep -oE '"[^"]+"' | tr -d '"')

# The files index.html names, in order, each once.
mapfile -t named < <(grep -oE '(href|src|data-yidi-js|data-yidi-wasm)="/[^"]+"' dist/index.html |
  cut -d'"' -f2 | sed 's#^/##' | awk '!seen[$0]++')
# The split loader, which the glue imports before the app can start (unless index.html names it already).
mapfile -t loader < <(cd dist && ls __wasm_split-*.js 2>/dev/null | grep -vxF -f <(printf '%s\n' "${named[@]}"))

row() { printf '%-60s %10s %10s\n' "$1" "$2" "$3"; }
total_raw=0; total_br=0
row "file" "raw B" "sent B"
for file in index.html "${named[@]}" "${loader[@]}" sw.js "${data[@]}"; do
  [ -f "dist/$file" ] || { echo "dist/$file is missing (named in dist/index.html or size-budget.toml)" >&2; exit 1; }
  raw=$(wc -c < "dist/$file")
  # What the server sends: the .br that scripts/build-web.sh wrote, or the file itself (images).
  br=$raw
  [ -f "dist/$file.br" ] && br=$(wc -c < "dist/$file.br")
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  row "$file" "$raw" "$br"
done
# The page's first paint, which the server writes into index.html per route (src/server/pages.rs) and compresses
# as it sends it (brotli quality 4, tower-http's default): the heaviest route and language is counted.
if [ -f dist/first-paint.json ]; then
  read -r paint paint_raw paint_br < <(python3 - <<'PY'
import json, subprocess
pages = json.load(open("dist/first-paint.json", encoding="utf-8"))["pages"]
sizes = []
for route, langs in pages.items():
    for lang, paint in langs.items():
        body = paint["body"].encode()
        sent = len(subprocess.run(["brotli", "-c", "-q", "4"], input=body, capture_output=True, check=True).stdout)
        sizes.append((sent, len(body), f"{route} ({lang})"))
sent, raw, name = max(sizes)
print(f"first-paint:{name.replace(' ', '')} {raw} {sent}")
PY
  )
  total_raw=$((total_raw + paint_raw)); total_br=$((total_br + paint_br))
  row "$paint" "$paint_raw" "$paint_br"
fi
row "total (first load)" "$total_raw" "$total_br"
echo

# Each route's own module and the chunks it shares, fetched when the route is first opened (sent sizes).
lazy_raw=0; lazy_br=0
row "lazy module" "raw B" "sent B"
while read -r path; do
  file=${path#dist/}
  raw=$(wc -c < "$path"); br=$(wc -c < "$path.br")
  lazy_raw=$((lazy_raw + raw)); lazy_br=$((lazy_br + br))
  row "$file" "$raw" "$br"
done < <(ls dist/split_*.wasm dist/chunk_*.wasm 2>/dev/null | sort -V)
row "total (lazy modules)" "$lazy_raw" "$lazy_br"
echo
echo "first load $total_br B sent; budget $budget B; goal $goal B (size-budget.toml)"
if ((total_br > budget)); then
  echo "over budget: the first load is $total_br B sent, the budget is $budget B ($((total_br - budget)) B over)" >&2
  exit 1
fi
((total_br <= goal)) || echo "within budget, not yet at the goal: $((total_br - goal)) B to go"
