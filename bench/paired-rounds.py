#!/usr/bin/env python3
"""Medians of a many-round JVM run with -Dbench.between (WarmRounds, ClientShootout): our rounds
beside the peer's run that followed each one.

    java ... -Dbench.between='mkdir -p /dev/shm/cb && exec bench/curl-list.sh S.txt /dev/shm/cb' \\
      -Dbench.between.after='rm -rf /dev/shm/cb' \\
      -cp "$CP" actors.bench.WarmRounds S.txt /dev/shm/wr 30 > wr.log 2>&1
    bench/paired-rounds.py wr.log 21

A round whose peer run failed (its line says ", exit N") is left out, and so said.

Prints, over rounds FROM and later: our wall and CPU seconds, the peer's wall, and the median of
the rounds' peer/ours ratios (> 1: our round was faster than the peer's run after it).
"""
import re
import statistics as st
import sys

log, first = sys.argv[1], int(sys.argv[2])
ours, peer = [], {}
for line in open(log):
    m = re.search(r'round (\d+): ([0-9.]+) s.* ([0-9.]+) CPU-s', line)  # WarmRounds
    if m:
        ours.append((int(m.group(1)), float(m.group(2)), float(m.group(3))))
    m = re.search(r'stream_s=([0-9.]+) cpu_s=([0-9.]+)', line)  # ClientShootout
    if m:
        ours.append((len(ours) + 1, float(m.group(1)), float(m.group(2))))
    m = re.search(r'between (\d+): ([0-9.]+) s(, exit \d+)?', line)
    if m and m.group(3):
        print(f"round {m.group(1)} left out: the peer's run failed{m.group(3)}", file=sys.stderr)
    elif m:
        peer[int(m.group(1))] = float(m.group(2))
rows = [(w, c, peer[r]) for r, w, c in ours if r >= first and r in peer]
numbers = [r for r, _, _ in ours if r >= first and r in peer]
if not rows:
    sys.exit(f"paired-rounds: no round {first} or later with a peer's run after it in {log}")
span = lambda xs: f"{st.median(xs):.3f} [{min(xs):.2f}-{max(xs):.2f}]"
print(f"rounds {numbers[0]}-{numbers[-1]} ({len(rows)} paired): ours {span([w for w, _, _ in rows])} s, "
      f"{st.median(c for _, c, _ in rows):.2f} CPU-s; peer {span([p for _, _, p in rows])} s; "
      f"peer/ours {span([p / w for w, _, p in rows])}")
