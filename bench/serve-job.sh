#!/usr/bin/env bash
# A download run as a job of a running, warm `actors serve`, as a command for bench/variants.sh:
# submits LIST, waits for the job's `end` event, fails unless the job is done with every line ok,
# then moves the job's directory to OUT (a rename on one file system), so that variants.sh checks
# its files as it checks any client's. Start the server first and give it the same port and data, on
# the file system variants.sh writes {out} to (/dev/shm when there is one), so the move is a rename:
#
#   bin/actors serve --port 18070 --data /dev/shm/bench-serve-jobs > /dev/null &
#   WORKLOADS="S B" REPEAT=5 bench/variants.sh \
#     'cli=bin/actors download -p 64 -i {list} -o {out} --quiet' \
#     'serve-job=bench/serve-job.sh 18070 /dev/shm/bench-serve-jobs {list} {out}'
#
# The wall time variants.sh measures includes curl's and the move's; its CPU and RSS columns are
# this script's only (the server is another process: read its CPU from /proc or the metrics).
# SERVE_JOB_TIMES=1 prints the phases' seconds to stderr: the POST, the job's run (to its `end`
# event), and the check and the move.
set -euo pipefail
port=$1 data=$2 list=$3 out=$4
base=http://127.0.0.1:$port
t0=$EPOCHREALTIME
created=$(curl -sf -H 'Content-Type: text/plain' --data-binary @"$list" "$base/jobs?parallelism=64")
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
[ -n "$id" ] || { echo "serve-job: no job id in: $created" >&2; exit 1; }
# The stream ends after the job's last event; grep stops reading at it.
t1=$EPOCHREALTIME
curl -sfN "$base/jobs/$id/events" | grep -q -m1 '^event:end' || true
t2=$EPOCHREALTIME
job=$(curl -sf "$base/jobs/$id")
case $job in
  *'"status":"done"'*'"failed":0,'*) ;;
  *) echo "serve-job: job $id did not end done with no failure: $job" >&2; exit 1 ;;
esac
# The job's whole directory in one rename (10,000 renames of its files took 0.12-0.17 s of the
# wall on a tmpfs), less the list it was given; the manifests are not counted by variants.sh.
rmdir "$out" 2>/dev/null || true
mv "$data/jobs/$id" "$out"
rm -f "$out/urls.txt"
[ -z "${SERVE_JOB_TIMES:-}" ] || awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$EPOCHREALTIME" \
  'BEGIN {printf "serve-job: post %.3f s, run %.3f s, check and move %.3f s\n", b - a, c - b, d - c}' >&2
