#!/usr/bin/env bash
# The dependency boundary of STYLE.md: the host build never compiles Leptos, the wasm build never compiles tokio
# (nor utoipa: the domain derives its OpenAPI schemas only off wasm, through cfg_attr).
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(cargo tree -e normal,build --prefix none --format '{p}' | awk '{print $1}' | sort -u)
wasm=$(cargo tree --target wasm32-unknown-unknown -e normal,build --prefix none --format '{p}' | awk '{print $1}' | sort -u)
bad=0
for crate in leptos wasm-bindgen web-sys; do
  if grep -qx "$crate" <<<"$host"; then echo "host build pulls in $crate"; bad=1; fi
done
for crate in tokio axum rusqlite hyper tokio-postgres deadpool-postgres utoipa utoipa-gen utoipa-axum; do
  if grep -qx "$crate" <<<"$wasm"; then echo "wasm build pulls in $crate"; bad=1; fi
done
# Leptos' server functions name wasm-streams, whose JS exports would sit in every page's main module (issue 17).
streams=$(cargo tree --target wasm32-unknown-unknown -i wasm-streams --prefix none --format '{p}' | head -1)
if [[ $streams != *vendor/wasm-streams* ]]; then echo "wasm build uses $streams, not vendor/wasm-streams"; bad=1; fi
grep -qx leptos <<<"$wasm" || { echo "wasm build has no leptos: the check looks at the wrong tree"; bad=1; }
grep -qx tokio <<<"$host" || { echo "host build has no tokio: the check looks at the wrong tree"; bad=1; }
grep -qx utoipa <<<"$host" || { echo "host build has no utoipa: the check looks at the wrong tree"; bad=1; }
[ $bad = 0 ] && echo "host: $(wc -l <<<"$host") crates, no leptos; wasm32: $(wc -l <<<"$wasm") crates, no tokio"
exit $bad
