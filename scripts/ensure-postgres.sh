#!/usr/bin/env bash
# Ensure a local PostgreSQL cluster in $AIDLOOP_PG_DIR listens on 127.0.0.1:$AIDLOOP_PG_PORT
# with role aidloop/aidloop and databases aidloop + aidloop_test. Skipped when DATABASE_URL is set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [[ -n "${DATABASE_URL:-}" ]]; then
  log "DATABASE_URL is set: using that PostgreSQL, starting none"
  exit 0
fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [[ -z "$(pg_bin)" || ! -x "$(pg_bin)/initdb" ]]; then
  log "installing PostgreSQL from apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(pg_bin)

# PostgreSQL refuses to run as root, so as root every server-side command runs as the
# `postgres` user (created by the Debian package); runuser needs no password or PAM session.
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DATA="$ROOT/.data"
# Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep checkouts.
SOCK="$DATA/pgsock"
(( ${#SOCK} > 80 )) && SOCK="/tmp/aidloop-pgsock-$AIDLOOP_PG_PORT"
LOGFILE="$DATA/pg.log"

if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$AIDLOOP_PG_PORT"; then
  mkdir -p "$DATA" "$AIDLOOP_PG_DIR" "$SOCK"
  touch "$LOGFILE"
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$AIDLOOP_PG_DIR" "$SOCK" "$LOGFILE"
    # The postgres user must be able to traverse every parent of the data/socket dirs.
    for d in "$AIDLOOP_PG_DIR" "$SOCK"; do
      d=$(dirname "$d")
      while [[ $d != / ]]; do
        runuser -u postgres -- test -x "$d" || chmod o+x "$d"
        d=$(dirname "$d")
      done
    done
  fi
  if [[ ! -f "$AIDLOOP_PG_DIR/PG_VERSION" ]]; then
    locale=C; locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
    log "initdb $AIDLOOP_PG_DIR (locale $locale)"
    as_pg "$PGBIN/initdb" -D "$AIDLOOP_PG_DIR" --auth=trust --username=postgres \
      --encoding=UTF8 --locale="$locale" >/dev/null
  fi
  as_pg "$PGBIN/pg_ctl" -D "$AIDLOOP_PG_DIR" -l "$LOGFILE" -w -t 60 \
    -o "-p $AIDLOOP_PG_PORT -k $SOCK -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -20 "$LOGFILE" >&2; exit 1; }
fi

# Idempotent role and databases (CREATE DATABASE cannot run inside DO, hence \gexec).
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$AIDLOOP_PG_PORT" -U postgres -d postgres <<'SQL' >/dev/null
SELECT 'CREATE ROLE aidloop LOGIN PASSWORD ''aidloop''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop') \gexec
-- The service's own role: owns nothing, so it can be kept from rewriting the audit log (migration 010).
SELECT 'CREATE ROLE aidloop_app LOGIN PASSWORD ''aidloop_app''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop_app') \gexec
SELECT format('CREATE DATABASE %I OWNER aidloop', d) FROM unnest(ARRAY['aidloop', 'aidloop_test']) AS d
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SQL

log "PostgreSQL ready on 127.0.0.1:$AIDLOOP_PG_PORT (databases aidloop, aidloop_test)"
