#!/bin/bash
# gc.sh <dll> <label> [envjson]: 1-conn refresh, GC counts and pause from /metrics before/after
ENVJ=${3:-'{}'}
ENVJ=$(node -e "const e=JSON.parse(process.argv[1]); e.Tessera__Metrics__Prometheus='true'; console.log(JSON.stringify(e))" "$ENVJ")
J=$(node /tmp/hp/seed.mjs $1 1 "$ENVJ" 2>/dev/null); echo "$J" > /tmp/hp/gc-$2.json
PID=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).pid)"); URL=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).url)"); export BODIES=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).refresh)") AMZ_TARGET=AWSCognitoIdentityProviderService.InitiateAuth
taskset -c 0 wrk -t1 -c4 -d20s -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ > /dev/null
curl -s $URL/metrics | grep -E "^dotnet_gc_(collections|pause)" > /tmp/hp/gc-$2.before
taskset -c 0 wrk -t1 -c1 -d20s --latency -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ > /tmp/hp/gc-$2.wrk
curl -s $URL/metrics | grep -E "^dotnet_gc_(collections|pause)" > /tmp/hp/gc-$2.after
kill $PID
echo "== $2"; grep -E "RESULT|LATENCY" /tmp/hp/gc-$2.wrk; paste /tmp/hp/gc-$2.before /tmp/hp/gc-$2.after
