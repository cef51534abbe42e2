#!/usr/bin/env bash
# CPU profile of rounds FROM+1..TO of a JVM that runs many rounds and prints one line per round
# (WarmRounds' "round N: ...", ClientShootout's "... stream_s=..."): async-profiler (see
# bench/profile.sh) is attached through jcmd once FROM rounds are done and stopped after TO, so
# the JIT's first rounds stay out of it. Prints the JVM's CPU seconds per profiled round (from
# /proc) and the profiled rounds' lines; the collapsed stacks go to OUT. Give the JVM more rounds
# than TO: it must still run when the profiler stops.
#
#   CP="target/classes:$(cat target/bench.cp)"
#   bench/warm-profile.sh /tmp/wr.collapsed 10 16 -- java -XX:+UseSerialGC -cp "$CP" \
#     actors.bench.WarmRounds S.txt /dev/shm/wr 19
set -euo pipefail
(($# >= 5)) && [ "$4" = "--" ] || { echo "usage: bench/warm-profile.sh OUT FROM TO -- COMMAND..." >&2; exit 2; }
out=$1 from=$2 to=$3
shift 4
lib=/tmp/async-profiler-4.1/linux-x64/libasyncProfiler.so
jar=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
[ -f "$jar" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 >&2
[ -f "$lib" ] || unzip -q -o "$jar" 'linux-x64/*' -d /tmp/async-profiler-4.1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" > "$log" 2>&1 &
pid=$!
rounds() { grep -cE '^round [0-9]+:|stream_s=' "$log" || true; }
wait_for() {
  while (($(rounds) < $1)); do
    kill -0 "$pid" 2>/dev/null || { echo "warm-profile: the command ended after $(rounds) rounds" >&2; cat "$log" >&2; exit 1; }
    sleep 0.2
  done
}
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
wait_for "$from"
jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=cpu,interval=1ms,threads"' > /dev/null
t0=$(cpu)
wait_for "$to"
t1=$(cpu)
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out,collapsed\"" > /dev/null
awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" -v n=$((to - from)) \
  'BEGIN {printf "CPU %.2f s a round over %d rounds\n", (b - a) / hz / n, n}'
grep -E '^round [0-9]+:|stream_s=' "$log" | sed -n "$((from + 1)),${to}p"
wait "$pid"
