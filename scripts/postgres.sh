#!/usr/bin/env bash
# Starts, stops and describes a throwaway PostgreSQL server for the camel-kantata-users tests.
#
# Usage:
#   scripts/postgres.sh start   install PostgreSQL if needed (apt-get, as root), initdb a fresh
#                               cluster in ${PGDATA_DIR:-/tmp/kantata-pg}, start it on
#                               127.0.0.1:${KANTATA_PG_PORT:-55432} with trust auth and create
#                               database "kantata". Does nothing if a server already answers there.
#   scripts/postgres.sh stop    stop that server (pg_ctl stop -m fast).
#   scripts/postgres.sh env     print KANTATA_PG_URL and KANTATA_PG_USER for the tests, e.g.
#                               set -a; eval "$(scripts/postgres.sh env)"; set +a
#
# The cluster is for tests only: trust authentication, listening on 127.0.0.1 only, fsync off.
set -euo pipefail

PGDATA_DIR="${PGDATA_DIR:-/tmp/kantata-pg}"
PORT="${KANTATA_PG_PORT:-55432}"
HOST=127.0.0.1
DB=kantata
PG_SUPERUSER=postgres
OS_USER=postgres   # server process owner when we are root (postgres refuses to run as root)
START_TIMEOUT="${KANTATA_PG_START_TIMEOUT:-60}"

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  echo "usage: $0 start|stop|env" >&2
  exit 2
}

# Finds the directory holding pg_ctl/initdb/postgres. Prefers the newest /usr/lib/postgresql/*/bin
# (Debian/Ubuntu layout), else whatever is on PATH. Prints nothing if none is found.
find_bindir() {
  local d best=""
  # newest major version first (sort -V handles 9.6 < 10 < 15)
  while IFS= read -r d; do
    if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then best="$d"; break; fi
  done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV)
  if [[ -z "$best" ]] && command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    best="$(dirname "$(command -v pg_ctl)")"
  fi
  echo "$best"
}

install_postgres() {
  [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL server binaries not found and not running as root; install the 'postgresql' package first"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server binaries not found and apt-get is not available; install PostgreSQL manually"
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
}

# Runs a command as the server's OS user: the postgres system user when we are root,
# else the current user.
as_pg() {
  if [[ "$(id -u)" -ne 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$OS_USER" -- "$@"
  else
    su "$OS_USER" -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

ensure_os_user() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  if ! id -u "$OS_USER" >/dev/null 2>&1; then
    log "creating system user $OS_USER"
    useradd -r -m "$OS_USER"
  fi
}

tool() {
  # a client tool from the server bin dir, else from PATH
  if [[ -x "$BINDIR/$1" ]]; then echo "$BINDIR/$1"; else command -v "$1" || die "$1 not found"; fi
}

is_ready() {
  "$(tool pg_isready)" -q -h "$HOST" -p "$PORT" >/dev/null 2>&1
}

ensure_database() {
  local psql
  psql="$(tool psql)"
  if ! "$psql" -h "$HOST" -p "$PORT" -U "$PG_SUPERUSER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" 2>/dev/null | grep -q 1; then
    "$(tool createdb)" -h "$HOST" -p "$PORT" -U "$PG_SUPERUSER" "$DB"
    log "created database $DB"
  fi
}

cmd_start() {
  BINDIR="$(find_bindir)"
  if [[ -z "$BINDIR" ]]; then
    install_postgres
    BINDIR="$(find_bindir)"
    [[ -n "$BINDIR" ]] || die "PostgreSQL installed but pg_ctl/initdb still not found"
  fi
  log "using PostgreSQL binaries in $BINDIR ($("$BINDIR/pg_ctl" --version))"

  if is_ready; then
    log "a server is already accepting connections on $HOST:$PORT; leaving it alone"
    ensure_database || log "WARNING: could not check/create database $DB on the running server"
    return 0
  fi

  ensure_os_user

  # A server from an earlier run may still own the data dir (e.g. started on another port).
  if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
    as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" stop -m fast >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown "$OS_USER": "$PGDATA_DIR"
  fi
  chmod 700 "$PGDATA_DIR"

  log "initdb $PGDATA_DIR"
  as_pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U "$PG_SUPERUSER" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=trust >"$PGDATA_DIR.initdb.log" 2>&1 \
    || { cat "$PGDATA_DIR.initdb.log" >&2; die "initdb failed"; }

  log "starting server on $HOST:$PORT"
  as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t "$START_TIMEOUT" \
    -o "-p $PORT -k $PGDATA_DIR -c listen_addresses=$HOST -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { tail -n 30 "$PGDATA_DIR/server.log" >&2 || true; die "pg_ctl start failed"; }

  local waited=0
  until is_ready; do
    if (( waited >= START_TIMEOUT )); then
      tail -n 30 "$PGDATA_DIR/server.log" >&2 || true
      die "server did not accept connections on $HOST:$PORT within ${START_TIMEOUT}s"
    fi
    sleep 1
    waited=$((waited + 1))
  done

  ensure_database
  log "ready: jdbc:postgresql://$HOST:$PORT/$DB (user $PG_SUPERUSER, no password)"
}

cmd_stop() {
  BINDIR="$(find_bindir)"
  [[ -n "$BINDIR" ]] || die "pg_ctl not found"
  if [[ ! -f "$PGDATA_DIR/postmaster.pid" ]]; then
    log "no server running from $PGDATA_DIR"
    return 0
  fi
  as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" stop -m fast
}

cmd_env() {
  echo "KANTATA_PG_URL=jdbc:postgresql://$HOST:$PORT/$DB"
  echo "KANTATA_PG_USER=$PG_SUPERUSER"
}

[[ $# -eq 1 ]] || usage
case "$1" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *) usage ;;
esac
