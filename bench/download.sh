#!/usr/bin/env bash
# The download benchmark of docs/BENCHMARKS.md in one command, from the repository root:
#
#   bench/download.sh
#
# 1. builds the peers (../shared/bench/setup.sh: Go, Rust, curl, aria2c, nginx, wrk; idempotent)
#    and target/actors.jar;
# 2. runs ../shared/bench/download.sh: `actors download` and every peer on workloads S (10,000 x
#    4 KiB) and B (200 x 4 MiB), 64 in flight, interleaved, REPEAT rounds, wrk as the ceiling;
# 3. runs bench/variants.sh: `java -jar` and bin/actors on JDK 17 and JDK 25, side by side;
# 4. draws the ratios to the best peer as a PNG with gnuplot.
#
# Results go to $OUT (default docs/bench): download.md (the peers' table), download.raw,
# jdk.md (java -jar and bin/actors on JDK 17 and 25), download-ratios.png. Nothing here runs in CI.
# Env: REPEAT (3), WORKLOADS ("S B"), JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
# CLIENTS (the peers; default all of curl aria2c go rust vt).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared/bench
OUT=${OUT:-docs/bench}
REPEAT=${REPEAT:-3}
WORKLOADS=${WORKLOADS:-S B}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ARGS='download -p 64 -i {list} -o {out} --quiet'
ACTORS="bin/actors $ARGS" # the launcher: Serial GC + class archive (docs/BENCHMARKS.md, finding 5)
mkdir -p "$OUT"

command -v gnuplot >/dev/null || { echo "bench: gnuplot missing (apt-get install gnuplot-nox)" >&2; exit 1; }
"$SHARED/setup.sh"
mvn -q -B package -DskipTests
rm -f target/actors-*.jsa target/actors-*.aot
bin/actors demo > /dev/null # writes the class archive every later bin/actors run maps
JDK25_HOME=$(dirname "$(dirname "$JDK25")")
[ -x "$JDK25" ] && JAVA_HOME=$JDK25_HOME bin/actors demo > /dev/null 2>&1 # and JDK 25's AOT cache

BENCH_OUT="$PWD/$OUT/download.md" REPEAT=$REPEAT WORKLOADS=$WORKLOADS ACTORS_CMD="$ACTORS" \
  "$SHARED/download.sh"

if [ -x "$JDK25" ]; then
  # On the disk, as the peers' table above (its script writes to /tmp): one file system per run.
  BENCH_OUTDIR=/tmp/bench-variants-out WORKLOADS=$WORKLOADS REPEAT=$REPEAT bench/variants.sh \
    "java-jar-jdk17=java -jar target/actors.jar $ARGS" "java-jar-jdk25=$JDK25 -jar target/actors.jar $ARGS" \
    "bin-actors-jdk17=$ACTORS" "bin-actors-jdk25=JAVA_HOME=$JDK25_HOME $ACTORS" > "$OUT/jdk.md"
fi

# Ratio to the best peer per workload and client, from the raw lines: median wall of the fastest
# peer / median wall of the client (> 1 = faster than every peer).
python3 - "$OUT/download.raw" "$OUT/download-ratios.dat" <<'EOF'
import re, statistics, sys
walls = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=(\S+)", line))
    if "wall" in f and f.get("ok") == "1":
        walls.setdefault((f["workload"], f["client"]), []).append(float(f["wall"]))
med = {k: statistics.median(v) for k, v in walls.items()}
workloads = sorted({w for w, _ in med})
clients = sorted({c for _, c in med}, key=lambda c: (c.startswith("actors"), c))
with open(sys.argv[2], "w") as out:
    out.write("client " + " ".join(workloads) + "\n")
    for c in clients:
        row = []
        for w in workloads:
            peers = [v for (ww, cc), v in med.items() if ww == w and not cc.startswith("actors")]
            row.append(f"{min(peers) / med[(w, c)]:.3f}" if (w, c) in med and peers else "0")
        out.write(c + " " + " ".join(row) + "\n")
EOF
gnuplot <<EOF
set terminal pngcairo size 900,480 font "sans,11"
set output "$OUT/download-ratios.png"
set title "Download, 64 in flight: speed relative to the best peer (1 = as fast; higher is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set yrange [0:*]
set ylabel "best peer's wall time / client's wall time"
set grid ytics
plot for [col=2:*] "$OUT/download-ratios.dat" using col:xtic(1) title columnheader
EOF
echo "bench: results in $OUT (download.md, jdk.md, download-ratios.png)" >&2
