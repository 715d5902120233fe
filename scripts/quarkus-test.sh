#!/usr/bin/env bash
# CI stage: the Camel Quarkus extension (quarkus/). Builds and installs the runtime and deployment modules, runs
#   - NativeRegistrationsTest (deployment): a real Quarkus build with the extension, asserting every native-image
#     registration (reflection, resources, service files, run-time initialisation) derived from the component jar;
#   - KantataUsersQuarkusTest (integration-test): a @QuarkusTest application in JVM mode running me, get, list and
#     the consumer with a stateFile against the embedded sandbox, asserting what went over the wire;
# then the dev-mode smoke run of examples/quarkus (scripts/quarkus-dev-smoke.sh): hot reloads without leaked threads
# or state-file locks. No native image is built (no GraalVM on our machines).
#   scripts/quarkus-test.sh                 the whole stage
#   scripts/quarkus-test.sh --install-only  only installs the extension into ~/.m2 (to run examples/quarkus)
# MVN_ARGS adds Maven arguments (e.g. MVN_ARGS=-o once everything is downloaded).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export MVN_ARGS="${MVN_ARGS:-}"
read -r -a ARGS <<<"$MVN_ARGS"
T0=$SECONDS
step() { echo "quarkus-test: [$((SECONDS - T0))s] $*"; }

VERSION=0.1.0-SNAPSHOT
REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
if [ ! -f "$REPO/io/github/camelkantata/camel-kantata-users/$VERSION/camel-kantata-users-$VERSION.jar" ]; then
  step "the component is not in $REPO: installing it (tests skipped; the component's own stages test it)"
  mvn -B -q -f "$ROOT/pom.xml" "${ARGS[@]}" install -DskipTests
fi

if [ "${1:-}" = "--install-only" ]; then
  step "installing the extension (tests skipped)"
  mvn -B -q -f "$ROOT/quarkus/pom.xml" "${ARGS[@]}" install -DskipTests
  step "done"
  exit 0
fi

step "building the extension and running its tests (deployment: native registrations; integration-test: JVM mode)"
mkdir -p "$ROOT/quarkus/target"
BUILD_LOG="$ROOT/quarkus/target/build.log"
if ! mvn -B -f "$ROOT/quarkus/pom.xml" "${ARGS[@]}" install >"$BUILD_LOG" 2>&1; then
  grep -E "Tests run:|ERROR|FAIL" "$BUILD_LOG" | head -40 >&2
  echo "quarkus-test: the extension build failed (see $BUILD_LOG)" >&2
  exit 1
fi
grep -E "Tests run:.*Fail" "$BUILD_LOG" | grep -v "^\[INFO\] *$" || true

step "dev-mode smoke run of examples/quarkus"
"$ROOT/scripts/quarkus-dev-smoke.sh"
step "quarkus stage passed"
