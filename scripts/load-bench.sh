#!/usr/bin/env bash
# Load benchmark: Selfdesk (release build, with the real corpus) against
# nginx serving the same bytes as static files, both on loopback, under wrk.
# Prints a table of requests per second and latency percentiles with the
# ratio to nginx, and writes it to target/bench/load.md.
#
#   scripts/load-bench.sh [--postgres | --cluster] [--duration SECONDS]
#                         [--connections N] [--corpus FILE.tar.gz] [--no-build]
#
# --postgres runs Selfdesk on a throwaway PostgreSQL server instead of SQLite.
# --cluster starts the two-node cluster of scripts/cluster.sh and measures
# one node alone, then both behind nginx (no static-file rows).
# Bounded in time: about 16 runs of --duration seconds (10 by default).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
source "$(dirname "$0")/lib/postgres.sh"
cd "$ROOT"

DURATION=10
CONNECTIONS=32
CORPUS="$ROOT/../shared/corpus/supportarticles-docs.tar.gz"
ENGINE=sqlite
BUILD=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) ENGINE=postgres ;;
    --cluster) ENGINE=cluster ;;
    --duration) DURATION="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --corpus) CORPUS="$2"; shift ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS (--corpus FILE.tar.gz)" >&2; exit 2; }

ensure_apt_packages wrk nginx-light curl
[ "$ENGINE" = postgres ] && ensure_apt_packages postgresql
if [ "$BUILD" = yes ]; then
  ensure_build_tools
  build_release
fi

WORK="$(mktemp -d /tmp/selfdesk-load.XXXXXX)"
SELFDESK_PID=""
NGINX_PID=""
# Each step runs whatever the one before did (a server may have died already).
cleanup() {
  if [ "$ENGINE" = cluster ]; then
    "$ROOT/scripts/cluster.sh" stop || true
  elif [ -n "$SELFDESK_PID" ]; then
    kill "$SELFDESK_PID" 2>/dev/null && wait "$SELFDESK_PID" 2>/dev/null || true
  fi
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; fi
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT

SELFDESK="$ROOT/target/release/selfdesk"
export SELFDESK_DATA_DIR="$WORK/data"
export SELFDESK_LOG="warn"
# Read at the end for the analytics rows' fate.
export SELFDESK_METRICS_TOKEN="load-bench-metrics"
unset DATABASE_URL
if [ "$ENGINE" = postgres ]; then
  SELFDESK_TEST_PG_PORT="$(free_port)" start_postgres
  export DATABASE_URL="$PG_URL"
fi

mkdir -p "$WORK/corpus"
tar -xzf "$CORPUS" -C "$WORK/corpus"
if [ "$ENGINE" = cluster ]; then
  export SELFDESK_CLUSTER_DIR="$WORK/cluster"
  SELFDESK_DEMO_PASSWORD="load-bench-password" "$ROOT/scripts/cluster.sh" start --no-build
  # shellcheck disable=SC1091
  source "$SELFDESK_CLUSTER_DIR/cluster.env"
  step "Importing the corpus into the cluster"
  "$ROOT/scripts/cluster.sh" import "$WORK/corpus" 2>/dev/null | grep '^Imported'
else
  step "Importing the corpus and the bundled articles ($ENGINE)"
  "$SELFDESK" import "$WORK/corpus" 2>/dev/null | grep '^Imported'
  "$SELFDESK" import "$ROOT/articles" | grep '^Imported'
  "$SELFDESK" demo-seed --password "load-bench-password" >/dev/null
fi

# Queries: what other articles call an article when they link to it (a
# symptom in a customer's words), and the corpus's descriptions.
grep -rhoP '\[\K[^\]\[]{40,160}(?=\]\((?!https?:))' "$WORK/corpus" \
  | grep -v '[`<>|]' | sort -u | awk 'NR % 2 == 1 && ++taken <= 200' >"$WORK/rotating.txt"
# The lines of stdin in an order of their own, the same on every run.
shuffled() {
  awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-
}
# New questions: the corpus's descriptions (problems in a sentence), each
# also with one of a few words people add, so that a run never asks one
# twice; the suggestions get them cut where a person is still typing.
grep -rhoP '^description:\s*\K.{30,200}' "$WORK/corpus" | tr -d '"' \
  | grep -v '[`<>|]' | sort -u >"$WORK/descriptions.txt"
for extra in "" " error" " windows" " linux" " after upgrade" " not working" " how to fix"; do
  sed "s/\$/$extra/" "$WORK/descriptions.txt"
done | sort -u | shuffled >"$WORK/fresh.txt"
for lead in "" "why " "since yesterday " "customer says "; do
  awk -v lead="$lead" '{ print lead substr($0, 1, int(length($0) * 2 / 3)) }' "$WORK/descriptions.txt"
done | sort -u | shuffled >"$WORK/fresh-suggest.txt"
echo "$(wc -l <"$WORK/rotating.txt") rotating queries, $(wc -l <"$WORK/fresh.txt") new ones for search, $(wc -l <"$WORK/fresh-suggest.txt") for suggestions"

if [ "$ENGINE" = cluster ]; then
  BASE="$NODE_A_URL"
  SELFDESK_PID="$(cat "$SELFDESK_CLUSTER_DIR/node-a.pid")"
else
  PORT="$(free_port)"
  step "Starting Selfdesk on 127.0.0.1:$PORT"
  "$SELFDESK" serve --addr "127.0.0.1:$PORT" --site-dir "$ROOT/target/site" --no-jobs &
  SELFDESK_PID=$!
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do
    curl -sf "$BASE/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sf "$BASE/readyz" >/dev/null || { echo "Selfdesk did not start" >&2; exit 1; }
fi
# The index fills from the database in the background: wait until it has
# the corpus (an empty query lists everything a reader may read).
for node in "$BASE" ${NODE_B_URL:+"$NODE_B_URL"}; do
  for _ in $(seq 1 240); do
    total="$(curl -sf "$node/api/v1/search?q=&limit=1" | grep -oP '"total":\K[0-9]+' || echo 0)"
    [ "$total" -ge 3000 ] && break
    sleep 0.5
  done
  echo "$node: $total articles searchable by anyone"
done

ARTICLE="/articles/vpn-tunnel-drops-every-hour"
FIRST_QUERY="$(head -n 1 "$WORK/rotating.txt")"
ENCODED="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$FIRST_QUERY")"
# A signed-in customer's session, through the sign-in form.
COOKIES="$WORK/cookies"
SIGN_IN="$(curl -sf -c "$COOKIES" "$BASE/sign-in" | grep -oP '<form action="\K/api/sign_in[0-9]*')"
CSRF="$(awk '$6 == "selfdesk_csrf" { print $7 }' "$COOKIES")"
curl -s -b "$COOKIES" -c "$COOKIES" -o /dev/null -H "X-CSRF-Token: $CSRF" \
  --data-urlencode "email=customer@acme.example" --data-urlencode "password=load-bench-password" \
  --data-urlencode "next=/" "$BASE$SIGN_IN"
SESSION="$(awk '$6 == "selfdesk_session" { print $6 "=" $7 }' "$COOKIES")"
[ -n "$SESSION" ] || echo "signing in failed: the signed-in page is left out" >&2
# A case of that customer's, for the case page (an enhancement request
# needs no attachment).
CASE_REF=""
if [ "$ENGINE" != cluster ] && [ -n "$SESSION" ]; then
  TOKEN="$("$SELFDESK" user token --email customer@acme.example | grep -o 'sdk_[A-Za-z0-9_-]*')"
  CASE_REF="$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data '{"case_type": "enhancement", "severity": "3", "subject": "Export the tunnel log",
      "description": "A button to export it.", "fields": {"product": "gateway", "version": "9"}}' \
    "$BASE/api/v1/cases" | grep -oP '"reference":"\K[^"]+' || true)"
  [ -n "$CASE_REF" ] || echo "filing a case failed: the case page is left out" >&2
fi

step "nginx with the same bytes"
STATIC="$WORK/static"
mkdir -p "$STATIC/articles" "$STATIC/api"
curl -sf -o "$STATIC/articles/article.html" "$BASE$ARTICLE"
curl -sf -o "$STATIC/api/search.json" "$BASE/api/v1/search?q=$ENCODED"
curl -sf -o "$STATIC/api/suggest.json" "$BASE/api/v1/suggest?q=$ENCODED"
# nginx's workers drop root: they must be able to walk down to the pages.
chmod 755 "$WORK"
chmod -R a+rX "$STATIC"
NGINX_PORT="$(free_port)"
cat >"$WORK/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; application/json json; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $STATIC;
  }
}
EOF
nginx -c "$WORK/nginx.conf" &
NGINX_PID=$!
NGINX="http://127.0.0.1:$NGINX_PORT"
sleep 0.5

cat >"$WORK/rotate.lua" <<'EOF'
-- Each request asks for the next query of the file, URL-encoded. Each of
-- wrk's two threads walks its own half, so no query is asked twice while
-- the file lasts.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local queries = {}
local counter = 0
function init(args)
  for line in io.lines(os.getenv("QUERIES")) do
    queries[#queries + 1] = line:gsub("([^%w%-%.%_%~ ])", function(c)
      return string.format("%%%02X", string.byte(c))
    end):gsub(" ", "+")
  end
  counter = (id or 0) * math.floor(#queries / 2)
end
local path = os.getenv("QUERY_PATH")
request = function()
  counter = counter + 1
  return wrk.format("GET", path .. queries[(counter % #queries) + 1])
end
EOF

RESULTS="$WORK/results"
# Runs wrk and records "label|req/s|p50|p99" for the table.
load() {
  local label="$1" url="$2"
  shift 2
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$out")"
  # A file of new queries must outlast the run, or the later ones repeat.
  if [ -n "${QUERIES:-}" ] && [[ "$label" == *"every query new"* ]]; then
    local requests
    requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    if [ "$requests" -gt "$(wc -l <"$QUERIES")" ]; then
      label="$label (repeats: $requests requests, $(wc -l <"$QUERIES") queries)"
    fi
  fi
  p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
  errors="$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out" | tr '\n' ' ')"
  echo "$label|$rps|$p50|$p99|$errors" >>"$RESULTS"
  printf '%-44s %8s req/s  p50 %-9s p99 %-9s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}
rotate() {
  QUERIES="$1" QUERY_PATH="$2" load "$3" "$BASE" -s "$WORK/rotate.lua"
}

# One pass over the rotating queries and the article, against $BASE.
warm_up() {
  QUERIES="$WORK/rotating.txt" QUERY_PATH="/api/v1/search?q=" \
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$WORK/rotate.lua" "$BASE" >/dev/null
  QUERIES="$WORK/rotating.txt" QUERY_PATH="/api/v1/suggest?q=" \
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$WORK/rotate.lua" "$BASE" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d2s "$BASE$ARTICLE" >/dev/null
}

if [ "$ENGINE" = cluster ]; then
  step "Measuring one node, then both behind nginx: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
  for target in "one node|$NODE_A_URL" "two nodes behind nginx|$LB_URL"; do
    name="${target%%|*}"
    BASE="${target#*|}"
    warm_up
    load "$name: article page, not signed in" "$BASE$ARTICLE"
    [ -n "$SESSION" ] && load "$name: article page, signed-in customer" "$BASE$ARTICLE" -H "Cookie: $SESSION"
    rotate "$WORK/rotating.txt" "/api/v1/search?q=" "$name: search API, 200 rotating queries"
    rotate "$WORK/fresh.txt" "/api/v1/search?q=" "$name: search API, every query new"
    rotate "$WORK/rotating.txt" "/api/v1/suggest?q=" "$name: suggest API, 200 rotating queries"
  done
else
  step "Warming up (one pass over the rotating queries)"
  warm_up

  # What most customers meet first: a question nobody asked before, and
  # pages rendered for them once signed in. Each query file is used once
  # per server (a second pass would be answered by the recent outcomes).
  step "Measuring: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
  load "nginx: a search answer" "$NGINX/api/search.json"
  rotate "$WORK/fresh.txt" "/api/v1/search?q=" "search API, every query new"
  load "nginx: a suggestions answer" "$NGINX/api/suggest.json"
  rotate "$WORK/fresh-suggest.txt" "/api/v1/suggest?q=" "suggest API, every query new"
  load "nginx: the article page" "$NGINX/articles/article.html"
  if [ -n "$SESSION" ]; then
    load "signed-in customer: article page" "$BASE$ARTICLE" -H "Cookie: $SESSION"
    load "signed-in customer: cases list" "$BASE/cases" -H "Cookie: $SESSION"
    [ -n "$CASE_REF" ] && load "signed-in customer: a case" "$BASE/cases/$CASE_REF" -H "Cookie: $SESSION"
    load "signed-in customer: get help" "$BASE/help" -H "Cookie: $SESSION"
    load "signed-in customer: account" "$BASE/account" -H "Cookie: $SESSION"
  fi
  load "article page, not signed in" "$BASE$ARTICLE"
  load "home page, not signed in" "$BASE/"
  load "nginx: a search answer" "$NGINX/api/search.json"
  rotate "$WORK/rotating.txt" "/api/v1/search?q=" "search API, 200 rotating queries"
  load "nginx: a suggestions answer" "$NGINX/api/suggest.json"
  rotate "$WORK/rotating.txt" "/api/v1/suggest?q=" "suggest API, 200 rotating queries"
fi

RSS_KB="$(awk '/^VmRSS/ { print $2 }' "/proc/$SELFDESK_PID/status")"
PEAK_KB="$(awk '/^VmHWM/ { print $2 }' "/proc/$SELFDESK_PID/status")"
ANALYTICS="$(curl -sf -H "Authorization: Bearer $SELFDESK_METRICS_TOKEN" "$BASE/metrics" | grep '^selfdesk_analytics_rows_total' | sed -E 's/.*outcome="([a-z]+)"\} ([0-9]+)/\1 \2/' | paste -sd, - || true)"

# The table, with each Selfdesk figure's ratio to nginx serving the same bytes.
REPORT="$ROOT/target/bench/load.md"
mkdir -p "$(dirname "$REPORT")"
{
  echo "Load on $(date -u +%Y-%m-%d), $(nproc) cores, $ENGINE, wrk -t2 -c$CONNECTIONS -d${DURATION}s, loopback"
  echo
  echo "| path | req/s | p50 | p99 | vs nginx (the row above it) |"
  echo "| --- | --- | --- | --- | --- |"
  NGINX_RPS=""
  while IFS='|' read -r label rps p50 p99 errors; do
    case "$label" in
      nginx:*) NGINX_RPS="$rps"; ratio="" ;;
      *) ratio="$(awk -v a="$rps" -v b="$NGINX_RPS" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b }')" ;;
    esac
    echo "| $label | $rps | $p50 | $p99 | $ratio ${errors:+($errors)} |"
  done <"$RESULTS"
  echo
  echo "Selfdesk's memory after the runs: RSS $((RSS_KB / 1024)) MB, peak $((PEAK_KB / 1024)) MB."
  echo "Analytics rows: ${ANALYTICS:-unknown}."
} >"$REPORT"
step "Report ($REPORT)"
cat "$REPORT"
