#!/usr/bin/env bash
# The portability benchmark (docs/benchmarks.md): import and export N users (default 100000) with the published
# server, reporting wall time and peak resident memory of each command (GNU time). Run by hand:
#   dotnet publish src/Tessera.Server -c Release -o artifacts/server && benchmarks/portability/run.sh 100000
set -euo pipefail
users=${1:-100000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
tessera=(dotnet "$repo/artifacts/server/tessera.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export Tessera__Passwords__MemoryKiB=8 Tessera__Passwords__Passes=1
cat > template-seed.json <<'JSON'
{"formatVersion": 1, "userPools": [{"id": "us-east-1_Bench", "name": "bench",
  "clients": [{"clientId": "benchclient", "clientName": "bench"}],
  "users": [{"username": "template", "password": "Bench-Pass-1"}]}]}
JSON
mkdir template && (cd template && "${tessera[@]}" import ../template-seed.json >/dev/null 2>&1 && "${tessera[@]}" export --plaintext-secrets -o ../template.json 2>/dev/null)
node "$repo/benchmarks/portability/generate.mjs" template.json "$users" users.json
echo "file: $(du -h users.json | cut -f1) for $users users"
mkdir target && cd target
/usr/bin/time -f "import: %e s wall, %M KB peak RSS" "${tessera[@]}" import ../users.json > import.log 2> import.err || { cat import.err; exit 1; }
tail -1 import.err
grep -E "users:|total:" import.log
export TESSERA_SECRETS_KEY=benchmark-key
/usr/bin/time -f "export (sealed): %e s wall, %M KB peak RSS" "${tessera[@]}" export -o ../exported.json 2> export.err >/dev/null || { cat export.err; exit 1; }
tail -1 export.err
echo "exported file: $(du -h ../exported.json | cut -f1)"
