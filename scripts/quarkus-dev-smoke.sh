#!/usr/bin/env bash
# Dev-mode smoke run of the Camel Quarkus example: starts `mvn quarkus:dev` on a copy of examples/quarkus, calls it,
# edits the route file twice (each edit is a hot reload on the next request) and checks after each reload that
#   - the new route code runs (routeVersion from /diagnostics),
#   - the consumer started again on the same stateFile (a hold left by the previous generation would make it fail:
#     the stateFile store is held by its consumer through StateFileLock, and a second owner in one JVM is refused),
#   - it polled again and emitted nobody again (its state file survived the reload),
#   - no Camel, HttpClient or kantata thread is left behind (thread counts by name equal after the 1st and 2nd reload),
# then stops dev mode. Needs the extension installed (scripts/quarkus-test.sh does that first).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/quarkus/target/dev-smoke"
APP="$WORK/app"
LOG="$WORK/quarkus-dev.log"
MVN_ARGS=(${MVN_ARGS:-})
DEADLINE_S=${QUARKUS_DEV_DEADLINE_S:-240}

# quarkus:dev needs Maven 3.9 or later; the machines have 3.8.7. Maven itself is on Maven Central
# (org.apache.maven:apache-maven:bin:tar.gz): fetch it with the Maven there is, unpack it under quarkus/target/tools.
MVN=mvn
MAVEN_DEV_VERSION=3.9.16
MAVEN_VERSION_LINE="$(mvn -B -v 2>/dev/null | sed -n 1p)"
if ! grep -Eq "Apache Maven (3\.(9|[1-9][0-9])|[4-9])\." <<<"$MAVEN_VERSION_LINE"; then
  TOOLS="$ROOT/quarkus/target/tools"
  MVN="$TOOLS/apache-maven-$MAVEN_DEV_VERSION/bin/mvn"
  if [ ! -x "$MVN" ]; then
    echo "quarkus-dev-smoke: $MAVEN_VERSION_LINE cannot run quarkus:dev; fetching Maven $MAVEN_DEV_VERSION"
    mkdir -p "$TOOLS"
    mvn -B -q "${MVN_ARGS[@]}" dependency:copy -Dartifact="org.apache.maven:apache-maven:$MAVEN_DEV_VERSION:tar.gz:bin" \
      -DoutputDirectory="$TOOLS" -Dmdep.overWriteReleases=true
    tar -xzf "$TOOLS/apache-maven-$MAVEN_DEV_VERSION-bin.tar.gz" -C "$TOOLS"
  fi
fi

rm -rf "$WORK" && mkdir -p "$APP"
(cd "$ROOT/examples/quarkus" && tar --exclude=./target -cf - .) | (cd "$APP" && tar -xf -)
ROUTES="$APP/src/main/java/io/github/camelkantata/examples/quarkus/KantataRoutes.java"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT=$(free_port); SANDBOX_PORT=$(free_port)
BASE="http://127.0.0.1:$HTTP_PORT"

fail() { echo "quarkus-dev-smoke: FAIL: $*" >&2; echo "--- last lines of $LOG" >&2; tail -n 60 "$LOG" >&2 || true; exit 1; }

# setsid: dev mode runs in its own process group, which stop() ends as a whole (mvn and the forked application JVM)
(cd "$APP" && exec setsid "$MVN" -B "${MVN_ARGS[@]}" quarkus:dev -Ddebug=false -Dquarkus.analytics.disabled=true \
    -Dquarkus.http.port="$HTTP_PORT" -Dkantata.sandbox.port="$SANDBOX_PORT" -Dquarkus.console.enabled=false \
    </dev/null >"$LOG" 2>&1) &
MVN_PID=$!
stop() {
  if kill -0 "$MVN_PID" 2>/dev/null; then
    kill -TERM -- "-$MVN_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$MVN_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$MVN_PID" 2>/dev/null || true
  fi
}
trap stop EXIT

diag() { curl -fsS "$BASE/diagnostics"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
wait_for() { # wait_for DESCRIPTION SECONDS COMMAND...
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$MVN_PID" 2>/dev/null || fail "dev mode exited while waiting for $what"
    [ $SECONDS -lt $end ] || fail "timed out after ${secs}s waiting for $what"
    sleep 1
  done
}
kantata_threads() { # the thread groups a leaked client, pool or consumer would grow
  diag | python3 -c 'import json,sys; t=json.load(sys.stdin)["threads"]; print(json.dumps({k:v for k,v in sorted(t.items()) if any(s in k.lower() for s in ("camel","httpclient","kantata-users","i/o dispatcher","reactor"))}, sort_keys=True))'
}
polled_and_quiet() { # at least 2 polls since this generation started, nothing emitted, consumer started
  local d; d=$(diag)
  [ "$(echo "$d" | field '["consumerStatus"]')" = Started ] && [ "$(echo "$d" | field '["sandboxPolls"]')" -ge 2 ]
}

START=$SECONDS
# camel-quarkus-core declares camel-quarkus-console and camel-quarkus-debug as conditional dev-mode dependencies;
# quarkus:dev fails when the registry does not serve them (ours does not, for any 3.x line tried).
dev_mode_unresolvable() {
  grep -Eq "Failed to resolve artifact org\.apache\.camel\.quarkus:camel-quarkus-(console|debug)" "$LOG"
}
until diag >/dev/null 2>&1; do
  if ! kill -0 "$MVN_PID" 2>/dev/null; then
    if dev_mode_unresolvable; then
      MISSING=$(grep -Eo "org\.apache\.camel\.quarkus:camel-quarkus-(console|debug):jar:[0-9.]+" "$LOG" | sort -u | tr '\n' ' ')
      echo "quarkus-dev-smoke: DEV MODE NOT RUN: quarkus:dev needs ${MISSING}(conditional dev-mode dependencies" \
           "of camel-quarkus-core), which the Maven registry does not serve." >&2
      [ "${QUARKUS_DEV_REQUIRED:-0}" = 1 ] && fail "QUARKUS_DEV_REQUIRED=1"
      trap - EXIT
      exec "$ROOT/scripts/quarkus-example-check.sh"
    fi
    fail "dev mode exited before serving $BASE/diagnostics"
  fi
  [ $((SECONDS - START)) -lt "$DEADLINE_S" ] || fail "timed out after ${DEADLINE_S}s waiting for dev mode"
  sleep 1
done
echo "quarkus-dev-smoke: dev mode up after $((SECONDS - START))s on port $HTTP_PORT (sandbox $SANDBOX_PORT)"

ME=$(curl -fsS "$BASE/users/me"); echo "GET /users/me -> $ME"
[ "$(echo "$ME" | field '["fullName"]')" = "Ada Admin" ] || fail "me: $ME"
U42=$(curl -fsS "$BASE/users/42"); [ "$(echo "$U42" | field '["id"]')" = 42 ] || fail "get 42: $U42"

# the second poll starts after the first one has emitted everything
emitted_all() { [ "$(diag | field '["emitted"]')" -gt 0 ] && [ "$(diag | field '["sandboxPolls"]')" -ge 2 ]; }
wait_for "the consumer to emit the users and poll again" 60 emitted_all
FIRST=$(diag | field '["emitted"]'); echo "generation 1: consumer emitted $FIRST users"

reload() { # reload FROM TO: edit the route file, then a request triggers the hot reload
  sed -i "s/ROUTE_VERSION = \"$1\"/ROUTE_VERSION = \"$2\"/" "$ROUTES"
  grep -q "ROUTE_VERSION = \"$2\"" "$ROUTES" || fail "could not edit $ROUTES"
  local r; r=$(curl -fsS "$BASE/users/me") || fail "the call after editing the route file failed"
  [ "$(echo "$r" | field '["fullName"]')" = "Ada Admin" ] || fail "me after reload: $r"
  [ "$(diag | field '["routeVersion"]')" = "$2" ] || fail "the reload to $2 did not take effect"
  wait_for "the consumer of $2 to start on its state file and poll twice" 60 polled_and_quiet
  local emitted; emitted=$(diag | field '["emitted"]')
  [ "$emitted" = 0 ] || fail "after the reload to $2 the consumer emitted $emitted users again"
  echo "generation $2: consumer Started, polled, emitted nobody again"
}

reload v1 v2
T2=$(kantata_threads); echo "threads after reload 1: $T2"
reload v2 v3
T3=$(kantata_threads); echo "threads after reload 2: $T3"
[ "$T2" = "$T3" ] || fail "threads grew between reloads: $T2 -> $T3"
grep -q "Restarting quarkus due to changes in KantataRoutes" "$LOG" || grep -qi "Live reload" "$LOG" \
  || fail "no hot reload in the log"
if grep -E "OverlappingFileLockException|already in use|state file .* locked" "$LOG"; then
  fail "a state-file lock survived a reload"
fi

stop
trap - EXIT
kill -0 "$MVN_PID" 2>/dev/null && fail "dev mode did not stop"
echo "quarkus-dev-smoke: OK in $((SECONDS - START))s (2 hot reloads, consumer resumed on its state file each time, threads stable)"
