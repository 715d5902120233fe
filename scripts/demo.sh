#!/usr/bin/env bash
# Runs the Java DSL demo in examples/demo against the embedded sandbox (or, with KANTATA_TOKEN set, the
# read-only operations against the real Kantata OX API). Builds and installs the component first
# (SKIP_INSTALL=1 skips that; MAVEN_OFFLINE=1 runs Maven offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  $MVN install -DskipTests
fi
$MVN -f examples/demo/pom.xml compile exec:java
