#!/usr/bin/env bash
# Several platform hosts behind one address, all on loopback (docs/operations.md, "Running several hosts"):
#   a PostgreSQL cluster of its own, the simulators host, three platform hosts and nginx (round robin, no stickiness).
#
#   scripts/cluster.sh up       build what is missing (up --build: rebuild), start everything, wait until each answers
#   scripts/cluster.sh down     stop everything this script started (idempotent)
#   scripts/cluster.sh status   what runs, on which port, and whether it answers
#   scripts/cluster.sh kill PORT        kill -9 the platform host on PORT (a host that dies without a word)
#   scripts/cluster.sh start PORT       start the platform host on PORT again and wait until it answers
#   scripts/cluster.sh restart-postgres restart the database (fast shutdown: sessions cut, as in a failover or an update)
#
# Pids, logs, the database files and nginx's configuration live in $CLUSTER_DIR (default: .cluster/ in the repository,
# ignored by git). The PostgreSQL here is its own cluster on its own port: starting or stopping it never touches the test
# suite's server on 5432. Ports: CLUSTER_LB_PORT (5100), CLUSTER_HOST_PORTS ("5101 5102 5103"), CLUSTER_SIMULATORS_PORT
# (5190), CLUSTER_SMTP_PORT (5125), CLUSTER_PG_PORT (55432). CLUSTER_HOST_ENV ("Key__Sub=value ...") adds settings to every
# platform host (the day under faults turns SMS quiet hours off so that it never depends on the hour).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CLUSTER_DIR:-$repo/.cluster}"
lb_port="${CLUSTER_LB_PORT:-5100}"
host_ports="${CLUSTER_HOST_PORTS:-5101 5102 5103}"
sim_port="${CLUSTER_SIMULATORS_PORT:-5190}"
smtp_port="${CLUSTER_SMTP_PORT:-5125}"
pg_port="${CLUSTER_PG_PORT:-55432}"
configuration="${CLUSTER_CONFIGURATION:-Debug}"
database="Host=127.0.0.1;Port=$pg_port;Username=digi;Password=digi;Database=digihelsestasjon"
host_dll="$repo/host/DigiHelsestasjon.Host/bin/$configuration/net10.0/DigiHelsestasjon.Host.dll"
sim_dll="$repo/simulators/DigiHelsestasjon.Simulators.Host/bin/$configuration/net10.0/DigiHelsestasjon.Simulators.Host.dll"
# The secret the simulators host's SMS gateway signs its delivery reports with; the demo fills in the same one.
sms_report_secret="demo-sms-report-secret-for-the-simulator-only"

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

# initdb and postgres refuse to run as root: as root, the database runs as Debian's postgres user.
as_db_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

wait_for() { # url seconds what [pidfile]: a process that has died is not waited for
  for _ in $(seq 1 "$(($2 * 2))"); do
    answers "$1" && return 0
    if [ -n "${4:-}" ] && ! alive "$4"; then
      echo "$3 stopped before it answered at $1; the end of its log ($dir):" >&2
      tail -n 20 "${4%.pid}.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  echo "$3 did not answer at $1 within $2 s; see its log in $dir" >&2
  return 1
}

start_postgres() {
  [ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)." >&2; exit 1; }
  local data="$dir/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = "0" ] && chown postgres "$data" "$dir"
    as_db_owner "$pg_bin/initdb" -D "$data" -U postgres -A trust >"$dir/initdb.log"
  fi
  if ! as_db_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_db_owner "$pg_bin/pg_ctl" -D "$data" -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -l "$data/log" -w start >/dev/null
  fi
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" || { echo "PostgreSQL did not start on port $pg_port (log: $data/log)." >&2; exit 1; }
  if [ "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='digi'")" != "1" ]; then
    psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE ROLE digi LOGIN CREATEDB PASSWORD 'digi'"
  fi
  if [ "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='digihelsestasjon'")" != "1" ]; then
    psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE digihelsestasjon OWNER digi"
  fi
}

build_if_missing() { # [--build]: build even when the programs are there (after a change)
  if [ "${1:-}" = "--build" ] || [ ! -f "$host_dll" ] || [ ! -f "$sim_dll" ]; then
    echo "building the host and the simulators host ($configuration)"
    dotnet build "$repo/host/DigiHelsestasjon.Host" -c "$configuration" -p:SkipWebClient=true -v q -nologo
    dotnet build "$repo/simulators/DigiHelsestasjon.Simulators.Host" -c "$configuration" -v q -nologo
  fi
}

start_simulators() {
  alive "$dir/simulators.pid" && return 0
  mkdir -p "$dir/simulators"
  (cd "$dir/simulators" && exec dotnet "$sim_dll" --platform "http://127.0.0.1:$lb_port" --urls "http://127.0.0.1:$sim_port" \
    --Simulators:Smtp:Port "$smtp_port" --Simulators:DataFolder "$dir/simulators/data" \
    --Notifications:Sms:ReportSecret "$sms_report_secret" \
    --Logging:LogLevel:Default Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime Information >"$dir/simulators.log" 2>&1) &
  echo $! >"$dir/simulators.pid"
}

start_host() { # port
  local port="$1"
  alive "$dir/host-$port.pid" && return 0
  mkdir -p "$dir/host-$port"
  # Staging: production's settings but a demo may run; the demo's simulators are the simulators host's (Simulators:HostUrl).
  (cd "$dir/host-$port" && ASPNETCORE_ENVIRONMENT=Staging exec env \
    Urls="http://127.0.0.1:$port" \
    PublicBaseUrl="http://127.0.0.1:$lb_port" \
    Database__Provider=Postgres Database__ConnectionString="$database" \
    Demo__Enabled=true \
    Simulators__HostUrl="http://127.0.0.1:$sim_port" Simulators__Smtp__Port="$smtp_port" \
    Simulators__DataFolder="$dir/host-$port/data" \
    OpenApi__Enabled=false \
    Network__TrustedProxies=127.0.0.1 \
    ${CLUSTER_HOST_ENV:-} \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
    dotnet "$host_dll" >"$dir/host-$port.log" 2>&1) &
  echo $! >"$dir/host-$port.pid"
}

write_nginx_conf() {
  mkdir -p "$dir/nginx/logs"
  {
    echo "# Written by scripts/cluster.sh; round robin over the platform hosts, no stickiness."
    echo "pid $dir/nginx/nginx.pid;"
    echo "error_log $dir/nginx/logs/error.log warn;"
    echo "worker_processes 1;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $dir/nginx/logs/access.log;"
    echo "  client_body_temp_path $dir/nginx/client_body; proxy_temp_path $dir/nginx/proxy;"
    echo "  fastcgi_temp_path $dir/nginx/fastcgi; uwsgi_temp_path $dir/nginx/uwsgi; scgi_temp_path $dir/nginx/scgi;"
    echo "  client_max_body_size 30m;"
    echo "  upstream platform {"
    for port in $host_ports; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"; done
    echo "    keepalive 32;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$lb_port;"
    echo "    location / {"
    echo "      proxy_pass http://platform;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Connection \"\";"
    echo "      proxy_set_header Host \$http_host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
    echo "      # Event streams (youth chat, live updates) pass through unbuffered and may stay open."
    echo "      proxy_buffering off;"
    echo "      proxy_read_timeout 1h;"
    echo "      # A host that refuses the connection or dies before answering: the next one, for requests nginx may repeat"
    echo "      # (GET, HEAD; never a POST). A host's own 503 (its database away) is the answer: the others would say the same."
    echo "      proxy_next_upstream error timeout;"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$dir/nginx/nginx.conf"
}

# Debian puts nginx in /usr/sbin, which a user's PATH may lack.
nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

start_nginx() {
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    # As root (CI, a fresh machine) the script installs it, as scripts/ensure-rabbitmq.sh does its broker.
    [ "$(id -u)" = "0" ] || { echo "nginx is not installed: apt-get install -y nginx" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq -o DPkg::Lock::Timeout=120 nginx >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=120 nginx >/dev/null; }
  fi
  alive "$dir/nginx/nginx.pid" && return 0
  write_nginx_conf
  "$(nginx_bin)" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log"
}

stop_pid() { # pidfile what
  if alive "$1"; then
    local pid; pid="$(cat "$1")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "stopped $2"
  fi
  rm -f "$1"
}

up() {
  mkdir -p "$dir"
  build_if_missing "${1:-}"
  start_postgres
  start_simulators
  wait_for "http://127.0.0.1:$sim_port/health/live" 60 "the simulators host" "$dir/simulators.pid"
  # The first host migrates the database alone; the others then start together (the demo's seeding takes turns).
  set -- $host_ports
  start_host "$1"
  wait_for "http://127.0.0.1:$1/health/ready" 180 "the platform host on $1" "$dir/host-$1.pid"
  shift
  for port in "$@"; do start_host "$port"; done
  for port in "$@"; do wait_for "http://127.0.0.1:$port/health/ready" 180 "the platform host on $port" "$dir/host-$port.pid"; done
  start_nginx
  wait_for "http://127.0.0.1:$lb_port/health/ready" 20 "nginx"
  status
}

down() {
  if [ -f "$dir/nginx/nginx.pid" ]; then
    "$(nginx_bin)" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" -s quit 2>/dev/null || stop_pid "$dir/nginx/nginx.pid" nginx
    for _ in $(seq 1 20); do [ -f "$dir/nginx/nginx.pid" ] || break; sleep 0.25; done
    echo "stopped nginx"
  fi
  for port in $host_ports; do stop_pid "$dir/host-$port.pid" "the platform host on $port"; done
  stop_pid "$dir/simulators.pid" "the simulators host"
  if [ -n "$pg_bin" ] && [ -f "$dir/pg/postmaster.pid" ]; then
    as_db_owner "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 && echo "stopped PostgreSQL on $pg_port" || true
  fi
}

line() { # what pidfile url
  local state="stopped"
  alive "$2" && state="running (pid $(cat "$2"))"
  local answer="-"
  [ -n "$3" ] && { answers "$3" && answer="answers" || answer="no answer"; }
  printf '%-34s %-22s %s\n' "$1" "$state" "$answer"
}

status() {
  local pg="stopped"
  [ -n "$pg_bin" ] && "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && pg="answers"
  printf '%-34s %s\n' "PostgreSQL 127.0.0.1:$pg_port" "$pg"
  line "simulators 127.0.0.1:$sim_port (SMTP $smtp_port)" "$dir/simulators.pid" "http://127.0.0.1:$sim_port/health/live"
  for port in $host_ports; do line "platform host 127.0.0.1:$port" "$dir/host-$port.pid" "http://127.0.0.1:$port/health/ready"; done
  line "nginx 127.0.0.1:$lb_port" "$dir/nginx/nginx.pid" "http://127.0.0.1:$lb_port/health/ready"
  echo "logs: $dir"
}

kill_host() { # port
  [ -n "${1:-}" ] || { echo "usage: scripts/cluster.sh kill PORT" >&2; exit 2; }
  if alive "$dir/host-$1.pid"; then kill -9 "$(cat "$dir/host-$1.pid")"; echo "killed the platform host on $1"; fi
  rm -f "$dir/host-$1.pid"
}

restart_postgres() {
  as_db_owner "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w restart -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" -l "$dir/pg/log" >/dev/null
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && echo "restarted PostgreSQL on $pg_port"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) down ;;
  status) status ;;
  kill) kill_host "${2:-}" ;;
  start) [ -n "${2:-}" ] || { echo "usage: scripts/cluster.sh start PORT" >&2; exit 2; }
    start_host "$2"; wait_for "http://127.0.0.1:$2/health/ready" 180 "the platform host on $2" "$dir/host-$2.pid" ;;
  restart-postgres) restart_postgres ;;
  *) echo "usage: scripts/cluster.sh up [--build]|down|status|kill PORT|start PORT|restart-postgres" >&2; exit 2 ;;
esac
