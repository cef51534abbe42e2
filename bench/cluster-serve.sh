#!/usr/bin/env bash
# N nodes of `actors serve --cluster` (bin/cluster-local) behind one nginx on 127.0.0.1:PORT that
# spreads requests over them round-robin: a server for ../shared/bench/service.sh, which loads one
# port. Stops both on SIGTERM.
#
#   bench/cluster-serve.sh PORT N [-- SERVE OPTIONS...]
#   ../shared/bench/service.sh 'one=bench/cluster-serve.sh {port} 1' 'three=bench/cluster-serve.sh {port} 3'
#
# The nodes use PORT+100.. (HTTP) and PORT+200.. (Artery). service.sh's CPU and RSS columns measure
# this script, not the nodes: read the req/s and latency columns only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=$1 n=$2
shift 2
[ "${1:-}" = -- ] && shift
dir=$(mktemp -d /tmp/cluster-serve.XXXXXX)
"$root/bin/cluster-local" "$n" --data "$dir/data" --port $((port + 100)) --node-port $((port + 200)) \
  -- "$@" >"$dir/nodes" 2>"$dir/cluster-local.err" &
cluster=$!
until [ "$(grep -c '^node ' "$dir/nodes")" -ge "$n" ]; do
  kill -0 "$cluster" 2>/dev/null || { cat "$dir/cluster-local.err" >&2; exit 2; }
  sleep 0.2
done
{
  echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx.err;"
  echo "events { worker_connections 1024; }"
  echo "http { access_log off; client_body_temp_path $dir; proxy_temp_path $dir;"
  echo "  upstream nodes {"
  for ((i = 0; i < n; i++)); do echo "    server 127.0.0.1:$((port + 100 + i));"; done
  echo "    keepalive 64; }"
  echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://nodes;"
  echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
} >"$dir/nginx.conf"
nginx -c "$dir/nginx.conf" -p "$dir" -g 'daemon off;' &
lb=$!
# A benchmark run's nodes and data are thrown away: stop them at once (service.sh gives a server
# 10 s before it kills it, and three nodes leaving together take about that long).
stop() {
  kill -TERM "$lb" 2>/dev/null || true
  pkill -9 -P "$cluster" 2>/dev/null || true
  kill -TERM "$cluster" 2>/dev/null || true
}
trap stop TERM INT
wait "$cluster" || true
wait "$lb" || true
rm -rf "$dir"
