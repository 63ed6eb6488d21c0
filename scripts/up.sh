#!/usr/bin/env bash
# `npm start`: install deps, start PostgreSQL + Temporal dev server (unless DATABASE_URL /
# TEMPORAL_ADDRESS point elsewhere), migrate + seed, then run the worker and the API.
# Ctrl-C or SIGTERM stops the worker and the API; PostgreSQL and Temporal keep running.
# A worker or API process that exits is started again (supervise, below).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

ensure_prerequisites
bash scripts/start-temporal-dev.sh

# Migrations run as the owner role; the service runs as aidloop_app, which may not rewrite the audit log.
export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL:-${DATABASE_URL:-postgres://aidloop:aidloop@127.0.0.1:$AIDLOOP_PG_PORT/aidloop}}"
export DATABASE_URL="${DATABASE_URL:-postgres://aidloop_app:aidloop_app@127.0.0.1:$AIDLOOP_PG_PORT/aidloop}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$AIDLOOP_TEMPORAL_PORT}"

# The local tsx bin rather than npx: `npm exec` does not pass SIGTERM on to its children.
TSX="$ROOT/node_modules/.bin/tsx"
"$TSX" db/migrate.ts
"$TSX" db/seed.ts
"$TSX" admin/schedulesCli.ts       # the schedules, reconciled once here rather than by every worker
"$TSX" admin/token.ts --ensure-keys  # development signing keys behind `npm run token` (.data/auth)

# supervise NAME CMD…: runs CMD and starts it again whenever it exits, waiting 1, 2, 4 … 30 s
# (reset after a run of a minute or more), so a crash or an outage that ends a process does not
# end the service. Each child runs in its own process group (set -m), so that `stop` can end the
# whole tree; this shell reacts to signals at once (bash defers traps while a foreground child runs).
supervise() {
  local name=$1; shift
  local delay=1 child started sleeper=
  trap '' INT  # Ctrl-C reaches this shell too: it stops on the TERM that `stop` sends, after its child
  trap 'kill -TERM -- "-$child" $sleeper 2>/dev/null; wait "$child"; exit 0' TERM
  while true; do
    started=$SECONDS
    set -m; "$@" & child=$!; set +m
    wait "$child" && status=0 || status=$?
    (( SECONDS - started >= 60 )) && delay=1
    log "$name exited with status $status; restarting in ${delay}s"
    sleep "$delay" & sleeper=$!; wait "$sleeper" || true; sleeper=
    delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
  done
}

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

supervise worker "$TSX" worker/main.ts & pids+=($!)
supervise api "$TSX" api/server.ts & pids+=($!)

log "API        http://127.0.0.1:$AIDLOOP_API_PORT/api/v1"
log "API docs   http://127.0.0.1:$AIDLOOP_API_PORT/api/v1/docs"
log "Console    http://127.0.0.1:$AIDLOOP_API_PORT/console/"
log "Temporal UI http://127.0.0.1:$AIDLOOP_TEMPORAL_UI_PORT"
log "Ctrl-C stops the API and the worker; either is restarted if it exits"

wait
