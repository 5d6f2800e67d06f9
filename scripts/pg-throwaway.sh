#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a fresh temporary folder, started on loopback
# on a free port (its unix socket in the same folder, password authentication), stopped and deleted on exit.
#
#   scripts/pg-throwaway.sh CMD [ARGS...]   runs CMD with PG_URL and YIDI_TEST_DATABASE_URL set to the cluster's
#                                           postgres:// URL, then stops and deletes the cluster; exits with CMD's status
#   scripts/pg-throwaway.sh                 prints the URL and keeps the cluster until Ctrl-C
#
# PG_PARENT chooses the folder the cluster goes in (default $TMPDIR or /tmp). Exits 3 if PostgreSQL is not
# installed (Debian package postgresql, which scripts/setup.sh installs).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-throwaway: PostgreSQL is not installed (Debian package postgresql)" >&2
  exit 3
fi

parent=${PG_PARENT:-${TMPDIR:-/tmp}}
dir=$(mktemp -d "$parent/yidi-pg.XXXXXX")
chmod 700 "$dir"
# PostgreSQL refuses to run as root. As root, run it as the postgres system user (the Debian package makes it).
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
"${as_owner[@]}" sh -c "umask 077; printf '%s\n' '$password' > '$dir/password'"
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U yidi --pwfile="$dir/password" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Durability settings stay at PostgreSQL's defaults (fsync = on, synchronous_commit = on): what is measured
# against this cluster is what a real primary does.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200" start \
  >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U yidi yidi

url="postgres://yidi:$password@127.0.0.1:$port/yidi"
version=$("$bindir/postgres" --version | awk '{print $3}')
echo "pg-throwaway: PostgreSQL $version on 127.0.0.1:$port, cluster in $dir" >&2
if (($#)); then
  status=0
  PG_URL=$url YIDI_TEST_DATABASE_URL=$url PG_BINDIR=$bindir "$@" || status=$?
  exit $status
fi
echo "$url"
echo "pg-throwaway: Ctrl-C stops and deletes it" >&2
sleep infinity &
wait $!
