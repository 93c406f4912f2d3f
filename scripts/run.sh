#!/usr/bin/env bash
# Installs what is missing, builds the release, and runs Selfdesk on
# http://127.0.0.1:3000 with its SQLite database under ./data.
# Any arguments are passed to `selfdesk serve` (see `--help`).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

ensure_build_tools
build_release

step "Starting Selfdesk (Ctrl-C stops it)"
exec "$ROOT/target/release/selfdesk" serve "$@"
