# Shared settings for the aidloop scripts. Source it; do not execute it.
# Safe under `set -euo pipefail`. Only sets defaults for variables not already set.
# DATABASE_URL / TEMPORAL_ADDRESS are deliberately NOT exported here: if the caller
# sets them, the scripts use those external servers and start nothing locally.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

export AIDLOOP_PG_PORT="${AIDLOOP_PG_PORT:-54329}"
export AIDLOOP_PG_DIR="${AIDLOOP_PG_DIR:-$ROOT/.data/pg}"
export TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$ROOT/.tools/temporal}"
export TEMPORAL_TEST_SERVER_PATH="${TEMPORAL_TEST_SERVER_PATH:-$ROOT/.tools/temporal-test-server}"
export AIDLOOP_TEMPORAL_PORT="${AIDLOOP_TEMPORAL_PORT:-7233}"
export AIDLOOP_TEMPORAL_UI_PORT="${AIDLOOP_TEMPORAL_UI_PORT:-8233}"
export AIDLOOP_API_PORT="${AIDLOOP_API_PORT:-3000}"

log() { echo "[aidloop] $*" >&2; }

# Install node_modules when missing or stale (lock file newer than npm's own marker).
ensure_node_modules() {
  if [[ ! -f "$ROOT/node_modules/.package-lock.json" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
  fi
}

# What both commands need before anything runs: dependencies, PostgreSQL, the Temporal binaries.
ensure_prerequisites() {
  ensure_node_modules
  bash "$ROOT/scripts/ensure-postgres.sh"
  bash "$ROOT/scripts/ensure-temporal.sh"
}
