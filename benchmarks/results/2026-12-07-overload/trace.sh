#!/bin/bash
DLL=$1; TAG=$2; RATE=$3; BUDGET=${4:-00:00:00.100}
OUT=${OUTROOT:-/tmp/ovl/out}/$TAG; rm -rf $OUT; mkdir -p $OUT/data; PORT=9612
cd $OUT/data
Tessera__Passwords__QueueBudget=$BUDGET dotnet $DLL start-dev --urls=http://127.0.0.1:$PORT --Tessera:PublicUrl=http://127.0.0.1:$PORT > $OUT/server.log 2>&1 &
SPID=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.5; done
B=$(dirname $(readlink -f $0))/../..
node $(dirname $(readlink -f $0))/seed.mjs http://127.0.0.1:$PORT $OUT/bodies.txt > $OUT/seed.log 2>&1 || { echo seed failed; kill $SPID; exit 1; }
node $B/lib/overload.mjs http://127.0.0.1:$PORT/ $OUT/bodies.txt $RATE 8 64 open > $OUT/warm.txt 2>&1
node $B/lib/overload.mjs http://127.0.0.1:$PORT/ $OUT/bodies.txt $RATE 14 64 open > $OUT/run.txt 2>&1 &
LP=$!
sleep 3
/tmp/dt/dotnet-trace collect -p $SPID --duration 00:00:00:08 -o $OUT/trace.nettrace > $OUT/trace.log 2>&1
wait $LP
kill -TERM $SPID; wait $SPID
/tmp/dt/dotnet-trace convert --format speedscope $OUT/trace.nettrace -o $OUT/trace > /dev/null 2>&1
cut -c1-400 $OUT/run.txt; ls $OUT
