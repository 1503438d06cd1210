#!/bin/bash
# perfrun.sh <srv.json> <refresh|login> <name> [secs]
cd /tmp/hp
J=$1; KIND=$2; NAME=$3; SECS=${4:-15}
PID=$(node -e "console.log(require('$J').pid)"); URL=$(node -e "console.log(require('$J').url)"); export BODIES=$(node -e "console.log(require('$J').$KIND)") AMZ_TARGET=AWSCognitoIdentityProviderService.InitiateAuth
taskset -c 0 wrk -t1 -c4 -d5s -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ | grep RESULT
(taskset -c 0 wrk -t1 -c4 -d$((SECS+5))s -s /work/wt/hotpath/benchmarks/lib/post.lua $URL/ > $NAME.wrk &)
sleep 2; timeout $SECS perf record -F 999 -g -p $PID -o $NAME.perf.data 2>&1 | tail -1; sleep 4; grep RESULT $NAME.wrk
