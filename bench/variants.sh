#!/usr/bin/env bash
# Variants of our own client side by side, interleaved, against the same private nginx as
# ../shared/bench/download.sh (whose file tree, nginx config and checks this reuses). That script
# compares one command of ours with the peers; this one compares several of ours with each other,
# in one run, so a change or a choice (an HTTP client, a JDK, a setting) is judged on one machine
# state. Usage, from the repository root:
#
#   WORKLOADS="S B" REPEAT=3 bench/variants.sh \
#     'actors=java -jar target/actors.jar download -p 64 -i {list} -o {out} --quiet' \
#     'jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar target/actors.jar download -i {list} -o {out} --quiet'
#
# Each NAME=COMMAND runs with {list} (one URL per line) and {out} (an empty directory) filled in.
# A run is ok when the command exits 0 and {out} holds exactly the expected files and bytes
# (manifest*.jsonl not counted). Prints, per workload and variant: wall seconds median [min-max],
# req/s and MB/s at the median, CPU seconds (user + system) median, peak RSS median (MiB), ok runs. SHOW_OUTPUT=1 also copies what
# each command printed to stderr (for commands that measure themselves, such as WarmRounds).
#
# {out} is on /dev/shm (a tmpfs) when it has room for the largest workload, BENCH_OUTDIR to choose
# (bench/download.sh writes to the disk, as the shared peers' script does): on this machine's disk
# (ext4 without a journal) every run's file creations paid for the previous run's deletion, as
# ext4 skips inodes freed in the last 60-360 s, one inode-table lookup each: up to 4.7 CPU-s of a
# 10,000-file run, varying with where the directory landed, and the peers' S times varied 3x
# between rounds (docs/BENCHMARKS.md, "Issue #15", second sitting). A line before the table says
# which file system the run wrote to.
set -uo pipefail
export LC_ALL=C
SHARED=${SHARED_BENCH:-$(cd "$(dirname "$0")/../../shared/bench" && pwd)}
PORT=${BENCH_PORT:-18081}
WORKLOADS=${WORKLOADS:-S}
REPEAT=${REPEAT:-3}
WWW=${BENCH_WWW:-/tmp/bench-www}
# B's 800 MiB and a margin; a container's /dev/shm is often 64 MiB.
shm_room() { [ -d /dev/shm ] && [ -w /dev/shm ] && (($(df --output=avail -k /dev/shm | tail -1) > 1200000)); }
if [ -n "${BENCH_OUTDIR:-}" ]; then
  OUTDIR=$BENCH_OUTDIR
elif shm_room; then
  OUTDIR=/dev/shm/bench-variants-out.$PORT
else
  OUTDIR=/tmp/bench-variants-out.$PORT
fi
RUN=/tmp/bench-variants.$PORT
die() { echo "variants: $*" >&2; exit 1; }
(($# > 0)) || die "give at least one NAME=COMMAND"
[ -x /usr/sbin/nginx ] || die "nginx missing: run $SHARED/setup.sh"
[ -x /usr/bin/time ] || die "/usr/bin/time missing: run $SHARED/setup.sh"
declare -A NFILES=([S]=10000 [B]=200) NBYTES=([S]=40960000 [B]=838860800) PATHOF=([S]=small [B]=big)

python3 "$SHARED/lib/make-www.py" "$WWW" || die "could not create $WWW"
rm -rf "$RUN"; mkdir -p "$RUN/nginx"
BASE=http://127.0.0.1:$PORT
for w in $WORKLOADS; do
  for ((i = 0; i < NFILES[$w]; i++)); do echo "$BASE/${PATHOF[$w]}/$i"; done > "$RUN/$w.txt"
done
sed -e "s|@PORT@|$PORT|g" -e "s|@WWW@|$WWW|g" -e "s|@RUN@|$RUN/nginx|g" "$SHARED/lib/nginx.conf.in" > "$RUN/nginx/nginx.conf"
/usr/sbin/nginx -e "$RUN/nginx/error.log" -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx/" > "$RUN/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null; rm -rf "$OUTDIR"' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 50); do curl -sf -o /dev/null "$BASE/small/0" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE/small/0" || die "nginx not answering on $BASE"

: > "$RUN/raw"
for ((rep = 1; rep <= REPEAT; rep++)); do
  for w in $WORKLOADS; do
    for variant in "$@"; do
      name=${variant%%=*} cmd=${variant#*=}
      cmd=${cmd//\{list\}/$RUN/$w.txt}; cmd=${cmd//\{out\}/$OUTDIR}
      rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"; sync
      t0=$EPOCHREALTIME
      /usr/bin/time -v -o "$RUN/time.txt" timeout -k 5 300 bash -c "$cmd" > "$RUN/client.log" 2>&1
      rc=$?
      wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.3f", b - a}')
      rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$RUN/time.txt")
      cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$RUN/time.txt")
      read -r files bytes < <(find "$OUTDIR" -type f ! -name 'manifest*.jsonl' -printf '%s\n' | awk '{s += $1; n++} END {print n + 0, s + 0}')
      ok=0; [ "$rc" = 0 ] && [ "$files" = "${NFILES[$w]}" ] && [ "$bytes" = "${NBYTES[$w]}" ] && ok=1
      echo "$w $name $wall $rss $ok $cpu" >> "$RUN/raw"
      printf 'variants: round %d %s %-12s %8.3fs %s\n' "$rep" "$w" "$name" "$wall" "$([ $ok = 1 ] && echo ok || echo "FAILED rc=$rc files=$files bytes=$bytes")" >&2
      [ $ok = 1 ] || tail -3 "$RUN/client.log" | sed 's/^/    /' >&2
      [ -z "${SHOW_OUTPUT:-}" ] || sed 's/^/    /' "$RUN/client.log" >&2
    done
  done
done

echo "Output written to $OUTDIR ($(df --output=fstype "$OUTDIR" 2>/dev/null | tail -1))."
echo
echo "| workload | variant | wall s median [min-max] | req/s | MB/s | CPU s (user+sys) | peak RSS MiB | ok |"
echo "|---|---|---|---|---|---|---|---|"
python3 - "$RUN/raw" "${!NFILES[@]}" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    w, name, wall, rss, ok, cpu = line.split()
    runs.setdefault((w, name), []).append((float(wall), int(rss), ok == "1", float(cpu)))
files = {"S": 10000, "B": 200}
size = {"S": 40960000, "B": 838860800}
for (w, name), rs in runs.items():
    good = [r for r in rs if r[2]]
    if not good:
        print(f"| {w} | {name} | failed | | | | | 0/{len(rs)} |")
        continue
    walls = [r[0] for r in good]
    med = statistics.median(walls)
    rss = statistics.median(r[1] for r in good) / 1024
    cpu = statistics.median(r[3] for r in good)
    print(f"| {w} | {name} | {med:.2f} [{min(walls):.2f}-{max(walls):.2f}] | {files[w] / med:,.0f} "
          f"| {size[w] / med / 1e6:,.0f} | {cpu:.2f} | {rss:.0f} | {len(good)}/{len(rs)} |")
EOF
