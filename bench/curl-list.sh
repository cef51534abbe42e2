#!/usr/bin/env bash
# curl as a command for bench/variants.sh, run as ../shared/bench/download.sh runs it: every URL of
# LIST into OUT/<line number>, 64 in flight, one process. The config file curl reads is written
# first, inside the timed command (10,000 lines: a few milliseconds of awk).
#
#   bench/variants.sh 'curl=bench/curl-list.sh {list} {out}' ...
set -euo pipefail
list=$1 out=$2 par=${3:-64}
config=$(mktemp)
trap 'rm -f "$config"' EXIT
awk -v d="$out" '{printf "url = \"%s\"\noutput = \"%s/%d\"\n", $0, d, NR - 1}' "$list" > "$config"
curl -s --fail --parallel --parallel-max "$par" -K "$config"
