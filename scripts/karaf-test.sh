#!/usr/bin/env bash
# The Apache Karaf stage: the component in a real Karaf 4.4.10, offline, driven through its shell (bin/client -b).
#
#   scripts/karaf-test.sh              # installs the component from this tree first (tests skipped), then runs
#                                      # Karaf with this tree's jar (target/camel-kantata-users-0.1.0-SNAPSHOT.jar)
#   MAVEN_OFFLINE=1 scripts/karaf-test.sh
#   SKIP_INSTALL=1 scripts/karaf-test.sh   # the jar target/ and ~/.m2 hold already (scripts/test.sh: after stage 1)
#   KANTATA_BUNDLE_JAR=some.jar scripts/karaf-test.sh   # Karaf installs this jar as the component bundle
# Karaf's pax-url-mvn reads the local repository offline; a jar named by KANTATA_BUNDLE_JAR comes first, so the stage
# does not depend on what another clone installed into ~/.m2.
#
# What it proves, in order (each step asserts; logs and shell output end up in target/karaf-test/work/):
#  1. feature:repo-add of the project's own features file (src/main/feature, filtered as the build does) and
#     feature:install camel-kantata-users resolve in Karaf's resolver, the bundle's [4.14,5) Camel imports wired to
#     Camel 4.22 bundles. Camel comes from a test-only stand-in for camel-karaf's features
#     (src/test-karaf/features/camel-standin.xml: Camel's own jars wrapped like camel-karaf does);
#  2. the example's route bundle (examples/karaf), configured by etc/io.github.camelkantata.example.cfg (the token
#     comes from the configuration admin, never from a URI), calls me, get and list against the sandbox and runs
#     the polling consumer with a stateFile: data/log/karaf.log shows the results;
#  3. bundle:update and bundle:restart of the component bundle and of the route bundle: HttpClient's threads stay
#     at the count of one running context (no leaked client), the component's pool threads belong to one
#     CamelContext, and the consumer polls again from its state file without emitting any user again; a user
#     changed in the sandbox afterwards is emitted once;
#  4. feature:uninstall camel-kantata-users: the route stops, the component bundle is gone, no component thread is
#     left, no exception logged.
# Also asserted: every bundle the feature lists is Active, the state file exists, the sandbox refuses a wrong token
# (so the calls' success shows the cfg's token arrived) and the token never appears in karaf.log.
# Karaf is stopped at the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/karaf-lib.sh
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
start=$SECONDS
WORK=$KARAF_STAGE/work
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  echo "--- installing the component from this tree (tests skipped: the component's own stages test it)"
  mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} install -DskipTests
fi
export KANTATA_BUNDLE_JAR=${KANTATA_BUNDLE_JAR:-$PWD/target/camel-kantata-users-0.1.0-SNAPSHOT.jar}
[[ -f "$KANTATA_BUNDLE_JAR" ]] || { echo "FAIL: no component jar at $KANTATA_BUNDLE_JAR (build it first)" >&2; exit 1; }
LOG=$KARAF_HOME/data/log/karaf.log
ROUTE_JAR=$PWD/examples/karaf/target/kantata-users-karaf-example-0.1.0-SNAPSHOT.jar
COMPONENT=io.github.camelkantata.camel-kantata-users
ROUTE=io.github.camelkantata.examples.karaf
# the component's threads: HttpClient 5's I/O reactor and its idle-connection evictor (one fixed set per client), and
# the component's Camel pools (KantataUsers, KantataUsersScheduler; a pool grows with the load, so those are counted
# by the CamelContext that owns them, named in the thread name: "Camel (camel-N) thread #k - KantataUsers")
THREADS='httpclient-dispatch|httpclient-main|idle-connection-evictor|KantataUsers'
CLIENT_THREADS='httpclient-dispatch|httpclient-main|idle-connection-evictor'

cleanup() {
  local rc=$?
  karaf_stop
  sandbox_stop
  if [[ $rc -ne 0 ]]; then
    echo "FAILED (karaf.log: $LOG, shell output: $WORK/)" >&2
  fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

step() {
  echo "--- $* ($((SECONDS - start)) s)"
}

# shell NAME: runs stdin through the Karaf shell, keeps the output in $WORK/NAME.out, fails on a command error
shell() {
  local out=$WORK/$1.out
  karaf_shell > "$out" 2>&1 || true
  if grep -q 'Error executing command' "$out"; then
    cat "$out" >&2
    fail "a Karaf shell command failed ($out)"
  fi
}

count() {
  grep -cE -- "$1" "$LOG" || true
}

# wait_for PATTERN N [SECONDS]: until karaf.log has at least N lines matching PATTERN
wait_for() {
  local pattern=$1 n=$2 timeout=${3:-60} i
  for ((i = 0; i < timeout * 2; i++)); do
    if [[ $(count "$pattern") -ge $n ]]; then
      return 0
    fi
    sleep 0.5
  done
  fail "karaf.log has $(count "$pattern") lines matching '$pattern' after $timeout s, expected $n"
}

# threads NAME: the JVM's threads (shell:threads) into $WORK/threads-NAME.out; sets ALL (the component's threads),
# CLIENT (HttpClient's threads) and CONTEXTS (how many CamelContexts own a KantataUsers pool thread)
threads() {
  local out=$WORK/threads-$1.out
  echo "shell:threads --list" | karaf_shell > "$out" 2>&1 || true
  grep -q 'main' "$out" || fail "shell:threads printed no thread list ($out)"
  ALL=$(grep -cE -- "$THREADS" "$out" || true)
  CLIENT=$(grep -cE -- "$CLIENT_THREADS" "$out" || true)
  CONTEXTS=$(grep -oE 'Camel \(camel-[0-9]+\) thread #[0-9]+ - KantataUsers' "$out" | grep -oE 'camel-[0-9]+' | sort -u | wc -l || true)
}

polls() {
  count 'kantata-users (full|incremental|events) poll: '
}

# a poll summary logged after the last "started" line: the consumer has polled since the context started
wait_for_poll_after_start() {
  local starts
  starts=$(count 'kantata-example: CamelContext kantata-example started')
  local i
  for ((i = 0; i < 120; i++)); do
    if awk -v n="$starts" '/kantata-example: CamelContext kantata-example started/ {s++} s == n && /kantata-users (full|incremental|events) poll: / {found=1} END {exit !found}' "$LOG"; then
      return 0
    fi
    sleep 0.5
  done
  fail "no consumer poll summary after context start #$starts"
}

step "preparing Karaf $KARAF_VERSION, the features files and the route bundle (src/test-karaf/pom.xml)"
# SKIP_PREPARE=1 reuses target/karaf-test from an earlier run (its etc/ is rewritten the same way)
if [[ "${SKIP_PREPARE:-}" == "1" ]]; then
  karaf_fetch_feature_bundles
else
  karaf_prepare
fi
karaf_configure
# the consumer logs a poll that emitted nobody at DEBUG; the stage waits for those summaries after each restart
LOGGING=$KARAF_HOME/etc/org.ops4j.pax.logging.cfg
if ! grep -q '^log4j2.logger.kantataconsumer.name' "$LOGGING"; then
  cat >> "$LOGGING" <<EOF

# every poll summary of the kantata-users consumer (a poll that emitted nobody is a DEBUG line)
log4j2.logger.kantataconsumer.name = io.github.camelkantata.users.consumer.KantataUsersConsumer
log4j2.logger.kantataconsumer.level = DEBUG
EOF
fi
mkdir -p "$WORK"
rm -f "$WORK"/*

step "starting the sandbox on port $SANDBOX_PORT"
sandbox_start "$WORK/sandbox.log"
BASE_URL=$(sed -n 's/^baseUrl: //p' "$WORK/sandbox.log")
TOKEN=$(sed -n 's/^token: //p' "$WORK/sandbox.log")

# the configuration admin PID the route bundle reads; Felix FileInstall loads etc/*.cfg
cat > "$KARAF_HOME/etc/io.github.camelkantata.example.cfg" <<EOF
accessToken = $TOKEN
baseUrl = $BASE_URL
userId = 7
stateFile = $KARAF_HOME/data/kantata-example.state
delay = 1000
EOF

step "starting Karaf (empty data/)"
karaf_start

step "feature:install camel-kantata-users from the project's features file"
shell install <<EOF
feature:repo-add file:$KARAF_STAGE/features/camel-standin.xml
feature:repo-add file:$KARAF_STAGE/features/features.xml
feature:install camel-kantata-users
EOF
shell bundles <<EOF
bundle:list -s -t 0 --no-format
EOF
COMPONENT_ID=$(awk -v bsn="$COMPONENT" '$2 == "Active" && $NF == bsn {print $1}' "$WORK/bundles.out")
[[ -n "$COMPONENT_ID" ]] || fail "the component bundle is not Active ($WORK/bundles.out)"
# every bundle our feature lists is installed and Active (the component, httpcore5-h2, and any third-party bundle
# added to src/main/feature later), found by its location
shell locations <<EOF
bundle:list -l -t 0 --no-format
EOF
while read -r location; do
  awk -v loc="$location" 'index($0, loc) && $2 == "Active" {found=1} END {exit !found}' "$WORK/locations.out" \
    || fail "the feature's bundle $location is not Active ($WORK/locations.out)"
done < <(sed -n '/<feature name="camel-kantata-users"/,/<\/feature>/p' "$KARAF_STAGE/features/features.xml" \
  | grep -oE '<bundle[^>]*>[^<]+</bundle>' | sed -E 's/<[^>]*>//g; s/&amp;/\&/g' | cut -d'$' -f1)
shell wiring <<EOF
package:imports -b $COMPONENT_ID --no-format
EOF
# Active means every mandatory import is wired; these are the ranges it was wired with (the only Camel in the
# container is the stand-in's 4.22.0)
grep -E '^org.apache.camel.spi[[:space:]]+\[4.14.0,5.0.0\)' "$WORK/wiring.out" >/dev/null \
  || fail "org.apache.camel.spi is not imported with [4.14,5) ($WORK/wiring.out)"
grep -E '^org.apache.hc.core5.http2[[:space:]]' "$WORK/wiring.out" >/dev/null \
  || fail "org.apache.hc.core5.http2 is not imported ($WORK/wiring.out)"
awk '$2 == "Active" && $NF == "wrap_org.apache.httpcomponents.core5.httpcore5-h2" {found=1} END {exit !found}' "$WORK/bundles.out" \
  || fail "httpcore5-h2 is not installed ($WORK/bundles.out)"
echo "    resolved and Active, Camel imports [4.14,5) wired to $(grep -c 'wrapped.camel-' "$WORK/bundles.out") Camel 4.22.0 bundles"

step "the route bundle: me, get, list and the consumer (token from etc/io.github.camelkantata.example.cfg)"
shell route-install <<EOF
bundle:install -s file:$ROUTE_JAR
EOF
wait_for 'kantata-example me: user ' 1
wait_for 'kantata-example get: user 7 ' 1
wait_for 'kantata-example list: [0-9]+ users' 1
wait_for_poll_after_start
EMITTED=$(count 'kantata-example change: ')
LISTED=$(grep -oE 'kantata-example list: [0-9]+ users' "$LOG" | head -1 | grep -oE '[0-9]+')
[[ "$EMITTED" -gt 0 && "$EMITTED" == "$LISTED" ]] || fail "the first poll emitted $EMITTED users, list returned $LISTED"
[[ -e "$KARAF_HOME/data/kantata-example.state" ]] || fail "the consumer wrote no state file ($KARAF_HOME/data/kantata-example.state)"
threads first
CLIENT_ONE=$CLIENT
[[ "$CLIENT_ONE" -gt 0 && "$CONTEXTS" == 1 ]] \
  || fail "while the route runs: $CLIENT HttpClient threads, KantataUsers pools of $CONTEXTS contexts ($WORK/threads-first.out)"
# the token reached the component from etc/*.cfg: the sandbox answers only with it (a wrong one gets 401), and the
# calls above succeeded; it never appears in karaf.log
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer not-the-token' "$BASE_URL/users/me") == 401 ]] \
  || fail "the sandbox did not refuse a wrong token"
if grep -q "$TOKEN" "$LOG"; then fail "the access token appears in karaf.log"; fi
echo "    me/get/list logged; the consumer emitted $EMITTED users, state file written; $CLIENT_ONE HttpClient threads"

# after each restart: the context started once more, the consumer polled again (twice after the action, so one
# whole poll ran on what the action left) and emitted nothing, and the component's threads are those of one
# context: HttpClient's as many as before (one client), the pools' owned by one context
POLLS_BEFORE=0
before() {
  POLLS_BEFORE=$(polls)
}
check_restart() {
  local what=$1 starts=$2 tag=$3
  wait_for 'kantata-example: CamelContext kantata-example started' "$starts"
  wait_for_poll_after_start
  wait_for 'kantata-users (full|incremental|events) poll: ' $((POLLS_BEFORE + 2))
  local emitted
  emitted=$(count 'kantata-example change: ')
  [[ "$emitted" == "$EMITTED" ]] || fail "after $what the consumer emitted $((emitted - EMITTED)) users again"
  threads "$tag"
  [[ "$CLIENT" == "$CLIENT_ONE" ]] || fail "after $what: $CLIENT HttpClient threads, $CLIENT_ONE expected ($WORK/threads-$tag.out)"
  [[ "$CONTEXTS" == 1 ]] || fail "after $what: KantataUsers pool threads of $CONTEXTS contexts ($WORK/threads-$tag.out)"
  echo "    $what: $starts context start(s) in all, polled again, no user emitted again, $CLIENT HttpClient threads, pools of 1 context"
}

step "bundle:update / bundle:restart of the component and of the route bundle"
# bundle:update leaves the old revision wired to the route bundle until a refresh, as Karaf's own docs advise
before
shell update-component <<EOF
bundle:update $COMPONENT
bundle:refresh $COMPONENT
EOF
check_restart "bundle:update + bundle:refresh of the component (restarts the route bundle)" 2 update-component
before
shell restart-component <<EOF
bundle:restart $COMPONENT
EOF
# a restarted component bundle (no activator) does not refresh its importers: the route keeps its context
check_restart "bundle:restart of the component" 2 restart-component
before
shell restart-route <<EOF
bundle:restart $ROUTE
EOF
check_restart "bundle:restart of the route bundle" 3 restart-route
before
shell update-route <<EOF
bundle:update $ROUTE
EOF
check_restart "bundle:update of the route bundle" 4 update-route

step "a user changed in the sandbox is emitted once"
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"user":{"headline":"changed while Karaf ran"}}' "$BASE_URL/users/7" > "$WORK/put.json" \
  || fail "PUT /users/7 on the sandbox failed"
wait_for 'kantata-example change: changed user 7$' 1 30
sleep 3
[[ $(count 'kantata-example change: ') == $((EMITTED + 1)) ]] \
  || fail "expected exactly one more change line, got $(( $(count 'kantata-example change: ') - EMITTED ))"
echo "    user 7 emitted once"

step "feature:uninstall camel-kantata-users"
shell uninstall <<EOF
feature:uninstall camel-kantata-users
EOF
wait_for 'kantata-example: CamelContext kantata-example stopped' 4
sleep 2
threads uninstalled
[[ "$ALL" == 0 ]] || fail "$ALL component threads left after feature:uninstall ($WORK/threads-uninstalled.out)"
shell bundles-after <<EOF
bundle:list -s -t 0 --no-format
EOF
if awk -v bsn="$COMPONENT" '$NF == bsn {found=1} END {exit !found}' "$WORK/bundles-after.out"; then
  fail "the component bundle is still installed after feature:uninstall ($WORK/bundles-after.out)"
fi
# The one expected complaint: the route bundle, still installed, cannot resolve once the feature took Camel away
# (Felix logs that as a FrameworkEvent ERROR). Anything else is a failure.
grep -nE 'Exception|\| ERROR ' "$LOG" \
  | grep -vE "[0-9]+ - $ROUTE - [^|]+\| FrameworkEvent ERROR[[:space:]]*$|BundleException: Unable to resolve $ROUTE .*osgi.wiring.package" \
  > "$WORK/exceptions.txt" || true
if [[ -s "$WORK/exceptions.txt" ]]; then
  cat "$WORK/exceptions.txt" >&2
  fail "exceptions or errors in karaf.log"
fi
echo "    the context stopped, the component bundle is gone, no component thread left, no exception or error in"
echo "    karaf.log (but the route bundle's own 'Unable to resolve': it is left installed without Camel)"

step "stopping Karaf"
karaf_stop
echo "=== Karaf stage passed in $((SECONDS - start)) s ==="
