#!/usr/bin/env bash
# Runs the test suite against every Camel line the component supports.
#
#   scripts/test-matrix.sh            # 4.22 (build line), 4.14.0, 4.18.0, the OSGi proof, the Kamelet tests on 4.18.0
#   TESTS='Kantata*Route*' scripts/test-matrix.sh   # restrict to a -Dtest pattern
#   VERSIONS="4.14.0" scripts/test-matrix.sh
#
# The main classes are compiled once, on the build line (camel.build.version in pom.xml), exactly as
# the released jar is; the older lines then run the tests against that bytecode (profile camel-compat,
# activated by -Dcamel.version). Before each run the handwritten sources are compile-checked with
# javac against that line, to prove the code only uses API that exists there. The generated URI
# factory is left out of that check: it is written by the 4.22 generator for 4.22's SPI (see the
# camel-compat profile in pom.xml).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSIONS=${VERSIONS:-"4.14.0 4.18.0"}
# Online by default (a fresh machine has an empty ~/.m2); MAVEN_OFFLINE=1 adds -o for repeated local runs.
MVN="mvn -B ${MAVEN_OFFLINE:+-o}"
TEST_ARGS=()
if [[ -n "${TESTS:-}" ]]; then TEST_ARGS=(-Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false); fi

if [[ "${SKIP_BUILD_LINE:-}" != "1" ]]; then
  echo "=== build line (default camel.version) ==="
  $MVN test "${TEST_ARGS[@]}"
fi

# HttpClient 5 and Jackson 2 at the versions each Camel line ships (camel-parent's httpclient-version and
# jackson2-version): the component declares them directly at the build line's versions, and a user's dependency
# management (Spring Boot's, or a Camel platform BOM) may bring the older ones.
lib_versions() {
  case "$1" in
    4.14.*) echo "-Dhttpclient5.version=5.4.4 -Djackson2.version=2.19.2" ;;
    4.18.*) echo "-Dhttpclient5.version=5.5.1 -Djackson2.version=2.19.4" ;;
    *) echo "" ;;
  esac
}

for v in $VERSIONS; do
  LIBS=$(lib_versions "$v")
  echo "=== compile check of src/main against Camel $v ${LIBS:+($LIBS)} ==="
  cp_file=$(mktemp)
  out=$(mktemp -d)
  $MVN -q dependency:build-classpath -Dcamel.version="$v" $LIBS -Dmdep.includeScope=compile -Dmdep.outputFile="$cp_file" >/dev/null
  javac -nowarn -proc:none --release 17 -d "$out" -cp "$(cat "$cp_file")" \
    $(find src/main/java src/generated/java -name '*.java' | grep -v 'EndpointUriFactory.java$')
  echo "compiles against Camel $v"
  rm -rf "$cp_file" "$out"

  echo "=== tests on Camel $v ==="
  $MVN test -Dcamel.version="$v" $LIBS "${TEST_ARGS[@]}"
done

if [[ "${SKIP_OSGI:-}" != "1" ]]; then
  echo "=== OSGi proof in Apache Felix (profile osgi, Camel 4.22 jars wrapped with bnd) ==="
  $MVN process-classes -q
  $MVN test -Posgi
fi

if [[ "${SKIP_KAMELETS:-}" != "1" ]]; then
  echo "=== Kamelet tests (profile kamelets, Camel 4.18.0: camel-kamelet 4.22.0 is not served here) ==="
  $MVN test -Pkamelets
fi
