#!/usr/bin/env bash
# How the database holds at the scale of many organisations: a throwaway
# PostgreSQL gets the demo data plus ORGS organisations (100,000 by
# default), each with an account holder and 2 customers, a contract, 10 cases (2 % of them still
# open) of 4 events each, and 4 ledger entries. Selfdesk (release build) then
# serves it and every page and call below is timed over HTTP, the median of
# 5, written to target/bench/db-scale.md. Every answer must be a 200: the
# test command runs it small (`--orgs 100 --no-build`, with SELFDESK_BIN
# naming its server) so that a migration the inserts below no longer fit
# stops the run.
#
#   scripts/db-scale.sh [--orgs N] [--no-build]
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$(dirname "$0")/lib/postgres.sh"
cd "$ROOT"

ORGS=100000
BUILD=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --orgs) ORGS="$2"; shift ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
ensure_apt_packages postgresql curl
[ "$BUILD" = yes ] && { ensure_build_tools; build_release; }

WORK="$(mktemp -d /tmp/selfdesk-scale.XXXXXX)"
SERVER=""
# Each step runs whatever the one before did (the server may have died already).
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT
SELFDESK="${SELFDESK_BIN:-$ROOT/target/release/selfdesk}"
PASSWORD="db scale passphrase"
export SELFDESK_DATA_DIR="$WORK/data" SELFDESK_LOG=warn

SELFDESK_TEST_PG_PORT="$(free_port)" start_postgres
export DATABASE_URL="$PG_URL"
"$SELFDESK" import "$ROOT/articles" >/dev/null
"$SELFDESK" demo-seed --password "$PASSWORD" >/dev/null

step "Adding $ORGS organisations with their customers, contracts, cases, events and ledgers"
started=$SECONDS
psql -q "$PG_URL" -v orgs="$ORGS" <<'SQL'
INSERT INTO organisations (name, name_key, time_zone, created_at)
SELECT 'Scale ' || g, 'scale ' || g, 'Europe/Paris', 0 FROM generate_series(1, :orgs) g;
CREATE TEMP TABLE scale_orgs AS SELECT id FROM organisations WHERE name_key LIKE 'scale %';
INSERT INTO users (email, name, role, organisation_id, created_at, updated_at)
SELECT 'u' || g || '.' || o.id || '@scale.example', 'Scale user',
       CASE WHEN g = 1 THEN 'account_holder' ELSE 'customer' END, o.id, 0, 0
FROM scale_orgs o, generate_series(1, 3) g;
INSERT INTO contracts (organisation_id, contract_number, created_at)
SELECT id, 'SC-' || id, 0 FROM scale_orgs;
INSERT INTO cases (reference, organisation_id, contact_user_id, opened_by_user_id, channel, case_type,
                   severity, status, subject, description, product_key, version, created_at, updated_at)
SELECT 'SCALE-' || f.organisation_id || '-' || g, f.organisation_id, f.user_id, f.user_id, 'web', 'question',
       '3', CASE WHEN random() < 0.02 THEN 'open' ELSE 'closed' END,
       'A question of organisation ' || f.organisation_id, 'Asked at scale.', 'gateway', '9',
       1700000000000 + g * 86400000, 1700000000000 + g * 86400000
FROM (SELECT organisation_id, MIN(id) AS user_id FROM users
      WHERE email LIKE '%@scale.example' GROUP BY organisation_id) f, generate_series(1, 10) g;
INSERT INTO case_events (case_id, kind, body, created_at)
SELECT c.id, 'message', 'A message.', c.created_at + g FROM cases c, generate_series(1, 4) g
WHERE c.reference LIKE 'SCALE-%';
INSERT INTO ledger_entries (organisation_id, kind, points, balance_after, expires_at, reason, created_at)
SELECT id, 'grant', 100, 100, 4000000000000, 'Included points', 1700000000000 FROM scale_orgs;
INSERT INTO ledger_entries (organisation_id, kind, points, balance_after, case_reference, channel, reason, created_at)
SELECT o.id, 'debit', -10, 100 - 10 * g, 'SCALE-' || o.id || '-' || g, 'web', 'Case', 1700000000000 + g
FROM scale_orgs o, generate_series(1, 3) g;
ANALYZE;
SQL
echo "filled in $((SECONDS - started)) s: $(psql -tA "$PG_URL" -c "SELECT (SELECT COUNT(*) FROM organisations) || ' organisations, ' || (SELECT COUNT(*) FROM users) || ' users, ' || (SELECT COUNT(*) FROM cases) || ' cases (' || (SELECT COUNT(*) FROM cases WHERE status NOT IN ('resolved', 'closed')) || ' open), ' || (SELECT COUNT(*) FROM case_events) || ' events, ' || (SELECT COUNT(*) FROM ledger_entries) || ' ledger entries'")"
DB_SIZE="$(psql -tA "$PG_URL" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
"$SELFDESK" serve --addr "127.0.0.1:$PORT" --site-dir "$ROOT/target/site" --no-jobs &
SERVER=$!
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/readyz" && break; sleep 0.2; done

# Pages and the API alike take an API token, made by the command line.
token() { "$SELFDESK" user token --email "$1" | grep -o 'sdk_[A-Za-z0-9_-]*'; }

SCALE_HOLDER="$(token "u1.$(psql -tA "$PG_URL" -c "SELECT MAX(id) FROM organisations")@scale.example")"
ENGINEER="$(token l1@selfdesk.example)"
ADMIN="$(token admin@selfdesk.example)"

RESULTS="$WORK/results"
# Times a GET five times; records "label|status|median ms|bytes".
timed() {
  local label="$1" path="$2"
  shift 2
  local times=() status size
  for _ in 1 2 3 4 5; do
    read -r status seconds size < <(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$@" "$BASE$path")
    times+=("$seconds")
  done
  median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')"
  echo "$label|$status|$median|$size" | tee -a "$RESULTS"
}

step "Timing (median of 5)"
timed "an account holder's cases (API)" /api/v1/cases -H "Authorization: Bearer $SCALE_HOLDER"
timed "an account holder's ledger (API)" /api/v1/ledger -H "Authorization: Bearer $SCALE_HOLDER"
timed "an account holder's entitlements (API)" /api/v1/entitlements -H "Authorization: Bearer $SCALE_HOLDER"
timed "the engineers' queue (page)" /queue -H "Authorization: Bearer $ENGINEER"
timed "the SLA report (API)" /api/v1/reports/sla -H "Authorization: Bearer $ADMIN"
timed "the admins' accounts, first page (page)" /admin/accounts -H "Authorization: Bearer $ADMIN"
timed "the admins' accounts, found by name (page)" "/admin/accounts?words=scale+4242" -H "Authorization: Bearer $ADMIN"
timed "the admins' plans (page)" /admin/plans -H "Authorization: Bearer $ADMIN"
timed "users, first page (API)" /api/v1/admin/users -H "Authorization: Bearer $ADMIN"
timed "users, found by name (API)" "/api/v1/admin/users?words=u1.4242" -H "Authorization: Bearer $ADMIN"

REPORT="$ROOT/target/bench/db-scale.md"
mkdir -p "$(dirname "$REPORT")"
{
  echo "Database scale on $(date -u +%Y-%m-%d), $(nproc) cores, PostgreSQL, $ORGS extra organisations, database $DB_SIZE"
  echo
  echo "| page or call | status | median | bytes |"
  echo "| --- | --- | --- | --- |"
  while IFS='|' read -r label status median size; do
    echo "| $label | $status | $median ms | $size |"
  done <"$RESULTS"
} >"$REPORT"
step "Report ($REPORT)"
cat "$REPORT"
if awk -F'|' '$2 != 200 { found = 1 } END { exit !found }' "$RESULTS"; then
  echo "db-scale: a page or call above did not answer 200" >&2
  exit 1
fi
echo "db-scale: $(wc -l <"$RESULTS") pages and calls answered 200 over $ORGS extra organisations"
