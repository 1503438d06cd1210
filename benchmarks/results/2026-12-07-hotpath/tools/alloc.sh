#!/bin/bash
# alloc.sh <dll> <label>: bytes allocated and GCs per op (refresh, then password), 1 connection, from /metrics
J=$(node /tmp/hp/seed.mjs $1 1 '{"Tessera__Metrics__Prometheus":"true"}' 2>/dev/null)
PID=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).pid)"); URL=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).url)")
export AMZ_TARGET=AWSCognitoIdentityProviderService.InitiateAuth
m() { curl -s $URL/metrics | grep -E "^dotnet_gc_(collections_total|heap_total_allocated|pause)" | sed 's/{otel_scope_name="System.Runtime"//; s/,gc_heap_generation=/ /; s/"}//; s/}//; s/"//g' | awk '{print $1"_"($3==""?"":$2)" "$NF}' | sed 's/_ / /'; }
for flow in refresh login; do
  export BODIES=$(echo "$J" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).$flow)")
  taskset -c 0 wrk -t1 -c2 -d15s -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ > /dev/null
  m > /tmp/hp/al-$2-$flow.before
  taskset -c 0 wrk -t1 -c1 -d15s -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ > /tmp/hp/al-$2-$flow.wrk
  m > /tmp/hp/al-$2-$flow.after
  N=$(grep RESULT /tmp/hp/al-$2-$flow.wrk | node -e "const r=JSON.parse(require('fs').readFileSync(0,'utf8').split('RESULT ')[1]); console.log(r.requests-r.status-r.timeout)")
  echo "$2 $flow requests=$N"; join /tmp/hp/al-$2-$flow.before /tmp/hp/al-$2-$flow.after | awk -v n=$N '{d=$3-$2; printf "  %s delta=%s per_op=%.4g\n",$1,d,d/n}'
done
kill $PID
