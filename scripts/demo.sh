#!/usr/bin/env bash
# Runs the Java DSL demo in examples/demo against the embedded sandbox (or, with KANTATA_TOKEN set, the
# read-only operations against the real Kantata OX API). Builds and installs the component first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
mvn -q -B -f examples/demo/pom.xml compile exec:java
