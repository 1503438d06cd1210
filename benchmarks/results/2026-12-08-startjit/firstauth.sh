#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: firstauth.sh <tessera.dll | executable> <datadir> <bodyfile> [env...]
# exec -> first /health and -> first 200 InitiateAuth: CPU (utime+stime) and RSS at each, then the JIT's count of compiled
# methods and its time at the first InitiateAuth (the jithook startup hook, built by ab.sh). 2026-12-07-starttune's
# firstauth.sh, plus the JIT count and an apphost (a path not ending in .dll is executed itself).
target=$1; d=$2; body=$3; shift 3; port=$((20000 + RANDOM % 10000))
hook=$(cd "$(dirname "$0")" && pwd)/jithook/bin/Release/net10.0/jithook.dll
jitout=$(mktemp); hookenv=()
[ -f "$hook" ] && hookenv=(DOTNET_STARTUP_HOOKS=$hook JITHOOK_OUT=$jitout)
case "$target" in *.dll) cmd=(dotnet "$target") ;; *) cmd=("$target") ;; esac
cd $d
start=$(date +%s.%N)
env "${hookenv[@]}" "$@" "${cmd[@]}" start-dev --urls=http://127.0.0.1:$port --Tessera:PublicUrl=http://127.0.0.1:$port >/dev/null 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.01; done
h=$(date +%s.%N); ht=$(awk '{print $14+$15}' /proc/$pid/stat); hr=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
for _ in $(seq 1 3000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' --data-binary @"$body" "http://127.0.0.1:$port/" 2>/dev/null)
  [ "$code" = 200 ] && break; sleep 0.01
done
a=$(date +%s.%N); at=$(awk '{print $14+$15}' /proc/$pid/stat); ar=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
if [ ${#hookenv[@]} -gt 0 ]; then
  kill -USR1 $pid
  for _ in $(seq 1 500); do [ -s $jitout ] && break; sleep 0.01; done
fi
sleep ${IDLE:-0}
ir=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null
echo "health_wall=$(echo "$h - $start" | bc) health_cpu=$(echo "scale=2; $ht/100" | bc) health_rssKB=$hr auth_wall=$(echo "$a - $start" | bc) auth_cpu=$(echo "scale=2; $at/100" | bc) auth_rssKB=$ar idle_rssKB=$ir code=$code $(cat $jitout)"
rm -f $jitout
