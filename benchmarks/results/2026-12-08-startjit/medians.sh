#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: medians.sh <ab output>: per label, the median of each key=value figure
python3 - "$1" <<'PY'
import sys, statistics, collections
v = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    f = line.split()
    for kv in f[1:]:
        k, _, x = kv.partition('=')
        if k not in ('round', 'code'):
            v[f[0]][k].append(float(x))
for label, figures in v.items():
    print(label, ' '.join(f'{k}={statistics.median(x):g}' for k, x in figures.items()))
PY
