# Sourced by test.sh: the JSON API against its own OpenAPI document.
# Schemathesis (from PyPI) generates requests from the document served at
# /api/v1/openapi.json and sends them to a server with the demo data, once
# for each role (admin, engineer, account holder, customer): no answer may
# be a server error, and every answer must match the document (status,
# content type, schema). What the operations need exists before it runs: a
# case with a file, a follower, a request for remote access, a charge
# waiting for its answer and a disputed charge, made through the API, and
# the ids of an organisation and a user, given to
# schemathesis in its configuration. The summary says,
# for each operation, how many generated requests reached a 2xx answer.
# shellcheck shell=bash

SCHEMATHESIS_VERSION="4.32.5"
# The time schemathesis may take, in seconds, shared by the roles; longer
# with CONTRACT_SECONDS. One worker: two threads of schemathesis 4.32 on
# Python 3.11 now and then fail inside Python's own parser (a runtime error
# of the tool, not of the API).
CONTRACT_SECONDS="${CONTRACT_SECONDS:-90}"
CONTRACT_ROLES=(admin@selfdesk.example l1@selfdesk.example holder@acme.example customer@acme.example)
# What each role may not call: refused before anything is read, so
# schemathesis would only count 403s there. The refusals themselves are
# asserted by the API tests (server/tests/api/security). Staff file cases
# for a customer by phone or email, naming the customer; the generated
# cases name no customer, so staff run the other operations.
# Remote access and charges are asked, decided and ended by engineers,
# answered by customers; account holders dispute charges, staff answer.
STAFF_ONLY_REMOTE="POST /api/v1/cases/{reference}/remote-access|POST /api/v1/cases/{reference}/remote-access/{id}/end"
STAFF_ONLY_REMOTE+="|POST /api/v1/cases/{reference}/charge|POST /api/v1/cases/{reference}/time|POST /api/v1/ledger/disputes/{id}/answer"
CUSTOMERS_ONLY_REMOTE="POST /api/v1/cases/{reference}/remote-access/{id}/answer"
CUSTOMERS_ONLY_REMOTE+="|POST /api/v1/cases/{reference}/charge/answer|POST /api/v1/ledger/disputes"
declare -A CONTRACT_REFUSED=(
  [admin]="POST /api/v1/cases|$CUSTOMERS_ONLY_REMOTE"
  [l1]="POST /api/v1/cases|GET /api/v1/admin/users|POST /api/v1/media|$CUSTOMERS_ONLY_REMOTE"
  [holder]="GET /api/v1/admin/users|GET /api/v1/enhancements|GET /api/v1/reports/sla|POST /api/v1/cases/{reference}/work|POST /api/v1/media|$STAFF_ONLY_REMOTE"
  [customer]="GET /api/v1/admin/users|GET /api/v1/enhancements|GET /api/v1/ledger|GET /api/v1/ledger.csv|GET /api/v1/billable-time.csv|POST /api/v1/ledger/disputes|GET /api/v1/reports/sla|GET /api/v1/users/{id}|POST /api/v1/cases/{reference}/work|POST /api/v1/media|$STAFF_ONLY_REMOTE"
)


ensure_schemathesis() {
  local venv="$ROOT/target/schemathesis"
  if "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    return 0
  fi
  step "Installing schemathesis $SCHEMATHESIS_VERSION (PyPI)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

# An API token of a demo account.
api_token() {
  "$1" user token --email "$2" | grep -o 'sdk_[A-Za-z0-9_-]*'
}

# Files a case with a log through the API as a customer of the demo data,
# and writes the schemathesis configuration naming it and the ids the
# operations need.
seed_contract_data() {
  local selfdesk="$1" base="$2" config="$3" customer upload reference file_id organisation user
  local follower engineer request assessed holder dispute
  customer="$(api_token "$selfdesk" customer@acme.example)"
  printf 'connect: timed out after 30 s\n' >"$WORK_CONTRACT/service.log"
  upload="$(curl -sf -H "Authorization: Bearer $customer" -F "file=@$WORK_CONTRACT/service.log" \
    "$base/api/v1/uploads" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
  reference="$(curl -sf -H "Authorization: Bearer $customer" -H 'Content-Type: application/json' \
    --data "{\"case_type\": \"unexpected_behaviour\", \"severity\": \"3\",
      \"subject\": \"Contract test\", \"description\": \"Filed before the contract run.\",
      \"fields\": {\"product\": \"gateway\", \"version\": \"9\", \"hardware_os\": \"KG-500\",
        \"symptoms\": \"Timeouts\", \"steps_to_reproduce\": \"Connect\"},
      \"artifacts\": [{\"upload\": \"$upload\", \"kind\": \"logs\"}]}" \
    "$base/api/v1/cases" | python3 -c 'import json, sys; print(json.load(sys.stdin)["reference"])')"
  file_id="$(curl -sf -H "Authorization: Bearer $customer" "$base/api/v1/cases/$reference" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["artifacts"][0]["id"])')"
  read -r organisation user < <(curl -sf -H "Authorization: Bearer $customer" "$base/api/v1/me" \
    | python3 -c 'import json, sys; me = json.load(sys.stdin); print(me["organisation"]["id"], me["id"])')
  # A follower to remove, and a request for remote access to answer.
  follower="$(curl -sf -H "Authorization: Bearer $customer" -H 'Content-Type: application/json' \
    --data '{"email": "holder@acme.example"}' "$base/api/v1/cases/$reference/followers" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
  engineer="$(api_token "$selfdesk" l1@selfdesk.example)"
  curl -sf -H "Authorization: Bearer $engineer" -H 'Content-Type: application/json' \
    --data '{"system": "gw01", "purpose": "Read the tunnel logs.", "hours": 2}' \
    "$base/api/v1/cases/$reference/remote-access" >/dev/null
  request="$(curl -sf -H "Authorization: Bearer $customer" "$base/api/v1/cases/$reference" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["remote_access"][0]["id"])')"
  # An enhancement request costs nothing at filing: the engineer charges it
  # a point after assessing it, for the customer to answer.
  assessed="$(curl -sf -H "Authorization: Bearer $customer" -H 'Content-Type: application/json' \
    --data '{"case_type": "enhancement", "severity": "3", "subject": "Export the tunnel log",
      "description": "A button to export it.", "fields": {"product": "gateway", "version": "9"}}' \
    "$base/api/v1/cases" | python3 -c 'import json, sys; print(json.load(sys.stdin)["reference"])')"
  curl -sf -H "Authorization: Bearer $engineer" -H 'Content-Type: application/json' \
    --data '{"decision": "points", "points": 1, "reason": "A custom export is paid work."}' \
    "$base/api/v1/cases/$assessed/charge" >/dev/null
  # The account holder disputes the first case's charge, for staff to answer.
  holder="$(api_token "$selfdesk" holder@acme.example)"
  dispute="$(curl -sf -H "Authorization: Bearer $holder" "$base/api/v1/ledger" | python3 -c '
import json, sys
print(next(e["id"] for e in json.load(sys.stdin)["entries"] if e["kind"] == "debit"))' \
    | xargs -I{} curl -sf -H "Authorization: Bearer $holder" -H 'Content-Type: application/json' \
      --data '{"entry_id": {}, "reason": "The update caused it."}' "$base/api/v1/ledger/disputes" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
  if [ -z "$reference" ] || [ -z "$file_id" ] || [ -z "$organisation" ] || [ -z "$follower" ] || [ -z "$request" ] \
    || [ -z "$assessed" ] || [ -z "$dispute" ]; then
    echo "the contract run's data could not be filed through the API" >&2
    return 1
  fi
  cat >"$config" <<TOML
[parameters]
"query.organisation" = $organisation

[[operations]]
include-name = "GET /api/v1/organisations/{id}"
parameters = { "path.id" = $organisation }

[[operations]]
include-name = "GET /api/v1/users/{id}"
parameters = { "path.id" = $user }

[[operations]]
include-name = "GET /api/v1/cases/{reference}/files/{id}"
parameters = { "path.reference" = "$reference", "path.id" = $file_id }

[[operations]]
include-path-regex = '^/api/v1/cases/\{reference\}(/messages|/status|/work|/followers|/remote-access|/charge|/time)?$'
parameters = { "path.reference" = "$reference" }

[[operations]]
include-name = "POST /api/v1/cases/{reference}/charge/answer"
parameters = { "path.reference" = "$assessed" }

[[operations]]
include-name = "POST /api/v1/ledger/disputes/{id}/answer"
parameters = { "path.id" = $dispute }

[[operations]]
include-name = "DELETE /api/v1/cases/{reference}/followers/{id}"
parameters = { "path.reference" = "$reference", "path.id" = $follower }

[[operations]]
include-path-regex = '^/api/v1/cases/\{reference\}/remote-access/\{id\}/(answer|end)$'
parameters = { "path.reference" = "$reference", "path.id" = $request }

[[operations]]
include-name = "GET /api/v1/articles/{slug}"
parameters = { "path.slug" = "vpn-tunnel-drops-every-hour" }

# Where what is valid is not in the request alone, generated requests are
# refused with 400 however exact the document is, and schemathesis would
# read that as a document promising too little. Its warnings are off for
# these operations alone (its configuration cannot switch off one kind for
# one operation); the 2xx count per operation shows each does go through.
# - A file is accepted by its type (its name's extension and, for pictures,
#   its bytes); half of the files schemathesis makes are arbitrary bytes
#   named after the field, with no extension.
[[operations]]
include-path-regex = '^/api/v1/(uploads|media)$'
warnings = false

# - Upload tokens are made by POST /api/v1/uploads and taken once: generated
#   tokens name no upload, so a message with files, and a case whose type
#   asks for logs or a system report, are refused.
[[operations]]
include-path-regex = '^/api/v1/cases(/\{reference\}/messages)?$'
include-method = "POST"
warnings = false
TOML
  echo "seeded: $reference with file $file_id, follower $follower, remote access request $request, charged $assessed, dispute $dispute, organisation $organisation, user $user"
}

# Per operation, the generated requests that reached a 2xx answer, from
# the roles' HAR reports.
two_xx_by_operation() {
  python3 - "$1" "$WORK_CONTRACT"/har-* <<'PY'
import json, re, sys, urllib.parse
document = json.load(open(sys.argv[1]))
operations = {}
for path, item in document["paths"].items():
    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
    for method in item:
        operations[(method.upper(), path)] = (pattern, [0, 0])
for report in sys.argv[2:]:
    for name in __import__("os").listdir(report):
        if not name.endswith((".har", ".json")):
            continue
        for entry in json.load(open(f"{report}/{name}"))["log"]["entries"]:
            method = entry["request"]["method"]
            path = urllib.parse.urlparse(entry["request"]["url"]).path
            for (m, _), (pattern, counts) in operations.items():
                if m == method and pattern.match(path):
                    counts[0] += 1
                    counts[1] += 200 <= entry["response"]["status"] < 300
                    break
reached = 0
for (method, path), (_, (sent, ok)) in sorted(operations.items(), key=lambda o: o[0][1]):
    reached += ok > 0
    print(f"  {method:6} {path}: {ok} of {sent} answered 2xx")
print(f"{reached} of {len(operations)} operations reached a 2xx answer")
# Below four in five, the generated data mostly tests refusals.
sys.exit(0 if reached * 5 >= len(operations) * 4 else 1)
PY
}

api_contract_tests() {
  ensure_schemathesis
  local selfdesk="${SELFDESK_BIN:-$ROOT/target/release/selfdesk}" data port server status=0 base
  local config role seconds refused operations operation
  data="$(mktemp -d)"
  WORK_CONTRACT="$data"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  export SELFDESK_DATA_DIR="$data/data" SELFDESK_LOG=warn
  "$selfdesk" import "$ROOT/articles" >/dev/null
  "$selfdesk" demo-seed >/dev/null
  "$selfdesk" serve --addr "127.0.0.1:$port" --site-dir "$ROOT/target/site" --no-jobs &
  server=$!
  for _ in $(seq 50); do
    curl -sf "$base/readyz" >/dev/null && break
    sleep 0.2
  done
  config="$data/schemathesis.toml"
  seed_contract_data "$selfdesk" "$base" "$config" || status=$?
  curl -sf "$base/api/v1/openapi.json" >"$data/openapi.json" || status=$?
  seconds=$((CONTRACT_SECONDS / ${#CONTRACT_ROLES[@]}))
  for role in "${CONTRACT_ROLES[@]}"; do
    [ "$status" -eq 0 ] || break
    step "As $role ($seconds s)"
    refused=()
    IFS='|' read -ra operations <<<"${CONTRACT_REFUSED[${role%%@*}]}"
    for operation in "${operations[@]}"; do refused+=(--exclude-name "$operation"); done
    "$ROOT/target/schemathesis/bin/schemathesis" --config-file "$config" run "$base/api/v1/openapi.json" \
      --header "Authorization: Bearer $(api_token "$selfdesk" "$role")" "${refused[@]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --max-time "$seconds" --max-examples 20 --workers 1 --no-color \
      --report har --report-dir "$data/har-${role%%@*}" || status=$?
  done
  if [ "$status" -eq 0 ]; then
    two_xx_by_operation "$data/openapi.json" || status=$?
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
  unset SELFDESK_DATA_DIR SELFDESK_LOG WORK_CONTRACT
  return "$status"
}
