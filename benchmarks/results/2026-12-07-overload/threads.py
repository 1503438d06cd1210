#!/usr/bin/env python3
# threads.py <pid> snapshot -> prints json of per-thread (comm, utime+stime ticks, run_delay ns, run ns)
import os, sys, json
pid = sys.argv[1]
out = {}
for tid in os.listdir(f'/proc/{pid}/task'):
    try:
        comm = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
        st = open(f'/proc/{pid}/task/{tid}/stat').read()
        f = st[st.rindex(')')+2:].split()
        cpu = int(f[11]) + int(f[12])
        ss = open(f'/proc/{pid}/task/{tid}/schedstat').read().split()
        out[tid] = [comm, cpu, int(ss[0]), int(ss[1]), int(ss[2])]
    except Exception:
        pass
json.dump(out, sys.stdout)
