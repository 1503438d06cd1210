#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The walkthrough with one command: finds Tessera (or starts one), creates the user pool, app client, domain,
# user and identity pool, starts both APIs and the browser app, and prints the URL to open. Ctrl-C stops
# everything it started. See README.md beside this file.
#
# Environment (all optional):
#   TESSERA_URL               Tessera to use or start (default http://localhost:9229)
#   TESSERA_DLL               a published tessera.dll to start instead of `dotnet run --project src/Tessera.Server`
#   WALKTHROUGH_APP_PORT      the browser app (default 5173)
#   WALKTHROUGH_API_PORT      the ASP.NET Core API (default 5001)
#   WALKTHROUGH_EXPRESS_PORT  the Express API (default 5002)
#   WALKTHROUGH_PASSWORD      alice's password (default Walkthrough-Pass-1)
#   WALKTHROUGH_STATE_DIR     config, logs and a started Tessera's data (default .walkthrough/ beside this file)
#   WALKTHROUGH_NO_BUILD=1    run the API as already built (bin/Release), without `dotnet build`
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  the admin key, if your Tessera verifies admin calls
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tessera_url=${TESSERA_URL:-http://localhost:9229}
tessera_url=${tessera_url%/}
app_url="http://localhost:${WALKTHROUGH_APP_PORT:-5173}"
api_url="http://localhost:${WALKTHROUGH_API_PORT:-5001}"
express_url="http://localhost:${WALKTHROUGH_EXPRESS_PORT:-5002}"
username=alice
password=${WALKTHROUGH_PASSWORD:-Walkthrough-Pass-1}
state=${WALKTHROUGH_STATE_DIR:-$here/.walkthrough}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '==> %s\n' "$*"; }
fail() { printf '\nrun.sh: %s\n' "$*" >&2; exit 1; }

# Every process started here leads its own process group, so stopping one also stops what it started
# (`dotnet run` starts the server as a child).
started=()
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#started[@]} -gt 0 ]; then
    say "stopping what run.sh started"
    for pid in "${started[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do
      local alive=0
      for pid in "${started[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive -eq 0 ] && break
      sleep 0.2
    done
    for pid in "${started[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME DIR COMMAND...: runs COMMAND in DIR in the background, its output in $state/NAME.log.
start() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && exec setsid "$@") >"$state/$name.log" 2>&1 < /dev/null &
  started+=($!)
  last_pid=$!
}

answers() { # true when URL answers HTTP at all (a 401 is an answer)
  curl -s -o /dev/null --max-time 2 "$1"
}

# wait_for NAME URL SECONDS: waits until the process started last answers at URL; fails with its log otherwise.
wait_for() {
  local name=$1 url=$2 seconds=$3 pid=$last_pid
  local deadline=$((SECONDS + seconds))
  until answers "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$state/$name.log" >&2 || true
      fail "$name stopped before it answered at $url (log above, full log in $state/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || fail "$name did not answer at $url within ${seconds}s (log: $state/$name.log)"
    sleep 0.5
  done
}

port_of() { local rest=${1##*:}; echo "${rest%%/*}"; }

for tool in dotnet node npm curl setsid; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required and was not found on PATH"
done
mkdir -p "$state"
for url in "$app_url" "$api_url" "$express_url"; do
  if answers "$url"; then fail "something already answers at $url: stop it, or choose other ports (WALKTHROUGH_*_PORT, see the top of run.sh)"; fi
done

# 1. Tessera: the one at TESSERA_URL, or a new one there.
if curl -sf -o /dev/null --max-time 2 "$tessera_url/health"; then
  say "using the Tessera already running at $tessera_url"
else
  case $tessera_url in
    http://localhost:*|http://127.0.0.1:*) ;;
    *) fail "no Tessera answers at $tessera_url/health, and run.sh only starts one on http://localhost:<port>" ;;
  esac
  tessera_args=(start-dev "--urls=$tessera_url" "--Tessera:PublicUrl=$tessera_url")
  mkdir -p "$state/tessera"
  if [ -n "${TESSERA_DLL:-}" ]; then
    say "starting Tessera ($TESSERA_DLL) at $tessera_url, data in $state/tessera"
    start tessera "$state/tessera" dotnet "$TESSERA_DLL" "${tessera_args[@]}"
  else
    say "starting Tessera with dotnet run at $tessera_url, data in $state/tessera (the first run builds it: a minute or two)"
    start tessera "$state/tessera" dotnet run --project "$repo/src/Tessera.Server" -c Release -- "${tessera_args[@]}"
  fi
  wait_for tessera "$tessera_url/health" 300
  say "Tessera is up"
fi

# 2. The sample's npm packages, and the AWS SDK bundled for the browser.
install_once() { # npm ci in DIR unless its node_modules matches its lock file
  if [ ! -e "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    say "installing npm packages in ${1#"$repo"/}"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in $1"
  fi
}
install_once "$here"
install_once "$here/express-api"
say "bundling the AWS SDK for the browser (esbuild)"
(cd "$here" && npm run --silent build) || fail "the esbuild bundle failed"

# 3. The user pool, app client, domain, user and identity pool (found again on later runs).
say "provisioning in $tessera_url"
# The SDK's notice that releases from 2027 need Node 22 is no news for this run.
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true TESSERA_URL=$tessera_url APP_URL=$app_url API_URL=$api_url EXPRESS_URL=$express_url \
  WALKTHROUGH_USER=$username WALKTHROUGH_PASSWORD=$password \
  CONFIG_FILE="$state/config.json" ENV_FILE="$state/provisioned.env" \
  node "$here/scripts/provision.mjs" || fail "provisioning failed (is $tessera_url a Tessera that accepts your admin key?)"
issuer=; client_id=
while IFS='=' read -r key value; do
  case $key in ISSUER) issuer=$value ;; CLIENT_ID) client_id=$value ;; esac
done < "$state/provisioned.env"

# 4. The two APIs and the browser app.
api_dll="$here/Api/bin/Release/net10.0/SeedWalkthrough.Api.dll"
if [ "${WALKTHROUGH_NO_BUILD:-}" != 1 ] || [ ! -e "$api_dll" ]; then
  say "building the ASP.NET Core API"
  dotnet build "$here/Api" -c Release -v q -nologo -clp:NoSummary > "$state/api-build.log" 2>&1 \
    || { tail -n 30 "$state/api-build.log" >&2; fail "the API did not build (log: $state/api-build.log)"; }
fi
say "starting the ASP.NET Core API at $api_url"
ASPNETCORE_URLS=$api_url Authentication__Schemes__Cognito__Authority=$issuer Authentication__Schemes__Cognito__ClientIds__0=$client_id \
  start api "$state" dotnet "$api_dll"
wait_for api "$api_url/api/public" 60

say "starting the Express API at $express_url"
PORT=$(port_of "$express_url") ISSUER=$issuer CLIENT_ID=$client_id start express "$here/express-api" node server.mjs
wait_for express "http://127.0.0.1:$(port_of "$express_url")/api/hello" 30

say "serving the browser app at $app_url"
PORT=$(port_of "$app_url") CONFIG_FILE="$state/config.json" start app "$here" node scripts/serve.mjs
wait_for app "$app_url/" 30

cat <<EOF

  The walkthrough is running. Open $app_url
  Sign in as:  $username / $password

  Tessera      $tessera_url (dev inbox: $tessera_url/_dev/inbox)
  API          $api_url/api/hello (ASP.NET Core), $express_url/api/hello (Express)
  Logs         $state/*.log

  Press Ctrl-C to stop what run.sh started.
EOF
wait
