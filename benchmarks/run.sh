#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Tessera's benchmark, run by hand (not part of CI or eng/test.sh): see docs/benchmarks.md and
# /work/shared/PERFORMANCE.md. Publishes Tessera (Release), measures the in-process limits with
# BenchmarkDotNet, logs `openssl speed`, then runs the side-by-side loads against cognito-local
# (run.mjs). Results go to benchmarks/results/<UTC date>/ (or $BENCH_OUT).
# Usage: benchmarks/run.sh            (BENCH_PAIRS=3 BENCH_WARMUP=5 BENCH_DURATION=10 by default)
#        BENCH_SKIP_BUILD=1 benchmarks/run.sh   (reuse the last publish and micro build)
#        benchmarks/run.sh --only g3    (only G3 and G4 through /oauth2/token, with the sign limits they need)
#        benchmarks/run.sh --only g4    (the same phase: G4 by REFRESH_TOKEN_AUTH and by /oauth2/token, pinned and unpinned)
#        benchmarks/run.sh --only g5c   (t_hash, G5a and G5c overload, with cognito-local under the same offered load)
set -euo pipefail
micro_filter=('--filter' '*')
case "${1:-}" in
  --only)
    case "${2:-}" in
      g3|g4)
        export BENCH_ONLY=g3
        micro_filter=('--filter' '*TokenBenchmarks.RsaSign' '*SignLimitBenchmarks*' '*ClientCredentials*')
        ;;
      g5c)
        export BENCH_ONLY=g5c
        micro_filter=('--filter' '*PasswordHashBenchmarks*')
        ;;
      *) echo "usage: $0 [--only g3|g4|g5c]" >&2; exit 2 ;;
    esac
    ;;
  '') ;;
  *) echo "usage: $0 [--only g3|g4|g5c]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")"
bench=$(pwd)
root=$(cd .. && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
stamp=$(date -u +%Y-%m-%d)
export BENCH_OUT=${BENCH_OUT:-$bench/results/$stamp}
mkdir -p "$BENCH_OUT" "$bench/results/tmp"
step() { printf '\n== %s\n' "$*"; }

step "Tools"
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v taskset >/dev/null || need+=(util-linux)
[ -x /usr/bin/time ] || need+=(time)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error

server="$bench/results/tmp/server"
micro="$bench/micro/bin/Release/net10.0/Tessera.Benchmarks.Micro.dll"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  step "Building Tessera (Release publish) and the micro-benchmarks"
  # ReadyToRun, as eng/test.sh and a platform publish (docs/install.md) build it: G8 measures the start of what ships.
  dotnet publish "$root/src/Tessera.Server" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$server" -v q -nologo
  dotnet build "$bench/micro" -c Release -v q -nologo
fi
export TESSERA_DLL="$server/tessera.dll"

step "Machine"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$root" rev-parse HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' (with uncommitted changes in src/)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; memory $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -r); dotnet $(dotnet --version); node $(node --version); $(wrk -v 2>&1 | head -1); $(hyperfine --version)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "processes using CPU at start (top 8):"
  ps -eo pcpu,comm --sort=-pcpu | head -9
} | tee "$BENCH_OUT/machine.txt"

step "openssl speed rsa2048 (speed of the day)"
openssl speed -seconds 3 rsa2048 2>/dev/null | tail -3 | tee "$BENCH_OUT/openssl-speed.txt"

step "In-process limits (BenchmarkDotNet)"
BENCH_ARTIFACTS="$BENCH_OUT/micro" dotnet "$micro" "${micro_filter[@]}" > "$BENCH_OUT/micro.log" 2>&1
grep -E '^\| (Method|RsaSign|RsaVerify|JwtCreateSign|TokenIssuerRefresh|ClientCredentials|VerifyPassword|VerifyLegacyPbkdf2|RsaSignParallel)' "$BENCH_OUT/micro.log"
# The runner divides by the medians of these (nanoseconds per operation).
jq -s '[.[].Benchmarks[] | {(.Method): .Statistics.Median}] | add' "$BENCH_OUT"/micro/results/*-report-full.json > "$BENCH_OUT/limits.json"
cat "$BENCH_OUT/limits.json"

step "Loads (Tessera vs cognito-local, loopback)"
node "$bench/run.mjs" 2>&1 | tee "$BENCH_OUT/run.log"

step "Server CPU per request"
node "$bench/lib/report.mjs" "$BENCH_OUT"
echo "results: $BENCH_OUT"
