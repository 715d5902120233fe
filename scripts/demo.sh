#!/usr/bin/env bash
# Runs the Java DSL demo in examples/demo against the embedded sandbox (or, with KANTATA_TOKEN set, the
# read-only operations against the real Kantata OX API). Installs the component and the Spring Boot starter first
# (scripts/install.sh; SKIP_INSTALL=1 skips that; MAVEN_OFFLINE=1 runs Maven offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  # the component and the Spring Boot starter, as a user's application takes them
  scripts/install.sh
fi
$MVN -f examples/demo/pom.xml compile exec:java
