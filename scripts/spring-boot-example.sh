#!/usr/bin/env bash
# Installs the component and the Spring Boot starter into the local repository, then runs the Spring Boot example's
# test against the sandbox, after asserting (scripts/check-camel-line.sh) that every Camel module of the app's class
# path is on its camel-spring-boot-bom's line. The example has its own pom (Spring Boot 3.5.7 on camel-spring-boot-bom 4.17.0 alone,
# camel-kantata-users-starter, properties only) and is not part of the main build.
# SKIP_INSTALL=1 uses what is already installed (scripts/test.sh installs both before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B ${MAVEN_OFFLINE:+-o}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  scripts/install.sh
fi
# the app's Camel line is its camel-spring-boot-bom's: every Camel module of its class path must be on it
line=$(sed -n 's:.*<camel-spring-boot.version>\(.*\)</camel-spring-boot.version>.*:\1:p' examples/spring-boot/pom.xml)
scripts/check-camel-line.sh examples/spring-boot "$line"
cd examples/spring-boot
$MVN test
