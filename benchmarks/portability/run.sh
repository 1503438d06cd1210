#!/usr/bin/env bash
# The portability benchmark (docs/benchmarks.md): import and export N users (default 100000) with the published
# server, reporting wall time and peak resident memory of each command (GNU time -v) and the sizes of the files and
# the database. Run by hand:
#   dotnet publish src/Tessera.Server -c Release -o artifacts/server && benchmarks/portability/run.sh 100000 [results-dir]
# With a results dir, the raw outputs (time -v, the import report and progress, resident memory every 5 s) are kept
# there as portability-<N>-*.txt. BENCH_WORK=<dir> puts the large temporary files there instead of under /tmp;
# they are deleted at the end either way. Commands run under nice -n 10 so a shared machine is less disturbed.
set -euo pipefail
users=${1:-100000}
results=${2:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
tessera=(nice -n 10 dotnet "$repo/artifacts/server/tessera.dll")
[ -n "$results" ] && mkdir -p "$results" && results=$(cd "$results" && pwd)
work=$(mktemp -d "${BENCH_WORK:-/tmp}/portability.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export Tessera__Passwords__MemoryKiB=8 Tessera__Passwords__Passes=1

# Runs a command under GNU time -v, sampling the resident memory of the dotnet process every 5 s into $1.rss.
measure() {
  local label=$1; shift
  /usr/bin/time -v "$@" > "$label.out" 2> "$label.err" &
  local pid=$!
  (while kill -0 $pid 2>/dev/null; do
     child=$(pgrep -P $pid | head -1 || true)
     [ -n "$child" ] && echo "$(date -u +%T) $(awk '/VmRSS/{print $2}' /proc/$child/status 2>/dev/null) KB"
     sleep 5
   done) > "$label.rss" &
  wait $pid || { cat "$label.err"; return 1; }
  echo "$label: $(awk -F': ' '/Elapsed/{print $2}' "$label.err") wall, $(awk -F': ' '/Maximum resident/{print $2}' "$label.err") KB peak RSS"
  [ -n "$results" ] && cat "$label.out" "$label.err" > "$results/portability-$users-$label.txt" && cp "$label.rss" "$results/portability-$users-$label-rss.txt"
  return 0
}

cat > template-seed.json <<'JSON'
{"formatVersion": 1, "userPools": [{"id": "us-east-1_Bench", "name": "bench",
  "clients": [{"clientId": "benchclient", "clientName": "bench"}],
  "users": [{"username": "template", "password": "Bench-Pass-1"}]}]}
JSON
mkdir template && (cd template && "${tessera[@]}" import ../template-seed.json >/dev/null 2>&1 && "${tessera[@]}" export --plaintext-secrets -o ../template.json 2>/dev/null)
nice -n 10 node "$repo/benchmarks/portability/generate.mjs" template.json "$users" users.json
echo "file: $(stat -c %s users.json) bytes for $users users"
mkdir target && cd target
measure import "${tessera[@]}" import ../users.json
grep -E "users:|total:" import.out
echo "database: $(du -cb .tessera/tessera.db* | tail -1 | cut -f1) bytes"
export TESSERA_SECRETS_KEY=benchmark-key
measure export "${tessera[@]}" export -o ../exported.json
echo "exported file: $(stat -c %s ../exported.json) bytes"
