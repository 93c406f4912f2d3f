#!/usr/bin/env bash
# A two-node Selfdesk cluster on this machine, as it runs on several
# servers: one PostgreSQL, an S3-compatible store (moto's server, PyPI),
# two Selfdesk nodes and nginx balancing them, and a support mailbox both
# nodes read (Debian's dovecot), all on loopback.
#
#   scripts/cluster.sh up [--no-build]     start, print the addresses, wait for Ctrl-C
#   scripts/cluster.sh start [--no-build]  start in the background (for the tests)
#   scripts/cluster.sh stop
#   scripts/cluster.sh kill-node a|b       kill -9, as a crash would
#   scripts/cluster.sh start-node a|b
#   scripts/cluster.sh restart-postgres
#   scripts/cluster.sh import DIR          import a tree of articles into the cluster
#   scripts/cluster.sh deliver FILE        deliver an email to the support mailbox
#
# Everything lives in $SELFDESK_CLUSTER_DIR (default target/cluster); its
# `cluster.env` names the addresses, process ids and demo tokens. Outgoing
# mail goes to a slow SMTP sink whose messages land in mail/.
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

DIR="${SELFDESK_CLUSTER_DIR:-$ROOT/target/cluster}"
# The test command's build when it runs the cluster tests, else the release one.
SELFDESK="${SELFDESK_BIN:-$ROOT/target/release/selfdesk}"
MOTO_VERSION="5.2.5"
BUCKET="selfdesk"
DEMO_PASSWORD="${SELFDESK_DEMO_PASSWORD:-cluster demo passphrase}"

ensure_moto() {
  local venv="$ROOT/target/moto"
  local installed
  installed="$("$venv/bin/pip" show moto 2>/dev/null | sed -n 's/^Version: //p' || true)"
  [ "$installed" = "$MOTO_VERSION" ] && return 0
  step "Installing moto $MOTO_VERSION, an S3-compatible server (PyPI)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

# Waits until URL answers 200, or fails after SECONDS.
wait_for() {
  local url="$1" seconds="${2:-30}"
  for _ in $(seq $((seconds * 5))); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.2
  done
  echo "no answer from $url after $seconds s" >&2
  return 1
}

# As the postgres user when root (PostgreSQL refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start_pg() {
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
    "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

IMAP_USER="support"
IMAP_PASSWORD="cluster-imap-secret"

# dovecot serving one mailbox from its own folder in /tmp (as root, its
# processes run as nobody, who must reach the mail).
start_dovecot() {
  local user group
  if [ "$(id -u)" -eq 0 ]; then user=nobody group=nogroup; else user="$(id -un)" group="$(id -gn)"; fi
  mkdir -p "$MAIL_DIR/mail"
  chmod 755 "$MAIL_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown nobody:nogroup "$MAIL_DIR/mail"; fi
  cat >"$MAIL_DIR/dovecot.conf" <<EOF
base_dir = $MAIL_DIR/run
state_dir = $MAIL_DIR/state
log_path = $MAIL_DIR/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
mail_location = maildir:$MAIL_DIR/mail/%u
default_login_user = $user
default_internal_user = $user
default_internal_group = $group
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
passdb {
  driver = static
  args = password=$IMAP_PASSWORD
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$MAIL_DIR/mail/%u
}
EOF
  setsid /usr/sbin/dovecot -F -c "$MAIL_DIR/dovecot.conf" >"$DIR/dovecot.out" 2>&1 &
  echo $! >"$DIR/dovecot.pid"
  for _ in $(seq 50); do
    curl -s -o /dev/null "imap://127.0.0.1:$IMAP_PORT/" -u "$IMAP_USER:$IMAP_PASSWORD" && break
    sleep 0.2
  done
  curl -sf -o /dev/null "imap://127.0.0.1:$IMAP_PORT/" -u "$IMAP_USER:$IMAP_PASSWORD" -X "CREATE Processed"
}

# What every node and command of the cluster shares.
shared_env() {
  export DATABASE_URL="postgres://selfdesk@127.0.0.1:$PG_PORT/postgres"
  export SELFDESK_STORAGE_URL="s3://$BUCKET/cluster"
  export AWS_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1
  export AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster-secret
  export SELFDESK_PUBLIC_URL="http://127.0.0.1:$LB_PORT"
  export SELFDESK_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  export SELFDESK_IMAP_URL="imap://$IMAP_USER:$IMAP_PASSWORD@127.0.0.1:$IMAP_PORT/INBOX"
  export SELFDESK_IMAP_PROCESSED_FOLDER=Processed
  # The cluster's mailbox is fed by `deliver`, standing for a receiving
  # mail server that stamps its DMARC verdict with this id.
  export SELFDESK_MAIL_TRUSTED_AUTHSERV_ID=mx.cluster.test
  export SELFDESK_TRUST_FORWARDED_FOR=true SELFDESK_LOG="${SELFDESK_LOG:-warn}"
  # Short, so the tests see a job taken over without waiting a minute.
  export SELFDESK_JOB_LEASE_SECONDS=6 SELFDESK_JOBS_EVERY=1
  # Small enough that the tests send a file past it quickly.
  export SELFDESK_UPLOAD_MAX_MB=20
}

start_node() {
  local name="$1" port
  port="$(node_port "$name")"
  mkdir -p "$DIR/node-$name"
  SELFDESK_DATA_DIR="$DIR/node-$name" setsid "$SELFDESK" serve --addr "127.0.0.1:$port" \
    --site-dir "$ROOT/target/site" >>"$DIR/node-$name.log" 2>&1 &
  echo $! >"$DIR/node-$name.pid"
  wait_for "http://127.0.0.1:$port/readyz" 60
}

node_port() { if [ "$1" = a ]; then echo "$NODE_A_PORT"; else echo "$NODE_B_PORT"; fi; }

write_nginx_conf() {
  cat >"$DIR/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-tmp/body;
  proxy_temp_path $DIR/nginx-tmp/proxy;
  upstream selfdesk {
    server 127.0.0.1:$NODE_A_PORT max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$NODE_B_PORT max_fails=1 fail_timeout=5s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    # Uploads stream through to a node, whatever their size.
    client_max_body_size 0;
    proxy_request_buffering off;
    # Nor are answers spilled to temporary files (the workers may not
    # write in \$DIR): past the memory buffers, they stream.
    proxy_max_temp_file_size 0;
    location / {
      proxy_pass http://selfdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # A node that is down: the request goes to the other one.
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
EOF
}

start() {
  [ "${1:-}" = --no-build ] || { ensure_build_tools; build_release; }
  ensure_apt_packages postgresql nginx-light curl dovecot-imapd
  ensure_moto
  [ -f "$DIR/cluster.env" ] && stop
  rm -rf "$DIR"
  mkdir -p "$DIR/mail"
  # Its own folder in /tmp: the postgres user may not enter $DIR's parents.
  PG_DIR="$(mktemp -d /tmp/selfdesk-cluster-pg.XXXXXX)"
  PG_PORT="$(free_port)" S3_PORT="$(free_port)" SMTP_PORT="$(free_port)" IMAP_PORT="$(free_port)"
  MAIL_DIR="$(mktemp -d /tmp/selfdesk-cluster-mail.XXXXXX)"
  NODE_A_PORT="$(free_port)" NODE_B_PORT="$(free_port)" LB_PORT="$(free_port)"

  step "PostgreSQL on port $PG_PORT"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
  as_postgres "$(pg_bin)/initdb" -D "$PG_DIR/data" -U selfdesk --auth=trust -E UTF8 >/dev/null
  start_pg

  step "S3-compatible store (moto) on port $S3_PORT, bucket $BUCKET"
  setsid "$ROOT/target/moto/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$DIR/moto.log" 2>&1 &
  echo $! >"$DIR/moto.pid"
  wait_for "http://127.0.0.1:$S3_PORT/moto-api/" 30
  curl -sf -X PUT "http://127.0.0.1:$S3_PORT/$BUCKET" >/dev/null

  step "The support mailbox (dovecot) on port $IMAP_PORT"
  start_dovecot

  setsid python3 "$ROOT/scripts/lib/smtp_sink.py" "$SMTP_PORT" "$DIR/mail" 0.5 >"$DIR/smtp.log" 2>&1 &
  echo $! >"$DIR/smtp.pid"

  shared_env
  step "The knowledge base and the demo accounts (once, for both nodes)"
  SELFDESK_DATA_DIR="$DIR/setup" "$SELFDESK" import "$ROOT/articles" | grep '^Imported'
  SELFDESK_DATA_DIR="$DIR/setup" "$SELFDESK" demo-seed --password "$DEMO_PASSWORD" >/dev/null
  token() {
    SELFDESK_DATA_DIR="$DIR/setup" "$SELFDESK" user token --email "$1" | grep -o 'sdk_[A-Za-z0-9_-]*'
  }

  step "Two nodes on ports $NODE_A_PORT and $NODE_B_PORT"
  start_node a
  start_node b

  step "nginx balancing them on port $LB_PORT"
  write_nginx_conf
  mkdir -p "$DIR/nginx-tmp"
  setsid nginx -p "$DIR" -e "$DIR/nginx-error.log" -c "$DIR/nginx.conf" >"$DIR/nginx.log" 2>&1 &
  echo $! >"$DIR/nginx-master.pid"
  wait_for "http://127.0.0.1:$LB_PORT/readyz" 10

  cat >"$DIR/cluster.env" <<EOF
CLUSTER_DIR=$DIR
LB_URL=http://127.0.0.1:$LB_PORT
NODE_A_URL=http://127.0.0.1:$NODE_A_PORT
NODE_B_URL=http://127.0.0.1:$NODE_B_PORT
S3_URL=http://127.0.0.1:$S3_PORT/$BUCKET
DATABASE_URL=$DATABASE_URL
PG_PORT=$PG_PORT
PG_DIR=$PG_DIR
IMAP_PORT=$IMAP_PORT
MAIL_DIR=$MAIL_DIR
S3_PORT=$S3_PORT
SMTP_PORT=$SMTP_PORT
NODE_A_PORT=$NODE_A_PORT
NODE_B_PORT=$NODE_B_PORT
LB_PORT=$LB_PORT
DEMO_PASSWORD='$DEMO_PASSWORD'
CUSTOMER_TOKEN=$(token customer@acme.example)
ENGINEER_TOKEN=$(token l1@selfdesk.example)
EOF
  echo "The cluster is up: http://127.0.0.1:$LB_PORT (nodes :$NODE_A_PORT and :$NODE_B_PORT)"
}

load_env() {
  [ -f "$DIR/cluster.env" ] || { echo "no cluster in $DIR: run $0 start" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$DIR/cluster.env"
}

kill_pid_file() {
  local file="$1" signal="${2:-TERM}"
  [ -f "$file" ] || return 0
  kill "-$signal" "$(cat "$file")" 2>/dev/null || true
  rm -f "$file"
}

stop() {
  load_env
  for process in node-a node-b nginx-master moto smtp dovecot; do kill_pid_file "$DIR/$process.pid"; done
  rm -rf "$MAIL_DIR"
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  rm -f "$DIR/cluster.env"
}

case "${1:-}" in
  up)
    start "${2:-}"
    trap stop EXIT
    echo "Ctrl-C stops it."
    while sleep 3600; do :; done
    ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  kill-node)
    load_env
    kill_pid_file "$DIR/node-$2.pid" KILL
    ;;
  start-node)
    load_env
    shared_env
    start_node "$2"
    ;;
  import)
    load_env
    shared_env
    SELFDESK_DATA_DIR="$DIR/setup" "$SELFDESK" import "$2"
    ;;
  deliver)
    load_env
    # Unseen, as a mail server delivers it (curl's APPEND would mark it seen).
    python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD" "$2" <<'EOF'
import imaplib, pathlib, sys
port, user, password, file = sys.argv[1:]
imap = imaplib.IMAP4("127.0.0.1", int(port))
imap.login(user, password)
status, _ = imap.append("INBOX", None, None, pathlib.Path(file).read_bytes())
imap.logout()
sys.exit(0 if status == "OK" else 1)
EOF
    ;;
  restart-postgres)
    load_env
    as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null
    start_pg
    ;;
  *)
    sed -n '2,18p' "$0" >&2
    exit 2
    ;;
esac
