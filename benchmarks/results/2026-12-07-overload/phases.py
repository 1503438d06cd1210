#!/usr/bin/env python3
# phases.py <dump> : per-class percentiles of phase durations
import sys
names = {0:'begin',1:'parsed',2:'limited',3:'client+pool',4:'findUser',5:'budgetOK',6:'beforeFF',7:'counted',8:'hashSubmit',9:'hashStart',10:'hashEnd',11:'resumed',12:'cleared',13:'afterFF',14:'tokens',15:'end'}
freq = None; rows = []; samples = []
for line in open(sys.argv[1]):
    p = line.strip().split(',')
    if p[0] == 'F': freq = int(p[1])
    elif p[0] == 'R': rows.append((int(p[1]), [int(x) for x in p[2:]]))
    elif p[0] == 'S': samples.append([int(x) for x in p[1:]])
skip = float(sys.argv[2]) if len(sys.argv) > 2 else 0
t0 = min(r[1][0] for r in rows)
rows = [r for r in rows if (r[1][0]-t0)/freq >= skip and r[1][3]]
def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs)-1, int(q*len(xs)))] if xs else float('nan')
for status in sorted(set(r[0] for r in rows)):
    rs = [r[1] for r in rows if r[0] == status]
    print(f'== status {status}: {len(rs)} requests')
    total = [(m[15]-m[0])*1000/freq for m in rs]
    print(f'  total            p50 {pct(total,.5):8.1f}  p90 {pct(total,.9):8.1f}  p99 {pct(total,.99):8.1f}  max {max(total):8.1f}')
    # consecutive present marks
    seq = [i for i in range(16) if sum(1 for m in rs if m[i]) > 0.5*len(rs)]
    for a, b in zip(seq, seq[1:]):
        d = [(m[b]-m[a])*1000/freq for m in rs if m[a] and m[b]]
        if not d: continue
        print(f'  {names[a]:>11}->{names[b]:<11} p50 {pct(d,.5):8.2f}  p90 {pct(d,.9):8.2f}  p99 {pct(d,.99):8.2f}  max {max(d):8.2f}  mean {sum(d)/len(d):7.2f}')
if samples:
    pend = [s[1] for s in samples]; thr = [s[2] for s in samples]
    print(f'threadpool pending: p50 {pct(pend,.5)} p90 {pct(pend,.9)} p99 {pct(pend,.99)} max {max(pend)}; threads min {min(thr)} max {max(thr)} last {thr[-1]}')
