#!/usr/bin/env bash
# CPU samples of one JVM command, grouped by what their stacks contain: async-profiler (taken from
# Maven, tools.profiler:async-profiler:4.1) samples every thread at 1 ms, through JAVA_TOOL_OPTIONS,
# into a collapsed-stack file; then each NAME=REGEX counts the milliseconds whose stack matches.
#
#   bench/profile.sh /tmp/s.collapsed 'jit=CompilerThread|CompileBroker' 'jackson=jackson' \
#     'index=actors/pipeline/Index' -- java -jar target/actors.jar download -i S.txt -o /tmp/o --quiet
#
# Prints the total and one line per NAME (ms, share of the total). The collapsed file stays for a
# closer look (each line: a stack, ';'-separated, then its sample count).
set -euo pipefail
(($# >= 3)) || { echo "usage: bench/profile.sh OUT.collapsed [NAME=REGEX...] -- COMMAND..." >&2; exit 2; }
out=$1; shift
groups=()
while (($#)) && [ "$1" != "--" ]; do groups+=("$1"); shift; done
[ "${1:-}" = "--" ] || { echo "profile: missing -- before the command" >&2; exit 2; }
shift
jar=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
[ -f "$jar" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 >&2
lib=/tmp/async-profiler-4.1
[ -f "$lib/linux-x64/libasyncProfiler.so" ] || unzip -q -o "$jar" 'linux-x64/*' -d "$lib"
JAVA_TOOL_OPTIONS="-agentpath:$lib/linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,file=$out,collapsed" \
  "$@" 2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2)
awk -v spec="${groups[*]:-}" '
  BEGIN { n = split(spec, g, " "); for (i = 1; i <= n; i++) { split(g[i], kv, "="); name[i] = kv[1]; re[i] = substr(g[i], length(kv[1]) + 2) } }
  { count = $NF; total += count; for (i = 1; i <= n; i++) if ($0 ~ re[i]) hit[i] += count }
  END { printf "total %d ms of CPU samples\n", total; for (i = 1; i <= n; i++) printf "%-12s %6d ms  %4.1f%%\n", name[i], hit[i], 100 * hit[i] / (total ? total : 1) }
' "$out"
