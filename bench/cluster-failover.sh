#!/usr/bin/env bash
# Failover time of `actors serve --cluster`: three nodes of the packaged jar (bin/cluster-local),
# 30 counters spread over them, one node killed with `kill -9`; the time until every counter
# answers again through the surviving nodes (each counter polled on its own: a GET every 100 ms,
# each waiting up to 10 s). Fresh cluster per round; medians of ROUNDS (3).
#
#   bench/cluster-failover.sh [KILL]    KILL = node to kill: 3 (default), or 1 (the oldest: it
#                                       holds the shard coordinator and serves the H2 journal)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kill_node=${1:-3} rounds=${ROUNDS:-3} counters=30
http=${BENCH_PORT:-18300} artery=$((http + 100))
results=()
for ((round = 1; round <= rounds; round++)); do
  dir=$(mktemp -d /tmp/cluster-failover.XXXXXX)
  "$root/bin/cluster-local" 3 --data "$dir" --port "$http" --node-port "$artery" >"$dir/nodes" 2>"$dir/err" &
  cluster=$!
  until [ "$(grep -c '^node ' "$dir/nodes")" -ge 3 ]; do
    kill -0 "$cluster" 2>/dev/null || { cat "$dir/err" >&2; exit 2; }
    sleep 0.2
  done
  survivor=$((kill_node == 1 ? http + 1 : http))
  for ((c = 0; c < counters; c++)); do
    curl -sf -o /dev/null -X POST "127.0.0.1:$survivor/counters/f$c/increment"
  done
  pid=$(sed -n "s/^node $kill_node .* pid //p" "$dir/nodes")
  start=$(date +%s.%N)
  kill -9 "$pid"
  for ((c = 0; c < counters; c++)); do
    (
      until curl -sf -m 10 -o /dev/null "127.0.0.1:$survivor/counters/f$c"; do sleep 0.1; done
      date +%s.%N >"$dir/up-$c"
    ) &
  done
  wait $(jobs -p | grep -v "^$cluster$") 2>/dev/null || true
  last=$(cat "$dir"/up-* | sort -n | tail -n 1)
  seconds=$(awk "BEGIN { printf \"%.1f\", $last - $start }")
  echo "round $round: killed node $kill_node; every counter answers again after ${seconds} s"
  results+=("$seconds")
  kill -TERM "$cluster"
  wait "$cluster" || true
  rm -rf "$dir"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((rounds + 1) / 2))p")
echo "median of $rounds rounds: ${median} s (kill -9 of node $kill_node of 3; $(nproc) cores)"
