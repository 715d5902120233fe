#!/usr/bin/env bash
# Dev-mode smoke run of the Camel Quarkus example: starts `mvn quarkus:dev` on a copy of examples/quarkus, calls it,
# edits the route file twice (each edit is a hot reload on the next request) and checks after each reload that
#   - the new route code runs (routeVersion from /diagnostics),
#   - the consumer started again on the same stateFile (a hold left by the previous generation would make it fail:
#     the stateFile store is held by its consumer through StateFileLock, and a second owner in one JVM is refused),
#   - it polled again and emitted nobody again (its state file survived the reload),
#   - no Camel, HttpClient or kantata thread is left behind (thread counts by name equal after the 1st and 2nd reload;
#     the component's worker pool, which grows with the load, by the contexts owning its threads: one),
# then stops dev mode and checks it ended. Needs the extension installed (scripts/quarkus-test.sh does that first).
# Maven 3.9 (quarkus:dev needs it; the machines have 3.8.7) comes from org.apache.maven:apache-maven:3.9.16:tar.gz:bin.
# Dev mode cannot start here with Camel's dev console and debugger (not served): the copy excludes them, see below.
# Exits 1, naming the artifacts, if dev mode cannot resolve its dependencies.
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
# camel-quarkus-core declares camel-quarkus-console and camel-quarkus-debug as conditional dev-mode dependencies
# (Camel's dev console and route debugger). The registry our machines use does not serve them, and quarkus:dev stops
# on them; Quarkus applies the exclusions of the dependency path to conditional dependencies, so the copy excludes
# them from the extension's dependency. Nothing of ours uses them. QUARKUS_DEV_KEEP_CAMEL_DEV=1 keeps them.
if [ "${QUARKUS_DEV_KEEP_CAMEL_DEV:-0}" != 1 ]; then
  python3 - "$APP/pom.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
dep = "<artifactId>camel-quarkus-kantata-users</artifactId>\n      <version>${kantata-users.version}</version>\n"
assert dep in s, "examples/quarkus/pom.xml: the extension's dependency is not where the smoke run expects it"
excl = "".join("        <exclusion><groupId>org.apache.camel.quarkus</groupId><artifactId>%s</artifactId></exclusion>\n" % a
               for a in ("camel-quarkus-console", "camel-quarkus-debug"))
open(p, "w").write(s.replace(dep, dep + "      <exclusions>\n" + excl + "      </exclusions>\n"))
PY
fi
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
kantata_threads() { # the thread groups a leaked client, pool or consumer would grow; the component's worker pool
  # (KantataUsers) grows with the load, so it counts by the contexts owning its threads, which must be one
  diag | python3 -c 'import json,sys
d=json.load(sys.stdin)
t={k:v for k,v in sorted(d["threads"].items()) if any(s in k.lower() for s in ("camel","httpclient","evictor","kantata-users","i/o dispatcher","reactor")) and not k.endswith(" - KantataUsers")}
t["KantataUsers pool owners"]=len(d["kantataPoolOwners"])
print(json.dumps(t, sort_keys=True))'
}
polled_and_quiet() { # at least 2 polls since this generation started, nothing emitted, consumer started
  local d; d=$(diag)
  [ "$(echo "$d" | field '["consumerStatus"]')" = Started ] && [ "$(echo "$d" | field '["sandboxPolls"]')" -ge 2 ]
}

START=$SECONDS
until diag >/dev/null 2>&1; do
  if ! kill -0 "$MVN_PID" 2>/dev/null; then
    # what dev mode could not resolve, by name (e.g. a dev-only artifact the registry does not serve)
    MISSING=$(grep -Eo "(Failed to resolve artifact|Failed to collect dependencies of|Could not find artifact) [^ :]+:[^ :]+(:[^ :]+)*" "$LOG" \
      | awk '{print $NF}' | sort -u | tr '\n' ' ')
    [ -n "$MISSING" ] && fail "dev mode could not resolve: $MISSING"
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
  # Dev mode compares the sources' modification times on each request. An edit it does not see (seen once on a
  # quick machine: the first edit, a few seconds after start, caused no restart) is retried with a fresh mtime, at
  # most 5 times; the route must then run the new code.
  local r attempt
  for attempt in 1 2 3 4 5; do
    r=$(curl -fsS "$BASE/users/me") || fail "the call after editing the route file failed"
    [ "$(echo "$r" | field '["fullName"]')" = "Ada Admin" ] || fail "me after reload: $r"
    [ "$(diag | field '["routeVersion"]')" = "$2" ] && break
    [ "$attempt" = 5 ] && fail "the reload to $2 did not take effect after 5 requests"
    echo "quarkus-dev-smoke: the edit to $2 caused no reload yet; touching $ROUTES again"
    sleep 2; touch "$ROUTES"
  done
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
grep -q '"KantataUsers pool owners": 1[,}]' <<<"$T3" || fail "the component's pool threads belong to more than one context: $T3"
grep -q "Restarting quarkus due to changes in KantataRoutes" "$LOG" || grep -qi "Live reload" "$LOG" \
  || fail "no hot reload in the log"
if grep -E "OverlappingFileLockException|already in use|state file .* locked" "$LOG"; then
  fail "a state-file lock survived a reload"
fi

stop
trap - EXIT
kill -0 "$MVN_PID" 2>/dev/null && fail "dev mode did not stop"
echo "quarkus-dev-smoke: OK in $((SECONDS - START))s (2 hot reloads, consumer resumed on its state file each time, threads stable)"
