#!/usr/bin/env bash
# `npm start`: install deps, start PostgreSQL + Temporal dev server (unless DATABASE_URL /
# TEMPORAL_ADDRESS point elsewhere), migrate + seed, then run the worker and the API.
# Ctrl-C or SIGTERM stops the worker and the API; PostgreSQL and Temporal keep running.
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

# Both run in the background, each in its own process group (set -m), so that this shell
# reacts to signals at once (bash defers traps while a foreground child runs) and can stop
# each whole process tree.
pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set -m
"$TSX" worker/main.ts & pids+=($!)
"$TSX" api/server.ts & pids+=($!)
set +m

log "API        http://127.0.0.1:$AIDLOOP_API_PORT/api/v1"
log "API docs   http://127.0.0.1:$AIDLOOP_API_PORT/api/v1/docs"
log "Temporal UI http://127.0.0.1:$AIDLOOP_TEMPORAL_UI_PORT"
log "Ctrl-C stops the API and the worker"

# Exit (and so stop the other) as soon as either process exits.
status=0; wait -n || status=$?
exit "$status"
