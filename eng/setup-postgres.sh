#!/usr/bin/env bash
# Makes the PostgreSQL the store tests use reachable at the fixed address they default to:
#   Host=127.0.0.1;Port=5432;Username=tessera;Password=tessera;Database=tessera_test
# Installs Debian's postgresql when missing, creates and starts a cluster, then the role (allowed to
# create databases: each test class gets its own) and the database. Quick when all is already there.
# Does nothing when TESSERA_TEST_POSTGRES is set: "skip" turns the PostgreSQL tests off, anything else
# is a connection string to a server you run yourself.
set -euo pipefail

if [ -n "${TESSERA_TEST_POSTGRES:-}" ]; then
  echo "setup-postgres: TESSERA_TEST_POSTGRES is set; leaving PostgreSQL alone"
  exit 0
fi

port=5432
role=tessera
database=tessera_test

reachable() {
  PGPASSWORD=$role PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p $port -U $role -d $database -Atqc 'select 1' >/dev/null 2>&1
}

if command -v psql >/dev/null 2>&1 && reachable; then
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "setup-postgres: no PostgreSQL answers as $role@127.0.0.1:$port/$database and this is not root." >&2
  echo "  Run this script as root (it installs and starts one), point TESSERA_TEST_POSTGRES at a server," >&2
  echo "  or set TESSERA_TEST_POSTGRES=skip to skip the PostgreSQL tests." >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "setup-postgres: installing postgresql"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$version" -v p=$port '$1 == v && $3 == p { print $2; exit }')
if [ -z "$cluster" ]; then
  cluster=main
  [ -d "/etc/postgresql/$version/main" ] && cluster=tessera
  echo "setup-postgres: creating cluster $version/$cluster"
  pg_createcluster --port $port "$version" "$cluster" >/dev/null
fi

if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c' | grep -q online; then
  echo "setup-postgres: starting cluster $version/$cluster"
  # listen_addresses defaults to localhost; ask for 127.0.0.1 explicitly in case a config says otherwise.
  pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1" 2>/dev/null \
    || pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p $port && break
  sleep 1
done

as_postgres() { runuser -u postgres -- psql -p $port -v ON_ERROR_STOP=1 -Atq "$@"; }
if [ "$(as_postgres -c "select 1 from pg_roles where rolname = '$role'")" != 1 ]; then
  as_postgres -c "create role $role login createdb password '$role'"
else
  as_postgres -c "alter role $role login createdb password '$role'"
fi
if [ "$(as_postgres -c "select 1 from pg_database where datname = '$database'")" != 1 ]; then
  as_postgres -c "create database $database owner $role"
fi

if ! reachable; then
  echo "setup-postgres: PostgreSQL is running but $role@127.0.0.1:$port/$database does not answer" >&2
  exit 1
fi
echo "setup-postgres: PostgreSQL $version ready at 127.0.0.1:$port"
