#!/usr/bin/env bash
# Warm jobs in running `actors serve` servers, each round one job per server (bench/serve-job.sh)
# and then curl's whole run of the same list, so that every round has curl measured within
# seconds of its jobs.
# Start the servers first, their data on /dev/shm (serve-job.sh moves a job's files by a rename):
#
#   java -XX:+UseSerialGC -jar target/actors.jar serve --port 18071 --data /dev/shm/sj18071 &
#   java -XX:+UseSerialGC -Dpekko...=... -jar target/actors.jar serve --port 18072 --data /dev/shm/sj18072 &
#   bench/serve-rounds.sh 30 21 S.txt 18071:/dev/shm/sj18071 18072:/dev/shm/sj18072
#
# ROUNDS rounds; the summary is over rounds FROM..ROUNDS (the earlier ones warm the JIT up: on 2
# cores a server needs about twenty S jobs). Per round and server: the job's wall (POST to its end
# event, with the check and move), its run (to the end event) and the server's CPU seconds (from
# /proc); curl's wall and CPU. The summary gives medians [min-max] and the median of the rounds'
# curl/job ratios (> 1: the job was faster than curl).
set -euo pipefail
(($# >= 4)) || { echo "usage: bench/serve-rounds.sh ROUNDS FROM LIST PORT:DATA..." >&2; exit 2; }
rounds=$1 from=$2 list=$3
((from >= 1 && from <= rounds)) || { echo "serve-rounds: FROM must be 1..ROUNDS" >&2; exit 2; }
shift 3
here=$(cd "$(dirname "$0")" && pwd)
hz=$(getconf CLK_TCK)
log=$(mktemp)
times=$(mktemp)
trap 'rm -f "$log" "$times" "$times.e"' EXIT
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for ((r = 1; r <= rounds; r++)); do
  line="round $r:"
  for server in "$@"; do
    port=${server%%:*} data=${server#*:}
    pid=$(ss -ltnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
    [ -n "$pid" ] || { echo "serve-rounds: nothing listens on $port" >&2; exit 1; }
    out=/dev/shm/serve-rounds-$port
    rm -rf "$out"; mkdir -p "$out"
    c0=$(cpu "$pid")
    SERVE_JOB_TIMES=1 /usr/bin/time -o "$times" -f %e "$here/serve-job.sh" "$port" "$data" "$list" "$out" 2> "$times.e"
    c1=$(cpu "$pid")
    run=$(sed -n 's/.*run \([0-9.]*\) s.*/\1/p' "$times.e")
    [ -n "$run" ] || { echo "serve-rounds: no run time from serve-job.sh:" >&2; cat "$times.e" >&2; exit 1; }
    line="$line $port=$(cat "$times")($run)/$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}')"
    rm -rf "$out"
  done
  out=/dev/shm/serve-rounds-curl
  rm -rf "$out"; mkdir -p "$out"
  /usr/bin/time -o "$times" -f "%e/%U+%S" "$here/curl-list.sh" "$list" "$out" 2> /dev/null
  rm -rf "$out"
  echo "$line curl=$(cat "$times")" | tee -a "$log"
done
python3 - "$log" "$from" <<'PY'
import re, sys, statistics as st
rows = [l for l in open(sys.argv[1]) if l.startswith('round')][int(sys.argv[2]) - 1:]
jobs, ratios, curl = {}, {}, []
for l in rows:
    c = re.search(r'curl=([0-9.]+)/([0-9.]+)\+([0-9.]+)', l)
    curl.append((float(c.group(1)), float(c.group(2)) + float(c.group(3))))
    for port, wall, run, cpu in re.findall(r'(\d+)=([0-9.]+)\(([0-9.]+)\)/([0-9.]+)', l):
        jobs.setdefault(port, []).append((float(wall), float(run), float(cpu)))
        ratios.setdefault(port, []).append(curl[-1][0] / float(wall))
span = lambda xs: f"{st.median(xs):.2f} [{min(xs):.2f}-{max(xs):.2f}]"
print(f"rounds {sys.argv[2]}-{int(sys.argv[2]) + len(rows) - 1}, medians [min-max]:")
print(f"  curl: {span([w for w, _ in curl])} s, {st.median(c for _, c in curl):.2f} CPU-s")
for port, v in jobs.items():
    print(f"  {port}: job {span([x[0] for x in v])} s, run {st.median(x[1] for x in v):.2f} s, "
          f"server {st.median(x[2] for x in v):.2f} CPU-s; curl/job {span(ratios[port])}")
PY
