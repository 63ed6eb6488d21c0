#!/usr/bin/env bash
# `npm test`: install deps, ensure PostgreSQL and the Temporal binaries, typecheck, lint, run jest.
# No Temporal server is started here: the tests start their own ephemeral servers from
# TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH. Extra arguments go to jest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

ensure_prerequisites
bash "$ROOT/scripts/ensure-chromium.sh"

# The owner role resets and migrates the test database; the service under test runs as aidloop_app.
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://aidloop:aidloop@127.0.0.1:$AIDLOOP_PG_PORT/aidloop_test}"
export TEST_APP_DATABASE_URL="${TEST_APP_DATABASE_URL:-postgres://aidloop_app:aidloop_app@127.0.0.1:$AIDLOOP_PG_PORT/aidloop_test}"

log "tsc --noEmit"
npx tsc --noEmit
log "eslint"
npx eslint .
exec npx jest "$@"
