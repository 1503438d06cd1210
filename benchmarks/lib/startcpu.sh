#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: startcpu2.sh <dll> <datadir> [env...]: wall and CPU seconds from exec to first /health answer, on a kept data dir
dll=$1; d=$2; shift 2; port=$((20000 + RANDOM % 10000))
cd $d
start=$(date +%s.%N)
env "$@" dotnet $dll start-dev --urls=http://127.0.0.1:$port --Tessera:PublicUrl=http://127.0.0.1:$port >/dev/null 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.02; done
end=$(date +%s.%N)
ticks=$(awk '{print $14+$15}' /proc/$pid/stat)
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null
echo "wall=$(echo "$end - $start" | bc) cpu=$(echo "scale=2; $ticks/100" | bc) rssKB=$rss"
