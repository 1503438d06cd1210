#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# G8 start-poll-kill, run by hyperfine: exec a server on a seeded data folder, poll every 10 ms until
# the first successful InitiateAuth (HTTP 200), log its RSS, and kill it by PID.
# Usage: coldstart.sh tessera|cognito <data dir> <port> <body file> <rss log>
set -u
kind=$1 dir=$2 port=$3 body=$4 rsslog=$5
cd "$dir" || exit 2
case $kind in
  tessera) exec_cmd=(dotnet "$TESSERA_DLL" start-dev "--urls=http://127.0.0.1:$port" "--Tessera:PublicUrl=http://127.0.0.1:$port") ;;
  cognito) exec_cmd=(env "PORT=$port" HOST=127.0.0.1 node "$COGNITO_JS") ;;
  *) exit 2 ;;
esac
"${exec_cmd[@]}" >/dev/null 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 3000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' --data-binary @"$body" "http://127.0.0.1:$port/" 2>/dev/null)
  if [ "$code" = 200 ]; then ok=1; break; fi
  sleep 0.01
done
echo "$kind $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) kB" >> "$rsslog"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ "$ok" = 1 ]
