#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A/B of two published builds of samples/SeedWalkthrough/Api over HTTP, pinned (servers on CPU 1, wrk on CPU 0):
# server CPU per request (utime+stime from /proc/<pid>/stat ÷ requests), rounds alternating A B / B A, medians.
# CPU per request is what to read on a shared machine; req/s follows the scheduler's share.
# Usage: benchmarks/library/ab.sh <published dir A> <published dir B>   (ROUNDS=6 DUR=10 WARM=5 PATH_=/api/hello)
set -euo pipefail
cd "$(dirname "$0")/../.."
B=benchmarks/library
A_DIR=$(realpath "$1") B_DIR=$(realpath "$2")
ROUNDS=${ROUNDS:-6} DUR=${DUR:-10} WARM=${WARM:-5} ROUTE=${PATH_:-/api/hello}
OUT=${OUT:-$(mktemp -d /tmp/libab.XXXXXX)}; mkdir -p "$OUT"
P_ISSUER=18280 P_A=18281 P_B=18282
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_http() { for _ in $(seq 600); do curl -fs -o /dev/null "$@" && return 0; sleep 0.1; done; echo "no answer from $*" >&2; return 1; }
pcpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

node $B/issuer.mjs $P_ISSUER "$OUT/pool" >"$OUT/issuer.out" 2>"$OUT/issuer.err" &
PIDS+=($!)
wait_http "http://127.0.0.1:$P_ISSUER/us-east-1_LibBench01/.well-known/jwks.json"
ISSUER=$(cat "$OUT/pool/issuer") CLIENT=$(cat "$OUT/pool/client_id")
export TOKEN; TOKEN=$(cat "$OUT/pool/token")
start() { # <dir> <port>
  (cd "$1" && exec env ASPNETCORE_URLS=http://127.0.0.1:$2 Authentication__Schemes__Cognito__Authority="$ISSUER" \
    Authentication__Schemes__Cognito__ClientIds__0="$CLIENT" taskset -c 1 dotnet SeedWalkthrough.Api.dll) >"$OUT/server-$2.log" 2>&1 &
  PIDS+=($!)
}
start "$A_DIR" $P_A; PID_A=$!
start "$B_DIR" $P_B; PID_B=$!
for p in $P_A $P_B; do
  wait_http -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$p$ROUTE"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${TOKEN}x" "http://127.0.0.1:$p/api/hello")
  [[ $code == 401 ]] || { echo "server on $p accepted a bad signature ($code)" >&2; exit 1; }
  taskset -c 0 wrk -t1 -c16 -d10s -s $B/bearer.lua "http://127.0.0.1:$p$ROUTE" >/dev/null
done
run() { # <label> <port> <pid>
  taskset -c 0 wrk -t1 -c16 -d${WARM}s -s $B/bearer.lua "http://127.0.0.1:$2$ROUTE" >/dev/null
  local s0 s1; s0=$(pcpu "$3")
  taskset -c 0 wrk -t1 -c16 -d${DUR}s -s $B/bearer.lua "http://127.0.0.1:$2$ROUTE" >"$OUT/wrk.tmp"
  s1=$(pcpu "$3")
  local n; n=$(awk '/requests in/{print $1}' "$OUT/wrk.tmp")
  grep -q Non-2xx "$OUT/wrk.tmp" && { echo "$1: non-2xx answers" >&2; cat "$OUT/wrk.tmp" >&2; exit 1; }
  awk -v l="$1" -v n="$n" -v sd="$((s1-s0))" -v hz="$HZ" -v d="$DUR" 'BEGIN{printf "RESULT %s req/s %.0f us/req %.2f\n", l, n/d, sd/hz/n*1e6}' | tee -a "$OUT/results.txt"
}
for ((i = 0; i < ROUNDS; i++)); do
  if ((i % 2 == 0)); then run "A-$i" $P_A $PID_A; run "B-$i" $P_B $PID_B; else run "B-$i" $P_B $PID_B; run "A-$i" $P_A $PID_A; fi
done
node - "$OUT/results.txt" <<'JS' | tee -a "$OUT/results.txt"
const rows = require('node:fs').readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('RESULT '));
const us = Object.fromEntries(rows.map((l) => l.split(/\s+/)).map((f) => [f[1], Number(f[5])]));
const rounds = Object.keys(us).filter((k) => k.startsWith('A-')).map((k) => k.slice(2));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const a = rounds.map((i) => us[`A-${i}`]), b = rounds.map((i) => us[`B-${i}`]), r = rounds.map((i) => us[`B-${i}`] / us[`A-${i}`]);
console.log(`server CPU per request, median of ${rounds.length} rounds: A ${median(a).toFixed(2)} us, B ${median(b).toFixed(2)} us; per-round B/A ${r.map((x) => x.toFixed(3)).join(' ')}, median ${median(r).toFixed(3)}`);
JS
echo "raw outputs: $OUT"
