#!/usr/bin/env bash
# The test command: installs what the tests need, builds, and runs every suite.
# Usage: eng/test.sh            (from anywhere; CI calls it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

step "Installing tools the tests use"
need_apt=()
command -v aws >/dev/null 2>&1 || need_apt+=(awscli)
command -v jq >/dev/null 2>&1 || need_apt+=(jq)   # the docs' commands (tests/compat/docs)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)   # the SAML IdP's key (tests/compat/lib/saml-idp.mjs)
python3 -c 'import boto3' >/dev/null 2>&1 || need_apt+=(python3-boto3)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else echo "missing ${need_apt[*]}: install them with apt-get" >&2; exit 1; fi
fi
for script in eng/setup-*.sh; do [ -e "$script" ] && bash "$script"; done
# A pyenv shim works out the Python version again at every call (measured 0.4–0.5 CPU-s of the 1.1 an `aws` call costs), and the
# suites run `aws` and python3 a few hundred times: call the binaries the shims would pick directly.
if command -v pyenv >/dev/null 2>&1 && aws_bin=$(pyenv which aws 2>/dev/null); then PATH="$(dirname "$aws_bin"):$PATH"; fi

# The suites' npm packages install while .NET builds: npm mostly waits for the network and the disk.
npm_log=$(mktemp)
(
  cd tests/compat && npm ci --no-audit --no-fund --loglevel=error
  cd ../../samples/SeedWalkthrough/express-api && npm ci --no-audit --no-fund --loglevel=error
  cd .. && npm ci --no-audit --no-fund --loglevel=error
) >"$npm_log" 2>&1 &
npm_pid=$!

step "Building (Release)"
dotnet tool restore >/dev/null
# The suites start the server about a hundred times: ReadyToRun halves the CPU of each start (measured 2.0 vs 3.7 s).
# The publish comes first: its runtime-specific restore rewrites each project's obj/project.assets.json, and had the
# build come before it, the README's `dotnet run` (tests/compat/docs) would compile everything again mid-suite.
dotnet publish src/Tessera.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/server -v q -nologo 2>&1 | tail -n 1
dotnet build Tessera.slnx -c Release -v q -nologo -clp:NoSummary
export TESSERA_DLL="$root/artifacts/server/tessera.dll"

passed=0; failed=0
count() { # sums the closing counts of dotnet test (MTP) and node --test
  local log=$1
  passed=$((passed + $(awk '/^ +succeeded: [0-9]+/ {s+=$2} /^ℹ pass [0-9]+/ {s+=$3} END {print s+0}' "$log")))
  failed=$((failed + $(awk '/^ +failed: [0-9]+/ {s+=$2} /^ℹ fail [0-9]+/ {s+=$3} END {print s+0}' "$log")))
}

status=0
step "Installing the compatibility suites' packages (started before the build)"
npm_status=0; wait "$npm_pid" || npm_status=$?
cat "$npm_log"
[ "$npm_status" -eq 0 ] || { echo "npm ci failed (exit $npm_status)" >&2; exit "$npm_status"; }

# The .NET projects and the compatibility suites run at the same time: the suites mostly wait (for servers, the AWS
# CLI, Chromium), so together they keep both cores busy. The .NET output is shown when it ends.
step ".NET test projects (in the background; output at their end)"
dotnet_log=$(mktemp)
dotnet test --solution Tessera.slnx -c Release --no-build >"$dotnet_log" 2>&1 &
dotnet_pid=$!

step "Compatibility suites (real clients against a started server)"
log=$(mktemp)
file_times="$root/artifacts/compat-file-times.txt"
mkdir -p artifacts
# As `node --test`, but the files start longest first (the times in tests/compat/file-times.txt): see lib/run-suites.mjs.
(cd tests/compat && node lib/run-suites.mjs --concurrency="${TESSERA_COMPAT_CONCURRENCY:-3}" --file-times="$file_times") 2>&1 \
  | tee "$log" || status=1
count "$log"
echo; echo "The longest compatibility files (wall seconds, three files at a time; all in artifacts/compat-file-times.txt:"
echo "copied to tests/compat/file-times.txt, the next runs start the files in its order):"
head -n 15 "$file_times"

step ".NET test projects (output)"
wait "$dotnet_pid" || status=1
cat "$dotnet_log"
count "$dotnet_log"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
