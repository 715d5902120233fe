#!/usr/bin/env bash
# One command: build the example and run it (JVM mode) against the embedded sandbox, on http://localhost:8080.
# Needs the extension in ~/.m2 (scripts/quarkus-test.sh --install-only). Java system properties pass through, e.g.
#   examples/quarkus/run.sh -Dquarkus.http.port=8181
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
exec java "$@" -jar target/quarkus-app/quarkus-run.jar
