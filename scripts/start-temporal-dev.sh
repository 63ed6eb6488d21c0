#!/usr/bin/env bash
# Ensure a Temporal dev server (CLI `server start-dev`, SQLite file in .data) serves
# 127.0.0.1:$AIDLOOP_TEMPORAL_PORT. Reuses one already listening; skipped when TEMPORAL_ADDRESS is set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [[ -n "${TEMPORAL_ADDRESS:-}" ]]; then
  log "TEMPORAL_ADDRESS is set: using that Temporal server, starting none"
  exit 0
fi

ADDR="127.0.0.1:$AIDLOOP_TEMPORAL_PORT"
DATA="$ROOT/.data"
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$AIDLOOP_TEMPORAL_PORT") 2>/dev/null; }
healthy() { "$TEMPORAL_CLI_PATH" operator cluster health --address "$ADDR" 2>/dev/null | grep -q SERVING; }

if ! listening; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || bash "$ROOT/scripts/ensure-temporal.sh"
  mkdir -p "$DATA"
  log "starting Temporal dev server on $ADDR (UI port $AIDLOOP_TEMPORAL_UI_PORT, log .data/temporal.log)"
  # setsid + nohup: the server outlives this script and the terminal that started it.
  nohup setsid "$TEMPORAL_CLI_PATH" server start-dev --db-filename "$DATA/temporal.db" \
    --ip 127.0.0.1 --port "$AIDLOOP_TEMPORAL_PORT" --ui-port "$AIDLOOP_TEMPORAL_UI_PORT" \
    --log-level warn >"$DATA/temporal.log" 2>&1 </dev/null &
  echo $! >"$DATA/temporal.pid"
fi

ready=false
for _ in $(seq 120); do
  healthy && { log "Temporal ready on $ADDR"; ready=true; break; }
  sleep 0.5
done
if ! $ready; then
  log "Temporal did not become healthy on $ADDR within 60 s; see .data/temporal.log"
  tail -20 "$DATA/temporal.log" >&2 || true
  exit 1
fi

# aidloop's own namespace, with a stated retention: Temporal deletes a closed run's history
# this long after it closed; the hourly audit-maintenance schedule archives it in PostgreSQL
# long before (activities/archive.ts). Created once, its retention brought to this value each start.
NS="${TEMPORAL_NAMESPACE:-aidloop}"
RETENTION="${AIDLOOP_TEMPORAL_RETENTION:-30d}"
if "$TEMPORAL_CLI_PATH" operator namespace describe --namespace "$NS" --address "$ADDR" >/dev/null 2>&1; then
  "$TEMPORAL_CLI_PATH" operator namespace update --namespace "$NS" --retention "$RETENTION" --address "$ADDR" >/dev/null
else
  "$TEMPORAL_CLI_PATH" operator namespace create --namespace "$NS" --retention "$RETENTION" --address "$ADDR" >/dev/null
fi
log "namespace $NS: retention $RETENTION"

# The search attributes the Temporal UI filters subjects by (county, township, subject type, state,
# overdue); every workflow upserts them, so they must exist before a worker runs. A namespace just
# created (or a dev server just restarted on its file) may take a while to accept them, and has been
# seen answering "already exists" for one it does not list yet: retried until listed, for up to 3 minutes.
registered() { "$TEMPORAL_CLI_PATH" operator search-attribute list --address "$ADDR" --namespace "$NS" 2>/dev/null | grep -qw "$1"; }
for attr in AidloopCounty=Keyword AidloopTownship=Keyword AidloopSubjectType=Keyword AidloopState=Keyword AidloopOverdue=Bool; do
  deadline=$((SECONDS + 180)) error=""
  until registered "${attr%=*}"; do
    [ "$SECONDS" -lt "$deadline" ] || { log "search attribute ${attr%=*} could not be registered in $NS: $error"; exit 1; }
    error=$("$TEMPORAL_CLI_PATH" operator search-attribute create --address "$ADDR" --namespace "$NS" \
      --name "${attr%=*}" --type "${attr#*=}" 2>&1 >/dev/null) || sleep 1
  done
done
log "search attributes registered in $NS"
