#!/usr/bin/env bash
# Runs the Karaf example end to end, with one command, from the project root or anywhere:
#
#   examples/karaf/run.sh                 # against the embedded sandbox; stops everything at the end
#   KEEP_RUNNING=1 examples/karaf/run.sh  # leaves Karaf (and the sandbox) running; prints how to reach the shell
#   KANTATA_TOKEN=... examples/karaf/run.sh   # against the real Kantata OX API (reads only: me, get, list, polling)
#
# It unpacks Apache Karaf 4.4.10 from the local Maven repository into target/karaf-test/ (pax-url-mvn offline),
# adds the test-only Camel features (src/test-karaf/features/camel-standin.xml, standing in for camel-karaf's
# apache-camel features) and the component's features file, runs `feature:install camel-kantata-users`, writes
# etc/io.github.camelkantata.example.cfg (the access token, read through Config Admin) and installs the route
# bundle built from this folder. Needs the component in the local repository (mvn install at the project root).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/karaf-lib.sh
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
WORK=$KARAF_STAGE/work
LOG=$KARAF_HOME/data/log/karaf.log

if [[ "${KEEP_RUNNING:-}" != "1" ]]; then
  trap 'karaf_stop; sandbox_stop' EXIT
fi

echo "--- preparing Karaf $KARAF_VERSION and the route bundle"
karaf_prepare
karaf_configure
mkdir -p "$WORK"

if [[ -n "${KANTATA_TOKEN:-}" ]]; then
  TOKEN=$KANTATA_TOKEN
  BASE_URL=${KANTATA_BASE_URL:-}
  USER_ID=${KANTATA_USER_ID:-}
else
  echo "--- starting the sandbox"
  sandbox_start "$WORK/sandbox.log"
  BASE_URL=$(sed -n 's/^baseUrl: //p' "$WORK/sandbox.log")
  TOKEN=$(sed -n 's/^token: //p' "$WORK/sandbox.log")
  USER_ID=7
fi

# The token goes to Config Admin (PID io.github.camelkantata.example), never into a route URI
{
  echo "accessToken = $TOKEN"
  [[ -n "$BASE_URL" ]] && echo "baseUrl = $BASE_URL"
  [[ -n "$USER_ID" ]] && echo "userId = $USER_ID"
  echo "stateFile = $KARAF_HOME/data/kantata-example.state"
  echo "delay = 5000"
} > "$KARAF_HOME/etc/io.github.camelkantata.example.cfg"

echo "--- starting Karaf"
karaf_start
karaf_shell <<SHELL
feature:repo-add file:$KARAF_STAGE/features/camel-standin.xml
feature:repo-add file:$KARAF_STAGE/features/features.xml
feature:install camel-kantata-users
bundle:install -s file:$PWD/examples/karaf/target/kantata-users-karaf-example-0.1.0-SNAPSHOT.jar
SHELL

echo "--- karaf.log (the route's lines)"
for i in $(seq 1 120); do
  grep -q 'kantata-users \(full\|incremental\) poll: ' "$LOG" 2>/dev/null && break
  sleep 1
done
grep -E 'kantata-example (me|get|list):|kantata-users (full|incremental) poll: ' "$LOG" | sed 's/^.*| //'
echo "    ... and $(grep -c 'kantata-example change: ' "$LOG") 'kantata-example change:' lines, one per user emitted"

if [[ "${KEEP_RUNNING:-}" == "1" ]]; then
  echo "Karaf keeps running: $KARAF_HOME/bin/client -u karaf -p karaf -a $KARAF_SSH_PORT   (stop: $KARAF_HOME/bin/stop)"
  [[ -n "$SANDBOX_PID" ]] && echo "the sandbox keeps running: kill $SANDBOX_PID"
fi
