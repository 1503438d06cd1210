#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: ab.sh <rounds> <outfile> "<label>|<dll>|<env...>" ...  (alternating; cheap hashes)
rounds=$1; out=$2; shift 2
for r in $(seq 1 $rounds); do
  for v in "$@"; do
    IFS='|' read -r label dll envs <<< "$v"
    res=$("$(dirname "$0")"/firstauth.sh $dll ${DATA:-/tmp/st/data} ${DATA:-/tmp/st/data}/auth.json Tessera__Passwords__MemoryKiB=8 Tessera__Passwords__Passes=1 $envs)
    echo "$label round=$r $res" | tee -a $out
  done
done
