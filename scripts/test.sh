#!/usr/bin/env bash
# Installs what is missing (build tools, Chromium, PostgreSQL) and runs every
# test: formatting and lints, unit and integration tests on SQLite and on
# PostgreSQL, then the browser tests against the release build.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

WORK="$(mktemp -d)"
RESULTS="$WORK/results"
trap 'stop_postgres; rm -rf "$WORK"' EXIT

# Runs a test command, showing its output and keeping the lines matching
# PATTERN, labelled, for the summary at the end.
record() {
  local label="$1" pattern="$2"
  shift 2
  "$@" 2>&1 | tee "$WORK/step.log"
  grep -E "$pattern" "$WORK/step.log" | grep -v ' 0 passed; 0 failed' \
    | sed -E "s/^ +//; s/^/$label: /" >>"$RESULTS" || true
}

PG_DIR=""
start_postgres() {
  local bin port="${SELFDESK_TEST_PG_PORT:-55432}"
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
    "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop)
  export SELFDESK_TEST_POSTGRES_URL="postgres://selfdesk@127.0.0.1:$port/postgres"
}

stop_postgres() {
  if [ -n "$PG_DIR" ]; then
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}

ensure_build_tools
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
ensure_apt_packages chromium postgresql
step "Installing the browser-test packages (npm)"
npm ci --prefix "$ROOT/tests" --no-audit --no-fund --loglevel=error

# Type-erased components: the debug test binaries shrink from ~750 MB to
# ~110 MB each and build faster. The release build below goes without.
export RUSTFLAGS="--cfg erase_components"

step "Formatting and lints (clippy for the server and the WebAssembly builds)"
cargo fmt --all -- --check
cargo clippy -p app -p server --all-targets --features app/ssr,server/bench -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "Unit and integration tests (SQLite)"
record "Rust, SQLite" '^test result:' cargo test -p app -p server --features app/ssr,server/bench

start_postgres
step "Integration tests (PostgreSQL)"
record "Rust, PostgreSQL" '^test result:' cargo test -p server --test api
stop_postgres

build_release
step "Browser tests (Playwright, Chromium)"
browser_tests() { (cd "$ROOT/tests" && npx playwright test); }
record "Browser" '^ +[0-9]+ (passed|failed|flaky|skipped)' browser_tests

step "Summary"
cat "$RESULTS"
