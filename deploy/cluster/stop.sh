#!/usr/bin/env bash
# Stops what deploy/cluster/start.sh started under DIR (default /tmp/coffer-cluster): haproxy, the nodes (SIGTERM, so
# they drain), then PostgreSQL. The data stays; start.sh brings the same deployment back.
set -uo pipefail

dir=/tmp/coffer-cluster
[ "${1:-}" = "--dir" ] && dir=$2

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

[ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null
for pidfile in "$dir"/node*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  rm -f "$pidfile"
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || pg_bin=$(dirname "$(command -v pg_ctl)")
[ -d "$dir/pg" ] && as_pg "$pg_bin/pg_ctl" stop -D "$dir/pg" -m fast -w >/dev/null 2>&1
rm -f "$dir/haproxy.pid"
echo "Coffer cluster under $dir stopped"
