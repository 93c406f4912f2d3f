#!/usr/bin/env bash
# Installs what is missing (build tools, Chromium, PostgreSQL, dovecot,
# nginx, schemathesis, moto, cargo-fuzz) and runs every test: formatting and
# lints, unit and integration tests on SQLite and on PostgreSQL, the API
# contract and the browser tests against the release build, the cluster
# tests on two nodes, then the fuzz targets.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/contract.sh"
source "$(dirname "$0")/lib/fuzz.sh"
cd "$ROOT"

WORK="$(mktemp -d)"
RESULTS="$WORK/results"
export SELFDESK_CLUSTER_DIR="$WORK/cluster"
stop_cluster() {
  if [ -f "$SELFDESK_CLUSTER_DIR/cluster.env" ]; then "$ROOT/scripts/cluster.sh" stop; fi
}
trap 'stop_postgres; stop_cluster; rm -rf "$WORK"' EXIT

# Runs a test command, showing its output and keeping the lines matching
# PATTERN, labelled, for the summary at the end.
record() {
  local label="$1" pattern="$2"
  shift 2
  "$@" 2>&1 | tee "$WORK/step.log"
  grep -E "$pattern" "$WORK/step.log" | grep -v ' 0 passed; 0 failed' \
    | sed -E "s/^ +//; s/^/$label: /" >>"$RESULTS" || true
}

# A fresh CI machine may have little disk, and the debug, release and fuzz
# builds together take many gigabytes. With SELFDESK_LEAN_DISK=1 (.ci/run
# sets it) a stage's build outputs go as soon as no later stage needs
# them; a developer's machine keeps them for the next run.
drop_build_outputs() {
  [ -n "${SELFDESK_LEAN_DISK:-}" ] || return 0
  (cd "$ROOT" && rm -rf "$@")
  echo "disk free after removing $*: $(df -h --output=avail "$ROOT" | tail -n 1 | tr -d ' ')"
}

ensure_build_tools
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
ensure_apt_packages chromium postgresql dovecot-imapd
step "Installing the browser-test packages (npm)"
npm ci --prefix "$ROOT/tests" --no-audit --no-fund --loglevel=error

# Type-erased components, as .cargo/config.toml sets them for every build
# (a RUSTFLAGS of its own would replace the file's): the debug test
# binaries shrink from ~750 MB to ~110 MB each and build faster.
export RUSTFLAGS="--cfg erase_components"

step "Formatting and lints (clippy for the server and the WebAssembly builds)"
cargo fmt --all -- --check
cargo clippy -p app -p server --all-targets --features app/ssr,server/bench -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --features full -- -D warnings

step "Unit and integration tests (SQLite)"
record "Rust, SQLite" '^test result:' cargo test -p app -p server --features app/ssr,server/bench

# Durability is beside the point for throwaway test databases.
start_postgres -c fsync=off
step "Integration tests (PostgreSQL)"
record "Rust, PostgreSQL" '^test result:' cargo test -p server --test api
stop_postgres
drop_build_outputs target/debug target/wasm32-unknown-unknown

build_release
step "The customers' WebAssembly bundle stays within 400 KB brotli"
CUSTOMER_BUNDLE="$(stat -c%s "$ROOT/target/site/pkg/selfdesk.wasm.br")"
echo "selfdesk.wasm.br: $((CUSTOMER_BUNDLE / 1000)) KB"
[ "$CUSTOMER_BUNDLE" -le 400000 ] || { echo "the customers' bundle grew past 400 KB" >&2; exit 1; }

step "The JSON API against its OpenAPI document (schemathesis, ${CONTRACT_SECONDS} s)"
record "API contract" '^  [0-9]+ generated' api_contract_tests

step "Browser tests (Playwright, Chromium)"
browser_tests() { (cd "$ROOT/tests" && npx playwright test); }
record "Browser" '^ +[0-9]+ (passed|failed|flaky|skipped)' browser_tests

step "Cluster tests: two nodes, PostgreSQL, an S3-compatible store, nginx"
"$ROOT/scripts/cluster.sh" start --no-build
cluster_tests() { (cd "$ROOT/tests" && npx playwright test -c playwright.cluster.config.ts); }
record "Cluster" '^ +[0-9]+ (passed|failed|flaky|skipped)|^cluster: ' cluster_tests
stop_cluster
drop_build_outputs target

step "Fuzzing the parsers of outside input (${FUZZ_SECONDS} s a target)"
record "Fuzz" '^stat::number_of_executed_units' fuzz_tests

step "Summary"
cat "$RESULTS"
