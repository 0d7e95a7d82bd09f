#!/usr/bin/env bash
# The mixed workload through haproxy in front of N Coffer nodes on one PostgreSQL database (deploy/cluster/start.sh), and
# what each request costs each part: CPU milliseconds per request of the nodes, of PostgreSQL and of haproxy, read from
# /proc before and after the run. On one machine the parts share its cores, so this measures cost, not scaling; the
# arithmetic for N machines is in docs/scale-out.md. Prints one table; the load generator's JSON stays under $WORK.
#
# Knobs (environment): WORK (default /tmp/coffer-bench-cluster), NODES (3), DURATION (seconds, default 20),
# CONCURRENCY (32), PORT (haproxy, 9700; nodes take the next NODES ports), PG_PORT (9720), SIZE (4KiB).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/coffer-bench-cluster}
nodes=${NODES:-3}
duration=${DURATION:-20}
concurrency=${CONCURRENCY:-32}
port=${PORT:-9700}
pg_port=${PG_PORT:-9720}
size=${SIZE:-4KiB}
access_key=AKBENCHCLUSTER
secret_key=bench-cluster-secret-key-0123456789

dotnet build -c Release -v q -nologo "$repo/src/Server/Server.csproj" > /dev/null
dotnet build -c Release -v q -nologo "$repo/bench/Load/Load.csproj" > /dev/null

"$repo/deploy/cluster/stop.sh" --dir "$work" > /dev/null 2>&1 || true
rm -rf "$work"
export COFFER_ROOT_USER=$access_key COFFER_ROOT_PASSWORD=$secret_key
"$repo/deploy/cluster/start.sh" --dir "$work" --nodes "$nodes" --port "$port" --node-port $((port + 1)) --pg-port "$pg_port" >&2
trap '"$repo/deploy/cluster/stop.sh" --dir "$work" > /dev/null 2>&1 || true' EXIT

ticks=$(getconf CLK_TCK)
# CPU time, in clock ticks, of the given processes (user + system; what a process's own threads used).
cpu_of() {
  local total=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
node_pids() { cat "$work"/node*.pid; }
haproxy_pids() { cat "$work/haproxy.pid"; }
# The postmaster and every process it started: backends come and go with connections, so they are listed each time.
postgres_pids() {
  local main
  main=$(head -1 "$work/pg/postmaster.pid")
  echo "$main"
  pgrep -P "$main" || true
}

load() {
  dotnet "$repo/bench/Load/bin/Release/net10.0/coffer-load.dll" "$@" \
    --endpoint "http://127.0.0.1:$port" --access-key "$access_key" --secret-key "$secret_key"
}

# Neither the warm-up nor the objects the run reads (written by a put run of the same keys) are measured.
load mixed --size "$size" --concurrency "$concurrency" --prefix warm-up/ --duration 5s --warmup 5s --label warm-up > /dev/null
load put --size "$size" --concurrency "$concurrency" --prefix cluster/ --objects 1024 --ops 1024 --no-prepare --warmup 0s --label prepare > /dev/null

# Backends that end during the run take their CPU time with them; pooled connections stay open, so few do.
before_nodes=$(cpu_of $(node_pids)) before_pg=$(cpu_of $(postgres_pids)) before_lb=$(cpu_of $(haproxy_pids))
load mixed --size "$size" --concurrency "$concurrency" --prefix cluster/ --objects 1024 --no-prepare --duration "${duration}s" --warmup 0s \
  --label "cluster-$nodes" --json "$work/mixed.json" >&2
after_nodes=$(cpu_of $(node_pids)) after_pg=$(cpu_of $(postgres_pids)) after_lb=$(cpu_of $(haproxy_pids))

python3 - "$work/mixed.json" "$ticks" "$nodes" "$size" \
  $((after_nodes - before_nodes)) $((after_pg - before_pg)) $((after_lb - before_lb)) <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
ticks, nodes = int(sys.argv[2]), int(sys.argv[3])
size = sys.argv[4]
node_cpu, pg_cpu, lb_cpu = (int(v) / ticks for v in sys.argv[5:8])
ops, seconds = result["ops"], result["seconds"]
per = lambda cpu: 1000 * cpu / ops
print(f"| {nodes} nodes behind haproxy, mixed {size} at c={result['concurrency']} | Figure |")
print("|---|---:|")
print(f"| requests | {ops:,} in {seconds:.1f} s, {result['opsPerSecond']:,.0f}/s, {result['errors']} errors |")
for name, op in sorted(result.get("operations", {}).items()):
    print(f"| {name} | {op['opsPerSecond']:,.0f}/s, p50 {op['latencyMs']['p50']:.2f} ms, p99 {op['latencyMs']['p99']:.2f} ms |")
print(f"| CPU per request, all nodes together | {per(node_cpu):.3f} ms |")
print(f"| CPU per request, PostgreSQL | {per(pg_cpu):.3f} ms |")
print(f"| CPU per request, haproxy | {per(lb_cpu):.3f} ms |")
print(f"| CPU used in the run (nodes + PostgreSQL + haproxy) / wall time | {(node_cpu + pg_cpu + lb_cpu) / seconds:.2f} cores |")
EOF
