#!/bin/bash
# PostgreSQL from Debian's packages. On an empty volume: initialise with the superuser password and
# create the application database and owner named by the environment; then serve.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
: "${POSTGRES_DB:=keycloak}" "${POSTGRES_USER:=keycloak}"
BIN=/usr/lib/postgresql/15/bin
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp); chown postgres "$pwfile"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  runuser -u postgres -- "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  # The password reaches psql through its environment (\getenv), never its command line: arguments
  # are visible to every process on the host (ps, /proc/<pid>/cmdline), the environment is not.
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -d postgres \
    -v user="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL'
\getenv pw POSTGRES_PASSWORD
CREATE ROLE :"user" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"user";
SQL
  runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  echo "dive-postgres: initialised $PGDATA with database $POSTGRES_DB"
fi
exec runuser -u postgres -- "$BIN/postgres" -D "$PGDATA"
