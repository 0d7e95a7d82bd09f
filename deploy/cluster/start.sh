#!/usr/bin/env bash
# A Coffer deployment on this machine, in one command: a PostgreSQL cluster for metadata, N nodes sharing one data
# directory for blobs, and haproxy in front, health-checking each node. Prints the endpoint and the root credentials.
#
#   deploy/cluster/start.sh [--dir DIR] [--nodes 3] [--port 9100] [--node-port 9101] [--pg-port 5433]
#   deploy/cluster/stop.sh  [--dir DIR]
#
# Needs Debian's postgresql and haproxy packages (apt-get install postgresql haproxy), and coffer: the `coffer` on
# PATH, else this checkout's Release build (COFFER=... names another). Everything lives under DIR (default
# /tmp/coffer-cluster): pg/ (the database cluster), data/ (the shared blobs), logs/, and the processes' pid files.
set -euo pipefail

dir=/tmp/coffer-cluster
nodes=3
port=9100
node_port=9101
pg_port=5433
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --node-port) node_port=$2; shift 2 ;;
    --pg-port) pg_port=$2; shift 2 ;;
    *) echo "start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -n "${COFFER:-}" ]; then
  read -r -a coffer <<<"$COFFER"
elif command -v coffer >/dev/null 2>&1; then
  coffer=(coffer)
elif [ -f "$repo/src/Server/bin/Release/net10.0/coffer.dll" ]; then
  coffer=(dotnet "$repo/src/Server/bin/Release/net10.0/coffer.dll")
else
  echo "start.sh: no coffer: put it on PATH, set COFFER, or build this checkout (dotnet build -c Release)" >&2
  exit 1
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || pg_bin=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
[ -x "$pg_bin/initdb" ] || { echo "start.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
command -v haproxy >/dev/null 2>&1 || { echo "start.sh: haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }

probe() { if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null "$1"; else wget -q -O /dev/null "$1"; fi; }

# initdb refuses to run as root: as root, PostgreSQL runs as the postgres user Debian's package creates.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir/logs" "$dir/data"
if [ ! -d "$dir/pg" ]; then
  mkdir -p "$dir/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir/pg"
  as_pg "$pg_bin/initdb" -D "$dir/pg" -U coffer -A trust -E UTF8 --locale=C.UTF-8 >"$dir/logs/initdb.log"
fi
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir/logs"
as_pg "$pg_bin/pg_ctl" start -D "$dir/pg" -l "$dir/logs/postgresql.log" -w \
  -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U coffer -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'coffer'" | grep -q 1 \
  || "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U coffer -d postgres -qc "CREATE DATABASE coffer"
metadata="postgresql://coffer@127.0.0.1:$pg_port/coffer"

# The nodes start one after another, so the first makes the shared secrets (root credentials, keys) the rest read.
for i in $(seq 1 "$nodes"); do
  p=$((node_port + i - 1))
  COFFER_METADATA=$metadata COFFER_DATA=$dir/data COFFER_ADDRESS=127.0.0.1:$p \
    nohup "${coffer[@]}" server </dev/null >"$dir/logs/node$i.log" 2>&1 &
  echo $! >"$dir/node$i.pid"
  for _ in $(seq 1 300); do
    if probe "http://127.0.0.1:$p/_coffer/health/ready" 2>/dev/null; then break; fi
    if ! kill -0 "$(cat "$dir/node$i.pid")" 2>/dev/null; then
      echo "start.sh: node $i did not start:" >&2; tail -n 5 "$dir/logs/node$i.log" >&2; exit 1
    fi
    sleep 0.2
  done
done

cp "$here/haproxy.cfg" "$dir/haproxy.cfg"
for i in $(seq 1 "$nodes"); do
  echo "    server node$i 127.0.0.1:$((node_port + i - 1)) check" >>"$dir/haproxy.cfg"
done
COFFER_LB_PORT=$port haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid" </dev/null >"$dir/logs/haproxy.log" 2>&1 \
  || { echo "start.sh: haproxy did not start:" >&2; cat "$dir/logs/haproxy.log" >&2; exit 1; }

echo "Coffer cluster: $nodes nodes behind haproxy"
echo "  endpoint:  http://127.0.0.1:$port"
echo "  nodes:     $(for i in $(seq 1 "$nodes"); do printf 'http://127.0.0.1:%s ' $((node_port + i - 1)); done)"
echo "  metadata:  $metadata"
echo "  data:      $dir/data"
if [ -n "${COFFER_ROOT_USER:-}" ]; then
  echo "  root key:  $COFFER_ROOT_USER (from COFFER_ROOT_USER / COFFER_ROOT_PASSWORD)"
else
  echo "  root key:  see $dir/data/root-credentials.json (or node1's banner in $dir/logs/node1.log)"
fi
echo "  stop with: $here/stop.sh --dir $dir"
