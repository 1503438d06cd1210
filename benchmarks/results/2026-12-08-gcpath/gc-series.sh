#!/usr/bin/env bash
# GC settings A/B on one build: A = defaults (server GC, DATAS), B = one setting each; 1 connection, pinned.
# Usage: gc-series.sh <tessera.dll> [pairs=3] [seconds=6]
set -euo pipefail
dll=$1; pairs=${2:-3}; seconds=${3:-6}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd)
while read -r name env; do
  [ -z "$name" ] && continue
  echo "== $name: B = $env"
  AB_FLOWS=refresh,password AB_CONNS=1 AB_ENV_B="$env" node "$root/benchmarks/refresh-ab.mjs" "$dll" "$dll" "$pairs" "$seconds" 2>&1 | tee "$here/gc-$name.txt"
done <<'LIST'
no-datas DOTNET_GCDynamicAdaptationMode=0
workstation DOTNET_gcServer=0
workstation-nonconcurrent DOTNET_gcServer=0 DOTNET_gcConcurrent=0
gen0-16mb DOTNET_GCgen0size=0x1000000
gen0-16mb-workstation DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x1000000
conserve DOTNET_GCConserveMemory=5
LIST
