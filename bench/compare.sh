#!/usr/bin/env bash
# Coffer beside nginx on this machine, in one run: the same workloads from the same load generator (bench/Load) against
# a Release `coffer server` and an nginx serving a folder on the same disk with WebDAV PUT. Prints one table with each
# figure and the ratio Coffer/nginx, Coffer's peak RSS per workload, and its start-up time. Recipe and recorded runs:
# docs/benchmarks.md. Everything goes under $WORK; the data folders are deleted at the end, the logs and JSON stay.
#
# Knobs (environment): WORK, COFFER_PORT, NGINX_PORT, DURATION (seconds per small-object run, default 10),
# BIG_DURATION (256 MiB runs, default 15), LIST_KEYS (default 1000000), LIST_PREFIXES (default 10000),
# LIST_DURATION (seconds of full listings, default 30; at least one must finish), LC_KEYS, LC_GET_DURATION,
# SERVER_BIN (a built coffer folder to run instead of this checkout's Release build, for before/after runs),
# METADATA (sqlite, the default, or postgresql: Coffer keeps its metadata in a PostgreSQL cluster of its own under
#   $WORK/pg, from Debian's postgresql package, durable as in production (fsync and synchronous_commit on), on PG_PORT,
#   default 9512; a run of each gives the two columns of docs/scale-out.md; PG_QUERY adds connection settings to the
#   URI, e.g. PG_QUERY='Maximum%20Pool%20Size=8'),
# SKIP (space-separated words; a row runs only when none of its words is skipped):
#   small      the 4 KiB rows (GET, HEAD, PUT, versioned PUT, mixed)
#   delete     DELETE of 4 KiB objects
#   big        256 MiB GET and PUT at c=4 beside nginx, their SSE-S3 twins, and all the 1 GiB rows below
#   sse        the SSE-S3 rows, Coffer alone (nginx has no encryption): put-256m-sse, get-256m-sse,
#              range-1m-of-1g-sse, get-1g-sse; each is compared with its plain twin from the same run
#   range      the 1 GiB rows: 1 MiB ranged GETs of plain and of sealed objects, and whole GETs of the sealed ones
#              (they store 8 GiB under $WORK)
#   memory     32 clients each PUT 256 MiB
#   multipart  multipart uploads of 256 MiB
#   list       a million keys listed
#   lifecycle  Coffer alone: a lifecycle pass that expires LC_KEYS (default 1000000) zero-byte objects, and 4 KiB GETs
#              (c=32, LC_GET_DURATION seconds, default 20) on the idle server, then while the pass runs
# e.g. SKIP="small delete memory multipart list" for the big rows alone, or add sse for them without encryption.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/coffer-compare}
coffer_port=${COFFER_PORT:-9510}
nginx_port=${NGINX_PORT:-9511}
duration=${DURATION:-10}
big_duration=${BIG_DURATION:-15}
list_keys=${LIST_KEYS:-1000000}
list_prefixes=${LIST_PREFIXES:-10000}
lc_keys=${LC_KEYS:-1000000}
lc_get_duration=${LC_GET_DURATION:-20}
metadata=${METADATA:-sqlite}
pg_port=${PG_PORT:-9512}
skip=" ${SKIP:-} "
access_key=AKCOMPARE
secret_key=SKCOMPARESKCOMPARESKCOMPARE

server_dll="$repo/src/Server/bin/Release/net10.0/coffer.dll"
load_dll="$repo/bench/Load/bin/Release/net10.0/coffer-load.dll"
coffer_url="http://127.0.0.1:$coffer_port"
nginx_url="http://127.0.0.1:$nginx_port"

# True when none of the given words is in SKIP.
wanted() {
  local word
  for word in "$@"; do
    [[ $skip == *" $word "* ]] && return 1
  done
  return 0
}

# 1. What a fresh machine lacks: nginx (with its WebDAV module, which every Debian flavour builds in) and the builds.
if ! command -v nginx > /dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  echo "Installing nginx..." >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx > /dev/null \
    || { "${sudo_cmd[@]}" apt-get update -q > /dev/null && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx > /dev/null; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
echo "Building Coffer and the load generator (Release)..." >&2
dotnet build -c Release -v q -nologo "$repo/src/Server/Server.csproj" > "$work.build.log" 2>&1 || { cat "$work.build.log"; exit 1; }
dotnet build -c Release -v q -nologo "$repo/bench/Load/Load.csproj" >> "$work.build.log" 2>&1 || { cat "$work.build.log"; exit 1; }

rm -rf "$work"
mkdir -p "$work/results" "$work/nginx/html" "$work/nginx/body" "$work/nginx/logs"

# The server runs from its own copy, so that a rebuild in the repository during the run cannot pull files from under it.
cp -r "${SERVER_BIN:-$(dirname "$server_dll")}" "$work/coffer-bin"
server_dll="$work/coffer-bin/coffer.dll"

# With METADATA=postgresql, a cluster of its own (as the postgres user under root: initdb refuses root).
coffer_metadata=()
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin=""
if [[ $metadata == postgresql ]]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
  [[ -x $pg_bin/initdb ]] || { echo "METADATA=postgresql needs Debian's postgresql package" >&2; exit 1; }
  mkdir -p "$work/pg"
  [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$work/pg"
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U coffer -A trust -E UTF8 --locale=C.UTF-8 > "$work/pg-initdb.log"
  as_pg "$pg_bin/pg_ctl" start -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" > /dev/null
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U coffer -d postgres -qc "CREATE DATABASE coffer"
  coffer_metadata=(--metadata "postgresql://coffer@127.0.0.1:$pg_port/coffer${PG_QUERY:+?$PG_QUERY}")
  echo "Metadata: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port" >&2
fi

coffer_pid=""
nginx_pid=""
stop_coffer() {
  if [[ -n $coffer_pid ]]; then
    kill "$coffer_pid" 2> /dev/null || true
    wait "$coffer_pid" 2> /dev/null || true
    coffer_pid=""
  fi
}
cleanup() {
  stop_coffer
  if [[ -n $nginx_pid ]]; then
    kill "$nginx_pid" 2> /dev/null || true
    wait "$nginx_pid" 2> /dev/null || true
  fi
  if [[ -n $pg_bin ]]; then
    as_pg "$pg_bin/pg_ctl" stop -D "$work/pg/data" -m fast -w > /dev/null 2>&1 || true
  fi
  rm -rf "$work/coffer-data" "$work/coffer-bin" "$work/nginx/html" "$work/nginx/body" "$work/pg"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts Coffer on $work/coffer-data and sets startup_ms to the milliseconds from spawning the process to the first
# answered request (any HTTP status counts: an unsigned GET / is refused with 403, which proves the S3 stack is serving).
# Not called in $(...): the server must be this shell's child, for stop_coffer and the memory sampler.
startup_ms=""
coffer_started_ms=""
start_coffer() {
  local start
  start=$(now_ms)
  coffer_started_ms=$start
  COFFER_ROOT_USER=$access_key COFFER_ROOT_PASSWORD=$secret_key \
    dotnet "$server_dll" server --data "$work/coffer-data" "${coffer_metadata[@]}" --address "127.0.0.1:$coffer_port" >> "$work/coffer.log" 2>&1 &
  coffer_pid=$!
  for _ in $(seq 3000); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$coffer_url/" 2> /dev/null) != 000 ]]; then
      startup_ms=$(($(now_ms) - start))
      return
    fi
    sleep 0.005
  done
  echo "Coffer did not answer within 15 s; see $work/coffer.log" >&2
  exit 1
}

# 2. nginx: a folder on the same disk, WebDAV PUT/DELETE, no access log, keep-alive as long as the client wants.
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"
cat > "$work/nginx/nginx.conf" << EOF
$user_line
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/body;
  fastcgi_temp_path $work/nginx/body;
  uwsgi_temp_path $work/nginx/body;
  scgi_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    client_max_body_size 0;
    location / {
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
EOF
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" > "$work/nginx/logs/stdout.log" 2>&1 &
nginx_pid=$!

# 3. Coffer: the start-up time of a fresh data folder, then of a restart over it (the figure a user sees after an upgrade).
start_coffer
startup_fresh=$startup_ms
stop_coffer
start_coffer
startup_restart=$startup_ms
for _ in $(seq 200); do curl -s -o /dev/null "$nginx_url/" && break; sleep 0.05; done

kib() { awk -v name="$1:" '$1 == name { print $2 }' "/proc/$coffer_pid/status"; }

# Runs one workload of the load generator against one target. For Coffer, samples its VmRSS every 0.2 s meanwhile
# and adds the peak to the result file. Arguments: name, target (coffer|nginx), then the generator's own options.
run() {
  local name=$1 target=$2
  shift 2
  local out="$work/results/$name.$target.json" target_args sampler=""
  if [[ $target == coffer ]]; then
    target_args=(--endpoint "$coffer_url" --access-key "$access_key" --secret-key "$secret_key")
    (while kill -0 "$coffer_pid" 2> /dev/null; do kib VmRSS; sleep 0.2; done) > "$work/results/$name.rss" &
    sampler=$!
  else
    target_args=(--endpoint "$nginx_url" --mode http)
  fi
  echo "== $name on $target: $*" >&2
  dotnet "$load_dll" "$@" "${target_args[@]}" --label "$target" --json "$out" >&2
  if [[ -n $sampler ]]; then
    kill "$sampler" 2> /dev/null || true
    wait "$sampler" 2> /dev/null || true
    sort -n "$work/results/$name.rss" | tail -1 > "$work/results/$name.peak-kib"
  fi
}

both() {
  local name=$1
  shift
  run "$name" coffer "$@"
  run "$name" nginx "$@"
}

# 4. The workloads. Small objects at concurrency 32; 256 MiB objects at concurrency 4 (parallel transfers, as the aws CLI
#    and SDK transfer managers make them), then the memory case: 32 clients each PUT one 256 MiB object. The first run
#    warms up for 5 s, long enough for the JIT's second tier; the later ones find the server warm.
if wanted small; then
  both get-4k get --size 4KiB --concurrency 32 --objects 1024 --prefix small/ --duration "${duration}s" --warmup 5s
  both head-4k head --size 4KiB --concurrency 32 --objects 1024 --prefix small/ --no-prepare --duration "${duration}s"
  both put-4k put --size 4KiB --concurrency 32 --objects 1024 --prefix put/ --duration "${duration}s"
  # The same PUTs into a bucket with versioning enabled, where every PUT keeps a version (nginx has no versions).
  run put-4k-versioned coffer put --size 4KiB --concurrency 32 --objects 1024 --prefix put/ --bucket bench-versioned --versioning \
    --duration "${duration}s"
  both mixed-4k mixed --size 4KiB --concurrency 32 --objects 1024 --prefix mixed/ --duration "${duration}s"
fi
if wanted delete; then
  both delete-4k delete --size 4KiB --concurrency 32 --ops 20000 --prefix delete/
fi
# Each SSE-S3 row follows its plain twin, so that both see the machine in the same state (issue 16: >= 80% of it).
if wanted big; then
  both get-256m get --size 256MiB --concurrency 4 --objects 8 --prefix big/ --duration "${big_duration}s"
  if wanted sse; then
    run get-256m-sse coffer get --size 256MiB --concurrency 4 --objects 8 --prefix big-sse/ --sse AES256 --duration "${big_duration}s"
  fi
  both put-256m put --size 256MiB --concurrency 4 --objects 8 --prefix bigput/ --duration "${big_duration}s"
  if wanted sse; then
    run put-256m-sse coffer put --size 256MiB --concurrency 4 --objects 8 --prefix bigput-sse/ --sse AES256 --duration "${big_duration}s"
  fi
fi
if wanted big range; then
  # 1 MiB ranges from the middle half of 1 GiB objects: plain, then sealed, where only the 64 KiB segments a range
  # covers should be opened. Then whole GETs of the same sealed objects: the latency a range would approach if the
  # server decrypted the whole object (or everything before the range) to answer it.
  range_args=(get --size 1GiB --objects 4 --concurrency 4 --range-size 1MiB --duration "${duration}s")
  run range-1m-of-1g coffer "${range_args[@]}" --prefix range/
  if wanted sse; then
    run range-1m-of-1g-sse coffer "${range_args[@]}" --prefix range-sse/ --sse AES256
    run get-1g-sse coffer get --size 1GiB --objects 4 --concurrency 4 --prefix range-sse/ --no-prepare --sse AES256 --duration "${big_duration}s"
  fi
fi
if wanted memory; then
  run put-256m-c32 coffer put --size 256MiB --concurrency 32 --objects 32 --ops 32 --warmup 0s --prefix memory/
fi
if wanted multipart; then
  run multipart-256m coffer multipart --size 256MiB --part-size 16MiB --concurrency 4 --objects 8 --prefix multipart/ --duration "${big_duration}s"
fi
if wanted list; then
  # Preparing the keys (zero-byte PUTs at concurrency 64) is its own untimed step; then one client lists.
  list_args=(--bucket bench-list --objects "$list_keys" --prefixes "$list_prefixes" --prefix "")
  run list-prepare coffer list "${list_args[@]}" --concurrency 64 --duration 1s --warmup 0s
  run list-full coffer list "${list_args[@]}" --no-prepare --concurrency 1 --duration "${LIST_DURATION:-30}s" --warmup 0s
  run list-delimiter coffer list "${list_args[@]}" --no-prepare --delimiter / --concurrency 1 --duration 5s
fi

if wanted lifecycle; then
  # The rule expires everything in bench-lc by a Date already past, so real days apply and the server's own passes
  # stay out of the way: its first pass runs a minute after start (waited out below, before the rule exists), the
  # next at midnight UTC. The GETs read another bucket, so the pass never touches what they read.
  lc_args=(--bucket bench-lc --objects "$lc_keys" --prefixes 0 --prefix "")
  run lifecycle-prepare coffer list "${lc_args[@]}" --concurrency 64 --ops 1 --warmup 0s
  get_args=(get --size 4KiB --concurrency 32 --objects 1024 --prefix lc-get/ --duration "${lc_get_duration}s")
  run lifecycle-get-idle coffer "${get_args[@]}" --warmup 5s
  while (($(now_ms) - coffer_started_ms < 65000)); do sleep 1; done
  cat > "$work/lifecycle.xml" << 'EOF'
<LifecycleConfiguration><Rule><ID>expire-all</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><Date>2020-01-01T00:00:00Z</Date></Expiration></Rule></LifecycleConfiguration>
EOF
  curl -sSf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" -X PUT \
    -H "Content-MD5: $(openssl md5 -binary "$work/lifecycle.xml" | base64)" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -H "Content-Type: application/xml" \
    --data-binary "@$work/lifecycle.xml" "$coffer_url/bench-lc?lifecycle=" > /dev/null
  echo "== lifecycle pass over $lc_keys objects, with GETs beside it" >&2
  (while kill -0 "$coffer_pid" 2> /dev/null; do kib VmRSS; sleep 0.2; done) > "$work/results/lifecycle-pass.rss" &
  lc_sampler=$!
  lc_start=$(now_ms)
  COFFER_ROOT_USER=$access_key COFFER_ROOT_PASSWORD=$secret_key \
    dotnet "$server_dll" admin lifecycle run bench-lc --endpoint "$coffer_url" > "$work/results/lifecycle-pass.txt" 2>&1 &
  lc_pid=$!
  run lifecycle-get-busy coffer "${get_args[@]}" --no-prepare --warmup 0s
  get_end=$(now_ms)
  wait "$lc_pid" || { cat "$work/results/lifecycle-pass.txt" >&2; exit 1; }
  lc_end=$(now_ms)
  kill "$lc_sampler" 2> /dev/null || true
  wait "$lc_sampler" 2> /dev/null || true
  sort -n "$work/results/lifecycle-pass.rss" | tail -1 > "$work/results/lifecycle-pass.peak-kib"
  cat "$work/results/lifecycle-pass.txt" >&2
  # The admin command's row: BUCKET EXAMINED EXPIRED ...
  expired=$(awk '$1 == "bench-lc" { print $3 }' "$work/results/lifecycle-pass.txt")
  inside=false
  ((get_end <= lc_end)) && inside=true
  printf '{"keys": %s, "expired": %s, "seconds": %s, "getsEndedInsidePass": %s}\n' "$lc_keys" "${expired:-0}" \
    "$(awk -v ms=$((lc_end - lc_start)) 'BEGIN { print ms / 1000 }')" "$inside" > "$work/results/lifecycle-pass.coffer.json"
fi

# 5. One table.
git_commit=$(git -C "$repo" rev-parse --short HEAD 2> /dev/null || echo unknown)
python3 "$repo/bench/compare-table.py" "$work/results" "$startup_fresh" "$startup_restart" "$git_commit"
