#!/bin/bash
# PostgreSQL from Debian's packages. On an empty volume: initialise with the superuser password and
# create the application database and owner named by the environment. On every start: give that
# owner the password of its own secret (POSTGRES_USER_PASSWORD), then serve.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
if ! printenv POSTGRES_USER_PASSWORD >/dev/null; then
  # A container created by a layout older than this image (a worker not yet upgraded): keep what
  # its clients were given, the superuser's password, rather than lock them out.
  echo "dive-postgres: POSTGRES_USER_PASSWORD is not set: role ${POSTGRES_USER:-keycloak} keeps the superuser's password" >&2
  : "${POSTGRES_USER_PASSWORD:=$POSTGRES_PASSWORD}"
  export POSTGRES_USER_PASSWORD
fi
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
  fresh=true
else
  fresh=false
fi
# Socket only while the roles are set up: no client can log in before the role has its password.
# (A volume initialised by an older image gave this role the superuser's password; this start
# replaces it, and every later start sets the same value again: idempotent.)
runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
# The password reaches psql through its environment (\getenv), never its command line: arguments
# are visible to every process on the host (ps, /proc/<pid>/cmdline), the environment is not. A
# failing statement must not be logged with the password in it: log_min_error_statement = panic.
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -d postgres \
  -v user="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL'
\getenv pw POSTGRES_USER_PASSWORD
SET log_min_error_statement = panic;
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
if $fresh; then
  echo "dive-postgres: initialised $PGDATA with database $POSTGRES_DB"
fi
echo "dive-postgres: role $POSTGRES_USER has the password of its own secret"
exec runuser -u postgres -- "$BIN/postgres" -D "$PGDATA"
