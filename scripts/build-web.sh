#!/usr/bin/env bash
# Builds the release web app into dist/, with the wasm split per route, and writes .br and .gz beside every
# text and wasm file.
#
# The heavy journeys are lazy routes (src/web/lazy.rs). Their code is cut out of the main module here:
#   1. cargo links the wasm keeping its relocations (--emit-relocs), which the splitter needs;
#   2. wasm-split-cli cuts it into the main module, one module per lazy route and chunks they share, and a
#      JS link file that fetches them (paths relative to itself);
#   3. wasm-bindgen writes the glue for the main module only (the split modules call JS through it);
#   4. wasm-opt -Oz shrinks every module; scripts/wasm-trim.py drops what only tools read and shortens the names
#      between the main module and its glue;
#   5. every built file is named after its content (`name-<16 hex>.ext`, see src/server/static_files.rs) and
#      index.html is written from the template with those names; public/ is copied as it is; each lazy module
#      is also written as `.dcb`, compressed with the main module as its dictionary (`yidi dictionary`);
#   6. dist/routes.json is the route table (src/domain/route.rs) as `yidi routes` writes it, for the scripts that
#      visit every page; dist/data/rules.json the insured places' rules as `yidi rules` takes them from the policy
#      data (src/domain/policy/place_rules.rs), dist/data/policy.json the policy data without what only its
#      check reads (`yidi policy browser`, src/domain/policy/browser_copy.rs), and dist/data/regions.json the
#      regions without the fields the browser's reader gives back by rule (`yidi regions browser`);
#   7. scripts/first-paint.mjs takes each page's first paint from the built app (dist/first-paint.json).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

name=yidi
target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
work="$target_dir/web-split"
started=$(date +%s)

(
  wasm_release_env
  # Only the final link gets --emit-relocs (cargo rustc passes it to this crate alone). std is compiled here too,
  # with panics that abort at once (wasm_release_env in env.sh).
  cargo rustc --quiet --bin "$name" --target wasm32-unknown-unknown --profile wasm-release \
    -- -C link-arg=--emit-relocs
)

rm -rf "$work" dist
mkdir -p "$work/split" "$work/bindgen" "$work/opt" dist
# The release server binary (built anyway to serve dist/) prints the table.
cargo run --quiet --release -- routes > dist/routes.json
# The estimator's file import and export, and its itemised bill, are splits of their own that only the estimator
# loads: what they share with it stays with it, not in chunks of their own (our patch,
# scripts/wasm-split-within.patch). The home page
# and the guides are a split whose code shared with other splits stays in the main module (the same patch): every
# other page then fetches 8 KB less, the home page 3 KB more in one more request.
# A page whose own code is a split within its journey's (`split(f / g)` in the route table) is such a child too.
children=$(python3 -c 'import json, sys
routes = json.load(open("dist/routes.json"))["routes"]
print(",".join(sorted({r["child"] + ":" + r["split"] for r in routes if r.get("child")})))')
WASM_SPLIT_WITHIN="estimate_file:estimate_view,items_bill:estimate_view,$children" WASM_SPLIT_SHARE_MAIN="intro_view" \
  wasm-split-cli --target web --out-name "$name" \
  "$target_dir/wasm32-unknown-unknown/wasm-release/$name.wasm" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --out-dir "$work/bindgen" --out-name "$name" \
  "$work/split/$name.wasm"

# wasm-opt warns about the splitter's name subsection (it drops names anyway); show only real errors.
# WASM_OPT_EXTRA=-g keeps the function names, for a CPU profile that names Rust functions (docs/benchmarks.md).
optimise() { wasm-opt -Oz ${WASM_OPT_EXTRA:-} "$1" -o "$2" 2> >(grep -v 'unknown name subsection' >&2); }
optimise "$work/bindgen/${name}_bg.wasm" "$work/opt/${name}_bg.wasm"
jobs=()
for module in "$work"/split/split_*.wasm "$work"/split/chunk_*.wasm; do
  [ -f "$module" ] || continue
  optimise "$module" "$work/opt/$(basename "$module")" &
  jobs+=($!)
done
for job in "${jobs[@]}"; do wait "$job"; done
# What only tools read leaves every module, and the main module's import and export names, long and written twice
# (in it and in the glue), become short in both (scripts/wasm-trim.py: −5 to −6 KB brotli on a journey's page).
python3 scripts/wasm-trim.py strip "$work"/opt/*.wasm
python3 scripts/wasm-trim.py names "$work/opt/${name}_bg.wasm" "$work/bindgen/$name.js"
# A chunk that holds only data (a constant two splits share, no code) rides in the main module: a request less
# on every page of those splits.
python3 scripts/wasm-trim.py data-chunks "$work/opt/${name}_bg.wasm" "$work/split/__wasm_split.js" "$work"/opt/chunk_*.wasm
lazy_modules=()
for module in "$work"/opt/split_*.wasm "$work"/opt/chunk_*.wasm; do
  [ -f "$module" ] && lazy_modules+=("$(basename "$module" .wasm)")
done

hash16() { cat "$@" | sha256sum | cut -c1-16; }
# An ES module without its comments and spaces, its local names shortened (terser from npm).
minify_js() {
  node -e '
    const fs = require("fs");
    const { minify } = require(process.argv[1] + "/tools/node_modules/terser");
    minify(fs.readFileSync(process.argv[2], "utf8"), { module: true }).then((out) => fs.writeFileSync(process.argv[3], out.code));
  ' "$ROOT" "$1" "$2"
}
sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }

# The lazy modules: content-named, and the link file pointed at the new names.
link="$work/split/__wasm_split.js"
lazy_names=()
for module in "${lazy_modules[@]}"; do
  hashed="$module-$(hash16 "$work/opt/$module.wasm").wasm"
  cp "$work/opt/$module.wasm" "dist/$hashed"
  sed -i "s|\"\./$module\.wasm\"|\"./$hashed\"|" "$link"
  lazy_names+=("/$hashed")
done
# The glue and the link file import each other, so neither can be named after its own content alone:
# both are named after both, as written (any change to either renames both).
glue="$work/bindgen/$name.js"
# Only the import statements: the wasm's own import module stays "./__wasm_split.js" in the import object.
sed "s|from \"\./__wasm_split\.js\"|from \"./__wasm_split-@PAIR@.js\"|" "$glue" > "$work/glue.js"
sed "s|from \"\./$name\.js\"|from \"./$name-@PAIR@.js\"|" "$link" > "$work/link.js"
# Both minified (terser from npm: −1.6 KB brotli on every page), the placeholder kept as it is in their strings.
minify_js "$work/glue.js" "$work/glue.js"
minify_js "$work/link.js" "$work/link.js"
pair=$(hash16 "$work/glue.js" "$work/link.js")
sed "s|@PAIR@|$pair|g" "$work/glue.js" > "dist/$name-$pair.js"
sed "s|@PAIR@|$pair|g" "$work/link.js" > "dist/__wasm_split-$pair.js"
# Which files each split fetches (its own module and the chunks it shares), read from the link file: the
# server preloads them (`<link rel="preload">` in index.html) on the routes that open that split (static_files.rs).
# (The link file as wasm-split-cli wrote it: the minified one has other names.)
python3 - "$link" > dist/lazy-modules.json <<'PY'
import json, re, sys
link = open(sys.argv[1], encoding="utf-8").read()
file_of = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', link))
splits = {}
for name, own, deps in re.findall(
    r'export const __wasm_split_load_(\w+?)(?:_\d+)? = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
    r'const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]\)\)', link, re.S):
    chunks = [d.strip() for d in deps.split(",") if d.strip()]
    splits[name] = ["/" + own] + ["/" + file_of[c] for c in chunks]
if not splits:
    sys.exit("no lazy modules found in " + sys.argv[1])
json.dump(splits, sys.stdout, indent=1, sort_keys=True)
PY
main_wasm="$name-$(hash16 "$work/opt/${name}_bg.wasm")_bg.wasm"
cp "$work/opt/${name}_bg.wasm" "dist/$main_wasm"
# The style without its comments and spaces (csso from npm, rules kept in their order: −1.3 KB brotli a page).
node -e '
  const fs = require("fs");
  const { minify } = require(process.argv[1] + "/tools/node_modules/csso");
  fs.writeFileSync(process.argv[3], minify(fs.readFileSync(process.argv[2], "utf8"), { restructure: false }).css);
' "$ROOT" style/main.css "$work/main.css"
css="main-$(hash16 "$work/main.css").css"
cp "$work/main.css" "dist/$css"

# index.html: the template with the built names where it says <!-- yidi:assets -->. boot.js loads the glue
# (no inline script: see the server's CSP).
js="/$name-$pair.js"
assets=$(
  cat <<EOF
<link rel="stylesheet" href="/$css" integrity="$(sri "dist/$css")" />
    <script type="module" src="/boot.js" data-yidi-js="$js" data-yidi-wasm="/$main_wasm"></script>
    <link rel="modulepreload" href="$js" crossorigin="anonymous" integrity="$(sri "dist/$name-$pair.js")" />
    <link rel="modulepreload" href="/__wasm_split-$pair.js" crossorigin="anonymous" integrity="$(sri "dist/__wasm_split-$pair.js")" />
    <link rel="preload" href="/$main_wasm" crossorigin="anonymous" integrity="$(sri "dist/$main_wasm")" as="fetch" type="application/wasm" />
EOF
)
grep -q '<!-- yidi:assets -->' index.html || { echo "index.html has no <!-- yidi:assets --> line" >&2; exit 1; }
grep -q 'href="/icons/icon.svg"' index.html || { echo "index.html has no icon link to inline" >&2; exit 1; }
# Its comments are for us, not for every visitor: only the server's first-paint markers stay. The icon goes in as a
# data URI: as a file it cost every first visit a request, about 840 B of which 650 B were response headers.
ASSETS="$assets" python3 -c '
import os, re, sys
html = open("index.html", encoding="utf-8").read().replace("<!-- yidi:assets -->", os.environ["ASSETS"])
svg = open("public/icons/icon.svg", encoding="utf-8").read().strip().replace("\"", "\x27")
for char, code in (("%", "%25"), ("#", "%23"), ("<", "%3C"), (">", "%3E")):
    svg = svg.replace(char, code)
html = html.replace("href=\"/icons/icon.svg\"", "href=\"data:image/svg+xml," + svg + "\"")
sys.stdout.write(re.sub(r"\n\s*<!--(?! /?yidi:first-paint -->).*?-->", "", html, flags=re.S))
' > dist/index.html
# The lazy modules, for the service worker to keep for offline use (not in index.html: every page would carry them).
printf '%s\n' "${lazy_names[@]}" | python3 -c 'import json, sys; json.dump(sys.stdin.read().split(), sys.stdout)' > dist/lazy.json
cp -r public/. dist/
minify_js public/boot.js dist/boot.js
# The insured places' filing and select-point rules, for the pages that need no more of the policy data.
cargo run --quiet --release -- rules public/data/policy.json > dist/data/rules.json
# The policy data as the estimator reads it: without the quotes and notes only `yidi policy check` reads (11.6 ->
# 7.1 KB brotli). The server reads the whole file from public/data.
cargo run --quiet --release -- policy browser public/data/policy.json > dist/data/policy.json
# The regions without the fields the browser's reader gives back by rule (7.7 -> 5.7 KB brotli).
cargo run --quiet --release -- regions browser public/data/regions.json > dist/data/regions.json
# What each page shows first, taken from the built app in headless Chromium (the server sends it at once).
node scripts/first-paint.mjs dist

find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) |
  while read -r file; do
    brotli -f -q 11 -o "$file.br" "$file"
    gzip -f -9 -k "$file"
  done
# Each lazy module also as brotli with the main module for its dictionary (`.dcb`, src/server/dictionary.rs), where
# that is smaller than its `.br`: a browser that keeps the main module (Chromium 130 on) fetches a page's code
# lighter, within the first visit.
cargo run --quiet --release -- dictionary "dist/$main_wasm" "${lazy_names[@]/#/dist}"
echo "dist/ built in $(($(date +%s) - started)) s: main module and ${#lazy_modules[@]} lazy modules"
