#!/usr/bin/env bash
# Installs the component and the Spring Boot starter into the local repository, then runs the Spring Boot example's
# test against the sandbox. The example has its own pom (Spring Boot 3.5.7 on camel-spring-boot-bom 4.17.0 alone,
# camel-kantata-users-starter, properties only) and is not part of the main build.
# SKIP_INSTALL=1 uses what is already installed (scripts/test.sh installs both before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B ${MAVEN_OFFLINE:+-o}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  $MVN -q install -DskipTests
  (cd spring-boot-starter && $MVN -q install -DskipTests)
fi
cd examples/spring-boot
$MVN test
