#!/usr/bin/env bash
# Lighthouse (mobile profile, simulated slow 4G and a 4x slower CPU) on every route of the release build, served
# by the real release server over a throwaway SQLite file; prints one row per route. A filing is made through the
# API first, so the filing routes show a real number. JSON reports go to var/lighthouse/.
# LIGHTHOUSE_RUNS=3 runs each route three times and shows the run with the median performance score.
# LIGHTHOUSE_TLS=1 puts a TLS and HTTP/2 proxy (nginx from Debian, a throwaway certificate) in front of the server,
# as a deployment behind a load balancer serves it (docs/scaling.md); reports then go to var/lighthouse-tls/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

runs=${LIGHTHOUSE_RUNS:-1}
tls=${LIGHTHOUSE_TLS:-0}
reports="$ROOT/var/lighthouse"
[ "$tls" = 1 ] && reports="$ROOT/var/lighthouse-tls"
lighthouse="$ROOT/tools/node_modules/.bin/lighthouse"

[ -x "$lighthouse" ] || scripts/setup.sh
[ -f dist/index.html ] || scripts/build-web.sh
cargo build --release --quiet

work=$(mktemp -d)
start_throwaway_server "$work" YIDI_DIST="$ROOT/dist"
api=$BASE
extra_flags=""
if [ "$tls" = 1 ]; then
  if ! command -v nginx >/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
  fi
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$work/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  server {
    listen 127.0.0.1:$tls_port ssl http2;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    location / { proxy_pass $BASE; proxy_http_version 1.1; proxy_set_header Host \$host; }
  }
}
EOF
  nginx -c "$work/nginx.conf" &
  nginx_pid=$!
  trap 'kill $nginx_pid $SERVER_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
  BASE="https://127.0.0.1:$tls_port"
  for _ in $(seq 50); do curl -fsk "$BASE/api/health" >/dev/null && break; sleep 0.1; done
  extra_flags=" --ignore-certificate-errors"
fi

number=$(make_sample_filing "$api")

# Every route's examples from the route table (dist/routes.json), the filing pages with this filing's number. An
# unknown address is left out: it answers 404 (the app's "page not found"), and Lighthouse stops at a document
# with an error status (ERRORED_DOCUMENT_REQUEST).
mapfile -t routes < <(python3 - "$number" <<'PY'
import json, sys
table = json.load(open("dist/routes.json", encoding="utf-8"))
for route in table["routes"]:
    for example in route["examples"]:
        print(example.replace(table["sample_number"], sys.argv[1]))
PY
)
# Routes given as arguments replace the list (NUMBER stands for the filing's number): scripts/lighthouse.sh /estimate
if (($# > 0)); then routes=("${@//NUMBER/$number}"); fi

rm -rf "$reports"
mkdir -p "$reports"
export CHROME_PATH="$CHROMIUM"
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
--disable-component-update --disable-sync$extra_flags"
for route in "${routes[@]}"; do
  name=$(echo "$route" | sed -e "s/$number/NUMBER/" -e 's#^/$#home#' -e 's#^/##' -e 's#/#_#g')
  for run in $(seq "$runs"); do
    printf 'lighthouse %s (run %s of %s)\n' "$route" "$run" "$runs" >&2
    "$lighthouse" "$BASE$route" --quiet --chrome-flags="$flags" \
      --only-categories=performance,accessibility,best-practices \
      --output=json --output-path="$reports/$name-$run.json"
  done
done

node scripts/lighthouse-table.mjs "$reports" "$number" "${routes[@]}"
