import sys,collections,re
# reads perf script output; prints inclusive % per symbol (once per sample) and self %
incl=collections.Counter(); selfc=collections.Counter(); n=0
stack=[]
def flush():
    global n
    if not stack: return
    n+=1
    selfc[stack[0]]+=1
    for s in set(stack): incl[s]+=1
for line in open(sys.argv[1], errors='replace'):
    line=line.rstrip('\n')
    if not line.strip():
        flush(); stack=[]; continue
    if line.startswith('\t') or line.startswith(' '):
        parts=line.strip().split(' ',1)
        sym=parts[1] if len(parts)>1 else parts[0]
        sym=re.sub(r'\+0x[0-9a-f]+','',sym)
        sym=re.sub(r'\[OptimizedTier1\]|\[Optimized\]|\[QuickJitted\]|\[Tier0\]|\[Tier1\]|\[PreJIT\]','',sym).strip()
        stack.append(sym[:200])
flush()
k=int(sys.argv[2]) if len(sys.argv)>2 else 80
pat=sys.argv[3] if len(sys.argv)>3 else None
print("samples",n)
print("== inclusive")
for s,c in incl.most_common(2000):
    if pat and not re.search(pat,s): continue
    if c/n<0.004: break
    print(f"{100*c/n:6.2f} {s}")
print("== self")
for s,c in selfc.most_common(k):
    print(f"{100*c/n:6.2f} {s}")
