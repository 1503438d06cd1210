import json,sys,collections
d=json.load(open(sys.argv[1])); frames=d['shared']['frames']
key=sys.argv[2]
c=collections.Counter()
for p in d['profiles']:
    stack=[]
    for e in p['events']:
        if e['type']=='O': stack.append((frames[e['frame']]['name'], e['at']))
        else:
            fn,at=stack.pop()
            if key in fn and not any(key in s[0] for s in stack):
                # summarize path: Tessera frames only
                path=[s[0].split('(')[0].replace('System.Private.CoreLib!','') for s in stack if 'Tessera' in s[0] or 'Sqlite' in s[0] and 'Microsoft.Data' in s[0]]
                path=[x for i,x in enumerate(path) if i==0 or x!=path[i-1]]
                c[' > '.join(p.split('!')[-1][-60:] for p in path[-7:])]+=e['at']-at
for k,v in c.most_common(12): print(f"{v:8.0f} {k}")
