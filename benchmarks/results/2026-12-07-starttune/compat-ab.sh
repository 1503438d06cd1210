#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: compat-ab.sh <rounds> <trace out> <test file> label=dll ...: runs a compat test file against each build, alternating; server CPU per start in the trace
rounds=$1; out=$2; file=$3; shift 3
for r in $(seq 1 $rounds); do
  for v in "$@"; do
    label=${v%%=*}; dll=${v#*=}
    TESSERA_DLL=$dll TESSERA_COMPAT_TRACE=$out.$label node --test $file >/dev/null 2>&1 || echo "$label round $r failed"
  done
done
