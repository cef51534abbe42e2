#!/usr/bin/env bash
# JMH benchmarks under several JVM settings, interleaved (A B A B ...), so that a setting is judged
# against the others on one machine state: on a shared 2-core machine the same benchmark moves by
# ±40% between minutes, more than most settings change it. Usage, from the repository root:
#
#   REPEAT=4 BENCH='MessagingBench.actorTell|CounterBench.actorOne' bench/jmh-interleave.sh \
#     't100=-Dpekko.actor.default-dispatcher.throughput=100' \
#     't1000=-Dpekko.actor.default-dispatcher.throughput=1000'
#
# Each NAME=JVM-ARGS runs one JMH fork per round (4 warm-up and 5 measured iterations of 1 s; JMH_ARGS
# replaces these). Prints one row per benchmark and setting: the median of the rounds' scores and
# every round's score, in the order run.
set -euo pipefail
REPEAT=${REPEAT:-4}
BENCH=${BENCH:?set BENCH to a JMH benchmark regex}
JMH_ARGS=${JMH_ARGS:--wi 4 -i 5 -w 1 -r 1 -f 1}
(($# > 0)) || { echo "jmh-interleave: give at least one NAME=JVM-ARGS" >&2; exit 1; }
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
mvn -B -q -Pbench compile >&2 # stdout is for the table
for ((round = 1; round <= REPEAT; round++)); do
  for setting in "$@"; do
    name=${setting%%=*} args=${setting#*=}
    echo "jmh-interleave: round $round $name" >&2
    mvn -B -q -Pbench exec:exec@jmh -Djmh.args="$BENCH $JMH_ARGS ${args:+-jvmArgsAppend \"$args\"}" |
      awk -v n="$name" '/^[A-Za-z]+Bench\.[A-Za-z]+ +thrpt/ {print n, $1, $4}' >> "$raw"
  done
done
echo "| benchmark | setting | median | rounds |"
echo "|---|---|---|---|"
python3 - "$raw" <<'EOF'
import statistics, sys
scores = {}
for line in open(sys.argv[1]):
    name, bench, score = line.split()
    scores.setdefault((bench, name), []).append(float(score))
for (bench, name), xs in sorted(scores.items()):
    fmt = lambda x: f"{x / 1e6:.2f} M"
    print(f"| {bench} | {name} | {fmt(statistics.median(xs))} | {', '.join(fmt(x) for x in xs)} |")
EOF
