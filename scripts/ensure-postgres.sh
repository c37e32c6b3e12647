#!/usr/bin/env bash
# Starts (or reuses) a PostgreSQL server for the tests and prints its connection string last.
# Uses Debian's cluster tools when run as root, else a private cluster under ./.postgres.
set -euo pipefail
user=digi
password=digi
port="${DIGIHELSESTASJON_PG_PORT:-5432}"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL is not installed (apt-get install -y postgresql)." >&2
  exit 1
fi
version="$(basename "$(dirname "$pg_bin")")"

if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null; then
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main --port "$port" >&2
  fi
  port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
  pg_ctlcluster "$version" main start >&2 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
  as_postgres() { su postgres -c "$1"; }
else
  data="$(pwd)/.postgres"
  port="${DIGIHELSESTASJON_PG_PORT:-55432}"
  if [ ! -d "$data" ]; then "$pg_bin/initdb" -D "$data" -U postgres -A trust >&2; fi
  "$pg_bin/pg_ctl" -D "$data" -o "-p $port -k /tmp" -l "$data/log" status >/dev/null 2>&1 || "$pg_bin/pg_ctl" -D "$data" -o "-p $port -k /tmp" -l "$data/log" -w start >&2
  as_postgres() { bash -c "$1"; }
fi

pg_isready -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL did not start on port $port." >&2; exit 1; }
exists="$(as_postgres "psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" 2>/dev/null || as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"")"
if [ "$exists" != "1" ]; then
  # The tests create and drop a database per test class, so the role may create databases.
  as_postgres "psql -p $port -c \"CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password'\"" >&2
fi
echo "Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=postgres"
