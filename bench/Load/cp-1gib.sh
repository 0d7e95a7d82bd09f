#!/usr/bin/env bash
# `aws s3 cp` of a random file (1 GiB unless SIZE says otherwise) up to a Release coffer server on loopback and back
# down, timing both and sampling the server's resident memory every 0.5 s. Recipe: README.md beside this script;
# recorded figures: docs/benchmarks.md. Everything it creates goes under $WORK, and all but the logs go at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
port=${PORT:-9100}
size=${SIZE:-1G}
work=${WORK:-/tmp/coffer-cp-bench}
endpoint="http://127.0.0.1:$port"
server_dll="$repo/src/Server/bin/Release/net10.0/coffer.dll"

if [[ ! -f $server_dll ]]; then
  echo "No Release build at $server_dll: run 'dotnet build -c Release src/Server' first." >&2
  exit 1
fi

export AWS_ACCESS_KEY_ID=AKBENCH AWS_SECRET_ACCESS_KEY=SKBENCHSKBENCHSKBENCH AWS_DEFAULT_REGION=us-east-1
aws=(aws --endpoint-url "$endpoint")

rm -rf "$work"
mkdir -p "$work"
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work/data" "$work/upload.bin" "$work/download.bin"
}
trap cleanup EXIT

# 1. The file first, so that writing it does not overlap the server's start.
head -c "$size" /dev/urandom > "$work/upload.bin"
bytes=$(stat -c %s "$work/upload.bin")

# 2. The server, with root credentials matching the client's, and a moment to settle before the idle reading.
COFFER_ROOT_USER=$AWS_ACCESS_KEY_ID COFFER_ROOT_PASSWORD=$AWS_SECRET_ACCESS_KEY \
  dotnet "$server_dll" server --data "$work/data" --address "127.0.0.1:$port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "$endpoint/" && break
  sleep 0.2
done
sleep 3

kib() { awk -v name="$1:" '$1 == name { print $2 }' "/proc/$server_pid/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
echo "idle: VmRSS $(mib "$(kib VmRSS)")"

# Runs a command while sampling the server's VmRSS, then prints its duration, throughput and peak memory.
measure() {
  local label=$1
  shift
  (while kill -0 "$server_pid" 2>/dev/null; do kib VmRSS; sleep 0.5; done) > "$work/rss-$label.txt" &
  local sampler=$! start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  local peak
  peak=$(sort -n "$work/rss-$label.txt" | tail -n 1)
  awk -v s="$start" -v e="$end" -v b="$bytes" -v label="$label" -v peak="$peak" -v n="$(wc -l < "$work/rss-$label.txt")" \
    'BEGIN { t = e - s; printf "%s: %.2f s, %.1f MB/s (%.1f MiB/s); peak sampled VmRSS %.1f MiB over %d samples\n",
             label, t, b / t / 1e6, b / t / 1048576, peak / 1024, n }'
  echo "  VmHWM so far: $(mib "$(kib VmHWM)")"
}

# 3. Up, then down: the CLI uploads in 8 MiB parts, 10 at a time, and downloads in ranged GETs.
"${aws[@]}" s3 mb s3://bench
measure upload "${aws[@]}" s3 cp --only-show-errors "$work/upload.bin" s3://bench/object.bin
measure download "${aws[@]}" s3 cp --only-show-errors s3://bench/object.bin "$work/download.bin"

# 4. What the server says about the object, and whether the bytes came back whole.
"${aws[@]}" s3api head-object --bucket bench --key object.bin --checksum-mode ENABLED
up=$(sha256sum < "$work/upload.bin")
down=$(sha256sum < "$work/download.bin")
if [[ $up != "$down" ]]; then
  echo "sha256 differs: ${up%% *} up, ${down%% *} down" >&2
  exit 1
fi
echo "sha256 equal: ${up%% *}"
