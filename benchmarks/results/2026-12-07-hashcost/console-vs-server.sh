#!/usr/bin/env bash
# Same Argon2id hash (NSec/libsodium, m=19 MiB, t=2, p=1) in a console loop and inside the server, alternating rounds,
# 1 and 2 at once. Usage: console-vs-server.sh <console dll> <tessera.dll> [rounds=3]
set -u
# The console: copy console-Program.cs.txt and console-hashexp.csproj.txt to an empty folder outside the repo as
# Program.cs and hashexp.csproj, then dotnet build -c Release (usage of the dll: <threads> <hashes per thread> <gap ms>).
console=$1; server=$2; rounds=${3:-3}; here=$(dirname "$0")
for r in $(seq 1 "$rounds"); do
  echo "round $r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  echo -n "console 1: "; dotnet "$console" 1 30 0 | tail -1
  echo -n "server 1:  "; node "$here/hash-cpu.mjs" "$server" 30 1 2>/dev/null
  echo -n "console 2: "; dotnet "$console" 2 15 0 | tail -1
  echo -n "server 2:  "; node "$here/hash-cpu.mjs" "$server" 30 2 2>/dev/null
done
