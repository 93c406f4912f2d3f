#!/usr/bin/env bash
# Installs what is missing, builds the release (the server and the site),
# imports the articles in articles/, creates the demo organisations and
# accounts (printing how to sign in), and runs Selfdesk on
# http://127.0.0.1:3000 with its SQLite database under ./data.
# Arguments are passed to `selfdesk serve`; settings shared by every command
# (data directory, database) go in environment variables (see .env.example).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

command -v cargo >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs)" >&2; exit 1; }
# The server's build runs beside the tools' install (wasm-bindgen-cli
# compiles in a folder of its own) and the site's build (its own target
# folder, see build.sh): each leaves a core idle at times, and together
# they keep both busy.
BUILD_LOG="$(mktemp)"
trap 'rm -f "$BUILD_LOG"' EXIT
step "Building the server (release profile), in the background"
(cargo build --locked --package=server --bin=selfdesk --release >"$BUILD_LOG" 2>&1) &
SERVER_BUILD=$!
ensure_build_tools
build_site
step "Waiting for the server's build"
if ! wait "$SERVER_BUILD"; then
  cat "$BUILD_LOG" >&2
  echo "building the server failed" >&2
  exit 1
fi

SELFDESK="$(server_binary release)"
step "Knowledge-base articles (only what changed is imported again)"
"$SELFDESK" import "$ROOT/articles"

step "Demo organisations and accounts"
"$SELFDESK" demo-seed

step "Starting Selfdesk (Ctrl-C stops it)"
exec "$SELFDESK" serve "$@"
