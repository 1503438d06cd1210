#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: ab.sh <rounds> <outfile> "<label>|<dll or executable>|<env...>" ...  (alternating; cheap hashes; DATA=seeded dir)
rounds=$1; out=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
[ -f $here/jithook/bin/Release/net10.0/jithook.dll ] || dotnet build $here/jithook -c Release -v q -nologo >/dev/null
for r in $(seq 1 $rounds); do
  for v in "$@"; do
    IFS='|' read -r label target envs <<< "$v"
    res=$($here/firstauth.sh $target ${DATA:-/tmp/sj/data} ${DATA:-/tmp/sj/data}/auth.json Tessera__Passwords__MemoryKiB=8 Tessera__Passwords__Passes=1 $envs)
    echo "$label round=$r $res" | tee -a $out
  done
done
