#!/usr/bin/env bash
# Ensure Debian's chromium for the console's browser test (driven by puppeteer-core; no browser download).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

export AIDLOOP_CHROMIUM="${AIDLOOP_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$AIDLOOP_CHROMIUM" ]]; then
  log "installing chromium from apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
log "chromium ready: $("$AIDLOOP_CHROMIUM" --version 2>/dev/null | head -1)"
