#!/usr/bin/env bash
# Starts (or reuses) a RabbitMQ broker with AMQP 1.0 for the tests of the national EPJ transport and prints its
# address last (amqp://user:password@127.0.0.1:5672). Installs Debian's rabbitmq-server when run as root and it is
# missing. Started with -detached, never through systemd or the init script: this machine has no systemd, and the
# init script's stop hangs on a broker started the other way, so one way only.
# The tests declare their own queues (each test class its own HER-ids); this script creates the user only.
set -euo pipefail
user=digi
password=digi

if ! command -v rabbitmq-server >/dev/null 2>&1 && [ ! -x /usr/sbin/rabbitmq-server ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "RabbitMQ is not installed (apt-get install -y rabbitmq-server)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq rabbitmq-server >&2
fi
export PATH="$PATH:/usr/sbin:/usr/lib/rabbitmq/bin"

pidfile="/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid"
# The plugins file is read at start; enabling offline needs no running broker.
rabbitmq-plugins enable --offline rabbitmq_amqp1_0 rabbitmq_management >/dev/null 2>&1 || rabbitmq-plugins enable --offline rabbitmq_amqp1_0 >&2

if rabbitmqctl -q list_users >/dev/null 2>&1; then
  : # running and taking connections
elif rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  # The node runs but its application was stopped (rabbitmqctl stop_app, as the broker-restart test does, left so by a
  # run killed half way): start the application, not a second node.
  rabbitmqctl -q start_app >&2 || { echo "RabbitMQ's application did not start." >&2; exit 1; }
else
  # Run as the rabbitmq user when root, as the Debian package expects (its files belong to that user).
  if [ "$(id -u)" = "0" ] && id rabbitmq >/dev/null 2>&1; then
    su rabbitmq -s /bin/sh -c "PATH=$PATH rabbitmq-server -detached" >&2
  else
    rabbitmq-server -detached >&2
  fi
  # await_startup straight after -detached fails (exit 69); waiting on the pid file works.
  rabbitmqctl wait --timeout 90 "$pidfile" >&2 || { echo "RabbitMQ did not start." >&2; exit 1; }
fi

if ! rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qx "$user"; then
  rabbitmqctl -q add_user "$user" "$password" >&2
  rabbitmqctl -q set_permissions -p / "$user" ".*" ".*" ".*" >&2
  rabbitmqctl -q set_user_tags "$user" administrator >&2
fi
echo "amqp://$user:$password@127.0.0.1:5672"
