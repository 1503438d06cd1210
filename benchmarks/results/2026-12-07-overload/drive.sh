#!/bin/bash
# drive.sh <dll> <tag> <rate> [budget] [extra env...]  -> /tmp/ovl/out/<tag>/
set -u
DLL=$1; TAG=$2; RATE=$3; BUDGET=${4:-00:00:00.100}; shift 4 || shift $#
OUT=${OUTROOT:-/tmp/ovl/out}/$TAG; rm -rf $OUT; mkdir -p $OUT/data
PORT=${PORT:-9611}
cd $OUT/data
env TESSERA_PHASES=$OUT/phases.csv Tessera__Passwords__QueueBudget=$BUDGET "$@" dotnet $DLL start-dev --urls=http://127.0.0.1:$PORT --Tessera:PublicUrl=http://127.0.0.1:$PORT > $OUT/server.log 2>&1 &
SPID=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.5; done
B=$(dirname $(readlink -f $0))/../..
node $(dirname $(readlink -f $0))/seed.mjs http://127.0.0.1:$PORT $OUT/bodies.txt > $OUT/seed.log 2>&1 || { echo seed failed; cat $OUT/seed.log; kill $SPID; exit 1; }
# warm-up: closed loop 4 conns 5 s
node $B/lib/overload.mjs http://127.0.0.1:$PORT/ $OUT/bodies.txt $RATE 5 64 open > $OUT/warm.txt 2>&1
python3 $(dirname $(readlink -f $0))/threads.py $SPID > $OUT/t0.json; C0=$(awk '{print $14+$15}' /proc/$SPID/stat)
echo MARK $(date +%s.%N) > $OUT/mark.txt
node $B/lib/overload.mjs http://127.0.0.1:$PORT/ $OUT/bodies.txt $RATE ${DUR:-10} 64 open > $OUT/run.txt 2>&1
python3 $(dirname $(readlink -f $0))/threads.py $SPID > $OUT/t1.json; C1=$(awk '{print $14+$15}' /proc/$SPID/stat)
echo "server cpu ticks $((C1-C0))" >> $OUT/run.txt
kill -TERM $SPID; wait $SPID
python3 $(dirname $(readlink -f $0))/threaddiff.py $OUT/t0.json $OUT/t1.json > $OUT/threads.txt
cat $OUT/run.txt | cut -c1-600; cat $OUT/threads.txt
