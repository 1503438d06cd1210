#!/usr/bin/env python3
import json, sys, collections
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
agg = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
for tid, (comm, cpu, run, delay, slices) in b.items():
    c0, r0, d0, s0 = (a[tid][1], a[tid][2], a[tid][3], a[tid][4]) if tid in a else (0, 0, 0, 0)
    k = comm.rstrip('0123456789 ')
    g = agg[k]; g[0] += 1; g[1] += cpu - c0; g[2] += (run - r0) / 1e9; g[3] += (delay - d0) / 1e9; g[4] += slices - s0
print(f"{'kind':24} {'n':>3} {'cpu_s':>7} {'run_s':>7} {'rq_wait_s':>9} {'slices':>7} {'wait/slice ms':>13}")
for k, (n, cpu, run, delay, sl) in sorted(agg.items(), key=lambda x: -x[1][2]):
    if run < 0.01: continue
    print(f"{k:24} {n:3} {cpu/100:7.2f} {run:7.2f} {delay:9.2f} {sl:7} {1000*delay/max(sl,1):13.2f}")
