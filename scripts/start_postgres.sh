#!/usr/bin/env bash
# Start a local PostgreSQL server for rasd (team store, postgres tests); safe to call twice.
# Installs the postgresql package when missing (apt-get, needs root), initialises a cluster in $RASD_PGDATA
# (default /tmp/rasd-pg) owned by the postgres user, starts it on 127.0.0.1 at $RASD_PGPORT (default 5432, or the
# next free port), creates database $RASD_PGDATABASE (default rasd) and prints the line to export, e.g.
#   eval "$(scripts/start_postgres.sh)"   # sets RASD_TEST_PG_URL
# Authentication is 'trust' on the loopback interface only: a test server, not a production one.
set -euo pipefail

BASE=${RASD_PGDATA:-/tmp/rasd-pg}
DATA=$BASE/data
PORT=${RASD_PGPORT:-5432}
DB=${RASD_PGDATABASE:-rasd}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
BIN=$(find_bin || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing postgresql ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$BASE" --shell /bin/bash postgres
  as_pg() { runuser -u postgres -- "$@"; }
  mkdir -p "$BASE"
  chown postgres "$BASE"
else
  as_pg() { "$@"; }
  mkdir -p "$BASE"
fi

if [ ! -s "$DATA/PG_VERSION" ]; then
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >"$BASE/initdb.log" 2>&1
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT=$(sed -n 4p "$DATA/postmaster.pid")  # already running: reuse it
else
  for _ in $(seq 1 50); do
    port_busy "$PORT" || break
    PORT=$((PORT + 1))
  done
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $BASE -c fsync=on" start >&2
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -tA)
if [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
echo "export RASD_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/$DB"
