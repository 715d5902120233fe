#!/usr/bin/env bash
# Runs the whole test suite, as CI does:
#   1. the Maven build with every unit and integration test on Camel 4.22 (mvn install: the later stages resolve the
#      jar from the local repository, as users do), with a throwaway PostgreSQL (installed from Debian's packages
#      if missing) for the JDBC state-repository and cluster tests; among them ZooKeeperClusterTest (issue 21, about 2-3
#      minutes: three node JVMs on a real ZooKeeper from curator-test, camel-zookeeper 4.22.1 fetched alone by the pom);
#   2. the user projects: Camel 4.14.0 and 4.18.0, with and without the Camel BOM (src/it/user-projects/run.sh);
#   3. the Spring Boot starter on Boot 3.5.7 and Boot 4.0.7 (scripts/spring-boot-starter.sh);
#   4. the same tests as 1 on Camel 4.14.0 and 4.18.0 (ZooKeeperClusterTest on 4.18.0 only, with master: and camel-zookeeper
#      4.18.0, whose CAMEL-24457 the consumer's own guard must stop), the OSGi proof in Felix and the Kamelet tests
#      (scripts/test-matrix.sh);
#   5. the Spring Boot example's test;
#   6. a smoke pass of the benchmark harness;
#   7. every other example's one-line command, run and checked for its output (scripts/examples.sh);
#   8. Apache Karaf 4.4.10 (scripts/karaf-test.sh): the features file resolved and installed, the example's route
#      bundle against the sandbox, bundle update/restart without leaks or re-emission, feature:uninstall; Camel from
#      a test-only stand-in for camel-karaf (Camel's own jars wrapped), with this tree's jar as the component bundle;
#   9. the Camel Quarkus extension (scripts/quarkus-test.sh): native registrations asserted, a @QuarkusTest in JVM
#      mode, a quarkus:dev smoke run with two hot reloads (Maven 3.9.16), the example run twice on one state file;
#  10. Kaoto: the catalog library in Kaoto's own UI library, in headless Chromium (scripts/kaoto-test.sh; skipped with
#      a message only when Chromium cannot be installed).
# What each stage proves and stands in for: docs/CONTRIBUTING.md and docs/PLATFORMS.md.
# QUICK=1 stops after step 1 (and installs the starter without its tests). MAVEN_OFFLINE=1 runs Maven offline once ~/.m2 is filled.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B ${MAVEN_OFFLINE:+-o}"

scripts/postgres.sh start
trap 'scripts/postgres.sh stop || true' EXIT
export KANTATA_PG_URL="${KANTATA_PG_URL:-jdbc:postgresql://127.0.0.1:${KANTATA_PG_PORT:-55432}/kantata}"

echo "=== Camel 4.22 (build line): mvn install ==="
$MVN install
if [[ "${QUICK:-}" == "1" ]]; then
  # what a user needs from a clone is installed either way: the starter too (its tests run in the full suite)
  $MVN -q -f spring-boot-starter/pom.xml install -DskipTests
  exit 0
fi

echo "=== user projects: Camel 4.14.0 / 4.18.0, with and without the BOM ==="
src/it/user-projects/run.sh

echo "=== Spring Boot starter: Boot 3.5.7 (camel-spring-boot-bom 4.17.0), Boot 4.0.7 (4.22.0) ==="
SKIP_INSTALL=1 scripts/spring-boot-starter.sh

echo "=== Camel 4.14.0 / 4.18.0, OSGi, Kamelets ==="
SKIP_BUILD_LINE=1 scripts/test-matrix.sh

echo "=== Spring Boot example ==="
SKIP_INSTALL=1 scripts/spring-boot-example.sh

echo "=== benchmark harness smoke pass (numbers mean nothing here) ==="
scripts/bench.sh --smoke

echo "=== examples: demo, sandbox, YAML, Camel Main, Kamelets (scripts/examples.sh) ==="
scripts/examples.sh

echo "=== Apache Karaf 4.4.10 (scripts/karaf-test.sh) ==="
SKIP_INSTALL=1 KANTATA_BUNDLE_JAR="$PWD/target/camel-kantata-users-0.1.0-SNAPSHOT.jar" scripts/karaf-test.sh

echo "=== Camel Quarkus extension: native registrations, JVM mode, dev mode, the example (scripts/quarkus-test.sh) ==="
SKIP_INSTALL=1 scripts/quarkus-test.sh

echo "=== Kaoto: catalog library, palette, canvas and form in headless Chromium (scripts/kaoto-test.sh) ==="
scripts/kaoto-test.sh

echo "=== all test stages passed ==="
