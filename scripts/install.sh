#!/usr/bin/env bash
# Installs into the local Maven repository (~/.m2) everything an application needs from a clone:
#   io.github.camelkantata:camel-kantata-users           the component (the root pom)
#   io.github.camelkantata:camel-kantata-users-starter   the Spring Boot starter (spring-boot-starter/, its own pom,
#                                                         built against the component just installed)
# Tests are skipped: scripts/test.sh runs them. MAVEN_OFFLINE=1 runs Maven offline; MAVEN_REPO_LOCAL=<dir> installs
# into another local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
$MVN install -DskipTests
$MVN -f spring-boot-starter/pom.xml install -DskipTests
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
echo "installed io.github.camelkantata:camel-kantata-users:$version and io.github.camelkantata:camel-kantata-users-starter:$version"
