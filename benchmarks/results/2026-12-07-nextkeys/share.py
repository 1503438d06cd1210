import json,collections,sys
d=json.load(open(sys.argv[1]))
frames=d['shared']['frames']
waits=('WaitForSignal','WaitNative','Monitor.Wait','WaitOneCore','WaitHandle.Wait','SpinThenBlockingWait','Interop+Sys.Read(','EPoll','WaitForSocketEvents','Thread.Sleep','ManualResetEventSlim.Wait','LowLevelLifoSemaphore','WaitAny','Interop+Sys.WaitForSocketEvents','Interop+Sys.Poll')
tot=collections.Counter()
for p in d['profiles']:
    stack=[]; last=None
    for e in p['events']:
        at=e['at']
        if last is not None and stack:
            names=[frames[f]['name'] for f in stack]
            dt=at-last
            if not any(w in n for n in names for w in waits):
                tot['busy']+=dt
                s=' '.join(names)
                if 'UserPoolService.CreateAsync' in s:
                    tot['create']+=dt
                    if 'KeyRing.NewKey' in s:
                        tot['newkey']+=dt
                        if 'Generate' in s or 'RSA.Create' in s or 'RSAOpenSsl' in s: tot['newkey/rsa-generate-or-create']+=dt
                        if 'Protect' in s: tot['newkey/protect']+=dt
                        if 'Export' in s: tot['newkey/export']+=dt
                    if 'UserPoolStore' in s: tot['poolstore']+=dt
                    if 'SigningKeyStore' in s: tot['keystore']+=dt
                if 'RSA' in s or 'Rsa' in s: tot['any-rsa']+=dt
        if e['type']=='O': stack.append(e['frame'])
        else: stack.pop()
        last=at
for k,v in tot.most_common(): print(f"{k:35s} {v:10.1f} ms  {v/tot['busy']*100:5.1f}% of busy")
