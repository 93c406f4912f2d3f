#!/usr/bin/env bash
# Installs what is missing, builds the release, imports the articles in
# articles/, creates the demo organisations and accounts (printing how to
# sign in), and runs Selfdesk on
# http://127.0.0.1:3000 with its SQLite database under ./data.
# Arguments are passed to `selfdesk serve`; settings shared by every command
# (data directory, database) go in environment variables (see .env.example).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

ensure_build_tools
build_release

SELFDESK="$ROOT/target/release/selfdesk"
step "Knowledge-base articles (only what changed is imported again)"
"$SELFDESK" import "$ROOT/articles"

step "Demo organisations and accounts"
"$SELFDESK" demo-seed

step "Starting Selfdesk (Ctrl-C stops it)"
exec "$SELFDESK" serve "$@"
