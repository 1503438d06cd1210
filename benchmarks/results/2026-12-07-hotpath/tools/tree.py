import sys,re
# perf script -> top-down tree under frames matching root regex; prints % of all samples
root_pat=re.compile(sys.argv[2]); thr=float(sys.argv[3]) if len(sys.argv)>3 else 0.5; maxd=int(sys.argv[4]) if len(sys.argv)>4 else 12
def short(s):
    s=re.sub(r'\(/[^)]*\)$','',s)
    s=re.sub(r'\+0x[0-9a-f]+','',s)
    s=re.sub(r'/\* MT: 0x[0-9a-f]+ \*/','',s)
    s=re.sub(r'\[(OptimizedTier1|Optimized|QuickJitted|Tier0|Tier1|PreJIT)\]','',s)
    s=re.sub(r'class |valuetype |instance |\[System\.Runtime\]|\[System\.Private\.CoreLib\]','',s)
    m=re.search(r'\] ?([\w.`+<>|$\[\],_ ]*::[^(]*)',s)
    return (m.group(1) if m else s).strip()[:140]
tree={}; n=0; stack=[]
def add():
    global n
    n+=1
    st=list(reversed(stack))
    for i,f in enumerate(st):
        if root_pat.search(f):
            node=tree
            for g in st[i:i+maxd]:
                node=node.setdefault(short(g),[0,{}]); node[0]+=1; node=node[1]
            break
for line in open(sys.argv[1],errors='replace'):
    if not line.strip():
        if stack: add()
        stack=[]; continue
    if line[0] in ' \t':
        p=line.strip().split(' ',1); stack.append(p[1] if len(p)>1 else p[0])
if stack: add()
def show(t,ind):
    for k,(c,ch) in sorted(t.items(),key=lambda x:-x[1][0]):
        if 100*c/n<thr: continue
        print(f"{100*c/n:6.2f} {ind}{k}"); show(ch,ind+'  ')
print('samples',n); show(tree,'')
