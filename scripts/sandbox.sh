#!/usr/bin/env bash
# Runs the embedded Kantata sandbox on its own, until Ctrl-C:
#
#   scripts/sandbox.sh          # http://127.0.0.1:8089/api/v1, admin token "sandbox-token"
#   scripts/sandbox.sh 9090     # another port
#
# It prints its base URL and tokens. Point any client at it, e.g.
#   curl -H 'Authorization: Bearer sandbox-token' http://127.0.0.1:8089/api/v1/users/me
# or a Camel app: KANTATA_BASE_URL=http://127.0.0.1:8089/api/v1 KANTATA_TOKEN=sandbox-token ...
# The same, without this script: mvn -q compile exec:java -Dexec.mainClass=io.github.camelkantata.users.sandbox.KantataSandbox -Dexec.args=8089
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
exec $MVN compile exec:java -Dexec.mainClass=io.github.camelkantata.users.sandbox.KantataSandbox -Dexec.args="${1:-8089}"
