# Sourced by the scripts that need a PostgreSQL server of their own: a
# throwaway one in a temporary folder, on a loopback port.
# shellcheck shell=bash

PG_DIR=""
# Arguments are extra server settings (`-c fsync=off`); SELFDESK_TEST_PG_PORT
# chooses the port, else any free one (another PostgreSQL may hold 5432 or
# any other port).
start_postgres() {
  local bin port="${SELFDESK_TEST_PG_PORT:-$(free_port)}"
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  PG_DIR="$(mktemp -d /tmp/selfdesk-pg.XXXXXX)"
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  step "Starting a throwaway PostgreSQL on port $port"
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U selfdesk --auth=trust -E UTF8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
    "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $*" start >/dev/null
  PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop)
  PG_URL="postgres://selfdesk@127.0.0.1:$port/postgres"
  export SELFDESK_TEST_POSTGRES_URL="$PG_URL"
}

stop_postgres() {
  if [ -n "$PG_DIR" ]; then
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}

