#!/usr/bin/env bash
# CI stage: the Camel Quarkus extension (quarkus/). Builds and installs the runtime and deployment modules, runs
#   - NativeRegistrationsTest (deployment): a real Quarkus build with the extension, asserting every native-image
#     registration (reflection, resources, service files, run-time initialisation) derived from the component jar;
#   - KantataUsersQuarkusTest (integration-test): a @QuarkusTest application in JVM mode running me, get, list and
#     the consumer with a stateFile against the embedded sandbox, asserting what went over the wire;
# then the dev-mode smoke run of examples/quarkus (scripts/quarkus-dev-smoke.sh): mvn quarkus:dev, a call, two hot
# reloads without leaked threads or state-file locks; and the example packaged and run twice as two processes on one
# state file (scripts/quarkus-example-check.sh): the second run emits nobody again. JVM mode only: no native image is
# built (no GraalVM on our machines).
#   scripts/quarkus-test.sh                 the whole stage
#   scripts/quarkus-test.sh --install-only  only installs the component and the extension into ~/.m2 (to run examples/quarkus)
# The component is installed from this tree first (tests skipped: the component's own stages test it), so the stage
# does not use whatever another clone installed; SKIP_INSTALL=1 skips that (scripts/test.sh has just installed it).
# MVN_ARGS adds Maven arguments (default -o when MAVEN_OFFLINE=1).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export MVN_ARGS="${MVN_ARGS:-${MAVEN_OFFLINE:+-o}}"
read -r -a ARGS <<<"$MVN_ARGS"
T0=$SECONDS
step() { echo "quarkus-test: [$((SECONDS - T0))s] $*"; }

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  step "installing the component from this tree (tests skipped; the component's own stages test it)"
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
for t in deployment.NativeRegistrationsTest it.KantataUsersQuarkusTest; do
  grep -Eq "Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, .* in io\.github\.camelkantata\.users\.quarkus\.$t\$" "$BUILD_LOG" \
    || { echo "quarkus-test: $t did not run, or not every test of it passed (see $BUILD_LOG)" >&2; exit 1; }
done

step "dev-mode smoke run of examples/quarkus"
"$ROOT/scripts/quarkus-dev-smoke.sh"
step "the example packaged and run twice on one state file"
"$ROOT/scripts/quarkus-example-check.sh"
step "quarkus stage passed"
