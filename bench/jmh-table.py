#!/usr/bin/env python3
"""Median [min-max] of every JMH iteration, from one or more `-rf json` result files.

Usage: bench/jmh-table.py RESULT.json [RESULT.json ...]
Prints one markdown row per benchmark, parameters and thread count: the median of all measured
iterations over all forks (JMH itself prints the mean and a confidence interval instead).
"""
import json
import statistics
import sys

print("| benchmark | params | threads | median | min-max | unit | iterations |")
print("|---|---|---|---|---|---|---|")
for path in sys.argv[1:]:
    for run in json.load(open(path)):
        raw = [x for fork in run["primaryMetric"]["rawData"] for x in fork]
        params = ", ".join(f"{k}={v}" for k, v in (run.get("params") or {}).items())
        name = run["benchmark"].rsplit(".", 2)[-2] + "." + run["benchmark"].rsplit(".", 1)[-1]

        def fmt(x):
            return f"{x:,.3g}" if x < 1000 else f"{x:,.0f}"

        print(f"| {name} | {params} | {run['threads']} | {fmt(statistics.median(raw))} "
              f"| {fmt(min(raw))}-{fmt(max(raw))} | {run['primaryMetric']['scoreUnit']} | {len(raw)} |")
