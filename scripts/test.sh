#!/usr/bin/env bash
# Installs what is missing (build tools, Chromium, PostgreSQL, dovecot,
# nginx, schemathesis, moto) and runs every test: formatting, clippy's
# lints (as the crates are built), the Rust tests on SQLite (the fuzz targets' saved inputs and mutations of
# them among them) and on PostgreSQL, then the API contract, the browser
# tests and the cluster tests, all against one build of the server (the
# `ci` profile). Each stage says how long it took; a summary of every
# runner and of the times ends the run.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/contract.sh"
cd "$ROOT"

WORK="$(mktemp -d)"
RESULTS="$WORK/results"
TIMINGS="$WORK/timings"
export SELFDESK_CLUSTER_DIR="$WORK/cluster"
stop_cluster() {
  if [ -f "$SELFDESK_CLUSTER_DIR/cluster.env" ]; then "$ROOT/scripts/cluster.sh" stop; fi
}
trap 'stop_postgres; stop_cluster; rm -rf "$WORK"' EXIT

# Stages, each timed: `stage NAME` ends the one before.
STAGE="" STAGE_START=0 RUN_START=$SECONDS
stage() {
  end_stage
  STAGE="$1" STAGE_START=$SECONDS
  step "$1"
}
end_stage() {
  [ -n "$STAGE" ] || return 0
  local took=$((SECONDS - STAGE_START))
  printf '%5d s  %s\n' "$took" "$STAGE" >>"$TIMINGS"
  echo "($STAGE: ${took} s)"
  STAGE=""
}

# Runs a test command, showing its output and keeping the lines matching
# PATTERN, labelled, for the summary at the end.
record() {
  local label="$1" pattern="$2"
  shift 2
  "$@" 2>&1 | tee "$WORK/step.log"
  grep -E "$pattern" "$WORK/step.log" | grep -v ' 0 passed; 0 failed' \
    | sed -E "s/^ +//; s/^/$label: /" >>"$RESULTS" || true
}

# A fresh CI machine may have little disk. With SELFDESK_LEAN_DISK=1
# (.ci/run sets it) build outputs go as soon as no later stage needs them;
# a developer's machine keeps them for the next run.
drop_build_outputs() {
  [ -n "${SELFDESK_LEAN_DISK:-}" ] || return 0
  (cd "$ROOT" && rm -rf "$@")
  echo "disk free after removing $*: $(df -h --output=avail "$ROOT" | tail -n 1 | tr -d ' ')"
}

stage "Tools"
ensure_build_tools
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
ensure_apt_packages chromium postgresql dovecot-imapd nginx-light curl brotli
npm ci --prefix "$ROOT/tests" --no-audit --no-fund --loglevel=error
ensure_schemathesis

stage "Formatting"
cargo fmt --all -- --check

# Clippy lints the workspace's crates as they are built, with warnings
# denied: clippy-driver is cargo's wrapper for them (the dependencies are
# compiled by rustc as ever, their lints capped). The server and its tests
# are linted in their build below, each WebAssembly bundle in the site's
# build: a `cargo clippy` apart would check every dependency once more
# (7.5 minutes on two cores). The flags keep the type-erased components
# .cargo/config.toml sets (CARGO_BUILD_RUSTFLAGS replaces the file's).
export RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver"
export CARGO_BUILD_RUSTFLAGS="--cfg erase_components -D warnings"
unset RUSTFLAGS

RUST_TESTS=(cargo test --locked --profile ci -p app -p server --features app/ssr,server/bench)
stage "Building the server and the Rust tests (ci profile, with clippy's lints)"
"${RUST_TESTS[@]}" --no-run

stage "Rust tests on SQLite, and the fuzz targets' inputs"
record "Rust, SQLite" '^test result:' "${RUST_TESTS[@]}" -- --skip every_fuzz_target
record "Fuzz" '^fuzz [a-z_]+:' "${RUST_TESTS[@]}" --test api -- every_fuzz_target --nocapture

# Durability is beside the point for throwaway test databases.
start_postgres -c fsync=off
stage "Rust tests on PostgreSQL"
# The same packages and features as the build above, so nothing is built again.
record "Rust, PostgreSQL" '^test result:' "${RUST_TESTS[@]}" --test api -- --include-ignored --skip every_fuzz_target
stop_postgres

# The one server binary every later stage runs; the test binaries can go.
export SELFDESK_BIN="$WORK/selfdesk"
cp "$(server_binary ci)" "$SELFDESK_BIN"
drop_build_outputs target/ci

stage "Building the site (both WebAssembly bundles, wasm-release profile, with clippy's lints)"
build_site
CUSTOMER_BUNDLE="$(stat -c%s "$SITE/pkg/selfdesk.wasm.br")"
echo "selfdesk.wasm.br: $((CUSTOMER_BUNDLE / 1000)) KB"
[ "$CUSTOMER_BUNDLE" -le 400000 ] || { echo "the customers' bundle grew past 400 KB brotli" >&2; exit 1; }
drop_build_outputs target/wasm

stage "The JSON API against its OpenAPI document (schemathesis, ${CONTRACT_SECONDS} s)"
record "API contract" '^==> As |^  [0-9]+ generated|operations reached a 2xx|^  ⚠️' api_contract_tests

# The scale script's data is written straight into the migrated tables:
# run small, it fails when a migration leaves them behind.
stage "The database at scale, small (PostgreSQL, 100 organisations)"
record "Database scale" '^db-scale:' "$ROOT/scripts/db-scale.sh" --orgs 100 --no-build

stage "Browser tests (Playwright, Chromium)"
browser_tests() { (cd "$ROOT/tests" && npx playwright test); }
record "Browser" '^ +[0-9]+ (passed|failed|flaky|skipped)' browser_tests

stage "Cluster tests: two nodes, PostgreSQL, an S3-compatible store, nginx"
"$ROOT/scripts/cluster.sh" start --no-build
cluster_tests() { (cd "$ROOT/tests" && npx playwright test -c playwright.cluster.config.ts); }
record "Cluster" '^ +[0-9]+ (passed|failed|flaky|skipped)|^cluster: ' cluster_tests
stop_cluster
end_stage

step "Summary"
cat "$RESULTS"
echo
echo "Time by stage:"
cat "$TIMINGS"
printf '%5d s  in all\n' $((SECONDS - RUN_START))
