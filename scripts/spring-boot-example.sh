#!/usr/bin/env bash
# Builds the component into the local repository, then runs the Spring Boot example's test against the sandbox.
# The example has its own pom (camel-spring-boot-bom 4.17.0, Spring Boot 3.5.7) and is not part of the main build.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B ${MAVEN_OFFLINE:+-o} -q install -DskipTests
cd examples/spring-boot
mvn -B ${MAVEN_OFFLINE:+-o} test
