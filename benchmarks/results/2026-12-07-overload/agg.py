import json,sys,collections
d=json.load(open(sys.argv[1])); frames=d['shared']['frames']
keys=sys.argv[2].split('|')
res=collections.defaultdict(lambda: collections.Counter())
for p in d['profiles']:
    name=p['name']
    tot=p['endValue']-p['startValue']
    # inclusive time per keyword (count once per stack)
    stack=[]; 
    for e in p['events']:
        if e['type']=='O': stack.append((frames[e['frame']]['name'], e['at']))
        else:
            fn,at=stack.pop()
            for k in keys:
                if k in fn and not any(k in s[0] for s in stack):
                    res[name][k]+=e['at']-at
    res[name]['_total']+=tot
for n,c in sorted(res.items(), key=lambda x:-x[1]['_total']):
    if c['_total']<100: continue
    print(n[:40], ' '.join(f"{k}={v:.0f}" for k,v in c.items() if v>=50))
