# Sourced by test.sh: the JSON API against its own OpenAPI document.
# Schemathesis (from PyPI) generates requests from the document served at
# /api/v1/openapi.json and sends them, signed in as an admin, to a server
# with the demo data: no answer may be a server error, and every
# answer must match the document (status, content type, schema).
# shellcheck shell=bash

SCHEMATHESIS_VERSION="4.32.5"
# The time schemathesis may take, in seconds; longer with CONTRACT_SECONDS.
CONTRACT_SECONDS="${CONTRACT_SECONDS:-90}"

ensure_schemathesis() {
  local venv="$ROOT/target/schemathesis"
  if "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    return 0
  fi
  step "Installing schemathesis $SCHEMATHESIS_VERSION (PyPI)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

api_contract_tests() {
  ensure_schemathesis
  local selfdesk="${SELFDESK_BIN:-$ROOT/target/release/selfdesk}" data port token server status=0
  data="$(mktemp -d)"
  port="$(free_port)"
  export SELFDESK_DATA_DIR="$data" SELFDESK_LOG=warn
  "$selfdesk" import "$ROOT/articles" >/dev/null
  "$selfdesk" demo-seed >/dev/null
  token="$("$selfdesk" user token --email admin@selfdesk.example | grep -o 'sdk_[A-Za-z0-9_-]*')"
  "$selfdesk" serve --addr "127.0.0.1:$port" --site-dir "$ROOT/target/site" --no-jobs &
  server=$!
  for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.2
  done
  "$ROOT/target/schemathesis/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-time "$CONTRACT_SECONDS" --max-examples 20 --workers 2 --no-color || status=$?
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
  unset SELFDESK_DATA_DIR SELFDESK_LOG
  return "$status"
}
