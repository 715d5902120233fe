#!/usr/bin/env bash
# Runs one example with Camel Main, in its folder, and prints what it did:
#
#   scripts/run-example.sh yaml          # examples/yaml: every operation, plus the consumer
#   scripts/run-example.sh camel-main    # examples/camel-main: configured only by application.properties
#   scripts/run-example.sh kamelets      # examples/kamelets: the three shipped Kamelets
#
# Without KANTATA_TOKEN the example runs against the embedded sandbox. With KANTATA_TOKEN (and optionally
# KANTATA_BASE_URL, KANTATA_USER_ID) it calls the real API and skips the routes that write unless
# KANTATA_ALLOW_WRITES=true. The example stops by itself after a few idle seconds.
# Installs the component into ~/.m2 first (SKIP_INSTALL=1 skips that); MAVEN_OFFLINE=1 runs Maven offline.
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:?"usage: scripts/run-example.sh yaml|camel-main|kamelets"}
[[ -f "examples/$example/application.properties" ]] || { echo "no example examples/$example" >&2; exit 2; }
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  $MVN install -DskipTests
fi
exec $MVN -f examples/runner/pom.xml compile exec:exec -Dexample="$example"
